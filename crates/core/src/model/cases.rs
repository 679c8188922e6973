//! A rumor case from first sight to archive (谣言案件).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Rebuttal;
use crate::rules::{ActionState, CaseStatus, Deadlines, Level, Scores, Suggestion};

/// How a case came in (来源).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseSource {
    /// 网民举报
    NetizenReport,
    /// 巡查发现
    Patrol,
    /// 上级交办
    Assigned,
    /// 部门报送
    DepartmentReport,
}

impl CaseSource {
    pub const ALL: [CaseSource; 4] = [
        CaseSource::NetizenReport,
        CaseSource::Patrol,
        CaseSource::Assigned,
        CaseSource::DepartmentReport,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseSource::NetizenReport => "netizen_report",
            CaseSource::Patrol => "patrol",
            CaseSource::Assigned => "assigned",
            CaseSource::DepartmentReport => "department_report",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseSource::NetizenReport => "网民举报",
            CaseSource::Patrol => "巡查发现",
            CaseSource::Assigned => "上级交办",
            CaseSource::DepartmentReport => "部门报送",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseSource> {
        CaseSource::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Reports have a reporter who must get feedback before the case is archived.
    pub fn is_report(self) -> bool {
        matches!(
            self,
            CaseSource::NetizenReport | CaseSource::DepartmentReport
        )
    }
}

/// What intake records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CaseInput {
    pub title: String,
    pub content: String,
    /// Where it was seen (微博、微信群、抖音…), free text.
    pub platform: Option<String>,
    pub urls: Vec<String>,
    /// When it was first seen, "YYYY-MM-DD HH:MM" local time or RFC 3339.
    pub first_seen_at: Option<String>,
    pub source: CaseSource,
    pub reporter_name: Option<String>,
    /// Kept in full in the store; shown masked; left out of exports unless asked.
    pub reporter_contact: Option<String>,
}

/// One line of a case's append-only timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TimelineEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub at: String,
    pub actor: String,
    /// Stable code: created, assessed, assigned, status, rebuttal, feedback, archived, merged, note.
    pub action: String,
    /// What happened, in Chinese.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Case {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub content: String,
    pub platform: Option<String>,
    pub urls: Vec<String>,
    pub first_seen_at: Option<String>,
    pub source: CaseSource,
    pub reporter_name: Option<String>,
    /// Masked (138****0000); the full value never leaves the store except on request.
    pub reporter_contact_masked: Option<String>,
    pub status: CaseStatus,
    pub scores: Option<Scores>,
    /// The risk index of the scores (3–15), when assessed.
    pub risk: Option<u8>,
    pub level: Option<Level>,
    pub deadlines: Option<Deadlines>,
    /// When the rebuttal is due (first seen + the level's rebuttal hours), RFC 3339.
    pub rebuttal_due_at: Option<String>,
    pub overdue: bool,
    pub lead_unit: Option<String>,
    pub co_units: Vec<String>,
    /// The suggestion's explanation, or the coordinator's reason for overriding it.
    pub assignment_note: Option<String>,
    pub rebuttal: Option<Rebuttal>,
    pub feedback: Option<String>,
    pub feedback_at: Option<String>,
    pub summary: Option<String>,
    pub archived_at: Option<String>,
    #[ts(type = "number | null")]
    pub merged_into: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub timeline: Vec<TimelineEntry>,
    /// Every step of the workflow, allowed now or refused with why (`rules::workflow`).
    pub actions: Vec<ActionState>,
}

/// A row of the case list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CaseSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub status: CaseStatus,
    pub level: Option<Level>,
    pub source: CaseSource,
    pub lead_unit: Option<String>,
    pub co_units: Vec<String>,
    pub first_seen_at: Option<String>,
    pub created_at: String,
    pub rebuttal_due_at: Option<String>,
    pub overdue: bool,
}

/// What the case list can be ordered by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseSortKey {
    /// 登记时间
    #[default]
    CreatedAt,
    /// 首次发现
    FirstSeenAt,
    /// 等级
    Level,
    /// 辟谣时限
    RebuttalDueAt,
}

/// The case list's order. Cases without the value (not assessed, no deadline, first sighting
/// unknown) come last either way; ties show the newest registration first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaseSort {
    pub key: CaseSortKey,
    pub descending: bool,
}

impl Default for CaseSort {
    /// Newest registrations first, as the list opens.
    fn default() -> Self {
        CaseSort {
            key: CaseSortKey::CreatedAt,
            descending: true,
        }
    }
}

/// One page of the case list: its rows, how many cases match in all and how many of those
/// are overdue, and the page actually shown (a page past the end shows the last one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CasePage {
    pub rows: Vec<CaseSummary>,
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub overdue: i64,
    pub page: u32,
    pub page_size: u32,
}

/// Filters of the case list and archive search; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct CaseFilter {
    /// Full-text: any substring (one character or more) of title, content, rebuttal, summary.
    pub query: Option<String>,
    pub status: Option<CaseStatus>,
    pub level: Option<Level>,
    /// Lead or co-unit name.
    pub unit: Option<String>,
    /// A subject (公安、卫生健康…) the case's text falls under.
    pub subject: Option<String>,
    /// A territory named in the case's text.
    pub territory: Option<String>,
    /// Created on or after / before (YYYY-MM-DD).
    pub from: Option<String>,
    pub to: Option<String>,
}

/// An existing case whose text resembles a new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SimilarCase {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub status: CaseStatus,
    pub created_at: String,
    /// 0..1
    pub score: f32,
}

/// The coordinator's choice of responsible bodies; a reason is required when it differs
/// from the suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AssignInput {
    pub lead_unit: String,
    pub co_units: Vec<String>,
    pub reason: Option<String>,
}

/// The suggestion for a case, with the units it may choose from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AssignmentView {
    pub suggestion: Suggestion,
    pub units: Vec<String>,
}

/// A page's title and plain text, as the checker's extraction reads them (to fill a
/// rebuttal form from its URL). Untrusted text: shown as plain text only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PageText {
    pub url: String,
    pub title: String,
    pub text: String,
    pub published_at: Option<String>,
}

/// Masks a reporter's contact for display: phone numbers keep their first 3 and last 4 digits,
/// e-mail addresses their first 2 characters and the domain, anything else its first and last
/// quarter.
pub fn mask_contact(contact: &str) -> String {
    let c = contact.trim();
    let chars: Vec<char> = c.chars().collect();
    if let Some((user, domain)) = c.split_once('@') {
        let keep: String = user.chars().take(2).collect();
        return format!("{keep}***@{domain}");
    }
    let digits = chars.iter().filter(|ch| ch.is_ascii_digit()).count();
    if digits >= 7 && digits * 10 >= chars.len() * 7 {
        let mut seen = 0;
        return chars
            .iter()
            .map(|ch| {
                if ch.is_ascii_digit() {
                    seen += 1;
                    if seen > 3 && seen <= digits - 4 {
                        return '*';
                    }
                }
                *ch
            })
            .collect();
    }
    let n = chars.len();
    if n <= 2 {
        return "*".repeat(n.max(1));
    }
    let keep = (n / 4).max(1);
    chars
        .iter()
        .enumerate()
        .map(|(i, ch)| if i < keep || i >= n - keep { *ch } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::mask_contact;

    #[test]
    fn contacts_are_masked() {
        assert_eq!(mask_contact("13812345678"), "138****5678");
        assert_eq!(mask_contact("0871-6000110"), "087*-***0110");
        assert_eq!(mask_contact("zhangsan@example.cn"), "zh***@example.cn");
        assert_eq!(mask_contact("张三"), "**");
        let masked = mask_contact("微信号 wx_abc123456");
        assert!(
            masked.contains('*') && !masked.contains("abc123"),
            "{masked}"
        );
    }
}
