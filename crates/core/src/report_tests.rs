//! The report of the hand-worked fixture (store/stats_fixture.rs), written and read back.

use calamine::{open_workbook_auto, Data, Reader};

use crate::model::Period;
use crate::store::stats_fixture::{fixture, NOW};

fn year() -> Period {
    Period {
        from: "2026-01-01".into(),
        to: "2026-12-31".into(),
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

#[test]
fn the_xlsx_report_has_the_figures_in_sentences_and_sheets() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报告.xlsx");
    let written = f.db.export_report(&year(), &path, NOW).unwrap();
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), ["概况", "案件", "单位"]);

    let summary = book.worksheet_range("概况").unwrap();
    let cells: Vec<String> = summary.rows().flat_map(|r| r.iter().map(text)).collect();
    assert_eq!(cells[0], "辟谣工作统计报告（2026-01-01 至 2026-12-31）");
    let all = cells.join("\n");
    for needle in [
        "共登记谣言案件 6 起（网民举报 1 起、巡查发现 3 起、上级交办 1 起、部门报送 1 起）",
        "共组织辟谣 4 次，发起推送 2 次，推送目标账号 12 个次，已转载 10 个次（覆盖率 83.3%），转载覆盖 6 个账号",
        "从首次发现到发布辟谣信息：中位数 4小时0分，90% 的案件在 1天0小时 以内（共 3 起）；2 起尚未发布辟谣信息",
        "从发起推送到主力军 80% 转载：中位数 50分，90% 的推送在 3小时0分 以内（共 2 次）",
        "从发起推送到主力军全部转载：中位数 2小时0分，90% 的推送在 2小时0分 以内（共 1 次）；1 次未达到",
        "截止时间已过仍未转载（含逾期转载）4 个次（主力军 3、生力军 1）",
        "转载最快的单位：区公安分局、区卫健委、龙塔街道办事处",
        "按属事",
    ] {
        assert!(all.contains(needle), "missing「{needle}」in\n{all}");
    }

    let cases = book.worksheet_range("案件").unwrap();
    let rows: Vec<Vec<String>> = cases.rows().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(rows[0][0], "编号");
    assert_eq!(rows.len(), 1 + 6, "a header and the six cases of 2026");
    let c1 = rows
        .iter()
        .find(|r| r[0] == f.cases[0].to_string())
        .unwrap();
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    assert_eq!(c1[col("登记时间")], "2026-03-01 08:30");
    assert_eq!(c1[col("属事")], "公安");
    assert_eq!(c1[col("属地")], "龙塔街道");
    assert_eq!(c1[col("首次辟谣")], "2026-03-01 10:00");
    assert_eq!(c1[col("发现至辟谣用时")], "2小时0分");
    assert_eq!(
        (
            c1[col("推送次数")].as_str(),
            c1[col("推送目标")].as_str(),
            c1[col("已转载")].as_str()
        ),
        ("1", "7", "5")
    );
    // The first case of the year is the one recorded at 00:10 on New Year's Day.
    assert_eq!(rows[1][0], f.cases[7].to_string());

    let units = book.worksheet_range("单位").unwrap();
    let rows: Vec<Vec<String>> = units.rows().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(
        rows[0],
        [
            "排名",
            "责任单位",
            "推送目标",
            "已转载",
            "覆盖率",
            "未按时转载",
            "未能核查",
            "转载用时中位数"
        ]
    );
    assert_eq!(
        rows[1],
        ["1", "区公安分局", "4", "4", "1", "0", "0", "10分"]
    );
    assert_eq!(rows.len(), 1 + 4);
    let ratio = units.get_value((3, 4)).unwrap();
    assert_eq!(*ratio, Data::Float(2.0 / 3.0), "ratios stay numbers");

    // 8 sentences, 4 + 5 + 4 + 3 + 2 table lines, 6 cases, 4 units.
    assert_eq!(written, 8 + 18 + 6 + 4);
}

#[test]
fn the_csv_report_has_the_same_sections() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.csv");
    let written = f.db.export_report(&year(), &path, NOW).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a BOM so that Excel reads UTF-8"
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[3..]);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows[0][0], "辟谣工作统计报告（2026-01-01 至 2026-12-31）");
    let at = |title: &str| rows.iter().position(|r| r[0].starts_with(title)).unwrap();
    assert!(rows[at("【概况】") + 2][0].starts_with("共组织辟谣 4 次"));
    let cases = at("【案件】");
    assert_eq!(rows[cases + 1][0], "编号");
    assert_eq!(rows[cases + 2][0], f.cases[7].to_string());
    let units = at("【单位】");
    assert_eq!(
        units,
        cases + 2 + 6 + 1,
        "six case rows, a blank line, then the units"
    );
    assert_eq!(
        rows[units + 2][..5],
        ["1", "区公安分局", "4", "4", "100.0%"]
    );
    let tiers = at("【按梯队的转载覆盖】");
    assert_eq!(rows[tiers + 2][..5], ["主力军", "10", "9", "90.0%", "3"]);
    assert_eq!(written, 8 + 18 + 6 + 4);
}

#[test]
fn an_unknown_extension_is_refused() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let err =
        f.db.export_report(&year(), &dir.path().join("r.pdf"), NOW)
            .unwrap_err();
    assert_eq!(err.code(), "unsupported_file");
}
