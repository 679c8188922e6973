//! 研判: severity (严重性), controllability (可控性) and influence (影响力), each 1–5, assessed
//! together into a level (等级), and the response deadlines each level sets.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 一般
    General,
    /// 较大
    Major,
    /// 重大
    Serious,
    /// 特别重大
    Critical,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::General,
        Level::Major,
        Level::Serious,
        Level::Critical,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Level::General => "general",
            Level::Major => "major",
            Level::Serious => "serious",
            Level::Critical => "critical",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::General => "一般",
            Level::Major => "较大",
            Level::Serious => "重大",
            Level::Critical => "特别重大",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        let t = text.trim();
        Level::ALL
            .into_iter()
            .find(|l| t == l.label() || t.eq_ignore_ascii_case(l.code()))
    }
}

/// The three scores of an assessment, each 1 (least) to 5 (most). Controllability is
/// "how well the situation can be kept in hand": 5 is fully controllable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Scores {
    pub severity: u8,
    pub controllability: u8,
    pub influence: u8,
}

impl Scores {
    pub fn validate(&self) -> Result<()> {
        for (name, v) in [
            ("严重性", self.severity),
            ("可控性", self.controllability),
            ("影响力", self.influence),
        ] {
            if !(1..=5).contains(&v) {
                return Err(Error::Invalid(format!("{name}评分须在 1–5 之间，收到 {v}")));
            }
        }
        Ok(())
    }

    /// Risk index 3–15: severity + influence + (6 − controllability).
    pub fn risk(&self) -> u8 {
        self.severity + self.influence + (6 - self.controllability)
    }
}

/// Hours allowed, from the case's first sighting, for each step of the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Deadlines {
    /// The rebuttal published within …
    pub rebuttal_hours: u32,
    /// Main force reposted within … of the push.
    pub main_hours: u32,
    /// Auxiliary force reposted within … of the push.
    pub auxiliary_hours: u32,
}

/// How scores become a level, and what each level demands. Configurable by the office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LevelPolicy {
    /// Lowest risk index of 较大, 重大 and 特别重大 (ascending).
    pub major_from: u8,
    pub serious_from: u8,
    pub critical_from: u8,
    /// A severity of 5 is at least 重大, whatever the other scores.
    pub severity_five_is_serious: bool,
    /// Deadlines of 一般, 较大, 重大, 特别重大, in that order.
    pub deadlines: [Deadlines; 4],
}

impl Default for LevelPolicy {
    fn default() -> Self {
        let d = |rebuttal_hours, main_hours, auxiliary_hours| Deadlines {
            rebuttal_hours,
            main_hours,
            auxiliary_hours,
        };
        LevelPolicy {
            major_from: 8,
            serious_from: 11,
            critical_from: 13,
            severity_five_is_serious: true,
            deadlines: [d(24, 12, 24), d(12, 6, 12), d(6, 3, 6), d(2, 1, 3)],
        }
    }
}

impl LevelPolicy {
    pub fn validate(&self) -> Result<()> {
        let ok = (4..=15).contains(&self.major_from)
            && self.major_from < self.serious_from
            && self.serious_from < self.critical_from
            && self.critical_from <= 15;
        if !ok {
            return Err(Error::Invalid(
                "等级阈值须满足 4 ≤ 较大 < 重大 < 特别重大 ≤ 15（风险指数 = 严重性 + 影响力 + (6 − 可控性)）".into(),
            ));
        }
        if self
            .deadlines
            .iter()
            .any(|d| d.rebuttal_hours == 0 || d.main_hours == 0 || d.auxiliary_hours == 0)
        {
            return Err(Error::Invalid("处置时限须为正的小时数".into()));
        }
        Ok(())
    }

    pub fn level(&self, s: &Scores) -> Level {
        let risk = s.risk();
        let by_risk = if risk >= self.critical_from {
            Level::Critical
        } else if risk >= self.serious_from {
            Level::Serious
        } else if risk >= self.major_from {
            Level::Major
        } else {
            Level::General
        };
        if self.severity_five_is_serious && s.severity == 5 {
            by_risk.max(Level::Serious)
        } else {
            by_risk
        }
    }

    pub fn deadlines(&self, level: Level) -> Deadlines {
        self.deadlines[level as usize]
    }
}

/// The risk indexes that give one level under a policy (both ends included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LevelRange {
    pub level: Level,
    pub from: u8,
    pub to: u8,
}

/// What a set of scores gives under a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Assessment {
    /// 3–15: severity + influence + (6 − controllability).
    pub risk: u8,
    pub level: Level,
    pub deadlines: Deadlines,
}

/// A policy as the forms show it before saving: what is wrong with it, the risk range of
/// each level, and what the scores being chosen would give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LevelPreview {
    pub problem: Option<String>,
    pub ranges: Vec<LevelRange>,
    pub assessment: Option<Assessment>,
}

impl LevelPolicy {
    /// The risk range of each level, lowest level first.
    pub fn ranges(&self) -> Vec<LevelRange> {
        let r = |level, from: u8, to: u8| LevelRange { level, from, to };
        vec![
            r(Level::General, 3, self.major_from.saturating_sub(1)),
            r(
                Level::Major,
                self.major_from,
                self.serious_from.saturating_sub(1),
            ),
            r(
                Level::Serious,
                self.serious_from,
                self.critical_from.saturating_sub(1),
            ),
            r(Level::Critical, self.critical_from, 15),
        ]
    }

    /// The scores' risk, level and deadlines under this policy.
    pub fn assess(&self, s: &Scores) -> Assessment {
        let level = self.level(s);
        Assessment {
            risk: s.risk(),
            level,
            deadlines: self.deadlines(level),
        }
    }

    /// The preview the assessment form and the rules page show; scores that are not all
    /// chosen (or out of range) give no assessment.
    pub fn preview(&self, scores: Option<&Scores>) -> LevelPreview {
        let problem = self.validate().err().map(|e| e.to_string());
        LevelPreview {
            ranges: self.ranges(),
            assessment: scores
                .filter(|s| s.validate().is_ok() && problem.is_none())
                .map(|s| self.assess(s)),
            problem,
        }
    }
}

/// What the scores of one factor mean, for the assessment form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FactorGuidance {
    /// severity | controllability | influence
    pub key: String,
    pub label: String,
    /// Meaning of 1..=5.
    pub levels: Vec<String>,
}

pub fn factor_guidance() -> Vec<FactorGuidance> {
    ["severity", "controllability", "influence"]
        .iter()
        .zip(guidance())
        .map(|(key, (label, levels))| FactorGuidance {
            key: key.to_string(),
            label: label.to_string(),
            levels: levels.iter().map(|l| l.to_string()).collect(),
        })
        .collect()
}

/// What each score means, for the assessment form.
pub fn guidance() -> [(&'static str, [&'static str; 5]); 3] {
    [
        (
            "严重性",
            [
                "1 生活常识类误传，基本无害",
                "2 引起少数人误解，危害轻微",
                "3 涉及公共服务或个人财产，可能造成损失",
                "4 涉及公共安全、疫情、治安等，可能引发恐慌",
                "5 涉及人身安全、重大案件或社会稳定，危害严重",
            ],
        ),
        (
            "可控性",
            [
                "1 事实难以核清，已多平台扩散，难以处置",
                "2 核查困难，扩散较快",
                "3 可以核查，扩散范围一般",
                "4 事实清楚，传播渠道可控",
                "5 事实清楚，信息源已锁定，完全可控",
            ],
        ),
        (
            "影响力",
            [
                "1 个别群聊或账号，转发量很少",
                "2 本地小范围传播",
                "3 本区多个平台传播，有一定讨论",
                "4 全市范围传播或登上本地热榜",
                "5 全国性传播或媒体广泛关注",
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(severity: u8, controllability: u8, influence: u8) -> Scores {
        Scores {
            severity,
            controllability,
            influence,
        }
    }

    #[test]
    fn level_table() {
        let p = LevelPolicy::default();
        // (severity, controllability, influence) → level; risk = sev + inf + (6 − ctl)
        for (scores, risk, level) in [
            (s(1, 5, 1), 3, Level::General),
            (s(2, 4, 2), 6, Level::General),
            (s(3, 5, 3), 7, Level::General),
            (s(3, 4, 3), 8, Level::Major),
            (s(3, 3, 4), 10, Level::Major),
            (s(4, 3, 4), 11, Level::Serious),
            (s(4, 2, 4), 12, Level::Serious),
            (s(4, 2, 5), 13, Level::Critical),
            (s(5, 1, 5), 15, Level::Critical),
            // severity 5 alone makes a case at least 重大
            (s(5, 5, 1), 7, Level::Serious),
        ] {
            assert_eq!(scores.risk(), risk, "{scores:?}");
            assert_eq!(p.level(&scores), level, "{scores:?}");
        }
    }

    #[test]
    fn thresholds_are_configurable() {
        let p = LevelPolicy {
            major_from: 5,
            serious_from: 7,
            critical_from: 9,
            severity_five_is_serious: false,
            ..Default::default()
        };
        assert_eq!(p.level(&s(2, 4, 2)), Level::Major);
        assert_eq!(p.level(&s(3, 4, 3)), Level::Serious);
        assert_eq!(p.level(&s(3, 3, 3)), Level::Critical);
        assert_eq!(p.level(&s(5, 5, 1)), Level::Serious);
    }

    #[test]
    fn deadlines_tighten_with_the_level() {
        let p = LevelPolicy::default();
        let hours: Vec<u32> = Level::ALL
            .iter()
            .map(|l| p.deadlines(*l).rebuttal_hours)
            .collect();
        assert!(hours.windows(2).all(|w| w[0] > w[1]), "{hours:?}");
    }

    #[test]
    fn bad_scores_and_policies_are_refused() {
        assert!(s(0, 3, 3).validate().is_err());
        assert!(s(3, 6, 3).validate().is_err());
        assert!(s(1, 1, 5).validate().is_ok());
        let p = LevelPolicy {
            major_from: 11,
            serious_from: 10,
            ..Default::default()
        };
        assert!(p.validate().is_err());
        assert!(LevelPolicy::default().validate().is_ok());
    }

    #[test]
    fn the_preview_gives_ranges_problems_and_the_assessment() {
        let p = LevelPolicy::default();
        let v = p.preview(Some(&Scores {
            severity: 5,
            controllability: 4,
            influence: 1,
        }));
        assert!(v.problem.is_none());
        assert_eq!(
            v.ranges[0],
            LevelRange {
                level: Level::General,
                from: 3,
                to: 7
            }
        );
        assert_eq!(
            v.ranges[3],
            LevelRange {
                level: Level::Critical,
                from: 13,
                to: 15
            }
        );
        let a = v.assessment.unwrap();
        // risk 8 is 较大, but a severity of 5 is at least 重大
        assert_eq!((a.risk, a.level), (8, Level::Serious));
        assert_eq!(a.deadlines, p.deadlines(Level::Serious));
        assert!(p
            .preview(Some(&Scores {
                severity: 0,
                controllability: 9,
                influence: 1
            }))
            .assessment
            .is_none());
        let bad = LevelPolicy {
            serious_from: 8,
            ..p
        };
        let v = bad.preview(Some(&Scores {
            severity: 3,
            controllability: 3,
            influence: 3,
        }));
        assert!(v.problem.unwrap().contains("等级阈值"));
        assert!(v.assessment.is_none());
    }
}
