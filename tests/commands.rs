//! The shell's command table through Tauri's mock runtime: real IPC serialisation, real
//! argument names, real error shapes, no window.

use piyao_app::{attach, AppState};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

struct Harness {
    _app: tauri::App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
    dir: tempfile::TempDir,
}

fn harness_with(state: impl FnOnce(&std::path::Path) -> AppState) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let app = attach(mock_builder(), state(dir.path()))
        .build(mock_context(noop_assets()))
        .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Harness {
        _app: app,
        window,
        dir,
    }
}

fn harness() -> Harness {
    harness_with(|dir| AppState::open(&dir.join("piyao.sqlite3")))
}

impl Harness {
    /// Invokes `cmd` as the window does; the answer's body, or the error as JSON.
    fn invoke(&self, cmd: &str, args: Value) -> Result<tauri::ipc::InvokeResponseBody, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.invoke(cmd, args)
            .map(|b| b.deserialize::<Value>().unwrap())
    }

    /// A command that answers raw bytes (not JSON).
    fn bytes(&self, cmd: &str, args: Value) -> Vec<u8> {
        match self.invoke(cmd, args) {
            Ok(tauri::ipc::InvokeResponseBody::Raw(bytes)) => bytes,
            other => panic!("{cmd} answered no bytes: {other:?}"),
        }
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

fn input(name: &str) -> Value {
    json!({
        "name": name, "platform": "weibo", "tier": "main", "unit": "区公安分局",
        "territory": null, "watch_url": "http://127.0.0.1:9/u", "contact": null,
        "notes": null, "active": true
    })
}

const NO_FILTER: &str = r#"{"filter":{"query":null,"tier":null,"platform":null,"unit":null,"territory":null},"page":1,"pageSize":100}"#;

#[test]
fn account_crud_through_ipc() {
    let h = harness();
    let status = h.ok("db_status", json!({}));
    assert_eq!(status["accounts"], 0);

    let a = h.ok("account_create", json!({ "input": input("平安云川") }));
    assert_eq!(a["unit"], "区公安分局");
    let id = a["id"].as_i64().unwrap();

    let mut edited = input("平安云川");
    edited["notes"] = json!("夜间联系值班室");
    let b = h.ok("account_update", json!({ "id": id, "input": edited }));
    assert_eq!(b["notes"], "夜间联系值班室");

    assert_eq!(
        h.ok("account_set_tier", json!({ "ids": [id], "tier": "allied" })),
        1
    );
    let page = h.ok("account_page", serde_json::from_str(NO_FILTER).unwrap());
    assert_eq!(
        (page["total"].as_i64(), page["page"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(page["rows"][0]["tier"], "allied");
    assert_eq!(page["tiers"][0]["tier"], "allied");
    // bulk actions over a filter, across pages, with their progress
    let progress = record_event(&h._app, "bulk-progress");
    let by_unit = json!({ "query": null, "tier": null, "platform": null, "unit": "区公安分局", "territory": null });
    assert_eq!(
        h.ok(
            "account_set_tier_matching",
            json!({ "filter": by_unit, "tier": "main" })
        ),
        1
    );
    assert_eq!(
        progress.lock().unwrap().last(),
        Some(&json!({ "done": 1, "total": 1 }))
    );
    let page = h.ok("account_page", serde_json::from_str(NO_FILTER).unwrap());
    assert_eq!(page["rows"][0]["tier"], "main");
    h.ok("account_set_tier", json!({ "ids": [id], "tier": "allied" }));
    assert_eq!(h.ok("unit_list", json!({}))[0]["name"], "区公安分局");

    assert_eq!(h.ok("account_delete", json!({ "ids": [id] })), 1);
    h.ok("account_create", json!({ "input": input("平安云川二") }));
    let by_unit = json!({ "query": null, "tier": null, "platform": null, "unit": "区公安分局", "territory": null });
    assert_eq!(
        h.ok("account_delete_matching", json!({ "filter": by_unit })),
        1
    );
    assert_eq!(h.ok("db_status", json!({}))["accounts"], 0);
}

#[test]
fn an_accounts_address_resolves_through_ipc_with_the_offices_bridges() {
    let h = harness();
    let preview = |platform: &str, url: &str| {
        h.call(
            "account_source_preview",
            json!({ "platform": platform, "watchUrl": url }),
        )
    };
    let weibo = preview("weibo", "https://weibo.com/u/1234567890").unwrap();
    assert_eq!(
        weibo["source"],
        json!({ "kind": "weibo", "uid": "1234567890" })
    );
    assert_eq!(weibo["label"], "微博 UID 1234567890");
    assert_eq!(weibo["reading"]["kind"], "fetch");
    let domain = preview("weibo", "https://weibo.com/pingan").unwrap();
    assert_eq!(
        domain["source"],
        json!({ "kind": "weibo_domain", "domain": "pingan" })
    );
    let refused = preview("weibo", "https://weibo.com/n/平安云川").unwrap_err();
    assert_eq!(refused["code"], "invalid");
    assert!(
        refused["message"].as_str().unwrap().contains("数字ID"),
        "{refused}"
    );
    // a WeChat feed id needs the office's WeWe RSS; with it, the checker reads the feed
    assert_eq!(
        preview("wechat", "MP_WXS_3071").unwrap()["reading"]["kind"],
        "people"
    );
    let mut s = h.ok("platform_settings_get", json!({}));
    s["wewe_rss"] = json!("http://127.0.0.1:4000/");
    assert_eq!(
        h.ok("platform_settings_set", json!({ "settings": s }))["wewe_rss"],
        "http://127.0.0.1:4000"
    );
    assert_eq!(
        preview("wechat", "MP_WXS_3071").unwrap()["reading"],
        json!({ "kind": "fetch", "url": "http://127.0.0.1:4000/feeds/MP_WXS_3071.atom" })
    );
    // 测试连接: nothing listens there
    let e = h
        .call(
            "platform_bridge_test",
            json!({ "url": "http://127.0.0.1:9" }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "bridge");
    assert!(e["message"].as_str().unwrap().contains("无法连接"), "{e}");
    s["rsshub"] = json!("rsshub.lan");
    assert_eq!(
        h.call("platform_settings_set", json!({ "settings": s }))
            .unwrap_err()["code"],
        "invalid"
    );
    // the ledger keeps what was entered and shows what it resolved to
    let mut a = input("平安云川");
    a["watch_url"] = json!("m.weibo.cn/profile/1234567890");
    let created = h.ok("account_create", json!({ "input": a }));
    assert_eq!(created["watch_url"], "m.weibo.cn/profile/1234567890");
    assert_eq!(created["source_label"], "微博 UID 1234567890");
}

#[test]
fn accounts_are_tested_through_ipc_and_the_ledger_filters_on_what_was_found() {
    let net = piyao_testnet::Internet::start();
    net.show("ok", piyao_testnet::Shows::Rebuttal);
    let h = harness();
    let mut ids = Vec::new();
    for (name, platform, url) in [
        ("云川发布", "website", Some(net.feed_url("ok"))),
        ("龙塔网格群", "group_chat", None),
        (
            "云川旧站",
            "website",
            Some(format!("{}/raw/gone", net.base())),
        ),
    ] {
        let mut a = input(name);
        a["platform"] = json!(platform);
        a["watch_url"] = json!(url);
        ids.push(h.ok("account_create", json!({ "input": a }))["id"].clone());
    }
    let one = h.ok("account_probe", json!({ "id": ids[0] }));
    assert_eq!(one["readability"]["checkable"], "auto", "{one}");
    assert_eq!(one["items"][0]["title"], piyao_testnet::REBUTTAL);
    assert_eq!(
        h.call("account_probe", json!({ "id": 9999 })).unwrap_err()["code"],
        "not_found"
    );

    let progress = record_event(&h._app, "probe-progress");
    let summary = h.ok("account_probe_all", json!({}));
    assert_eq!(
        summary,
        json!({ "auto": 1, "people": 1, "failed": 1, "cancelled": false })
    );
    let seen = progress.lock().unwrap().clone();
    assert_eq!(seen.first().unwrap()["done"], 0);
    assert_eq!(seen.last().unwrap()["done"], 3);
    assert_eq!(seen.last().unwrap()["found"]["failed"], 1);

    let mut only_failed: Value = serde_json::from_str(NO_FILTER).unwrap();
    only_failed["filter"]["checkable"] = json!("failed");
    let page = h.ok("account_page", only_failed);
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["name"], "云川旧站");
    let why = page["rows"][0]["readability"]["reason"].as_str().unwrap();
    assert!(why.contains("HTTP 404"), "{why}");
    // the ledger without that filter (the field left out, as the window sends it)
    assert_eq!(
        h.ok("account_page", serde_json::from_str(NO_FILTER).unwrap())["total"],
        3
    );
}

#[test]
fn a_bulk_change_cancelled_from_the_window_rolls_back() {
    use tauri::Listener;
    let h = harness();
    h.ok("demo_load", json!({}));
    let before = h.ok("account_page", serde_json::from_str(NO_FILTER).unwrap());
    // 取消 pressed as soon as the first progress arrives
    let window = h.window.clone();
    h._app.listen_any("bulk-progress", move |_| {
        let request = InvokeRequest {
            cmd: "account_bulk_cancel".into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(json!({})),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&window, request).unwrap();
    });
    let everyone =
        json!({ "query": null, "tier": null, "platform": null, "unit": null, "territory": null });
    let err = h
        .call("account_delete_matching", json!({ "filter": everyone }))
        .unwrap_err();
    assert_eq!(err["code"], "cancelled");
    assert_eq!(
        h.ok("account_page", serde_json::from_str(NO_FILTER).unwrap())["total"],
        before["total"]
    );
}

#[test]
fn errors_reach_the_ui_as_code_and_message() {
    let h = harness();
    let mut bad = input("");
    bad["watch_url"] = json!("javascript:alert(1)");
    let err = h
        .call("account_create", json!({ "input": bad }))
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("账号名称不能为空"),
        "{err}"
    );

    let err = h
        .call("account_update", json!({ "id": 77, "input": input("x") }))
        .unwrap_err();
    assert_eq!(err["code"], "not_found");
}

#[test]
fn import_preview_apply_export_and_demo() {
    let h = harness();
    let csv = h.dir.path().join("台账.csv");
    std::fs::write(
        &csv,
        "账号名称,平台,梯队,责任单位\n云川发布,微博,主力军,区融媒体中心\n坏行,微博,先锋队,\n",
    )
    .unwrap();
    let p = h.ok("ledger_import_preview", json!({ "path": csv }));
    assert_eq!(
        (p["valid"].as_i64(), p["invalid"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(p["rows"][1]["action"], "invalid");
    assert_eq!(p["rows"][1]["line"], 3);

    let err = h
        .call(
            "ledger_import_apply",
            json!({ "path": csv, "skipInvalid": false }),
        )
        .unwrap_err();
    assert_eq!(err["code"], "import_has_errors");
    assert_eq!(
        h.ok("db_status", json!({}))["accounts"],
        0,
        "nothing imported"
    );

    let s = h.ok(
        "ledger_import_apply",
        json!({ "path": csv, "skipInvalid": true }),
    );
    assert_eq!(s, json!({ "created": 1, "updated": 0, "skipped": 1 }));

    let out = h.dir.path().join("导出.xlsx");
    let everyone =
        json!({ "query": null, "tier": null, "platform": null, "unit": null, "territory": null });
    assert_eq!(
        h.ok("ledger_export", json!({ "path": out, "filter": everyone })),
        1
    );
    assert!(std::fs::metadata(&out).unwrap().len() > 0);

    let err = h.call("demo_load", json!({})).unwrap_err();
    assert_eq!(
        err["code"], "invalid",
        "the demo never lands on an office's own ledger"
    );
    let ids: Vec<Value> = h.ok("account_page", serde_json::from_str(NO_FILTER).unwrap())["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].clone())
        .collect();
    h.ok("account_delete", json!({ "ids": ids }));
    let demo = h.ok("demo_load", json!({}));
    assert!(demo["created"].as_i64().unwrap() >= 30);
    assert!(!h
        .ok("territory_list", json!({}))
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn a_database_from_a_newer_version_is_reported_not_opened() {
    let h = harness_with(|dir| {
        let path = dir.join("future.sqlite3");
        write_future_db(&path);
        AppState::open(&path)
    });
    let err = h.call("db_status", json!({})).unwrap_err();
    assert_eq!(err["code"], "db_too_new");
    assert!(err["message"].as_str().unwrap().contains("更新版本"));
    let err = h
        .call("account_page", serde_json::from_str(NO_FILTER).unwrap())
        .unwrap_err();
    assert_eq!(err["code"], "db_too_new");
}

/// Writes an SQLite file whose schema version is far ahead (user_version lives at byte 60).
fn write_future_db(path: &std::path::Path) {
    let db = piyao_core::Db::open(path).unwrap();
    drop(db);
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_case_through_ipc_from_intake_to_archive() {
    let h = harness();
    h.ok("demo_load", json!({}));
    let input = json!({
        "title": "龙塔社区大门被枪击", "content": "网传龙塔社区大门昨夜被枪击", "platform": "微信群",
        "urls": [], "first_seen_at": "2026-11-20 08:30", "source": "netizen_report",
        "reporter_name": "王先生", "reporter_contact": "13812345678"
    });
    let c = h.ok("case_create", json!({ "input": input }));
    assert_eq!(c["status"], "new");
    assert_eq!(c["reporter_contact_masked"], "138****5678");
    let id = c["id"].as_i64().unwrap();
    let similar = h.ok(
        "case_similar",
        json!({ "title": "龙塔社区大门被枪击了", "content": "" }),
    );
    assert_eq!(similar[0]["id"], id);

    let c = h.ok(
        "case_assess",
        json!({ "id": id, "scores": { "severity": 4, "controllability": 2, "influence": 4 } }),
    );
    assert_eq!(c["level"], "serious");
    let view = h.ok("case_assignment", json!({ "id": id }));
    assert_eq!(view["suggestion"]["lead_unit"], "区公安分局");
    let s = &view["suggestion"];
    h.ok("case_assign", json!({ "id": id, "input": { "lead_unit": s["lead_unit"], "co_units": s["co_units"], "reason": null } }));
    let err = h
        .call(
            "case_transition",
            json!({ "id": id, "to": "done", "note": null }),
        )
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    h.ok(
        "case_transition",
        json!({ "id": id, "to": "verifying", "note": "转公安核查" }),
    );
    let reb = json!({ "rumor_id": id, "title": "【辟谣】龙塔社区大门被枪击？系谣言", "content": "经核实系施工碰碎。",
                      "url": null, "publisher": "平安云川", "published_at": null });
    assert_eq!(
        h.ok("case_record_rebuttal", json!({ "id": id, "input": reb }))["status"],
        "rebuttal_published"
    );
    h.ok(
        "case_transition",
        json!({ "id": id, "to": "done", "note": null }),
    );
    let err = h
        .call("case_archive", json!({ "id": id, "summary": "办结" }))
        .unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("反馈"));
    h.ok("case_feedback", json!({ "id": id, "text": "已电话反馈" }));
    assert_eq!(
        h.ok("case_archive", json!({ "id": id, "summary": "办结" }))["status"],
        "archived"
    );

    let found = h.ok(
        "case_page",
        json!({ "filter": { "query": "枪击", "status": null, "level": null, "unit": null,
        "subject": null, "territory": null, "from": null, "to": null },
        "sort": { "key": "level", "descending": true }, "page": 1, "pageSize": 50 }),
    );
    assert_eq!(found["total"], 1);
    assert_eq!(found["rows"].as_array().unwrap().len(), 1);
    assert_eq!(
        h.ok("case_reporter_contact", json!({ "id": id })),
        "13812345678"
    );
    let out = h.dir.path().join("案件.xlsx");
    h.ok(
        "case_export",
        json!({ "id": id, "path": out, "includeContact": false }),
    );
    assert!(out.exists());
    assert_eq!(
        h.ok("assessment_guidance_get", json!({}))
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(h.ok("level_policy_get", json!({}))["major_from"], 8);
}

/// A case of the demo district with its rebuttal published, through IPC.
fn published_case(h: &Harness) -> i64 {
    h.ok("demo_load", json!({}));
    let input = json!({
        "title": "龙塔社区大门被枪击", "content": "网传龙塔社区大门昨夜被枪击", "platform": null,
        "urls": [], "first_seen_at": null, "source": "patrol", "reporter_name": null, "reporter_contact": null
    });
    let id = h.ok("case_create", json!({ "input": input }))["id"]
        .as_i64()
        .unwrap();
    h.ok(
        "case_assess",
        json!({ "id": id, "scores": { "severity": 4, "controllability": 2, "influence": 4 } }),
    );
    h.ok("case_assign", json!({ "id": id, "input": { "lead_unit": "区公安分局", "co_units": [], "reason": "测试" } }));
    h.ok(
        "case_transition",
        json!({ "id": id, "to": "verifying", "note": null }),
    );
    let reb = json!({ "rumor_id": id, "title": "【辟谣】龙塔社区大门被枪击？系谣言", "content": "经核实系施工碰碎。",
                      "url": "http://127.0.0.1:9/r", "publisher": "平安云川", "published_at": null });
    h.ok("case_record_rebuttal", json!({ "id": id, "input": reb }));
    id
}

#[test]
fn a_push_through_ipc_from_draft_to_stop() {
    let h = harness();
    let case_id = published_case(&h);
    let draft = h.ok("push_draft", json!({ "caseId": case_id }));
    assert_eq!(draft["filter"]["tiers"], json!(["main"]));
    assert_eq!(draft["deadlines"].as_array().unwrap().len(), 3);
    let chats = json!({ "tiers": ["allied"], "units": [], "territories": [], "platforms": ["group_chat"], "exclude": [] });
    let preview = h.ok(
        "push_preview",
        json!({ "filter": chats, "page": 1, "pageSize": 200 }),
    );
    let n = preview["accounts"].as_array().unwrap().len();
    assert!(n > 0);
    let notice = h.ok(
        "push_render_notice",
        json!({ "caseId": case_id, "deadlines": draft["deadlines"], "template": "{标题}｜{截止时间}" }),
    );
    assert!(notice
        .as_str()
        .unwrap()
        .starts_with("【辟谣】龙塔社区大门被枪击？系谣言｜主力军"));

    let launch = json!({ "case_id": case_id, "filter": chats, "deadlines": draft["deadlines"], "notice": draft["notice"], "bot_ids": [] });
    let board = h.ok("push_launch", json!({ "launch": launch }));
    let push_id = board["push"]["id"].as_i64().unwrap();
    assert_eq!(board["push"]["targets"], n);
    assert_eq!(board["monitor"]["active"], true);
    assert_eq!(
        h.ok("case_get", json!({ "id": case_id }))["status"],
        "pushing"
    );

    // Group chats cannot be read over HTTP: a sweep marks them for confirmation by hand.
    let progress = record_event(&h._app, "sweep-progress");
    let coverage = h.ok("push_check_now", json!({ "pushId": push_id }));
    assert_eq!(coverage["total"]["unchecked"], n);
    // reports are paced (`progress::Pace`), but the start and the end always reach the window
    let seen = progress.lock().unwrap().clone();
    assert_eq!(seen.first().unwrap()["done"], 0);
    assert_eq!(seen.last().unwrap()["finished"], true);
    assert_eq!(seen.last().unwrap()["done"], n);
    let query = json!({ "tier": null, "verdict": null, "pending": false, "unit": null,
        "territory": null, "stragglers": false, "unverified": false });
    let first = h.ok(
        "push_target_page",
        json!({ "pushId": push_id, "query": query, "page": 1, "pageSize": 1 }),
    );
    assert_eq!(
        (
            first["total"].as_i64(),
            first["rows"].as_array().map(Vec::len)
        ),
        (Some(n as i64), Some(1))
    );
    let account_id = first["rows"][0]["account_id"].clone();
    assert_eq!(first["rows"][0]["confirmable"], true);
    let confirm = json!({ "push_id": push_id, "account_id": account_id, "note": "群主截图确认", "link": null });
    assert_eq!(
        h.ok("push_confirm", json!({ "confirm": confirm }))["verdict"],
        "reposted"
    );
    let mut reposted = query.clone();
    reposted["verdict"] = json!("reposted");
    let page = h.ok(
        "push_target_page",
        json!({ "pushId": push_id, "query": reposted, "page": 9, "pageSize": 50 }),
    );
    assert_eq!(
        (page["total"].as_i64(), page["page"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(page["rows"][0]["account_id"], account_id);

    let remind = h.ok("push_remind", json!({ "pushId": push_id, "include": [] }));
    assert_eq!(remind["stragglers"], n - 1);
    // the demo's work group of the allied force gets it, on the demo internet
    assert_eq!(remind["deliveries"][0]["outcome"]["ok"], true, "{remind}");
    assert_eq!(
        h.call("push_remind", json!({ "pushId": push_id, "include": [] }))
            .unwrap_err()["code"],
        "cooldown"
    );

    assert_eq!(
        h.ok("push_list", json!({ "activeOnly": true }))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        h.ok("push_list_for_case", json!({ "caseId": case_id }))[0]["push"]["id"],
        push_id
    );
    let stopped = h.ok("push_stop", json!({ "pushId": push_id }));
    assert_eq!(stopped["monitor"]["active"], false);
    assert!(h
        .ok("push_list", json!({ "activeOnly": true }))
        .as_array()
        .unwrap()
        .is_empty());
    let log = h.ok("push_deliveries", json!({ "pushId": push_id }));
    assert_eq!(log[0]["purpose"], "reminder", "{log}");
}

/// A published case pushed to the demo's group chats (the accounts people's evidence is for).
fn group_chats_pushed(h: &Harness) -> i64 {
    let case_id = published_case(h);
    let draft = h.ok("push_draft", json!({ "caseId": case_id }));
    let chats = json!({ "tiers": ["allied"], "units": [], "territories": [], "platforms": ["group_chat"], "exclude": [] });
    let launch = json!({ "case_id": case_id, "filter": chats, "deadlines": draft["deadlines"], "notice": draft["notice"], "bot_ids": [] });
    let board = h.ok("push_launch", json!({ "launch": launch }));
    board["push"]["id"].as_i64().unwrap()
}

#[test]
fn links_pasted_on_the_board_are_previewed_and_confirmed_through_ipc() {
    let h = harness();
    let push_id = group_chats_pushed(&h);

    let net = piyao_testnet::Internet::start();
    let page = |title: &str, body: &str| {
        format!("<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><div id=\"js_content\"><p>{body}</p></div></body></html>")
    };
    let repost = net.serve_raw(
        "repost",
        "text/html; charset=utf-8",
        page("【辟谣】龙塔社区大门被枪击？系谣言", "经核实系施工碰碎。"),
    );
    let other = net.serve_raw(
        "other",
        "text/html; charset=utf-8",
        page(
            "云川区开展冬季消防安全大检查",
            "各镇街认真落实消防安全责任。",
        ),
    );
    let text = format!("已转 {repost}\n{other}");
    let preview = h.ok(
        "push_paste_preview",
        json!({ "pushId": push_id, "text": text }),
    );
    let links = preview["links"].as_array().unwrap();
    assert_eq!(links.len(), 2);
    assert_eq!(links[0]["verdict"], "reposted", "{preview}");
    assert_eq!(links[0]["attribution"]["account_id"], Value::Null);
    assert_ne!(links[1]["verdict"], "reposted");
    let target = preview["targets"][0]["account_id"].clone();

    // the coordinator picks the account; the link is verified again as it is kept
    let picks =
        json!([{ "url": repost, "account_id": target }, { "url": other, "account_id": target }]);
    let outcome = h.ok(
        "push_paste_confirm",
        json!({ "pushId": push_id, "picks": picks }),
    );
    assert_eq!(
        outcome["confirmed"].as_array().unwrap().len(),
        1,
        "{outcome}"
    );
    assert_eq!(outcome["refused"][0]["url"], json!(other));
    let query = json!({ "tier": null, "verdict": "reposted", "pending": false, "unit": null,
        "territory": null, "stragglers": false, "unverified": false });
    let page = h.ok(
        "push_target_page",
        json!({ "pushId": push_id, "query": query, "page": 1, "pageSize": 50 }),
    );
    assert_eq!(page["total"], 1);

    // the evidence package, written where the window's save dialog said
    let package = h.dir.path().join("证据包.zip");
    let n = h.ok(
        "push_export_evidence",
        json!({ "pushId": push_id, "path": package }),
    );
    assert_eq!(n, preview["targets"].as_array().unwrap().len());
    assert!(package.exists());

    // bad input reaches the window as a clear message
    let err = h
        .call(
            "push_paste_preview",
            json!({ "pushId": push_id, "text": "收到，已转" }),
        )
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("没有找到"),
        "{err}"
    );
}

#[test]
fn screenshots_and_a_chat_export_through_ipc_read_judged_kept_and_shown() {
    let h = harness();
    let push_id = group_chats_pushed(&h);
    let preview = h.ok(
        "push_paste_preview",
        json!({ "pushId": push_id, "text": "https://127.0.0.1:9/x" }),
    );
    let group = preview["targets"][0]["name"].as_str().unwrap().to_string();

    // the group's screenshot of the rebuttal, a path that is gone: judged side by side
    let good = h.dir.path().join("群转发.png");
    piyao_testnet::screenshot::group_chat(&good, &group, "【辟谣】龙塔社区大门被枪击？系谣言");
    let gone = h.dir.path().join("已删除.png");
    let shown = h.ok(
        "push_images_preview",
        json!({ "pushId": push_id, "paths": [good, gone] }),
    );
    let images = shown["images"].as_array().unwrap();
    assert_eq!(images[0]["verdict"], "reposted", "{shown}");
    assert_eq!(images[0]["account"], json!(group), "{shown}");
    assert_eq!(images[0]["accepted"], true);
    assert_eq!(images[1]["verdict"], "unreadable");
    assert!(
        images[1]["explanation"]
            .as_str()
            .unwrap()
            .contains("无法读取文件"),
        "{shown}"
    );
    let account_id = images[0]["attribution"]["account_id"].clone();
    let outcome = h.ok(
        "push_images_confirm",
        json!({ "pushId": push_id, "picks": [{ "path": good, "account_id": account_id }] }),
    );
    assert_eq!(outcome["confirmed"], json!([group]), "{outcome}");

    // the target's evidence lists the screenshot; its bytes come back as sent
    let kept = h.ok(
        "push_target_images",
        json!({ "pushId": push_id, "accountId": account_id }),
    );
    assert_eq!(kept[0]["file_name"], "群转发.png", "{kept}");
    let bytes = h.bytes("evidence_image", json!({ "hash": kept[0]["hash"] }));
    assert_eq!(bytes, std::fs::read(&good).unwrap());

    // a chat export's text, for the paste box; a kind not read is refused by name
    let sheet = h.dir.path().join("报送.csv");
    std::fs::write(&sheet, "李明,https://a.example/1\n").unwrap();
    let text = h.ok("push_evidence_text", json!({ "path": sheet }));
    assert_eq!(text, "李明,https://a.example/1\n");
    let err = h
        .call("push_evidence_text", json!({ "path": good }))
        .unwrap_err();
    assert_eq!(err["code"], "unsupported_file", "{err}");
    // too many screenshots at once: refused before any is read
    let many: Vec<_> = (0..=piyao_monitor::IMAGES_MAX).map(|_| &gone).collect();
    let err = h
        .call(
            "push_images_preview",
            json!({ "pushId": push_id, "paths": many }),
        )
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("每次最多"),
        "{err}"
    );
}

#[test]
fn the_demo_through_ipc_serves_its_internet_and_leaves_an_empty_database() {
    piyao_check::fetch::install_crypto_provider();
    let h = harness();
    assert_eq!(h.ok("db_status", json!({}))["demo"], false);
    assert_eq!(h.ok("demo_status", json!({}))["active"], false);
    let err = h.call("demo_leave", json!({})).unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("不是演示数据"),
        "{err}"
    );

    h.ok("demo_load", json!({}));
    assert_eq!(h.ok("db_status", json!({}))["demo"], true);
    let demo = h.ok("demo_status", json!({}));
    assert_eq!(demo["active"], true);
    let base = demo["base"].as_str().unwrap().to_string();
    // the demo internet answers where the ledger says (8790, or another port when taken)
    let accounts = h.ok("account_page", serde_json::from_str(NO_FILTER).unwrap());
    let url = accounts["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|a| a["watch_url"].as_str().filter(|u| u.contains("/gov/")))
        .unwrap()
        .to_string();
    assert!(url.starts_with(&base), "{url} under {base}");
    let http = reqwest::blocking::Client::builder()
        .no_proxy()
        .build()
        .unwrap();
    let page = http.get(&url).send().unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().unwrap().contains("news-list"));

    let after = h.ok("demo_leave", json!({}));
    assert_eq!(
        (after["accounts"].clone(), after["demo"].clone()),
        (json!(0), json!(false))
    );
    assert_eq!(h.ok("demo_status", json!({}))["received"], json!([]));
    let cases = h.ok(
        "case_page",
        json!({ "filter": {}, "sort": { "key": "created_at", "descending": true }, "page": 1, "pageSize": 20 }),
    );
    assert_eq!(cases["total"], 0, "{cases}");
    // the demo internet stopped with it
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while http.get(&url).send().is_ok() {
        assert!(std::time::Instant::now() < deadline, "still served: {url}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn settings_and_bots_through_ipc_with_a_test_send_to_a_loopback_bot() {
    let h = harness();
    let mut s = h.ok("push_settings_get", json!({}));
    s["interval_minutes"] = json!(5);
    assert_eq!(
        h.ok("push_settings_set", json!({ "settings": s }))["interval_minutes"],
        5
    );
    s["interval_minutes"] = json!(0);
    assert_eq!(
        h.call("push_settings_set", json!({ "settings": s }))
            .unwrap_err()["code"],
        "invalid"
    );

    // A WeCom-style bot on loopback that records what it receives.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!(
        "http://{}/cgi-bin/webhook/send?key=k",
        listener.local_addr().unwrap()
    );
    let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Value>::new()));
    let sink = got.clone();
    std::thread::spawn(move || {
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(async move {
                let app = axum::Router::new().route(
                    "/cgi-bin/webhook/send",
                    axum::routing::post(move |axum::Json(body): axum::Json<Value>| {
                        let sink = sink.clone();
                        async move {
                            sink.lock().unwrap().push(body);
                            axum::Json(json!({ "errcode": 0, "errmsg": "ok" }))
                        }
                    }),
                );
                axum::serve(tokio::net::TcpListener::from_std(listener).unwrap(), app)
                    .await
                    .unwrap();
            });
    });
    let input = json!({ "name": "主力军工作群", "kind": "wecom", "webhook": url, "secret": null,
                        "tiers": ["main"], "units": [], "enabled": true });
    let bot = h.ok("bot_save", json!({ "id": null, "input": input }));
    let id = bot["id"].as_i64().unwrap();
    let bad = json!({ "name": "", "kind": "wecom", "webhook": "ftp://x", "secret": null, "tiers": [], "units": [], "enabled": true });
    assert_eq!(
        h.call("bot_save", json!({ "id": null, "input": bad }))
            .unwrap_err()["code"],
        "invalid"
    );
    let sent = h.ok("bot_test", json!({ "id": id }));
    assert_eq!(sent["outcome"]["ok"], true, "{sent}");
    assert_eq!(sent["purpose"], "test");
    assert!(got.lock().unwrap()[0]["text"]["content"]
        .as_str()
        .unwrap()
        .contains("主力军工作群"));
    assert_eq!(h.ok("bot_list", json!({})).as_array().unwrap().len(), 1);
    h.ok("bot_delete", json!({ "id": id }));
    assert!(h.ok("bot_list", json!({})).as_array().unwrap().is_empty());
}

/// Payloads of one event, as the window would receive them.
fn record_event(
    app: &tauri::App<tauri::test::MockRuntime>,
    name: &str,
) -> std::sync::Arc<std::sync::Mutex<Vec<Value>>> {
    use tauri::Listener;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    app.listen_any(name, move |event| {
        sink.lock()
            .unwrap()
            .push(serde_json::from_str(event.payload()).unwrap());
    });
    seen
}

#[test]
fn backup_check_restore_and_settings_through_ipc() {
    let h = harness();
    let progress = record_event(&h._app, "backup-progress");
    let a = h.ok("account_create", json!({ "input": input("平安云川") }));

    let file = h.dir.path().join("周一备份.sqlite3");
    let report = h.ok("backup_create", json!({ "path": file }));
    assert_eq!(report["accounts"], 1);
    assert_eq!(report["path"], file.display().to_string());
    assert!(report["size_bytes"].as_u64().unwrap() > 0);
    let last = progress
        .lock()
        .unwrap()
        .last()
        .cloned()
        .expect("progress events");
    assert!(last["total"].as_u64().unwrap() > 0);
    assert_eq!(last["done"], last["total"]);

    let err = h
        .call(
            "backup_create",
            json!({ "path": h.dir.path().join("piyao.sqlite3") }),
        )
        .unwrap_err();
    assert_eq!(err["code"], "backup_over_live");

    assert_eq!(
        h.ok("backup_settings_get", json!({})),
        json!({ "enabled": true, "dir": null, "keep": 14 })
    );
    let saved = h.ok(
        "backup_settings_set",
        json!({ "settings": { "enabled": true, "dir": " 备份 ", "keep": 3 } }),
    );
    assert_eq!(saved, json!({ "enabled": true, "dir": "备份", "keep": 3 }));
    let err = h
        .call(
            "backup_settings_set",
            json!({ "settings": { "enabled": true, "dir": null, "keep": 0 } }),
        )
        .unwrap_err();
    assert_eq!(err["code"], "invalid");

    let checked = h.ok("backup_verify", json!({ "path": file }));
    assert_eq!(checked["accounts"], 1);
    let junk = h.dir.path().join("junk.sqlite3");
    std::fs::write(&junk, "不是数据库".repeat(300)).unwrap();
    let err = h
        .call("backup_verify", json!({ "path": junk }))
        .unwrap_err();
    assert_eq!(err["code"], "backup_invalid");

    h.ok("account_delete", json!({ "ids": [a["id"]] }));
    assert_eq!(h.ok("db_status", json!({}))["accounts"], 0);
    let outcome = h.ok("backup_restore", json!({ "path": file }));
    assert_eq!(h.ok("db_status", json!({}))["accounts"], 1, "restored");
    let safety = outcome["safety_backup"].as_str().unwrap();
    assert!(std::path::Path::new(safety).starts_with(h.dir.path().join("备份")));

    let overview = h.ok("backup_overview", json!({}));
    assert_eq!(
        overview["backup_dir"],
        h.dir.path().join("备份").display().to_string()
    );
    assert_eq!(overview["data_dir"], h.dir.path().display().to_string());
    assert_eq!(overview["backups"][0]["kind"], "safety");
    assert_eq!(overview["backups"][0]["path"], safety);
}

#[test]
fn a_damaged_database_is_reported_then_restored_in_place_through_ipc() {
    let h = harness_with(|dir| {
        let path = dir.join("piyao.sqlite3");
        let db = piyao_core::Db::open(&path).unwrap();
        db.load_demo().unwrap();
        for i in 0..150 {
            db.create_rumor(&format!("线索{i}"), &"网传内容".repeat(100))
                .unwrap();
        }
        db.auto_backup_if_due(piyao_core::store::local_now())
            .unwrap();
        drop(db);
        let mut bytes = std::fs::read(&path).unwrap();
        let middle = bytes.len() / 4096 / 2 * 4096;
        bytes[middle..middle + 4 * 4096].fill(0x5A);
        std::fs::write(&path, bytes).unwrap();
        AppState::open(&path)
    });
    let err = h.call("db_status", json!({})).unwrap_err();
    assert_eq!(err["code"], "db_corrupt");
    assert!(err["message"].as_str().unwrap().contains("已损坏"), "{err}");

    // The page lists the backups although the database is not open.
    let overview = h.ok("backup_overview", json!({}));
    let backups = overview["backups"].as_array().unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0]["kind"], "auto");
    let newest = backups[0]["path"].clone();
    assert!(
        h.ok("backup_verify", json!({ "path": newest }))["accounts"]
            .as_i64()
            .unwrap()
            >= 30
    );

    let outcome = h.ok("backup_restore", json!({ "path": newest }));
    let aside = outcome["damaged_file"].as_str().unwrap();
    assert!(aside.contains("piyao.sqlite3.damaged-"), "{aside}");
    assert!(std::path::Path::new(aside).exists());
    let status = h.ok("db_status", json!({}));
    assert!(status["accounts"].as_i64().unwrap() >= 30, "{status}");
    assert_eq!(
        h.ok(
            "case_page",
            json!({ "filter": {}, "sort": { "key": "created_at", "descending": true }, "page": 1, "pageSize": 20 })
        )["rows"]
            .as_array()
            .map(|l| !l.is_empty()),
        Some(true)
    );
}

#[test]
fn statistics_through_ipc_with_drill_downs_and_the_report() {
    let h = harness();
    let case_id = published_case(&h);
    let draft = h.ok("push_draft", json!({ "caseId": case_id }));
    let mains = json!({ "tiers": ["main"], "units": [], "territories": [], "platforms": [], "exclude": [] });
    let launch = json!({ "case_id": case_id, "filter": mains, "deadlines": draft["deadlines"], "notice": draft["notice"], "bot_ids": [] });
    let board = h.ok("push_launch", json!({ "launch": launch }));
    let targets = board["push"]["targets"].as_i64().unwrap();
    let query = json!({ "tier": "main", "verdict": null, "pending": true, "unit": null,
        "territory": null, "stragglers": false, "unverified": false });
    let page = h.ok(
        "push_target_page",
        json!({ "pushId": board["push"]["id"], "query": query, "page": 1, "pageSize": 20 }),
    );
    let account_id = page["rows"][0]["account_id"].clone();
    let confirm = json!({ "push_id": board["push"]["id"], "account_id": account_id, "note": "截图确认", "link": null });
    h.ok("push_confirm", json!({ "confirm": confirm }));

    let d = h.ok("stats_dashboard", json!({}));
    assert_eq!(d["active_pushes"].as_array().unwrap().len(), 1);
    // this one and the demo's own case, recorded when the demo was loaded
    assert_eq!(d["today"]["cases_recorded"]["value"], 2);
    assert_eq!(d["today"]["reposts_confirmed"]["value"], 1);
    let today = d["today"]["period"].clone();
    let drilled = h.ok(
        "stats_drill",
        json!({ "period": today, "drill": d["today"]["pushes_launched"]["drill"], "page": 1, "pageSize": 50 }),
    );
    assert_eq!(drilled["pushes"][0]["case_id"], case_id);

    // today's: the demo's year lies before it
    let period = today.clone();
    let s = h.ok("stats_year", json!({ "period": period }));
    assert_eq!(s["cases"]["value"], 2, "this one and the demo's");
    assert_eq!(s["targeted"]["value"], targets);
    assert_eq!(s["reposted"]["value"], 1);
    let main = &s["coverage_by_tier"][0];
    assert_eq!(main["key"], "main");
    let reposted = h.ok(
        "stats_drill",
        json!({ "period": period, "drill": main["reposted"]["drill"], "page": 3, "pageSize": 20 }),
    );
    assert_eq!(reposted["total"], 1);
    assert_eq!(reposted["page"], 1, "a page past the end is the last");
    assert_eq!(reposted["targets"][0]["account_id"], account_id);
    assert_eq!(reposted["targets"][0]["verdict"], "reposted");
    let by_subject = h.ok(
        "stats_drill",
        json!({ "period": period, "drill": { "kind": "cases_by_subject", "key": "公安" }, "page": 1, "pageSize": 20 }),
    );
    assert!(
        by_subject["cases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == case_id),
        "{by_subject}"
    );

    let path = h.dir.path().join("报告.xlsx");
    let rows = h.ok(
        "stats_export_report",
        json!({ "period": period, "path": path }),
    );
    assert!(rows.as_u64().unwrap() > 0);
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));

    let bad = json!({ "from": "2026-12-31", "to": "2026-01-01" });
    let err = h.call("stats_year", json!({ "period": bad })).unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert!(err["message"].as_str().unwrap().contains("早于"));
}

// ---- the contract: one command table, the UI's calls, the generated names ------------------

fn repo_file(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The command names `ui/src/api.ts` passes to `call(...)` (after its type argument).
fn names_the_ui_calls() -> Vec<String> {
    let api = std::fs::read_to_string(repo_file("ui/src/api.ts")).unwrap();
    let mut names: Vec<String> = api
        .match_indices("call")
        .filter_map(|(i, _)| {
            let rest = &api[i + 4..];
            let open = rest.find('(')?;
            let head = &rest[..open];
            (head.is_empty() || head.starts_with('<') && head.ends_with('>')).then_some(())?;
            let name = rest[open + 1..].strip_prefix('"')?;
            Some(name[..name.find('"')?].to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn the_generated_command_names_are_up_to_date() {
    let path = repo_file("ui/src/bindings/commands.ts");
    let text = piyao_app::commands_typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).ok().as_deref(),
        Some(text.as_str()),
        "ui/src/bindings/commands.ts is stale; run `make bindings`"
    );
}

#[test]
fn every_command_the_ui_calls_is_registered_and_every_registered_one_is_called() {
    let called = names_the_ui_calls();
    assert!(
        called.len() > 40,
        "read too few calls from api.ts: {called:?}"
    );
    let registered: Vec<String> = piyao_app::COMMANDS.iter().map(|s| s.to_string()).collect();
    let unregistered: Vec<_> = called.iter().filter(|c| !registered.contains(c)).collect();
    let unused: Vec<_> = registered.iter().filter(|r| !called.contains(r)).collect();
    assert!(
        unregistered.is_empty(),
        "the UI calls commands the app does not register: {unregistered:?}"
    );
    assert!(
        unused.is_empty(),
        "registered commands the UI never calls: {unused:?}"
    );
    let style = |n: &str| {
        n.split('_')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
    };
    assert!(
        registered.iter().all(|n| style(n)),
        "command names are lower snake case"
    );
}

#[test]
fn every_command_the_ui_calls_exists_in_the_shipped_table() {
    // Through the real IPC: a name the table lacks answers "command … not found"; anything
    // else (an answer, or a complaint about the arguments) proves the command is there.
    // The opener is `true`, so the folder and link commands open nothing.
    let h = harness_with(|dir| {
        let mut state = AppState::open(&dir.join("piyao.sqlite3"));
        state.opener = Some("true".into());
        state
    });
    let missing = |name: &str| match h.call(name, json!({})) {
        Err(Value::String(text)) => text.eq_ignore_ascii_case(&format!("command {name} not found")),
        _ => false,
    };
    assert!(
        missing("no_such_command"),
        "an unknown name must be refused as not found"
    );
    let absent: Vec<String> = names_the_ui_calls()
        .into_iter()
        .filter(|n| missing(n))
        .collect();
    assert!(
        absent.is_empty(),
        "the UI calls commands the app does not have: {absent:?}"
    );
}
