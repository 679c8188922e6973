//! The one linear pass of the pre-screen: a small tokenizer over the decoded page that skips
//! markup, decodes entities and escapes, folds characters as the matcher does, and looks up
//! every bigram of every chain (text, attribute values, script bodies) in the reference's
//! table; the same walk looks for the rebuttal URL's needle, page-state cues, truncation
//! marks and the visible text's length.

use memchr::memmem;

use super::decode::{cjk_at, decode_escape, utf8_at};
use super::*;
use crate::extract::{BLOCKED, BODY_SELECTORS, DELETED, MAX_TEXT_CHARS};
use crate::text::{fold_char, normalize, pack};

pub(super) fn kmp_table(n: &[u8]) -> Vec<usize> {
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
pub(super) fn kmp(needle: &[u8], fail: &[usize], k: &mut usize, byte: Option<u8>) -> bool {
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
pub(super) struct Statics {
    pub(super) render_data: memmem::Finder<'static>,
    pub(super) minus_100: memmem::Finder<'static>,
    pub(super) passport: memmem::Finder<'static>,
    pub(super) long_text: memmem::Finder<'static>,
    /// Page-state cue phrases, normalised; the JSON-only ones (登录, login) from `json_from`.
    pub(super) cues: Vec<Vec<char>>,
    pub(super) json_from: usize,
    /// Bit per BMP character: some cue ends with it.
    pub(super) cue_last: Box<[u64]>,
    /// Cue indices by last character (sorted by character).
    pub(super) cue_buckets: Vec<(char, Vec<usize>)>,
    /// Container ids and class tokens of article bodies (lower case).
    pub(super) body_ids: Vec<String>,
    pub(super) body_classes: Vec<String>,
}

pub(super) fn statics() -> &'static Statics {
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

pub(super) const RING: usize = 32;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
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
pub(super) enum Raw {
    /// `<title>`: text, not visible.
    Title,
    /// `<xmp>`, `<noembed>`, `<noframes>`: visible text.
    Visible,
    /// `<script>`, `<noscript>`, `<iframe>`, `<textarea>`: a side chain.
    Side,
}

/// Which attribute's value is being read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Attr {
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
pub(super) const HIDDEN: [&[u8]; 10] = [
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

pub(super) struct Scan<'s> {
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
    pub(super) fn pass(&mut self, reason: &'static str) -> bool {
        self.reason = Some(reason);
        true
    }

    pub(super) fn new(
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
    pub(super) fn run(&mut self, s: &str) -> Option<&'static str> {
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
    pub(super) fn other_value(&mut self, b: &[u8], i: usize, q: u8) -> Option<usize> {
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
    pub(super) fn raw_markup(&mut self, b: &[u8], i: usize) -> Option<usize> {
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

    pub(super) fn start_tag(&mut self, closing: bool, raw: bool) {
        self.state = State::TagName;
        self.tag_len = 0;
        self.closing = closing;
        self.self_closing = false;
        self.tag_raw = raw;
    }

    #[inline]
    pub(super) fn char(&mut self, c: char, escaped: bool) -> bool {
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

    pub(super) fn push_tag(&mut self, c: char) {
        if self.tag_len < self.tag.len() {
            self.tag[self.tag_len] = (c as u8).to_ascii_lowercase();
            self.tag_len += 1;
        }
    }

    pub(super) fn push_attr(&mut self, c: char) {
        if self.attr_len < self.attr.len() && c.is_ascii() {
            self.attr[self.attr_len] = (c as u8).to_ascii_lowercase();
            self.attr_len += 1;
        }
    }

    pub(super) fn end_tag(&mut self) -> bool {
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

    pub(super) fn begin_value(&mut self) {
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
    pub(super) fn value_char(&mut self, c: char) -> bool {
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

    pub(super) fn end_value(&mut self) -> bool {
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
    pub(super) fn truncation_mark(&mut self, c: char) {
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
    pub(super) fn main(&mut self, c: char) -> bool {
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
    pub(super) fn main_folded(&mut self, f: char, is_title: bool) -> bool {
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

    pub(super) fn cue_char(&mut self, f: char, is_title: bool) -> bool {
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
    pub(super) fn cjk_run(&mut self, b: &[u8], mut i: usize) -> Result<usize, ()> {
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
    pub(super) fn cue_ends_here(&self, f: char) -> Option<bool> {
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
    pub(super) fn side(&mut self, c: char) -> bool {
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
    pub(super) fn bigram(&mut self, p: char, f: char) -> bool {
        if !has_bit(&self.sc.seconds, f) || !has_bit(&self.sc.firsts, p) {
            return false;
        }
        self.hit(pack(p, f))
    }

    pub(super) fn hit(&mut self, b: u64) -> bool {
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
    pub(super) fn url_char(&mut self, c: char) -> bool {
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
    pub(super) fn finish(mut self, text: &str, page: &Page) -> Screening {
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
pub(super) const JSON_ITEM_KEYS: [&str; 5] = [
    "\"mblog\"",
    "\"title\"",
    "\"text\"",
    "\"content\"",
    "\"digest\"",
];

/// The position just past the next `c` at or after `i` (the end when there is none).
pub(super) fn skip_past(b: &[u8], i: usize, c: u8) -> usize {
    memchr::memchr(c, &b[i..])
        .map(|p| i + p + 1)
        .unwrap_or(b.len())
}

/// The position of the next `</name` (any case) at or after `i`, or the end.
pub(super) fn find_end_tag(b: &[u8], mut i: usize, name: &[u8]) -> usize {
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        if ends_raw(b, i + p, name) {
            return i + p;
        }
        i += p + 1;
    }
    b.len()
}

/// `</name` (any case) followed by a non-name character, at `i`.
pub(super) fn ends_raw(b: &[u8], i: usize, name: &[u8]) -> bool {
    let n = name.len();
    b.len() > i + 1 + n
        && b[i + 1] == b'/'
        && b[i + 2..i + 2 + n].eq_ignore_ascii_case(name)
        && !b.get(i + 2 + n).is_some_and(|x| x.is_ascii_alphanumeric())
}
