import type { Directive } from "vue";

/**
 * Puts `data-testid` on the native <input> inside a component whose own attributes land
 * on a wrapper (el-select): the end-to-end tests type into that input.
 * Usage: `<el-select v-testid-input="'account-unit'" …>`.
 */
function apply(el: HTMLElement, testid: string | undefined): void {
  if (!testid) return;
  const input = el.querySelector("input, textarea");
  if (input && input.getAttribute("data-testid") !== testid) input.setAttribute("data-testid", testid);
}

export const vTestidInput: Directive<HTMLElement, string> = {
  mounted(el, binding) {
    apply(el, binding.value);
  },
  updated(el, binding) {
    apply(el, binding.value);
  },
};
