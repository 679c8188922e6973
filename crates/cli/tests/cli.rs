//! The `piyao` binary as a script would use it.

use std::path::Path;
use std::process::{Command, Output};

fn piyao(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_piyao"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PIYAO_DB")
        .output()
        .expect("run piyao")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const LEDGER: &str = "账号名称,平台,梯队,责任单位,所属镇街,监测地址,联系方式,备注,状态
云川发布,微博,主力军,区融媒体中心,,http://127.0.0.1:9/u/1,周敏,,启用
龙塔街道发布,微信公众号,生力军,龙塔街道办事处,龙塔街道,,,,停用
";

#[test]
fn import_list_export_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let csv = dir.path().join("台账.csv");
    std::fs::write(&csv, LEDGER).unwrap();

    let out = piyao(&db, &["accounts", "import", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("已新增 2 个账号"));

    let out = piyao(&db, &["accounts", "list", "--json"]);
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["name"], "云川发布");
    assert_eq!(rows[0]["tier"], "main");
    assert_eq!(rows[1]["active"], false);

    let xlsx = dir.path().join("out.xlsx");
    let out = piyao(&db, &["accounts", "export", xlsx.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let db2 = dir.path().join("q.sqlite3");
    let out = piyao(&db2, &["accounts", "import", xlsx.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let a = text(&piyao(&db, &["accounts", "list", "--json"]).stdout).replace("\"id\":", "");
    let b = text(&piyao(&db2, &["accounts", "list", "--json"]).stdout).replace("\"id\":", "");
    let strip = |s: &str| {
        s.lines()
            .map(|l| l.split_once(",\"updated_at\"").unwrap().0.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&a), strip(&b));
}

#[test]
fn bad_rows_fail_with_a_clear_message_and_import_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let csv = dir.path().join("bad.csv");
    std::fs::write(&csv, format!("{LEDGER},快手,先锋队,,,,,,\n")).unwrap();
    let out = piyao(&db, &["accounts", "import", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("第 4 行"), "{err}");
    assert!(err.contains("无法识别的梯队「先锋队」"), "{err}");
    assert!(err.contains("import_has_errors"), "{err}");
    let out = piyao(&db, &["accounts", "list", "--json"]);
    assert!(text(&out.stdout).trim().is_empty(), "nothing imported");

    let out = piyao(
        &db,
        &[
            "accounts",
            "import",
            "--skip-invalid",
            csv.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("跳过 1 行"));
}

#[test]
fn missing_file_and_unknown_type_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let out = piyao(&db, &["accounts", "import", "/nonexistent/台账.csv"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("无法读取文件"));
    let out = piyao(
        &db,
        &[
            "accounts",
            "export",
            dir.path().join("x.pdf").to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("不支持的文件类型"));
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["accounts", "--help"],
        &["accounts", "import", "--help"],
        &["accounts", "list", "--help"],
        &["accounts", "export", "--help"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_piyao"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(text(&out.stdout).contains("Usage"), "{args:?}");
    }
}

#[test]
fn case_show_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let out = piyao(
        &db,
        &[
            "rumor",
            "add",
            "--title",
            "龙塔社区大门被枪击",
            "--text",
            "网传龙塔社区大门昨夜被枪击",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let id =
        serde_json::from_str::<serde_json::Value>(&text(&out.stdout)).unwrap()["id"].to_string();
    let out = piyao(&db, &["case", "show", &id, "--json"]);
    let case: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(case["status"], "new");
    assert_eq!(case["timeline"][0]["action"], "created");
    let out = piyao(&db, &["case", "search", "塔社", "--json"]);
    assert_eq!(text(&out.stdout).lines().count(), 1);
    let out = piyao(&db, &["case", "search", "青石", "--json"]);
    assert!(text(&out.stdout).trim().is_empty());
    let out = piyao(&db, &["case", "show", "99"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("找不到案件"));
}

#[test]
fn demo_loads_serves_its_internet_and_leaves_an_empty_database() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let out = piyao(&db, &["demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("已载入演示数据"));
    assert!(text(&piyao(&db, &["demo"]).stderr).contains("已是演示数据"));

    // served until stopped: the first line says where
    /// Stops the server however the test ends (a failed assertion included).
    struct Serving(std::process::Child);
    impl Drop for Serving {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut serve = Serving(
        Command::new(env!("CARGO_BIN_EXE_piyao"))
            .args(["--db", db.to_str().unwrap(), "demo", "--serve"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut base = String::new();
    std::io::BufReader::new(serve.0.stdout.take().unwrap())
        .read_line(&mut base)
        .unwrap();
    let base = base.trim().to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let list = text(&piyao(&db, &["accounts", "list", "--json"]).stdout);
    assert!(
        list.contains(&format!("{base}/gov/yunchuan/xwdt/")),
        "{list}"
    );
    // a plain HTTP/1.0 request: the district portal's news column answers
    let mut conn = std::net::TcpStream::connect(base.trim_start_matches("http://")).unwrap();
    std::io::Write::write_all(
        &mut conn,
        format!(
            "GET /gov/yunchuan/xwdt/ HTTP/1.0\r\nHost: {}\r\n\r\n",
            base.trim_start_matches("http://")
        )
        .as_bytes(),
    )
    .unwrap();
    let mut page = String::new();
    std::io::Read::read_to_string(&mut conn, &mut page).unwrap();
    assert!(page.starts_with("HTTP/1.0 200"), "{page}");
    assert!(page.contains("云川区人民政府网"), "{page}");
    drop(serve);

    // leaving empties it; an office's own database is never emptied by it
    assert!(piyao(&db, &["demo", "--leave"]).status.success());
    assert_eq!(
        text(&piyao(&db, &["accounts", "list", "--json"]).stdout),
        ""
    );
    let out = piyao(&db, &["demo", "--leave"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("不是演示数据"));
}
