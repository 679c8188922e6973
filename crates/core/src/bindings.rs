//! The UI's TypeScript types are generated from these Rust types (ts-rs) and committed in
//! `ui/src/bindings/`. This test fails when a committed file is stale; run
//! `UPDATE_BINDINGS=1 cargo test -p piyao-core bindings` (or `make bindings`) to regenerate.

use std::path::PathBuf;

use ts_rs::{Config, TS};

use crate::ledger::{ImportAction, ImportPreview, ImportRow, ImportSummary};
use crate::model::{
    Account, AccountFilter, AccountInput, Coverage, Evidence, Platform, Push, PushStatus, ReadItem,
    Rebuttal, RebuttalInput, Rumor, TargetResult, Territory, Tier, TierCoverage, Unit, UnitKind,
    Verdict,
};
use crate::model::{
    AssignInput, AssignmentView, Case, CaseFilter, CaseInput, CaseSource, CaseSummary, PageText,
    SimilarCase, TimelineEntry,
};
use crate::model::{
    AutoBackupOutcome, BackupFile, BackupKind, BackupOverview, BackupProgress, BackupReport,
    BackupSettings, RestoreOutcome,
};
use crate::model::{
    Bot, BotDelivery, BotInput, BotKind, CurvePoint, DeliveryPurpose, GroupCoverage, ManualConfirm,
    MonitorState, PushBoard, PushDraft, PushEvent, PushEventKind, PushLaunch, PushSettings,
    PushSummary, PushUpdated, RemindOutcome, SendOutcome, SweepProgress, TargetFilter,
    TargetPreview, TierCount, TierDeadline,
};
use crate::model::{
    Bucket, CoverageLine, Dashboard, Drill, DrillKind, DrillResult, Figure, OverdueTier, Period,
    PushLine, Statistics, TargetLine, Timeliness, WorkSummary,
};
use crate::rules::{
    AssignmentRules, CaseStatus, Deadlines, FactorGuidance, Hit, Level, LevelPolicy, Scores,
    SubjectRule, Suggestion, TerritoryPlaces, UnitSubjects,
};
use crate::status::{ApiError, DbStatus};

fn generated<T: TS + 'static>(cfg: &Config) -> (PathBuf, String) {
    let file = T::output_path().expect("type has a file name");
    (file, T::export_to_string(cfg).expect("ts-rs export"))
}

fn all(cfg: &Config) -> Vec<(PathBuf, String)> {
    vec![
        generated::<Tier>(cfg),
        generated::<Platform>(cfg),
        generated::<UnitKind>(cfg),
        generated::<Unit>(cfg),
        generated::<Territory>(cfg),
        generated::<Account>(cfg),
        generated::<AccountInput>(cfg),
        generated::<AccountFilter>(cfg),
        generated::<crate::model::AccountPage>(cfg),
        generated::<crate::model::CasePage>(cfg),
        generated::<crate::model::CaseSort>(cfg),
        generated::<crate::model::CaseSortKey>(cfg),
        generated::<ImportAction>(cfg),
        generated::<ImportRow>(cfg),
        generated::<ImportPreview>(cfg),
        generated::<ImportSummary>(cfg),
        generated::<DbStatus>(cfg),
        generated::<ApiError>(cfg),
        generated::<Verdict>(cfg),
        generated::<Evidence>(cfg),
        generated::<ReadItem>(cfg),
        generated::<TargetResult>(cfg),
        generated::<crate::model::TargetQuery>(cfg),
        generated::<crate::model::TargetPage>(cfg),
        generated::<TierCoverage>(cfg),
        generated::<Coverage>(cfg),
        generated::<Rumor>(cfg),
        generated::<Rebuttal>(cfg),
        generated::<RebuttalInput>(cfg),
        generated::<PushStatus>(cfg),
        generated::<Push>(cfg),
        generated::<CaseSource>(cfg),
        generated::<CaseInput>(cfg),
        generated::<TimelineEntry>(cfg),
        generated::<Case>(cfg),
        generated::<crate::rules::LevelRange>(cfg),
        generated::<crate::rules::Assessment>(cfg),
        generated::<crate::rules::LevelPreview>(cfg),
        generated::<crate::rules::CaseAction>(cfg),
        generated::<crate::rules::ActionState>(cfg),
        generated::<crate::rules::Refusal>(cfg),
        generated::<crate::rules::sources::Source>(cfg),
        generated::<crate::rules::sources::Reading>(cfg),
        generated::<crate::rules::sources::PlatformSettings>(cfg),
        generated::<crate::rules::sources::PlatformPace>(cfg),
        generated::<crate::rules::sources::SourcePreview>(cfg),
        generated::<CaseSummary>(cfg),
        generated::<CaseFilter>(cfg),
        generated::<SimilarCase>(cfg),
        generated::<PageText>(cfg),
        generated::<AssignInput>(cfg),
        generated::<AssignmentView>(cfg),
        generated::<CaseStatus>(cfg),
        generated::<Level>(cfg),
        generated::<Scores>(cfg),
        generated::<Deadlines>(cfg),
        generated::<LevelPolicy>(cfg),
        generated::<FactorGuidance>(cfg),
        generated::<SubjectRule>(cfg),
        generated::<UnitSubjects>(cfg),
        generated::<TerritoryPlaces>(cfg),
        generated::<AssignmentRules>(cfg),
        generated::<Hit>(cfg),
        generated::<Suggestion>(cfg),
        generated::<Bot>(cfg),
        generated::<BotDelivery>(cfg),
        generated::<BotInput>(cfg),
        generated::<BotKind>(cfg),
        generated::<CurvePoint>(cfg),
        generated::<DeliveryPurpose>(cfg),
        generated::<GroupCoverage>(cfg),
        generated::<ManualConfirm>(cfg),
        generated::<MonitorState>(cfg),
        generated::<PushBoard>(cfg),
        generated::<PushDraft>(cfg),
        generated::<PushEvent>(cfg),
        generated::<PushEventKind>(cfg),
        generated::<PushLaunch>(cfg),
        generated::<PushSettings>(cfg),
        generated::<PushSummary>(cfg),
        generated::<RemindOutcome>(cfg),
        generated::<SendOutcome>(cfg),
        generated::<SweepProgress>(cfg),
        generated::<TargetFilter>(cfg),
        generated::<TargetPreview>(cfg),
        generated::<TierCount>(cfg),
        generated::<TierDeadline>(cfg),
        generated::<BackupSettings>(cfg),
        generated::<BackupProgress>(cfg),
        generated::<crate::model::BulkProgress>(cfg),
        generated::<crate::model::Checkable>(cfg),
        generated::<crate::model::BlockedCause>(cfg),
        generated::<crate::model::TierCheckable>(cfg),
        generated::<crate::model::Readability>(cfg),
        generated::<crate::model::ProbeItem>(cfg),
        generated::<crate::model::ProbeReport>(cfg),
        generated::<crate::model::ProbeSummary>(cfg),
        generated::<crate::model::ProbeProgress>(cfg),
        generated::<crate::model::PastedEvidence>(cfg),
        generated::<crate::model::PastePreview>(cfg),
        generated::<crate::model::PasteTarget>(cfg),
        generated::<crate::model::PasteProgress>(cfg),
        generated::<crate::model::PastePick>(cfg),
        generated::<crate::model::PasteRefused>(cfg),
        generated::<crate::model::PasteOutcome>(cfg),
        generated::<crate::model::EvidenceImage>(cfg),
        generated::<crate::demo::DemoStatus>(cfg),
        generated::<crate::demo::DemoMessage>(cfg),
        generated::<crate::model::ImageEvidence>(cfg),
        generated::<crate::model::ImagePreview>(cfg),
        generated::<crate::model::ImagePick>(cfg),
        generated::<crate::rules::attribution::Attribution>(cfg),
        generated::<crate::rules::attribution::AttributedBy>(cfg),
        generated::<BackupReport>(cfg),
        generated::<BackupKind>(cfg),
        generated::<BackupFile>(cfg),
        generated::<BackupOverview>(cfg),
        generated::<AutoBackupOutcome>(cfg),
        generated::<RestoreOutcome>(cfg),
        generated::<Period>(cfg),
        generated::<DrillKind>(cfg),
        generated::<Drill>(cfg),
        generated::<Figure>(cfg),
        generated::<Bucket>(cfg),
        generated::<Timeliness>(cfg),
        generated::<CoverageLine>(cfg),
        generated::<Statistics>(cfg),
        generated::<WorkSummary>(cfg),
        generated::<OverdueTier>(cfg),
        generated::<Dashboard>(cfg),
        generated::<PushLine>(cfg),
        generated::<TargetLine>(cfg),
        generated::<DrillResult>(cfg),
        generated::<PushUpdated>(cfg),
        (PathBuf::from("events.ts"), crate::events::typescript()),
        (PathBuf::from("rules.ts"), rules_typescript()),
    ]
}

/// `ui/src/bindings/rules.ts`: values of rules the window needs before it has a record to
/// ask about (a form), as constants generated from the rules themselves.
fn rules_typescript() -> String {
    use crate::rules::sources;
    let list = |items: Vec<&str>| {
        items
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let report: Vec<&str> = CaseSource::ALL
        .into_iter()
        .filter(|s| s.is_report())
        .map(CaseSource::code)
        .collect();
    let pending: Vec<&str> = CaseStatus::ALL
        .into_iter()
        .filter(|s| s.rebuttal_pending())
        .map(CaseStatus::code)
        .collect();
    format!(
        "// Generated from the Rust rules by `make bindings`; do not edit.\n\
         import type {{ CaseSource }} from \"./CaseSource\";\n\
         import type {{ CaseStatus }} from \"./CaseStatus\";\n\n\
         /** Sources whose reporter is told the outcome (CaseSource::is_report). */\n\
         export const REPORT_SOURCES: readonly CaseSource[] = [{}];\n\n\
         /** Statuses in which the rebuttal's deadline is the one that counts. */\n\
         export const REBUTTAL_PENDING_STATUSES: readonly CaseStatus[] = [{}];\n\n\
         /** The longest name of an account, unit or bot, in characters. */\n\
         export const NAME_MAX_CHARS = {};\n\n\
         /** The longest title of a rumor or rebuttal, in characters. */\n\
         export const TITLE_MAX_CHARS = {};\n\n\
         /** How figures name the group of accounts without a unit or territory. */\n\
         export const UNFILLED = \"{}\";\n\n\
         /** Allowed [min, max] of the platform pace settings (PlatformPace). */\n\
         export const PACE_LIMITS = {{ weibo_interval_s: [{}, {}], bridge_interval_s: [{}, {}], bridge_concurrency: [{}, {}] }} as const;\n",
        list(report),
        list(pending),
        crate::model::NAME_MAX_CHARS,
        crate::store::TITLE_MAX,
        crate::store::NO_UNIT,
        sources::WEIBO_INTERVAL_S.0,
        sources::WEIBO_INTERVAL_S.1,
        sources::BRIDGE_INTERVAL_S.0,
        sources::BRIDGE_INTERVAL_S.1,
        sources::BRIDGE_CONCURRENCY.0,
        sources::BRIDGE_CONCURRENCY.1,
    )
}

/// `ui/tests/generated/case_actions.json`: what `Case.actions` holds for every status and
/// fact, so the window's tests render exactly what the core decides. Compact: `actions` and
/// `to` name the actions in order; each row (keyed `status|report|lead|rebuttal|feedback`,
/// 0/1) gives per action the index of its refusal in `refusals`, or null when allowed.
fn case_actions_json() -> String {
    use crate::rules::workflow::{actions, CaseAction, CaseFacts};
    let mut refusals: Vec<crate::rules::Refusal> = Vec::new();
    let mut rows = serde_json::Map::new();
    for status in CaseStatus::ALL {
        for bits in 0..16u8 {
            let facts = CaseFacts {
                status,
                is_report: bits & 1 != 0,
                has_lead_unit: bits & 2 != 0,
                has_rebuttal: bits & 4 != 0,
                has_feedback: bits & 8 != 0,
            };
            let cells: Vec<Option<usize>> = actions(&facts)
                .into_iter()
                .map(|a| {
                    a.refused.map(|r| {
                        refusals.iter().position(|x| *x == r).unwrap_or_else(|| {
                            refusals.push(r);
                            refusals.len() - 1
                        })
                    })
                })
                .collect();
            let key = format!(
                "{}|{}|{}|{}|{}",
                status.code(),
                bits & 1,
                (bits >> 1) & 1,
                (bits >> 2) & 1,
                (bits >> 3) & 1
            );
            rows.insert(key, serde_json::json!(cells));
        }
    }
    let all = CaseAction::ALL;
    let doc = serde_json::json!({
        "actions": all,
        "to": all.iter().map(|a| a.plain_move()).collect::<Vec<_>>(),
        "refusals": refusals,
        "rows": rows,
    });
    serde_json::to_string(&doc).expect("plain data") + "\n"
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
    let cfg = Config::new().with_large_int("number");
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    let mut stale = Vec::new();
    for (file, text) in all(&cfg) {
        let path = dir.join(&file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(file.display().to_string());
        }
    }
    let fixture = dir.join("../../tests/generated/case_actions.json");
    let text = case_actions_json();
    if update {
        std::fs::create_dir_all(fixture.parent().unwrap()).unwrap();
        std::fs::write(&fixture, &text).unwrap();
    } else if std::fs::read_to_string(&fixture).ok().as_deref() != Some(text.as_str()) {
        stale.push("ui/tests/generated/case_actions.json".into());
    }
    assert!(
        stale.is_empty(),
        "stale TypeScript bindings in ui/src/bindings: {stale:?}; run `make bindings`"
    );
}
