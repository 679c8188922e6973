// Test helpers: a fake backend behind a mocked `invoke`, and mounting with the app's plugins.
// Each test file must itself call `vi.mock("@tauri-apps/api/core", ...)` (hoisted by vitest).
import { vi } from "vitest";
import { defineComponent } from "vue";
import { createMemoryHistory, createRouter, type Router } from "vue-router";
import { DOMWrapper, flushPromises, type GlobalMountOptions, type Stubs } from "@vue/test-utils";
import { invoke } from "@tauri-apps/api/core";
import ElementPlus from "element-plus";
import { createAppI18n } from "../src/i18n";
import type { Locale } from "../src/labels";
import type { Account } from "../src/bindings/Account";

export type Handler = (args: Record<string, unknown>) => unknown;

/** Route every `invoke(command, args)` to a handler; unknown commands reject like the backend. */
export function mockBackend(handlers: Record<string, Handler>) {
  const mocked = vi.mocked(invoke);
  mocked.mockReset();
  mocked.mockImplementation(async (command: string, args?: unknown) => {
    const handler = handlers[command];
    if (!handler) throw { code: "unknown_command", message: `未模拟的命令：${command}` };
    return handler((args ?? {}) as Record<string, unknown>) as never;
  });
  return mocked;
}

/** The calls made to one command, as argument objects. */
export function callsOf(command: string): Record<string, unknown>[] {
  return vi
    .mocked(invoke)
    .mock.calls.filter(([name]) => name === command)
    .map(([, args]) => (args ?? {}) as Record<string, unknown>);
}

export function globalPlugins(locale: Locale = "zh-CN") {
  return { plugins: [ElementPlus, createAppI18n(locale)] };
}

let nextId = 1;
export function account(fields: Partial<Account> & Pick<Account, "name">): Account {
  return {
    id: nextId++,
    platform: "wechat",
    tier: "auxiliary",
    unit: null,
    territory: null,
    watch_url: null,
    source: null,
    source_label: null,
    readability: null,
    contact: null,
    notes: null,
    active: true,
    updated_at: "2025-03-01T08:00:00Z",
    ...fields,
  };
}

/** Wait for timers (debounces) and the promises they start. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The whole document, for finding what Element Plus renders through teleports and
 * fragments (dialogs, messages). Mount with `attachTo: document.body`.
 */
export function page(): DOMWrapper<Element> {
  return new DOMWrapper(document.body);
}

/**
 * A router with the app's routes and empty pages, for mounting one page alone; it
 * records where the page navigates.
 */
export async function testRouter(start = "/cases"): Promise<Router> {
  const blank = defineComponent({ render: () => null });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/dashboard", name: "dashboard", component: blank },
      { path: "/ledger", name: "ledger", component: blank },
      { path: "/statistics", name: "statistics", component: blank },
      { path: "/cases", name: "cases", component: blank },
      { path: "/cases/:id(\\d+)", name: "case", component: blank },
      { path: "/settings/rules", name: "rules", component: blank },
      { path: "/pushes", name: "pushes", component: blank },
      { path: "/pushes/:id(\\d+)", name: "push", component: blank },
      { path: "/settings/push", name: "push-settings", component: blank },
    ],
  });
  await router.push(start);
  await router.isReady();
  return router;
}

/** The options `mount` needs for a page or dialog: the app's plugins, a router, stubs. */
export function appGlobal(router: Router, stubs: Stubs = {}): GlobalMountOptions {
  return { plugins: [...globalPlugins().plugins, router], stubs };
}

/** Lets a freshly mounted component finish loading (its commands and their answers). */
export async function loaded<T>(value: T): Promise<T> {
  await flushPromises();
  await flushPromises();
  return value;
}

/** The element with this data-testid anywhere in the document. */
export function byTestid(testid: string): DOMWrapper<Element> {
  return page().find(`[data-testid="${testid}"]`);
}

/** Clicks the element with this data-testid and lets what it starts settle. */
export async function clickTestid(testid: string): Promise<void> {
  await byTestid(testid).trigger("click");
  await loaded(undefined);
}
