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
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    Harness { _app: app, window, dir }
}

fn harness() -> Harness {
    harness_with(|dir| AppState::open(&dir.join("piyao.sqlite3")))
}

impl Harness {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
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
        .map(|b| b.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

fn input(name: &str) -> Value {
    json!({
        "name": name, "platform": "weibo", "tier": "main", "unit": "区公安分局",
        "territory": null, "watch_url": "http://127.0.0.1:9/u", "contact": null,
        "notes": null, "active": true
    })
}

const NO_FILTER: &str = r#"{"filter":{"query":null,"tier":null,"platform":null,"unit":null,"territory":null}}"#;

#[test]
fn account_crud_through_ipc() {
    let h = harness();
    let status = h.ok("db_status", json!({}));
    assert_eq!(status["accounts"], 0);

    let a = h.ok("create_account", json!({ "input": input("平安云川") }));
    assert_eq!(a["unit"], "区公安分局");
    let id = a["id"].as_i64().unwrap();

    let mut edited = input("平安云川");
    edited["notes"] = json!("夜间联系值班室");
    let b = h.ok("update_account", json!({ "id": id, "input": edited }));
    assert_eq!(b["notes"], "夜间联系值班室");

    assert_eq!(h.ok("set_tier", json!({ "ids": [id], "tier": "allied" })), 1);
    let list = h.ok("list_accounts", serde_json::from_str(NO_FILTER).unwrap());
    assert_eq!(list[0]["tier"], "allied");
    assert_eq!(h.ok("list_units", json!({}))[0]["name"], "区公安分局");

    assert_eq!(h.ok("delete_accounts", json!({ "ids": [id] })), 1);
    assert_eq!(h.ok("db_status", json!({}))["accounts"], 0);
}

#[test]
fn errors_reach_the_ui_as_code_and_message() {
    let h = harness();
    let mut bad = input("");
    bad["watch_url"] = json!("javascript:alert(1)");
    let err = h.call("create_account", json!({ "input": bad })).unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert!(err["message"].as_str().unwrap().contains("账号名称不能为空"), "{err}");

    let err = h.call("update_account", json!({ "id": 77, "input": input("x") })).unwrap_err();
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
    let p = h.ok("preview_import", json!({ "path": csv }));
    assert_eq!((p["valid"].as_i64(), p["invalid"].as_i64()), (Some(1), Some(1)));
    assert_eq!(p["rows"][1]["action"], "invalid");
    assert_eq!(p["rows"][1]["line"], 3);

    let err = h.call("apply_import", json!({ "path": csv, "skipInvalid": false })).unwrap_err();
    assert_eq!(err["code"], "import_has_errors");
    assert_eq!(h.ok("db_status", json!({}))["accounts"], 0, "nothing imported");

    let s = h.ok("apply_import", json!({ "path": csv, "skipInvalid": true }));
    assert_eq!(s, json!({ "created": 1, "updated": 0, "skipped": 1 }));

    let out = h.dir.path().join("导出.xlsx");
    assert_eq!(h.ok("export_ledger", json!({ "path": out })), 1);
    assert!(std::fs::metadata(&out).unwrap().len() > 0);

    let err = h.call("load_demo", json!({})).unwrap_err();
    assert_eq!(err["code"], "invalid", "the demo never lands on an office's own ledger");
    let ids: Vec<Value> = h.ok("list_accounts", serde_json::from_str(NO_FILTER).unwrap())
        .as_array().unwrap().iter().map(|a| a["id"].clone()).collect();
    h.ok("delete_accounts", json!({ "ids": ids }));
    let demo = h.ok("load_demo", json!({}));
    assert!(demo["created"].as_i64().unwrap() >= 30);
    assert!(!h.ok("list_territories", json!({})).as_array().unwrap().is_empty());
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
    let err = h.call("list_accounts", serde_json::from_str(NO_FILTER).unwrap()).unwrap_err();
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
    h.ok("load_demo", json!({}));
    let input = json!({
        "title": "龙塔社区大门被枪击", "content": "网传龙塔社区大门昨夜被枪击", "platform": "微信群",
        "urls": [], "first_seen_at": "2026-11-20 08:30", "source": "netizen_report",
        "reporter_name": "王先生", "reporter_contact": "13812345678"
    });
    let c = h.ok("case_create", json!({ "input": input }));
    assert_eq!(c["status"], "new");
    assert_eq!(c["reporter_contact_masked"], "138****5678");
    let id = c["id"].as_i64().unwrap();
    let similar = h.ok("case_similar", json!({ "title": "龙塔社区大门被枪击了", "content": "" }));
    assert_eq!(similar[0]["id"], id);

    let c = h.ok("case_assess", json!({ "id": id, "scores": { "severity": 4, "controllability": 2, "influence": 4 } }));
    assert_eq!(c["level"], "serious");
    let view = h.ok("case_assignment", json!({ "id": id }));
    assert_eq!(view["suggestion"]["lead_unit"], "区公安分局");
    let s = &view["suggestion"];
    h.ok("case_assign", json!({ "id": id, "input": { "lead_unit": s["lead_unit"], "co_units": s["co_units"], "reason": null } }));
    let err = h.call("case_transition", json!({ "id": id, "to": "done", "note": null })).unwrap_err();
    assert_eq!(err["code"], "invalid");
    h.ok("case_transition", json!({ "id": id, "to": "verifying", "note": "转公安核查" }));
    let reb = json!({ "rumor_id": id, "title": "【辟谣】龙塔社区大门被枪击？系谣言", "content": "经核实系施工碰碎。",
                      "url": null, "publisher": "平安云川", "published_at": null });
    assert_eq!(h.ok("case_record_rebuttal", json!({ "id": id, "input": reb }))["status"], "rebuttal_published");
    h.ok("case_transition", json!({ "id": id, "to": "done", "note": null }));
    let err = h.call("case_archive", json!({ "id": id, "summary": "办结" })).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("反馈"));
    h.ok("case_feedback", json!({ "id": id, "text": "已电话反馈" }));
    assert_eq!(h.ok("case_archive", json!({ "id": id, "summary": "办结" }))["status"], "archived");

    let found = h.ok("case_list", json!({ "filter": { "query": "枪击", "status": null, "level": null, "unit": null,
        "subject": null, "territory": null, "from": null, "to": null } }));
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(h.ok("case_reporter_contact", json!({ "id": id })), "13812345678");
    let out = h.dir.path().join("案件.xlsx");
    h.ok("case_export", json!({ "id": id, "path": out, "includeContact": false }));
    assert!(out.exists());
    assert_eq!(h.ok("assessment_guidance", json!({})).as_array().unwrap().len(), 3);
    assert_eq!(h.ok("level_policy", json!({}))["major_from"], 8);
}
