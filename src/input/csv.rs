//! CSV, tab-, semicolon- and bar-separated extracts.
//!
//! Records are split by simd-csv (quoted fields, doubled quotes, CRLF). This
//! module decides what the bytes are (UTF-8 with or without BOM,
//! Windows-1252, UTF-16; CR-only line ends), numbers rows as an editor shows
//! the lines, reads large files in parallel parts, and refuses what would
//! lose rows without a word: a stray quote that swallows the lines after it.

use super::cells::Record;
use super::loader::Loader;
use super::Location;
use anyhow::{anyhow, Context, Result};
use std::borrow::Cow;
use std::ops::Range;

/// Below this many bytes after the header, one thread reads everything.
const PARALLEL_FROM: usize = 4 << 20;

/// The bytes of a file: read into memory, or for a large file mapped
/// straight from the page cache (no copy, no zeroed pages to fill).
enum FileBytes {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
    Stdin(&'static [u8]),
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Read(v) => v,
            FileBytes::Mapped(m) => m,
            FileBytes::Stdin(b) => b,
        }
    }
}

/// Standard input, read once: a command may read an extract more than once
/// (its dates for the as-of date, then in full).
fn stdin_bytes() -> std::io::Result<&'static [u8]> {
    static STDIN: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    if let Some(b) = STDIN.get() {
        return Ok(b);
    }
    let mut buf = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)?;
    Ok(STDIN.get_or_init(|| buf))
}

fn read_file(path: &std::path::Path) -> std::io::Result<FileBytes> {
    if super::is_stdin(path) {
        return stdin_bytes().map(FileBytes::Stdin);
    }
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len() as usize;
    if len < PARALLEL_FROM {
        return std::fs::read(path).map(FileBytes::Read);
    }
    // SAFETY: the map is only read. swr never writes its inputs; another
    // program truncating the file while swr reads it is the one risk, as with
    // every tool that maps its input (ripgrep, polars).
    match unsafe { memmap2::MmapOptions::new().populate().map(&file) } {
        Ok(map) => Ok(FileBytes::Mapped(map)),
        Err(_) => std::fs::read(path).map(FileBytes::Read),
    }
}

/// Read a text extract into the loader. `delimiter`: from swr.toml, else
/// the extension or the first lines decide.
pub fn read(at: &Location, loader: &mut Loader, delimiter: Option<u8>) -> Result<()> {
    let started = std::time::Instant::now();
    let bytes = read_file(&at.path).with_context(|| format!("{at}: cannot read the file"))?;
    crate::progress::timing("read the file", started);
    let started = std::time::Instant::now();
    let text = decode(at, &bytes, loader.dates_only())?;
    let text = one_line_end(text);
    let delim = delimiter.unwrap_or_else(|| sniff_delimiter(at, &text));
    crate::progress::timing("decode the text", started);
    if text.len() >= PROGRESS_FROM {
        loader.set_progress(crate::progress::Progress::new(
            &at.to_string(),
            text.len() as u64,
            crate::progress::Unit::Bytes,
        ));
    }
    let read = read_text(&text, delim, loader);
    loader.finish_progress();
    read
}

/// Files from this size may take a second to read: they get a progress bar
/// (shown after a second, on a terminal).
const PROGRESS_FROM: usize = 16 << 20;

/// Records between two moves of the progress bar.
const PROGRESS_EVERY: usize = 1 << 15;

/// The file as UTF-8 text. UTF-8 (a BOM is dropped) is taken as it is, and
/// so is UTF-8 with stray bytes of another encoding: the loader refuses the
/// cells that hold them. A file with no UTF-8 beyond ASCII is Windows-1252;
/// UTF-16 (Excel's "Unicode Text") is recognised by its BOM or its NULs.
/// `dates_only`: only dates will be read, which are ASCII in every
/// encoding, so the text is not checked beyond its first bytes.
fn decode<'b>(at: &Location, bytes: &'b [u8], dates_only: bool) -> Result<Cow<'b, [u8]>> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(anyhow!(
            "{at}: is a workbook, not a CSV file: give it its .xlsx (or .xls) extension"
        ));
    }
    if let Some(text) = utf16(bytes) {
        return Ok(Cow::Owned(text.into_bytes()));
    }
    if bytes[..bytes.len().min(1 << 20)].contains(&0) {
        return Err(anyhow!(
            "{at}: is not a text CSV file (it holds binary data)"
        ));
    }
    if let Some(kind) = markup(bytes) {
        return Err(anyhow!(
            "{at}: is {kind}, not a CSV file: open it in a spreadsheet and save it as CSV or XLSX"
        ));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if dates_only || is_utf8(body) {
        return Ok(Cow::Borrowed(body));
    }
    // Some UTF-8 beyond ASCII: the file is UTF-8 with strays, which are
    // refused cell by cell rather than read as mojibake.
    let utf8_beyond_ascii = bytes.starts_with(b"\xEF\xBB\xBF")
        || body
            .utf8_chunks()
            .any(|c| c.valid().bytes().any(|b| !b.is_ascii()));
    if utf8_beyond_ascii {
        return Ok(Cow::Borrowed(body));
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(body);
    Ok(Cow::Owned(text.into_owned().into_bytes()))
}

/// Is the text UTF-8? Large files are checked in parts on every core, cut
/// after a line feed (which is never inside a UTF-8 sequence).
fn is_utf8(text: &[u8]) -> bool {
    let threads = reader_threads();
    if threads < 2 || text.len() < PARALLEL_FROM {
        return std::str::from_utf8(text).is_ok();
    }
    let bounds = cuts(text, 0..text.len(), threads);
    std::thread::scope(|scope| {
        let checks: Vec<_> = bounds
            .windows(2)
            .map(|w| {
                let part = &text[w[0]..w[1]];
                scope.spawn(move || std::str::from_utf8(part).is_ok())
            })
            .collect();
        checks.into_iter().all(|c| c.join().unwrap_or(false))
    })
}

/// UTF-16 text, by its BOM or by NULs in every other byte of its start.
fn utf16(bytes: &[u8]) -> Option<String> {
    let (enc, body) = if let Some(b) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (encoding_rs::UTF_16LE, b)
    } else if let Some(b) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (encoding_rs::UTF_16BE, b)
    } else {
        let head = &bytes[..bytes.len().min(512) & !1];
        if head.len() < 4 {
            return None;
        }
        let odd_nul = head.iter().skip(1).step_by(2).all(|b| *b == 0);
        let even_nul = head.iter().step_by(2).all(|b| *b == 0);
        match (even_nul, odd_nul) {
            (false, true) => (encoding_rs::UTF_16LE, bytes),
            (true, false) => (encoding_rs::UTF_16BE, bytes),
            _ => return None,
        }
    };
    let (text, _) = enc.decode_without_bom_handling(body);
    Some(text.into_owned())
}

/// A web page or XML saved with a CSV, TXT or workbook name.
pub fn markup(bytes: &[u8]) -> Option<&'static str> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let start = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !start.starts_with('<') {
        return None;
    }
    if [
        "<!doctype html",
        "<html",
        "<table",
        "<head",
        "<body",
        "<meta",
    ]
    .iter()
    .any(|t| head.contains(t))
    {
        Some("a web page (HTML)")
    } else if start.starts_with("<?xml") {
        Some("an XML document")
    } else {
        None
    }
}

/// Old Mac files end lines with CR alone, which simd-csv does not take as
/// a line end: in a file whose first line ends so, every lone CR becomes LF
/// (CRLF stays as it is).
fn one_line_end(text: Cow<'_, [u8]>) -> Cow<'_, [u8]> {
    let cr_style = memchr::memchr2(b'\r', b'\n', &text)
        .is_some_and(|i| text[i] == b'\r' && text.get(i + 1) != Some(&b'\n'));
    if !cr_style {
        return text;
    }
    let mut out = text.into_owned();
    for i in 0..out.len() {
        if out[i] == b'\r' && out.get(i + 1) != Some(&b'\n') {
            out[i] = b'\n';
        }
    }
    Cow::Owned(out)
}

/// Tab for `.tsv` and `.tab`; otherwise whichever of comma, tab, semicolon
/// and bar the busiest of the first lines holds most of (comma on a tie).
fn sniff_delimiter(at: &Location, text: &[u8]) -> u8 {
    let ext = at
        .path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    if matches!(ext.as_deref(), Some("tsv") | Some("tab")) {
        return b'\t';
    }
    let head = &text[..text.len().min(64 << 10)];
    let mut best = (0usize, b',');
    for d in [b',', b'\t', b';', b'|'] {
        let most = head
            .split(|b| *b == b'\n')
            .take(30)
            .map(|line| line.iter().filter(|b| **b == d).count())
            .max()
            .unwrap_or(0);
        if most > best.0 {
            best = (most, d);
        }
    }
    best.1
}

fn newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// One record as simd-csv split it, fields unquoted and unescaped.
struct Fields<'r>(simd_csv::ZeroCopyByteRecord<'r>);

impl Record for Fields<'_> {
    fn fields(&self) -> usize {
        self.0.len()
    }

    fn field(&self, i: usize) -> Option<Cow<'_, [u8]>> {
        // Only a field that starts with a quote has quoting to undo.
        match self.0.get(i)? {
            [b'"', ..] => self.0.unescape(i),
            raw => Some(Cow::Borrowed(raw)),
        }
    }
}

/// A record copied out of the reader, fields unescaped.
struct Owned(simd_csv::ByteRecord);

impl Record for Owned {
    fn fields(&self) -> usize {
        self.0.len()
    }

    fn field(&self, i: usize) -> Option<Cow<'_, [u8]>> {
        self.0.get(i).map(Cow::Borrowed)
    }
}

/// What reading a run of records found.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// The byte after the last record read.
    end: usize,
    /// Line breaks from the run's start to `end`.
    lines: usize,
}

/// A run read on the assumption that every record is one line, which did not
/// hold (an empty line, or a line break inside a quoted value): it is read
/// again, counting lines record by record.
struct NotOneLineEach;

/// Read the records that start in `range` of `text` into the loader. Row
/// numbers count from `first_line` at `range.start`. `exact`: count lines
/// record by record (empty lines, values over several lines); otherwise
/// every record is taken to be one line, which is checked at the end.
/// `until_planned`: stop once the loader has its header.
fn read_run(
    text: &[u8],
    delim: u8,
    range: Range<usize>,
    first_line: usize,
    exact: bool,
    until_planned: bool,
    loader: &mut Loader,
) -> Result<Result<Run, NotOneLineEach>> {
    let mut reader = simd_csv::ZeroCopyReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(&text[range.start..]);
    let at = |p: u64| range.start + p as usize;
    let mut line = first_line;
    let mut records = 0usize;
    let mut end;
    let mut shown = range.start;
    loop {
        end = at(reader.position());
        if records.is_multiple_of(PROGRESS_EVERY) {
            loader.advance((end - shown) as u64);
            shown = end;
        }
        if end >= range.end || (until_planned && loader.is_planned()) || loader.stopped() {
            break;
        }
        let next = reader
            .read_byte_record()
            .map_err(|e| anyhow!("the CSV cannot be split into records ({e})"))?;
        if !exact {
            match next {
                Some(rec) => loader.push_record(line + records, &Fields(rec))?,
                None => break,
            }
            records += 1;
            continue;
        }
        // Counting lines record by record needs the record's bytes and
        // where it ends at once: a copy, on this slower path only.
        let Some(rec) = next.map(|r| (r.as_slice().len(), r.to_byte_record())) else {
            break;
        };
        let (slice_len, rec) = rec;
        let new_end = at(reader.position());
        // The record's first byte: its end, less its line end and its bytes.
        let mut start = new_end;
        if start > 0 && text[start - 1] == b'\n' {
            start -= 1;
            if start > 0 && text[start - 1] == b'\r' {
                start -= 1;
            }
        }
        let start = start - slice_len;
        let raw = &text[start..start + slice_len];
        let empty = newlines(&text[end..start]);
        for k in 0..empty {
            loader.push_blank(line + k)?;
        }
        let row = line + empty;
        let inner = newlines(raw);
        let ended = text[start + slice_len..new_end].contains(&b'\n');
        let broken = if inner > 0 || (new_end == text.len() && !ended) {
            broken_quote(raw, delim, loader.width())
        } else {
            None
        };
        match broken {
            Some(message) => {
                // The field the stray quote opens: delimiters before it
                // are outside any quotes.
                let quote = memchr::memchr(b'"', raw).unwrap_or(0);
                let field = raw[..quote].iter().filter(|b| **b == delim).count();
                let opened = &raw[quote..];
                let first_line = opened.split(|b| *b == b'\n').next().unwrap_or(opened);
                let value = String::from_utf8_lossy(first_line).trim_end().to_string();
                loader.set_aside_lines(row, inner + 1, field, &value, message)?;
            }
            None => loader.push_record(row, &Owned(rec))?,
        }
        records += 1;
        line = row + inner + usize::from(ended);
    }
    loader.advance(end.saturating_sub(shown) as u64);
    let lines = newlines(&text[range.start..end]);
    if !exact {
        let last_ended = end == range.start || text[end - 1] == b'\n';
        if lines + usize::from(!last_ended) != records {
            return Ok(Err(NotOneLineEach));
        }
        if !last_ended && end == text.len() {
            // The file's last record has no line end: the one place an
            // unclosed quote can hide on a single line.
            let last = &text[text[..end]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1)..end];
            if broken_quote(last, delim, loader.width()).is_some() {
                return Ok(Err(NotOneLineEach));
            }
        }
    }
    Ok(Ok(Run { end, lines }))
}

/// Why a record that runs over several lines (or to the end of the file) is
/// not one value with line breaks in it, if it is not.
fn broken_quote(raw: &[u8], delim: u8, width: Option<usize>) -> Option<String> {
    let quotes = memchr::memchr_iter(b'"', raw).count();
    let lines = newlines(raw);
    if quotes % 2 == 1 {
        return Some(format!(
            "a quote mark (\") opens a value here that is never closed, so the rest of the file ({} more line{}) would be read as part of it; these rows are not read",
            lines,
            if lines == 1 { "" } else { "s" }
        ));
    }
    let width = width?;
    if width < 3 {
        return None;
    }
    // A line taken into a quoted value that holds, inside the quotes, as
    // many delimiters as a row: a row swallowed by a stray quote, not a line
    // break in a value. What follows the closing quote on the value's last
    // line is the rest of its own row (`"Children and` / `Families",T,SW,1`).
    let row_like = quoted_delimiters(raw, delim)
        .iter()
        .filter(|n| **n + 1 >= width)
        .count();
    (row_like > 0).then(|| {
        format!(
            "a quote mark (\") opens a value here that takes in the next {lines} line{}, {row_like} of which read like rows: a stray quote? These rows are not read; remove the quote, or write it doubled (\"\") inside a quoted value",
            if lines == 1 { "" } else { "s" }
        )
    })
}

/// For each line of a record after its first (each begins inside a quoted
/// value), the delimiters on it that are inside quotes. A doubled quote
/// (`""`) closes and opens again, with nothing in between.
fn quoted_delimiters(raw: &[u8], delim: u8) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut quoted = false;
    for b in raw {
        match *b {
            b'"' => quoted = !quoted,
            b'\n' => out.push(0),
            b if b == delim && quoted => {
                if let Some(n) = out.last_mut() {
                    *n += 1;
                }
            }
            _ => {}
        }
    }
    out
}

/// Read one run, first on the assumption of one line per record, then, if
/// that does not hold, counting lines record by record with a fresh loader.
fn read_part(text: &[u8], delim: u8, range: Range<usize>, loader: &mut Loader) -> Result<Run> {
    let fresh = loader.fork();
    if let Ok(run) = read_run(text, delim, range.clone(), 1, false, false, loader)? {
        return Ok(run);
    }
    *loader = fresh;
    match read_run(text, delim, range, 1, true, false, loader)? {
        Ok(run) => Ok(run),
        Err(NotOneLineEach) => unreachable!("an exact run counts every line"),
    }
}

fn read_text(text: &[u8], delim: u8, loader: &mut Loader) -> Result<()> {
    // The title rows and the header, line by line, until the loader has its plan.
    let head = match read_run(text, delim, 0..text.len(), 1, true, true, loader)? {
        Ok(run) => run,
        Err(NotOneLineEach) => unreachable!("an exact run counts every line"),
    };
    if !loader.is_planned() || head.end >= text.len() || loader.stopped() {
        return Ok(());
    }
    let header_lines = head.lines;
    let rest = head.end..text.len();
    let threads = reader_threads();
    if threads < 2 || rest.len() < PARALLEL_FROM {
        let mut part = loader.fork();
        read_part(text, delim, rest, &mut part)?;
        return loader.absorb(part, header_lines);
    }
    let bounds = cuts(text, rest.clone(), threads);
    let bytes_per_row = {
        let sample = &text[rest.start..rest.end.min(rest.start + (1 << 20))];
        (sample.len() / newlines(sample).max(1)).max(1)
    };
    let started = std::time::Instant::now();
    let parts: Vec<Result<(Loader, Run)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = bounds
            .windows(2)
            .map(|w| {
                let range = w[0]..w[1];
                let mut part = loader.fork();
                part.reserve(range.len() / bytes_per_row * 11 / 10);
                scope.spawn(move || -> Result<(Loader, Run)> {
                    let run = read_part(text, delim, range, &mut part)?;
                    part.seal()?;
                    Ok((part, run))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("reader thread"))
            .collect()
    });
    crate::progress::timing("parse in parallel", started);
    // Each part's lines are counted from 1; absorbing one shifts its row
    // numbers by the lines before it.
    let mut lines_before = header_lines;
    let mut expected_start = rest.start;
    for (k, part) in parts.into_iter().enumerate() {
        if bounds[k] != expected_start {
            // The cut fell inside a quoted value: the rest is read again
            // from the true record start, in one pass.
            let mut tail = loader.fork();
            read_part(text, delim, expected_start..text.len(), &mut tail)?;
            tail.seal()?;
            return loader.absorb(tail, lines_before);
        }
        let (part, run) = part?;
        let stopped = part.stopped();
        loader.absorb(part, lines_before)?;
        if stopped {
            return Ok(());
        }
        lines_before += run.lines;
        expected_start = run.end;
    }
    Ok(())
}

/// How many threads read a large file: one per core, at most 8.
fn reader_threads() -> usize {
    // On a thread of polars' pool (a report run side by side with others)
    // one: the pool's threads are busy with those reports, and a reader
    // thread that asked the pool for work would wait on them for ever.
    if crate::frame::on_pool() {
        return 1;
    }
    std::thread::available_parallelism()
        .map(|n| n.get().min(8))
        .unwrap_or(1)
}

/// Where to cut `range` into parts: just after a line end that ends a line
/// with something on it, so that no part starts with an empty line that
/// belongs to the record before.
fn cuts(text: &[u8], range: Range<usize>, parts: usize) -> Vec<usize> {
    let mut out = vec![range.start];
    for k in 1..parts {
        let target = range.start + range.len() * k / parts;
        let mut at = target;
        let cut = loop {
            match memchr::memchr(b'\n', &text[at..range.end]) {
                None => break None,
                Some(i) => {
                    let nl = at + i;
                    let before = if nl > 0 && text[nl - 1] == b'\r' {
                        nl - 1
                    } else {
                        nl
                    };
                    if before > 0 && text[before - 1] != b'\n' && nl + 1 < range.end {
                        break Some(nl + 1);
                    }
                    at = nl + 1;
                }
            }
        };
        if let Some(c) = cut {
            if c > *out.last().expect("not empty") {
                out.push(c);
            }
        }
    }
    out.push(range.end);
    out
}
