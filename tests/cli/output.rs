//! Output formats, files, pipes and exit statuses.
use crate::common::*;

fn leavers_dir() -> tempfile::TempDir {
    extracts(&[
        ("leavers.csv", "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n1,=HYPERLINK(\"x\"),SW,01/01/2015,15/07/2016,Retired\n2,Adults,SW,01/01/2015,16/07/2016,-moved\n3,Adults,SW,01/01/2015,16/07/2016,Retired\n"),
    ])
}

#[test]
fn csv_guards_formulas_and_blank_na() {
    let dir = leavers_dir();
    let out = run(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
        "--by",
        "directorate",
        "--format",
        "csv",
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains("'=HYPERLINK"), "{}", out.stdout);
    // No fte column: leavers_fte is N/A, an empty cell; 1 of 3 = 33.3%.
    assert!(
        out.stdout.contains("\"'=HYPERLINK(\"\"x\"\")\",1,,33.3"),
        "{}",
        out.stdout
    );
    let out = run(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
        "--format",
        "csv",
    ]);
    assert!(out.stdout.contains("'-moved,1,,33.3"), "{}", out.stdout);
}

#[test]
fn piped_output_defaults_to_csv_without_notes() {
    let dir = leavers_dir();
    let out = run(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert!(
        out.stdout
            .starts_with("reason,leavers,leavers_fte,share_pct\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("As of"));
}

#[test]
fn table_markdown_and_json() {
    let dir = leavers_dir();
    let d = dir.path().to_str().unwrap();
    let out = run(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--format",
        "table",
    ]);
    assert!(
        out.stdout.contains("66.7%")
            && out.stdout.contains("N/A")
            && out.stdout.contains("As of 31/07/2016."),
        "{}",
        out.stdout
    );
    let out = run(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--format",
        "markdown",
    ]);
    assert!(
        out.stdout.contains("| Retired | 2 | N/A | 66.7% |"),
        "{}",
        out.stdout
    );
    let out = run(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--format",
        "json",
    ]);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        j["columns"],
        serde_json::json!(["reason", "leavers", "leavers_fte", "share_pct"])
    );
    assert_eq!(j["rows"][0]["reason"], "Retired");
    assert_eq!(j["rows"][0]["leavers"], 2);
    assert!(j["rows"][0]["leavers_fte"].is_null());
    assert_eq!(j["rows"][0]["share_pct"], 66.7);
    assert_eq!(j["period"]["start"], "2015-08-01");
    assert_eq!(j["as_of"], "2016-07-31");
    assert!(j["title"].as_str().unwrap().contains("Leavers"));
}

#[test]
fn output_file_takes_format_from_extension() {
    let dir = leavers_dir();
    let d = dir.path().to_str().unwrap();
    let path = dir.path().join("out.json");
    let out = run(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(j["rows"][0]["leavers"], 2);
    let tsv = dir.path().join("out.tsv");
    run(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "-o",
        tsv.to_str().unwrap(),
    ]);
    assert!(std::fs::read_to_string(&tsv)
        .unwrap()
        .starts_with("reason\tleavers"));
    // A failing run leaves no file behind.
    let none = dir.path().join("none.csv");
    let out = run(&["vacancies", "--data", d, "-o", none.to_str().unwrap()]);
    assert_eq!(out.status, 1);
    assert!(!none.exists());
    let out = run(&[
        "leavers",
        "--data",
        d,
        "-o",
        dir.path().join("x.pdf").to_str().unwrap(),
    ]);
    assert_eq!(out.status, 2);
}

#[test]
fn usage_errors_exit_2() {
    let dir = leavers_dir();
    let d = dir.path().to_str().unwrap();
    for args in [
        vec!["leavers", "--data", d, "--period", "2016/18"],
        vec!["leavers", "--data", d, "--as-of", "31/02/2016"],
        vec!["leavers", "--data", d, "--format", "xml"],
        vec!["leavers", "--data", d, "--service", "two"],
        vec!["leavers", "--data", d, "--where", "nonsense"],
        vec!["leavers", "--data", d, "--where", "locality=North"],
        vec!["leavers", "--frobnicate"],
        vec!["nosuchcommand"],
    ] {
        let out = run(&args);
        assert_eq!(out.status, 2, "{args:?}: {}", out.stderr);
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // Enough rows that the output does not fit in the pipe before it is closed.
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::from("Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n");
    for i in 0..20000 {
        body.push_str(&format!("{i},Adults,SW,01/01/2015,15/07/2016,Reason {i}\n"));
    }
    std::fs::write(dir.path().join("leavers.csv"), body).unwrap();
    let mut child = Command::new(SWR)
        .args([
            "leavers",
            "--data",
            dir.path().to_str().unwrap(),
            "--as-of",
            "2016-07-31",
            "--format",
            "csv",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn where_filters_every_dataset_that_has_the_column() {
    let dir = leavers_dir();
    let d = dir.path().to_str().unwrap();
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--where",
        "directorate=adults",
    ]);
    assert_eq!(t.get(&["Total"], "leavers"), "2");
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--where",
        "directorate!=Adults",
    ]);
    assert_eq!(t.get(&["Total"], "leavers"), "1");
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--where",
        "reason=Retired",
        "--where",
        "reason=-moved",
    ]);
    assert_eq!(t.get(&["Total"], "leavers"), "3");
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--no-totals",
    ]);
    assert!(t.rows.iter().all(|r| r[0] != "Total"));
}

/// Issue 9, fault 12: a directorate named `=HYPERLINK("x")` became a CSV
/// header cell of a cross-tab as written. Header cells get the same guard
/// as body cells, and so does text starting with `+` or `@` (values are
/// trimmed as they are read, so tab and CR are tested on the printer).
#[test]
fn header_cells_and_every_risky_start_are_guarded() {
    let dir = extracts(&[
        ("establishment.csv", "Directorate,Team,Job Title,FTE\n=HYPERLINK(\"x\"),+Team,SW,2\nAdults,@Team,SW,1\n"),
        ("payroll.csv", "Employee ID,Directorate,Team,Job Title,FTE,Start Date\n1,Adults,@Team,SW,0.5,01/01/2015\n"),
    ]);
    let d = dir.path().to_str().unwrap();
    let out = run(&[
        "vacancies",
        "--data",
        d,
        "--as-of",
        "2016-07-30",
        "--by",
        "job_title",
        "--across",
        "directorate",
        "--format",
        "csv",
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let header = out.stdout.lines().next().unwrap();
    assert!(header.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{header}");
    let out = run(&[
        "vacancies",
        "--data",
        d,
        "--as-of",
        "2016-07-30",
        "--by",
        "team",
        "--format",
        "csv",
    ]);
    for guarded in ["'+Team", "'@Team"] {
        assert!(
            out.stdout.contains(guarded),
            "{guarded:?} in {}",
            out.stdout
        );
    }
}

/// Issue 9, fault 7: `--by directorate,directorate` gave a polars message;
/// `-o f.xlsx --format csv` wrote CSV into a file named .xlsx. Both are
/// usage errors now, and no file is written.
#[test]
fn repeated_by_and_a_disagreeing_extension_are_usage_errors() {
    let dir = leavers_dir();
    let d = dir.path().to_str().unwrap();
    let out = run(&["leavers", "--data", d, "--by", "directorate,Directorate"]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("the column directorate is named twice"),
        "{}",
        out.stderr
    );
    let target = dir.path().join("f.xlsx");
    let out = run(&[
        "leavers",
        "--data",
        d,
        "-o",
        target.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("the extension says"), "{}", out.stderr);
    assert!(!target.exists());
}

/// Issue 9, fault 11: `-o data/payroll.csv` overwrote the input being read,
/// and a read-only file was replaced. `-o` onto any file of the run is a
/// usage error, and an existing read-only file is never replaced.
#[test]
fn output_never_replaces_an_input_or_a_read_only_file() {
    let dir = extracts(&[
        (
            "establishment.csv",
            "Directorate,Job Title,FTE\nAdults,SW,3\n",
        ),
        (
            "payroll.csv",
            "Employee ID,Directorate,Job Title,FTE,Start Date\n1,Adults,SW,1,01/01/2015\n",
        ),
        ("swr.toml", "as_of = \"2016-07-30\"\n"),
    ]);
    let d = dir.path().to_str().unwrap();
    let before = std::fs::read(dir.path().join("payroll.csv")).unwrap();
    for target in ["payroll.csv", "swr.toml", "./payroll.csv"] {
        let path = dir.path().join(target);
        let out = run(&[
            "vacancies",
            "--data",
            d,
            "-o",
            path.to_str().unwrap(),
            "--format",
            "csv",
        ]);
        assert_eq!(out.status, 2, "{target}: {}", out.stderr);
        assert!(
            out.stderr.contains("which this run reads"),
            "{}",
            out.stderr
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("payroll.csv")).unwrap(),
        before
    );
    let locked = dir.path().join("locked.csv");
    std::fs::write(&locked, "keep me\n").unwrap();
    let mut perms = std::fs::metadata(&locked).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&locked, perms).unwrap();
    let out = run(&["vacancies", "--data", d, "-o", locked.to_str().unwrap()]);
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("read-only"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), "keep me\n");
}

/// A run that fails while writing its output (here the file size limit of
/// the process, as a full disk would) leaves an existing file as it was and
/// no temporary file behind.
#[test]
fn a_failed_write_leaves_the_old_file_and_no_temporary_one() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    std::fs::write(&target, "the old table\n").unwrap();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let swr = std::path::Path::new(SWR);
    // 1 block of the shell's ulimit is at most 1 KB; the JSON of cohorts by
    // team is far larger. SIGXFSZ is ignored so the write fails with EFBIG.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 1; trap '' XFSZ; exec \"$0\" \"$@\"")
        .arg(&swr)
        .args([
            "cohorts",
            "--by",
            "team",
            "--data",
            demo.to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot write"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "the old table\n");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("out.json")],
        "no temporary file left"
    );
}

/// Issue 18, defect 13: `swr pay --compare-payroll p24.csv -o p24.csv`
/// replaced the comparison file with the report, exit 0. `-o` naming any
/// file the run reads is a usage error: an extract, its workbook, swr.toml
/// and the files of --from, --to, --compare-payroll, --reference,
/// --neighbours and --config. None of them is touched.
#[test]
fn output_never_replaces_a_file_named_by_a_command_flag() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let demo = root.join("examples/demo");
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &std::path::Path, name: &str| -> String {
        let to = dir.path().join(name);
        std::fs::copy(from, &to).unwrap();
        to.to_str().unwrap().to_string()
    };
    let p24 = copy(&demo.join("payroll_2024.csv"), "p24.csv");
    let reference = copy(
        &root.join("data/reference/csww_indicators_2017_to_2025.csv"),
        "indicators.csv",
    );
    let neighbours = copy(
        &root.join("data/reference/sn_model_2025_wide.csv"),
        "neighbours.csv",
    );
    let config = copy(&demo.join("swr.toml"), "settings.toml");
    let book = copy(&demo.join("council.xlsx"), "council.xlsx");
    let d = demo.to_str().unwrap();
    let sheet = format!("{book}#Payroll");
    let runs: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "pay",
                "--data",
                d,
                "--compare",
                "2024-09-30",
                "--compare-payroll",
                &p24,
            ],
            &p24,
        ),
        (vec!["movements", "--data", d, "--from", &p24], &p24),
        (
            vec![
                "movements",
                "--data",
                d,
                "--from",
                "examples/demo/payroll.csv",
                "--to",
                &p24,
            ],
            &p24,
        ),
        (
            vec![
                "benchmark",
                "--data",
                d,
                "--la",
                "Cheshire East",
                "--reference",
                &reference,
            ],
            &reference,
        ),
        (
            vec![
                "benchmark",
                "--data",
                d,
                "--la",
                "Cheshire East",
                "--neighbours",
                &neighbours,
            ],
            &neighbours,
        ),
        (
            vec!["incentives", "--data", d, "--config", &config],
            &config,
        ),
        (vec!["vacancies", "--data", &book], &book),
        (vec!["vacancies", "--payroll", &sheet], &book),
    ];
    for (mut args, target) in runs {
        let before = std::fs::read(target).unwrap();
        let format = if target.ends_with(".xlsx") {
            "xlsx"
        } else {
            "csv"
        };
        args.extend(["-o", target, "--format", format]);
        let out = run(&args);
        assert_eq!(out.status, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("which this run reads"),
            "{args:?}: {}",
            out.stderr
        );
        assert_eq!(std::fs::read(target).unwrap(), before, "{args:?}");
    }
}

/// The `|` of a markdown line that divide cells (not those escaped `\|`).
fn cell_bars(line: &str) -> usize {
    let mut bars = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => bars += 1,
            _ => {}
        }
    }
    bars
}

/// Issue 18, defect 24: in markdown a line break inside a value split the
/// table row, and `<script>` passed through. Markdown and HTML escape cell
/// text, titles and notes (`|`, `<`, `>`, `&`, line breaks; in markdown
/// also the backslash, so that a value's own cannot undo an escape): no
/// value breaks the table or brings markup in.
#[test]
fn markdown_and_html_escape_every_value() {
    let dir = extracts(&[(
        "leavers.csv",
        "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n\
         1,\"Children and\nFamilies\",SW,01/01/2015,15/07/2016,<script>alert(1)</script>\n\
         2,A|B & C,SW,01/01/2015,16/07/2016,back\\|slash\n\
         3,\"Crewe\r\nand Nantwich\",SW,01/01/2015,16/07/2016,Moved\n",
    )]);
    let d = dir.path().to_str().unwrap();
    let args = [
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--by",
        "directorate,reason",
        "--where",
        "reason!=<b>x</b>",
    ];
    let mut md_args = args.to_vec();
    md_args.extend(["--format", "markdown"]);
    let out = run(&md_args);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let md = out.stdout;
    // 1 of 3 leavers each: 33.3%; no fte column, so leavers_fte is N/A.
    for line in [
        "| Children and<br>Families | &lt;script&gt;alert(1)&lt;/script&gt; | 1 | N/A | 33.3% |",
        "| A\\|B &amp; C | back\\\\\\|slash | 1 | N/A | 33.3% |",
        "| Crewe<br>and Nantwich | Moved | 1 | N/A | 33.3% |",
        "- Filtered: reason != &lt;b&gt;x&lt;/b&gt;.",
    ] {
        assert!(md.lines().any(|l| l == line), "no line {line} in\n{md}");
    }
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    // Header, rule, three rows and the Total: each of 5 cells.
    assert_eq!(table.len(), 6, "{md}");
    for line in &table {
        assert_eq!(cell_bars(line), 6, "{line}");
    }
    assert!(!md.contains("<script") && !md.contains("<b>"), "{md}");

    let mut html_args = args.to_vec();
    html_args.extend(["--format", "html"]);
    let out = run(&html_args);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let html = out.stdout;
    assert!(!html.contains("<script") && !html.contains("<b>"), "{html}");
    assert!(
        html.contains("<td>Children and<br>Families</td>")
            && html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>")
            && html.contains("<td>A|B &amp; C</td>")
            && html.contains("<li>Filtered: reason != &lt;b&gt;x&lt;/b&gt;.</li>"),
        "{html}"
    );
}

/// Issue 18, defect 17, money in the formats people read: tables, markdown
/// and html show money to the pound, so a `--compare` change of money is the
/// pounds shown less the pounds shown, while CSV and JSON hold pence and the
/// change to the penny. Pay by directorate against the payroll of
/// 31/03/2024:
///   paybill now: P1 1 x £30,000.50 + P2 1 x £20,000 = £50,000.50, shown
///   £50,001 (half away from zero); then: P1 1 x £30,000.40 = £30,000.40,
///   shown £30,000. CSV: 50000.50 - 30000.40 = 20000.10. Read: £50,001 -
///   £30,000 = £20,001 (the pence of 20000.10 gave £20,000).
///   salary_max now £30,000.50 (£30,001) against £30,000.40 (£30,000):
///   £1 read, 0.10 in CSV (shown £0.10 before, beside two figures £1 apart).
#[test]
fn compare_money_change_adds_up_as_shown() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Job Title,Grade,FTE,Salary,Start Date\n\
             P1,A,Social Worker,L3,1,30000.50,01/01/2020\n\
             P2,A,Social Worker,L3,1,20000,01/06/2024\n",
        ),
        (
            "then.csv",
            "Employee ID,Directorate,Job Title,Grade,FTE,Salary,Start Date\n\
             P1,A,Social Worker,L3,1,30000.40,01/01/2020\n",
        ),
    ]);
    let data = dir
        .path()
        .join("payroll.csv")
        .to_string_lossy()
        .into_owned();
    let then = dir.path().join("then.csv").to_string_lossy().into_owned();
    let args = [
        "pay",
        "--payroll",
        &data,
        "--by",
        "directorate",
        "--as-of",
        "2024-12-31",
        "--compare",
        "2024-03-31",
        "--compare-payroll",
        &then,
    ];
    let t = csv(&args);
    expect_cells(
        &t,
        &[
            (&["A"], "paybill", "50000.50"),
            (&["A"], "paybill_prev", "30000.40"),
            (&["A"], "paybill_change", "20000.10"),
            (&["A"], "salary_max_change", "0.10"),
        ],
    );
    for format in ["markdown", "html", "table"] {
        let mut all = args.to_vec();
        all.extend(["--format", format]);
        let out = run(&all);
        assert_eq!(out.status, 0, "{}", out.stderr);
        let line = out
            .stdout
            .lines()
            .find(|l| l.contains("£50,001"))
            .unwrap_or_else(|| panic!("{format}: no paybill\n{}", out.stdout));
        let cells: Vec<String> = line
            .split(['|', '│', '┆', '<', '>'])
            .map(|c| c.trim().to_string())
            .filter(|c| c.starts_with('£') || c.starts_with("-£"))
            .collect();
        let n = cells.len();
        assert_eq!(
            cells[n - 3..],
            ["£50,001", "£30,000", "£20,001"],
            "{format}: {line}"
        );
        // salary_max, its previous figure and the change.
        let at = cells
            .iter()
            .position(|c| c == "£30,001")
            .expect("salary_max");
        assert_eq!(
            cells[at..at + 3],
            ["£30,001", "£30,000", "£1"],
            "{format}: {line}"
        );
    }
}
