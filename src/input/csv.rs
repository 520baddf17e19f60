//! CSV and tab-separated extracts: UTF-8 (with or without BOM) or Windows-1252.

use super::loader::Loader;
use super::split::Splitter;
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
    // A NUL in the first megabyte: a binary file or UTF-16 text (in which
    // every other byte of English text is NUL).
    if bytes[..bytes.len().min(1 << 20)].contains(&0) {
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
    let mut split = Splitter::new(text, delim);
    while !loader.is_planned() {
        if !split.next_record(text.len()) {
            return Ok(());
        }
        push(&split, 0, loader)?;
    }
    let (start, line) = (split.pos(), split.line());
    let rest = &text[start..];
    let threads = std::thread::available_parallelism()
        .map(|n| n.get().min(8))
        .unwrap_or(1);
    if threads < 2 || rest.len() < PARALLEL_FROM {
        while split.next_record(text.len()) {
            push(&split, 0, loader)?;
        }
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
    // Rows to expect per byte, from the first megabyte of data.
    let sample = &rest[..rest.len().min(1 << 20)];
    let sample_rows = sample.iter().filter(|b| **b == b'\n').count();
    let bytes_per_row = (sample.len() / sample_rows.max(1)).max(1);
    let started = std::time::Instant::now();
    let parts: Vec<Result<Part>> = std::thread::scope(|scope| {
        let handles: Vec<_> = bounds
            .windows(2)
            .map(|w| {
                let (from, to) = (w[0], w[1]);
                let mut loader = loader.fork();
                loader.reserve((to - from) / bytes_per_row * 11 / 10);
                scope.spawn(move || -> Result<Part> {
                    // Lines are counted from 1 in each part; absorbing the
                    // part shifts its row numbers to the file's.
                    let mut split = Splitter::starting_at(rest, delim, from, 1);
                    while !loader.stopped() && split.next_record(to) {
                        push(&split, 0, &mut loader)?;
                    }
                    loader.seal()?;
                    Ok(Part {
                        loader,
                        end: split.pos(),
                        lines: split.line() - 1,
                        trailing_empty: split.empty_before(),
                    })
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
    // Empty lines at the end of the parts so far: blank rows if a record follows.
    let mut pending_empty = 0;
    for (k, part) in parts.into_iter().enumerate() {
        // Whether the part started on a record boundary is settled before
        // anything it found is believed.
        if bounds[k] != expected_start {
            // The cut fell inside a quoted field: read the rest from the true
            // record start, as one more part (so that its rows follow the
            // parts already taken, in the frame as in the row numbers).
            let mut tail = loader.fork();
            let mut split = Splitter::starting_at(rest, delim, expected_start, 1);
            while !tail.stopped() && split.next_record(rest.len()) {
                push(&split, 0, &mut tail)?;
            }
            tail.seal()?;
            return loader.absorb(tail, next_line - 1);
        }
        let part = part?;
        let stopped = part.loader.stopped();
        if part.loader.rows_read() > 0 {
            loader.blank_lines(std::mem::take(&mut pending_empty));
        }
        loader.absorb(part.loader, next_line - 1)?;
        if stopped {
            return Ok(());
        }
        pending_empty += part.trailing_empty;
        next_line += part.lines;
        expected_start = part.end;
    }
    crate::timing("put the parts together", started);
    Ok(())
}

/// What a thread made of its part of the file.
struct Part {
    loader: Loader,
    /// Where its last record ended: the start of the next part, unless the
    /// cut fell inside a quoted field.
    end: usize,
    /// Line breaks in the part.
    lines: usize,
    /// Empty lines after its last record.
    trailing_empty: usize,
}

/// Give the splitter's current record to the loader, after the empty lines
/// before it (blank rows); `line_offset` turns its line numbers into the file's.
fn push(split: &Splitter<'_>, line_offset: usize, loader: &mut Loader) -> Result<()> {
    let row = split.record_line() + line_offset;
    let empty = split.empty_before();
    for k in (1..=empty).rev() {
        loader.push(row - k, &[])?;
    }
    loader.push_fields(row, split)
}
