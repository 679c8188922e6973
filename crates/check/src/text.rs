//! Chinese-aware text normalisation for matching: width folding, repost prefixes, topics,
//! punctuation, truncation marks.
//!
//! Everything here is linear in the input and allocation-light: the matcher runs these on
//! tens of thousands of items per second. Nothing compiles a regex or panics on odd input
//! (empty, binary garbage, megabytes of text).

use unicode_normalization::char::decompose_compatible;

/// Fold one character the way [`normalize`] does and hand the result (zero, one or, for a
/// few compatibility characters, several characters) to `out`.
///
/// - ASCII letters and digits are kept, lowercased; other ASCII is dropped;
/// - CJK unified ideographs (the bulk of any Chinese text) are kept as they are (fast path);
/// - full-width forms (`Ａ１！`) fold to ASCII (`a1`, punctuation dropped);
/// - everything else goes through Unicode compatibility decomposition (the "K" of NFKC:
///   `①`→`1`, `㎎`→`mg`, CJK compatibility ideographs → unified ones) and only letters and
///   digits survive. Combining marks are dropped, so `é` → `e`: for matching that is what we
///   want, and it is why this is "NFKC-equivalent for matching" rather than strict NFKC.
///
/// Punctuation, whitespace, symbols and emoji produce nothing.
#[inline]
pub fn fold_char(c: char, out: &mut impl FnMut(char)) {
    let u = c as u32;
    if u < 0x80 {
        if c.is_ascii_alphanumeric() {
            out(c.to_ascii_lowercase());
        }
        return;
    }
    if (0x4E00..=0x9FFF).contains(&u) {
        out(c);
        return;
    }
    // General punctuation (“ ” ‘ ’ … — and spaces) and CJK punctuation (、。「」【】〔〕):
    // no letters or digits there, skip the table lookups.
    if (0x2000..=0x206F).contains(&u)
        || (0x3000..=0x3004).contains(&u)
        || (0x3008..=0x3020).contains(&u)
    {
        return;
    }
    if (0xFF01..=0xFF5E).contains(&u) {
        // Full-width ASCII: fixed offset.
        if let Some(a) = char::from_u32(u - 0xFEE0) {
            if a.is_ascii_alphanumeric() {
                out(a.to_ascii_lowercase());
            }
        }
        return;
    }
    decompose_compatible(c, |d| {
        if d.is_ascii() {
            if d.is_ascii_alphanumeric() {
                out(d.to_ascii_lowercase());
            }
        } else if d.is_alphanumeric() {
            for l in d.to_lowercase() {
                out(l);
            }
        }
    });
}

/// Parse an HTML character reference at the start of `s` (which starts with `&`).
/// Returns the decoded character (None for named entities, which are all punctuation or
/// spacing for our purpose) and the byte length of the reference.
fn parse_entity(s: &str) -> Option<(Option<char>, usize)> {
    let b = s.as_bytes();
    debug_assert!(b.first() == Some(&b'&'));
    let limit = b.len().min(12);
    let semi = b[..limit].iter().position(|&x| x == b';')?;
    let body = &s[1..semi];
    if body.is_empty() {
        return None;
    }
    if let Some(num) = body.strip_prefix('#') {
        let v = if let Some(hex) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            if !num.bytes().all(|x| x.is_ascii_digit()) {
                return None;
            }
            num.parse::<u32>().ok()?
        };
        return Some((char::from_u32(v), semi + 1));
    }
    if body.len() >= 2 && body.bytes().all(|x| x.is_ascii_alphanumeric()) {
        return Some((None, semi + 1));
    }
    None
}

/// Walk the first `max_chars` characters of `s`, folding each as [`fold_char`] does and
/// decoding leftover HTML character references (`&nbsp;`, `&#20013;`, `&ldquo;`…). Calls
/// `f(byte_offset_in_s, folded_char)` for every character of the normalised text.
pub fn for_each_normalized(s: &str, max_chars: usize, mut f: impl FnMut(usize, char)) {
    for_each_normalized_until(s, max_chars, |i, c| {
        f(i, c);
        false
    });
}

/// [`for_each_normalized`] that stops as soon as `f` returns true.
pub fn for_each_normalized_until(
    s: &str,
    max_chars: usize,
    mut f: impl FnMut(usize, char) -> bool,
) {
    let mut seen = 0usize;
    let mut stop = false;
    let mut iter = s.char_indices();
    while let Some((i, c)) = iter.next() {
        if seen >= max_chars || stop {
            break;
        }
        seen += 1;
        if c == '&' {
            if let Some((decoded, len)) = parse_entity(&s[i..]) {
                if let Some(d) = decoded {
                    fold_char(d, &mut |x| stop |= f(i, x));
                }
                // Skip the rest of the reference (all ASCII, so byte count = char count).
                for _ in 1..len {
                    iter.next();
                }
                continue;
            }
        }
        fold_char(c, &mut |x| stop |= f(i, x));
    }
}

/// Normalise text for comparison: NFKC-style width folding (full-width → half-width),
/// lowercase, leftover HTML entities decoded, and only letters and digits kept (punctuation,
/// whitespace, symbols and emoji dropped). `"【辟谣】吃荔枝　会被查出“酒驾”？ＡＢＣ&nbsp;"` →
/// `"辟谣吃荔枝会被查出酒驾abc"`.
pub fn normalize(s: &str) -> String {
    normalize_capped(s, usize::MAX)
}

/// [`normalize`] over at most the first `max_chars` characters of `s`.
pub fn normalize_capped(s: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max_chars.saturating_mul(3)));
    for_each_normalized(s, max_chars, |_, c| out.push(c));
    out
}

/// Pack a character bigram into one integer (21 bits per Unicode scalar value).
#[inline]
pub fn pack(a: char, b: char) -> u64 {
    ((a as u64) << 21) | b as u64
}

/// Character bigrams ("shingles") of an already normalised string, in order, with repeats.
pub fn bigrams(norm: &str) -> impl Iterator<Item = u64> + '_ {
    let mut prev: Option<char> = None;
    norm.chars().filter_map(move |c| {
        let p = prev.replace(c)?;
        Some(pack(p, c))
    })
}

/// Sorted, deduplicated character bigrams of an already normalised string.
pub fn shingles(norm: &str) -> Vec<u64> {
    let mut v: Vec<u64> = bigrams(norm).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Size of the intersection of two sorted, deduplicated slices.
pub fn intersection_len(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Dice coefficient of two sorted, deduplicated shingle sets (0 when both are empty).
pub fn dice(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    2.0 * intersection_len(a, b) as f32 / (a.len() + b.len()) as f32
}

/// Truncation marks a list page puts at the end of a shortened title or summary.
const ELLIPSES: &[&str] = &["...", "…", "⋯", "‥", "．．", "。。。", "..", "﹒﹒"];

/// Words a feed appends after the truncation mark ("…全文", "...展开全文").
const MORE_WORDS: &[&str] = &[
    "展开全文",
    "查看全文",
    "阅读全文",
    "显示全文",
    "全文",
    "展开",
    "更多",
];

fn trim_ws(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Strip one trailing truncation mark (with a "全文"/"展开" after it); None if there is none.
fn strip_truncation_suffix(s: &str) -> Option<&str> {
    let t = trim_ws(s);
    if let Some(r) = t.strip_suffix("展开全文") {
        return Some(trim_ws(r));
    }
    let mut base = t;
    for w in MORE_WORDS {
        if let Some(r) = t.strip_suffix(w) {
            base = trim_ws(r);
            break;
        }
    }
    for e in ELLIPSES {
        if let Some(r) = base.strip_suffix(e) {
            // Eat the whole run ("......", "……").
            let r = r.trim_end_matches(['.', '…', '⋯', '‥', '．', '。', '﹒']);
            return Some(trim_ws(r));
        }
    }
    None
}

/// True when `s` ends with a truncation mark: `...`, `…`, `……`, `．．．`, `。。。`, `⋯`, or a
/// feed's "…全文" / "展开全文". Trailing whitespace is ignored. Looks only at the end.
pub fn is_truncated(s: &str) -> bool {
    // Only the tail matters; never scan a huge string.
    let tail_start = s.len().saturating_sub(64);
    let tail_start = (tail_start..=s.len())
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(s.len());
    strip_truncation_suffix(&s[tail_start..]).is_some()
}

/// Quote characters trimmed from both ends of a title.
fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '「'
            | '」'
            | '『'
            | '』'
            | '＂'
            | '＇'
            | '﹁'
            | '﹂'
    )
}

fn trim_deco(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c) || is_quote(c))
}

/// Opening brackets of a leading tag such as 【辟谣】, [转], 〔提醒〕, and their closers.
const TAG_BRACKETS: &[(char, char)] = &[
    ('【', '】'),
    ('[', ']'),
    ('［', '］'),
    ('〔', '〕'),
    ('〖', '〗'),
    ('(', ')'),
    ('（', '）'),
];

/// The longest content of a leading bracketed tag we treat as decoration ("权威发布·辟谣" is 6;
/// a bracketed sentence is content, not a tag).
const MAX_TAG_CHARS: usize = 12;

/// If `s` starts with a bracketed tag of at most [`MAX_TAG_CHARS`] characters followed by
/// something, return (tag, rest).
fn leading_tag(s: &str) -> Option<(&str, &str)> {
    let first = s.chars().next()?;
    let &(_, close) = TAG_BRACKETS.iter().find(|(o, _)| *o == first)?;
    let inner_start = first.len_utf8();
    for (n, (i, c)) in s[inner_start..].char_indices().enumerate() {
        if n > MAX_TAG_CHARS {
            return None;
        }
        if c == close {
            let end = inner_start + i + c.len_utf8();
            let rest = trim_deco(&s[end..]);
            // Round brackets only when they hold a repost word, e.g. "(转)": "(图)" or
            // "(2024)" at the start of a title is content.
            if matches!(first, '(' | '（') && !s[inner_start..inner_start + i].contains('转') {
                return None;
            }
            if rest.is_empty() || inner_start + i == inner_start {
                return None;
            }
            return Some((&s[..end], rest));
        }
    }
    None
}

/// Repost words a coordinator's matrix accounts put in front of a title.
const PREFIX_WORDS: &[&str] = &[
    "转发微博",
    "原标题",
    "转发",
    "转载",
    "转",
    "辟谣",
    "分享",
    "扩散",
    "重要提醒",
    "提醒",
];

/// Separators after a prefix word ("转发：", "辟谣|", "转载丨").
fn is_prefix_sep(c: char) -> bool {
    matches!(
        c,
        ':' | '：' | '|' | '｜' | '丨' | '/' | '／' | '-' | '—' | '·' | '•' | '>' | '＞'
    )
}

/// If `s` starts with a repost word and a separator ("转发：", "原标题：", "辟谣丨"), or with
/// "转自…：" / "转载自…：" / "来源：…：" style attributions, return (prefix, rest).
fn leading_prefix_word(s: &str) -> Option<(&str, &str)> {
    // "转自人民日报：", "转载自@区委网信办：" — attribution up to a colon within 24 chars.
    for lead in ["转载自", "转自", "来自"] {
        if let Some(r) = s.strip_prefix(lead) {
            for (n, (i, c)) in r.char_indices().enumerate() {
                if n > 24 {
                    break;
                }
                if c == ':' || c == '：' {
                    let end = lead.len() + i + c.len_utf8();
                    let rest = trim_deco(&s[end..]);
                    if !rest.is_empty() {
                        return Some((&s[..end], rest));
                    }
                    break;
                }
            }
        }
    }
    for w in PREFIX_WORDS {
        if let Some(r) = s.strip_prefix(w) {
            let r2 = r.trim_start_matches(|c: char| c.is_whitespace() || is_invisible(c));
            let mut chars = r2.chars();
            let next = chars.next();
            let after = match next {
                Some(c) if is_prefix_sep(c) => trim_deco(&r2[c.len_utf8()..]),
                // "转发 【辟谣】…", "转发微博 …": the word then whitespace or a tag.
                Some(c)
                    if (r2.len() < r.len() || matches!(c, '【' | '[' | '#'))
                        && matches!(*w, "转发微博" | "转发" | "转载") =>
                {
                    r2
                }
                _ => continue,
            };
            if !after.is_empty() {
                return Some((&s[..s.len() - after.len()], after));
            }
        }
    }
    None
}

/// Trailing repost marks: "(转)", "（转载）", "【转】", "[转载]".
const SUFFIX_MARKS: &[&str] = &[
    "(转)",
    "（转）",
    "(转载)",
    "（转载）",
    "【转】",
    "【转载】",
    "[转]",
    "[转载]",
    "(转发)",
    "（转发）",
];

/// Remove inline decorations anywhere in the title: Weibo repost chains "//@name:", replies
/// "回复@name:", topics "#话题#", and short square-bracket codes ("[超话]", "[doge]").
fn remove_inline<'a>(s: &'a str, removed: &mut Vec<String>) -> std::borrow::Cow<'a, str> {
    if !s.contains(['#', '＃', '@', '[']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        // "//@name:" and "回复@name:" — drop through the colon (name ≤ 30 chars).
        let at_len = if rest.starts_with("//@") {
            Some(3)
        } else if rest.starts_with("回复@") {
            Some("回复@".len())
        } else {
            None
        };
        if let Some(skip) = at_len {
            if let Some(end) = find_close(&rest[skip..], &[':', '：'], 30) {
                let total = skip + end;
                push_removed(removed, &rest[..total]);
                out.push(' ');
                i += total;
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c == '#' || c == '＃' {
            if let Some(end) = find_close(&rest[c.len_utf8()..], &['#', '＃'], 40) {
                let total = c.len_utf8() + end;
                let inner = &rest[c.len_utf8()..total - 1];
                if !inner.contains('\n') {
                    push_removed(removed, &rest[..total]);
                    out.push(' ');
                    i += total;
                    continue;
                }
            }
        }
        if c == '[' {
            if let Some(end) = find_close(&rest[1..], &[']'], 8) {
                let total = 1 + end;
                push_removed(removed, &rest[..total]);
                out.push(' ');
                i += total;
                continue;
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
    std::borrow::Cow::Owned(out)
}

/// Byte offset just past the first of `closers` within `max_chars` characters of `s`
/// (no newline in between).
fn find_close(s: &str, closers: &[char], max_chars: usize) -> Option<usize> {
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n > max_chars || c == '\n' {
            return None;
        }
        if closers.contains(&c) {
            return Some(i + c.len_utf8());
        }
    }
    None
}

fn push_removed(removed: &mut Vec<String>, piece: &str) {
    if removed.len() < 4 {
        let t = trim_ws(piece);
        if !t.is_empty() {
            removed.push(t.chars().take(20).collect());
        }
    }
}

/// The longest title we strip (longer inputs are cut first; titles are short).
const MAX_TITLE_CHARS: usize = 1_000;

/// [`strip_repost_decorations`], also returning the decorations it removed (at most four,
/// each cut to 20 characters) so that an explanation can name them.
pub fn strip_decorations(title: &str) -> (String, Vec<String>) {
    let title = cut_chars(title, MAX_TITLE_CHARS);
    let mut removed = Vec::new();
    let inline = remove_inline(title, &mut removed);
    // A title that is nothing but a topic ("#吃荔枝会被查出酒驾#") keeps the topic's words.
    let inline: std::borrow::Cow<str> = if trim_deco(&inline).is_empty() {
        removed.clear();
        std::borrow::Cow::Owned(title.replace(['#', '＃'], " "))
    } else {
        inline
    };
    let mut s = trim_deco(&inline);
    // Prefixes, any number in any order: "转发：【辟谣】原标题：…".
    loop {
        if let Some((tag, rest)) = leading_tag(s) {
            push_removed(&mut removed, tag);
            s = rest;
            continue;
        }
        if let Some((p, rest)) = leading_prefix_word(s) {
            push_removed(&mut removed, p);
            s = rest;
            continue;
        }
        break;
    }
    // Suffixes: truncation marks, "(转)".
    loop {
        if let Some(r) = strip_truncation_suffix(s) {
            if !trim_deco(r).is_empty() {
                push_removed(&mut removed, &s[r.len()..]);
                s = trim_deco(r);
                continue;
            }
        }
        if let Some(m) = SUFFIX_MARKS.iter().find(|m| s.ends_with(**m)) {
            let r = trim_deco(&s[..s.len() - m.len()]);
            if !r.is_empty() {
                push_removed(&mut removed, m);
                s = r;
                continue;
            }
        }
        break;
    }
    (s.to_string(), removed)
}

/// A title without what reposting adds to it: leading tags (【辟谣】 【转】 [转载]), repost
/// words (转发： 转载： 转： 转发微博 原标题： 辟谣丨), attributions (转自人民日报：), Weibo repost
/// chains (//@someone:), topics (#话题#), bracket codes ([超话]), trailing truncation marks
/// ("..." "…" "…全文"), trailing (转载), and quotes or whitespace at either end.
/// Punctuation inside is kept (use [`normalize`] for comparison).
pub fn strip_repost_decorations(title: &str) -> String {
    strip_decorations(title).0
}

/// The first `max` characters of `s` (a prefix slice, no allocation).
pub fn cut_chars(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s; // never more characters than bytes
    }
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// URLs written out in plain text (`http://` or `https://`, up to the first space, quote,
/// bracket or non-ASCII character; trailing sentence punctuation removed). Looks at most at
/// the first `max_urls` URLs.
pub fn find_urls(s: &str, max_urls: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut from = 0;
    while out.len() < max_urls {
        let Some(pos) = bytes[from..].iter().position(|b| matches!(b, b'h' | b'H')) else {
            break;
        };
        let start = from + pos;
        let rest = &bytes[start..];
        let scheme_len = if rest.len() >= 8 && rest[..8].eq_ignore_ascii_case(b"https://") {
            8
        } else if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"http://") {
            7
        } else {
            from = start + 1;
            continue;
        };
        let mut end = start + scheme_len;
        while end < bytes.len() {
            let b = bytes[end];
            if !b.is_ascii_graphic()
                || matches!(
                    b,
                    b'"' | b'\'' | b'<' | b'>' | b'`' | b'\\' | b'^' | b'{' | b'}' | b'|'
                )
            {
                break;
            }
            end += 1;
        }
        let url = s[start..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']']);
        if url.len() > scheme_len {
            out.push(url);
        }
        from = end.max(start + 4);
    }
    out
}

/// Credits and source lines ("来源：…", "责任编辑：…"): the lead word, a colon, and a short
/// value up to the next space or sentence end are boilerplate.
const COLON_LEADS: &[&str] = &[
    "值班编辑",
    "责任编辑",
    "图片来源",
    "本文来源",
    "来源",
    "编辑",
    "审核",
    "审校",
    "校对",
    "监制",
    "初审",
    "复审",
    "终审",
    "作者",
    "记者",
    "通讯员",
    "出品",
    "策划",
    "统筹",
    "排版",
    "美编",
    "原标题",
    "图源",
    "文",
    "图",
];

/// Sentences a repost adds around the text (QR codes, follow-us, copyright): the lead and
/// the rest of its sentence (up to 。！ or a line end, at most 80 characters) are boilerplate.
const SENTENCE_LEADS: &[&str] = &[
    "长按",
    "扫码",
    "扫描二维码",
    "识别二维码",
    "点击蓝字",
    "点击上方",
    "关注我们",
    "欢迎关注",
    "本文转载",
    "转载自",
    "如有侵权",
    "免责声明",
    "版权声明",
    "编者按",
    "往期回顾",
    "推荐阅读",
    "阅读原文",
    "更多精彩",
    "投稿邮箱",
];

/// First characters of [`COLON_LEADS`] and [`SENTENCE_LEADS`], sorted (built on first use).
fn boilerplate_firsts() -> &'static [char] {
    static FIRSTS: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    FIRSTS.get_or_init(|| {
        let mut v: Vec<char> = COLON_LEADS
            .iter()
            .chain(SENTENCE_LEADS)
            .filter_map(|l| l.chars().next())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

#[inline]
fn is_boundary(c: char) -> bool {
    // One `match` on ranges (no Unicode table lookup): spaces, line ends, sentence ends,
    // brackets and bars.
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{a0}' | '\u{2000}'
            ..='\u{200b}'
                | '\u{3000}'
                | '。'
                | '！'
                | '？'
                | '；'
                | '（'
                | '('
                | '【'
                | '['
                | '）'
                | ')'
                | '】'
                | ']'
                | '|'
                | '丨'
                | '｜'
    )
}

/// Byte length of the boilerplate starting at `rest` (at a boundary), if any.
fn boilerplate_at(rest: &str) -> Option<usize> {
    for lead in COLON_LEADS {
        if let Some(after) = rest.strip_prefix(lead) {
            let gap = after.len() - after.trim_start_matches([' ', '\u{3000}']).len();
            let after_gap = &after[gap..];
            let Some(colon) = after_gap.chars().next().filter(|c| matches!(c, ':' | '：')) else {
                continue;
            };
            let vstart = lead.len() + gap + colon.len_utf8();
            let value = &rest[vstart..];
            let value_trim = value.trim_start_matches([' ', '\u{3000}']);
            let mut end = vstart + (value.len() - value_trim.len());
            for (n, ch) in value_trim.chars().enumerate() {
                if n >= 30
                    || ch.is_whitespace()
                    || matches!(ch, '。' | '）' | ')' | '】' | '，' | '；')
                {
                    break;
                }
                end += ch.len_utf8();
            }
            return Some(end);
        }
    }
    for lead in SENTENCE_LEADS {
        if rest.starts_with(lead) {
            let mut end = 0;
            for (n, ch) in rest.chars().enumerate() {
                if n >= 80 || ch == '\n' {
                    break;
                }
                end += ch.len_utf8();
                if matches!(ch, '。' | '！') {
                    break;
                }
            }
            return Some(end);
        }
    }
    None
}

/// The text without the boilerplate reposts add: credit and source lines ("来源：…",
/// "责任编辑：…", "审核：…"), QR-code and follow-us sentences ("长按识别二维码…"),
/// copyright notes, "编者按：…". Only at the start of the text, a line, a sentence or a
/// bracket, so "数据来源：" inside a sentence stays. Borrows when there is nothing to remove.
pub fn strip_boilerplate(text: &str) -> std::borrow::Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut copied_to = 0;
    let mut i = 0;
    let mut at_boundary = true;
    let firsts = boilerplate_firsts();
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if at_boundary && firsts.binary_search(&c).is_ok() {
            if let Some(len) = boilerplate_at(rest) {
                let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
                o.push_str(&text[copied_to..i]);
                o.push(' ');
                i += len;
                copied_to = i;
                continue;
            }
        }
        at_boundary = is_boundary(c);
        i += c.len_utf8();
    }
    match out {
        None => std::borrow::Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[copied_to..]);
            std::borrow::Cow::Owned(o)
        }
    }
}

/// Words that mark a text as a rebuttal (or a fact-check) rather than as the rumor itself,
/// in normalised form (no punctuation). A rumor reposted as-is has none of these; a rebuttal
/// quoting the rumor ("网传“…”，经核实，该说法不实") has several.
pub const REBUTTAL_CUES: &[&str] = &[
    "辟谣",
    "谣言",
    "谣传",
    "造谣",
    "传谣",
    "信谣",
    "不实",
    "不属实",
    "假的",
    "假消息",
    "假新闻",
    "虚假",
    "澄清",
    "经核实",
    "经查",
    "核实",
    "查证",
    "核查",
    "误导",
    "没有科学依据",
    "缺乏科学依据",
    "无科学依据",
    "没有依据",
    "没有根据",
    "毫无根据",
    "并非",
    "纯属",
    "勿信",
    "别信",
    "不要信",
    "不可信",
    "不要轻信",
    "勿轻信",
    "伪科学",
    "不靠谱",
    "不科学",
    "真实情况",
    "真相",
    "是真的吗",
    "真的吗",
    "网传",
    "传言",
    "据传",
    "流言",
    "说法错误",
    "错误说法",
    "不正确",
    "不准确",
    "误区",
    "没有证据",
    "尚无证据",
    "无证据",
    "站不住脚",
    "子虚乌有",
    "以讹传讹",
    "无中生有",
    "求证",
    "事实核查",
    "较真",
    "错误",
];

/// Words of rebuttal *headlines* that avoid the words of [`REBUTTAL_CUES`] ("…会被查出酒驾？
/// 交警实测：不会"). They tell a rebuttal from the rumor, but inside a rebuttal's body they
/// also introduce facts ("交警实测…"), so they do not make a clause formulaic.
pub const HEADLINE_CUES: &[&str] = &[
    "实测",
    "实验证明",
    "别慌",
    "别担心",
    "不用担心",
    "不必恐慌",
    "无需恐慌",
    "别被骗",
    "误会",
    "误解",
    "答案来了",
    "回应",
    "科普",
    "解读",
    "别再转",
    "别再传",
    "不要再转",
    "别轻信",
    "智商税",
    "言过其实",
    "夸大其词",
    "并不会",
    "其实不会",
    "没那么",
];

/// Phrases a rumor spreader uses that contain a cue word but assert the opposite ("这不是谣言").
/// Cue words inside them do not count.
pub const ANTI_CUES: &[&str] = &[
    "不是谣言",
    "并非谣言",
    "绝非谣言",
    "不是假的",
    "不是假消息",
    "并非虚假",
    "千真万确",
    "不是网传",
];

/// A set of cue phrases (normalised), searched in one pass: at each position of the text
/// only the phrases starting with that character are tried (a bit map says in O(1) whether
/// any phrase starts with a character; a binary search over the distinct first characters
/// then finds that character's phrases), so the cost per character does not grow with the
/// list. Phrases inside an anti-cue ("不是谣言") do not count.
#[derive(Debug, Clone)]
pub struct CueSet {
    /// Distinct first characters of cues and anti-cues, sorted.
    firsts: Vec<char>,
    /// Per first character (same order as `firsts`): its anti-cues, in [`ANTI_CUES`] order,
    /// and its cues, in the order given to [`CueSet::new`].
    buckets: Vec<(Vec<&'static str>, Vec<&'static str>)>,
    /// Bit `c` set when some phrase starts with the BMP character `c`.
    bmp: Box<[u64]>,
}

impl CueSet {
    pub fn new(cues: &[&'static str]) -> CueSet {
        let mut firsts: Vec<char> = cues
            .iter()
            .chain(ANTI_CUES)
            .filter_map(|c| c.chars().next())
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        let starting = |list: &[&'static str], f: char| -> Vec<&'static str> {
            list.iter().copied().filter(|c| c.starts_with(f)).collect()
        };
        let buckets = firsts
            .iter()
            .map(|&f| (starting(ANTI_CUES, f), starting(cues, f)))
            .collect();
        let mut bmp = vec![0u64; 0x10000 / 64].into_boxed_slice();
        for &f in &firsts {
            let u = f as u32;
            if u < 0x10000 {
                bmp[(u / 64) as usize] |= 1 << (u % 64);
            }
        }
        CueSet {
            firsts,
            buckets,
            bmp,
        }
    }

    #[inline]
    fn bucket(&self, c: char) -> Option<&(Vec<&'static str>, Vec<&'static str>)> {
        let u = c as u32;
        if u < 0x10000 && self.bmp[(u / 64) as usize] & (1 << (u % 64)) == 0 {
            return None;
        }
        self.firsts.binary_search(&c).ok().map(|i| &self.buckets[i])
    }

    /// The first cue in `norm` (normalised text), ignoring cue words inside an anti-cue.
    pub fn find(&self, norm: &str) -> Option<&'static str> {
        let mut i = 0;
        while i < norm.len() {
            let rest = &norm[i..];
            let c = rest.chars().next()?;
            if let Some((anti, cues)) = self.bucket(c) {
                // Anti-cues first: skip past them.
                if let Some(a) = anti.iter().find(|a| rest.starts_with(**a)) {
                    i += a.len();
                    continue;
                }
                if let Some(cue) = cues.iter().find(|q| rest.starts_with(**q)) {
                    return Some(cue);
                }
            }
            i += c.len_utf8();
        }
        None
    }
}

/// The first rebuttal cue in `norm` (normalised text) among `cues`, ignoring cue words that
/// sit inside an anti-cue ("不是谣言"). For repeated searches build a [`CueSet`] once.
pub fn find_cue(norm: &str, cues: &[&'static str]) -> Option<&'static str> {
    CueSet::new(cues).find(norm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_table() {
        let cases: &[(&str, &str)] = &[
            ("", ""),
            (
                "【辟谣】吃荔枝后开车会被查出酒驾？",
                "辟谣吃荔枝后开车会被查出酒驾",
            ),
            ("ＡＢＣ１２３，ｘｙｚ！", "abc123xyz"),
            ("血液酒精浓度≥20mg/100ml", "血液酒精浓度20mg100ml"),
            ("三价铬（Cr³⁺）", "三价铬cr3"),
            ("“酸性体质”是 伪科学\n\t", "酸性体质是伪科学"),
            (
                "转发&nbsp;辟谣&ldquo;可乐杀精&rdquo;&#20013;&#x56FD;",
                "转发辟谣可乐杀精中国",
            ),
            ("速看！！😱😱转发扩散🙏", "速看转发扩散"),
            ("①不要相信②不要转发", "1不要相信2不要转发"),
            ("５Ｇ基站", "5g基站"),
            ("Café", "cafe"),
            ("a & b; &unknown", "abunknown"),
            ("\u{200B}零宽\u{FEFF}字符", "零宽字符"),
            ("㎎", "mg"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), *want, "normalize({input:?})");
        }
    }

    #[test]
    fn normalize_capped_and_garbage() {
        assert_eq!(normalize_capped("一二三四五", 3), "一二三");
        let garbage: String = (0..200_000u32)
            .filter_map(|i| char::from_u32((i * 7919) % 0x11000))
            .collect();
        let n = normalize_capped(&garbage, 20_000);
        assert!(n.chars().count() <= 60_000);
        let _ = normalize(&garbage);
        let amp = "&".repeat(100_000);
        assert_eq!(normalize(&amp), "");
        assert_eq!(normalize("&#99999999999;&#x110000;&#;"), "99999999999");
    }

    #[test]
    fn normalized_offsets_point_into_the_original() {
        let s = "【辟谣】吃&amp;荔枝";
        let mut got = Vec::new();
        for_each_normalized(s, usize::MAX, |i, c| got.push((i, c)));
        assert_eq!(got[0], (3, '辟'));
        let li = s.find('荔').unwrap();
        assert!(got.contains(&(li, '荔')));
        assert_eq!(got.iter().map(|x| x.1).collect::<String>(), "辟谣吃荔枝");
    }

    #[test]
    fn strip_repost_decorations_table() {
        let t = "关于“吃荔枝后开车会被查出酒驾”的真实情况";
        let cases: &[(&str, &str)] = &[
            ("【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况", t),
            ("转发：【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况", t),
            ("转发:【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况", t),
            ("转载｜【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况", t),
            ("【转】【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况", t),
            ("[转载] 关于“吃荔枝后开车会被查出酒驾”的真实情况", t),
            (
                "转自区委网信办：关于“吃荔枝后开车会被查出酒驾”的真实情况",
                t,
            ),
            ("#辟谣# 关于“吃荔枝后开车会被查出酒驾”的真实情况", t),
            (
                "#网信辟谣#[超话]关于“吃荔枝后开车会被查出酒驾”的真实情况",
                t,
            ),
            (
                "转发微博//@区委网信办:【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况",
                t,
            ),
            ("原标题：关于“吃荔枝后开车会被查出酒驾”的真实情况", t),
            ("辟谣丨关于“吃荔枝后开车会被查出酒驾”的真实情况", t),
            ("关于“吃荔枝后开车会被查出酒驾”的真实情况（转载）", t),
            ("  “关于“吃荔枝后开车会被查出酒驾”的真实情况”  ", t),
            ("【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况...", t),
            ("【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况…全文", t),
            (
                "【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实……",
                "关于“吃荔枝后开车会被查出酒驾”的真实",
            ),
            // Content is kept: a bracketed sentence, a title that is only a topic, a year.
            (
                "【吃荔枝后开车会被查出酒驾？交警做了实验】",
                "【吃荔枝后开车会被查出酒驾？交警做了实验】",
            ),
            ("#吃荔枝后开车会被查出酒驾#", "吃荔枝后开车会被查出酒驾"),
            ("【辟谣】", "【辟谣】"),
            ("(2024)第3号通告", "(2024)第3号通告"),
            ("转基因食品致癌？", "转基因食品致癌？"),
            ("分享会通知", "分享会通知"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(strip_repost_decorations(input), *want, "strip({input:?})");
        }
        let (_, removed) =
            strip_decorations("转发：【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况");
        assert_eq!(removed, vec!["转发：".to_string(), "【辟谣】".to_string()]);
    }

    #[test]
    fn strip_is_safe_on_odd_input() {
        let long = "【".repeat(300_000);
        let _ = strip_repost_decorations(&long);
        let hashes = "#".repeat(300_000);
        let _ = strip_repost_decorations(&hashes);
        let ats = "//@".repeat(100_000);
        let _ = strip_repost_decorations(&ats);
        let _ = strip_repost_decorations("转发：");
        let _ = strip_repost_decorations("...");
        let _ = strip_repost_decorations("\u{0}\u{1}\u{FFFF}");
    }

    #[test]
    fn is_truncated_table() {
        let cases: &[(&str, bool)] = &[
            ("关于“吃荔枝后开车会被查出酒驾”的真实...", true),
            ("关于“吃荔枝后开车会被查出酒驾”的真实…", true),
            ("关于“吃荔枝后开车会被查出酒驾”的真实……  ", true),
            ("关于“吃荔枝后开车会被查出酒驾”的真实．．．", true),
            ("关于“吃荔枝后开车会被查出酒驾”的真实。。。", true),
            ("关于“吃荔枝后开车会被查出酒驾”的真实⋯", true),
            ("荔枝等水果在无氧呼吸过程中会产生微量乙醇...全文", true),
            ("荔枝等水果在无氧呼吸过程中会产生微量乙醇 展开全文", true),
            ("关于“吃荔枝后开车会被查出酒驾”的真实情况", false),
            ("吃荔枝会被查出酒驾？", false),
            ("版本 1.0", false),
            ("", false),
            ("…", true),
        ];
        for (input, want) in cases {
            assert_eq!(is_truncated(input), *want, "is_truncated({input:?})");
        }
        let huge = format!("{}…", "字".repeat(1_000_000));
        assert!(is_truncated(&huge));
    }

    #[test]
    fn bigram_helpers() {
        let a = shingles(&normalize("吃荔枝后开车"));
        let b = shingles(&normalize("吃荔枝后开车会被查出酒驾"));
        assert_eq!(a.len(), 5);
        assert_eq!(intersection_len(&a, &b), 5);
        assert!((dice(&a, &b) - 10.0 / 16.0).abs() < 1e-6);
        assert_eq!(dice(&[], &[]), 0.0);
        assert!(shingles("字").is_empty());
    }

    #[test]
    fn find_urls_table() {
        let s = "详见https://mp.weixin.qq.com/s/AbC-12_x。另见 http://www.example.gov.cn/a?id=1&from=tl， 和（HTTPS://X.cn/p）";
        assert_eq!(
            find_urls(s, 10),
            vec![
                "https://mp.weixin.qq.com/s/AbC-12_x",
                "http://www.example.gov.cn/a?id=1&from=tl",
                "HTTPS://X.cn/p"
            ]
        );
        assert!(find_urls("http https:// httpx", 10).is_empty());
        assert_eq!(find_urls(&"http://a.cn ".repeat(1000), 3).len(), 3);
    }

    #[test]
    fn strip_boilerplate_table() {
        // Compared with whitespace collapsed: removed pieces leave a space.
        let cases: &[(&str, &str)] = &[
            (
                "荔枝不会导致酒驾。\n来源：北京交警\n责任编辑：王芳  审核：李强",
                "荔枝不会导致酒驾。",
            ),
            (
                "编者按：为帮助广大群众辨别网络谣言，现转发如下。荔枝不会导致酒驾。",
                "荔枝不会导致酒驾。",
            ),
            (
                "荔枝不会导致酒驾。长按识别下方二维码，关注“清河发布”。",
                "荔枝不会导致酒驾。",
            ),
            (
                "荔枝不会导致酒驾（来源：央视新闻客户端）",
                "荔枝不会导致酒驾（ ）",
            ),
            (
                "来源：新华社 近日，网传荔枝会导致酒驾。",
                "近日，网传荔枝会导致酒驾。",
            ),
            ("数据来源：国家统计局。", "数据来源：国家统计局。"),
            ("来源于生活", "来源于生活"),
            ("", ""),
        ];
        for (input, want) in cases {
            let got = strip_boilerplate(input)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(got, *want, "strip_boilerplate({input:?})");
        }
        assert!(matches!(
            strip_boilerplate("没有套话"),
            std::borrow::Cow::Borrowed(_)
        ));
        let _ = strip_boilerplate(&"来源：".repeat(100_000));
        let _ = strip_boilerplate(&"长按".repeat(100_000));
    }

    #[test]
    fn cues_table() {
        let cues: Vec<&str> = REBUTTAL_CUES.iter().chain(HEADLINE_CUES).copied().collect();
        let cases: &[(&str, Option<&str>)] = &[
            ("网传“吃荔枝会被查出酒驾”，经核实，该说法不实", Some("网传")),
            ("经核实，该说法不实", Some("经核实")),
            ("吃荔枝后开车会被查出酒驾！速看！转发扩散", None),
            ("这不是谣言！吃荔枝后开车会被查出酒驾", None),
            ("这不是谣言，是伪科学", Some("伪科学")),
            ("可乐杀精是真的吗", Some("是真的吗")),
            ("吃荔枝开车会被查出酒驾？交警实测：不会", Some("实测")),
            ("紧急通知：吃荔枝开车会被查出酒驾，转发扩散！", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(find_cue(&normalize(input), &cues), *want, "cue({input:?})");
        }
        // Every cue is already in normalised form.
        for c in REBUTTAL_CUES.iter().chain(HEADLINE_CUES).chain(ANTI_CUES) {
            assert_eq!(normalize(c), *c);
        }
    }
}
