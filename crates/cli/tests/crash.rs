//! Crash safety: `piyao` is killed with SIGKILL at random moments of sweeps (`check`,
//! `watch --once`) and of large ledger imports, round after round, against a loopback
//! internet of a few hundred account feeds (half of them showing the rebuttal) that change
//! between rounds. After every kill the database must be intact (`PRAGMA integrity_check`,
//! foreign keys), every repost confirmed before must still be confirmed with the same
//! first-seen time, the attempt log must only grow, and an import must have happened
//! entirely or not at all.
//!
//! `std::process::Child::kill` sends SIGKILL on Unix (its documentation says so; the exit
//! status below is checked for signal 9), so no extra crate is needed.
//!
//! The schedule comes from a seeded generator: the seed is printed, and
//! `PIYAO_CRASH_SEED=<seed>` replays a failing run; `PIYAO_CRASH_ROUNDS` sets the rounds (40).

#![cfg(unix)]

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use piyao_testnet::{Internet, Shows};

const FEEDS: usize = 300;
/// Rows of the ledger the import rounds load: about as long as the kill delays, so that some
/// imports are cut and some finish.
const IMPORTED: usize = 1500;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn piyao(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_piyao"));
    c.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PIYAO_DB")
        .env_remove("PIYAO_FETCH_CONFIG");
    c
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn id_of(out: Output) -> String {
    let v: serde_json::Value = serde_json::from_str(ok(out).trim()).unwrap();
    v["id"].to_string()
}

/// What must never go backwards, read straight from the file.
#[derive(Default)]
struct State {
    /// (push, account) → first_seen_at of every confirmed repost.
    reposted: BTreeMap<(i64, i64), String>,
    attempts: i64,
    accounts: i64,
}

fn inspect(db: &Path) -> State {
    let c = rusqlite::Connection::open(db).unwrap();
    let integrity: Vec<String> = c
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(integrity, ["ok"], "integrity_check");
    let fk: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0, "foreign_key_check");
    let mut reposted = BTreeMap::new();
    let mut stmt = c
        .prepare("SELECT push_id, account_id, first_seen_at, evidence FROM push_targets WHERE verdict = 'reposted'")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (p, a, first, evidence) = row.unwrap();
        let evidence = evidence.expect("a confirmed repost keeps its evidence");
        assert!(evidence.contains("explanation"), "{evidence}");
        reposted.insert(
            (p, a),
            first.expect("a confirmed repost has a first-seen time"),
        );
    }
    // An import is one transaction: all of its accounts with one round's notes, or none.
    let (imported, rounds): (i64, i64) = c
        .query_row(
            "SELECT count(*), count(DISTINCT notes) FROM accounts WHERE name LIKE '导入账号%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        imported == 0 || imported == IMPORTED as i64,
        "a partial import: {imported} of {IMPORTED} accounts"
    );
    assert!(rounds <= 1, "accounts from {rounds} different imports");
    State {
        reposted,
        attempts: c
            .query_row("SELECT count(*) FROM check_attempts", [], |r| r.get(0))
            .unwrap(),
        accounts: c
            .query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
            .unwrap(),
    }
}

fn write_import(path: &Path, round: usize) {
    let mut text = String::from("账号名称,平台,梯队,责任单位,所属镇街,备注\n");
    for i in 0..IMPORTED {
        text.push_str(&format!(
            "导入账号{i},网站,同盟军,单位{},镇街{},第{round}轮导入\n",
            i % 37,
            i % 11
        ));
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn sigkill_during_sweeps_and_imports_loses_nothing_confirmed() {
    let seed: u64 = std::env::var("PIYAO_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    let rounds: usize = std::env::var("PIYAO_CRASH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    println!("crash test seed = {seed} (replay with PIYAO_CRASH_SEED={seed}), {rounds} rounds");
    let mut rng = Rng(seed);
    let started = Instant::now();

    let net = Internet::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let cfg = dir.path().join("fetch.json");
    // Short timeouts, no retries; a 3 ms pace on the one loopback host stretches a sweep of
    // a few hundred feeds over about a second, so that most kills land in the middle of one.
    std::fs::write(
        &cfg,
        r#"{"global_concurrency": 16, "per_host_concurrency": 16, "per_host_interval_ms": 3,
            "connect_timeout_ms": 1000, "total_timeout_ms": 2000, "retries": 0}"#,
    )
    .unwrap();
    let cfg = cfg.to_str().unwrap().to_string();

    // The matrix: FEEDS accounts, most of which show the rebuttal.
    let feed = |i: usize| format!("a{i}");
    let mut ledger = String::from("账号名称,平台,梯队,责任单位,监测地址\n");
    for i in 0..FEEDS {
        let tier = ["主力军", "生力军", "同盟军"][i % 3];
        ledger.push_str(&format!(
            "云川账号{i},网站,{tier},单位{},{}\n",
            i % 9,
            net.feed_url(&feed(i))
        ));
        let shows = match rng.below(10) {
            0..=4 => Shows::Rebuttal,
            5 => Shows::Rumor,
            _ => Shows::Nothing,
        };
        net.show(&feed(i), shows);
    }
    let ledger_path = dir.path().join("台账.csv");
    std::fs::write(&ledger_path, ledger).unwrap();
    ok(
        piyao(&db, &["accounts", "import", ledger_path.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    let rumor = id_of(
        piyao(
            &db,
            &[
                "rumor",
                "add",
                "--title",
                piyao_testnet::RUMOR,
                "--text",
                piyao_testnet::RUMOR_TEXT,
                "--json",
            ],
        )
        .output()
        .unwrap(),
    );
    let rebuttal = id_of(
        piyao(
            &db,
            &[
                "rebuttal",
                "add",
                "--rumor",
                &rumor,
                "--title",
                piyao_testnet::REBUTTAL,
                "--text",
                piyao_testnet::REBUTTAL_TEXT,
                "--url",
                &net.rebuttal_url(),
                "--json",
            ],
        )
        .output()
        .unwrap(),
    );
    let push = id_of(
        piyao(&db, &["push", "start", "--rebuttal", &rebuttal, "--json"])
            .output()
            .unwrap(),
    );
    let big = dir.path().join("BIG.csv");

    let mut before = inspect(&db);
    let (mut kills, mut finished) = (0usize, 0usize);
    let mut by_action: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut grew, mut cut_after_writing) = (0usize, 0usize);
    for round in 0..rounds {
        // The matrix changes between rounds: some reposts appear, some are taken down.
        for _ in 0..15 {
            let i = rng.below(FEEDS as u64) as usize;
            let shows = match rng.below(3) {
                0 => Shows::Rebuttal,
                1 => Shows::Nothing,
                _ => Shows::Rumor,
            };
            net.show(&feed(i), shows);
        }
        let action = match rng.below(10) {
            0..=5 => "check",
            6 | 7 => "import",
            _ => "watch",
        };
        let mut cmd = match action {
            "check" => piyao(&db, &["check", "--push", &push, "--fetch-config", &cfg]),
            "import" => {
                write_import(&big, round);
                piyao(&db, &["accounts", "import", big.to_str().unwrap()])
            }
            _ => piyao(&db, &["watch", "--once", "--fetch-config", &cfg]),
        };
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(301)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let killed = status.signal() == Some(9);
        let e = by_action.entry(action).or_default();
        if killed {
            kills += 1;
            e.0 += 1;
        } else {
            finished += 1;
            e.1 += 1;
            assert!(status.success(), "round {round} ({action}): {status}");
        }

        let after = inspect(&db);
        for (target, first_seen) in &before.reposted {
            assert_eq!(
                after.reposted.get(target),
                Some(first_seen),
                "round {round} ({action}, killed {killed}): confirmed repost {target:?} lost or changed (seed {seed})"
            );
        }
        assert!(
            after.attempts >= before.attempts,
            "round {round}: attempts went from {} to {} (seed {seed})",
            before.attempts,
            after.attempts
        );
        assert!(
            after.accounts >= before.accounts,
            "round {round}: accounts lost"
        );
        if after.reposted.len() > before.reposted.len() {
            grew += 1;
        }
        if killed && (after.attempts > before.attempts || after.accounts > before.accounts) {
            cut_after_writing += 1;
        }
        before = after;
    }

    // The database still works: a sweep to the end confirms every feed now showing the
    // rebuttal, on top of everything confirmed before.
    ok(
        piyao(&db, &["check", "--push", &push, "--fetch-config", &cfg])
            .output()
            .unwrap(),
    );
    let end = inspect(&db);
    for target in before.reposted.keys() {
        assert!(end.reposted.contains_key(target));
    }
    let pending: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM push_targets WHERE verdict IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pending, 0, "every target has a verdict after a full sweep");
    println!(
        "{rounds} rounds in {:.1} s: {kills} killed mid-run ({cut_after_writing} of them after some writes had committed), {finished} finished before the kill; \
         by action (killed, finished): {by_action:?}; confirmed reposts grew in {grew} rounds, {} at the end; {} check attempts; imported accounts: {}",
        started.elapsed().as_secs_f64(),
        end.reposted.len(),
        end.attempts,
        end.accounts - FEEDS as i64
    );
    // Most rounds must really be cut short, or the test proves little.
    assert!(
        kills >= rounds / 3,
        "too few kills landed: {kills} of {rounds}"
    );
}
