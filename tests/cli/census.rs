//! `swr census`: the authority's row of the DfE children's social work
//! workforce indicators (SPEC section 5).
//!
//! Three fixtures total published rows of data/reference/
//! csww_indicators_2017_to_2025.csv (the DfE's 2025 release): Middlesbrough
//! 2023, Darlington 2020 (a year holding 29 February: 254 working days) and
//! Rutland 2024 (a caseload that comes from an unrounded FTE). Each
//! published row is copied in a comment; fixtures/check_census.py works
//! every column out again from the files without swr, and
//! fixtures/EXPECTED.md section 6 shows how the extracts add up to it.

use crate::common::{csv, extracts, fixture, json, notes, run, Csv};
use rust_decimal::Decimal;
use std::str::FromStr;

const COLUMNS: [&str; 22] = [
    "inpost_fte",
    "inpost_headcount",
    "starters_fte",
    "starters_headcount",
    "leavers_fte",
    "leavers_headcount",
    "turnover_rate_fte",
    "turnover_rate_headcount",
    "agency_fte",
    "agency_headcount",
    "agency_rate_fte",
    "agency_rate_headcount",
    "agency_cover_fte",
    "agency_cover_rate_fte",
    "vacancy_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "case_holders_fte",
    "cases",
    "caseload_fte",
    "working_days_lost_fte",
    "absence_rate_fte",
];

fn data(name: &str) -> String {
    fixture(name).to_string_lossy().into_owned()
}

fn census(name: &str, extra: &[&str]) -> Csv {
    let d = data(name);
    let mut args = vec!["census", "--data", d.as_str()];
    args.extend_from_slice(extra);
    csv(&args)
}

/// Every column of the one row equals the published cell, as numbers (swr
/// writes a rate as 100.0 where the DfE writes 100); an empty cell is N/A.
fn assert_row(t: &Csv, published: &str) {
    assert_eq!(
        t.header, COLUMNS,
        "the published file's columns, in its order"
    );
    assert_eq!(t.rows.len(), 1, "one row, the authority's: {:?}", t.rows);
    let want: Vec<&str> = published.split(',').collect();
    assert_eq!(want.len(), 22);
    let mut bad = Vec::new();
    for (i, c) in COLUMNS.iter().enumerate() {
        let got = &t.rows[0][i];
        let same = match (Decimal::from_str(got), Decimal::from_str(want[i])) {
            (Ok(a), Ok(b)) => a == b,
            _ => got == want[i],
        };
        if !same {
            bad.push(format!("{c}: published {}, swr {got}", want[i]));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// 2023 Middlesbrough (line 344 of the file):
/// inpost 142.1 FTE / 148, starters 31 / 31, leavers 46.8 / 49, turnover
/// 32.9 / 33.1, agency 65 / 65 (rate 31.4 / 30.5), agency cover 65 -> 25
/// (38.5), vacancy 60.3 (29.8; cover 41.5), case holders 100.8 FTE, 1784
/// cases, caseload 17.7, 1959.5 FTE days lost, absence rate 5.5.
/// Worked: 46.8 / 142.1 = 32.93; 49 / 148 = 33.11; 65 / 207.1 = 31.39;
/// 65 / 213 = 30.52; 25 / 65 = 38.46; 60.3 / 202.4 = 29.79; 25 / 60.3 =
/// 41.46; 1784 / 100.8 = 17.70; 1959.5 / (142.1 x 253) = 5.45.
const MIDDLESBROUGH_2023: &str = "142.1,148,31,31,46.8,49,32.9,33.1,65,65,31.4,30.5,25,38.5,60.3,29.8,41.5,100.8,1784,17.7,1959.5,5.5";

/// 2020 Darlington (line 828): 85.7 / 92 in post, 13.2 / 14 starters, 9.2 /
/// 10 leavers, agency 23 FTE over 25 placements (21 of 37 hours, 4 of
/// 18.5), no agency covering a vacancy (0 and 0), vacancy 11.6, 62.9 FTE of
/// case holders with 938 cases, 488.2 FTE days lost. The year holds
/// 29 February 2020: 488.2 / (85.7 x 254) x 100 = 2.243 -> 2.2 as
/// published; with 253 days it would be 2.252 -> 2.3.
const DARLINGTON_2020: &str =
    "85.7,92,13.2,14,9.2,10,10.7,10.9,23,25,21.2,21.4,0,0,11.6,11.9,0,62.9,938,14.9,488.2,2.2";

/// 2024 Rutland (line 236): 21.2 / 22 in post, 9.6 / 10 starters, 8.4 / 9
/// leavers, 4 agency (all covering vacancies), 4 vacancies, 11.2 FTE of
/// case holders, 115 cases, caseload 10.2, 222 FTE days lost, 4.1.
/// 115 / 11.2 = 10.27 would round to 10.3: the DfE's 10.2 comes from the
/// unrounded FTE. The fixture's case holders are 7.23 FTE of staff (six
/// full-time, 0.4 and 0.83) and 4 agency FTE: 115 / 11.23 = 10.24 -> 10.2,
/// and 11.23 is published as 11.2. In post 21.23 FTE: 8.4 / 21.23 = 39.57,
/// 4 / 25.23 = 15.85, 222 / (21.23 x 254) = 4.12.
const RUTLAND_2024: &str =
    "21.2,22,9.6,10,8.4,9,39.6,40.9,4,4,15.9,15.4,4,100,4,15.9,100,11.2,115,10.2,222,4.1";

#[test]
fn middlesbrough_2023_as_published() {
    assert_row(
        &census("middlesbrough_2023", &["--year", "2023"]),
        MIDDLESBROUGH_2023,
    );
}

#[test]
fn darlington_2020_as_published_with_254_working_days() {
    let d = data("darlington_2020");
    let doc = json(&["census", "--data", &d, "--year", "2020"]);
    assert!(
        notes(&doc).iter().any(|n| n.contains("x 254 working days")),
        "2020 holds 29 February: {:?}",
        notes(&doc)
    );
    assert_row(
        &census("darlington_2020", &["--year", "2020"]),
        DARLINGTON_2020,
    );
}

#[test]
fn rutland_2024_caseload_from_the_unrounded_fte() {
    assert_row(&census("rutland_2024", &["--year", "2024"]), RUTLAND_2024);
    // The unrounded FTE behind 11.2: the same people with `swr caseload`
    // (role as the census counts them; the role cells read "Case holder",
    // "case holder" and "Case Holder ").
    let d = data("rutland_2024");
    let t = csv(&[
        "caseload",
        "--data",
        &d,
        "--as-of",
        "2024-09-30",
        "--by",
        "directorate",
        "--where",
        "role=case holder",
    ]);
    let total = ["Total"];
    assert_eq!(t.get(&total, "case_holders_fte"), "11.23");
    assert_eq!(t.get(&total, "cases"), "115");
    assert_eq!(t.get(&total, "caseload_fte"), "10.2");
}

/// Who counts (SPEC section 5): Darlington's extracts have a registration
/// (SWE Number; Registration Number on agency), so four business support
/// officers in payroll, one business support leaver, a placement without a
/// registration and their absence are left out; Rutland has a role column
/// instead, so two social work assistants (4 cases each) and a row with no
/// role are left out; Middlesbrough has neither, so every row counts.
#[test]
fn who_counts_follows_registration_then_role_then_everyone() {
    let note = |name: &str, year: &str| -> String {
        let d = data(name);
        notes(&json(&["census", "--data", &d, "--year", year]))
            .into_iter()
            .find(|n| n.starts_with("Who counts"))
            .unwrap_or_default()
    };
    let d = note("darlington_2020", "2020");
    assert!(
        d.contains("payroll rows with a Social Work England registration (SW and digits)")
            && d.contains("leavers rows with a Social Work England registration")
            && d.contains("agency rows with a Social Work England registration"),
        "{d}"
    );
    let r = note("rutland_2024", "2024");
    assert!(
        r.contains("payroll rows whose role is one of the DfE's six"),
        "{r}"
    );
    let m = note("middlesbrough_2023", "2023");
    assert!(m.contains("every row"), "{m}");
    // Without the rule, Darlington's 4 business support officers count:
    // 96 people, 89.7 FTE (and the rates move).
    let dir = tempfile::tempdir().unwrap();
    for f in ["payroll", "leavers", "agency", "establishment", "absence"] {
        let text = std::fs::read_to_string(fixture("darlington_2020").join(format!("{f}.csv")))
            .unwrap()
            .replace("SWE Number", "Staff Ref")
            .replace("Registration Number", "Staff Ref");
        crate::common::write(dir.path(), &format!("{f}.csv"), &text);
    }
    let all = csv(&[
        "census",
        "--data",
        &dir.path().to_string_lossy(),
        "--year",
        "2020",
    ]);
    assert_eq!(all.get(&[], "inpost_headcount"), "96");
    assert_eq!(all.get(&[], "inpost_fte"), "89.7");
}

/// Figures an absent extract cannot give are N/A (an empty CSV cell), never
/// 0; the others are unchanged.
#[test]
fn missing_extracts_give_na() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["payroll", "leavers"] {
        std::fs::copy(
            fixture("middlesbrough_2023").join(format!("{f}.csv")),
            dir.path().join(format!("{f}.csv")),
        )
        .unwrap();
    }
    let d = dir.path().to_string_lossy().into_owned();
    let t = csv(&["census", "--data", &d, "--year", "2023"]);
    let published: Vec<&str> = MIDDLESBROUGH_2023.split(',').collect();
    // The DfE's caseload counts agency case holders: without the agency
    // extract the case figures are N/A too (SPEC 4, "N/A spreads"), not the
    // staff's 1459 cases on 80.8 FTE alone.
    let needs_agency = |c: &str| {
        c.starts_with("agency")
            || c == "vacancy_agency_cover_rate_fte"
            || matches!(c, "case_holders_fte" | "cases" | "caseload_fte")
    };
    let needs_establishment = |c: &str| c.starts_with("vacancy");
    let needs_absence = |c: &str| c == "working_days_lost_fte" || c == "absence_rate_fte";
    for (i, c) in COLUMNS.iter().enumerate() {
        let got = t.get(&[], c);
        if needs_agency(c) || needs_establishment(c) || needs_absence(c) {
            assert_eq!(got, "", "{c} is N/A without its extract");
        } else {
            assert_eq!(
                Decimal::from_str(got).unwrap(),
                Decimal::from_str(published[i]).unwrap(),
                "{c}"
            );
        }
    }
    let doc = json(&["census", "--data", &d, "--year", "2023"]);
    let n = notes(&doc);
    for want in [
        "No agency extract",
        "so case figures are N/A too",
        "No establishment extract",
        "No absence extract",
    ] {
        assert!(n.iter().any(|x| x.contains(want)), "{want}: {n:?}");
    }
    // Without leavers, the flows are N/A too.
    std::fs::remove_file(dir.path().join("leavers.csv")).unwrap();
    let t = csv(&["census", "--data", &d, "--year", "2023"]);
    for c in [
        "starters_fte",
        "starters_headcount",
        "leavers_fte",
        "leavers_headcount",
        "turnover_rate_fte",
        "turnover_rate_headcount",
    ] {
        assert_eq!(t.get(&[], c), "", "{c}");
    }
    assert_eq!(t.get(&[], "inpost_headcount"), "148");
}

/// A payroll extract without cases: the case columns are N/A.
#[test]
fn no_cases_column_gives_na_case_figures() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["payroll", "leavers", "agency", "establishment", "absence"] {
        let text = std::fs::read_to_string(fixture("middlesbrough_2023").join(format!("{f}.csv")))
            .unwrap();
        let text = if f == "payroll" {
            text.lines()
                .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\r\n")
                .collect()
        } else {
            text
        };
        crate::common::write(dir.path(), &format!("{f}.csv"), &text);
    }
    let t = csv(&[
        "census",
        "--data",
        &dir.path().to_string_lossy(),
        "--year",
        "2023",
    ]);
    for c in ["case_holders_fte", "cases", "caseload_fte"] {
        assert_eq!(t.get(&[], c), "", "{c}");
    }
    assert_eq!(t.get(&[], "absence_rate_fte"), "5.5");

    // The cases back on payroll, but not on agency: 65 placements were
    // active on 30/09/2023 and their cases are unknown, so the case figures
    // are N/A (not the staff's 80.8 FTE alone), and the notes say why.
    std::fs::copy(
        fixture("middlesbrough_2023").join("payroll.csv"),
        dir.path().join("payroll.csv"),
    )
    .unwrap();
    let agency = std::fs::read_to_string(fixture("middlesbrough_2023").join("agency.csv")).unwrap();
    let agency: String = agency
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect();
    crate::common::write(dir.path(), "agency.csv", &agency);
    let d = dir.path().to_string_lossy().into_owned();
    let t = csv(&["census", "--data", &d, "--year", "2023"]);
    for c in ["case_holders_fte", "cases", "caseload_fte"] {
        assert_eq!(t.get(&[], c), "", "{c}");
    }
    assert_eq!(t.get(&[], "agency_fte"), "65");
    let n = notes(&json(&["census", "--data", &d, "--year", "2023"]));
    assert!(
        n.iter()
            .any(|x| x.contains("The agency extract has no cases column")),
        "{n:?}"
    );
}

/// The year: --year sets the period and the as-of date; without it, the
/// latest DfE year ending on or before the as-of date. Middlesbrough's
/// latest date is 02/10/2023 (a placement's start), so 2023; as of
/// 29/09/2023 it is 2022.
#[test]
fn the_year_and_its_dates() {
    let d = data("middlesbrough_2023");
    let doc = json(&["census", "--data", &d]);
    assert_eq!(doc["as_of"], "2023-09-30");
    assert!(notes(&doc)[0].contains("the end of the DfE year 2023"));
    let doc = json(&["census", "--data", &d, "--as-of", "2023-09-29"]);
    assert_eq!(doc["as_of"], "2022-09-30");
    for bad in [
        &["--year", "2023", "--period", "2023"][..],
        &["--year", "2023", "--as-of", "2023-09-30"][..],
        &["--period", "2022-10-01..2023-09-30"][..],
        &["--year", "23"][..],
    ] {
        let mut args = vec!["census", "--data", d.as_str()];
        args.extend_from_slice(bad);
        let out = run(&args);
        assert_eq!(out.status, 2, "{bad:?}: {}", out.stderr);
    }
}

/// With --by, a row per group and a Total that is the authority's row.
#[test]
fn by_team_closes_with_the_published_total() {
    let t = census("middlesbrough_2023", &["--year", "2023", "--by", "team"]);
    assert_eq!(t.header[0], "team");
    assert_eq!(
        t.firsts(),
        [
            "Assessment",
            "Care Leavers",
            "Children in Care",
            "Fostering & Adoption",
            "Safeguarding",
            "Total"
        ]
    );
    let total = Csv {
        header: t.header[1..].to_vec(),
        rows: vec![t.row(&["Total"])[1..].to_vec()],
    };
    assert_row(&total, MIDDLESBROUGH_2023);
    // Headcounts of the teams add up to the Total here (nobody is in two).
    let sum: u32 = t.rows[..5]
        .iter()
        .map(|r| r[t.col("inpost_headcount")].parse::<u32>().unwrap())
        .sum();
    assert_eq!(sum, 148);
}

/// The demo council carries registrations, roles, cases and absence: its
/// children's row has every column, from the CSV files and the workbook
/// alike.
#[test]
fn demo_csv_and_xlsx_agree() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let filter = "directorate=Children's Social Care";
    let a = csv(&[
        "census",
        "--where",
        filter,
        "--data",
        &demo.to_string_lossy(),
    ]);
    let b = csv(&[
        "census",
        "--where",
        filter,
        "--data",
        &demo.join("council.xlsx").to_string_lossy(),
    ]);
    assert_eq!(a.rows, b.rows);
    assert!(a.rows[0].iter().all(|c| !c.is_empty()), "{:?}", a.rows);
}

/// Payroll decides by registration and leavers by role (its only column):
/// each extract follows its own rule, even when no leaver is in post on
/// 30 September. P1 (SW1) counts, P2 (no registration) does not; L1 (Case
/// holder) left in the year and counts, L2 (Social work assistant) does not.
/// In post 1 FTE; 1 leaver (100.0%); FTE days lost P1 2 + L1 2 = 4 (L2's 2
/// left out), 4 / (1 x 254) x 100 = 1.57 -> 1.6. No agency extract: agency
/// and case figures (P1's 10 cases, but agency case holders unknown) N/A.
#[test]
fn each_extract_follows_its_own_rule() {
    let dir = crate::common::extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Job Title,FTE,Start Date,SWE Number,Cases\n\
             P1,C,SW,1,01/01/2020,SW1,10\n\
             P2,C,BSO,1,01/01/2020,,0\n",
        ),
        (
            "leavers.csv",
            "Employee ID,Directorate,Job Title,FTE,Start Date,Leaving Date,Reason,Role\n\
             L1,C,SW,1,01/01/2019,31/03/2024,Resignation,Case holder\n\
             L2,C,SWA,1,01/01/2019,30/04/2024,Resignation,Social work assistant\n",
        ),
        (
            "absence.csv",
            "Employee ID,Start Date,End Date,Working Days Lost\n\
             P1,01/02/2024,02/02/2024,2\n\
             L1,01/02/2024,02/02/2024,2\n\
             L2,05/02/2024,06/02/2024,2\n",
        ),
    ]);
    let d = dir.path().to_string_lossy().into_owned();
    let t = csv(&["census", "--data", &d, "--year", "2024"]);
    for (c, want) in [
        ("inpost_fte", "1"),
        ("inpost_headcount", "1"),
        ("leavers_headcount", "1"),
        ("turnover_rate_headcount", "100.0"),
        ("cases", ""),
        ("caseload_fte", ""),
        ("working_days_lost_fte", "4"),
        ("absence_rate_fte", "1.6"),
        ("agency_fte", ""),
        ("vacancy_fte", ""),
    ] {
        assert_eq!(t.get(&[], c), want, "{c}");
    }
    let n = notes(&json(&["census", "--data", &d, "--year", "2024"]));
    assert!(
        n.iter().any(|x| x
            == "Who counts: payroll rows with a Social Work England registration (SW and digits); leavers rows whose role is one of the DfE's six."),
        "{n:?}"
    );
    assert_eq!(
        n.iter().filter(|x| x.contains("agency")).count(),
        3,
        "the missing agency extract said once (and the headcount note, and why the case figures are N/A): {n:?}"
    );
    assert_eq!(
        n.iter().filter(|x| x.contains("No agency extract")).count(),
        1,
        "{n:?}"
    );
}

/// Issue 18, defect 6: the DfE's caseload counts agency case holders, so
/// when agency figures are N/A the census case figures are N/A too (SPEC 4,
/// "N/A spreads"). The demo's agency extract has no grade column: under
/// `--where "grade=Grade 8"` its placements cannot be filtered, agency
/// figures are N/A, and the old code printed the staff's 133 FTE, 2315
/// cases and 17.4 as if they were the DfE's caseload. Figures not built on
/// agency (in post, vacancy, absence) are still given.
#[test]
fn case_figures_are_na_when_agency_figures_are() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let d = demo.to_string_lossy().into_owned();
    let args = ["census", "--data", &d, "--where", "grade=Grade 8"];
    let t = csv(&args);
    for c in [
        "agency_fte",
        "agency_rate_fte",
        "vacancy_agency_cover_rate_fte",
        "case_holders_fte",
        "cases",
        "caseload_fte",
    ] {
        assert_eq!(t.get(&[], c), "", "{c} is N/A");
    }
    for c in ["inpost_fte", "vacancy_fte", "absence_rate_fte"] {
        assert_ne!(t.get(&[], c), "", "{c} is given");
    }
    let n = notes(&json(&args));
    assert!(
        n.iter()
            .any(|x| x.contains("case figures are N/A") && x.contains("agency")),
        "{n:?}"
    );
}

/// An agency extract without a cases column: where placements counted by
/// the census were active on 30 September, their cases are unknown and the
/// case figures are N/A; a group with none active has its staff's figures.
///
/// payroll: P1 team A 1 FTE 10 cases, P2 team B 1 FTE 8 cases (both SW
/// numbers); agency: A1 in team A, 37 hours, active (no cases column).
/// --by team: A N/A (A1's cases unknown); B 1 FTE, 8 cases, 8 / 1 = 8;
/// Total N/A (it holds A1). --where team=B equals row B. The old code gave
/// A 1 FTE 10 cases and a Total of 2 FTE, 18 cases, 9.
#[test]
fn agency_without_cases_makes_case_figures_na_where_placements_are_active() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Team,Job Title,FTE,Start Date,SWE Number,Cases\n\
             P1,C,A,SW,1,01/01/2020,SW101,10\n\
             P2,C,B,SW,1,01/01/2020,SW102,8\n",
        ),
        (
            "agency.csv",
            "Worker ID,Directorate,Team,Job Title,Start Date,Hours per Week,Hourly Rate,Registration Number\n\
             A1,C,A,SW,01/01/2024,37,40,SW201\n",
        ),
    ]);
    let d = dir.path().to_string_lossy().into_owned();
    let by = csv(&["census", "--data", &d, "--year", "2024", "--by", "team"]);
    for keys in [&["A"][..], &["Total"]] {
        for c in ["case_holders_fte", "cases", "caseload_fte"] {
            assert_eq!(by.get(keys, c), "", "{keys:?} {c}");
        }
        assert_eq!(by.get(keys, "agency_fte"), "1", "{keys:?}");
    }
    assert_eq!(by.get(&["B"], "case_holders_fte"), "1");
    assert_eq!(by.get(&["B"], "cases"), "8");
    assert_eq!(by.get(&["B"], "caseload_fte"), "8");
    let b = csv(&[
        "census", "--data", &d, "--year", "2024", "--where", "team=B",
    ]);
    assert_eq!(b.rows[0][..], by.row(&["B"])[1..]);
    let n = notes(&json(&["census", "--data", &d, "--year", "2024"]));
    assert!(
        n.iter()
            .any(|x| x.contains("The agency extract has no cases column")
                && x.contains("case figures are N/A")),
        "{n:?}"
    );
}

/// A payroll extract without an fte column (an optional column, wholly
/// absent): every FTE figure built on the staff's FTE is N/A, the case
/// holders' FTE and the caseload among them; the old code gave the
/// placement's 1 FTE as case_holders_fte and 15 cases / 1 = 15. Counts
/// stand: P1's 10 cases and A1's 5 = 15, 1 person in post. The note names
/// the payroll's missing column (it blamed the leavers extract, absent
/// here).
#[test]
fn payroll_without_fte_gives_na_case_holders_fte() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Team,Job Title,Start Date,SWE Number,Cases\n\
             P1,C,A,SW,01/01/2020,SW101,10\n",
        ),
        (
            "agency.csv",
            "Worker ID,Directorate,Team,Job Title,Start Date,Hours per Week,Hourly Rate,Registration Number,Cases\n\
             A1,C,A,SW,01/01/2024,37,40,SW201,5\n",
        ),
    ]);
    let d = dir.path().to_string_lossy().into_owned();
    let args = ["census", "--data", &d, "--year", "2024"];
    let t = csv(&args);
    for (c, want) in [
        ("inpost_fte", ""),
        ("inpost_headcount", "1"),
        ("agency_fte", "1"),
        ("case_holders_fte", ""),
        ("cases", "15"),
        ("caseload_fte", ""),
    ] {
        assert_eq!(t.get(&[], c), want, "{c}");
    }
    let n = notes(&json(&args));
    assert!(
        n.iter()
            .any(|x| x.contains("The payroll extract has no fte column")),
        "{n:?}"
    );
    assert!(
        !n.iter()
            .any(|x| x.contains("leavers extract without an fte")),
        "{n:?}"
    );
    // A leavers extract without fte either: the flows' FTE are N/A, their
    // headcounts stand (L1 left on 31/03/2024: 1 leaver, 1 / 1 = 100.0%);
    // the old code stopped on an internal error about a missing column.
    crate::common::write(
        dir.path(),
        "leavers.csv",
        "Employee ID,Directorate,Team,Job Title,Start Date,Leaving Date,Reason,Registration\n\
         L1,C,A,SW,01/01/2019,31/03/2024,Resignation,SW901\n",
    );
    let t = csv(&args);
    for (c, want) in [
        ("leavers_fte", ""),
        ("leavers_headcount", "1"),
        ("turnover_rate_fte", ""),
        ("turnover_rate_headcount", "100.0"),
        // No starters at all: their FTE is 0 whatever the columns.
        ("starters_fte", "0"),
        ("starters_headcount", "0"),
    ] {
        assert_eq!(t.get(&[], c), want, "{c}");
    }
}

/// Issue 18, defect 8: a registration counts only when it is a Social Work
/// England number, `SW` followed by digits (SPEC 5, "Who counts"); HCPC's
/// `OT...` numbers of occupational therapists do not, with a note. Any case
/// and surrounding spaces are read (` sw104 `).
///
/// payroll: P1 SW101 1 FTE 10 cases; P2 OT201 1 FTE (HCPC); P3 no number
/// 1 FTE; P4 " sw104 " 0.5 FTE 4 cases. agency (active, 37 hours): A1 SW301
/// 5 cases, A2 OT302 0 cases. leavers in the year: L1 SW401 1 FTE, L2
/// OT402 1 FTE.
/// In post: P1 + P4 = 2 people, 1.5 FTE; leavers 1 (1 FTE), turnover
/// 1 / 1.5 = 66.7% FTE and 1 / 2 = 50.0%; agency A1: 1 (1 FTE), agency rate
/// 1 / 2.5 = 40.0%; case holders P1 1 + P4 0.5 + A1 1 = 2.5 FTE, 10 + 4 + 5
/// = 19 cases, 19 / 2.5 = 7.6. The old code counted P2, A2 and L2: 3
/// people in post, 2.5 FTE, agency 2.
///
/// The demo (independently of swr, from payroll.csv): 265 people in post on
/// 30/09/2025, 235.9 FTE (its README), of whom 30 social care assessors
/// without a number (28.2 FTE) and 16 occupational therapists with HCPC
/// numbers (14.6 FTE): 265 - 30 - 16 = 219 people, 235.9 - 28.2 - 14.6 =
/// 193.1 FTE. Children's Social Care: 94 people, 83.7 FTE, 2 of them
/// occupational therapists (1.6 FTE): 92, 82.1.
#[test]
fn registration_means_a_social_work_england_number() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Team,Job Title,FTE,Start Date,Registration,Cases\n\
             P1,C,A,Social Worker,1,01/01/2020,SW101,10\n\
             P2,C,A,Occupational Therapist,1,01/01/2020,OT201,0\n\
             P3,C,A,Social Care Assessor,1,01/01/2020,,0\n\
             P4,C,A,Social Worker,0.5,01/01/2020, sw104 ,4\n",
        ),
        (
            "agency.csv",
            "Worker ID,Directorate,Team,Job Title,Start Date,Hours per Week,Hourly Rate,Registration Number,Cases\n\
             A1,C,A,Social Worker,01/01/2024,37,40,SW301,5\n\
             A2,C,A,Occupational Therapist,01/01/2024,37,40,OT302,0\n",
        ),
        (
            "leavers.csv",
            "Employee ID,Directorate,Team,Job Title,FTE,Start Date,Leaving Date,Reason,Registration\n\
             L1,C,A,Social Worker,1,01/01/2019,31/03/2024,Resignation,SW401\n\
             L2,C,A,Occupational Therapist,1,01/01/2019,30/04/2024,Resignation,OT402\n",
        ),
    ]);
    let d = dir.path().to_string_lossy().into_owned();
    let args = ["census", "--data", &d, "--year", "2024"];
    let t = csv(&args);
    for (c, want) in [
        ("inpost_fte", "1.5"),
        ("inpost_headcount", "2"),
        ("leavers_fte", "1"),
        ("leavers_headcount", "1"),
        ("turnover_rate_fte", "66.7"),
        ("turnover_rate_headcount", "50.0"),
        ("agency_fte", "1"),
        ("agency_headcount", "1"),
        ("agency_rate_fte", "40.0"),
        ("case_holders_fte", "2.5"),
        ("cases", "19"),
        ("caseload_fte", "7.6"),
    ] {
        assert_eq!(t.get(&[], c), want, "{c}");
    }
    let n = notes(&json(&args));
    assert!(
        n.iter()
            .any(|x| x.contains("not a Social Work England number") && x.contains("do not count")),
        "{n:?}"
    );

    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let demo = demo.to_string_lossy().into_owned();
    let all = csv(&["census", "--data", &demo]);
    assert_eq!(all.get(&[], "inpost_headcount"), "219");
    assert_eq!(all.get(&[], "inpost_fte"), "193.1");
    let csc = csv(&[
        "census",
        "--data",
        &demo,
        "--where",
        "directorate=Children's Social Care",
    ]);
    assert_eq!(csc.get(&[], "inpost_headcount"), "92");
    assert_eq!(csc.get(&[], "inpost_fte"), "82.1");
}

/// The vacancy is over the same population as in post (SPEC 5): an
/// establishment with a `role` column is narrowed to the DfE's six roles.
/// As of 30/09/2024, units of directorate x team x job title:
///   Social Worker (Case holder) 3 posts, P1 in post: 3 - 1 = 2 vacant
///   Social Care Assessor (Social care assessor) 2 posts, P2 in post: 1
///     vacant, not a DfE role: left out
///   Team Manager (First line manager) 1 post, P3 in post: 0
/// vacancy_fte 2 (the old code: 3); in post P1 and P3 (registered), 2 FTE:
/// vacancy_rate 2 / (2 + 2) = 50.0% (old 3 / 5 = 60.0%).
/// Without a role column the vacancy covers every post, and the note says
/// so (the demo's establishment has none).
#[test]
fn vacancy_is_narrowed_to_the_dfe_roles_of_the_establishment() {
    let dir = extracts(&[
        (
            "establishment.csv",
            "Directorate,Team,Job Title,FTE,Role\n\
             C,A,Social Worker,3,Case holder\n\
             C,A,Social Care Assessor,2,Social care assessor\n\
             C,A,Team Manager,1,First line manager\n",
        ),
        (
            "payroll.csv",
            "Employee ID,Directorate,Team,Job Title,FTE,Start Date,Registration,Cases\n\
             P1,C,A,Social Worker,1,01/01/2020,SW101,10\n\
             P2,C,A,Social Care Assessor,1,01/01/2020,,0\n\
             P3,C,A,Team Manager,1,01/01/2020,SW103,0\n",
        ),
    ]);
    let d = dir.path().to_string_lossy().into_owned();
    let args = ["census", "--data", &d, "--year", "2024"];
    let t = csv(&args);
    assert_eq!(t.get(&[], "inpost_fte"), "2");
    assert_eq!(t.get(&[], "vacancy_fte"), "2");
    assert_eq!(t.get(&[], "vacancy_rate_fte"), "50.0");
    let n = notes(&json(&args));
    assert!(
        n.iter()
            .any(|x| x.contains("establishment rows whose role is one of the DfE's six")),
        "{n:?}"
    );

    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let n = notes(&json(&["census", "--data", &demo.to_string_lossy()]));
    assert!(
        n.iter()
            .any(|x| x.contains("vacancy_fte covers every post")),
        "{n:?}"
    );
}

/// Issue 18 defect 7: a spell of someone in neither payroll nor leavers
/// (X9, 5 days in June 2025) made the whole authority's absence N/A, and a
/// note promised an `(unknown)` row census does not have. It is left out,
/// with a note saying so, and every figure is the one without it.
#[test]
fn a_spell_of_an_unknown_person_is_left_out_with_a_note() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(&demo).unwrap() {
        let f = f.unwrap().path();
        if f.is_file() {
            std::fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
        }
    }
    let absence = dir.path().join("absence.csv");
    let mut text = std::fs::read(&absence).unwrap();
    text.extend_from_slice(b"X9,01/06/2025,05/06/2025,5,Stress\r\n");
    std::fs::write(&absence, text).unwrap();
    let d = dir.path().to_string_lossy().into_owned();
    let with = csv(&["census", "--data", &d]);
    let without = csv(&["census", "--data", demo.to_str().unwrap()]);
    assert_eq!(with.rows, without.rows);
    assert!(!with.rows[0][with.col("absence_rate_fte")].is_empty());
    let n = notes(&json(&["census", "--data", &d]));
    assert!(
        n.iter()
            .any(|x| x.starts_with("1 spell of people in neither payroll nor leavers is left out")),
        "{n:#?}"
    );
    assert!(!n.iter().any(|x| x.contains("(unknown)")), "{n:#?}");
}
