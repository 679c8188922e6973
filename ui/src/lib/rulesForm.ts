// 研判与分派规则: the level policy and the assignment rules as the settings page edits them.
// What is wrong with a level policy is the core's answer (LevelPolicy::preview, level_preview).
import type { AssignmentRules } from "../bindings/AssignmentRules";
import type { LevelPolicy } from "../bindings/LevelPolicy";
import type { SubjectRule } from "../bindings/SubjectRule";
import type { Territory } from "../bindings/Territory";
import type { TerritoryPlaces } from "../bindings/TerritoryPlaces";
import type { UnitSubjects } from "../bindings/UnitSubjects";

export const RISK_MIN = 3;
export const RISK_MAX = 15;
/** The lowest threshold the backend accepts for 较大. */
export const MAJOR_FROM_MIN = 4;


export function clonePolicy(policy: LevelPolicy): LevelPolicy {
  return {
    ...policy,
    deadlines: policy.deadlines.map((d) => ({ ...d })) as LevelPolicy["deadlines"],
  };
}

/** A row that cannot be saved: which table, which row (0-based), and why. */
export interface RowProblem {
  kind: "incomplete" | "duplicate";
  row: number;
  /** The duplicated word, unit or territory. */
  name?: string;
}

type Cleaned<T> = { value: T[]; problem: null } | { value: null; problem: RowProblem };

function uniqueTrimmed(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ""))];
}

/** 词语 → 主管事项 rows: blank rows dropped, half-filled rows and repeated words refused. */
export function cleanSubjectRules(rows: readonly SubjectRule[]): Cleaned<SubjectRule> {
  const value: SubjectRule[] = [];
  const seen = new Set<string>();
  for (const [row, rule] of rows.entries()) {
    const word = rule.word.trim();
    const subject = rule.subject.trim();
    if (word === "" && subject === "") continue;
    if (word === "" || subject === "") return { value: null, problem: { kind: "incomplete", row } };
    if (seen.has(word)) return { value: null, problem: { kind: "duplicate", row, name: word } };
    seen.add(word);
    value.push({ word, subject });
  }
  return { value, problem: null };
}

/** 单位 → 主管事项 rows. */
export function cleanUnitSubjects(rows: readonly UnitSubjects[]): Cleaned<UnitSubjects> {
  const value: UnitSubjects[] = [];
  const seen = new Set<string>();
  for (const [row, entry] of rows.entries()) {
    const unit = entry.unit.trim();
    const subjects = uniqueTrimmed(entry.subjects);
    if (unit === "" && subjects.length === 0) continue;
    if (unit === "" || subjects.length === 0) return { value: null, problem: { kind: "incomplete", row } };
    if (seen.has(unit)) return { value: null, problem: { kind: "duplicate", row, name: unit } };
    seen.add(unit);
    value.push({ unit, subjects });
  }
  return { value, problem: null };
}

/** 镇街 rows with their own unit and place names; a town may have no place names yet. */
export function cleanTerritories(rows: readonly TerritoryPlaces[]): Cleaned<TerritoryPlaces> {
  const value: TerritoryPlaces[] = [];
  const seen = new Set<string>();
  for (const [row, entry] of rows.entries()) {
    const territory = entry.territory.trim();
    const unit = (entry.unit ?? "").trim();
    const places = uniqueTrimmed(entry.places);
    if (territory === "" && unit === "" && places.length === 0) continue;
    if (territory === "") return { value: null, problem: { kind: "incomplete", row } };
    if (seen.has(territory)) return { value: null, problem: { kind: "duplicate", row, name: territory } };
    seen.add(territory);
    value.push({ territory, unit: unit === "" ? null : unit, places });
  }
  return { value, problem: null };
}

/**
 * The directory's territories as the editor needs them. `list_territories` may not carry
 * the town's own unit: then it starts empty.
 */
export function territoriesToRows(territories: readonly Territory[]): TerritoryPlaces[] {
  return territories.map((t) => {
    const unit = (t as Territory & { unit?: string | null }).unit;
    return { territory: t.name, unit: typeof unit === "string" && unit !== "" ? unit : null, places: [...t.places] };
  });
}

/** Every subject named by the rules (主管事项), in first-seen order: filter and tag options. */
export function subjectsOf(rules: AssignmentRules | null | undefined): string[] {
  if (!rules) return [];
  return uniqueTrimmed([
    ...rules.subject_rules.map((rule) => rule.subject),
    ...rules.unit_subjects.flatMap((entry) => entry.subjects),
  ]);
}
