// The one place that listens to the backend's events (api.ts is the one that calls it).
// Outside the desktop shell (vite dev in a browser, unit tests without a mock) there is no
// event bus: subscribing then does nothing. In the shell, the window's capability must grant
// core:event:allow-listen and core:event:allow-unlisten.
import { onBeforeUnmount, onMounted } from "vue";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { PushEvent } from "./bindings/PushEvent";
import type { SweepProgress } from "./bindings/SweepProgress";

/** After a scheduled re-check of a push recorded results. */
export interface PushUpdated {
  push_id: number;
}

export const EVENT_NAMES = {
  sweepProgress: "sweep-progress",
  pushUpdated: "push-updated",
  pushEvent: "push-event",
} as const;

export type Unsubscribe = () => void;

async function subscribe<T>(name: string, handler: (payload: T) => void): Promise<Unsubscribe> {
  try {
    const unlisten: UnlistenFn = await listen<T>(name, (event) => handler(event.payload));
    return unlisten;
  } catch (error) {
    // in the desktop shell this means the window may not listen (capabilities): say so
    if (typeof window !== "undefined" && "__TAURI_INTERNALS__" in window) {
      console.warn(`cannot listen to ${name}:`, error);
    }
    return () => {};
  }
}

export const events = {
  /** Progress of a sweep ("立即检查" and scheduled ones), for the progress bar. */
  onSweepProgress: (handler: (progress: SweepProgress) => void) =>
    subscribe<SweepProgress>(EVENT_NAMES.sweepProgress, handler),
  onPushUpdated: (handler: (update: PushUpdated) => void) => subscribe<PushUpdated>(EVENT_NAMES.pushUpdated, handler),
  /** A tier complete, a deadline missed, a rumor reposted (also a desktop notification). */
  onPushEvent: (handler: (event: PushEvent) => void) => subscribe<PushEvent>(EVENT_NAMES.pushEvent, handler),
};

/**
 * Subscribes while the calling component is mounted. An unmount that comes before the
 * subscription is in place still ends it.
 */
export function useEvent<T>(on: (handler: (payload: T) => void) => Promise<Unsubscribe>, handler: (payload: T) => void) {
  let unsubscribe: Unsubscribe | null = null;
  let gone = false;
  onMounted(async () => {
    const off = await on(handler);
    if (gone) off();
    else unsubscribe = off;
  });
  onBeforeUnmount(() => {
    gone = true;
    unsubscribe?.();
    unsubscribe = null;
  });
}
