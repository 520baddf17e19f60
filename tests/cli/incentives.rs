//! `swr incentives`: the cost in a period of swr.toml's `[[incentive]]`
//! rules (SPEC section 5).
//!
//! fixtures/cheshire_incentives holds Cheshire East's payments (seeds/002,
//! lines 156 and 218) in its swr.toml: a £3,000 recruitment supplement, pro
//! rata, on passing a 6-month probation (Grade 9/10 social workers in
//! CiN/CP Crewe); a £1,000 retention payment on every anniversary (Grade
//! 9/10 social workers, and team managers, in the CiN/CP and Cared For
//! teams); £1,000 to ASYEs on their first anniversary. Its payroll is the
//! one at 31/03/2019; its leavers extract holds E13 (left 15/06/2018) and
//! E15 (left 28/02/2018). Each person's trigger dates are worked out in the
//! comments; fixtures/cheshire_incentives/README.md lists them.

use crate::common::{csv, expect_cells, extracts, fixture, json, notes, run, Csv};

fn cheshire(extra: &[&str]) -> Csv {
    let data = fixture("cheshire_incentives")
        .to_string_lossy()
        .into_owned();
    let mut args = vec!["incentives", "--data", data.as_str()];
    args.extend_from_slice(extra);
    csv(&args)
}

const RS: &[&str] = &["Recruitment supplement"];
const RP: &[&str] = &["Retention payment"];
const TM: &[&str] = &["Retention payment (team managers)"];
const ASYE: &[&str] = &["ASYE second year"];
const TOTAL: &[&str] = &["Total"];

#[test]
fn columns_are_the_spec_columns_and_every_rule_has_a_row() {
    let t = cheshire(&["--period", "2018/19"]);
    assert_eq!(t.header, ["incentive", "people", "payments", "cost"]);
    assert_eq!(
        t.firsts(),
        [
            "ASYE second year",
            "Recruitment supplement",
            "Retention payment",
            "Retention payment (team managers)",
            "Total"
        ]
    );
    // A day on which nothing falls due: every rule still has its row, at 0.
    let t = cheshire(&["--period", "2018-07-01..2018-07-01"]);
    expect_cells(
        &t,
        &[
            (RS, "payments", "0"),
            (RS, "cost", "0.00"),
            (ASYE, "people", "0"),
            (TOTAL, "payments", "0"),
            (TOTAL, "cost", "0.00"),
        ],
    );
}

#[test]
fn cheshire_east_2018_19_worked_by_hand() {
    // --period 2018/19: 01/04/2018 to 31/03/2019, as of its end, when
    // E01-E12 are in post (E13 and E15 have left).
    //
    // Recruitment supplement (probation ends 6 months after the start):
    //   E01 01/10/2017 -> 01/04/2018, the period's first day: 3,000 x 1
    //   E02 31/08/2018 -> 28/02/2019 (no 31 February): 3,000 x 0.6 = 1,800
    //   E03 30/09/2017 -> 30/03/2018, before the period: nothing
    //   E04 01/10/2018 -> 01/04/2019, the day after it: nothing
    //   E05 31/03/2015 -> 30/09/2015: nothing
    //   = 2 people, 2 payments, 4,800.00
    // Retention payment (anniversaries, not pro rata):
    //   E01 01/10/2018 (1st): 1,000; E02 31/08/2019 and E04 01/10/2019:
    //   after the period; E03 30/09/2018 (1st, fte 0.5): 1,000; E05
    //   31/03/2018 is the day before the period, 31/03/2019 (4th) its last
    //   day: 1,000; E07 (Macclesfield, fte 0.5) 01/02/2019 (1st): 1,000;
    //   E08 29/02/2016 -> 01/03/2019 (3rd): 1,000
    //   = 5 people, 5 payments, 5,000.00
    // Team managers: E09 14/06/2018 (8th): 1,000; E10 is in Fostering.
    // ASYE second year (years = [1]): E11 03/09/2018 (1st): 1,000; E12's
    //   05/09/2018 is her 2nd: nothing.
    // Total: E01, E02, E03, E05, E07, E08, E09, E11 = 8 people, 9
    //   payments, 4,800 + 5,000 + 1,000 + 1,000 = 11,800.00
    let t = cheshire(&["--period", "2018/19"]);
    expect_cells(
        &t,
        &[
            (RS, "people", "2"),
            (RS, "payments", "2"),
            (RS, "cost", "4800.00"),
            (RP, "people", "5"),
            (RP, "payments", "5"),
            (RP, "cost", "5000.00"),
            (TM, "payments", "1"),
            (TM, "cost", "1000.00"),
            (ASYE, "payments", "1"),
            (ASYE, "cost", "1000.00"),
            (TOTAL, "people", "8"),
            (TOTAL, "payments", "9"),
            (TOTAL, "cost", "11800.00"),
        ],
    );
}

#[test]
fn part_timers_are_pro_rata_for_the_supplement_only() {
    let t = cheshire(&["--period", "2018/19", "--by", "incentive,employee_id"]);
    expect_cells(
        &t,
        &[
            (&["Recruitment supplement", "E01"], "cost", "3000.00"),
            // 3,000 x 0.6
            (&["Recruitment supplement", "E02"], "cost", "1800.00"),
            // fte 0.5 and 0.5: the retention payment is fixed
            (&["Retention payment", "E03"], "cost", "1000.00"),
            (&["Retention payment", "E07"], "cost", "1000.00"),
            (TOTAL, "cost", "11800.00"),
        ],
    );
    assert!(!t.rows.iter().any(|r| r[1] == "E12"), "{:#?}", t.rows);
}

#[test]
fn a_projection_from_31_march_2018() {
    // As of 31/03/2018, for 2018/19 ahead: E02 and E04 had not started;
    // E13 (Grade 9, Crewe, fte 0.5, from 01/11/2017) was in post and has
    // a leave date, 15/06/2018. Her probation ends 01/05/2018, before it:
    // 3,000 x 0.5 = 1,500; her anniversary 01/11/2018 is after it: nothing.
    // Recruitment supplement: E01 3,000 + E13 1,500 = 4,500.00
    // Retention payment: E01, E03, E05, E07, E08 = 5,000.00
    // Team managers 1,000; ASYE 1,000. Total 11,500.00, 9 payments to
    // E01, E03, E05, E07, E08, E09, E11, E13.
    let t = cheshire(&["--period", "2018/19", "--as-of", "2018-03-31"]);
    expect_cells(
        &t,
        &[
            (RS, "people", "2"),
            (RS, "cost", "4500.00"),
            (RP, "payments", "5"),
            (RP, "cost", "5000.00"),
            (TOTAL, "people", "8"),
            (TOTAL, "payments", "9"),
            (TOTAL, "cost", "11500.00"),
        ],
    );
    let doc = json(&[
        "incentives",
        "--data",
        fixture("cheshire_incentives").to_str().unwrap(),
        "--period",
        "2018/19",
        "--as-of",
        "2018-03-31",
    ]);
    assert!(
        notes(&doc).iter().any(|n| n.contains("are a projection")),
        "{:?}",
        notes(&doc)
    );
}

#[test]
fn people_who_left_before_the_as_of_date_are_not_counted() {
    // 2018/19 as of its end: E13 had left (15/06/2018), so her probation
    // payment of 01/05/2018 is not counted (it is in the projection above).
    let t = cheshire(&["--period", "2018/19", "--by", "incentive,employee_id"]);
    assert!(!t.rows.iter().any(|r| r[1] == "E13"), "{:#?}", t.rows);
    let doc = json(&[
        "incentives",
        "--data",
        fixture("cheshire_incentives").to_str().unwrap(),
        "--period",
        "2018/19",
    ]);
    assert!(
        notes(&doc)
            .iter()
            .any(|n| n == "People who left before 31/03/2019 are not counted, even for payments due while they were in post."),
        "{:?}",
        notes(&doc)
    );
}

#[test]
fn a_trigger_on_the_first_or_last_day_of_the_period_counts() {
    // E01's probation ends on 01/04/2018, the first day of 2018/19.
    let t = cheshire(&["--period", "2018-04-01..2018-04-01"]);
    expect_cells(
        &t,
        &[
            (RS, "payments", "1"),
            (RS, "cost", "3000.00"),
            (TOTAL, "payments", "1"),
        ],
    );
    // E05's 4th anniversary is 31/03/2019, the last day of 2018/19.
    let t = cheshire(&["--period", "2019-03-31..2019-03-31"]);
    expect_cells(&t, &[(RP, "payments", "1"), (TOTAL, "payments", "1")]);
    // Her 3rd, 31/03/2018, is the last day of 2017/18, and E03's probation
    // ends 30/03/2018 (3,000 x 0.5).
    let t = cheshire(&["--period", "2018-03-30..2018-03-31"]);
    expect_cells(
        &t,
        &[
            (RP, "payments", "1"),
            (RS, "cost", "1500.00"),
            (TOTAL, "payments", "2"),
        ],
    );
    // E04's probation ends 01/04/2019, the day after 2018/19 (3,000 x 0.8).
    let t = cheshire(&["--period", "2019-04-01..2019-04-01"]);
    expect_cells(&t, &[(RS, "cost", "2400.00"), (TOTAL, "payments", "1")]);
}

#[test]
fn the_anniversary_of_29_february_is_1_march_in_a_common_year() {
    // E08 started on 29/02/2016.
    let t = cheshire(&["--period", "2019-02-28..2019-02-28"]);
    // Only E02's probation (31/08/2018 + 6 months = 28/02/2019).
    expect_cells(
        &t,
        &[
            (RP, "payments", "0"),
            (RS, "cost", "1800.00"),
            (TOTAL, "payments", "1"),
        ],
    );
    let t = cheshire(&["--period", "2019-03-01..2019-03-01"]);
    expect_cells(&t, &[(RP, "payments", "1"), (TOTAL, "payments", "1")]);
    // In a leap year it is 29 February itself (her 4th).
    let t = cheshire(&["--period", "2020-02-29..2020-02-29"]);
    expect_cells(&t, &[(RP, "payments", "1"), (TOTAL, "payments", "1")]);
    let t = cheshire(&["--period", "2020-03-01..2020-03-01"]);
    expect_cells(&t, &[(RP, "payments", "0")]);
}

#[test]
fn years_pays_only_the_anniversaries_listed() {
    // ASYE second year, years = [1]: E11 (03/09/2017) on 03/09/2018; E12
    // (05/09/2016) on 05/09/2017, in 2017/18, never again.
    let t = cheshire(&["--period", "2017/18", "--by", "incentive,employee_id"]);
    expect_cells(&t, &[(&["ASYE second year", "E12"], "cost", "1000.00")]);
    assert!(
        !t.rows
            .iter()
            .any(|r| r[0] == "ASYE second year" && r[1] == "E11"),
        "{:#?}",
        t.rows
    );
    let t = cheshire(&[
        "--period",
        "2018-04-01..2021-03-31",
        "--by",
        "incentive,employee_id",
    ]);
    expect_cells(&t, &[(&["ASYE second year", "E11"], "payments", "1")]);
    assert!(
        !t.rows
            .iter()
            .any(|r| r[0] == "ASYE second year" && r[1] == "E12"),
        "{:#?}",
        t.rows
    );
    // Every anniversary otherwise: E05 (31/03/2015) has her 4th, 5th and
    // 6th in three years from 01/04/2018.
    expect_cells(&t, &[(&["Retention payment", "E05"], "payments", "3")]);
}

#[test]
fn compare_gives_the_year_before() {
    // 2017/18, as of 31/03/2018 (E01, E03, E05-E13 in post):
    // Recruitment supplement: E03's probation 30/03/2018, 3,000 x 0.5 = 1,500
    // Retention payment: E05 31/03/2018 (3rd), E08 01/03/2018 (2nd) = 2,000
    // Team managers: E09 14/06/2017 = 1,000; ASYE: E12 05/09/2017 = 1,000
    // Total 5,500.00 in 5 payments; 11,800 - 5,500 = 6,300.
    let t = cheshire(&["--period", "2018/19", "--compare", "2017/18"]);
    expect_cells(
        &t,
        &[
            (RS, "cost_prev", "1500.00"),
            (RP, "cost_prev", "2000.00"),
            (TOTAL, "payments_prev", "5"),
            (TOTAL, "cost_prev", "5500.00"),
            (TOTAL, "cost_change", "6300.00"),
        ],
    );
}

#[test]
fn pro_rata_without_an_fte_is_na() {
    // A leavers extract with no fte column: L1 (leave date ahead) is in
    // post on 31/03/2018 and her probation ends 01/05/2018.
    let dir = extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Job Title,FTE,Start Date\nE1,Children's,Social Worker,1,01/10/2017\n",
        ),
        (
            "leavers.csv",
            "Employee ID,Directorate,Job Title,Start Date,Leaving Date,Reason\nL1,Children's,Social Worker,01/11/2017,15/06/2018,Resignation\n",
        ),
        (
            "swr.toml",
            "[[incentive]]\nname = \"Supplement\"\namount = 3000\nwhen = \"probation\"\npro_rata = true\n\n\
             [[incentive]]\nname = \"Welcome\"\namount = 250\nwhen = \"probation\"\n",
        ),
    ]);
    let t = csv(&[
        "incentives",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2018-03-31",
        "--period",
        "2018/19",
    ]);
    expect_cells(
        &t,
        &[
            (&["Supplement"], "payments", "2"),
            (&["Supplement"], "cost", ""),
            // Not pro rata: known. probation_months defaults to 6.
            (&["Welcome"], "cost", "500.00"),
            (TOTAL, "cost", ""),
        ],
    );
}

#[test]
fn a_rule_naming_a_column_no_extract_has_is_a_usage_error() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Job Title,FTE,Start Date\nE1,Children's,Social Worker,1,01/10/2017\n",
        ),
        (
            "swr.toml",
            "[[incentive]]\nname = \"Crewe supplement\"\namount = 3000\nwhen = \"start\"\nwhere = { Locality = \"Crewe\" }\n",
        ),
    ]);
    let out = run(&["incentives", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "[[incentive]] 'Crewe supplement' covers staff by locality, which no extract has"
        ) && out.stderr.contains("its columns are:"),
        "{}",
        out.stderr
    );
}

#[test]
fn no_rules_is_a_usage_error() {
    let dir = extracts(&[(
        "payroll.csv",
        "Employee ID,Directorate,Job Title,FTE,Start Date\nE1,Children's,Social Worker,1,01/10/2017\n",
    )]);
    let out = run(&["incentives", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("no [[incentive]] rules"),
        "{}",
        out.stderr
    );
}

#[test]
fn bad_rules_name_the_file_the_rule_and_the_key() {
    let payroll = "Employee ID,Directorate,Job Title,FTE,Start Date\nE1,Children's,Social Worker,1,01/10/2017\n";
    for (rule, says) in [
        (
            "name = \"A\"\namount = -5\nwhen = \"start\"",
            "[[incentive]] 'A': amount = -5: expected an amount in pounds above 0",
        ),
        (
            "name = \"A\"\namount = 5\nwhen = \"leaving\"",
            "[[incentive]] 'A': when = \"leaving\": expected \"start\", \"probation\" or \"anniversary\"",
        ),
        (
            "name = \"A\"\namount = 5\nwhen = \"start\"\nyears = [1]",
            "[[incentive]] 'A': years is for when = \"anniversary\"",
        ),
        (
            "name = \"A\"\namount = 5\nwhen = \"anniversary\"\nyears = [0]",
            "[[incentive]] 'A': years: 0: expected whole years from 1 to 100",
        ),
        (
            "name = \"A\"\namount = 5\nwhen = \"probation\"\nprobation_months = 0",
            "[[incentive]] 'A': probation_months = 0: expected whole months from 1 to 120",
        ),
        (
            "amount = 5\nwhen = \"start\"",
            "[[incentive]] number 1 has no name",
        ),
        (
            "name = \"A\"\namount = 5\nwhen = \"start\"\nwhere = { grade = [] }",
            "[[incentive]] 'A': where.grade = []",
        ),
        (
            "name = \"A\"\namount = 5\nwhen = \"start\"\npay_with = \"salary\"",
            "unknown field `pay_with`",
        ),
        (
            "name = \"A\"\namount = 5\nwhen = \"start\"\n\n[[incentive]]\nname = \"a\"\namount = 5\nwhen = \"start\"",
            "two [[incentive]] rules are named 'a'",
        ),
    ] {
        let toml = format!("[[incentive]]\n{rule}\n");
        let dir = extracts(&[("payroll.csv", payroll), ("swr.toml", &toml)]);
        let out = run(&["incentives", "--data", dir.path().to_str().unwrap()]);
        // Every mistake in swr.toml is a usage error.
        assert_eq!(out.status, 2, "{rule}: {}", out.stderr);
        assert!(
            out.stderr.contains("swr.toml") && out.stderr.contains(says),
            "{rule}: expected {says}, got {}",
            out.stderr
        );
    }
}

#[test]
fn incentive_rules_do_not_change_other_reports() {
    // The fixture's swr.toml holds only [[incentive]] rules: turnover is
    // the same with it as without it.
    let data = fixture("cheshire_incentives");
    let with = csv(&[
        "turnover",
        "--data",
        data.to_str().unwrap(),
        "--period",
        "2018/19",
    ]);
    let dir = extracts(&[]);
    for f in ["payroll.csv", "leavers.csv"] {
        std::fs::copy(data.join(f), dir.path().join(f)).unwrap();
    }
    let without = csv(&[
        "turnover",
        "--data",
        dir.path().to_str().unwrap(),
        "--period",
        "2018/19",
    ]);
    assert_eq!(with.rows, without.rows);
}

#[test]
fn the_demo_rules_show_payments() {
    // Counted from examples/demo's payroll and leavers apart from swr (a
    // short Python script applying swr.toml's two rules as README describes
    // them): in the year to 30/09/2025, 9 recruitment supplements (3,000 x
    // fte each, to the penny: £25,800) and 13 retention payments (£13,000);
    // 2025/26 projects 17 supplements (£45,300) and 20 retention payments
    // (£20,000): £65,300. The workbook gives the same.
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let t = csv(&["incentives", "--data", demo.to_str().unwrap()]);
    expect_cells(
        &t,
        &[
            (RS, "payments", "9"),
            (RS, "cost", "25800.00"),
            (RP, "payments", "13"),
            (RP, "cost", "13000.00"),
        ],
    );
    let book = csv(&[
        "incentives",
        "--data",
        demo.join("council.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(t.rows, book.rows);
    let t = csv(&[
        "incentives",
        "--data",
        demo.to_str().unwrap(),
        "--period",
        "2025/26",
    ]);
    expect_cells(&t, &[(TOTAL, "cost", "65300.00")]);
}

/// A payment on start, pro rata, with starts on the period's first and last
/// days (both counted) and the days either side (not). Worked by hand for
/// 2018/19 (01/04/2018 to 31/03/2019), as of 31/03/2019: E1 starts
/// 01/04/2018 at 0.6 FTE (500 x 0.6 = 300.00), E2 31/03/2019 at 1 FTE
/// (500.00); E3 started 31/03/2018, before the period; E4 starts
/// 01/04/2019, after it and after the as-of date. 2 people, 2 payments,
/// 800.00.
#[test]
fn a_payment_on_start_counts_starts_on_the_periods_first_and_last_days() {
    let dir = extracts(&[
        (
            "payroll.csv",
            "Employee ID,Directorate,Job Title,FTE,Start Date\n\
             E1,Children's,Social Worker,0.6,01/04/2018\n\
             E2,Children's,Social Worker,1,31/03/2019\n\
             E3,Children's,Social Worker,0.5,31/03/2018\n\
             E4,Children's,Social Worker,1,01/04/2019\n",
        ),
        (
            "swr.toml",
            "[[incentive]]\nname = \"Welcome\"\namount = 500\nwhen = \"start\"\npro_rata = true\n",
        ),
    ]);
    let t = csv(&[
        "incentives",
        "--data",
        dir.path().to_str().unwrap(),
        "--period",
        "2018/19",
        "--as-of",
        "2019-03-31",
    ]);
    expect_cells(
        &t,
        &[
            (&["Welcome"], "people", "2"),
            (&["Welcome"], "payments", "2"),
            (&["Welcome"], "cost", "800.00"),
        ],
    );
}
