//! Plain domain types, shared by the store, the shell, the CLI and (through ts-rs) the UI.

mod account;
mod case;
mod cases;
mod check;
mod platform;
mod tier;
mod unit;

pub use account::{Account, AccountFilter, AccountInput, NAME_MAX_CHARS};
pub use case::{Push, PushStatus, Rebuttal, RebuttalInput, Rumor};
pub use cases::{mask_contact, AssignInput, AssignmentView, Case, CaseFilter, CaseInput, CaseSource, CaseSummary, PageText, SimilarCase, TimelineEntry};
pub use check::{Coverage, Evidence, TargetResult, TierCoverage, Verdict};
pub use platform::Platform;
pub use tier::Tier;
pub use unit::{Territory, Unit, UnitKind};
