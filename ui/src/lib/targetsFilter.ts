// The targets table of the coverage board and its filters. Every figure on the board
// clicks through to the table filtered to the accounts behind it; the filter lives in the
// address (query parameters), so that the view survives a refresh and can be gone back to.
import type { LocationQuery, LocationQueryRaw } from "vue-router";
import type { TargetQuery } from "../bindings/TargetQuery";
import type { Tier } from "../bindings/Tier";
import type { Verdict } from "../bindings/Verdict";
import { isTier, isVerdict } from "../labels";

import { UNFILLED } from "../bindings/rules";

export { UNFILLED };

/** A verdict, or "pending" for targets not checked yet. */
export type VerdictFilter = Verdict | "pending";

export interface TargetsFilter {
  tier: Tier | null;
  verdict: VerdictFilter | null;
  unit: string | null;
  territory: string | null;
  /** only the targets that have not reposted (those the checker could not see aside) */
  stragglers: boolean;
  /** only the targets the checker could not see (未能核查) */
  unverified: boolean;
}

export function emptyTargetsFilter(): TargetsFilter {
  return { tier: null, verdict: null, unit: null, territory: null, stragglers: false, unverified: false };
}

export function isTargetsFilterActive(filter: TargetsFilter): boolean {
  return (
    filter.tier !== null ||
    filter.verdict !== null ||
    filter.unit !== null ||
    filter.territory !== null ||
    filter.stragglers ||
    filter.unverified
  );
}

/** The query the backend filters the targets table by (it decides who is a straggler). */
export function targetQueryOf(filter: TargetsFilter): TargetQuery {
  return {
    tier: filter.tier,
    verdict: filter.verdict === "pending" ? null : filter.verdict,
    pending: filter.verdict === "pending",
    unit: filter.unit,
    territory: filter.territory,
    stragglers: filter.stragglers,
    unverified: filter.unverified,
  };
}

/** The query parameters of a filter; what is not filtered is left out. */
export function targetsFilterToQuery(filter: TargetsFilter): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  if (filter.tier) query.tier = filter.tier;
  if (filter.verdict) query.verdict = filter.verdict;
  if (filter.unit !== null) query.unit = filter.unit;
  if (filter.territory !== null) query.territory = filter.territory;
  if (filter.stragglers) query.stragglers = "1";
  if (filter.unverified) query.unverified = "1";
  return query;
}

function single(value: LocationQuery[string] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" && first !== "" ? first : null;
}

/** The filter an address asks for; what cannot be read is ignored. */
export function targetsFilterFromQuery(query: LocationQuery): TargetsFilter {
  const tier = single(query.tier);
  const verdict = single(query.verdict);
  return {
    tier: tier && isTier(tier) ? tier : null,
    verdict: verdict && (verdict === "pending" || isVerdict(verdict)) ? verdict : null,
    unit: single(query.unit),
    territory: single(query.territory),
    stragglers: single(query.stragglers) === "1",
    unverified: single(query.unverified) === "1",
  };
}
