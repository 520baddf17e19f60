//! `swr turnover`: turnover and stability in the period (SPEC section 2).
//!
//! Middlesbrough figures are the DfE CSWW 2025 file's row for 2023
//! (reference/csww_indicators_2017_to_2025.csv) as worked in
//! fixtures/EXPECTED.md section 4a; the small extract is worked in comments.

use crate::common::{csv, expect_cells, fixture, run, Csv};
use std::fs;

const COLUMNS: [&str; 8] = [
    "in_post",
    "in_post_fte",
    "starters",
    "leavers",
    "leavers_fte",
    "turnover_pct",
    "turnover_fte_pct",
    "stability_pct",
];

fn middlesbrough(extra: &[&str]) -> Csv {
    let data = fixture("middlesbrough_2023").to_string_lossy().into_owned();
    let mut args = vec![
        "turnover",
        "--data",
        data.as_str(),
        "--period",
        "2022-10-01..2023-09-30",
    ];
    args.extend_from_slice(extra);
    csv(&args)
}

const CC: &[&str] = &["Children's Care"];
const TOTAL: &[&str] = &["Total"];

#[test]
fn middlesbrough_2023_as_dfe() {
    // DfE 2023 Middlesbrough: inpost_fte 142.1, inpost_headcount 148,
    // starters 31, leavers_fte 46.8, leavers_headcount 49,
    // turnover_rate_fte 32.9 (46.8 / 142.1 = 32.934), turnover_rate_headcount
    // 33.1 (49 / 148 = 33.108).
    let t = middlesbrough(&[]);
    assert_eq!(t.header[0], "directorate", "default --by directorate");
    assert_eq!(&t.header[1..], &COLUMNS[..]);
    for keys in [CC, TOTAL] {
        expect_cells(
            &t,
            &[
                (keys, "in_post", "148"),
                (keys, "in_post_fte", "142.1"),
                (keys, "starters", "31"),
                (keys, "leavers", "49"),
                (keys, "leavers_fte", "46.8"),
                (keys, "turnover_pct", "33.1"),
                (keys, "turnover_fte_pct", "32.9"),
                // Opening stock 30/09/2022: 120 payroll + 46 leavers = 166
                // (DfE's 2022 in-post headcount); 120 of them still in post:
                // 120 / 166 = 72.289%.
                (keys, "stability_pct", "72.3"),
            ],
        );
    }
}

#[test]
fn middlesbrough_average_denominator() {
    // CIPD: 49 / ((166 + 148) / 2) = 49 / 157 = 31.21%;
    // 46.8 / ((157.9 + 142.1) / 2) = 46.8 / 150 = 31.2%. The rest unchanged.
    let t = middlesbrough(&["--denominator", "average"]);
    for keys in [CC, TOTAL] {
        expect_cells(
            &t,
            &[
                (keys, "turnover_pct", "31.2"),
                (keys, "turnover_fte_pct", "31.2"),
                (keys, "in_post", "148"),
                (keys, "in_post_fte", "142.1"),
                (keys, "leavers", "49"),
                (keys, "leavers_fte", "46.8"),
                (keys, "starters", "31"),
                (keys, "stability_pct", "72.3"),
            ],
        );
    }
}

#[test]
fn middlesbrough_end_denominator_is_the_default() {
    let given = middlesbrough(&["--denominator", "end"]);
    let default = middlesbrough(&[]);
    assert_eq!(given.rows, default.rows);
}

/// A small extract, financial year 2016/17 = 01/04/2016..31/03/2017.
///
/// payroll (in post at the as-of date):
///   P1 1    started 01/01/2010
///   P2 0.5  started 01/04/2016  first day of the period: starter, not in the opening stock
///   P3 1    started 31/03/2016  the day before: in the opening stock, not a starter
///   P4 1    started 31/03/2017  last day: starter, in post at the end
///   P5 0.6  started 01/09/2008
/// leavers:
///   L1 1    01/01/2012 - 31/03/2017  leaves on the last day: leaver, not in post at the end
///   L2 0.8  01/06/2014 - 01/04/2016  leaves on the first day: leaver, in the opening stock
///   L3 1    01/01/2013 - 31/03/2016  left the day before: neither leaver nor opening stock
///   L4 1    01/05/2016 - 30/09/2016  starter and leaver
///   L5 1    01/01/2015 - 01/04/2017  leaves the day after: in post at the end, not a leaver
///
/// End stock (31/03/2017): P1..P5 + L5 = 6 heads, 1+0.5+1+1+0.6+1 = 5.1 FTE.
/// Start stock (31/03/2016): P1, P3, P5, L1, L2, L5 = 6 heads,
///   1+1+0.6+1+0.8+1 = 5.4 FTE.
/// Starters: P2, P4, L4 = 3. Leavers: L1, L2, L4 = 3, 1+0.8+1 = 2.8 FTE.
/// turnover_pct 3/6 = 50.0; turnover_fte_pct 2.8/5.1 = 54.90 -> 54.9.
/// Stability: of the start stock, P1, P3, P5, L5 are in post at the end: 4/6 = 66.7.
/// Average: heads (6+6)/2 = 6 -> 50.0; FTE (5.4+5.1)/2 = 5.25 -> 2.8/5.25 = 53.3.
fn small_extract() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("payroll.csv"),
        "Employee Number,Directorate,Job Title,FTE,Start Date\n\
         P1,Children's,Social Worker,1,01/01/2010\n\
         P2,Children's,Social Worker,0.5,01/04/2016\n\
         P3,Children's,Social Worker,1,31/03/2016\n\
         P4,Children's,Social Worker,1,31/03/2017\n\
         P5,Children's,Senior Practitioner,0.6,01/09/2008\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("leavers.csv"),
        "Employee Number,Directorate,Job Title,FTE,Start Date,Leaving Date,Reason for Leaving\n\
         L1,Children's,Social Worker,1,01/01/2012,31/03/2017,Retired\n\
         L2,Children's,Social Worker,0.8,01/06/2014,01/04/2016,Moving location\n\
         L3,Children's,Social Worker,1,01/01/2013,31/03/2016,Moving location\n\
         L4,Children's,Social Worker,1,01/05/2016,30/09/2016,Dismissal\n\
         L5,Children's,Senior Practitioner,1,01/01/2015,01/04/2017,Retired\n",
    )
    .unwrap();
    dir
}

fn small(period: &str, extra: &[&str]) -> Csv {
    let dir = small_extract();
    let data = dir.path().to_string_lossy().into_owned();
    let mut args = vec!["turnover", "--data", data.as_str(), "--period", period];
    args.extend_from_slice(extra);
    csv(&args)
}

#[test]
fn boundary_days_of_the_period() {
    let t = small("2016-04-01..2017-03-31", &[]);
    let ch: &[&str] = &["Children's"];
    expect_cells(
        &t,
        &[
            // L1 (leaves 31/03/2017) is not in post at the end; L5 (leaves
            // 01/04/2017) is. 7 if L1 were counted, 5 if L5 were not.
            (ch, "in_post", "6"),
            (ch, "in_post_fte", "5.1"),
            // P2 (starts on the first day) and P4 (the last day) and L4; not P3.
            (ch, "starters", "3"),
            // L1 (last day), L2 (first day), L4; not L3 (day before), not L5 (day after).
            (ch, "leavers", "3"),
            (ch, "leavers_fte", "2.8"),
            (ch, "turnover_pct", "50.0"),
            (ch, "turnover_fte_pct", "54.9"),
            // 4 / 6. With P2 wrongly in the opening stock it would be 5/7 = 71.4;
            // with L3 wrongly in it, 4/7 = 57.1.
            (ch, "stability_pct", "66.7"),
            (TOTAL, "in_post", "6"),
            (TOTAL, "leavers", "3"),
            (TOTAL, "turnover_pct", "50.0"),
        ],
    );
}

#[test]
fn boundary_days_with_the_average_denominator() {
    // Opening stock 6 heads / 5.4 FTE (P2 and L3 not in it; L2 is).
    let t = small("2016-04-01..2017-03-31", &["--denominator", "average"]);
    expect_cells(
        &t,
        &[
            (&["Children's"], "turnover_pct", "50.0"),
            (&["Children's"], "turnover_fte_pct", "53.3"),
            (&["Children's"], "stability_pct", "66.7"),
        ],
    );
}

#[test]
fn by_job_title_splits_the_small_extract() {
    // Social Worker: end P1, P2, P3, P4 = 4 (3.5 FTE); leavers L1, L2, L4 = 3
    // (2.8 FTE): 3/4 = 75.0, 2.8/3.5 = 80.0; start P1, P3, L1, L2 = 4, of
    // whom P1, P3 remain: 2/4 = 50.0. Starters P2, P4, L4 = 3.
    // Senior Practitioner: end P5, L5 = 2 (1.6 FTE); no leavers: 0.0;
    // start P5, L5, both remain: 100.0. No starters.
    let t = small("2016-04-01..2017-03-31", &["--by", "job_title"]);
    assert_eq!(t.header[0], "job_title");
    let sw: &[&str] = &["Social Worker"];
    let sp: &[&str] = &["Senior Practitioner"];
    expect_cells(
        &t,
        &[
            (sw, "in_post", "4"),
            (sw, "in_post_fte", "3.5"),
            (sw, "starters", "3"),
            (sw, "leavers", "3"),
            (sw, "turnover_pct", "75.0"),
            (sw, "turnover_fte_pct", "80.0"),
            (sw, "stability_pct", "50.0"),
            (sp, "in_post", "2"),
            (sp, "in_post_fte", "1.6"),
            (sp, "starters", "0"),
            (sp, "leavers", "0"),
            (sp, "turnover_pct", "0.0"),
            (sp, "stability_pct", "100.0"),
            // Total over everyone, not averaged: 3/6, 4/6.
            (TOTAL, "in_post", "6"),
            (TOTAL, "turnover_pct", "50.0"),
            (TOTAL, "stability_pct", "66.7"),
        ],
    );
}

#[test]
fn financial_year_forms_of_period() {
    // `2016/17` and `FY2016/17` are 01/04/2016..31/03/2017.
    let explicit = small("2016-04-01..2017-03-31", &[]);
    let fy = small("2016/17", &[]);
    let fy2 = small("FY2016/17", &[]);
    assert_eq!(fy.rows, explicit.rows);
    assert_eq!(fy2.rows, explicit.rows);
    expect_cells(
        &fy,
        &[
            (&["Children's"], "leavers", "3"),
            (&["Children's"], "in_post", "6"),
        ],
    );

    let dir = small_extract();
    let data = dir.path().to_string_lossy().into_owned();
    let out = run(&[
        "turnover", "--data", &data, "--period", "2016/17", "--format", "json",
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["period"]["start"], "2016-04-01");
    assert_eq!(doc["period"]["end"], "2017-03-31");
    // With --period and no --as-of, the as-of date is the period end.
    assert_eq!(doc["as_of"], "2017-03-31");
}

#[test]
fn a_different_financial_year() {
    // 2015/16 = 01/04/2015..31/03/2016. End stock (31/03/2016) = the 2016/17
    // opening stock: P1, P3, P5, L1, L2, L5 = 6 heads, 5.4 FTE.
    // Leavers: L3 (31/03/2016, the last day) = 1, 1 FTE: 1/6 = 16.7, 1/5.4 = 18.5.
    // Starters: P3 (31/03/2016) = 1. Start stock (31/03/2015): P1, P5, L1, L2,
    // L3, L5 = 6; still in post at the end: P1, P5, L1, L2, L5 = 5: 83.3.
    let t = small("2015/16", &[]);
    expect_cells(
        &t,
        &[
            (&["Children's"], "in_post", "6"),
            (&["Children's"], "in_post_fte", "5.4"),
            (&["Children's"], "starters", "1"),
            (&["Children's"], "leavers", "1"),
            (&["Children's"], "turnover_pct", "16.7"),
            (&["Children's"], "turnover_fte_pct", "18.5"),
            (&["Children's"], "stability_pct", "83.3"),
        ],
    );
}

#[test]
fn by_fte_groups_on_the_fte_column_it_also_sums() {
    // Grouping on fte, the column FTE figures are summed from, still counts
    // everyone once: the Total is the small extract's 6 in post, 3 leavers.
    let t = small("2016-04-01..2017-03-31", &["--by", "fte"]);
    assert_eq!(t.header[0], "fte");
    expect_cells(
        &t,
        &[
            (TOTAL, "in_post", "6"),
            (TOTAL, "in_post_fte", "5.1"),
            (TOTAL, "leavers", "3"),
            (TOTAL, "leavers_fte", "2.8"),
        ],
    );
}

/// Issue 9, fault 7: in post FTE left out, without a word, people in post
/// who came from a leavers extract without an fte column. Their FTE is not
/// known, so the FTE figures that take them in are N/A, with a note; the
/// headcounts are whole. In the year to 31/03/2016, L1 (leaves 30/06/2016)
/// is in post at the end beside P1: 2 heads.
#[test]
fn leavers_without_fte_make_stock_fte_na_not_smaller() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("payroll.csv"),
        "Employee Number,Directorate,Job Title,FTE,Start Date\nP1,Children's,SW,1,01/01/2010\n",
    )
    .unwrap();
    fs::write(dir.path().join("leavers.csv"), "Employee Number,Directorate,Job Title,Start Date,Leaving Date,Reason\nL1,Children's,SW,01/01/2012,30/06/2016,Retired\n").unwrap();
    let data = dir.path().to_str().unwrap();
    let out = run(&[
        "turnover", "--data", data, "--period", "2015/16", "--format", "json",
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let total = &j["rows"][1];
    assert_eq!(total["in_post"], 2);
    assert!(total["in_post_fte"].is_null(), "{total}");
    assert!(
        j["notes"].to_string().contains("has no fte column"),
        "{}",
        j["notes"]
    );
    // vacancies and cohorts of staff on the same day say the same.
    fs::write(
        dir.path().join("establishment.csv"),
        "Directorate,Job Title,FTE\nChildren's,SW,3\n",
    )
    .unwrap();
    let t = csv(&["vacancies", "--data", data, "--as-of", "2016-03-31"]);
    assert_eq!(t.get(&["Children's"], "in_post_fte"), "");
    assert_eq!(t.get(&["Children's"], "vacancy_fte"), "");
    let t = csv(&[
        "cohorts",
        "--of",
        "staff",
        "--data",
        data,
        "--as-of",
        "2016-03-31",
    ]);
    assert_eq!(t.get(&["Total"], "headcount"), "2");
    assert_eq!(t.get(&["Total"], "fte"), "");
}

/// A person with two rows (X1 left Children's on 30/06/2016 and came back
/// to Adults on 01/07/2016) counts once in each group they were in and once
/// in the Total. In 2016/17 (opening stock 31/03/2016, end 31/03/2017):
/// Children's: X1 and C2 in the opening stock, C2 at the end; X1 a leaver.
/// Adults: X1 and A3 at the end, both starters, nobody at the opening.
/// Total: in post at the end X1, C2, A3 = 3 people (not 4 rows); opening
/// X1, C2 = 2; both at the opening and the end: X1 and C2, stability 2/2 =
/// 100%, though no group has X1 at both ends.
#[test]
fn a_person_with_two_rows_counts_once_in_the_total() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("payroll.csv"),
        "Employee Number,Directorate,Job Title,FTE,Start Date\nX1,Adults,SW,1,01/07/2016\nC2,Children's,SW,1,01/01/2010\nA3,Adults,SW,0.5,01/02/2017\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("leavers.csv"),
        "Employee Number,Directorate,Job Title,FTE,Start Date,Leaving Date,Reason for Leaving\nX1,Children's,SW,1,01/01/2012,30/06/2016,Moved\n",
    )
    .unwrap();
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&["turnover", "--data", &data, "--period", "2016/17"]);
    expect_cells(
        &t,
        &[
            (&["Adults"], "in_post", "2"),
            (&["Adults"], "starters", "2"),
            (&["Adults"], "stability_pct", ""),
            (&["Children's"], "in_post", "1"),
            (&["Children's"], "leavers", "1"),
            (&["Children's"], "stability_pct", "50.0"),
            (TOTAL, "in_post", "3"),
            (TOTAL, "in_post_fte", "2.5"),
            (TOTAL, "starters", "2"),
            (TOTAL, "leavers", "1"),
            (TOTAL, "stability_pct", "100.0"),
        ],
    );
}
