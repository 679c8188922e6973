//! Dates that make an entry worth following: relative dates ("3小时前") and, when the
//! rebuttal's publication day is known, every way pages write a day on or after it.

use aho_corasick::AhoCorasick;

/// Words of relative dates ("3小时前"): an entry so dated may be newer than the rebuttal.
pub(super) const RELATIVE_DATES: &[&str] = &["刚刚", "分钟前", "小时前", "今天", "昨天", "天前"];

/// The patterns of [`Screen::follow`]: each day from the rebuttal's publication to two weeks
/// after it as pages write dates (2026-11-20, 2026-11-2?, 2026/11/20, 2026.11.20,
/// 2026年11月20日, 11-20, 11月20日, 20 Nov 2026, Nov 20).
pub(super) fn date_patterns(published_day: &str) -> Option<AhoCorasick> {
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
