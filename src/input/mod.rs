//! Reading one extract (`PATH` or `PATH#Sheet`) into a typed frame.
//!
//! Readers (CSV, workbook) hand rows of cells (`cells`) to a
//! [`loader::Loader`], which finds the header row, maps headers to the
//! dataset's columns (`plan`) and types every cell (`typing`), naming file,
//! sheet, row, header and value for anything it cannot read, as the load's
//! settings (`options`) ask. Only this module knows about file formats.

mod cells;
pub mod csv;
pub mod excel;
pub mod loader;
mod options;
mod plan;
pub mod rows;
mod typing;

use crate::extracts::Dataset;
use anyhow::{bail, Result};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use loader::Extract;
pub use options::{LoadOptions, Mode, YesNoWords};
pub use rows::RowNumbers;

/// Where an extract lives: a file, and for a workbook the sheet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub path: PathBuf,
    pub sheet: Option<String>,
}

impl Location {
    /// `PATH#Sheet` picks a sheet of a workbook; a `#` in a CSV's own name is
    /// kept when no such split names an existing file.
    pub fn parse(spec: &str) -> Location {
        if let Some((path, sheet)) = spec.rsplit_once('#') {
            if !Path::new(spec).exists() && !sheet.is_empty() {
                return Location {
                    path: PathBuf::from(path),
                    sheet: Some(sheet.to_string()),
                };
            }
        }
        Location {
            path: PathBuf::from(spec),
            sheet: None,
        }
    }

    pub fn is_workbook(&self) -> bool {
        is_workbook_path(&self.path)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if is_stdin(&self.path) {
            return f.write_str("standard input");
        }
        write!(f, "{}", self.path.display())?;
        if let Some(s) = &self.sheet {
            write!(f, ", sheet '{s}'")?;
        }
        Ok(())
    }
}

pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];
pub const TEXT_EXTENSIONS: &[&str] = &["csv", "tsv", "tab", "txt"];

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// `-` names standard input (as CSV).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

pub fn is_workbook_path(path: &Path) -> bool {
    WORKBOOK_EXTENSIONS.contains(&extension(path).as_str())
}

/// One problem with one cell, row or file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Spreadsheet row number (1 is the first line or row of the file).
    pub row: Option<usize>,
    /// The header as written in the file.
    pub column: Option<String>,
    pub value: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
    /// Readable but suspicious (duplicate IDs, future dates): reported, not fatal.
    pub warning: bool,
}

impl Problem {
    pub fn describe(&self, at: &Location) -> String {
        let mut s = at.to_string();
        if let Some(r) = self.row {
            s.push_str(&format!(", row {r}"));
        }
        if let Some(c) = &self.column {
            s.push_str(&format!(", column '{c}'"));
        }
        if let Some(v) = &self.value {
            s.push_str(&format!(": value '{}'", crate::values::cut(v, 80)));
        }
        s.push_str(": ");
        s.push_str(&self.message);
        s
    }
}

/// Where each dataset is to be read from, as resolved from the flags.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub explicit: BTreeMap<Dataset, Location>,
    /// A folder to look in, or one workbook with a sheet per dataset.
    pub data: Option<PathBuf>,
    /// The sheets of the `--data` workbook, listed once per run (clones
    /// share them).
    data_sheets: std::sync::Arc<std::sync::OnceLock<Vec<(String, bool)>>>,
    /// The files of the `--data` folder, listed once per run (clones share
    /// them): a command that asks for many dates (`swr exceptions`, the
    /// pack) locates its extracts many times.
    folder_files: std::sync::Arc<std::sync::OnceLock<Result<Vec<PathBuf>, String>>>,
}

impl Sources {
    /// No extract named by its own flag yet; `data` from `--data`.
    pub fn new(data: Option<PathBuf>) -> Sources {
        Sources {
            explicit: BTreeMap::new(),
            data,
            data_sheets: Default::default(),
            folder_files: Default::default(),
        }
    }

    /// The sheets of the `--data` workbook `path` (name, and whether it is
    /// shown), read once however many datasets are looked for in it.
    pub fn data_sheets(&self, path: &std::path::Path) -> Result<&[(String, bool)]> {
        if let Some(s) = self.data_sheets.get() {
            return Ok(s);
        }
        let listed = excel::sheets(path)?;
        Ok(self.data_sheets.get_or_init(|| listed))
    }

    /// Find the file for `dataset`: its own flag, else the `--data` workbook's
    /// sheet of that name, else `NAME.*` in the `--data` folder (default: the
    /// current folder). `Ok(None)` when there is none.
    pub fn locate(&self, dataset: Dataset) -> Result<Option<Location>> {
        if let Some(loc) = self.explicit.get(&dataset) {
            return Ok(Some(loc.clone()));
        }
        let data = self.data.clone().unwrap_or_else(|| PathBuf::from("."));
        if data.is_file() {
            if !is_workbook_path(&data) {
                bail!(
                    "--data {}: expected a folder or a workbook (.xlsx, .xlsm, .xls, .ods)",
                    data.display()
                );
            }
            let sheets = self.data_sheets(&data)?;
            return Ok(
                excel::dataset_sheet(&data, sheets, dataset.name())?.map(|sheet| Location {
                    path: data.clone(),
                    sheet: Some(sheet),
                }),
            );
        }
        if !data.is_dir() {
            bail!("--data {}: no such folder or file", data.display());
        }
        let files = self
            .folder_files
            .get_or_init(|| {
                std::fs::read_dir(&data)
                    .map(|entries| {
                        entries
                            .filter_map(|e| e.ok().map(|e| e.path()))
                            .filter(|p| p.is_file())
                            .collect()
                    })
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut found: Vec<PathBuf> = files
            .iter()
            .filter(|p| {
                p.file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| s.eq_ignore_ascii_case(dataset.name()))
                    && (is_workbook_path(p) || TEXT_EXTENSIONS.contains(&extension(p).as_str()))
            })
            .cloned()
            .collect();
        found.sort();
        match found.len() {
            0 => Ok(None),
            1 => Ok(Some(Location {
                path: found.remove(0),
                sheet: None,
            })),
            _ => bail!(
                "{} has more than one {} extract: {}; name one with {}",
                data.display(),
                dataset,
                found
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                dataset.flag()
            ),
        }
    }
}

/// One run of swr: the extracts it has read and the models it has opened,
/// so that a command that asks its question for several dates
/// (`--compare`, `--every`, `swr pack`, `swr exceptions`) reads each file
/// once and opens each model once, re-dating it for the other dates.
/// Clones share it.
#[derive(Clone, Default)]
pub struct Session {
    #[allow(clippy::type_complexity)]
    cache: std::sync::Arc<std::sync::Mutex<BTreeMap<(Dataset, Location, String), Extract>>>,
    /// What the layers above made of the extracts, each under a key of its
    /// own (a model without its dates, `model::Opened`), so that another
    /// date of the same question re-dates it instead of making it again.
    #[allow(clippy::type_complexity)]
    made: std::sync::Arc<
        std::sync::Mutex<BTreeMap<String, std::sync::Arc<dyn std::any::Any + Send + Sync>>>,
    >,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = |len: Option<usize>| len.unwrap_or_default();
        f.debug_struct("Session")
            .field("extracts", &n(self.cache.lock().ok().map(|c| c.len())))
            .field("made", &n(self.made.lock().ok().map(|c| c.len())))
            .finish()
    }
}

impl Session {
    /// What was made under `key` in this run, if it was.
    pub fn made<T: std::any::Any + Send + Sync>(&self, key: &str) -> Option<std::sync::Arc<T>> {
        let found = self.made.lock().ok()?.get(key).cloned()?;
        found.downcast::<T>().ok()
    }

    /// Keep what was made under `key` for the rest of the run.
    pub fn keep<T: std::any::Any + Send + Sync>(&self, key: String, value: std::sync::Arc<T>) {
        if let Ok(mut made) = self.made.lock() {
            made.insert(key, value);
        }
    }

    /// Has this run read `dataset` from `at` with `opts` already?
    pub fn has(&self, dataset: Dataset, at: &Location, opts: &LoadOptions) -> bool {
        let key = (dataset, at.clone(), format!("{opts:?}"));
        self.cache.lock().is_ok_and(|c| c.contains_key(&key))
    }

    /// The extract as `load` reads it and `prepare` completes it (once,
    /// before it is kept), from this run's cache when it has been read with
    /// the same options before.
    pub fn load(
        &self,
        dataset: Dataset,
        at: &Location,
        opts: &LoadOptions,
        prepare: impl FnOnce(&mut Extract) -> Result<()>,
    ) -> Result<Extract> {
        let key = (dataset, at.clone(), format!("{opts:?}"));
        if let Some(ex) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(ex);
        }
        let started = std::time::Instant::now();
        let mut ex = load(dataset, at, opts)?;
        prepare(&mut ex)?;
        let what = if opts.dates_only { "'s dates" } else { "" };
        crate::progress::timing(
            &format!("load {dataset}{what} ({} rows)", ex.frame.height()),
            started,
        );
        if let Ok(mut c) = self.cache.lock() {
            c.insert(key, ex.clone());
        }
        Ok(ex)
    }
}

/// How many reads are under way (see [`guarded`]): a panic inside a reader
/// (a library meeting a file damaged in a way it did not foresee), on the
/// reading thread or one of its workers, becomes an error naming the file,
/// and its message is not printed as a crash.
static READING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Is a file being read (see [`guarded`])?
pub fn reading() -> bool {
    READING.load(std::sync::atomic::Ordering::SeqCst) > 0
}

/// Run `read`, which reads the file `at`, so that a panic inside it is an
/// error naming the file, never a crash.
pub(crate) fn guarded<T>(
    at: &dyn std::fmt::Display,
    read: impl FnOnce() -> Result<T>,
) -> Result<T> {
    use std::sync::atomic::Ordering::SeqCst;
    READING.fetch_add(1, SeqCst);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    READING.fetch_sub(1, SeqCst);
    result.unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no reason given".to_string());
        Err(anyhow::anyhow!(
            "{at}: cannot be read: the reader failed on it ({}); the file may be damaged: open it and save it again, or export it afresh",
            crate::values::cut(&why, 200)
        ))
    })
}

/// Read an extract into a typed frame (guarded: a reader that panics on a
/// damaged file is an error naming the file).
pub fn load(dataset: Dataset, at: &Location, opts: &LoadOptions) -> Result<Extract> {
    guarded(at, || load_unguarded(dataset, at, opts))
}

fn load_unguarded(dataset: Dataset, at: &Location, opts: &LoadOptions) -> Result<Extract> {
    let mut loader = loader::Loader::new(dataset, at.clone(), opts);
    if at.is_workbook() {
        excel::read(at, &mut loader)?;
    } else {
        if at.sheet.is_some() {
            bail!(
                "{}: '#sheet' only applies to workbooks (.xlsx, .xlsm, .xls, .ods)",
                at
            );
        }
        csv::read(at, &mut loader, opts.delimiter)?;
    }
    let started = std::time::Instant::now();
    let extract = loader.finish();
    crate::progress::timing("build the frame", started);
    extract
}
