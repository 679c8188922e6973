// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest";
import { defineComponent, h } from "vue";
import { flushPromises, mount } from "@vue/test-utils";

const listeners = new Map<string, (event: { payload: unknown }) => void>();
const unlisten = vi.fn();
vi.mock("@tauri-apps/api/event", () => ({
  listen: vi.fn(async (name: string, handler: (event: { payload: unknown }) => void) => {
    if (name === "push-event") throw new Error("no event bus");
    listeners.set(name, handler);
    return unlisten;
  }),
}));

import { EVENTS, subscribe, useEvent } from "../src/events";
import type { SweepProgress } from "../src/bindings/SweepProgress";

describe("events", () => {
  it("hands each event's payload to the handler and stops with the component", async () => {
    const seen: SweepProgress[] = [];
    const Host = defineComponent({
      setup() {
        useEvent(EVENTS.sweepProgress, (progress) => seen.push(progress));
        return () => h("div");
      },
    });
    const wrapper = mount(Host);
    await flushPromises();
    listeners.get("sweep-progress")!({ payload: { push_id: 7, done: 3, total: 10, finished: false } });
    expect(seen).toEqual([{ push_id: 7, done: 3, total: 10, finished: false }]);
    wrapper.unmount();
    expect(unlisten).toHaveBeenCalledTimes(1);
  });

  it("does nothing when there is no event bus", async () => {
    const off = await subscribe(EVENTS.pushEvent, () => {});
    expect(() => off()).not.toThrow();
  });
});
