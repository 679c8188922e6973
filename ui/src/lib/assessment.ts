// 研判: the form's model of the three scores. What they give (risk index, level, deadlines)
// is the core's rule (LevelPolicy::preview, the level_preview command); nothing here decides it.
import type { FactorGuidance } from "../bindings/FactorGuidance";
import type { Scores } from "../bindings/Scores";

export type Factor = keyof Scores;

/** The factors in the order the form asks for them. */
export const FACTORS: readonly Factor[] = ["severity", "controllability", "influence"];

export const SCORE_VALUES: readonly number[] = [1, 2, 3, 4, 5];

/** A form's scores while some may not be chosen yet. */
export type PartialScores = Record<Factor, number | null>;

export function emptyScores(): PartialScores {
  return { severity: null, controllability: null, influence: null };
}

function validScore(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** The scores when all three are chosen, else null. */
export function completeScores(scores: PartialScores): Scores | null {
  const { severity, controllability, influence } = scores;
  if (!validScore(severity) || !validScore(controllability) || !validScore(influence)) return null;
  return { severity, controllability, influence };
}

/** The guidance of one factor, found by its key. */
export function factorGuidance(guidance: readonly FactorGuidance[], factor: Factor): FactorGuidance | null {
  return guidance.find((entry) => entry.key === factor) ?? null;
}

/**
 * What a score means ("涉及公共服务或个人财产，可能造成损失"), without the leading number
 * the backend's text carries ("3 涉及…"); "" when unknown.
 */
export function scoreMeaning(guidance: FactorGuidance | null, score: number | null): string {
  if (!guidance || !validScore(score)) return "";
  const text = guidance.levels[score - 1] ?? "";
  return text.replace(/^\s*[1-5][\s.、．:：)）]*/, "").trim();
}
