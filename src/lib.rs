//! swr: social care workforce tables from HR extracts.
//!
//! Data flows one way: files -> typed frames (`input`) -> a report's
//! [`table::Table`] (`report`) -> bytes (`render`).

pub mod cli;
pub mod exit;
pub mod extracts;
pub mod frame;
pub mod input;
pub mod man;
pub mod measures;
pub mod model;
pub mod options;
pub mod period;
pub mod profiles;
pub mod progress;
pub mod render;
pub mod report;
pub mod series;
pub mod settings;
pub mod suppress;
pub mod table;
pub mod values;

use anyhow::{Context, Result};
use cli::{Cli, Command};

use settings::Settings;
use std::io::{IsTerminal, Write};
use std::path::Path;
use table::Table;

/// The command's report, one line a command; `None` for the commands that
/// print no table of their own (completions, man, pack).
fn report_of(command: &Command) -> Option<&dyn report::Report> {
    Some(match command {
        Command::Vacancies(a) => a,
        Command::Costs(a) => a,
        Command::Leavers(a) => a,
        Command::Turnover(a) => a,
        Command::Cohorts(a) => a,
        Command::Pay(a) => a,
        Command::Incentives(a) => a,
        Command::Caseload(a) => a,
        Command::Absence(a) => a,
        Command::Census(a) => a,
        Command::Benchmark(a) => a,
        Command::Retention(a) => a,
        Command::Movements(a) => a,
        Command::Agency(a) => a,
        Command::Forecast(a) => a,
        Command::Check(a) => a,
        Command::Exceptions(a) => a,
        Command::Completions { .. } | Command::Man { .. } | Command::Pack(_) => return None,
    })
}

/// Run one command line; the caller maps the error to an exit status.
pub fn run(cli: Cli) -> Result<i32> {
    use clap::CommandFactory;
    // polars prints its performance hints ("an aggregated list with
    // overlapping groups...") on standard error, among swr's notes: they
    // say nothing about the data, so they are not printed.
    polars::error::set_warning_function(|_, _| {});
    match &cli.command {
        Command::Completions { shell } => {
            // Made whole first: the generator panics on a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "swr", &mut script);
            let mut out = std::io::stdout().lock();
            out.write_all(&script)?;
            out.flush()?;
            return Ok(exit::OK);
        }
        Command::Man { command } => {
            let page = man::page(command.as_deref())?;
            let mut out = std::io::stdout().lock();
            out.write_all(&page)?;
            out.flush()?;
            return Ok(exit::OK);
        }
        _ => {}
    }
    let stdout_tty = std::io::stdout().is_terminal();
    let started = std::time::Instant::now();
    let command = report_of(&cli.command);
    let common = match (&cli.command, command) {
        (Command::Pack(a), _) => &a.common,
        (_, Some(r)) => r.common(),
        (_, None) => unreachable!("completions and man are answered above"),
    };
    let settings = Settings::from_flags(common, stdout_tty)?;
    let own_inputs = command.map(|r| r.inputs()).unwrap_or_default();
    one_standard_input(common, &settings, &own_inputs)?;
    let own_inputs: Vec<std::path::PathBuf> = own_inputs.into_iter().map(|(_, p)| p).collect();
    // The pack and exceptions run their reports side by side on polars'
    // pool: it keeps a thread a core.
    if !matches!(cli.command, Command::Pack(_)) && !command.is_some_and(|r| r.side_by_side()) {
        one_thread_for_small_extracts(&settings, &own_inputs);
    }
    if let Some(out) = &settings.output {
        if !input::is_stdin(out) {
            check_output(out, &settings, &own_inputs)?;
        }
    }
    let command = match (&cli.command, command) {
        (Command::Pack(a), _) => return pack(settings, a.baseline, common.format.is_some()),
        (_, Some(r)) => r,
        (_, None) => unreachable!("completions and man are answered above"),
    };
    if settings.compare.is_some() || settings.every.is_some() {
        if let Some(why) = command.no_series() {
            return Err(settings::usage(why));
        }
    }
    let (mut table, status) = match command.whole(&settings) {
        Some(answer) => answer?,
        None => series::run(&settings, |s| report(s, command))?,
    };
    if let Some(n) = settings.suppress {
        suppress::suppress(&mut table, n);
    }
    progress::timing("load and compute", started);
    let printing = std::time::Instant::now();
    emit(&table, &settings)?;
    progress::timing("print", printing);
    Ok(status)
}

/// Extracts together smaller than this are worked on one thread.
const SMALL_EXTRACTS: u64 = 8 << 20;

/// On a council's extracts (a few MB) polars' queries take microseconds
/// each, and handing their pieces to a second thread costs more than it
/// saves: the pack, which asks hundreds of them, runs about a quarter
/// faster on one (0.47 s to 0.35 s on the demo), and a council-sized XLSX
/// report a sixth (README, "Speed"). So when the extracts present are
/// small, polars' pool gets one thread (POLARS_MAX_THREADS, read when the
/// pool starts, which is after this), unless the user has set it.
/// Reading the files stays parallel (one extract to a core).
fn one_thread_for_small_extracts(settings: &Settings, own_inputs: &[std::path::PathBuf]) {
    if std::env::var_os("POLARS_MAX_THREADS").is_some() {
        return;
    }
    let mut bytes = 0u64;
    let mut paths: Vec<std::path::PathBuf> = own_inputs.to_vec();
    for ds in extracts::Dataset::ALL {
        match settings.sources.locate(ds) {
            Ok(Some(at)) => paths.push(at.path.clone()),
            Ok(None) => {}
            // Not found here: the command says so itself, later.
            Err(_) => return,
        }
    }
    paths.sort();
    paths.dedup();
    for p in &paths {
        match std::fs::metadata(p) {
            Ok(m) => bytes = bytes.saturating_add(m.len()),
            Err(_) => return,
        }
    }
    if bytes < SMALL_EXTRACTS {
        std::env::set_var("POLARS_MAX_THREADS", "1");
    }
}

/// One report, as the settings ask it, its Total following from its
/// columns' measures.
fn report(settings: &Settings, command: &dyn report::Report) -> Result<(Table, i32)> {
    let (mut table, status) = command.run(settings)?;
    table.sum_totals();
    Ok((table, status))
}

/// `swr pack`: the dashboard, to -o FILE.xlsx (or .md, .html) or standard
/// output (markdown unless --format says html or xlsx).
fn pack(
    mut settings: Settings,
    baseline: Option<chrono::NaiveDate>,
    format_given: bool,
) -> Result<i32> {
    use render::Format;
    if settings.compare.is_some() || settings.every.is_some() || settings.suppress.is_some() {
        return Err(settings::usage(
            "swr pack: --compare, --every and --suppress are for single reports; the dashboard sets each quarter against the others and the baseline",
        ));
    }
    // `-o -` is standard output, like no -o: markdown unless --format says.
    let to_file = settings.output.as_deref().filter(|p| !input::is_stdin(p));
    if !format_given && to_file.is_none() {
        settings.format = Format::Markdown;
    }
    if !matches!(
        settings.format,
        Format::Xlsx | Format::Markdown | Format::Html
    ) {
        let asked = match to_file {
            Some(p) if !format_given => format!("-o {}", p.display()),
            _ => format!("--format {}", settings.format.name()),
        };
        return Err(settings::usage(format!(
            "swr pack: {asked}: the dashboard is a workbook (-o FILE.xlsx), markdown (.md) or html (.html)"
        )));
    }
    let started = std::time::Instant::now();
    let dashboard = report::pack::run(&settings, baseline)?;
    progress::timing("pack", started);
    let mut buf = Vec::new();
    render::write_pack(&dashboard, settings.format, &mut buf)?;
    match settings.output.as_deref().filter(|p| !input::is_stdin(p)) {
        Some(path) => write_whole(path, &buf)?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&buf)?;
            out.flush()?;
        }
    }
    Ok(exit::OK)
}

/// `-` (standard input) can feed one input only: two are a usage error
/// naming both.
fn one_standard_input(
    common: &options::Common,
    settings: &Settings,
    own_inputs: &[(&'static str, std::path::PathBuf)],
) -> Result<()> {
    let mut readers: Vec<String> = Vec::new();
    for (ds, at) in &settings.sources.explicit {
        if input::is_stdin(&at.path) {
            let flag = match ds {
                extracts::Dataset::Establishment => &common.establishment,
                extracts::Dataset::Payroll => &common.payroll,
                extracts::Dataset::Agency => &common.agency,
                extracts::Dataset::Leavers => &common.leavers,
                extracts::Dataset::Absence => &common.absence,
                extracts::Dataset::Market => &common.market,
            };
            readers.push(match flag {
                Some(_) => format!("--{ds} -"),
                None => format!("[files] {ds} = \"-\" in swr.toml"),
            });
        }
    }
    for (flag, path) in own_inputs {
        if input::is_stdin(path) {
            readers.push(format!("{flag} -"));
        }
    }
    if readers.len() > 1 {
        return Err(settings::usage(format!(
            "{}: standard input (-) can feed one input only; save the others to files and name them",
            readers.join(" and ")
        )));
    }
    Ok(())
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

/// Print or write the table. A file is written whole or not at all.
fn emit(table: &Table, settings: &Settings) -> Result<()> {
    let format = settings.format;
    let options = render::Options { bom: settings.bom };
    match settings.output.as_deref().filter(|p| !input::is_stdin(p)) {
        Some(path) => {
            let mut buf = Vec::new();
            render::write(table, format, options, &mut buf)?;
            write_whole(path, &buf)?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            render::write(table, format, options, &mut out)?;
            out.flush()?;
        }
    }
    if !format.has_notes() {
        notes_to_stderr(table);
    }
    Ok(())
}

/// CSV and TSV carry no notes, so they go to standard error, where they
/// are kept apart from the data whether it is piped, redirected or written
/// with -o (a workbook keeps them on its Notes sheet).
fn notes_to_stderr(table: &Table) {
    for n in &table.notes {
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
    } else if model::is_usage(e) {
        exit::USAGE
    } else {
        exit::DATA
    }
}
