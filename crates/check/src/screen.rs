//! A pre-screen over a fetched page's decoded text, before any parsing: can *any* item of
//! this page be a repost of the rebuttal, a repost of the rumor, or worth following — and
//! can the page be a wall or a deletion notice? Most pages of a sweep mention neither the
//! rebuttal nor the rumor; for them one linear pass replaces HTML/JSON/feed parsing, item
//! extraction and matching.
//!
//! # What the pass computes
//!
//! One walk over the text with a small tokenizer. HTML entities (`&#x8F9F;`, `&lt;`,
//! `&hellip;`) and JSON/JS escapes (`\u8f9f`, surrogate pairs, `\x26`, `\/`, `\"`) are
//! decoded first, and a `<` decoded from an escape starts a tag too (escaped HTML in feeds
//! and in JSON strings). Markup is skipped; `<![CDATA[…]]>` is text. Characters are folded
//! exactly as the matcher folds them ([`fold_char`]) on three *chains*, each with its own
//! adjacency: the text (which runs on across tags, as the extractors' text does; the page
//! `<title>` and JSON strings are text), the current `title`, `alt` or `content` attribute
//! value (the attributes extractors read text from), and the current `<script>`, `<noscript>`,
//! `<iframe>`, `<textarea>` or comment body (script variables can give an article's title).
//! `<style>` is skipped. Every bigram of every chain is looked up in a table of the
//! reference's bigrams, and the page's *distinct* hits are counted per class: the rebuttal
//! title's bigrams, the first three bigrams of that title (with and without its tags), the
//! rebuttal's distinctive bigrams (`F_REB` in the matcher), the rumor text's and the rumor
//! title's. The same pass looks for the rebuttal URL's needle in every text, attribute value
//! and script (literally, and with percent-escapes decoded; tabs and line breaks dropped, as
//! URL parsing drops them), for the page-state cue phrases of `extract::signals`
//! (normalised, contiguous, in the text chain), for truncation marks, and measures the
//! longest field an item's text could come from and a lower bound of the visible text.
//!
//! # Why `false` is safe (the soundness argument)
//!
//! Every item field the extractors produce (title, text, links) is built from the page's
//! text nodes, `title`/`alt`/`content` attributes, JSON strings or script variables, with
//! markup removed and escapes decoded; so, after folding, every bigram of an item is a bigram
//! of one of the chains above, *except* at a "junction" where the extractor joins two pieces
//! that are not adjacent on one chain (an inline decoration or a credit line cut out of the
//! middle of a text, a hidden element between two characters, two fields joined into one
//! text). A junction changes at most one bigram (for `alt` text, which Weibo puts inline,
//! the bigrams on both sides are counted too). So the page's count of distinct hits of a
//! class is at least the count in any one item minus its junctions. Each decision of the
//! matcher needs a count of distinct hits of some class in one item; the screen lets a page
//! through when the page reaches **half** of that count (one less for the two smallest
//! counts, three and four): an item would have to lose half of its evidence to junctions
//! before the screen missed it. The needs, from `matcher.rs` (D = distinct bigrams of the
//! rebuttal title, n = its characters):
//!
//! - rule 1, a link to the rebuttal: the link contains the URL needle literally (the
//!   matcher checks `contains(needle)`); links come from the page's texts (decoded as above)
//!   or are resolved against the page URL or a `<base>`/`xml:base` written in the page: the
//!   page passes when the needle is in a decoded text or in the page URL. A rebuttal URL
//!   without a needle lets every page through;
//! - rule 2, the title: equal or contained needs all D; Dice ≥ 0.9 needs ≥ 0.818·D shared
//!   (2I ≥ 0.9(a + D) and I ≤ a); a prefix of ≥ 90 % misses at most ⌈0.1·n⌉ positions. Need
//!   min(⌊0.8·D⌋, D − ⌈0.1·n⌉), and only when the title is distinctive;
//! - rule 3, the body: ≥ 8 distinctive bigrams and ≥ 40 % of them: max(8, ⌊0.4·n_reb⌋);
//! - rule 4, the rumor: ≥ 60 % of the rumor's title or text bigrams (each of ≥ 3);
//! - `worth_following`, only for items the extractor marked truncated (below): a ≥ 4-char
//!   prefix of the title with or without its tags (its first three bigrams: need all but
//!   one), Dice ≥ 0.5 (≥ D/3 shared), ≥ 20 % of the distinctive bigrams, ≥ 4 of them at ≥ 50 %
//!   of the item's content (need 3), or ≥ 50 % of the rumor;
//! - `Matcher::follow_reason`, an entry titled in rebuttal words ("网上这条消息不实") or, when
//!   the rebuttal's publication day is known, dated with a relative date ("3小时前"): the
//!   word is in the entry's normalised title, so its first bigram is on a chain (need 1 of
//!   those bigrams); an entry dated since that day: the date as pages write it, found by an
//!   automaton over the raw text (and over it with escapes decoded when Chinese is escaped).
//!
//! An item is marked truncated only when a field ends with "...", "…", "。。。", "．．．" or
//! "⋯", when a Weibo post says `isLongText`, or when its text is longer than
//! [`MAX_TEXT_CHARS`] — only possible for a JSON string, a feed entry's body or an article
//! body (list entries keep 2,000 characters) that long. Without any of these on the page the
//! `worth_following` needs do not apply.
//!
//! The page state (`extract::signals`): the title rules need a cue phrase in `<title>`; the
//! visible-text rules need a cue in the visible text *and* a short page (≤ 1,500 visible
//! characters), and so does captcha markup (in the raw HTML, or in an id, class, name, src or
//! action); a JSON answer is a wall or a deletion with `"ok": -100` or a message with a cue,
//! 登录 or login. The pass counts a lower bound of the visible text (text outside `<head>`,
//! `<title>`, scripts, comments, CDATA and the elements plain text leaves out; within the
//! first 3 MB, which is all that is parsed); the page passes when a title cue is found, or a
//! text cue or captcha markup on a page whose visible text may be short, or a JSON cue.
//! Pages with a Weibo `$render_data` always pass.
//!
//! Deviations the pass cannot reproduce, all counted as junctions above: a named entity
//! other than the structural ones and `&hellip;` decodes to nothing here (html5ever decodes
//! `&eacute;` to é); a literal `\n` or `\u…` in HTML text is decoded here and not there; a
//! `<` written as `&lt;` in HTML text starts a tag here.

use aho_corasick::AhoCorasick;
use memchr::memmem;
use url::Url;

use crate::extract::{Format, BLOCKED, BODY_SELECTORS, DELETED, MAX_TEXT_CHARS};
use crate::matcher::BigramIndex;
use crate::text::{fold_char, normalize, pack};

/// Pages shorter than this (bytes of decoded text) always take the full path: they are cheap
/// to parse, and walls and deletion notices are short pages.
pub const MIN_SCREENED_BYTES: usize = 16 * 1024;

const C_TITLE: usize = 0;
const C_PREFIX: usize = 1;
const C_PREFIX_RAW: usize = 2;
const C_REB: usize = 3;
const C_RUMOR_TEXT: usize = 4;
const C_RUMOR_TITLE: usize = 5;
/// The first bigram of a rebuttal word or a relative date (an entry titled in rebuttal words
/// or dated "3小时前" is worth opening): one is enough.
const C_FOLLOW: usize = 6;
const CLASSES: usize = 7;

const NEVER: u32 = u32::MAX;

/// `extract::signals`: visible text up to this many characters is a "short page".
const SHORT_PAGE: usize = 1500;
/// HTML beyond this many bytes is not parsed (`extract::html::MAX_HTML_BYTES`)…
const PARSED_BYTES: usize = 3 * 1024 * 1024;
/// …and the sanitizer stops after 150,000 start tags: past this many the visible-text
/// bound is not trusted.
const TRUSTED_TAGS: usize = 100_000;

/// What the screen concluded about a page, and why (for tests and diagnostics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screening {
    /// False only when no rule of the matcher can fire on any item of the page and the page
    /// cannot be a wall or a deletion notice.
    pub may_match: bool,
    pub reason: &'static str,
}

impl Screening {
    fn pass(reason: &'static str) -> Screening {
        Screening {
            may_match: true,
            reason,
        }
    }
}

enum UrlCheck {
    /// The reference has no URL: rule 1 cannot fire.
    None,
    /// Any link to the rebuttal contains these bytes (ASCII).
    Needle(Vec<u8>, Vec<usize>),
    /// A URL without a needle: cannot be ruled out.
    Always,
}

/// The reference's side of the screen, built once per push in [`crate::matcher::Matcher::new`].
pub(crate) struct Screen {
    index: BigramIndex,
    /// Per table entry: a bit per class.
    classes: Vec<u8>,
    /// Bit per BMP character: first / second character of some table bigram.
    firsts: Box<[u64]>,
    seconds: Box<[u64]>,
    /// Thresholds per class: without and with truncated items on the page.
    need: [u32; CLASSES],
    need_truncated: [u32; CLASSES],
    url: UrlCheck,
    /// Bit per ASCII byte of the needle.
    url_bytes: u128,
    /// The dates since the rebuttal's publication, as they appear in raw text: a page with
    /// any of them may hold an entry worth opening. (Rebuttal words are in the table.)
    follow: Option<AhoCorasick>,
}

/// What [`Screen::new`] needs from the matcher.
pub(crate) struct ScreenInput<'a> {
    /// The matcher's table: distinctive rebuttal bigrams and the rumor's title and text.
    pub reb: &'a [u64],
    pub rumor_text: &'a [u64],
    pub rumor_title: &'a [u64],
    /// The rebuttal title without decorations, normalised, and as given (tags kept).
    pub title: &'a str,
    pub title_raw: &'a str,
    pub title_distinctive: bool,
    pub url_key: bool,
    pub url_needle: Option<&'a str>,
    /// Rebuttal words whose presence in an entry's title makes it worth opening.
    pub follow_cues: &'a [&'static str],
    /// The day the rebuttal was published (`YYYY-MM-DD`): entries dated since are worth
    /// opening.
    pub published_day: Option<&'a str>,
}

fn half(n: u32) -> u32 {
    n.div_ceil(2).max(1)
}

fn first_bigrams(norm: &str, positions: usize) -> Vec<u64> {
    let mut v: Vec<u64> = crate::text::bigrams(norm).take(positions).collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn bmp_bits() -> Box<[u64]> {
    vec![0u64; 0x10000 / 64].into_boxed_slice()
}

#[inline]
fn has_bit(bits: &[u64], c: char) -> bool {
    let u = c as u32;
    u >= 0x10000 || bits[(u / 64) as usize] & (1 << (u % 64)) != 0
}

fn set_bit(bits: &mut [u64], u: u32) {
    if u < 0x10000 {
        bits[(u / 64) as usize] |= 1 << (u % 64);
    }
}

impl Screen {
    pub(crate) fn new(i: &ScreenInput) -> Screen {
        let title_sh = crate::text::shingles(i.title);
        let n_title = i.title.chars().count();
        let prefix = if n_title >= 4 {
            first_bigrams(i.title, 3)
        } else {
            Vec::new()
        };
        let prefix_raw = if i.title_raw.chars().count() >= 4 {
            first_bigrams(i.title_raw, 3)
        } else {
            Vec::new()
        };
        let mut entries: Vec<(u64, u8)> = Vec::new();
        let mut add = |keys: &[u64], class: usize| {
            entries.extend(keys.iter().map(|&k| (k, 1u8 << class)));
        };
        add(&title_sh, C_TITLE);
        add(&prefix, C_PREFIX);
        add(&prefix_raw, C_PREFIX_RAW);
        add(i.reb, C_REB);
        add(i.rumor_text, C_RUMOR_TEXT);
        add(i.rumor_title, C_RUMOR_TITLE);
        // Every occurrence of a word on a chain has the word's first bigram (the matcher finds
        // rebuttal words in an entry's normalised title).
        let relative: &[&str] = if i.published_day.is_some() {
            RELATIVE_DATES
        } else {
            &[]
        };
        let follow_firsts: Vec<u64> = i
            .follow_cues
            .iter()
            .chain(relative)
            .filter_map(|w| crate::text::bigrams(&normalize(w)).next())
            .collect();
        add(&follow_firsts, C_FOLLOW);
        entries.sort_unstable_by_key(|e| e.0);
        let mut keys: Vec<u64> = Vec::with_capacity(entries.len());
        let mut classes: Vec<u8> = Vec::with_capacity(entries.len());
        let (mut firsts, mut seconds) = (bmp_bits(), bmp_bits());
        for (k, c) in entries {
            if keys.last() == Some(&k) {
                *classes.last_mut().unwrap() |= c;
            } else {
                keys.push(k);
                classes.push(c);
                set_bit(&mut firsts, (k >> 21) as u32);
                set_bit(&mut seconds, (k & 0x1F_FFFF) as u32);
            }
        }

        let d = title_sh.len() as u32;
        let n = n_title as u32;
        let n_reb = i.reb.len() as u32;
        let (n_rt, n_rtt) = (i.rumor_text.len() as u32, i.rumor_title.len() as u32);
        let mut need = [NEVER; CLASSES];
        // Rule 2 (only a distinctive title decides; it has ≥ 3 bigrams of its own).
        if i.title_distinctive && d > 0 {
            let dice = d * 8 / 10;
            let prefix = d.saturating_sub(n.div_ceil(10));
            need[C_TITLE] = half(dice.min(prefix));
        }
        // Rule 3.
        if n_reb >= 8 {
            need[C_REB] = half((n_reb * 4 / 10).max(8));
        }
        // Rule 4 (`cover` counts only a title or text of ≥ 3 bigrams).
        if n_rt >= 3 {
            need[C_RUMOR_TEXT] = half(n_rt * 6 / 10);
        }
        if n_rtt >= 3 {
            need[C_RUMOR_TITLE] = half(n_rtt * 6 / 10);
        }
        if !follow_firsts.is_empty() {
            need[C_FOLLOW] = 1;
        }
        // worth_following (truncated items only).
        let mut need_truncated = need;
        if !prefix.is_empty() {
            need_truncated[C_PREFIX] = (prefix.len() as u32 - 1).max(1);
        }
        if !prefix_raw.is_empty() {
            need_truncated[C_PREFIX_RAW] = (prefix_raw.len() as u32 - 1).max(1);
        }
        if d > 0 {
            need_truncated[C_TITLE] = need_truncated[C_TITLE].min(half(d / 3));
        }
        if n_reb >= 1 {
            need_truncated[C_REB] = need_truncated[C_REB].min(half(n_reb * 2 / 10));
        }
        if n_reb >= 4 {
            need_truncated[C_REB] = need_truncated[C_REB].min(3);
        }
        if n_rt >= 3 {
            need_truncated[C_RUMOR_TEXT] = need_truncated[C_RUMOR_TEXT].min(half(n_rt / 2));
        }
        if n_rtt >= 3 {
            need_truncated[C_RUMOR_TITLE] = need_truncated[C_RUMOR_TITLE].min(half(n_rtt / 2));
        }

        let mut url_bytes = 0u128;
        let url = match (i.url_key, i.url_needle) {
            (false, _) => UrlCheck::None,
            (true, Some(n)) if !n.is_empty() && n.is_ascii() => {
                let b = n.as_bytes().to_vec();
                for &x in &b {
                    url_bytes |= 1 << x;
                }
                let fail = kmp_table(&b);
                UrlCheck::Needle(b, fail)
            }
            (true, _) => UrlCheck::Always,
        };
        Screen {
            index: BigramIndex::new(&keys),
            classes,
            firsts,
            seconds,
            need,
            need_truncated,
            url,
            url_bytes,
            follow: i.published_day.and_then(date_patterns),
        }
    }

    /// Screens the decoded text of a page fetched from `page_url` (with this content type),
    /// to be read as `format`.
    pub(crate) fn scan(
        &self,
        text: &str,
        content_type: Option<&str>,
        page_url: &Url,
        format: &Format,
    ) -> Screening {
        if let UrlCheck::Always = self.url {
            return Screening::pass("辟谣原文链接没有可先行比对的片段");
        }
        if let UrlCheck::Needle(n, _) = &self.url {
            if memmem::find(page_url.as_str().as_bytes(), n).is_some() {
                return Screening::pass("页面地址含辟谣原文链接的片段");
            }
        }
        let st = statics();
        if st.render_data.find(text.as_bytes()).is_some() {
            return Screening::pass("微博 $render_data 页面");
        }
        let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
        let json_like = t.starts_with('{') || t.starts_with('[') || is_jsonp(t);
        let json_format = matches!(format, Format::Json(_) | Format::WeiboJson);
        if json_like && st.minus_100.find(text.as_bytes()).is_some() {
            return Screening::pass("JSON 页面可能是登录墙（ok: -100）");
        }
        if json_format && st.passport.find(text.as_bytes()).is_some() {
            return Screening::pass("页面可能是微博登录页");
        }
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        let page = Page {
            json: json_like,
            feed: !json_like
                && (matches!(format, Format::Feed)
                    || matches!(format, Format::Auto)
                        && (crate::extract::looks_like_feed(t)
                            || ct.contains("rss")
                            || ct.contains("atom")
                            || ct.contains("xml"))),
            article: !json_like && !matches!(format, Format::HtmlList | Format::Feed)
                || matches!(format, Format::Article),
            long_text: says_long_text(text),
        };
        // A JSON answer's state comes from `ok` and a root message field: without such a field
        // no cue phrase can matter in it.
        let json_msg = json_like
            && ["\"msg\"", "\"message\"", "\"errmsg\"", "\"error\""]
                .iter()
                .any(|k| memmem::find(text.as_bytes(), k.as_bytes()).is_some());
        let mut scan = Scan::new(self, st, json_like, json_msg, json_like || json_format);
        if let Some(reason) = scan.run(text) {
            return Screening::pass(reason);
        }
        // Entries under another title, dated since the rebuttal.
        if let Some(f) = &self.follow {
            if f.is_match(text) || (escaped_cjk(text) && f.is_match(&unescape(text))) {
                return Screening::pass("页面有本条辟谣发布以来的日期，可能有换了标题的转载");
            }
        }
        scan.finish(text, &page)
    }
}

/// What the extractors could make of the page, for the truncation cases.
struct Page {
    /// JSON (or JSONP): item texts are single strings.
    json: bool,
    /// Could be read as a feed: an entry's body is one element's text.
    feed: bool,
    /// Could be read as an article: its body is a container's text.
    article: bool,
    /// A Weibo post may say `isLongText: true`.
    long_text: bool,
}

/// Whether some `isLongText` field of the text may be true (`true`, `1`, `"true"`, `"1"`).
fn says_long_text(text: &str) -> bool {
    statics().long_text.find_iter(text.as_bytes()).any(|p| {
        let rest = &text[p + "isLongText".len()..];
        let v = rest.trim_start_matches(['"', '\\', ' ', '\t', '\r', '\n', ':']);
        v.starts_with(['t', 'T', '1'])
    })
}

fn is_jsonp(t: &str) -> bool {
    let Some(open) = t.as_bytes().iter().take(200).position(|&b| b == b'(') else {
        return false;
    };
    let name = t[..open].trim();
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.'))
}

fn kmp_table(n: &[u8]) -> Vec<usize> {
    let mut fail = vec![0usize; n.len()];
    let mut k = 0;
    for i in 1..n.len() {
        while k > 0 && n[i] != n[k] {
            k = fail[k - 1];
        }
        if n[i] == n[k] {
            k += 1;
        }
        fail[i] = k;
    }
    fail
}

/// One step of the KMP automaton for `needle`; None (a non-ASCII character) resets it. True
/// when the needle has just been seen whole.
#[inline]
fn kmp(needle: &[u8], fail: &[usize], k: &mut usize, byte: Option<u8>) -> bool {
    let Some(byte) = byte else {
        *k = 0;
        return false;
    };
    while *k > 0 && needle[*k] != byte {
        *k = fail[*k - 1];
    }
    if needle[*k] == byte {
        *k += 1;
    }
    if *k == needle.len() {
        *k = fail[*k - 1];
        return true;
    }
    false
}

/// Reference-independent tables, built once.
struct Statics {
    render_data: memmem::Finder<'static>,
    minus_100: memmem::Finder<'static>,
    passport: memmem::Finder<'static>,
    long_text: memmem::Finder<'static>,
    /// Page-state cue phrases, normalised; the JSON-only ones (登录, login) from `json_from`.
    cues: Vec<Vec<char>>,
    json_from: usize,
    /// Bit per BMP character: some cue ends with it.
    cue_last: Box<[u64]>,
    /// Cue indices by last character (sorted by character).
    cue_buckets: Vec<(char, Vec<usize>)>,
    /// Container ids and class tokens of article bodies (lower case).
    body_ids: Vec<String>,
    body_classes: Vec<String>,
}

fn statics() -> &'static Statics {
    static S: std::sync::OnceLock<Statics> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        let mut cues: Vec<Vec<char>> = DELETED
            .iter()
            .chain(BLOCKED)
            .map(|(c, _, _)| normalize(c).chars().collect::<Vec<char>>())
            .filter(|c| !c.is_empty())
            .collect();
        cues.sort();
        cues.dedup();
        let json_from = cues.len();
        cues.push("登录".chars().collect());
        cues.push("login".chars().collect());
        let mut cue_last = bmp_bits();
        let mut cue_buckets: Vec<(char, Vec<usize>)> = Vec::new();
        for (k, c) in cues.iter().enumerate() {
            let last = *c.last().unwrap();
            assert!((last as u32) < 0x10000, "cue phrases are BMP text");
            set_bit(&mut cue_last, last as u32);
            match cue_buckets.iter_mut().find(|(l, _)| *l == last) {
                Some((_, v)) => v.push(k),
                None => cue_buckets.push((last, vec![k])),
            }
        }
        cue_buckets.sort_by_key(|b| b.0);
        let mut body_ids = Vec::new();
        let mut body_classes = Vec::new();
        for s in BODY_SELECTORS {
            if let Some(id) = s.strip_prefix('#') {
                body_ids.push(id.to_ascii_lowercase());
            } else if let Some(c) = s.strip_prefix('.') {
                body_classes.push(c.to_ascii_lowercase());
            }
        }
        Statics {
            render_data: memmem::Finder::new(b"$render_data"),
            minus_100: memmem::Finder::new(b"-100"),
            passport: memmem::Finder::new(b"passport.weibo"),
            long_text: memmem::Finder::new(b"isLongText"),
            cues,
            json_from,
            cue_last,
            cue_buckets,
            body_ids,
            body_classes,
        }
    })
}

const RING: usize = 32;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// Just read an escaped `<` in text: a tag if a letter, `/` or `!` follows.
    EscapedLt,
    TagName,
    BeforeAttr,
    AttrName,
    AfterAttrName,
    BeforeValue,
    Value(char),
    UnquotedValue,
    /// Inside `<script>`, `<title>`… up to the end tag named `raw_end`.
    RawText,
    Comment,
}

/// What a raw-text element's content is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Raw {
    /// `<title>`: text, not visible.
    Title,
    /// `<xmp>`, `<noembed>`, `<noframes>`: visible text.
    Visible,
    /// `<script>`, `<noscript>`, `<iframe>`, `<textarea>`: a side chain.
    Side,
}

/// Which attribute's value is being read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Attr {
    /// Only a URL may be in it.
    Other,
    /// `title`, `content`: text an extractor may read.
    Text,
    /// `alt`: text, and inline in Weibo posts.
    Alt,
    Id,
    Class,
}

/// Elements whose text plain text leaves out (`extract::html::is_hidden`, less the raw-text
/// ones handled apart). The visible-text bound does not count text inside them.
const HIDDEN: [&[u8]; 10] = [
    b"head",
    b"template",
    b"object",
    b"svg",
    b"math",
    b"select",
    b"button",
    b"canvas",
    b"video",
    b"audio",
];

/// Steps return true when the page must take the full path (the reason is in
/// `Scan::reason`).
macro_rules! pass {
    ($e:expr) => {
        if $e {
            return true;
        }
    };
}

struct Scan<'s> {
    /// Why the page must take the full path, once known.
    reason: Option<&'static str>,
    sc: &'s Screen,
    st: &'static Statics,
    json: bool,
    /// A JSON answer with a message field: cue phrases count in its strings.
    json_msg: bool,
    /// 登录 and login count too (JSON, or a JSON format expected).
    json_cues: bool,
    seen: Vec<u64>,
    count: [u32; CLASSES],
    /// Previous folded character of each chain: text, attribute value, side.
    main_prev: Option<char>,
    attr_prev: Option<char>,
    side_prev: Option<char>,
    /// The text chain's last characters, for the cue phrases.
    ring: [char; RING],
    ring_pos: usize,
    ring_len: usize,
    state: State,
    /// Byte position in the text (for the parsed-bytes limit).
    pos: usize,
    tag: [u8; 16],
    tag_len: usize,
    closing: bool,
    self_closing: bool,
    tag_raw: bool,
    tags: usize,
    attr: [u8; 16],
    attr_len: usize,
    attr_kind: Attr,
    value: Vec<u8>,
    alt_first: Option<char>,
    alt_last: Option<char>,
    after_alt: Option<char>,
    raw_end: &'static [u8],
    raw_kind: Raw,
    in_cdata: bool,
    hidden: [u32; HIDDEN.len()],
    hidden_any: bool,
    /// Visible text characters (lower bound).
    visible: usize,
    /// Start tags of feed items (`<item>`, `<entry>`).
    feed_items: usize,
    /// Truncation marks and field lengths.
    truncated: bool,
    dot: char,
    dots: u32,
    main_chars: usize,
    field_chars: usize,
    longest_field: usize,
    body_container: bool,
    in_string: bool,
    string_chars: usize,
    longest_string: usize,
    /// URL needle: KMP states over the texts (literal) and over the same with
    /// percent-escapes decoded; a pending percent-escape.
    url_k: usize,
    url_kp: usize,
    pct: u8,
    pct_val: u8,
}

impl<'s> Scan<'s> {
    #[cold]
    fn pass(&mut self, reason: &'static str) -> bool {
        self.reason = Some(reason);
        true
    }

    fn new(
        sc: &'s Screen,
        st: &'static Statics,
        json: bool,
        json_msg: bool,
        json_cues: bool,
    ) -> Scan<'s> {
        Scan {
            reason: None,
            sc,
            st,
            json,
            json_msg,
            json_cues,
            seen: vec![0; sc.classes.len().div_ceil(64)],
            count: [0; CLASSES],
            main_prev: None,
            attr_prev: None,
            side_prev: None,
            ring: ['\0'; RING],
            ring_pos: 0,
            ring_len: 0,
            state: State::Text,
            pos: 0,
            tag: [0; 16],
            tag_len: 0,
            closing: false,
            self_closing: false,
            tag_raw: false,
            tags: 0,
            attr: [0; 16],
            attr_len: 0,
            attr_kind: Attr::Other,
            value: Vec::new(),
            alt_first: None,
            alt_last: None,
            after_alt: None,
            raw_end: b"",
            raw_kind: Raw::Side,
            in_cdata: false,
            hidden: [0; HIDDEN.len()],
            hidden_any: false,
            visible: 0,
            feed_items: 0,
            truncated: false,
            dot: '\0',
            dots: 0,
            main_chars: 0,
            field_chars: 0,
            longest_field: 0,
            body_container: false,
            in_string: false,
            string_chars: 0,
            longest_string: 0,
            url_k: 0,
            url_kp: 0,
            pct: 0,
            pct_val: 0,
        }
    }

    /// The pass; `Some(reason)` as soon as the page must take the full path.
    fn run(&mut self, s: &str) -> Option<&'static str> {
        let b = s.as_bytes();
        let n = b.len();
        let mut i = 0usize;
        while i < n {
            self.pos = i;
            let c0 = b[i];
            if let State::Value(q) = self.state {
                if self.attr_kind == Attr::Other && q.is_ascii() {
                    if let Some(next) = self.other_value(b, i, q as u8) {
                        i = next;
                        continue;
                    }
                }
            }
            let (c, len, escaped) = match c0 {
                b'<' => match self.state {
                    State::Text => match self.raw_markup(b, i) {
                        Some(next) => {
                            i = next;
                            continue;
                        }
                        None => ('<', 1, false),
                    },
                    State::RawText if ends_raw(b, i, self.raw_end) => {
                        i = skip_past(b, i, b'>');
                        self.state = State::Text;
                        continue;
                    }
                    State::RawText if self.raw_end == b"style" => {
                        // Nothing in a style sheet matters: jump to its end tag.
                        i = find_end_tag(b, i + 1, b"style");
                        continue;
                    }
                    _ => ('<', 1, false),
                },
                b'-' if self.state == State::Comment && b[i..].starts_with(b"-->") => {
                    i += 3;
                    self.state = State::Text;
                    continue;
                }
                b']' if self.in_cdata && b[i..].starts_with(b"]]>") => {
                    i += 3;
                    self.in_cdata = false;
                    continue;
                }
                b'"' if self.json => {
                    // A raw quote in JSON starts or ends a string; a tag cannot span strings.
                    if self.in_string {
                        self.longest_string = self.longest_string.max(self.string_chars);
                        if matches!(self.state, State::Value(_) | State::UnquotedValue)
                            && self.end_value()
                        {
                            return self.reason;
                        }
                        self.state = State::Text;
                    }
                    self.in_string = !self.in_string;
                    self.string_chars = 0;
                    i += 1;
                    continue;
                }
                b'&' | b'\\' => match decode_escape(b, i) {
                    Some((c, len)) => match c {
                        Some(c) => (c, len, true),
                        None => {
                            i += len;
                            continue;
                        }
                    },
                    None => (c0 as char, 1, false),
                },
                x if x < 0x80 => (x as char, 1, false),
                0xE4..=0xE9
                    if self.state == State::Text && !self.json_msg && cjk_at(b, i).is_some() =>
                {
                    match self.cjk_run(b, i) {
                        Ok(next) => {
                            i = next;
                            continue;
                        }
                        Err(()) => return self.reason,
                    }
                }
                _ => {
                    let (c, len) = utf8_at(b, i);
                    (c, len, false)
                }
            };
            i += len;
            if self.char(c, escaped) {
                return self.reason;
            }
        }
        None
    }

    /// The rest of an attribute value that can only hold a link, up to its raw closing quote
    /// `q`, when nothing in it needs decoding: only the URL needle is looked for. None when
    /// the value needs the character-by-character path.
    fn other_value(&mut self, b: &[u8], i: usize, q: u8) -> Option<usize> {
        let len = memchr::memchr(q, &b[i..])?;
        let v = &b[i..i + len];
        if memchr::memchr3(b'&', b'\\', b'%', v).is_some()
            || memchr::memchr3(b'\t', b'\n', b'\r', v).is_some()
            || (self.json && memchr::memchr(b'"', v).is_some())
            || self.url_k != 0
            || self.url_kp != 0
            || self.pct != 0
        {
            return None;
        }
        if let UrlCheck::Needle(n, _) = &self.sc.url {
            if memmem::find(v, n).is_some() {
                // Let the slow path find it and say so.
                return None;
            }
        }
        if self.in_string {
            self.string_chars += v.len();
        }
        self.state = State::BeforeAttr;
        Some(i + len + 1)
    }

    /// A raw `<` in text: a tag, a comment, a declaration, CDATA; the position after what
    /// was consumed, or None when it is plain text.
    fn raw_markup(&mut self, b: &[u8], i: usize) -> Option<usize> {
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            self.state = State::Comment;
            self.side_prev = None;
            return Some(i + 4);
        }
        if rest.starts_with(b"<![CDATA[") {
            self.in_cdata = true;
            return Some(i + 9);
        }
        let next = *rest.get(1)?;
        if next == b'!' || next == b'?' {
            return Some(skip_past(b, i, b'>'));
        }
        if next.is_ascii_alphabetic() {
            self.start_tag(false, true);
            return Some(i + 1);
        }
        if next == b'/' {
            self.start_tag(true, true);
            return Some(i + 2);
        }
        None
    }

    fn start_tag(&mut self, closing: bool, raw: bool) {
        self.state = State::TagName;
        self.tag_len = 0;
        self.closing = closing;
        self.self_closing = false;
        self.tag_raw = raw;
    }

    #[inline]
    fn char(&mut self, c: char, escaped: bool) -> bool {
        if self.in_string {
            self.string_chars += 1;
        }
        match self.state {
            State::Text => {
                if c == '<' && escaped {
                    self.state = State::EscapedLt;
                    return false;
                }
                self.main(c)
            }
            State::RawText => match self.raw_kind {
                Raw::Side => self.side(c),
                _ => self.main(c),
            },
            State::Comment => self.side(c),
            State::EscapedLt => {
                if c.is_ascii_alphabetic() || c == '/' || c == '!' {
                    self.start_tag(c == '/', false);
                    if c.is_ascii_alphabetic() {
                        self.push_tag(c);
                    }
                    false
                } else {
                    self.state = State::Text;
                    self.main(c)
                }
            }
            State::TagName => {
                if c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '_') {
                    self.push_tag(c);
                    false
                } else if c == '>' {
                    self.end_tag()
                } else {
                    if c == '/' {
                        self.self_closing = true;
                    }
                    self.state = State::BeforeAttr;
                    false
                }
            }
            State::BeforeAttr => {
                if c == '>' {
                    return self.end_tag();
                }
                if c == '/' {
                    self.self_closing = true;
                } else if !c.is_whitespace() {
                    self.self_closing = false;
                    self.attr_len = 0;
                    self.push_attr(c);
                    self.state = State::AttrName;
                }
                false
            }
            State::AttrName => match c {
                '=' => {
                    self.state = State::BeforeValue;
                    false
                }
                '>' => self.end_tag(),
                '/' => {
                    self.state = State::BeforeAttr;
                    false
                }
                c if c.is_whitespace() => {
                    self.state = State::AfterAttrName;
                    false
                }
                c => {
                    self.push_attr(c);
                    false
                }
            },
            State::AfterAttrName => match c {
                '=' => {
                    self.state = State::BeforeValue;
                    false
                }
                '>' => self.end_tag(),
                c if c.is_whitespace() => false,
                c => {
                    self.attr_len = 0;
                    self.push_attr(c);
                    self.state = State::AttrName;
                    false
                }
            },
            State::BeforeValue => match c {
                '"' | '\'' => {
                    self.begin_value();
                    self.state = State::Value(c);
                    false
                }
                '>' => self.end_tag(),
                c if c.is_whitespace() => false,
                c => {
                    self.begin_value();
                    self.state = State::UnquotedValue;
                    self.value_char(c)
                }
            },
            State::Value(q) => {
                if c == q {
                    self.state = State::BeforeAttr;
                    self.end_value()
                } else {
                    self.value_char(c)
                }
            }
            State::UnquotedValue => {
                if c == '>' {
                    pass!(self.end_value());
                    self.end_tag()
                } else if c.is_whitespace() {
                    self.state = State::BeforeAttr;
                    self.end_value()
                } else {
                    self.value_char(c)
                }
            }
        }
    }

    fn push_tag(&mut self, c: char) {
        if self.tag_len < self.tag.len() {
            self.tag[self.tag_len] = (c as u8).to_ascii_lowercase();
            self.tag_len += 1;
        }
    }

    fn push_attr(&mut self, c: char) {
        if self.attr_len < self.attr.len() && c.is_ascii() {
            self.attr[self.attr_len] = (c as u8).to_ascii_lowercase();
            self.attr_len += 1;
        }
    }

    fn end_tag(&mut self) -> bool {
        let tag = self.tag;
        let name = &tag[..self.tag_len];
        self.state = State::Text;
        // A feed entry's fields start and end at these elements (markup inside a body, even
        // real XHTML, does not end it).
        if self.tag_raw && !self.closing && matches!(name, b"item" | b"entry") {
            self.feed_items += 1;
        }
        if self.tag_raw
            && (matches!(
                name,
                b"item" | b"entry" | b"title" | b"description" | b"summary" | b"link"
            ) || name.starts_with(b"content"))
        {
            self.longest_field = self.longest_field.max(self.field_chars);
            self.field_chars = 0;
        }
        if let Some(h) = HIDDEN.iter().position(|h| *h == name) {
            if self.closing {
                self.hidden[h] = self.hidden[h].saturating_sub(1);
            } else if !(self.self_closing && matches!(name, b"svg" | b"math")) {
                // Other elements ignore a self-closing slash: `<video/>` stays open.
                self.hidden[h] += 1;
            }
            self.hidden_any = self.hidden.iter().any(|&d| d > 0);
            return false;
        }
        if self.closing {
            return false;
        }
        if self.tag_raw {
            self.tags += 1;
        }
        match name {
            b"body" => {
                // The head ends where the body starts.
                self.hidden[0] = 0;
                self.hidden_any = self.hidden.iter().any(|&d| d > 0);
            }
            b"article" | b"main" => self.body_container = true,
            _ => {}
        }
        if self.self_closing || !self.tag_raw {
            // Escaped markup (feeds, JSON) has no raw-text elements to end with a raw tag.
            return false;
        }
        let (end, kind): (&'static [u8], Raw) = match name {
            b"script" => (b"script", Raw::Side),
            b"noscript" => (b"noscript", Raw::Side),
            b"iframe" => (b"iframe", Raw::Side),
            b"textarea" => (b"textarea", Raw::Side),
            b"title" => (b"title", Raw::Title),
            b"xmp" => (b"xmp", Raw::Visible),
            b"noembed" => (b"noembed", Raw::Visible),
            b"noframes" => (b"noframes", Raw::Visible),
            b"style" => {
                // Nothing in a style sheet is text or a link an extractor reads.
                self.state = State::RawText;
                self.raw_end = b"style";
                self.raw_kind = Raw::Side;
                return false;
            }
            _ => return false,
        };
        self.state = State::RawText;
        self.raw_end = end;
        self.raw_kind = kind;
        if kind == Raw::Side {
            self.side_prev = None;
        }
        false
    }

    fn begin_value(&mut self) {
        self.attr_prev = None;
        self.value.clear();
        self.alt_first = None;
        self.alt_last = None;
        self.attr_kind = match &self.attr[..self.attr_len] {
            b"title" | b"content" => Attr::Text,
            b"alt" => Attr::Alt,
            b"id" => Attr::Id,
            b"class" => Attr::Class,
            _ => Attr::Other,
        };
    }

    #[inline]
    fn value_char(&mut self, c: char) -> bool {
        pass!(self.url_char(c));
        match self.attr_kind {
            Attr::Other => false,
            Attr::Id | Attr::Class => {
                if self.value.len() < 512 && c.is_ascii() {
                    self.value.push((c as u8).to_ascii_lowercase());
                }
                false
            }
            Attr::Text | Attr::Alt => {
                self.truncation_mark(c);
                let mut step = false;
                fold_char(c, &mut |f| {
                    if !step {
                        if self.attr_kind == Attr::Alt {
                            self.alt_first.get_or_insert(f);
                            self.alt_last = Some(f);
                        }
                        if let Some(p) = self.attr_prev.replace(f) {
                            step = self.bigram(p, f);
                        }
                    }
                });
                step
            }
        }
    }

    fn end_value(&mut self) -> bool {
        match self.attr_kind {
            Attr::Alt => {
                // Weibo puts emoticons' alt text inline: the bigrams on either side of it
                // count too.
                if let (Some(p), Some(f)) = (self.main_prev, self.alt_first) {
                    pass!(self.bigram(p, f));
                }
                if self.alt_last.is_some() {
                    self.after_alt = self.alt_last;
                }
            }
            Attr::Id => {
                let v = std::str::from_utf8(&self.value).unwrap_or("").trim();
                if self.st.body_ids.iter().any(|i| i == v) {
                    self.body_container = true;
                }
            }
            Attr::Class => {
                let v = std::str::from_utf8(&self.value).unwrap_or("");
                if v.split_ascii_whitespace()
                    .any(|t| self.st.body_classes.iter().any(|c| c == t))
                {
                    self.body_container = true;
                }
            }
            Attr::Text | Attr::Other => {}
        }
        false
    }

    #[inline]
    fn truncation_mark(&mut self, c: char) {
        match c {
            '…' | '⋯' => self.truncated = true,
            '.' | '。' | '．' => {
                if self.dot == c {
                    self.dots += 1;
                    if self.dots >= 3 {
                        self.truncated = true;
                    }
                } else {
                    self.dot = c;
                    self.dots = 1;
                }
            }
            _ => self.dots = 0,
        }
    }

    /// One decoded character of the text chain.
    #[inline]
    fn main(&mut self, c: char) -> bool {
        pass!(self.url_char(c));
        self.truncation_mark(c);
        self.main_chars += 1;
        self.field_chars += 1;
        let is_title = self.state == State::RawText && self.raw_kind == Raw::Title;
        let blank = c.is_ascii_whitespace() || !c.is_ascii() && c.is_whitespace();
        if !(is_title || self.hidden_any || self.in_cdata || blank) && self.pos < PARSED_BYTES {
            self.visible += 1;
        }
        let mut step = false;
        fold_char(c, &mut |f| {
            if !step {
                step = self.main_folded(f, is_title);
            }
        });
        step
    }

    #[inline]
    fn main_folded(&mut self, f: char, is_title: bool) -> bool {
        if let Some(a) = self.after_alt.take() {
            pass!(self.bigram(a, f));
        }
        // Cue phrases count in the title and in JSON (in the visible text they count only on a
        // short page, and short pages always take the full path).
        if is_title || self.json_msg {
            pass!(self.cue_char(f, is_title));
        } else {
            self.ring_len = 0;
        }
        match self.main_prev.replace(f) {
            Some(p) => self.bigram(p, f),
            None => false,
        }
    }

    fn cue_char(&mut self, f: char, is_title: bool) -> bool {
        self.ring[self.ring_pos] = f;
        self.ring_pos = (self.ring_pos + 1) % RING;
        self.ring_len = (self.ring_len + 1).min(RING);
        if has_bit(&self.st.cue_last, f) {
            if let Some(json_cue) = self.cue_ends_here(f) {
                if is_title || (self.json_cues && (self.json || json_cue)) {
                    return self.pass("页面含拦截或删除提示用语");
                }
            }
        }
        false
    }

    /// A run of CJK unified ideographs in text, from byte `i` (the bulk of a Chinese page),
    /// when no cue phrase is being looked for: what [`Scan::main`] does for each, for
    /// characters that fold to themselves, are no marks, end any URL and are visible text.
    /// The position after the run, or Err when the page must take the full path.
    fn cjk_run(&mut self, b: &[u8], mut i: usize) -> Result<usize, ()> {
        let start = i;
        let mut count = 0usize;
        let mut prev = self.main_prev;
        let after_alt = self.after_alt.take();
        while let Some(c) = cjk_at(b, i) {
            if count == 0 {
                if let Some(a) = after_alt {
                    if self.bigram(a, c) {
                        return Err(());
                    }
                }
            }
            if let Some(p) = prev {
                if has_bit(&self.sc.seconds, c)
                    && has_bit(&self.sc.firsts, p)
                    && self.hit(pack(p, c))
                {
                    return Err(());
                }
            }
            prev = Some(c);
            count += 1;
            i += 3;
        }
        self.main_prev = prev;
        self.url_k = 0;
        self.url_kp = 0;
        self.pct = 0;
        self.dots = 0;
        self.ring_len = 0;
        self.main_chars += count;
        self.field_chars += count;
        if self.in_string {
            self.string_chars += count;
        }
        if !self.hidden_any && !self.in_cdata && start < PARSED_BYTES {
            self.visible += count;
        }
        Ok(i)
    }

    /// A cue phrase ending with `f` on the text chain: Some(whether it is a JSON-only one).
    fn cue_ends_here(&self, f: char) -> Option<bool> {
        let b = self.st.cue_buckets.binary_search_by_key(&f, |b| b.0).ok()?;
        for &k in &self.st.cue_buckets[b].1 {
            let cue = &self.st.cues[k];
            if cue.len() <= self.ring_len
                && cue
                    .iter()
                    .rev()
                    .enumerate()
                    .all(|(j, &x)| self.ring[(self.ring_pos + RING - 1 - j) % RING] == x)
            {
                return Some(k >= self.st.json_from);
            }
        }
        None
    }

    /// One decoded character of a script, comment or the like.
    #[inline]
    fn side(&mut self, c: char) -> bool {
        if self.raw_end == b"style" {
            return false;
        }
        pass!(self.url_char(c));
        let mut step = false;
        fold_char(c, &mut |f| {
            if !step {
                if let Some(p) = self.side_prev.replace(f) {
                    step = self.bigram(p, f);
                }
            }
        });
        step
    }

    #[inline]
    fn bigram(&mut self, p: char, f: char) -> bool {
        if !has_bit(&self.sc.seconds, f) || !has_bit(&self.sc.firsts, p) {
            return false;
        }
        self.hit(pack(p, f))
    }

    fn hit(&mut self, b: u64) -> bool {
        let Some(i) = self.sc.index.get(b) else {
            return false;
        };
        let (w, bit) = (i / 64, 1u64 << (i % 64));
        if self.seen[w] & bit != 0 {
            return false;
        }
        self.seen[w] |= bit;
        let cls = self.sc.classes[i];
        for (k, reason) in REASONS.iter().enumerate() {
            if cls & (1 << k) != 0 {
                self.count[k] += 1;
                if self.count[k] >= self.sc.need[k]
                    || (self.truncated && self.count[k] >= self.sc.need_truncated[k])
                {
                    return self.pass(reason);
                }
            }
        }
        false
    }

    #[inline]
    fn url_char(&mut self, c: char) -> bool {
        let UrlCheck::Needle(needle, fail) = &self.sc.url else {
            return false;
        };
        if !c.is_ascii() {
            self.url_k = 0;
            self.url_kp = 0;
            self.pct = 0;
            return false;
        }
        let byte = c as u8;
        // URL parsing drops tabs and line breaks anywhere in a URL (and a needle has none).
        if matches!(byte, b'\t' | b'\n' | b'\r') {
            return false;
        }
        if self.url_k == 0
            && self.url_kp == 0
            && self.pct == 0
            && byte != b'%'
            && self.sc.url_bytes & (1 << byte) == 0
        {
            return false;
        }
        // The literal stream.
        if kmp(needle, fail, &mut self.url_k, Some(byte)) {
            return self.pass("页面含辟谣原文链接");
        }
        // The percent-decoded stream (links unwrapped from a redirect's query). A `%` not
        // followed by two hex digits stands for itself.
        let mut out: [Option<u8>; 3] = [None; 3];
        let mut n = 0;
        let hexval = (byte as char).to_digit(16);
        match (self.pct, hexval) {
            (1, Some(v)) => {
                self.pct = 2;
                self.pct_val = v as u8;
            }
            (2, Some(v)) => {
                self.pct = 0;
                out[0] = Some(self.pct_val * 16 + v as u8);
                n = 1;
            }
            (held, _) => {
                if held >= 1 {
                    out[n] = Some(b'%');
                    n += 1;
                }
                if held == 2 {
                    out[n] = char::from_digit(self.pct_val as u32, 16).map(|d| d as u8);
                    n += 1;
                }
                if byte == b'%' {
                    self.pct = 1;
                } else {
                    self.pct = 0;
                    out[n] = Some(byte);
                    n += 1;
                }
            }
        }
        for &b in &out[..n] {
            if kmp(needle, fail, &mut self.url_kp, b) {
                return self.pass("页面含辟谣原文链接");
            }
        }
        false
    }

    /// The verdict after the whole page.
    fn finish(mut self, text: &str, page: &Page) -> Screening {
        self.longest_field = self.longest_field.max(self.field_chars);
        self.longest_string = self.longest_string.max(self.string_chars);
        // "Not found" needs items read. A page of little visible text may be a wall, a
        // deletion notice or a shell with nothing to read (unreadable): it takes the full path.
        // A feed needs an item; a JSON answer a field items are read from.
        if page.feed {
            if self.feed_items == 0 {
                return Screening::pass("订阅源中没有条目，完整读取后判断");
            }
        } else if page.json {
            let b = text.as_bytes();
            if !JSON_ITEM_KEYS
                .iter()
                .any(|k| memmem::find(b, k.as_bytes()).is_some())
            {
                return Screening::pass("JSON 中没有常见的条目字段，完整读取后判断");
            }
        } else if self.visible <= SHORT_PAGE || self.tags > TRUSTED_TAGS {
            return Screening::pass("页面可读的文字较少，完整读取后判断");
        }
        // Truncated items: an item's text longer than the cap is cut and marked truncated.
        let cap = MAX_TEXT_CHARS;
        let long_item = (page.json && self.longest_string > cap)
            || (page.feed && self.longest_field > cap)
            || (page.article && self.body_container && self.main_chars > cap);
        if self.truncated || long_item || page.long_text {
            for (k, reason) in REASONS.iter().enumerate() {
                if self.count[k] >= self.sc.need_truncated[k] {
                    return Screening::pass(reason);
                }
            }
        }
        Screening {
            may_match: false,
            reason: "页面中没有出现与本条辟谣信息或谣言相关的文字",
        }
    }
}

/// Fields of a JSON answer that items are read from (Weibo's posts, generic lists).
const JSON_ITEM_KEYS: [&str; 5] = [
    "\"mblog\"",
    "\"title\"",
    "\"text\"",
    "\"content\"",
    "\"digest\"",
];

const REASONS: [&str; CLASSES] = [
    "页面含辟谣信息标题的大部分文字",
    "页面含辟谣信息标题的开头",
    "页面含辟谣信息标题（含标签）的开头",
    "页面含辟谣信息正文的文字",
    "页面含谣言正文的文字",
    "页面含谣言标题的文字",
    "页面含辟谣用语或相对日期，可能有换了标题的转载",
];

/// Words of relative dates ("3小时前"): an entry so dated may be newer than the rebuttal.
const RELATIVE_DATES: &[&str] = &["刚刚", "分钟前", "小时前", "今天", "昨天", "天前"];

/// The patterns of [`Screen::follow`]: each day from the rebuttal's publication to two weeks
/// after it as pages write dates (2026-11-20, 2026-11-2?, 2026/11/20, 2026.11.20,
/// 2026年11月20日, 11-20, 11月20日, 20 Nov 2026, Nov 20).
fn date_patterns(published_day: &str) -> Option<AhoCorasick> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let ymd: Vec<u32> = published_day
        .split('-')
        .filter_map(|x| x.parse().ok())
        .collect();
    let [y, m, d] = ymd[..] else {
        return None;
    };
    if !(1..=12).contains(&m) {
        return None;
    }
    let (mut y, mut m, mut d) = (y, m, d);
    let mut pats: Vec<String> = Vec::new();
    for _ in 0..15 {
        pats.extend([
            format!("{y}-{m:02}-{d:02}"),
            format!("{y}-{m}-{d}"),
            format!("{y}/{m:02}/{d:02}"),
            format!("{y}/{m}/{d}"),
            format!("{y}.{m:02}.{d:02}"),
            format!("{y}年{m}月{d}日"),
            format!("{y}年{m:02}月{d:02}日"),
            format!("{m:02}-{d:02}"),
            format!("{m}月{d}日"),
            format!("{d} {} {y}", MONTHS[(m - 1) as usize]),
            format!("{d:02} {} {y}", MONTHS[(m - 1) as usize]),
            format!("{} {d:02}", MONTHS[(m - 1) as usize]),
        ]);
        // The next day (months of 28–31 days; a day too many only adds a pattern).
        let last = match m {
            2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        d += 1;
        if d > last {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    // Only "is any there" is asked: standard semantics stop at the first match.
    AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&pats)
        .ok()
}

/// `text` with JSON/JS escapes (`\\uXXXX`, surrogate pairs) and numeric character references
/// (`&#36767;`, `&#x8F9F;`) decoded; everything else as it is.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        if matches!(b[i], b'\\' | b'&') {
            if let Some((c, len)) = decode_escape(b, i) {
                if let Some(c) = c {
                    out.push(c);
                }
                i += len;
                continue;
            }
        }
        let (c, len) = utf8_at(b, i);
        out.push(c);
        i += len;
    }
    out
}

/// Chinese written as escapes (`\u8f9f`, `&#36767;`, `&#x8F9F;`): raw patterns cannot see it.
fn escaped_cjk(text: &str) -> bool {
    let b = text.as_bytes();
    memmem::find_iter(b, b"\\u").any(|i| {
        b.get(i + 2..i + 6)
            .and_then(|h| u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok())
            .is_some_and(|v| (0x4E00..=0x9FFF).contains(&v))
    }) || memmem::find_iter(b, b"&#").any(|i| {
        let rest = &b[i + 2..b.len().min(i + 9)];
        let (hex, digits) = match rest.first() {
            Some(b'x' | b'X') => (true, &rest[1..]),
            _ => (false, rest),
        };
        let end = digits
            .iter()
            .position(|c| !c.is_ascii_hexdigit())
            .unwrap_or(digits.len());
        std::str::from_utf8(&digits[..end])
            .ok()
            .and_then(|d| u32::from_str_radix(d, if hex { 16 } else { 10 }).ok())
            .is_some_and(|v| (0x4E00..=0x9FFF).contains(&v))
    })
}

/// The position just past the next `c` at or after `i` (the end when there is none).
fn skip_past(b: &[u8], i: usize, c: u8) -> usize {
    memchr::memchr(c, &b[i..])
        .map(|p| i + p + 1)
        .unwrap_or(b.len())
}

/// The position of the next `</name` (any case) at or after `i`, or the end.
fn find_end_tag(b: &[u8], mut i: usize, name: &[u8]) -> usize {
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        if ends_raw(b, i + p, name) {
            return i + p;
        }
        i += p + 1;
    }
    b.len()
}

/// `</name` (any case) followed by a non-name character, at `i`.
fn ends_raw(b: &[u8], i: usize, name: &[u8]) -> bool {
    let n = name.len();
    b.len() > i + 1 + n
        && b[i + 1] == b'/'
        && b[i + 2..i + 2 + n].eq_ignore_ascii_case(name)
        && !b.get(i + 2 + n).is_some_and(|x| x.is_ascii_alphanumeric())
}

/// The CJK unified ideograph (U+4E00..=U+9FFF, three bytes in UTF-8) at byte `i`, if any.
#[inline]
fn cjk_at(b: &[u8], i: usize) -> Option<char> {
    let c0 = *b.get(i)?;
    if !(0xE4..=0xE9).contains(&c0) || i + 2 >= b.len() {
        return None;
    }
    let u = ((c0 as u32 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F);
    if u >= 0x4E00 {
        char::from_u32(u)
    } else {
        None
    }
}

/// The character starting at byte `i` (a non-ASCII lead byte) of valid UTF-8, and its length.
#[inline]
fn utf8_at(b: &[u8], i: usize) -> (char, usize) {
    let c0 = b[i] as u32;
    let cont = |k: usize| (b.get(i + k).copied().unwrap_or(0x80) & 0x3F) as u32;
    let (u, len) = if c0 < 0xE0 {
        (((c0 & 0x1F) << 6) | cont(1), 2)
    } else if c0 < 0xF0 {
        (((c0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((c0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    };
    (char::from_u32(u).unwrap_or('\u{FFFD}'), len)
}

/// An HTML character reference or a JSON/JS escape at byte `i` (a `&` or a `\`):
/// Some((character, or None for one that decodes to nothing; bytes consumed)), or None when
/// it is not one.
fn decode_escape(b: &[u8], i: usize) -> Option<(Option<char>, usize)> {
    if b[i] == b'&' {
        return entity(&b[i..]);
    }
    match *b.get(i + 1)? {
        b'u' => match hex(b, i + 2, 4)? {
            hi @ 0xD800..=0xDBFF => {
                if b.get(i + 6) == Some(&b'\\') && b.get(i + 7) == Some(&b'u') {
                    if let Some(lo @ 0xDC00..=0xDFFF) = hex(b, i + 8, 4) {
                        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        return Some((char::from_u32(c), 12));
                    }
                }
                Some((None, 6))
            }
            u => Some((char::from_u32(u), 6)),
        },
        b'x' => Some((char::from_u32(hex(b, i + 2, 2)?), 4)),
        b'n' | b'r' | b't' | b'b' | b'f' => Some((Some(' '), 2)),
        c @ (b'/' | b'\\' | b'"' | b'\'') => Some((Some(c as char), 2)),
        _ => None,
    }
}

fn hex(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let d = b.get(at..at + n)?;
    let mut v = 0u32;
    for &x in d {
        v = v * 16 + (x as char).to_digit(16)?;
    }
    Some(v)
}

/// An HTML character reference at the start of `b` (which starts with `&`): the character
/// (None for a named one that is only punctuation for matching) and its length.
fn entity(b: &[u8]) -> Option<(Option<char>, usize)> {
    let limit = b.len().min(12);
    let semi = b[..limit].iter().position(|&x| x == b';')?;
    let body = std::str::from_utf8(&b[1..semi]).ok()?;
    if body.is_empty() {
        return None;
    }
    if let Some(num) = body.strip_prefix('#') {
        let v = if let Some(h) = num.strip_prefix(['x', 'X']) {
            if h.is_empty() || !h.bytes().all(|x| x.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(h, 16).ok()?
        } else {
            if num.is_empty() || !num.bytes().all(|x| x.is_ascii_digit()) {
                return None;
            }
            num.parse::<u32>().ok()?
        };
        return Some((char::from_u32(v), semi + 1));
    }
    if !body.bytes().all(|x| x.is_ascii_alphanumeric()) {
        return None;
    }
    let c = match body {
        "lt" | "LT" => Some('<'),
        "gt" | "GT" => Some('>'),
        "quot" | "QUOT" => Some('"'),
        "apos" => Some('\''),
        "amp" | "AMP" => Some('&'),
        "hellip" | "mldr" => Some('…'),
        "nbsp" => Some(' '),
        _ => None,
    };
    Some((c, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{extract, PageState};
    use crate::matcher::Matcher;
    use crate::Reference;

    const TITLE: &str = "【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况";
    const TEXT: &str = "荔枝等水果在无氧呼吸过程中会产生微量乙醇和二氧化碳，但这仅限于果肉接触空气的部分。食用后口腔内短暂存在的乙醇浓度极低，且通过呼吸测试仪检测时需要连续吹气5秒以上，短暂接触不会影响检测结果。";
    const URL: &str =
        "https://mp.weixin.qq.com/s?__biz=MzA5NjYwNzEzMQ==&mid=2651234567&idx=1&sn=0a1b2c3d";

    fn matcher() -> Matcher {
        Matcher::new(&Reference {
            rebuttal_title: TITLE.into(),
            rebuttal_text: TEXT.into(),
            rebuttal_url: Some(URL.into()),
            rumor_title: "吃荔枝后开车会被查出酒驾".into(),
            rumor_text:
                "紧急提醒！吃荔枝后开车会被查出酒驾，交警一查一个准，吃了三颗荔枝吹出来就是酒驾！"
                    .into(),
            rebuttal_published: None,
        })
    }

    fn url() -> Url {
        Url::parse("https://www.yunchuan.gov.cn/xwzx/index.html").unwrap()
    }

    /// An HTML list of local news with `extra` as its first entry.
    fn list(extra: &str) -> String {
        let rows: String = (0..200)
            .map(|i| format!("<li><a href=\"/a/{i}.html\">云川区冬季消防安全检查工作推进会召开（第{i}期）</a><span>2026-10-{:02}</span></li>\n", 1 + i % 28))
            .collect();
        format!("<html><head><title>工作动态</title></head><body><ul class=\"list\">{extra}{rows}</ul></body></html>")
    }

    fn screen(page: &str, ct: &str) -> Screening {
        matcher().screen(page, Some(ct), &url(), &Format::Auto)
    }

    #[test]
    fn unrelated_page_is_screened_out() {
        let page = list("");
        assert!(page.len() > MIN_SCREENED_BYTES);
        let s = screen(&page, "text/html");
        assert!(!s.may_match, "{s:?}");
        assert_eq!(
            extract(&page, None, &url(), &Format::Auto).state,
            PageState::Normal
        );
    }

    #[test]
    fn links_to_the_rebuttal_however_written() {
        let cases = [
            // As an attribute with entity-escaped ampersands.
            format!("<li><a href=\"{}\">转发</a></li>", URL.replace('&', "&amp;")),
            // Inside a redirect, percent-encoded.
            format!(
                "<li><a href=\"https://weibo.cn/sinaurl?u={}\">网页链接</a></li>",
                URL.replace(':', "%3A").replace('/', "%2F").replace('?', "%3F").replace('=', "%3D").replace('&', "%26")
            ),
            // Its digits percent-encoded one by one.
            "<li><a href=\"https://mp.weixin.qq.com/s?mid=%32%36%35%31%32%33%34%35%36%37\">x</a></li>".to_string(),
            // Split by a line break (URL parsing drops it).
            "<li><a href=\"https://mp.weixin.qq.com/s?__biz=MzA5NjYwNzEzMQ==&amp;mid=26512\n34567&amp;idx=1\">转发</a></li>".to_string(),
            // In text, JSON-escaped slashes.
            "<li>详见 https:\\/\\/mp.weixin.qq.com\\/s?__biz=MzA5NjYwNzEzMQ==&mid=2651234567</li>".to_string(),
        ];
        for c in &cases {
            let s = screen(&list(c), "text/html");
            assert!(s.may_match && s.reason.contains("链接"), "{c}: {s:?}");
        }
        // Another article of the same account is not enough.
        let other = "<li><a href=\"https://mp.weixin.qq.com/s?__biz=MzA5NjYwNzEzMQ==&amp;mid=2651234999\">转发</a></li>";
        assert!(!screen(&list(other), "text/html").may_match);
    }

    #[test]
    fn escapes_and_entities_are_read() {
        let title_entities: String = TITLE.chars().map(|c| format!("&#{};", c as u32)).collect();
        let title_json: String = TITLE
            .chars()
            .flat_map(|c| {
                let mut b = [0u16; 2];
                c.encode_utf16(&mut b)
                    .iter()
                    .map(|u| format!("\\u{u:04x}"))
                    .collect::<Vec<_>>()
            })
            .collect();
        let pages = [
            (list(&format!("<li><a href=\"/r.html\">{title_entities}</a></li>")), "text/html"),
            (list(&format!("<li><a href=\"/r.html\" title=\"{TITLE}\">转发</a></li>")), "text/html"),
            (format!("{{\"ok\":1,\"data\":{{\"cards\":[{{\"mblog\":{{\"text\":\"{title_json}\"}}}}]}},\"pad\":\"{}\"}}", "x".repeat(20_000)), "application/json"),
            // Escaped HTML in a feed, with inline markup inside the title's words.
            (format!("<?xml version=\"1.0\"?><rss><channel>{}<item><title>转载</title><description>&lt;p&gt;{}&lt;b&gt;{}&lt;/b&gt;{}&lt;/p&gt;</description></item></channel></rss>",
                "<item><title>云川区冬季消防安全检查</title></item>".repeat(300),
                &TEXT[..30], &TEXT[30..60], &TEXT[60..]), "application/rss+xml"),
        ];
        for (page, ct) in &pages {
            let s = screen(page, ct);
            assert!(s.may_match, "{s:?}: {}", &page[..200.min(page.len())]);
        }
    }

    #[test]
    fn a_title_prefix_counts_only_where_entries_are_truncated() {
        // Four of the title's eighteen bigrams: not enough for rule 2, even with the margin;
        // but the entry says 辟谣, and an entry in rebuttal words is worth opening (it may be
        // the rebuttal under another title), so the page passes for that…
        let prefix = "<li><a href=\"/r.html\">【辟谣】关于“吃荔枝</a></li>";
        let s = screen(&list(prefix), "text/html");
        assert!(s.may_match && s.reason.contains("辟谣用语"), "{s:?}");
        // …and a truncated entry starting like the title is worth following.
        let truncated = "<li><a href=\"/r.html\">【辟谣】关于“吃荔枝…</a></li>";
        let s = screen(&list(truncated), "text/html");
        assert!(s.may_match, "{s:?}");
        // …and the full path does follow that entry.
        let m = matcher();
        let page = extract(&list(truncated), None, &url(), &Format::Auto);
        assert!(page
            .items
            .iter()
            .any(|i| i.truncated && m.worth_following(i)));
        // A Weibo post that says it is cut short.
        let weibo = |long: &str| {
            format!("{{\"ok\":1,\"data\":{{\"cards\":[{{\"card_type\":9,\"mblog\":{{\"id\":\"1\",\"text\":\"荔枝等水果在无氧呼吸过程中\",\"isLongText\":{long}}}}}]}},\"pad\":\"{}\"}}", "x".repeat(20_000))
        };
        assert!(!screen(&weibo("false"), "application/json").may_match);
        assert!(screen(&weibo("true"), "application/json").may_match);
    }

    #[test]
    fn wall_words_count_on_short_pages_and_in_titles() {
        // An anti-fraud article saying 验证码 many times: long, normal, screened out.
        let para = "<p>近日，有不法分子冒充客服，以退款为由诱导群众提供手机验证码，请广大群众提高警惕，切勿向陌生人透露验证码。</p>".repeat(40);
        let article =
            format!("<html><head><title>警惕冒充客服诈骗</title></head><body>{para}</body></html>");
        assert!(!screen(&article, "text/html").may_match);
        assert_eq!(
            extract(&article, None, &url(), &Format::Auto).state,
            PageState::Normal
        );
        // A wall: little visible text behind a large script.
        let script = format!("<script>var data = \"{}\";</script>", "a".repeat(30_000));
        let wall = format!(
            "<html><head>{script}</head><body><p>访问过于频繁，请稍后再试。</p></body></html>"
        );
        assert!(screen(&wall, "text/html").may_match);
        assert!(matches!(
            extract(&wall, None, &url(), &Format::Auto).state,
            PageState::Blocked { .. }
        ));
        // Hidden text does not make a page long: the same wall with a long <select>.
        let options = "<option>选项一二三四五六七八九十</option>".repeat(300);
        let wall = format!(
            "<html><body><select>{options}</select><p>访问过于频繁，请稍后再试。</p></body></html>"
        );
        assert!(screen(&wall, "text/html").may_match);
        // A title says it on any page.
        let titled = list("").replace("<title>工作动态</title>", "<title>404 Not Found</title>");
        assert!(screen(&titled, "text/html").may_match);
        // A JSON login wall.
        let json = format!(
            "{{\"ok\":-100,\"url\":\"https://passport.weibo.cn/signin\",\"pad\":\"{}\"}}",
            "x".repeat(20_000)
        );
        assert!(screen(&json, "application/json").may_match);
    }

    #[test]
    fn weibo_render_data_always_passes() {
        let page = format!("<html><body><script>var $render_data = [{{\"status\":{{}}}}][0] || {{}};</script>{}</body></html>", "<p>云川</p>".repeat(3000));
        assert!(screen(&page, "text/html").may_match);
    }
}
