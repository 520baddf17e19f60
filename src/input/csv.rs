//! CSV and tab-separated extracts: UTF-8 (with or without BOM) or Windows-1252.

use super::loader::Loader;
use super::Location;
use anyhow::{anyhow, Context, Result};

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

/// Raised when a field read as UTF-8 is not: the file is then read again as
/// Windows-1252.
#[derive(Debug)]
pub struct NotUtf8;

impl std::fmt::Display for NotUtf8 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not UTF-8")
    }
}

impl std::error::Error for NotUtf8 {}

/// The bytes of a file: read into memory, or for a large file mapped
/// straight from the page cache (no copy, no zeroed pages to fill).
enum FileBytes {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Read(v) => v,
            FileBytes::Mapped(m) => m,
        }
    }
}

fn read_file(path: &std::path::Path) -> std::io::Result<FileBytes> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len() as usize;
    if len < PARALLEL_FROM {
        return std::fs::read(path).map(FileBytes::Read);
    }
    // SAFETY: the map is only read. swr never writes its inputs; another
    // program truncating the file while swr reads it is the one risk, as with
    // every tool that maps its input (ripgrep, polars).
    match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) => Ok(FileBytes::Mapped(map)),
        Err(_) => std::fs::read(path).map(FileBytes::Read),
    }
}

pub fn read(at: &Location, loader: &mut Loader) -> Result<()> {
    let started = std::time::Instant::now();
    let bytes = read_file(&at.path).with_context(|| format!("{}: cannot read the file", at))?;
    crate::timing("read the file", started);
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
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    // UTF-8 is checked field by field as the fields are read; the first that
    // is not sends the whole file round again as Windows-1252.
    let fresh = loader.fresh();
    match read_text(at, body, loader) {
        Err(e) if e.downcast_ref::<NotUtf8>().is_some() => {
            *loader = fresh;
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(body);
            read_text(at, text.as_bytes(), loader)
        }
        other => other,
    }
}

fn read_text(at: &Location, text: &[u8], loader: &mut Loader) -> Result<()> {
    let delim = delimiter(
        at,
        &String::from_utf8_lossy(&text[..text.len().min(64 << 10)]),
    );
    // The title rows and header, read in order until the loader has its plan.
    let mut reader = builder(delim).from_reader(text);
    let mut record = csv::ByteRecord::new();
    while !loader.is_planned() {
        if !read_one(&mut reader, text, &mut record, 0, loader)? {
            return Ok(());
        }
    }
    let pos = reader.position();
    let (mut start, mut line) = (pos.byte() as usize, pos.line() as usize);
    // After a CRLF record the reader stands on its '\n'.
    if text.get(start) == Some(&b'\n') {
        start += 1;
        line += 1;
    }
    let rest = &text[start..];
    let threads = std::thread::available_parallelism()
        .map(|n| n.get().min(8))
        .unwrap_or(1);
    if threads < 2 || rest.len() < PARALLEL_FROM {
        while read_one(&mut reader, text, &mut record, 0, loader)? {}
        return Ok(());
    }
    // Cut the rest at line ends and read each part in a thread with a loader
    // of the same plan. A cut inside a quoted field shows up as the part
    // before it not ending exactly there; from such a part on, the rest is
    // read again in one pass.
    let mut cuts: Vec<usize> = (1..threads)
        .filter_map(|k| {
            let target = rest.len() * k / threads;
            rest[target..]
                .iter()
                .position(|b| *b == b'\n')
                .map(|i| target + i + 1)
        })
        .filter(|c| *c < rest.len())
        .collect();
    cuts.dedup();
    let mut bounds = vec![0];
    bounds.extend(cuts);
    bounds.push(rest.len());
    let started = std::time::Instant::now();
    let parts: Vec<Result<(Loader, usize, usize)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = bounds
            .windows(2)
            .map(|w| {
                let (from, to) = (w[0], w[1]);
                let mut part = loader.fork();
                // Rows to expect, from the bytes per line of the header rows.
                part.reserve((to - from) / (start / line.max(1)).max(1) * 11 / 10);
                scope.spawn(move || -> Result<(Loader, usize, usize)> {
                    let mut reader = builder(delim).from_reader(&rest[from..]);
                    let mut record = csv::ByteRecord::new();
                    let at_end = |pos: &csv::Position| {
                        let end = from + pos.byte() as usize;
                        end >= to || (end + 1 == to && rest[end] == b'\n')
                    };
                    while !at_end(reader.position()) && !part.stopped() {
                        if !read_one(&mut reader, &rest[from..], &mut record, 0, &mut part)? {
                            break;
                        }
                    }
                    part.seal()?;
                    let pos = reader.position();
                    let mut end = from + pos.byte() as usize;
                    let mut lines = pos.line() as usize - 1;
                    if end + 1 == to && rest[end] == b'\n' {
                        end = to;
                        lines += 1;
                    }
                    Ok((part, end, lines))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("reader thread"))
            .collect()
    });
    crate::timing("parse in parallel", started);
    let started = std::time::Instant::now();
    // Line number of the first line of the next part.
    let mut next_line = line;
    let mut expected_start = 0;
    for (k, part) in parts.into_iter().enumerate() {
        // Whether the part started on a record boundary is settled before
        // anything it found is believed.
        if bounds[k] != expected_start {
            // The cut fell inside a quoted field: read from the true record start.
            let mut reader = builder(delim).from_reader(&rest[expected_start..]);
            let mut record = csv::ByteRecord::new();
            while read_one(
                &mut reader,
                &rest[expected_start..],
                &mut record,
                next_line - 1,
                loader,
            )? {}
            return Ok(());
        }
        let (part, ended_at, lines) = part?;
        let stopped = part.stopped();
        loader.absorb(part, next_line - 1)?;
        if stopped {
            return Ok(());
        }
        next_line += lines;
        expected_start = ended_at;
    }
    crate::timing("put the parts together", started);
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
    text: &[u8],
    record: &mut csv::ByteRecord,
    line_offset: usize,
    loader: &mut Loader,
) -> Result<bool> {
    let line = reader.position().line() as usize + line_offset;
    match reader.read_byte_record(record) {
        Ok(false) => Ok(false),
        Ok(true) => {
            let pos = record.position().expect("a record read has a position");
            // The reader dates a record from where it began looking, which
            // can be the '\n' of a CRLF before it or empty lines it skipped:
            // count those to find the record's own line.
            let start = pos.byte() as usize;
            let skipped = text[start.min(text.len())..]
                .iter()
                .take_while(|b| **b == b'\n' || **b == b'\r')
                .filter(|b| **b == b'\n')
                .count();
            let crlf_rest =
                start > 0 && text.get(start) == Some(&b'\n') && text[start - 1] == b'\r';
            let row = pos.line() as usize + skipped + line_offset;
            // Empty lines it stepped over are blank rows, counted as such.
            let empty = skipped - usize::from(crlf_rest);
            for k in (1..=empty).rev() {
                loader.push(row - k, &[])?;
            }
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
