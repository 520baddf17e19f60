//! `swr retention`: how many starters stay (SPEC section 5).
//!
//! Cambridgeshire's strategy (seeds/000, section 3.3.2): "Over 90% of ASYEs
//! who have joined the organisation since 2012 are still CCC employees". The
//! fixture below has 10 ASYEs who joined from 2012 to the strategy's
//! December 2015 baseline, 9 of them still in post: 9 / 10 = 90.0%. Every
//! other figure is worked out in the comments, by hand.

use crate::common::{csv, expect_cells, extracts, fixture, json, notes, run, Csv};

/// `fixtures/cambridgeshire_asye`: Cambridgeshire, as of 31/12/2015.
/// Financial-year cohorts (1 April to 31 March).
///
/// payroll (in post), ASYE yes:
///   A01 03/09/2012 (2012/13)   A02 01/10/2012 (2012/13)
///   A03 02/09/2013 (2013/14)   A04 16/09/2013 (2013/14)
///   A05 06/01/2014 (2013/14)   A06 01/09/2014 (2014/15)
///   A07 15/09/2014 (2014/15)   A08 07/09/2015 (2015/16)
///   A09 05/10/2015 (2015/16)
/// payroll, ASYE no: P01 01/05/2010, P02 01/06/2014 (2014/15)
/// leavers:
///   A10 ASYE yes 02/09/2013 - 31/08/2015 (2013/14): left before 2 years
///   A11 ASYE yes 05/09/2011 - 30/06/2014: joined before 2012
///   L01 ASYE no  01/04/2013 - 31/03/2014 (2013/14)
fn cambridgeshire() -> std::path::PathBuf {
    fixture("cambridgeshire_asye")
}

const COLUMNS: [&str; 12] = [
    "starters",
    "still_in_post",
    "still_in_post_pct",
    "eligible_6m",
    "retained_6m",
    "retained_6m_pct",
    "eligible_12m",
    "retained_12m",
    "retained_12m_pct",
    "eligible_24m",
    "retained_24m",
    "retained_24m_pct",
];

fn cambridgeshire_asye(dir: &std::path::Path, extra: &[&str]) -> Csv {
    let data = dir.to_string_lossy().into_owned();
    let mut args = vec![
        "retention",
        "--data",
        data.as_str(),
        "--where",
        "asye=yes",
        "--period",
        "2012-01-01..2015-12-31",
    ];
    args.extend_from_slice(extra);
    csv(&args)
}

#[test]
fn cambridgeshire_over_90_percent_of_asyes_since_2012_still_employed() {
    let dir = cambridgeshire();
    let t = cambridgeshire_asye(&dir, &[]);
    assert_eq!(t.header[0], "cohort", "default --by cohort");
    assert_eq!(&t.header[1..], &COLUMNS[..]);
    assert_eq!(
        t.firsts(),
        ["2012/13", "2013/14", "2014/15", "2015/16", "Total"],
        "financial years, in order; A11 (2011) is outside the period"
    );
    // Starters: A01..A10 = 10; still in post on 31/12/2015: all but A10 =
    // 9; 9 / 10 = 90.0%.
    // Eligible at 6 and 12 months: start + N months on or before
    // 31/12/2015, so A08 (7 Sep 2015 + 6 = 7 Mar 2016) and A09 are not:
    // A01..A07 and A10 = 8, every one in post N months after starting (A10
    // left 31/08/2015, after 02/03/2014 and 02/09/2014): 8 / 8 = 100.0%.
    // Eligible at 24 months: started on or before 31/12/2013: A01, A02,
    // A03, A04, A10 = 5 (A05's 24 months end 06/01/2016). A10's end on
    // 02/09/2015, after leaving: retained 4 / 5 = 80.0%.
    expect_cells(
        &t,
        &[
            (&["Total"], "starters", "10"),
            (&["Total"], "still_in_post", "9"),
            (&["Total"], "still_in_post_pct", "90.0"),
            (&["Total"], "eligible_6m", "8"),
            (&["Total"], "retained_6m", "8"),
            (&["Total"], "retained_6m_pct", "100.0"),
            (&["Total"], "eligible_12m", "8"),
            (&["Total"], "retained_12m", "8"),
            (&["Total"], "retained_12m_pct", "100.0"),
            (&["Total"], "eligible_24m", "5"),
            (&["Total"], "retained_24m", "4"),
            (&["Total"], "retained_24m_pct", "80.0"),
            // 2012/13: A01, A02, both in post and eligible throughout.
            (&["2012/13"], "starters", "2"),
            (&["2012/13"], "still_in_post_pct", "100.0"),
            (&["2012/13"], "eligible_24m", "2"),
            (&["2012/13"], "retained_24m", "2"),
            // 2013/14: A03, A04, A05, A10; A10 left: 3 / 4 = 75.0%; at 24
            // months A03, A04, A10 eligible, A10 not retained: 2 / 3 = 66.7%.
            (&["2013/14"], "starters", "4"),
            (&["2013/14"], "still_in_post", "3"),
            (&["2013/14"], "still_in_post_pct", "75.0"),
            (&["2013/14"], "eligible_12m", "4"),
            (&["2013/14"], "retained_12m", "4"),
            (&["2013/14"], "eligible_24m", "3"),
            (&["2013/14"], "retained_24m", "2"),
            (&["2013/14"], "retained_24m_pct", "66.7"),
            // 2014/15: A06, A07: nobody is eligible at 24 months: N/A, not 0.
            (&["2014/15"], "starters", "2"),
            (&["2014/15"], "eligible_24m", "0"),
            (&["2014/15"], "retained_24m", "0"),
            (&["2014/15"], "retained_24m_pct", ""),
            // 2015/16: A08, A09 joined within 6 months of the as-of date.
            (&["2015/16"], "starters", "2"),
            (&["2015/16"], "still_in_post", "2"),
            (&["2015/16"], "eligible_6m", "0"),
            (&["2015/16"], "retained_6m_pct", ""),
        ],
    );
}

#[test]
fn without_where_every_starter_counts_and_without_period_every_start() {
    let dir = cambridgeshire();
    let data = dir.to_string_lossy().into_owned();
    // In the period 2012-2015, everyone: A01..A10, P02 and L01 = 12, in post
    // 9 + P02 = 10: 83.3%.
    let t = csv(&[
        "retention",
        "--data",
        &data,
        "--period",
        "2012-01-01..2015-12-31",
    ]);
    expect_cells(
        &t,
        &[
            (&["Total"], "starters", "12"),
            (&["Total"], "still_in_post", "10"),
            (&["Total"], "still_in_post_pct", "83.3"),
            // 2013/14 now has L01 too, who left after 12 months less a day
            // (01/04/2013 + 12 months = 01/04/2014, left 31/03/2014): eligible
            // at 12 months and not retained; 4 of 5 retained.
            (&["2013/14"], "starters", "5"),
            (&["2013/14"], "eligible_12m", "5"),
            (&["2013/14"], "retained_12m", "4"),
            (&["2013/14"], "retained_12m_pct", "80.0"),
        ],
    );
    // No --period: every start on or before the as-of date (31/12/2015),
    // P01 and L00 (2010/11) and A11 (2011/12) too: 15 starters, in post
    // A01..A09, P01 and P02 = 11: 73.3%. (The leavers extract holds leave
    // dates from 30/07/2010, L00's, so every cohort from 2010/11 on can be
    // told.)
    let t = csv(&["retention", "--data", &data, "--as-of", "2015-12-31"]);
    assert_eq!(t.firsts()[..2], ["2010/11", "2011/12"]);
    expect_cells(
        &t,
        &[
            (&["Total"], "starters", "15"),
            (&["Total"], "still_in_post", "11"),
            (&["Total"], "still_in_post_pct", "73.3"),
            (&["2010/11"], "starters", "2"),
            (&["2010/11"], "still_in_post", "1"),
            (&["2011/12"], "starters", "1"),
            (&["2011/12"], "still_in_post", "0"),
            // A11: 05/09/2011 to 30/06/2014, in post after 24 months
            // (05/09/2013).
            (&["2011/12"], "retained_24m", "1"),
        ],
    );
}

#[test]
fn asye_measures_by_directorate_add_up_to_the_total() {
    let dir = cambridgeshire();
    let t = cambridgeshire_asye(&dir, &["--by", "directorate"]);
    // Adults: A04, A05, A07 = 3, all in post. Children's: A01, A02, A03,
    // A06, A08, A09, A10 = 7, 6 in post: 85.7%.
    expect_cells(
        &t,
        &[
            (&["Adult Social Care"], "starters", "3"),
            (&["Adult Social Care"], "still_in_post_pct", "100.0"),
            (&["Children's Social Care"], "starters", "7"),
            (&["Children's Social Care"], "still_in_post", "6"),
            (&["Children's Social Care"], "still_in_post_pct", "85.7"),
            (&["Total"], "starters", "10"),
            (&["Total"], "still_in_post_pct", "90.0"),
        ],
    );
}

/// Edge cases, as of 30/09/2017 (`--as-of`), one cohort per person where it
/// helps to read them apart (`--by employee_id`).
///
/// leavers:
///   X1 01/04/2016 - 01/04/2017  leaves exactly 12 months after starting:
///                               not retained at 12 months
///   X2 01/04/2016 - 02/04/2017  a day later: retained
///   X3 31/08/2016 - 01/03/2017  31 Aug + 6 months is 1 March (February has no
///                               31st): leaves that day, not retained at 6
///   X4 29/02/2016 - 02/03/2017  29 Feb + 12 months is 1 March: retained
///   Z1 01/05/2016 - 31/10/2016  then back on payroll from 01/02/2017: one
///                               starter; not in post on 01/11/2016 (6 months)
///   W0 05/01/2015 - 30/01/2015  before the period
/// payroll:
///   Y1 01/10/2016   12 months end 01/10/2017, after the as-of date: not eligible
///   Y2 30/09/2016   12 months end on the as-of date: eligible, retained
///   Z1 01/02/2017   (Z1's return)
fn edges() -> tempfile::TempDir {
    extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Job Title,FTE,Start Date\n\
             Y1,Children's,Social Worker,1,01/10/2016\n\
             Y2,Children's,Social Worker,1,30/09/2016\n\
             Z1,Children's,Social Worker,1,01/02/2017\n",
        ),
        (
            "leavers.csv",
            "Employee ID,Directorate,Job Title,FTE,Start Date,Leaving Date,Reason\n\
             X1,Children's,Social Worker,1,01/04/2016,01/04/2017,Resigned\n\
             X2,Children's,Social Worker,1,01/04/2016,02/04/2017,Resigned\n\
             X3,Children's,Social Worker,1,31/08/2016,01/03/2017,Resigned\n\
             X4,Children's,Social Worker,1,29/02/2016,02/03/2017,Resigned\n\
             Z1,Children's,Social Worker,1,01/05/2016,31/10/2016,Resigned\n\
             W0,Children's,Social Worker,1,05/01/2015,30/01/2015,Resigned\n",
        ),
    ])
}

/// The edges' starters: those of 2016 and 2017 (W0, who came and went in
/// January 2015, is there so the leavers extract holds 2015 on and every
/// 2016 cohort can be told: SPEC 4, "Coverage").
const EDGES_PERIOD: &str = "2016-01-01..2017-09-30";

#[test]
fn leaving_exactly_n_months_after_starting_is_not_retained() {
    let dir = edges();
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&[
        "retention",
        "--data",
        &data,
        "--as-of",
        "2017-09-30",
        "--period",
        EDGES_PERIOD,
        "--by",
        "employee_id",
        "--at",
        "6,12",
    ]);
    let cells: &[(&[&str], &str, &str)] = &[
        (&["X1"], "eligible_12m", "1"),
        (&["X1"], "retained_12m", "0"),
        (&["X1"], "retained_6m", "1"),
        (&["X2"], "retained_12m", "1"),
        (&["X3"], "eligible_6m", "1"),
        (&["X3"], "retained_6m", "0"),
        (&["X4"], "retained_12m", "1"),
        (&["Y1"], "eligible_6m", "1"),
        (&["Y1"], "retained_6m", "1"),
        (&["Y1"], "eligible_12m", "0"),
        (&["Y1"], "retained_12m_pct", ""),
        (&["Y2"], "eligible_12m", "1"),
        (&["Y2"], "retained_12m", "1"),
        (&["Z1"], "starters", "1"),
        (&["Z1"], "still_in_post", "1"),
        (&["Z1"], "retained_6m", "0"),
        (&["Z1"], "retained_12m", "1"),
        // Starters 7; in post 30/09/2017: Y1, Y2, Z1. Eligible at 12: all but
        // Y1 = 6, retained X2, X4, Y2, Z1 = 4: 66.7%. At 6: all 7, retained
        // X1, X2, X4, Y1, Y2 = 5: 71.4%.
        (&["Total"], "starters", "7"),
        (&["Total"], "still_in_post", "3"),
        (&["Total"], "eligible_12m", "6"),
        (&["Total"], "retained_12m", "4"),
        (&["Total"], "retained_12m_pct", "66.7"),
        (&["Total"], "eligible_6m", "7"),
        (&["Total"], "retained_6m", "5"),
        (&["Total"], "retained_6m_pct", "71.4"),
    ];
    expect_cells(&t, cells);
    assert_eq!(
        &t.header[1..],
        [
            "starters",
            "still_in_post",
            "still_in_post_pct",
            "eligible_6m",
            "retained_6m",
            "retained_6m_pct",
            "eligible_12m",
            "retained_12m",
            "retained_12m_pct"
        ]
    );
}

#[test]
fn cohorts_by_year_and_quarter() {
    let dir = edges();
    let data = dir.path().to_string_lossy().into_owned();
    let base = [
        "retention",
        "--data",
        &data,
        "--as-of",
        "2017-09-30",
        "--period",
        EDGES_PERIOD,
    ];
    // Years: X4 (29/02/2016), X1, X2, X3, Z1 started 2016; Y1 and Y2 too.
    let mut args = base.to_vec();
    args.extend(["--cohort", "year"]);
    let t = csv(&args);
    assert_eq!(t.firsts(), ["2016", "Total"]);
    expect_cells(&t, &[(&["2016"], "starters", "7")]);
    // Quarters: X4 2016Q1; X1, X2, Z1 2016Q2; X3, Y2 2016Q3; Y1 2016Q4.
    let mut args = base.to_vec();
    args.extend(["--cohort", "quarter"]);
    let t = csv(&args);
    assert_eq!(
        t.firsts(),
        ["2016Q1", "2016Q2", "2016Q3", "2016Q4", "Total"]
    );
    expect_cells(
        &t,
        &[
            (&["2016Q1"], "starters", "1"),
            (&["2016Q2"], "starters", "3"),
            (&["2016Q3"], "starters", "2"),
            (&["2016Q4"], "starters", "1"),
        ],
    );
    // Financial years: X4 2015/16, the rest 2016/17.
    let t = csv(&base);
    assert_eq!(t.firsts(), ["2015/16", "2016/17", "Total"]);
    // JSON: N/A is null, counts are numbers.
    let doc = json(&base);
    let total = doc["rows"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(total["starters"], 7);
    assert!(notes(&doc)
        .iter()
        .any(|n| n.contains("1st of the next month")));
}

#[test]
fn bad_flags_and_missing_columns_are_usage_errors() {
    let dir = edges();
    let data = dir.path().to_string_lossy().into_owned();
    for at in ["12,6", "0,12", "six", "6,6", ""] {
        let out = run(&["retention", "--data", &data, "--at", at]);
        assert_eq!(out.status, 2, "--at {at}: {}", out.stderr);
    }
    let out = run(&["retention", "--data", &data, "--cohort", "month"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    // The extracts have no asye column: --where cannot filter them.
    let out = run(&["retention", "--data", &data, "--where", "asye=yes"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("asye"), "{}", out.stderr);
    // Leavers are needed: without them every starter would look retained.
    let only_payroll = extracts(&[(
        "payroll.csv",
        "Employee ID,Directorate,Job Title,FTE,Start Date\nY1,Children's,Social Worker,1,01/10/2016\n",
    )]);
    let out = run(&[
        "retention",
        "--data",
        &only_payroll.path().to_string_lossy(),
    ]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("leavers"), "{}", out.stderr);
}

#[test]
fn no_starters_in_the_period_gives_na_rates() {
    let dir = edges();
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&["retention", "--data", &data, "--period", "2019"]);
    assert_eq!(t.firsts(), ["Total"]);
    expect_cells(
        &t,
        &[
            (&["Total"], "starters", "0"),
            (&["Total"], "still_in_post_pct", ""),
            (&["Total"], "retained_12m_pct", ""),
        ],
    );
}

/// On the demo council, the starters of a period are turnover's starters,
/// and those still in post are the joiners `swr movements` finds between
/// the snapshots either side of it.
#[test]
fn demo_agrees_with_turnover_and_movements() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let data = demo.to_string_lossy().into_owned();
    let period = "2024-10-01..2025-09-30";
    let r = csv(&[
        "retention",
        "--data",
        &data,
        "--period",
        period,
        "--by",
        "directorate",
    ]);
    let t = csv(&["turnover", "--data", &data, "--period", period]);
    let from = demo.join("payroll_2024.csv").to_string_lossy().into_owned();
    let m = csv(&["movements", "--data", &data, "--from", &from]);
    for dir in ["Adult Social Care", "Children's Social Care", "Total"] {
        assert_eq!(
            r.get(&[dir], "starters"),
            t.get(&[dir], "starters"),
            "{dir}"
        );
        assert_eq!(
            r.get(&[dir], "still_in_post"),
            m.get(&[dir], "joined"),
            "{dir}"
        );
    }
    // The demo's ASYEs: everyone flagged, payroll and leavers together.
    // (From the leavers extract's first leave date, 04/10/2023: the
    // starters before it who left are in no extract.)
    let asye = csv(&[
        "retention",
        "--data",
        &data,
        "--where",
        "asye=yes",
        "--period",
        "2023-10-04..2025-09-30",
    ]);
    let starters: u32 = asye.get(&["Total"], "starters").parse().unwrap();
    assert!(starters > 0);
}
