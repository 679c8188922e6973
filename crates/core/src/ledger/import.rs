//! Ledger import: every row is checked before anything is written; either every valid row is
//! written in one transaction or nothing is.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::columns::{parse_active, Column};
use super::sheet::{self, Sheet};
use crate::error::{Error, Result};
use crate::model::{AccountInput, Platform, Tier};
use crate::store::Db;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportAction {
    Create,
    Update,
    Invalid,
}

/// One data row of the file as the user wrote it, what the import will do with it, and why not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportRow {
    /// Row number in the file (the header is row 1 when it is the first line).
    #[ts(type = "number")]
    pub line: usize,
    pub name: String,
    pub platform: String,
    pub tier: String,
    pub unit: String,
    pub territory: String,
    pub action: ImportAction,
    pub errors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub file: String,
    pub rows: Vec<ImportRow>,
    #[ts(type = "number")]
    pub valid: usize,
    #[ts(type = "number")]
    pub invalid: usize,
    #[ts(type = "number")]
    pub new_accounts: usize,
    #[ts(type = "number")]
    pub updated_accounts: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportSummary {
    #[ts(type = "number")]
    pub created: usize,
    #[ts(type = "number")]
    pub updated: usize,
    #[ts(type = "number")]
    pub skipped: usize,
}

/// A row parsed: the input when it is valid, the errors when not.
struct Parsed {
    row: ImportRow,
    input: Option<AccountInput>,
}

fn column_index(headers: &[String]) -> Result<HashMap<Column, usize>> {
    let mut index = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        if let Some(c) = Column::from_header(h) {
            index.entry(c).or_insert(i);
        }
    }
    let missing: Vec<&str> = Column::REQUIRED
        .iter()
        .filter(|c| !index.contains_key(c))
        .map(|c| c.header())
        .collect();
    if !missing.is_empty() {
        return Err(Error::Invalid(format!(
            "台账缺少必需的列：{}。第一行应为表头，例如：{}",
            missing.join("、"),
            Column::ALL.map(Column::header).join("、")
        )));
    }
    Ok(index)
}

fn parse_rows(sheet: &Sheet) -> Result<Vec<Parsed>> {
    let index = column_index(&sheet.headers)?;
    let cell = |cells: &Vec<String>, c: Column| -> String {
        index
            .get(&c)
            .and_then(|&i| cells.get(i))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let opt = |v: String| if v.is_empty() { None } else { Some(v) };
    let mut seen: HashMap<(Platform, String), usize> = HashMap::new();
    let mut out = Vec::with_capacity(sheet.rows.len());
    for (line, cells) in &sheet.rows {
        let mut errors = Vec::new();
        let (platform_text, tier_text) = (cell(cells, Column::Platform), cell(cells, Column::Tier));
        let platform = Platform::parse(&platform_text);
        if platform.is_none() {
            errors.push(if platform_text.is_empty() {
                "平台不能为空".to_string()
            } else {
                format!("无法识别的平台「{platform_text}」（可填：微信公众号、微博、今日头条、抖音、网站、群聊、其他）")
            });
        }
        let tier = Tier::parse(&tier_text);
        if tier.is_none() {
            errors.push(if tier_text.is_empty() {
                "梯队不能为空".to_string()
            } else {
                format!("无法识别的梯队「{tier_text}」（可填：主力军、生力军、同盟军，或 main、auxiliary、allied）")
            });
        }
        let active_text = cell(cells, Column::Active);
        let active = parse_active(&active_text);
        if active.is_none() {
            errors.push(format!(
                "无法识别的状态「{active_text}」（可填：启用、停用）"
            ));
        }
        let raw = AccountInput {
            name: cell(cells, Column::Name),
            platform: platform.unwrap_or(Platform::Other),
            tier: tier.unwrap_or(Tier::Allied),
            unit: opt(cell(cells, Column::Unit)),
            territory: opt(cell(cells, Column::Territory)),
            watch_url: opt(cell(cells, Column::WatchUrl)),
            contact: opt(cell(cells, Column::Contact)),
            notes: opt(cell(cells, Column::Notes)),
            active: active.unwrap_or(true),
        };
        let input = match raw.normalized() {
            Ok(input) => Some(input),
            Err(more) => {
                errors.extend(more);
                None
            }
        };
        if let (Some(p), Some(input)) = (platform, &input) {
            if let Some(first) = seen.insert((p, input.name.clone()), *line) {
                errors.push(format!("与第 {first} 行重复（同一平台的同名账号）"));
            }
        }
        out.push(Parsed {
            row: ImportRow {
                line: *line,
                name: cell(cells, Column::Name),
                platform: platform_text,
                tier: tier_text,
                unit: cell(cells, Column::Unit),
                territory: cell(cells, Column::Territory),
                action: ImportAction::Invalid,
                errors: errors.clone(),
            },
            input: if errors.is_empty() { input } else { None },
        });
    }
    Ok(out)
}

fn plan(db: &Db, sheet: &Sheet) -> Result<Vec<Parsed>> {
    let mut parsed = parse_rows(sheet)?;
    db.read(|c| {
        for p in &mut parsed {
            if let Some(input) = &p.input {
                p.row.action = match crate::store::account_id(c, input.platform, &input.name)? {
                    Some(_) => ImportAction::Update,
                    None => ImportAction::Create,
                };
            }
        }
        Ok(())
    })?;
    Ok(parsed)
}

fn preview_of(file: &str, parsed: Vec<Parsed>) -> ImportPreview {
    let rows: Vec<ImportRow> = parsed.into_iter().map(|p| p.row).collect();
    let count = |a: ImportAction| rows.iter().filter(|r| r.action == a).count();
    ImportPreview {
        file: file.to_string(),
        valid: rows.len() - count(ImportAction::Invalid),
        invalid: count(ImportAction::Invalid),
        new_accounts: count(ImportAction::Create),
        updated_accounts: count(ImportAction::Update),
        rows,
    }
}

impl Db {
    /// What importing `path` would do, row by row, without writing anything.
    pub fn preview_ledger_import(&self, path: &Path) -> Result<ImportPreview> {
        let sheet = sheet::read(path)?;
        Ok(preview_of(&path.display().to_string(), plan(self, &sheet)?))
    }

    /// Imports `path`: new accounts are added, accounts with the same platform and name are
    /// updated. With any invalid row nothing is written unless `skip_invalid`.
    pub fn import_ledger(&self, path: &Path, skip_invalid: bool) -> Result<ImportSummary> {
        let sheet = sheet::read(path)?;
        self.import_sheet(&sheet, skip_invalid)
    }

    pub(crate) fn import_sheet(&self, sheet: &Sheet, skip_invalid: bool) -> Result<ImportSummary> {
        let parsed = parse_rows(sheet)?;
        let invalid = parsed.iter().filter(|p| p.input.is_none()).count();
        if invalid > 0 && !skip_invalid {
            return Err(Error::ImportHasErrors(invalid));
        }
        self.with_tx(|tx| {
            let mut summary = ImportSummary {
                skipped: invalid,
                ..Default::default()
            };
            for input in parsed.iter().filter_map(|p| p.input.as_ref()) {
                match crate::store::account_id(tx, input.platform, &input.name)? {
                    Some(id) => {
                        crate::store::update_account_in(tx, id, input)?;
                        summary.updated += 1;
                    }
                    None => {
                        crate::store::insert_account_in(tx, input)?;
                        summary.created += 1;
                    }
                }
            }
            Ok(summary)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AccountFilter;

    fn sheet(text: &str) -> Sheet {
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.split(',').map(str::to_string).collect::<Vec<_>>()));
        let (_, headers) = lines.next().unwrap();
        Sheet {
            headers,
            rows: lines.collect(),
        }
    }

    const GOOD: &str = "账号名称,平台,梯队,责任单位,所属镇街,监测地址,联系方式,备注,状态
云川发布,微博,主力军,区网信办,,https://127.0.0.1/u/1,,,
平安云川,微信公众号,main,区公安分局,,,,,启用
龙塔街道发布,公众号,生力军,龙塔街道,龙塔街道,,,,停用";

    #[test]
    fn imports_valid_rows_and_updates_on_second_import() {
        let db = Db::open_in_memory().unwrap();
        let s = db.import_sheet(&sheet(GOOD), false).unwrap();
        assert_eq!(
            s,
            ImportSummary {
                created: 3,
                updated: 0,
                skipped: 0
            }
        );
        let s = db.import_sheet(&sheet(GOOD), false).unwrap();
        assert_eq!(
            s,
            ImportSummary {
                created: 0,
                updated: 3,
                skipped: 0
            }
        );
        let all = db.list_accounts(&AccountFilter::default()).unwrap();
        assert_eq!(all.len(), 3);
        let lt = all.iter().find(|a| a.name == "龙塔街道发布").unwrap();
        assert_eq!(
            (lt.tier, lt.platform, lt.active),
            (Tier::Auxiliary, Platform::Wechat, false)
        );
    }

    #[test]
    fn one_bad_row_blocks_the_import_unless_skipped() {
        let db = Db::open_in_memory().unwrap();
        let text = format!("{GOOD}\n,抖音,先锋队,,,ftp://x,,,也许\n云川发布,微博,主力军,,,,,,");
        let err = db.import_sheet(&sheet(&text), false).unwrap_err();
        assert_eq!(err.code(), "import_has_errors");
        assert!(err.to_string().contains("2 行"), "{err}");
        assert_eq!(db.count_accounts().unwrap(), 0, "nothing imported");

        let parsed = parse_rows(&sheet(&text)).unwrap();
        let bad = &parsed[3].row;
        assert_eq!(bad.line, 5);
        let all = bad.errors.join("|");
        for needle in [
            "梯队「先锋队」",
            "状态「也许」",
            "账号名称不能为空",
            "无法识别的抖音监测地址",
        ] {
            assert!(all.contains(needle), "{needle} missing in {all}");
        }
        assert!(parsed[4].row.errors[0].contains("与第 2 行重复"));

        let s = db.import_sheet(&sheet(&text), true).unwrap();
        assert_eq!(
            s,
            ImportSummary {
                created: 3,
                updated: 0,
                skipped: 2
            }
        );
    }

    #[test]
    fn missing_required_columns_are_named() {
        let err = parse_rows(&sheet("账号名称,备注\nx,y")).err().unwrap();
        assert!(err.to_string().contains("平台、梯队"), "{err}");
    }

    #[test]
    fn english_headers_and_tier_codes_are_accepted() {
        let db = Db::open_in_memory().unwrap();
        let s = db
            .import_sheet(
                &sheet("name,platform,tier,unit\nYunchuan News,weibo,allied,区融媒体中心"),
                false,
            )
            .unwrap();
        assert_eq!(s.created, 1);
    }

    #[test]
    fn preview_tells_create_from_update() {
        let db = Db::open_in_memory().unwrap();
        db.import_sheet(&sheet("账号名称,平台,梯队\n云川发布,微博,主力军"), false)
            .unwrap();
        let p = preview_of("x", plan(&db, &sheet(GOOD)).unwrap());
        assert_eq!(
            (p.valid, p.invalid, p.new_accounts, p.updated_accounts),
            (3, 0, 2, 1)
        );
        assert_eq!(p.rows[0].action, ImportAction::Update);
        assert_eq!(db.count_accounts().unwrap(), 1, "preview writes nothing");
    }
}
