//! 属事 and 属地: which unit answers for a rumor's subject, and which town or street it
//! happened in. Rules map words to subjects; units list the subjects they answer for;
//! territories list their place names. The suggestion explains itself.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A word that puts a rumor under a subject ("枪击" → "公安").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SubjectRule {
    pub word: String,
    pub subject: String,
}

/// A unit and the subjects it answers for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UnitSubjects {
    pub unit: String,
    pub subjects: Vec<String>,
}

/// A territory, its own government unit, and its place names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TerritoryPlaces {
    pub territory: String,
    pub unit: Option<String>,
    pub places: Vec<String>,
}

/// The office's editable assignment rules: words → subjects, and units → their subjects.
/// (Territories and their place names live in the directory.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssignmentRules {
    pub subject_rules: Vec<SubjectRule>,
    pub unit_subjects: Vec<UnitSubjects>,
}

/// One reason behind a suggestion: the word found and what it points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Hit {
    pub word: String,
    /// The subject (for 属事) or the territory (for 属地).
    pub to: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Suggestion {
    /// 属事: the unit answering for the most-mentioned subject.
    pub lead_unit: Option<String>,
    /// 属地 units, and units of the other subjects found.
    pub co_units: Vec<String>,
    pub subject_hits: Vec<Hit>,
    pub territory_hits: Vec<Hit>,
    /// e.g. "'枪击' → 公安；'龙塔社区' → 龙塔街道"
    pub explanation: String,
}

fn occurrences(text: &str, word: &str) -> usize {
    if word.is_empty() {
        0
    } else {
        text.matches(word).count()
    }
}

/// Suggests the lead unit (by subject) and co-units (by territory) for a rumor's text.
/// Longer words win over the shorter words they contain ("龙塔社区" over "龙塔"); the
/// subject mentioned most leads, ties go to the rule listed first.
pub fn suggest(
    text: &str,
    rules: &[SubjectRule],
    units: &[UnitSubjects],
    territories: &[TerritoryPlaces],
) -> Suggestion {
    let mut subject_hits: Vec<(Hit, usize, usize)> = Vec::new(); // hit, count, rule order
    let mut masked = text.to_string();
    let mut by_len: Vec<(usize, &SubjectRule)> = rules.iter().enumerate().collect();
    by_len.sort_by_key(|(i, r)| (std::cmp::Reverse(r.word.chars().count()), *i));
    for (order, rule) in by_len {
        let n = occurrences(&masked, rule.word.trim());
        if n > 0 {
            masked = masked.replace(rule.word.trim(), "\u{0}");
            subject_hits.push((
                Hit {
                    word: rule.word.trim().into(),
                    to: rule.subject.trim().into(),
                },
                n,
                order,
            ));
        }
    }
    // Order subjects by total mentions, then by rule order.
    let mut subjects: Vec<(String, usize, usize)> = Vec::new();
    for (hit, n, order) in &subject_hits {
        match subjects.iter_mut().find(|(s, _, _)| *s == hit.to) {
            Some(e) => {
                e.1 += n;
                e.2 = e.2.min(*order);
            }
            None => subjects.push((hit.to.clone(), *n, *order)),
        }
    }
    subjects.sort_by_key(|(_, n, order)| (std::cmp::Reverse(*n), *order));
    let unit_for = |subject: &str| {
        units
            .iter()
            .find(|u| u.subjects.iter().any(|s| s == subject))
            .map(|u| u.unit.clone())
    };

    let mut territory_hits: Vec<(Hit, Option<String>)> = Vec::new();
    let mut masked = text.to_string();
    let mut places: Vec<(&str, &TerritoryPlaces)> = territories
        .iter()
        .flat_map(|t| {
            std::iter::once(t.territory.as_str())
                .chain(t.places.iter().map(String::as_str))
                .map(move |p| (p, t))
        })
        .filter(|(p, _)| !p.trim().is_empty())
        .collect();
    places.sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().count()));
    for (place, t) in places {
        if occurrences(&masked, place) > 0 {
            masked = masked.replace(place, "\u{0}");
            if !territory_hits.iter().any(|(h, _)| h.to == t.territory) {
                territory_hits.push((
                    Hit {
                        word: place.to_string(),
                        to: t.territory.clone(),
                    },
                    t.unit.clone(),
                ));
            }
        }
    }

    let lead_unit = subjects.iter().find_map(|(s, _, _)| unit_for(s));
    let mut co_units: Vec<String> = Vec::new();
    let mut push_unit = |u: Option<String>| {
        if let Some(u) = u {
            if Some(&u) != lead_unit.as_ref() && !co_units.contains(&u) {
                co_units.push(u);
            }
        }
    };
    for (_, unit) in &territory_hits {
        push_unit(unit.clone());
    }
    for (s, _, _) in subjects.iter().skip(1) {
        push_unit(unit_for(s));
    }
    let mut reasons: Vec<String> = subject_hits
        .iter()
        .map(|(h, _, _)| match unit_for(&h.to) {
            Some(u) if u != h.to => format!("'{}' → {}（{}）", h.word, h.to, u),
            _ => format!("'{}' → {}", h.word, h.to),
        })
        .collect();
    reasons.extend(
        territory_hits
            .iter()
            .map(|(h, _)| format!("'{}' → {}", h.word, h.to)),
    );
    let explanation = if reasons.is_empty() {
        "未匹配到主管事项或地名，请人工指定辟谣主体".to_string()
    } else {
        reasons.join("；")
    };
    Suggestion {
        lead_unit,
        co_units,
        subject_hits: subject_hits.into_iter().map(|(h, _, _)| h).collect(),
        territory_hits: territory_hits.into_iter().map(|(h, _)| h).collect(),
        explanation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Vec<SubjectRule> {
        [
            ("枪击", "公安"),
            ("民警", "公安"),
            ("通行证", "公安"),
            ("诈骗", "公安"),
            ("疫情", "卫生健康"),
            ("医院", "卫生健康"),
            ("学校", "教育"),
            ("停课", "教育"),
            ("食品", "市场监管"),
            ("地铁", "交通"),
            ("火灾", "应急管理"),
            ("房屋", "住房城乡建设"),
        ]
        .iter()
        .map(|(w, s)| SubjectRule {
            word: w.to_string(),
            subject: s.to_string(),
        })
        .collect()
    }

    fn units() -> Vec<UnitSubjects> {
        [
            ("区公安分局", "公安"),
            ("区卫生健康局", "卫生健康"),
            ("区教育局", "教育"),
            ("区市场监督管理局", "市场监管"),
        ]
        .iter()
        .map(|(u, s)| UnitSubjects {
            unit: u.to_string(),
            subjects: vec![s.to_string()],
        })
        .collect()
    }

    fn territories() -> Vec<TerritoryPlaces> {
        vec![
            TerritoryPlaces {
                territory: "龙塔街道".into(),
                unit: Some("龙塔街道办事处".into()),
                places: vec!["龙塔社区".into(), "龙塔广场".into()],
            },
            TerritoryPlaces {
                territory: "青石镇".into(),
                unit: Some("青石镇人民政府".into()),
                places: vec!["青石村".into(), "青石中心小学".into()],
            },
        ]
    }

    #[test]
    fn suggestion_table() {
        // (text, lead unit, co-units, explanation contains)
        let cases: [(&str, Option<&str>, &[&str], &str); 6] = [
            (
                "龙塔社区大门被枪击，有人受伤",
                Some("区公安分局"),
                &["龙塔街道办事处"],
                "'枪击' → 公安（区公安分局）；'龙塔社区' → 龙塔街道",
            ),
            (
                "有人冒充民警在龙塔广场卖通行证",
                Some("区公安分局"),
                &["龙塔街道办事处"],
                "'龙塔广场' → 龙塔街道",
            ),
            (
                "青石中心小学停课，学校通知因疫情全体停课",
                Some("区教育局"),
                &["青石镇人民政府", "区卫生健康局"],
                "'青石中心小学' → 青石镇",
            ),
            (
                "超市食品过期被查",
                Some("区市场监督管理局"),
                &[],
                "'食品' → 市场监管",
            ),
            ("明天全区放假", None, &[], "未匹配到"),
            ("地铁站发生火灾", None, &[], "'地铁' → 交通"),
        ];
        for (text, lead, co, explain) in cases {
            let s = suggest(text, &rules(), &units(), &territories());
            assert_eq!(s.lead_unit.as_deref(), lead, "{text}");
            assert_eq!(
                s.co_units,
                co.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                "{text}"
            );
            assert!(s.explanation.contains(explain), "{text}: {}", s.explanation);
        }
    }

    #[test]
    fn a_place_inside_a_longer_place_counts_once() {
        let t = vec![TerritoryPlaces {
            territory: "龙塔街道".into(),
            unit: None,
            places: vec!["龙塔".into(), "龙塔社区".into()],
        }];
        let s = suggest("龙塔社区停水", &[], &[], &t);
        assert_eq!(
            s.territory_hits,
            vec![Hit {
                word: "龙塔社区".into(),
                to: "龙塔街道".into()
            }]
        );
    }
}
