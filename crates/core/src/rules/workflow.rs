//! A case's statuses and the only ways it may move between them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// 新登记
    New,
    /// 已研判
    Assessed,
    /// 核查中
    Verifying,
    /// 已发布辟谣
    RebuttalPublished,
    /// 推送中
    Pushing,
    /// 已办结
    Done,
    /// 已归档
    Archived,
    /// 不予处置 (not a rumor, out of scope)
    Declined,
    /// 已合并 into another case
    Merged,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 9] = [
        CaseStatus::New,
        CaseStatus::Assessed,
        CaseStatus::Verifying,
        CaseStatus::RebuttalPublished,
        CaseStatus::Pushing,
        CaseStatus::Done,
        CaseStatus::Archived,
        CaseStatus::Declined,
        CaseStatus::Merged,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::New => "new",
            CaseStatus::Assessed => "assessed",
            CaseStatus::Verifying => "verifying",
            CaseStatus::RebuttalPublished => "rebuttal_published",
            CaseStatus::Pushing => "pushing",
            CaseStatus::Done => "done",
            CaseStatus::Archived => "archived",
            CaseStatus::Declined => "declined",
            CaseStatus::Merged => "merged",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::New => "新登记",
            CaseStatus::Assessed => "已研判",
            CaseStatus::Verifying => "核查中",
            CaseStatus::RebuttalPublished => "已发布辟谣",
            CaseStatus::Pushing => "推送中",
            CaseStatus::Done => "已办结",
            CaseStatus::Archived => "已归档",
            CaseStatus::Declined => "不予处置",
            CaseStatus::Merged => "已合并",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Where a case in this status may go next.
    pub fn next(self) -> &'static [CaseStatus] {
        use CaseStatus::*;
        match self {
            New => &[Assessed, Declined, Merged],
            Assessed => &[Verifying, Declined, Merged],
            Verifying => &[RebuttalPublished, Declined],
            RebuttalPublished => &[Pushing, Done],
            Pushing => &[Done],
            Done => &[Archived],
            Declined => &[Archived],
            Archived | Merged => &[],
        }
    }

    pub fn can_move_to(self, to: CaseStatus) -> bool {
        self.next().contains(&to)
    }

    /// Closed cases are frozen: no field changes, no transitions.
    pub fn is_frozen(self) -> bool {
        matches!(self, CaseStatus::Archived | CaseStatus::Merged)
    }
}

#[cfg(test)]
mod tests {
    use super::CaseStatus::{self, *};

    #[test]
    fn transitions_table() {
        let allowed = [
            (New, Assessed),
            (New, Declined),
            (New, Merged),
            (Assessed, Verifying),
            (Verifying, RebuttalPublished),
            (Verifying, Declined),
            (RebuttalPublished, Pushing),
            (RebuttalPublished, Done),
            (Pushing, Done),
            (Done, Archived),
            (Declined, Archived),
        ];
        let refused = [
            (New, Archived),
            (New, RebuttalPublished),
            (Assessed, Done),
            (Pushing, Archived),
            (Archived, New),
            (Merged, New),
            (Done, Pushing),
            (New, New),
        ];
        for (a, b) in allowed {
            assert!(a.can_move_to(b), "{a:?} → {b:?}");
        }
        for (a, b) in refused {
            assert!(!a.can_move_to(b), "{a:?} → {b:?}");
        }
    }

    #[test]
    fn every_status_reaches_an_end() {
        for s in CaseStatus::ALL {
            let mut cur = s;
            for _ in 0..10 {
                match cur.next().first() {
                    Some(n) => cur = *n,
                    None => break,
                }
            }
            assert!(cur.next().is_empty(), "{s:?} never ends");
            assert_eq!(CaseStatus::from_code(s.code()), Some(s));
        }
    }
}
