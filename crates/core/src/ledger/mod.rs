//! The ledger (台账) as offices keep it: import from and export to XLSX and CSV.

mod columns;
mod export;
mod import;
pub(crate) mod sheet;

pub use columns::Column;
pub use import::{ImportAction, ImportPreview, ImportRow, ImportSummary};
pub use sheet::text_of;

/// Parses CSV bytes (any encoding the import accepts) into a sheet, for data that ships inside
/// the binary.
pub(crate) fn sheet_from_csv(bytes: &[u8]) -> crate::Result<sheet::Sheet> {
    sheet::from_csv_bytes(bytes)
}
