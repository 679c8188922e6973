//! Group bots and their delivery log.

use rusqlite::{params, Connection, OptionalExtension};

use super::Db;
use crate::error::{Error, Result};
use crate::model::{
    Bot, BotDelivery, BotInput, BotKind, DeliveryPurpose, SendOutcome, TargetResult, Tier,
};

const SELECT: &str =
    "SELECT id, name, kind, webhook, secret, tiers, units, enabled, created_at FROM bots";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Bot> {
    Ok(Bot {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: BotKind::from_code(&r.get::<_, String>(2)?).unwrap_or(BotKind::Wecom),
        webhook: r.get(3)?,
        secret: r.get(4)?,
        tiers: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default(),
        units: serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default(),
        enabled: r.get(7)?,
        created_at: r.get(8)?,
    })
}

fn get(c: &Connection, id: i64) -> Result<Bot> {
    c.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound {
            what: "群机器人",
            id,
        })
}

/// Trims the input and lists its problems in Chinese.
fn validated(input: &BotInput) -> Result<BotInput> {
    let name = input.name.trim().to_string();
    let webhook = input.webhook.trim().to_string();
    let mut problems = Vec::new();
    if name.is_empty() {
        problems.push("名称不能为空".to_string());
    }
    match url::Url::parse(&webhook) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
        _ => problems.push("Webhook 地址须为 http:// 或 https:// 开头的网址".to_string()),
    }
    let secret = input
        .secret
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    if secret.is_some() && input.kind == BotKind::Wecom {
        problems.push("企业微信群机器人没有加签密钥，请留空".to_string());
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems.join("；")));
    }
    let mut tiers = input.tiers.clone();
    tiers.sort();
    tiers.dedup();
    let mut units: Vec<String> = input
        .units
        .iter()
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
        .collect();
    units.sort();
    units.dedup();
    Ok(BotInput {
        name,
        kind: input.kind,
        webhook,
        secret,
        tiers,
        units,
        enabled: input.enabled,
    })
}

/// Whether a bot's group holds this account.
pub fn covers(bot: &Bot, tier: Tier, unit: Option<&str>) -> bool {
    (bot.tiers.is_empty() || bot.tiers.contains(&tier))
        && (bot.units.is_empty() || unit.is_some_and(|u| bot.units.iter().any(|b| b == u)))
}

impl Db {
    pub fn list_bots(&self) -> Result<Vec<Bot>> {
        self.read(|c| {
            let mut stmt = c.prepare(&format!("{SELECT} ORDER BY id"))?;
            let rows = stmt.query_map([], from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn get_bot(&self, id: i64) -> Result<Bot> {
        self.read(|c| get(c, id))
    }

    /// Creates a bot (`id` None) or replaces one's settings.
    pub fn save_bot(&self, id: Option<i64>, input: &BotInput) -> Result<Bot> {
        let b = validated(input)?;
        self.with_tx(|tx| {
            let clash: Option<i64> = tx
                .query_row("SELECT id FROM bots WHERE name = ?1", [&b.name], |r| r.get(0))
                .optional()?;
            if clash.is_some_and(|other| Some(other) != id) {
                return Err(Error::Invalid(format!("已有同名群机器人「{}」", b.name)));
            }
            let tiers = serde_json::to_string(&b.tiers).expect("plain data");
            let units = serde_json::to_string(&b.units).expect("plain data");
            let id = match id {
                Some(id) => {
                    get(tx, id)?;
                    tx.execute(
                        "UPDATE bots SET name = ?2, kind = ?3, webhook = ?4, secret = ?5, tiers = ?6, units = ?7, enabled = ?8 WHERE id = ?1",
                        params![id, b.name, b.kind.code(), b.webhook, b.secret, tiers, units, b.enabled],
                    )?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO bots (name, kind, webhook, secret, tiers, units, enabled) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![b.name, b.kind.code(), b.webhook, b.secret, tiers, units, b.enabled],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            get(tx, id)
        })
    }

    /// Deletes a bot; its delivery log goes with it.
    pub fn delete_bot(&self, id: i64) -> Result<()> {
        self.with_tx(|tx| {
            get(tx, id)?;
            tx.execute("DELETE FROM bots WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// The enabled bots whose groups hold at least one account a push with this filter
    /// would reach (where a launch from the command line sends its notice by default).
    pub fn bots_for_filter(&self, filter: &crate::model::TargetFilter) -> Result<Vec<Bot>> {
        let accounts = self.target_accounts(filter)?;
        Ok(self
            .list_bots()?
            .into_iter()
            .filter(|b| {
                b.enabled
                    && accounts
                        .iter()
                        .any(|a| covers(b, a.tier, a.unit.as_deref()))
            })
            .collect())
    }

    /// The enabled bots whose groups hold at least one of these accounts.
    pub fn bots_for(&self, targets: &[TargetResult]) -> Result<Vec<Bot>> {
        Ok(self
            .list_bots()?
            .into_iter()
            .filter(|b| b.enabled && targets.iter().any(|t| covers(b, t.tier, t.unit.as_deref())))
            .collect())
    }

    pub fn record_delivery(
        &self,
        bot_id: i64,
        push_id: Option<i64>,
        purpose: DeliveryPurpose,
        outcome: &SendOutcome,
        text: &str,
    ) -> Result<BotDelivery> {
        let id = self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO bot_deliveries (bot_id, push_id, purpose, ok, parts, attempts, http_status, error, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    bot_id,
                    push_id,
                    purpose.code(),
                    outcome.ok,
                    outcome.parts,
                    outcome.attempts,
                    outcome.http_status,
                    outcome.error,
                    text
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        Ok(self.deliveries(Some(id), None)?.remove(0))
    }

    /// A push's delivery log, newest first.
    pub fn push_deliveries(&self, push_id: i64) -> Result<Vec<BotDelivery>> {
        self.deliveries(None, Some(push_id))
    }

    fn deliveries(&self, id: Option<i64>, push_id: Option<i64>) -> Result<Vec<BotDelivery>> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT d.id, d.bot_id, b.name, b.kind, d.push_id, d.purpose, d.at, d.ok, d.parts, d.attempts,
                        d.http_status, d.error, d.text
                 FROM bot_deliveries d JOIN bots b ON b.id = d.bot_id
                 WHERE (?1 IS NULL OR d.id = ?1) AND (?2 IS NULL OR d.push_id = ?2)
                 ORDER BY d.id DESC",
            )?;
            let rows = stmt.query_map(params![id, push_id], |r| {
                Ok(BotDelivery {
                    id: r.get(0)?,
                    bot_id: r.get(1)?,
                    bot_name: r.get(2)?,
                    kind: BotKind::from_code(&r.get::<_, String>(3)?).unwrap_or(BotKind::Wecom),
                    push_id: r.get(4)?,
                    purpose: DeliveryPurpose::from_code(&r.get::<_, String>(5)?).unwrap_or(DeliveryPurpose::Test),
                    at: r.get(6)?,
                    outcome: SendOutcome {
                        ok: r.get(7)?,
                        parts: r.get(8)?,
                        attempts: r.get(9)?,
                        http_status: r.get(10)?,
                        error: r.get(11)?,
                    },
                    text: r.get(12)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
