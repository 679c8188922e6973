import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

import { invoke } from "@tauri-apps/api/core";
import { api } from "../src/api";
import { CommandError } from "../src/lib/errors";

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

  it("rejects with a CommandError carrying the backend's code and message", async () => {
    mocked.mockRejectedValueOnce({ code: "invalid_url", message: "监测地址无效" });
    const error = await api.createAccount({} as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ code: "invalid_url", message: "监测地址无效" });
  });
});
