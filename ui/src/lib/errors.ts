import type { ApiError } from "../bindings/ApiError";

/**
 * What a failed command leaves us: the backend's `{ code, message }` (message already in
 * Chinese), plus the database path when the backend adds one. Thrown by every function of
 * api.ts, so callers can `catch (e)` and show `e.message`.
 */
export class CommandError extends Error implements ApiError {
  readonly code: string;
  readonly path: string | null;

  constructor(code: string, message: string, path: string | null = null) {
    super(message);
    this.name = "CommandError";
    this.code = code;
    this.path = path;
  }
}

export const UNKNOWN_CODE = "unknown";

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * Turn anything a rejected `invoke` may give (an ApiError object, a plain string from a
 * command that returns `Result<T, String>`, an Error from the IPC layer, a JSON string…)
 * into one CommandError. An empty message stays empty: the caller shows its own fallback.
 */
export function normalizeError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  if (typeof error === "string") {
    const text = error.trim();
    if (text.startsWith("{")) {
      try {
        return normalizeError(JSON.parse(text));
      } catch {
        // not JSON: fall through and use the text itself
      }
    }
    return new CommandError(UNKNOWN_CODE, text);
  }
  if (error !== null && typeof error === "object") {
    const record = error as Record<string, unknown>;
    const code = nonEmptyString(record.code) ? record.code : UNKNOWN_CODE;
    const message = typeof record.message === "string" ? record.message : "";
    const details = record.details as Record<string, unknown> | undefined;
    const path = nonEmptyString(record.path)
      ? record.path
      : details && nonEmptyString(details.path)
        ? details.path
        : null;
    return new CommandError(code, message, path);
  }
  return new CommandError(UNKNOWN_CODE, error == null ? "" : String(error));
}

/** The text to show for an error, with a fallback when the backend sent none. */
export function errorText(error: unknown, fallback: string): string {
  const message = normalizeError(error).message.trim();
  return message === "" ? fallback : message;
}
