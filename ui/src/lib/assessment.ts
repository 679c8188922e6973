// 研判: the three scores, the risk index and the level they give. A mirror of
// crates/core/src/rules/level.rs, for the preview before saving; the backend's result is
// the one recorded.
import type { Deadlines } from "../bindings/Deadlines";
import type { FactorGuidance } from "../bindings/FactorGuidance";
import type { Level } from "../bindings/Level";
import type { LevelPolicy } from "../bindings/LevelPolicy";
import type { Scores } from "../bindings/Scores";
import { LEVELS } from "../labels";

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

/** Risk index 3–15: severity + influence + (6 − controllability). */
export function riskIndex(scores: Scores): number {
  return scores.severity + scores.influence + (6 - scores.controllability);
}

/** The level the scores give under the office's policy. */
export function previewLevel(scores: Scores, policy: LevelPolicy): Level {
  const risk = riskIndex(scores);
  let level: Level = "general";
  if (risk >= policy.critical_from) level = "critical";
  else if (risk >= policy.serious_from) level = "serious";
  else if (risk >= policy.major_from) level = "major";
  if (policy.severity_five_is_serious && scores.severity === 5 && LEVELS.indexOf(level) < LEVELS.indexOf("serious")) {
    level = "serious";
  }
  return level;
}

export function policyDeadlines(policy: LevelPolicy, level: Level): Deadlines {
  return policy.deadlines[LEVELS.indexOf(level)]!;
}

/** The risk indexes (lowest, highest) that give each level under a policy. */
export function levelRanges(policy: LevelPolicy): Record<Level, [number, number]> {
  return {
    general: [3, policy.major_from - 1],
    major: [policy.major_from, policy.serious_from - 1],
    serious: [policy.serious_from, policy.critical_from - 1],
    critical: [policy.critical_from, 15],
  };
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
