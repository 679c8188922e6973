//! Reading a ledger file (CSV or XLSX) into rows of text, and writing one.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

use crate::error::{Error, Result};

/// Files larger than this are refused before reading: no office ledger comes close.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
pub const MAX_ROWS: usize = 100_000;

/// A table of text cells with the 1-based line (row) number each data row had in the file.
#[derive(Debug, Default)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn of(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("csv") => Ok(Format::Csv),
            Some("xlsx") | Some("xlsm") | Some("xls") => Ok(Format::Xlsx),
            _ => Err(Error::UnsupportedFile(path.to_path_buf())),
        }
    }
}

fn read_err(path: &Path, reason: impl ToString) -> Error {
    Error::ReadFile {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

pub fn read(path: &Path) -> Result<Sheet> {
    let format = Format::of(path)?;
    let meta = std::fs::metadata(path).map_err(|e| read_err(path, e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(read_err(
            path,
            format!("文件超过 {} MB", MAX_FILE_BYTES / 1024 / 1024),
        ));
    }
    let grid = match format {
        Format::Csv => {
            let bytes = std::fs::read(path).map_err(|e| read_err(path, e))?;
            read_csv(&bytes).map_err(|e| read_err(path, e))?
        }
        Format::Xlsx => read_xlsx(path)?,
    };
    into_sheet(grid).map_err(|e| read_err(path, e))
}

/// The text of a file of messages or links sent by people (.txt, .csv in any encoding the
/// import accepts, .xlsx): an Excel sheet becomes one line per row, its cells joined by tabs,
/// so a sender and a link on one row stay on one line. Files over `max_bytes` are refused
/// before they are read.
pub fn text_of(path: &Path, max_bytes: u64) -> Result<String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let xlsx = match ext.as_deref() {
        Some("txt") | Some("csv") | Some("text") => false,
        Some("xlsx") | Some("xlsm") | Some("xls") => true,
        _ => return Err(Error::UnsupportedFile(path.to_path_buf())),
    };
    let meta = std::fs::metadata(path).map_err(|e| read_err(path, e))?;
    if meta.len() > max_bytes {
        return Err(read_err(
            path,
            format!(
                "文件有 {:.1} MB，超过 {} KB，请分批提交",
                meta.len() as f64 / 1024.0 / 1024.0,
                max_bytes / 1024
            ),
        ));
    }
    if !xlsx {
        let bytes = std::fs::read(path).map_err(|e| read_err(path, e))?;
        return Ok(decode(&bytes));
    }
    let mut text = String::new();
    for (_, cells) in read_xlsx(path)? {
        let line = cells
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join("\t");
        if !line.is_empty() {
            text.push_str(&line);
            text.push('\n');
        }
    }
    Ok(text)
}

pub(crate) fn from_csv_bytes(bytes: &[u8]) -> Result<Sheet> {
    let grid = read_csv(bytes).map_err(Error::Invalid)?;
    into_sheet(grid).map_err(Error::Invalid)
}

/// Decodes CSV bytes: UTF-8 (with or without BOM), or GB18030/GBK as Excel on Chinese Windows
/// saves "CSV" files.
fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

fn read_csv(bytes: &[u8]) -> std::result::Result<Vec<(usize, Vec<String>)>, String> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    let mut rows = RowNumbers::new(text.as_bytes());
    for record in reader.records() {
        let record = record.map_err(|e| format!("CSV 格式错误：{e}"))?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let line = rows.row_at(start);
        rows.pass(record.iter());
        grid.push((line, record.iter().map(unquote_formula).collect()));
        if grid.len() > MAX_ROWS + 1 {
            return Err(format!("行数超过 {MAX_ROWS}"));
        }
    }
    Ok(grid)
}

/// The row numbers a spreadsheet shows for the records of a CSV text: one row per line break
/// outside quoted cells (CRLF, CR or LF alike), blank lines included. The csv crate's own
/// line counter cannot be used for this: it gives two records of a CRLF file (as Excel saves
/// CSV on Windows) the same number and counts no line at a bare CR, so error messages would
/// name the wrong rows.
struct RowNumbers<'a> {
    text: &'a [u8],
    /// How far `breaks` has counted.
    scanned: usize,
    breaks: usize,
    after_cr: bool,
    /// Line breaks inside the quoted cells of the records read so far.
    inside_cells: usize,
}

impl<'a> RowNumbers<'a> {
    fn new(text: &'a [u8]) -> Self {
        RowNumbers {
            text,
            scanned: 0,
            breaks: 0,
            after_cr: false,
            inside_cells: 0,
        }
    }

    /// The row of the record that the csv reader says starts at byte `start` (it reports
    /// the end of the previous record, before any blank lines).
    fn row_at(&mut self, start: usize) -> usize {
        let mut start = start.min(self.text.len());
        while self
            .text
            .get(start)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            start += 1;
        }
        while self.scanned < start {
            count_break(
                self.text[self.scanned],
                &mut self.breaks,
                &mut self.after_cr,
            );
            self.scanned += 1;
        }
        1 + self.breaks.saturating_sub(self.inside_cells)
    }

    /// Sets aside the line breaks inside a record's cells: they are not new rows.
    fn pass<'c>(&mut self, cells: impl Iterator<Item = &'c str>) {
        for cell in cells {
            let (mut n, mut after_cr) = (0, false);
            for b in cell.bytes() {
                count_break(b, &mut n, &mut after_cr);
            }
            self.inside_cells += n;
        }
    }
}

/// Counts CRLF, CR and LF as one line break each.
fn count_break(b: u8, breaks: &mut usize, after_cr: &mut bool) {
    match b {
        b'\r' => *breaks += 1,
        b'\n' if !*after_cr => *breaks += 1,
        _ => {}
    }
    *after_cr = b == b'\r';
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection"):
/// `=`, `+`, `-`, `@`, and a tab or carriage return before them.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell starts like a formula once any apostrophes in front are set aside.
fn formula_after_quotes(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A cell as a CSV export writes it, so that Excel or WPS shows it as text and never runs it:
/// a cell that starts like a formula gets a leading apostrophe (OWASP's advice). A cell that
/// already has apostrophes before such a start gets one more, so that reading the file back
/// (which removes one) gives exactly what was written.
pub(crate) fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if formula_after_quotes(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The inverse of [`neutralise_formula`] for a CSV cell read back: one apostrophe before a
/// formula-like start is removed.
fn unquote_formula(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_after_quotes(rest) => rest.to_string(),
        _ => cell.to_string(),
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        // Whole numbers (phone numbers, ids) without a trailing ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

fn read_xlsx(path: &Path) -> Result<Vec<(usize, Vec<String>)>> {
    let mut book = open_workbook_auto(path)
        .map_err(|e| read_err(path, format!("不是有效的 Excel 文件（{e}）")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| read_err(path, "工作簿中没有工作表"))?
        .map_err(|e| read_err(path, e))?;
    if range.height() > MAX_ROWS + 1 {
        return Err(read_err(path, format!("行数超过 {MAX_ROWS}")));
    }
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![String::new(); first_col];
            cells.extend(row.iter().map(cell_text));
            (first_row + i + 1, cells)
        })
        .collect())
}

/// The first non-blank row is the header; blank rows after it are dropped.
fn into_sheet(grid: Vec<(usize, Vec<String>)>) -> std::result::Result<Sheet, String> {
    let mut rows = grid
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let Some((_, headers)) = rows.next() else {
        return Err("文件是空的".to_string());
    };
    Ok(Sheet {
        headers,
        rows: rows.collect(),
    })
}

/// Writes a table as an XLSX sheet with a bold frozen header and readable column widths.
pub fn write_xlsx(
    path: &Path,
    sheet_name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
) -> Result<()> {
    use rust_xlsxwriter::{Format as XFormat, Workbook};
    let err = |e: &dyn ToString| Error::WriteFile {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet_name).map_err(|e| err(&e))?;
    let bold = XFormat::new().set_bold().set_background_color("DDEBF7");
    let text = XFormat::new().set_num_format("@");
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(|e| err(&e))?;
        let widest = rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(|v| {
                v.chars()
                    .map(|ch| if ch.is_ascii() { 1.0 } else { 2.0 })
                    .sum::<f64>()
            })
            .fold(h.chars().count() as f64 * 2.0, f64::max);
        ws.set_column_width(c as u16, widest.clamp(8.0, 60.0) + 2.0)
            .map_err(|e| err(&e))?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            // Text format keeps phone numbers and ids exactly as typed. Every cell is a string
            // cell, never a formula, whatever it starts with ("=cmd|' /C calc'!A0" included).
            ws.write_string_with_format(r as u32 + 1, c as u16, v, &text)
                .map_err(|e| err(&e))?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(|e| err(&e))?;
    if !rows.is_empty() {
        ws.autofilter(
            0,
            0,
            rows.len() as u32,
            headers.len().saturating_sub(1) as u16,
        )
        .map_err(|e| err(&e))?;
    }
    book.save(path).map_err(|e| err(&e))
}

/// A table written row by row and never held whole, for exports of any size: CSV (UTF-8 with
/// BOM, so that Excel opens Chinese text correctly; cells a spreadsheet would take for a
/// formula written as text, see [`neutralise_formula`]) through a buffered file, XLSX with a constant-memory worksheet (rows spooled to a temporary file).
/// It is written beside `path` and renamed into place by [`TableWriter::finish`], so a failed
/// export leaves no half-written file under the chosen name.
pub struct TableWriter {
    path: std::path::PathBuf,
    part: std::path::PathBuf,
    /// Taken by `finish`.
    out: Option<TableOut>,
    columns: usize,
    rows: u32,
}

enum TableOut {
    Csv(csv::Writer<std::io::BufWriter<std::fs::File>>),
    Xlsx {
        book: Box<rust_xlsxwriter::Workbook>,
        sheet: Box<rust_xlsxwriter::Worksheet>,
        text: rust_xlsxwriter::Format,
    },
}

impl TableWriter {
    /// Starts a table of `columns` (header, width in characters) at `path` (.csv or .xlsx).
    pub fn create(path: &Path, sheet_name: &str, columns: &[(&str, f64)]) -> Result<TableWriter> {
        use rust_xlsxwriter::{Format as XFormat, Workbook};
        let err = write_err(path);
        let mut part = path.as_os_str().to_owned();
        part.push(".part");
        let part = std::path::PathBuf::from(part);
        let out = match Format::of(path)? {
            Format::Csv => {
                let file = std::fs::File::create(&part).map_err(|e| err(&e))?;
                let mut buf = std::io::BufWriter::new(file);
                std::io::Write::write_all(&mut buf, b"\xEF\xBB\xBF").map_err(|e| err(&e))?;
                let mut w = csv::Writer::from_writer(buf);
                w.write_record(columns.iter().map(|(h, _)| *h))
                    .map_err(|e| err(&e))?;
                TableOut::Csv(w)
            }
            Format::Xlsx => {
                let mut book = Workbook::new();
                let mut sheet = book
                    .new_worksheet_with_constant_memory()
                    .map_err(|e| err(&e))?;
                sheet.set_name(sheet_name).map_err(|e| err(&e))?;
                let bold = XFormat::new().set_bold().set_background_color("DDEBF7");
                for (c, (h, width)) in columns.iter().enumerate() {
                    sheet
                        .set_column_width(c as u16, *width)
                        .map_err(|e| err(&e))?;
                    sheet
                        .write_string_with_format(0, c as u16, *h, &bold)
                        .map_err(|e| err(&e))?;
                }
                sheet.set_freeze_panes(1, 0).map_err(|e| err(&e))?;
                TableOut::Xlsx {
                    book: Box::new(book),
                    sheet: Box::new(sheet),
                    text: XFormat::new().set_num_format("@"),
                }
            }
        };
        Ok(TableWriter {
            path: path.to_path_buf(),
            part,
            out: Some(out),
            columns: columns.len(),
            rows: 0,
        })
    }

    /// Appends one row (cells that a spreadsheet would take for a formula stay text).
    pub fn push(&mut self, row: &[String]) -> Result<()> {
        let err = write_err(&self.path);
        match self
            .out
            .as_mut()
            .expect("a table is written until finished")
        {
            TableOut::Csv(w) => w
                .write_record(row.iter().map(|c| neutralise_formula(c).into_owned()))
                .map_err(|e| err(&e))?,
            TableOut::Xlsx { sheet, text, .. } => {
                for (c, v) in row.iter().enumerate() {
                    sheet
                        .write_string_with_format(self.rows + 1, c as u16, v, text)
                        .map_err(|e| err(&e))?;
                }
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Writes the end of the file and puts it in place; how many rows it holds.
    pub fn finish(mut self) -> Result<usize> {
        let path = self.path.clone();
        let err = write_err(&path);
        match self.out.take().expect("a table is finished once") {
            TableOut::Csv(w) => {
                let buf = w.into_inner().map_err(|e| err(&e))?;
                buf.into_inner().map_err(|e| err(&e))?;
            }
            TableOut::Xlsx {
                mut book,
                mut sheet,
                ..
            } => {
                if self.rows > 0 {
                    sheet
                        .autofilter(0, 0, self.rows, self.columns.saturating_sub(1) as u16)
                        .map_err(|e| err(&e))?;
                }
                book.push_worksheet(*sheet);
                book.save(&self.part).map_err(|e| err(&e))?;
            }
        }
        std::fs::rename(&self.part, &self.path).map_err(|e| err(&e))?;
        Ok(self.rows as usize)
    }
}

impl Drop for TableWriter {
    /// An export that stopped half-way leaves nothing behind.
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.part);
    }
}

fn write_err(path: &Path) -> impl Fn(&dyn ToString) -> Error + '_ {
    move |e| Error::WriteFile {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_a_chat_export_a_gbk_list_and_a_sheet_of_reposts() {
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("群消息.txt");
        std::fs::write(&txt, "李明：已转 https://a.example/1\n").unwrap();
        assert_eq!(
            text_of(&txt, 1024).unwrap(),
            "李明：已转 https://a.example/1\n"
        );
        let csv = dir.path().join("链接.csv");
        let (gbk, _, _) = encoding_rs::GBK.encode("王芳,https://b.example/2\n");
        std::fs::write(&csv, &gbk).unwrap();
        assert_eq!(text_of(&csv, 1024).unwrap(), "王芳,https://b.example/2\n");
        let xlsx = dir.path().join("报送.xlsx");
        write_xlsx(
            &xlsx,
            "报送",
            &["报送人", "链接"],
            &[
                vec!["张伟".into(), "https://c.example/3".into()],
                vec![String::new(), String::new()],
            ],
        )
        .unwrap();
        assert_eq!(
            text_of(&xlsx, 1 << 20).unwrap(),
            "报送人\t链接\n张伟\thttps://c.example/3\n"
        );
        // too large, refused before reading; an unknown kind, refused by name
        let err = text_of(&txt, 8).unwrap_err().to_string();
        assert!(err.contains("超过"), "{err}");
        let doc = dir.path().join("说明.docx");
        std::fs::write(&doc, "x").unwrap();
        assert!(matches!(
            text_of(&doc, 1024),
            Err(Error::UnsupportedFile(_))
        ));
    }

    #[test]
    fn decodes_utf8_bom_and_gbk() {
        assert_eq!(decode("\u{feff}账号名称".as_bytes()), "账号名称");
        let (gbk, _, _) = encoding_rs::GBK.encode("账号名称,平台");
        assert_eq!(decode(&gbk), "账号名称,平台");
        assert_eq!(decode("plain".as_bytes()), "plain");
    }

    #[test]
    fn csv_row_numbers_are_those_a_spreadsheet_shows() {
        let grid = read_csv("a,b\n\"x\ny\",2\n\nz,3\n".as_bytes()).unwrap();
        let sheet = into_sheet(grid).unwrap();
        assert_eq!(sheet.headers, ["a", "b"]);
        let lines: Vec<_> = sheet.rows.iter().map(|(l, _)| *l).collect();
        // A quoted newline stays inside its cell; the blank line is row 3, as Excel shows it.
        assert_eq!(lines, [2, 4]);
    }

    #[test]
    fn row_numbers_with_crlf_cr_blank_lines_and_quoted_breaks() {
        let rows = |text: &str| -> Vec<usize> {
            read_csv(text.as_bytes())
                .unwrap()
                .iter()
                .map(|(l, _)| *l)
                .collect()
        };
        // As Excel saves CSV on Windows: CRLF.
        assert_eq!(rows("h\r\na\r\nb\r\nc\r\n"), [1, 2, 3, 4]);
        assert_eq!(rows("a,b\r\n\"x\r\ny\",2\r\n\r\nz,3\r\n"), [1, 2, 4]);
        // Old Mac Excel: bare CR.
        assert_eq!(rows("h\ra\rb\r"), [1, 2, 3]);
        // Blank lines are rows; breaks inside quotes are not.
        assert_eq!(rows("h\n\n\na\n\"p\rq\",1\nb"), [1, 4, 5, 6]);
        assert_eq!(rows("\n\nh\na"), [3, 4]);
    }

    #[test]
    fn empty_file_is_an_error() {
        assert!(into_sheet(read_csv(b"\n\n").unwrap()).is_err());
    }

    #[test]
    fn xlsx_round_trip_keeps_text_and_numbers_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        write_xlsx(
            &path,
            "台账",
            &["名称", "电话"],
            &[vec!["云川发布".into(), "13800000000".into()]],
        )
        .unwrap();
        let sheet = read(&path).unwrap();
        assert_eq!(sheet.headers, ["名称", "电话"]);
        assert_eq!(
            sheet.rows,
            vec![(2, vec!["云川发布".to_string(), "13800000000".to_string()])]
        );
        assert_eq!(cell_text(&Data::Float(13800000000.0)), "13800000000");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
    }

    #[test]
    fn formula_like_cells_are_written_as_text_and_read_back_as_written() {
        for (cell, written) in [
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+86 138", "'+86 138"),
            ("-", "'-"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1+1", "'\t=1+1"),
            ("'=already", "''=already"),
            ("''=x", "'''=x"),
            ("云川发布", "云川发布"),
            ("it's", "it's"),
            ("'", "'"),
            ("", ""),
        ] {
            assert_eq!(neutralise_formula(cell), written);
            assert_eq!(unquote_formula(written), cell);
        }
        // An apostrophe an office typed before ordinary text stays.
        assert_eq!(unquote_formula("'0571"), "'0571");
    }

    #[test]
    fn unknown_extension_is_refused() {
        let err = read(Path::new("/tmp/ledger.pdf")).unwrap_err();
        assert_eq!(err.code(), "unsupported_file");
    }
}
