//! The loopback district the tests share: the accounts of a small matrix, each watching its
//! feed on this internet, and the main force's group bot. One builder instead of a copy in
//! every test that needs a district.

use piyao_core::model::{Account, AccountInput, Bot, BotInput, BotKind, Platform, Tier};
use piyao_core::{Db, Result};

use crate::{Internet, BOT_SECRET};

/// Name, tier, unit and feed of each account: three of the main force, two auxiliary.
pub const ACCOUNTS: [(&str, Tier, &str, &str); 5] = [
    ("网信云川", Tier::Main, "区委网信办", "wx"),
    ("平安云川", Tier::Main, "区公安分局", "pa"),
    ("云川发布", Tier::Main, "区委宣传部", "fb"),
    ("龙塔街道发布", Tier::Auxiliary, "龙塔街道办事处", "lt"),
    ("青石镇发布", Tier::Auxiliary, "青石镇人民政府", "qs"),
];

impl Internet {
    /// Adds the district's accounts to the ledger, each watching its feed here.
    pub fn seed_district(&self, db: &Db) -> Result<Vec<Account>> {
        self.seed_district_with(db, |feed| Some(self.feed_url(feed)))
    }

    /// The same, with the watch URL of each account chosen by its feed name (`None`: an
    /// account nothing can be read of, such as a group chat).
    pub fn seed_district_with(
        &self,
        db: &Db,
        watch: impl Fn(&str) -> Option<String>,
    ) -> Result<Vec<Account>> {
        ACCOUNTS
            .iter()
            .map(|&(name, tier, unit, feed)| {
                db.create_account(AccountInput {
                    name: name.into(),
                    platform: Platform::Website,
                    tier,
                    unit: Some(unit.into()),
                    territory: None,
                    watch_url: watch(feed),
                    contact: None,
                    notes: None,
                    active: true,
                })
            })
            .collect()
    }

    /// The main force's work group, a DingTalk bot posting here (signed with `BOT_SECRET`).
    pub fn seed_main_force_bot(&self, db: &Db) -> Result<Bot> {
        db.save_bot(
            None,
            &BotInput {
                name: "主力军工作群".into(),
                kind: BotKind::Dingtalk,
                webhook: self.bot_webhook(),
                secret: Some(BOT_SECRET.into()),
                tiers: vec![Tier::Main],
                units: vec![],
                enabled: true,
            },
        )
    }
}
