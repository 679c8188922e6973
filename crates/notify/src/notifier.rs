//! The client: one HTTP client, pacing per webhook, retries with backoff.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use governor::{DefaultKeyedRateLimiter, RateLimiter};
use piyao_core::model::{BotKind, SendOutcome};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use time::OffsetDateTime;
use url::Url;

use crate::limits::Pace;
use crate::platform::{self, Rejection};
use crate::split::split_message;
use crate::{BotTarget, NotifyConfig};

/// The longest we wait between two tries, Retry-After included; a server asking for more
/// gets no more tries.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Bot replies are small; anything past this is not read.
const MAX_REPLY_BYTES: usize = 64 * 1024;

/// Sends text to group bots. Build one and share it (it is cheap to clone): it holds one
/// HTTP client, and one rate limiter per platform keyed by webhook URL, so every bot is
/// paced whoever sends to it.
#[derive(Clone)]
pub struct Notifier {
    inner: Arc<Inner>,
}

struct Inner {
    client: reqwest::Client,
    cfg: NotifyConfig,
    wecom: DefaultKeyedRateLimiter<String>,
    dingtalk: DefaultKeyedRateLimiter<String>,
    feishu: DefaultKeyedRateLimiter<String>,
    /// One message at a time per webhook, so that the parts of two messages never interleave.
    turns: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Notifier {
    pub fn new(cfg: NotifyConfig) -> Notifier {
        // reqwest is built without a bundled TLS crypto provider; ring is the one compiled in.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(concat!("piyao-matrix/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(cfg.timeout)
            .timeout(cfg.timeout)
            // A webhook that redirects is misconfigured; following it would re-post the message.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client configuration is valid");
        let pacer = |kind| RateLimiter::keyed(Pace::of(kind, cfg.per_minute).quota());
        Notifier {
            inner: Arc::new(Inner {
                client,
                wecom: pacer(BotKind::Wecom),
                dingtalk: pacer(BotKind::Dingtalk),
                feishu: pacer(BotKind::Feishu),
                turns: Mutex::new(HashMap::new()),
                cfg,
            }),
        }
    }

    /// Sends `text` to `bot`: split into parts within the platform's size limit
    /// ([`split_message`]), each part in order, paced to the bot's rate limit (waiting, never
    /// failing, for our own pacing), transient failures retried with exponential backoff
    /// (network errors, timeouts, HTTP 5xx and 429, the platform's busy and rate-limit codes;
    /// a request that timed out may still have been delivered, so a retry can repeat it). A
    /// refusal from the bot's settings (key, signature, keyword, IP whitelist) is not retried.
    /// Stops at the first part that fails for good. Never panics.
    pub async fn send(&self, bot: &BotTarget<'_>, text: &str) -> SendOutcome {
        let refused = |error: String| SendOutcome {
            ok: false,
            parts: 0,
            attempts: 0,
            http_status: None,
            error: Some(error),
        };
        let url = match platform::parse_webhook(bot.kind, bot.webhook) {
            Ok(url) => url,
            Err(e) => return refused(e),
        };
        if text.trim().is_empty() {
            return refused("消息为空".to_string());
        }
        let secret = bot.secret.map(str::trim).filter(|s| !s.is_empty());
        let parts = split_message(bot.kind, text);
        let total = u32::try_from(parts.len()).unwrap_or(u32::MAX);
        let key = url.as_str().to_string();
        let turn = self.turn(&key);
        let _turn = turn.lock().await;

        let attempts = AtomicU32::new(0);
        let mut http_status = None;
        for (i, part) in parts.iter().enumerate() {
            match self
                .send_part(bot.kind, &url, &key, secret, part, &attempts)
                .await
            {
                Ok(status) => http_status = Some(status),
                Err(rejection) => {
                    let error = if total > 1 {
                        format!("第 {}/{total} 段发送失败：{}", i + 1, rejection.message)
                    } else {
                        rejection.message
                    };
                    return SendOutcome {
                        ok: false,
                        parts: total,
                        attempts: attempts.into_inner(),
                        http_status: rejection.status,
                        error: Some(error),
                    };
                }
            }
        }
        SendOutcome {
            ok: true,
            parts: total,
            attempts: attempts.into_inner(),
            http_status,
            error: None,
        }
    }

    fn turn(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut turns = self
            .inner
            .turns
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        turns.entry(key.to_string()).or_default().clone()
    }

    fn pacer(&self, kind: BotKind) -> &DefaultKeyedRateLimiter<String> {
        match kind {
            BotKind::Wecom => &self.inner.wecom,
            BotKind::Dingtalk => &self.inner.dingtalk,
            BotKind::Feishu => &self.inner.feishu,
        }
    }

    /// One part, with retries; the HTTP status of the request that delivered it.
    async fn send_part(
        &self,
        kind: BotKind,
        url: &Url,
        key: &String,
        secret: Option<&str>,
        text: &str,
        attempts: &AtomicU32,
    ) -> Result<u16, Rejection> {
        let cfg = &self.inner.cfg;
        let backoff = ExponentialBuilder::default()
            .with_min_delay(cfg.retry_base)
            .with_max_delay(MAX_BACKOFF)
            .with_max_times(usize::try_from(cfg.retries).unwrap_or(usize::MAX))
            .with_jitter();
        (|| async {
            attempts.fetch_add(1, Ordering::Relaxed);
            self.try_once(kind, url, key, secret, text).await
        })
        .retry(backoff)
        .sleep(tokio::time::sleep)
        .when(|r: &Rejection| r.transient)
        .adjust(|r: &Rejection, planned| match r.retry_after {
            Some(wait) if wait > MAX_BACKOFF => None,
            Some(wait) => planned.map(|p| p.max(wait)),
            None => planned,
        })
        .await
    }

    /// One request, after waiting for the bot's turn in its rate limit.
    async fn try_once(
        &self,
        kind: BotKind,
        url: &Url,
        key: &String,
        secret: Option<&str>,
        text: &str,
    ) -> Result<u16, Rejection> {
        self.pacer(kind).until_key_ready(key).await;
        let (target, body) = platform::request(kind, url, secret, text, OffsetDateTime::now_utc());
        let mut resp = self
            .inner
            .client
            .post(target)
            .json(&body)
            .send()
            .await
            .map_err(|e| transport_rejection(kind, &e, self.inner.cfg.timeout))?;
        let status = resp.status().as_u16();
        let retry_after = retry_after(resp.headers());
        let mut reply = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    reply.extend_from_slice(&chunk);
                    if reply.len() >= MAX_REPLY_BYTES {
                        break;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    let mut rejection = transport_rejection(kind, &e, self.inner.cfg.timeout);
                    rejection.status = Some(status);
                    return Err(rejection);
                }
            }
        }
        platform::read_reply(kind, status, &reply)
            .map(|()| status)
            .map_err(|mut r| {
                r.status = Some(status);
                r.retry_after = retry_after.filter(|_| status == 429);
                r
            })
    }
}

/// Retry-After in seconds (the HTTP-date form is not worth parsing for a bot).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
        .map(Duration::from_secs)
}

/// A network failure, in Chinese, without the URL (webhook URLs are credentials).
fn transport_rejection(kind: BotKind, e: &reqwest::Error, timeout: Duration) -> Rejection {
    let label = kind.label();
    let message = if e.is_timeout() {
        format!(
            "请求超时：{label}机器人 {} 秒内没有响应",
            timeout.as_secs_f32()
        )
    } else {
        // The innermost cause says what happened ("Connection refused", a DNS failure…).
        let mut cause: &dyn std::error::Error = e;
        while let Some(inner) = cause.source() {
            cause = inner;
        }
        let cause = if std::ptr::addr_eq(cause, e) {
            "请求失败".to_string()
        } else {
            cause.to_string()
        };
        if e.is_connect() {
            format!("无法连接到{label}机器人：{cause}")
        } else {
            format!("网络错误：{cause}")
        }
    };
    Rejection::new(message, true)
}
