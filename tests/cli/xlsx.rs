//! Workbook output (`-o FILE.xlsx`, `--format xlsx`), the CSV byte order
//! mark for Excel, and notes kept when output goes to a pipe or a file.
use crate::common::*;
use calamine::{open_workbook, Data, Reader, Xlsx};
use std::path::Path;

fn demo() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/demo")
        .to_string_lossy()
        .into_owned()
}

const REPORTS: [&[&str]; 16] = [
    &["vacancies"],
    &["vacancies", "--by", "job_title", "--across", "directorate"],
    &["costs"],
    &["leavers"],
    &["turnover"],
    &["cohorts", "--by", "directorate"],
    &["check"],
    &["caseload"],
    &["absence"],
    &["census"],
    &["benchmark", "--la", "Cheshire East"],
    &["retention"],
    &["movements", "--from", "examples/demo/payroll_2024.csv"],
    &["agency"],
    &["pay"],
    &["incentives"],
];

/// The number a CSV cell stands for in the workbook: percentages (columns
/// named `_pct`, and the census's DfE `_rate` columns) as the fraction
/// Excel's % format shows (13.5 is 0.135).
fn expected(cell: &str, column: &str) -> Data {
    if cell.is_empty() {
        return Data::String("N/A".into());
    }
    match cell.parse::<f64>() {
        Ok(n)
            if column.ends_with("_pct")
                || column.contains("_rate")
                || column == "% of workforce" =>
        {
            Data::Float(n / 100.0)
        }
        Ok(n) => Data::Float(n),
        Err(_) => Data::String(cell.to_string()),
    }
}

fn close(a: &Data, b: &Data) -> bool {
    match (a, b) {
        (Data::Float(x), Data::Float(y)) => (x - y).abs() < 1e-9,
        (Data::Int(x), Data::Float(y)) | (Data::Float(y), Data::Int(x)) => {
            (*x as f64 - y).abs() < 1e-9
        }
        _ => a == b,
    }
}

/// Every report as a workbook holds the CSV's figures cell for cell, as
/// numbers (percentages as fractions), N/A as text, a sheet of notes; the
/// header row shows readable labels.
#[test]
fn every_report_as_a_workbook_holds_the_csv_figures() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo();
    for (k, cmd) in REPORTS.iter().enumerate() {
        let mut args: Vec<&str> = cmd.to_vec();
        args.extend(["--data", &data]);
        let table = csv(&args);
        let path = dir.path().join(format!("r{k}.xlsx"));
        args.extend(["-o", path.to_str().unwrap()]);
        let out = run(&args);
        // check exits 1 when it finds problems; every report exits 0.
        let status = if cmd[0] == "check" { 1 } else { 0 };
        assert!(out.status <= status, "{cmd:?}: {}", out.stderr);
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        let names = wb.sheet_names();
        assert_eq!(names.len(), 2, "{cmd:?}: {names:?}");
        assert_eq!(names[1], "Notes");
        let range = wb.worksheet_range(&names[0]).unwrap();
        assert_eq!(range.height(), table.rows.len() + 1, "{cmd:?}");
        assert_eq!(range.width(), table.header.len(), "{cmd:?}");
        // Rows of percentages in a table of mixed rows: a cross-tab's
        // `% of workforce`, benchmark's rate indicators.
        let pct_row = |row: &Vec<String>| {
            row[0] == "% of workforce" || (cmd[0] == "benchmark" && row[0].contains("_rate"))
        };
        // A column of figures: every cell a number or blank (N/A). Its
        // numbers must be numbers in the workbook, never text.
        let figures: Vec<bool> = (0..table.header.len())
            .map(|c| {
                cmd[0] != "check"
                    && table
                        .rows
                        .iter()
                        .all(|r| r[c].is_empty() || r[c].parse::<f64>().is_ok())
            })
            .collect();
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let got = range.get((r + 1, c)).unwrap();
                let ok = match got {
                    // Text stays text (check's row numbers too); N/A is text.
                    Data::String(s) if figures[c] => cell.is_empty() && s == "N/A",
                    Data::String(s) => s == cell || (cell.is_empty() && s == "N/A"),
                    Data::Empty => cell.is_empty(),
                    _ => {
                        let rank = ["rank", "of", "quartile"].contains(&table.header[c].as_str());
                        let column = if pct_row(row) && !rank {
                            "% of workforce"
                        } else {
                            &table.header[c]
                        };
                        close(got, &expected(cell, column))
                    }
                };
                assert!(
                    ok,
                    "{cmd:?} row {} {}: workbook {got:?}, csv {cell:?}",
                    r + 1,
                    table.header[c]
                );
            }
        }
        let notes = wb.worksheet_range("Notes").unwrap();
        assert!(notes.height() > 1, "{cmd:?}");
    }
}

/// Cells carry £, % and FTE number formats, the header is bold and frozen
/// and reads as words.
#[test]
fn formats_labels_and_sheet_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("costs.xlsx");
    let out = run(&["costs", "--data", &demo(), "-o", path.to_str().unwrap()]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    assert_eq!(sheet, "Agency against permanent cost");
    let range = wb.worksheet_range(&sheet).unwrap();
    let header: Vec<String> = (0..range.width())
        .map(|c| range.get((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(
        header,
        [
            "Job title",
            "Permanent FTE",
            "Permanent cost per FTE",
            "Agency FTE",
            "Agency cost per FTE",
            "Premium per FTE",
            "Premium %",
            "Annual premium",
            "Agency spend"
        ]
    );
    let styles = wb.worksheet_style(&sheet).unwrap();
    let format_of = |c: u32| {
        styles
            .get((1, c))
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.clone())
            .unwrap_or_default()
    };
    assert_eq!(format_of(1), "#,##0.0#");
    assert_eq!(format_of(2), "£#,##0.00");
    assert_eq!(format_of(6), "0.0%");
    let bold = styles
        .get((0, 0))
        .and_then(|s| s.font.as_ref())
        .is_some_and(|f| f.is_bold());
    assert!(bold);
}

/// A workbook opens in a real spreadsheet program: LibreOffice converts it
/// to PDF (run when LibreOffice is installed; CI installs it). The demo's
/// dashboard too: its pages hold the front page's title, figures and
/// statuses, and a chart for each indicator (where pdftotext is installed
/// to read the PDF back).
#[test]
fn libreoffice_opens_the_workbook() {
    let Ok(soffice) = which("soffice") else {
        eprintln!("LibreOffice is not installed: skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let pdf_of = |cmd: &[&str], name: &str| -> std::path::PathBuf {
        let path = dir.path().join(format!("{name}.xlsx"));
        let data = demo();
        let mut args = cmd.to_vec();
        args.extend(["--data", &data, "-o", path.to_str().unwrap()]);
        let out = run(&args);
        assert_eq!(out.status, 0, "{}", out.stderr);
        let profile = dir.path().join("profile");
        let status = std::process::Command::new(&soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let pdf = dir.path().join(format!("{name}.pdf"));
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF") && bytes.len() > 1000);
        pdf
    };
    pdf_of(&["vacancies"], "vacancies");
    let pdf = pdf_of(&["pack", "--baseline", "2024-03-31"], "pack");
    let Ok(pdftotext) = which("pdftotext") else {
        eprintln!("pdftotext is not installed: the dashboard's PDF is not read back");
        return;
    };
    let text = std::process::Command::new(pdftotext)
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    // The front page: the title, the figures as formatted numbers and each
    // status in its word.
    let front = pages[0];
    for want in [
        "Fenmoor County Council: workforce dashboard, 2025Q3",
        "As of 30/09/2025, against the baseline of 31/03/2024.",
        "£1,441,399",
        "£480,000",
        "14.5%",
        "Red",
        "Amber",
        "Green",
    ] {
        assert!(front.contains(want), "{want}:\n{front}");
    }
    // Each indicator's page: its title on top and its chart's axis titles
    // and labels (£ in millions on the spend axis, not 1600000).
    let spend = pages
        .iter()
        .find(|p| p.contains("Agency spend, by quarter."))
        .expect("a page for agency spend");
    for want in [
        "Quarter",
        "£1.4m",
        "Target (green)",
        "Baseline 31/03/2024 (Total)",
    ] {
        assert!(spend.contains(want), "{want}:\n{spend}");
    }
    assert!(!spend.contains("1600000") && !spend.contains("1400000"));
}

fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(program))
                .find(|p| p.is_file())
        })
        .ok_or(())
}

/// `--format xlsx` to a pipe writes the workbook's bytes; to a file named
/// otherwise it is refused.
#[test]
fn xlsx_to_a_pipe_and_disagreeing_names() {
    let out = swr()
        .args(["leavers", "--data", &demo(), "--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.starts_with(b"PK\x03\x04"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leavers.csv");
    let out = run(&[
        "leavers",
        "--data",
        &demo(),
        "--format",
        "xlsx",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr
            .contains("the extension says csv but --format says xlsx"),
        "{}",
        out.stderr
    );
}

/// `--bom` starts CSV with a UTF-8 byte order mark, so Excel reads `£` and
/// `’` right; without it there is none.
#[test]
fn bom_for_excel() {
    let out = swr()
        .args(["leavers", "--data", &demo(), "--format", "csv", "--bom"])
        .output()
        .unwrap();
    assert!(out.stdout.starts_with("\u{feff}reason,".as_bytes()));
    let out = swr()
        .args(["leavers", "--data", &demo(), "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.stdout.starts_with(b"reason,"));
}

/// CSV carries no notes, so they go to standard error, piped or written
/// with -o; the data stays clean.
#[test]
fn notes_go_to_standard_error_with_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.csv");
    let out = run(&["leavers", "--data", &demo(), "-o", path.to_str().unwrap()]);
    assert_eq!(out.status, 0);
    assert!(
        out.stderr.contains("note: As of 30/09/2025"),
        "{}",
        out.stderr
    );
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(!written.contains("As of"));
    let piped = run(&["leavers", "--data", &demo(), "--format", "csv"]);
    assert!(piped.stderr.contains("note: Period"), "{}", piped.stderr);
}

/// Every cell, sheet by sheet, of the workbook at `path`, read back.
fn all_text(path: &Path) -> Vec<(String, String)> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
        for cell in range.used_cells() {
            if let Data::String(s) = cell.2 {
                out.push((name.clone(), s.clone()));
            }
        }
        out.push(("(sheet name)".into(), name));
    }
    out
}

/// Issue 18, defect 14: a value holding U+FFFE or U+FFFF made a workbook
/// whose sharedStrings.xml is not well-formed XML (Excel and LibreOffice
/// refuse it). Such characters are replaced by U+FFFD in every workbook swr
/// writes, reports and the pack, with a note; the XML of every part parses.
#[test]
fn text_xml_cannot_hold_is_replaced_with_a_note() {
    let dir = extracts(&[(
        "leavers.csv",
        "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n\
         1,Adults\u{FFFF},SW,01/01/2015,15/07/2016,Retired\n\
         2,Adults,SW,01/01/2015,16/07/2016,Moved\u{FFFE}\n",
    )]);
    let d = dir.path().to_str().unwrap();
    let path = dir.path().join("out.xlsx");
    let out = run(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--by",
        "directorate,reason",
        "--where",
        "reason!=Gone\u{FFFF}",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let text = all_text(&path);
    let bad: Vec<&(String, String)> = text
        .iter()
        .filter(|(_, s)| s.contains(['\u{FFFE}', '\u{FFFF}']))
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
    assert!(
        text.iter().any(|(_, s)| s == "Adults\u{FFFD}")
            && text.iter().any(|(_, s)| s == "Moved\u{FFFD}"),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|(sheet, s)| sheet == "Notes" && s.contains("U+FFFD")),
        "{text:?}"
    );
    xml_parses(&path);
    // The CSV keeps the value as it is.
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--by",
        "directorate",
    ]);
    assert_eq!(t.get(&["Adults\u{FFFF}"], "leavers"), "1");

    // The pack, on the demo with a directorate holding U+FFFF.
    let demo_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let data = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&demo_dir).unwrap() {
        let from = entry.unwrap().path();
        let to = data.path().join(from.file_name().unwrap());
        if from.extension().is_some_and(|e| e == "csv") {
            let text = std::fs::read_to_string(&from).unwrap();
            std::fs::write(&to, text.replace("Mental Health", "Mental Health\u{FFFF}")).unwrap();
        }
    }
    let path = dir.path().join("pack.xlsx");
    let out = run(&[
        "pack",
        "--data",
        data.path().to_str().unwrap(),
        "--where",
        "team!=None\u{FFFE}",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let text = all_text(&path);
    assert!(
        !text
            .iter()
            .any(|(_, s)| s.contains(['\u{FFFE}', '\u{FFFF}'])),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|(_, s)| s.contains("Mental Health\u{FFFD}")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|(sheet, s)| sheet == "Method" && s.contains("U+FFFD")),
        "{text:?}"
    );
    xml_parses(&path);
}

/// Every XML part of the workbook at `path` parses (with Python's expat,
/// where python3 is installed: a strict XML parser, as Excel's is).
fn xml_parses(path: &Path) {
    let script = "import sys, zipfile, xml.dom.minidom\n\
z = zipfile.ZipFile(sys.argv[1])\n\
bad = []\n\
for n in z.namelist():\n    \
if n.endswith('.xml') or n.endswith('.rels'):\n        \
try: xml.dom.minidom.parseString(z.read(n))\n        \
except Exception as e: bad.append(n + ': ' + str(e))\n\
print('\\n'.join(bad)); sys.exit(1 if bad else 0)\n";
    match std::process::Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "{}: not well-formed XML:\n{}{}",
            path.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!(
            "python3 not found: the XML of {} is not parsed",
            path.display()
        ),
    }
}
