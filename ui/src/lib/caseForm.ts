// The intake form (登记谣言) and the rebuttal form (辟谣信息): their models, the rules the
// coordinator sees before saving, and what the backend receives. The backend checks again.
import type { CaseInput } from "../bindings/CaseInput";
import type { CaseSource } from "../bindings/CaseSource";
import type { PageText } from "../bindings/PageText";
import type { Rebuttal } from "../bindings/Rebuttal";
import type { RebuttalInput } from "../bindings/RebuttalInput";
import { isReportSource } from "./caseWorkflow";
import { toPickerValue } from "./dates";
import { charCount, checkHttpUrl } from "./validation";
import { TITLE_MAX_CHARS } from "../bindings/rules";

export { TITLE_MAX_CHARS };

/** Text that is given but only spaces is no text. */
export function textOrNull(value: string | null | undefined): string | null {
  const trimmed = (value ?? "").trim();
  return trimmed === "" ? null : trimmed;
}

export type TitleProblem = "required" | "too_long";

export function checkTitle(title: string | null | undefined): TitleProblem | null {
  const trimmed = (title ?? "").trim();
  if (trimmed === "") return "required";
  if (charCount(trimmed) > TITLE_MAX_CHARS) return "too_long";
  return null;
}

/** The addresses typed one per line: trimmed, blank lines dropped, each once. */
export function parseUrls(text: string | null | undefined): string[] {
  const seen = new Set<string>();
  for (const line of (text ?? "").split(/\r?\n/)) {
    const url = line.trim();
    if (url !== "") seen.add(url);
  }
  return [...seen];
}

/** The lines that are not http(s) addresses (empty when all are fine). */
export function invalidUrls(text: string | null | undefined): string[] {
  return parseUrls(text).filter((url) => checkHttpUrl(url) !== null);
}

// ---- intake --------------------------------------------------------------------------------

/** The intake form's model: text fields are strings, never null, while typing. */
export interface IntakeForm {
  title: string;
  content: string;
  platform: string;
  /** One address per line. */
  urls: string;
  /** "YYYY-MM-DD HH:mm" local time, or "" when unknown. */
  first_seen_at: string;
  source: CaseSource;
  reporter_name: string;
  reporter_contact: string;
}

export function emptyIntakeForm(): IntakeForm {
  return {
    title: "",
    content: "",
    platform: "",
    urls: "",
    first_seen_at: "",
    source: "patrol",
    reporter_name: "",
    reporter_contact: "",
  };
}

/** What `case_create` receives. The reporter is recorded only for reports. */
export function intakeToInput(form: IntakeForm): CaseInput {
  const report = isReportSource(form.source);
  return {
    title: form.title.trim(),
    // the content keeps its inner line breaks; only the ends are trimmed
    content: form.content.trim(),
    platform: textOrNull(form.platform),
    urls: parseUrls(form.urls),
    first_seen_at: textOrNull(form.first_seen_at),
    source: form.source,
    reporter_name: report ? textOrNull(form.reporter_name) : null,
    reporter_contact: report ? textOrNull(form.reporter_contact) : null,
  };
}

/** Look for similar cases only once there is something to compare (four characters). */
export const SIMILAR_MIN_CHARS = 4;

export function similarQueryReady(title: string, content: string): boolean {
  return charCount(title.trim()) + charCount(content.trim()) >= SIMILAR_MIN_CHARS;
}

// ---- rebuttal ------------------------------------------------------------------------------

export interface RebuttalForm {
  title: string;
  content: string;
  url: string;
  publisher: string;
  /** "YYYY-MM-DD HH:mm" local time, or "". */
  published_at: string;
}

export function emptyRebuttalForm(): RebuttalForm {
  return { title: "", content: "", url: "", publisher: "", published_at: "" };
}

export function rebuttalToForm(rebuttal: Rebuttal | null | undefined): RebuttalForm {
  if (!rebuttal) return emptyRebuttalForm();
  return {
    title: rebuttal.title,
    content: rebuttal.content,
    url: rebuttal.url ?? "",
    publisher: rebuttal.publisher ?? "",
    published_at: toPickerValue(rebuttal.published_at),
  };
}

/** What `case_record_rebuttal` receives; the rumor is the case itself. */
export function rebuttalFormToInput(form: RebuttalForm, caseId: number): RebuttalInput {
  return {
    rumor_id: caseId,
    title: form.title.trim(),
    content: form.content.trim(),
    url: textOrNull(form.url),
    publisher: textOrNull(form.publisher),
    published_at: textOrNull(form.published_at),
  };
}

export type PageField = "title" | "content" | "published_at";

/**
 * Fills the rebuttal form from a fetched page: its title, text and date replace the form's
 * when the page has them. Returns the fields filled. The text stays plain text.
 */
export function applyPageText(form: RebuttalForm, page: PageText): PageField[] {
  const filled: PageField[] = [];
  const title = page.title.trim();
  if (title !== "") {
    form.title = Array.from(title).slice(0, TITLE_MAX_CHARS).join("");
    filled.push("title");
  }
  const text = page.text.trim();
  if (text !== "") {
    form.content = text;
    filled.push("content");
  }
  const published = toPickerValue(page.published_at);
  if (published !== "") {
    form.published_at = published;
    filled.push("published_at");
  }
  return filled;
}
