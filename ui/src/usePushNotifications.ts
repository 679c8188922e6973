import { useRouter } from "vue-router";
import { ElNotification } from "element-plus";
import type { PushEventKind } from "./bindings/PushEventKind";
import { EVENTS, useEvent } from "./events";

const TYPES: Record<PushEventKind, "success" | "warning" | "error"> = {
  tier_complete: "success",
  deadline_missed: "warning",
  rumor_repost: "error",
  source_blocked: "warning",
};

/**
 * Shows the backend's push events (a tier complete, a deadline missed, a rumor reposted,
 * several accounts blocked for one reason) in
 * the window too; the backend raises the desktop notification itself. Title and body are
 * plain text; a click opens the push's board. A rumor repost stays until closed.
 */
export function usePushNotifications() {
  const router = useRouter();
  useEvent(EVENTS.pushEvent, (event) => {
    ElNotification({
      title: event.title,
      message: event.body,
      type: TYPES[event.kind] ?? "info",
      duration: event.kind === "rumor_repost" ? 0 : 8000,
      customClass: "push-notification",
      // below the 56 px header, so its controls (language, 退出演示) stay within reach
      offset: 68,
      onClick: () => router.push({ name: "push", params: { id: String(event.push_id) } }),
    });
  });
}
