//! One item against the rebuttal and the rumor: a repost of the rebuttal, a repost of the
//! rumor, another rebuttal on the same subject, or unrelated; with a score, the matched
//! fragment and a human explanation.
//!
//! # How it decides
//!
//! Everything is compared on normalised text ([`crate::text::normalize`]: width folded,
//! lowercase, letters and digits only) through character bigrams ("shingles"). The
//! reference is pre-processed once in [`Matcher::new`] into one table of bigrams (a hash
//! index), each with flags:
//!
//! - **distinctive rebuttal bigrams**: in the rebuttal's text, but *not* in the rumor (a
//!   rebuttal quotes the rumor, and so do the rumor itself and every other rebuttal of it)
//!   and not in a list of common words, repost boilerplate and rebuttal phrases ("经核实",
//!   "来源", "可以"). Only these say "this is *our* rebuttal";
//! - **factual** ones among them: first seen in a clause without rebuttal or advice phrases
//!   ("经核实，该说法不实", "请广大网民不信谣、不传谣" are formula; "真正的酒驾检测以血液酒精
//!   浓度为标准" is a fact). Another rebuttal from the same office shares the formula —
//!   its closing can be half of a short rebuttal — never the facts;
//! - **rumor bigrams** (title and text of the rumor, without the common words);
//! - **stop bigrams** (the common-word list), ignored on both sides.
//!
//! Repost boilerplate ("来源：…", "责任编辑：…", "长按识别二维码…") is removed from both
//! texts first. An item is then read once: its bigrams are looked up, measuring how much of
//! the rebuttal it covers (`cov_ref`), how much of the rebuttal's facts (`cov_fact`), how much
//! of the item's own content comes from the rebuttal (`cov_item`), and how much of the rumor's
//! title or text it covers. Rules, in order (first match wins):
//!
//! 1. a link to the rebuttal's URL (the item's own link, a link in its body, or a URL written
//!    in its text; see [`same_url`]) → `Repost`;
//! 2. the title, without repost decorations, equals the rebuttal's title, contains it whole,
//!    is nearly equal to it (Dice ≥ 0.9) *also on the part that is not the rumor's words*
//!    (≥ 0.8), or is a truncated prefix covering ≥ 90 % of it → `Repost`; not when the title
//!    is nothing but the rumor's words, and not when the item carries ≥ 60 characters of
//!    another article (facts < 20 % and own content < 30 % from the rebuttal);
//! 3. the body covers ≥ 60 % of the rebuttal and ≥ 50 % of its facts, or is an excerpt
//!    (≥ 40 % of the rebuttal, ≥ 40 % of its facts, and ≥ 60 % of the item's own content from
//!    the rebuttal) → `Repost`;
//! 4. the item covers ≥ 60 % of the rumor's title or text, has no rebuttal cue ("辟谣", "不实",
//!    "网传", "是真的吗"…; cues the rumor itself contains do not count), covers < 25 % of the
//!    rebuttal and is not titled like the rebuttal → `RumorRepost`;
//! 5. a rebuttal cue and the same subject (rumor ≥ 30 %, facts ≥ 15 % or title ≥ 0.7), or
//!    partial similarity without a cue (facts ≥ 25 %, title ≥ 0.7) → `OtherRebuttal`; also an
//!    item that is only the rebuttal's title when that title is only the rumor's words
//!    (undecidable: "请打开原文确认");
//! 6. otherwise `Unrelated`.
//!
//! Margins on the labelled corpus (`tests/corpus.rs`, ~11,000 items): full reposts cover
//! 1.00 of the rebuttal and of its facts. The hard negatives each fail a Repost rule by a
//! clear distance: compilations of other rebuttals of the same office reach 0.65 coverage
//! (shared closing) but ≤ 0.33 of the facts and ≤ 0.43 own content; another authority's
//! rebuttal quoting one of our sentences reaches 0.55 of the facts but ≤ 0.36 coverage and
//! ≤ 0.41 own content; other authorities' rebuttals of the same rumor ≤ 0.14 coverage; the
//! rumor itself ≤ 0.09. A wrong "reposted" is the worst error, so every Repost rule asks for
//! evidence that only this rebuttal's own words or URL can give, and two measures at once
//! for the body.

use std::borrow::Cow;

use serde::Serialize;
use url::Url;

use crate::bigram_index::BigramIndex;
use crate::item::{Item, Reference};
use crate::screen::{Screen, ScreenInput, Screening};
use crate::text::{
    bigrams, cut_chars, find_urls, for_each_normalized_until, is_truncated, normalize,
    normalize_capped, pack, shingles, strip_boilerplate, strip_decorations,
    strip_repost_decorations, CueSet, HEADLINE_CUES, REBUTTAL_CUES,
};
use crate::thresholds::*;

/// What an item is, relative to the push's rebuttal and rumor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// A repost of this rebuttal.
    Repost,
    /// A repost of the rumor itself.
    RumorRepost,
    /// Another rebuttal, or a partly similar post, on the same subject: not this rebuttal.
    OtherRebuttal,
    /// Nothing to do with the rebuttal or the rumor.
    Unrelated,
}

/// Why an entry is worth opening (in order of priority).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Follow {
    /// Cut short ("…") where it could be the rebuttal or the rumor.
    Cut,
    /// The page alone cannot tell (the rebuttal's title only, the rumor asked about).
    Undecided,
    /// Titled in rebuttal words: possibly the rebuttal under another title.
    Wording,
    /// Dated on or after the rebuttal's publication: possibly it under another title.
    Recent,
}

/// The decision on one item, with what it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchOutcome {
    pub kind: MatchKind,
    /// 0..=1 similarity to the rebuttal (to the rumor for `RumorRepost`).
    pub score: f32,
    /// The item's matched piece, at most 120 characters of its original text.
    pub fragment: String,
    /// One or two Chinese sentences a coordinator understands.
    pub explanation: String,
}

/// At most this many characters of an item's text are read (a list entry or an article;
/// longer inputs are cut, keeping the work linear and bounded).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// At most this many characters of a title are read.
pub const MAX_TITLE_CHARS: usize = 500;
/// At most this many URLs per item are compared with the rebuttal's URL.
const MAX_URLS: usize = 64;
/// Length of [`MatchOutcome::fragment`], in characters.
const FRAGMENT_CHARS: usize = 120;

// ---- thresholds (see the module documentation for the reasoning) ----

/// Titles shorter than this (normalised characters) never decide a repost on their own.
const MIN_TITLE_CHARS: usize = 6;
/// The title must keep at least this many bigrams that are not the rumor's words, or a title
/// match says nothing about *this* rebuttal (e.g. a rebuttal titled "吃荔枝会被查出酒驾？").
const MIN_TITLE_RESIDUAL: usize = 3;
/// Near-equal titles: Dice on all bigrams ([`TITLE_DICE`], shared with the screen), and on
/// the bigrams that are not the rumor's. Another authority's title built around the same
/// rumor quote reaches 0.85–0.9 on the first but ≤ 0.7 on the second.
const TITLE_DICE: f32 = share(TITLE_DICE_PCT);
const TITLE_RESIDUAL_DICE: f32 = 0.8;
/// A truncated title must show this share of the rebuttal's title (as a prefix).
const TITLE_PREFIX: f32 = share(TITLE_PREFIX_PCT);
/// An item body this long (normalised characters) is an article or a long summary, not a
/// short digest: if less than [`TITLE_CONTRADICTED`] of the rebuttal's facts are in it and
/// less than [`TITLE_CONTRADICTED_ITEM`] of its own content comes from the rebuttal, it is
/// another article and an equal title is not enough. (A rebuttal's opening — "近日，网传…
/// 经核实…" — is the rumor and rebuttal phrases, so a 54-character WeChat digest of the right
/// article may share no facts at all; it stays under this length.)
const ARTICLE_CHARS: usize = 60;
const TITLE_CONTRADICTED: f32 = 0.20;
const TITLE_CONTRADICTED_ITEM: f32 = 0.30;
/// Share of the rebuttal's distinctive bigrams found in the item: a full repost (with or
/// without boilerplate added) is 1.0, a 70 % excerpt ~0.7; another authority's rebuttal of
/// the same rumor in its own words ≤ 0.15. Rebuttals of the same office sharing its closing
/// reach 0.65, hence the second measure:
const BODY_FULL: f32 = 0.6;
/// …and share of the rebuttal's *factual* bigrams ([`F_FACT`]): a compilation of other
/// rebuttals of the same office shares the office's closing sentence (up to half of a short
/// rebuttal's bigrams) but not its facts (≤ 0.33 on the corpus).
const BODY_FULL_FACT: f32 = 0.5;
const BODY_EXCERPT_FACT: f32 = 0.4;
/// Below this many factual bigrams the rebuttal has no facts to check: `cov_fact = cov_ref`.
const MIN_FACT_BIGRAMS: usize = 8;
/// An excerpt (body trimmed): at least this share of the rebuttal…
const BODY_EXCERPT_REF: f32 = share(BODY_EXCERPT_REF_PCT);
/// …and at least this share of the item's own content bigrams coming from the rebuttal
/// (a trimmed repost ≥ 0.8 even with boilerplate; another text quoting one of our sentences
/// ≤ 0.45).
const BODY_EXCERPT_ITEM: f32 = 0.6;
/// Rumor repost: share of the rumor's title or text bigrams found in the item (the rumor
/// reposted as-is or decorated: 1.0; with a few words changed: 0.6–0.9)…
const RUMOR_SIM: f32 = share(RUMOR_SIM_PCT);
/// …while covering less than this share of the rebuttal…
const RUMOR_MAX_REB: f32 = 0.25;
/// …and saying the rumor's claim, not another claim about the same subject
/// ([`Matcher::claim_cover`]).
const CLAIM_COVER: f32 = 0.6;
/// …with at least this share of its own characters (particles and common words aside).
const CLAIM_CHARS: f32 = 0.9;
/// Same subject (for OtherRebuttal with a rebuttal cue).
const TOPIC_RUMOR: f32 = 0.3;
const TOPIC_REB: f32 = 0.15;
/// (Titles built on the same template, "【辟谣】关于“…”的真实情况", already reach 0.6.)
const TOPIC_TITLE: f32 = 0.7;
/// Partial similarity to the rebuttal without a cue: not a repost, but related.
const PARTIAL_REB: f32 = 0.25;
const PARTIAL_TITLE: f32 = 0.7;
/// An item is "only a title" when its text adds fewer normalised characters than this.
const MIN_EXTRA_CHARS: usize = 15;
/// A list entry's text is what surrounds its link (counts, names, a date, a line of summary);
/// past this many characters an item carries its own body.
const ENTRY_CONTEXT_CHARS: usize = 100;

const F_REB: u8 = 1;
const F_RUMOR: u8 = 2;
const F_RUMOR_TITLE: u8 = 4;
const F_STOP: u8 = 8;
const F_RUMOR_TEXT: u8 = 16;
/// A distinctive rebuttal bigram first seen in a *factual* clause of the rebuttal: one
/// without rebuttal phrases ("经核实，该说法不实。", "请广大网民不信谣、不传谣。" are not
/// factual; "真正的酒驾检测以血液酒精浓度为标准" is). Another rebuttal from the same office
/// shares the formulaic sentences, never the facts.
const F_FACT: u8 = 32;

/// Common two-character words, repost boilerplate and rebuttal phrases: present in any
/// Chinese post or in any rebuttal, so they prove nothing about *this* rebuttal.
const STOP_WORDS: &str = "的是 是一 一个 这个 那个 我们 你们 他们 她们 可以 没有 不是 就是 也是 还是 但是 \
因为 所以 如果 已经 进行 通过 目前 表示 相关 情况 问题 时候 之后 以后 以上 以下 其中 这些 那些 一些 一定 \
需要 应该 能够 不能 不会 不要 会被 是否 什么 怎么 如何 为什 大家 自己 人们 有关 对于 关于 由于 以及 并且 \
而且 或者 同时 其实 只是 只有 非常 比较 很多 更多 一般 一样 主要 发现 认为 出现 发生 网友 网民 近日 日前 \
消息 信息 内容 发布 记者 了解 中国 国家 社会 生活 的人 了一 是在 这样 那么 这种 一种 之一 不同 不过 还有 \
有些 所有 所谓 的话 时间 作用 影响 可能 导致 造成 产生 人体 身体 健康 研究 专家 科学 结果 因此 不仅 并不 \
也不 都是 就会 会有 有一 一下 起来 出来 上的 中的 的时 在于 来说 对此 此外 另外 然而 提醒 广大 群众 市民 \
请勿 不信 不传 官方 权威 部门 工作 有效 方法 作为 成为 具有 存在 正常 使用 指出 一旦 千万 注意 \
来源 编辑 责任 任编 审核 校对 监制 二维 维码 扫码 关注 点击 阅读 原文 转载 转发 分享 微信 公众 众号 声明 \
版权 侵删 联系 删除 作者 图片 视频 网络 长按 识别 欢迎 本文 文章 小编 出品 投稿 \
辟谣 谣言 不实 核实 经核 网传 澄清 虚假 误导 假的 真相 真实 实情 依据 并非 纯属 属实 造谣 传谣 谣传 说法 \
该说 传言 流言 的说 不可 可信 轻信 信谣 伪科";

/// Phrases of the rebuttal genre that are not in [`REBUTTAL_CUES`]: the closing advice an
/// office puts under every rebuttal. A sentence with one of these is formula, not fact.
const GENRE_CUES: &[&str] = &[
    "提醒",
    "广大网民",
    "广大市民",
    "不信谣",
    "不传谣",
    "举报",
    "官方渠道",
    "权威渠道",
    "权威信息",
    "理性看待",
    "依法",
    "法律责任",
    "法外之地",
    "12377",
    "12345",
];

/// Where a clause ends (for the rumor's claim).
const CLAUSE_ENDS: &[char] = &[
    '。', '！', '？', '；', '!', '?', ';', '\n', '，', ',', '：', ':',
];

/// Particles left out of a claim: they come and go when a rumor is retold.
const PARTICLES: &[char] = &[
    '的', '了', '地', '得', '着', '也', '都', '就', '很', '又', '还', '而', '且', '啊', '吧', '呀',
    '哦', '啦', '竟', '然',
];

/// Claim bigrams of a raw text: clause by clause, normalised, particles dropped, and the
/// characters of every common word (a stop bigram) masked. Each is given to `f`, in order,
/// with repeats.
fn for_each_claim_bigram(raw: &str, is_stop: impl Fn(u64) -> bool, mut f: impl FnMut(u64)) {
    let mut cs: Vec<char> = Vec::new();
    let mut masked: Vec<bool> = Vec::new();
    for clause in raw.split(CLAUSE_ENDS) {
        cs.clear();
        crate::text::for_each_normalized(clause, usize::MAX, |_, c| {
            if !PARTICLES.contains(&c) {
                cs.push(c);
            }
        });
        masked.clear();
        masked.resize(cs.len(), false);
        for i in 1..cs.len() {
            if is_stop(pack(cs[i - 1], cs[i])) {
                masked[i - 1] = true;
                masked[i] = true;
            }
        }
        for i in 1..cs.len() {
            if !masked[i - 1] && !masked[i] {
                f(pack(cs[i - 1], cs[i]));
            }
        }
    }
}

/// [`for_each_claim_bigram`], collected.
fn claim_bigrams(raw: &str, is_stop: impl Fn(u64) -> bool) -> Vec<u64> {
    let mut out = Vec::new();
    for_each_claim_bigram(raw, is_stop, |b| out.push(b));
    out
}

/// The characters of a rumor's claim bigrams, sorted and distinct.
fn claim_chars(raw: &str, stop: &[u64]) -> Vec<char> {
    let mut cs: Vec<char> = Vec::new();
    for clause in raw.split(CLAUSE_ENDS) {
        let norm: Vec<char> = normalize(clause)
            .chars()
            .filter(|c| !PARTICLES.contains(c))
            .collect();
        let mut masked = vec![false; norm.len()];
        for i in 1..norm.len() {
            if contains_sorted(stop, pack(norm[i - 1], norm[i])) {
                masked[i - 1] = true;
                masked[i] = true;
            }
        }
        cs.extend(
            norm.iter()
                .zip(&masked)
                .filter(|(_, m)| !**m)
                .map(|(c, _)| *c),
        );
    }
    cs.sort_unstable();
    cs.dedup();
    cs
}

/// The sorted claim bigrams of a rumor title or text.
fn claim_of(raw: &str, stop: &[u64]) -> Vec<u64> {
    let mut v = claim_bigrams(raw, |b| contains_sorted(stop, b));
    v.sort_unstable();
    v.dedup();
    v
}

/// The sentences of `s`, each with whether it ends with a question mark.
fn sentences(s: &str) -> impl Iterator<Item = (&str, bool)> {
    s.split_inclusive(['。', '！', '？', '!', '?', '；', ';', '\n'])
        .map(|x| {
            let t = x.trim_end();
            let q = t.ends_with('？') || t.ends_with('?');
            (x, q)
        })
        .filter(|(x, _)| !x.trim().is_empty())
}

/// Words of a sentence that only asks, or only reports what others say.
const DOUBT_WORDS: &[&str] = &[
    "真的假的",
    "是真是假",
    "是不是真的",
    "是不是谣言",
    "到底是",
    "到底真",
    "有人说",
    "也有人说",
    "听说",
    "据说",
    "有人称",
    "网友说",
    "不知道是不是",
    "不知真假",
    "求辟谣",
    "求证一下",
    "谁知道",
];

/// A sentence (normalised) that asks or reports hearsay rather than asserts.
fn is_doubt(norm: &str) -> bool {
    DOUBT_WORDS.iter().any(|w| norm.contains(w))
        || norm.ends_with('吗')
        || norm.ends_with('么')
        || norm.ends_with('呢')
}

/// The rebuttal and rumor of one push, pre-processed for fast matching of many items.
pub struct Matcher {
    /// Sorted bigrams of the reference (and the stop list) and their flags.
    index: BigramIndex,
    flags: Vec<u8>,
    n_reb: usize,
    n_fact: usize,
    n_rumor_text: usize,
    n_rumor_title: usize,
    /// The rebuttal's title, without decorations, normalised.
    title: String,
    title_chars: usize,
    /// The rebuttal's title as given (tags kept), normalised.
    title_raw: String,
    title_shingles: Vec<u64>,
    /// Title bigrams that are not the rumor's words.
    title_residual: Vec<u64>,
    /// Whether the title says something beyond the rumor's words (rule 2 applies).
    title_distinctive: bool,
    /// All bigrams of the rumor (title and text), stop words included.
    rumor_all: Vec<u64>,
    /// The claims of the rumor's title and text ([`claim_bigrams`]), sorted.
    rumor_title_claim: Vec<u64>,
    rumor_text_claim: Vec<u64>,
    /// The characters of the rumor's title and text outside particles and common words,
    /// sorted.
    rumor_title_chars: Vec<char>,
    rumor_text_chars: Vec<char>,
    url_key: Option<String>,
    /// A piece of the rebuttal's URL (WeChat mid or article id, last path segment…) that any
    /// URL of it contains: other URLs are rejected without parsing.
    url_needle: Option<String>,
    /// Rebuttal cues, without those the rumor itself contains.
    cues: CueSet,
    /// The page pre-screen (see [`crate::screen`]).
    screen: Screen,
}

/// The measurements behind a decision, for diagnostics (a "why" panel, tuning, the corpus
/// report). All shares are 0..=1. Not to be confused with the stored `Evidence` of a verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measures {
    /// The item links to the rebuttal's URL.
    pub url_match: bool,
    /// Title equal to the rebuttal's (without decorations), or containing it whole.
    pub title_equal: bool,
    /// Dice similarity of the titles' bigrams.
    pub title_similarity: f32,
    /// Share of the rebuttal's distinctive bigrams (not the rumor's, not common words)
    /// found in the item.
    pub rebuttal_coverage: f32,
    /// The same, restricted to the rebuttal's factual clauses.
    pub fact_coverage: f32,
    /// Share of the item's own content bigrams that come from the rebuttal.
    pub item_from_rebuttal: f32,
    /// Share of the rumor's title or text found in the item (the larger).
    pub rumor_coverage: f32,
    /// The first rebuttal cue found in the item, if any.
    pub cue: Option<String>,
}

/// What one item looks like next to the reference.
struct Features<'a> {
    title_src: &'a str,
    /// The title is the start of the text (a post without a title of its own: Weibo).
    title_from_text: bool,
    removed: Vec<String>,
    title_norm_chars: usize,
    title_exact: bool,
    title_contains: bool,
    prefix_ratio: f32,
    dice_full: f32,
    dice_res: f32,
    truncated: bool,
    text: &'a str,
    extra_chars: usize,
    matched_reb: usize,
    cov_ref: f32,
    /// Share of the rebuttal's factual bigrams found in the item.
    cov_fact: f32,
    cov_item: f32,
    rumor_sim: f32,
    /// How much of the rumor's claim the item says: see [`Matcher::claim_cover`].
    claim_cover: f32,
    /// A rebuttal cue in a sentence that asserts (not a question, not hearsay).
    cue: Option<&'static str>,
    /// A rebuttal cue only inside questions or hearsay ("有人说这是谣言…到底真的假的？").
    doubt: Option<&'static str>,
    url: Option<(UrlWhere, String)>,
}

#[derive(Clone, Copy)]
enum UrlWhere {
    Link,
    Body,
}

fn sorted_union(mut a: Vec<u64>, b: &[u64]) -> Vec<u64> {
    a.extend_from_slice(b);
    a.sort_unstable();
    a.dedup();
    a
}

fn contains_sorted(v: &[u64], x: u64) -> bool {
    v.binary_search(&x).is_ok()
}

fn ratio(n: usize, d: usize) -> f32 {
    if d == 0 {
        0.0
    } else {
        (n as f32 / d as f32).min(1.0)
    }
}

impl Matcher {
    /// Pre-process the reference once per push.
    pub fn new(reference: &Reference) -> Matcher {
        let title = normalize(&strip_repost_decorations(cut_chars(
            &reference.rebuttal_title,
            MAX_TITLE_CHARS,
        )));
        let title_chars = title.chars().count();
        let title_shingles = shingles(&title);

        let rumor_title = normalize(&strip_repost_decorations(&reference.rumor_title));
        let rumor_text = normalize_capped(&reference.rumor_text, MAX_TEXT_CHARS);
        let rumor_title_sh = shingles(&rumor_title);
        let rumor_text_sh = shingles(&rumor_text);
        let rumor_all = sorted_union(rumor_title_sh.clone(), &rumor_text_sh);

        let title_residual: Vec<u64> = title_shingles
            .iter()
            .copied()
            .filter(|b| !contains_sorted(&rumor_all, *b))
            .collect();
        let title_distinctive =
            title_chars >= MIN_TITLE_CHARS && title_residual.len() >= MIN_TITLE_RESIDUAL;

        let mut stop: Vec<u64> = STOP_WORDS
            .split_whitespace()
            .filter_map(|w| {
                let mut cs = w.chars();
                Some(pack(cs.next()?, cs.next()?))
            })
            .collect();
        stop.sort_unstable();
        stop.dedup();

        // Only the text: the title is judged by rule 2, and a title-only reference must not
        // let an item "cover the rebuttal" with the title's (mostly rumor) words.
        let reb_clean = strip_boilerplate(cut_chars(&reference.rebuttal_text, MAX_TEXT_CHARS));
        // (bigram, factual?) for the rebuttal text, clause by clause; a bigram keeps the
        // class of the first clause it appears in.
        let mut reb: Vec<(u64, bool)> = Vec::new();
        let (all_cues, genre_cues) = (CueSet::new(REBUTTAL_CUES), CueSet::new(GENRE_CUES));
        // Clauses, not sentences: "鉴定结果：谣言权威解读：抗生素不能预防…" is a formula
        // clause and then a fact.
        for sentence in reb_clean.split([
            '。', '！', '？', '；', '!', '?', ';', '\n', '，', ',', '：', ':',
        ]) {
            let n = normalize(sentence);
            let factual = all_cues.find(&n).is_none() && genre_cues.find(&n).is_none();
            reb.extend(bigrams(&n).map(|b| (b, factual)));
        }
        let mut first_seen = std::collections::HashSet::with_capacity(reb.len());
        reb.retain(|(b, _)| first_seen.insert(*b));

        let mut table: Vec<(u64, u8)> =
            Vec::with_capacity(stop.len() + rumor_all.len() + reb.len());
        table.extend(stop.iter().map(|&b| (b, F_STOP)));
        for &b in &rumor_all {
            if !contains_sorted(&stop, b) {
                let mut f = F_RUMOR;
                if contains_sorted(&rumor_title_sh, b) {
                    f |= F_RUMOR_TITLE;
                }
                if contains_sorted(&rumor_text_sh, b) {
                    f |= F_RUMOR_TEXT;
                }
                table.push((b, f));
            }
        }
        for &(b, factual) in &reb {
            if !contains_sorted(&stop, b) && !contains_sorted(&rumor_all, b) {
                table.push((b, if factual { F_REB | F_FACT } else { F_REB }));
            }
        }
        table.sort_unstable_by_key(|x| x.0);
        let mut keys = Vec::with_capacity(table.len());
        let mut flags: Vec<u8> = Vec::with_capacity(table.len());
        for (b, f) in table {
            if keys.last() == Some(&b) {
                *flags.last_mut().unwrap() |= f;
            } else {
                keys.push(b);
                flags.push(f);
            }
        }
        let count = |m: u8| flags.iter().filter(|f| **f & m != 0).count();
        let (n_reb, n_rumor_text, n_rumor_title) =
            (count(F_REB), count(F_RUMOR_TEXT), count(F_RUMOR_TITLE));
        let n_fact = flags
            .iter()
            .filter(|f| **f & (F_REB | F_FACT) == (F_REB | F_FACT))
            .count();

        let title_raw = normalize(cut_chars(&reference.rebuttal_title, MAX_TITLE_CHARS));
        let cues: Vec<&'static str> = REBUTTAL_CUES
            .iter()
            .chain(HEADLINE_CUES)
            .copied()
            // A cue the rumor itself contains is no evidence ("网传…" typed as the rumor's
            // title) — unless the rebuttal's title has it too: then it is rebuttal language
            // pasted into the rumor field, and dropping it would make the rebuttal itself look
            // like the rumor.
            .filter(|c| {
                (!rumor_title.contains(c) && !rumor_text.contains(c)) || title_raw.contains(c)
            })
            .collect();
        let url_key = reference.rebuttal_url.as_deref().and_then(url_key);
        let url_needle = url_key
            .as_deref()
            .and_then(|k| url_needle(k, reference.rebuttal_url.as_deref().unwrap_or_default()));
        let of_class = |m: u8| -> Vec<u64> {
            keys.iter()
                .zip(&flags)
                .filter(|(_, f)| **f & m != 0)
                .map(|(k, _)| *k)
                .collect()
        };
        let published_day = reference
            .rebuttal_published
            .as_deref()
            .and_then(crate::extract::dates::day_of);
        let screen = Screen::new(&ScreenInput {
            reb: &of_class(F_REB),
            rumor_text: &of_class(F_RUMOR_TEXT),
            rumor_title: &of_class(F_RUMOR_TITLE),
            title: &title,
            title_raw: &title_raw,
            title_distinctive,
            url_key: url_key.is_some(),
            url_needle: url_needle.as_deref(),
            follow_cues: &cues,
            published_day: published_day.as_deref(),
        });

        Matcher {
            index: BigramIndex::new(&keys),
            flags,
            n_reb,
            n_fact,
            n_rumor_text,
            n_rumor_title,
            title,
            title_chars,
            title_raw,
            title_shingles,
            title_residual,
            title_distinctive,
            rumor_all,
            rumor_title_claim: claim_of(&reference.rumor_title, &stop),
            rumor_text_claim: claim_of(cut_chars(&reference.rumor_text, MAX_TEXT_CHARS), &stop),
            rumor_title_chars: claim_chars(&reference.rumor_title, &stop),
            rumor_text_chars: claim_chars(cut_chars(&reference.rumor_text, MAX_TEXT_CHARS), &stop),
            url_key,
            url_needle,
            cues: CueSet::new(&cues),
            screen,
        }
    }

    /// The pre-screen of a whole page, before parsing: `may_match` is false only when no
    /// rule of [`Matcher::match_item`] can make any item of the page a repost or a rumor
    /// repost, no item can be [`Matcher::worth_following`], and the page cannot be a wall
    /// or a deletion notice (see [`crate::screen`] for the argument). `text` is the decoded
    /// page, as given to [`crate::extract::extract`].
    pub fn screen(
        &self,
        text: &str,
        content_type: Option<&str>,
        page_url: &Url,
        format: &crate::extract::Format,
    ) -> Screening {
        self.screen.scan(text, content_type, page_url, format)
    }

    /// [`Matcher::screen`] for a page read with [`crate::extract::Format::Auto`].
    pub fn could_match(&self, text: &str, content_type: Option<&str>, page_url: &Url) -> bool {
        self.screen(text, content_type, page_url, &crate::extract::Format::Auto)
            .may_match
    }

    #[inline]
    fn flag_of(&self, b: u64) -> Option<(usize, u8)> {
        self.index.get(b).map(|i| (i, self.flags[i]))
    }

    fn find_url(&self, item: &Item, text: &str) -> Option<(UrlWhere, String)> {
        let key = self.url_key.as_ref()?;
        // (a Weibo post's links may write its mid or its bid: the needle is one of them)
        let needle = self
            .url_needle
            .as_deref()
            .filter(|_| !key.starts_with("weibo/"));
        let hit = |u: &str| {
            u.len() <= 4096
                && needle.is_none_or(|n| u.contains(n))
                && url_key(u).as_ref() == Some(key)
        };
        if let Some(l) = item.link.as_deref() {
            if hit(l) {
                return Some((UrlWhere::Link, l.to_string()));
            }
        }
        for l in item.links.iter().take(MAX_URLS) {
            if hit(l) {
                return Some((UrlWhere::Body, l.clone()));
            }
        }
        find_urls(text, MAX_URLS)
            .into_iter()
            .find(|u| hit(u))
            .map(|u| (UrlWhere::Body, u.to_string()))
    }

    /// `need_cue`: find the rebuttal cue even when no rule would look at it (for [`Measures`]).
    fn analyse<'a>(&self, item: &'a Item, need_cue: bool) -> Features<'a> {
        let text = cut_chars(&item.text, MAX_TEXT_CHARS);
        // A post without a title (Weibo): its first line plays the title.
        let has_title = !item.title.trim().is_empty();
        let title_src = if has_title {
            cut_chars(&item.title, MAX_TITLE_CHARS)
        } else {
            cut_chars(
                text.trim_start().lines().next().unwrap_or(""),
                MAX_TITLE_CHARS,
            )
        };
        let (stripped, removed) = strip_decorations(title_src);
        let t = normalize(&stripped);
        let t_chars = t.chars().count();
        let truncated = item.truncated || is_truncated(title_src);

        // ---- title against title ----
        let t_sh = shingles(&t);
        let dice_full = crate::text::dice(&t_sh, &self.title_shingles);
        let t_res: Vec<u64> = t_sh
            .iter()
            .copied()
            .filter(|b| !contains_sorted(&self.rumor_all, *b))
            .collect();
        let dice_res = crate::text::dice(&t_res, &self.title_residual);
        let title_exact = self.title_chars > 0 && t == self.title;
        let text_norm = normalize(&strip_boilerplate(text));
        let title_contains = self.title_chars >= MIN_TITLE_CHARS
            && ((t.len() > self.title.len()
                && t_chars <= 2 * self.title_chars + 30
                && t.contains(&self.title))
                || (!has_title
                    && cut_chars(&text_norm, self.title_chars + 60).contains(&self.title)));
        let prefix_ratio = if truncated && t_chars >= 4 && self.title.starts_with(&t) {
            ratio(t_chars, self.title_chars)
        } else {
            0.0
        };

        // ---- all bigrams of the item against the table ----
        // One pass: each bigram is looked up once (hash table); the first hit of a table entry
        // (a bit set per entry) counts it as matched.
        let mut seen = vec![0u64; self.flags.len().div_ceil(64)];
        let (mut matched_reb, mut matched_rumor_text, mut matched_rumor_title) = (0, 0, 0);
        let mut matched_fact = 0;
        let (mut occ_reb, mut occ_content) = (0usize, 0usize);
        let mut visit = |b: u64| match self.flag_of(b) {
            Some((i, f)) => {
                let (w, bit) = (i / 64, 1u64 << (i % 64));
                if seen[w] & bit == 0 {
                    seen[w] |= bit;
                    matched_reb += usize::from(f & F_REB != 0);
                    matched_fact += usize::from(f & (F_REB | F_FACT) == (F_REB | F_FACT));
                    matched_rumor_text += usize::from(f & F_RUMOR_TEXT != 0);
                    matched_rumor_title += usize::from(f & F_RUMOR_TITLE != 0);
                }
                if f & F_REB != 0 {
                    occ_reb += 1;
                }
                if f & (F_STOP | F_RUMOR) == 0 {
                    occ_content += 1;
                }
            }
            None => occ_content += 1,
        };
        if has_title {
            bigrams(&t).for_each(&mut visit);
        }
        bigrams(&text_norm).for_each(&mut visit);
        // How much of the rumor's title, or of its text, the item carries (a short rumor
        // title and a long rumor text are two different things to find).
        let cover = |m: usize, n: usize| if n >= 3 { ratio(m, n) } else { 0.0 };
        let rumor_sim = cover(matched_rumor_text, self.n_rumor_text)
            .max(cover(matched_rumor_title, self.n_rumor_title));

        let title_norm_raw = normalize(title_src);
        let text_chars = text_norm.chars().count();
        // What the text adds beyond the title (a text-only post's first line is its title).
        let extra_chars = if text_norm == t {
            0
        } else if has_title {
            text_chars
        } else {
            text_chars.saturating_sub(title_norm_raw.chars().count())
        };
        let cov_fact = if self.n_fact >= MIN_FACT_BIGRAMS {
            ratio(matched_fact, self.n_fact)
        } else {
            ratio(matched_reb, self.n_reb)
        };
        // The cue only matters to rules 4 and 5, which need one of these measures first;
        // looking for it costs a scan of the whole text, so skip it when it cannot matter.
        let cue_matters = need_cue
            || rumor_sim >= TOPIC_RUMOR.min(RUMOR_SIM)
            || cov_fact >= TOPIC_REB
            || dice_full >= TOPIC_TITLE;
        let (cue, doubt) = if cue_matters {
            self.sentence_cues(title_src, text)
        } else {
            (None, None)
        };
        // Only for the rumor rule: how much of the item's claim-bearing clauses is the rumor.
        // (Rule 4 needs little of the rebuttal, and the "same words, another claim" outcome
        // only comes when little of its facts is there: with both, the claim cannot matter.)
        let claim_matters =
            ratio(matched_reb, self.n_reb) < RUMOR_MAX_REB || cov_fact < PARTIAL_REB;
        let claim_cover = if rumor_sim >= RUMOR_SIM && claim_matters {
            self.claim_cover(if has_title { title_src } else { "" }, text)
        } else {
            0.0
        };

        Features {
            title_src,
            title_from_text: !has_title || (!text_norm.is_empty() && text_norm.starts_with(&t)),
            removed,
            title_norm_chars: t_chars,
            title_exact,
            title_contains,
            prefix_ratio,
            dice_full,
            dice_res,
            truncated,
            text,
            extra_chars,
            matched_reb,
            cov_ref: ratio(matched_reb, self.n_reb),
            cov_fact,
            cov_item: ratio(occ_reb, occ_content),
            rumor_sim,
            claim_cover,
            cue,
            doubt,
            url: self.find_url(item, text),
        }
    }

    /// Rebuttal cues sentence by sentence: the first cue of a sentence that asserts, and the
    /// first cue of a sentence that only asks or reports what others say. "有人说这是谣言，
    /// 也有人说已经辟谣了，到底真的假的？" names rumors and rebuttals but rebuts nothing; "吃荔枝
    /// 会被查出酒驾？交警实测：不会" asks, then asserts.
    fn sentence_cues(
        &self,
        title: &str,
        text: &str,
    ) -> (Option<&'static str>, Option<&'static str>) {
        let mut doubt = None;
        for part in [title, cut_chars(text, MAX_TEXT_CHARS)] {
            // A sentence's cue is a cue of the whole part (normalising is per character): most
            // texts have none, and one look at the whole part spares the sentence by sentence.
            if part.len() > 200 && self.cues.find(&normalize(part)).is_none() {
                continue;
            }
            for (sentence, ends_with_question) in sentences(part) {
                let n = normalize(sentence);
                let Some(c) = self.cues.find(&n) else {
                    continue;
                };
                if ends_with_question || is_doubt(&n) {
                    doubt = doubt.or(Some(c));
                } else {
                    return (Some(c), doubt);
                }
            }
        }
        (None, doubt)
    }

    /// How much of the rumor's claim the item says: the share of the rumor's claim bigrams
    /// (its title's, or its text's: the larger) found in the item's. Claim bigrams are taken
    /// clause by clause, without particles (的, 了, 也…) and without the characters of common
    /// words ("可以", "导致", "会被"…), so that a rumor reposted with a word swapped ("可以" →
    /// "能够") or a particle dropped still says its whole claim (≥ 0.85), while another rumor
    /// on the same subject misses the claim's own words ("蛋白粉可预防新冠肺炎" against
    /// "安宫牛黄丸可预防新冠肺炎": 0.67). A rumor without claim bigrams cannot be judged this
    /// way: 1.0.
    fn claim_cover(&self, title: &str, text: &str) -> f32 {
        let claims = [
            (&self.rumor_title_claim, &self.rumor_title_chars),
            (&self.rumor_text_claim, &self.rumor_text_chars),
        ];
        if claims.iter().all(|(c, _)| c.is_empty()) {
            return 1.0;
        }
        let text = cut_chars(text, MAX_TEXT_CHARS);
        // Which of the claims' bigrams and characters the item says: one pass over each of
        // its parts, marking them (the claims are short, sorted lists).
        let mut said: Vec<Vec<bool>> = claims.iter().map(|(c, _)| vec![false; c.len()]).collect();
        let mut chars_said: Vec<Vec<bool>> =
            claims.iter().map(|(_, cs)| vec![false; cs.len()]).collect();
        for part in [title, text] {
            for_each_claim_bigram(
                part,
                |b| self.is_stop(b),
                |b| {
                    for ((c, _), s) in claims.iter().zip(&mut said) {
                        if let Ok(k) = c.binary_search(&b) {
                            s[k] = true;
                        }
                    }
                },
            );
            crate::text::for_each_normalized(part, usize::MAX, |_, x| {
                for ((_, cs), s) in claims.iter().zip(&mut chars_said) {
                    if let Ok(k) = cs.binary_search(&x) {
                        s[k] = true;
                    }
                }
            });
        }
        let count = |v: &[bool]| v.iter().filter(|x| **x).count();
        claims
            .iter()
            .zip(said.iter().zip(&chars_said))
            .filter(|((c, _), _)| !c.is_empty())
            .map(|((c, cs), (s, cs_said))| {
                let (shared, chars_said) = (count(s), count(cs_said));
                // A claim of one or two bigrams ("喝茶…贫血") must be said whole; and the claim's
                // own characters must be there (a subject of one character — "锌可以治疗…" —
                // sits next to a common word and has no claim bigram of its own).
                if (c.len() < 3 && shared < c.len()) || ratio(chars_said, cs.len()) < CLAIM_CHARS {
                    0.0
                } else {
                    ratio(shared, c.len())
                }
            })
            .fold(0.0, f32::max)
    }

    fn is_stop(&self, b: u64) -> bool {
        self.flag_of(b).is_some_and(|(_, f)| f & F_STOP != 0)
    }

    /// The first place in `s` where two consecutive bigrams carry one of `mask`'s flags, as a
    /// fragment of at most 120 characters of the original text.
    fn locate(&self, s: &str, mask: u8) -> Option<String> {
        let mut prev: Option<(usize, char)> = None;
        let mut run_start = 0usize;
        let mut run = 0usize;
        let mut found: Option<usize> = None;
        for_each_normalized_until(s, MAX_TEXT_CHARS, |i, c| {
            if let Some((pi, pc)) = prev {
                if self
                    .flag_of(pack(pc, c))
                    .is_some_and(|(_, f)| f & mask != 0)
                {
                    if run == 0 {
                        run_start = pi;
                    }
                    run += 1;
                    if run >= 2 {
                        found = Some(run_start);
                    }
                } else {
                    run = 0;
                }
            }
            prev = Some((i, c));
            found.is_some()
        });
        found.map(|start| fragment_of(&s[start..]))
    }

    fn title_fragment(f: &Features) -> String {
        if f.title_src.trim().is_empty() {
            fragment_of(f.text)
        } else {
            fragment_of(f.title_src)
        }
    }

    fn decide(&self, f: &Features) -> MatchOutcome {
        let out = |kind, score: f32, fragment: String, explanation: String| MatchOutcome {
            kind,
            score: score.clamp(0.0, 1.0),
            fragment,
            explanation,
        };
        // Similarity to the rebuttal, for the outcomes that are not a repost: its facts found
        // in the item, or the title's likeness.
        let reb_sim = f.cov_fact.max(f.dice_full).max(f.prefix_ratio);

        // 1. A link to the rebuttal.
        if let Some((place, u)) = &f.url {
            let why = match place {
                UrlWhere::Link => "条目链接就是辟谣原文链接",
                UrlWhere::Body => "正文含辟谣原文链接",
            };
            return out(MatchKind::Repost, 1.0, fragment_of(u), why.to_string());
        }

        // 2. The title.
        let title_match = self.title_distinctive
            && (f.title_exact
                || f.title_contains
                || (f.dice_full >= TITLE_DICE && f.dice_res >= TITLE_RESIDUAL_DICE)
                || f.prefix_ratio >= TITLE_PREFIX);
        let contradicted = f.extra_chars >= ARTICLE_CHARS
            && self.n_reb >= 20
            && f.cov_fact < TITLE_CONTRADICTED
            && f.cov_item < TITLE_CONTRADICTED_ITEM;
        if title_match && !contradicted {
            let removed = if f.removed.is_empty() {
                String::new()
            } else {
                format!("去掉「{}」后", f.removed.join("」「"))
            };
            let (score, why) = if f.title_exact {
                (
                    1.0,
                    format!("标题与辟谣信息标题一致（{removed}相似度 1.00）"),
                )
            } else if f.title_contains {
                (
                    1.0,
                    format!("标题包含辟谣信息的完整标题（{removed}另有转发说明文字）"),
                )
            } else if f.prefix_ratio >= TITLE_PREFIX {
                (
                    f.prefix_ratio,
                    format!(
                        "标题被截断，可见部分与辟谣信息标题的前 {} 字一致（占 {:.2}）",
                        f.title_norm_chars, f.prefix_ratio
                    ),
                )
            } else {
                (
                    f.dice_full,
                    format!(
                        "标题与辟谣信息标题基本一致（{removed}相似度 {:.2}）",
                        f.dice_full
                    ),
                )
            };
            return out(MatchKind::Repost, score, Self::title_fragment(f), why);
        }

        // 3. The body.
        if self.n_reb >= MIN_BODY_BIGRAMS && f.matched_reb >= MIN_BODY_BIGRAMS {
            let frag = || {
                self.locate(f.text, F_REB)
                    .or_else(|| self.locate(f.title_src, F_REB))
                    .unwrap_or_else(|| Self::title_fragment(f))
            };
            if f.cov_ref >= BODY_FULL && f.cov_fact >= BODY_FULL_FACT {
                return out(
                    MatchKind::Repost,
                    f.cov_ref,
                    frag(),
                    format!("正文与辟谣信息正文一致（覆盖辟谣原文 {:.2}）", f.cov_ref),
                );
            }
            if f.cov_ref >= BODY_EXCERPT_REF
                && f.cov_item >= BODY_EXCERPT_ITEM
                && f.cov_fact >= BODY_EXCERPT_FACT
            {
                return out(
                    MatchKind::Repost,
                    f.cov_ref,
                    frag(),
                    format!(
                        "正文是辟谣信息的节选（覆盖辟谣原文 {:.2}，正文 {:.2} 出自辟谣原文）",
                        f.cov_ref, f.cov_item
                    ),
                );
            }
        }

        if title_match && contradicted {
            return out(
                MatchKind::OtherRebuttal,
                reb_sim,
                Self::title_fragment(f),
                format!(
                    "标题与辟谣信息标题一致，但正文是另一篇文章（辟谣原文的事实内容只覆盖 {:.2}），不认定为转载",
                    f.cov_fact
                ),
            );
        }

        let rumor_frag = || {
            self.locate(f.title_src, F_RUMOR)
                .or_else(|| self.locate(f.text, F_RUMOR))
                .unwrap_or_else(|| Self::title_fragment(f))
        };

        // The exact title of the rebuttal, when that title is only the rumor's words, and
        // nothing else: neither a repost (nothing proves it is this rebuttal) nor a rumor
        // repost (it may be this rebuttal's list entry).
        if f.title_exact && !self.title_distinctive && f.extra_chars < MIN_EXTRA_CHARS {
            return out(
                MatchKind::OtherRebuttal,
                reb_sim,
                Self::title_fragment(f),
                "标题与辟谣信息标题相同，但这个标题几乎就是谣言原话，不能仅凭标题认定为转载，请打开原文确认"
                    .to_string(),
            );
        }

        // 4. The rumor itself: its claim (not only its subject's words), no rebuttal asserted.
        // Doubt added in rebuttal words is not a rebuttal; but a bare question under the
        // rumor's words ("…是真的吗？") may be a fact-check's title: open it.
        // (Never when the title is the rebuttal's: a rumor title typed with a cue word in it —
        // "网传…不靠谱" — disables that cue, and the rebuttal itself would look like the rumor.
        // An item under exactly the rebuttal's title is at worst undecidable.)
        let rebuttal_title_like = f.title_exact
            || (self.title_distinctive
                && (f.title_contains
                    || (f.dice_full >= TITLE_DICE && f.dice_res >= TITLE_RESIDUAL_DICE)));
        if f.rumor_sim >= RUMOR_SIM
            && f.claim_cover >= CLAIM_COVER
            && f.cue.is_none()
            && f.cov_ref < RUMOR_MAX_REB
            && !rebuttal_title_like
        {
            if let Some(q) = f.doubt {
                // (A post whose title is the start of its text — Weibo — is all there:
                // nothing more to open.)
                if !f.title_from_text && f.extra_chars < MIN_EXTRA_CHARS {
                    return out(
                        MatchKind::OtherRebuttal,
                        reb_sim,
                        Self::title_fragment(f),
                        format!("标题复述谣言并发问（「{q}」），可能是核实文章的标题，也可能是转发谣言，请打开原文确认"),
                    );
                }
                return out(
                    MatchKind::RumorRepost,
                    f.rumor_sim,
                    rumor_frag(),
                    format!(
                        "内容与谣言高度相似（{:.2}），只是附带疑问（「{q}」），并没有辟谣，疑似转发谣言本身",
                        f.rumor_sim
                    ),
                );
            }
            return out(
                MatchKind::RumorRepost,
                f.rumor_sim,
                rumor_frag(),
                format!(
                    "内容与谣言高度相似（{:.2}）且没有辟谣用语，疑似转发谣言本身",
                    f.rumor_sim
                ),
            );
        }

        // 5. Another rebuttal, or something partly similar.
        if let Some(cue) = f.cue {
            if f.rumor_sim >= TOPIC_RUMOR || f.cov_fact >= TOPIC_REB || f.dice_full >= TOPIC_TITLE {
                let (subject, frag) = if f.rumor_sim >= TOPIC_RUMOR {
                    (
                        format!("涉及同一谣言（与谣言相似度 {:.2}）", f.rumor_sim),
                        rumor_frag(),
                    )
                } else {
                    (
                        format!("与本条辟谣主题相关（相似度 {reb_sim:.2}）"),
                        self.locate(f.text, F_REB)
                            .unwrap_or_else(|| Self::title_fragment(f)),
                    )
                };
                return out(
                    MatchKind::OtherRebuttal,
                    reb_sim,
                    frag,
                    format!(
                        "含辟谣用语「{cue}」，{subject}，但内容不是本条辟谣信息（相似度 {reb_sim:.2}），应为其他辟谣"
                    ),
                );
            }
        }
        if f.rumor_sim >= RUMOR_SIM && f.claim_cover < CLAIM_COVER && f.cov_fact < PARTIAL_REB {
            return out(
                MatchKind::OtherRebuttal,
                reb_sim,
                rumor_frag(),
                format!(
                    "与谣言谈的是同一件事的字词（相似度 {:.2}），但说法不同（{:.2}），不是这条谣言",
                    f.rumor_sim, f.claim_cover
                ),
            );
        }
        if f.cov_fact >= PARTIAL_REB || f.dice_full >= PARTIAL_TITLE || f.rumor_sim >= RUMOR_SIM {
            let why = if f.truncated {
                format!("与辟谣信息部分相似（{reb_sim:.2}），但内容被截断，不足以认定为转载，需打开原文确认")
            } else {
                format!("与辟谣信息部分相似（{reb_sim:.2}），不足以认定为转载")
            };
            return out(
                MatchKind::OtherRebuttal,
                reb_sim,
                Self::title_fragment(f),
                why,
            );
        }

        // 6. Unrelated.
        out(
            MatchKind::Unrelated,
            reb_sim,
            Self::title_fragment(f),
            format!("与辟谣信息和谣言都不相关（相似度 {reb_sim:.2}）"),
        )
    }

    /// Decide what one item is.
    pub fn match_item(&self, item: &Item) -> MatchOutcome {
        let f = self.analyse(item, false);
        self.decide(&f)
    }

    /// The measurements [`Matcher::match_item`] decides on.
    pub fn measures(&self, item: &Item) -> Measures {
        let f = self.analyse(item, true);
        Measures {
            url_match: f.url.is_some(),
            title_equal: f.title_exact || f.title_contains,
            title_similarity: f.dice_full,
            rebuttal_coverage: f.cov_ref,
            fact_coverage: f.cov_fact,
            item_from_rebuttal: f.cov_item,
            rumor_coverage: f.rumor_sim,
            cue: f.cue.map(str::to_string),
        }
    }

    /// Why an entry that the page alone does not decide should be opened: its visible part
    /// is cut and could be the rebuttal or the rumor ([`Matcher::worth_following`]); its
    /// title is the rebuttal's but says too little of its own (the rebuttal's title is nearly
    /// the rumor's words), or repeats the rumor as a question; or it is titled in rebuttal
    /// words ("网上这条消息不实，大家别信") and its text is elsewhere. None for entries without a
    /// link and entries already decided (a repost, a rumor repost).
    pub fn follow_reason(&self, item: &Item) -> Option<Follow> {
        if item.link.as_deref().is_none_or(|l| l.trim().is_empty()) {
            return None;
        }
        if self.worth_following(item) {
            return Some(Follow::Cut);
        }
        let f = self.analyse(item, true);
        let o = self.decide(&f);
        if matches!(o.kind, MatchKind::Repost | MatchKind::RumorRepost) {
            return None;
        }
        // (A list entry's text is what surrounds its link — counts, names, dates — not its
        // body: these do not ask for a short text.)
        let title_only_rebuttal = f.title_exact && !self.title_distinctive;
        let asked = f.doubt.is_some() && f.rumor_sim >= RUMOR_SIM;
        if title_only_rebuttal || asked {
            return Some(Follow::Undecided);
        }
        // An entry in rebuttal words whose own text is not there (a list shows a title and
        // what surrounds its link; a feed a short summary).
        let title = normalize(cut_chars(&item.title, MAX_TITLE_CHARS));
        if f.extra_chars < ENTRY_CONTEXT_CHARS && self.cues.find(&title).is_some() {
            return Some(Follow::Wording);
        }
        None
    }

    /// A truncated list entry whose visible part is compatible with the rebuttal (prefix of
    /// its title, or similar enough) — the caller will fetch `item.link` and decide on the
    /// article page. Also true when the visible part looks like the rumor (a truncated rumor
    /// repost must be caught too). False when the entry is not truncated, has no link, or is
    /// already decided as a repost.
    pub fn worth_following(&self, item: &Item) -> bool {
        if item.link.as_deref().is_none_or(|l| l.trim().is_empty()) {
            return false;
        }
        let text = cut_chars(&item.text, MAX_TEXT_CHARS);
        let truncated = item.truncated
            || is_truncated(cut_chars(&item.title, MAX_TITLE_CHARS))
            || is_truncated(text);
        if !truncated {
            return false;
        }
        let f = self.analyse(item, false);
        if self.decide(&f).kind == MatchKind::Repost {
            return false;
        }
        let (stripped, _) = strip_decorations(f.title_src);
        let t = normalize(&stripped);
        let t_chars = t.chars().count();
        // "【辟谣】关于“吃…": the visible part, tags included, starts the rebuttal's title.
        let raw = normalize(f.title_src);
        let prefix = (t_chars >= FOLLOW_PREFIX_CHARS && self.title.starts_with(&t))
            || (t_chars >= 2
                && raw.chars().count() >= FOLLOW_PREFIX_CHARS
                && self.title_raw.starts_with(&raw));
        prefix
            || f.dice_full >= share(FOLLOW_DICE_PCT)
            || f.cov_ref >= share(FOLLOW_REB_PCT)
            || (f.matched_reb >= FOLLOW_REB_MIN && f.cov_item >= share(FOLLOW_ITEM_PCT))
            || f.rumor_sim >= share(FOLLOW_RUMOR_PCT)
    }

    /// Decide over all items of one page: the best Repost if any; else a RumorRepost if any;
    /// else the highest-scoring other outcome. None for no items.
    pub fn best(&self, items: &[Item]) -> Option<(usize, MatchOutcome)> {
        let rank = |k: MatchKind| match k {
            MatchKind::Repost => 3,
            MatchKind::RumorRepost => 2,
            MatchKind::OtherRebuttal => 1,
            MatchKind::Unrelated => 0,
        };
        let mut best: Option<(usize, MatchOutcome)> = None;
        for (i, item) in items.iter().enumerate() {
            let o = self.match_item(item);
            let better = match &best {
                None => true,
                Some((_, b)) => {
                    let (rk, rb) = (rank(o.kind), rank(b.kind));
                    if rk >= 2 || rb >= 2 {
                        rk > rb || (rk == rb && o.score > b.score)
                    } else {
                        o.score > b.score || (o.score == b.score && rk > rb)
                    }
                }
            };
            if better {
                // A repost scored 1.0 (the top score) cannot be beaten by a later item.
                let unbeatable = o.kind == MatchKind::Repost && o.score >= 1.0;
                best = Some((i, o));
                if unbeatable {
                    break;
                }
            }
        }
        best
    }
}

/// At most [`FRAGMENT_CHARS`] characters of `s`, trimmed.
fn fragment_of(s: &str) -> String {
    cut_chars(s.trim(), FRAGMENT_CHARS).trim_end().to_string()
}

/// Query parameters that only track who shared or clicked: dropped before comparing URLs.
fn is_tracking_param(k: &str) -> bool {
    let k = k.to_ascii_lowercase();
    k.starts_with("utm_")
        || k.starts_with("share_")
        || k.starts_with("sharer_")
        || matches!(
            k.as_str(),
            "spm"
                | "spm_id_from"
                | "from"
                | "chksm"
                | "scene"
                | "subscene"
                | "ascene"
                | "sessionid"
                | "clicktime"
                | "enterid"
                | "isappinstalled"
                | "vd_source"
                | "wfr"
                | "mpshare"
                | "srcid"
                | "tt_from"
                | "log_from"
                | "wid"
                | "timestamp"
                | "_wv"
                | "is_from_webapp"
                | "sender_device"
                | "fbclid"
                | "gclid"
                | "wxfrom"
                | "refer_flag"
                | "nsukey"
                | "exportkey"
                | "pass_ticket"
                | "wx_header"
                | "poc_token"
                | "from_source"
                | "sharetime"
                | "shareid"
                | "adtag"
                | "from_scene"
                | "source_from"
                | "devicetype"
                | "version"
                | "lang"
                | "nettype"
                | "abtest_cookie"
                | "rd2werd"
                | "realreporttime"
        )
}

/// The most specific piece of a URL key, to reject other URLs before parsing them: the
/// WeChat mid or /s/ id, else the longest path segment or query value of at least 4
/// characters (compared raw, so only pieces without characters that percent-encoding
/// would change).
fn url_needle(key: &str, raw: &str) -> Option<String> {
    // A Weibo post is named by its mid or by its bid (base 62): the form the rebuttal's link
    // uses. Weibo's JSON carries both for a reposted post, so a native repost passes either way.
    if let Some(mid) = key.strip_prefix("weibo/") {
        return if raw.contains(mid) {
            Some(mid.to_string())
        } else {
            piyao_core::rules::sources::weibo_bid_of_mid(mid)
        };
    }
    let plain = |p: &&str| {
        p.len() >= 4
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if let Some(id) = key.strip_prefix("wx/s/") {
        return Some(id.to_string()).filter(|_| plain(&id));
    }
    if let Some(rest) = key.strip_prefix("wx?") {
        return rest.split('&').nth(1).filter(plain).map(str::to_string);
    }
    let path_and_query = key.split_once('/').map(|x| x.1).unwrap_or("");
    path_and_query
        .split(['/', '?', '&', '=', '#', '.'])
        .filter(plain)
        .max_by_key(|p| p.len())
        .map(str::to_string)
}

/// The mid of a Weibo post link: `m.weibo.cn/status/<mid|bid>`, `m.weibo.cn/detail/<mid>`,
/// `weibo.com/<uid>/<bid|mid>`. `None` for any other page of Weibo.
fn weibo_post_mid(path: &str) -> Option<String> {
    let mut seg = path.trim_start_matches('/').split('/');
    let (first, id) = (seg.next()?, seg.next()?);
    if seg.next().is_some() {
        return None;
    }
    let is_post = matches!(first, "status" | "detail")
        || (!first.is_empty() && first.bytes().all(|b| b.is_ascii_digit()));
    if !is_post || id.is_empty() {
        return None;
    }
    let mid = if id.bytes().all(|b| b.is_ascii_digit()) {
        id.trim_start_matches('0').to_string()
    } else if id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        piyao_core::rules::sources::weibo_mid_of_bid(id)?
    } else {
        return None;
    };
    // posts' mids have 16 digits today; short ones are other pages ("/<uid>/follow")
    (mid.len() >= 12).then_some(mid)
}

/// A canonical key for URL identity (see [`same_url`]); None when `s` is not an http(s) URL.
pub fn url_key(s: &str) -> Option<String> {
    let s = s
        .trim()
        .trim_matches(|c: char| matches!(c, '<' | '>' | '"' | '\'' | '“' | '”'))
        .trim_end_matches(['.', ',', ';', '。', '，', '、', '；']);
    if s.is_empty() || s.len() > 4096 {
        return None;
    }
    let with_scheme: Cow<str> = if s.contains("://") {
        Cow::Borrowed(s)
    } else if let Some(r) = s.strip_prefix("//") {
        Cow::Owned(format!("http://{r}"))
    } else {
        Cow::Owned(format!("http://{s}"))
    };
    let u = Url::parse(&with_scheme).ok()?;
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    let host_full = u.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    let mut host = host_full.as_str();
    for p in ["www.", "m.", "wap.", "mobile."] {
        if let Some(h) = host.strip_prefix(p) {
            if h.contains('.') {
                host = h;
                break;
            }
        }
    }
    let path = u.path().trim_end_matches('/');

    if host == "weibo.com" || host == "weibo.cn" {
        if let Some(mid) = weibo_post_mid(path) {
            return Some(format!("weibo/{mid}"));
        }
    }

    if host == "mp.weixin.qq.com" {
        if let Some(id) = path.strip_prefix("/s/") {
            if !id.is_empty() && !id.contains('/') {
                return Some(format!("wx/s/{id}"));
            }
        }
        if matches!(path, "/s" | "/mp/appmsg/show" | "/mp/rumor") {
            let (mut biz, mut mid, mut idx, mut sn) = (None, None, None, None);
            for (k, v) in u.query_pairs() {
                match k.as_ref() {
                    "__biz" => biz = Some(v.into_owned()),
                    "mid" | "appmsgid" => mid = Some(v.into_owned()),
                    "idx" | "itemidx" => idx = Some(v.into_owned()),
                    "sn" | "sign" => sn = Some(v.into_owned()),
                    _ => {}
                }
            }
            if let (Some(b), Some(m)) = (biz, mid) {
                return Some(format!(
                    "wx?{b}&{m}&{}&{}",
                    idx.unwrap_or_else(|| "1".into()),
                    sn.unwrap_or_default()
                ));
            }
        }
    }

    let mut query: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    query.sort();
    let mut key = String::with_capacity(s.len());
    key.push_str(host);
    if let Some(p) = u.port() {
        key.push(':');
        key.push_str(&p.to_string());
    }
    key.push_str(path);
    if !query.is_empty() {
        key.push('?');
        for (i, (k, v)) in query.iter().enumerate() {
            if i > 0 {
                key.push('&');
            }
            key.push_str(k);
            key.push('=');
            key.push_str(v);
        }
    }
    // Hash routes ("#/article/12", "#!/p/3") identify the page; other fragments do not.
    if let Some(fr) = u.fragment() {
        if fr.starts_with('/') || fr.starts_with('!') {
            key.push('#');
            key.push_str(fr);
        }
    }
    Some(key)
}

/// URL identity for "only a link to the rebuttal": ignores the scheme, "www."/"m." host
/// prefixes, a trailing slash, the fragment (except hash routes), tracking parameters
/// (utm_*, spm, from, share_token, chksm, scene, …) and the order of parameters. WeChat
/// articles (mp.weixin.qq.com/s?__biz=…&mid=…&idx=…&sn=…) compare by __biz+mid+idx+sn, and
/// /s/<id> by id. False when either is not an http(s) URL.
pub fn same_url(a: &str, b: &str) -> bool {
    match (url_key(a), url_key(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://mp.weixin.qq.com/s?__biz=MzA5NjYwNzEzMQ==&mid=2651234567&idx=1&sn=0a1b2c3d4e5f6a7b";
    const TITLE: &str = "【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况";
    const TEXT: &str = "近日，网传“吃荔枝后开车会被查出酒驾”。经核实，该说法不实。荔枝等水果在无氧呼吸过程中会产生微量乙醇和二氧化碳，但这仅限于果肉接触空气的部分。食用后口腔内短暂存在的乙醇浓度极低，且通过呼吸测试仪检测时需要连续吹气5秒以上，短暂接触不会影响检测结果。真正的酒驾检测以血液酒精浓度为标准（≥20mg/100ml），吃荔枝产生的乙醇量远达不到此标准。各地交警部门已多次进行实验验证，食用荔枝后立即吹气可能显示极低数值，但1-2分钟后即恢复正常。";
    const RUMOR: &str = "紧急提醒！吃了荔枝开车会被查出酒驾，交警一测就超标，要扣12分罚款2000元，赶紧告诉家里开车的人！";

    fn reference() -> Reference {
        Reference {
            rebuttal_title: TITLE.into(),
            rebuttal_text: TEXT.into(),
            rebuttal_url: Some(URL.into()),
            rumor_title: "吃荔枝后开车会被查出酒驾".into(),
            rumor_text: RUMOR.into(),
            rebuttal_published: None,
        }
    }

    fn item(title: &str, text: &str) -> Item {
        Item {
            title: title.into(),
            text: text.into(),
            ..Item::default()
        }
    }

    fn sentences(s: &str, n: usize) -> String {
        s.split_inclusive('。').take(n).collect()
    }

    #[test]
    fn decision_table() {
        use MatchKind::*;
        let m = Matcher::new(&reference());
        let boiler = format!("{TEXT}\n来源：北京交警\n责任编辑：王芳\n长按识别二维码，关注我们");
        let other_text = "近日，有网友称吃荔枝后开车会被查出酒驾。对此，市公安局交管局民警进行了实测：民警吃下5颗荔枝后立即吹气，酒精测试仪显示7mg/100ml，漱口等待两分钟后再测，结果为0。交警提醒，如遇此类情况可要求漱口后复测或抽血检验。";
        let cases: Vec<(&str, Item, MatchKind)> = vec![
            ("exact title, no body", item(TITLE, ""), Repost),
            (
                "转发： and full-width punctuation",
                item(
                    "转发：【辟谣】关于\"吃荔枝后开车会被查出酒驾\"的真实情况",
                    "",
                ),
                Repost,
            ),
            (
                "topic and half-width",
                item("#网信辟谣# 关于\"吃荔枝后开车会被查出酒驾\"的真实情况", ""),
                Repost,
            ),
            (
                "title inside a longer title",
                item(
                    "区委网信办转发：【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况",
                    "",
                ),
                Repost,
            ),
            (
                "weibo chain, no title",
                item(
                    "",
                    &format!("转发微博//@区委网信办:{TITLE}\n{}", sentences(TEXT, 2)),
                ),
                Repost,
            ),
            (
                "truncated title ≥ 90 %",
                Item {
                    truncated: true,
                    ..item("【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实…", "")
                },
                Repost,
            ),
            (
                "full body, own title",
                item("荔枝不会让你“酒驾”", TEXT),
                Repost,
            ),
            (
                "body trimmed, no title",
                item("", &sentences(TEXT, 5)),
                Repost,
            ),
            (
                "body with boilerplate",
                item("转载：荔枝与酒驾", &boiler),
                Repost,
            ),
            (
                "link only in body",
                Item {
                    links: vec![format!("{URL}&chksm=abc&scene=21#wechat_redirect")],
                    ..item("转发", "")
                },
                Repost,
            ),
            (
                "own link is the rebuttal",
                Item {
                    link: Some(URL.replace("https://", "http://") + "&from=timeline"),
                    ..item("分享文章", "")
                },
                Repost,
            ),
            (
                "url written in text",
                item("请大家看看", &format!("详见：{URL}&scene=1 ，不信谣不传谣")),
                Repost,
            ),
            (
                "rumor as is",
                item("吃荔枝后开车会被查出酒驾", RUMOR),
                RumorRepost,
            ),
            (
                "rumor decorated",
                item(
                    "速看！吃荔枝后开车会被查出酒驾！转发扩散",
                    &format!("{RUMOR}转给家人看看🙏"),
                ),
                RumorRepost,
            ),
            (
                "rumor words changed",
                item(
                    "",
                    "最新通知：吃完荔枝开车竟会被查出酒驾，交警一测就超标，扣12分罚款2000元！",
                ),
                RumorRepost,
            ),
            (
                "rumor insisting it is not a rumor",
                item("这不是谣言！吃荔枝后开车会被查出酒驾", ""),
                RumorRepost,
            ),
            (
                "rumor title only",
                item("吃荔枝后开车会被查出酒驾？", ""),
                RumorRepost,
            ),
            (
                "other authority",
                item("网传吃荔枝开车会被查出酒驾？交警：不会！", other_text),
                OtherRebuttal,
            ),
            (
                "same rumor quoted, other template",
                item(
                    "关于“吃荔枝后开车会被查出酒驾”的辟谣说明",
                    "网传“吃荔枝后开车会被查出酒驾”，经核实，该说法不实，请勿轻信。",
                ),
                OtherRebuttal,
            ),
            (
                "rebuttal headline without the usual words",
                item("吃荔枝开车会被查出酒驾？交警实测：不会", ""),
                OtherRebuttal,
            ),
            (
                "rebuttal quoting the rumor only",
                item("", "网传“吃荔枝会被查出酒驾”，经核实，该说法不实"),
                OtherRebuttal,
            ),
            (
                "title truncated too early",
                Item {
                    truncated: true,
                    ..item("【辟谣】关于“吃荔枝后开车会被查出酒…", "")
                },
                OtherRebuttal,
            ),
            (
                "other topic rebuttal",
                item(
                    "【辟谣】关于“用不锈钢杯子泡茶会析出重金属铬致癌”的真实情况",
                    "符合国家标准的不锈钢餐具（如304、316级）在正常使用条件下极为稳定。",
                ),
                Unrelated,
            ),
            (
                "local news",
                item(
                    "区政务服务中心国庆期间办公时间调整公告",
                    "10月1日至7日，区政务服务中心暂停窗口服务，网上办事大厅正常运行。",
                ),
                Unrelated,
            ),
            ("empty", item("", ""), Unrelated),
        ];
        let mut failures = Vec::new();
        for (name, it, want) in &cases {
            let o = m.match_item(it);
            if o.kind != *want {
                failures.push(format!("{name}: want {want:?}, got {o:?}"));
            }
            assert!(
                o.fragment.chars().count() <= 120,
                "{name}: fragment too long"
            );
            assert!((0.0..=1.0).contains(&o.score), "{name}: score {}", o.score);
            assert!(!o.explanation.is_empty());
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn explanations_name_the_evidence() {
        let m = Matcher::new(&reference());
        let o = m.match_item(&item(
            "【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况",
            "",
        ));
        assert_eq!(
            o.explanation,
            "标题与辟谣信息标题一致（去掉「【辟谣】」后相似度 1.00）"
        );
        assert_eq!(o.fragment, TITLE);
        let o = m.match_item(&Item {
            links: vec![URL.into()],
            ..item("转发", "")
        });
        assert_eq!(o.explanation, "正文含辟谣原文链接");
        assert_eq!(o.score, 1.0);
        let o = m.match_item(&item("吃荔枝后开车会被查出酒驾", RUMOR));
        assert!(o.explanation.contains("疑似转发谣言本身"), "{o:?}");
        assert!(o.fragment.contains("荔枝"), "{o:?}");
        let o = m.match_item(&item("荔枝不会让你“酒驾”", TEXT));
        assert!(o.explanation.starts_with("正文与辟谣信息正文一致"), "{o:?}");
        assert!(
            o.fragment.contains("乙醇") || o.fragment.contains("荔枝"),
            "{o:?}"
        );
        let o = m.match_item(&item(
            "网传吃荔枝开车会被查出酒驾？交警：不会！",
            "网传此事不实，经核实系谣言。",
        ));
        assert!(o.explanation.contains("含辟谣用语"), "{o:?}");
        let json = serde_json::to_value(&o).unwrap();
        assert_eq!(json["kind"], "other_rebuttal");
    }

    #[test]
    fn matcher_is_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Matcher>();
    }

    #[test]
    fn same_office_closing_is_not_a_repost() {
        // Two rebuttals of one office end with the same closing; reposting the other one,
        // or a compilation of others, is not reposting ours.
        let closing = "区委网信办提醒：广大网民要提高对网络谣言的辨别能力，不信谣、不传谣，发现网络谣言可通过“12377”平台举报。";
        let ours = Reference {
            rebuttal_title: "【辟谣】关于“坐月子不能洗头洗澡”的真实情况".into(),
            rebuttal_text: format!("古代条件差怕受凉。现代有热水、暖气，产后出汗多更应保持卫生，防止伤口感染。洗澡注意保暖即可。{closing}"),
            rebuttal_url: None,
            rumor_title: "坐月子不能洗头洗澡".into(),
            rumor_text: "月子里洗头洗澡会落下病根。".into(),
            rebuttal_published: None,
        };
        let m = Matcher::new(&ours);
        let other = item(
            "【辟谣】关于“吃黑芝麻治白发”的真实情况",
            &format!("黑芝麻的黑色素和人头发的黑色素不是一回事，吃进去不能直接转化。白发多因遗传、衰老或压力，食疗效果有限。{closing}"),
        );
        let o = m.match_item(&other);
        assert_ne!(o.kind, MatchKind::Repost, "{o:?}");
        let ev = m.measures(&other);
        assert!(
            ev.rebuttal_coverage > 0.3 && ev.fact_coverage < 0.2,
            "{ev:?}"
        );
        // Ours, with the closing cut off, still is.
        let trimmed = item("", "古代条件差怕受凉。现代有热水、暖气，产后出汗多更应保持卫生，防止伤口感染。洗澡注意保暖即可。");
        assert_eq!(m.match_item(&trimmed).kind, MatchKind::Repost);
    }

    #[test]
    fn title_that_is_only_the_rumor_decides_nothing() {
        let r = Reference {
            rebuttal_title: "吃荔枝后开车会被查出酒驾？".into(),
            rebuttal_text: TEXT.into(),
            rebuttal_url: None,
            rumor_title: "吃荔枝后开车会被查出酒驾".into(),
            rumor_text: RUMOR.into(),
            rebuttal_published: None,
        };
        let m = Matcher::new(&r);
        let o = m.match_item(&item("吃荔枝后开车会被查出酒驾？", ""));
        assert_eq!(o.kind, MatchKind::OtherRebuttal, "{o:?}");
        assert_eq!(
            m.match_item(&item("吃荔枝后开车会被查出酒驾？", TEXT)).kind,
            MatchKind::Repost
        );
    }

    #[test]
    fn equal_title_over_a_different_article_is_not_a_repost() {
        let m = Matcher::new(&reference());
        let other = "近日，有网友称吃荔枝后开车会被查出酒驾。对此，市公安局交管局民警进行了实测：民警吃下5颗荔枝后立即吹气，酒精测试仪显示7mg/100ml，漱口等待两分钟后再测，结果为0。交警提醒，如遇此类情况可要求漱口后复测或抽血检验。市民驾车前如食用了荔枝、杨梅、榴莲等水果，可以先用清水漱口，稍等片刻再驾车出行，同时也请大家自觉遵守交通法规，切实做到喝酒不开车、开车不喝酒。";
        let o = m.match_item(&item(TITLE, other));
        assert_eq!(o.kind, MatchKind::OtherRebuttal, "{o:?}");
        // A short digest under the same title is still a repost.
        let o = m.match_item(&item(TITLE, "吃荔枝开车真会被查出酒驾吗？来看交警的实验→"));
        assert_eq!(o.kind, MatchKind::Repost, "{o:?}");
    }

    #[test]
    fn reference_without_text_or_url() {
        let r = Reference {
            rebuttal_title: TITLE.into(),
            ..Reference::default()
        };
        let m = Matcher::new(&r);
        assert_eq!(m.match_item(&item(TITLE, "")).kind, MatchKind::Repost);
        assert_eq!(
            m.match_item(&item("吃荔枝后开车会被查出酒驾", "")).kind,
            MatchKind::OtherRebuttal
        );
        let empty = Matcher::new(&Reference::default());
        assert_eq!(
            empty.match_item(&item(TITLE, TEXT)).kind,
            MatchKind::Unrelated
        );
        assert_eq!(empty.match_item(&item("", "")).kind, MatchKind::Unrelated);
    }

    #[test]
    fn worth_following_table() {
        let m = Matcher::new(&reference());
        let link = Some("https://mp.weixin.qq.com/s/Zx9".to_string());
        let tr = |title: &str, text: &str| Item {
            link: link.clone(),
            truncated: true,
            ..item(title, text)
        };
        assert!(m.worth_following(&tr("【辟谣】关于“吃荔枝后开车会被...", "")));
        assert!(m.worth_following(&tr("转发：关于“吃荔枝…", "")));
        assert!(m.worth_following(&Item {
            link: link.clone(),
            ..item("吃荔枝后开车会被查出酒驾？交警…", "")
        }));
        assert!(m.worth_following(&tr(
            "荔枝与酒驾",
            "荔枝等水果在无氧呼吸过程中会产生微量乙醇和二氧化碳，但这仅限于..."
        )));
        // Not truncated, no link, unrelated, or already decided.
        assert!(!m.worth_following(&Item {
            link: link.clone(),
            ..item("【辟谣】关于“吃荔枝后开车会被查出酒", "")
        }));
        assert!(!m.worth_following(&Item {
            truncated: true,
            ..item("【辟谣】关于“吃荔枝后开车会被...", "")
        }));
        assert!(!m.worth_following(&tr("区政务服务中心国庆期间办公时间…", "")));
        assert!(!m.worth_following(&tr(TITLE, "")));
    }

    #[test]
    fn best_prefers_repost_then_rumor() {
        let m = Matcher::new(&reference());
        assert_eq!(m.best(&[]), None);
        let page = vec![
            item("区政务服务中心国庆期间办公时间调整公告", ""),
            item("吃荔枝后开车会被查出酒驾", RUMOR),
            item(
                "关于“吃荔枝后开车会被查出酒驾”的辟谣说明",
                "网传“吃荔枝后开车会被查出酒驾”，经核实，该说法不实。",
            ),
            item(TITLE, TEXT),
            item("转发：【辟谣】关于“吃荔枝后开车会被查出酒驾”的真实情况", ""),
        ];
        let (i, o) = m.best(&page).unwrap();
        assert_eq!(o.kind, MatchKind::Repost);
        assert_eq!(i, 3, "equal scores keep the first");
        let (i, o) = m.best(&page[..3]).unwrap();
        assert_eq!((i, o.kind), (1, MatchKind::RumorRepost));
        let (i, o) = m.best(&[page[0].clone(), page[2].clone()]).unwrap();
        assert_eq!((i, o.kind), (1, MatchKind::OtherRebuttal));
    }

    #[test]
    fn same_url_table() {
        let wx =
            "https://mp.weixin.qq.com/s?__biz=MzA5NjYwNzEzMQ==&mid=2651234567&idx=1&sn=0a1b2c3d";
        let cases: &[(&str, &str, bool)] = &[
            (wx, "http://mp.weixin.qq.com/s?__biz=MzA5NjYwNzEzMQ%3D%3D&mid=2651234567&idx=1&sn=0a1b2c3d&chksm=8b2f&scene=21#wechat_redirect", true),
            (wx, "https://mp.weixin.qq.com/s?sn=0a1b2c3d&idx=1&mid=2651234567&__biz=MzA5NjYwNzEzMQ==", true),
            (wx, "https://mp.weixin.qq.com/mp/appmsg/show?__biz=MzA5NjYwNzEzMQ==&appmsgid=2651234567&itemidx=1&sign=0a1b2c3d", true),
            (wx, "https://mp.weixin.qq.com/s?__biz=MzA5NjYwNzEzMQ==&mid=2651234567&idx=2&sn=0a1b2c3d", false),
            (wx, "https://mp.weixin.qq.com/s?__biz=MzA5NjYwNzEzMQ==&mid=2651234568&idx=1&sn=0a1b2c3d", false),
            (wx, "https://mp.weixin.qq.com/s?__biz=MzI0MDAwMDAwMA==&mid=2651234567&idx=1&sn=0a1b2c3d", false),
            ("https://mp.weixin.qq.com/s/AbC-12_x", "http://mp.weixin.qq.com/s/AbC-12_x?scene=1#rd", true),
            ("https://mp.weixin.qq.com/s/AbC-12_x", "https://mp.weixin.qq.com/s/abc-12_x", false),
            ("https://www.example.gov.cn/xwzx/2024/0601/123.html", "http://example.gov.cn/xwzx/2024/0601/123.html?utm_source=wechat&spm=a.b", true),
            ("https://m.toutiao.com/article/7380000000000000000/", "https://toutiao.com/article/7380000000000000000?share_token=x&from=app", true),
            ("https://toutiao.com/article/7380000000000000000/", "https://toutiao.com/article/7380000000000000001/", false),
            ("https://weibo.com/1866405545/IryEtbMs3", "weibo.com/1866405545/IryEtbMs3", true),
            // a Weibo post by its bid (base 62) or its mid, on either site
            ("https://weibo.com/1866405545/z0JH2lOMb", "https://m.weibo.cn/status/3501756485200075", true),
            ("https://m.weibo.cn/detail/3501756485200075", "https://m.weibo.cn/status/z0JH2lOMb?sourceType=weixin", true),
            ("https://www.weibo.com/1866405545/3501756485200075", "https://weibo.com/2222222222/z0JH2lOMb", true),
            ("https://weibo.com/1866405545/z0JH2lOMb", "https://m.weibo.cn/status/3501756485200076", false),
            ("https://weibo.com/1866405545/follow", "https://weibo.com/1866405545/fans", false),
            ("https://weibo.com/1866405545/follow", "https://weibo.com/1866405545/follow", true),
            ("https://site.cn/page?id=5&type=2", "https://site.cn/page?type=2&id=5", true),
            ("https://site.cn/page?id=5", "https://site.cn/page?id=6", false),
            ("https://site.cn/#/detail/5", "https://site.cn/#/detail/6", false),
            ("https://site.cn/a#top", "https://site.cn/a", true),
            ("https://site.cn:8443/a", "https://site.cn/a", false),
            ("", "", false),
            ("not a url at all", "not a url at all", false),
            ("ftp://site.cn/a", "ftp://site.cn/a", false),
        ];
        for (a, b, want) in cases {
            assert_eq!(same_url(a, b), *want, "same_url({a}, {b})");
        }
    }

    #[test]
    fn a_weibo_post_link_names_its_mid() {
        assert_eq!(weibo_post_mid("/u/1866405545"), None);
        assert_eq!(
            weibo_post_mid("/status/z0JH2lOMb").as_deref(),
            Some("3501756485200075")
        );
    }

    #[test]
    fn odd_inputs_return_quickly() {
        let m = Matcher::new(&reference());
        let garbage: String = (0..1_000_000u32)
            .filter_map(|i| char::from_u32((i.wrapping_mul(2654435761)) % 0x30000))
            .collect();
        let huge_text = format!("{}{}", TEXT, "荔枝".repeat(500_000));
        let links: Vec<String> = (0..10_000).map(|i| format!("https://a.cn/{i}")).collect();
        let items = vec![
            item(&garbage, &garbage),
            item("", &huge_text),
            item(&"【".repeat(200_000), &"http://".repeat(200_000)),
            Item {
                links,
                link: Some("\u{0}".into()),
                ..item("转发", "")
            },
            item(&"#".repeat(100_000), &"&#".repeat(300_000)),
        ];
        let start = std::time::Instant::now();
        for it in &items {
            let _ = m.match_item(it);
            let _ = m.worth_following(it);
        }
        assert_eq!(m.match_item(&items[1]).kind, MatchKind::Repost);
        let _ = Matcher::new(&Reference {
            rebuttal_title: garbage.clone(),
            rebuttal_text: garbage.clone(),
            rebuttal_url: Some(garbage.clone()),
            rumor_title: garbage.clone(),
            rumor_text: garbage,
            rebuttal_published: None,
        });
        // Generous even for an unoptimised debug build on a slow machine.
        assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    }
}
