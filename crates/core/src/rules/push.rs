//! The rules of a push: deadlines from the case level, the notice and reminder texts, the
//! monitoring schedule, the order of re-checks and the events worth a notification.

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::{Deadlines, Level};
use crate::model::{
    PushEventKind, PushSettings, TargetResult, Tier, TierCoverage, TierDeadline, Verdict,
};

pub const DEFAULT_NOTICE_TEMPLATE: &str = "【辟谣推送】{案件}\n\
请矩阵各成员转发辟谣信息：{标题}\n\
链接：{链接}\n\
要求：{要求}\n\
截止时间：{截止时间}";

pub const DEFAULT_REMINDER_TEMPLATE: &str =
    "【催办】辟谣信息「{标题}」尚有 {未转载数} 个账号未转发，请尽快转发。\n\
链接：{链接}\n\
截止时间：{截止时间}\n\
未转发：\n{未转载名单}";

impl Default for PushSettings {
    fn default() -> Self {
        PushSettings {
            interval_minutes: 10,
            grace_hours: 2,
            reminder_cooldown_minutes: 30,
            auto_remind: true,
            notice_template: DEFAULT_NOTICE_TEMPLATE.into(),
            reminder_template: DEFAULT_REMINDER_TEMPLATE.into(),
        }
    }
}

impl PushSettings {
    pub fn validate(&self) -> crate::error::Result<()> {
        let bad = |m: &str| Err(crate::error::Error::Invalid(m.into()));
        if !(1..=1440).contains(&self.interval_minutes) {
            return bad("复查间隔须在 1 到 1440 分钟之间");
        }
        if self.grace_hours > 168 {
            return bad("截止后继续监测的时长须在 0 到 168 小时之间");
        }
        if !(1..=1440).contains(&self.reminder_cooldown_minutes) {
            return bad("催办间隔须在 1 到 1440 分钟之间");
        }
        if self.notice_template.trim().is_empty() || self.reminder_template.trim().is_empty() {
            return bad("通知模板和催办模板不能为空");
        }
        Ok(())
    }
}

pub fn now_utc() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// RFC 3339, UTC, whole seconds.
pub fn fmt(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .expect("0 is a valid nanosecond")
        .format(&Rfc3339)
        .expect("RFC 3339 formats any UTC time")
}

pub fn parse(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text.trim(), &Rfc3339).ok()
}

/// Hours each tier has, from the level's deadlines (allied force: as long as auxiliary).
pub fn tier_hours(d: &Deadlines, tier: Tier) -> u32 {
    match tier {
        Tier::Main => d.main_hours,
        Tier::Auxiliary | Tier::Allied => d.auxiliary_hours,
    }
}

/// Deadlines of `tiers`, counted from `now` by the case level's policy.
pub fn default_deadlines(d: &Deadlines, tiers: &[Tier], now: OffsetDateTime) -> Vec<TierDeadline> {
    tiers
        .iter()
        .map(|&tier| TierDeadline {
            tier,
            due_at: fmt(now + Duration::hours(tier_hours(d, tier) as i64)),
        })
        .collect()
}

/// Checks launch deadlines: one per targeted tier, valid times, in the future.
pub fn validate_deadlines(
    deadlines: &[TierDeadline],
    tiers: &[Tier],
    now: OffsetDateTime,
) -> crate::error::Result<()> {
    for &tier in tiers {
        let Some(d) = deadlines.iter().find(|d| d.tier == tier) else {
            return Err(crate::error::Error::Invalid(format!(
                "请填写{}的截止时间",
                tier.label()
            )));
        };
        let Some(at) = parse(&d.due_at) else {
            return Err(crate::error::Error::Invalid(format!(
                "{}的截止时间格式无效：{}",
                tier.label(),
                d.due_at
            )));
        };
        if at <= now {
            return Err(crate::error::Error::Invalid(format!(
                "{}的截止时间已过，请重新选择",
                tier.label()
            )));
        }
    }
    Ok(())
}

/// Shanghai wall-clock time for messages to people ("11月22日 14:30").
pub fn local_label(at: &str) -> String {
    match parse(at) {
        Some(t) => {
            let t = t.to_offset(time::macros::offset!(+8));
            format!(
                "{}月{}日 {:02}:{:02}",
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute()
            )
        }
        None => at.to_string(),
    }
}

/// The deadlines as a line: "主力军 11月22日 14:30；生力军 11月22日 20:30".
pub fn deadlines_line(deadlines: &[TierDeadline]) -> String {
    let mut d = deadlines.to_vec();
    d.sort_by_key(|d| d.tier);
    d.iter()
        .map(|d| format!("{} {}", d.tier.label(), local_label(&d.due_at)))
        .collect::<Vec<_>>()
        .join("；")
}

/// Fills `{name}` placeholders; unknown placeholders stay as they are.
pub fn render(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in vars {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// What the notice asks, from the level.
pub fn requirement(level: Option<Level>) -> String {
    let urgency = match level {
        Some(Level::Critical) | Some(Level::Serious) => "事态紧急，请立即",
        _ => "请",
    };
    format!(
        "{urgency}在本单位账号转发上述辟谣信息（不要转发谣言原文），转发后无需回复，系统将自动核验"
    )
}

/// The tier whose deadline comes first gets checked first; then main, auxiliary, allied.
pub fn urgency_rank(deadlines: &[TierDeadline], tier: Tier) -> (i64, Tier) {
    let due = deadlines
        .iter()
        .find(|d| d.tier == tier)
        .and_then(|d| parse(&d.due_at));
    (due.map(|t| t.unix_timestamp()).unwrap_or(i64::MAX), tier)
}

/// The last deadline plus the grace period: monitoring stops then at the latest.
pub fn stops_at(deadlines: &[TierDeadline], grace_hours: u32) -> Option<OffsetDateTime> {
    deadlines
        .iter()
        .filter_map(|d| parse(&d.due_at))
        .max()
        .map(|t| t + Duration::hours(grace_hours as i64))
}

/// When an active push is next due for a re-check.
pub fn next_sweep(
    last_sweep: Option<OffsetDateTime>,
    interval_minutes: u32,
    now: OffsetDateTime,
) -> OffsetDateTime {
    match last_sweep {
        Some(t) => t + Duration::minutes(interval_minutes as i64),
        None => now,
    }
}

/// Why monitoring should stop now, if it should.
pub fn stop_reason(
    targeted: i64,
    reposted: i64,
    stops_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Option<String> {
    if targeted > 0 && reposted >= targeted {
        return Some("全部账号已转发".into());
    }
    match stops_at {
        Some(t) if now >= t => Some("已过最后截止时间及宽限期".into()),
        _ => None,
    }
}

/// An event a push's state calls for: (kind, subject key, tier, account, title, body). The
/// store raises each (kind, subject) once per push.
#[derive(Debug, Clone, PartialEq)]
pub struct EventCandidate {
    pub kind: PushEventKind,
    pub subject: String,
    pub tier: Option<Tier>,
    pub account_id: Option<i64>,
    pub title: String,
    pub body: String,
}

/// How many targets blocked for one and the same reason make it one cause (said once).
pub const SAME_CAUSE_MIN: usize = 2;
/// Names shown with a cause.
pub const CAUSE_NAMES: usize = 5;

/// Blocked or unreachable targets grouped by verdict and the checker's explanation (a bridge
/// down or refusing, Weibo refusing visitors: the checker gives every target of that host the
/// same words), groups of `SAME_CAUSE_MIN` or more, most accounts first: (explanation,
/// account names in target order).
pub fn blocked_causes(targets: &[TargetResult]) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut verdicts: Vec<Verdict> = Vec::new();
    for t in targets.iter() {
        let Some(v) = t
            .verdict
            .filter(|v| matches!(v, Verdict::Blocked | Verdict::Unreachable))
        else {
            continue;
        };
        let Some(why) = t.evidence.as_ref().map(|e| e.explanation.clone()) else {
            continue;
        };
        match groups
            .iter_mut()
            .zip(verdicts.iter())
            .find(|((w, _), gv)| *w == why && **gv == v)
        {
            Some(((_, names), _)) => names.push(t.account.clone()),
            None => {
                groups.push((why, vec![t.account.clone()]));
                verdicts.push(v);
            }
        }
    }
    groups.retain(|(_, names)| names.len() >= SAME_CAUSE_MIN);
    groups.sort_by_key(|g| std::cmp::Reverse(g.1.len()));
    groups
}

pub fn events(
    case_title: &str,
    tiers: &[TierCoverage],
    deadlines: &[TierDeadline],
    targets: &[TargetResult],
    now: OffsetDateTime,
) -> Vec<EventCandidate> {
    let mut out = Vec::new();
    for t in targets
        .iter()
        .filter(|t| t.verdict == Some(Verdict::RumorReposted))
    {
        out.push(EventCandidate {
            kind: PushEventKind::RumorRepost,
            subject: t.account_id.to_string(),
            tier: Some(t.tier),
            account_id: Some(t.account_id),
            title: "发现转发谣言".into(),
            body: format!(
                "{}（{}）转发了谣言：{case_title}",
                t.account,
                t.tier.label()
            ),
        });
    }
    for (why, names) in blocked_causes(targets) {
        let shown = names
            .iter()
            .take(CAUSE_NAMES)
            .cloned()
            .collect::<Vec<_>>()
            .join("、");
        let more = if names.len() > CAUSE_NAMES {
            " 等"
        } else {
            ""
        };
        out.push(EventCandidate {
            kind: PushEventKind::SourceBlocked,
            // one event per push and cause, however many sweeps meet it
            subject: why.chars().take(300).collect(),
            tier: None,
            account_id: None,
            title: format!("{} 个账号因同一原因未能核查", names.len()),
            body: format!("{case_title}：{why}（{shown}{more}）"),
        });
    }
    for c in tiers {
        let Some(tier) = c.tier else { continue };
        if c.targeted > 0 && c.reposted >= c.targeted {
            out.push(EventCandidate {
                kind: PushEventKind::TierComplete,
                subject: tier.code().into(),
                tier: Some(tier),
                account_id: None,
                title: format!("{}已全部转发", tier.label()),
                body: format!(
                    "{case_title}：{}{} 个账号全部转发",
                    tier.label(),
                    c.targeted
                ),
            });
            continue;
        }
        let due = deadlines
            .iter()
            .find(|d| d.tier == tier)
            .and_then(|d| parse(&d.due_at));
        // Only accounts known not to have reposted make a deadline missed; those the checker
        // could not see are named apart.
        if c.stragglers > 0 && matches!(due, Some(d) if now >= d) {
            let unverified = if c.unverified > 0 {
                format!("，另有 {} 个账号未能核查", c.unverified)
            } else {
                String::new()
            };
            out.push(EventCandidate {
                kind: PushEventKind::DeadlineMissed,
                subject: tier.code().into(),
                tier: Some(tier),
                account_id: None,
                title: format!("{}转发已超时", tier.label()),
                body: format!(
                    "{case_title}：{}截止时已转发 {}/{}，尚有 {} 个账号未转发{unverified}",
                    tier.label(),
                    c.reposted,
                    c.targeted,
                    c.stragglers
                ),
            });
        }
    }
    out
}

/// Who a reminder goes to: the targets that have not reposted, except those whose page the
/// checker could not see (blocked, unreadable, unreachable) — they may well have reposted —
/// unless the coordinator ticked them (`include`, account ids). Returns the stragglers to
/// remind and the unverified ones left out.
pub fn reminder_targets(
    targets: Vec<TargetResult>,
    include: &[i64],
) -> (Vec<TargetResult>, Vec<TargetResult>) {
    targets
        .into_iter()
        .filter(|t| t.verdict != Some(Verdict::Reposted))
        .partition(|t| !t.unverified || include.contains(&t.account_id))
}

/// The stragglers' names, grouped by tier, for a reminder: "主力军：甲、乙\n生力军：丙". An
/// account whose name is also another straggler's (one office's accounts on two platforms)
/// says its platform, so the liaison knows which one to repost on.
pub fn straggler_lines(stragglers: &[TargetResult]) -> String {
    let shared = |name: &str| stragglers.iter().filter(|t| t.account == name).count() > 1;
    let mut lines = Vec::new();
    for tier in Tier::ALL {
        let names: Vec<String> = stragglers
            .iter()
            .filter(|t| t.tier == tier)
            .map(|t| {
                let platform = shared(&t.account).then(|| t.platform.label());
                match (platform, &t.unit) {
                    (Some(p), Some(u)) => format!("{}（{p}，{u}）", t.account),
                    (Some(p), None) => format!("{}（{p}）", t.account),
                    (None, Some(u)) => format!("{}（{u}）", t.account),
                    (None, None) => t.account.clone(),
                }
            })
            .collect();
        if !names.is_empty() {
            lines.push(format!("{}：{}", tier.label(), names.join("、")));
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_reminder_names_the_platform_of_an_office_s_accounts_that_share_a_name() {
        let target = |name: &str, platform, unit: Option<&str>| TargetResult {
            account_id: 1,
            account: name.into(),
            platform,
            tier: Tier::Auxiliary,
            unit: unit.map(String::from),
            territory: None,
            watch_url: None,
            verdict: None,
            unverified: false,
            confirmable: true,
            evidence: None,
            first_seen_at: None,
            checked_at: None,
            attempts: 0,
        };
        use crate::model::Platform;
        let lines = straggler_lines(&[
            target("云川发布", Platform::Wechat, Some("区融媒体中心")),
            target("云川发布", Platform::Weibo, Some("区融媒体中心")),
            target("白沙街道", Platform::Wechat, None),
        ]);
        assert_eq!(
            lines,
            "生力军：云川发布（微信公众号，区融媒体中心）、云川发布（微博，区融媒体中心）、白沙街道"
        );
    }

    #[test]
    fn reminders_leave_out_the_accounts_the_checker_could_not_see_unless_ticked() {
        let target = |id: i64, verdict: Option<Verdict>| TargetResult {
            account_id: id,
            account: format!("账号{id}"),
            platform: crate::model::Platform::Website,
            tier: Tier::Main,
            unit: None,
            territory: None,
            watch_url: None,
            verdict,
            unverified: verdict.is_some_and(Verdict::unverified),
            confirmable: TargetResult::is_confirmable(verdict),
            evidence: None,
            first_seen_at: None,
            checked_at: None,
            attempts: 0,
        };
        let all = || {
            vec![
                target(1, Some(Verdict::Reposted)),
                target(2, Some(Verdict::NotFound)),
                target(3, Some(Verdict::Unreadable)),
                target(4, Some(Verdict::Blocked)),
                target(5, Some(Verdict::Unreachable)),
                target(6, None),
                target(7, Some(Verdict::RumorReposted)),
                target(8, Some(Verdict::Deleted)),
                target(9, Some(Verdict::Unchecked)),
            ]
        };
        let ids = |v: &[TargetResult]| v.iter().map(|t| t.account_id).collect::<Vec<_>>();
        let (remind, left_out) = reminder_targets(all(), &[]);
        assert_eq!(ids(&remind), [2, 6, 7, 8, 9]);
        assert_eq!(ids(&left_out), [3, 4, 5]);
        let (remind, left_out) = reminder_targets(all(), &[3, 5]);
        assert_eq!(ids(&remind), [2, 3, 5, 6, 7, 8, 9]);
        assert_eq!(ids(&left_out), [4]);
    }

    fn d(tier: Tier, at: &str) -> TierDeadline {
        TierDeadline {
            tier,
            due_at: at.into(),
        }
    }

    #[test]
    fn deadlines_follow_the_level_and_allied_gets_the_auxiliary_hours() {
        let now = datetime!(2026-11-22 06:00 UTC);
        let dl = Deadlines {
            rebuttal_hours: 6,
            main_hours: 3,
            auxiliary_hours: 6,
        };
        let got = default_deadlines(&dl, &[Tier::Main, Tier::Auxiliary, Tier::Allied], now);
        assert_eq!(
            got,
            vec![
                d(Tier::Main, "2026-11-22T09:00:00Z"),
                d(Tier::Auxiliary, "2026-11-22T12:00:00Z"),
                d(Tier::Allied, "2026-11-22T12:00:00Z")
            ]
        );
        assert_eq!(
            deadlines_line(&got[..2]),
            "主力军 11月22日 17:00；生力军 11月22日 20:00"
        );
    }

    #[test]
    fn launch_deadlines_are_required_valid_and_in_the_future() {
        let now = datetime!(2026-11-22 06:00 UTC);
        let ok = [d(Tier::Main, "2026-11-22T09:00:00Z")];
        assert!(validate_deadlines(&ok, &[Tier::Main], now).is_ok());
        assert!(validate_deadlines(&ok, &[Tier::Main, Tier::Allied], now)
            .unwrap_err()
            .to_string()
            .contains("同盟军"));
        assert!(validate_deadlines(&[d(Tier::Main, "明天")], &[Tier::Main], now).is_err());
        assert!(
            validate_deadlines(&[d(Tier::Main, "2026-11-22T05:00:00Z")], &[Tier::Main], now)
                .unwrap_err()
                .to_string()
                .contains("已过")
        );
    }

    #[test]
    fn render_fills_known_placeholders_and_keeps_the_rest() {
        let out = render(
            "{标题} {链接} {未知}",
            &[("标题", "甲".into()), ("链接", "http://x".into())],
        );
        assert_eq!(out, "甲 http://x {未知}");
    }

    #[test]
    fn the_earliest_deadline_is_checked_first() {
        let dl = [
            d(Tier::Main, "2026-11-22T09:00:00Z"),
            d(Tier::Allied, "2026-11-22T08:00:00Z"),
        ];
        let mut tiers = vec![Tier::Main, Tier::Auxiliary, Tier::Allied];
        tiers.sort_by_key(|&t| urgency_rank(&dl, t));
        assert_eq!(tiers, vec![Tier::Allied, Tier::Main, Tier::Auxiliary]);
    }

    #[test]
    fn monitoring_stops_at_completion_or_after_the_grace_period() {
        let dl = [
            d(Tier::Main, "2026-11-22T09:00:00Z"),
            d(Tier::Auxiliary, "2026-11-22T12:00:00Z"),
        ];
        let stop = stops_at(&dl, 2);
        assert_eq!(stop, Some(datetime!(2026-11-22 14:00 UTC)));
        assert_eq!(
            stop_reason(10, 4, stop, datetime!(2026-11-22 13:59 UTC)),
            None
        );
        assert!(stop_reason(10, 4, stop, datetime!(2026-11-22 14:00 UTC))
            .unwrap()
            .contains("宽限期"));
        assert!(stop_reason(10, 10, stop, datetime!(2026-11-22 07:00 UTC))
            .unwrap()
            .contains("全部"));
        assert_eq!(
            stop_reason(0, 0, None, datetime!(2026-11-22 07:00 UTC)),
            None
        );
        let last = datetime!(2026-11-22 07:00 UTC);
        assert_eq!(
            next_sweep(Some(last), 10, last),
            datetime!(2026-11-22 07:10 UTC)
        );
        assert_eq!(next_sweep(None, 10, last), last);
    }

    fn cov(tier: Tier, targeted: i64, reposted: i64) -> TierCoverage {
        TierCoverage {
            tier: Some(tier),
            targeted,
            reposted,
            stragglers: targeted - reposted,
            ..Default::default()
        }
    }

    #[test]
    fn events_for_complete_tiers_missed_deadlines_and_rumor_reposts() {
        let dl = [
            d(Tier::Main, "2026-11-22T09:00:00Z"),
            d(Tier::Auxiliary, "2026-11-22T12:00:00Z"),
        ];
        let tiers = [cov(Tier::Main, 3, 3), cov(Tier::Auxiliary, 5, 2)];
        let before = events(
            "枪击谣言",
            &tiers,
            &dl,
            &[],
            datetime!(2026-11-22 10:00 UTC),
        );
        assert_eq!(before.len(), 1);
        assert_eq!(before[0].kind, PushEventKind::TierComplete);
        assert_eq!(before[0].subject, "main");
        let after = events(
            "枪击谣言",
            &tiers,
            &dl,
            &[],
            datetime!(2026-11-22 12:00 UTC),
        );
        assert_eq!(after.len(), 2);
        assert_eq!(after[1].kind, PushEventKind::DeadlineMissed);
        assert!(after[1].body.contains("2/5"), "{}", after[1].body);

        // Past the deadline, accounts the checker could not see do not make it missed.
        let unseen = TierCoverage {
            stragglers: 0,
            unverified: 3,
            unreadable: 3,
            ..cov(Tier::Auxiliary, 5, 2)
        };
        let at = datetime!(2026-11-22 12:00 UTC);
        assert!(events("枪击谣言", std::slice::from_ref(&unseen), &dl, &[], at).is_empty());
        let mixed = TierCoverage {
            stragglers: 1,
            unverified: 2,
            ..unseen
        };
        let missed = events("枪击谣言", &[mixed], &dl, &[], at);
        assert_eq!(missed.len(), 1);
        assert!(
            missed[0]
                .body
                .contains("尚有 1 个账号未转发，另有 2 个账号未能核查"),
            "{}",
            missed[0].body
        );
    }
}
