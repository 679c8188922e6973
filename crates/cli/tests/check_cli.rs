//! The checker through the `piyao` binary, against a loopback server started by the test.

use std::path::Path;
use std::process::{Command, Output};

use axum::http::header;
use axum::routing::get;
use axum::Router;

const REBUTTAL_TITLE: &str = "【辟谣】关于网传“有人冒充民警销售通行证”的情况说明";
const REBUTTAL_TEXT: &str = "近日，网传有人冒充民警在龙塔广场一带销售“通行证”。经云川区公安分局核实，该信息系谣言，公安机关从未发放或销售任何形式的通行证，请广大市民不信谣、不传谣。";
const RUMOR_TEXT: &str =
    "注意！有民警在龙塔广场卖通行证，两百元一张，有了它出入小区不用查验，赶紧去买！";

fn page(title: &str, body: &str) -> String {
    format!("<html><head><meta charset=\"utf-8\"><meta property=\"og:title\" content=\"{title}\"><meta property=\"og:type\" content=\"article\"></head><body><div id=\"js_content\"><p>{body}</p></div></body></html>")
}

fn serve() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async move {
            fn html(body: String) -> ([(header::HeaderName, &'static str); 1], String) {
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body)
            }
            let app = Router::new()
                .route(
                    "/repost",
                    get(|| async {
                        html(page(&format!("转发：{REBUTTAL_TITLE}"), REBUTTAL_TEXT))
                    }),
                )
                .route("/rumor", get(|| async { html(page("速看", RUMOR_TEXT)) }))
                .route(
                    "/other",
                    get(|| async {
                        html(page(
                            "云川区开展冬季消防安全大检查",
                            "各镇街认真落实消防安全责任。",
                        ))
                    }),
                );
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    base
}

fn piyao(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_piyao"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PIYAO_DB")
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(out: Output) -> serde_json::Value {
    serde_json::from_str(ok(out).trim()).unwrap()
}

#[test]
fn rumor_rebuttal_push_check_coverage_and_match() {
    let base = serve();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let ledger = dir.path().join("台账.csv");
    std::fs::write(
        &ledger,
        format!(
            "账号名称,平台,梯队,责任单位,监测地址\n平安云川,微信公众号,主力军,区公安分局,{base}/repost\n云川发布,微信公众号,主力军,区融媒体中心,{base}/other\n\
             云川生活圈,微信公众号,同盟军,区委网信办,{base}/rumor\n龙塔社区居民群,群聊,同盟军,龙塔街道办事处,\n"
        ),
    )
    .unwrap();
    let config = dir.path().join("fetch.json");
    std::fs::write(
        &config,
        r#"{"per_host_interval_ms": 0, "per_host_concurrency": 8, "total_timeout_ms": 3000}"#,
    )
    .unwrap();
    let cfg = config.to_str().unwrap();
    ok(piyao(
        &db,
        &["accounts", "import", ledger.to_str().unwrap()],
    ));

    let rumor = json(piyao(
        &db,
        &[
            "rumor",
            "add",
            "--title",
            "有人冒充民警销售通行证",
            "--text",
            RUMOR_TEXT,
            "--json",
        ],
    ));
    let rumor_id = rumor["id"].to_string();
    let reb = json(piyao(
        &db,
        &[
            "rebuttal",
            "add",
            "--rumor",
            &rumor_id,
            "--title",
            REBUTTAL_TITLE,
            "--text",
            REBUTTAL_TEXT,
            "--url",
            &format!("{base}/rebuttal"),
            "--publisher",
            "平安云川",
            "--json",
        ],
    ));
    let reb_id = reb["id"].to_string();
    let push = json(piyao(
        &db,
        &[
            "push",
            "start",
            "--rebuttal",
            &reb_id,
            "--tiers",
            "主力军,同盟军",
            "--json",
        ],
    ));
    assert_eq!(push["targets"], 4);
    let push_id = push["id"].to_string();

    let out = piyao(
        &db,
        &["check", "--push", &push_id, "--json", "--fetch-config", cfg],
    );
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        stderr.contains("已核查 4/4"),
        "progress on stderr: {stderr}"
    );
    let lines: Vec<serde_json::Value> = ok(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let verdict = |name: &str| {
        lines.iter().find(|l| l["account"] == name).unwrap()["verdict"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(verdict("平安云川"), "reposted");
    assert_eq!(verdict("云川发布"), "not_found");
    assert_eq!(verdict("云川生活圈"), "rumor_reposted");
    assert_eq!(verdict("龙塔社区居民群"), "unchecked");

    let cov = json(piyao(&db, &["coverage", "--push", &push_id, "--json"]));
    assert_eq!(cov["tiers"][0]["tier"], "main");
    assert_eq!(cov["tiers"][0]["reposted"], 1);
    assert_eq!(cov["tiers"][0]["targeted"], 2);
    assert_eq!(cov["tiers"][1]["rumor_reposted"], 1);
    let text = ok(piyao(&db, &["coverage", "--push", &push_id]));
    assert!(text.contains("主力军\t1/2\t50%"), "{text}");

    let m = json(piyao(
        &db,
        &[
            "match",
            "--rebuttal",
            &reb_id,
            "--url",
            &format!("{base}/repost"),
            "--json",
            "--fetch-config",
            cfg,
        ],
    ));
    assert_eq!(m["verdict"], "reposted");
    assert!(m["evidence"]["explanation"]
        .as_str()
        .unwrap()
        .contains("辟谣"));
    // What the checker read there: the page's kind and every item.
    assert_eq!(m["page"]["kind"], "article");
    assert!(m["items"][0][0]["title"]
        .as_str()
        .unwrap()
        .contains("冒充民警"));
    assert_eq!(m["items"][0][1]["kind"], "repost");
    let text = ok(piyao(
        &db,
        &[
            "match",
            "--rebuttal",
            &reb_id,
            "--url",
            &format!("{base}/repost"),
            "--fetch-config",
            cfg,
        ],
    ));
    assert!(text.contains("读到的内容：文章页，共 1 条"), "{text}");
    assert!(text.contains("[转载本条辟谣]"), "{text}");
    let saved = dir.path().join("page.html");
    std::fs::write(&saved, page("速看", RUMOR_TEXT)).unwrap();
    let text = ok(piyao(
        &db,
        &[
            "match",
            "--rebuttal",
            &reb_id,
            "--file",
            saved.to_str().unwrap(),
        ],
    ));
    assert!(text.contains("rumor_reposted"), "{text}");

    let out = piyao(&db, &["check", "--push", "999"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到推送"));
}

#[test]
fn accounts_probe_tests_the_ledger_and_keeps_what_it_found() {
    use piyao_core::model::{AccountInput, Platform, Tier};
    use piyao_testnet::weibo::{FakeWeibo, Post};
    let weibo = FakeWeibo::start();
    weibo.set_timeline(
        "1111111111",
        "平安云川",
        vec![Post::new("1", "冬季防火提示：请勿在林区吸烟。")],
    );
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("piyao.sqlite3");
    {
        let db = piyao_core::Db::open(&db_path).unwrap();
        db.set_platform_settings(piyao_core::rules::sources::PlatformSettings {
            weibo_api: Some(weibo.base().into()),
            ..Default::default()
        })
        .unwrap();
        for (name, platform, url) in [
            (
                "平安云川",
                Platform::Weibo,
                Some("https://weibo.com/u/1111111111"),
            ),
            (
                "云川发布",
                Platform::Wechat,
                Some("https://mp.weixin.qq.com/s/abc"),
            ),
        ] {
            db.create_account(AccountInput {
                name: name.into(),
                platform,
                tier: Tier::Main,
                unit: None,
                territory: None,
                watch_url: url.map(Into::into),
                contact: None,
                notes: None,
                active: true,
            })
            .unwrap();
        }
    }
    let cfg = dir.path().join("fetch.json");
    std::fs::write(
        &cfg,
        format!(r#"{{"weibo_passport": "{}", "retries": 0}}"#, weibo.base()),
    )
    .unwrap();
    let out = piyao(
        &db_path,
        &[
            "accounts",
            "probe",
            "--json",
            "--fetch-config",
            cfg.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let of = |name: &str| lines.iter().find(|l| l["account"] == name).unwrap().clone();
    assert_eq!(of("平安云川")["readability"]["checkable"], "auto");
    assert_eq!(
        of("平安云川")["items"][0]["title"],
        "冬季防火提示：请勿在林区吸烟。"
    );
    assert_eq!(of("云川发布")["readability"]["checkable"], "people");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("已测试 2 个账号") && err.contains("可自动核查 1"),
        "{err}"
    );
    assert_eq!(weibo.handshakes(), 1);
    // a second run takes up the identity kept in the database: no new handshake
    let again = piyao(
        &db_path,
        &[
            "accounts",
            "probe",
            "--id",
            "1",
            "--fetch-config",
            cfg.to_str().unwrap(),
        ],
    );
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(weibo.handshakes(), 1);
    assert!(
        !String::from_utf8_lossy(&again.stdout).contains("_2AkMV"),
        "no identity in the output"
    );

    // kept in the ledger; an unknown account is refused
    let db = piyao_core::Db::open(&db_path).unwrap();
    let found: Vec<_> = db
        .list_accounts(&Default::default())
        .unwrap()
        .into_iter()
        .map(|a| (a.name, a.readability.map(|r| r.checkable.code())))
        .collect();
    assert!(
        found.contains(&("平安云川".into(), Some("auto"))),
        "{found:?}"
    );
    let out = piyao(&db_path, &["accounts", "probe", "--id", "999"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("999"));
}

/// Two group chats of the allied force (their liaisons 李明 and 赵强) imported from `ledger`,
/// the rumor and rebuttal recorded, and a push of it to the allied force; the push's id.
fn two_group_chats_pushed(db: &Path, ledger: &Path) -> String {
    std::fs::write(
        ledger,
        "账号名称,平台,梯队,责任单位,联系人\n龙塔社区居民群,群聊,同盟军,龙塔街道办事处,李明 13800000001\n龙塔商户群,群聊,同盟军,龙塔街道办事处,赵强 13800000003\n",
    )
    .unwrap();
    ok(piyao(db, &["accounts", "import", ledger.to_str().unwrap()]));
    let rumor = json(piyao(
        db,
        &[
            "rumor",
            "add",
            "--title",
            "有人冒充民警销售通行证",
            "--text",
            RUMOR_TEXT,
            "--json",
        ],
    ));
    let reb = json(piyao(
        db,
        &[
            "rebuttal",
            "add",
            "--rumor",
            &rumor["id"].to_string(),
            "--title",
            REBUTTAL_TITLE,
            "--text",
            REBUTTAL_TEXT,
            "--publisher",
            "平安云川",
            "--json",
        ],
    ));
    let push = json(piyao(
        db,
        &[
            "push",
            "start",
            "--rebuttal",
            &reb["id"].to_string(),
            "--tiers",
            "同盟军",
            "--json",
        ],
    ));
    push["id"].to_string()
}

#[test]
fn confirm_reads_pasted_links_previews_them_and_confirms_with_yes() {
    let base = serve();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let ledger = dir.path().join("台账.csv");
    let push_id = two_group_chats_pushed(&db, &ledger);
    let pasted = dir.path().join("工作群.txt");
    std::fs::write(
        &pasted,
        format!("李明：已转 {base}/repost\n赵强：已转 {base}/rumor\n"),
    )
    .unwrap();
    let cfg = dir.path().join("fetch.json");
    std::fs::write(
        &cfg,
        r#"{"per_host_interval_ms": 0, "total_timeout_ms": 3000}"#,
    )
    .unwrap();
    let args = |extra: &[&str]| {
        let mut a = vec![
            "confirm",
            "--push",
            &push_id,
            "--text",
            pasted.to_str().unwrap(),
            "--fetch-config",
            cfg.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        a.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let run = |extra: &[&str]| {
        let a = args(extra);
        piyao(&db, &a.iter().map(String::as_str).collect::<Vec<_>>())
    };

    // the preview: one JSON line per link, nothing confirmed
    let lines: Vec<serde_json::Value> = ok(run(&["--json"]))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["verdict"], "reposted");
    assert_eq!(lines[0]["account"], "龙塔社区居民群");
    assert_eq!(lines[0]["accepted"], true);
    assert_eq!(lines[1]["verdict"], "rumor_reposted");
    assert_eq!(lines[1]["accepted"], false);
    let coverage = json(piyao(&db, &["coverage", "--push", &push_id, "--json"]));
    assert_eq!(coverage["total"]["reposted"], 0, "{coverage}");

    // --yes confirms the accepted link only
    let out = run(&["--yes"]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    ok(out);
    assert!(
        stderr.contains("已确认 1 个账号：龙塔社区居民群"),
        "{stderr}"
    );
    let coverage = json(piyao(&db, &["coverage", "--push", &push_id, "--json"]));
    assert_eq!(coverage["total"]["reposted"], 1, "{coverage}");

    // the evidence package of the push
    let package = dir.path().join("证据包.zip");
    let out = piyao(
        &db,
        &[
            "push",
            "evidence",
            "--push",
            &push_id,
            "--out",
            package.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    ok(out);
    assert!(stderr.contains("2 个目标账号"), "{stderr}");
    assert!(std::fs::metadata(&package).unwrap().len() > 0);
    let out = piyao(
        &db,
        &["push", "evidence", "--push", &push_id, "--out", "x.xlsx"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(".zip"));

    // bad input: text without a link, a file of a kind not read, a push that does not exist
    std::fs::write(&pasted, "收到，已转").unwrap();
    let out = run(&[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有找到"));
    let doc = dir.path().join("报送.docx");
    std::fs::write(&doc, "x").unwrap();
    let out = piyao(
        &db,
        &[
            "confirm",
            "--push",
            &push_id,
            "--text",
            doc.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("不支持的文件类型"));
    let out = piyao(
        &db,
        &[
            "confirm",
            "--push",
            "999",
            "--text",
            ledger.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
}

#[test]
fn confirm_reads_screenshots_keeps_the_good_one_and_packs_it_as_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let ledger = dir.path().join("台账.csv");
    let push_id = two_group_chats_pushed(&db, &ledger);
    let good = dir.path().join("good.png");
    piyao_testnet::screenshot::group_chat(&good, "龙塔社区居民群(356)", REBUTTAL_TITLE);
    let rumor_shot = dir.path().join("rumor.png");
    piyao_testnet::screenshot::group_chat(
        &rumor_shot,
        "龙塔商户群(88)",
        "紧急扩散！有人冒充民警销售通行证，两百元一张",
    );
    let not_image = dir.path().join("notes.png");
    std::fs::write(&not_image, "这不是图片").unwrap();
    // 60 MB (sparse): refused by its size before it is read
    let huge = dir.path().join("huge.png");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(60 << 20)
        .unwrap();
    let images = [&good, &rumor_shot, &not_image, &huge].map(|p| p.to_str().unwrap().to_string());

    let mut args: Vec<&str> = vec!["confirm", "--push", &push_id, "--json", "--image"];
    args.extend(images.iter().map(String::as_str));
    let lines: Vec<serde_json::Value> = ok(piyao(&db, &args))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        (
            &lines[0]["verdict"],
            &lines[0]["account"],
            &lines[0]["accepted"]
        ),
        (
            &serde_json::json!("reposted"),
            &serde_json::json!("龙塔社区居民群"),
            &serde_json::json!(true)
        ),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1]["accepted"], false, "{}", lines[1]);
    assert_ne!(lines[1]["verdict"], "reposted");
    assert_eq!(lines[2]["verdict"], "unreadable");
    assert!(lines[2]["explanation"]
        .as_str()
        .unwrap()
        .contains("不是 PNG"));
    assert_eq!(lines[3]["verdict"], "unreadable");
    assert!(
        lines[3]["explanation"]
            .as_str()
            .unwrap()
            .contains("文件有 60.0 MB，截图不能超过 20 MB"),
        "{}",
        lines[3]
    );

    let mut yes = args.clone();
    yes.push("--yes");
    let out = piyao(&db, &yes);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    ok(out);
    assert!(
        stderr.contains("已确认 1 个账号：龙塔社区居民群"),
        "{stderr}"
    );

    // the screenshot travels in the evidence package, as sent
    let package = dir.path().join("证据包.zip");
    ok(piyao(
        &db,
        &[
            "push",
            "evidence",
            "--push",
            &push_id,
            "--out",
            package.to_str().unwrap(),
        ],
    ));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&package).unwrap()).unwrap();
    let shot = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .find(|n| n.starts_with("证据/截图/") && n.contains("龙塔社区居民群"))
        .expect("the screenshot in the package");
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name(&shot).unwrap(), &mut bytes).unwrap();
    assert_eq!(bytes, std::fs::read(&good).unwrap());
}
