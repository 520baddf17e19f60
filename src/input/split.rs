//! Splitting CSV text into records and fields.
//!
//! The rules are the csv crate's (RFC 4180 as Excel writes it): a field that
//! starts with `"` is quoted, `""` inside it is one `"`, and it may hold
//! delimiters and line breaks; a `"` anywhere else is an ordinary character;
//! `\r`, `\n` or `\r\n` ends a record; empty lines are not records. The
//! difference is speed: a field is a slice of the text (only a quoted one is
//! copied, to undo its quoting), delimiters and line ends are found 16 bytes
//! at a time, and line numbers are counted as it goes, so every record knows
//! its line without a second look.

/// One field of the current record: where its bytes are.
#[derive(Debug, Clone, Copy)]
struct Field {
    start: usize,
    end: usize,
    /// In the splitter's scratch buffer (a quoted field), not the text.
    copied: bool,
}

const NEWLINE: u8 = 1;
const RETURN: u8 = 2;
const DELIM: u8 = 3;

pub struct Splitter<'t> {
    text: &'t [u8],
    delim: u8,
    /// Non-zero for the bytes that end an unquoted field.
    stops: [u8; 256],
    pos: usize,
    /// Line number of `pos`, from 1 (lines end at `\n`).
    line: usize,
    fields: Vec<Field>,
    scratch: Vec<u8>,
    /// Line on which the current record starts.
    record_line: usize,
    /// Empty lines just before the current record.
    empty_before: usize,
}

impl<'t> Splitter<'t> {
    pub fn new(text: &'t [u8], delim: u8) -> Splitter<'t> {
        Splitter::starting_at(text, delim, 0, 1)
    }

    /// A splitter that starts reading at byte `pos`, which is on line `line`.
    pub fn starting_at(text: &'t [u8], delim: u8, pos: usize, line: usize) -> Splitter<'t> {
        let mut stops = [0u8; 256];
        stops[b'\n' as usize] = NEWLINE;
        stops[b'\r' as usize] = RETURN;
        stops[delim as usize] = DELIM;
        Splitter {
            text,
            delim,
            stops,
            pos,
            line,
            fields: Vec::with_capacity(32),
            scratch: Vec::new(),
            record_line: line,
            empty_before: 0,
        }
    }

    /// Where the next record (or empty line) starts.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Line number of [`Splitter::pos`].
    pub fn line(&self) -> usize {
        self.line
    }

    /// Line on which the current record starts.
    pub fn record_line(&self) -> usize {
        self.record_line
    }

    /// Empty lines between the previous record (or the start) and this one.
    pub fn empty_before(&self) -> usize {
        self.empty_before
    }

    /// Step over empty lines up to `limit`; the number of them.
    pub fn skip_empty_lines(&mut self, limit: usize) -> usize {
        let limit = limit.min(self.text.len());
        let mut empty = 0;
        while self.pos < limit {
            match self.text[self.pos] {
                b'\n' => {
                    empty += 1;
                    self.line += 1;
                }
                b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
        empty
    }

    /// Read the next record that starts before `limit`; `false` if there is
    /// none (the empty lines stepped over on the way are left counted in
    /// [`Splitter::empty_before`]).
    pub fn next_record(&mut self, limit: usize) -> bool {
        self.fields.clear();
        self.scratch.clear();
        self.empty_before = self.skip_empty_lines(limit);
        if self.pos >= limit.min(self.text.len()) {
            return false;
        }
        self.record_line = self.line;
        let text = self.text;
        // The first byte of the field being read.
        let mut start = self.pos;
        'fields: loop {
            if text.get(start) == Some(&b'"') {
                let end = self.quoted(start + 1);
                match self.stop_at(end) {
                    DELIM => {
                        start = end + 1;
                        continue 'fields;
                    }
                    stop => {
                        self.end_record(end, stop);
                        return true;
                    }
                }
            }
            // This field and the unquoted ones after it, from a mask of the
            // delimiters and line ends in each 16-byte block.
            let mut base = start;
            loop {
                let Some(block) = text.get(base..base + 16) else {
                    // Under 16 bytes left: a field at a time.
                    let (end, stop) = self.field_end(start);
                    self.push_plain(start, end);
                    if stop == DELIM {
                        start = end + 1;
                        continue 'fields;
                    }
                    self.end_record(end, stop);
                    return true;
                };
                let mut mask = block_stops(block, self.delim);
                if start > base {
                    mask &= u32::MAX << (start - base);
                }
                while mask != 0 {
                    let end = base + mask.trailing_zeros() as usize;
                    mask &= mask - 1;
                    self.push_plain(start, end);
                    let stop = self.stops[text[end] as usize];
                    if stop != DELIM {
                        self.end_record(end, stop);
                        return true;
                    }
                    start = end + 1;
                    if text.get(start) == Some(&b'"') {
                        continue 'fields;
                    }
                }
                base += 16;
            }
        }
    }

    fn push_plain(&mut self, start: usize, end: usize) {
        self.fields.push(Field {
            start,
            end,
            copied: false,
        });
    }

    /// What ends the field at `end`: [`DELIM`], [`NEWLINE`], [`RETURN`], or
    /// 0 at the end of the text.
    fn stop_at(&self, end: usize) -> u8 {
        self.text.get(end).map_or(0, |b| self.stops[*b as usize])
    }

    /// Step past the line end at `end` (if any) to the next record.
    fn end_record(&mut self, end: usize, stop: u8) {
        let mut pos = end;
        match stop {
            NEWLINE => {
                pos += 1;
                self.line += 1;
            }
            RETURN => {
                // '\r', alone or before '\n'.
                pos += 1;
                if self.text.get(pos) == Some(&b'\n') {
                    pos += 1;
                    self.line += 1;
                }
            }
            _ => {} // the end of the text
        }
        self.pos = pos;
    }

    /// Where the unquoted field from `pos` ends, and on what: the first
    /// delimiter, `\r` or `\n` ([`DELIM`], [`RETURN`], [`NEWLINE`]), or the
    /// end of the text (0). Eight bytes are looked at together (fields are
    /// short, so this beats a call to a SIMD search per field).
    #[inline]
    fn field_end(&self, mut pos: usize) -> (usize, u8) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        // Marks the bytes of `x` that are zero. Above the lowest marked byte
        // there can be false marks, so only the lowest is used: at that
        // place every mark is true.
        let zeros = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
        let text = self.text;
        let (delim, lf, cr) = (
            ONES * self.delim as u64,
            ONES * b'\n' as u64,
            ONES * b'\r' as u64,
        );
        while let Some(chunk) = text.get(pos..pos + 8) {
            let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let (d, l) = (zeros(w ^ delim), zeros(w ^ lf));
            let hits = d | l | zeros(w ^ cr);
            if hits != 0 {
                let first = hits & hits.wrapping_neg();
                let stop = if d & first != 0 {
                    DELIM
                } else if l & first != 0 {
                    NEWLINE
                } else {
                    RETURN
                };
                return (pos + (hits.trailing_zeros() / 8) as usize, stop);
            }
            pos += 8;
        }
        while pos < text.len() {
            let stop = self.stops[text[pos] as usize];
            if stop != 0 {
                return (pos, stop);
            }
            pos += 1;
        }
        (pos, 0)
    }

    /// Read a quoted field whose text starts at `pos` (after the opening
    /// quote) into the scratch buffer; where the field ends.
    fn quoted(&mut self, mut pos: usize) -> usize {
        let text = self.text;
        let n = text.len();
        let start = self.scratch.len();
        loop {
            let Some(q) = text[pos..].iter().position(|b| *b == b'"') else {
                // No closing quote: the field runs to the end of the text.
                self.take(pos, n);
                pos = n;
                break;
            };
            self.take(pos, pos + q);
            pos += q + 1;
            if pos < n && text[pos] == b'"' {
                self.scratch.push(b'"');
                pos += 1;
                continue;
            }
            // After the closing quote, anything up to the delimiter or line
            // end belongs to the field as written.
            let rest = pos;
            pos = self.field_end(pos).0;
            self.scratch.extend_from_slice(&text[rest..pos]);
            break;
        }
        self.fields.push(Field {
            start,
            end: self.scratch.len(),
            copied: true,
        });
        pos
    }

    /// Copy quoted text into the scratch buffer, counting its line breaks.
    fn take(&mut self, from: usize, to: usize) {
        let part = &self.text[from..to];
        self.line += part.iter().filter(|b| **b == b'\n').count();
        self.scratch.extend_from_slice(part);
    }

    fn bytes(&self, f: &Field) -> &[u8] {
        if f.copied {
            &self.scratch[f.start..f.end]
        } else {
            &self.text[f.start..f.end]
        }
    }

    /// Field `i` of the current record.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        self.fields.get(i).map(|f| self.bytes(f))
    }

    /// The fields of the current record in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.fields.iter().map(|f| self.bytes(f))
    }
}

/// Bit `i` set where byte `i` of the 16-byte `block` is the delimiter,
/// `\r` or `\n`: SSE2, which every x86-64 processor has.
#[cfg(target_arch = "x86_64")]
#[inline]
fn block_stops(block: &[u8], delim: u8) -> u32 {
    use std::arch::x86_64::*;
    assert!(block.len() >= 16);
    // SAFETY: the load reads the 16 bytes asserted above (unaligned loads
    // are allowed); SSE2 is part of the x86-64 baseline.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        let hits = _mm_or_si128(
            _mm_or_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8(delim as i8)),
                _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8)),
            ),
            _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\r' as i8)),
        );
        _mm_movemask_epi8(hits) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn block_stops(block: &[u8], delim: u8) -> u32 {
    block_stops_swar(block, delim)
}

/// [`block_stops`] on any processor, eight bytes at a time.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn block_stops_swar(block: &[u8], delim: u8) -> u32 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOWS: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // High bit of each byte of `x` that equals `c` (exact for every byte).
    let equal = |x: u64, c: u8| {
        let y = x ^ (ONES * c as u64);
        !(((y & LOWS) + LOWS) | y) & !LOWS
    };
    let half = |bytes: &[u8]| -> u32 {
        let w = u64::from_le_bytes(bytes.try_into().expect("eight bytes"));
        let high = equal(w, delim) | equal(w, b'\n') | equal(w, b'\r');
        // Gather the high bits, byte i to bit i.
        (((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56) as u32
    };
    half(&block[..8]) | half(&block[8..16]) << 8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records and their lines as the splitter reads them.
    fn split(text: &str) -> Vec<(usize, usize, Vec<String>)> {
        let mut s = Splitter::new(text.as_bytes(), b',');
        let mut out = Vec::new();
        while s.next_record(usize::MAX) {
            out.push((
                s.record_line(),
                s.empty_before(),
                s.iter()
                    .map(|f| String::from_utf8(f.to_vec()).unwrap())
                    .collect(),
            ));
        }
        out
    }

    /// The csv crate's records for the same text.
    fn csv_crate(text: &str) -> Vec<Vec<String>> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        r.byte_records()
            .map(|rec| {
                rec.unwrap()
                    .iter()
                    .map(|f| String::from_utf8(f.to_vec()).unwrap())
                    .collect()
            })
            .collect()
    }

    fn fields(text: &str) -> Vec<Vec<String>> {
        split(text).into_iter().map(|(_, _, f)| f).collect()
    }

    fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
        r.iter()
            .map(|f| f.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn block_masks_agree() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let bytes = [
            b',', b'\n', b'\r', b'"', b'a', 0x80, 0xFF, 0x01, b'\t', 0x2B,
        ];
        for _ in 0..50_000 {
            let mut block = [0u8; 16];
            for b in &mut block {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *b = bytes[(state % bytes.len() as u64) as usize];
            }
            let want = block
                .iter()
                .enumerate()
                .filter(|(_, b)| matches!(**b, b',' | b'\n' | b'\r'))
                .fold(0u32, |m, (i, _)| m | 1 << i);
            assert_eq!(block_stops(&block, b','), want, "{block:?}");
            assert_eq!(block_stops_swar(&block, b','), want, "{block:?}");
        }
    }

    #[test]
    fn plain_quoted_and_escaped_fields() {
        let got = split("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\r\n1,\"two\nlines\",3\n");
        assert_eq!(
            got,
            vec![
                (1, 0, vec!["a".into(), "b".into(), "c".into()]),
                (2, 0, vec!["x, y".into(), "say \"hi\"".into(), "".into()]),
                (3, 0, vec!["1".into(), "two\nlines".into(), "3".into()]),
            ]
        );
    }

    #[test]
    fn empty_lines_are_counted_not_read() {
        let got = split("\n\na\r\n\r\n\r\nb\n\n");
        assert_eq!(
            got,
            vec![(3, 2, vec!["a".to_string()]), (6, 2, vec!["b".to_string()])]
        );
    }

    #[test]
    fn quotes_inside_and_after_fields_are_kept_as_written() {
        assert_eq!(
            fields("5\" disk,\"ab\"cd,\"open"),
            rows(&[&["5\" disk", "abcd", "open"]])
        );
    }

    #[test]
    fn lone_carriage_returns_end_records() {
        assert_eq!(fields("a,b\rc,d\r"), rows(&[&["a", "b"], &["c", "d"]]));
    }

    /// Every text made of a few awkward pieces splits as the csv crate splits it.
    #[test]
    fn agrees_with_the_csv_crate() {
        let pieces = [
            "a",
            ",",
            "\"",
            "\"\"",
            "\n",
            "\r",
            "\r\n",
            " ",
            "£€é",
            "x\"y",
            "abcdefghijk",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 30) as usize;
            let mut s = state;
            for _ in 0..len {
                text.push_str(pieces[(s % pieces.len() as u64) as usize]);
                s /= pieces.len() as u64;
                if s == 0 {
                    s = state.rotate_left(17);
                }
            }
            assert_eq!(fields(&text), csv_crate(&text), "text {text:?}");
        }
    }
}
