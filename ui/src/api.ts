// The one door to the backend: every Tauri command the UI calls, typed with the
// ts-rs bindings. Nothing else in ui/src calls `invoke`. Command names are the generated
// `Command` type (src-tauri's command table): a name the app does not register does not
// type-check, and a Rust test fails when a registered command is never called here.
//
// Argument names are camelCase on this side; Tauri maps them to the Rust parameters
// (`skipInvalid` -> `skip_invalid`). Every function rejects with a CommandError
// `{ code, message }`.
import { invoke } from "@tauri-apps/api/core";
import type { Account } from "./bindings/Account";
import type { AccountFilter } from "./bindings/AccountFilter";
import type { AccountInput } from "./bindings/AccountInput";
import type { AccountPage } from "./bindings/AccountPage";
import type { AssignInput } from "./bindings/AssignInput";
import type { AssignmentRules } from "./bindings/AssignmentRules";
import type { AssignmentView } from "./bindings/AssignmentView";
import type { Bot } from "./bindings/Bot";
import type { BotDelivery } from "./bindings/BotDelivery";
import type { BotInput } from "./bindings/BotInput";
import type { BackupOverview } from "./bindings/BackupOverview";
import type { BackupReport } from "./bindings/BackupReport";
import type { BackupSettings } from "./bindings/BackupSettings";
import type { Case } from "./bindings/Case";
import type { CaseFilter } from "./bindings/CaseFilter";
import type { CaseInput } from "./bindings/CaseInput";
import type { CaseStatus } from "./bindings/CaseStatus";
import type { CasePage } from "./bindings/CasePage";
import type { CaseSort } from "./bindings/CaseSort";
import type { Coverage } from "./bindings/Coverage";
import type { Dashboard } from "./bindings/Dashboard";
import type { DbStatus } from "./bindings/DbStatus";
import type { DemoStatus } from "./bindings/DemoStatus";
import type { Drill } from "./bindings/Drill";
import type { DrillResult } from "./bindings/DrillResult";
import type { FactorGuidance } from "./bindings/FactorGuidance";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { LevelPolicy } from "./bindings/LevelPolicy";
import type { LevelPreview } from "./bindings/LevelPreview";
import type { ManualConfirm } from "./bindings/ManualConfirm";
import type { PasteOutcome } from "./bindings/PasteOutcome";
import type { EvidenceImage } from "./bindings/EvidenceImage";
import type { ImagePick } from "./bindings/ImagePick";
import type { ImagePreview } from "./bindings/ImagePreview";
import type { PastePick } from "./bindings/PastePick";
import type { PastePreview } from "./bindings/PastePreview";
import type { PageText } from "./bindings/PageText";
import type { Period } from "./bindings/Period";
import type { PushBoard } from "./bindings/PushBoard";
import type { TargetPage } from "./bindings/TargetPage";
import type { TargetQuery } from "./bindings/TargetQuery";
import type { PushDraft } from "./bindings/PushDraft";
import type { PushLaunch } from "./bindings/PushLaunch";
import type { PushSettings } from "./bindings/PushSettings";
import type { PushSummary } from "./bindings/PushSummary";
import type { RebuttalInput } from "./bindings/RebuttalInput";
import type { RestoreOutcome } from "./bindings/RestoreOutcome";
import type { Scores } from "./bindings/Scores";
import type { RemindOutcome } from "./bindings/RemindOutcome";
import type { SimilarCase } from "./bindings/SimilarCase";
import type { Statistics } from "./bindings/Statistics";
import type { TargetFilter } from "./bindings/TargetFilter";
import type { TargetPreview } from "./bindings/TargetPreview";
import type { TargetResult } from "./bindings/TargetResult";
import type { Territory } from "./bindings/Territory";
import type { TerritoryPlaces } from "./bindings/TerritoryPlaces";
import type { Platform } from "./bindings/Platform";
import type { PlatformSettings } from "./bindings/PlatformSettings";
import type { ProbeReport } from "./bindings/ProbeReport";
import type { ProbeSummary } from "./bindings/ProbeSummary";
import type { SourcePreview } from "./bindings/SourcePreview";
import type { Tier } from "./bindings/Tier";
import type { TierDeadline } from "./bindings/TierDeadline";
import type { Unit } from "./bindings/Unit";
import type { Command } from "./bindings/commands";
import { normalizeError } from "./lib/errors";

async function call<T>(command: Command, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw normalizeError(error);
  }
}

export const api = {
  dbStatus: () => call<DbStatus>("db_status"),

  /** One page of the ledger: rows, total and counts per tier of every matching account. */
  accountPage: (filter: AccountFilter, page: number, pageSize: number) =>
    call<AccountPage>("account_page", { filter, page, pageSize }),
  createAccount: (input: AccountInput) => call<Account>("account_create", { input }),
  updateAccount: (id: number, input: AccountInput) =>
    call<Account>("account_update", { id, input }),
  /** What a typed address resolves to and how the checker would read it; rejects what it cannot use. */
  previewSource: (platform: Platform, watchUrl: string | null) =>
    call<SourcePreview>("account_source_preview", { platform, watchUrl }),
  /** 测试读取: what the checker reads for an account now (kept as its 可核查). */
  probeAccount: (id: number) => call<ProbeReport>("account_probe", { id }),
  /** 检查全部账号: every active account, with `probe-progress` events; resolves to the counts. */
  probeAll: () => call<ProbeSummary>("account_probe_all"),
  cancelProbe: () => call<null>("account_probe_cancel"),
  platformSettings: () => call<PlatformSettings>("platform_settings_get"),
  /** 测试连接 of a bridge address: resolves to what answered; rejects with why not. */
  testBridge: (url: string) => call<string>("platform_bridge_test", { url }),
  savePlatformSettings: (settings: PlatformSettings) =>
    call<PlatformSettings>("platform_settings_set", { settings }),
  /** Resolves to the number of accounts deleted. */
  deleteAccounts: (ids: number[]) => call<number>("account_delete", { ids }),
  /** Resolves to the number of accounts moved. */
  setTier: (ids: number[], tier: Tier) => call<number>("account_set_tier", { ids, tier }),
  /** Every account the filter matches, on every page; resolves to how many moved. */
  setTierMatching: (filter: AccountFilter, tier: Tier) =>
    call<number>("account_set_tier_matching", { filter, tier }),
  /** Every account the filter matches; resolves to how many were deleted. */
  deleteMatching: (filter: AccountFilter) => call<number>("account_delete_matching", { filter }),
  cancelBulk: () => call<null>("account_bulk_cancel"),

  listUnits: () => call<Unit[]>("unit_list"),
  listTerritories: () => call<Territory[]>("territory_list"),

  previewImport: (path: string) => call<ImportPreview>("ledger_import_preview", { path }),
  applyImport: (path: string, skipInvalid: boolean) =>
    call<ImportSummary>("ledger_import_apply", { path, skipInvalid }),
  /** Resolves to the number of accounts written. */
  exportLedger: (path: string, filter: AccountFilter) => call<number>("ledger_export", { path, filter }),
  loadDemo: () => call<ImportSummary>("demo_load"),
  /** Whether the demo is loaded, and what its work groups received. */
  demoStatus: () => call<DemoStatus>("demo_status"),
  /** 退出演示: empties the database; its status after. */
  demoLeave: () => call<DbStatus>("demo_leave"),

  // ---- rumor cases ----------------------------------------------------------------------

  createCase: (input: CaseInput) => call<Case>("case_create", { input }),
  /** Existing cases whose text resembles what is being registered, most similar first. */
  similarCases: (title: string, content: string) => call<SimilarCase[]>("case_similar", { title, content }),
  /** Merges case `id` into case `into` (id becomes 已合并); resolves to the merged case `id`. */
  mergeCase: (id: number, into: number) => call<Case>("case_merge", { id, into }),
  casePage: (filter: CaseFilter, sort: CaseSort, page: number, pageSize: number) =>
    call<CasePage>("case_page", { filter, sort, page, pageSize }),
  getCase: (id: number) => call<Case>("case_get", { id }),
  /** Sets scores, level and deadlines; a new case becomes 已研判. */
  assessCase: (id: number, scores: Scores) => call<Case>("case_assess", { id, scores }),
  caseAssignment: (id: number) => call<AssignmentView>("case_assignment", { id }),
  assignCase: (id: number, input: AssignInput) => call<Case>("case_assign", { id, input }),
  transitionCase: (id: number, to: CaseStatus, note: string | null) =>
    call<Case>("case_transition", { id, to, note }),
  /** Records the published rebuttal; a case being verified becomes 已发布辟谣. */
  recordRebuttal: (id: number, input: RebuttalInput) => call<Case>("case_record_rebuttal", { id, input }),
  /** Fetches a page and extracts its title, text and date (untrusted text). */
  fetchPageText: (url: string) => call<PageText>("page_text_fetch", { url }),
  /** Opens an http(s) page in the system browser (never in the app window). */
  openLink: (url: string) => call<void>("link_open", { url }),
  recordFeedback: (id: number, text: string) => call<Case>("case_feedback", { id, text }),
  archiveCase: (id: number, summary: string) => call<Case>("case_archive", { id, summary }),
  exportCase: (id: number, path: string, includeContact: boolean) =>
    call<null>("case_export", { id, path, includeContact }),
  /** The reporter's full contact, asked for explicitly (the case carries a masked one). */
  reporterContact: (id: number) => call<string>("case_reporter_contact", { id }),

  // ---- assessment and assignment rules ------------------------------------------------------

  assessmentGuidance: () => call<FactorGuidance[]>("assessment_guidance_get"),
  /** What a policy (being edited) and scores (being chosen) give: the core's rule, for the forms. */
  levelPreview: (policy: LevelPolicy, scores: Scores | null) =>
    call<LevelPreview>("level_preview", { policy, scores }),
  levelPolicy: () => call<LevelPolicy>("level_policy_get"),
  setLevelPolicy: (policy: LevelPolicy) => call<LevelPolicy>("level_policy_set", { policy }),
  assignmentRules: () => call<AssignmentRules>("assignment_rules_get"),
  setAssignmentRules: (rules: AssignmentRules) => call<AssignmentRules>("assignment_rules_set", { rules }),
  setTerritories: (territories: TerritoryPlaces[]) => call<null>("territory_places_set", { territories }),
  /** Writes the rules and territories to a JSON file. */
  exportDirectory: (path: string) => call<null>("directory_export", { path }),
  /** Replaces the rules and territories with a JSON file's. */
  importDirectory: (path: string) => call<null>("directory_import", { path }),

  // ---- pushes (推送) and live coverage ---------------------------------------------------------
  // Times are RFC 3339 UTC both ways. Progress of a sweep and scheduled re-checks arrive as
  // events (events.ts), not as answers.

  /** The launch form for a case with a rebuttal: all main force, deadlines from the level. */
  pushDraft: (caseId: number) => call<PushDraft>("push_draft", { caseId }),
  /** The accounts a filter selects, with per-tier counts. */
  pushPreview: (filter: TargetFilter, page: number, pageSize: number) =>
    call<TargetPreview>("push_preview", { filter, page, pageSize }),
  /** The notice template filled in for these deadlines. */
  pushRenderNotice: (caseId: number, deadlines: TierDeadline[], template: string) =>
    call<string>("push_render_notice", { caseId, deadlines, template }),
  /** Creates the push (the case becomes 推送中) and sends the notice to the chosen bots. */
  pushLaunch: (launch: PushLaunch) => call<PushBoard>("push_launch", { launch }),
  pushBoard: (pushId: number) => call<PushBoard>("push_board", { pushId }),
  pushTargetPage: (pushId: number, query: TargetQuery, page: number, pageSize: number) =>
    call<TargetPage>("push_target_page", { pushId, query, page, pageSize }),
  pushList: (activeOnly: boolean) => call<PushSummary[]>("push_list", { activeOnly }),
  casePushes: (caseId: number) => call<PushSummary[]>("push_list_for_case", { caseId }),
  /** Sweeps now; `sweep-progress` events report how far it got. */
  pushCheckNow: (pushId: number) => call<Coverage>("push_check_now", { pushId }),
  /** A target confirmed by hand; a link is verified first and refused with the reason. */
  pushConfirm: (confirm: ManualConfirm) => call<TargetResult>("push_confirm", { confirm }),
  /** 粘贴转载证据: every link in the text read, verified and attributed; `paste-progress` events. */
  pastePreview: (pushId: number, text: string) => call<PastePreview>("push_paste_preview", { pushId, text }),
  /** Confirms the picked links, each verified again as it is kept. */
  pasteConfirm: (pushId: number, picks: PastePick[]) => call<PasteOutcome>("push_paste_confirm", { pushId, picks }),
  /** The text of a file of reposts (.txt, .csv, .xlsx), to be read like a paste. */
  evidenceText: (path: string) => call<string>("push_evidence_text", { path }),
  /** Screenshots (by path) recognised and judged against the rebuttal; nothing is kept. */
  imagesPreview: (pushId: number, paths: string[]) =>
    call<ImagePreview>("push_images_preview", { pushId, paths }),
  /** Confirms the picked screenshots, each judged again and kept with the target's evidence. */
  imagesConfirm: (pushId: number, picks: ImagePick[]) =>
    call<PasteOutcome>("push_images_confirm", { pushId, picks }),
  /** The screenshots kept as a target's evidence. */
  targetImages: (pushId: number, accountId: number) =>
    call<EvidenceImage[]>("push_target_images", { pushId, accountId }),
  /** A kept screenshot's bytes (for its thumbnail). */
  evidenceImage: (hash: string) => call<ArrayBuffer>("evidence_image", { hash }),
  /** The evidence package (.zip): the summary sheet and every target's evidence. */
  exportEvidence: (pushId: number, path: string) => call<number>("push_export_evidence", { pushId, path }),
  /** Reminds the stragglers through the bots; rejects with code "cooldown" when too soon. */
  /** `include`: accounts the checker could not see, ticked to be reminded too. */
  pushRemind: (pushId: number, include: number[] = []) => call<RemindOutcome>("push_remind", { pushId, include }),
  /** Stops monitoring: the push is finished. */
  pushStop: (pushId: number) => call<PushBoard>("push_stop", { pushId }),
  pushDeliveries: (pushId: number) => call<BotDelivery[]>("push_deliveries", { pushId }),
  pushSettings: () => call<PushSettings>("push_settings_get"),
  setPushSettings: (settings: PushSettings) => call<PushSettings>("push_settings_set", { settings }),

  // ---- group bots (群机器人) -------------------------------------------------------------------

  botList: () => call<Bot[]>("bot_list"),
  /** Creates a bot (`id` null) or updates one. */
  botSave: (id: number | null, input: BotInput) => call<Bot>("bot_save", { id, input }),
  botDelete: (id: number) => call<null>("bot_delete", { id }),
  /** Sends a test message; the delivery tells whether it arrived. */
  botTest: (id: number) => call<BotDelivery>("bot_test", { id }),
  // ---- backups (these also answer when the database is damaged) ------------------------------

  /** Settings, folders and the backups there, newest first. */
  backupOverview: () => call<BackupOverview>("backup_overview"),
  /** Backs up to `path` (progress: the `backup-progress` event); resolves to the checked copy. */
  backupCreate: (path: string) => call<BackupReport>("backup_create", { path }),
  /** Checks a backup file and says what it holds; rejects when it cannot be restored. */
  backupVerify: (path: string) => call<BackupReport>("backup_verify", { path }),
  /** Restores from a backup (after a safety backup, or in place of a damaged database). */
  backupRestore: (path: string) => call<RestoreOutcome>("backup_restore", { path }),
  backupSettings: () => call<BackupSettings>("backup_settings_get"),
  setBackupSettings: (settings: BackupSettings) => call<BackupSettings>("backup_settings_set", { settings }),
  /** Opens the folder of the database in the system's file manager. */
  openDataFolder: () => call<null>("backup_open_data_folder"),

  // ---- the dashboard (工作台) and statistics (统计分析) ---------------------------------------
  // A Period is local calendar days (Asia/Shanghai), "YYYY-MM-DD", both ends included.

  dashboard: () => call<Dashboard>("stats_dashboard"),
  statistics: (period: Period) => call<Statistics>("stats_year", { period }),
  /** The rows behind one figure (its `drill`), over the same period the figure was computed for. */
  statsDrill: (period: Period, drill: Drill, page: number, pageSize: number) =>
    call<DrillResult>("stats_drill", { period, drill, page, pageSize }),
  /** Writes the period's report (.xlsx or .csv by the path's extension); resolves to the rows written. */
  exportReport: (period: Period, path: string) => call<number>("stats_export_report", { period, path }),
};

export type Api = typeof api;
