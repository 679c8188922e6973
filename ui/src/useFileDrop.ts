import { onBeforeUnmount, onMounted, ref, type Ref } from "vue";
import { getCurrentWebview } from "@tauri-apps/api/webview";

/**
 * Files dropped on the window while `active` (a dialog open): `onDrop` gets their paths on this
 * computer (the webview gives paths, not contents; the backend reads the files). `over` is true
 * while files are dragged over the window, for a drop hint.
 */
export function useFileDrop(active: Ref<boolean>, onDrop: (paths: string[]) => void) {
  const over = ref(false);
  let unlisten: (() => void) | null = null;
  let gone = false;
  onMounted(async () => {
    try {
      const stop = await getCurrentWebview().onDragDropEvent((event) => {
        if (!active.value) return;
        const drag = event.payload;
        if (drag.type === "enter" || drag.type === "over") over.value = true;
        else if (drag.type === "leave") over.value = false;
        else if (drag.type === "drop") {
          over.value = false;
          if (drag.paths.length > 0) onDrop(drag.paths);
        }
      });
      if (gone) stop();
      else unlisten = stop;
    } catch {
      // not in the app's window (a browser preview): files cannot be dropped, only chosen
    }
  });
  onBeforeUnmount(() => {
    gone = true;
    unlisten?.();
  });
  return { over };
}
