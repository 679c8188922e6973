//! Group bots: sends plain text into the matrix's working groups through the custom-bot
//! webhooks of WeCom (企业微信), DingTalk (钉钉, optionally signed) and Feishu (飞书,
//! optionally signed). No desktop framework here; the shell, the CLI and the monitor call
//! [`Notifier::send`] and store the [`SendOutcome`] it returns.
//!
//! - `limits`: each platform's message size and rate limit, with their sources
//! - `split`: a long text → parts within the size limit, headed "（续 2/3）"
//! - `sign`: the DingTalk and Feishu signatures
//! - `platform`: request bodies, reading the platform's reply, Chinese explanations
//! - `notifier`: the client: pacing per webhook, retries with backoff, one message at a time
//!   per bot

mod limits;
mod notifier;
mod platform;
mod sign;
mod split;

use std::time::Duration;

pub use limits::{max_message_bytes, per_minute_limit};
pub use notifier::Notifier;
pub use piyao_core::model::{BotKind, SendOutcome};
pub use platform::validate_webhook;
pub use sign::{dingtalk_sign, feishu_sign};
pub use split::split_message;

/// How the notifier talks to the bots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyConfig {
    /// Per HTTP request, connection included.
    pub timeout: Duration,
    /// Retries after the first try of each part (transient failures only).
    pub retries: u32,
    /// The first backoff delay; it doubles with every retry.
    pub retry_base: Duration,
    /// Per-bot rate overrides for tests: messages per minute for every bot, instead of the
    /// platform's limit ([`per_minute_limit`]).
    pub per_minute: Option<u32>,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        NotifyConfig {
            timeout: Duration::from_secs(10),
            retries: 3,
            retry_base: Duration::from_secs(1),
            per_minute: None,
        }
    }
}

/// One bot to send to: its platform, webhook URL and signing secret (DingTalk "加签" SEC…,
/// Feishu "签名校验"), when it has one. Whitespace around the URL and the secret is ignored;
/// an empty secret counts as none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BotTarget<'a> {
    pub kind: BotKind,
    pub webhook: &'a str,
    pub secret: Option<&'a str>,
}
