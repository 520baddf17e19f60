//! Output formats, files, pipes and exit statuses.
mod common;
use common::*;

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
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("swr"))
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
