//! swr: social care workforce tables from HR extracts.
//!
//! Data flows one way: files -> typed frames (`input`) -> a report's
//! [`table::Table`] (`report`) -> bytes (`render`).

pub mod cli;
pub mod extracts;
pub mod frame;
pub mod input;
pub mod model;
pub mod period;
pub mod render;
pub mod report;
pub mod settings;
pub mod table;

use anyhow::{Context, Result};
use cli::{Cli, Command};

use settings::Settings;
use std::io::{IsTerminal, Write};
use std::path::Path;
use table::Table;

/// Exit statuses, in one place.
pub mod exit {
    pub const OK: i32 = 0;
    pub const DATA: i32 = 1;
    pub const USAGE: i32 = 2;
}

/// Run one command line; the caller maps the error to an exit status.
pub fn run(cli: Cli) -> Result<i32> {
    let stdout_tty = std::io::stdout().is_terminal();
    let (common, command) = match &cli.command {
        Command::Vacancies { common, .. }
        | Command::Costs { common, .. }
        | Command::Leavers { common, .. }
        | Command::Turnover { common, .. }
        | Command::Cohorts { common, .. }
        | Command::Retention { common, .. }
        | Command::Movements { common, .. }
        | Command::Agency { common, .. }
        | Command::Check { common } => (common, &cli.command),
    };
    let started = std::time::Instant::now();
    let settings = Settings::from_flags(common, stdout_tty)?;
    // Files named by a command's own flags, read as well as the extracts.
    let own_inputs: Vec<std::path::PathBuf> = match command {
        Command::Movements { from, to, .. } => std::iter::once(from)
            .chain(to)
            .map(|p| input::Location::parse(p).path)
            .collect(),
        _ => Vec::new(),
    };
    if let Some(out) = &settings.output {
        check_output(out, &settings, &own_inputs)?;
    }
    let (table, status) = match command {
        Command::Vacancies { across, .. } => (
            report::vacancies::run(&settings, across.as_deref())?,
            exit::OK,
        ),
        Command::Costs {
            cap,
            weeks,
            on_cost_rate,
            ..
        } => (
            report::costs::run(
                &settings,
                &report::costs::Options {
                    cap: *cap,
                    weeks: *weeks,
                    on_cost_rate: *on_cost_rate,
                },
            )?,
            exit::OK,
        ),
        Command::Leavers { service, top, .. } => (
            report::leavers::run(&settings, service.as_ref(), *top)?,
            exit::OK,
        ),
        Command::Turnover { denominator, .. } => {
            (report::turnover::run(&settings, *denominator)?, exit::OK)
        }
        Command::Cohorts { of, bands, .. } => {
            (report::cohorts::run(&settings, *of, &bands.0)?, exit::OK)
        }
        Command::Retention { cohort, at, .. } => {
            (report::retention::run(&settings, *cohort, &at.0)?, exit::OK)
        }
        Command::Movements {
            from, to, matrix, ..
        } => (
            report::movements::run(&settings, from, to.as_deref(), matrix.as_deref())?,
            exit::OK,
        ),
        Command::Agency { match_column, .. } => (
            report::agency::run(&settings, match_column.as_deref())?,
            exit::OK,
        ),
        Command::Check { .. } => report::check::run(&settings)?,
    };
    timing("load and compute", started);
    let printing = std::time::Instant::now();
    emit(&table, &settings)?;
    timing("print", printing);
    Ok(status)
}

/// `-o FILE` may not be one of the files the run reads (an extract, a file
/// named by the command's own flags, or swr.toml), nor an existing file that
/// is read-only.
fn check_output(out: &Path, settings: &Settings, own_inputs: &[std::path::PathBuf]) -> Result<()> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    let mut inputs: Vec<std::path::PathBuf> = settings.config_file.iter().cloned().collect();
    inputs.extend(own_inputs.iter().cloned());
    for ds in extracts::Dataset::ALL {
        if let Ok(Some(at)) = settings.sources.locate(ds) {
            inputs.push(at.path);
        }
    }
    if let Some(d) = &settings.sources.data {
        if d.is_file() {
            inputs.push(d.clone());
        }
    }
    if let Some(input) = inputs.iter().find(|i| same(out, i)) {
        return Err(settings::usage(format!(
            "-o {}: that is {}, which this run reads; write the output somewhere else",
            out.display(),
            input.display()
        )));
    }
    if let Ok(meta) = std::fs::metadata(out) {
        if meta.permissions().readonly() {
            return Err(settings::usage(format!(
                "-o {}: the file exists and is read-only; swr does not replace it",
                out.display()
            )));
        }
        if meta.is_dir() {
            return Err(settings::usage(format!(
                "-o {}: is a folder; name a file",
                out.display()
            )));
        }
    }
    Ok(())
}

/// With `SWR_TIMINGS` set, say on standard error how long a phase took
/// (for benchmarks; never part of the output).
pub fn timing(what: &str, since: std::time::Instant) {
    if std::env::var_os("SWR_TIMINGS").is_some() {
        eprintln!("swr timing: {what}: {:.3} s", since.elapsed().as_secs_f64());
    }
}

/// Print or write the table. A file is written whole or not at all.
fn emit(table: &Table, settings: &Settings) -> Result<()> {
    let format = settings.format;
    match &settings.output {
        Some(path) => {
            let mut buf = Vec::new();
            render::write(table, format, &mut buf)?;
            write_whole(path, &buf)?;
            if !format.has_notes() {
                notes_to_stderr(table);
            }
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            render::write(table, format, &mut out)?;
            out.flush()?;
            if !format.has_notes() {
                notes_to_stderr(table);
            }
        }
    }
    Ok(())
}

/// With CSV or TSV output the notes go to standard error when a person is
/// watching it; alerts (rows set aside) go there always.
fn notes_to_stderr(table: &Table) {
    let notes = if std::io::stderr().is_terminal() {
        &table.notes
    } else {
        &table.alerts
    };
    for n in notes {
        eprintln!("note: {n}");
    }
}

fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    let tmp = dir.join(format!(".{name}.swr-{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("-o {}: cannot write the file", path.display()))
}

/// Is this error a closed pipe on standard output (`swr ... | head`)?
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|ce| {
                matches!(ce.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}

/// Exit status for an error: 2 for usage, 0 for a closed pipe, else 1.
pub fn status_for(e: &anyhow::Error) -> i32 {
    if is_broken_pipe(e) {
        exit::OK
    } else if e
        .chain()
        .any(|c| c.downcast_ref::<settings::UsageError>().is_some())
    {
        exit::USAGE
    } else {
        exit::DATA
    }
}
