//! `make bench` (statistics): a district after four busy years — 100,000 cases, 5,000 accounts,
//! about 840 pushes with 0.7 million targets and 5 million check results — built once in a temp
//! dir, then the dashboard, a year's statistics and archive search are timed through `Db`'s
//! public API: median and worst wall-clock time of several runs, and the median CPU time of
//! the calling thread (what a figure costs whatever else the machine is doing).
//!
//! The generator writes rows directly with prepared statements in one transaction: going
//! through the store's one-check-at-a-time API would take an hour. The schema's triggers
//! (migration 0005) fill in the facts statistics read, as they do for the app. It writes what
//! the store writes (same formats: local "YYYY-MM-DD HH:MM:SS" for first-seen and publication times,
//! RFC 3339 UTC elsewhere, the bigram index through `search::index_tokens`). Titles and
//! content come from real rumor texts (benches/data/, MIT, see its README).
//!
//! `PIYAO_BENCH_DB=path` keeps the database there (built when missing) instead of a temp dir.

use std::path::{Path, PathBuf};
use std::time::{Duration as StdDuration, Instant};

use piyao_core::model::{CaseFilter, CaseSort, Drill, DrillKind, Period};
use piyao_core::search::index_tokens;
use piyao_core::Db;
use rusqlite::{params, Connection};
use time::format_description::well_known::Rfc3339;
use time::macros::{format_description, offset};
use time::{Duration, OffsetDateTime};

const CASES: usize = 100_000;
const ACCOUNTS: usize = 5_000;
const MAIN: usize = 120;
const AUXILIARY: usize = 1_000;
const PUSHES: usize = 1_000;
const CHECKS: usize = 5_000_000;
const YEARS: i64 = 4;
const ACTIVE_PUSHES: usize = 5;
const RUNS: usize = 15;

// ---------------------------------------------------------------- texts

struct Texts {
    /// (rumor, longer text)
    rumors: Vec<(String, String)>,
    places: Vec<String>,
}

fn load_texts(db: &Db) -> Texts {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/data");
    let mut rumors = Vec::new();
    let mut csv = csv::Reader::from_path(dir.join("health_rumors.csv")).expect("health_rumors.csv");
    let headers = csv.headers().unwrap().clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .unwrap()
    };
    let (title, content) = (col("article_title"), col("article_content"));
    for rec in csv.records() {
        let rec = rec.unwrap();
        let t = rec[title]
            .trim_start_matches("谣言:")
            .trim_start_matches("谣言：")
            .trim_start_matches("【错误】")
            .trim()
            .to_string();
        if !t.is_empty() {
            rumors.push((t, rec[content].trim_end_matches("...").to_string()));
        }
    }
    let jsonl = std::fs::read_to_string(dir.join("rumors_judge_curated.jsonl")).unwrap();
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let title = v["title"].as_str().unwrap_or_default();
        let rumor = v["rumor"].as_str().unwrap_or(title);
        let rebuttal = v["rebuttal"].as_str().unwrap_or_default();
        if !rumor.is_empty() {
            rumors.push((rumor.to_string(), rebuttal.to_string()));
        }
    }
    let mut places = Vec::new();
    for t in db.territory_places().unwrap() {
        places.push(t.territory.clone());
        places.extend(t.places);
    }
    Texts { rumors, places }
}

// ---------------------------------------------------------------- random helpers

struct Rand(fastrand::Rng);

impl Rand {
    fn chance(&mut self, p: f64) -> bool {
        self.0.f64() < p
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.0.usize(..v.len())]
    }
    fn weighted<T: Copy>(&mut self, v: &[(T, f64)]) -> T {
        let total: f64 = v.iter().map(|(_, w)| w).sum();
        let mut x = self.0.f64() * total;
        for (t, w) in v {
            if x < *w {
                return *t;
            }
            x -= w;
        }
        v[v.len() - 1].0
    }
    /// Log-normal seconds with the given median.
    fn lognormal(&mut self, median_s: f64, sigma: f64) -> i64 {
        let (u1, u2) = (self.0.f64().max(1e-12), self.0.f64());
        let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
        (median_s * (sigma * z).exp()).round().max(1.0) as i64
    }
}

fn utc(t: OffsetDateTime) -> String {
    t.to_offset(offset!(UTC))
        .replace_nanosecond(0)
        .unwrap()
        .format(&Rfc3339)
        .unwrap()
}

fn utc_ms(t: OffsetDateTime) -> String {
    let t = t.to_offset(offset!(UTC));
    t.replace_millisecond(t.millisecond())
        .unwrap()
        .format(&Rfc3339)
        .unwrap()
}

fn local(t: OffsetDateTime) -> String {
    t.to_offset(offset!(+8))
        .format(format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second]"
        ))
        .unwrap()
}

// ---------------------------------------------------------------- the generator

struct Account {
    id: i64,
    tier: &'static str,
}

const TIER_HOURS: [(&str, [i64; 4]); 3] = [
    // main, auxiliary, allied hours by level 一般 较大 重大 特别重大 (the default policy)
    ("main", [12, 6, 3, 1]),
    ("auxiliary", [24, 12, 6, 3]),
    ("allied", [24, 12, 6, 3]),
];
const REBUTTAL_HOURS: [i64; 4] = [24, 12, 6, 2];
const LEVELS: [&str; 4] = ["general", "major", "serious", "critical"];

fn generate(path: &Path, now: OffsetDateTime) -> rusqlite::Result<()> {
    let db = Db::open(path).expect("open");
    db.load_demo_ledger().expect("demo");
    let texts = load_texts(&db);
    drop(db);
    let mut conn = Connection::open(path)?;
    conn.execute_batch(
        "PRAGMA synchronous = OFF; PRAGMA cache_size = -200000; PRAGMA temp_store = MEMORY;",
    )?;
    let mut r = Rand(fastrand::Rng::with_seed(20_261_122));
    let tx = conn.transaction()?;

    // Accounts: the demo's, then more up to 5,000 (120 main, 1,000 auxiliary, the rest allied).
    let units: Vec<i64> = {
        let mut s = tx.prepare("SELECT id FROM units ORDER BY id")?;
        let v = s
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        v
    };
    let territories: Vec<i64> = {
        let mut s = tx.prepare("SELECT id FROM territories ORDER BY id")?;
        let v = s
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        v
    };
    let existing: i64 = tx.query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))?;
    {
        let mut ins = tx.prepare(
            "INSERT INTO accounts (name, platform, tier, unit_id, territory_id, watch_url, active)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
        )?;
        let platforms = [
            ("wechat", 0.4),
            ("weibo", 0.25),
            ("douyin", 0.15),
            ("toutiao", 0.1),
            ("group_chat", 0.07),
            ("website", 0.03),
        ];
        for i in existing as usize..ACCOUNTS {
            let tier = if i < MAIN {
                "main"
            } else if i < MAIN + AUXILIARY {
                "auxiliary"
            } else {
                "allied"
            };
            let platform = r.weighted(&platforms);
            let unit = (tier != "allied" || r.chance(0.3)).then(|| *r.pick(&units));
            let url = (platform != "group_chat")
                .then(|| format!("https://example.cn/{platform}/{i}/feed"));
            ins.execute(params![
                format!("{}{}号", r.pick(&texts.places), i),
                platform,
                tier,
                unit,
                r.pick(&territories),
                url,
            ])?;
        }
    }
    let accounts: Vec<Account> = {
        let mut s = tx.prepare("SELECT id, tier FROM accounts ORDER BY id")?;
        let v = s
            .query_map([], |row| {
                let tier: String = row.get(1)?;
                Ok(Account {
                    id: row.get(0)?,
                    tier: match tier.as_str() {
                        "main" => "main",
                        "auxiliary" => "auxiliary",
                        _ => "allied",
                    },
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        v
    };
    let main: Vec<&Account> = accounts.iter().filter(|a| a.tier == "main").collect();
    let aux: Vec<&Account> = accounts.iter().filter(|a| a.tier == "auxiliary").collect();
    let allied: Vec<&Account> = accounts.iter().filter(|a| a.tier == "allied").collect();

    let mut ins_case = tx.prepare(
        "INSERT INTO rumors (id, title, content, platform, urls, first_seen_at, source, reporter_name, reporter_contact,
                             status, severity, controllability, influence, level, rebuttal_due_at, lead_unit_id,
                             created_at, updated_at, archived_at, summary)
         VALUES (?1, ?2, ?3, ?4, '[]', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17, ?18)",
    )?;
    let mut ins_co = tx.prepare("INSERT INTO case_co_units (rumor_id, unit_id) VALUES (?1, ?2)")?;
    let mut ins_reb = tx.prepare(
        "INSERT INTO rebuttals (rumor_id, title, content, url, publisher, published_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut ins_fts = tx.prepare("INSERT INTO case_fts (rowid, body) VALUES (?1, ?2)")?;
    let mut ins_line = tx.prepare(
        "INSERT INTO case_timeline (rumor_id, at, actor, action, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut ins_push = tx.prepare(
        "INSERT INTO pushes (id, rebuttal_id, status, created_at, deadlines, notice, finished_at, last_sweep_at, last_reminder_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut ins_target = tx.prepare(
        "INSERT INTO push_targets (push_id, account_id, tier, watch_url, verdict, evidence, first_seen_at, checked_at)
         VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7)",
    )?;

    let start = now - Duration::days(365 * YEARS);
    let span = (now - start).whole_seconds();
    let sources = [
        ("patrol", 0.45),
        ("netizen_report", 0.3),
        ("department_report", 0.15),
        ("assigned", 0.1),
    ];
    let levels = [(0usize, 0.6), (1, 0.25), (2, 0.12), (3, 0.03)];
    let verbs = [
        "网传",
        "有网民称",
        "微信群流传",
        "抖音视频称",
        "有人在朋友圈发布",
        "",
    ];
    let rebutted_share = 0.85;
    let push_p = PUSHES as f64 / (CASES as f64 * rebutted_share * 0.92);
    // (push id, case id, rebuttal id, launched, level index) for pushes, then their targets.
    let mut pushes: Vec<(i64, i64, i64, OffsetDateTime, usize)> = Vec::new();
    let mut rebuttal_id = 0i64;
    for i in 0..CASES {
        let id = i as i64 + 1;
        let created = start + Duration::seconds(span * i as i64 / CASES as i64 + r.0.i64(0..3600))
            - Duration::seconds(3600);
        let created = created.min(now - Duration::minutes(5));
        let first_seen = created - Duration::seconds(r.0.i64(60..4 * 3600));
        let (rumor, body) = r.pick(&texts.rumors);
        let title = if r.chance(0.4) {
            format!("{}{}{}", r.pick(&verbs), r.pick(&texts.places), rumor)
        } else {
            format!("{}{}", r.pick(&verbs), rumor)
        };
        let title: String = title.chars().take(120).collect();
        let content: String = body.chars().take(200 + r.0.usize(0..300)).collect();
        let source = r.weighted(&sources);
        let age_days = (now - created).whole_days();
        let assessed = age_days > 3 || r.chance(0.7);
        // The last few cases are critical and being pushed right now (the dashboard's pushes).
        let recent = i >= CASES - ACTIVE_PUSHES;
        let level = if recent {
            Some(3)
        } else {
            (assessed && r.chance(0.93)).then(|| r.weighted(&levels))
        };
        let rebutted = recent
            || level.is_some()
                && r.chance(rebutted_share / 0.93)
                && (age_days > 1 || r.chance(0.5));
        let status = match (level, rebutted, age_days) {
            (None, _, d) if d <= 3 => "new",
            (None, _, _) => {
                if r.chance(0.3) {
                    "merged"
                } else {
                    "declined"
                }
            }
            (Some(_), false, d) if d <= 3 => *r.pick(&["assessed", "verifying"]),
            (Some(_), false, _) => "declined",
            (Some(_), true, _) if recent => "pushing",
            (Some(_), true, d) if d <= 7 => *r.pick(&["rebuttal_published", "done"]),
            (Some(_), true, _) => {
                if r.chance(0.7) {
                    "archived"
                } else {
                    "done"
                }
            }
        };
        let scores = level.map(|l| (2 + l as i64, 3, 2 + l as i64));
        let due = level.map(|l| local(first_seen + Duration::hours(REBUTTAL_HOURS[l])));
        let report = matches!(source, "netizen_report" | "department_report");
        let archived = (status == "archived").then(|| local(created + Duration::days(10)));
        ins_case.execute(params![
            id,
            title,
            content,
            *r.pick(&["微博", "微信群", "抖音", "今日头条", "朋友圈"]),
            local(first_seen),
            source,
            report.then_some("张先生"),
            report.then_some("13800001234"),
            status,
            scores.map(|s| s.0),
            scores.map(|s| s.1),
            scores.map(|s| s.2),
            level.map(|l| LEVELS[l]),
            due,
            level.map(|_| *r.pick(&units)),
            utc(created),
            archived,
            archived.as_ref().map(|_| "已辟谣并完成推送，归档。"),
        ])?;
        if level.is_some() && r.chance(0.2) {
            ins_co.execute(params![id, *r.pick(&units)])?;
        }
        ins_line.execute(params![
            id,
            utc(created),
            "协调员",
            "created",
            format!("登记谣言：{title}")
        ])?;
        if let Some(l) = level {
            ins_line.execute(params![
                id,
                utc(created + Duration::minutes(20)),
                "协调员",
                "assessed",
                format!("研判：{}", LEVELS[l])
            ])?;
        }
        let mut fts = format!("{title} {content}");
        if rebutted {
            let l = level.unwrap();
            let delay = r.lognormal(REBUTTAL_HOURS[l] as f64 * 3600.0 * 0.4, 0.8);
            let published = first_seen + Duration::seconds(delay);
            let rtitle = format!(
                "【辟谣】关于“{}”的情况说明",
                rumor.chars().take(40).collect::<String>()
            );
            let rtext = format!(
                "经核实，网传“{}”不实。{}",
                rumor,
                body.chars().take(120).collect::<String>()
            );
            let copies = if r.chance(0.03) { 2 } else { 1 };
            for k in 0..copies {
                let at = published + Duration::days(k);
                ins_reb.execute(params![
                    id,
                    rtitle,
                    rtext,
                    format!("https://example.cn/rebuttal/{id}/{k}"),
                    "平安云川",
                    local(at),
                    utc(at),
                ])?;
                rebuttal_id = tx.last_insert_rowid();
                ins_line.execute(params![
                    id,
                    utc(at),
                    "协调员",
                    "rebuttal",
                    format!("录入辟谣信息：{rtitle}")
                ])?;
            }
            fts.push(' ');
            fts.push_str(&rtitle);
            fts.push(' ');
            fts.push_str(&rtext);
            if recent || r.chance(push_p * (0.5 + l as f64 * 0.5)) {
                let launched = if recent {
                    now - Duration::minutes(40 + 25 * (CASES - i) as i64)
                } else {
                    published + Duration::minutes(r.0.i64(10..90))
                };
                pushes.push((pushes.len() as i64 + 1, id, rebuttal_id, launched, l));
            }
        }
        ins_fts.execute(params![id, index_tokens(&fts)])?;
    }

    // Pushes, their targets and every check.
    struct Target {
        push: i64,
        account: i64,
        tier: &'static str,
        launched: OffsetDateTime,
        seen: Option<i64>,
        end: i64,
        natural: f64,
        verdict: &'static str,
    }
    let mut targets: Vec<Target> = Vec::new();
    let others = [
        ("not_found", 0.7),
        ("blocked", 0.1),
        ("unreachable", 0.1),
        ("deleted", 0.03),
        ("rumor_reposted", 0.02),
        ("unchecked", 0.05),
    ];
    for &(push_id, case_id, reb, launched, l) in &pushes {
        let active = launched > now - Duration::hours(6);
        let mut chosen: Vec<&Account> = main.clone();
        chosen.extend(aux.iter().filter(|_| r.chance(0.4)).copied());
        if r.chance(0.1) {
            chosen.extend(allied.iter().copied());
        }
        let deadlines: Vec<(&str, OffsetDateTime)> = TIER_HOURS
            .iter()
            .filter(|(t, _)| chosen.iter().any(|a| a.tier == *t))
            .map(|(t, h)| (*t, launched + Duration::hours(h[l])))
            .collect();
        let json = serde_json::to_string(
            &deadlines
                .iter()
                .map(|(t, d)| serde_json::json!({"tier": t, "due_at": utc(*d)}))
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let last_due = deadlines.iter().map(|d| d.1).max().unwrap();
        let stop = last_due + Duration::hours(2);
        let reminded = r.chance(0.3);
        ins_push.execute(params![
            push_id,
            reb,
            if active { "active" } else { "finished" },
            utc(launched),
            json,
            "【辟谣推送】请矩阵各成员转发辟谣信息",
            (!active).then(|| utc(stop)),
            utc(if active {
                now - Duration::minutes(3)
            } else {
                stop
            }),
            reminded.then(|| utc(deadlines[0].1)),
        ])?;
        ins_line.execute(params![
            case_id,
            utc(launched),
            "协调员",
            "push",
            format!("发起推送 #{push_id}：{}账号", chosen.len())
        ])?;
        if reminded {
            for k in 0..r.0.i64(1..4) {
                let at = deadlines[0].1 + Duration::minutes(30 * k);
                if at < now {
                    ins_line.execute(params![
                        case_id,
                        utc(at),
                        "系统",
                        "reminder",
                        format!("推送 #{push_id} 截止时间已到，自动催办：若干账号未转发；发送至：矩阵工作群"),
                    ])?;
                }
            }
        }
        let horizon = (now - launched).whole_seconds();
        for a in chosen {
            let ti = ["main", "auxiliary", "allied"]
                .iter()
                .position(|t| *t == a.tier)
                .unwrap();
            let (p, median) = [(0.95, 1500.0), (0.85, 5400.0), (0.6, 14_400.0)][ti];
            let end = (stop - launched).whole_seconds().min(horizon);
            let delay = r.lognormal(median, 0.9);
            let seen = (r.chance(p) && delay < end).then_some(delay);
            let checked = active && r.chance(0.1);
            let verdict = match (seen, checked || !active) {
                (Some(_), _) => "reposted",
                (None, true) => r.weighted(&others),
                (None, false) => "",
            };
            let natural = match seen {
                Some(d) => 1.0 + d as f64 / 600.0,
                None => 1.0 + end as f64 / 600.0,
            };
            targets.push(Target {
                push: push_id,
                account: a.id,
                tier: a.tier,
                launched,
                seen,
                end,
                natural,
                verdict,
            });
        }
    }
    let scale = CHECKS as f64 / targets.iter().map(|t| t.natural).sum::<f64>();
    let mut ins_check = tx.prepare(
        "INSERT INTO check_attempts (push_id, account_id, at, verdict, http_status, duration_ms, evidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut written = 0usize;
    let mut owed = 0.0f64;
    for (n, t) in targets.iter().enumerate() {
        owed += t.natural * scale;
        let mut k = owed.floor().max(1.0) as usize;
        if n == targets.len() - 1 {
            k = CHECKS.saturating_sub(written).max(1);
        }
        owed -= k as f64;
        let last = t.seen.unwrap_or(t.end).max(1);
        let evidence = |verdict: &str, at: &str| {
            format!(
                r#"{{"page_url":"https://example.cn/feed/{}","item_title":null,"item_url":null,"fragment":null,"score":null,"http_status":200,"checked_at":"{at}","explanation":"{}"}}"#,
                t.account,
                if verdict == "reposted" {
                    "页面中有一条与辟谣信息标题一致的内容"
                } else {
                    "页面已读取，未发现转载"
                }
            )
        };
        let attempts: Vec<(String, &str)> = (0..k)
            .map(|j| {
                let offset = if k == 1 {
                    last
                } else {
                    last * j as i64 / (k as i64 - 1)
                };
                let at = utc_ms(t.launched + Duration::seconds(offset.max(30)));
                let v = if j + 1 == k && !t.verdict.is_empty() {
                    t.verdict
                } else {
                    "not_found"
                };
                (at, v)
            })
            .collect();
        let final_at = attempts[k - 1].0.clone();
        written += k;
        let verdict = (!t.verdict.is_empty()).then_some(t.verdict);
        ins_target.execute(params![
            t.push,
            t.account,
            t.tier,
            verdict,
            verdict.map(|v| evidence(v, &final_at)),
            t.seen.map(|_| final_at.clone()),
            verdict.map(|_| final_at.clone()),
        ])?;
        for (j, (at, v)) in attempts.iter().enumerate() {
            ins_check.execute(params![
                t.push,
                t.account,
                at,
                v,
                200,
                300 + (j % 700) as i64,
                evidence(v, at)
            ])?;
        }
    }
    drop((
        ins_case, ins_co, ins_reb, ins_fts, ins_line, ins_push, ins_target, ins_check,
    ));
    tx.commit()?;
    println!(
        "  generated: {} cases, {} accounts, {} pushes, {} targets, {} check results",
        CASES,
        accounts.len(),
        pushes.len(),
        targets.len(),
        written
    );
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(())
}

// ---------------------------------------------------------------- timing

struct Timing {
    name: String,
    median: StdDuration,
    worst: StdDuration,
    /// CPU time of this thread, median: what the figure costs whatever else the machine runs.
    cpu: StdDuration,
    target_ms: u128,
    note: String,
}

/// CPU time consumed by the calling thread.
fn thread_cpu() -> StdDuration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    StdDuration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn time<T>(
    name: &str,
    target_ms: u128,
    mut f: impl FnMut() -> T,
    note: impl Fn(&T) -> String,
) -> Timing {
    let mut runs = Vec::new();
    let mut cpu = Vec::new();
    let mut last = None;
    for _ in 0..RUNS {
        let (t, c) = (Instant::now(), thread_cpu());
        let v = f();
        runs.push(t.elapsed());
        cpu.push(thread_cpu() - c);
        last = Some(v);
    }
    let worst = *runs.iter().max().unwrap();
    runs.sort();
    cpu.sort();
    Timing {
        name: name.to_string(),
        median: runs[RUNS / 2],
        worst,
        cpu: cpu[RUNS / 2],
        target_ms,
        note: note(&last.unwrap()),
    }
}

fn dir_size(path: &Path) -> u64 {
    let base = path.file_name().unwrap().to_string_lossy().to_string();
    std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&base))
        .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
        .sum()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("stats: bench");
        return;
    }
    let now = OffsetDateTime::now_utc();
    let tmp = tempfile::tempdir().unwrap();
    let path = std::env::var_os("PIYAO_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("bench.sqlite3"));
    println!("Statistics at scale ({})", path.display());
    if !path.exists() {
        let t = Instant::now();
        generate(&path, now).expect("generate");
        println!("  generation: {:.1} s", t.elapsed().as_secs_f64());
    } else {
        println!("  reusing the database (delete it to build a fresh one)");
    }
    println!("  size on disk: {:.0} MB", dir_size(&path) as f64 / 1e6);

    let db = Db::open(&path).unwrap();
    let today = now.to_offset(offset!(+8)).date();
    let year = Period {
        from: (today - Duration::days(364)).to_string(),
        to: today.to_string(),
    };
    let mut out = Vec::new();
    out.push(time(
        "dashboard",
        200,
        || db.dashboard(now).unwrap(),
        |d| {
            format!(
                "{} active pushes, {} overdue cases, {} overdue tiers, {} cases this week",
                d.active_pushes.len(),
                d.overdue_count.value,
                d.overdue_tiers.len(),
                d.week.cases_recorded.value
            )
        },
    ));
    out.push(time(
        &format!("statistics {} .. {}", year.from, year.to),
        200,
        || db.statistics(&year, now).unwrap(),
        |s| {
            format!(
                "{} cases, {} pushes, {} targets, {} units",
                s.cases.value,
                s.pushes.value,
                s.targeted.value,
                s.units.len()
            )
        },
    ));
    for q in [
        "疫苗",
        "口罩",
        "龙塔社区",
        "新型冠状病毒",
        "荔枝酒驾",
        "不存在的词语",
        "疫",
        "塔",
        "鑫",
    ] {
        let filter = CaseFilter {
            query: Some(q.into()),
            ..Default::default()
        };
        out.push(time(
            &format!("search \"{q}\""),
            100,
            || db.case_page(&filter, CaseSort::default(), 1, 50).unwrap(),
            |p| format!("first 50 of {} cases", p.total),
        ));
    }
    for (kind, key) in [
        (DrillKind::CasesBySubject, "公安"),
        (DrillKind::UnitMissed, "区公安分局"),
        (DrillKind::AccountsReached, ""),
        (DrillKind::TierMissed, "main"),
        (DrillKind::MainNotReached, "100"),
    ] {
        let d = Drill::new(kind, key);
        out.push(time(
            &format!(
                "drill {} {key}",
                serde_json::to_value(kind).unwrap().as_str().unwrap()
            ),
            0,
            || db.stats_drill(&year, &d, (1, 50), now).unwrap(),
            |r| format!("first 50 of {} rows", r.rows_total),
        ));
    }

    println!();
    println!("| operation | median | worst of {RUNS} | CPU (median) | target | |");
    println!("|---|---:|---:|---:|---:|---|");
    let mut failed = false;
    for t in &out {
        let ok = t.target_ms == 0 || t.median.as_millis() < t.target_ms;
        failed |= !ok;
        println!(
            "| {} | {:.1} ms | {:.1} ms | {:.1} ms | {} | {} {} |",
            t.name,
            t.median.as_secs_f64() * 1e3,
            t.worst.as_secs_f64() * 1e3,
            t.cpu.as_secs_f64() * 1e3,
            if t.target_ms == 0 {
                "—".to_string()
            } else {
                format!("< {} ms", t.target_ms)
            },
            if ok { "ok" } else { "SLOW" },
            t.note
        );
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "\nload average while measuring: {} ({} CPUs)",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    if failed {
        println!("some timings missed their target (wall clock, median)");
    }
}
