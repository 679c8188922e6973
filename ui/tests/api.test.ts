import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

import { invoke } from "@tauri-apps/api/core";
import { api } from "../src/api";
import { CommandError } from "../src/lib/errors";
import { DEFAULT_POLICY } from "./caseFixtures";

const mocked = vi.mocked(invoke);

beforeEach(() => {
  mocked.mockReset();
  mocked.mockResolvedValue(undefined);
});

describe("api", () => {
  it("calls each command by its Rust name with camelCase arguments", async () => {
    const filter = { query: "平安", tier: null, platform: null, unit: null, territory: null };
    const input = {
      name: "n",
      platform: "weibo" as const,
      tier: "main" as const,
      unit: null,
      territory: null,
      watch_url: null,
      contact: null,
      notes: null,
      active: true,
    };
    await api.dbStatus();
    await api.accountPage(filter, 2, 50);
    await api.createAccount(input);
    await api.updateAccount(3, input);
    await api.deleteAccounts([1, 2]);
    await api.setTier([4], "allied");
    await api.setTierMatching(filter, "main");
    await api.deleteMatching(filter);
    await api.listUnits();
    await api.listTerritories();
    await api.previewImport("/tmp/台账.xlsx");
    await api.applyImport("/tmp/台账.xlsx", true);
    await api.exportLedger("/tmp/out.csv", filter);
    await api.loadDemo();
    expect(mocked.mock.calls).toEqual([
      ["db_status", undefined],
      ["account_page", { filter, page: 2, pageSize: 50 }],
      ["account_create", { input }],
      ["account_update", { id: 3, input }],
      ["account_delete", { ids: [1, 2] }],
      ["account_set_tier", { ids: [4], tier: "allied" }],
      ["account_set_tier_matching", { filter, tier: "main" }],
      ["account_delete_matching", { filter }],
      ["unit_list", undefined],
      ["territory_list", undefined],
      ["ledger_import_preview", { path: "/tmp/台账.xlsx" }],
      ["ledger_import_apply", { path: "/tmp/台账.xlsx", skipInvalid: true }],
      ["ledger_export", { path: "/tmp/out.csv", filter }],
      ["demo_load", undefined],
    ]);
  });

  it("calls the case and rules commands with the arguments the Rust side expects", async () => {
    const caseInput = {
      title: "t",
      content: "c",
      platform: null,
      urls: [],
      first_seen_at: null,
      source: "patrol" as const,
      reporter_name: null,
      reporter_contact: null,
    };
    const caseFilter = {
      query: "枪击",
      status: null,
      level: null,
      unit: null,
      subject: null,
      territory: null,
      from: null,
      to: null,
    };
    const scores = { severity: 3, controllability: 2, influence: 4 };
    const assign = { lead_unit: "区公安分局", co_units: [], reason: null };
    const rebuttal = { rumor_id: 5, title: "t", content: "c", url: null, publisher: null, published_at: null };
    const rules = { subject_rules: [{ word: "枪击", subject: "公安" }], unit_subjects: [] };
    const territories = [{ territory: "龙塔街道", unit: null, places: ["龙塔社区"] }];
    await api.createCase(caseInput);
    await api.similarCases("标题", "内容");
    await api.mergeCase(6, 5);
    await api.casePage(caseFilter, { key: "level", descending: true }, 2, 20);
    await api.getCase(5);
    await api.assessCase(5, scores);
    await api.caseAssignment(5);
    await api.assignCase(5, assign);
    await api.transitionCase(5, "verifying", null);
    await api.recordRebuttal(5, rebuttal);
    await api.fetchPageText("https://example.com/a");
    await api.recordFeedback(5, "已反馈");
    await api.archiveCase(5, "小结");
    await api.exportCase(5, "/tmp/案件5.xlsx", false);
    await api.reporterContact(5);
    await api.assessmentGuidance();
    await api.levelPolicy();
    await api.setLevelPolicy(DEFAULT_POLICY);
    await api.assignmentRules();
    await api.setAssignmentRules(rules);
    await api.setTerritories(territories);
    await api.exportDirectory("/tmp/rules.json");
    await api.importDirectory("/tmp/rules.json");
    expect(mocked.mock.calls.map(([command, args]) => [command, args && Object.keys(args)])).toEqual([
      ["case_create", ["input"]],
      ["case_similar", ["title", "content"]],
      ["case_merge", ["id", "into"]],
      ["case_page", ["filter", "sort", "page", "pageSize"]],
      ["case_get", ["id"]],
      ["case_assess", ["id", "scores"]],
      ["case_assignment", ["id"]],
      ["case_assign", ["id", "input"]],
      ["case_transition", ["id", "to", "note"]],
      ["case_record_rebuttal", ["id", "input"]],
      ["page_text_fetch", ["url"]],
      ["case_feedback", ["id", "text"]],
      ["case_archive", ["id", "summary"]],
      ["case_export", ["id", "path", "includeContact"]],
      ["case_reporter_contact", ["id"]],
      ["assessment_guidance_get", undefined],
      ["level_policy_get", undefined],
      ["level_policy_set", ["policy"]],
      ["assignment_rules_get", undefined],
      ["assignment_rules_set", ["rules"]],
      ["territory_places_set", ["territories"]],
      ["directory_export", ["path"]],
      ["directory_import", ["path"]],
    ]);
    expect(mocked.mock.calls[2]![1]).toEqual({ id: 6, into: 5 });
    expect(mocked.mock.calls[8]![1]).toEqual({ id: 5, to: "verifying", note: null });
    expect(mocked.mock.calls[13]![1]).toEqual({ id: 5, path: "/tmp/案件5.xlsx", includeContact: false });
  });

  it("rejects with a CommandError carrying the backend's code and message", async () => {
    mocked.mockRejectedValueOnce({ code: "invalid_url", message: "监测地址无效" });
    const error = await api.createAccount({} as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ code: "invalid_url", message: "监测地址无效" });
  });
});

describe("api: pushes and bots", () => {
  it("calls the push and bot commands with the arguments the Rust side expects", async () => {
    const filter = { tiers: ["main" as const], units: [], territories: [], platforms: [], exclude: [3] };
    const deadlines = [{ tier: "main" as const, due_at: "2025-03-01T06:30:00Z" }];
    const launch = { case_id: 5, filter, deadlines, notice: "请转发", bot_ids: [1] };
    const confirm = { push_id: 7, account_id: 3, note: "群内已转", link: null };
    const settings = {
      interval_minutes: 10,
      grace_hours: 24,
      reminder_cooldown_minutes: 30,
      auto_remind: false,
      notice_template: "n",
      reminder_template: "r",
    };
    const bot = { name: "主力军工作群", kind: "wecom" as const, webhook: "https://x", secret: null, tiers: [], units: [], enabled: true };
    await api.pushDraft(5);
    await api.pushPreview(filter, 1, 50);
    await api.pushRenderNotice(5, deadlines, "{标题}");
    await api.pushLaunch(launch);
    await api.pushBoard(7);
    await api.pushList(true);
    await api.casePushes(5);
    await api.pushCheckNow(7);
    await api.pushConfirm(confirm);
    await api.pushRemind(7);
    await api.pushRemind(7, [3, 5]);
    await api.pushStop(7);
    await api.pushDeliveries(7);
    await api.pushSettings();
    await api.setPushSettings(settings);
    await api.botList();
    await api.botSave(null, bot);
    await api.botSave(2, bot);
    await api.botDelete(2);
    await api.botTest(2);
    expect(mocked.mock.calls).toEqual([
      ["push_draft", { caseId: 5 }],
      ["push_preview", { filter, page: 1, pageSize: 50 }],
      ["push_render_notice", { caseId: 5, deadlines, template: "{标题}" }],
      ["push_launch", { launch }],
      ["push_board", { pushId: 7 }],
      ["push_list", { activeOnly: true }],
      ["push_list_for_case", { caseId: 5 }],
      ["push_check_now", { pushId: 7 }],
      ["push_confirm", { confirm }],
      ["push_remind", { pushId: 7, include: [] }],
      ["push_remind", { pushId: 7, include: [3, 5] }],
      ["push_stop", { pushId: 7 }],
      ["push_deliveries", { pushId: 7 }],
      ["push_settings_get", undefined],
      ["push_settings_set", { settings }],
      ["bot_list", undefined],
      ["bot_save", { id: null, input: bot }],
      ["bot_save", { id: 2, input: bot }],
      ["bot_delete", { id: 2 }],
      ["bot_test", { id: 2 }],
    ]);
  });

  it("passes the cooldown refusal on as a CommandError", async () => {
    mocked.mockRejectedValueOnce({ code: "cooldown", message: "催办过于频繁，请于 14:30 后再试" });
    const error = await api.pushRemind(7).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "cooldown", message: "催办过于频繁，请于 14:30 后再试" });
  });
});

describe("api: dashboard and statistics", () => {
  it("calls the statistics commands with the period and the figure's drill", async () => {
    const period = { from: "2026-01-01", to: "2026-12-31" };
    const drill = { kind: "cases_by_source" as const, key: "netizen_report" };
    await api.dashboard();
    await api.statistics(period);
    await api.statsDrill(period, drill, 2, 20);
    await api.exportReport(period, "/tmp/2026年辟谣工作统计.xlsx");
    expect(mocked.mock.calls).toEqual([
      ["stats_dashboard", undefined],
      ["stats_year", { period }],
      ["stats_drill", { period, drill, page: 2, pageSize: 20 }],
      ["stats_export_report", { period, path: "/tmp/2026年辟谣工作统计.xlsx" }],
    ]);
  });
});
