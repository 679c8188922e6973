//! The period report (统计报告): the year-end figures in sentences and tables, one row per case
//! and one per unit. As an XLSX workbook formatted for printing (A4 landscape, fit to width,
//! header row repeated and frozen) or as one CSV file with sections (UTF-8 with BOM).

use std::path::Path;

use time::OffsetDateTime;

use crate::error::{Error, Result};
use crate::ledger::sheet::Format;
use crate::model::{CoverageLine, Period, Statistics, Timeliness};
use crate::rules::stats::{duration_label, percent, period_label, LOCAL};
use crate::store::{Db, ReportCase};

/// A cell of the report: numbers stay numbers in XLSX.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// 0..1, shown as a percentage.
    Ratio(f64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Ratio(r) => percent(*r),
        }
    }
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// A titled table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// Everything the report says, before it is written in one format or the other.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    /// "统计时段：… 生成时间：…"
    pub subtitle: String,
    /// The year-end figures as sentences.
    pub sentences: Vec<String>,
    /// Small tables under the sentences on the summary sheet.
    pub tables: Vec<Table>,
    pub cases: Table,
    pub units: Table,
}

pub const SUMMARY_SHEET: &str = "概况";
pub const CASES_SHEET: &str = "案件";
pub const UNITS_SHEET: &str = "单位";

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "无".to_string()
    } else {
        names.join("、")
    }
}

fn duration(s: Option<i64>) -> String {
    s.map(duration_label).unwrap_or_else(|| "—".to_string())
}

fn timeliness(what: &str, t: &Timeliness, items: &str, never: &str) -> String {
    let mut s = match (t.median_seconds, t.p90_seconds) {
        (Some(m), Some(p)) => format!(
            "{what}：中位数 {}，90% 的{items}在 {} 以内（共 {} {}）",
            duration_label(m),
            duration_label(p),
            t.measured.value,
            if items == "案件" { "起" } else { "次" }
        ),
        _ => format!("{what}：本期没有可计算的{items}"),
    };
    if t.not_reached.value > 0 {
        s.push_str(&format!(
            "；{} {}{never}",
            t.not_reached.value,
            if items == "案件" { "起" } else { "次" }
        ));
    }
    s.push('。');
    s
}

fn coverage_row(l: &CoverageLine) -> Vec<Cell> {
    vec![
        t(l.label.clone()),
        Cell::Int(l.targeted.value),
        Cell::Int(l.reposted.value),
        Cell::Ratio(l.ratio),
        Cell::Int(l.missed.value),
        Cell::Int(l.unverified.value),
        t(duration(l.median_seconds)),
    ]
}

/// The report's content from the period's statistics and cases.
pub fn build(s: &Statistics, cases: &[ReportCase], now: OffsetDateTime) -> Report {
    let period = period_label(&s.period);
    let count_of = |b: &[crate::model::Bucket]| -> String {
        b.iter()
            .filter(|b| b.value > 0)
            .map(|b| format!("{} {} 起", b.label, b.value))
            .collect::<Vec<_>>()
            .join("、")
    };
    let ratio = if s.targeted.value > 0 {
        s.reposted.value as f64 / s.targeted.value as f64
    } else {
        0.0
    };
    let missed: Vec<String> = s
        .coverage_by_tier
        .iter()
        .map(|l| format!("{} {}", l.label, l.missed.value))
        .collect();
    let missed_total: i64 = s.coverage_by_tier.iter().map(|l| l.missed.value).sum();
    let mut sentences = vec![
        format!(
            "{period}，共登记谣言案件 {} 起{}。",
            s.cases.value,
            if s.cases.value > 0 {
                format!("（{}）", count_of(&s.by_source))
            } else {
                String::new()
            }
        ),
        format!(
            "共组织辟谣 {} 次，发起推送 {} 次，推送目标账号 {} 个次，已转载 {} 个次（覆盖率 {}），转载覆盖 {} 个账号。",
            s.rebuttals.value,
            s.pushes.value,
            s.targeted.value,
            s.reposted.value,
            percent(ratio),
            s.accounts_reached.value
        ),
        timeliness("从首次发现到发布辟谣信息", &s.rebuttal_time, "案件", "尚未发布辟谣信息"),
        timeliness("从发起推送到主力军 80% 转载", &s.main_80, "推送", "未达到"),
        timeliness("从发起推送到主力军全部转载", &s.main_100, "推送", "未达到"),
    ];
    if !missed.is_empty() {
        sentences.push(format!(
            "截止时间已过仍未转载（含逾期转载）{missed_total} 个次（{}）。",
            missed.join("、")
        ));
    }
    let unverified: i64 = s.coverage_by_tier.iter().map(|l| l.unverified.value).sum();
    if unverified > 0 {
        sentences.push(format!(
            "另有 {unverified} 个次未能核查（账号页面被拦截、无法读取或无法访问，是否转载不明），未计入未转载。"
        ));
    }
    if !s.units.is_empty() {
        sentences.push(format!(
            "转载最快的单位：{}；最慢：{}；未按时转载最多：{}。",
            list(&s.fastest),
            list(&s.slowest),
            list(&s.most_missed)
        ));
    }
    sentences.push(
        "说明：案件按登记时间、辟谣按首次发布时间、推送按发起时间计入本期（北京时间）；用时取中位数与第 90 百分位（最近秩法：第 ⌈p×n⌉ 小的值）；单位为推送发起时账号所属的责任单位；一起案件可同时涉及多个属事、属地。"
            .to_string(),
    );

    let buckets = |title: &str, head: &'static str, b: &[crate::model::Bucket]| Table {
        title: title.to_string(),
        headers: vec![head, "案件数"],
        rows: b
            .iter()
            .map(|b| vec![t(b.label.clone()), Cell::Int(b.value)])
            .collect(),
    };
    let coverage_headers = vec![
        "梯队",
        "推送目标",
        "已转载",
        "覆盖率",
        "未按时转载",
        "未能核查",
        "转载用时中位数",
    ];
    let tables = vec![
        buckets("按来源", "来源", &s.by_source),
        buckets("按等级", "等级", &s.by_level),
        buckets("按属事", "属事", &s.by_subject),
        buckets("按属地", "镇街", &s.by_territory),
        Table {
            title: "按梯队的转载覆盖".to_string(),
            headers: coverage_headers,
            rows: s.coverage_by_tier.iter().map(coverage_row).collect(),
        },
    ];

    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let cases = Table {
        title: format!("{period} 登记的案件"),
        headers: vec![
            "编号",
            "登记时间",
            "首次发现",
            "标题",
            "来源",
            "等级",
            "状态",
            "辟谣主体",
            "协办单位",
            "属事",
            "属地",
            "首次辟谣",
            "发现至辟谣用时",
            "推送次数",
            "推送目标",
            "已转载",
        ],
        rows: cases
            .iter()
            .map(|c| {
                vec![
                    Cell::Int(c.id),
                    t(c.recorded_at.clone()),
                    t(opt(&c.first_seen_at)),
                    t(c.title.clone()),
                    t(c.source.label()),
                    t(c.level.map(|l| l.label()).unwrap_or("未研判")),
                    t(c.status.label()),
                    t(opt(&c.lead_unit)),
                    t(c.co_units.join("、")),
                    t(c.subjects.join("、")),
                    t(c.territories.join("、")),
                    t(opt(&c.first_rebuttal_at)),
                    t(c.rebuttal_seconds.map(duration_label).unwrap_or_default()),
                    Cell::Int(c.pushes),
                    Cell::Int(c.targeted),
                    Cell::Int(c.reposted),
                ]
            })
            .collect(),
    };
    let units = Table {
        title: format!("{period} 各单位转载情况"),
        headers: vec![
            "排名",
            "责任单位",
            "推送目标",
            "已转载",
            "覆盖率",
            "未按时转载",
            "未能核查",
            "转载用时中位数",
        ],
        rows: s
            .units
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut row = vec![Cell::Int(i as i64 + 1)];
                row.extend(coverage_row(l));
                row
            })
            .collect(),
    };
    let local = now.to_offset(LOCAL);
    Report {
        title: format!("辟谣工作统计报告（{period}）"),
        subtitle: format!(
            "统计时段：{period}　生成时间：{}-{:02}-{:02} {:02}:{:02}",
            local.year(),
            u8::from(local.month()),
            local.day(),
            local.hour(),
            local.minute()
        ),
        sentences,
        tables,
        cases,
        units,
    }
}

fn write_err(path: &Path) -> impl Fn(&dyn ToString) -> Error + '_ {
    move |e| Error::WriteFile {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Display width of a text in Excel's character units (CJK counts double).
fn width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 1.1 } else { 2.1 })
        .sum()
}

fn write_xlsx(path: &Path, r: &Report) -> Result<usize> {
    use rust_xlsxwriter::{Format as X, FormatAlign, FormatBorder, Workbook, Worksheet};
    let err = write_err(path);
    let title = X::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let subtitle = X::new()
        .set_font_color("595959")
        .set_align(FormatAlign::Center);
    let sentence = X::new().set_text_wrap().set_align(FormatAlign::Top);
    let section = X::new().set_bold().set_font_size(12);
    let head = X::new()
        .set_bold()
        .set_background_color("DDEBF7")
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let text = X::new()
        .set_num_format("@")
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let int = X::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let pct = X::new()
        .set_num_format("0.0%")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let print = |ws: &mut Worksheet| {
        ws.set_paper_size(9) // A4
            .set_landscape()
            .set_print_fit_to_pages(1, 0)
            .set_print_center_horizontally(true)
            .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3)
            .set_footer("&C第 &P 页，共 &N 页");
    };
    let cell = |ws: &mut Worksheet, row: u32, col: u16, c: &Cell| -> Result<()> {
        match c {
            Cell::Text(s) => ws.write_string_with_format(row, col, s, &text),
            Cell::Int(n) => ws.write_number_with_format(row, col, *n as f64, &int),
            Cell::Ratio(x) => ws.write_number_with_format(row, col, *x, &pct),
        }
        .map_err(|e| err(&e))?;
        Ok(())
    };
    let mut written = 0;
    let mut book = Workbook::new();

    // Summary: title, sentences, small tables.
    {
        let ws = book.add_worksheet();
        ws.set_name(SUMMARY_SHEET).map_err(|e| err(&e))?;
        print(ws);
        let cols: u16 = 6;
        let widths = [22.0, 14.0, 14.0, 12.0, 14.0, 18.0];
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w).map_err(|e| err(&e))?;
        }
        ws.merge_range(0, 0, 0, cols - 1, &r.title, &title)
            .map_err(|e| err(&e))?;
        ws.set_row_height(0, 28).map_err(|e| err(&e))?;
        ws.merge_range(1, 0, 1, cols - 1, &r.subtitle, &subtitle)
            .map_err(|e| err(&e))?;
        let mut row = 3u32;
        let line_chars = widths.iter().sum::<f64>() / 2.1;
        for s in &r.sentences {
            ws.merge_range(row, 0, row, cols - 1, s, &sentence)
                .map_err(|e| err(&e))?;
            let lines = (width(s) / 2.1 / line_chars).ceil().max(1.0);
            ws.set_row_height(row, 16.0 * lines + 4.0)
                .map_err(|e| err(&e))?;
            row += 1;
            written += 1;
        }
        for table in &r.tables {
            row += 1;
            ws.write_string_with_format(row, 0, &table.title, &section)
                .map_err(|e| err(&e))?;
            row += 1;
            for (c, h) in table.headers.iter().enumerate() {
                ws.write_string_with_format(row, c as u16, *h, &head)
                    .map_err(|e| err(&e))?;
            }
            row += 1;
            for data in &table.rows {
                for (c, v) in data.iter().enumerate() {
                    cell(ws, row, c as u16, v)?;
                }
                row += 1;
                written += 1;
            }
        }
    }

    // One row per case, one per unit: a header row that repeats on every printed page.
    for (name, table, max_width) in [(CASES_SHEET, &r.cases, 40.0), (UNITS_SHEET, &r.units, 30.0)] {
        let ws = book.add_worksheet();
        ws.set_name(name).map_err(|e| err(&e))?;
        print(ws);
        ws.set_header(format!("&C{}", table.title.replace('&', "&&")));
        for (c, h) in table.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)
                .map_err(|e| err(&e))?;
            let widest = table
                .rows
                .iter()
                .filter_map(|row| row.get(c))
                .map(|v| width(&v.text()))
                .fold(width(h), f64::max);
            ws.set_column_width(c as u16, widest.clamp(6.0, max_width) + 1.0)
                .map_err(|e| err(&e))?;
        }
        for (i, data) in table.rows.iter().enumerate() {
            for (c, v) in data.iter().enumerate() {
                cell(ws, i as u32 + 1, c as u16, v)?;
            }
            written += 1;
        }
        ws.set_freeze_panes(1, 0).map_err(|e| err(&e))?;
        ws.set_repeat_rows(0, 0).map_err(|e| err(&e))?;
        if !table.rows.is_empty() {
            ws.autofilter(
                0,
                0,
                table.rows.len() as u32,
                table.headers.len() as u16 - 1,
            )
            .map_err(|e| err(&e))?;
        }
    }
    book.save(path).map_err(|e| err(&e))?;
    Ok(written)
}

fn write_csv(path: &Path, r: &Report) -> Result<usize> {
    let err = write_err(path);
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    let mut written = 0;
    {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        let mut record = |fields: Vec<String>| w.write_record(&fields).map_err(|e| err(&e));
        record(vec![r.title.clone()])?;
        record(vec![r.subtitle.clone()])?;
        record(vec![String::new()])?;
        record(vec![format!("【{SUMMARY_SHEET}】")])?;
        for s in &r.sentences {
            record(vec![s.clone()])?;
            written += 1;
        }
        let tables = r.tables.iter().chain([&r.cases, &r.units]);
        for (i, table) in tables.enumerate() {
            record(vec![String::new()])?;
            let title = match i {
                n if n == r.tables.len() => format!("【{CASES_SHEET}】{}", table.title),
                n if n == r.tables.len() + 1 => format!("【{UNITS_SHEET}】{}", table.title),
                _ => format!("【{}】", table.title),
            };
            record(vec![title])?;
            record(table.headers.iter().map(|h| h.to_string()).collect())?;
            for row in &table.rows {
                record(row.iter().map(Cell::text).collect())?;
                written += 1;
            }
        }
        w.flush().map_err(|e| err(&e))?;
    }
    std::fs::write(path, out).map_err(|e| err(&e))?;
    Ok(written)
}

impl Db {
    /// Writes the report of `period` to `path`: .xlsx (sheets 概况, 案件, 单位) or .csv (one file
    /// with the same sections), by extension. Returns the number of data rows written
    /// (sentences, table lines, cases, units). Deadlines are judged at `now`.
    pub fn export_report(
        &self,
        period: &Period,
        path: &Path,
        now: OffsetDateTime,
    ) -> Result<usize> {
        let format = Format::of(path)?;
        let stats = self.statistics(period, now)?;
        let cases = self.report_cases(period)?;
        let report = build(&stats, &cases, now);
        match format {
            Format::Xlsx => write_xlsx(path, &report),
            Format::Csv => write_csv(path, &report),
        }
    }
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
