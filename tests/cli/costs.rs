//! `swr costs`: agency against permanent cost per FTE (SPEC section 2).
//!
//! Every expected figure comes from the Luton paper (seeds/003, paragraph 15),
//! the Cambridgeshire strategy (seeds/000, lines 86-88 and 251),
//! fixtures/EXPECTED.md section 2, or is worked out by hand in a comment.

use crate::common::{csv, expect_cells, extracts, fixture, json, notes, write, Csv};

fn luton() -> String {
    fixture("luton_costs").to_string_lossy().into_owned()
}

/// The command of EXPECTED.md section 2.
fn luton_table(extra: &[&str]) -> Csv {
    let data = luton();
    let mut args = vec![
        "costs",
        "--data",
        data.as_str(),
        "--by",
        "directorate,job_title",
        "--as-of",
        "2016-07-30",
        "--period",
        "2016-04-01..2016-07-30",
    ];
    args.extend_from_slice(extra);
    csv(&args)
}

const CH: &[&str] = &["Children's", "Senior Practitioner"];
const AD: &[&str] = &["Adults", "Advanced Practitioner"];
const TOTAL: &[&str] = &["Total"];

#[test]
fn luton_columns_are_the_spec_columns() {
    let t = luton_table(&[]);
    assert_eq!(
        t.header,
        [
            "directorate",
            "job_title",
            "permanent_fte",
            "permanent_cost_per_fte",
            "agency_fte",
            "agency_cost_per_fte",
            "premium_per_fte",
            "premium_pct",
            "annual_premium",
            "agency_spend"
        ]
    );
    // Two groups and the Total row, which comes last.
    assert_eq!(t.rows.len(), 3, "{:#?}", t.rows);
    assert_eq!(t.rows[2][0], "Total");
}

#[test]
fn luton_senior_and_advanced_practitioners_as_the_paper() {
    // Paper, para 15: Children's Senior Practitioner £42,482 against agency
    // £32 x 37 x 46 = £54,464, saving £11,982; Adults Advanced Practitioner
    // £39,018, saving £15,446. FTE-weighted means worked in EXPECTED.md:
    // 144,438.80 / 3.4 = 42,482.00 and 97,545 / 2.5 = 39,018.00.
    let t = luton_table(&[]);
    expect_cells(
        &t,
        &[
            (CH, "permanent_fte", "3.4"),
            (CH, "permanent_cost_per_fte", "42482.00"),
            (CH, "agency_fte", "3"),
            (CH, "agency_cost_per_fte", "54464.00"),
            (CH, "premium_per_fte", "11982.00"),
            // 11,982 / 42,482 = 28.205%
            (CH, "premium_pct", "28.2"),
            // 11,982 x 3 agency FTE
            (CH, "annual_premium", "35946.00"),
            (AD, "permanent_fte", "2.5"),
            (AD, "permanent_cost_per_fte", "39018.00"),
            // AG1066 1 FTE + AG1195 18.5 / 37 = 0.5 FTE
            (AD, "agency_fte", "1.5"),
            (AD, "agency_cost_per_fte", "54464.00"),
            (AD, "premium_per_fte", "15446.00"),
            // 15,446 / 39,018 = 39.587%
            (AD, "premium_pct", "39.6"),
            // 15,446 x 1.5
            (AD, "annual_premium", "23169.00"),
        ],
    );
}

#[test]
fn luton_agency_spend_to_the_penny() {
    // EXPECTED.md section 2, period 01/04/2016..30/07/2016 (121 days):
    // Children's 54,464 x (121 + 83 + 121) / 364 + 59,570 x 120 / 364 = 68,267.0330
    // Adults 54,464 x 121 / 364 + 27,232 x 41 / 364 = 21,172.1319
    let t = luton_table(&[]);
    expect_cells(
        &t,
        &[
            (CH, "agency_spend", "68267.03"),
            (AD, "agency_spend", "21172.13"),
            (TOTAL, "agency_spend", "89439.16"),
        ],
    );
}

#[test]
fn luton_agency_spend_over_the_default_twelve_months() {
    // No --period: 31/07/2015..30/07/2016 (EXPECTED.md section 2, second table).
    let data = luton();
    let t = csv(&[
        "costs",
        "--data",
        &data,
        "--by",
        "directorate,job_title",
        "--as-of",
        "2016-07-30",
    ]);
    expect_cells(
        &t,
        &[
            (CH, "agency_spend", "117134.07"),
            (AD, "agency_spend", "69043.22"),
            (TOTAL, "agency_spend", "186177.29"),
            // Nothing else depends on the period.
            (CH, "premium_per_fte", "11982.00"),
            (AD, "premium_per_fte", "15446.00"),
        ],
    );
}

#[test]
fn luton_total_row_sums_money_and_works_rates_over_everyone() {
    let t = luton_table(&[]);
    expect_cells(
        &t,
        &[
            // Sums: 3.4 + 2.5, 3 + 1.5, 35,946 + 23,169.
            (TOTAL, "permanent_fte", "5.9"),
            (TOTAL, "agency_fte", "4.5"),
            (TOTAL, "annual_premium", "59115.00"),
            // Over everyone: (144,438.80 + 97,545) / 5.9 = 41,014.2034, not the
            // mean of the two rows (40,750.00).
            (TOTAL, "permanent_cost_per_fte", "41014.20"),
            (TOTAL, "agency_cost_per_fte", "54464.00"),
            // 54,464 - 41,014.2034 = 13,449.7966; / 41,014.2034 = 32.79%
            (TOTAL, "premium_per_fte", "13449.80"),
            (TOTAL, "premium_pct", "32.8"),
        ],
    );
}

#[test]
fn weeks_52_changes_the_agency_cost_of_an_fte_year() {
    // 32 x 37 x 52 = 61,568. Default period 31/07/2015..30/07/2016.
    let data = luton();
    let t = csv(&[
        "costs",
        "--data",
        &data,
        "--by",
        "directorate,job_title",
        "--as-of",
        "2016-07-30",
        "--weeks",
        "52",
    ]);
    expect_cells(
        &t,
        &[
            (CH, "agency_cost_per_fte", "61568.00"),
            (AD, "agency_cost_per_fte", "61568.00"),
            (TOTAL, "agency_cost_per_fte", "61568.00"),
            // The permanent side does not move.
            (CH, "permanent_cost_per_fte", "42482.00"),
            // 61,568 - 42,482 = 19,086; / 42,482 = 44.927%; x 3 = 57,258
            (CH, "premium_per_fte", "19086.00"),
            (CH, "premium_pct", "44.9"),
            (CH, "annual_premium", "57258.00"),
            // 61,568 - 39,018 = 22,550; / 39,018 = 57.794%; x 1.5 = 33,825
            (AD, "premium_per_fte", "22550.00"),
            (AD, "premium_pct", "57.8"),
            (AD, "annual_premium", "33825.00"),
            // 61,568 - 41,014.2034 = 20,553.7966; / 41,014.2034 = 50.114%
            (TOTAL, "premium_per_fte", "20553.80"),
            (TOTAL, "premium_pct", "50.1"),
            (TOTAL, "annual_premium", "91083.00"),
            // spend with weeks/52 = 1: rate x hours x days / 7 (days from
            // EXPECTED.md's twelve-month table). 32 x 37 = 1,184; 35 x 37 = 1,295;
            // 32 x 18.5 = 592; 34 x 37 = 1,258.
            // Children's (1,184 x (328 + 83 + 152) + 1,295 x 201) / 7
            //   = (666,592 + 260,295) / 7 = 926,887 / 7 = 132,412.4286
            (CH, "agency_spend", "132412.43"),
            // Adults (1,184 x 272 + 592 x 41 + 1,258 x 159) / 7
            //   = (322,048 + 24,272 + 200,022) / 7 = 546,342 / 7 = 78,048.8571
            (AD, "agency_spend", "78048.86"),
            // 1,473,229 / 7 = 210,461.2857 (also 132,412.43 + 78,048.86)
            (TOTAL, "agency_spend", "210461.29"),
        ],
    );
}

#[test]
fn cap_counts_active_placements_charged_above_the_rate() {
    // Active on 30/07/2016: Children's AG1041, AG1187, AG1102 at £32 (AG1093 at
    // £35 ended 29/07); Adults AG1066 and AG1195 at £32 (AG1071 at £34 ended,
    // AG1201 at £36 starts 31/07). A count of placements: AG1195 is 0.5 FTE but
    // one placement.
    let t = luton_table(&["--cap", "31"]);
    assert!(t.header.contains(&"over_cap".to_string()), "{:?}", t.header);
    expect_cells(
        &t,
        &[
            (CH, "over_cap", "3"),
            (AD, "over_cap", "2"),
            (TOTAL, "over_cap", "5"),
        ],
    );
}

#[test]
fn cap_at_the_rate_itself_is_not_over_it() {
    // £32 is not above £32.
    let t = luton_table(&["--cap", "32"]);
    expect_cells(
        &t,
        &[
            (CH, "over_cap", "0"),
            (AD, "over_cap", "0"),
            (TOTAL, "over_cap", "0"),
        ],
    );
    // £35, £34 and £36 are above £33, but those placements are not active on
    // the as-of date, so they do not count.
    let t = luton_table(&["--cap", "33"]);
    expect_cells(
        &t,
        &[
            (CH, "over_cap", "0"),
            (AD, "over_cap", "0"),
            (TOTAL, "over_cap", "0"),
        ],
    );
}

#[test]
fn no_over_cap_column_without_cap() {
    let t = luton_table(&[]);
    assert!(
        !t.header.contains(&"over_cap".to_string()),
        "{:?}",
        t.header
    );
}

#[test]
fn on_cost_rate_is_not_applied_when_employer_ni_is_present() {
    // Luton's payroll carries Employer NI, so --on-cost-rate 0.2 must not add
    // salary x 0.2: the figures stay the paper's.
    let data = luton();
    let args = [
        "costs",
        "--data",
        &data,
        "--by",
        "directorate,job_title",
        "--as-of",
        "2016-07-30",
        "--on-cost-rate",
        "0.2",
    ];
    let t = csv(&args);
    expect_cells(
        &t,
        &[
            (CH, "permanent_cost_per_fte", "42482.00"),
            (AD, "permanent_cost_per_fte", "39018.00"),
            (CH, "premium_per_fte", "11982.00"),
        ],
    );
    let doc = json(&args);
    let ns = notes(&doc);
    assert!(
        ns.iter()
            .any(|n| n.contains("on-cost") && n.contains("not applied")),
        "expected a note that --on-cost-rate was not applied, got {ns:#?}"
    );
}

#[test]
fn on_cost_rate_is_applied_when_no_employer_columns() {
    // Payroll with salary only: (30,000 x 1 + 34,000 x 0.5) / 1.5 = 31,333.33;
    // with --on-cost-rate 0.2: (36,000 x 1 + 40,800 x 0.5) / 1.5 = 56,400 / 1.5 = 37,600.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "payroll.csv",
        "Employee Number,Department,Post Title,Contracted FTE,Start Date,Salary\n\
         P1,Children's,Social Worker,1,01/04/2015,30000.00\n\
         P2,Children's,Social Worker,0.5,01/05/2015,\"£34,000.00\"\n",
    );
    write(
        dir.path(),
        "agency.csv",
        "Worker ID,Department,Post Title,Start Date,End Date,Hours per Week,Hourly Rate\n\
         A1,Children's,Social Worker,01/01/2016,,37,30.00\n",
    );
    let data = dir.path().to_string_lossy().into_owned();
    let base = ["costs", "--data", &data, "--as-of", "2016-07-30"];
    let t = csv(&base);
    expect_cells(
        &t,
        &[(&["Social Worker"], "permanent_cost_per_fte", "31333.33")],
    );
    let mut with_rate = base.to_vec();
    with_rate.extend(["--on-cost-rate", "0.2"]);
    let t = csv(&with_rate);
    expect_cells(
        &t,
        &[
            (&["Social Worker"], "permanent_cost_per_fte", "37600.00"),
            // 30 x 37 x 46 = 51,060; 51,060 - 37,600 = 13,460
            (&["Social Worker"], "agency_cost_per_fte", "51060.00"),
            (&["Social Worker"], "premium_per_fte", "13460.00"),
        ],
    );
}

#[test]
fn a_side_with_no_staff_is_na_not_zero() {
    // Senior Practitioner has agency but no payroll; Social Worker has payroll
    // but no agency.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "payroll.csv",
        "Employee Number,Department,Post Title,Contracted FTE,Start Date,Salary,Employer NI\n\
         P1,Children's,Social Worker,1,01/04/2015,30000.00,3000.00\n",
    );
    write(
        dir.path(),
        "agency.csv",
        "Worker ID,Department,Post Title,Start Date,End Date,Hours per Week,Hourly Rate\n\
         A1,Children's,Senior Practitioner,01/01/2016,,37,£30.00\n",
    );
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&[
        "costs",
        "--data",
        &data,
        "--by",
        "job_title",
        "--as-of",
        "2016-07-30",
    ]);
    let sp: &[&str] = &["Senior Practitioner"];
    let sw: &[&str] = &["Social Worker"];
    expect_cells(
        &t,
        &[
            // agency only: 30 x 37 x 46 = 51,060; no permanent side
            (sp, "agency_fte", "1"),
            (sp, "agency_cost_per_fte", "51060.00"),
            (sp, "permanent_cost_per_fte", ""),
            (sp, "premium_per_fte", ""),
            (sp, "premium_pct", ""),
            (sp, "annual_premium", ""),
            // payroll only: 30,000 + 3,000 = 33,000; no agency side
            (sw, "permanent_fte", "1"),
            (sw, "permanent_cost_per_fte", "33000.00"),
            (sw, "agency_cost_per_fte", ""),
            (sw, "premium_per_fte", ""),
            (sw, "premium_pct", ""),
            (sw, "annual_premium", ""),
            // The Total per-FTE figures are over everyone in the table.
            (TOTAL, "permanent_cost_per_fte", "33000.00"),
            (TOTAL, "agency_cost_per_fte", "51060.00"),
        ],
    );
}

#[test]
fn cambridgeshire_twenty_agency_posts_premium() {
    // Cambridgeshire strategy (seeds/000, lines 86-88): a permanent social
    // worker costs £39,500 a year including on-costs, an agency worker £64,000;
    // line 251: a £502k saving from 20 fewer agency posts (10 in Children's,
    // 10 across adults). 64,000 / (37 x 46) = 37.6028..., not whole pence, so
    // the extract uses £37.60 an hour: 37.60 x 37 = 1,391.20; x 46 = 63,995.20.
    // premium 63,995.20 - 39,500 = 24,495.20 a post; x 20 FTE = 489,904.00
    // (the paper's 64,000 - 39,500 = 24,500 x 20 = 490,000, "£502k"-ish).
    //
    // Payroll: salary is the whole cost (Employer NI and Pension written 0).
    // Children's 38,500 and 40,500 at 1 FTE -> 39,500; Adults 39,500 at 0.6 and 1.
    // Agency: Children's 8 placements at 37 hours + 4 at 18.5 = 10 FTE;
    // Adults 10 at 37 hours = 10 FTE; all open-ended, all at £37.60.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "payroll.csv",
        "Employee Number,Department,Post Title,Contracted FTE,Start Date,Salary,Employer NI,Employer Pension\n\
         C1,Children's Social Care,Social Worker,1,01/09/2012,\"£38,500\",0,0.00\n\
         C2,Children's Social Care,Social Worker,1,01/09/2013,\"£40,500\",0,0.00\n\
         A1,Adult Social Care,Social Worker,0.6,01/09/2010,39500,0,0\n\
         A2,Adult Social Care,Social Worker,1,01/09/2011,39500.00,£0.00,£0.00\n",
    );
    let mut agency = String::from(
        "Worker ID,Department,Post Title,Start Date,End Date,Hours per Week,Hourly Rate,Covering\n",
    );
    for i in 0..12 {
        let hours = if i < 8 { "37" } else { "18.5" };
        agency.push_str(&format!(
            "CA{i:02},Children's Social Care,Social Worker,01/06/2015,,{hours},£37.60,Vacancy\n"
        ));
    }
    for i in 0..10 {
        agency.push_str(&format!(
            "AA{i:02},Adult Social Care,Social Worker,01/06/2015,,37,£37.60,Vacancy\n"
        ));
    }
    write(dir.path(), "agency.csv", &agency);
    let data = dir.path().to_string_lossy().into_owned();
    let t = csv(&[
        "costs",
        "--data",
        &data,
        "--by",
        "directorate",
        "--as-of",
        "2015-09-30",
    ]);
    let ch: &[&str] = &["Children's Social Care"];
    let ad: &[&str] = &["Adult Social Care"];
    expect_cells(
        &t,
        &[
            (ch, "permanent_fte", "2"),
            (ch, "permanent_cost_per_fte", "39500.00"),
            (ch, "agency_fte", "10"),
            (ch, "agency_cost_per_fte", "63995.20"),
            (ch, "premium_per_fte", "24495.20"),
            // 24,495.20 x 10
            (ch, "annual_premium", "244952.00"),
            // (39,500 x 0.6 + 39,500) / 1.6
            (ad, "permanent_fte", "1.6"),
            (ad, "permanent_cost_per_fte", "39500.00"),
            (ad, "agency_fte", "10"),
            (ad, "agency_cost_per_fte", "63995.20"),
            (ad, "premium_per_fte", "24495.20"),
            (ad, "annual_premium", "244952.00"),
            (TOTAL, "agency_fte", "20"),
            (TOTAL, "permanent_cost_per_fte", "39500.00"),
            (TOTAL, "premium_per_fte", "24495.20"),
            // 24,495.20 / 39,500 = 62.013%
            (TOTAL, "premium_pct", "62.0"),
            // 244,952 + 244,952 = 489,904.00
            (TOTAL, "annual_premium", "489904.00"),
        ],
    );
}

/// Issue 9, fault 5: a planned agency end date three months ahead once
/// became the as-of date, and spend was reported for months that had not
/// happened. The default as-of date is the latest start or leave date
/// (31/07/2016 here, L1's), so the period is 01/08/2015-31/07/2016 and A1
/// (£30 x 37 hours from 01/07/2016, planned to end 31/10/2016) has 31 days
/// of spend: 30 x 37 x 31 / 7 x 46 / 52 = £4,348.52.
#[test]
fn a_planned_agency_end_date_is_not_the_as_of_date() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "payroll.csv", "Employee ID,Directorate,Job Title,FTE,Start Date,Salary\nE1,Adults,SW,1,01/01/2015,30000\nE2,Adults,SW,1,30/06/2016,30000\n");
    write(dir.path(), "agency.csv", "Worker ID,Directorate,Job Title,Start Date,End Date,Hours per Week,Hourly Rate\nA1,Adults,SW,01/07/2016,31/10/2016,37,30\n");
    write(dir.path(), "leavers.csv", "Employee ID,Directorate,Job Title,FTE,Start Date,Leaving Date,Reason\nL1,Adults,SW,1,01/01/2014,31/07/2016,Retired\n");
    let j = json(&["costs", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(j["as_of"], "2016-07-31");
    assert_eq!(j["period"]["start"], "2015-08-01");
    assert_eq!(j["rows"][0]["agency_spend"], 4348.52);
    // Permanent staff in post on 31/07/2016: E1 and E2 (L1 leaves that day).
    assert_eq!(j["rows"][0]["permanent_fte"], 2);
}

/// A blank salary is neither £0 nor left out: it is a data error naming the
/// cell (SPEC 4, "Blank cells"). With --skip-invalid the row is set aside:
/// worked by hand, (30,000 x 1 + 40,000 x 1) / 2 FTE = £35,000 per FTE on
/// 2 FTE (taking the blank as 0 would give £28,000 over 2.5). Without a
/// salary column the permanent cost, the premium and its Total are N/A,
/// never £0.
#[test]
fn a_blank_salary_is_refused_not_read_as_nothing() {
    let payroll = "Employee ID,Directorate,Job Title,FTE,Start Date,Salary\n\
        1,Adults,SW,1,01/01/2015,30000\n2,Adults,SW,0.5,01/01/2015,\n4,Adults,SW,1,01/01/2015,40000\n";
    let agency = "Worker ID,Directorate,Job Title,Start Date,End Date,Hours Per Week,Hourly Rate\n\
        A1,Adults,SW,01/01/2016,,37,40\n";
    let dir = extracts(&[("payroll.csv", payroll), ("agency.csv", agency)]);
    let d = dir.path().to_str().unwrap();
    let out = crate::common::run(&["costs", "--data", d, "--as-of", "2016-07-31"]);
    assert_eq!(out.status, 1, "{}", out.stdout);
    assert!(
        out.stderr.contains("payroll.csv, row 3, column 'Salary'"),
        "{}",
        out.stderr
    );
    let j = json(&[
        "costs",
        "--data",
        d,
        "--as-of",
        "2016-07-31",
        "--skip-invalid",
    ]);
    let total = j["rows"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(total["permanent_fte"], 2);
    assert_eq!(total["permanent_cost_per_fte"], 35000.0);
    // 40 x 37 x 46 = 68,080 a year; less 35,000.
    assert_eq!(total["premium_per_fte"], 33080.0);
    assert!(
        j["notes"]
            .to_string()
            .contains("1 row set aside (--skip-invalid)"),
        "{}",
        j["notes"]
    );
    let no_salary: String = payroll
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect();
    let dir = extracts(&[("payroll.csv", no_salary.as_str()), ("agency.csv", agency)]);
    let d = dir.path().to_str().unwrap();
    let j = json(&["costs", "--data", d, "--as-of", "2016-07-31"]);
    for row in j["rows"].as_array().unwrap() {
        for c in [
            "permanent_cost_per_fte",
            "premium_per_fte",
            "premium_pct",
            "annual_premium",
        ] {
            assert!(row[c].is_null(), "{c}: {row}");
        }
        assert_eq!(row["agency_cost_per_fte"], 68080.0);
    }
}

/// Issue 18, "Every figure right or N/A": premium_per_fte and
/// annual_premium are worked out from the figures as printed, so the page
/// adds up. Worked by hand (37 x 46 = 1,702 hours an agency FTE-year; every
/// placement at £30 an hour, so agency_cost_per_fte is 30 x 1,702 =
/// 51,060.00 in every row):
///
/// CSV, to the penny:
/// - SW: permanent (40,000.00 + 40,000.01) / 2 = 40,000.005, printed
///   40,000.01. premium 51,060.00 - 40,000.01 = 11,059.99 (from the
///   unrounded mean, 11,059.995, it was 11,060.00); x 3 agency FTE =
///   33,179.97 (it was 11,059.995 x 3 = 33,179.985, 33,179.99).
/// - SP: permanent (40,000 + 40,001) / 2 = 40,000.50; premium 11,059.50;
///   x 2 = 22,119.00.
/// - OT: permanent 35,000.00; premium 16,060.00; agency FTE 30 / 37 =
///   0.8108..., printed 0.81: the premium x the FTE as worked out, 16,060 x
///   30 / 37 = 13,021.62 (0.81 printed would give 13,008.60: rounding the
///   FTE would move a year's premium by £13).
/// - Total: permanent 195,001.01 / 5 = 39,000.202, printed 39,000.20;
///   premium 12,059.80 (either way); premium_pct 12,059.798 / 39,000.202 =
///   30.92% (rates stay worked out from the unrounded figures); agency FTE
///   3 + 2 + 0.81 = 5.81 printed; annual_premium the sum of the rows,
///   33,179.97 + 22,119.00 + 13,021.62 = 68,320.59 (it was 68,320.61).
///
/// Markdown, html and the table show money to the pound:
/// - SW: £51,060 - £40,000 = £11,060; x 3 = £33,180.
/// - SP: £51,060 - £40,001 (40,000.50, half away from zero) = £11,059 (it
///   showed £11,060, the pounds of 11,059.50); x 2 = £22,118 (it showed
///   £22,119).
/// - OT: £51,060 - £35,000 = £16,060; x 30 / 37 = 13,021.62, £13,022.
/// - Total: £51,060 - £39,000 = £12,060; annual_premium the sum of the rows
///   shown, £33,180 + £22,118 + £13,022 = £68,320 (it showed £68,321).
#[test]
fn premium_and_annual_premium_add_up_as_printed() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Job Title,FTE,Start Date,Salary\n\
             S1,Adults,SW,1,01/04/2015,40000.00\n\
             S2,Adults,SW,1,01/04/2015,40000.01\n\
             P1,Adults,SP,1,01/04/2015,40000\n\
             P2,Adults,SP,1,01/04/2015,40001\n\
             O1,Adults,OT,1,01/04/2015,35000\n",
        ),
        (
            "agency.csv",
            "Worker ID,Directorate,Job Title,Start Date,End Date,Hours per Week,Hourly Rate\n\
             A1,Adults,SW,01/01/2016,,37,30\n\
             A2,Adults,SW,01/01/2016,,37,30\n\
             A3,Adults,SW,01/01/2016,,37,30\n\
             A4,Adults,SP,01/01/2016,,37,30\n\
             A5,Adults,SP,01/01/2016,,37,30\n\
             A6,Adults,OT,01/01/2016,,30,30\n",
        ),
    ]);
    let data = dir.path().to_str().unwrap();
    let args = ["costs", "--data", data, "--as-of", "2016-07-31"];
    let (sw, sp, ot): (&[&str], &[&str], &[&str]) = (&["SW"], &["SP"], &["OT"]);
    let t = csv(&args);
    expect_cells(
        &t,
        &[
            (sw, "permanent_cost_per_fte", "40000.01"),
            (sw, "agency_cost_per_fte", "51060.00"),
            (sw, "premium_per_fte", "11059.99"),
            (sw, "premium_pct", "27.6"),
            (sw, "agency_fte", "3"),
            (sw, "annual_premium", "33179.97"),
            (sp, "permanent_cost_per_fte", "40000.50"),
            (sp, "premium_per_fte", "11059.50"),
            (sp, "annual_premium", "22119.00"),
            (ot, "agency_fte", "0.81"),
            (ot, "premium_per_fte", "16060.00"),
            (ot, "annual_premium", "13021.62"),
            (TOTAL, "permanent_cost_per_fte", "39000.20"),
            (TOTAL, "agency_cost_per_fte", "51060.00"),
            (TOTAL, "premium_per_fte", "12059.80"),
            (TOTAL, "premium_pct", "30.9"),
            (TOTAL, "agency_fte", "5.81"),
            (TOTAL, "annual_premium", "68320.59"),
        ],
    );
    for format in ["markdown", "html", "table"] {
        let t = crate::common::shown(&args, format);
        let cells = |keys: &[&str]| -> Vec<String> {
            [
                "permanent_cost_per_fte",
                "agency_cost_per_fte",
                "premium_per_fte",
                "agency_fte",
                "annual_premium",
            ]
            .iter()
            .map(|c| t.get(keys, c).to_string())
            .collect()
        };
        assert_eq!(
            cells(sw),
            ["£40,000", "£51,060", "£11,060", "3", "£33,180"],
            "{format}"
        );
        assert_eq!(
            cells(sp),
            ["£40,001", "£51,060", "£11,059", "2", "£22,118"],
            "{format}"
        );
        assert_eq!(
            cells(ot),
            ["£35,000", "£51,060", "£16,060", "0.81", "£13,022"],
            "{format}"
        );
        assert_eq!(
            cells(TOTAL),
            ["£39,000", "£51,060", "£12,060", "5.81", "£68,320"],
            "{format}"
        );
    }
}
