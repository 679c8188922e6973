//! The evidence package of a push, for a higher office to inspect: one ZIP with
//! - `汇总.xlsx`: every target (tier, unit, territory, verdict, when, how it was confirmed, the
//!   evidence link and the checker's explanation), after the push's facts and coverage;
//! - `推送说明.txt`: the case, the rebuttal, the deadlines, the coverage, in words;
//! - `证据/<序号>-<账号>.txt`: per target with evidence, what shows its verdict: the page read,
//!   the item, the matched piece, the explanation, who confirmed it and when;
//! - `证据/截图/<序号>-<账号>-<hash>.<ext>`: the screenshots that confirmed a target, as sent.
//!
//! Targets are read a page at a time; the file is written beside its destination and renamed
//! into place when complete, so a failure never leaves half a package under the chosen name.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use rusqlite::params;
use time::OffsetDateTime;

use crate::error::{Error, Result};
use crate::model::{TargetQuery, TargetResult, Verdict};
use crate::rules::push::local_label;
use crate::store::pushes::{targets, Detail};
use crate::Db;

/// Targets read from the database at a time.
const PAGE: usize = 500;
/// The summary sheet's columns.
const HEADERS: [&str; 14] = [
    "序号",
    "账号",
    "梯队",
    "平台",
    "责任单位",
    "所属镇街",
    "核查结果",
    "确认方式",
    "首次发现转载",
    "最后核查",
    "证据链接",
    "说明",
    "证据文件",
    "截图",
];

fn write_err(path: &Path) -> impl Fn(&dyn ToString) -> Error + '_ {
    move |e| Error::WriteFile {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// A file name made of an account's name: no path separators or characters Windows refuses,
/// at most 40 characters.
fn file_part(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(40)
        .collect();
    let trimmed = cleaned.trim().trim_matches('.');
    if trimmed.is_empty() {
        "账号".to_string()
    } else {
        trimmed.to_string()
    }
}

fn when(at: Option<&str>) -> String {
    at.map(local_label).unwrap_or_default()
}

/// How a target's verdict came about, in words.
fn confirmed_how(t: &TargetResult, manual: Option<&(String, Option<String>)>) -> String {
    match (t.verdict, manual) {
        (None, _) => "尚未核查".into(),
        (Some(Verdict::Reposted), Some((by, note))) => {
            let link = t
                .evidence
                .as_ref()
                .and_then(|e| e.page_url.as_ref())
                .map(|_| "，转载链接经系统核验")
                .unwrap_or_default();
            let note = note
                .as_deref()
                .map(|n| format!("：{n}"))
                .unwrap_or_default();
            format!("人工确认（{by}）{link}{note}")
        }
        (Some(_), _) => "系统自动核查".into(),
    }
}

/// The evidence file of one target.
fn evidence_text(t: &TargetResult, how: &str) -> String {
    let mut out = format!(
        "账号：{}\n梯队：{}\n平台：{}\n责任单位：{}\n所属镇街：{}\n监测地址：{}\n核查结果：{}\n确认方式：{how}\n",
        t.account,
        t.tier.label(),
        t.platform.label(),
        t.unit.as_deref().unwrap_or("—"),
        t.territory.as_deref().unwrap_or("—"),
        t.watch_url.as_deref().unwrap_or("—"),
        t.verdict.map(Verdict::label).unwrap_or("待检查"),
    );
    if let Some(first) = &t.first_seen_at {
        out.push_str(&format!("首次发现转载：{}\n", local_label(first)));
    }
    if let Some(e) = &t.evidence {
        out.push_str(&format!("核查时间：{}\n", local_label(&e.checked_at)));
        let line = |label: &str, v: &Option<String>| {
            v.as_deref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("{label}：{v}\n"))
                .unwrap_or_default()
        };
        out.push_str(&line("读取的页面", &e.page_url));
        out.push_str(&line("相关条目", &e.item_title));
        out.push_str(&line("条目链接", &e.item_url));
        out.push_str(&line("匹配片段", &e.fragment));
        if let Some(s) = e.http_status {
            out.push_str(&format!("HTTP 状态：{s}\n"));
        }
        out.push_str(&format!("说明：{}\n", e.explanation));
        if !e.items_read.is_empty() {
            out.push_str("\n页面上读到的条目：\n");
            for (i, item) in e.items_read.iter().enumerate() {
                out.push_str(&format!(
                    "{:>2}. {}{}{}{}\n",
                    i + 1,
                    if item.decisive {
                        "【据此判定】"
                    } else {
                        ""
                    },
                    item.title,
                    item.date
                        .as_deref()
                        .map(|d| format!("（{d}）"))
                        .unwrap_or_default(),
                    item.link
                        .as_deref()
                        .map(|l| format!(" {l}"))
                        .unwrap_or_default()
                ));
            }
        }
    }
    out
}

impl Db {
    /// Writes push `push_id`'s evidence package to `path` (a .zip); returns how many targets
    /// it lists. `now` is when it was made (named in the package).
    pub fn export_evidence(&self, push_id: i64, path: &Path, now: OffsetDateTime) -> Result<usize> {
        let is_zip = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        if !is_zip {
            return Err(Error::Invalid(format!(
                "证据包须保存为 .zip 文件：{}",
                path.display()
            )));
        }
        let board = self.push_board(push_id, now)?;
        let manual: HashMap<i64, (String, Option<String>)> = self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT account_id, manual_by, manual_note FROM push_targets
                 WHERE push_id = ?1 AND manual_by IS NOT NULL",
            )?;
            let rows = stmt.query_map(params![push_id], |r| {
                Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?)))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        let with_images: std::collections::HashSet<i64> = self.read(|c| {
            let mut stmt =
                c.prepare("SELECT DISTINCT account_id FROM target_images WHERE push_id = ?1")?;
            let rows = stmt.query_map(params![push_id], |r| r.get::<_, i64>(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;

        let err = write_err(path);
        let part = path.with_extension("zip.part");
        let file = std::fs::File::create(&part).map_err(|e| err(&e))?;
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let written = (|| -> Result<usize> {
            use rust_xlsxwriter::{Format as X, FormatBorder, Workbook};
            let mut book = Workbook::new();
            let ws = book.add_worksheet();
            ws.set_name("汇总").map_err(|e| err(&e))?;
            let bold = X::new().set_bold().set_font_size(14);
            let head = X::new()
                .set_bold()
                .set_background_color("DDEBF7")
                .set_border(FormatBorder::Thin)
                .set_text_wrap();
            let cell = X::new().set_border(FormatBorder::Thin).set_text_wrap();
            let total = &board.coverage.total;
            let facts = [
                format!("推送 #{push_id} 证据包"),
                format!("案件：{}", board.case_title),
                format!("辟谣信息：{}", board.rebuttal.title),
                format!("发起时间：{}", local_label(&board.push.created_at)),
                format!(
                    "覆盖：应转载 {}，已转载 {}，转发谣言 {}，未能核查 {}，未转载 {}",
                    total.targeted,
                    total.reposted,
                    total.rumor_reposted,
                    total.unverified,
                    total.stragglers
                ),
                format!("生成时间：{}", local_label(&crate::rules::push::fmt(now))),
            ];
            for (i, f) in facts.iter().enumerate() {
                let fmt = if i == 0 { &bold } else { &X::new() };
                ws.write_string_with_format(i as u32, 0, f, fmt)
                    .map_err(|e| err(&e))?;
            }
            let top = facts.len() as u32 + 1;
            for (c, h) in HEADERS.iter().enumerate() {
                ws.write_string_with_format(top, c as u16, *h, &head)
                    .map_err(|e| err(&e))?;
            }
            for (c, w) in [
                6.0, 22.0, 8.0, 10.0, 16.0, 12.0, 10.0, 24.0, 17.0, 17.0, 40.0, 50.0, 26.0, 34.0,
            ]
            .iter()
            .enumerate()
            {
                ws.set_column_width(c as u16, *w).map_err(|e| err(&e))?;
            }
            ws.set_freeze_panes(top + 1, 0).map_err(|e| err(&e))?;

            let mut n = 0usize;
            loop {
                let page = self.read(|c| {
                    targets(
                        c,
                        push_id,
                        &TargetQuery::default(),
                        Detail::Evidence,
                        &format!(" LIMIT {PAGE} OFFSET {n}"),
                    )
                })?;
                if page.is_empty() {
                    break;
                }
                for t in &page {
                    n += 1;
                    let how = confirmed_how(t, manual.get(&t.account_id));
                    let evidence_file = t
                        .evidence
                        .as_ref()
                        .map(|_| format!("证据/{n:04}-{}.txt", file_part(&t.account)));
                    if let Some(name) = &evidence_file {
                        zip.start_file(name.as_str(), opts).map_err(|e| err(&e))?;
                        zip.write_all(evidence_text(t, &how).as_bytes())
                            .map_err(|e| err(&e))?;
                    }
                    let mut shots = Vec::new();
                    if with_images.contains(&t.account_id) {
                        for image in self.target_images(push_id, t.account_id)? {
                            let (format, bytes) = self.image_bytes(&image.hash)?;
                            let ext = if format == "jpeg" {
                                "jpg"
                            } else {
                                format.as_str()
                            };
                            let name = format!(
                                "证据/截图/{n:04}-{}-{}.{ext}",
                                file_part(&t.account),
                                &image.hash[..12]
                            );
                            zip.start_file(name.as_str(), opts).map_err(|e| err(&e))?;
                            zip.write_all(&bytes).map_err(|e| err(&e))?;
                            shots.push(name);
                        }
                    }
                    let link = t
                        .evidence
                        .as_ref()
                        .and_then(|e| e.item_url.clone().or_else(|| e.page_url.clone()))
                        .unwrap_or_default();
                    let row = [
                        n.to_string(),
                        t.account.clone(),
                        t.tier.label().to_string(),
                        t.platform.label().to_string(),
                        t.unit.clone().unwrap_or_default(),
                        t.territory.clone().unwrap_or_default(),
                        t.verdict
                            .map(Verdict::label)
                            .unwrap_or("待检查")
                            .to_string(),
                        how,
                        when(t.first_seen_at.as_deref()),
                        when(t.checked_at.as_deref()),
                        link,
                        t.evidence
                            .as_ref()
                            .map(|e| e.explanation.clone())
                            .unwrap_or_default(),
                        evidence_file.unwrap_or_default(),
                        shots.join("\n"),
                    ];
                    let r = top + n as u32;
                    for (c, v) in row.iter().enumerate() {
                        ws.write_string_with_format(r, c as u16, v, &cell)
                            .map_err(|e| err(&e))?;
                    }
                }
                if page.len() < PAGE {
                    break;
                }
            }
            ws.autofilter(top, 0, top + n as u32, HEADERS.len() as u16 - 1)
                .map_err(|e| err(&e))?;
            let sheet = book.save_to_buffer().map_err(|e| err(&e))?;
            zip.start_file("汇总.xlsx", opts).map_err(|e| err(&e))?;
            zip.write_all(&sheet).map_err(|e| err(&e))?;

            let deadlines: Vec<String> = board
                .push
                .deadlines
                .iter()
                .map(|d| format!("{}：{}", d.tier.label(), local_label(&d.due_at)))
                .collect();
            let tiers: Vec<String> = board
                .coverage
                .tiers
                .iter()
                .map(|c| {
                    format!(
                        "{}：应转载 {}，已转载 {}，转发谣言 {}，未能核查 {}，未转载 {}",
                        c.tier.map(|t| t.label()).unwrap_or("合计"),
                        c.targeted,
                        c.reposted,
                        c.rumor_reposted,
                        c.unverified,
                        c.stragglers
                    )
                })
                .collect();
            let about = format!(
                "{}\n\n案件：{}\n辟谣信息：{}\n发布单位：{}\n辟谣链接：{}\n发起时间：{}\n截止时间：\n  {}\n\n覆盖情况：\n  {}\n\n{}\n\n“汇总.xlsx”列出全部 {n} 个目标账号；“证据”文件夹中每个文件是一个账号的核查证据（读取的页面、相关条目、匹配片段、说明、确认人）。\n",
                facts[0],
                board.case_title,
                board.rebuttal.title,
                board.rebuttal.publisher.as_deref().unwrap_or("—"),
                board.rebuttal.url.as_deref().unwrap_or("—"),
                local_label(&board.push.created_at),
                if deadlines.is_empty() { "—".to_string() } else { deadlines.join("\n  ") },
                tiers.join("\n  "),
                facts[5],
            );
            zip.start_file("推送说明.txt", opts).map_err(|e| err(&e))?;
            zip.write_all(about.as_bytes()).map_err(|e| err(&e))?;
            Ok(n)
        })();
        let finished = written.and_then(|n| {
            let mut out = zip.finish().map_err(|e| err(&e))?;
            out.flush().map_err(|e| err(&e))?;
            Ok(n)
        });
        match finished {
            Ok(n) => {
                std::fs::rename(&part, path).map_err(|e| err(&e))?;
                Ok(n)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&part);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, PushLaunch, TargetFilter, Tier};
    use crate::store::CheckRecord;
    use crate::testing::CaseBuilder;
    use std::io::Read;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-22 06:00 UTC);

    #[test]
    fn a_push_s_package_lists_every_target_with_how_it_was_confirmed_and_its_evidence() {
        let db = Db::open_in_memory().unwrap();
        db.load_demo_ledger().unwrap();
        let case = CaseBuilder::new("龙塔社区大门被枪击")
            .content("网传龙塔社区大门昨夜被枪击")
            .scores(4, 2, 4)
            .rebuttal(
                "【辟谣】龙塔社区大门被枪击？系谣言",
                "经核实，系施工碰碎。",
                None,
            )
            .publisher("平安云川")
            .published(&db)
            .unwrap();
        let draft = db.push_draft(case.id, NOW).unwrap();
        let push = db
            .launch_push(
                &PushLaunch {
                    case_id: case.id,
                    filter: TargetFilter {
                        tiers: vec![Tier::Main, Tier::Allied],
                        ..Default::default()
                    },
                    deadlines: draft.deadlines,
                    notice: draft.notice,
                    bot_ids: vec![],
                },
                "协调员",
                NOW,
            )
            .unwrap();
        let all = db.push_results(push.id).unwrap();
        let (first, second) = (&all[0], &all[1]);
        db.record_checks(&[CheckRecord {
            push_id: push.id,
            account_id: first.account_id,
            verdict: Verdict::Reposted,
            evidence: Evidence {
                page_url: Some("https://weibo.com/u/1".into()),
                item_title: Some("【辟谣】龙塔社区大门被枪击？系谣言".into()),
                checked_at: "2026-11-22T06:30:00Z".into(),
                explanation: "标题与辟谣信息一致".into(),
                ..Default::default()
            },
            etag: None,
            last_modified: None,
            content_hash: None,
            duration_ms: None,
        }])
        .unwrap();
        db.confirm_target(
            push.id,
            second.account_id,
            Some("群内截图"),
            None,
            "李协调",
            NOW,
        )
        .unwrap();

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("证据包.zip");
        let n = db.export_evidence(push.id, &path, NOW).unwrap();
        assert_eq!(n, all.len());
        assert!(!dir.path().join("证据包.zip.part").exists());

        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
        assert!(names.contains(&"汇总.xlsx".to_string()), "{names:?}");
        assert!(names.contains(&"推送说明.txt".to_string()));
        let evidence: Vec<&String> = names.iter().filter(|n| n.starts_with("证据/")).collect();
        assert_eq!(evidence.len(), 2, "{names:?}");
        let mut text = String::new();
        zip.by_name(&format!("证据/0001-{}.txt", file_part(&first.account)))
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert!(text.contains("读取的页面：https://weibo.com/u/1"), "{text}");
        assert!(text.contains("确认方式：系统自动核查"), "{text}");

        let mut sheet = Vec::new();
        zip.by_name("汇总.xlsx")
            .unwrap()
            .read_to_end(&mut sheet)
            .unwrap();
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(sheet)).unwrap();
        let range = book.worksheet_range("汇总").unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert!(rows[0][0].contains("证据包"));
        let header = rows.iter().position(|r| r[0] == "序号").unwrap();
        assert_eq!(rows.len() - header - 1, all.len());
        // in the board's order, as push_results lists them
        let row = |i: usize| &rows[header + 1 + i];
        assert_eq!(
            (row(0)[1].as_str(), row(0)[6].as_str()),
            (first.account.as_str(), "已转载")
        );
        assert_eq!(row(1)[7], "人工确认（李协调）：群内截图");
        assert_eq!(row(2)[7], "尚未核查");

        // not a .zip: refused; a push that does not exist: not found
        assert!(db
            .export_evidence(push.id, &dir.path().join("a.xlsx"), NOW)
            .is_err());
        assert!(db
            .export_evidence(9999, &dir.path().join("b.zip"), NOW)
            .is_err());
    }

    #[test]
    fn file_names_of_accounts_are_safe() {
        assert_eq!(file_part("平安云川"), "平安云川");
        assert_eq!(file_part("../a/b:c*?"), "_a_b_c__");
        assert_eq!(file_part("  "), "账号");
        assert_eq!(file_part(&"长".repeat(60)).chars().count(), 40);
    }
}
