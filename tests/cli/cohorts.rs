//! `swr cohorts`: length-of-service bands (SPEC section 2).
//!
//! Luton figures are the paper's (seeds/003, paras 13 and 18) as worked in
//! fixtures/EXPECTED.md sections 3f and 3g; small extracts are worked in comments.

use crate::common::{csv, expect_cells, fixture, run, Csv};
use std::fs;

fn luton(extra: &[&str]) -> Csv {
    let data = fixture("luton_leavers").to_string_lossy().into_owned();
    let mut args = vec!["cohorts", "--data", data.as_str(), "--as-of", "2016-07-31"];
    args.extend_from_slice(extra);
    csv(&args)
}

#[test]
fn luton_leavers_by_directorate_default_bands() {
    // EXPECTED.md 3f. Children's is the paper's table: 8, 4, 8, 2, 4 = 26.
    // Adults years 3,3,4,5,5,10,18,19,19: 0, 0, 3, 2, 4 = 9.
    let t = luton(&["--of", "leavers", "--by", "directorate"]);
    assert_eq!(
        t.header,
        ["directorate", "band", "headcount", "fte", "share_pct"]
    );
    let c = "Children's";
    let a = "Adults";
    expect_cells(
        &t,
        &[
            (&[c, "<1"], "headcount", "8"),
            (&[c, "<1"], "fte", "7.8"),
            (&[c, "<1"], "share_pct", "30.8"),
            (&[c, "1-2"], "headcount", "4"),
            (&[c, "1-2"], "fte", "3.5"),
            (&[c, "1-2"], "share_pct", "15.4"),
            (&[c, "2-5"], "headcount", "8"),
            (&[c, "2-5"], "fte", "7.6"),
            (&[c, "2-5"], "share_pct", "30.8"),
            (&[c, "5-10"], "headcount", "2"),
            (&[c, "5-10"], "fte", "2"),
            (&[c, "5-10"], "share_pct", "7.7"),
            (&[c, "10+"], "headcount", "4"),
            (&[c, "10+"], "fte", "3.8"),
            (&[c, "10+"], "share_pct", "15.4"),
            (&[c, "Total"], "headcount", "26"),
            (&[c, "Total"], "fte", "24.7"),
            (&[c, "Total"], "share_pct", "100.0"),
            // Empty bands are listed as 0.
            (&[a, "<1"], "headcount", "0"),
            (&[a, "<1"], "fte", "0"),
            (&[a, "<1"], "share_pct", "0.0"),
            (&[a, "1-2"], "headcount", "0"),
            (&[a, "2-5"], "headcount", "3"),
            (&[a, "2-5"], "fte", "2.8"),
            (&[a, "2-5"], "share_pct", "33.3"),
            (&[a, "5-10"], "headcount", "2"),
            (&[a, "5-10"], "share_pct", "22.2"),
            (&[a, "10+"], "headcount", "4"),
            (&[a, "10+"], "fte", "3.1"),
            (&[a, "10+"], "share_pct", "44.4"),
            (&[a, "Total"], "headcount", "9"),
            (&[a, "Total"], "fte", "7.9"),
            (&[a, "Total"], "share_pct", "100.0"),
        ],
    );
}

#[test]
fn every_group_has_all_bands_in_order_then_its_total() {
    let t = luton(&["--by", "directorate"]);
    for group in ["Adults", "Children's"] {
        let bands: Vec<&str> = t
            .rows
            .iter()
            .filter(|r| r[0] == group)
            .map(|r| r[1].as_str())
            .collect();
        assert_eq!(
            bands,
            ["<1", "1-2", "2-5", "5-10", "10+", "Total"],
            "{group}"
        );
    }
    // 2 groups x 6 rows, then the table closes with the bands over
    // everyone (SPEC section 2: a final Total closes every table), each the
    // sum of the groups' band: Adults 0, 0, 3, 2, 4 and Children's 8, 4, 8,
    // 2, 4 give 8, 4, 11, 4, 8 of 35.
    assert_eq!(t.rows.len(), 18, "{:#?}", t.rows);
    let closing: Vec<(&str, &str)> = t.rows[12..]
        .iter()
        .map(|r| (r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        closing,
        [
            ("<1", "8"),
            ("1-2", "4"),
            ("2-5", "11"),
            ("5-10", "4"),
            ("10+", "8"),
            ("Total", "35")
        ]
    );
    assert!(t.rows[12..].iter().all(|r| r[0] == "Total"));
}

#[test]
fn luton_adults_with_the_papers_bands() {
    // EXPECTED.md 3f: "Between 3 and 6 years 5, between 10 and 11 years 1,
    // between 18 and 20 years 3". 5/9 = 55.6, 1/9 = 11.1, 3/9 = 33.3.
    // FTE 3-6 = 1+1+0.8+1+1 = 4.8; 18-20 = 0.6+0.5+1 = 2.1.
    let t = luton(&[
        "--where",
        "directorate=Adults",
        "--bands",
        "3,6,10,11,18,20",
    ]);
    assert_eq!(t.header, ["band", "headcount", "fte", "share_pct"]);
    let got: Vec<Vec<&str>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        got,
        [
            vec!["<3", "0", "0", "0.0"],
            vec!["3-6", "5", "4.8", "55.6"],
            vec!["6-10", "0", "0", "0.0"],
            vec!["10-11", "1", "1", "11.1"],
            vec!["11-18", "0", "0", "0.0"],
            vec!["18-20", "3", "2.1", "33.3"],
            vec!["20+", "0", "0", "0.0"],
            vec!["Total", "9", "7.9", "100.0"],
        ]
    );
}

#[test]
fn luton_childrens_within_two_years() {
    // EXPECTED.md 3g (paper para 32, "46%"): 12/26 = 46.15 -> 46.2;
    // 14/26 = 53.8; FTE 24.7 - 11.3 = 13.4.
    let t = luton(&["--by", "directorate", "--bands", "2"]);
    expect_cells(
        &t,
        &[
            (&["Children's", "<2"], "headcount", "12"),
            (&["Children's", "<2"], "fte", "11.3"),
            (&["Children's", "<2"], "share_pct", "46.2"),
            (&["Children's", "2+"], "headcount", "14"),
            (&["Children's", "2+"], "fte", "13.4"),
            (&["Children's", "2+"], "share_pct", "53.8"),
            (&["Children's", "Total"], "headcount", "26"),
            (&["Adults", "<2"], "headcount", "0"),
            (&["Adults", "2+"], "headcount", "9"),
            (&["Adults", "2+"], "share_pct", "100.0"),
            (&["Adults", "Total"], "headcount", "9"),
        ],
    );
}

#[test]
fn exactly_one_year_is_in_1_2_and_a_day_short_is_under_1() {
    // Completed years by calendar anniversary.
    //   X1 01/10/2014 -> 01/10/2015: exactly 1 year  -> 1-2 (Luton row 22)
    //   X2 06/02/2015 -> 05/02/2016: a day short of 1 -> <1 (Luton row 18)
    //   X3 15/03/2014 -> 14/03/2016: a day short of 2 -> 1-2 (Luton row 25)
    //   X4 10/11/2013 -> 10/11/2015: exactly 2       -> 2-5 (Luton row 26)
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("leavers.csv"),
        "Employee Number,Directorate,Post Title,FTE,Start Date,Leaving Date,Reason for Leaving\n\
         X1,Children's,Social Worker,1,01/10/2014,01/10/2015,Moving location\n\
         X2,Children's,Social Worker,1,06/02/2015,05/02/2016,Moving location\n\
         X3,Children's,Social Worker,1,15/03/2014,14/03/2016,Moving location\n\
         X4,Children's,Social Worker,1,10/11/2013,10/11/2015,Moving location\n",
    )
    .unwrap();
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&[
        "cohorts",
        "--data",
        &data,
        "--period",
        "2015-08-01..2016-07-31",
    ]);
    expect_cells(
        &t,
        &[
            (&["<1"], "headcount", "1"),
            (&["1-2"], "headcount", "2"),
            (&["2-5"], "headcount", "1"),
            (&["5-10"], "headcount", "0"),
            (&["10+"], "headcount", "0"),
            (&["Total"], "headcount", "4"),
            (&["1-2"], "share_pct", "50.0"),
        ],
    );
}

/// Payroll for `--of staff`, service measured to the as-of date 31/07/2016.
///   S1 Children's 1    31/07/2015  exactly 1 year        -> 1-2
///   S2 Children's 1    01/08/2015  a day short of 1      -> <1
///   S3 Children's 0.5  31/07/2014  exactly 2             -> 2-5
///   S4 Adults     1    29/02/2012  4 years               -> 2-5
///   S5 Adults     0.8  01/08/2006  a day short of 10: 9  -> 5-10
///   S6 Adults     1    31/07/2006  exactly 10            -> 10+
///   S7 Children's 0.5  15/03/2016  0                     -> <1
fn staff_extract() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("payroll.csv"),
        "Employee Number,Directorate,Job Title,Contracted FTE,Start Date\n\
         S1,Children's,Social Worker,1,31/07/2015\n\
         S2,Children's,Social Worker,1,01/08/2015\n\
         S3,Children's,Senior Practitioner,0.5,31/07/2014\n\
         S4,Adults,Social Worker,1,29/02/2012\n\
         S5,Adults,Advanced Practitioner,0.8,01/08/2006\n\
         S6,Adults,Team Manager,1,31/07/2006\n\
         S7,Children's,Social Worker,0.5,15/03/2016\n",
    )
    .unwrap();
    dir
}

#[test]
fn staff_service_to_the_as_of_date() {
    // All 7: <1 S2, S7 = 2 (1.5 FTE, 2/7 = 28.6); 1-2 S1 = 1 (14.3);
    // 2-5 S3, S4 = 2 (1.5 FTE, 28.6); 5-10 S5 = 1 (0.8, 14.3); 10+ S6 = 1 (14.3).
    // Total 7, 1+1+0.5+1+0.8+1+0.5 = 5.8 FTE.
    let dir = staff_extract();
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&[
        "cohorts",
        "--data",
        &data,
        "--of",
        "staff",
        "--as-of",
        "2016-07-31",
    ]);
    let got: Vec<Vec<&str>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        got,
        [
            vec!["<1", "2", "1.5", "28.6"],
            vec!["1-2", "1", "1", "14.3"],
            vec!["2-5", "2", "1.5", "28.6"],
            vec!["5-10", "1", "0.8", "14.3"],
            vec!["10+", "1", "1", "14.3"],
            vec!["Total", "7", "5.8", "100.0"],
        ]
    );
}

#[test]
fn staff_by_directorate_has_a_total_per_group() {
    // Children's: <1 S2, S7 (1.5 FTE, 2/4 = 50.0); 1-2 S1 (25.0); 2-5 S3 (0.5, 25.0);
    //   Total 4, 3 FTE.
    // Adults: 2-5 S4; 5-10 S5 (0.8); 10+ S6; 1/3 = 33.3 each; Total 3, 2.8 FTE.
    let dir = staff_extract();
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&[
        "cohorts",
        "--data",
        &data,
        "--of",
        "staff",
        "--as-of",
        "2016-07-31",
        "--by",
        "directorate",
    ]);
    expect_cells(
        &t,
        &[
            (&["Children's", "<1"], "headcount", "2"),
            (&["Children's", "<1"], "fte", "1.5"),
            (&["Children's", "<1"], "share_pct", "50.0"),
            (&["Children's", "1-2"], "headcount", "1"),
            (&["Children's", "1-2"], "share_pct", "25.0"),
            (&["Children's", "2-5"], "fte", "0.5"),
            (&["Children's", "5-10"], "headcount", "0"),
            (&["Children's", "10+"], "headcount", "0"),
            (&["Children's", "Total"], "headcount", "4"),
            (&["Children's", "Total"], "fte", "3"),
            (&["Children's", "Total"], "share_pct", "100.0"),
            (&["Adults", "<1"], "headcount", "0"),
            (&["Adults", "1-2"], "headcount", "0"),
            (&["Adults", "2-5"], "headcount", "1"),
            (&["Adults", "2-5"], "share_pct", "33.3"),
            (&["Adults", "5-10"], "fte", "0.8"),
            (&["Adults", "10+"], "headcount", "1"),
            (&["Adults", "Total"], "headcount", "3"),
            (&["Adults", "Total"], "fte", "2.8"),
            (&["Adults", "Total"], "share_pct", "100.0"),
        ],
    );
}

#[test]
fn staff_service_moves_with_the_as_of_date() {
    // One day earlier (30/07/2016) every anniversary that fell on 31/07 is a
    // day away: S1 0 years (<1), S3 1 (1-2), S6 9 (5-10).
    // By job title: Social Worker S1, S2, S7 all <1 and S4 2-5;
    // Senior Practitioner S3 1-2; Team Manager S6 5-10.
    let dir = staff_extract();
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&[
        "cohorts",
        "--data",
        &data,
        "--of",
        "staff",
        "--as-of",
        "2016-07-30",
        "--by",
        "job_title",
    ]);
    expect_cells(
        &t,
        &[
            (&["Team Manager", "5-10"], "headcount", "1"),
            (&["Team Manager", "10+"], "headcount", "0"),
            (&["Senior Practitioner", "1-2"], "headcount", "1"),
            (&["Senior Practitioner", "2-5"], "headcount", "0"),
            (&["Social Worker", "<1"], "headcount", "3"),
            // 1 + 1 + 0.5
            (&["Social Worker", "<1"], "fte", "2.5"),
            (&["Social Worker", "1-2"], "headcount", "0"),
            (&["Social Worker", "2-5"], "headcount", "1"),
            (&["Social Worker", "Total"], "headcount", "4"),
        ],
    );
}

#[test]
fn descending_bands_are_a_usage_error() {
    let data = fixture("luton_leavers").to_string_lossy().into_owned();
    let out = run(&["cohorts", "--data", &data, "--bands", "2,1"]);
    assert_eq!(out.status, 2, "stderr: {}", out.stderr);
    assert!(
        out.stdout.is_empty(),
        "no table on a usage error: {}",
        out.stdout
    );
    assert!(
        out.stderr.contains("--bands"),
        "the message names the flag: {}",
        out.stderr
    );
}
