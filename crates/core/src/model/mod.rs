//! Plain domain types, shared by the store, the shell, the CLI and (through ts-rs) the UI.

mod account;
mod backup;
mod bot;
mod case;
mod cases;
mod check;
mod people;
mod platform;
mod push;
mod stats;
mod tier;
mod unit;

pub use account::{
    Account, AccountFilter, AccountInput, AccountPage, BulkProgress, Checkable, ProbeItem,
    ProbeProgress, ProbeReport, ProbeSummary, Readability, NAME_MAX_CHARS,
};
pub use backup::{
    AutoBackupOutcome, BackupFile, BackupKind, BackupOverview, BackupProgress, BackupReport,
    BackupSettings, RestoreOutcome,
};
pub use bot::{Bot, BotDelivery, BotInput, BotKind, DeliveryPurpose, SendOutcome};
pub use case::{Push, PushStatus, Rebuttal, RebuttalInput, Rumor};
pub use cases::{
    mask_contact, AssignInput, AssignmentView, Case, CaseFilter, CaseInput, CasePage, CaseSort,
    CaseSortKey, CaseSource, CaseSummary, PageText, SimilarCase, TimelineEntry,
};
pub use check::{
    Coverage, Evidence, ReadItem, TargetPage, TargetQuery, TargetResult, TierCoverage, Verdict,
};
pub use people::{
    EvidenceImage, ImageEvidence, ImagePick, ImagePreview, PasteOutcome, PastePick, PastePreview,
    PasteProgress, PasteRefused, PasteTarget, PastedEvidence,
};
pub use platform::Platform;
pub use push::{
    BlockedCause, CurvePoint, GroupCoverage, ManualConfirm, MonitorState, PushBoard, PushDraft,
    PushEvent, PushEventKind, PushLaunch, PushSettings, PushSummary, PushUpdated, RemindOutcome,
    SweepProgress, TargetFilter, TargetPreview, TierCount, TierDeadline,
};
pub use stats::{
    Bucket, CoverageLine, Dashboard, Drill, DrillKind, DrillResult, Figure, OverdueTier, Period,
    PushLine, Statistics, TargetLine, TierCheckable, Timeliness, WorkSummary,
};
pub use tier::Tier;
pub use unit::{Territory, Unit, UnitKind};
