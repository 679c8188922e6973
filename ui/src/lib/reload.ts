/** Starts the UI afresh (after a restore: every page reads the restored database). */
export function reloadApp(): void {
  globalThis.location?.reload();
}
