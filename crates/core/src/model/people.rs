//! Evidence from people: links pasted from the work group, read and attributed to a target.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Verdict;
use crate::rules::attribution::Attribution;

/// One link found in what was pasted on the board, verified and attributed (the preview).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PastedEvidence {
    pub url: String,
    /// Who sent it, when the pasted text says.
    pub sender: Option<String>,
    /// The line it came in, shortened; text only.
    pub line: String,
    /// The checker's verdict on the page against this push's rebuttal.
    pub verdict: Verdict,
    pub explanation: String,
    /// The account name the page shows, when it shows one.
    pub shown_account: Option<String>,
    pub attribution: Attribution,
    /// The attributed account's name.
    pub account: Option<String>,
    /// Confirmed by 确认 unless the coordinator changes it: a verified repost of this
    /// rebuttal by a target not yet confirmed.
    pub accepted: bool,
    /// What confirming will do, or why this link is not taken (Chinese).
    pub note: String,
}

/// A target of the push, for the coordinator to pick where a link is not attributed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PasteTarget {
    #[ts(type = "number")]
    pub account_id: i64,
    pub name: String,
    /// Already confirmed as reposted.
    pub reposted: bool,
}

/// Links read of a paste, for its progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PasteProgress {
    #[ts(type = "number")]
    pub push_id: i64,
    pub done: u32,
    pub total: u32,
}

/// What a paste holds: every link, in the order pasted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PastePreview {
    #[ts(type = "number")]
    pub push_id: i64,
    pub links: Vec<PastedEvidence>,
    /// The push's targets (by name), to pick from.
    pub targets: Vec<PasteTarget>,
    /// Links beyond the most one paste takes, left out.
    pub left_out: u32,
}

/// A link the coordinator confirms as the repost of an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PastePick {
    pub url: String,
    #[ts(type = "number")]
    pub account_id: i64,
}

/// A screenshot (by its path on this computer) the coordinator confirms as an account's repost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImagePick {
    pub path: String,
    #[ts(type = "number")]
    pub account_id: i64,
}

/// One pick that could not be confirmed, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PasteRefused {
    pub url: String,
    #[ts(type = "number")]
    pub account_id: i64,
    pub why: String,
}

/// What 确认 did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PasteOutcome {
    /// The accounts confirmed, by name.
    pub confirmed: Vec<String>,
    pub refused: Vec<PasteRefused>,
}

/// A screenshot kept as evidence of a target's repost (its bytes stay in the database).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EvidenceImage {
    /// BLAKE3 of the bytes, hex: the image's name in the store.
    pub hash: String,
    /// `png`, `jpeg` or `webp`.
    pub format: String,
    pub width: u32,
    pub height: u32,
    #[ts(type = "number")]
    pub size: i64,
    pub file_name: Option<String>,
    pub confirmed_by: String,
    pub confirmed_at: String,
}

/// One screenshot of a batch, read and judged against the push's rebuttal (the preview).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImageEvidence {
    /// The file's name as given.
    pub file: String,
    /// 已转载, 转发了谣言, 未发现转载 (another article, nothing), or 无法读取 (not an image,
    /// too large, damaged: `explanation` says which).
    pub verdict: Verdict,
    pub explanation: String,
    /// The text recognised in it, shortened; text only.
    pub text: String,
    pub attribution: Attribution,
    pub account: Option<String>,
    pub accepted: bool,
    pub note: String,
}

/// What a batch of screenshots holds, in the order given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImagePreview {
    #[ts(type = "number")]
    pub push_id: i64,
    pub images: Vec<ImageEvidence>,
    pub targets: Vec<PasteTarget>,
}
