//! The arithmetic of statistics, as plain functions: periods in Shanghai local time, nearest-rank
//! percentiles, when a push reached a share of its main force, and the leaderboard's picks.

use time::macros::{format_description, offset};
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

use crate::error::{Error, Result};
use crate::model::{CoverageLine, Period};

/// The office's clock: Asia/Shanghai, UTC+8 all year (China has no daylight saving).
pub const LOCAL: UtcOffset = offset!(+8);

/// A period as the store compares it: half-open ranges in both kinds of stored text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounds {
    /// "YYYY-MM-DD 00:00:00" local, for local-time columns (first_seen_at, published_at).
    pub local_from: String,
    /// The day after the period's last day, 00:00:00 local.
    pub local_until: String,
    /// The same instants in UTC as "YYYY-MM-DDTHH:MM:SS", for RFC 3339 columns. Without the
    /// trailing "Z", so that both "…:00Z" and "…:00.123Z" compare right at the boundary.
    pub utc_from: String,
    pub utc_until: String,
}

fn parse_day(text: &str) -> Result<Date> {
    Date::parse(text.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| Error::Invalid(format!("日期格式无效：{}（应为 2026-01-01）", text.trim())))
}

fn day_text(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .expect("dates format")
}

fn local_text(t: PrimitiveDateTime) -> String {
    t.format(format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second]"
    ))
    .expect("times format")
}

fn utc_text(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]"
        ))
        .expect("times format")
}

/// Checks a period and turns it into comparable bounds.
pub fn bounds(p: &Period) -> Result<Bounds> {
    let from = parse_day(&p.from)?;
    let to = parse_day(&p.to)?;
    if to < from {
        return Err(Error::Invalid(format!(
            "结束日期 {} 早于开始日期 {}",
            day_text(to),
            day_text(from)
        )));
    }
    let until = to
        .next_day()
        .ok_or_else(|| Error::Invalid("日期超出范围".into()))?;
    let start = PrimitiveDateTime::new(from, Time::MIDNIGHT);
    let end = PrimitiveDateTime::new(until, Time::MIDNIGHT);
    Ok(Bounds {
        local_from: local_text(start),
        local_until: local_text(end),
        utc_from: utc_text(start.assume_offset(LOCAL)),
        utc_until: utc_text(end.assume_offset(LOCAL)),
    })
}

/// "2026-01-01 至 2026-12-31", or the one day.
pub fn period_label(p: &Period) -> String {
    if p.from.trim() == p.to.trim() {
        p.from.trim().to_string()
    } else {
        format!("{} 至 {}", p.from.trim(), p.to.trim())
    }
}

/// Today, local.
pub fn today(now: OffsetDateTime) -> Period {
    let d = day_text(now.to_offset(LOCAL).date());
    Period {
        from: d.clone(),
        to: d,
    }
}

/// Monday of this week to today, local.
pub fn this_week(now: OffsetDateTime) -> Period {
    let today = now.to_offset(LOCAL).date();
    let back = today.weekday().number_days_from_monday() as i64;
    let monday = today - Duration::days(back);
    debug_assert_eq!(monday.weekday(), Weekday::Monday);
    Period {
        from: day_text(monday),
        to: day_text(today),
    }
}

/// The nearest-rank p-th percentile (0 < p ≤ 100) of values sorted ascending: the ⌈p·n/100⌉-th
/// smallest. `None` for no values.
pub fn percentile(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = (p as usize * n).div_ceil(100).clamp(1, n);
    Some(sorted[rank - 1])
}

/// Median and 90th percentile (nearest rank) of unsorted values.
pub fn median_p90(values: &mut [i64]) -> (Option<i64>, Option<i64>) {
    values.sort_unstable();
    (percentile(values, 50), percentile(values, 90))
}

/// How many of `targeted` must have reposted for `share_pct` percent: ⌈share·targeted/100⌉.
pub fn needed(targeted: i64, share_pct: u32) -> i64 {
    (targeted * share_pct as i64 + 99) / 100
}

/// Seconds from launch until `share_pct` percent of `targeted` accounts had reposted, given
/// the seconds from launch of each repost sorted ascending; `None` when it has not happened.
/// A repost seen before launch (clock skew) counts as at launch.
pub fn reach_after(targeted: i64, sorted_delays: &[i64], share_pct: u32) -> Option<i64> {
    if targeted <= 0 {
        return None;
    }
    let k = needed(targeted, share_pct) as usize;
    sorted_delays.get(k.checked_sub(1)?).map(|d| (*d).max(0))
}

/// The leaderboard's picks, up to three names each: shortest and longest median time to
/// repost (units with a median), most targets missed (units with at least one). Ties go by
/// name.
pub fn leaders(lines: &[CoverageLine]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut timed: Vec<(&CoverageLine, i64)> = lines
        .iter()
        .filter_map(|l| l.median_seconds.map(|m| (l, m)))
        .collect();
    timed.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.label.cmp(&b.0.label)));
    let fastest = timed.iter().take(3).map(|(l, _)| l.label.clone()).collect();
    timed.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.label.cmp(&b.0.label)));
    let slowest = timed.iter().take(3).map(|(l, _)| l.label.clone()).collect();
    let mut missed: Vec<&CoverageLine> = lines.iter().filter(|l| l.missed.value > 0).collect();
    missed.sort_by(|a, b| {
        b.missed
            .value
            .cmp(&a.missed.value)
            .then_with(|| a.label.cmp(&b.label))
    });
    let most_missed = missed.iter().take(3).map(|l| l.label.clone()).collect();
    (fastest, slowest, most_missed)
}

/// The leaderboard's order: shortest median first, units without a repost last, then by name.
pub fn leaderboard_order(a: &CoverageLine, b: &CoverageLine) -> std::cmp::Ordering {
    match (a.median_seconds, b.median_seconds) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then_with(|| a.label.cmp(&b.label))
}

/// "3天2小时" / "2小时5分" / "45分" / "30秒": a duration as the report writes it.
pub fn duration_label(seconds: i64) -> String {
    let s = seconds.max(0);
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    if d > 0 {
        format!("{d}天{h}小时")
    } else if h > 0 {
        format!("{h}小时{m}分")
    } else if m > 0 {
        format!("{m}分")
    } else {
        format!("{s}秒")
    }
}

/// A ratio as a percentage with one decimal: "87.5%".
pub fn percent(ratio: f64) -> String {
    format!("{:.1}%", ratio * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DrillKind, Figure};
    use time::macros::datetime;

    #[test]
    fn periods_are_shanghai_days() {
        let b = bounds(&Period {
            from: "2026-01-01".into(),
            to: "2026-12-31".into(),
        })
        .unwrap();
        assert_eq!(b.local_from, "2026-01-01 00:00:00");
        assert_eq!(b.local_until, "2027-01-01 00:00:00");
        assert_eq!(b.utc_from, "2025-12-31T16:00:00");
        assert_eq!(b.utc_until, "2026-12-31T16:00:00");
        // Both stored forms of an instant on the boundary fall on the right side.
        assert!("2025-12-31T16:00:00Z" >= b.utc_from.as_str());
        assert!("2025-12-31T16:00:00.25Z" >= b.utc_from.as_str());
        assert!("2025-12-31T15:59:59.999Z" < b.utc_from.as_str());
        assert!("2026-12-31T16:00:00Z" >= b.utc_until.as_str());
        assert!("2026-12-31T15:59:59Z" < b.utc_until.as_str());
        for bad in [
            ("2026-13-01", "2026-12-31"),
            ("2026-05-02", "2026-05-01"),
            ("x", "y"),
        ] {
            let p = Period {
                from: bad.0.into(),
                to: bad.1.into(),
            };
            assert_eq!(bounds(&p).unwrap_err().code(), "invalid", "{bad:?}");
        }
    }

    #[test]
    fn today_and_this_week_in_local_time() {
        // Sunday 2026-11-22 17:30 UTC is Monday 2026-11-23 01:30 in Shanghai.
        let now = datetime!(2026-11-22 17:30 UTC);
        assert_eq!(today(now).from, "2026-11-23");
        assert_eq!(this_week(now).from, "2026-11-23");
        // Sunday 2026-11-29 10:00 Shanghai: the week began on Monday the 23rd.
        let sunday = datetime!(2026-11-29 02:00 UTC);
        assert_eq!(
            this_week(sunday),
            Period {
                from: "2026-11-23".into(),
                to: "2026-11-29".into()
            }
        );
    }

    #[test]
    fn nearest_rank_percentiles() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[7], 50), Some(7));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[10, 20, 30, 40], 50), Some(20));
        assert_eq!(percentile(&[10, 20, 30, 40], 90), Some(40));
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 50), Some(5));
        assert_eq!(percentile(&v, 90), Some(9));
        let v: Vec<i64> = (1..=11).collect();
        assert_eq!(percentile(&v, 50), Some(6));
        assert_eq!(percentile(&v, 90), Some(10));
        assert_eq!(median_p90(&mut [30, 10, 20]), (Some(20), Some(30)));
    }

    #[test]
    fn reaching_a_share_of_the_main_force() {
        assert_eq!(needed(5, 80), 4);
        assert_eq!(needed(4, 80), 4, "3.2 accounts round up");
        assert_eq!(needed(10, 80), 8);
        assert_eq!(needed(3, 100), 3);
        assert_eq!(reach_after(5, &[60, 120, 180, 240], 80), Some(240));
        assert_eq!(reach_after(5, &[60, 120, 180, 240], 100), None);
        assert_eq!(reach_after(1, &[-5], 100), Some(0));
        assert_eq!(reach_after(0, &[], 80), None);
    }

    fn line(label: &str, median: Option<i64>, missed: i64) -> CoverageLine {
        CoverageLine {
            key: label.into(),
            label: label.into(),
            targeted: Figure::new(0, DrillKind::UnitTargeted, label),
            reposted: Figure::new(0, DrillKind::UnitReposted, label),
            missed: Figure::new(missed, DrillKind::UnitMissed, label),
            unverified: Figure::new(0, DrillKind::UnitUnverified, label),
            ratio: 0.0,
            median_seconds: median,
        }
    }

    #[test]
    fn leaderboard_picks_and_order() {
        let mut lines = vec![
            line("丙", Some(300), 0),
            line("甲", Some(100), 2),
            line("乙", None, 5),
            line("丁", Some(100), 2),
            line("戊", Some(900), 1),
        ];
        let (fast, slow, missed) = leaders(&lines);
        assert_eq!(fast, ["丁", "甲", "丙"]);
        assert_eq!(slow, ["戊", "丙", "丁"]);
        assert_eq!(missed, ["乙", "丁", "甲"]);
        lines.sort_by(leaderboard_order);
        let order: Vec<_> = lines.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(order, ["丁", "甲", "丙", "戊", "乙"]);
    }

    #[test]
    fn durations_and_percentages_read_naturally() {
        assert_eq!(duration_label(30), "30秒");
        assert_eq!(duration_label(45 * 60), "45分");
        assert_eq!(duration_label(2 * 3600 + 5 * 60), "2小时5分");
        assert_eq!(duration_label(3 * 86_400 + 2 * 3600), "3天2小时");
        assert_eq!(percent(0.875), "87.5%");
    }
}
