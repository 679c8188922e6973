//! Which subjects (属事) and territories (属地) a case's text falls under, for statistics: a case
//! falls under a subject when its text contains one of the subject's rule words, and under a
//! territory when it names the territory or one of its places — the same test as the case
//! list's subject and territory filters, done in one pass over the text for many cases.

use aho_corasick::{AhoCorasick, MatchKind};

use super::{SubjectRule, TerritoryPlaces};

/// Finds every subject and territory named in a text.
pub struct Tagger {
    subjects: Vec<String>,
    territories: Vec<String>,
    /// Pattern index → what it stands for.
    meaning: Vec<Tag>,
    automaton: Option<AhoCorasick>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Subject(usize),
    Territory(usize),
}

/// The subjects and territories (indexes into `Tagger::subjects()` / `territories()`) found in
/// one text, each once, ascending.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tags {
    pub subjects: Vec<usize>,
    pub territories: Vec<usize>,
}

impl Tagger {
    pub fn new(rules: &[SubjectRule], territories: &[TerritoryPlaces]) -> Tagger {
        let mut subjects: Vec<String> = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut meaning = Vec::new();
        for r in rules {
            let s = match subjects.iter().position(|s| *s == r.subject) {
                Some(i) => i,
                None => {
                    subjects.push(r.subject.clone());
                    subjects.len() - 1
                }
            };
            if !r.word.is_empty() {
                patterns.push(r.word.clone());
                meaning.push(Tag::Subject(s));
            }
        }
        let mut names = Vec::new();
        for (i, t) in territories.iter().enumerate() {
            names.push(t.territory.clone());
            for word in std::iter::once(&t.territory).chain(&t.places) {
                if !word.is_empty() {
                    patterns.push(word.clone());
                    meaning.push(Tag::Territory(i));
                }
            }
        }
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .expect("plain string patterns build")
        });
        Tagger {
            subjects,
            territories: names,
            meaning,
            automaton,
        }
    }

    /// Subjects in rule order.
    pub fn subjects(&self) -> &[String] {
        &self.subjects
    }

    pub fn territories(&self) -> &[String] {
        &self.territories
    }

    pub fn tags(&self, text: &str) -> Tags {
        let mut tags = Tags::default();
        let Some(ac) = &self.automaton else {
            return tags;
        };
        for m in ac.find_overlapping_iter(text) {
            match self.meaning[m.pattern().as_usize()] {
                Tag::Subject(s) => tags.subjects.push(s),
                Tag::Territory(t) => tags.territories.push(t),
            }
        }
        for v in [&mut tags.subjects, &mut tags.territories] {
            v.sort_unstable();
            v.dedup();
        }
        tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_subject_and_territory_once() {
        let rules = vec![
            SubjectRule {
                word: "民警".into(),
                subject: "公安".into(),
            },
            SubjectRule {
                word: "警察".into(),
                subject: "公安".into(),
            },
            SubjectRule {
                word: "疫苗".into(),
                subject: "卫生健康".into(),
            },
            SubjectRule {
                word: "学校".into(),
                subject: "教育".into(),
            },
        ];
        let places = vec![
            TerritoryPlaces {
                territory: "龙塔街道".into(),
                unit: None,
                places: vec!["龙塔广场".into(), "龙塔社区".into()],
            },
            TerritoryPlaces {
                territory: "青石镇".into(),
                unit: None,
                places: vec!["青石中心小学".into()],
            },
        ];
        let t = Tagger::new(&rules, &places);
        assert_eq!(t.subjects(), ["公安", "卫生健康", "教育"]);
        // Overlapping words ("民警察") and a place inside another's name all count.
        let tags = t.tags("网传民警察在龙塔广场和龙塔社区打疫苗，青石中心小学停课");
        assert_eq!(tags.subjects, [0, 1]);
        assert_eq!(tags.territories, [0, 1]);
        assert_eq!(t.tags("与本区无关"), Tags::default());
        assert_eq!(Tagger::new(&[], &[]).tags("民警"), Tags::default());
    }
}
