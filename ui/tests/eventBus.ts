// A stand-in for @tauri-apps/api/event: `vi.mock("@tauri-apps/api/event", () => import("./eventBus"))`,
// then `emitEvent(name, payload)` plays the backend emitting an event.
import { vi } from "vitest";

type Listener = (event: { payload: unknown }) => void;
const listeners = new Map<string, Listener>();

export const listen = vi.fn(async (name: string, handler: Listener) => {
  listeners.set(name, handler);
  return () => {
    if (listeners.get(name) === handler) listeners.delete(name);
  };
});

export function isListening(name: string): boolean {
  return listeners.has(name);
}

export function emitEvent(name: string, payload: unknown): void {
  const listener = listeners.get(name);
  if (!listener) throw new Error(`nobody listens to ${name}`);
  listener({ payload });
}
