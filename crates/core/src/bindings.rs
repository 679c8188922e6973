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
    ]
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
    assert!(
        stale.is_empty(),
        "stale TypeScript bindings in ui/src/bindings: {stale:?}; run `make bindings`"
    );
}
