// Rules for what a coordinator types into the account form. The backend checks the same
// rules again; these give the message before the round trip.

import { NAME_MAX_CHARS } from "../bindings/rules";

export { NAME_MAX_CHARS };

export type NameProblem = "required" | "too_long";
export type UrlProblem = "invalid";

/** Characters as a person counts them (a Chinese character or an emoji is one). */
export function charCount(text: string): number {
  return Array.from(text).length;
}

export function checkName(name: string): NameProblem | null {
  const trimmed = name.trim();
  if (trimmed === "") return "required";
  if (charCount(trimmed) > NAME_MAX_CHARS) return "too_long";
  return null;
}

/**
 * An optional web address the office records (rumor URL, rebuttal URL; an account's address
 * is resolved by the core, per platform): empty,
 * or an absolute http(s) URL with a host and no whitespace inside.
 */
export function checkHttpUrl(url: string | null | undefined): UrlProblem | null {
  const trimmed = (url ?? "").trim();
  if (trimmed === "") return null;
  if (!/^https?:\/\//i.test(trimmed) || /\s/.test(trimmed)) return "invalid";
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return "invalid";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "invalid";
  if (parsed.hostname === "") return "invalid";
  return null;
}
