//! 群机器人: the WeCom, DingTalk and Feishu webhooks that post into the matrix's working groups.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Tier;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BotKind {
    /// 企业微信: the key is in the webhook URL; no signature.
    Wecom,
    /// 钉钉: optional signing secret ("加签", SEC…): timestamp + sign in the query.
    Dingtalk,
    /// 飞书: optional signing secret: timestamp + sign in the body.
    Feishu,
}

impl BotKind {
    pub const ALL: [BotKind; 3] = [BotKind::Wecom, BotKind::Dingtalk, BotKind::Feishu];

    pub fn code(self) -> &'static str {
        match self {
            BotKind::Wecom => "wecom",
            BotKind::Dingtalk => "dingtalk",
            BotKind::Feishu => "feishu",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BotKind::Wecom => "企业微信",
            BotKind::Dingtalk => "钉钉",
            BotKind::Feishu => "飞书",
        }
    }

    pub fn from_code(code: &str) -> Option<BotKind> {
        BotKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A configured group bot. `tiers` and `units` say whose working group it posts into: a
/// reminder goes to the bots whose group holds at least one straggler (empty = everyone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Bot {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub kind: BotKind,
    pub webhook: String,
    /// The signing secret (DingTalk / Feishu), when the bot has one.
    pub secret: Option<String>,
    pub tiers: Vec<Tier>,
    pub units: Vec<String>,
    pub enabled: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BotInput {
    pub name: String,
    pub kind: BotKind,
    pub webhook: String,
    pub secret: Option<String>,
    pub tiers: Vec<Tier>,
    pub units: Vec<String>,
    pub enabled: bool,
}

/// Why a message went to a bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryPurpose {
    /// 推送通知
    Notice,
    /// 催办
    Reminder,
    /// 测试发送
    Test,
}

impl DeliveryPurpose {
    pub fn code(self) -> &'static str {
        match self {
            DeliveryPurpose::Notice => "notice",
            DeliveryPurpose::Reminder => "reminder",
            DeliveryPurpose::Test => "test",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DeliveryPurpose::Notice => "推送通知",
            DeliveryPurpose::Reminder => "催办",
            DeliveryPurpose::Test => "测试发送",
        }
    }

    pub fn from_code(code: &str) -> Option<DeliveryPurpose> {
        [
            DeliveryPurpose::Notice,
            DeliveryPurpose::Reminder,
            DeliveryPurpose::Test,
        ]
        .into_iter()
        .find(|p| p.code() == code)
    }
}

/// The outcome of sending one message to one bot (all its parts), as the notifier reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SendOutcome {
    pub ok: bool,
    /// How many messages the text was split into (the platform's size limit).
    pub parts: u32,
    /// HTTP requests made, retries included.
    pub attempts: u32,
    pub http_status: Option<u16>,
    /// The platform's or the network's error, in Chinese, when not ok.
    pub error: Option<String>,
}

/// One line of the delivery log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BotDelivery {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub bot_id: i64,
    pub bot_name: String,
    pub kind: BotKind,
    #[ts(type = "number | null")]
    pub push_id: Option<i64>,
    pub purpose: DeliveryPurpose,
    pub at: String,
    pub outcome: SendOutcome,
    /// The text sent (or attempted).
    pub text: String,
}
