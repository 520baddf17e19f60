//! Which rows of an extract are data: footer rows, blank cells in required
//! columns, and column mappings that name headers a file does not have.
use crate::common::*;
use rust_xlsxwriter::Workbook;

const PAYROLL: &str = "Employee Number,Department,Team,Post Title,Grade,FTE,Start Date\n\
E1,Adults,East,Social Worker,Grade 9,1,01/01/2015\n\
E2,Adults,East,Social Worker,Grade 9,1,01/01/2015\n\
E3,Adults,East,Social Worker,Grade 9,1,01/01/2015\n\
E4,Adults,East,Social Worker,Grade 9,0.8,01/01/2015\n\
E5,Adults,West,Team Manager,Grade 11,1,01/01/2015\n\
E6,Adults,West,Social Worker,Grade 9,1,01/01/2015\n\
E7,Adults,West,Social Worker,Grade 9,1.1,01/01/2015\n";

/// Establishment 9.5 FTE (East social workers 5.5, West team manager 1,
/// West social workers 3); in post 3.8, 1 and 2.1: vacancies 1.7 + 0 + 0.9
/// = 2.6 FTE, a vacancy rate of 2.6 / (2.6 + 6.9) = 27.4%.
const ESTABLISHMENT: &str = "Post ID,Service,Team,Job Title,Grade,FTE\n\
P1,Adults,East,Social Worker,Grade 9,3\n\
P2,Adults,East,Social Worker,Grade 9,2.5\n\
P3,Adults,West,Team Manager,Grade 11,1\n\
P4,Adults,West,Social Worker,Grade 9,3\n";

fn vacancies(dir: &tempfile::TempDir) -> Csv {
    csv(&[
        "vacancies",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-30",
    ])
}

/// Issue 9, fault 3: a `Total,,,,,9.5` footer was loaded as a post
/// (establishment 19, vacancy rate 63.7%). Footer rows in any of the forms
/// SPEC lists are left out and counted.
#[test]
fn footer_rows_are_not_posts() {
    for footer in [
        "Total,,,,,9.5",
        ",Total,,,,9.5",
        "GRAND TOTAL,,,,,9.5",
        "Sub-total,,,,,9.5",
        "subtotal,,,,,9.5",
    ] {
        let dir = extracts(&[
            ("establishment.csv", &format!("{ESTABLISHMENT}{footer}\n")),
            ("payroll.csv", PAYROLL),
        ]);
        let t = vacancies(&dir);
        expect_cells(
            &t,
            &[
                (&["Total"], "establishment_fte", "9.5"),
                (&["Total"], "in_post_fte", "6.9"),
                (&["Total"], "vacancy_fte", "2.6"),
                (&["Total"], "vacancy_rate_pct", "27.4"),
            ],
        );
        let out = run(&[
            "check",
            "--data",
            dir.path().to_str().unwrap(),
            "--as-of",
            "2016-07-30",
            "--format",
            "csv",
        ]);
        assert!(
            out.stdout
                .contains("5 rows read, 4 loaded, 0 blank, 1 footer"),
            "{footer}: {}",
            out.stdout
        );
    }
}

/// A directorate that happens to be called Total, on a row with its job
/// title, is a post like any other.
#[test]
fn a_row_with_total_and_its_other_cells_is_data() {
    let dir = extracts(&[
        (
            "establishment.csv",
            &format!("{ESTABLISHMENT}P5,Total,East,Social Worker,Grade 9,2\n"),
        ),
        ("payroll.csv", PAYROLL),
    ]);
    let t = vacancies(&dir);
    let total = t.rows.last().unwrap();
    assert_eq!(total[0], "Total");
    assert_eq!(total[t.col("establishment_fte")], "11.5");
    assert_eq!(
        t.get(&["Total"], "establishment_fte"),
        "2",
        "the directorate called Total"
    );
}

/// A footer in a workbook, under the last post, with a SUM-like figure.
#[test]
fn footer_row_in_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Establishment").unwrap();
    ws.write_string(0, 0, "Establishment at 30/07/2016")
        .unwrap();
    for (r, line) in ESTABLISHMENT.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32 + 2, c as u16);
            match cell.parse::<f64>() {
                Ok(n) if c == 5 => ws.write_number(r, c, n).unwrap(),
                _ => ws.write_string(r, c, cell).unwrap(),
            };
        }
    }
    ws.write_string(7, 1, "Grand Total").unwrap();
    ws.write_number(7, 5, 9.5).unwrap();
    wb.save(dir.path().join("establishment.xlsx")).unwrap();
    std::fs::write(dir.path().join("payroll.csv"), PAYROLL).unwrap();
    let t = vacancies(&dir);
    assert_eq!(t.get(&["Total"], "establishment_fte"), "9.5");
    assert_eq!(t.get(&["Total"], "vacancy_rate_pct"), "27.4");
}

/// A blank cell in a required column is a data error naming the cell, or
/// its row is set aside with --skip-invalid; a blank reason reads
/// `Not recorded`.
#[test]
fn blank_required_cells_name_the_cell() {
    let dir = extracts(&[(
        "leavers.csv",
        "Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n\
         1,Adults,SW,01/01/2015,15/07/2016,Retired\n\
         2,,SW,01/01/2015,15/07/2016,Retired\n\
         3,Adults,SW,01/01/2015,15/07/2016,\n",
    )]);
    let d = dir.path().to_str().unwrap();
    let out = run(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--by",
        "directorate",
    ]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr
            .contains("leavers.csv, row 3, column 'Directorate': value '(blank)': is blank"),
        "{}",
        out.stderr
    );
    let t = csv(&[
        "leavers",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--skip-invalid",
        "--by",
        "directorate,reason",
    ]);
    assert_eq!(t.get(&["Adults", "Not recorded"], "leavers"), "1");
    assert_eq!(t.get(&["Adults", "Retired"], "leavers"), "1");
    assert_eq!(t.get(&["Total"], "leavers"), "2");
}

/// Issue 9, fault 7: a `[columns.leavers]` mapping to a header the file
/// lacks was ignored and another column used. It is a data error that
/// lists the file's headers.
#[test]
fn a_mapping_to_a_missing_header_is_an_error() {
    let dir = extracts(&[
        (
            "leavers.csv",
            "Employee ID,Directorate,Job Title,Start Date,Leaving Date,Termination Date,Reason\n\
             1,Adults,SW,01/01/2015,15/07/2016,20/07/2016,Retired\n",
        ),
        (
            "swr.toml",
            "[columns.leavers]\nleave_date = \"Term Date\"\n",
        ),
    ]);
    let out = run(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    assert_eq!(out.status, 1, "{}", out.stdout);
    assert!(
        out.stderr
            .contains("maps leave_date to the header 'Term Date'")
            && out.stderr.contains("'Leaving Date', 'Termination Date'"),
        "{}",
        out.stderr
    );
}
