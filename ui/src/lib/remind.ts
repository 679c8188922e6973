// Reminders (催办): what the cooldown refusal shows.
import { formatDateTime, parseTime } from "./dates";

/**
 * The next allowed time to add to the backend's cooldown message, "YYYY-MM-DD HH:mm", or null
 * when there is none or the message already says it (the backend names the time as HH:mm).
 */
export function cooldownTime(message: string, allowedAt: string | null | undefined): string | null {
  const allowed = parseTime(allowedAt);
  if (!allowed) return null;
  const text = formatDateTime(allowedAt);
  return message.includes(text.slice(11)) ? null : text;
}
