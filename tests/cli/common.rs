//! Run the real binary the way a user does, and read its CSV back.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// This build's binary (cargo builds it for the integration tests).
pub const SWR: &str = env!("CARGO_BIN_EXE_swr");

/// The binary under test: this build's, or `SWR_BIN` (to see a new test
/// fail on an earlier build: `SWR_BIN=/path/to/old/swr cargo test ...`).
pub fn swr() -> Command {
    let mut c = match std::env::var_os("SWR_BIN") {
        Some(bin) => Command::new(bin),
        None => Command::new(SWR),
    };
    c.env_remove("POLARS_MAX_THREADS");
    c
}

/// The output of a successful run.
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

pub fn run(args: &[&str]) -> Output {
    let out = swr().args(args).output().expect("swr runs");
    Output {
        stdout: String::from_utf8(out.stdout).expect("utf-8 output"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 errors"),
        status: out.status.code().unwrap_or(-1),
    }
}

/// Run with `--format FORMAT` and give standard output; panics with stderr
/// on failure.
fn output(args: &[&str], format: &str) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--format", format]);
    let out = run(&all);
    assert_eq!(
        out.status,
        0,
        "swr {} failed:\n{}",
        all.join(" "),
        out.stderr
    );
    out.stdout
}

/// Run with `--format csv` and parse the table; panics with stderr on failure.
pub fn csv(args: &[&str]) -> Csv {
    Csv::parse(&output(args, "csv"))
}

/// Run with `--format json` and parse the document; panics with stderr on failure.
pub fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&output(args, "json")).expect("valid json")
}

/// Run with `--format FORMAT` (markdown, html or table: the formats people
/// read) and read its grid back as text cells, as [`csv`] does: the header
/// and a row per line of cells. Panics with stderr on failure.
pub fn shown(args: &[&str], format: &str) -> Csv {
    let stdout = output(args, format);
    let lines: Vec<&str> = stdout.lines().map(str::trim).collect();
    if format == "html" {
        // Its header shows labels ("Agency FTE"): the columns are the CSV's.
        // Each row is one line `<tr><td>...</td>...</tr>`.
        let header = csv(args).header;
        let rows = lines
            .iter()
            .filter_map(|l| l.strip_prefix("<tr><td"))
            .map(|l| {
                l.trim_end_matches("</tr>")
                    .split("</td>")
                    .filter_map(|c| c.rsplit_once('>').map(|(_, v)| v.to_string()))
                    .collect()
            })
            .collect();
        return Csv { header, rows };
    }
    // Markdown `| a | b |` and the table's `│ a ┆ b │`; not markdown's
    // `|---|---:|` nor the table's rules.
    let mut grid = lines
        .iter()
        .filter(|l| l.starts_with('|') || l.starts_with('│'))
        .map(|l| {
            l.trim_matches(['|', '│'])
                .split(['|', '┆', '│'])
                .map(|c| c.trim().to_string())
                .collect::<Vec<String>>()
        })
        .filter(|cells| !cells[0].starts_with("---"));
    let header = grid.next().expect("header");
    Csv {
        header,
        rows: grid.collect(),
    }
}

/// The notes of a JSON document, as text.
pub fn notes(doc: &serde_json::Value) -> Vec<String> {
    doc["notes"]
        .as_array()
        .expect("notes array")
        .iter()
        .map(|n| n.as_str().expect("note is text").to_string())
        .collect()
}

/// Write one extract file into a folder.
pub fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write extract");
}

/// A new temporary folder holding the given extract files.
pub fn extracts(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    dir
}

/// A CSV table: header and rows of text cells.
#[derive(Debug)]
pub struct Csv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    pub fn parse(text: &str) -> Csv {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header = r
            .headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect();
        let rows = r
            .records()
            .map(|rec| rec.expect("record").iter().map(str::to_string).collect())
            .collect();
        Csv { header, rows }
    }

    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// The row whose first cells are `keys`.
    pub fn row(&self, keys: &[&str]) -> &Vec<String> {
        self.rows
            .iter()
            .find(|r| r.iter().zip(keys).all(|(a, b)| a == b))
            .unwrap_or_else(|| panic!("no row {keys:?} in\n{:#?}", self.rows))
    }

    /// The cell in column `col` of the row starting with `keys`.
    pub fn get(&self, keys: &[&str], col: &str) -> &str {
        &self.row(keys)[self.col(col)]
    }

    /// The first cell of each row, in order.
    pub fn firsts(&self) -> Vec<&str> {
        self.rows.iter().map(|r| r[0].as_str()).collect()
    }
}

/// Assert several (row keys, column, expected) cells at once, reporting every mismatch.
pub fn expect_cells(t: &Csv, cells: &[(&[&str], &str, &str)]) {
    let mut bad = Vec::new();
    for (keys, col, want) in cells {
        let got = t.get(keys, col);
        if got != *want {
            bad.push(format!("{keys:?} {col}: expected {want}, got {got}"));
        }
    }
    assert!(
        bad.is_empty(),
        "mismatches:\n{}\ntable: {:#?}",
        bad.join("\n"),
        t.rows
    );
}
