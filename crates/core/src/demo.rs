//! The demo district (云川区, fictional): its directory and ledger ship inside the binary so a
//! new user can try the app on realistic data. While the demo is loaded the database says so
//! (the `demo_base` setting: where the demo internet serves the accounts' pages), the window
//! marks everything 演示数据, and 退出演示 empties the database again.

use rusqlite::{params, OptionalExtension};

use crate::error::{Error, Result};
use crate::ledger::ImportSummary;
use crate::model::{AssignInput, BotInput, BotKind, CaseInput, CaseSource, RebuttalInput, Tier};
use crate::rules::{CaseStatus, Scores};
use crate::store::{Db, Directory};

pub const DIRECTORY_JSON: &str = include_str!("../../../assets/demo/directory.json");
pub const LEDGER_CSV: &str = include_str!("../../../assets/demo/ledger.csv");
/// Words → subjects and units → subjects, in the directory file format.
pub const RULES_JSON: &str = include_str!("../../../assets/demo/rules.json");

/// Where the shipped demo ledger's pages are (the demo internet's preferred address).
pub const DEMO_BASE: &str = "http://127.0.0.1:8790";
/// The demo's Weibo API: the same demo internet under another name for the same machine, so
/// that the pace Weibo asks for (a request a second at least) holds for it alone, not for the
/// demo's bridges.
pub const DEMO_WEIBO: &str = "http://localhost:8790";
/// The setting that marks a demo database, holding the demo internet's base URL.
const DEMO_KEY: &str = "demo_base";
/// The demo work group's bot: its secret, as the demo internet checks it.
pub const DEMO_BOT_SECRET: &str = "SECdemo0123456789abcdef";
/// Who the demo's own steps are written as, on the timeline.
const DEMO_ACTOR: &str = "演示数据";

/// The demo case that is ready for a push: a rumor and the rebuttal the police published.
pub const DEMO_RUMOR: &str = "有人冒充民警销售出行通行证";
pub const DEMO_RUMOR_TEXT: &str =
    "紧急扩散！有民警内部渠道代办出行通行证，两百元一张，名额有限，需要的私聊！";
pub const DEMO_REBUTTAL: &str = "【辟谣】网传“民警代办出行通行证”系诈骗，请勿上当";
pub const DEMO_REBUTTAL_TEXT: &str = "近日，有人在微信群发布“民警内部渠道代办出行通行证、两百元一张”的信息。经云川区公安分局核实，该信息系不法分子冒充民警实施诈骗，公安机关从未通过任何渠道销售通行证。请广大群众提高警惕，切勿转账，发现线索请拨打110。";
/// The rebuttal's page on the demo internet (under [`DEMO_BASE`]).
pub const DEMO_REBUTTAL_PATH: &str = "/wechat/pingan-yunchuan/a/1";

/// The demo as the window shows it: whether it is loaded, where its internet listens, and
/// what its work groups received through their bots.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct DemoStatus {
    pub active: bool,
    pub base: Option<String>,
    pub received: Vec<DemoMessage>,
}

/// A message a demo work group received.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct DemoMessage {
    /// RFC 3339, UTC.
    pub at: String,
    pub text: String,
}

/// What the demo internet needs to draw an account's page: the account, and the newest push
/// that targets it (when it was launched, what it asks to repost, the rumor it answers).
#[derive(Debug, Clone, PartialEq)]
pub struct DemoView {
    pub id: i64,
    pub name: String,
    pub tier: Tier,
    pub push: Option<DemoPush>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoPush {
    pub push_id: i64,
    pub launched_at: time::OffsetDateTime,
    pub rebuttal_title: String,
    pub rebuttal_text: String,
    pub rumor_title: String,
    pub rumor_text: String,
}

/// Whether the database holds the demo.
pub(crate) fn is_demo(c: &rusqlite::Connection) -> Result<bool> {
    Ok(c.query_row(
        "SELECT EXISTS (SELECT 1 FROM settings WHERE key = ?1)",
        [DEMO_KEY],
        |r| r.get(0),
    )?)
}

/// A demo push's deadlines, in minutes rather than the level's hours, so that a newcomer sees
/// a deadline pass and the reminder go within the first minutes: main force 3, the others 8.
pub(crate) fn demo_deadlines(now: time::OffsetDateTime) -> Vec<crate::model::TierDeadline> {
    Tier::ALL
        .iter()
        .map(|&tier| crate::model::TierDeadline {
            tier,
            due_at: crate::rules::push::fmt(
                now + time::Duration::minutes(if tier == Tier::Main { 3 } else { 8 }),
            ),
        })
        .collect()
}

impl Db {
    /// Loads the demo district into an empty database: directory, rules and ledger, the demo
    /// work groups' bots, a case whose rebuttal is published and ready for a push, and push
    /// settings that let a push be watched in minutes (a sweep a minute). Refused when the
    /// ledger has accounts, so demo rows never mix with an office's own.
    pub fn load_demo(&self) -> Result<ImportSummary> {
        let summary = self.load_demo_ledger()?;
        for (name, tiers) in [
            ("主力军工作群（演示）", vec![Tier::Main]),
            (
                "生力军、同盟军工作群（演示）",
                vec![Tier::Auxiliary, Tier::Allied],
            ),
        ] {
            self.save_bot(
                None,
                &BotInput {
                    name: name.into(),
                    kind: BotKind::Dingtalk,
                    webhook: format!("{DEMO_BASE}/robot/send?access_token=demo"),
                    secret: Some(DEMO_BOT_SECRET.into()),
                    tiers,
                    units: vec![],
                    enabled: true,
                },
            )?;
        }
        // the demo's platforms: its WeWe RSS, RSSHub and Weibo API are the demo internet
        let mut platforms = self.platform_settings()?;
        platforms.wewe_rss = Some(format!("{DEMO_BASE}/wewe"));
        platforms.rsshub = Some(format!("{DEMO_BASE}/rsshub"));
        platforms.weibo_api = Some(format!("{DEMO_WEIBO}/weibo-api"));
        platforms.pace.weibo_interval_s = 1;
        platforms.pace.bridge_interval_s = 0;
        platforms.pace.bridge_concurrency = 4;
        self.set_platform_settings(platforms)?;
        self.demo_year(time::OffsetDateTime::now_utc())?;
        let mut settings = self.push_settings()?;
        settings.interval_minutes = 1;
        settings.reminder_cooldown_minutes = 1;
        self.set_push_settings(&settings)?;
        self.demo_case()?;
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![DEMO_KEY, DEMO_BASE],
            )?;
            Ok(())
        })?;
        Ok(summary)
    }

    /// The demo's directory, rules and ledger alone, into an empty ledger (the fixture the
    /// tests and benchmarks share; not marked as the demo). Refused when the ledger has accounts.
    pub fn load_demo_ledger(&self) -> Result<ImportSummary> {
        if self.count_accounts()? > 0 {
            return Err(Error::Invalid(
                "台账中已有账号，示范台账只能载入到空的数据库中。".to_string(),
            ));
        }
        let dir: Directory = serde_json::from_str(DIRECTORY_JSON)
            .map_err(|e| Error::Invalid(format!("示范目录损坏：{e}")))?;
        self.merge_directory(&dir)?;
        let rules: crate::store::DirectoryFile = serde_json::from_str(RULES_JSON)
            .map_err(|e| Error::Invalid(format!("示范规则损坏：{e}")))?;
        self.set_assignment_rules(&crate::rules::AssignmentRules {
            subject_rules: rules.subject_rules,
            unit_subjects: rules.unit_subjects,
        })?;
        let sheet = crate::ledger::sheet_from_csv(LEDGER_CSV.as_bytes())?;
        self.import_sheet(&sheet, false)
    }

    /// A case through to 已发布辟谣, as an office would have it when the push is due.
    fn demo_case(&self) -> Result<i64> {
        let case = self.create_case(
            &CaseInput {
                title: DEMO_RUMOR.into(),
                content: DEMO_RUMOR_TEXT.into(),
                platform: Some("微信群".into()),
                urls: vec![],
                first_seen_at: None,
                source: CaseSource::NetizenReport,
                reporter_name: Some("网民（演示）".into()),
                reporter_contact: None,
            },
            DEMO_ACTOR,
        )?;
        let scores = Scores {
            severity: 3,
            controllability: 3,
            influence: 3,
        };
        self.assess_case(case.id, &scores, DEMO_ACTOR)?;
        let assign = AssignInput {
            lead_unit: "区公安分局".into(),
            co_units: vec![],
            reason: Some("冒充民警诈骗，属公安".into()),
        };
        self.assign_case(case.id, &assign, DEMO_ACTOR)?;
        self.transition_case(case.id, CaseStatus::Verifying, None, DEMO_ACTOR)?;
        self.record_case_rebuttal(
            case.id,
            &RebuttalInput {
                rumor_id: case.id,
                title: DEMO_REBUTTAL.into(),
                content: DEMO_REBUTTAL_TEXT.into(),
                url: Some(format!("{DEMO_BASE}{DEMO_REBUTTAL_PATH}")),
                publisher: Some("平安云川".into()),
                published_at: None,
            },
            DEMO_ACTOR,
        )?;
        Ok(case.id)
    }

    /// The account the checker reads at `url` (its page, feed or API address under the
    /// platforms' settings) and its newest push (`None`: no such account).
    pub fn demo_view(&self, url: &str) -> Result<Option<DemoView>> {
        use crate::rules::sources::Reading;
        let found = self
            .probe_list(None)?
            .into_iter()
            .find(|t| matches!(&t.reading, Ok(Some(Reading::Fetch { url: u })) if u == url));
        let Some(target) = found else {
            return Ok(None);
        };
        self.demo_account(target.id).map(Some)
    }

    /// Account `id` and its newest push, as the demo internet draws it.
    pub fn demo_account(&self, id: i64) -> Result<DemoView> {
        self.read(|c| {
            let (name, tier): (String, String) =
                c.query_row("SELECT name, tier FROM accounts WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            let push = c
                .query_row(
                    "SELECT p.id, p.created_at, r.title, r.content, ru.title, ru.content
                     FROM push_targets t JOIN pushes p ON p.id = t.push_id
                     JOIN rebuttals r ON r.id = p.rebuttal_id JOIN rumors ru ON ru.id = r.rumor_id
                     WHERE t.account_id = ?1 ORDER BY p.created_at DESC, p.id DESC LIMIT 1",
                    [id],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                        ))
                    },
                )
                .optional()?
                .and_then(
                    |(push_id, at, rebuttal_title, rebuttal_text, rumor_title, rumor_text)| {
                        Some(DemoPush {
                            push_id,
                            launched_at: crate::rules::push::parse(&at)?,
                            rebuttal_title,
                            rebuttal_text,
                            rumor_title,
                            rumor_text,
                        })
                    },
                );
            let tier = Tier::ALL
                .into_iter()
                .find(|t| t.code() == tier)
                .unwrap_or(Tier::Allied);
            Ok(DemoView {
                id,
                name,
                tier,
                push,
            })
        })
    }

    /// Where the demo internet serves the demo accounts, while the demo is loaded.
    pub fn demo_base(&self) -> Result<Option<String>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [DEMO_KEY],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    /// The demo internet listens at `base` (its preferred port was taken): the demo's
    /// addresses (accounts and what the checker reads of them, bots, rebuttals, the platforms'
    /// bridges) move there with it.
    pub fn rebase_demo(&self, base: &str) -> Result<()> {
        let Some(old) = self.demo_base()? else {
            return Err(Error::Invalid("当前不是演示数据库".into()));
        };
        let port = |u: &str| -> Result<u16> {
            url::Url::parse(u)
                .ok()
                .and_then(|u| u.port())
                .ok_or_else(|| Error::Invalid(format!("演示网络地址缺少端口：{u}")))
        };
        let (from, to) = (port(&old)?, port(base)?);
        if from == to {
            return Ok(());
        }
        self.with_tx(|tx| {
            for host in ["127.0.0.1", "localhost"] {
                let (a, b) = (format!("://{host}:{from}/"), format!("://{host}:{to}/"));
                let like = format!("%{a}%");
                for (table, column) in [
                    ("accounts", "watch_url"),
                    ("accounts", "source"),
                    ("push_targets", "watch_url"),
                    ("bots", "webhook"),
                    ("rebuttals", "url"),
                    ("settings", "value"),
                ] {
                    tx.execute(
                        &format!("UPDATE {table} SET {column} = replace({column}, ?1, ?2) WHERE {column} LIKE ?3"),
                        params![a, b, like],
                    )?;
                }
            }
            tx.execute(
                "UPDATE settings SET value = ?1 WHERE key = ?2",
                params![base, DEMO_KEY],
            )?;
            Ok(())
        })
    }

    /// 退出演示: removes every row (the append-only timeline's guards are lifted for this one
    /// transaction and put back) and compacts the file, leaving an empty database. Refused
    /// on a database that is not the demo's.
    pub fn leave_demo(&self) -> Result<()> {
        if self.demo_base()?.is_none() {
            return Err(Error::Invalid(
                "当前数据库不是演示数据，不能用“退出演示”清空。".into(),
            ));
        }
        self.with_tx(|tx| {
            let objects = |kind: &str| -> Result<Vec<(String, String)>> {
                let mut stmt = tx.prepare(
                    "SELECT name, sql FROM sqlite_master WHERE type = ?1 AND sql IS NOT NULL",
                )?;
                let rows = stmt.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            };
            // every row goes, so the references hold again when the transaction ends
            tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
            let triggers = objects("trigger")?;
            for (name, _) in &triggers {
                tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
            }
            let tables = objects("table")?;
            // a full-text index is emptied through its own table, never its shadow tables
            let virtual_tables: Vec<&String> = tables
                .iter()
                .filter(|(_, sql)| sql.starts_with("CREATE VIRTUAL"))
                .map(|(name, _)| name)
                .collect();
            for (name, _) in &tables {
                let shadow = virtual_tables
                    .iter()
                    .any(|v| name.starts_with(&format!("{v}_")));
                let internal = name.starts_with("sqlite_") && name != "sqlite_sequence";
                if shadow || internal {
                    continue;
                }
                tx.execute_batch(&format!("DELETE FROM \"{name}\""))?;
            }
            for (_, sql) in &triggers {
                tx.execute_batch(sql)?;
            }
            Ok(())
        })?;
        self.read(|c| {
            c.execute_batch("VACUUM")?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{AccountFilter, CaseFilter, Tier};
    use crate::rules::CaseStatus;
    use crate::store::Db;

    #[test]
    fn demo_loads_every_row_with_all_three_tiers() {
        let db = Db::open_in_memory().unwrap();
        assert_eq!(db.demo_base().unwrap(), None);
        let s = db.load_demo().unwrap();
        assert!(s.created >= 30, "{s:?}");
        assert_eq!(s.skipped, 0);
        assert_eq!(db.demo_base().unwrap().as_deref(), Some(super::DEMO_BASE));
        let all = db.list_accounts(&AccountFilter::default()).unwrap();
        for tier in Tier::ALL {
            assert!(all.iter().any(|a| a.tier == tier), "{tier:?}");
        }
        assert!(db
            .list_territories()
            .unwrap()
            .iter()
            .all(|t| !t.places.is_empty()));
        let rules = db.assignment_rules().unwrap();
        assert!(rules.subject_rules.len() >= 30);
        assert!(rules
            .unit_subjects
            .iter()
            .any(|u| u.unit == "区公安分局" && u.subjects == ["公安"]));
        let err = db.load_demo().unwrap_err();
        assert!(
            err.to_string().contains("已有账号"),
            "never over an existing ledger"
        );
    }

    #[test]
    fn the_demo_year_reads_like_an_offices_year() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("demo.sqlite3")).unwrap();
        let t = std::time::Instant::now();
        db.load_demo().unwrap();
        eprintln!("demo loaded in {:.2} s", t.elapsed().as_secs_f64());
        let now = time::OffsetDateTime::now_utc();
        let cases = db.list_cases(&CaseFilter::default()).unwrap();
        assert_eq!(
            cases.len(),
            61,
            "sixty over the year, and the one ready for a push"
        );
        // the year before, and the days ahead whatever the office's date is now
        let day = |t: time::OffsetDateTime| {
            format!("{:04}-{:02}-{:02}", t.year(), t.month() as u8, t.day())
        };
        let period = crate::model::Period {
            from: day(now - time::Duration::days(366)),
            to: day(now + time::Duration::days(2)),
        };
        let s = db.statistics(&period, now).unwrap();
        // as a real district reported for a year: about sixty cases, twenty-one rebuttals pushed
        // (and the case ready for a push, its rebuttal published, not yet pushed)
        assert_eq!(s.cases.value, 61, "{:?}", s.cases);
        assert_eq!((s.rebuttals.value, s.pushes.value), (22, 21));
        let main = &s.coverage_by_tier[0];
        assert_eq!(main.key, "main");
        assert!((0.85..1.0).contains(&main.ratio), "{main:?}");
        assert!(main.missed.value > 0, "a few late or missing: {main:?}");
        assert!(s.by_level.iter().filter(|b| b.value > 0).count() >= 2);
        assert!(s.rebuttal_time.median_seconds.is_some());
        let count = |status| cases.iter().filter(|c| c.status == status).count();
        assert!(count(CaseStatus::Archived) >= 18);
        assert!(count(CaseStatus::Declined) >= 15);
        assert!(count(CaseStatus::New) >= 1);
        // each step on its day: an archived case's timeline spans days, in order, in the past
        let archived = cases
            .iter()
            .filter(|c| c.status == CaseStatus::Archived)
            .min_by_key(|c| c.created_at.clone())
            .unwrap();
        let timeline = db.get_case(archived.id).unwrap().timeline;
        let at = |i: usize| crate::rules::push::parse(&timeline[i].at).unwrap();
        assert!(at(timeline.len() - 1) - at(0) > time::Duration::days(2));
        assert!(at(timeline.len() - 1) < now - time::Duration::days(30));
        assert!(
            timeline.windows(2).all(|w| w[0].at <= w[1].at),
            "{:#?}",
            timeline
                .iter()
                .map(|e| (&e.at, &e.action, &e.detail))
                .collect::<Vec<_>>()
        );
        assert!(timeline
            .iter()
            .any(|e| e.action == "reminder" || e.detail.contains("催办")));
        // nothing is left being monitored
        assert!(db.dashboard(now).unwrap().active_pushes.is_empty());
    }

    #[test]
    fn a_demo_case_is_ready_for_a_push_with_deadlines_in_minutes() {
        let db = Db::open_in_memory().unwrap();
        db.load_demo().unwrap();
        let cases = db.list_cases(&CaseFilter::default()).unwrap();
        let case = db
            .get_case(
                cases
                    .iter()
                    .find(|c| c.title == super::DEMO_RUMOR)
                    .unwrap()
                    .id,
            )
            .unwrap();
        assert_eq!(case.status, CaseStatus::RebuttalPublished);
        let now = time::macros::datetime!(2026-12-03 10:00 UTC);
        let draft = db.push_draft(case.id, now).unwrap();
        assert_eq!(
            draft.rebuttal.url.as_deref(),
            Some(format!("{}{}", super::DEMO_BASE, super::DEMO_REBUTTAL_PATH).as_str())
        );
        let due = |tier| {
            draft
                .deadlines
                .iter()
                .find(|d| d.tier == tier)
                .unwrap()
                .due_at
                .clone()
        };
        assert_eq!(due(Tier::Main), "2026-12-03T10:03:00Z");
        assert_eq!(due(Tier::Allied), "2026-12-03T10:08:00Z");
        assert_eq!(db.list_bots().unwrap().len(), 2);
        assert_eq!(db.push_settings().unwrap().interval_minutes, 1);

        // what the demo internet sees of an account, before and after a push
        // 平安云川 on Weibo: entered as weibo.com/u/…, read at the demo's Weibo API
        let weibo = db
            .list_accounts(&AccountFilter::default())
            .unwrap()
            .into_iter()
            .find(|a| a.name == "平安云川" && a.platform == crate::model::Platform::Weibo)
            .unwrap();
        assert!(weibo
            .watch_url
            .as_deref()
            .unwrap()
            .starts_with("https://weibo.com/u/"));
        let url = match &db.probe_list(Some(&[weibo.id])).unwrap()[0].reading {
            Ok(Some(crate::rules::sources::Reading::Fetch { url })) => url.clone(),
            other => panic!("{other:?}"),
        };
        assert!(
            url.starts_with("http://localhost:8790/weibo-api/api/container/getIndex?"),
            "{url}"
        );
        let view = db.demo_view(&url).unwrap().unwrap();
        assert_eq!((view.name.as_str(), view.tier), ("平安云川", Tier::Main));
        // the newest push it was in: one of the demo year's
        let before = view.push.unwrap();
        assert!(before.launched_at < now);
        assert_eq!(db.demo_view("http://127.0.0.1:8790/none").unwrap(), None);
        let launch = crate::model::PushLaunch {
            case_id: case.id,
            filter: draft.filter.clone(),
            deadlines: draft.deadlines.clone(),
            notice: draft.notice.clone(),
            bot_ids: vec![],
        };
        let push = db.launch_push(&launch, "测试", now).unwrap();
        let seen = db.demo_view(&url).unwrap().unwrap().push.unwrap();
        assert_eq!(seen.push_id, push.id);
        assert_eq!(seen.launched_at, now);
        assert_eq!(seen.rebuttal_title, super::DEMO_REBUTTAL);
        assert_eq!(seen.rumor_title, super::DEMO_RUMOR);
    }

    #[test]
    fn the_demo_moves_with_its_internet_and_leaves_an_empty_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("demo.sqlite3")).unwrap();
        let err = db.leave_demo().unwrap_err();
        assert!(err.to_string().contains("不是演示数据"), "{err}");
        db.load_demo().unwrap();
        db.rebase_demo("http://127.0.0.1:8791").unwrap();
        let all = db.list_accounts(&AccountFilter::default()).unwrap();
        let urls: Vec<&str> = all
            .iter()
            .filter_map(|a| a.watch_url.as_deref())
            .filter(|u| u.contains("127.0.0.1"))
            .collect();
        assert!(!urls.is_empty());
        assert!(
            urls.iter().all(|u| u.starts_with("http://127.0.0.1:8791/")),
            "{urls:?}"
        );
        // and so does what the checker reads: the pages, the bridges and the Weibo API
        let read = format!("{:?}", db.probe_list(None).unwrap());
        assert!(read.contains("127.0.0.1:8791/wewe/feeds/MP_WXS_"), "{read}");
        assert!(read.contains("localhost:8791/weibo-api/"), "{read}");
        assert!(!read.contains(":8790"), "{read}");
        assert!(db
            .list_bots()
            .unwrap()
            .iter()
            .all(|b| b.webhook.starts_with("http://127.0.0.1:8791/robot/")));
        assert_eq!(
            db.demo_base().unwrap().as_deref(),
            Some("http://127.0.0.1:8791")
        );

        db.leave_demo().unwrap();
        assert_eq!(db.count_accounts().unwrap(), 0);
        assert!(db.list_cases(&CaseFilter::default()).unwrap().is_empty());
        assert!(db.list_bots().unwrap().is_empty());
        assert_eq!(db.demo_base().unwrap(), None);
        assert!(db.list_territories().unwrap().is_empty());
        // the guards are back and the search index works: a new case is found, and its
        // timeline stays append-only
        let input = crate::testing::CaseBuilder::new("网传某小区停水三天").input;
        let id = db.create_case(&input, "测试").unwrap().id;
        assert_eq!(
            db.list_cases(&CaseFilter {
                query: Some("停水".into()),
                ..Default::default()
            })
            .unwrap()
            .len(),
            1
        );
        let err = db
            .with_tx(|tx| {
                tx.execute("DELETE FROM case_timeline WHERE rumor_id = ?1", [id])?;
                Ok(())
            })
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
        // and the demo can be loaded again
        db.load_demo().unwrap();
    }
}
