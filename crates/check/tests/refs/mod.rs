//! The rumor and rebuttal texts of `tests/data/` (MIT, see its README) as references, shared
//! by the item corpus (`corpus.rs`) and the real-page corpus (`real_pages.rs`).
#![allow(dead_code)]

use piyao_check::text::{normalize, HEADLINE_CUES, REBUTTAL_CUES};

pub const JSONL: &str = include_str!("../data/rumors_judge_curated.jsonl");
pub const CSV: &str = include_str!("../data/health_rumors.csv");

// ---------------------------------------------------------------- data loading

pub struct Entry {
    pub title: String,
    pub category: String,
    pub rumor_title: String,
    pub rumor: String,
    pub rebuttal: String,
    pub url: String,
    /// Which source: the curated JSONL (distinctive 【辟谣】 titles) or a health fact-check.
    pub curated: bool,
    /// Boolean keyword query of the health row (terms joined by '+', alternatives by '|').
    pub search_expression: String,
}

/// RFC 4180 CSV (quoted fields, doubled quotes, commas and newlines inside quotes).
pub fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let s = s.trim_start_matches('\u{feff}');
    let (mut rows, mut row, mut field, mut quoted) = (Vec::new(), Vec::new(), String::new(), false);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            '\r' => {}
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The quoted rumor inside a curated title: 【辟谣】关于“X”的真实情况 → X.
pub fn quoted_part(title: &str) -> Option<String> {
    let a = title.find('“')? + '“'.len_utf8();
    let b = title.rfind('”')?;
    (b > a).then(|| title[a..b].to_string())
}

/// The closing a district office puts under every rebuttal it publishes. Curated references
/// carry it, and so do the other rebuttals of the same office (hard negatives: shared text
/// that is not the rebuttal).
pub const OFFICE_CLOSING: &str = "区委网信办提醒：广大网民要提高对网络谣言的辨别能力，不信谣、不传谣，发现网络谣言可通过“12377”平台举报。";

pub fn load_curated() -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, line) in JSONL.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).expect("jsonl line");
        let s = |k: &str| v[k].as_str().unwrap_or("").trim().to_string();
        let (title, rumor, rebuttal) = (s("title"), s("rumor"), s("rebuttal"));
        if title.is_empty() || rumor.is_empty() || rebuttal.chars().count() < 20 {
            continue;
        }
        out.push(Entry {
            rumor_title: quoted_part(&title).unwrap_or_else(|| rumor.clone()),
            category: s("category"),
            url: format!(
                "https://mp.weixin.qq.com/s?__biz=MzA{:07}MQ==&mid=2650{:06}&idx=1&sn={:016x}",
                1_000_000 + i * 7,
                100_000 + i * 13,
                0x9e37_79b9_7f4a_7c15u64.wrapping_mul(i as u64 + 1)
            ),
            title,
            rumor,
            rebuttal: format!("{rebuttal}{OFFICE_CLOSING}"),
            curated: true,
            search_expression: String::new(),
        });
    }
    out
}

/// The claim in a fact-check title: without its verdict label ("谣言：", "【错误】",
/// "【部分错误】") and, for "网传「…」？", the quoted words.
pub fn strip_label(t: &str) -> String {
    let mut t = t.trim();
    loop {
        let before = t;
        for p in [
            "谣言：",
            "谣言:",
            "有争议：",
            "有争议:",
            "错误：",
            "真相：",
            "网传",
        ] {
            if let Some(r) = t.strip_prefix(p) {
                t = r.trim();
            }
        }
        if t.starts_with('【') {
            if let Some(end) = t.find('】') {
                if t[..end].chars().count() <= 8 {
                    t = t[end + '】'.len_utf8()..].trim();
                }
            }
        }
        if t == before {
            break;
        }
    }
    if let (Some(a), Some(b)) = (t.find('「'), t.rfind('」')) {
        if a == 0 && b > a {
            return t[a + '「'.len_utf8()..b].to_string();
        }
    }
    t.to_string()
}

pub fn load_health() -> Vec<Entry> {
    let rows = parse_csv(CSV);
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (ti, ci, si, ui, ei) = (
        col("article_title"),
        col("article_content"),
        col("source"),
        col("article_url"),
        col("search_expression"),
    );
    let mut out = Vec::new();
    for r in &rows[1..] {
        if r.len() != header.len() {
            continue;
        }
        let content = r[ci].trim().trim_end_matches(['.', '…']).trim().to_string();
        let norm_len = normalize(&content).chars().count();
        let rumor = strip_label(&r[ti]);
        if norm_len < 40 || rumor.chars().count() < 6 || r[ui].trim().is_empty() {
            continue;
        }
        // Some titles are headlines with the verdict in them ("…？谣言！", "网传…不靠谱！",
        // "…的真相"): no claim to use as the rumor.
        let claim = normalize(&rumor);
        if REBUTTAL_CUES
            .iter()
            .chain(HEADLINE_CUES)
            .any(|c| claim.contains(c))
        {
            continue;
        }
        out.push(Entry {
            title: r[ti].trim().to_string(),
            category: format!("health:{}", r[si].trim()),
            rumor_title: rumor.clone(),
            rumor,
            rebuttal: content,
            url: r[ui].trim().to_string(),
            curated: false,
            search_expression: r[ei].trim().to_string(),
        });
    }
    out
}

/// Whether a health row's keyword query matches a text (every '+' term has an alternative
/// present).
pub fn expression_matches(expr: &str, text: &str) -> bool {
    let terms: Vec<&str> = expr.split('+').collect();
    !expr.is_empty()
        && terms.iter().all(|t| {
            t.trim_matches(['(', ')'])
                .split('|')
                .any(|a| !a.is_empty() && text.to_lowercase().contains(&a.to_lowercase()))
        })
}

// ---------------------------------------------------------------- generators

/// Fixed-seed xorshift64*: deterministic variety without a dependency.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}
