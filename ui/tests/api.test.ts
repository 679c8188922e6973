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
    await api.listAccounts(filter);
    await api.createAccount(input);
    await api.updateAccount(3, input);
    await api.deleteAccounts([1, 2]);
    await api.setTier([4], "allied");
    await api.listUnits();
    await api.listTerritories();
    await api.previewImport("/tmp/台账.xlsx");
    await api.applyImport("/tmp/台账.xlsx", true);
    await api.exportLedger("/tmp/out.csv");
    await api.loadDemo();
    expect(mocked.mock.calls).toEqual([
      ["db_status", undefined],
      ["list_accounts", { filter }],
      ["create_account", { input }],
      ["update_account", { id: 3, input }],
      ["delete_accounts", { ids: [1, 2] }],
      ["set_tier", { ids: [4], tier: "allied" }],
      ["list_units", undefined],
      ["list_territories", undefined],
      ["preview_import", { path: "/tmp/台账.xlsx" }],
      ["apply_import", { path: "/tmp/台账.xlsx", skipInvalid: true }],
      ["export_ledger", { path: "/tmp/out.csv" }],
      ["load_demo", undefined],
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
    await api.listCases(caseFilter);
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
      ["case_list", ["filter"]],
      ["case_get", ["id"]],
      ["case_assess", ["id", "scores"]],
      ["case_assignment", ["id"]],
      ["case_assign", ["id", "input"]],
      ["case_transition", ["id", "to", "note"]],
      ["case_record_rebuttal", ["id", "input"]],
      ["fetch_page_text", ["url"]],
      ["case_feedback", ["id", "text"]],
      ["case_archive", ["id", "summary"]],
      ["case_export", ["id", "path", "includeContact"]],
      ["case_reporter_contact", ["id"]],
      ["assessment_guidance", undefined],
      ["level_policy", undefined],
      ["set_level_policy", ["policy"]],
      ["assignment_rules", undefined],
      ["set_assignment_rules", ["rules"]],
      ["set_territories", ["territories"]],
      ["export_directory", ["path"]],
      ["import_directory", ["path"]],
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
