//! Bytes and headers to text: the charset from the Content-Type header, else a BOM, else a
//! `<meta>` declaration, else a guess; GBK pages decode as GB18030.
//!
//! Order of evidence (first that answers wins):
//! 1. a byte-order mark (a BOM is unambiguous, so it beats a header, as in browsers);
//! 2. the `charset` parameter of the Content-Type header, when encoding_rs knows the label —
//!    except that a Latin-1 default (`iso-8859-1`, `us-ascii`, `windows-1252`: servers send it
//!    when nobody configured anything) yields to a different `<meta>` declaration, and a
//!    header saying UTF-8 over bytes that are not UTF-8 is ignored (a common misconfiguration
//!    of Chinese sites serving GBK files);
//! 3. `<meta charset="…">`, `<meta http-equiv="Content-Type" content="…; charset=…">` or
//!    `<?xml … encoding="…"?>` in the first 4 KB;
//! 4. valid UTF-8 stays UTF-8; otherwise chardetng's guess (with the TLD hint when given);
//! 5. UTF-8 with replacement characters.
//!
//! GBK and GB2312 labels decode with the GB18030 decoder (a superset).

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How many bytes at the start of a body are searched for a `<meta>` or XML declaration.
const PRESCAN_BYTES: usize = 4096;
/// How many bytes chardetng sees (enough for a confident guess, bounded cost).
const DETECT_BYTES: usize = 64 * 1024;

/// Text of a response body. Never panics.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    decode_with_tld(bytes, content_type, None)
}

/// [`decode`] borrowing the body when it is already valid UTF-8 (most pages): no copy.
pub fn decode_borrowed<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Cow<'a, str> {
    decode_cow(bytes, content_type, None)
}

/// [`decode`] with the page's top-level domain as a hint for the guess (`"cn"`, `"tw"`,
/// `"com"`…; anything that is not a plain ASCII label is ignored).
pub fn decode_with_tld(bytes: &[u8], content_type: Option<&str>, tld: Option<&str>) -> String {
    decode_cow(bytes, content_type, tld).into_owned()
}

fn decode_cow<'a>(bytes: &'a [u8], content_type: Option<&str>, tld: Option<&str>) -> Cow<'a, str> {
    let encoding = detect(bytes, content_type, tld);
    if encoding == UTF_8 {
        // What encoding_rs does for valid UTF-8 (drop a BOM, borrow the rest), with a faster
        // validation.
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Ok(text) = simdutf8::basic::from_utf8(body) {
            return Cow::Borrowed(text);
        }
    }
    let (text, _, _) = encoding.decode(bytes);
    text
}

/// Whether `bytes` are valid UTF-8 (SIMD validation: pages are tens of kilobytes).
fn valid_utf8(bytes: &[u8]) -> bool {
    simdutf8::basic::from_utf8(bytes).is_ok()
}

/// [`decode_with_tld`] taking the TLD from the page's URL.
pub fn decode_for_url(bytes: &[u8], content_type: Option<&str>, url: &url::Url) -> String {
    let tld = url
        .host_str()
        .and_then(|h| h.rsplit('.').next())
        .map(|t| t.to_ascii_lowercase());
    decode_with_tld(bytes, content_type, tld.as_deref())
}

/// The encoding [`decode`] would use for these bytes (GBK reported as GB18030).
pub fn detect(bytes: &[u8], content_type: Option<&str>, tld: Option<&str>) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    let meta = || prescan(&bytes[..bytes.len().min(PRESCAN_BYTES)]);
    if let Some(header) = content_type.and_then(header_charset) {
        if header == WINDOWS_1252 {
            if let Some(m) = meta() {
                return m;
            }
            return header;
        }
        if (header == UTF_8 && !valid_utf8(bytes) && !mostly_utf8(bytes))
            || utf8_despite_gb(header, bytes)
        {
            // Fall through: the header lies.
        } else {
            return gb(header);
        }
    }
    if let Some(m) = meta() {
        if (m == UTF_8 && !valid_utf8(bytes) && !mostly_utf8(bytes)) || utf8_despite_gb(m, bytes) {
            // A template saying UTF-8 over a GBK body, or GBK over a UTF-8 body (a site that
            // moved to UTF-8 and kept its old template); let the bytes decide.
        } else {
            return m;
        }
    }
    if valid_utf8(bytes) {
        return UTF_8;
    }
    guess(bytes, tld)
}

/// A GBK-family declaration over a body that is valid UTF-8 with real multi-byte text: Chinese
/// text in GBK is practically never valid UTF-8 beyond a few bytes, so the bytes win.
fn utf8_despite_gb(declared: &'static Encoding, bytes: &[u8]) -> bool {
    (declared == GBK || declared == GB18030)
        && bytes.iter().filter(|b| **b >= 0x80).count() >= 6
        && valid_utf8(bytes)
}

fn gb(enc: &'static Encoding) -> &'static Encoding {
    if enc == GBK {
        GB18030
    } else {
        enc
    }
}

/// True when invalid sequences are rare (a page truncated mid-character, one stray byte):
/// such a body is UTF-8 with damage, not another encoding.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut errors = 0usize;
    let mut rest = bytes;
    while let Err(e) = std::str::from_utf8(rest) {
        errors += 1;
        if errors > 3 {
            return false;
        }
        let skip = e.valid_up_to() + e.error_len().unwrap_or(rest.len() - e.valid_up_to());
        rest = &rest[skip.min(rest.len())..];
    }
    true
}

fn guess(bytes: &[u8], tld: Option<&str>) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let n = bytes.len().min(DETECT_BYTES);
    det.feed(&bytes[..n], true);
    // chardetng panics on a TLD with upper case, a period or non-ASCII: pass only clean ones.
    let tld = tld.map(|t| t.trim().to_ascii_lowercase()).filter(|t| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    gb(det.guess(
        tld.as_deref().map(str::as_bytes),
        chardetng::Utf8Detection::Allow,
    ))
}

/// The `charset` parameter of a Content-Type header, when it names a known encoding.
fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let pos = lower.find("charset")?;
    let rest = lower[pos + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    label(rest.as_bytes())
}

/// An encoding label at the start of `s` (optionally quoted), looked up in encoding_rs.
fn label(s: &[u8]) -> Option<&'static Encoding> {
    let s = match s.first() {
        Some(b'"') | Some(b'\'') => &s[1..],
        _ => s,
    };
    let end = s
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
        .unwrap_or(s.len());
    if end == 0 {
        return None;
    }
    Encoding::for_label(&s[..end])
}

/// `<meta charset>`, `<meta http-equiv content="…charset=…">` or `<?xml encoding="…"?>` in
/// the first bytes. A declared UTF-16 means UTF-8 (the declaration itself was readable as
/// ASCII), as the HTML standard says; `replacement` is ignored.
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let fix = |enc: &'static Encoding| -> Option<&'static Encoding> {
        if enc == UTF_16BE || enc == UTF_16LE {
            Some(UTF_8)
        } else if enc.name() == "replacement" {
            None
        } else {
            Some(gb(enc))
        }
    };
    // XML declaration at the very start (after whitespace).
    let trimmed = lower
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(lower.len());
    if lower[trimmed..].starts_with(b"<?xml") {
        let end = find(&lower[trimmed..], b"?>")
            .map(|e| trimmed + e)
            .unwrap_or(lower.len());
        let decl = &lower[trimmed..end];
        if let Some(p) = find(decl, b"encoding") {
            let rest = trim_eq(&decl[p + b"encoding".len()..]);
            if let Some(enc) = rest.and_then(label) {
                return fix(enc);
            }
        }
    }
    let mut from = 0;
    while let Some(p) = find(&lower[from..], b"<meta") {
        let start = from + p + 5;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map(|e| start + e)
            .unwrap_or(lower.len());
        let tag = &lower[start..end];
        let mut at = 0;
        while let Some(q) = find(&tag[at..], b"charset") {
            let rest = &tag[at + q + b"charset".len()..];
            if let Some(enc) = trim_eq(rest).and_then(label) {
                return fix(enc);
            }
            at += q + 1;
        }
        from = end;
    }
    None
}

/// After an attribute name: skip spaces, `=`, spaces; `None` when there is no `=`.
fn trim_eq(s: &[u8]) -> Option<&[u8]> {
    let i = s.iter().position(|b| !b.is_ascii_whitespace())?;
    if s[i] != b'=' {
        return None;
    }
    let s = &s[i + 1..];
    let j = s.iter().position(|b| !b.is_ascii_whitespace())?;
    Some(&s[j..])
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><title>关于网传云川区自来水受污染的情况说明</title></head><body><p>近日，网传“云川区自来水受到污染”，经核查，系谣言。</p></body></html>";

    fn gbk(s: &str) -> Vec<u8> {
        let (bytes, _, errors) = GBK.encode(s);
        assert!(!errors);
        bytes.into_owned()
    }

    #[test]
    fn utf8_declared_as_gbk_reads_as_utf8() {
        let page = "<html><head><meta charset=\"gb2312\"></head><body>【辟谣】龙塔社区大门被枪击？系谣言</body></html>";
        assert_eq!(decode(page.as_bytes(), None), page);
        assert_eq!(
            decode(page.as_bytes(), Some("text/html; charset=GBK")),
            page
        );
        // A real GBK body with the same declaration still decodes as GBK.
        let gbk_page = gbk(page);
        assert_eq!(decode(&gbk_page, Some("text/html; charset=GBK")), page);
        assert_eq!(decode(&gbk_page, None), page);
    }

    #[test]
    fn utf8_without_any_declaration() {
        assert_eq!(decode(PAGE.as_bytes(), None), PAGE);
        assert_eq!(decode(PAGE.as_bytes(), Some("text/html")), PAGE);
    }

    #[test]
    fn header_charset_wins() {
        let bytes = gbk(PAGE);
        assert_eq!(decode(&bytes, Some("text/html; charset=GBK")), PAGE);
        assert_eq!(decode(&bytes, Some("text/html;charset=\"gb2312\"")), PAGE);
        assert_eq!(
            detect(&bytes, Some("text/html; charset=gbk"), None),
            GB18030
        );
    }

    #[test]
    fn meta_charset_and_http_equiv() {
        let page = PAGE.replace("<head>", "<head><meta charset=\"gb2312\">");
        assert_eq!(decode(&gbk(&page), None), page);
        let page = PAGE.replace(
            "<head>",
            "<head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gbk\">",
        );
        assert_eq!(decode(&gbk(&page), Some("text/html")), page);
        // A server's Latin-1 default yields to the page's own declaration.
        assert_eq!(
            decode(&gbk(&page), Some("text/html; charset=ISO-8859-1")),
            page
        );
    }

    #[test]
    fn xml_declaration() {
        let xml = "<?xml version=\"1.0\" encoding=\"GB2312\"?><rss version=\"2.0\"><channel><title>平安云川</title></channel></rss>";
        assert_eq!(decode(&gbk(xml), None), xml);
    }

    #[test]
    fn gb18030_four_byte_sequences() {
        // U+20BB7 𠮷 is four bytes in GB18030; a "gbk" label must still decode it.
        let s = "𠮷野家 辟谣";
        let (bytes, _, _) = GB18030.encode(s);
        assert_eq!(decode(&bytes, Some("text/html; charset=gbk")), s);
    }

    #[test]
    fn bom_wins() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(PAGE.as_bytes());
        assert_eq!(decode(&bytes, Some("text/html; charset=gbk")), PAGE);
        let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
        for u in PAGE.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16, None), PAGE);
    }

    #[test]
    fn guesses_gbk_without_any_label() {
        let bytes = gbk(PAGE);
        assert_eq!(decode(&bytes, None), PAGE);
        assert_eq!(decode_with_tld(&bytes, None, Some("cn")), PAGE);
        // A header wrongly claiming UTF-8 over GBK bytes is not believed.
        assert_eq!(decode(&bytes, Some("text/html; charset=utf-8")), PAGE);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        assert_eq!(decode(b"", None), "");
        let _ = decode(&[0xff, 0xfe, 0xfd], Some("charset="));
        let _ = decode(b"<meta charset=", None);
        let _ = decode(b"<meta charset='>", Some("text/html; charset=bogus"));
        let _ = decode(b"<?xml encoding", None);
        let _ = decode_with_tld(&[0x80, 0x81], None, Some("Bad.TLD\u{e9}"));
        let u = url::Url::parse("http://www.yunchuan.GOV.CN/x").unwrap();
        let _ = decode_for_url(&gbk(PAGE), None, &u);
    }

    #[test]
    fn damaged_utf8_stays_utf8() {
        let mut bytes = PAGE.as_bytes().to_vec();
        bytes.truncate(bytes.len() - 20);
        let cut = bytes.len();
        bytes.truncate(cut - 1); // likely mid-character or not; either way mostly UTF-8
        bytes.push(0xE4);
        let text = decode(&bytes, Some("text/html; charset=utf-8"));
        assert!(text.starts_with("<html><head><title>关于网传"));
    }
}
