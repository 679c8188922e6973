//! Chinese substring search without a segmenter: text is indexed as overlapping character
//! bigrams, so a query of n ≥ 2 characters is the phrase of its n − 1 bigrams. Each run of
//! Chinese text also ends with its last character alone, so that every character of the text
//! starts a token: a one-character query is the prefix query "字*". ASCII letters and digits
//! are kept as whole lowercase words.

/// The index form of a text: "龙塔社区 ABC" → "龙塔 塔社 社区 区 abc".
pub fn index_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for run in runs(text) {
        push_run(&mut out, &run);
        if let Some(last) = run.chars().last().filter(|_| run.chars().nth(1).is_some()) {
            if !last.is_ascii_alphanumeric() {
                out.push(last);
                out.push(' ');
            }
        }
    }
    out
}

/// The FTS5 query for a user's search text: every run becomes a quoted phrase (one Chinese
/// character: a prefix query); all must match. `None` when the text has nothing to look up
/// (only one-letter words).
pub fn match_query(text: &str) -> Option<String> {
    let phrases: Vec<String> = runs(text)
        .into_iter()
        .filter(|r| !r.chars().all(|c| c.is_ascii_alphanumeric()) || r.len() >= 2)
        .map(|r| {
            let mut p = String::new();
            push_run(&mut p, &r);
            let phrase = format!("\"{}\"", p.trim().replace('"', ""));
            if r.chars().count() == 1 {
                format!("{phrase} *")
            } else {
                phrase
            }
        })
        .collect();
    if phrases.is_empty() {
        None
    } else {
        Some(phrases.join(" AND "))
    }
}

/// The bigrams of a text as a set, for similarity.
pub fn bigram_set(text: &str) -> std::collections::HashSet<String> {
    let mut out = String::new();
    for run in runs(text) {
        push_run(&mut out, &run);
    }
    out.split_whitespace().map(str::to_string).collect()
}

/// Dice coefficient of two bigram sets, 0..1.
pub fn dice(a: &std::collections::HashSet<String>, b: &std::collections::HashSet<String>) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(b).count();
    2.0 * common as f32 / (a.len() + b.len()) as f32
}

/// Splits into runs of CJK characters and runs of ASCII alphanumerics (lowercased);
/// everything else separates runs. Full-width letters and digits fold to ASCII.
fn runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut cur = String::new();
    let mut cur_ascii = false;
    for c in text.chars() {
        let c = fold_width(c);
        let kind = if c.is_ascii_alphanumeric() {
            Some(true)
        } else if is_cjk(c) {
            Some(false)
        } else {
            None
        };
        match kind {
            Some(ascii) if cur.is_empty() || ascii == cur_ascii => {
                cur_ascii = ascii;
                cur.push(c.to_ascii_lowercase());
            }
            Some(ascii) => {
                runs.push(std::mem::take(&mut cur));
                cur_ascii = ascii;
                cur.push(c.to_ascii_lowercase());
            }
            None => {
                if !cur.is_empty() {
                    runs.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

fn push_run(out: &mut String, run: &str) {
    let chars: Vec<char> = run.chars().collect();
    if chars.first().is_some_and(|c| c.is_ascii_alphanumeric()) || chars.len() < 2 {
        out.push_str(run);
        out.push(' ');
        return;
    }
    for w in chars.windows(2) {
        out.push(w[0]);
        out.push(w[1]);
        out.push(' ');
    }
}

fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_queries() {
        assert_eq!(
            index_tokens("龙塔社区，ABC１２３ 枪击案"),
            "龙塔 塔社 社区 区 abc123 枪击 击案 案 "
        );
        assert_eq!(index_tokens("我"), "我 ");
        assert_eq!(match_query("社区"), Some("\"社区\"".into()));
        assert_eq!(match_query("塔社区"), Some("\"塔社 社区\"".into()));
        assert_eq!(
            match_query("枪击 龙塔"),
            Some("\"枪击\" AND \"龙塔\"".into())
        );
        assert_eq!(match_query("塔"), Some("\"塔\" *".into()));
        assert_eq!(match_query("a"), None);
        assert_eq!(
            match_query("\" OR x"),
            Some("\"or\"".into()),
            "quotes and operators cannot be injected"
        );
        assert_eq!(match_query("5G"), Some("\"5g\"".into()));
    }

    #[test]
    fn similarity() {
        let a = bigram_set("有人冒充民警在龙塔广场卖通行证");
        let b = bigram_set("网传有人冒充民警龙塔广场销售通行证");
        let c = bigram_set("青石中心小学因疫情停课");
        assert!(dice(&a, &b) > 0.6, "{}", dice(&a, &b));
        assert!(dice(&a, &c) < 0.1);
    }
}
