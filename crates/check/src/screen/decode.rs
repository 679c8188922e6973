//! Decoding what a page escapes, as the extractors will see it: HTML entities (numeric and
//! the structural named ones), JSON/JS escapes (`\uXXXX` with surrogate pairs, `\xNN`,
//! `\/`, `\"`), and UTF-8 characters read from bytes.

use memchr::memmem;

/// `text` with JSON/JS escapes (`\\uXXXX`, surrogate pairs) and numeric character references
/// (`&#36767;`, `&#x8F9F;`) decoded; everything else as it is.
pub(super) fn unescape(text: &str) -> String {
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
pub(super) fn escaped_cjk(text: &str) -> bool {
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

/// The CJK unified ideograph (U+4E00..=U+9FFF, three bytes in UTF-8) at byte `i`, if any.
#[inline]
pub(super) fn cjk_at(b: &[u8], i: usize) -> Option<char> {
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
pub(super) fn utf8_at(b: &[u8], i: usize) -> (char, usize) {
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
pub(super) fn decode_escape(b: &[u8], i: usize) -> Option<(Option<char>, usize)> {
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

pub(super) fn hex(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let d = b.get(at..at + n)?;
    let mut v = 0u32;
    for &x in d {
        v = v * 16 + (x as char).to_digit(16)?;
    }
    Some(v)
}

/// An HTML character reference at the start of `b` (which starts with `&`): the character
/// (None for a named one that is only punctuation for matching) and its length.
pub(super) fn entity(b: &[u8]) -> Option<(Option<char>, usize)> {
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
