//! Dates as pages show them, to RFC 3339 where the page gives enough.
//!
//! - a full date (`2026-11-18`, `2026/11/18`, `2026.11.18`, `2026年11月18日`) becomes
//!   `2026-11-18`; with a time (`2026-11-18 10:30`) it becomes `2026-11-18T10:30:00+08:00`
//!   (Chinese sites show China Standard Time);
//! - a month and day only (`[11-18]`, `11月18日`) stays partial as `11-18`;
//! - instants (feed dates, epoch seconds in JSON) are written in +08:00;
//! - Weibo's `Tue Nov 18 10:00:00 +0800 2026` keeps its own offset.

/// A date found inside a text, with its byte range there.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub value: String,
    pub start: usize,
    pub end: usize,
    pub full: bool,
}

/// The first full date in `s`, else the first month-day.
pub(crate) fn find_date(s: &str) -> Option<Found> {
    find_full_date(s).or_else(|| find_partial_date(s))
}

pub(crate) fn find_full_date(s: &str) -> Option<Found> {
    scan(s, full_at)
}

pub(crate) fn find_partial_date(s: &str) -> Option<Found> {
    scan(s, partial_at)
}

fn scan(s: &str, f: fn(&str, usize) -> Option<Found>) -> Option<Found> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()) {
            if let Some(found) = f(s, i) {
                return Some(found);
            }
        }
        i += 1;
    }
    None
}

/// Digits at `i` (at most `max` of them, and then no more digits): value and end.
fn digits(b: &[u8], i: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let mut v: u32 = 0;
    while j < b.len() && b[j].is_ascii_digit() {
        if j - i >= max {
            return None;
        }
        v = v * 10 + (b[j] - b'0') as u32;
        j += 1;
    }
    if j - i < min {
        return None;
    }
    Some((v, j))
}

fn skip_spaces(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    i
}

fn eat<'a>(s: &str, i: usize, options: &[&'a str]) -> Option<(&'a str, usize)> {
    options
        .iter()
        .find(|o| s[i..].starts_with(**o))
        .map(|o| (*o, i + o.len()))
}

fn full_at(s: &str, start: usize) -> Option<Found> {
    let b = s.as_bytes();
    let (y, i) = digits(b, start, 4, 4)?;
    if !(1990..=2099).contains(&y) {
        return None;
    }
    let (sep, i) = eat(s, skip_spaces(s, i), &["-", "/", ".", "年"])?;
    let i = skip_spaces(s, i);
    let (m, i) = digits(b, i, 1, 2)?;
    let sep2: &[&str] = if sep == "年" {
        &["月"]
    } else if sep == "-" {
        &["-"]
    } else if sep == "/" {
        &["/"]
    } else {
        &["."]
    };
    let (_, i) = eat(s, skip_spaces(s, i), sep2)?;
    let i = skip_spaces(s, i);
    let (d, mut i) = digits(b, i, 1, 2)?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    if let Some((_, j)) = eat(s, i, &["日", "号"]) {
        i = j;
    }
    let mut end = i;
    let mut value = format!("{y:04}-{m:02}-{d:02}");
    // Optional time.
    let mut t = i;
    if t < b.len() && (b[t] == b'T' || b[t] == b' ') {
        t += 1;
    }
    let t = skip_spaces(s, t);
    if let Some((h, j)) = digits(b, t, 1, 2) {
        if let Some((_, j)) = eat(s, j, &[":", "："]) {
            if let Some((mi, j)) = digits(b, j, 2, 2) {
                let (sec, j) = match eat(s, j, &[":", "："]).and_then(|(_, k)| digits(b, k, 2, 2))
                {
                    Some((sec, k)) => (sec, k),
                    None => (0, j),
                };
                if h < 24 && mi < 60 && sec < 60 {
                    value = format!("{value}T{h:02}:{mi:02}:{sec:02}+08:00");
                    end = j;
                }
            }
        }
    }
    Some(Found {
        value,
        start,
        end,
        full: true,
    })
}

fn partial_at(s: &str, start: usize) -> Option<Found> {
    let b = s.as_bytes();
    if start > 0 && matches!(b[start - 1], b'-' | b'/' | b'.' | b':') {
        return None;
    }
    let (m, i) = digits(b, start, 1, 2)?;
    // Not "/": "共 3/4 页" is no date.
    let (sep, i) = eat(s, i, &["-", "月"])?;
    let (d, mut i) = digits(b, i, 1, 2)?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    if sep == "月" {
        let (_, j) = eat(s, i, &["日", "号"])?;
        i = j;
    } else if i < b.len() && matches!(b[i], b'-' | b'/' | b'.') {
        return None;
    }
    Some(Found {
        value: format!("{m:02}-{d:02}"),
        start,
        end: i,
        full: false,
    })
}

/// A date in a URL path, as Chinese CMSs write it: `t20261118_123.html`, `/2026-11/18/`,
/// `/2026/11/18/`, `/202611/18/`.
pub(crate) fn date_in_url(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let path = path.find("://").map(|p| &path[p + 3..]).unwrap_or(path);
    let path = path.find('/').map(|p| &path[p..]).unwrap_or("");
    let b = path.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()) {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j - i == 8 {
                let v = &path[i..j];
                let (y, m, d) = (num(&v[..4]), num(&v[4..6]), num(&v[6..]));
                if valid(y, m, d) {
                    return Some(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
            // /2026/11/18/, /2026-11/18/, /202611/18/
            let parts: Vec<&str> = path[i..]
                .split(['/', '-'])
                .take(3)
                .take_while(|p| p.bytes().all(|c| c.is_ascii_digit()))
                .collect();
            if parts.len() >= 2 {
                let (y, m, d) = match (
                    parts[0].len(),
                    parts.get(1).map(|p| p.len()),
                    parts.get(2).map(|p| p.len()),
                ) {
                    (4, Some(2), Some(2)) => (num(parts[0]), num(parts[1]), num(parts[2])),
                    (6, Some(2), _) => (num(&parts[0][..4]), num(&parts[0][4..]), num(parts[1])),
                    (4, Some(4), _) => (num(parts[0]), num(&parts[1][..2]), num(&parts[1][2..])),
                    _ => (0, 0, 0),
                };
                if valid(y, m, d) {
                    return Some(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

/// The calendar day (`YYYY-MM-DD`) of a date or instant as stored or shown, if it has one.
pub fn day_of(s: &str) -> Option<String> {
    if let Some(w) = weibo(s.trim()) {
        return Some(w[..10].to_string());
    }
    find_full_date(s).map(|f| f.value[..10].to_string())
}

/// Whether an item's date (as extraction gives it: RFC 3339, a day, a month-day, or words
/// like "3小时前") falls on or after `day` (`YYYY-MM-DD`). Relative dates ("刚刚", "N分钟前",
/// "N小时前", "今天", "昨天", "N天前") are recent: true. Unknown forms: false.
pub fn on_or_after(date: &str, day: &str) -> bool {
    const RECENT: &[&str] = &[
        "刚刚",
        "秒前",
        "分钟前",
        "小时前",
        "今天",
        "今日",
        "昨天",
        "前天",
        "天前",
    ];
    if RECENT.iter().any(|r| date.contains(r)) {
        return true;
    }
    if let Some(d) = day_of(date) {
        return d.as_str() >= day;
    }
    // A month-day without its year: the rebuttal's year.
    if let Some(f) = find_partial_date(date) {
        if f.value.len() == 5 && day.len() == 10 {
            return f.value.as_str() >= &day[5..];
        }
    }
    false
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    (1990..=2099).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// A date string from a feed or JSON field: a full date becomes RFC 3339, digits are epoch
/// seconds (or milliseconds), anything else is kept as given.
pub(crate) fn normalize(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    if t.bytes().all(|c| c.is_ascii_digit()) && (9..=13).contains(&t.len()) {
        return t.parse::<i64>().ok().map(epoch_auto);
    }
    if let Some(w) = weibo(t) {
        return Some(w);
    }
    if let Some(f) = find_full_date(t) {
        if f.start == 0 {
            // RFC 3339 with its own offset stays as given.
            if t.len() > f.end && looks_rfc3339(t) {
                return Some(t.to_string());
            }
            return Some(f.value);
        }
    }
    Some(truncate(t, 64))
}

fn truncate(s: &str, n: usize) -> String {
    super::html::truncate_chars(s, n)
}

fn looks_rfc3339(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b' ')
        && (t.ends_with('Z')
            || t.len() >= 25 && matches!(b[b.len() - 6], b'+' | b'-') && b[b.len() - 3] == b':')
}

/// Epoch seconds, or milliseconds when the number is too large for seconds.
pub(crate) fn epoch_auto(n: i64) -> String {
    if n > 100_000_000_000 {
        epoch(n / 1000)
    } else {
        epoch(n)
    }
}

/// An instant in China Standard Time, RFC 3339.
pub(crate) fn epoch(secs: i64) -> String {
    let local = secs.saturating_add(8 * 3600);
    let days = local.div_euclid(86_400);
    let rem = local.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+08:00",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z.clamp(-100_000_000, 100_000_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Weibo's `created_at`: `Tue Nov 18 10:00:00 +0800 2026` → `2026-11-18T10:00:00+08:00`.
pub(crate) fn weibo(s: &str) -> Option<String> {
    let p: Vec<&str> = s.split_whitespace().collect();
    if p.len() != 6 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m = MONTHS.iter().position(|x| x.eq_ignore_ascii_case(p[1]))? + 1;
    let d: u32 = p[2].parse().ok().filter(|d| (1..=31).contains(d))?;
    let t: Vec<u32> = p[3]
        .split(':')
        .map(|x| x.parse().ok())
        .collect::<Option<Vec<u32>>>()?;
    if t.len() != 3 || t[0] > 23 || t[1] > 59 || t[2] > 60 {
        return None;
    }
    let off = p[4];
    let ob = off.as_bytes();
    if ob.len() != 5 || !matches!(ob[0], b'+' | b'-') || !ob[1..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let y: u32 = p[5].parse().ok().filter(|y| (1970..=2200).contains(y))?;
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{}{}:{}",
        t[0],
        t[1],
        t[2],
        &off[..1],
        &off[1..3],
        &off[3..5]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_or_after_a_day() {
        let day = "2026-11-20";
        for (d, yes) in [
            ("2026-11-21T10:00:00+08:00", true),
            ("2026-11-20", true),
            ("2026-11-19T23:59:00+08:00", false),
            ("11-21", true),
            ("11-19", false),
            ("30分钟前", true),
            ("3小时前", true),
            ("刚刚", true),
            ("昨天 18:40", true),
            ("Sat Nov 21 10:00:00 +0800 2026", true),
            ("2005-5-25 9:51:45", false),
            ("whenever", false),
        ] {
            assert_eq!(on_or_after(d, day), yes, "{d}");
        }
        assert_eq!(day_of("2026-11-20T09:00:00+08:00").as_deref(), Some(day));
        assert_eq!(day_of("2026-11-20 09:00:00").as_deref(), Some(day));
        assert_eq!(day_of("later"), None);
    }

    #[test]
    fn full_dates() {
        assert_eq!(
            find_date("发布时间：2026-11-18").unwrap().value,
            "2026-11-18"
        );
        assert_eq!(
            find_date("2026年11月8日 星期三").unwrap().value,
            "2026-11-08"
        );
        assert_eq!(find_date("[2026/1/8]").unwrap().value, "2026-01-08");
        assert_eq!(find_date("日期 2026.11.18").unwrap().value, "2026-11-18");
        assert_eq!(
            find_date("2026-11-18 10:30").unwrap().value,
            "2026-11-18T10:30:00+08:00"
        );
        assert_eq!(
            find_date("2026年11月18日 09:05:07 来源").unwrap().value,
            "2026-11-18T09:05:07+08:00"
        );
        let f = find_date("标题 2026-11-18").unwrap();
        assert_eq!((f.start, f.end), (7, 17));
    }

    #[test]
    fn partial_and_non_dates() {
        assert_eq!(find_date("[11-18]").unwrap().value, "11-18");
        assert_eq!(find_date("11月18日").unwrap().value, "11-18");
        assert!(!find_date("11-18").unwrap().full);
        for s in [
            "电话：0871-12345678",
            "第123456期",
            "2026-13-01",
            "1-2-3",
            "价格 12.5 元",
            "共 3/4 页",
        ] {
            assert_eq!(find_date(s), None, "{s}");
        }
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            date_in_url("http://x.gov.cn/pyzl/202611/t20261118_123.html").as_deref(),
            Some("2026-11-18")
        );
        assert_eq!(
            date_in_url("http://x.cn/art/2026/11/18/art_1.html").as_deref(),
            Some("2026-11-18")
        );
        assert_eq!(
            date_in_url("http://x.cn/content/2026-11/18/c_1.htm").as_deref(),
            Some("2026-11-18")
        );
        assert_eq!(date_in_url("http://x.cn/a/12345678.html"), None);
        assert_eq!(date_in_url("http://20261118.cn/"), None);
    }

    #[test]
    fn epochs_and_weibo() {
        assert_eq!(epoch(0), "1970-01-01T08:00:00+08:00");
        assert_eq!(epoch(1_794_967_200), "2026-11-18T10:00:00+08:00");
        assert_eq!(epoch_auto(1_794_967_200_000), "2026-11-18T10:00:00+08:00");
        assert_eq!(
            weibo("Tue Nov 18 10:00:00 +0800 2026").as_deref(),
            Some("2026-11-18T10:00:00+08:00")
        );
        assert_eq!(weibo("刚刚"), None);
        assert_eq!(
            normalize("1794967200").as_deref(),
            Some("2026-11-18T10:00:00+08:00")
        );
        assert_eq!(
            normalize("2026-11-18 10:00:00").as_deref(),
            Some("2026-11-18T10:00:00+08:00")
        );
        assert_eq!(
            normalize("2026-11-18T10:00:00+08:00").as_deref(),
            Some("2026-11-18T10:00:00+08:00")
        );
        assert_eq!(normalize("昨天 10:00").as_deref(), Some("昨天 10:00"));
        let _ = epoch(i64::MAX);
        let _ = epoch(i64::MIN);
    }
}
