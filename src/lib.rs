//! swr: social care workforce tables from HR extracts.
//!
//! Data flows one way: files -> typed frames (`input`) -> a report's
//! [`table::Table`] (`report`) -> bytes (`render`).

pub mod cli;
pub mod extracts;
pub mod frame;
pub mod input;
pub mod man;
pub mod model;
pub mod period;
pub mod profiles;
pub mod progress;
pub mod render;
pub mod report;
pub mod series;
pub mod settings;
pub mod suppress;
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
    use clap::CommandFactory;
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
    let (common, command) = match &cli.command {
        Command::Vacancies { common, .. }
        | Command::Costs { common, .. }
        | Command::Leavers { common, .. }
        | Command::Turnover { common, .. }
        | Command::Cohorts { common, .. }
        | Command::Pay { common, .. }
        | Command::Incentives { common }
        | Command::Caseload { common, .. }
        | Command::Absence { common, .. }
        | Command::Census { common, .. }
        | Command::Benchmark { common, .. }
        | Command::Retention { common, .. }
        | Command::Movements { common, .. }
        | Command::Agency { common, .. }
        | Command::Check { common }
        | Command::Pack { common, .. } => (common, &cli.command),
        Command::Completions { .. } | Command::Man { .. } => unreachable!("answered above"),
    };
    let started = std::time::Instant::now();
    let settings = Settings::from_flags(common, stdout_tty)?;
    let own_inputs = command_inputs(command);
    one_standard_input(common, &settings, &own_inputs)?;
    let own_inputs: Vec<std::path::PathBuf> = own_inputs.into_iter().map(|(_, p)| p).collect();
    if let Some(out) = &settings.output {
        if !input::is_stdin(out) {
            check_output(out, &settings, &own_inputs)?;
        }
    }
    if let Command::Pack { baseline, .. } = command {
        return pack(settings, *baseline, common.format.is_some());
    }
    if matches!(command, Command::Movements { .. })
        && (settings.compare.is_some() || settings.every.is_some())
    {
        return Err(settings::usage(
            "swr movements: --compare and --every do not apply; the two snapshots are the comparison (give another --from or --to)",
        ));
    }
    if settings.compare.is_some() || settings.every.is_some() {
        let why = match command {
            Command::Census { .. } => Some(
                "swr census: --compare and --every do not apply; a census row is one DfE year (1 October to 30 September): give --year YYYY for another, or see every year with swr benchmark --trend",
            ),
            Command::Benchmark { .. } => Some(
                "swr benchmark: --compare and --every do not apply; give --year YYYY for another year, or --trend for every year",
            ),
            _ => None,
        };
        if let Some(why) = why {
            return Err(settings::usage(why));
        }
    }
    if matches!(command, Command::Check { .. })
        && (settings.compare.is_some() || settings.every.is_some())
    {
        return Err(settings::usage(
            "swr check: --compare and --every are for reports, not for the check of the extracts",
        ));
    }
    let (mut table, status) = match command {
        // The pay of an earlier date from the payroll extract of that date.
        Command::Pay {
            on_cost_rate,
            compare_payroll: Some(earlier),
            ..
        } => {
            if settings.every.is_some() {
                return Err(settings::usage(
                    "--compare-payroll goes with --compare, not --every",
                ));
            }
            (
                report::pay::compared(
                    &settings,
                    &report::pay::Options {
                        on_cost_rate: *on_cost_rate,
                        snapshot: false,
                    },
                    input::Location::parse(earlier),
                )?,
                exit::OK,
            )
        }
        _ => series::run(&settings, |s| report(s, command))?,
    };
    if let Some(n) = settings.suppress {
        suppress::suppress(&mut table, n);
    }
    timing("load and compute", started);
    let printing = std::time::Instant::now();
    emit(&table, &settings)?;
    timing("print", printing);
    Ok(status)
}

/// One report, as the settings ask it, its Total following from its
/// columns' measures.
fn report(settings: &Settings, command: &Command) -> Result<(Table, i32)> {
    let (mut table, status) = one_report(settings, command)?;
    table.sum_totals();
    Ok((table, status))
}

fn one_report(settings: &Settings, command: &Command) -> Result<(Table, i32)> {
    Ok(match command {
        Command::Vacancies { across, .. } => (
            report::vacancies::run(settings, across.as_deref())?,
            exit::OK,
        ),
        Command::Costs {
            cap,
            weeks,
            on_cost_rate,
            ..
        } => (
            report::costs::run(
                settings,
                &report::costs::Options {
                    cap: *cap,
                    weeks: *weeks,
                    on_cost_rate: *on_cost_rate,
                },
            )?,
            exit::OK,
        ),
        Command::Leavers { service, top, .. } => (
            report::leavers::run(settings, service.as_ref(), *top)?,
            exit::OK,
        ),
        Command::Turnover { denominator, .. } => {
            (report::turnover::run(settings, *denominator)?, exit::OK)
        }
        Command::Cohorts { of, bands, .. } => {
            (report::cohorts::run(settings, *of, &bands.0)?, exit::OK)
        }
        Command::Caseload { of, cap, .. } => {
            (report::caseload::run(settings, *of, *cap)?, exit::OK)
        }
        Command::Absence { working_days, .. } => {
            (report::absence::run(settings, *working_days)?, exit::OK)
        }
        Command::Census { year, .. } => (report::census::run(settings, *year)?, exit::OK),
        Command::Benchmark {
            la,
            year,
            trend,
            reference,
            neighbours,
            ..
        } => (
            report::benchmark::run(
                settings,
                &report::benchmark::Options {
                    la: la.clone(),
                    year: *year,
                    trend: *trend,
                    reference: reference.clone(),
                    neighbours: neighbours.clone(),
                },
            )?,
            exit::OK,
        ),
        Command::Pay { on_cost_rate, .. } => (
            report::pay::run(
                settings,
                &report::pay::Options {
                    on_cost_rate: *on_cost_rate,
                    snapshot: false,
                },
            )?,
            exit::OK,
        ),
        Command::Incentives { .. } => (report::incentives::run(settings)?, exit::OK),
        Command::Retention { cohort, at, .. } => {
            (report::retention::run(settings, *cohort, &at.0)?, exit::OK)
        }
        Command::Movements {
            from, to, matrix, ..
        } => (
            report::movements::run(settings, from, to.as_deref(), matrix.as_deref())?,
            exit::OK,
        ),
        Command::Agency { match_column, .. } => (
            report::agency::run(settings, match_column.as_deref())?,
            exit::OK,
        ),
        Command::Check { .. } => report::check::run(settings)?,
        Command::Pack { .. } | Command::Completions { .. } | Command::Man { .. } => {
            unreachable!("answered before any report")
        }
    })
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
    timing("pack", started);
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

/// Files named by a command's own flags, read as well as the extracts:
/// each with its flag.
fn command_inputs(command: &Command) -> Vec<(&'static str, std::path::PathBuf)> {
    let extract = |p: &String| input::Location::parse(p).path;
    match command {
        Command::Movements { from, to, .. } => std::iter::once(("--from", extract(from)))
            .chain(to.iter().map(|t| ("--to", extract(t))))
            .collect(),
        Command::Pay {
            compare_payroll, ..
        } => compare_payroll
            .iter()
            .map(|p| ("--compare-payroll", extract(p)))
            .collect(),
        Command::Benchmark {
            reference,
            neighbours,
            ..
        } => reference
            .iter()
            .map(|p| ("--reference", p.clone()))
            .chain(neighbours.iter().map(|p| ("--neighbours", p.clone())))
            .collect(),
        _ => Vec::new(),
    }
}

/// `-` (standard input) can feed one input only: two are a usage error
/// naming both.
fn one_standard_input(
    common: &cli::Common,
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
    } else if e
        .chain()
        .any(|c| c.is::<settings::UsageError>() || c.is::<model::MissingColumn>())
    {
        exit::USAGE
    } else {
        exit::DATA
    }
}
