//! A case's statuses, the only ways it may move between them, and which of a case's steps
//! (its actions) may be taken now, from the case's facts. This module decides; the store
//! checks `check` inside the transaction of every step, `Case.actions` carries the answer for
//! every action to the window, and the window only renders it.

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

    /// Before the rebuttal is out, the rebuttal's deadline is the one that counts.
    pub fn rebuttal_pending(self) -> bool {
        matches!(
            self,
            CaseStatus::New | CaseStatus::Assessed | CaseStatus::Verifying
        )
    }

    /// Closed cases are frozen: no field changes, no transitions.
    pub fn is_frozen(self) -> bool {
        matches!(self, CaseStatus::Archived | CaseStatus::Merged)
    }
}

/// A step a coordinator may take on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseAction {
    /// 研判: score severity, controllability and influence (a new case becomes 已研判).
    Assess,
    /// 指定辟谣主体: the lead unit and co-units.
    Assign,
    /// 开始核查 (→ 核查中).
    Verify,
    /// 录入辟谣信息 (核查中 → 已发布辟谣).
    RecordRebuttal,
    /// 发起推送 (已发布辟谣 → 推送中).
    LaunchPush,
    /// 办结 (→ 已办结).
    Complete,
    /// 不予处置 (→ 不予处置).
    Decline,
    /// 合并 into another case (→ 已合并).
    Merge,
    /// 反馈 to whoever reported the rumor.
    Feedback,
    /// 归档 (→ 已归档, frozen).
    Archive,
}

impl CaseAction {
    pub const ALL: [CaseAction; 10] = [
        CaseAction::Assess,
        CaseAction::Assign,
        CaseAction::Verify,
        CaseAction::RecordRebuttal,
        CaseAction::LaunchPush,
        CaseAction::Complete,
        CaseAction::Decline,
        CaseAction::Merge,
        CaseAction::Feedback,
        CaseAction::Archive,
    ];

    /// The status the action moves a case to when it is the plain status change of
    /// `Db::transition_case` (the other actions have calls of their own).
    pub fn plain_move(self) -> Option<CaseStatus> {
        match self {
            CaseAction::Verify => Some(CaseStatus::Verifying),
            CaseAction::Complete => Some(CaseStatus::Done),
            CaseAction::Decline => Some(CaseStatus::Declined),
            _ => None,
        }
    }

    /// The action whose status change this is.
    pub fn moving_to(to: CaseStatus) -> CaseAction {
        match to {
            CaseStatus::New | CaseStatus::Assessed => CaseAction::Assess,
            CaseStatus::Verifying => CaseAction::Verify,
            CaseStatus::RebuttalPublished => CaseAction::RecordRebuttal,
            CaseStatus::Pushing => CaseAction::LaunchPush,
            CaseStatus::Done => CaseAction::Complete,
            CaseStatus::Declined => CaseAction::Decline,
            CaseStatus::Merged => CaseAction::Merge,
            CaseStatus::Archived => CaseAction::Archive,
        }
    }
}

/// What the rules need to know of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    pub status: CaseStatus,
    /// From a netizen's or a department's report: the reporter gets feedback.
    pub is_report: bool,
    pub has_lead_unit: bool,
    pub has_rebuttal: bool,
    pub has_feedback: bool,
}

/// Why an action is refused now: a stable code and a Chinese reason for the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Refusal {
    /// `frozen` (archived or merged), `status` (not a step of this status), or the missing
    /// precondition: `needs_assessment`, `needs_lead_unit`, `needs_rebuttal`, `not_report`,
    /// `needs_outcome`, `needs_feedback`.
    pub code: String,
    pub reason: String,
}

/// One action of a case as the window shows it: allowed now, or refused with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionState {
    pub action: CaseAction,
    /// For the plain status changes (开始核查, 办结, 不予处置): the status it moves to.
    pub to: Option<CaseStatus>,
    pub refused: Option<Refusal>,
}

fn refuse(code: &str, reason: impl Into<String>) -> Refusal {
    Refusal {
        code: code.into(),
        reason: reason.into(),
    }
}

/// May `action` be taken on a case with these facts now? The one rule, for the store and
/// the window alike (the table test below lists every status × action).
pub fn check(f: &CaseFacts, action: CaseAction) -> Result<(), Refusal> {
    use CaseAction as A;
    use CaseStatus as S;
    let s = f.status;
    if s.is_frozen() {
        return Err(refuse("frozen", format!("案件已{}，不能再修改", s.label())));
    }
    let not_now = |what: &str| {
        Err(refuse(
            "status",
            format!("案件处于「{}」状态，不能{what}", s.label()),
        ))
    };
    match action {
        // A correction stays possible until the rebuttal is out: the level sets the
        // rebuttal's deadline and the push's.
        A::Assess => match s {
            S::New | S::Assessed | S::Verifying => Ok(()),
            _ => not_now("再修改研判"),
        },
        A::Assign => match s {
            S::New => Err(refuse("needs_assessment", "请先完成研判，再指定辟谣主体")),
            S::Assessed | S::Verifying => Ok(()),
            _ => not_now("再调整辟谣主体"),
        },
        A::Verify => match s {
            S::New => Err(refuse("status", "请先完成研判，再开始核查")),
            S::Assessed if !f.has_lead_unit => Err(refuse(
                "needs_lead_unit",
                "请先指定辟谣主体（牵头单位），再开始核查",
            )),
            S::Assessed => Ok(()),
            _ => not_now("开始核查"),
        },
        // Recording the rebuttal ends verification; a follow-up statement (续报) may be
        // recorded while the case is published or pushed (new pushes carry the newest; a
        // launched push keeps the one it was launched with).
        A::RecordRebuttal => match s {
            S::New | S::Assessed => Err(refuse("status", "开始核查后才能录入辟谣信息")),
            S::Verifying | S::RebuttalPublished | S::Pushing => Ok(()),
            _ => not_now("再录入辟谣信息"),
        },
        A::LaunchPush => match s {
            S::RebuttalPublished | S::Pushing if f.has_rebuttal => Ok(()),
            S::RebuttalPublished | S::Pushing => {
                Err(refuse("needs_rebuttal", "请先录入已发布的辟谣信息"))
            }
            S::New | S::Assessed | S::Verifying => {
                Err(refuse("status", "辟谣信息发布后才能发起推送"))
            }
            _ => not_now("发起推送"),
        },
        A::Complete => match s {
            S::RebuttalPublished | S::Pushing => Ok(()),
            _ => not_now("办结"),
        },
        A::Decline => match s {
            S::New | S::Assessed | S::Verifying => Ok(()),
            _ => not_now("不予处置"),
        },
        A::Merge => match s {
            S::New | S::Assessed => Ok(()),
            _ => not_now("合并（只有核查前的线索可以合并）"),
        },
        A::Feedback if !f.is_report => {
            Err(refuse("not_report", "只有举报、报送的案件需要向来源反馈"))
        }
        A::Feedback => match s {
            S::RebuttalPublished | S::Pushing | S::Done | S::Declined => Ok(()),
            _ => Err(refuse(
                "needs_outcome",
                "核查有结论（辟谣已发布或不予处置）后再向举报人反馈",
            )),
        },
        A::Archive => match s {
            S::Done | S::Declined if f.is_report && !f.has_feedback => Err(refuse(
                "needs_feedback",
                "该案件来自举报，须先记录向举报人的反馈才能归档",
            )),
            S::Done | S::Declined => Ok(()),
            _ => not_now("归档（办结或不予处置后才能归档）"),
        },
    }
}

/// Every action of a case, allowed or refused with why.
pub fn actions(f: &CaseFacts) -> Vec<ActionState> {
    CaseAction::ALL
        .into_iter()
        .map(|action| ActionState {
            action,
            to: action.plain_move(),
            refused: check(f, action).err(),
        })
        .collect()
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

    /// Every status × action: `.` allowed, otherwise the refusal's code (first letters), for
    /// a report case with a lead unit, a rebuttal and no feedback yet.
    #[test]
    fn every_status_and_action() {
        use super::{check, CaseAction, CaseFacts};
        let code = |f: &CaseFacts, a: CaseAction| match check(f, a) {
            Ok(()) => ".".to_string(),
            Err(r) => r.code,
        };
        //            assess assign verify record launch complete decline merge feedback archive
        let table: [(CaseStatus, [&str; 10]); 9] = [
            (
                New,
                [
                    ".",
                    "needs_assessment",
                    "status",
                    "status",
                    "status",
                    "status",
                    ".",
                    ".",
                    "needs_outcome",
                    "status",
                ],
            ),
            (
                Assessed,
                [
                    ".",
                    ".",
                    ".",
                    "status",
                    "status",
                    "status",
                    ".",
                    ".",
                    "needs_outcome",
                    "status",
                ],
            ),
            (
                Verifying,
                [
                    ".",
                    ".",
                    "status",
                    ".",
                    "status",
                    "status",
                    ".",
                    "status",
                    "needs_outcome",
                    "status",
                ],
            ),
            (
                RebuttalPublished,
                [
                    "status", "status", "status", ".", ".", ".", "status", "status", ".", "status",
                ],
            ),
            (
                Pushing,
                [
                    "status", "status", "status", ".", ".", ".", "status", "status", ".", "status",
                ],
            ),
            (
                Done,
                [
                    "status",
                    "status",
                    "status",
                    "status",
                    "status",
                    "status",
                    "status",
                    "status",
                    ".",
                    "needs_feedback",
                ],
            ),
            (
                Declined,
                [
                    "status",
                    "status",
                    "status",
                    "status",
                    "status",
                    "status",
                    "status",
                    "status",
                    ".",
                    "needs_feedback",
                ],
            ),
            (Archived, ["frozen"; 10]),
            (Merged, ["frozen"; 10]),
        ];
        for (status, row) in table {
            let f = CaseFacts {
                status,
                is_report: true,
                has_lead_unit: true,
                has_rebuttal: true,
                has_feedback: false,
            };
            for (a, want) in CaseAction::ALL.into_iter().zip(row) {
                assert_eq!(code(&f, a), want, "{status:?} × {a:?}");
            }
        }
        // the preconditions
        let base = CaseFacts {
            status: Assessed,
            is_report: false,
            has_lead_unit: false,
            has_rebuttal: false,
            has_feedback: false,
        };
        assert_eq!(code(&base, CaseAction::Verify), "needs_lead_unit");
        assert_eq!(code(&base, CaseAction::Feedback), "not_report");
        let published = CaseFacts {
            status: RebuttalPublished,
            ..base
        };
        assert_eq!(code(&published, CaseAction::LaunchPush), "needs_rebuttal");
        let done = CaseFacts {
            status: Done,
            ..base
        };
        assert_eq!(code(&done, CaseAction::Archive), ".");
        let reported = CaseFacts {
            status: Done,
            is_report: true,
            has_feedback: true,
            ..base
        };
        assert_eq!(code(&reported, CaseAction::Archive), ".");
        // every allowed status change is a transition of the status table
        for status in CaseStatus::ALL {
            let f = CaseFacts {
                status,
                is_report: true,
                has_lead_unit: true,
                has_rebuttal: true,
                has_feedback: true,
            };
            for a in CaseAction::ALL {
                if let (Ok(()), Some(to)) = (check(&f, a), a.plain_move()) {
                    assert!(status.can_move_to(to), "{status:?} → {to:?}");
                }
            }
        }
    }
}
