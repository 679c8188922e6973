// The one place that listens to the backend's events. Names and payload types come from
// ui/src/bindings/events.ts, generated from the Rust event table (crates/core/src/events.rs),
// so a name or payload cannot drift from what the shell emits.
// Outside the desktop shell (vite dev in a browser, unit tests without a mock) there is no
// event bus: subscribing then does nothing. In the shell, the window's capability must grant
// core:event:allow-listen and core:event:allow-unlisten.
import { onBeforeUnmount, onMounted } from "vue";
import { listen } from "@tauri-apps/api/event";
import { EVENTS, type EventName, type EventPayloads } from "./bindings/events";

export { EVENTS };
export type Unsubscribe = () => void;

/** Listens to one event until the returned function is called. */
export async function subscribe<N extends EventName>(
  name: N,
  handler: (payload: EventPayloads[N]) => void,
): Promise<Unsubscribe> {
  try {
    return await listen<EventPayloads[N]>(name, (event) => handler(event.payload));
  } catch (error) {
    // in the desktop shell this means the window may not listen (capabilities): say so
    if (typeof window !== "undefined" && "__TAURI_INTERNALS__" in window) {
      console.warn(`cannot listen to ${name}:`, error);
    }
    return () => {};
  }
}

/**
 * Listens while the calling component is mounted. An unmount that comes before the
 * subscription is in place still ends it.
 */
export function useEvent<N extends EventName>(name: N, handler: (payload: EventPayloads[N]) => void) {
  let unsubscribe: Unsubscribe | null = null;
  let gone = false;
  onMounted(async () => {
    const off = await subscribe(name, handler);
    if (gone) off();
    else unsubscribe = off;
  });
  onBeforeUnmount(() => {
    gone = true;
    unsubscribe?.();
    unsubscribe = null;
  });
}
