//! `swr pack`: the quarterly dashboard, as a workbook, markdown and HTML.
//! Its figures are the plain reports' for each quarter and the baseline.
use crate::common::*;
use calamine::{open_workbook, Data, Reader, Xlsx};
use std::path::Path;

fn demo() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/demo")
        .to_string_lossy()
        .into_owned()
}

/// The workbook: a summary, a sheet per indicator with a native chart, the
/// method and the check; each quarter's Total is the plain report's Total
/// as of the quarter's last day, and the baseline row the plain report as
/// of the baseline date.
#[test]
fn the_workbook_holds_each_quarter_of_each_indicator() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dashboard.xlsx");
    let data = demo();
    let out = run(&[
        "pack",
        "--data",
        &data,
        "--baseline",
        "2024-03-31",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let bytes = std::fs::read(&path).unwrap();
    // Native charts are parts of their own in the zip (names are stored plain).
    for chart in [
        "xl/charts/chart1.xml",
        "xl/charts/chart2.xml",
        "xl/charts/chart3.xml",
        "xl/charts/chart4.xml",
        "xl/charts/chart5.xml",
        "xl/charts/chart6.xml",
    ] {
        assert!(
            bytes.windows(chart.len()).any(|w| w == chart.as_bytes()),
            "{chart}"
        );
    }
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Agency spend",
            "Vacancy rate of key roles",
            "Turnover by client group",
            "Transfers from agency",
            "Caseload",
            "Sickness absence",
            "Method",
            "Check"
        ]
    );
    // Quarter ends of the two years to the demo's as-of date, 30/09/2025.
    let quarters = [
        ("2024Q4", "2024-12-31"),
        ("2025Q1", "2025-03-31"),
        ("2025Q2", "2025-06-30"),
        ("2025Q3", "2025-09-30"),
    ];
    let year_before = |day: &str| -> String {
        // The 12 months to a quarter's end start on the first of the month
        // after the same end a year before.
        let y: i32 = day[..4].parse().unwrap();
        let m: u32 = day[5..7].parse().unwrap();
        if m == 12 {
            format!("{y}-01-01")
        } else {
            format!("{}-{:02}-01", y - 1, m + 1)
        }
    };
    let checks: [(&str, &[&str], &str, f64); 5] = [
        (
            "Agency spend",
            &["costs", "--by", "directorate"],
            "agency_spend",
            1.0,
        ),
        (
            "Turnover by client group",
            &["turnover", "--by", "directorate"],
            "turnover_pct",
            100.0,
        ),
        (
            "Transfers from agency",
            &["agency", "--by", "directorate"],
            "converted",
            1.0,
        ),
        (
            "Caseload",
            &["caseload", "--by", "directorate"],
            "caseload_fte",
            1.0,
        ),
        (
            "Sickness absence",
            &["absence", "--by", "directorate"],
            "absence_rate_pct",
            100.0,
        ),
    ];
    for (sheet, cmd, column, scale) in checks {
        let range = wb.worksheet_range(sheet).unwrap();
        let total_col = (0..range.width())
            .find(|c| range.get((0, *c)) == Some(&Data::String("Total".into())))
            .unwrap();
        let row_of = |label: &str| {
            (1..range.height())
                .find(|r| range.get((*r, 0)) == Some(&Data::String(label.into())))
                .unwrap_or_else(|| panic!("{sheet}: no row {label}"))
        };
        for (label, day) in quarters {
            let mut args: Vec<&str> = cmd.to_vec();
            let period = format!("{}..{day}", year_before(day));
            args.extend(["--data", &data, "--as-of", day, "--period", &period]);
            let plain = csv(&args);
            let want: f64 = plain.get(&["Total"], column).parse().unwrap();
            let got = match range.get((row_of(label), total_col)).unwrap() {
                Data::Float(f) => *f * scale,
                other => panic!("{sheet} {label}: {other:?}"),
            };
            assert!(
                (got - want).abs() < 1e-6,
                "{sheet} {label}: {got} against {want}"
            );
        }
        let mut args: Vec<&str> = cmd.to_vec();
        args.extend(["--data", &data, "--as-of", "2024-03-31"]);
        let base = csv(&args);
        let want: f64 = base.get(&["Total"], column).parse().unwrap();
        match range
            .get((row_of("Baseline 31/03/2024"), total_col))
            .unwrap()
        {
            Data::Float(f) => assert!((f * scale - want).abs() < 1e-6, "{sheet} baseline"),
            other => panic!("{sheet} baseline: {other:?}"),
        }
    }
    let method = wb.worksheet_range("Method").unwrap();
    assert!(method.height() > 4);
    let check = wb.worksheet_range("Check").unwrap();
    assert!(check
        .rows()
        .any(|r| r.iter().any(|c| c.to_string().contains("296 rows read"))));
}

/// `[pack]` in swr.toml chooses the indicators, the key roles and the
/// targets; the summary says whether the latest quarter meets each.
#[test]
fn pack_settings_choose_what_goes_in() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["establishment", "payroll", "agency", "leavers"] {
        std::fs::copy(
            Path::new(&demo()).join(format!("{f}.csv")),
            dir.path().join(format!("{f}.csv")),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("swr.toml"),
        "[pack]\nindicators = [\"vacancy_rate\", \"turnover\"]\nkey_roles = [\"Social Worker\"]\nquarters = 4\n[pack.targets]\nvacancy_rate = 10\nturnover = 20\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let out = run(&["pack", "--data", d, "--format", "markdown"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("**Agency spend**"));
    assert!(out.stdout.contains("**Vacancy rate of key roles**"));
    assert!(
        out.stdout.contains("Key roles: Social Worker."),
        "{}",
        out.stdout
    );
    // The social workers' vacancy rate on 30/09/2025, from the plain report.
    let plain = csv(&[
        "vacancies",
        "--data",
        d,
        "--by",
        "job_title",
        "--where",
        "job_title=Social Worker",
    ]);
    let rate: f64 = plain.get(&["Total"], "vacancy_rate_pct").parse().unwrap();
    let status = if rate <= 10.0 {
        "target met"
    } else {
        "target not met"
    };
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("| Vacancy rate of key roles"))
        .unwrap();
    assert!(
        line.contains(&format!("{rate:.1}%")) && line.contains(status),
        "{line}"
    );
    // Four quarters: 2024Q4 to 2025Q3.
    assert!(out.stdout.contains("| 2024Q4 |") && !out.stdout.contains("| 2024Q3 |"));
    std::fs::write(
        dir.path().join("swr.toml"),
        "[pack]\nindicators = [\"staff_morale\"]\n",
    )
    .unwrap();
    let out = run(&["pack", "--data", d]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("no indicator 'staff_morale'"),
        "{}",
        out.stderr
    );
}

/// HTML is one page with a table per indicator; other formats are refused.
#[test]
fn html_and_formats_the_dashboard_has() {
    let data = demo();
    let out = run(&["pack", "--data", &data, "--format", "html"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        out.stdout.matches("<table>").count(),
        8,
        "summary, six indicators, check"
    );
    let out = run(&["pack", "--data", &data, "--format", "csv"]);
    assert_eq!(out.status, 2);
}

/// By default an indicator the extracts give no figure for (no cases
/// column anywhere, no absence extract) has no sheet, and the Summary and
/// the Method list it as not available, with why (SPEC 6); named in [pack]
/// it keeps its sheet, N/A.
#[test]
fn indicators_without_figures_are_left_out_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let demo = std::path::PathBuf::from(demo());
    let drop_column = |file: &str, header: &str| {
        let text = std::fs::read_to_string(demo.join(file)).unwrap();
        let mut lines = text.lines();
        let head: Vec<&str> = lines.next().unwrap().split(',').collect();
        let k = head.iter().position(|h| *h == header).unwrap();
        let mut out = String::new();
        for line in std::iter::once(head.join(",")).chain(lines.map(String::from)) {
            // The demo quotes only money with thousands, never these columns'
            // neighbours: split on commas outside quotes.
            let mut fields: Vec<String> = Vec::new();
            let mut cur = String::new();
            let mut quoted = false;
            for ch in line.chars() {
                match ch {
                    '"' => {
                        quoted = !quoted;
                        cur.push(ch)
                    }
                    ',' if !quoted => fields.push(std::mem::take(&mut cur)),
                    _ => cur.push(ch),
                }
            }
            fields.push(cur);
            fields.remove(k);
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        std::fs::write(dir.path().join(file), out).unwrap();
    };
    drop_column("payroll.csv", "Open Cases");
    drop_column("agency.csv", "Caseload");
    for f in ["establishment.csv", "leavers.csv"] {
        std::fs::copy(demo.join(f), dir.path().join(f)).unwrap();
    }
    let d = dir.path().to_str().unwrap();
    let out = run(&["pack", "--data", d]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("**Caseload**"), "{}", out.stdout);
    assert!(!out.stdout.contains("**Sickness absence**"));
    assert!(out.stdout.contains("**Transfers from agency**"));
    assert!(
        out.stdout.contains("- Caseload: not available: the extracts give no caseload_fte in any quarter. The report says: The payroll extract has no cases column"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("| Caseload |  | N/A | N/A | N/A |  |  | not available: the extracts give no caseload_fte (see Method) |"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "| Sickness absence |  | N/A | N/A | N/A |  |  | not available: no absence extract |"
        ),
        "{}",
        out.stdout
    );
    std::fs::write(
        dir.path().join("swr.toml"),
        "[pack]\nindicators = [\"caseload\"]\n",
    )
    .unwrap();
    let out = run(&["pack", "--data", d]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains("**Caseload**"), "{}", out.stdout);
}

/// `-o -` is standard output: markdown unless --format says html (or xlsx,
/// when standard output is not a terminal); no --format is not "csv".
#[test]
fn output_to_standard_output() {
    let data = demo();
    let out = run(&["pack", "--data", &data, "-o", "-"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("# Workforce dashboard as of 30/09/2025"),
        "{}",
        out.stdout
    );
    let plain = run(&["pack", "--data", &data]);
    assert_eq!(out.stdout, plain.stdout);
    let out = run(&["pack", "--data", &data, "-o", "-", "--format", "html"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("<!DOCTYPE html>"));
    let out = swr()
        .args(["pack", "--data", &data, "-o", "-", "--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.starts_with(b"PK"), "a zip: the workbook");
    // A file whose extension is no format of the dashboard names -o, not a
    // --format nobody gave.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dashboard.csv");
    let out = run(&["pack", "--data", &data, "-o", path.to_str().unwrap()]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("dashboard.csv") && !out.stderr.contains("--format csv"),
        "{}",
        out.stderr
    );
}

/// Flags and settings the dashboard cannot honour are usage errors, never
/// ignored: `--by` (each indicator has its own groups), `--no-totals` (the
/// summary is the Total), and `[pack] quarters` outside 1 to 40 (0 gave one
/// quarter, 41 forty, without a word).
#[test]
fn what_the_pack_cannot_honour_is_a_usage_error() {
    let data = demo();
    for (args, says) in [
        (&["--by", "team"][..], "--by"),
        (&["--no-totals"][..], "--no-totals"),
    ] {
        let mut all = vec!["pack", "--data", &data];
        all.extend_from_slice(args);
        let out = run(&all);
        assert_eq!(out.status, 2, "{args:?}: {}", out.stdout);
        assert!(out.stderr.contains(says), "{}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    let dir = tempfile::tempdir().unwrap();
    for f in ["establishment", "payroll", "agency", "leavers"] {
        std::fs::copy(
            Path::new(&data).join(format!("{f}.csv")),
            dir.path().join(format!("{f}.csv")),
        )
        .unwrap();
    }
    let d = dir.path().to_str().unwrap();
    for n in ["0", "41"] {
        std::fs::write(
            dir.path().join("swr.toml"),
            format!("[pack]\nquarters = {n}\n"),
        )
        .unwrap();
        let out = run(&["pack", "--data", d]);
        assert_eq!(out.status, 2, "quarters = {n}: {}", out.stdout);
        assert!(
            out.stderr.contains("swr.toml")
                && out.stderr.contains(&format!("quarters = {n}"))
                && out.stderr.contains("1 to 40"),
            "{}",
            out.stderr
        );
    }
    // Every mistake in [pack] is a usage error naming the file and the key,
    // as elsewhere in swr.toml; a target for no indicator is one too.
    for (toml, says) in [
        (
            "[pack]\nbaseline = \"soon\"\n",
            "[pack] baseline = \"soon\"",
        ),
        (
            "[pack.targets]\nturnover = \"high\"\n",
            "turnover = \"high\"",
        ),
        ("[pack.targets]\nstaff_morale = 3\n", "staff_morale"),
    ] {
        std::fs::write(dir.path().join("swr.toml"), toml).unwrap();
        let out = run(&["pack", "--data", d]);
        assert_eq!(out.status, 2, "{toml}: {}", out.stdout);
        assert!(
            out.stderr.contains("swr.toml") && out.stderr.contains(says),
            "{}",
            out.stderr
        );
    }
    std::fs::write(dir.path().join("swr.toml"), "[pack]\nquarters = 1\n").unwrap();
    let out = run(&["pack", "--data", d]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains("| 2025Q3 |") && !out.stdout.contains("| 2025Q2 |"));
}

/// A cell as a number, or a failure that names what it holds.
fn float(range: &calamine::Range<Data>, r: usize, c: usize, what: &str) -> f64 {
    match range.get((r, c)) {
        Some(Data::Float(f)) => *f,
        other => panic!("{what}: not a number cell but {other:?}"),
    }
}

/// The Summary sheet holds numbers as number cells (SPEC 6), each with the
/// figure the plain report gives: the latest quarter (30/09/2025), the one
/// before (30/06/2025), the baseline (31/03/2024) and the target, with £
/// and % formats; a rate is the fraction Excel's % format expects. The
/// change is the latest cell less the previous one, so the sheet adds up
/// (the sickness absence rate, 3.2% against 3.0%, changed by 0.2 points,
/// not the 0.1 worked out before rounding).
#[test]
fn the_summary_sheet_holds_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let demo = std::path::PathBuf::from(demo());
    for e in std::fs::read_dir(&demo).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    let toml = std::fs::read_to_string(demo.join("swr.toml")).unwrap();
    std::fs::write(
        dir.path().join("swr.toml"),
        format!(
            "{toml}\n[pack.targets]\nagency_spend = 1000000\nvacancy_rate = 10\ncaseload = 18\n"
        ),
    )
    .unwrap();
    let d = dir.path().to_str().unwrap().to_string();
    let path = dir.path().join("dashboard.xlsx");
    let out = run(&[
        "pack",
        "--data",
        &d,
        "--baseline",
        "2024-03-31",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let s = wb.worksheet_range("Summary").unwrap();
    let header: Vec<String> = (0..s.width())
        .map(|c| s.get((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(header[0], "Indicator");
    assert_eq!(header[2], "Latest");
    assert_eq!(header[7], "Status");
    let row_of = |title: &str| {
        (1..s.height())
            .find(|r| s.get((*r, 0)) == Some(&Data::String(title.into())))
            .unwrap_or_else(|| panic!("Summary: no row {title}"))
    };
    let key_roles = [
        "--where",
        "job_title=Senior Social Worker",
        "--where",
        "job_title=Social Worker",
        "--where",
        "job_title=Social Worker (ASYE)",
    ];
    // (summary row, plain report, its column, cell x scale = report, target)
    type Check<'a> = (&'a str, Vec<&'a str>, &'a str, f64, Option<f64>);
    let checks: [Check; 6] = [
        (
            "Agency spend",
            vec!["costs", "--by", "directorate"],
            "agency_spend",
            1.0,
            Some(1_000_000.0),
        ),
        (
            "Vacancy rate of key roles",
            [&["vacancies", "--by", "job_title"][..], &key_roles[..]].concat(),
            "vacancy_rate_pct",
            100.0,
            Some(0.10),
        ),
        (
            "Turnover by client group",
            vec!["turnover", "--by", "directorate"],
            "turnover_pct",
            100.0,
            None,
        ),
        (
            "Transfers from agency",
            vec!["agency", "--by", "directorate"],
            "converted",
            1.0,
            None,
        ),
        (
            "Caseload",
            vec!["caseload", "--by", "directorate"],
            "caseload_fte",
            1.0,
            Some(18.0),
        ),
        (
            "Sickness absence",
            vec!["absence", "--by", "directorate"],
            "absence_rate_pct",
            100.0,
            None,
        ),
    ];
    let plain = |cmd: &[&str], extra: &[&str], column: &str| -> f64 {
        let mut args = cmd.to_vec();
        args.extend(["--data", &d]);
        args.extend_from_slice(extra);
        csv(&args).get(&["Total"], column).parse().unwrap()
    };
    for (title, cmd, column, scale, target) in checks {
        let r = row_of(title);
        assert_eq!(
            s.get((r, 1)),
            Some(&Data::String("2025Q3".into())),
            "{title}"
        );
        let latest = float(&s, r, 2, title);
        let previous = float(&s, r, 3, title);
        let want_latest = plain(
            &cmd,
            &[
                "--as-of",
                "2025-09-30",
                "--period",
                "2024-10-01..2025-09-30",
            ],
            column,
        );
        let want_previous = plain(
            &cmd,
            &[
                "--as-of",
                "2025-06-30",
                "--period",
                "2024-07-01..2025-06-30",
            ],
            column,
        );
        let want_base = plain(&cmd, &["--as-of", "2024-03-31"], column);
        assert!(
            (latest * scale - want_latest).abs() < 1e-6,
            "{title} latest {latest}"
        );
        assert!(
            (previous * scale - want_previous).abs() < 1e-6,
            "{title} previous {previous}"
        );
        let change = float(&s, r, 4, title);
        assert!(
            (change - (latest - previous)).abs() < 1e-9,
            "{title}: change {change}, cells {latest} - {previous}"
        );
        let base = float(&s, r, 5, title);
        assert!(
            (base * scale - want_base).abs() < 1e-6,
            "{title} baseline {base}"
        );
        match target {
            Some(t) => assert!((float(&s, r, 6, title) - t).abs() < 1e-9, "{title} target"),
            None => assert!(
                !matches!(s.get((r, 6)), Some(Data::Float(_))),
                "{title}: no target"
            ),
        }
    }
    // By hand: absence 3.2% on 30/09/2025 against 3.0% on 30/06/2025.
    let r = row_of("Sickness absence");
    assert!((float(&s, r, 2, "absence") - 0.032).abs() < 1e-9);
    assert!((float(&s, r, 3, "absence") - 0.030).abs() < 1e-9);
    assert!((float(&s, r, 4, "absence") - 0.002).abs() < 1e-9);
    // The statuses: agency spend £1,441,399 over the £1,000,000 target.
    assert_eq!(
        s.get((row_of("Agency spend"), 7)),
        Some(&Data::String("target not met".into()))
    );
    // The markdown dashboard prints the same figures as people read them.
    let md = run(&["pack", "--data", &d, "--baseline", "2024-03-31"]);
    assert_eq!(md.status, 0, "{}", md.stderr);
    let line = |t: &str| {
        md.stdout
            .lines()
            .find(|l| l.starts_with(&format!("| {t} |")))
            .unwrap()
            .to_string()
    };
    assert_eq!(
        line("Sickness absence"),
        "| Sickness absence | 2025Q3 | 3.2% | 3.0% | +0.2 points | 1.6% |  |  |"
    );
    assert!(
        line("Agency spend").contains(
            "| £1,441,399 | £1,202,445 | +£238,954 | £249,109 | £1,000,000 | target not met |"
        ),
        "{}",
        line("Agency spend")
    );
}

/// An indicator the extracts cannot give is listed on the Summary and the
/// Method as not available, with the reason (SPEC 6), in the workbook, in
/// markdown and in HTML. Here there is no establishment extract (so no
/// vacancy rate) and no absence extract (so no sickness absence); the other
/// four indicators are there as before.
#[test]
fn what_the_extracts_cannot_give_is_listed_as_not_available() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["payroll", "agency", "leavers"] {
        std::fs::copy(
            Path::new(&demo()).join(format!("{f}.csv")),
            dir.path().join(format!("{f}.csv")),
        )
        .unwrap();
    }
    let d = dir.path().to_str().unwrap();
    let md = run(&["pack", "--data", d]);
    assert_eq!(md.status, 0, "{}", md.stderr);
    let summary_line = |text: &str, t: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("| {t} |")))
            .unwrap_or_else(|| panic!("no summary row {t}:\n{text}"))
            .to_string()
    };
    let vacancy = summary_line(&md.stdout, "Vacancy rate of key roles");
    assert!(
        vacancy.contains("not available: no establishment extract"),
        "{vacancy}"
    );
    let absence = summary_line(&md.stdout, "Sickness absence");
    assert!(
        absence.contains("not available: no absence extract"),
        "{absence}"
    );
    for t in [
        "Agency spend",
        "Turnover by client group",
        "Transfers from agency",
        "Caseload",
    ] {
        assert!(
            !summary_line(&md.stdout, t).contains("not available"),
            "{t}"
        );
    }
    // The summary keeps the dashboard's order.
    let order: Vec<&str> = md
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("| indicator"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split(" | ").next().unwrap().trim_start_matches("| "))
        .collect();
    assert_eq!(
        order,
        [
            "Agency spend",
            "Vacancy rate of key roles",
            "Turnover by client group",
            "Transfers from agency",
            "Caseload",
            "Sickness absence"
        ]
    );
    let method: Vec<&str> = md.stdout.lines().filter(|l| l.starts_with("- ")).collect();
    assert!(
        method.iter().any(
            |l| l.starts_with("- Vacancy rate of key roles: not available")
                && l.contains("establishment extract")
        ),
        "{method:#?}"
    );
    assert!(
        method
            .iter()
            .any(|l| l.starts_with("- Sickness absence: not available")
                && l.contains("absence extract")),
        "{method:#?}"
    );
    // HTML: the same rows.
    let html = run(&["pack", "--data", d, "--format", "html"]);
    assert_eq!(html.status, 0, "{}", html.stderr);
    assert!(
        html.stdout.contains("<td>Sickness absence</td>")
            && html.stdout.contains("not available: no absence extract"),
        "{}",
        html.stdout
    );
    // The workbook: on the Summary and Method sheets.
    let path = dir.path().join("dashboard.xlsx");
    let out = run(&["pack", "--data", d, "-o", path.to_str().unwrap()]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert!(!wb.sheet_names().contains(&"Sickness absence".to_string()));
    let s = wb.worksheet_range("Summary").unwrap();
    for (title, why) in [
        ("Vacancy rate of key roles", "no establishment extract"),
        ("Sickness absence", "no absence extract"),
    ] {
        let r = (1..s.height())
            .find(|r| s.get((*r, 0)) == Some(&Data::String(title.into())))
            .unwrap_or_else(|| panic!("Summary: no row {title}"));
        let status = s.get((r, 7)).unwrap().to_string();
        assert!(status.contains(why), "{title}: {status}");
    }
    let m = wb.worksheet_range("Method").unwrap();
    assert!(m.rows().any(|r| r[0]
        .to_string()
        .starts_with("Sickness absence: not available")));
    // Named in [pack], a missing extract is not available too, not a
    // failure of the whole dashboard.
    std::fs::write(
        dir.path().join("swr.toml"),
        "[pack]\nindicators = [\"absence\", \"turnover\"]\n",
    )
    .unwrap();
    let md = run(&["pack", "--data", d]);
    assert_eq!(md.status, 0, "{}", md.stderr);
    assert!(
        summary_line(&md.stdout, "Sickness absence").contains("not available: no absence extract")
    );
    assert!(!summary_line(&md.stdout, "Turnover by client group").contains("not available"));
}
