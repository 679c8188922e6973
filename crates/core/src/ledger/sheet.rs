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
    for record in reader.records() {
        let record = record.map_err(|e| format!("CSV 格式错误：{e}"))?;
        let line = record
            .position()
            .map(|p| p.line() as usize)
            .unwrap_or(grid.len() + 1);
        grid.push((line, record.iter().map(str::to_string).collect()));
        if grid.len() > MAX_ROWS + 1 {
            return Err(format!("行数超过 {MAX_ROWS}"));
        }
    }
    Ok(grid)
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

/// Writes a table as CSV (UTF-8 with BOM, so that Excel opens Chinese text correctly).
pub fn write_csv(path: &Path, headers: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let err = |e: &dyn ToString| Error::WriteFile {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(headers).map_err(|e| err(&e))?;
        for row in rows {
            w.write_record(row).map_err(|e| err(&e))?;
        }
        w.flush().map_err(|e| err(&e))?;
    }
    std::fs::write(path, out).map_err(|e| err(&e))
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
            // Text format keeps phone numbers and ids exactly as typed.
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn unknown_extension_is_refused() {
        let err = read(Path::new("/tmp/ledger.pdf")).unwrap_err();
        assert_eq!(err.code(), "unsupported_file");
    }
}
