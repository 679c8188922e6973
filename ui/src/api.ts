// The one door to the backend: every Tauri command the UI calls, typed with the
// ts-rs bindings. Nothing else in ui/src calls `invoke`.
//
// Argument names are camelCase on this side; Tauri maps them to the Rust parameters
// (`skipInvalid` -> `skip_invalid`). Every function rejects with a CommandError
// `{ code, message }`.
import { invoke } from "@tauri-apps/api/core";
import type { Account } from "./bindings/Account";
import type { AccountFilter } from "./bindings/AccountFilter";
import type { AccountInput } from "./bindings/AccountInput";
import type { DbStatus } from "./bindings/DbStatus";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { Territory } from "./bindings/Territory";
import type { Tier } from "./bindings/Tier";
import type { Unit } from "./bindings/Unit";
import { normalizeError } from "./lib/errors";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw normalizeError(error);
  }
}

export const api = {
  dbStatus: () => call<DbStatus>("db_status"),

  listAccounts: (filter: AccountFilter) => call<Account[]>("list_accounts", { filter }),
  createAccount: (input: AccountInput) => call<Account>("create_account", { input }),
  updateAccount: (id: number, input: AccountInput) =>
    call<Account>("update_account", { id, input }),
  /** Resolves to the number of accounts deleted. */
  deleteAccounts: (ids: number[]) => call<number>("delete_accounts", { ids }),
  /** Resolves to the number of accounts moved. */
  setTier: (ids: number[], tier: Tier) => call<number>("set_tier", { ids, tier }),

  listUnits: () => call<Unit[]>("list_units"),
  listTerritories: () => call<Territory[]>("list_territories"),

  previewImport: (path: string) => call<ImportPreview>("preview_import", { path }),
  applyImport: (path: string, skipInvalid: boolean) =>
    call<ImportSummary>("apply_import", { path, skipInvalid }),
  /** Resolves to the number of accounts written. */
  exportLedger: (path: string) => call<number>("export_ledger", { path }),
  loadDemo: () => call<ImportSummary>("load_demo"),
};

export type Api = typeof api;
