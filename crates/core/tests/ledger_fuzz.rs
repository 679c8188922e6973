//! Bad input for the ledger import, as property tests (proptest): arbitrary bytes, arbitrary
//! grids of awkward cells written as CSV (UTF-8, with BOM, GBK) and as XLSX, mutated valid
//! ledgers, truncated and corrupted workbooks.
//!
//! For every file: preview and import never panic; an import either writes every valid row
//! or nothing (with an invalid row and no `skip_invalid`, the ledger, the units and the
//! territories are exactly as before); every row problem is a Chinese sentence attached to
//! the row's number; every file-level error is a Chinese sentence with a stable code.
//!
//! Cases per property: a few dozen by default (the suite stays well under a minute on two
//! cores); `PROPTEST_CASES=5000 cargo test -p piyao-core --test ledger_fuzz` for a longer run.

use std::path::Path;

use piyao_core::model::{AccountFilter, AccountInput, Platform, Tier};
use piyao_core::Db;
use proptest::prelude::*;
use proptest::test_runner::Config;

fn config(default_cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    Config {
        cases,
        // No regression files written into the source tree by a failing run on CI; the
        // failing input is printed instead.
        failure_persistence: None,
        ..Config::default()
    }
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Everything an import may change, as text.
fn snapshot(db: &Db) -> String {
    format!(
        "{:?}\n{:?}\n{:?}",
        db.list_accounts(&AccountFilter::default()).unwrap(),
        db.list_units().unwrap(),
        db.list_territories().unwrap()
    )
}

/// A ledger with two accounts already in it, so that imports update as well as create.
fn seeded() -> Db {
    let db = Db::open_in_memory().unwrap();
    for (name, platform) in [
        ("云川发布", Platform::Weibo),
        ("平安云川", Platform::Wechat),
    ] {
        db.create_account(AccountInput {
            name: name.into(),
            platform,
            tier: Tier::Main,
            unit: Some("区委网信办".into()),
            territory: None,
            watch_url: None,
            contact: None,
            notes: None,
            active: true,
        })
        .unwrap();
    }
    db
}

/// The properties every file must have, whatever it holds.
fn check_file(path: &Path) -> Result<(), TestCaseError> {
    let db = seeded();
    let before = snapshot(&db);
    let count = db.count_accounts().unwrap();
    let preview = db.preview_ledger_import(path);
    prop_assert_eq!(&snapshot(&db), &before, "a preview writes nothing");
    let strict = db.import_ledger(path, false);
    match &preview {
        Err(e) => {
            // The file itself is refused: the same refusal on import, in Chinese.
            let msg = e.to_string();
            prop_assert!(has_cjk(&msg), "not a Chinese message: {}", msg);
            prop_assert!(!e.code().is_empty());
            let strict_err = strict.as_ref().err();
            prop_assert!(
                strict_err.is_some(),
                "preview refused the file, import took it"
            );
            prop_assert_eq!(strict_err.unwrap().code(), e.code());
            prop_assert_eq!(&snapshot(&db), &before, "a refused file changes nothing");
            return Ok(());
        }
        Ok(p) => {
            prop_assert_eq!(p.valid + p.invalid, p.rows.len());
            prop_assert_eq!(p.new_accounts + p.updated_accounts, p.valid);
            let mut lines = std::collections::HashSet::new();
            for row in &p.rows {
                prop_assert!(
                    row.line >= 2,
                    "a data row comes after the header: {:?}",
                    row
                );
                prop_assert!(lines.insert(row.line), "row number {} twice", row.line);
                for e in &row.errors {
                    prop_assert!(has_cjk(e), "row {}: not a Chinese message: {}", row.line, e);
                }
                let invalid = row.action == piyao_core::ledger::ImportAction::Invalid;
                prop_assert_eq!(invalid, !row.errors.is_empty(), "{:?}", row);
            }
            if p.invalid > 0 {
                let e = strict.as_ref().err();
                prop_assert!(e.is_some(), "an invalid row must block the import");
                let e = e.unwrap();
                prop_assert_eq!(e.code(), "import_has_errors");
                let msg = e.to_string();
                prop_assert!(msg.contains(&format!("{} 行", p.invalid)), "{}", msg);
                prop_assert_eq!(&snapshot(&db), &before, "nothing imported");
            } else {
                let s = strict
                    .as_ref()
                    .map_err(|e| TestCaseError::fail(format!("a valid ledger was refused: {e}")))?;
                prop_assert_eq!(s.created, p.new_accounts);
                prop_assert_eq!(s.updated, p.updated_accounts);
                prop_assert_eq!(s.skipped, 0);
                prop_assert_eq!(db.count_accounts().unwrap(), count + s.created as i64);
            }
            // Skipping: every valid row, nothing else.
            let db = seeded();
            let s = db.import_ledger(path, true).map_err(|e| {
                TestCaseError::fail(format!("skip_invalid refused a readable file: {e}"))
            })?;
            prop_assert_eq!(s.created, p.new_accounts);
            prop_assert_eq!(s.updated, p.updated_accounts);
            prop_assert_eq!(s.skipped, p.invalid);
            prop_assert_eq!(db.count_accounts().unwrap(), count + s.created as i64);
        }
    }
    Ok(())
}

fn check_bytes(bytes: &[u8], ext: &str) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("台账.{ext}"));
    std::fs::write(&path, bytes).unwrap();
    check_file(&path)
}

// ---------------------------------------------------------------------------------------
// Cells, rows and grids

const HEADERS: [&str; 9] = [
    "账号名称",
    "平台",
    "梯队",
    "责任单位",
    "所属镇街",
    "监测地址",
    "联系方式",
    "备注",
    "状态",
];

/// Awkward cell values: formulas, quotes, separators, BOMs, control characters, long text.
fn nasty_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("=cmd|' /C calc'!A0".to_string()),
        Just("=HYPERLINK(\"http://evil.example\",\"点我\")".to_string()),
        Just("+86 138 0000 0000".to_string()),
        Just("-1".to_string()),
        Just("@SUM(A1:A9)".to_string()),
        Just("'=1+1".to_string()),
        Just("\"".to_string()),
        Just("\"\"quoted\"\"".to_string()),
        Just("a,b;c\td".to_string()),
        Just("第一行\n第二行\r\n第三行".to_string()),
        Just("\u{feff}账号名称".to_string()),
        Just("\u{0}\u{1}\u{7f}".to_string()),
        Just("   ".to_string()),
        Just("💥🚨".to_string()),
        Just("javascript:alert(1)".to_string()),
        Just("http://".to_string()),
        Just("https://127.0.0.1:8080/feed?a=1&b=2".to_string()),
        Just("主力军".to_string()),
        Just("微博".to_string()),
        Just("停用".to_string()),
        (1usize..40_000).prop_map(|n| "很长".repeat(n / 2)),
        "\\PC{0,30}",
        any::<String>(),
    ]
}

/// A plausible value for a column, right or wrong.
fn cell_for(column: usize) -> BoxedStrategy<String> {
    let valid: BoxedStrategy<String> = match column {
        0 => "[云川龙塔发布平安社区融媒]{1,8}".boxed(),
        1 => prop_oneof![
            Just("微博"),
            Just("微信公众号"),
            Just("公众号"),
            Just("今日头条"),
            Just("抖音"),
            Just("网站"),
            Just("群聊"),
            Just("weibo"),
            Just("推特"),
            Just("")
        ]
        .prop_map(str::to_string)
        .boxed(),
        2 => prop_oneof![
            Just("主力军"),
            Just("生力军"),
            Just("同盟军"),
            Just("main"),
            Just("allied"),
            Just("先锋队"),
            Just("")
        ]
        .prop_map(str::to_string)
        .boxed(),
        3 | 4 => prop_oneof![
            Just("区公安分局"),
            Just("龙塔街道"),
            Just("区委网信办"),
            Just("")
        ]
        .prop_map(str::to_string)
        .boxed(),
        5 => prop_oneof![
            Just("https://weibo.example/u/1".to_string()),
            Just("ftp://x".to_string()),
            Just(String::new()),
            "https?://[a-z]{1,8}\\.cn/[a-z0-9/]{0,12}",
        ]
        .boxed(),
        8 => prop_oneof![Just("启用"), Just("停用"), Just(""), Just("也许")]
            .prop_map(str::to_string)
            .boxed(),
        _ => "[\\PC]{0,20}".boxed(),
    };
    prop_oneof![8 => valid, 2 => nasty_cell()].boxed()
}

/// A header row: the real one (Chinese or English, shuffled, with extra or missing columns)
/// or anything at all.
fn header_row() -> impl Strategy<Value = Vec<String>> {
    let real = Just(HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    let english = Just(
        [
            "name",
            "platform",
            "tier",
            "unit",
            "territory",
            "watch_url",
            "contact",
            "notes",
            "active",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>(),
    );
    prop_oneof![
        6 => real,
        1 => english,
        1 => Just(HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>()).prop_shuffle(),
        1 => proptest::sample::subsequence(HEADERS.to_vec(), 0..=9)
            .prop_map(|v| v.into_iter().map(str::to_string).collect()),
        1 => Just(HEADERS.iter().map(|h| h.to_string()).chain(["序号".to_string(), "=1+1".to_string()]).collect::<Vec<_>>()),
        1 => proptest::collection::vec(nasty_cell(), 0..12),
    ]
}

/// A grid: a header row and up to 30 data rows of 0 to 12 cells each (ragged on purpose).
fn grid() -> impl Strategy<Value = Vec<Vec<String>>> {
    (
        header_row(),
        proptest::collection::vec(
            (0usize..13).prop_flat_map(|n| (0..n).map(cell_for).collect::<Vec<_>>()),
            0..30,
        ),
    )
        .prop_map(|(h, rows)| std::iter::once(h).chain(rows).collect())
}

/// CSV text of a grid, written by the csv crate (properly quoted) or joined raw (quotes and
/// newlines left to break the format).
fn csv_text(grid: &[Vec<String>], raw: bool) -> String {
    if raw {
        grid.iter()
            .map(|r| r.join(","))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(vec![]);
        for r in grid {
            w.write_record(r).unwrap();
        }
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }
}

#[derive(Debug, Clone, Copy)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Gbk,
    Utf16LeBom,
}

fn encoded(text: &str, enc: Encoding) -> Vec<u8> {
    match enc {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
        Encoding::Gbk => encoding_rs::GBK.encode(text).0.into_owned(),
        Encoding::Utf16LeBom => {
            let mut v = vec![0xFF, 0xFE];
            v.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            v
        }
    }
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![
        Just(Encoding::Utf8),
        Just(Encoding::Utf8Bom),
        Just(Encoding::Gbk),
        Just(Encoding::Utf16LeBom)
    ]
}

/// A valid ledger of `n` rows.
fn valid_ledger(n: usize) -> String {
    let mut text = HEADERS.join(",");
    for i in 0..n {
        let (platform, tier) = [
            ("微博", "主力军"),
            ("微信公众号", "生力军"),
            ("网站", "同盟军"),
        ][i % 3];
        text.push_str(&format!(
            "\n云川账号{i},{platform},{tier},区公安分局,龙塔街道,https://example.cn/u/{i},138{i:08},备注{i},启用"
        ));
    }
    text
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (
            any::<usize>(),
            prop_oneof![
                Just(b"\"".to_vec()),
                Just(b",".to_vec()),
                Just(b"\n".to_vec()),
                Just(b"\r".to_vec()),
                Just(b"\xEF\xBB\xBF".to_vec()),
                Just("=cmd|' /C calc'!A0".as_bytes().to_vec()),
                Just(vec![0xD5, 0xCB]),
                Just(vec![0xFF]),
                proptest::collection::vec(any::<u8>(), 1..20),
            ]
        )
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 1usize..50).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), 1usize..200).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Flip(i, b) => {
                if !bytes.is_empty() {
                    let i = i % bytes.len();
                    bytes[i] ^= b | 1;
                }
            }
            Mutation::Insert(i, b) => {
                let i = i % (bytes.len() + 1);
                bytes.splice(i..i, b.iter().copied());
            }
            Mutation::Delete(i, n) => {
                let i = i % len;
                let end = (i + n).min(bytes.len());
                if i < end {
                    bytes.drain(i..end);
                }
            }
            Mutation::Duplicate(i, n) => {
                let i = i % len;
                let end = (i + n).min(bytes.len());
                if i < end {
                    let piece = bytes[i..end].to_vec();
                    bytes.splice(end..end, piece);
                }
            }
            Mutation::Truncate(i) => bytes.truncate(i % len),
        }
    }
    bytes
}

// ---------------------------------------------------------------------------------------
// CSV

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn csv_of_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4000)) {
        check_bytes(&bytes, "csv")?;
    }

    #[test]
    fn csv_of_arbitrary_grids(grid in grid(), raw in any::<bool>(), enc in encoding()) {
        check_bytes(&encoded(&csv_text(&grid, raw), enc), "csv")?;
    }

    #[test]
    fn csv_of_mutated_valid_ledgers(
        n in 1usize..40,
        enc in encoding(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let bytes = mutate(encoded(&valid_ledger(n), enc), &mutations);
        check_bytes(&bytes, "csv")?;
    }
}

/// The unmutated ledgers import in full, in every encoding (so that the properties above are
/// not passing on files that are all refused).
#[test]
fn valid_ledgers_import_in_every_encoding() {
    for enc in [
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Gbk,
        Encoding::Utf16LeBom,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("台账.csv");
        std::fs::write(&path, encoded(&valid_ledger(30), enc)).unwrap();
        let db = seeded();
        let s = db.import_ledger(&path, false).unwrap();
        assert_eq!(s.created, 30, "{enc:?}");
        check_file(&path).unwrap();
    }
}

// ---------------------------------------------------------------------------------------
// XLSX

/// A cell of a workbook as Excel may hold it.
#[derive(Debug, Clone)]
enum XCell {
    Empty,
    Text(String),
    Number(f64),
    Date(u16, u8, u8),
    Bool(bool),
    Formula(String),
}

fn xcell(column: usize) -> impl Strategy<Value = XCell> {
    prop_oneof![
        6 => cell_for(column).prop_map(XCell::Text),
        1 => Just(XCell::Empty),
        1 => prop_oneof![
            any::<f64>(),
            Just(13_800_000_000.0),
            Just(-0.0),
            Just(1e300),
            (0i64..1_000_000).prop_map(|n| n as f64)
        ].prop_map(XCell::Number),
        1 => (1900u16..2100, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| XCell::Date(y, m, d)),
        1 => any::<bool>().prop_map(XCell::Bool),
        1 => prop_oneof![Just("=1+1"), Just("=cmd|' /C calc'!A0"), Just("=A1&B1"), Just("=1/0")]
            .prop_map(|f| XCell::Formula(f.to_string())),
    ]
}

fn xgrid() -> impl Strategy<Value = (Vec<String>, Vec<Vec<XCell>>, u32, u16)> {
    (
        header_row(),
        proptest::collection::vec(
            (0usize..12).prop_flat_map(|n| (0..n).map(xcell).collect::<Vec<_>>()),
            0..25,
        ),
        0u32..3,
        0u16..3,
    )
}

/// A workbook of the grid, starting at (row0, col0); cells the writer refuses (text over
/// Excel's 32,767 characters, numbers that are not finite) are left out.
fn workbook(headers: &[String], rows: &[Vec<XCell>], row0: u32, col0: u16) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in headers.iter().enumerate() {
        let _ = ws.write_string(row0, col0 + c as u16, h);
    }
    for (r, row) in rows.iter().enumerate() {
        let r = row0 + 1 + r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = col0 + c as u16;
            let _ = match cell {
                XCell::Empty => Ok(&mut *ws),
                XCell::Text(s) => ws.write_string(r, c, s),
                XCell::Number(n) => ws.write_number(r, c, *n),
                XCell::Date(y, m, d) => match ExcelDateTime::from_ymd(*y, *m, *d) {
                    Ok(dt) => ws.write_datetime_with_format(r, c, &dt, &date),
                    Err(_) => Ok(&mut *ws),
                },
                XCell::Bool(b) => ws.write_boolean(r, c, *b),
                XCell::Formula(f) => ws.write_formula(r, c, Formula::new(f)),
            };
        }
    }
    book.save_to_buffer()
        .expect("a workbook of valid cells saves")
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn xlsx_of_arbitrary_grids((headers, rows, row0, col0) in xgrid()) {
        check_bytes(&workbook(&headers, &rows, row0, col0), "xlsx")?;
    }

    #[test]
    fn xlsx_truncated_or_corrupted(
        n in 1usize..30,
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let headers: Vec<String> = HEADERS.iter().map(|h| h.to_string()).collect();
        let rows: Vec<Vec<XCell>> = (0..n)
            .map(|i| {
                [format!("云川账号{i}"), "微博".into(), "主力军".into()]
                    .into_iter()
                    .map(XCell::Text)
                    .collect()
            })
            .collect();
        let bytes = mutate(workbook(&headers, &rows, 0, 0), &mutations);
        check_bytes(&bytes, "xlsx")?;
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// Arbitrary bytes under every spreadsheet extension the import accepts (.xls goes to
    /// the old binary format reader).
    #[test]
    fn spreadsheets_of_arbitrary_bytes(
        bytes in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..3000),
            // The magic numbers of a zip and of an OLE compound file, then noise.
            proptest::collection::vec(any::<u8>(), 0..3000)
                .prop_map(|b| [&b"PK\x03\x04"[..], &b].concat()),
            proptest::collection::vec(any::<u8>(), 0..3000)
                .prop_map(|b| [&b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"[..], &b].concat()),
        ],
        ext in prop_oneof![Just("xlsx"), Just("xlsm"), Just("xls")],
    ) {
        check_bytes(&bytes, ext)?;
    }
}

// ---------------------------------------------------------------------------------------
// Export: formula-looking cells stay text

fn tricky_accounts() -> Vec<AccountInput> {
    let cells = [
        "=cmd|' /C calc'!A0",
        "+86 138 0000 0000",
        "-临时账号",
        "@云川发布",
        "'=1+1",
        "=HYPERLINK(\"http://evil.example\",\"点我\")",
    ];
    cells
        .iter()
        .enumerate()
        .map(|(i, c)| AccountInput {
            name: format!("{c}{i}"),
            platform: Platform::Weibo,
            tier: Tier::Main,
            unit: Some(format!("{c}单位")),
            territory: Some(format!("{c}镇")),
            watch_url: None,
            contact: Some(c.to_string()),
            notes: Some(format!("{c}\n第二行")),
            active: i % 2 == 0,
        })
        .collect()
}

fn inputs(db: &Db) -> Vec<AccountInput> {
    db.list_accounts(&AccountFilter::default())
        .unwrap()
        .iter()
        .map(AccountInput::from)
        .collect()
}

#[test]
fn csv_export_writes_formula_looking_cells_as_text_and_reads_them_back() {
    let db = Db::open_in_memory().unwrap();
    for a in tricky_accounts() {
        db.create_account(a).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.csv");
    db.export_ledger(&path, &Default::default()).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    let mut cells = 0;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a spreadsheet would run this cell: {cell:?}"
            );
        }
    }
    assert!(cells > 50);
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("'=cmd|' /C calc'!A0"), "{text}");
    // Read back: exactly what was exported.
    let back = Db::open_in_memory().unwrap();
    back.import_ledger(&path, false).unwrap();
    assert_eq!(inputs(&back), inputs(&db));
}

#[test]
fn xlsx_export_writes_every_cell_as_a_string_never_a_formula() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let db = Db::open_in_memory().unwrap();
    for a in tricky_accounts() {
        db.create_account(a).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.xlsx");
    db.export_ledger(&path, &Default::default()).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let name = book.sheet_names()[0].clone();
    let formulas = book.worksheet_formula(&name).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "formulas in the export: {formulas:?}"
    );
    let range = book.worksheet_range(&name).unwrap();
    let mut saw = false;
    for (_, _, cell) in range.used_cells() {
        assert!(
            matches!(cell, Data::String(_) | Data::Empty),
            "not a string cell: {cell:?}"
        );
        saw |= matches!(cell, Data::String(s) if s == "=cmd|' /C calc'!A0");
    }
    assert!(saw, "the cell keeps its text exactly");
    let back = Db::open_in_memory().unwrap();
    back.import_ledger(&path, false).unwrap();
    assert_eq!(inputs(&back), inputs(&db));
}

proptest! {
    #![proptest_config(config(24))]

    /// Whatever the accounts hold, an export reads back to the same ledger, in both formats,
    /// and no CSV cell starts like a formula.
    #[test]
    fn export_round_trips_and_never_writes_a_formula(
        rows in proptest::collection::vec(
            (
                "[=+@\\-'\t]{0,2}[\\PC]{1,12}",
                "[=+@\\-'\t ]{0,2}[\\PC]{0,20}",
                any::<bool>(),
            ),
            1..12,
        )
    ) {
        let db = Db::open_in_memory().unwrap();
        for (i, (name, notes, active)) in rows.iter().enumerate() {
            let input = AccountInput {
                name: format!("{name}{i}"),
                platform: Platform::Website,
                tier: Tier::Allied,
                unit: None,
                territory: None,
                watch_url: None,
                contact: Some(notes.clone()),
                notes: Some(notes.clone()),
                active: *active,
            };
            if let Ok(input) = input.normalized() {
                // (Two generated names may collide; the second is then left out.)
                let _ = db.create_account(input);
            }
        }
        let dir = tempfile::tempdir().unwrap();
        for ext in ["csv", "xlsx"] {
            let path = dir.path().join(format!("台账.{ext}"));
            db.export_ledger(&path, &Default::default()).unwrap();
            if ext == "csv" {
                let bytes = std::fs::read(&path).unwrap();
                let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
                for record in reader.records() {
                    for cell in record.unwrap().iter() {
                        prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}", cell);
                    }
                }
            }
            let back = Db::open_in_memory().unwrap();
            back.import_ledger(&path, false).map_err(|e| TestCaseError::fail(format!("{ext}: {e}")))?;
            prop_assert_eq!(inputs(&back), inputs(&db), "{}", ext);
        }
    }
}
