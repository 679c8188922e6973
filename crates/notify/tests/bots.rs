//! The notifier against a local server (127.0.0.1, random port) that plays WeCom, DingTalk
//! and Feishu: it checks signatures with its own HMAC code and the timestamp's freshness
//! (±1 h), answers as the platforms do, and records what it received.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use piyao_notify::{
    max_message_bytes, split_message, BotKind, BotTarget, Notifier, NotifyConfig, SendOutcome,
};
use serde_json::{json, Value};
use sha2::Sha256;

/// How the fake platform answers one request (after checking its signature).
#[derive(Debug, Clone)]
enum Reply {
    /// The platform's own success reply.
    Ok,
    /// Feishu's older success reply, `StatusCode` instead of `code`.
    FeishuOldOk,
    /// A JSON body with this HTTP status.
    Json(u16, Value),
    /// A bare HTTP status with a short text body.
    Status(u16),
    /// HTTP 429 asking to wait this many seconds.
    TooMany { retry_after: u64 },
    /// Success, but only after this long (beyond the client's timeout).
    Slow(Duration),
}

#[derive(Debug, Clone)]
struct Received {
    at: Instant,
    bot: String,
    text: String,
    /// The signature checked out (or the bot has no secret).
    verified: bool,
    body: Value,
}

#[derive(Default)]
struct Platform {
    received: Vec<Received>,
    scripts: HashMap<String, VecDeque<Reply>>,
    secrets: HashMap<String, String>,
}

type Shared = Arc<Mutex<Platform>>;

struct Server {
    base: String,
    state: Shared,
}

impl Server {
    async fn start() -> Server {
        let state = Shared::default();
        let app = Router::new()
            .route("/cgi-bin/webhook/send", post(wecom))
            .route("/robot/send", post(dingtalk))
            .route("/open-apis/bot/v2/hook/{id}", post(feishu))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server { base, state }
    }

    fn script(&self, bot: &str, replies: impl IntoIterator<Item = Reply>) {
        self.state
            .lock()
            .unwrap()
            .scripts
            .insert(bot.to_string(), replies.into_iter().collect());
    }

    fn secret(&self, bot: &str, secret: &str) {
        self.state
            .lock()
            .unwrap()
            .secrets
            .insert(bot.to_string(), secret.to_string());
    }

    fn received(&self, bot: &str) -> Vec<Received> {
        self.state
            .lock()
            .unwrap()
            .received
            .iter()
            .filter(|r| r.bot == bot)
            .cloned()
            .collect()
    }

    fn webhook(&self, kind: BotKind, bot: &str) -> String {
        match kind {
            BotKind::Wecom => format!("{}/cgi-bin/webhook/send?key={bot}", self.base),
            BotKind::Dingtalk => format!("{}/robot/send?access_token={bot}", self.base),
            BotKind::Feishu => format!("{}/open-apis/bot/v2/hook/{bot}", self.base),
        }
    }
}

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    STANDARD.encode(mac.finalize().into_bytes())
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn json_reply(status: u16, body: Value) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Records the request, then answers with the bot's next scripted reply (success when none).
async fn answer(
    state: &Shared,
    kind: BotKind,
    bot: &str,
    text: String,
    verified: bool,
    body: Value,
) -> Response {
    let next = {
        let mut p = state.lock().unwrap();
        p.received.push(Received {
            at: Instant::now(),
            bot: bot.to_string(),
            text,
            verified,
            body,
        });
        p.scripts
            .get_mut(bot)
            .and_then(VecDeque::pop_front)
            .unwrap_or(Reply::Ok)
    };
    let ok = match kind {
        BotKind::Wecom | BotKind::Dingtalk => json!({"errcode": 0, "errmsg": "ok"}),
        BotKind::Feishu => json!({"code": 0, "data": {}, "msg": "success"}),
    };
    match next {
        Reply::Ok => json_reply(200, ok),
        Reply::FeishuOldOk => json_reply(
            200,
            json!({"Extra": null, "StatusCode": 0, "StatusMessage": "success"}),
        ),
        Reply::Json(status, body) => json_reply(status, body),
        Reply::Status(status) => {
            (StatusCode::from_u16(status).unwrap(), "upstream trouble").into_response()
        }
        Reply::TooMany { retry_after } => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, retry_after.to_string())],
            "slow down",
        )
            .into_response(),
        Reply::Slow(wait) => {
            tokio::time::sleep(wait).await;
            json_reply(200, ok)
        }
    }
}

/// WeCom: the key is in the URL, no signature; text content at most 2048 bytes.
async fn wecom(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let key = q.get("key").cloned().unwrap_or_default();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let text = body["text"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if body["msgtype"] != "text" || text.len() > 2048 {
        return json_reply(
            200,
            json!({"errcode": 40058, "errmsg": "invalid text content"}),
        );
    }
    answer(&state, BotKind::Wecom, &key, text, true, body).await
}

/// DingTalk: `timestamp` (ms) and `sign` in the query when the bot has a secret.
async fn dingtalk(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let token = q.get("access_token").cloned().unwrap_or_default();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let text = body["text"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let secret = state.lock().unwrap().secrets.get(&token).cloned();
    if let Some(secret) = secret {
        let ts: i64 = q.get("timestamp").and_then(|t| t.parse().ok()).unwrap_or(0);
        if (now_ms() - ts).abs() > 3_600_000 {
            return json_reply(
                200,
                json!({"errcode": 310000, "errmsg": "invalid timestamp"}),
            );
        }
        let expected = hmac_base64(secret.as_bytes(), format!("{ts}\n{secret}").as_bytes());
        if q.get("sign") != Some(&expected) {
            return json_reply(200, json!({"errcode": 310000, "errmsg": "sign not match"}));
        }
    }
    if body["msgtype"] != "text" || text.is_empty() {
        return json_reply(200, json!({"errcode": 40035, "errmsg": "缺少参数 json"}));
    }
    answer(&state, BotKind::Dingtalk, &token, text, true, body).await
}

/// Feishu: `timestamp` (s, as a string) and `sign` in the body when the bot has a secret;
/// the body at most 20 KB.
async fn feishu(State(state): State<Shared>, Path(id): Path<String>, raw: Bytes) -> Response {
    if raw.len() > 20 * 1024 {
        return json_reply(400, json!({"code": 9499, "msg": "Bad Request", "data": {}}));
    }
    let body: Value = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    let text = body["content"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let secret = state.lock().unwrap().secrets.get(&id).cloned();
    if let Some(secret) = secret {
        let ts: i64 = body["timestamp"]
            .as_str()
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        let expected = hmac_base64(format!("{ts}\n{secret}").as_bytes(), b"");
        if (now_ms() / 1000 - ts).abs() > 3600 || body["sign"].as_str() != Some(expected.as_str()) {
            return json_reply(
                200,
                json!({"code": 19021, "data": {}, "msg": "sign match fail or timestamp is not within one hour from current time"}),
            );
        }
    }
    if body["msg_type"] != "text" || text.is_empty() {
        return json_reply(400, json!({"code": 9499, "msg": "Bad Request", "data": {}}));
    }
    answer(&state, BotKind::Feishu, &id, text, true, body).await
}

/// Quick tries and a fast pace, unless a test says otherwise.
fn config() -> NotifyConfig {
    NotifyConfig {
        timeout: Duration::from_secs(5),
        retries: 3,
        retry_base: Duration::from_millis(10),
        per_minute: Some(6000),
    }
}

async fn send(
    notifier: &Notifier,
    kind: BotKind,
    webhook: &str,
    secret: Option<&str>,
    text: &str,
) -> SendOutcome {
    notifier
        .send(
            &BotTarget {
                kind,
                webhook,
                secret,
            },
            text,
        )
        .await
}

/// Lines of a typical reminder, `lines` of them.
fn reminder(lines: usize) -> String {
    (1..=lines).map(|i| format!("{i}. 云川区第{i}融媒体中心：请于今日 18 时前转发《关于网传水源污染的辟谣》，并回复链接。\n")).collect()
}

fn strip_header(part: &str, k: usize, n: usize) -> &str {
    part.strip_prefix(&format!("（续 {k}/{n}）\n"))
        .unwrap_or_else(|| panic!("part {k} lacks its header: {part:.40}"))
}

#[tokio::test]
async fn a_long_message_arrives_in_order_in_parts_within_the_limit() {
    let server = Server::start().await;
    let notifier = Notifier::new(config());
    let text = reminder(60);
    let expected = split_message(BotKind::Wecom, &text);
    assert!(expected.len() >= 3, "{} parts", expected.len());

    let outcome = send(
        &notifier,
        BotKind::Wecom,
        &server.webhook(BotKind::Wecom, "k1"),
        None,
        &text,
    )
    .await;
    let n = expected.len() as u32;
    assert_eq!(
        outcome,
        SendOutcome {
            ok: true,
            parts: n,
            attempts: n,
            http_status: Some(200),
            error: None
        }
    );

    let got: Vec<String> = server.received("k1").into_iter().map(|r| r.text).collect();
    assert_eq!(got, expected, "the parts arrive in order");
    assert!(got
        .iter()
        .all(|p| p.len() <= max_message_bytes(BotKind::Wecom)));
    let rejoined: String = got
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i == 0 {
                p.as_str()
            } else {
                strip_header(p, i + 1, got.len())
            }
        })
        .collect();
    assert_eq!(rejoined, text);
}

#[tokio::test]
async fn dingtalk_signs_every_request_and_the_platform_verifies_it() {
    let server = Server::start().await;
    server.secret("tok", "SEC0123456789abcdef");
    let notifier = Notifier::new(config());
    let text = reminder(120);
    let outcome = send(
        &notifier,
        BotKind::Dingtalk,
        &server.webhook(BotKind::Dingtalk, "tok"),
        Some(" SEC0123456789abcdef "),
        &text,
    )
    .await;
    assert!(outcome.ok, "{outcome:?}");
    assert!(outcome.parts >= 2);
    let received = server.received("tok");
    assert_eq!(received.len(), outcome.parts as usize);
    assert!(received
        .iter()
        .all(|r| r.verified && r.body["msgtype"] == "text"));
}

#[tokio::test]
async fn a_wrong_dingtalk_secret_is_explained_and_not_retried() {
    let server = Server::start().await;
    server.secret("tok", "SECright");
    let notifier = Notifier::new(config());
    let outcome = send(
        &notifier,
        BotKind::Dingtalk,
        &server.webhook(BotKind::Dingtalk, "tok"),
        Some("SECwrong"),
        "请转发辟谣信息",
    )
    .await;
    assert!(!outcome.ok);
    assert_eq!(
        (outcome.parts, outcome.attempts, outcome.http_status),
        (1, 1, Some(200))
    );
    let error = outcome.error.unwrap();
    assert!(
        error.starts_with("钉钉返回错误 310000：sign not match"),
        "{error}"
    );
    assert!(error.contains("加签密钥"), "{error}");

    // No secret at all for a bot that requires one: the same refusal, still one request.
    let outcome = send(
        &notifier,
        BotKind::Dingtalk,
        &server.webhook(BotKind::Dingtalk, "tok"),
        None,
        "请转发辟谣信息",
    )
    .await;
    assert_eq!((outcome.ok, outcome.attempts), (false, 1));
    assert!(outcome.error.unwrap().contains("310000"));
    assert!(server.received("tok").is_empty());
}

#[tokio::test]
async fn feishu_signs_in_the_body_and_both_reply_forms_count_as_sent() {
    let server = Server::start().await;
    server.secret("hook1", "feishu-secret");
    server.script("hook1", [Reply::FeishuOldOk]);
    let notifier = Notifier::new(config());
    let webhook = server.webhook(BotKind::Feishu, "hook1");
    for _ in 0..2 {
        let outcome = send(
            &notifier,
            BotKind::Feishu,
            &webhook,
            Some("feishu-secret"),
            "辟谣：网传消息不实",
        )
        .await;
        assert_eq!(
            outcome,
            SendOutcome {
                ok: true,
                parts: 1,
                attempts: 1,
                http_status: Some(200),
                error: None
            }
        );
    }
    let received = server.received("hook1");
    assert_eq!(received.len(), 2);
    for r in &received {
        assert!(r.verified);
        assert_eq!(r.body["msg_type"], "text");
        assert!(
            r.body["timestamp"].is_string(),
            "the timestamp travels as a string: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn a_wrong_feishu_secret_or_a_missing_keyword_is_explained_and_not_retried() {
    let server = Server::start().await;
    server.secret("hook1", "right");
    let notifier = Notifier::new(config());
    let outcome = send(
        &notifier,
        BotKind::Feishu,
        &server.webhook(BotKind::Feishu, "hook1"),
        Some("wrong"),
        "辟谣",
    )
    .await;
    assert_eq!((outcome.ok, outcome.attempts), (false, 1));
    let error = outcome.error.unwrap();
    assert!(
        error.starts_with("飞书返回错误 19021：sign match fail"),
        "{error}"
    );
    assert!(error.contains("签名密钥"), "{error}");

    server.script(
        "hook2",
        [Reply::Json(
            200,
            json!({"code": 19024, "msg": "Key Words Not Found"}),
        )],
    );
    let outcome = send(
        &notifier,
        BotKind::Feishu,
        &server.webhook(BotKind::Feishu, "hook2"),
        None,
        "辟谣",
    )
    .await;
    assert_eq!((outcome.ok, outcome.attempts), (false, 1));
    assert!(outcome.error.unwrap().contains("关键词"));
}

#[tokio::test]
async fn rate_limit_codes_are_retried_until_the_bot_takes_the_message() {
    let server = Server::start().await;
    let notifier = Notifier::new(config());
    let cases = [
        (
            BotKind::Wecom,
            json!({"errcode": 45009, "errmsg": "api freq out of limit"}),
        ),
        (
            BotKind::Dingtalk,
            json!({"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}),
        ),
        (
            BotKind::Dingtalk,
            json!({"errcode": 410100, "errmsg": "send too fast"}),
        ),
        (
            BotKind::Feishu,
            json!({"code": 11232, "msg": "frequency limited"}),
        ),
    ];
    for (i, (kind, limited)) in cases.into_iter().enumerate() {
        let bot = format!("bot{i}");
        server.script(
            &bot,
            [Reply::Json(200, limited.clone()), Reply::Json(200, limited)],
        );
        let outcome = send(
            &notifier,
            kind,
            &server.webhook(kind, &bot),
            None,
            "催办：请尽快转发",
        )
        .await;
        assert_eq!(
            outcome,
            SendOutcome {
                ok: true,
                parts: 1,
                attempts: 3,
                http_status: Some(200),
                error: None
            },
            "{kind:?}"
        );
        assert_eq!(server.received(&bot).len(), 3);
    }

    // Still limited after every retry: a failure that says so.
    server.script(
        "limited",
        vec![Reply::Json(200, json!({"errcode": 130101, "errmsg": "send too fast"})); 10],
    );
    let outcome = send(
        &notifier,
        BotKind::Dingtalk,
        &server.webhook(BotKind::Dingtalk, "limited"),
        None,
        "催办",
    )
    .await;
    assert_eq!((outcome.ok, outcome.attempts), (false, 4));
    let error = outcome.error.unwrap();
    assert!(
        error.contains("130101") && error.contains("发送过于频繁"),
        "{error}"
    );
}

#[tokio::test]
async fn server_errors_are_retried_and_give_up_after_the_configured_retries() {
    let server = Server::start().await;
    let notifier = Notifier::new(config());
    server.script("f1", [Reply::Status(500)]);
    let outcome = send(
        &notifier,
        BotKind::Feishu,
        &server.webhook(BotKind::Feishu, "f1"),
        None,
        "辟谣",
    )
    .await;
    assert_eq!(
        outcome,
        SendOutcome {
            ok: true,
            parts: 1,
            attempts: 2,
            http_status: Some(200),
            error: None
        }
    );

    server.script("w1", vec![Reply::Status(502); 10]);
    let outcome = send(
        &notifier,
        BotKind::Wecom,
        &server.webhook(BotKind::Wecom, "w1"),
        None,
        "辟谣",
    )
    .await;
    assert_eq!(
        (outcome.ok, outcome.attempts, outcome.http_status),
        (false, 4, Some(502))
    );
    assert!(outcome.error.unwrap().contains("HTTP 502"));
    assert_eq!(server.received("w1").len(), 4);

    let no_retries = Notifier::new(NotifyConfig {
        retries: 0,
        ..config()
    });
    server.script("w2", [Reply::Status(503)]);
    let outcome = send(
        &no_retries,
        BotKind::Wecom,
        &server.webhook(BotKind::Wecom, "w2"),
        None,
        "辟谣",
    )
    .await;
    assert_eq!((outcome.ok, outcome.attempts), (false, 1));
}

#[tokio::test]
async fn http_429_waits_as_long_as_the_server_asks() {
    let server = Server::start().await;
    let notifier = Notifier::new(config());
    server.script("w", [Reply::TooMany { retry_after: 1 }]);
    let started = Instant::now();
    let outcome = send(
        &notifier,
        BotKind::Wecom,
        &server.webhook(BotKind::Wecom, "w"),
        None,
        "辟谣",
    )
    .await;
    assert_eq!((outcome.ok, outcome.attempts), (true, 2));
    // The backoff alone would be about 10 ms; Retry-After asked for a second.
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_failing_part_stops_the_message_there() {
    let server = Server::start().await;
    let notifier = Notifier::new(config());
    let text = reminder(150);
    let n = split_message(BotKind::Dingtalk, &text).len();
    assert!(n >= 3, "{n} parts");
    server.script(
        "tok",
        [
            Reply::Ok,
            Reply::Json(
                200,
                json!({"errcode": 310000, "errmsg": "keywords not in content"}),
            ),
        ],
    );
    let outcome = send(
        &notifier,
        BotKind::Dingtalk,
        &server.webhook(BotKind::Dingtalk, "tok"),
        None,
        &text,
    )
    .await;
    assert!(!outcome.ok);
    assert_eq!((outcome.parts, outcome.attempts), (n as u32, 2));
    let error = outcome.error.unwrap();
    assert!(
        error.starts_with(&format!(
            "第 2/{n} 段发送失败：钉钉返回错误 310000：keywords not in content"
        )),
        "{error}"
    );
    assert!(error.contains("关键词"), "{error}");
    assert_eq!(
        server.received("tok").len(),
        2,
        "nothing after the failing part"
    );
}

#[tokio::test]
async fn a_slow_reply_times_out_and_is_retried() {
    let server = Server::start().await;
    let notifier = Notifier::new(NotifyConfig {
        timeout: Duration::from_millis(300),
        ..config()
    });
    server.script("slow1", [Reply::Slow(Duration::from_secs(3))]);
    let outcome = send(
        &notifier,
        BotKind::Wecom,
        &server.webhook(BotKind::Wecom, "slow1"),
        None,
        "辟谣",
    )
    .await;
    assert_eq!(
        outcome,
        SendOutcome {
            ok: true,
            parts: 1,
            attempts: 2,
            http_status: Some(200),
            error: None
        }
    );

    server.script("slow2", vec![Reply::Slow(Duration::from_secs(3)); 4]);
    let outcome = send(
        &notifier,
        BotKind::Wecom,
        &server.webhook(BotKind::Wecom, "slow2"),
        None,
        "辟谣",
    )
    .await;
    assert_eq!(
        (outcome.ok, outcome.attempts, outcome.http_status),
        (false, 4, None)
    );
    let error = outcome.error.unwrap();
    assert!(
        error.contains("超时") && !error.contains("slow2"),
        "{error}"
    );
}

#[tokio::test]
async fn an_unreachable_bot_is_a_network_error_that_hides_the_webhook() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let notifier = Notifier::new(NotifyConfig {
        retries: 1,
        ..config()
    });
    let webhook = format!("http://127.0.0.1:{port}/cgi-bin/webhook/send?key=secret-key");
    let outcome = send(&notifier, BotKind::Wecom, &webhook, None, "辟谣").await;
    assert_eq!(
        (outcome.ok, outcome.attempts, outcome.http_status),
        (false, 2, None)
    );
    let error = outcome.error.unwrap();
    assert!(error.contains("无法连接到企业微信机器人"), "{error}");
    assert!(!error.contains("secret-key"), "{error}");
}

#[tokio::test]
async fn nothing_is_sent_for_an_empty_text_or_a_bad_webhook() {
    let server = Server::start().await;
    let notifier = Notifier::new(config());
    let outcome = send(
        &notifier,
        BotKind::Wecom,
        &server.webhook(BotKind::Wecom, "k"),
        None,
        " \n ",
    )
    .await;
    assert_eq!(
        outcome,
        SendOutcome {
            ok: false,
            parts: 0,
            attempts: 0,
            http_status: None,
            error: Some("消息为空".into())
        }
    );
    let outcome = send(
        &notifier,
        BotKind::Feishu,
        "open.feishu.cn/open-apis/bot/v2/hook/x",
        None,
        "辟谣",
    )
    .await;
    assert_eq!((outcome.ok, outcome.attempts), (false, 0));
    assert!(outcome.error.unwrap().contains("飞书"));
    assert!(server.received("k").is_empty());
}

/// With 600 a minute (a burst of 5, then one every 60 s / 596 ≈ 101 ms), 15 messages sent at
/// once to one bot must be spread over at least (15 − 5) × 101 ms, and none may fail for it.
/// Only lower bounds on time and upper bounds on counts: a busy machine can only make the
/// requests later, never earlier.
#[tokio::test]
async fn pacing_spreads_the_requests_to_one_bot_and_never_fails_them() {
    let server = Server::start().await;
    let notifier = Notifier::new(NotifyConfig {
        per_minute: Some(600),
        ..config()
    });
    let webhook = server.webhook(BotKind::Wecom, "paced");
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..15 {
        let (notifier, webhook) = (notifier.clone(), webhook.clone());
        tasks.spawn(async move {
            notifier
                .send(
                    &BotTarget {
                        kind: BotKind::Wecom,
                        webhook: &webhook,
                        secret: None,
                    },
                    &format!("催办 {i}"),
                )
                .await
        });
    }
    while let Some(outcome) = tasks.join_next().await {
        let outcome = outcome.unwrap();
        assert_eq!((outcome.ok, outcome.attempts), (true, 1), "{outcome:?}");
    }
    let times: Vec<Instant> = server.received("paced").iter().map(|r| r.at).collect();
    assert_eq!(times.len(), 15);
    let first = times[0];
    let span = times[14] - first;
    assert!(
        span >= Duration::from_millis(900),
        "15 requests within {span:?}"
    );
    let early = times
        .iter()
        .filter(|&&t| t - first < Duration::from_millis(150))
        .count();
    assert!(early <= 8, "{early} requests in the first 150 ms");
}

#[tokio::test]
async fn the_parts_of_two_messages_to_one_bot_never_interleave() {
    let server = Server::start().await;
    let notifier = Notifier::new(config());
    let webhook = server.webhook(BotKind::Wecom, "shared");
    let a = format!("A{}", reminder(60));
    let b = format!("B{}", reminder(60));
    let target = BotTarget {
        kind: BotKind::Wecom,
        webhook: &webhook,
        secret: None,
    };
    let (ra, rb) = tokio::join!(notifier.send(&target, &a), notifier.send(&target, &b));
    assert!(ra.ok && rb.ok);
    let texts: Vec<String> = server
        .received("shared")
        .into_iter()
        .map(|r| r.text)
        .collect();
    let (pa, pb) = (
        split_message(BotKind::Wecom, &a),
        split_message(BotKind::Wecom, &b),
    );
    let a_then_b: Vec<String> = pa.iter().chain(&pb).cloned().collect();
    let b_then_a: Vec<String> = pb.iter().chain(&pa).cloned().collect();
    assert!(
        texts == a_then_b || texts == b_then_a,
        "the parts interleaved"
    );
}
