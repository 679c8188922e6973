// 辟谣主体: the coordinator takes the 属事/属地 suggestion or chooses other units, with a
// reason when the choice differs (the backend refuses an unexplained override).
import type { AssignInput } from "../bindings/AssignInput";
import type { Suggestion } from "../bindings/Suggestion";

/** Co-units trimmed, each once, without the lead unit. */
export function cleanCoUnits(lead: string, coUnits: readonly string[]): string[] {
  const leadName = lead.trim();
  const seen = new Set<string>();
  for (const unit of coUnits) {
    const name = unit.trim();
    if (name !== "" && name !== leadName) seen.add(name);
  }
  return [...seen];
}

/** Does the choice equal the suggestion (same lead, same co-units in any order)? */
export function sameAsSuggestion(lead: string, coUnits: readonly string[], suggestion: Suggestion | null): boolean {
  if (!suggestion || !suggestion.lead_unit) return false;
  if (lead.trim() !== suggestion.lead_unit.trim()) return false;
  const chosen = cleanCoUnits(lead, coUnits).sort();
  const suggested = cleanCoUnits(suggestion.lead_unit, suggestion.co_units).sort();
  return chosen.length === suggested.length && chosen.every((unit, i) => unit === suggested[i]);
}

/** The input that takes the suggestion as it is; null when it names no lead unit. */
export function suggestionInput(suggestion: Suggestion | null): AssignInput | null {
  if (!suggestion || !suggestion.lead_unit || suggestion.lead_unit.trim() === "") return null;
  return {
    lead_unit: suggestion.lead_unit.trim(),
    co_units: cleanCoUnits(suggestion.lead_unit, suggestion.co_units),
    reason: null,
  };
}

export type AssignProblem = "lead_required" | "reason_required";

/** The coordinator's own choice as an input, or what is missing. */
export function buildAssignInput(
  lead: string,
  coUnits: readonly string[],
  reason: string,
  suggestion: Suggestion | null,
): { input: AssignInput } | { problem: AssignProblem } {
  const leadName = lead.trim();
  if (leadName === "") return { problem: "lead_required" };
  const same = sameAsSuggestion(leadName, coUnits, suggestion);
  const why = reason.trim();
  if (!same && why === "") return { problem: "reason_required" };
  return {
    input: { lead_unit: leadName, co_units: cleanCoUnits(leadName, coUnits), reason: same ? null : why },
  };
}
