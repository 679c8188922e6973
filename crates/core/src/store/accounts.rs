//! Matrix accounts: the rows of the ledger.

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, ToSql};

use super::directory::{ensure_territory, ensure_unit};
use super::paging::Window;
use super::Db;
use crate::error::{Error, Result};
use crate::model::{
    Account, AccountFilter, AccountInput, AccountPage, BulkProgress, Checkable, Platform,
    ProbeReport, Readability, Tier, TierCount,
};

pub(crate) const SELECT: &str =
    "SELECT a.id, a.name, a.platform, a.tier, u.name, t.name, a.watch_url,
        a.contact, a.notes, a.active, a.updated_at, a.source,
        a.checkable, a.checkable_reason, a.tested_at
    FROM accounts a
    LEFT JOIN units u ON u.id = a.unit_id
    LEFT JOIN territories t ON t.id = a.territory_id";

/// The tables of `SELECT`, for counting.
pub(crate) const FROM: &str = "FROM accounts a
    LEFT JOIN units u ON u.id = a.unit_id
    LEFT JOIN territories t ON t.id = a.territory_id";

/// The ledger's order: main force first, then by unit and name.
const ORDER: &str =
    "ORDER BY CASE a.tier WHEN 'main' THEN 0 WHEN 'auxiliary' THEN 1 ELSE 2 END, u.name, a.name";

/// The filter as SQL over `accounts a` joined with its unit `u` and territory `t`: the
/// ` WHERE …` clause (empty without conditions) and its arguments (`?1` is the search text).
fn where_clause(filter: &AccountFilter) -> (String, Vec<Box<dyn ToSql>>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    // Every parameter is numbered (`?N`), so a caller can add its own after them.
    let mut arg = |v: Box<dyn ToSql>| {
        args.push(v);
        format!("?{}", args.len())
    };
    if let Some(q) = filter
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        let p = arg(Box::new(like_pattern(q)));
        let like = [
            "a.name",
            "a.contact",
            "a.notes",
            "a.watch_url",
            "u.name",
            "t.name",
        ]
        .map(|col| format!("{col} LIKE {p} ESCAPE '\\'"));
        clauses.push(format!("({})", like.join(" OR ")));
    }
    if let Some(tier) = filter.tier {
        clauses.push(format!("a.tier = {}", arg(Box::new(tier.code()))));
    }
    if let Some(p) = filter.platform {
        clauses.push(format!("a.platform = {}", arg(Box::new(p.code()))));
    }
    if let Some(u) = filter.unit.as_deref().filter(|u| !u.is_empty()) {
        clauses.push(format!("u.name = {}", arg(Box::new(u.to_string()))));
    }
    if let Some(t) = filter.territory.as_deref().filter(|t| !t.is_empty()) {
        clauses.push(format!("t.name = {}", arg(Box::new(t.to_string()))));
    }
    if let Some(c) = filter.checkable {
        clauses.push(format!("a.checkable = {}", arg(Box::new(c.code()))));
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    (sql, args)
}

/// The ids of the accounts a filter matches (append `where_clause`).
const MATCHING_IDS: &str = "SELECT a.id FROM accounts a
    LEFT JOIN units u ON u.id = a.unit_id
    LEFT JOIN territories t ON t.id = a.territory_id";

pub(crate) fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Account> {
    let platform: String = r.get(2)?;
    let tier: String = r.get(3)?;
    let source: Option<crate::rules::sources::Source> = r
        .get::<_, Option<String>>(11)?
        .and_then(|s| serde_json::from_str(&s).ok());
    Ok(Account {
        id: r.get(0)?,
        name: r.get(1)?,
        platform: Platform::parse(&platform).unwrap_or(Platform::Other),
        tier: Tier::parse(&tier).unwrap_or(Tier::Allied),
        unit: r.get(4)?,
        territory: r.get(5)?,
        watch_url: r.get(6)?,
        source_label: source.as_ref().map(|s| s.describe()),
        source,
        readability: match (
            r.get::<_, Option<String>>(12)?
                .as_deref()
                .and_then(Checkable::parse),
            r.get::<_, Option<String>>(14)?,
        ) {
            (Some(checkable), Some(tested_at)) => Some(Readability {
                checkable,
                reason: r.get::<_, Option<String>>(13)?.unwrap_or_default(),
                tested_at,
            }),
            _ => None,
        },
        contact: r.get(7)?,
        notes: r.get(8)?,
        active: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

/// An account to test (测试读取) and how it is read: `Ok(None)` without an address, an error
/// when its address cannot be resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeTarget {
    pub id: i64,
    pub name: String,
    pub reading: std::result::Result<Option<crate::rules::sources::Reading>, String>,
    /// A WeChat short article link whose account a test finds by opening the article once.
    pub identify: Option<crate::rules::sources::Identify>,
}

/// The `source` column's value for an input: its resolved source as JSON, or NULL.
fn source_json(input: &AccountInput) -> Option<String> {
    input
        .source()
        .ok()
        .flatten()
        .and_then(|s| serde_json::to_string(&s).ok())
}

/// Resolves the source of every account again (the migration that added the column).
pub(crate) fn resolve_all_sources(c: &Connection) -> Result<()> {
    let mut read = c.prepare("SELECT id, platform, watch_url FROM accounts")?;
    let rows: Vec<(i64, String, Option<String>)> = read
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut write = c.prepare("UPDATE accounts SET source = ?2 WHERE id = ?1")?;
    for (id, platform, url) in rows {
        let platform = Platform::parse(&platform).unwrap_or(Platform::Other);
        let source = crate::rules::sources::resolve(platform, url.as_deref())
            .ok()
            .flatten()
            .and_then(|s| serde_json::to_string(&s).ok());
        write.execute(params![id, source])?;
    }
    Ok(())
}

fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<Account> {
    conn.query_row(&format!("{SELECT} WHERE a.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "账号", id })
}

/// The id of the account with this platform and name, if any.
pub(crate) fn find_id(conn: &Connection, platform: Platform, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM accounts WHERE platform = ?1 AND name = ?2",
            params![platform.code(), name],
            |r| r.get(0),
        )
        .optional()?)
}

/// Unit and territory ids for a validated input, creating missing ones.
fn resolve_refs(conn: &Connection, input: &AccountInput) -> Result<(Option<i64>, Option<i64>)> {
    let unit = input
        .unit
        .as_deref()
        .map(|n| ensure_unit(conn, n))
        .transpose()?;
    let territory = input
        .territory
        .as_deref()
        .map(|n| ensure_territory(conn, n))
        .transpose()?;
    Ok((unit, territory))
}

fn duplicate(input: &AccountInput) -> Error {
    Error::DuplicateAccount {
        platform: input.platform.label().to_string(),
        name: input.name.clone(),
    }
}

/// The nine column values of an account, in the order INSERT and UPDATE name them.
fn fields(
    input: &AccountInput,
    unit_id: Option<i64>,
    territory_id: Option<i64>,
) -> Vec<rusqlite::types::Value> {
    use rusqlite::types::Value;
    let text = |v: &Option<String>| v.clone().map(Value::Text).unwrap_or(Value::Null);
    vec![
        Value::Text(input.name.clone()),
        Value::Text(input.platform.code().into()),
        Value::Text(input.tier.code().into()),
        unit_id.map(Value::Integer).unwrap_or(Value::Null),
        territory_id.map(Value::Integer).unwrap_or(Value::Null),
        text(&input.watch_url),
        text(&input.contact),
        text(&input.notes),
        Value::Integer(input.active as i64),
        text(&source_json(input)),
    ]
}

/// How many accounts `clause` (` WHERE …` over `FROM`, or empty) keeps in each tier, main
/// force first; tiers with none left out.
pub(crate) fn tier_counts(
    c: &Connection,
    clause: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<TierCount>> {
    let mut stmt = c.prepare(&format!(
        "SELECT a.tier, count(*) {FROM}{clause} GROUP BY a.tier"
    ))?;
    let mut rows = stmt.query(args)?;
    let mut counts = Vec::new();
    while let Some(r) = rows.next()? {
        if let Some(tier) = Tier::parse(&r.get::<_, String>(0)?) {
            counts.push(TierCount {
                tier,
                count: r.get(1)?,
            });
        }
    }
    counts.sort_by_key(|tc| tc.tier);
    Ok(counts)
}

/// Inserts a validated input; fails on a (platform, name) already in the ledger.
pub(crate) fn insert(conn: &Connection, input: &AccountInput) -> Result<i64> {
    if find_id(conn, input.platform, &input.name)?.is_some() {
        return Err(duplicate(input));
    }
    let (unit_id, territory_id) = resolve_refs(conn, input)?;
    conn.execute(
        "INSERT INTO accounts (name, platform, tier, unit_id, territory_id, watch_url, contact, notes, active, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params_from_iter(fields(input, unit_id, territory_id)),
    )?;
    Ok(conn.last_insert_rowid())
}

/// Replaces every field of account `id` with a validated input.
pub(crate) fn update(conn: &Connection, id: i64, input: &AccountInput) -> Result<()> {
    if find_id(conn, input.platform, &input.name)?.is_some_and(|other| other != id) {
        return Err(duplicate(input));
    }
    let (unit_id, territory_id) = resolve_refs(conn, input)?;
    let mut values = fields(input, unit_id, territory_id);
    values.push(rusqlite::types::Value::Integer(id));
    let changed = conn.execute(
        "UPDATE accounts SET name = ?1, platform = ?2, tier = ?3, unit_id = ?4, territory_id = ?5,
             watch_url = ?6, contact = ?7, notes = ?8, active = ?9, source = ?10,
             -- a test of another address says nothing about this one
             checkable = CASE WHEN source IS ?10 THEN checkable END,
             checkable_reason = CASE WHEN source IS ?10 THEN checkable_reason END,
             tested_at = CASE WHEN source IS ?10 THEN tested_at END,
             updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
         WHERE id = ?11",
        params_from_iter(values),
    )?;
    if changed == 0 {
        return Err(Error::NotFound { what: "账号", id });
    }
    Ok(())
}

impl Db {
    /// The accounts to test (测试读取): the accounts `ids` names (active or not), or every
    /// active account, with how the checker reads each under the office's platform settings now.
    pub fn probe_list(&self, ids: Option<&[i64]>) -> Result<Vec<ProbeTarget>> {
        use crate::rules::sources::resolve_stored;
        self.read(|c| {
            let settings = super::settings::platform_settings(c)?;
            let mut stmt = c.prepare(
                "SELECT id, name, platform, watch_url, source FROM accounts WHERE active = 1 OR ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([ids.is_some()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (id, name, platform, url, stored) = row?;
                if ids.is_some_and(|ids| !ids.contains(&id)) {
                    continue;
                }
                let platform = Platform::parse(&platform).unwrap_or(Platform::Other);
                let source = resolve_stored(platform, url.as_deref(), stored.as_deref());
                let identify = source.as_ref().ok().and_then(|s| s.as_ref()?.identify(&settings));
                let reading = source.map(|s| s.map(|s| s.reading(&settings)));
                out.push(ProbeTarget {
                    id,
                    name,
                    reading,
                    identify,
                });
            }
            Ok(out)
        })
    }

    /// Keeps what a test of account `id` found.
    pub fn record_probe(&self, report: &ProbeReport) -> Result<()> {
        let (id, found) = (report.account_id, &report.readability);
        self.with_tx(|tx| {
            let n = tx.execute(
                "UPDATE accounts SET checkable = ?2, checkable_reason = ?3, tested_at = ?4 WHERE id = ?1",
                params![id, found.checkable.code(), found.reason, found.tested_at],
            )?;
            if n == 0 {
                return Err(Error::NotFound { what: "账号", id });
            }
            // what the read taught (a Weibo personal domain's user ID) is kept, so that the
            // next reads go straight to it
            let read_url = report.read_url.as_deref().filter(|_| found.checkable == Checkable::Auto);
            if let Some(read_url) = read_url {
                let stored: Option<String> =
                    tx.query_row("SELECT source FROM accounts WHERE id = ?1", [id], |r| r.get(0))?;
                let learned = stored
                    .and_then(|j| serde_json::from_str::<crate::rules::sources::Source>(&j).ok())
                    .and_then(|s| s.learned(read_url))
                    .and_then(|s| serde_json::to_string(&s).ok());
                if let Some(json) = learned {
                    tx.execute("UPDATE accounts SET source = ?2 WHERE id = ?1", params![id, json])?;
                }
            }
            Ok(())
        })
    }

    /// The ledger, filtered, ordered by tier (main force first), then unit, then name.
    pub fn list_accounts(&self, filter: &AccountFilter) -> Result<Vec<Account>> {
        let mut all = Vec::new();
        self.for_each_account(filter, |a| {
            all.push(a);
            Ok(())
        })?;
        Ok(all)
    }

    /// Hands every account the filter matches to `each`, in the ledger's order, one row at a
    /// time (exports of any size); stops at the first error.
    pub(crate) fn for_each_account(
        &self,
        filter: &AccountFilter,
        mut each: impl FnMut(Account) -> Result<()>,
    ) -> Result<()> {
        let (clause, args) = where_clause(filter);
        let sql = format!("{SELECT}{clause} {ORDER}");
        self.read(|c| {
            let mut stmt = c.prepare(&sql)?;
            let mut rows = stmt.query(params_from_iter(args.iter()))?;
            while let Some(r) = rows.next()? {
                each(from_row(r)?)?;
            }
            Ok(())
        })
    }

    /// One page of the accounts the filter matches, in the ledger's order, with how many match
    /// in all and per tier. Filtering, counting and paging are SQL's: the window never holds
    /// more than a page. A page past the end gives the last page; the size is kept within
    /// 1..=`MAX_PAGE_SIZE`.
    pub fn account_page(
        &self,
        filter: &AccountFilter,
        page: u32,
        page_size: u32,
    ) -> Result<AccountPage> {
        let (clause, args) = where_clause(filter);
        self.read(|c| {
            let tiers = tier_counts(c, &clause, params_from_iter(args.iter()))?;
            let total: i64 = tiers.iter().map(|t| t.count).sum();
            let w = Window::of(total, page, page_size);
            let mut stmt = c.prepare(&format!("{SELECT}{clause} {ORDER}{}", w.sql()))?;
            let rows = stmt
                .query_map(params_from_iter(args.iter()), from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(AccountPage {
                rows,
                total,
                page: w.page,
                page_size: w.size,
                tiers,
            })
        })
    }

    /// Moves every account the filter matches to `tier`, in one transaction; how many moved.
    /// `progress` hears how far it got after every batch and answers whether to go on: a
    /// `false` rolls everything back ([`Error::Cancelled`]).
    pub fn set_tier_matching(
        &self,
        filter: &AccountFilter,
        tier: Tier,
        progress: impl FnMut(BulkProgress) -> bool,
    ) -> Result<usize> {
        self.bulk_matching(
            filter,
            &format!(
                "UPDATE accounts SET tier = '{}', updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE id IN (SELECT value FROM json_each(?1))",
                tier.code()
            ),
            "调整梯队",
            progress,
        )
    }

    /// Deletes every account the filter matches, in one transaction; how many. Progress and
    /// cancelling as for [`Db::set_tier_matching`].
    pub fn delete_matching(
        &self,
        filter: &AccountFilter,
        progress: impl FnMut(BulkProgress) -> bool,
    ) -> Result<usize> {
        self.bulk_matching(
            filter,
            "DELETE FROM accounts WHERE id IN (SELECT value FROM json_each(?1))",
            "删除账号",
            progress,
        )
    }

    /// Runs `sql` (taking a JSON array of ids as `?1`) over the accounts the filter matches,
    /// a batch at a time inside one transaction.
    fn bulk_matching(
        &self,
        filter: &AccountFilter,
        sql: &str,
        what: &str,
        mut progress: impl FnMut(BulkProgress) -> bool,
    ) -> Result<usize> {
        const BATCH: usize = 2_000;
        let (clause, args) = where_clause(filter);
        self.with_tx(|tx| {
            let ids: Vec<i64> = tx
                .prepare(&format!("{MATCHING_IDS}{clause}"))?
                .query_map(params_from_iter(args.iter()), |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let total = ids.len() as i64;
            if !progress(BulkProgress { done: 0, total }) {
                return Err(Error::Cancelled(what.to_string()));
            }
            let mut stmt = tx.prepare(sql)?;
            let mut n = 0;
            for batch in ids.chunks(BATCH) {
                n += stmt.execute([serde_json::to_string(batch).expect("ids serialise")])?;
                let done = n as i64;
                if !progress(BulkProgress { done, total }) {
                    return Err(Error::Cancelled(what.to_string()));
                }
            }
            Ok(n)
        })
    }

    pub fn get_account(&self, id: i64) -> Result<Account> {
        self.read(|c| get(c, id))
    }

    pub fn count_accounts(&self) -> Result<i64> {
        self.read(|c| Ok(c.query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))?))
    }

    pub fn create_account(&self, input: AccountInput) -> Result<Account> {
        let input = input.validated()?;
        self.with_tx(|tx| {
            let id = insert(tx, &input)?;
            get(tx, id)
        })
    }

    pub fn update_account(&self, id: i64, input: AccountInput) -> Result<Account> {
        let input = input.validated()?;
        self.with_tx(|tx| {
            update(tx, id, &input)?;
            get(tx, id)
        })
    }

    /// Deletes the accounts; returns how many existed.
    pub fn delete_accounts(&self, ids: &[i64]) -> Result<usize> {
        self.with_tx(|tx| {
            let mut n = 0;
            for id in ids {
                n += tx.execute("DELETE FROM accounts WHERE id = ?1", [id])?;
            }
            Ok(n)
        })
    }

    /// Moves the accounts to `tier`; returns how many existed.
    pub fn set_tier(&self, ids: &[i64], tier: Tier) -> Result<usize> {
        self.with_tx(|tx| {
            let mut n = 0;
            for id in ids {
                n += tx.execute(
                    "UPDATE accounts SET tier = ?1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                     WHERE id = ?2",
                    params![tier.code(), id],
                )?;
            }
            Ok(n)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample(name: &str, tier: Tier, unit: &str) -> AccountInput {
        AccountInput {
            name: name.into(),
            platform: Platform::Weibo,
            tier,
            unit: Some(unit.into()),
            territory: Some("龙塔街道".into()),
            watch_url: Some("http://127.0.0.1:9/u/1".into()),
            contact: Some("张三 13800000000".into()),
            notes: None,
            active: true,
        }
    }

    #[test]
    fn create_edit_list_delete() {
        let db = Db::open_in_memory().unwrap();
        let a = db
            .create_account(sample("平安云川", Tier::Main, "区公安分局"))
            .unwrap();
        let b = db
            .create_account(sample("云川发布", Tier::Main, "区网信办"))
            .unwrap();
        db.create_account(sample("龙塔街道发布", Tier::Auxiliary, "龙塔街道"))
            .unwrap();
        assert_eq!(a.unit.as_deref(), Some("区公安分局"));

        let mut edit = AccountInput::from(&b);
        edit.notes = Some("夜间联系值班室".into());
        edit.tier = Tier::Allied;
        let b2 = db.update_account(b.id, edit).unwrap();
        assert_eq!(b2.notes.as_deref(), Some("夜间联系值班室"));
        assert_eq!(b2.tier, Tier::Allied);

        let all = db.list_accounts(&AccountFilter::default()).unwrap();
        let names: Vec<_> = all.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            ["平安云川", "龙塔街道发布", "云川发布"],
            "main force first"
        );

        assert_eq!(db.delete_accounts(&[a.id, 9999]).unwrap(), 1);
        assert_eq!(db.count_accounts().unwrap(), 2);
    }

    #[test]
    fn filters_narrow_the_list() {
        let db = Db::open_in_memory().unwrap();
        db.create_account(sample("平安云川", Tier::Main, "区公安分局"))
            .unwrap();
        db.create_account(sample("云川发布", Tier::Main, "区网信办"))
            .unwrap();
        let mut other = sample("青石镇微信群", Tier::Allied, "青石镇");
        other.platform = Platform::GroupChat;
        other.territory = Some("青石镇".into());
        other.notes = Some("100%_群".into());
        db.create_account(other).unwrap();

        let f = |f: AccountFilter| -> Vec<String> {
            db.list_accounts(&f)
                .unwrap()
                .into_iter()
                .map(|a| a.name)
                .collect()
        };
        assert_eq!(
            f(AccountFilter {
                tier: Some(Tier::Allied),
                ..Default::default()
            }),
            ["青石镇微信群"]
        );
        assert_eq!(
            f(AccountFilter {
                platform: Some(Platform::Weibo),
                ..Default::default()
            })
            .len(),
            2
        );
        assert_eq!(
            f(AccountFilter {
                unit: Some("区公安分局".into()),
                ..Default::default()
            }),
            ["平安云川"]
        );
        assert_eq!(
            f(AccountFilter {
                territory: Some("青石镇".into()),
                ..Default::default()
            }),
            ["青石镇微信群"]
        );
        assert_eq!(
            f(AccountFilter {
                query: Some("网信".into()),
                ..Default::default()
            }),
            ["云川发布"]
        );
        assert_eq!(
            f(AccountFilter {
                query: Some("%_".into()),
                ..Default::default()
            }),
            ["青石镇微信群"]
        );
        assert!(f(AccountFilter {
            query: Some("%x".into()),
            ..Default::default()
        })
        .is_empty());
        assert_eq!(
            f(AccountFilter {
                query: Some("云川".into()),
                tier: Some(Tier::Main),
                ..Default::default()
            })
            .len(),
            2
        );
    }

    #[test]
    fn same_name_on_same_platform_is_refused_but_other_platform_is_fine() {
        let db = Db::open_in_memory().unwrap();
        db.create_account(sample("云川发布", Tier::Main, "区网信办"))
            .unwrap();
        let err = db
            .create_account(sample("云川发布", Tier::Main, "区网信办"))
            .unwrap_err();
        assert_eq!(err.code(), "duplicate_account");
        let mut wx = sample("云川发布", Tier::Main, "区网信办");
        wx.platform = Platform::Wechat;
        db.create_account(wx).unwrap();
    }

    #[test]
    fn invalid_input_is_refused_with_every_reason() {
        let db = Db::open_in_memory().unwrap();
        let mut bad = sample("", Tier::Main, "x");
        bad.watch_url = Some("javascript:alert(1)".into());
        let err = db.create_account(bad).unwrap_err();
        assert_eq!(err.code(), "invalid");
        assert!(err.to_string().contains("账号名称不能为空"));
        assert!(err.to_string().contains("监测地址"));
        assert_eq!(db.count_accounts().unwrap(), 0);
    }

    #[test]
    fn bulk_tier_change() {
        let db = Db::open_in_memory().unwrap();
        let a = db.create_account(sample("a", Tier::Allied, "u")).unwrap();
        let b = db.create_account(sample("b", Tier::Allied, "u")).unwrap();
        assert_eq!(db.set_tier(&[a.id, b.id], Tier::Auxiliary).unwrap(), 2);
        assert!(db
            .list_accounts(&AccountFilter::default())
            .unwrap()
            .iter()
            .all(|x| x.tier == Tier::Auxiliary));
    }

    #[test]
    fn editing_a_missing_account_says_so() {
        let db = Db::open_in_memory().unwrap();
        let err = db
            .update_account(42, sample("x", Tier::Main, "u"))
            .unwrap_err();
        assert_eq!(err.code(), "not_found");
    }

    /// 1,205 accounts over three units and tiers.
    fn ledger() -> Db {
        let db = Db::open_in_memory().unwrap();
        for i in 0..1205 {
            let (tier, unit) = match i % 5 {
                0 => (Tier::Main, "区公安分局"),
                1 | 2 => (Tier::Auxiliary, "龙塔街道办事处"),
                _ => (Tier::Allied, "青石镇人民政府"),
            };
            db.create_account(sample(&format!("账号{i:04}"), tier, unit))
                .unwrap();
        }
        db
    }

    #[test]
    fn a_page_of_the_ledger_is_filtered_counted_and_cut_in_sql() {
        let db = ledger();
        let all = AccountFilter::default();
        let p = db.account_page(&all, 1, 50).unwrap();
        assert_eq!(
            (p.total, p.page, p.page_size, p.rows.len()),
            (1205, 1, 50, 50)
        );
        let per_tier: Vec<(Tier, i64)> = p.tiers.iter().map(|t| (t.tier, t.count)).collect();
        assert_eq!(
            per_tier,
            [
                (Tier::Main, 241),
                (Tier::Auxiliary, 482),
                (Tier::Allied, 482)
            ]
        );
        // the ledger's order, the same as the whole list's, page after page
        let whole = db.list_accounts(&all).unwrap();
        let third = db.account_page(&all, 3, 50).unwrap();
        assert_eq!(third.rows, whole[100..150].to_vec());
        // past the end: the last page; a zero or huge size is kept in range
        let last = db.account_page(&all, 999, 100).unwrap();
        assert_eq!((last.page, last.rows.len()), (13, 5));
        assert_eq!(db.account_page(&all, 1, 0).unwrap().rows.len(), 1);
        assert_eq!(
            db.account_page(&all, 1, 100_000).unwrap().page_size,
            crate::store::MAX_PAGE_SIZE
        );
        // filters and search, with tier counts of the filtered set
        let town = AccountFilter {
            unit: Some("青石镇人民政府".into()),
            query: Some("账号11".into()),
            ..Default::default()
        };
        let p = db.account_page(&town, 1, 20).unwrap();
        assert!(p
            .rows
            .iter()
            .all(|a| a.unit.as_deref() == Some("青石镇人民政府") && a.name.starts_with("账号11")));
        assert_eq!(p.total, db.list_accounts(&town).unwrap().len() as i64);
        assert_eq!(p.rows.len() as i64, p.total.min(20));
        assert_eq!(p.tiers.len(), 1);
        let none = AccountFilter {
            query: Some("没有这个账号".into()),
            ..Default::default()
        };
        let p = db.account_page(&none, 4, 20).unwrap();
        assert_eq!((p.total, p.page, p.rows.len()), (0, 1, 0));
    }

    #[test]
    fn bulk_actions_reach_every_account_the_filter_matches_in_one_go() {
        let db = ledger();
        let street = AccountFilter {
            unit: Some("龙塔街道办事处".into()),
            query: Some("账号0".into()),
            ..Default::default()
        };
        let matching = db.list_accounts(&street).unwrap().len();
        assert!(matching > 100, "{matching}");
        assert_eq!(
            db.set_tier_matching(&street, Tier::Main, |_| true).unwrap(),
            matching
        );
        let moved = AccountFilter {
            tier: Some(Tier::Main),
            ..street.clone()
        };
        assert_eq!(
            db.account_page(&moved, 1, 10).unwrap().total,
            matching as i64
        );
        // the last page of the street's accounts shows the change too
        let p = db.account_page(&street, 999, 50).unwrap();
        assert!(p.rows.iter().all(|a| a.tier == Tier::Main));
        assert_eq!(db.delete_matching(&street, |_| true).unwrap(), matching);
        assert_eq!(db.count_accounts().unwrap(), 1205 - matching as i64);
    }

    #[test]
    fn a_bulk_change_reports_its_progress_and_a_cancel_changes_nothing() {
        let db = Db::open_in_memory().unwrap();
        db.with_tx(|tx| {
            let mut stmt = tx.prepare(
                "INSERT INTO accounts (name, platform, tier, active) VALUES (?1, 'weibo', 'allied', 1)",
            )?;
            for i in 0..4_500 {
                stmt.execute([format!("同盟账号{i}")])?;
            }
            Ok(())
        })
        .unwrap();
        let all = AccountFilter::default();
        let main = AccountFilter {
            tier: Some(Tier::Main),
            ..Default::default()
        };
        // stopped half-way: cancelled, and not one account moved
        let mut seen = Vec::new();
        let err = db
            .set_tier_matching(&all, Tier::Main, |p| {
                seen.push((p.done, p.total));
                p.done < 4_000
            })
            .unwrap_err();
        assert_eq!(err.code(), "cancelled");
        assert_eq!(err.to_string(), "已取消：调整梯队，没有做任何修改");
        assert_eq!(seen, [(0, 4_500), (2_000, 4_500), (4_000, 4_500)]);
        assert_eq!(db.account_page(&main, 1, 20).unwrap().total, 0);
        let err = db.delete_matching(&all, |p| p.done == 0).unwrap_err();
        assert_eq!(err.code(), "cancelled");
        assert_eq!(db.count_accounts().unwrap(), 4_500);
        // let through: every batch reported, all moved
        let mut last = None;
        assert_eq!(
            db.set_tier_matching(&all, Tier::Main, |p| {
                last = Some(p);
                true
            })
            .unwrap(),
            4_500
        );
        assert_eq!(
            last,
            Some(BulkProgress {
                done: 4_500,
                total: 4_500
            })
        );
        assert_eq!(db.account_page(&main, 1, 20).unwrap().total, 4_500);
    }
}
