//! What each platform expects and answers: the webhook, the request body, and what its
//! reply means, explained in Chinese.
//!
//! Error codes and their sources:
//! - WeCom 全局错误码 <https://developer.work.weixin.qq.com/document/path/90455>: `-1` 系统繁忙,
//!   `45009` 接口调用超过限制 (api freq out of limit). `93000` "invalid webhook url" (key wrong,
//!   or the bot was removed from its group) is what the robot webhook answers in practice; it
//!   is not on that page.
//! - DingTalk 自定义机器人接入 <https://open.dingtalk.com/document/robots/custom-robot-access> and
//!   its error list (自定义机器人发送群消息 <https://open.dingtalk.com/document/orgapp/custom-robots-send-group-messages>),
//!   as quoted by client libraries: `310000` for every security check (errmsg "sign not
//!   match", "invalid timestamp", "keywords not in content", "ip X not in whitelist");
//!   `130101` "send too fast, exceed 20 times per minute" (older) and `410100` 发送速度太快而限流;
//!   `-1` 系统繁忙; `300005`/`400101` token 不存在; `400102` 机器人已停用; `400106` 机器人不存在;
//!   `400013` 群已被解散.
//! - Feishu 自定义机器人使用指南 <https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot>:
//!   `11232` 限流; `19021` "sign match fail or timestamp is not within one hour from current
//!   time"; `19022` "Ip Not Allowed"; `19024` "Key Words Not Found"; `19001` "param invalid:
//!   incoming webhook access token invalid"; `9499` "Bad Request" (also seen with "too many
//!   request"). Success is `{"code":0}`; older replies say `{"StatusCode":0}`.

use std::time::Duration;

use piyao_core::model::BotKind;
use serde_json::{json, Value};
use time::OffsetDateTime;
use url::Url;

use crate::sign::{dingtalk_signed_url, feishu_sign};

/// Checks that `webhook` can be posted to: an http(s) URL. The official host is not
/// required (a proxy or a test server may stand in for it). The message is in Chinese and
/// never repeats the URL, which is a credential.
pub fn validate_webhook(kind: BotKind, webhook: &str) -> Result<(), String> {
    parse_webhook(kind, webhook).map(drop)
}

pub(crate) fn parse_webhook(kind: BotKind, webhook: &str) -> Result<Url, String> {
    let label = kind.label();
    let webhook = webhook.trim();
    if webhook.is_empty() {
        return Err(format!("请填写{label}机器人的 webhook 地址"));
    }
    let url = Url::parse(webhook).map_err(|_| {
        format!("{label}机器人的 webhook 地址不是有效的网址，请粘贴完整地址（以 https:// 开头）")
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!(
            "{label}机器人的 webhook 地址必须以 http:// 或 https:// 开头"
        ));
    }
    Ok(url)
}

/// The URL and JSON body of one plain-text message, signed for `now` when there is a secret.
pub(crate) fn request(
    kind: BotKind,
    webhook: &Url,
    secret: Option<&str>,
    text: &str,
    now: OffsetDateTime,
) -> (Url, Value) {
    match kind {
        BotKind::Wecom => (
            webhook.clone(),
            json!({ "msgtype": "text", "text": { "content": text } }),
        ),
        BotKind::Dingtalk => {
            let url = match secret {
                Some(secret) => dingtalk_signed_url(
                    webhook,
                    secret,
                    (now.unix_timestamp_nanos() / 1_000_000) as i64,
                ),
                None => webhook.clone(),
            };
            (
                url,
                json!({ "msgtype": "text", "text": { "content": text } }),
            )
        }
        BotKind::Feishu => {
            let mut body = json!({ "msg_type": "text", "content": { "text": text } });
            if let Some(secret) = secret {
                let ts = now.unix_timestamp();
                body["timestamp"] = json!(ts.to_string());
                body["sign"] = json!(feishu_sign(secret, ts));
            }
            (webhook.clone(), body)
        }
    }
}

/// Why a request did not deliver its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rejection {
    /// Short, in Chinese, for the user.
    pub message: String,
    /// Worth trying again: the network, a timeout, the server, or the platform's rate limit.
    pub transient: bool,
    pub status: Option<u16>,
    /// What the server asked us to wait (HTTP 429 Retry-After).
    pub retry_after: Option<Duration>,
}

impl Rejection {
    pub fn new(message: String, transient: bool) -> Rejection {
        Rejection {
            message,
            transient,
            status: None,
            retry_after: None,
        }
    }
}

/// What a platform code means for us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Too many messages: try again later.
    RateLimited,
    /// The platform is busy: try again.
    Busy,
    /// The bot's settings (key, secret, keyword, IP whitelist) reject us: trying again is useless.
    Settings,
    /// Anything else: reported, not retried.
    Other,
}

const RATE_HINT: &str = "发送过于频繁，已被平台限流，请稍后再试";

/// The class of a non-zero platform code, and a hint in Chinese when we know the code.
fn classify(kind: BotKind, code: i64, msg: &str) -> (Class, Option<&'static str>) {
    let lower = msg.to_ascii_lowercase();
    match (kind, code) {
        (BotKind::Wecom | BotKind::Dingtalk, -1) => (Class::Busy, Some("平台系统繁忙")),
        (BotKind::Wecom, 45009)
        | (BotKind::Dingtalk, 130101 | 410100)
        | (BotKind::Feishu, 11232) => (Class::RateLimited, Some(RATE_HINT)),
        (BotKind::Feishu, 9499) if lower.contains("too many request") => {
            (Class::RateLimited, Some(RATE_HINT))
        }
        (BotKind::Wecom, 93000) => (
            Class::Settings,
            Some("webhook 地址无效，或机器人已被移出群，请重新复制机器人的 webhook 地址"),
        ),
        (BotKind::Dingtalk, 310000) => (Class::Settings, Some(dingtalk_security_hint(&lower))),
        (BotKind::Dingtalk, 300005 | 400101) => (
            Class::Settings,
            Some("webhook 地址中的 access_token 无效，请重新复制机器人的 webhook 地址"),
        ),
        (BotKind::Dingtalk, 400102) => (Class::Settings, Some("机器人已停用，请在群设置中启用")),
        (BotKind::Dingtalk, 400106) => {
            (Class::Settings, Some("机器人不存在，请确认机器人仍在群中"))
        }
        (BotKind::Dingtalk, 400013) => (Class::Settings, Some("群已解散")),
        (BotKind::Feishu, 19021) => (
            Class::Settings,
            Some("签名校验未通过，请核对签名密钥和本机时间"),
        ),
        (BotKind::Feishu, 19022) => (
            Class::Settings,
            Some("本机 IP 不在机器人的 IP 白名单内，请检查机器人的安全设置"),
        ),
        (BotKind::Feishu, 19024) => (
            Class::Settings,
            Some("消息不含机器人安全设置中的自定义关键词"),
        ),
        (BotKind::Feishu, 19001) => (
            Class::Settings,
            Some("webhook 地址无效，请重新复制机器人的 webhook 地址"),
        ),
        (BotKind::Feishu, 9499) => (Class::Other, Some("请求格式有误")),
        _ => (Class::Other, None),
    }
}

/// DingTalk answers 310000 for every security check; its message says which.
fn dingtalk_security_hint(lower_msg: &str) -> &'static str {
    if lower_msg.contains("keyword") {
        "消息不含机器人安全设置中的自定义关键词"
    } else if lower_msg.contains("whitelist") || lower_msg.contains("ip ") {
        "本机 IP 不在机器人的 IP 白名单内，请检查机器人的安全设置"
    } else if lower_msg.contains("sign") || lower_msg.contains("timestamp") {
        "加签校验未通过，请核对加签密钥（SEC 开头）和本机时间"
    } else {
        "安全设置校验未通过，请核对加签密钥、自定义关键词和 IP 白名单"
    }
}

/// The platform's code and message in a reply body, if it has them.
fn platform_code(kind: BotKind, body: &[u8]) -> Option<(i64, String)> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let (code_fields, msg_fields): (&[&str], &[&str]) = match kind {
        BotKind::Wecom | BotKind::Dingtalk => (&["errcode"], &["errmsg"]),
        BotKind::Feishu => (&["code", "StatusCode"], &["msg", "StatusMessage"]),
    };
    let code = code_fields.iter().find_map(|f| match value.get(f)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })?;
    let msg = msg_fields
        .iter()
        .find_map(|f| value.get(f)?.as_str())
        .unwrap_or_default();
    Some((code, msg.trim().chars().take(200).collect()))
}

/// Reads the reply to one request: `Ok` when the platform took the message.
pub(crate) fn read_reply(kind: BotKind, status: u16, body: &[u8]) -> Result<(), Rejection> {
    let label = kind.label();
    let server_trouble = status == 429 || (500..600).contains(&status);
    match platform_code(kind, body) {
        Some((0, _)) if (200..300).contains(&status) => Ok(()),
        Some((code, msg)) if code != 0 => {
            let (class, hint) = classify(kind, code, &msg);
            let mut message = format!("{label}返回错误 {code}：{msg}");
            if let Some(hint) = hint {
                message.push_str(&format!("（{hint}）"));
            }
            let transient = server_trouble || matches!(class, Class::RateLimited | Class::Busy);
            Err(Rejection::new(message, transient))
        }
        _ if status == 429 => Err(Rejection::new(
            format!("{label}返回 HTTP 429（{RATE_HINT}）"),
            true,
        )),
        _ if server_trouble => Err(Rejection::new(
            format!("{label}服务器错误 HTTP {status}"),
            true,
        )),
        _ if status == 404 => Err(Rejection::new(
            format!("{label}返回 HTTP 404：webhook 地址不存在，请核对机器人的 webhook 地址"),
            false,
        )),
        _ if !(200..300).contains(&status) => {
            Err(Rejection::new(format!("{label}返回 HTTP {status}"), false))
        }
        _ => {
            let snippet: String = String::from_utf8_lossy(body)
                .trim()
                .chars()
                .take(80)
                .collect();
            Err(Rejection::new(
                format!("{label}的回复无法识别，消息可能未送达：{snippet}"),
                false,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(kind: BotKind, status: u16, body: &str) -> Result<(), Rejection> {
        read_reply(kind, status, body.as_bytes())
    }

    #[test]
    fn success_replies() {
        assert_eq!(
            reply(BotKind::Wecom, 200, r#"{"errcode":0,"errmsg":"ok"}"#),
            Ok(())
        );
        assert_eq!(
            reply(BotKind::Dingtalk, 200, r#"{"errcode":0,"errmsg":"ok"}"#),
            Ok(())
        );
        assert_eq!(
            reply(
                BotKind::Feishu,
                200,
                r#"{"code":0,"data":{},"msg":"success"}"#
            ),
            Ok(())
        );
        assert_eq!(
            reply(
                BotKind::Feishu,
                200,
                r#"{"Extra":null,"StatusCode":0,"StatusMessage":"success"}"#
            ),
            Ok(())
        );
    }

    #[test]
    fn settings_errors_are_explained_and_final() {
        let e = reply(
            BotKind::Dingtalk,
            200,
            r#"{"errcode":310000,"errmsg":"sign not match"}"#,
        )
        .unwrap_err();
        assert!(!e.transient);
        assert!(
            e.message
                .starts_with("钉钉返回错误 310000：sign not match（"),
            "{}",
            e.message
        );
        assert!(e.message.contains("加签密钥"), "{}", e.message);
        let e = reply(
            BotKind::Dingtalk,
            200,
            r#"{"errcode":310000,"errmsg":"keywords not in content"}"#,
        )
        .unwrap_err();
        assert!(
            e.message.contains("关键词") && !e.transient,
            "{}",
            e.message
        );
        let e = reply(BotKind::Feishu, 200, r#"{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}"#)
            .unwrap_err();
        assert!(
            e.message.starts_with("飞书返回错误 19021：sign match fail")
                && e.message.contains("签名密钥")
                && !e.transient
        );
        let e = reply(
            BotKind::Feishu,
            200,
            r#"{"code":19024,"msg":"Key Words Not Found"}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("关键词") && !e.transient);
        let e = reply(
            BotKind::Wecom,
            200,
            r#"{"errcode":93000,"errmsg":"invalid webhook url, hint: [x]"}"#,
        )
        .unwrap_err();
        assert!(
            e.message
                .starts_with("企业微信返回错误 93000：invalid webhook url")
                && !e.transient
        );
    }

    #[test]
    fn rate_limits_and_busy_servers_are_retried() {
        for (kind, body) in [
            (
                BotKind::Wecom,
                r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#,
            ),
            (
                BotKind::Dingtalk,
                r#"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#,
            ),
            (
                BotKind::Dingtalk,
                r#"{"errcode":410100,"errmsg":"too many requests"}"#,
            ),
            (BotKind::Dingtalk, r#"{"errcode":-1,"errmsg":"系统繁忙"}"#),
            (
                BotKind::Feishu,
                r#"{"code":11232,"msg":"frequency limited"}"#,
            ),
            (BotKind::Feishu, r#"{"code":9499,"msg":"too many request"}"#),
        ] {
            let e = reply(kind, 200, body).unwrap_err();
            assert!(e.transient, "{kind:?} {body}");
        }
        assert!(
            reply(BotKind::Wecom, 200, r#"{"errcode":45009,"errmsg":"x"}"#)
                .unwrap_err()
                .message
                .contains("发送过于频繁")
        );
        assert!(reply(BotKind::Feishu, 429, "").unwrap_err().transient);
        assert!(
            reply(BotKind::Feishu, 502, "<html>bad gateway</html>")
                .unwrap_err()
                .transient
        );
        assert!(
            reply(BotKind::Wecom, 503, r#"{"errcode":0}"#)
                .unwrap_err()
                .transient
        );
    }

    #[test]
    fn other_failures_are_final() {
        assert!(
            !reply(BotKind::Feishu, 400, r#"{"code":9499,"msg":"Bad Request"}"#)
                .unwrap_err()
                .transient
        );
        assert!(
            !reply(BotKind::Wecom, 404, "not found")
                .unwrap_err()
                .transient
        );
        let e = reply(BotKind::Dingtalk, 200, "<html>portal</html>").unwrap_err();
        assert!(
            !e.transient && e.message.contains("无法识别"),
            "{}",
            e.message
        );
        let e = reply(
            BotKind::Dingtalk,
            200,
            r#"{"errcode":"400102","errmsg":"robot disabled"}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("400102") && e.message.contains("已停用"));
    }

    #[test]
    fn webhooks_must_be_http_urls_and_errors_never_repeat_them() {
        assert_eq!(
            validate_webhook(
                BotKind::Wecom,
                "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
            ),
            Ok(())
        );
        assert_eq!(
            validate_webhook(BotKind::Feishu, " http://127.0.0.1:8080/hook/x "),
            Ok(())
        );
        for bad in [
            "",
            "   ",
            "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secretkey",
            "ftp://example.cn/secretkey",
            "https://",
        ] {
            let e = validate_webhook(BotKind::Wecom, bad).unwrap_err();
            assert!(
                e.contains("企业微信") && !e.contains("secretkey"),
                "{bad:?}: {e}"
            );
        }
    }

    #[test]
    fn request_bodies_match_each_platform() {
        let now = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let hook = Url::parse("https://open.feishu.cn/open-apis/bot/v2/hook/abc").unwrap();
        let (url, body) = request(
            BotKind::Feishu,
            &hook,
            Some("feishu-secret-abc123"),
            "你好",
            now,
        );
        assert_eq!(url, hook);
        assert_eq!(
            body,
            json!({"msg_type": "text", "content": {"text": "你好"}, "timestamp": "1700000000",
                   "sign": "BIlOJCCHiY1/aTY5+pbHUUIMAWIA/hlrrhDJV7iAhec="})
        );
        let (_, body) = request(BotKind::Feishu, &hook, None, "你好", now);
        assert_eq!(
            body,
            json!({"msg_type": "text", "content": {"text": "你好"}})
        );
        let ding = Url::parse("https://oapi.dingtalk.com/robot/send?access_token=t").unwrap();
        let (url, body) = request(BotKind::Dingtalk, &ding, Some("SECx"), "你好", now);
        assert!(url.as_str().starts_with(
            "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1700000000000&sign="
        ));
        assert_eq!(
            body,
            json!({"msgtype": "text", "text": {"content": "你好"}})
        );
        let (url, _) = request(BotKind::Dingtalk, &ding, None, "你好", now);
        assert_eq!(url, ding);
    }
}
