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
//! before the screen missed it. The needs, computed from the thresholds both read in
//! `thresholds.rs` (D = distinct bigrams of the rebuttal title, n = its characters; the
//! percentages below are today's values of those constants):
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

mod dates;
mod decode;
mod scan;

use aho_corasick::AhoCorasick;
use memchr::memmem;
use url::Url;

use crate::bigram_index::BigramIndex;
use crate::extract::Format;
use crate::text::normalize;
use crate::thresholds::*;
use dates::{date_patterns, RELATIVE_DATES};
use decode::{escaped_cjk, unescape};
use scan::{kmp_table, statics, Scan};

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
        // A prefix of FOLLOW_PREFIX_CHARS characters holds the title's first bigrams.
        let first = FOLLOW_PREFIX_CHARS - 1;
        let prefix = if n_title >= FOLLOW_PREFIX_CHARS {
            first_bigrams(i.title, first)
        } else {
            Vec::new()
        };
        let prefix_raw = if i.title_raw.chars().count() >= FOLLOW_PREFIX_CHARS {
            first_bigrams(i.title_raw, first)
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
        let pct = |n: u32, p: u32| n * p / 100;
        if i.title_distinctive && d > 0 {
            let dice = pct(d, TITLE_DICE_SHARED_PCT);
            let prefix = d.saturating_sub((n * (100 - TITLE_PREFIX_PCT)).div_ceil(100));
            need[C_TITLE] = half(dice.min(prefix));
        }
        // Rule 3.
        let min_body = MIN_BODY_BIGRAMS as u32;
        if n_reb >= min_body {
            need[C_REB] = half(pct(n_reb, BODY_EXCERPT_REF_PCT).max(min_body));
        }
        // Rule 4 (`cover` counts only a title or text of ≥ 3 bigrams).
        if n_rt >= 3 {
            need[C_RUMOR_TEXT] = half(pct(n_rt, RUMOR_SIM_PCT));
        }
        if n_rtt >= 3 {
            need[C_RUMOR_TITLE] = half(pct(n_rtt, RUMOR_SIM_PCT));
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
        // Dice ≥ FOLLOW_DICE (50) shares at least D / 3 of the title's bigrams.
        const _: () = assert!(FOLLOW_DICE_PCT == 50);
        if d > 0 {
            need_truncated[C_TITLE] = need_truncated[C_TITLE].min(half(d / 3));
        }
        if n_reb >= 1 {
            need_truncated[C_REB] = need_truncated[C_REB].min(half(pct(n_reb, FOLLOW_REB_PCT)));
        }
        let follow_min = FOLLOW_REB_MIN as u32;
        if n_reb >= follow_min {
            need_truncated[C_REB] = need_truncated[C_REB].min(follow_min - 1);
        }
        if n_rt >= 3 {
            need_truncated[C_RUMOR_TEXT] =
                need_truncated[C_RUMOR_TEXT].min(half(pct(n_rt, FOLLOW_RUMOR_PCT)));
        }
        if n_rtt >= 3 {
            need_truncated[C_RUMOR_TITLE] =
                need_truncated[C_RUMOR_TITLE].min(half(pct(n_rtt, FOLLOW_RUMOR_PCT)));
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

const REASONS: [&str; CLASSES] = [
    "页面含辟谣信息标题的大部分文字",
    "页面含辟谣信息标题的开头",
    "页面含辟谣信息标题（含标签）的开头",
    "页面含辟谣信息正文的文字",
    "页面含谣言正文的文字",
    "页面含谣言标题的文字",
    "页面含辟谣用语或相对日期，可能有换了标题的转载",
];

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
