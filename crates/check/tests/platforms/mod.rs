//! What the platform tests (Weibo, bridges, 测试读取) share: a database with the office's
//! platform settings and accounts entered as coordinators paste them, a push of the loopback
//! internet's rebuttal to them, and one sweep with every target's verdict.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::Arc;

use piyao_check::sweep::{sweep, Checker};
use piyao_check::Reference;
use piyao_core::model::{AccountInput, Platform, RebuttalInput, TargetFilter, Tier, Verdict};
use piyao_core::rules::sources::PlatformSettings;
use piyao_core::Db;
use piyao_testnet::{REBUTTAL, REBUTTAL_TEXT, RUMOR, RUMOR_TEXT};

/// An account as the ledger form sends it.
pub fn account(name: &str, platform: Platform, tier: Tier, address: Option<&str>) -> AccountInput {
    AccountInput {
        name: name.into(),
        platform,
        tier,
        unit: None,
        territory: None,
        watch_url: address.map(Into::into),
        contact: None,
        notes: None,
        active: true,
    }
}

/// A database with these settings and main-force accounts, and a push of the rebuttal to them.
pub fn db_with_push(settings: PlatformSettings, accounts: &[(&str, Platform, &str)]) -> (Db, i64) {
    let db = Db::open_in_memory().unwrap();
    db.set_platform_settings(settings).unwrap();
    for (name, platform, address) in accounts {
        db.create_account(account(name, *platform, Tier::Main, Some(address)))
            .unwrap();
    }
    let rumor = db.create_rumor(RUMOR, RUMOR_TEXT).unwrap();
    let reb = db
        .create_rebuttal(&RebuttalInput {
            rumor_id: rumor.id,
            title: REBUTTAL.into(),
            content: REBUTTAL_TEXT.into(),
            url: None,
            publisher: None,
            published_at: None,
        })
        .unwrap();
    let push = db
        .start_push_with(
            reb.id,
            &TargetFilter {
                tiers: vec![Tier::Main],
                ..Default::default()
            },
        )
        .unwrap();
    (db, push.id)
}

/// The loopback internet's rebuttal and rumor.
pub fn reference() -> Reference {
    Reference {
        rebuttal_title: REBUTTAL.into(),
        rebuttal_text: REBUTTAL_TEXT.into(),
        rebuttal_url: None,
        rumor_title: RUMOR.into(),
        rumor_text: RUMOR_TEXT.into(),
        rebuttal_published: None,
    }
}

/// One sweep of what is still pending, stored; every target's verdict, explanation and
/// evidence as JSON (to look for secrets in it).
pub async fn sweep_all(
    db: &Db,
    push_id: i64,
    checker: Arc<Checker>,
) -> HashMap<String, (Verdict, String, String)> {
    let tasks = db.pending_checks(push_id).unwrap();
    let mut records = Vec::new();
    sweep(checker, tasks, |r| records.push(r)).await;
    db.record_checks(&records).unwrap();
    db.push_results(push_id)
        .unwrap()
        .into_iter()
        .map(|r| {
            let e = r.evidence.unwrap();
            let json = serde_json::to_string(&e).unwrap();
            (r.account, (r.verdict.unwrap(), e.explanation, json))
        })
        .collect()
}
