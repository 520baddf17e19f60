//! `swr forecast`: the workforce month by month ahead, and `--backtest`
//! (SPEC section 5), against figures worked out by hand.
//!
//! The council: two directorates, A and B, one job title, as of 30/06/2025
//! (a month end, so the steps end on 31/07, 31/08, 30/09...), bands
//! `--bands 1` (`<1` and `1+`).
//!
//! | row | dir | fte | start      | service on 30/06/2025 | first anniversary |
//! |-----|-----|-----|------------|-----------------------|-------------------|
//! | P1  | A   | 1   | 15/01/2025 | 0 (<1)                | 15/01/2026        |
//! | P2  | A   | 1   | 01/03/2020 | 5 (1+)                |                   |
//! | P3  | A   | 0.5 | 01/10/2024 | 0 (<1)                | 01/10/2025        |
//! | P4  | B   | 1   | 01/05/2018 | 7 (1+)                |                   |
//! | P5  | B   | 1   | 01/12/2024 | 0 (<1)                | 01/12/2025        |
//! | P6  | B   | 1   | 10/08/2025 | the pipeline: starts in step 2 (31/07 < 10/08 <= 31/08) |
//!
//! Leavers: L1 (A, 01/09/2024 to 31/03/2025, service 0: <1), L2 (B,
//! 01/01/2015 to 28/02/2025, service 10: 1+), L3 (A, fte 1, 01/11/2024 to
//! 31/05/2025, service 0: <1).
//! Establishment: A 3 x 1 FTE; B 1 + 1.5 = 2.5 FTE. Agency: W1 in A, 18.5
//! hours a week (0.5 FTE) at £40 an hour since 01/01/2025, covering a
//! vacancy (no covering column).
//!
//! Rates over the 12 months to 30/06/2025 (01/07/2024 to 30/06/2025):
//!   <1: leavers L1, L3 = 2; in post P1, P3, P5 = 3; r = 2/3 = 0.6667,
//!       h0 = 1 - (1/3)^(1/12) = 0.0875, 1 - h0 = 0.9125147548
//!   1+: leavers L2 = 1; in post P2, P4 = 2; r = 1/2 = 0.5000,
//!       h1 = 1 - 0.5^(1/12) = 0.0561, 1 - h1 = 0.9438743127
//! A row survives step k with 1 - h of its band on the step's last day:
//!   P1: <1 up to 31/12/2025 (step 6), 1+ from 31/01/2026 (step 7)
//!   P3: <1 up to 30/09/2025 (step 3), 1+ from 31/10/2025
//!   P5: <1 up to 30/11/2025 (step 5), 1+ from 31/12/2025
//!   P2, P4: 1+ throughout; P6: <1 throughout (in post from step 2)

use crate::common::{csv, expect_cells, extracts, json, notes, run, write, Csv};

const PAYROLL: &str = "employee_id,directorate,job_title,fte,start_date,salary
P1,A,Social Worker,1,2025-01-15,40000
P2,A,Social Worker,1,2020-03-01,40000
P3,A,Social Worker,0.5,2024-10-01,40000
P4,B,Social Worker,1,2018-05-01,40000
P5,B,Social Worker,1,2024-12-01,40000
P6,B,Social Worker,1,2025-08-10,40000
";
const LEAVERS: &str = "employee_id,directorate,job_title,fte,start_date,leave_date,reason
L1,A,Social Worker,1,2024-09-01,2025-03-31,Resignation
L2,B,Social Worker,1,2015-01-01,2025-02-28,Retirement
L3,A,Social Worker,1,2024-11-01,2025-05-31,Resignation
";
const ESTABLISHMENT: &str = "directorate,job_title,fte
A,Social Worker,1
A,Social Worker,1
A,Social Worker,1
B,Social Worker,1
B,Social Worker,1.5
";
const AGENCY: &str = "worker_id,directorate,job_title,start_date,hourly_rate,hours_per_week
W1,A,Social Worker,2025-01-01,40,18.5
";

fn council() -> tempfile::TempDir {
    extracts(&[
        ("payroll.csv", PAYROLL),
        ("leavers.csv", LEAVERS),
        ("establishment.csv", ESTABLISHMENT),
        ("agency.csv", AGENCY),
    ])
}

fn forecast(dir: &tempfile::TempDir, extra: &[&str]) -> Csv {
    let data = dir.path().to_string_lossy().into_owned();
    let mut args = vec![
        "forecast",
        "--data",
        data.as_str(),
        "--as-of",
        "2025-06-30",
        "--bands",
        "1",
    ];
    args.extend_from_slice(extra);
    csv(&args)
}

#[test]
fn forecast_columns_and_steps() {
    let dir = council();
    let t = forecast(&dir, &["--months", "3"]);
    assert_eq!(
        t.header,
        [
            "month",
            "directorate",
            "in_post_fte",
            "expected_leavers_fte",
            "starters_fte",
            "establishment_fte",
            "vacancy_fte",
            "vacancy_rate_pct",
            "agency_fte_needed",
            "agency_cost"
        ]
    );
    let keys: Vec<(&str, &str)> = t
        .rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    let mut want = Vec::new();
    for m in ["2025-06", "2025-07", "2025-08", "2025-09"] {
        for g in ["A", "B", "Total"] {
            want.push((m, g));
        }
    }
    assert_eq!(keys, want);
    // 12 steps by default, and step 0.
    let t = forecast(&dir, &[]);
    assert_eq!(t.rows.len(), 13 * 3);
    assert_eq!(t.rows.last().unwrap()[0], "2026-06");
}

#[test]
fn forecast_three_months_worked_by_hand() {
    // Step 0 (30/06/2025), the stock: A 1 + 1 + 0.5 = 2.5 in post against
    // 3, vacancy 0.5, rate 0.5 / 3 = 16.7%; B 1 + 1 = 2 against 2.5,
    // vacancy 0.5, rate 0.5 / 2.5 = 20.0%.
    // Agency: A's cover 0.5 FTE / vacancy 0.5 = ratio 1; cost per FTE 40 x
    // 37 x 46 = £68,080; a month 0.5 x 68,080 / 12 = £2,836.67. B has no
    // cover: ratio 0, nothing needed, £0.
    //
    // Survival products (S to 4 decimals; the sums from unrounded S):
    //   step 1: P1 0.9125, P2 0.9439, P3 0.9125, P4 0.9439, P5 0.9125
    //     A = 0.9125 + 0.9439 + 0.5 x 0.9125 = 2.312646 -> 2.31, lost 0.187354
    //     B = 0.9439 + 0.9125 = 1.856389 -> 1.86, lost 0.143611
    //     vacancy A 3 - 2.312646 = 0.687354 (22.9%), B 2.5 - 1.856389 =
    //     0.643611 (25.7%); A needs 0.687354 x 1 agency FTE at 68,080 / 12
    //     = £3,899.59
    //   step 2: P1 0.8327, P2 0.8909, P3 0.8327, P4 0.8909, P5 0.8327, and
    //     P6 starts (1 FTE, in post at the step's end)
    //     A = 2.139923 -> 2.14, lost 0.172723; vacancy 0.860077 -> £4,879.50
    //     B = 0.8909 + 0.8327 + 1 = 2.723582 over its 2.5: vacancy 0
    //   step 3: P1 0.7598, P2 0.8409, P3 0.7598 (still <1 on 30/09), P4
    //     0.8409, P5 0.7598, P6 0.9125
    //     A = 1.980650 -> 1.98, vacancy 1.019350 (34.0%) -> £5,783.11
    //     B = 2.513247 -> 2.51, still over 2.5: vacancy 0; lost 0.210335
    let dir = council();
    let t = forecast(&dir, &["--months", "3"]);
    let a0: &[&str] = &["2025-06", "A"];
    let b0: &[&str] = &["2025-06", "B"];
    let t0: &[&str] = &["2025-06", "Total"];
    let a1: &[&str] = &["2025-07", "A"];
    let b1: &[&str] = &["2025-07", "B"];
    let t1: &[&str] = &["2025-07", "Total"];
    let a2: &[&str] = &["2025-08", "A"];
    let b2: &[&str] = &["2025-08", "B"];
    let t2: &[&str] = &["2025-08", "Total"];
    let a3: &[&str] = &["2025-09", "A"];
    let b3: &[&str] = &["2025-09", "B"];
    expect_cells(
        &t,
        &[
            (a0, "in_post_fte", "2.5"),
            (a0, "expected_leavers_fte", ""),
            (a0, "starters_fte", ""),
            (a0, "establishment_fte", "3"),
            (a0, "vacancy_fte", "0.5"),
            (a0, "vacancy_rate_pct", "16.7"),
            (a0, "agency_fte_needed", "0.5"),
            (a0, "agency_cost", "2836.67"),
            (b0, "in_post_fte", "2"),
            (b0, "establishment_fte", "2.5"),
            (b0, "vacancy_fte", "0.5"),
            (b0, "vacancy_rate_pct", "20.0"),
            (b0, "agency_fte_needed", "0"),
            (b0, "agency_cost", "0.00"),
            (t0, "in_post_fte", "4.5"),
            (t0, "establishment_fte", "5.5"),
            (t0, "vacancy_fte", "1"),
            (t0, "vacancy_rate_pct", "18.2"),
            (t0, "agency_cost", "2836.67"),
            (a1, "in_post_fte", "2.31"),
            (a1, "expected_leavers_fte", "0.19"),
            (a1, "starters_fte", "0"),
            (a1, "vacancy_fte", "0.69"),
            (a1, "vacancy_rate_pct", "22.9"),
            (a1, "agency_fte_needed", "0.69"),
            (a1, "agency_cost", "3899.59"),
            (b1, "in_post_fte", "1.86"),
            (b1, "expected_leavers_fte", "0.14"),
            (b1, "vacancy_fte", "0.64"),
            (b1, "vacancy_rate_pct", "25.7"),
            (b1, "agency_cost", "0.00"),
            // 4.169036; leavers 0.187354 + 0.143611; vacancy 1.330964
            (t1, "in_post_fte", "4.17"),
            (t1, "expected_leavers_fte", "0.33"),
            (t1, "vacancy_fte", "1.33"),
            (t1, "vacancy_rate_pct", "24.2"),
            (a2, "in_post_fte", "2.14"),
            (a2, "expected_leavers_fte", "0.17"),
            (a2, "vacancy_fte", "0.86"),
            (a2, "agency_cost", "4879.50"),
            (b2, "in_post_fte", "2.72"),
            (b2, "starters_fte", "1"),
            (b2, "expected_leavers_fte", "0.13"),
            // over establishment: the vacancy goes to 0, and so its rate
            (b2, "vacancy_fte", "0"),
            (b2, "vacancy_rate_pct", "0.0"),
            (t2, "starters_fte", "1"),
            (t2, "vacancy_fte", "0.86"),
            (a3, "in_post_fte", "1.98"),
            (a3, "vacancy_fte", "1.02"),
            (a3, "vacancy_rate_pct", "34.0"),
            (a3, "agency_cost", "5783.11"),
            (b3, "in_post_fte", "2.51"),
            (b3, "expected_leavers_fte", "0.21"),
            (b3, "vacancy_fte", "0"),
        ],
    );
}

#[test]
fn forecast_twelve_months_survival_products() {
    // Step 12 (30/06/2026), with a = 0.9125147548 (<1) and b =
    // 0.9438743127 (1+):
    //   P1 a^6 b^6 = 0.4082 (1+ from step 7)   P2 b^12 = 0.5000
    //   P3 a^3 b^9 = 0.4518                    P4 b^12 = 0.5000
    //   P5 a^5 b^7 = 0.4223                    P6 a^10 = 0.4003
    //   A = 0.4082 + 0.5000 + 0.5 x 0.4518 = 1.134149 -> 1.13
    //   B = 0.5000 + 0.4223 + 0.4003 = 1.322591 -> 1.32
    let dir = council();
    let t = forecast(&dir, &[]);
    expect_cells(
        &t,
        &[
            (&["2026-06", "A"], "in_post_fte", "1.13"),
            (&["2026-06", "B"], "in_post_fte", "1.32"),
            (&["2026-06", "Total"], "in_post_fte", "2.46"),
        ],
    );
    // The notes give r and h per band to four decimals, and the history.
    let data = dir.path().to_string_lossy().into_owned();
    let doc = json(&[
        "forecast",
        "--data",
        &data,
        "--as-of",
        "2025-06-30",
        "--bands",
        "1",
    ]);
    let n = notes(&doc).join("\n");
    assert!(
        n.contains("from 01/07/2024 to 30/06/2025 (12 months of history)"),
        "{n}"
    );
    assert!(
        n.contains("<1: 2 leavers / 3 in post, r = 0.6667, h = 0.0875"),
        "{n}"
    );
    assert!(
        n.contains("1+: 1 leaver / 2 in post, r = 0.5000, h = 0.0561"),
        "{n}"
    );
}

#[test]
fn forecast_plan_recruits_and_establishment() {
    // [[plan]] for A from August 2025: 0.5 FTE recruited each month, and 1
    // FTE more establishment (A's three posts share it, 1/3 each by fte,
    // all in A's one unit).
    //   step 1 (31/07): before the plan; as without it.
    //   step 2 (31/08): establishment 4; in post 2.139923 + 0.5 = 2.639923
    //     -> 2.64; vacancy 1.360077 -> 1.36 (34.0%); starters 0.5
    //   step 3 (30/09): the August recruits survive at <1: 0.5 x 0.9125 =
    //     0.456257, and 0.5 more start: 1.980650 + 0.456257 + 0.5 =
    //     2.936907 -> 2.94; vacancy 1.063093 -> 1.06; lost 0.159274 +
    //     0.043743 = 0.203016 -> 0.2
    let dir = council();
    write(
        dir.path(),
        "swr.toml",
        "[[plan]]\nwhere = { directorate = \"A\" }\nfrom = \"2025-08\"\nrecruit_fte = 0.5\nestablishment_fte = 1\n",
    );
    let t = forecast(&dir, &["--months", "3"]);
    expect_cells(
        &t,
        &[
            (&["2025-07", "A"], "in_post_fte", "2.31"),
            (&["2025-07", "A"], "establishment_fte", "3"),
            (&["2025-07", "A"], "starters_fte", "0"),
            (&["2025-08", "A"], "establishment_fte", "4"),
            (&["2025-08", "A"], "starters_fte", "0.5"),
            (&["2025-08", "A"], "in_post_fte", "2.64"),
            (&["2025-08", "A"], "vacancy_fte", "1.36"),
            (&["2025-08", "A"], "vacancy_rate_pct", "34.0"),
            (&["2025-09", "A"], "in_post_fte", "2.94"),
            (&["2025-09", "A"], "vacancy_fte", "1.06"),
            (&["2025-09", "A"], "expected_leavers_fte", "0.2"),
            // B is untouched
            (&["2025-09", "B"], "establishment_fte", "2.5"),
            (&["2025-09", "B"], "in_post_fte", "2.51"),
            (&["2025-09", "Total"], "establishment_fte", "6.5"),
            (&["2025-09", "Total"], "starters_fte", "0.5"),
        ],
    );
}

#[test]
fn forecast_backtest_from_three_months_back() {
    // From 31/03/2025 (30/06/2025 less 3 months), the history 01/04/2024
    // to 31/03/2025: leavers L1 (31/03/2025, <1) and L2 (1+); in post on
    // 31/03/2025: P1, P3, P5 and L3 (who left on 31/05/2025) <1 = 4, P2,
    // P4 1+ = 2. L1, whose leave date is that day, is a leaver, not in post.
    //   r0 = 1/4, 1 - h0 = 0.75^(1/12); r1 = 1/2, 1 - h1 = 0.5^(1/12).
    //   Three steps, everyone keeping their band: S0 = 0.75^(3/12) =
    //   0.9306, S1 = 0.5^(3/12) = 0.8409.
    // A: P1 1 + P2 1 + P3 0.5 + L3 1 = 3.5 then;
    //    forecast (1 + 0.5 + 1) x 0.9306 + 1 x 0.8409 = 3.167409 -> 3.17;
    //    actual: P1, P2, P3 still in post = 2.5 (L3 left);
    //    error 0.667409 -> 0.67, 0.667409 / 2.5 = 26.7%
    // B: P4 + P5 = 2; forecast 0.8409 + 0.9306 = 1.771501 -> 1.77;
    //    actual 2; error -0.228499 -> -0.23, -11.4%
    // Total: 5.5, 4.938910 -> 4.94, 4.5, 0.438910 -> 0.44, 9.8%
    let dir = council();
    let t = forecast(&dir, &["--months", "3", "--backtest"]);
    assert_eq!(
        t.header,
        [
            "directorate",
            "in_post_fte_then",
            "forecast_fte",
            "actual_fte",
            "error_fte",
            "error_pct"
        ]
    );
    expect_cells(
        &t,
        &[
            (&["A"], "in_post_fte_then", "3.5"),
            (&["A"], "forecast_fte", "3.17"),
            (&["A"], "actual_fte", "2.5"),
            (&["A"], "error_fte", "0.67"),
            (&["A"], "error_pct", "26.7"),
            (&["B"], "in_post_fte_then", "2"),
            (&["B"], "forecast_fte", "1.77"),
            (&["B"], "actual_fte", "2"),
            (&["B"], "error_fte", "-0.23"),
            (&["B"], "error_pct", "-11.4"),
            (&["Total"], "in_post_fte_then", "5.5"),
            (&["Total"], "forecast_fte", "4.94"),
            (&["Total"], "actual_fte", "4.5"),
            (&["Total"], "error_fte", "0.44"),
            (&["Total"], "error_pct", "9.8"),
        ],
    );
}

/// Step 0 of the forecast, run through the binary beside `vacancies`,
/// `costs` and `turnover` on the same data and as-of date.
fn step0_agrees(data: &str, as_of: &[&str], by: &str) {
    let mut common = vec!["--data", data, "--by", by];
    common.extend_from_slice(as_of);
    let with = |cmd: &str| {
        let mut a = vec![cmd];
        a.extend_from_slice(&common);
        csv(&a)
    };
    let f = with("forecast");
    let v = with("vacancies");
    let c = with("costs");
    let t = with("turnover");
    let step0 = f.rows[0][0].clone();
    let mut seen = 0;
    for row in f.rows.iter().filter(|r| r[0] == step0) {
        let g = row[1].as_str();
        let get = |name: &str| row[f.col(name)].as_str();
        for (mine, theirs) in [
            ("in_post_fte", "in_post_fte"),
            ("establishment_fte", "establishment_fte"),
            ("vacancy_fte", "vacancy_fte"),
            ("vacancy_rate_pct", "vacancy_rate_pct"),
        ] {
            assert_eq!(
                get(mine),
                v.get(&[g], theirs),
                "{g} {mine} against vacancies"
            );
        }
        assert_eq!(
            get("in_post_fte"),
            t.get(&[g], "in_post_fte"),
            "{g} turnover"
        );
        // Agency need on the as-of date is the cover (where there is a
        // vacancy), costed at costs' agency cost per FTE a month.
        let vacancy: f64 = v.get(&[g], "vacancy_fte").parse().unwrap();
        let cover: f64 = v.get(&[g], "agency_cover_fte").parse().unwrap();
        let needed: f64 = get("agency_fte_needed").parse().unwrap();
        if g != "Total" {
            let want = if vacancy > 0.0 { cover } else { 0.0 };
            assert!(
                (needed - want).abs() < 0.006,
                "{g}: {needed} against {want}"
            );
            let per_fte = c.get(&[g], "agency_cost_per_fte");
            let per_fte: f64 = if per_fte.is_empty() {
                c.get(&["Total"], "agency_cost_per_fte").parse().unwrap()
            } else {
                per_fte.parse().unwrap()
            };
            let cost: f64 = get("agency_cost").parse().unwrap();
            assert!(
                (cost - needed * per_fte / 12.0).abs() < 0.01 * per_fte / 12.0 + 0.01,
                "{g}: cost {cost} against {needed} x {per_fte} / 12"
            );
        }
        seen += 1;
    }
    assert!(seen >= 2, "{:?}", f.rows);
}

#[test]
fn forecast_step0_equals_vacancies_costs_and_turnover() {
    let dir = council();
    let data = dir.path().to_string_lossy().into_owned();
    step0_agrees(&data, &["--as-of", "2025-06-30"], "directorate");
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo");
    step0_agrees(demo, &[], "directorate");
    step0_agrees(demo, &[], "team");
    step0_agrees(demo, &["--as-of", "2025-03-31"], "job_title");
}

#[test]
fn forecast_one_flat_band_is_turnover() {
    // --bands all: one band, whose r is turnover's leavers / in post over
    // the whole table: 3 leavers in the 12 months / 5 in post = 0.6.
    let dir = council();
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&["turnover", "--data", &data, "--as-of", "2025-06-30"]);
    assert_eq!(t.get(&["Total"], "leavers"), "3");
    assert_eq!(t.get(&["Total"], "in_post"), "5");
    let doc = json(&[
        "forecast",
        "--data",
        &data,
        "--as-of",
        "2025-06-30",
        "--bands",
        "all",
    ]);
    let n = notes(&doc).join("\n");
    assert!(n.contains("all: 3 leavers / 5 in post, r = 0.6000"), "{n}");
}

#[test]
fn forecast_where_uses_the_whole_tables_rates() {
    // --where directorate=A keeps A's rows, but the rates are the whole
    // table's: A's Total is A's row of the unfiltered run.
    let dir = council();
    let all = forecast(&dir, &["--months", "3"]);
    let only = forecast(&dir, &["--months", "3", "--where", "directorate=A"]);
    for m in ["2025-06", "2025-07", "2025-08", "2025-09"] {
        let a = all.row(&[m, "A"]);
        let total = only.row(&[m, "Total"]);
        assert_eq!(a[2..], total[2..], "{m}");
    }
    // So with a plan over the whole establishment: its 1 FTE a month and 2
    // FTE of establishment are shared by fte (A 3 of 5.5, B 2.5 of 5.5),
    // whatever --where keeps.
    write(
        dir.path(),
        "swr.toml",
        "[[plan]]\nfrom = \"2025-07\"\nrecruit_fte = 1\nestablishment_fte = 2\n",
    );
    let all = forecast(&dir, &["--months", "3"]);
    for g in ["A", "B"] {
        let only = forecast(
            &dir,
            &["--months", "3", "--where", &format!("directorate={g}")],
        );
        for m in ["2025-06", "2025-07", "2025-08", "2025-09"] {
            assert_eq!(
                all.row(&[m, g])[2..],
                only.row(&[m, "Total"])[2..],
                "{g} {m}"
            );
        }
    }
    // 2 x 3 / 5.5 = 1.090909 more for A from July: 4.09; B 2.5 + 0.909091 = 3.41
    assert_eq!(all.get(&["2025-07", "A"], "establishment_fte"), "4.09");
    assert_eq!(all.get(&["2025-07", "B"], "establishment_fte"), "3.41");
    assert_eq!(all.get(&["2025-07", "Total"], "establishment_fte"), "7.5");
    assert_eq!(all.get(&["2025-07", "Total"], "starters_fte"), "1");
}

#[test]
fn forecast_bad_flags_are_usage_errors() {
    let dir = council();
    let data = dir.path().to_string_lossy().into_owned();
    for bad in [
        vec!["--months", "0"],
        vec!["--months", "121"],
        vec!["--months", "twelve"],
        vec!["--history", "0"],
        vec!["--bands", "5,2"],
        vec!["--every", "month", "--period", "2025"],
        vec!["--compare", "2024"],
        vec!["--history", "6", "--period", "2024/25"],
    ] {
        let mut args = vec!["forecast", "--data", data.as_str(), "--as-of", "2025-06-30"];
        args.extend(bad.iter().copied());
        let out = run(&args);
        assert_eq!(out.status, 2, "{bad:?}: {}", out.stderr);
    }
    let out = run(&["forecast", "--data", &data, "--months", "0"]);
    assert!(out.stderr.contains("--months"), "{}", out.stderr);
    assert!(out.stderr.contains("1 to 120"), "{}", out.stderr);
}

#[test]
fn forecast_bad_plans_name_the_file_the_key_and_the_value() {
    let dir = council();
    let data = dir.path().to_string_lossy().into_owned();
    for (plan, says) in [
        (
            "[[plan]]\nfrom = \"2025-08\"\nrecruit_fte = -1\n",
            &["[[plan]] number 1", "recruit_fte = -1"][..],
        ),
        (
            "[[plan]]\nfrom = \"August\"\nrecruit_fte = 1\n",
            &["[[plan]] number 1", "from = \"August\"", "2026-01"][..],
        ),
        (
            "[[plan]]\nrecruit_fte = 1\n",
            &["[[plan]] number 1", "no from"][..],
        ),
        (
            "[[plan]]\nfrom = \"2025-08\"\n",
            &["neither recruit_fte nor establishment_fte"][..],
        ),
        (
            "[[plan]]\nfrom = \"2025-08\"\nrecruit_fte = \"lots\"\n",
            &["recruit_fte = \"lots\""][..],
        ),
        (
            "[[plan]]\nfrom = \"2025-08\"\nrecruit_fte = 1\nhires = 2\n",
            &["hires"][..],
        ),
        (
            "[[plan]]\nfrom = \"2025-08\"\nrecruit_fte = 1\n[[plan]]\nfrom = \"2025-08\"\nrecruit_fte = 1\nwhere = { team = \"North\" }\n",
            &["[[plan]] number 2", "where.team", "no column 'team'"][..],
        ),
        (
            "[[plan]]\nfrom = \"2025-08\"\nrecruit_fte = 1\nwhere = { directorate = \"C\" }\n",
            &["[[plan]] number 1", "directorate = \"C\"", "matches no row"][..],
        ),
    ] {
        write(dir.path(), "swr.toml", plan);
        let out = run(&["forecast", "--data", &data, "--as-of", "2025-06-30"]);
        assert_eq!(out.status, 2, "{plan}: {}", out.stderr);
        assert!(out.stderr.contains("swr.toml"), "{plan}: {}", out.stderr);
        for s in says {
            assert!(out.stderr.contains(s), "{plan}: no {s:?} in {}", out.stderr);
        }
    }
}

#[test]
fn forecast_needs_the_establishment_and_the_leavers() {
    let dir = extracts(&[("payroll.csv", PAYROLL), ("leavers.csv", LEAVERS)]);
    let data = dir.path().to_string_lossy().into_owned();
    let out = run(&["forecast", "--data", &data, "--as-of", "2025-06-30"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("establishment"), "{}", out.stderr);
    // Without an agency extract, the agency figures are N/A.
    let dir = extracts(&[
        ("payroll.csv", PAYROLL),
        ("leavers.csv", LEAVERS),
        ("establishment.csv", ESTABLISHMENT),
    ]);
    let t = forecast(&dir, &["--months", "1"]);
    expect_cells(
        &t,
        &[
            (&["2025-07", "A"], "agency_fte_needed", ""),
            (&["2025-07", "A"], "agency_cost", ""),
            (&["2025-07", "A"], "in_post_fte", "2.31"),
        ],
    );
}

#[test]
fn forecast_demo_runs_and_its_workbook_has_charts() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo");
    let t = csv(&["forecast", "--data", demo]);
    assert_eq!(t.rows.len(), 13 * 5);
    let b = csv(&["forecast", "--data", demo, "--backtest"]);
    assert_eq!(b.rows.last().unwrap()[0], "Total");
    // The workbook: the table, a Chart sheet of in post and establishment
    // by month for each group (and the Total), a native line chart each.
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forecast.xlsx");
    let out = run(&["forecast", "--data", demo, "-o", path.to_str().unwrap()]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let bytes = std::fs::read(&path).unwrap();
    for chart in (1..=5).map(|n| format!("xl/charts/chart{n}.xml")) {
        assert!(
            bytes.windows(chart.len()).any(|w| w == chart.as_bytes()),
            "{chart}"
        );
    }
    // Each chart has titled axes (FTE against Month) and its legend below.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    for n in 1..=5 {
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name(&format!("xl/charts/chart{n}.xml")).unwrap(),
            &mut xml,
        )
        .unwrap();
        for want in [
            "<a:t>FTE</a:t>",
            "<a:t>Month</a:t>",
            "<c:legendPos val=\"b\"/>",
        ] {
            assert!(xml.contains(want), "chart{n}: no {want}");
        }
    }
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names[1..], ["Chart", "Notes"], "{names:?}");
    let chart = wb.worksheet_range("Chart").unwrap();
    assert_eq!(chart.get((0, 0)), Some(&Data::String("month".into())));
    assert_eq!(
        chart.get((0, 9)),
        Some(&Data::String("Total: in post".into()))
    );
    // 13 months; step 0's Total in post is the table's.
    assert_eq!(chart.height(), 14);
    let total0 = t.get(&["2025-09", "Total"], "in_post_fte");
    assert_eq!(
        chart.get((1, 9)),
        Some(&Data::Float(total0.parse().unwrap()))
    );
    // Other commands' workbooks have no Chart sheet.
    let v = dir.path().join("vacancies.xlsx");
    let out = run(&["vacancies", "--data", demo, "-o", v.to_str().unwrap()]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let wb: Xlsx<_> = open_workbook(&v).unwrap();
    assert_eq!(wb.sheet_names().len(), 2);
}

#[test]
fn forecast_in_the_pack_when_listed() {
    // [pack] indicators naming forecast: a "Next 12 months" sheet of FTE in
    // post by directorate, its Total the forecast's, and a summary row.
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo");
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "swr.toml",
        "[pack]\nindicators = [\"turnover\", \"forecast\"]\n",
    );
    let config = dir.path().join("swr.toml");
    let path = dir.path().join("pack.xlsx");
    let out = run(&[
        "pack",
        "--data",
        demo,
        "--config",
        config.to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Turnover by client group",
            "Next 12 months",
            "Method",
            "Check"
        ]
    );
    let f = csv(&["forecast", "--data", demo]);
    let want: f64 = f.get(&["2026-09", "Total"], "in_post_fte").parse().unwrap();
    // (Each sheet opens with its title rows: the months are found by
    // their label.)
    let sheet = wb.worksheet_range("Next 12 months").unwrap();
    let row = sheet
        .rows()
        .position(|r| r.first() == Some(&Data::String("2026-09".into())))
        .expect("a row for 2026-09");
    assert_eq!(sheet.get((row, 5)), Some(&Data::Float(want)));
    let summary = wb.worksheet_range("Summary").unwrap();
    assert!(
        summary
            .rows()
            .any(|r| r.first() == Some(&Data::String("Next 12 months: FTE in post".into()))),
        "a summary row for the forecast"
    );
    // Not listed: no such sheet (the default indicators leave it out).
    write(
        dir.path(),
        "swr.toml",
        "[pack]\nindicators = [\"turnover\"]\n",
    );
    let out = run(&[
        "pack",
        "--data",
        demo,
        "--config",
        config.to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert!(!wb.sheet_names().contains(&"Next 12 months".to_string()));
}

#[test]
fn forecast_history_of_six_months() {
    // --history 6: 01/01/2025 to 30/06/2025 holds the same three leavers
    // (L2 28/02, L1 31/03, L3 31/05), so r is the same, but it is the
    // leaving of six months: h0 = 1 - (1/3)^(1/6) = 0.1673, h1 = 1 -
    // 0.5^(1/6) = 0.1091.
    //   step 1: A = 0.8327 + 0.8909 + 0.5 x 0.8327 = 2.139923 -> 2.14
    //   (the same as step 2 with a 12-month history: two months at 1/12
    //   are one at 1/6)
    let dir = council();
    let data = dir.path().to_string_lossy().into_owned();
    let doc = json(&[
        "forecast",
        "--data",
        &data,
        "--as-of",
        "2025-06-30",
        "--bands",
        "1",
        "--history",
        "6",
    ]);
    let n = notes(&doc).join("\n");
    assert!(
        n.contains("from 01/01/2025 to 30/06/2025 (6 months of history)"),
        "{n}"
    );
    assert!(n.contains("^(1/6)"), "{n}");
    assert!(
        n.contains("<1: 2 leavers / 3 in post, r = 0.6667, h = 0.1673"),
        "{n}"
    );
    assert!(
        n.contains("1+: 1 leaver / 2 in post, r = 0.5000, h = 0.1091"),
        "{n}"
    );
    let t = forecast(&dir, &["--months", "1", "--history", "6"]);
    assert_eq!(t.get(&["2025-07", "A"], "in_post_fte"), "2.14");
}

#[test]
fn forecast_in_the_pack_without_leavers_is_not_available() {
    // Without a leavers extract the pack still comes: its forecast row on
    // the summary says why, and there is no sheet.
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let dir = tempfile::tempdir().unwrap();
    for f in ["establishment.csv", "payroll.csv", "agency.csv"] {
        std::fs::copy(demo.join(f), dir.path().join(f)).unwrap();
    }
    write(
        dir.path(),
        "swr.toml",
        "[pack]\nindicators = [\"vacancy_rate\", \"forecast\"]\n",
    );
    let data = dir.path().to_string_lossy().into_owned();
    let path = dir.path().join("pack.xlsx");
    let out = run(&["pack", "--data", &data, "-o", path.to_str().unwrap()]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert!(!wb.sheet_names().contains(&"Next 12 months".to_string()));
    let summary = wb.worksheet_range("Summary").unwrap();
    let row = summary
        .rows()
        .find(|r| r.first() == Some(&Data::String("Next 12 months".into())))
        .expect("a summary row for the forecast");
    assert_eq!(
        row.last(),
        Some(&Data::String("not available: no leavers extract".into()))
    );
}
