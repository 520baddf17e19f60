//! CSV and tab-separated extracts: UTF-8 (with or without BOM) or Windows-1252.

use super::loader::Loader;
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

/// Below this many bytes after the header, one thread reads everything.
const PARALLEL_FROM: usize = 4 << 20;

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
    // The title rows and header, read in order until the loader has its plan.
    let mut reader = builder(delim).from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    while !loader.is_planned() {
        if !read_one(&mut reader, &mut record, 0, loader)? {
            return Ok(());
        }
    }
    let pos = reader.position();
    let (start, line) = (pos.byte() as usize, pos.line() as usize);
    let rest = &text.as_bytes()[start..];
    let threads = std::thread::available_parallelism()
        .map(|n| n.get().min(8))
        .unwrap_or(1);
    if threads < 2 || rest.len() < PARALLEL_FROM {
        while read_one(&mut reader, &mut record, 0, loader)? {}
        return Ok(());
    }
    // Split the rest at line ends outside quotes, read each part in a thread
    // with a loader of the same plan, and append the parts in order.
    let chunks = split(rest, threads, line);
    let results: Vec<Result<Loader>> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|&(from, to, first_line)| {
                let mut part = loader.fork();
                scope.spawn(move || -> Result<Loader> {
                    let mut reader = builder(delim).from_reader(&rest[from..to]);
                    let mut record = csv::ByteRecord::new();
                    while read_one(&mut reader, &mut record, first_line - 1, &mut part)? {}
                    Ok(part)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("reader thread"))
            .collect()
    });
    for r in results {
        loader.absorb(r?);
    }
    Ok(())
}

fn builder(delim: u8) -> csv::ReaderBuilder {
    let mut b = csv::ReaderBuilder::new();
    b.has_headers(false).flexible(true).delimiter(delim);
    b
}

/// Read one record into the loader; `false` at the end. `line_offset` turns
/// the reader's line numbers into the file's.
fn read_one(
    reader: &mut csv::Reader<&[u8]>,
    record: &mut csv::ByteRecord,
    line_offset: usize,
    loader: &mut Loader,
) -> Result<bool> {
    let line = reader.position().line() as usize + line_offset;
    match reader.read_byte_record(record) {
        Ok(false) => Ok(false),
        Ok(true) => {
            let row = record
                .position()
                .map(|p| p.line() as usize + line_offset)
                .unwrap_or(line);
            loader.push_csv(row, record)?;
            Ok(true)
        }
        Err(e) => {
            let row = e
                .position()
                .map(|p| p.line() as usize + line_offset)
                .unwrap_or(line);
            Err(loader.error_at_row(row, format!("cannot be read as CSV: {e}")))
        }
    }
}

/// `parts` ranges of `text` that end at a line end outside any quoted field,
/// each with the file line number it starts on. Quotes and line ends are
/// counted with whole-slice counts (which the compiler vectorises); only the
/// few bytes after each cut target are walked one by one.
fn split(text: &[u8], parts: usize, first_line: usize) -> Vec<(usize, usize, usize)> {
    let count = |s: &[u8], c: u8| s.iter().filter(|b| **b == c).count();
    let mut out = Vec::new();
    let (mut from, mut from_line) = (0, first_line);
    let mut quotes_before_from = 0usize;
    for k in 1..parts {
        let target = (text.len() * k / parts).max(from);
        let mut quotes = quotes_before_from + count(&text[from..target], b'"');
        let mut cut = None;
        for (i, b) in text[target..].iter().enumerate() {
            if *b == b'"' {
                quotes += 1;
            } else if *b == b'\n' && quotes % 2 == 0 {
                cut = Some(target + i + 1);
                break;
            }
        }
        let Some(cut) = cut else { break };
        let chunk = &text[from..cut];
        out.push((from, cut, from_line));
        from_line += count(chunk, b'\n');
        quotes_before_from += count(chunk, b'"');
        from = cut;
    }
    if from < text.len() {
        out.push((from, text.len(), from_line));
    }
    out
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
    fn splits_only_at_line_ends_outside_quotes() {
        let text = b"a,1\nb,\"x\ny\"\nc,3\nd,4\n";
        let parts = split(text, 3, 10);
        // Never inside the quoted "x\ny"; every byte covered once, in order.
        assert_eq!(parts.first().unwrap().0, 0);
        assert_eq!(parts.last().unwrap().1, text.len());
        for w in parts.windows(2) {
            assert_eq!(w[0].1, w[1].0);
        }
        for (from, _, line) in &parts {
            let before = &text[..*from];
            assert!(before.is_empty() || before.ends_with(b"\n"));
            assert_eq!(before.iter().filter(|b| **b == b'"').count() % 2, 0);
            assert_eq!(*line, 10 + before.iter().filter(|b| **b == b'\n').count());
        }
    }

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(decode("\u{feff}Team,FTE".as_bytes()), "Team,FTE");
        assert_eq!(decode("£39,500".as_bytes()), "£39,500");
    }
}
