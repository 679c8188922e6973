// Push, board and bot records for tests: every field present, overridable.
import type { Bot } from "../src/bindings/Bot";
import type { BotDelivery } from "../src/bindings/BotDelivery";
import type { Coverage } from "../src/bindings/Coverage";
import type { MonitorState } from "../src/bindings/MonitorState";
import type { Push } from "../src/bindings/Push";
import type { PushBoard } from "../src/bindings/PushBoard";
import type { PushSummary } from "../src/bindings/PushSummary";
import type { Rebuttal } from "../src/bindings/Rebuttal";
import type { TargetResult } from "../src/bindings/TargetResult";
import type { TargetPage } from "../src/bindings/TargetPage";
import type { TargetQuery } from "../src/bindings/TargetQuery";
import type { Tier } from "../src/bindings/Tier";
import type { TierCoverage } from "../src/bindings/TierCoverage";

export function tierCoverage(tier: Tier | null, fields: Partial<TierCoverage> = {}): TierCoverage {
  const base: TierCoverage = {
    tier,
    targeted: 0,
    reposted: 0,
    rumor_reposted: 0,
    not_found: 0,
    blocked: 0,
    deleted: 0,
    unreachable: 0,
    unreadable: 0,
    unchecked: 0,
    pending: 0,
    stragglers: 0,
    unverified: 0,
    ratio: 0,
    ...fields,
  };
  // as the backend counts them: the pages the checker could not see apart from the stragglers
  if (fields.unverified === undefined) base.unverified = base.blocked + base.unreadable + base.unreachable;
  if (fields.stragglers === undefined) base.stragglers = Math.max(0, base.targeted - base.reposted - base.unverified);
  if (fields.ratio === undefined) base.ratio = base.targeted > 0 ? base.reposted / base.targeted : 0;
  return base;
}

/** What the backend says of a verdict: the checker could not see the page. */
const UNVERIFIED_IN_BACKEND = ["blocked", "unreadable", "unreachable"];

export function target(fields: Partial<TargetResult> & Pick<TargetResult, "account_id" | "account">): TargetResult {
  return {
    unverified: UNVERIFIED_IN_BACKEND.includes(fields.verdict ?? ""),
    confirmable: fields.verdict !== "reposted",
    platform: "wechat",
    tier: "main",
    unit: null,
    territory: null,
    watch_url: null,
    verdict: null,
    evidence: null,
    first_seen_at: null,
    checked_at: null,
    attempts: 0,
    ...fields,
  };
}

export const REBUTTAL: Rebuttal = {
  id: 3,
  rumor_id: 5,
  title: "关于“龙塔社区发生枪击案”的辟谣",
  content: "经核查，网传信息不实。",
  url: "https://www.yunchuan.gov.cn/piyao/1.html",
  publisher: "平安云川",
  published_at: "2025-03-01T03:00:00Z",
};

export function push(fields: Partial<Push> = {}): Push {
  return {
    id: 7,
    rebuttal_id: 3,
    status: "active",
    created_at: "2025-03-01T04:00:00Z",
    tiers: ["main", "auxiliary"],
    targets: 4,
    deadlines: [
      { tier: "main", due_at: "2025-03-01T05:00:00Z" },
      { tier: "auxiliary", due_at: "2025-03-01T08:00:00Z" },
    ],
    notice: "请转发",
    finished_at: null,
    ...fields,
  };
}

export function monitor(fields: Partial<MonitorState> = {}): MonitorState {
  return {
    active: true,
    interval_minutes: 10,
    last_sweep_at: "2025-03-01T04:30:00Z",
    next_sweep_at: "2025-03-01T04:40:00Z",
    stops_at: "2025-03-02T08:00:00Z",
    stopped_reason: null,
    reminder_allowed_at: null,
    ...fields,
  };
}

export function coverageOf(tiers: TierCoverage[], pushId = 7): Coverage {
  const sum = (field: keyof TierCoverage) => tiers.reduce((total, entry) => total + Number(entry[field]), 0);
  return {
    push_id: pushId,
    tiers,
    total: tierCoverage(null, {
      targeted: sum("targeted"),
      reposted: sum("reposted"),
      rumor_reposted: sum("rumor_reposted"),
      not_found: sum("not_found"),
      blocked: sum("blocked"),
      deleted: sum("deleted"),
      unreachable: sum("unreachable"),
      unreadable: sum("unreadable"),
      unchecked: sum("unchecked"),
      pending: sum("pending"),
    }),
  };
}

export function board(fields: Partial<PushBoard> = {}): PushBoard {
  return {
    push: push(),
    case_id: 5,
    case_title: "龙塔社区发生枪击案",
    rebuttal: REBUTTAL,
    coverage: coverageOf([]),
    by_unit: [],
    by_territory: [],
    curve: [],
    rumor_reposters: [],
    blocked_causes: [],
    monitor: monitor(),
    ...fields,
  };
}

export function summary(fields: Partial<PushSummary> = {}): PushSummary {
  return {
    push: push(),
    case_id: 5,
    case_title: "龙塔社区发生枪击案",
    coverage: coverageOf([tierCoverage("main", { targeted: 2, reposted: 1 })]),
    monitor: monitor(),
    ...fields,
  };
}

export function bot(fields: Partial<Bot> & Pick<Bot, "id" | "name">): Bot {
  return {
    kind: "wecom",
    webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef0123456789",
    secret: null,
    tiers: [],
    units: [],
    enabled: true,
    created_at: "2025-03-01T01:00:00Z",
    ...fields,
  };
}

export function delivery(fields: Partial<BotDelivery> & Pick<BotDelivery, "id">): BotDelivery {
  return {
    bot_id: 1,
    bot_name: "主力军工作群",
    kind: "wecom",
    push_id: 7,
    purpose: "notice",
    at: "2025-03-01T04:00:05Z",
    outcome: { ok: true, parts: 1, attempts: 1, http_status: 200, error: null },
    text: "请转发",
    ...fields,
  };
}

/**
 * What the backend's push_target_page answers for these targets (a stand-in for the SQL the
 * Rust tests check): the query's targets, one page of them.
 */
export function targetPage(targets: readonly TargetResult[], args: Record<string, unknown>): TargetPage {
  const q = args.query as TargetQuery;
  const group = (value: string | null) => (value && value.trim() !== "" ? value : "（未填写）");
  const rows = targets.filter(
    (t) =>
      (q.tier === null || t.tier === q.tier) &&
      (q.verdict === null || t.verdict === q.verdict) &&
      (!q.pending || t.verdict === null) &&
      (q.unit === null || group(t.unit) === q.unit) &&
      (q.territory === null || group(t.territory) === q.territory) &&
      (!q.stragglers || (t.verdict !== "reposted" && !t.unverified)) &&
      (!q.unverified || t.unverified),
  );
  const size = args.pageSize as number;
  const last = Math.max(1, Math.ceil(rows.length / size));
  const page = Math.min(Math.max(1, args.page as number), last);
  return { rows: rows.slice((page - 1) * size, page * size), total: rows.length, page, page_size: size };
}
