//! Splitting a long text into messages a bot accepts.

use piyao_core::model::BotKind;

use crate::limits::max_message_bytes;

/// Characters after which a cut inside an over-long line reads naturally.
const SOFT_BREAKS: &[char] = &[
    ' ', '\t', '，', '。', '；', '！', '？', '、', '：', ',', '.', ';', '!', '?', ':',
];

/// Splits `text` into the messages to send, in order, each within
/// [`max_message_bytes`]`(kind)` (counted as the text travels in the JSON body).
///
/// A text that fits is one message, unchanged. A longer one is cut between lines where it
/// can be; only a line longer than a whole message is cut inside, at a space or punctuation
/// mark near the end where there is one, and never inside a UTF-8 character. Every part after
/// the first starts with a header line such as "（续 2/3）"; without the headers the parts
/// concatenate back to `text`. An empty text gives no parts.
pub fn split_message(kind: BotKind, text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    let limit = max_message_bytes(kind);
    if json_len(text) <= limit {
        return vec![text.to_string()];
    }
    // The header's size depends on how many parts there are: assume a number of digits,
    // and try again with more if the text needs more parts than that.
    let mut most = 9;
    loop {
        let room = limit.saturating_sub(json_len(&header(most, most)));
        let bodies = chunks(text, limit, room);
        if bodies.len() <= most {
            let n = bodies.len();
            return bodies
                .into_iter()
                .enumerate()
                .map(|(i, body)| {
                    if i == 0 {
                        body.to_string()
                    } else {
                        format!("{}{body}", header(i + 1, n))
                    }
                })
                .collect();
        }
        most = most * 10 + 9;
    }
}

/// The line that opens part `k` of `n` (k ≥ 2).
pub(crate) fn header(k: usize, n: usize) -> String {
    format!("（续 {k}/{n}）\n")
}

/// How many bytes `c` takes inside a JSON string as serde_json writes it.
fn json_char_len(c: char) -> usize {
    match c {
        '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
        c if (c as u32) < 0x20 => 6,
        c => c.len_utf8(),
    }
}

/// How many bytes `s` takes inside a JSON string.
pub(crate) fn json_len(s: &str) -> usize {
    s.chars().map(json_char_len).sum()
}

/// Cuts `text` into consecutive slices: the first within `first` bytes, the others within
/// `rest` (room left by the header).
fn chunks(text: &str, first: usize, rest: usize) -> Vec<&str> {
    let mut parts: Vec<&str> = Vec::new();
    let budget = |parts: &Vec<&str>| if parts.is_empty() { first } else { rest };
    let mut start = 0; // where the part being filled starts
    let mut used = 0; // its size so far
    let mut pos = 0; // where the next line starts
    for line in text.split_inclusive('\n') {
        let size = json_len(line);
        if used + size > budget(&parts) && pos > start {
            parts.push(&text[start..pos]);
            start = pos;
            used = 0;
        }
        if used + size <= budget(&parts) {
            used += size;
        } else {
            // A line longer than a whole part: cut inside it.
            let mut tail = line;
            while json_len(tail) > budget(&parts) {
                let cut = cut_point(tail, budget(&parts));
                parts.push(&tail[..cut]);
                tail = &tail[cut..];
            }
            start = pos + line.len() - tail.len();
            used = json_len(tail);
        }
        pos += line.len();
    }
    if pos > start {
        parts.push(&text[start..pos]);
    }
    parts
}

/// Where to cut `s` so that the head fits in `budget`: as far as possible, pulled back to
/// just after a space or punctuation mark when one lies in the last half. At least one
/// character, so the caller always makes progress.
fn cut_point(s: &str, budget: usize) -> usize {
    let mut size = 0;
    let mut end = 0;
    let mut soft = None;
    for (i, c) in s.char_indices() {
        size += json_char_len(c);
        if size > budget && end > 0 {
            break;
        }
        end = i + c.len_utf8();
        if SOFT_BREAKS.contains(&c) {
            soft = Some(end);
        }
    }
    match soft {
        Some(at) if at * 2 >= end => at,
        _ => end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Removes the "（续 k/n）" headers and joins the parts.
    fn rejoin(parts: &[String]) -> String {
        let n = parts.len();
        parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i == 0 {
                    p.as_str()
                } else {
                    p.strip_prefix(&header(i + 1, n)).expect("header")
                }
            })
            .collect()
    }

    fn check(kind: BotKind, text: &str) -> Vec<String> {
        let parts = split_message(kind, text);
        let limit = max_message_bytes(kind);
        for p in &parts {
            assert!(p.len() <= limit, "{kind:?}: a part of {} bytes", p.len());
            assert!(
                json_len(p) <= limit,
                "{kind:?}: a part of {} bytes in JSON",
                json_len(p)
            );
            assert_eq!(
                json_len(p),
                serde_json::to_string(p).unwrap().len() - 2,
                "the JSON size is what serde_json writes"
            );
        }
        assert_eq!(
            rejoin(&parts),
            text,
            "{kind:?}: the parts give back the text"
        );
        parts
    }

    /// A reproducible mix of Chinese, ASCII, emoji, quotes and line breaks.
    fn sample(seed: u64, len: usize) -> String {
        const PIECES: &[&str] = &[
            "辟谣",
            "网信办",
            "，",
            "。",
            "\n",
            "\n\n",
            "ok ",
            "\"引号\"",
            "\\",
            "😀",
            "\t",
            "a",
            "云川区融媒体中心",
            " ",
            "https://example.cn/a?b=1",
        ];
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut s = String::new();
        while s.len() < len {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push_str(PIECES[(x >> 33) as usize % PIECES.len()]);
        }
        s
    }

    #[test]
    fn short_text_is_one_part_unchanged_and_empty_text_is_none() {
        for kind in BotKind::ALL {
            assert_eq!(
                split_message(kind, "请各单位转发辟谣信息。"),
                vec!["请各单位转发辟谣信息。"]
            );
            assert!(split_message(kind, "").is_empty());
        }
    }

    #[test]
    fn every_part_fits_and_the_parts_give_back_the_text() {
        for kind in BotKind::ALL {
            for seed in 0..40 {
                let len = [100, 2000, 2100, 5000, 12_000, 40_000, 90_000][seed as usize % 7];
                check(kind, &sample(seed, len));
            }
        }
    }

    #[test]
    fn chinese_lines_are_cut_between_lines() {
        let line = "请云川区各主力军账号于今日 18 时前转发《关于网传某地水源污染的辟谣》。\n";
        let text = line.repeat(100);
        let parts = check(BotKind::Wecom, &text);
        assert!(parts.len() >= 3);
        for (i, p) in parts.iter().enumerate() {
            let body = if i == 0 {
                p.as_str()
            } else {
                p.strip_prefix(&header(i + 1, parts.len())).unwrap()
            };
            assert!(
                body.ends_with('\n') || i == parts.len() - 1,
                "part {i} ends mid-line"
            );
            assert!(body.starts_with("请云川区"), "part {i} starts mid-line");
        }
        assert_eq!(
            parts[1].lines().next(),
            Some(format!("（续 2/{}）", parts.len()).as_str())
        );
    }

    #[test]
    fn a_single_huge_line_is_cut_between_characters_preferring_punctuation() {
        let text = "辟谣信息请转发，".repeat(2000);
        let parts = check(BotKind::Wecom, &text);
        assert!(parts.len() > 10);
        for p in &parts[..parts.len() - 1] {
            assert!(
                p.ends_with('，'),
                "cut after the punctuation mark: …{:?}",
                p.chars().rev().take(3).collect::<String>()
            );
        }
        // No break at all: still within the limit, on character boundaries.
        check(BotKind::Dingtalk, &"谣".repeat(10_000));
        check(BotKind::Feishu, &"\u{1}".repeat(10_000));
        check(BotKind::Wecom, &"😀".repeat(3000));
    }

    #[test]
    fn many_parts_get_wider_headers() {
        let text = "核".repeat(2048 / 3 * 120);
        let parts = check(BotKind::Wecom, &text);
        assert!(parts.len() >= 100, "{} parts", parts.len());
        assert!(parts[9].starts_with(&format!("（续 10/{}）\n", parts.len())));
    }
}
