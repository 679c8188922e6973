//! The demo district's year: sixty rumor cases over the twelve months before the demo is
//! loaded, twenty-one of them rebutted and pushed to the matrix (as a real district reported
//! for a year), with their coverage histories, reminders, feedback and archive; the others
//! declined after assessment, or still being worked on. So the dashboard, the statistics and
//! the year's report look like an office's after a year. Everything goes through the same
//! store functions the app uses; only the clock differs: each step's timeline rows and times
//! are set to when the step happened, in one transaction at the end.

use rusqlite::params;
use time::{Duration, OffsetDateTime};

use crate::error::Result;
use crate::model::{
    AccountFilter, AssignInput, CaseInput, CaseSource, DeliveryPurpose, Evidence, PushLaunch,
    RebuttalInput, SendOutcome, TargetFilter, Tier, TierDeadline, Verdict,
};
use crate::rules::push::fmt;
use crate::rules::{CaseStatus, Scores};
use crate::store::{CheckRecord, Db};

/// Who the demo year's steps are written as.
const OFFICE: &str = "演示数据";
/// How many cases, and every how many days one comes in.
const CASES: usize = 60;
const EVERY_DAYS: i64 = 6;

/// What people claimed, where; the unit whose subject it is.
const CLAIMS: [(&str, &str); 12] = [
    ("网传{}发生持刀伤人事件", "区公安分局"),
    ("网传{}附近有人用迷药拐骗儿童", "区公安分局"),
    ("网传{}一带自来水受到污染不能饮用", "区住房和城乡建设局"),
    (
        "网传{}一带将整体拆迁，每平方米补偿五万元",
        "区住房和城乡建设局",
    ),
    ("网传{}学生集体食物中毒", "区教育局"),
    ("网传{}出现不明传染病，多人发热住院", "区卫生健康局"),
    ("网传{}售卖的猪肉含瘦肉精", "区市场监督管理局"),
    ("网传{}路段明天起封闭三个月", "区交通运输局"),
    ("网传{}发生危化品泄漏，居民需紧急撤离", "区应急管理局"),
    ("有人冒充{}工作人员上门收取燃气检测费", "区应急管理局"),
    ("网传{}发生火灾造成多人死亡", "区应急管理局"),
    ("网传{}有人落水身亡系被人推下", "区公安分局"),
];

/// The demo directory's places, one per case in turn.
const PLACES: [&str; 25] = [
    "龙塔社区",
    "东门社区",
    "文昌社区",
    "龙塔广场",
    "云川火车站",
    "白沙社区",
    "沙湾社区",
    "滨河社区",
    "区人民医院",
    "白沙菜市场",
    "江湾社区",
    "新港社区",
    "望江社区",
    "江湾码头",
    "云川二中",
    "青石村",
    "石桥村",
    "柳湾村",
    "青石水库",
    "青石中心小学",
    "云溪村",
    "茶山村",
    "下坝村",
    "云溪工业园",
    "云溪高速出口",
];

const DECLINED: [&str; 3] = [
    "经研判属正常咨询，不属于谣言，转有关部门答复",
    "传播范围小且已被发布者删除，持续关注",
    "系其他地区旧闻，与本区无关，不予处置",
];

/// A stable spread in 0..100 of two numbers (which accounts are late, and by how much).
fn spread(a: u64, b: u64) -> u64 {
    let mut h = a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    h ^= h >> 29;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    (h ^ (h >> 32)) % 100
}

fn local(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::macros::offset!(+8));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Rows other tables got during one step, dated afterwards.
#[derive(Default)]
struct Clock {
    /// (first timeline row id, last, when)
    timeline: Vec<(i64, i64, OffsetDateTime)>,
    deliveries: Vec<(i64, OffsetDateTime)>,
    /// (case, recorded, feedback, archived)
    cases: Vec<(
        i64,
        OffsetDateTime,
        Option<OffsetDateTime>,
        Option<OffsetDateTime>,
    )>,
}

impl Clock {
    /// Runs `step` and dates the timeline rows it wrote `at`.
    fn at<T>(
        &mut self,
        db: &Db,
        at: OffsetDateTime,
        step: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let last = || -> Result<i64> {
            db.read(|c| {
                Ok(
                    c.query_row("SELECT COALESCE(max(id), 0) FROM case_timeline", [], |r| {
                        r.get(0)
                    })?,
                )
            })
        };
        let before = last()?;
        let out = step()?;
        let after = last()?;
        if after > before {
            self.timeline.push((before + 1, after, at));
        }
        Ok(out)
    }
}

impl Db {
    /// Adds the demo year (the ledger must be loaded), ending at `now`.
    pub(crate) fn demo_year(&self, now: OffsetDateTime) -> Result<()> {
        let accounts = self.list_accounts(&AccountFilter::default())?;
        let bots = self.list_bots()?;
        let mut clock = Clock::default();
        let rebutted = |i: usize| i.is_multiple_of(3) || i == CASES - 2;
        for i in 0..CASES {
            let start = now - Duration::days((CASES - i) as i64 * EVERY_DAYS - 3)
                + Duration::hours((i % 7) as i64)
                - Duration::hours(now.hour() as i64 - 1);
            let (claim, unit) = CLAIMS[i % CLAIMS.len()];
            let place = PLACES[(i * 7) % PLACES.len()];
            let title = claim.replace("{}", place);
            let source = [
                CaseSource::Patrol,
                CaseSource::NetizenReport,
                CaseSource::Patrol,
                CaseSource::DepartmentReport,
                CaseSource::Assigned,
            ][i % 5];
            let case = clock.at(self, start, || {
                self.create_case(
                    &CaseInput {
                        title: title.clone(),
                        content: format!(
                            "有网民在微信群、短视频平台转发称“{}”，引发部分居民担忧。",
                            title.trim_start_matches("网传")
                        ),
                        platform: Some(["微信群", "抖音", "微博", "今日头条"][i % 4].into()),
                        urls: vec![],
                        first_seen_at: Some(local(start - Duration::hours(2))),
                        source,
                        reporter_name: source.is_report().then(|| "网民（演示）".to_string()),
                        reporter_contact: source.is_report().then(|| "13800000000".to_string()),
                    },
                    OFFICE,
                )
            })?;
            let id = case.id;
            let mut feedback_at = None;
            if i == CASES - 1 {
                clock.cases.push((id, start, None, None));
                continue; // this week's: just recorded
            }
            let severe = (2 + (i % 3)) as u8;
            clock.at(self, start + Duration::minutes(25), || {
                self.assess_case(
                    id,
                    &Scores {
                        severity: severe,
                        controllability: 2 + (i % 2) as u8,
                        influence: 2 + ((i / 3) % 3) as u8,
                    },
                    OFFICE,
                )
            })?;
            if !rebutted(i) && i < CASES - 8 {
                clock.at(self, start + Duration::hours(1), || {
                    self.transition_case(
                        id,
                        CaseStatus::Declined,
                        Some(DECLINED[i % DECLINED.len()]),
                        OFFICE,
                    )
                })?;
                clock.cases.push((id, start, None, None));
                continue;
            }
            if !rebutted(i) && i < CASES - 5 {
                clock.cases.push((id, start, None, None));
                continue; // assessed, waiting to be assigned
            }
            clock.at(self, start + Duration::minutes(40), || {
                self.assign_case(
                    id,
                    &AssignInput {
                        lead_unit: unit.into(),
                        co_units: vec![],
                        reason: Some("属该单位职责范围".into()),
                    },
                    OFFICE,
                )
            })?;
            clock.at(self, start + Duration::minutes(45), || {
                self.transition_case(id, CaseStatus::Verifying, None, OFFICE)
            })?;
            if !rebutted(i) {
                clock.cases.push((id, start, None, None));
                continue; // being verified
            }
            let published = start + Duration::hours(3);
            let rebuttal_title = format!(
                "【辟谣】关于“{}”的情况说明",
                title.trim_start_matches("网传")
            );
            clock.at(self, published, || {
                self.record_case_rebuttal(
                    id,
                    &RebuttalInput {
                        rumor_id: id,
                        title: rebuttal_title.clone(),
                        content: format!(
                            "近日，网络流传“{title}”的信息。经{unit}核实，该信息不实。请广大网民不信谣、不传谣，发现违法线索请及时向有关部门反映。"
                        ),
                        url: Some(format!(
                            "{}/wechat/wangxin-yunchuan/a/{id}",
                            crate::demo::DEMO_BASE
                        )),
                        publisher: Some(unit.into()),
                        published_at: Some(local(published)),
                    },
                    OFFICE,
                )
            })?;
            let launched = published + Duration::minutes(50);
            let mut tiers = vec![Tier::Main, Tier::Auxiliary];
            if i % 2 == 0 {
                tiers.push(Tier::Allied);
            }
            let due = |tier: Tier| {
                launched
                    + if tier == Tier::Main {
                        Duration::hours(2)
                    } else {
                        Duration::hours(6)
                    }
            };
            let push = clock.at(self, launched, || {
                self.launch_push(
                    &PushLaunch {
                        case_id: id,
                        filter: TargetFilter {
                            tiers: tiers.clone(),
                            ..Default::default()
                        },
                        deadlines: tiers
                            .iter()
                            .map(|&tier| TierDeadline {
                                tier,
                                due_at: fmt(due(tier)),
                            })
                            .collect(),
                        notice: format!("请各账号于截止时间前转发辟谣信息：{rebuttal_title}"),
                        bot_ids: vec![],
                    },
                    OFFICE,
                    launched,
                )
            })?;
            // what the sweeps found: nothing at first, then each account's repost (a few late,
            // a few never; now and then a group reposts the rumor instead)
            let mut checks = Vec::new();
            let mut people = Vec::new();
            for a in accounts
                .iter()
                .filter(|a| a.active && tiers.contains(&a.tier))
            {
                let r = spread(i as u64, a.id as u64);
                let Some(page) = a.watch_url.clone() else {
                    if r < 70 {
                        // reported within the first two hours, before the reminder
                        people.push((a.id, launched + Duration::minutes(30 + r as i64)));
                    }
                    continue;
                };
                let check =
                    |verdict, at: OffsetDateTime, title: Option<&str>, why: &str| CheckRecord {
                        push_id: push.id,
                        account_id: a.id,
                        verdict,
                        evidence: Evidence {
                            page_url: Some(page.clone()),
                            item_title: title.map(String::from),
                            http_status: Some(200),
                            checked_at: fmt(at),
                            explanation: why.into(),
                            ..Default::default()
                        },
                        etag: None,
                        last_modified: None,
                        content_hash: None,
                        duration_ms: Some(180 + r as i64),
                    };
                checks.push(check(
                    Verdict::NotFound,
                    launched + Duration::minutes(2),
                    None,
                    "页面中未发现本条辟谣信息。",
                ));
                let delay = match a.tier {
                    Tier::Main if r >= 95 => None,
                    Tier::Main if r >= 88 => Some(150 + r as i64),
                    Tier::Main => Some(6 + r as i64 * 2 / 3),
                    _ if r >= 93 => None,
                    _ if r >= 85 => Some(380 + r as i64),
                    _ => Some(20 + r as i64 * 4),
                };
                if a.tier == Tier::Allied && r == 7 {
                    checks.push(check(
                        Verdict::RumorReposted,
                        launched + Duration::minutes(40),
                        Some(&title),
                        "该账号发布的是谣言本身，不是辟谣信息。",
                    ));
                } else if let Some(minutes) = delay {
                    checks.push(check(
                        Verdict::Reposted,
                        launched + Duration::minutes(minutes),
                        Some(&rebuttal_title),
                        "标题与辟谣信息一致。",
                    ));
                }
            }
            checks.sort_by(|a, b| a.evidence.checked_at.cmp(&b.evidence.checked_at));
            for batch in checks.chunk_by(|a, b| a.evidence.checked_at == b.evidence.checked_at) {
                self.record_checks(batch)?;
            }
            people.sort_by_key(|(_, at)| *at);
            for (account, at) in people {
                clock.at(self, at, || {
                    self.confirm_target(
                        push.id,
                        account,
                        Some("联络员在工作群报送了转发截图"),
                        None,
                        "协调员",
                        at,
                    )
                })?;
            }
            // the main force's deadline passed with stragglers: reminded
            let stragglers = self
                .push_results(push.id)?
                .into_iter()
                .filter(|t| t.tier == Tier::Main && t.verdict != Some(Verdict::Reposted))
                .count();
            if stragglers > 0 {
                let at = due(Tier::Main) + Duration::minutes(1);
                if let Some(bot) = bots.iter().find(|b| b.tiers.contains(&Tier::Main)) {
                    let sent = self.record_delivery(
                        bot.id,
                        Some(push.id),
                        DeliveryPurpose::Reminder,
                        &SendOutcome {
                            ok: true,
                            parts: 1,
                            attempts: 1,
                            http_status: Some(200),
                            error: None,
                        },
                        &format!("【催办】辟谣信息「{rebuttal_title}」尚有 {stragglers} 个主力军账号未转发，请尽快转发。"),
                    )?;
                    clock.deliveries.push((sent.id, at));
                }
                let to: Vec<String> = bots.iter().take(1).map(|b| b.name.clone()).collect();
                clock.at(self, at, || {
                    self.record_reminder(push.id, stragglers, &to, true, OFFICE, at)
                })?;
            }
            let stopped = launched + Duration::hours(8);
            clock.at(self, stopped, || self.stop_push(push.id, OFFICE, stopped))?;
            clock.at(self, stopped + Duration::hours(16), || {
                self.transition_case(id, CaseStatus::Done, None, OFFICE)
            })?;
            if i == CASES - 2 {
                clock.cases.push((id, start, None, None));
                continue; // done, feedback and archive still to come
            }
            if source.is_report() {
                let at = stopped + Duration::days(1);
                clock.at(self, at, || {
                    self.case_feedback(id, "已电话告知举报人核查结果，对方表示理解。", OFFICE)
                })?;
                feedback_at = Some(at);
            }
            let at = stopped + Duration::days(2);
            clock.at(self, at, || {
                self.archive_case(
                    id,
                    &format!("{title}系谣言，{unit}当日核实辟谣，已推送矩阵转发。"),
                    OFFICE,
                )
            })?;
            clock.cases.push((id, start, feedback_at, Some(at)));
        }
        self.date(&clock)
    }

    /// Gives every row the demo year wrote the time its step happened (the timeline's guards
    /// are lifted for this one transaction and put back).
    fn date(&self, clock: &Clock) -> Result<()> {
        self.with_tx(|tx| {
            let guards: Vec<(String, String)> = {
                let mut stmt = tx.prepare(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'case_timeline'",
                )?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for (name, _) in &guards {
                tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
            }
            for (from, to, at) in &clock.timeline {
                tx.execute(
                    "UPDATE case_timeline SET at = ?3 WHERE id BETWEEN ?1 AND ?2",
                    params![from, to, fmt(*at)],
                )?;
            }
            for (id, at) in &clock.deliveries {
                tx.execute(
                    "UPDATE bot_deliveries SET at = ?2 WHERE id = ?1",
                    params![id, fmt(*at)],
                )?;
            }
            for (id, recorded, feedback, archived) in &clock.cases {
                tx.execute(
                    "UPDATE rumors SET created_at = ?2, updated_at = ?2 WHERE id = ?1",
                    params![id, fmt(*recorded)],
                )?;
                if let Some(at) = feedback {
                    tx.execute(
                        "UPDATE rumors SET feedback_at = ?2 WHERE id = ?1",
                        params![id, local(*at)],
                    )?;
                }
                if let Some(at) = archived {
                    tx.execute(
                        "UPDATE rumors SET archived_at = ?2, updated_at = ?3 WHERE id = ?1",
                        params![id, local(*at), fmt(*at)],
                    )?;
                }
            }
            for (_, sql) in &guards {
                tx.execute_batch(sql)?;
            }
            Ok(())
        })
    }
}
