//! Piyao Matrix core: domain types, the SQLite store, and the ledger. No desktop framework
//! here: the Tauri shell and the `piyao` CLI are two hosts over these functions.

pub mod case_export;
pub mod demo;
mod demo_year;
pub mod error;
pub mod events;
pub mod evidence_package;
pub mod ledger;
pub mod model;
pub mod progress;
pub mod report;
pub mod rules;
pub mod search;
pub mod status;
pub mod store;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;

pub use error::{Error, Result};
pub use status::{ApiError, DbStatus};
pub use store::Db;

#[cfg(test)]
mod bindings;
