import type { Directive } from "vue";

/**
 * Puts attributes on the rows of an el-table, which has no prop for them: the end-to-end
 * tests find rows by `data-testid` and read `data-*` of the record. Each row must carry a
 * class `row-key-<key>` (see `rowKeyClass`); the binding maps a key to the row's attributes.
 * Usage: `<el-table v-row-attrs="(key) => ({ 'data-testid': 'case-row', … })" …>`.
 */
export type RowAttrs = (key: string) => Record<string, string> | null;

const KEY_CLASS = /(?:^|\s)row-key-(\S+)/;

export function rowKeyClass(key: string | number): string {
  return `row-key-${key}`;
}

function apply(el: HTMLElement, attrs: RowAttrs | undefined): void {
  if (!attrs) return;
  for (const row of el.querySelectorAll<HTMLElement>("tr.el-table__row")) {
    const key = KEY_CLASS.exec(row.className)?.[1];
    if (key === undefined) continue;
    for (const [name, value] of Object.entries(attrs(key) ?? {})) {
      if (row.getAttribute(name) !== value) row.setAttribute(name, value);
    }
  }
}

interface Observed extends HTMLElement {
  __rowAttrs?: { observer: MutationObserver | null; attrs: RowAttrs | undefined };
}

export const vRowAttrs: Directive<Observed, RowAttrs> = {
  mounted(el, binding) {
    const state = { observer: null as MutationObserver | null, attrs: binding.value };
    el.__rowAttrs = state;
    apply(el, state.attrs);
    // the table renders its rows itself (and again after sorting or new data)
    if (typeof MutationObserver !== "undefined") {
      state.observer = new MutationObserver(() => apply(el, state.attrs));
      state.observer.observe(el, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
    }
  },
  updated(el, binding) {
    if (el.__rowAttrs) el.__rowAttrs.attrs = binding.value;
    apply(el, binding.value);
  },
  beforeUnmount(el) {
    el.__rowAttrs?.observer?.disconnect();
    delete el.__rowAttrs;
  },
};
