//! A screenshot people sent as evidence, judged against a push's rebuttal: its recognised text
//! (see [`crate::ocr`]) is looked at the way the checker looks at a page. A card or a post
//! shows the rebuttal's title on one to three lines (wrapped, sometimes cut with "…"), among
//! the app's own words (the group's name, the sender, times, buttons).
//!
//! Two steps:
//! 1. the checker's matcher, over every window of one to three lines taken as a title over the
//!    whole text: a repost as on a page;
//! 2. recognition misreads a character now and then ("吃荔枝" read as "吃功枝"), which the
//!    matcher, built to tell apart rebuttals of the same subject by their distinctive words,
//!    takes for another article. So a title is also looked for by approximate alignment: the
//!    rebuttal's title found in a window with at most [`TITLE_ERRORS`] of its characters
//!    wrong, and its distinctive part (the quoted claim, when it has one) with at most
//!    [`CLAIM_ERRORS`]. Only then the rumor: as the matcher says, or its title found the same
//!    way on a screenshot that says nothing of a rebuttal.

use crate::item::Item;
use crate::matcher::{MatchKind, MatchOutcome, Matcher};
use crate::Reference;

/// Lines of recognised text looked at, at most (a long stitched screenshot).
const MAX_LINES: usize = 200;
/// Share of a title's characters that may be misread, and still found.
pub const TITLE_ERRORS: f64 = 0.2;
/// Share of the quoted claim's characters that may be misread.
pub const CLAIM_ERRORS: f64 = 0.2;
/// A title shorter than this (characters, punctuation aside) is not looked for approximately.
const MIN_TITLE: usize = 8;

/// Words a rebuttal's card shows and the rumor's does not.
const REBUTTAL_WORDS: &[&str] = &["辟谣", "谣言", "不实", "真相", "真实情况", "假的"];

/// Letters, digits and CJK only: punctuation is what recognition gets wrong most.
fn plain(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The fewest edits that turn `needle` into some substring of `hay` (Sellers' algorithm).
fn substring_distance(needle: &[char], hay: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=needle.len()).collect();
    let mut best = prev[needle.len()];
    let mut cur = vec![0; needle.len() + 1];
    for h in hay {
        cur[0] = 0;
        for (i, n) in needle.iter().enumerate() {
            cur[i + 1] = (prev[i] + usize::from(n != h))
                .min(prev[i + 1] + 1)
                .min(cur[i] + 1);
        }
        best = best.min(cur[needle.len()]);
        std::mem::swap(&mut prev, &mut cur);
    }
    best
}

/// The quoted claim of a title ("关于“X”的真实情况" → X).
fn claim(title: &str) -> Option<&str> {
    let a = title.find(['“', '"', '「'])?;
    let rest = &title[a..];
    let open = rest.chars().next()?;
    let rest = &rest[open.len_utf8()..];
    let b = rest.find(['”', '"', '」'])?;
    Some(&rest[..b]).filter(|c| !c.is_empty())
}

/// How well `title` is found in `window`: `Some(similarity)` when within the error budgets.
fn found(title: &str, window: &[char]) -> Option<f64> {
    let t = plain(title);
    if t.len() < MIN_TITLE || window.len() < t.len() / 2 {
        return None;
    }
    let d = substring_distance(&t, window);
    if d as f64 > TITLE_ERRORS * t.len() as f64 {
        return None;
    }
    if let Some(c) = claim(title).map(plain).filter(|c| c.len() >= 2) {
        let dc = substring_distance(&c, window);
        if dc as f64 > CLAIM_ERRORS * c.len() as f64 {
            return None;
        }
    }
    Some(1.0 - d as f64 / t.len() as f64)
}

fn windows(lines: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..lines.len() {
        for n in 1..=3 {
            if i + n <= lines.len() {
                out.push(lines[i..i + n].concat());
            }
        }
    }
    out
}

/// The decision on the recognised text `text` of a screenshot, for `reference`'s push.
pub fn judge(matcher: &Matcher, reference: &Reference, text: &str) -> MatchOutcome {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(MAX_LINES)
        .collect();
    if lines.is_empty() {
        return MatchOutcome {
            kind: MatchKind::Unrelated,
            score: 0.0,
            fragment: String::new(),
            explanation: "截图中没有识别出文字。".into(),
        };
    }
    let whole = lines.join("\n");
    let windows = windows(&lines);
    let mut items = vec![Item {
        text: whole.clone(),
        ..Item::default()
    }];
    items.extend(windows.iter().map(|w| Item {
        title: w.clone(),
        text: whole.clone(),
        ..Item::default()
    }));
    let (_, mut by_matcher) = matcher.best(&items).expect("at least one item");
    let best = |title: &str| {
        windows
            .iter()
            .filter_map(|w| found(title, &plain(w)).map(|s| (s, w)))
            .max_by(|a, b| a.0.total_cmp(&b.0))
    };
    if by_matcher.kind == MatchKind::Repost {
        // the lines that show the title, rather than whichever window the text came with
        if let Some((_, w)) = best(&reference.rebuttal_title) {
            by_matcher.fragment = w.chars().take(120).collect();
        }
        return by_matcher;
    }
    let outcome = |kind, (score, w): (f64, &String), what: &str| MatchOutcome {
        kind,
        score: score as f32,
        fragment: w.chars().take(120).collect(),
        explanation: format!(
            "截图中识别出{what}（{:.0}% 一致，容许个别字识别有误）。",
            score * 100.0
        ),
    };
    if let Some(found) = best(&reference.rebuttal_title) {
        return outcome(MatchKind::Repost, found, "本条辟谣的标题");
    }
    // the rebuttal's title was not found, even misread: the rumor, when the matcher says so
    if by_matcher.kind == MatchKind::RumorRepost {
        return by_matcher;
    }
    // the rumor's title, on a screenshot that says nothing of a rebuttal
    let joined = whole.replace('\n', "");
    let rebutting = REBUTTAL_WORDS.iter().any(|w| joined.contains(w));
    if let Some(found) = best(&reference.rumor_title).filter(|_| !rebutting) {
        return outcome(MatchKind::RumorRepost, found, "谣言的标题，不是辟谣信息");
    }
    by_matcher
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> Reference {
        Reference {
            rebuttal_title: "【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况".into(),
            rebuttal_text: "荔枝等水果在无氧呼吸过程中会产生微量乙醇。".into(),
            rumor_title: "吃荔枝后开车会被查出酒驾".into(),
            rumor_text: "紧急提醒！吃了荔枝开车会被查出酒驾！".into(),
            ..Reference::default()
        }
    }

    #[test]
    fn a_title_misread_here_and_there_is_still_found_another_is_not() {
        let r = reference();
        let m = Matcher::new(&r);
        let kind = |text: &str| judge(&m, &r, text).kind;
        // one character misread, the title wrapped over two lines
        assert_eq!(
            kind("龙塔社区居民群(356)\n李明\n【辟谣】关于“吃功枝后开车会\n被查出酒驾”的真实情况\n平安云川"),
            MatchKind::Repost
        );
        // another rebuttal of the same template and a near claim
        assert_ne!(
            kind("【辟谣】关于“喝藿香正气水后开车会被查出酒驾”的真实情况"),
            MatchKind::Repost
        );
        // the rumor's own card
        assert_eq!(
            kind("紧急扩散！吃荔枝后开车会被\n查出酒驾\n分享给朋友"),
            MatchKind::RumorRepost
        );
        assert_eq!(kind(""), MatchKind::Unrelated);
        assert_eq!(kind("今晚七点社区开展消防演练"), MatchKind::Unrelated);
    }

    #[test]
    fn the_fragment_is_the_lines_that_show_the_title_not_the_group_name() {
        let r = reference();
        let m = Matcher::new(&r);
        let shot = "龙塔商户群(88)\n【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况\n转发";
        let outcome = judge(&m, &r, shot);
        assert_eq!(outcome.kind, MatchKind::Repost);
        assert!(
            outcome.fragment.contains("吃荔枝后开车"),
            "{:?}",
            outcome.fragment
        );
        assert!(
            !outcome.fragment.starts_with("龙塔商户群"),
            "{:?}",
            outcome.fragment
        );
    }

    #[test]
    fn approximate_substring_distance() {
        let p = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(substring_distance(&p("荔枝"), &p("吃荔枝后")), 0);
        assert_eq!(substring_distance(&p("荔枝"), &p("吃功枝后")), 1);
        assert_eq!(substring_distance(&p("abc"), &p("")), 3);
        assert_eq!(
            claim("【辟谣】关于“蛋白粉伤肾”的真实情况"),
            Some("蛋白粉伤肾")
        );
        assert_eq!(claim("没有引号"), None);
    }
}
