use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Tier;

/// 谣言: a false claim as first recorded. (The case workflow grows around it later.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Rumor {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub content: String,
    pub created_at: String,
}

/// 辟谣信息: the published statement a push asks the matrix to repost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Rebuttal {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub rumor_id: i64,
    pub title: String,
    pub content: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RebuttalInput {
    #[ts(type = "number")]
    pub rumor_id: i64,
    pub title: String,
    pub content: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published_at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    Active,
    Finished,
    Cancelled,
}

/// 推送: the request to the matrix to repost one rebuttal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Push {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub rebuttal_id: i64,
    pub status: PushStatus,
    pub created_at: String,
    /// Tiers targeted at launch, main force first.
    pub tiers: Vec<Tier>,
    #[ts(type = "number")]
    pub targets: i64,
    /// Per-tier deadlines set at launch (empty for pushes started without them).
    pub deadlines: Vec<super::TierDeadline>,
    /// The notice text sent at launch.
    pub notice: String,
    pub finished_at: Option<String>,
}
