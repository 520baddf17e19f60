//! What command-line users take for granted, and the inputs HR systems
//! really produce: completions and a man page, `-` for standard input and
//! output, words for yes and no, a hint for month-first dates, web pages
//! saved as workbooks, sheets hidden or named alike, headers as written,
//! "did you mean", and dates or flags no arithmetic should meet.
use crate::common::*;
use rust_xlsxwriter::Workbook;
use std::io::Write;
use std::process::{Command, Stdio};

const LEAVERS: &str =
    "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason,Exit Interview\n\
1,Adults,SW,01/01/2015,15/07/2016,Retired,Held\n\
2,Adults,SW,01/01/2015,16/07/2016,Moved,Declined\n\
3,Mental Health,SW,01/01/2015,16/07/2016,Moved,Not offered\n";

/// The same leavers with the interview column as most systems write it.
const LEAVERS_YES_NO: &str =
    "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason,Exit Interview\n\
1,Adults,SW,01/01/2015,15/07/2016,Retired,Yes\n\
2,Adults,SW,01/01/2015,16/07/2016,Moved,No\n\
3,Mental Health,SW,01/01/2015,16/07/2016,Moved,\n";

/// `swr completions bash` loads in bash; `swr man` renders with man -l.
#[test]
fn completions_and_man_page() {
    let out = run(&["completions", "bash"]);
    assert_eq!(out.status, 0);
    let script = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(script.path(), &out.stdout).unwrap();
    let loaded = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {} && complete -p swr",
            script.path().display()
        ))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&loaded.stdout).contains("-F _swr swr"),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        assert_eq!(run(&["completions", shell]).status, 0, "{shell}");
    }
    let out = run(&["man"]);
    assert!(
        out.stdout.starts_with(".ie") || out.stdout.contains(".TH swr"),
        "{}",
        &out.stdout[..200.min(out.stdout.len())]
    );
    if Command::new("man").arg("--version").output().is_ok() {
        let page = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(page.path(), &out.stdout).unwrap();
        let shown = Command::new("man")
            .arg("-l")
            .arg(page.path())
            .env("MANPAGER", "cat")
            .output()
            .unwrap();
        assert!(String::from_utf8_lossy(&shown.stdout).contains("vacancies"));
    }
}

/// `--leavers -` reads CSV from standard input; `-o -` writes to standard
/// output.
#[test]
fn dash_is_standard_input_and_output() {
    let mut child = swr_cmd(&[
        "leavers",
        "--leavers",
        "-",
        "--as-of",
        "2016-07-31",
        "-o",
        "-",
        "--format",
        "csv",
    ]);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(LEAVERS_YES_NO.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = Csv::parse(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(t.get(&["Moved"], "leavers"), "2");
    assert_eq!(t.get(&["Retired"], "leavers"), "1");
    assert!(!std::path::Path::new("-").exists());
}

fn swr_cmd(args: &[&str]) -> std::process::Child {
    Command::new(SWR)
        .args(args)
        .current_dir(tempfile::tempdir().unwrap().keep())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// `Held`, `Declined`, `Not offered` are refused as yes/no, saying that
/// swr.toml can give them; `[values]` does.
#[test]
fn words_for_yes_and_no() {
    let dir = extracts(&[("leavers.csv", LEAVERS)]);
    let d = dir.path().to_str().unwrap();
    let out = run(&["leavers", "--data", d, "--as-of", "2016-07-31"]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("value 'Held'") && out.stderr.contains("[values] exit_interview"),
        "{}",
        out.stderr
    );
    std::fs::write(
        dir.path().join("swr.toml"),
        "[values]\nexit_interview = { yes = [\"Held\"], no = [\"Declined\", \"Not offered\", \"N/A\"] }\n",
    )
    .unwrap();
    let t = csv(&["leavers", "--data", d, "--as-of", "2016-07-31"]);
    assert_eq!(t.get(&["Total"], "exit_interviews"), "1");
    std::fs::write(
        dir.path().join("swr.toml"),
        "[values]\nreason = { yes = [\"x\"] }\n",
    )
    .unwrap();
    let out = run(&["leavers", "--data", d, "--as-of", "2016-07-31"]);
    // A mistake in swr.toml is one in how swr is set up: a usage error.
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("not a yes/no column"), "{}", out.stderr);
}

/// `3/30/2015` read day-first is no day; the message says what month-first
/// gives and names the setting.
#[test]
fn month_first_dates_get_a_hint() {
    let dir = extracts(&[(
        "leavers.csv",
        "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n1,A,SW,3/30/2015,7/15/2016,R\n",
    )]);
    let out = run(&["leavers", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("read month first it is 30 March 2015")
            && out.stderr.contains("date_order = \"mdy\""),
        "{}",
        out.stderr
    );
}

/// A web page saved as `.xls`, as HR systems' "export to Excel" often does.
#[test]
fn a_web_page_named_xls_is_named_for_what_it_is() {
    let dir = extracts(&[(
        "leavers.xls",
        "<html><body><table><tr><td>Employee ID</td></tr></table></body></html>",
    )]);
    let out = run(&["leavers", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("is a web page (HTML), not a workbook"),
        "{}",
        out.stderr
    );
}

fn workbook(path: &std::path::Path, sheets: &[(&str, bool)]) {
    let mut wb = Workbook::new();
    for (name, hidden) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, line) in LEAVERS_YES_NO.lines().enumerate() {
            for (c, cell) in line.split(',').enumerate() {
                ws.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
        if *hidden {
            ws.set_hidden(true);
        }
    }
    wb.save(path).unwrap();
}

/// Sheets that are not plainly the dataset's are refused with the list of
/// sheets: none named after it, a hidden one, two named alike.
#[test]
fn sheets_are_never_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("hr.xlsx");
    let b = book.to_str().unwrap();
    workbook(&book, &[("Staff", false), ("Summary", false)]);
    let out = run(&["leavers", "--data", b, "--as-of", "2016-07-31"]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("needs the leavers extract")
            && out.stderr.contains("its sheets are 'Staff', 'Summary'"),
        "{}",
        out.stderr
    );
    workbook(&book, &[("Leavers (current)", false), ("Leavers", true)]);
    let out = run(&["leavers", "--data", b, "--as-of", "2016-07-31"]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("the sheet 'Leavers' is hidden"),
        "{}",
        out.stderr
    );
    // Named, a hidden sheet is read.
    let t = csv(&[
        "leavers",
        "--leavers",
        &format!("{b}#Leavers"),
        "--as-of",
        "2016-07-31",
    ]);
    assert_eq!(t.get(&["Total"], "leavers"), "3");
    workbook(&book, &[("Leavers", false), ("Leavers ", false)]);
    let out = run(&["leavers", "--data", b, "--as-of", "2016-07-31"]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr
            .contains("more than one sheet could be the leavers sheet"),
        "{}",
        out.stderr
    );
}

/// `--by "Service Area"` names directorate as a file heads it; a typo gets
/// "did you mean"; a `--where` value no row holds says what is there.
#[test]
fn columns_as_written_and_did_you_mean() {
    let dir = extracts(&[(
        "leavers.csv",
        "Employee ID,Service Area,Job Title,Start Date,Leave Date,Reason\n1,Adults,SW,01/01/2015,15/07/2016,Retired\n2,Mental Health,SW,01/01/2015,15/07/2016,Moved\n",
    )]);
    let d = dir.path().to_str().unwrap();
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--by",
        "Service Area",
    ]);
    assert_eq!(t.header[0], "directorate");
    assert_eq!(t.get(&["Mental Health"], "leavers"), "1");
    let out = run(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--by",
        "job_titel",
    ]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("did you mean 'job_title'?"),
        "{}",
        out.stderr
    );
    let j = json(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--where",
        "directorate=Mental",
    ]);
    assert_eq!(j["rows"][0]["leavers"], 0);
    assert!(
        j["notes"].to_string().contains("keeps no rows of the leavers extract. directorate has no 'Mental': did you mean 'Mental Health'?"),
        "{}",
        j["notes"]
    );
}

/// Two headers naming one column: the better name is read, with a note in
/// the report and in swr check, which also lists every header's column.
#[test]
fn two_headers_for_one_column_and_the_header_map() {
    let dir = extracts(&[(
        "leavers.csv",
        "EmpID,Directorate,Job Title,DateofHire,Leaving Date,Termination Date,TermReason\n1,Adults,SW,01/01/2015,15/07/2016,20/07/2016,Retired\n",
    )]);
    let d = dir.path().to_str().unwrap();
    let j = json(&["leavers", "--data", d, "--as-of", "2016-07-31"]);
    assert!(
        j["notes"].to_string().contains("the headers 'Leaving Date' and 'Termination Date' both name leave_date: 'Leaving Date' is read"),
        "{}",
        j["notes"]
    );
    let mapped = header_map(d);
    for (header, name) in [
        ("EmpID", "employee_id"),
        ("DateofHire", "start_date"),
        ("Leaving Date", "leave_date"),
        ("TermReason", "reason"),
        ("Termination Date", "termination_date"),
    ] {
        let want = ("leavers".to_string(), header.to_string(), name.to_string());
        assert!(mapped.contains(&want), "{header}: {mapped:?}");
    }
}

/// Spreadsheet dates of 0 or -1 (1899) and 31/12/9999 are no start or
/// leave dates; periods and flags far outside the calendar are refused,
/// never a panic.
#[test]
fn impossible_dates_and_periods() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Leavers").unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in [
        "Employee ID",
        "Directorate",
        "Job Title",
        "Start Date",
        "Leave Date",
        "Reason",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "1").unwrap();
    ws.write_string(1, 1, "A").unwrap();
    ws.write_string(1, 2, "SW").unwrap();
    ws.write_number_with_format(1, 3, 0.0, &date).unwrap();
    ws.write_number_with_format(1, 4, 42581.0, &date).unwrap();
    ws.write_string(1, 5, "R").unwrap();
    wb.save(dir.path().join("leavers.xlsx")).unwrap();
    let out = run(&["leavers", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("row 2, column 'Start Date'")
            && out.stderr.contains("1900 to 31/12/2100"),
        "{}",
        out.stderr
    );
    let d = dir.path().to_str().unwrap();
    for (flag, value) in [
        ("--period", "262142Q4"),
        ("--period", "-262143Q1"),
        ("--period", "1850"),
        ("--as-of", "9999-12-31"),
        ("--compare", "0001-01-01"),
    ] {
        let out = run(&["leavers", "--data", d, &format!("{flag}={value}")]);
        assert_eq!(out.status, 2, "{flag} {value}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    for (flag, value) in [
        ("--weeks", "79228162514264337593543950335"),
        ("--on-cost-rate", "1e21"),
        ("--cap", "-1"),
    ] {
        let out = run(&["costs", "--data", d, flag, value]);
        assert_eq!(out.status, 2, "{flag} {value}: {}", out.stderr);
    }
    std::fs::write(
        dir.path().join("swr.toml"),
        "standard_hours = \"0.0000000000000000000000000001\"\n",
    )
    .unwrap();
    let out = run(&["leavers", "--data", d]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("standard_hours") && !out.stderr.contains("panicked"),
        "{}",
        out.stderr
    );
}

/// Payroll without an fte column: headcounts are as with one, FTE figures
/// N/A; the commands that work in FTE say which column they need; a blank
/// fte is named by its cell.
#[test]
fn payroll_fte_only_where_needed() {
    let payroll = "Employee ID,Directorate,Job Title,Start Date,FTE\n\
        1,Adults,SW,01/04/2014,1\n2,Adults,SW,01/04/2016,0.5\n3,Children,SW,01/04/2015,1\n";
    let leavers = "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason,FTE\n\
        4,Adults,SW,01/01/2015,15/07/2016,Retired,1\n";
    let establishment = "Post ID,Directorate,Job Title,FTE\nP1,Adults,SW,3\nP2,Children,SW,1\n";
    let with = extracts(&[
        ("payroll.csv", payroll),
        ("leavers.csv", leavers),
        ("establishment.csv", establishment),
    ]);
    let no_fte: String = payroll
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect();
    let agency =
        "Worker ID,Directorate,Position,Start Date,End Date,Hours Per Week,Hourly Charge Rate\n\
        A1,Adults,SW,01/01/2017,,37,40\n";
    let without = extracts(&[
        ("payroll.csv", &no_fte),
        ("leavers.csv", leavers),
        ("establishment.csv", establishment),
        ("agency.csv", agency),
    ]);
    let args = |d: &str| -> Vec<String> {
        ["turnover", "--data", d, "--period", "2016/17"]
            .map(String::from)
            .to_vec()
    };
    let w = with.path().to_str().unwrap();
    let wo = without.path().to_str().unwrap();
    let a = csv(&args(w).iter().map(String::as_str).collect::<Vec<_>>());
    let b = csv(&args(wo).iter().map(String::as_str).collect::<Vec<_>>());
    // By hand: 3 in post on 31/03/2017, 1 leaver in 2016/17 (Adults).
    assert_eq!(a.get(&["Total"], "in_post"), "3");
    assert_eq!(a.get(&["Total"], "in_post_fte"), "2.5");
    for row in [&["Adults"][..], &["Children"], &["Total"]] {
        for c in [
            "in_post",
            "starters",
            "leavers",
            "turnover_pct",
            "stability_pct",
        ] {
            assert_eq!(a.get(row, c), b.get(row, c), "{row:?} {c}");
        }
        assert_eq!(b.get(row, "in_post_fte"), "", "{row:?}");
        assert_eq!(b.get(row, "turnover_fte_pct"), "", "{row:?}");
    }
    let out = run(&["turnover", "--data", wo, "--period", "2016/17"]);
    assert!(
        out.stderr.contains("The payroll extract has no fte column"),
        "{}",
        out.stderr
    );
    for cmd in ["vacancies", "costs"] {
        let out = run(&[cmd, "--data", wo, "--as-of", "2017-03-31"]);
        assert_eq!(out.status, 1, "{cmd}");
        assert!(
            out.stderr.contains(&format!(
                "swr {cmd} needs the fte column of the payroll extract"
            )),
            "{}",
            out.stderr
        );
    }
    let blank = payroll.replace("2,Adults,SW,01/04/2016,0.5", "2,Adults,SW,01/04/2016,");
    let d = extracts(&[
        ("payroll.csv", &blank),
        ("establishment.csv", establishment),
    ]);
    let out = run(&[
        "vacancies",
        "--data",
        d.path().to_str().unwrap(),
        "--as-of",
        "2017-03-31",
    ]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains(
            "payroll.csv, row 3, column 'FTE': value '(blank)': is blank; swr vacancies works out its figures from the fte of every row"
        ),
        "{}",
        out.stderr
    );
}

/// A long load shows a progress bar on standard error when it is a
/// terminal (here `script`'s), and never in a pipe.
#[test]
fn progress_bar_only_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n");
    let mut i = 0;
    while text.len() < 20 << 20 {
        i += 1;
        text.push_str(&format!(
            "{i},Adults,Social Worker,01/01/2015,15/07/2016,Moved to another authority\n"
        ));
    }
    std::fs::write(dir.path().join("leavers.csv"), &text).unwrap();
    let d = dir.path().to_str().unwrap();
    let piped = swr()
        .args(["leavers", "--data", d, "--as-of", "2016-07-31"])
        .env("SWR_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    let errors = String::from_utf8_lossy(&piped.stderr);
    assert_eq!(piped.status.code(), Some(0), "{errors}");
    assert!(!errors.contains("reading"), "{errors}");
    if Command::new("script").arg("--version").output().is_err() {
        return;
    }
    let swr = std::path::Path::new(SWR);
    let line = format!(
        "{} leavers --data {d} --as-of 2016-07-31 -o {d}/out.csv",
        swr.display()
    );
    // Shown from the start (not after a second, which a fast machine may
    // not need).
    let shown = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("SWR_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    assert_eq!(shown.status.code(), Some(0));
    let screen = String::from_utf8_lossy(&shown.stdout);
    assert!(
        screen.contains("reading") && screen.contains("leavers.csv"),
        "{screen}"
    );
    let out = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert!(out.contains(&format!("Total,{i}")), "{out}");
}

/// A header merged over two columns hides the second one's: swr says that
/// column is not read, and where the merge may be, rather than dropping
/// it unseen; check shows the same.
#[test]
fn a_header_under_a_merged_cell_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("leavers.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Leavers").unwrap();
    let fmt = rust_xlsxwriter::Format::new();
    for (c, h) in [
        "Employee ID",
        "Directorate",
        "Job Title",
        "Start Date",
        "Leave Date",
        "Reason",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // "Reason" merged over F1:G1; G holds the exit interview answers.
    ws.merge_range(0, 5, 0, 6, "Reason", &fmt).unwrap();
    for (r, line) in LEAVERS_YES_NO.lines().skip(1).enumerate() {
        for (c, v) in line.split(',').enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).unwrap();
        }
    }
    wb.save(&book).unwrap();
    let b = book.to_str().unwrap();
    let j = json(&["leavers", "--leavers", b, "--as-of", "2016-07-31"]);
    assert_eq!(j["rows"].as_array().unwrap().last().unwrap()["leavers"], 3);
    let notes = j["notes"].to_string();
    assert!(
        notes.contains("column G has values (row 2: 'Yes') but no header, so it is not read; if the header 'Reason' is a merged cell over it"),
        "{notes}"
    );
    let out = run(&["check", "--leavers", b]);
    assert!(out.stdout.contains("column G has values"), "{}", out.stdout);
}

/// Header aliases the issues name that no other test reads: `Emp No`,
/// `HCPC Number` and `NQSW` on a payroll (issues 10 and 14),
/// `DateofTermination` on leavers (issue 14); swr check lists which
/// column each header became.
#[test]
fn more_header_aliases_are_recognised() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "Emp No,Directorate,Job Title,FTE,Start Date,HCPC Number,NQSW\nE1,Adults,SW,1,01/01/2015,SW12345,Yes\n",
        ),
        (
            "leavers.csv",
            "Emp No,Directorate,Job Title,Start Date,DateofTermination,Reason\nL1,Adults,SW,01/01/2012,15/07/2016,Retired\n",
        ),
    ]);
    let d = dir.path().to_str().unwrap();
    let mapped = header_map(d);
    for (ds, header, name) in [
        ("payroll", "Emp No", "employee_id"),
        ("payroll", "HCPC Number", "registration"),
        ("payroll", "NQSW", "asye"),
        ("leavers", "Emp No", "employee_id"),
        ("leavers", "DateofTermination", "leave_date"),
    ] {
        let want = (ds.to_string(), header.to_string(), name.to_string());
        assert!(mapped.contains(&want), "{want:?}: {mapped:?}");
    }
}

/// swr check's header map of the extracts in `dir`: (dataset, header as
/// written, column it became).
fn header_map(dir: &str) -> Vec<(String, String, String)> {
    let out = run(&["check", "--data", dir, "--format", "json"]);
    let c: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["severity"] == "column")
        .map(|r| {
            (
                r["dataset"].as_str().unwrap().to_string(),
                r["column"].as_str().unwrap().to_string(),
                r["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Issue 18, defect 11: a bare number where a date is due was read as an
/// Excel serial day (`--as-of 2024` was 16/07/1905, with exit 0). Dates in
/// flags and in swr.toml are calendar dates; a bare number is a usage error
/// that suggests the date or the period meant. Where a period is due, 2024
/// is the calendar year.
#[test]
fn a_bare_number_is_never_a_date_in_a_flag() {
    let dir = extracts(&[("leavers.csv", LEAVERS_YES_NO)]);
    let d = dir.path().to_str().unwrap();
    for (args, hints) in [
        (
            &["leavers", "--as-of", "2024"][..],
            &["--as-of 2024-12-31", "--period 2024"][..],
        ),
        (&["leavers", "--as-of=45000"], &["2016-07-30"]),
        (&["pack", "--baseline", "2024"], &["--baseline 2024-12-31"]),
        (&["leavers", "--compare", "45000"], &["2015-12-31"]),
        (
            &["leavers", "--period", "2015..2016"],
            &["2015-01-01..2016-12-31"],
        ),
        (
            &["leavers", "--period", "42000..2016-09-30"],
            &["2015-10-01..2016-09-30"],
        ),
        (&["leavers", "--where", "start_date=42005"], &["2016-07-30"]),
    ] {
        let mut all = args.to_vec();
        all.extend(["--data", d]);
        let out = run(&all);
        assert_eq!(out.status, 2, "{all:?}: {}{}", out.stdout, out.stderr);
        for hint in hints {
            assert!(
                out.stderr.contains(hint),
                "{all:?}: no {hint} in {}",
                out.stderr
            );
        }
    }
    // A period in a flag: 2024 is the calendar year, as ever.
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--compare",
        "2015",
        "--period",
        "2016",
    ]);
    assert_eq!(t.get(&["Moved"], "leavers"), "2");
    assert_eq!(t.get(&["Total"], "leavers"), "3");
    // The fixture's leavers all left in 2016: 2015 is before the first
    // leave date it holds, so its flows are N/A, not 0 (SPEC 4, "Coverage").
    assert_eq!(t.get(&["Total"], "leavers_prev"), "");
    // swr.toml: as_of and [pack] baseline are dates too.
    for (toml, hint) in [
        ("as_of = 2016\n", "as_of = \"2016-12-31\""),
        ("as_of = \"42581\"\n", "as_of = \"2016-07-30\""),
        ("[pack]\nbaseline = \"2016\"\n", "baseline = \"2016-12-31\""),
        ("baseline = 2016\n", "baseline = \"2016-12-31\""),
    ] {
        std::fs::write(dir.path().join("swr.toml"), toml).unwrap();
        let cmd = if toml.contains("pack") {
            "pack"
        } else {
            "leavers"
        };
        let out = run(&[cmd, "--data", d]);
        assert_eq!(out.status, 2, "{toml}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stderr.contains(hint) && out.stderr.contains("swr.toml"),
            "{toml}: {}",
            out.stderr
        );
    }
    std::fs::write(dir.path().join("swr.toml"), "as_of = \"31/07/2016\"\n").unwrap();
    let t = csv(&["leavers", "--data", d]);
    assert_eq!(t.get(&["Total"], "leavers"), "3");
    // swr.toml's baseline (SPEC 7) is the pack's, unless [pack] gives one.
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    for (toml, day) in [
        ("baseline = \"2024-03-31\"\n", "31/03/2024"),
        (
            "baseline = \"2024-03-31\"\n[pack]\nbaseline = \"31/12/2023\"\nindicators = [\"turnover\"]\n",
            "31/12/2023",
        ),
    ] {
        std::fs::write(dir.path().join("swr.toml"), toml).unwrap();
        let config = dir.path().join("swr.toml");
        let out = run(&[
            "pack",
            "--data",
            demo.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
            "--format",
            "markdown",
        ]);
        assert_eq!(out.status, 0, "{toml}: {}", out.stderr);
        // Both days are a quarter's last day: that quarter's row is the
        // baseline, and the page says which day it is.
        assert!(
            out.stdout
                .contains(&format!("As of 30/09/2025, against the baseline of {day}."))
                && out.stdout.contains(&format!("- Baseline {day}: the ")),
            "{toml}: {}",
            out.stdout
        );
        // [pack] baseline is still read, with a word on where it belongs.
        assert_eq!(
            out.stdout.contains("- [pack] baseline in ")
                && out
                    .stdout
                    .contains(" now belongs at the top level of swr.toml (baseline = \"31/12/2023\")"),
            toml.contains("[pack]"),
            "{toml}: {}",
            out.stdout
        );
    }
}

/// Issue 18, defect 21: `--agency - --payroll -` gave a data error about
/// missing columns. Standard input feeds one input only: two `-` are a usage
/// error naming both flags, whatever reads them.
#[test]
fn standard_input_feeds_one_input_only() {
    for args in [
        &["vacancies", "--agency", "-", "--payroll", "-"][..],
        &["movements", "--from", "-", "--payroll", "-"],
        &["movements", "--from", "-", "--to", "-"],
    ] {
        let mut child = swr_cmd(args);
        child
            .stdin
            .take()
            .unwrap()
            .write_all(LEAVERS.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        let flags: Vec<&&str> = args.iter().filter(|a| a.starts_with("--")).collect();
        for flag in flags {
            assert!(stderr.contains(*flag), "{args:?}: no {flag} in {stderr}");
        }
        assert!(stderr.contains("standard input"), "{stderr}");
    }
}

/// The commands `swr --help` lists.
fn command_names() -> Vec<String> {
    let help = run(&["--help"]).stdout;
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A command's line; its help may go on, further in, on the next.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(str::to_string)
        .collect()
}

/// The long options `swr COMMAND --help` lists (`  -o, --output <FILE>`).
fn long_options(command: &str) -> Vec<String> {
    let help = run(&[command, "--help"]).stdout;
    help.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('-'))
        .filter_map(|l| {
            l.split([' ', ','])
                .take(3)
                .find_map(|w| w.strip_prefix("--"))
                .map(str::to_string)
        })
        .collect()
}

/// Pages another page points to (`name(1)`), as written in roff.
fn pages_named(page: &str) -> Vec<String> {
    let text = page.replace("\\-", "-");
    let mut out = Vec::new();
    for (i, _) in text.match_indices("(1)") {
        let name: String = text[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        out.push(name);
    }
    out
}

/// Issue 18, defect 25: `swr man` pointed to `swr-agency(1)` and pages like
/// it that swr cannot print, and documented no command's options. `swr man`
/// documents every command with every option; `swr man COMMAND` prints that
/// command's page; every page a page names is one swr prints.
#[test]
fn man_documents_every_command_and_option() {
    let names = command_names();
    assert!(names.len() >= 18, "{names:?}");
    let main = run(&["man"]);
    assert_eq!(main.status, 0, "{}", main.stderr);
    let main_text = main.stdout.replace("\\-", "-");
    for name in &names {
        let options = long_options(name);
        assert!(
            !options.is_empty() || name == "man" || name == "completions",
            "{name}"
        );
        let page = run(&["man", name]);
        assert_eq!(page.status, 0, "swr man {name}: {}", page.stderr);
        assert!(
            page.stdout.contains(&format!(".TH swr-{name} 1")),
            "swr man {name}"
        );
        let page_text = page.stdout.replace("\\-", "-");
        assert!(page_text.contains(&format!("swr {name}")), "swr man {name}");
        for option in options {
            assert!(
                page_text.contains(&format!("--{option}")),
                "swr man {name}: no --{option}"
            );
        }
        assert!(
            main_text.contains(&format!("swr {name}")),
            "swr man: no command {name}"
        );
        for named in pages_named(&page.stdout) {
            assert_eq!(named, "swr", "swr man {name} points to {named}(1)");
        }
    }
    // Every option of every command is in the one page too.
    let sections: Vec<&str> = main_text.split("\n.SH ").collect();
    for name in &names {
        let title = format!("\"SWR {}\"", name.to_uppercase());
        let section = sections
            .iter()
            .find(|s| s.starts_with(&title))
            .unwrap_or_else(|| panic!("swr man: no section {title}"));
        for option in long_options(name) {
            assert!(
                section.contains(&format!("--{option}")),
                "swr man, {title}: no --{option}"
            );
        }
    }
    for named in pages_named(&main.stdout) {
        assert!(
            named == "swr" || names.iter().any(|n| named == format!("swr-{n}")),
            "swr man points to {named}(1)"
        );
    }
    let out = run(&["man", "nosuch"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("vacancies"), "{}", out.stderr);
}
