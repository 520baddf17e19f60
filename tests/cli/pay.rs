//! `swr pay`: pay of the staff in post against the market (SPEC section 5).
//!
//! Luton's appendix 4 (seeds/003, lines 1063-1080: market supplements by job
//! title and grade, and how each changed from 2015/16) is rebuilt in
//! fixtures/luton_pay: a payroll at 31/08/2016 and the one at 31/03/2016
//! (march2016/). Leicestershire's "behind the market median" (seeds/004,
//! line 46) is fixtures/leicestershire_pay: a payroll and a market extract.
//! Every other figure is worked out by hand in a comment.

use crate::common::{csv, expect_cells, extracts, fixture, json, notes, run, Csv};

fn luton(extra: &[&str]) -> Csv {
    let data = fixture("luton_pay").to_string_lossy().into_owned();
    let mut args = vec!["pay", "--data", data.as_str(), "--as-of", "2016-08-31"];
    args.extend_from_slice(extra);
    csv(&args)
}

fn leicestershire(extra: &[&str]) -> Csv {
    let data = fixture("leicestershire_pay").to_string_lossy().into_owned();
    let mut args = vec!["pay", "--data", data.as_str(), "--as-of", "2017-11-01"];
    args.extend_from_slice(extra);
    csv(&args)
}

const TOTAL: &[&str] = &["Total"];

/// Appendix 4, one line per grade: (job title, grade, market supplement,
/// supplement at 31/03/2016 or None where the paper says "New").
const APPENDIX_4: [(&str, &str, &str, Option<&str>); 18] = [
    ("Occupational Therapist (Adult social care)", "L7", "2000.00", Some("2000.00")),
    ("Occupational Therapist (Adult social care)", "M1", "2000.00", Some("2000.00")),
    ("Senior Practitioner Occupational Therapy (Adult social care)", "M2", "2000.00", Some("2000.00")),
    // "Increased by £1,500"
    ("Social Worker (Adult social care)", "M1", "2500.00", Some("1000.00")),
    // "Increased by £500"
    ("Advanced Practitioner (Adult social care)", "M2", "2000.00", Some("1500.00")),
    ("Team Manager (Adult social care)", "M4", "2500.00", None),
    ("Independent Reviewing Officer (Children's social care)", "M4", "5500.00", None),
    // "M1/M2": one line per grade
    ("Occupational Therapist / Senior Occupational Therapist Practitioner (Children's social care)", "M1", "2000.00", Some("2000.00")),
    ("Occupational Therapist / Senior Occupational Therapist Practitioner (Children's social care)", "M2", "2000.00", Some("2000.00")),
    ("ASYE Social Worker", "L7", "2500.00", Some("2500.00")),
    ("Social Worker (Children's social care)", "L7", "4500.00", Some("4500.00")),
    ("Social Worker (Children's social care)", "M1", "5500.00", Some("5500.00")),
    ("Senior Practitioner (Children's social care)", "M2", "5500.00", Some("5500.00")),
    ("Deputy Team Manager (Children's social care)", "M3", "5000.00", Some("5000.00")),
    ("Team Manager (Children's social care)", "M5", "5000.00", Some("5000.00")),
    // "L7/M1/M2": one line per grade
    ("Youth Justice Officers", "L7", "3000.00", Some("3000.00")),
    ("Youth Justice Officers", "M1", "3000.00", Some("3000.00")),
    ("Youth Justice Officers", "M2", "3000.00", Some("3000.00")),
];

#[test]
fn columns_are_the_spec_columns() {
    let t = luton(&[]);
    assert_eq!(
        t.header,
        [
            "job_title",
            "grade",
            "headcount",
            "fte",
            "salary_median",
            "salary_mean",
            "salary_min",
            "salary_max",
            "market_median",
            "gap_to_market",
            "gap_pct",
            "with_supplement",
            "supplement_median",
            "supplement_total",
            "paybill"
        ]
    );
    // The appendix's 18 lines and the Total, last.
    assert_eq!(t.rows.len(), 19, "{:#?}", t.rows);
    assert_eq!(t.rows[18][0], "Total");
}

#[test]
fn luton_appendix_4_supplements_by_job_title_and_grade() {
    let t = luton(&[]);
    for (job, grade, amount, _) in APPENDIX_4 {
        assert_eq!(
            t.get(&[job, grade], "supplement_median"),
            amount,
            "{job} {grade}"
        );
        // Everyone in these roles has the supplement.
        assert_eq!(
            t.get(&[job, grade], "with_supplement"),
            t.get(&[job, grade], "headcount"),
            "{job} {grade}"
        );
    }
    // supplement_total = supplement x fte: 2,000 x (1 + 0.6); 2,500 x (1 + 1
    // + 0.5); 5,500 x (1 + 0.8); 3,000 x 0.5.
    expect_cells(
        &t,
        &[
            (
                &["Occupational Therapist (Adult social care)", "L7"],
                "fte",
                "1.6",
            ),
            (
                &["Occupational Therapist (Adult social care)", "L7"],
                "supplement_total",
                "3200.00",
            ),
            (
                &["Social Worker (Adult social care)", "M1"],
                "supplement_total",
                "6250.00",
            ),
            (
                &[
                    "Independent Reviewing Officer (Children's social care)",
                    "M4",
                ],
                "supplement_total",
                "9900.00",
            ),
            (
                &["Youth Justice Officers", "M1"],
                "supplement_total",
                "1500.00",
            ),
            // 28 people: supplements of 2,000 x 8, 2,500 x 6, 3,000 x 3,
            // 4,500 x 2, 5,000 x 2 and 5,500 x 7. The 14th and 15th are
            // 2,500 and 3,000: an even count's median is their mean.
            (TOTAL, "headcount", "28"),
            (TOTAL, "with_supplement", "28"),
            (TOTAL, "supplement_median", "2750.00"),
            // 3,200 + 2,000 + 1,600 + 6,250 + 3,400 + 2,500 + 9,900 + 2,000
            // + 1,000 + 5,000 + 9,000 + 14,300 + 11,000 + 5,000 + 5,000
            // + 3,000 + 1,500 + 3,000
            (TOTAL, "supplement_total", "88650.00"),
        ],
    );
}

#[test]
fn luton_salaries_and_paybill_worked_by_hand() {
    let t = luton(&[]);
    let sw: &[&str] = &["Social Worker (Adult social care)", "M1"];
    expect_cells(
        &t,
        &[
            // 31,601 (1 FTE), 33,437 (1), 33,437 (0.5)
            (sw, "headcount", "3"),
            (sw, "fte", "2.5"),
            (sw, "salary_median", "33437.00"),
            // (31,601 + 33,437 + 16,718.50) / 2.5 = 32,702.60
            (sw, "salary_mean", "32702.60"),
            (sw, "salary_min", "31601.00"),
            (sw, "salary_max", "33437.00"),
            // (31,601 + 2,500) + (33,437 + 2,500) + (33,437 + 2,500) x 0.5
            (sw, "paybill", "88006.50"),
            // No market extract: N/A, not 0.
            (sw, "market_median", ""),
            (sw, "gap_to_market", ""),
            (sw, "gap_pct", ""),
        ],
    );
    let doc = json(&[
        "pay",
        "--data",
        fixture("luton_pay").to_str().unwrap(),
        "--as-of",
        "2016-08-31",
    ]);
    assert!(
        notes(&doc)
            .iter()
            .any(|n| n.starts_with("No market extract found")),
        "{:?}",
        notes(&doc)
    );
}

#[test]
fn luton_compare_with_the_payroll_of_march_2016_gives_the_change() {
    // Luton's "compared to 15/16": march2016/payroll.csv is the payroll at
    // 31/03/2016, with last year's supplements. LB190 was in post then and
    // has left; LB116 and LB118 joined after it.
    let earlier = fixture("luton_pay").join("march2016").join("payroll.csv");
    let t = luton(&[
        "--compare",
        "2015/16",
        "--compare-payroll",
        earlier.to_str().unwrap(),
    ]);
    for (job, grade, amount, before) in APPENDIX_4 {
        let k = &[job, grade];
        assert_eq!(t.get(k, "supplement_median"), amount, "{job} {grade}");
        match before {
            // "same", "Increased by £1,500", "Increased by £500"
            Some(b) => {
                assert_eq!(t.get(k, "supplement_median_prev"), b, "{job} {grade}");
                let change: f64 = amount.parse::<f64>().unwrap() - b.parse::<f64>().unwrap();
                assert_eq!(
                    t.get(k, "supplement_median_change"),
                    format!("{change:.2}"),
                    "{job} {grade}"
                );
            }
            // "New": nobody had it last year.
            None => {
                assert_eq!(t.get(k, "with_supplement_prev"), "0", "{job} {grade}");
                assert_eq!(t.get(k, "supplement_median_prev"), "", "{job} {grade}");
                assert_eq!(t.get(k, "supplement_median_change"), "", "{job} {grade}");
            }
        }
    }
    expect_cells(
        &t,
        &[
            (
                &["Social Worker (Adult social care)", "M1"],
                "supplement_median_change",
                "1500.00",
            ),
            (
                &["Advanced Practitioner (Adult social care)", "M2"],
                "supplement_median_change",
                "500.00",
            ),
            // LB190 (1 FTE, £1,000) then; LB105-107 at £1,000 then, £2,500 now:
            // 1,000 x (1 + 1 + 1 + 0.5) = 3,500 then; 6,250 now.
            (
                &["Social Worker (Adult social care)", "M1"],
                "headcount_prev",
                "4",
            ),
            (
                &["Social Worker (Adult social care)", "M1"],
                "supplement_total_prev",
                "3500.00",
            ),
            (
                &["Social Worker (Adult social care)", "M1"],
                "supplement_total_change",
                "2750.00",
            ),
            (&["ASYE Social Worker", "L7"], "headcount_prev", "1"),
            (
                &["Social Worker (Children's social care)", "L7"],
                "headcount_prev",
                "1",
            ),
            (TOTAL, "headcount_prev", "27"),
        ],
    );
}

#[test]
fn luton_compare_from_one_payroll_sets_todays_pay_of_the_people_in_post_then() {
    // Without --compare-payroll, 2015/16 is the stock on 31/03/2016 from the
    // one payroll: LB116 and LB118 had not started, and the pay is today's,
    // so the supplements show no change. The notes say so.
    let t = luton(&["--compare", "2015/16"]);
    expect_cells(
        &t,
        &[
            (&["ASYE Social Worker", "L7"], "headcount_prev", "1"),
            (&["ASYE Social Worker", "L7"], "headcount_change", "1"),
            (
                &["Social Worker (Children's social care)", "L7"],
                "headcount_prev",
                "1",
            ),
            (
                &["Social Worker (Adult social care)", "M1"],
                "headcount_prev",
                "3",
            ),
            (
                &["Social Worker (Adult social care)", "M1"],
                "supplement_median_prev",
                "2500.00",
            ),
            (
                &["Social Worker (Adult social care)", "M1"],
                "supplement_median_change",
                "0.00",
            ),
            (TOTAL, "headcount_prev", "26"),
        ],
    );
    let doc = json(&[
        "pay",
        "--data",
        fixture("luton_pay").to_str().unwrap(),
        "--as-of",
        "2016-08-31",
        "--compare",
        "2015/16",
    ]);
    assert!(
        notes(&doc).iter().any(|n| n.contains("--compare-payroll")),
        "{:?}",
        notes(&doc)
    );
}

#[test]
fn compare_payroll_needs_compare() {
    let earlier = fixture("luton_pay").join("march2016").join("payroll.csv");
    let out = run(&[
        "pay",
        "--data",
        fixture("luton_pay").to_str().unwrap(),
        "--compare-payroll",
        earlier.to_str().unwrap(),
    ]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--compare"), "{}", out.stderr);
}

#[test]
fn paybill_is_the_permanent_cost_of_costs_times_fte() {
    // fixtures/luton_costs (EXPECTED.md section 2): Children's Senior
    // Practitioners cost 42,482.00 an FTE-year over 3.4 FTE = 144,438.80;
    // Adults Advanced Practitioners 39,018.00 x 2.5 = 97,545.00. Every
    // person's cost x fte is whole pence there, so the penny rounding of
    // each person's share changes nothing.
    let data = fixture("luton_costs").to_string_lossy().into_owned();
    let by = ["--by", "directorate,job_title", "--as-of", "2016-07-30"];
    let mut args = vec!["pay", "--data", data.as_str()];
    args.extend(by);
    let pay = csv(&args);
    let ch: &[&str] = &["Children's", "Senior Practitioner"];
    let ad: &[&str] = &["Adults", "Advanced Practitioner"];
    expect_cells(
        &pay,
        &[
            (ch, "paybill", "144438.80"),
            (ad, "paybill", "97545.00"),
            (TOTAL, "paybill", "241983.80"),
            // Luton's £5,500 and £2,000 supplements (appendix 4, M2).
            (ch, "supplement_median", "5500.00"),
            (ch, "with_supplement", "4"),
            // 5,500 x 3.4 and 2,000 x 2.5
            (ch, "supplement_total", "18700.00"),
            (ad, "supplement_total", "5000.00"),
        ],
    );
    let mut args = vec!["costs", "--data", data.as_str()];
    args.extend(by);
    let costs = csv(&args);
    for k in [ch, ad] {
        let per: f64 = costs.get(k, "permanent_cost_per_fte").parse().unwrap();
        let fte: f64 = costs.get(k, "permanent_fte").parse().unwrap();
        assert_eq!(format!("{:.2}", per * fte), pay.get(k, "paybill"), "{k:?}");
    }
}

#[test]
fn leicestershire_behind_the_market_median() {
    // market.csv: Social Worker Level 3 £36,000 and Level 2 £31,500 (written
    // in another case), Senior Practitioner and IRO by job title alone
    // (grade blank: every grade), Team Manager Level 5 £47,000 (and £46,000
    // for other grades, which the more specific line overrides).
    let t = leicestershire(&[]);
    let l3: &[&str] = &["Social Worker", "Level 3"];
    let l2: &[&str] = &["Social Worker", "Level 2"];
    let sp: &[&str] = &["Senior Practitioner", "Level 4"];
    let iro: &[&str] = &["Independent Reviewing Officer", "Level 4"];
    let tm: &[&str] = &["Team Manager", "Level 5"];
    expect_cells(
        &t,
        &[
            // 34,000 (1), 35,000 (0.5), 34,500 (1), 35,500 (1): an even
            // count, median (34,500 + 35,000) / 2.
            (l3, "salary_median", "34750.00"),
            // (34,000 + 17,500 + 34,500 + 35,500) / 3.5 = 34,714.2857
            (l3, "salary_mean", "34714.29"),
            (l3, "market_median", "36000.00"),
            (l3, "gap_to_market", "-1250.00"),
            // -1,250 / 36,000 = -3.47%
            (l3, "gap_pct", "-3.5"),
            (l3, "paybill", "121500.00"),
            // 31,000 (1) and 33,000 (0.8): median 32,000, mean 57,400 / 1.8
            (l2, "salary_median", "32000.00"),
            (l2, "salary_mean", "31888.89"),
            (l2, "gap_to_market", "500.00"),
            // 500 / 31,500 = 1.59%
            (l2, "gap_pct", "1.6"),
            // (39,000 + 39,600) / 2 against 40,500
            (sp, "salary_median", "39300.00"),
            (sp, "market_median", "40500.00"),
            (sp, "gap_to_market", "-1200.00"),
            (sp, "gap_pct", "-3.0"),
            // (41,000 + 42,500) / 2 against 42,000: -250, -0.595%
            (iro, "gap_to_market", "-250.00"),
            (iro, "gap_pct", "-0.6"),
            // P12's 45,000 against 47,000: -4.26%; the paybill is the
            // salary alone (no on-cost columns) x 1 FTE.
            (tm, "headcount", "1"),
            (tm, "fte", "1"),
            (tm, "salary_median", "45000.00"),
            (tm, "salary_min", "45000.00"),
            (tm, "market_median", "47000.00"),
            (tm, "gap_pct", "-4.3"),
            (tm, "paybill", "45000.00"),
            // No market_supplement column: N/A, not 0.
            (tm, "with_supplement", ""),
            (tm, "supplement_total", ""),
        ],
    );
}

#[test]
fn a_grade_with_no_market_figure_is_na_and_noted() {
    let t = leicestershire(&[]);
    let asye: &[&str] = &["Social Worker", "Level 1 (ASYE)"];
    expect_cells(
        &t,
        &[
            (asye, "salary_median", "28000.00"),
            (asye, "market_median", ""),
            (asye, "gap_to_market", ""),
            (asye, "gap_pct", ""),
            // Someone in the Total has no market figure either.
            (TOTAL, "market_median", ""),
            (TOTAL, "gap_to_market", ""),
        ],
    );
    let doc = json(&[
        "pay",
        "--data",
        fixture("leicestershire_pay").to_str().unwrap(),
        "--as-of",
        "2017-11-01",
    ]);
    let n = notes(&doc);
    assert!(
        n.iter()
            .any(|n| n.starts_with("No market figure")
                && n.contains("Social Worker / Level 1 (ASYE)")),
        "{n:?}"
    );
    assert!(
        n.iter()
            .any(|n| n
                == "Market figures from: East Midlands benchmarking 2017; LGA pay survey 2017."),
        "{n:?}"
    );
    let row = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["grade"] == "Level 1 (ASYE)")
        .unwrap();
    assert!(row["market_median"].is_null(), "{row}");
}

#[test]
fn market_median_of_an_even_count_of_staff() {
    // By grade, Level 4 holds SP 39,000 and 39,600 (market 40,500 each) and
    // IRO 41,000 and 42,500 (42,000 each): market median (40,500 + 42,000)
    // / 2 = 41,250; salary median (39,600 + 41,000) / 2 = 40,300; gap -950,
    // -950 / 41,250 = -2.30%.
    let t = leicestershire(&["--by", "grade"]);
    let l4: &[&str] = &["Level 4"];
    expect_cells(
        &t,
        &[
            (l4, "headcount", "4"),
            (l4, "salary_median", "40300.00"),
            (l4, "market_median", "41250.00"),
            (l4, "gap_to_market", "-950.00"),
            (l4, "gap_pct", "-2.3"),
            // Twelve salaries: the 6th and 7th are 35,000 and 35,500.
            (TOTAL, "salary_median", "35250.00"),
            // 414,000 / 11.3 FTE
            (TOTAL, "salary_mean", "36637.17"),
            (TOTAL, "headcount", "12"),
            (TOTAL, "fte", "11.3"),
        ],
    );
}

/// A blank salary is a data error naming the cell (SPEC 4, "Blank cells"):
/// it was left out of the salary figures, the paybill N/A. With
/// --skip-invalid the row is set aside and counted: the team manager grade
/// holds P12 alone (45,000).
#[test]
fn a_blank_salary_is_refused_naming_the_cell() {
    let payroll = std::fs::read_to_string(fixture("leicestershire_pay").join("payroll.csv"))
        .unwrap()
        + "P11,Children and Families,Team Manager,Level 5,1,01/02/2017,\n";
    let market = std::fs::read_to_string(fixture("leicestershire_pay").join("market.csv")).unwrap();
    let dir = extracts(&[("payroll.csv", &payroll), ("market.csv", &market)]);
    let d = dir.path().to_str().unwrap();
    let out = run(&["pay", "--data", d, "--as-of", "2017-11-01"]);
    assert_eq!(out.status, 1, "{}", out.stdout);
    assert!(
        out.stderr.contains("payroll.csv, row 14, column 'Salary'")
            && out
                .stderr
                .contains("is blank; swr pay works out its figures from the salary"),
        "{}",
        out.stderr
    );
    let t = csv(&[
        "pay",
        "--data",
        d,
        "--as-of",
        "2017-11-01",
        "--skip-invalid",
    ]);
    expect_cells(
        &t,
        &[
            (&["Team Manager", "Level 5"], "headcount", "1"),
            (&["Team Manager", "Level 5"], "salary_max", "45000.00"),
            (&["Team Manager", "Level 5"], "paybill", "45000.00"),
        ],
    );
    let out = run(&[
        "pay",
        "--data",
        d,
        "--as-of",
        "2017-11-01",
        "--skip-invalid",
        "--format",
        "json",
    ]);
    assert!(
        out.stdout.contains("1 row set aside (--skip-invalid)"),
        "{}",
        out.stdout
    );
}

#[test]
fn medians_are_exact_not_floating_point() {
    // 30,000.01 and 30,000.02: the median is 30,000.015, which rounds to
    // 30,000.02. Through a binary float it is 30,000.01499999..., which
    // would round to 30,000.01. The supplements 0.01 and 0.02 likewise.
    let dir = extracts(&[(
        "payroll.csv",
        "Employee ID,Directorate,Job Title,FTE,Start Date,Salary,Market Supplement\n\
         E1,Adults,SW,1,01/01/2015,30000.01,0.01\n\
         E2,Adults,SW,1,01/01/2015,30000.02,0.02\n\
         E3,Adults,OT,1,01/01/2015,30000.02,0\n",
    )]);
    let t = csv(&[
        "pay",
        "--data",
        dir.path().to_str().unwrap(),
        "--by",
        "job_title",
        "--as-of",
        "2016-01-01",
    ]);
    expect_cells(
        &t,
        &[
            (&["SW"], "salary_median", "30000.02"),
            (&["SW"], "supplement_median", "0.02"),
            // A supplement of 0 is no supplement.
            (&["OT"], "with_supplement", "0"),
            (&["OT"], "supplement_median", ""),
            (&["OT"], "supplement_total", "0.00"),
            (TOTAL, "salary_median", "30000.02"),
            (TOTAL, "with_supplement", "2"),
        ],
    );
}

#[test]
fn a_back_dated_as_of_counts_leavers_in_post_as_every_report_does() {
    // The demo on 30/09/2024: the headcount and FTE in post are the
    // turnover report's; pay figures are over the payroll rows.
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let data = data.to_str().unwrap();
    let args = [
        "--data",
        data,
        "--by",
        "directorate",
        "--as-of",
        "2024-09-30",
    ];
    let mut p = vec!["pay"];
    p.extend(args);
    let pay = csv(&p);
    let mut tv = vec!["turnover", "--period", "2023-10-01..2024-09-30"];
    tv.extend(args);
    let turnover = csv(&tv);
    for r in &turnover.rows {
        let k: &[&str] = &[r[0].as_str()];
        assert_eq!(pay.get(k, "headcount"), turnover.get(k, "in_post"), "{k:?}");
        assert_eq!(pay.get(k, "fte"), turnover.get(k, "in_post_fte"), "{k:?}");
    }
    let mut j = vec!["pay"];
    j.extend(args);
    j.extend(["--format", "json"]);
    let out = run(&j);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        notes(&doc)
            .iter()
            .any(|n| n.contains("come from the leavers extract")),
        "{:?}",
        notes(&doc)
    );
}

#[test]
fn bad_market_extracts_name_the_file_and_rows() {
    let payroll = "Employee ID,Directorate,Job Title,Grade,FTE,Start Date,Salary\n\
                   E1,Adults,Social Worker,M1,1,01/01/2015,30000\n";
    // The same job title and grade twice (ignoring case).
    let dir = extracts(&[
        ("payroll.csv", payroll),
        (
            "market.csv",
            "Job Title,Grade,Market Median\nSocial Worker,M1,31000\nTeam Manager,M4,40000\nsocial worker,m1,32000\n",
        ),
    ]);
    let out = run(&["pay", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("market.csv, rows 2 and 4")
            && out.stderr.contains("job_title 'social worker', grade 'm1'"),
        "{}",
        out.stderr
    );
    // A line that names neither a job title nor a grade.
    let dir = extracts(&[
        ("payroll.csv", payroll),
        (
            "market.csv",
            "Job Title,Grade,Market Median\nSocial Worker,M1,31000\n,,40000\n",
        ),
    ]);
    let out = run(&["pay", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("market.csv, row 3"), "{}", out.stderr);
    // Neither column at all.
    let dir = extracts(&[
        ("payroll.csv", payroll),
        ("market.csv", "Role,Market Median\nSocial Worker,31000\n"),
    ]);
    let out = run(&["pay", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("neither a job_title nor a grade column"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_market_by_grade_alone_matches_every_job_title() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Job Title,Grade,FTE,Start Date,Salary\n\
             E1,Adults,Social Worker,M1,1,01/01/2015,30000\n\
             E2,Adults,Occupational Therapist,M1,1,01/01/2015,31000\n\
             E3,Adults,Team Manager,M4,1,01/01/2015,40000\n",
        ),
        ("market.csv", "Pay Grade,Median Salary\nM1,32000\n"),
    ]);
    let t = csv(&[
        "pay",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-01-01",
    ]);
    expect_cells(
        &t,
        &[
            (&["Social Worker", "M1"], "gap_to_market", "-2000.00"),
            (
                &["Occupational Therapist", "M1"],
                "gap_to_market",
                "-1000.00",
            ),
            (&["Team Manager", "M4"], "market_median", ""),
        ],
    );
}

#[test]
fn no_salary_column_gives_na_salary_figures() {
    let dir = extracts(&[(
        "payroll.csv",
        "Employee ID,Directorate,Job Title,FTE,Start Date\nE1,Adults,SW,1,01/01/2015\n",
    )]);
    let t = csv(&[
        "pay",
        "--data",
        dir.path().to_str().unwrap(),
        "--by",
        "job_title",
        "--as-of",
        "2016-01-01",
    ]);
    expect_cells(
        &t,
        &[
            (&["SW"], "headcount", "1"),
            (&["SW"], "fte", "1"),
            (&["SW"], "salary_median", ""),
            (&["SW"], "salary_mean", ""),
            (&["SW"], "paybill", ""),
            (&["SW"], "with_supplement", ""),
        ],
    );
}

#[test]
fn amounts_too_large_to_sum_are_an_error_not_a_panic() {
    // Salaries just under the 10^16 limit at fte 999,999: each salary x fte
    // is about 10^22; ten of them summed exceed what swr holds exactly.
    let mut payroll =
        String::from("Employee ID,Directorate,Job Title,FTE,Start Date,Salary,Car Allowance\n");
    for i in 0..10 {
        payroll.push_str(&format!(
            "E{i},Adults,SW,999999,01/01/2015,9999999999999999,9999999999999999\n"
        ));
    }
    let dir = extracts(&[("payroll.csv", payroll.as_str())]);
    let out = run(&[
        "pay",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-01-01",
    ]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("too large"), "{}", out.stderr);
}

#[test]
fn the_demo_shows_pay_against_the_market() {
    // Counted from examples/demo/payroll.csv and market.csv apart from swr
    // (a short Python script over the CSV, as of 30/09/2025, all 265 rows in
    // post): the 26 Grade 11 team managers' median salary is £54,519.00,
    // £2,481 (2481 / 57000 = 4.35%) behind the market's £57,000; Social
    // Care Assessors have no market row; each person's (salary + employer
    // NI + pension + supplement) x fte to the penny sums to £12,906,053.25,
    // and supplement x fte to £228,350.00. The workbook gives the same table
    // as the CSV files.
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let t = csv(&["pay", "--data", demo.to_str().unwrap()]);
    let tm: &[&str] = &["Team Manager", "Grade 11"];
    expect_cells(
        &t,
        &[
            (tm, "salary_median", "54519.00"),
            (tm, "market_median", "57000.00"),
            (tm, "gap_to_market", "-2481.00"),
            (tm, "gap_pct", "-4.4"),
            (&["Social Care Assessor", "Grade 7"], "market_median", ""),
            (TOTAL, "headcount", "265"),
            (TOTAL, "paybill", "12906053.25"),
            (TOTAL, "supplement_total", "228350.00"),
        ],
    );
    let book = csv(&["pay", "--data", demo.join("council.xlsx").to_str().unwrap()]);
    assert_eq!(t.rows, book.rows);
}

/// On 30/09/2024 the demo's one Independent Reviewing Officer in post comes
/// from the leavers extract (the IROs left in 2024 and January 2025), which
/// has no pay columns. Pay figures are over the payroll rows in post (SPEC
/// 4): the group has none, so its supplement_total and paybill are 0 (they
/// were N/A, while the Total beside them was a number), its medians N/A;
/// and the Total's sums are the sums of the rows (SPEC 4, "Totals").
#[test]
fn a_group_in_post_only_through_leavers_has_no_pay_to_sum() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let t = csv(&[
        "pay",
        "--data",
        &demo.to_string_lossy(),
        "--as-of",
        "2024-09-30",
    ]);
    let iro: &[&str] = &["Independent Reviewing Officer", "Grade 10"];
    expect_cells(
        &t,
        &[
            (iro, "headcount", "1"),
            (iro, "supplement_total", "0.00"),
            (iro, "paybill", "0.00"),
            (iro, "salary_median", ""),
        ],
    );
    for c in ["supplement_total", "paybill"] {
        let i = t.col(c);
        let rows: rust_decimal::Decimal = t.rows[..t.rows.len() - 1]
            .iter()
            .map(|r| r[i].parse::<rust_decimal::Decimal>().unwrap())
            .sum();
        assert_eq!(t.get(TOTAL, c), format!("{rows:.2}"), "{c}");
    }
}

/// Issue 18, "Every figure right or N/A": gap_to_market is the printed
/// salary_median less the printed market_median, so the page adds up.
/// Worked by hand, against a market median of £31,000 for both job titles
/// (no grade column: pay by job_title):
///
/// CSV, to the penny (half away from zero):
/// - SW: median (30,000.00 + 30,000.01) / 2 = 30,000.005, printed
///   30,000.01; gap 30,000.01 - 31,000.00 = -999.99 (from the unrounded
///   median, -999.995, it was -1,000.00). gap_pct stays worked out from the
///   unrounded figures: -999.995 / 31,000 = -3.23%.
/// - OT: median (30,000 + 30,001) / 2 = 30,000.50; gap -999.50.
/// - Total: 30,000.00, 30,000.00, 30,000.01, 30,001: median 30,000.005,
///   printed 30,000.01, gap -999.99 (it was -1,000.00).
///
/// Markdown, html and the table show money to the pound:
/// - SW: £30,000 (30,000.005) - £31,000 = -£1,000.
/// - OT: £30,001 (30,000.50) - £31,000 = -£999 (it showed -£1,000, the
///   pounds of -999.50).
/// - Total: £30,000 - £31,000 = -£1,000.
#[test]
fn gap_to_market_adds_up_as_printed() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Job Title,FTE,Start Date,Salary\n\
             S1,Adults,SW,1,01/01/2015,30000.00\n\
             S2,Adults,SW,1,01/01/2015,30000.01\n\
             O1,Adults,OT,1,01/01/2015,30000\n\
             O2,Adults,OT,1,01/01/2015,30001\n",
        ),
        (
            "market.csv",
            "Job Title,Market Median\nSW,31000\nOT,31000\n",
        ),
    ]);
    let data = dir.path().to_str().unwrap();
    let args = ["pay", "--data", data, "--as-of", "2016-07-31"];
    let (sw, ot): (&[&str], &[&str]) = (&["SW"], &["OT"]);
    let t = csv(&args);
    expect_cells(
        &t,
        &[
            (sw, "salary_median", "30000.01"),
            (sw, "market_median", "31000.00"),
            (sw, "gap_to_market", "-999.99"),
            (sw, "gap_pct", "-3.2"),
            (ot, "salary_median", "30000.50"),
            (ot, "gap_to_market", "-999.50"),
            (TOTAL, "salary_median", "30000.01"),
            (TOTAL, "gap_to_market", "-999.99"),
        ],
    );
    for format in ["markdown", "html", "table"] {
        let t = crate::common::shown(&args, format);
        let cells = |keys: &[&str]| -> Vec<String> {
            ["salary_median", "market_median", "gap_to_market"]
                .iter()
                .map(|c| t.get(keys, c).to_string())
                .collect()
        };
        assert_eq!(cells(sw), ["£30,000", "£31,000", "-£1,000"], "{format}");
        assert_eq!(cells(ot), ["£30,001", "£31,000", "-£999"], "{format}");
        assert_eq!(cells(TOTAL), ["£30,000", "£31,000", "-£1,000"], "{format}");
    }
}
