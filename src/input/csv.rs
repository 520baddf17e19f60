//! CSV and tab-separated extracts: UTF-8 (with or without BOM) or Windows-1252.

use super::loader::Loader;
use super::values::CellRef;
use super::Location;
use anyhow::{anyhow, Context, Result};
use std::borrow::Cow;

/// Text of the file as UTF-8: as is when it is valid UTF-8 (BOM dropped),
/// else read as Windows-1252, which is what HR systems on Windows write.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            text
        }
    }
}

/// Comma unless the extension says tab, or the first line has more tabs than commas.
fn delimiter(at: &Location, text: &str) -> u8 {
    let ext = at
        .path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    if matches!(ext.as_deref(), Some("tsv") | Some("tab")) {
        return b'\t';
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let tabs = first.matches('\t').count();
    let commas = first.matches(',').count();
    if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

pub fn read(at: &Location, loader: &mut Loader) -> Result<()> {
    let bytes = std::fs::read(&at.path).with_context(|| format!("{}: cannot read the file", at))?;
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(anyhow!(
            "{at}: is a workbook, not a CSV file: give it its .xlsx (or .xls) extension"
        ));
    }
    if bytes.contains(&0) {
        return Err(anyhow!(
            "{at}: is not a text CSV file (it holds binary data)"
        ));
    }
    let text = decode(&bytes);
    let delim = delimiter(at, &text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let row = record.position().map(|p| p.line() as usize).unwrap_or(line);
                let cells: Vec<CellRef<'_>> = record
                    .iter()
                    .map(|f| {
                        if f.is_empty() {
                            CellRef::Empty
                        } else {
                            CellRef::Text(f)
                        }
                    })
                    .collect();
                loader.push(row, &cells)?;
            }
            Err(e) => {
                let row = e.position().map(|p| p.line() as usize).unwrap_or(line);
                return Err(loader.error_at_row(row, format!("cannot be read as CSV: {e}")));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_transcoded() {
        let bytes = b"Children\x92s Social Care,\xa339,500";
        assert_eq!(decode(bytes), "Children\u{2019}s Social Care,\u{a3}39,500");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(decode("\u{feff}Team,FTE".as_bytes()), "Team,FTE");
        assert_eq!(decode("£39,500".as_bytes()), "£39,500");
    }
}
