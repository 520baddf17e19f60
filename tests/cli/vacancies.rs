//! `swr vacancies`, against Cambridgeshire's Figure 1 and Middlesbrough's DfE 2023 row.
use crate::common::*;

/// Figure 1 of the Cambridgeshire strategy (seeds/000, lines 43-54): every
/// cell, N/A where the directorate has no such post, totals 10, 11.3, 22.7,
/// 17, 61 and the % of the 449 FTE workforce.
#[test]
fn cambridgeshire_figure_1() {
    let dir = fixture("cambridgeshire_figure1");
    let t = csv(&[
        "vacancies",
        "--data",
        dir.to_str().unwrap(),
        "--by",
        "job_title",
        "--across",
        "directorate",
        "--as-of",
        "2015-09-30",
    ]);
    let (op, mh, asc, csc) = (
        "Older People Services",
        "Mental Health",
        "Adult Social Care",
        "Children\u{2019}s Social Care",
    );
    let na = "";
    expect_cells(
        &t,
        &[
            (&["Care Manager"], op, "4"),
            (&["Care Manager"], mh, "0"),
            (&["Care Manager"], asc, "16.9"),
            (&["Care Manager"], csc, na),
            (&["Social Worker"], op, "5"),
            (&["Social Worker"], mh, "4.3"),
            (&["Social Worker"], asc, "4.8"),
            (&["Social Worker"], csc, "3"),
            (&["Unit Social Worker"], op, na),
            (&["Unit Social Worker"], mh, na),
            (&["Unit Social Worker"], asc, na),
            (&["Unit Social Worker"], csc, "3.5"),
            (&["Senior Social Worker"], op, "0"),
            (&["Senior Social Worker"], mh, "7"),
            (&["Senior Social Worker"], asc, "1"),
            (&["Senior Social Worker"], csc, "7"),
            (&["Consultant Social Worker"], op, na),
            (&["Consultant Social Worker"], mh, na),
            (&["Consultant Social Worker"], asc, na),
            (&["Consultant Social Worker"], csc, "2.5"),
            (&["Team Manager"], op, "1"),
            (&["Team Manager"], mh, na),
            (&["Team Manager"], asc, "0"),
            (&["Team Manager"], csc, "1"),
            (&["Total"], op, "10"),
            (&["Total"], mh, "11.3"),
            (&["Total"], asc, "22.7"),
            (&["Total"], csc, "17"),
            (&["Total"], "Total", "61"),
            // 10/449 = 2.23%, 11.3/449 = 2.52%, 22.7/449 = 5.06%, 17/449 = 3.79%, 61/449 = 13.59%
            (&["% of workforce"], op, "2.2"),
            (&["% of workforce"], mh, "2.5"),
            (&["% of workforce"], asc, "5.1"),
            (&["% of workforce"], csc, "3.8"),
            (&["% of workforce"], "Total", "13.6"),
        ],
    );
    assert_eq!(t.rows.len(), 8, "six job titles, Total and % of workforce");
}

#[test]
fn cambridgeshire_by_directorate_rates() {
    let dir = fixture("cambridgeshire_figure1");
    let t = csv(&[
        "vacancies",
        "--data",
        dir.to_str().unwrap(),
        "--as-of",
        "2015-09-30",
    ]);
    // 449 FTE establishment, 61 vacant, 388 in post: 61 / (61 + 388) = 13.59%.
    expect_cells(
        &t,
        &[
            (&["Total"], "establishment_fte", "449"),
            (&["Total"], "in_post_fte", "388"),
            (&["Total"], "vacancy_fte", "61"),
            (&["Total"], "vacancy_rate_pct", "13.6"),
            (&["Total"], "agency_fte", ""),
            // Older People: 10 vacant of an establishment whose in-post is the rest.
            (&["Older People Services"], "vacancy_fte", "10"),
        ],
    );
    assert_eq!(
        t.header,
        [
            "directorate",
            "establishment_fte",
            "in_post_fte",
            "vacancy_fte",
            "vacancy_rate_pct",
            "agency_fte",
            "agency_cover_fte",
            "agency_rate_pct"
        ]
    );
}

/// DfE 2023, Middlesbrough: vacancies 60.3 FTE, in post 142.1 -> 29.8%;
/// agency 65 FTE -> 65 / (65 + 142.1) = 31.4%; 25 FTE covering vacancies.
/// One unit is 0.6 FTE over establishment, which must not be netted off.
#[test]
fn middlesbrough_2023_dfe_rates() {
    let dir = fixture("middlesbrough_2023");
    let out = run(&[
        "vacancies",
        "--data",
        dir.to_str().unwrap(),
        "--as-of",
        "2023-09-30",
        "--format",
        "json",
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let total = j["rows"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(total["directorate"], "Total");
    assert_eq!(total["in_post_fte"], 142.1);
    assert_eq!(total["vacancy_fte"], 60.3);
    assert_eq!(total["vacancy_rate_pct"], 29.8);
    assert_eq!(total["agency_fte"], 65);
    assert_eq!(total["agency_cover_fte"], 25);
    assert_eq!(total["agency_rate_pct"], 31.4);
    let notes = j["notes"].to_string();
    assert!(notes.contains("Over establishment"), "{notes}");
    assert_eq!(j["as_of"], "2023-09-30");
}

#[test]
fn by_a_column_only_one_extract_has_is_a_usage_error() {
    let dir = fixture("cambridgeshire_figure1");
    let out = run(&[
        "vacancies",
        "--data",
        dir.to_str().unwrap(),
        "--by",
        "locality",
    ]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("no column 'locality'"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("job_title"),
        "lists the columns found: {}",
        out.stderr
    );
}

#[test]
fn missing_dataset_is_named() {
    let dir = fixture("luton_leavers");
    let out = run(&["vacancies", "--data", dir.to_str().unwrap()]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("needs the establishment extract"),
        "{}",
        out.stderr
    );
}

/// Hand-worked: two units, one over establishment by 1 FTE. Vacancy is
/// max(est - in post, 0) per unit, so 2 (not 1) for the directorate.
#[test]
fn over_establishment_is_not_netted_off() {
    let dir = extracts(&[
        ("establishment.csv", "Directorate,Job Title,FTE\nAdults,Social Worker,5\nAdults,Team Manager,1\n"),
        ("payroll.csv", "Employee ID,Directorate,Job Title,FTE,Start Date\n1,Adults,Social Worker,1,01/01/2015\n2,Adults,Social Worker,1,01/01/2015\n3,Adults,Social Worker,1,01/01/2015\n4,Adults,Team Manager,1,01/01/2015\n5,Adults,Team Manager,1,01/01/2015\n6,Adults,Social Worker,1,01/09/2016\n"),
        ("agency.csv", "Worker ID,Directorate,Job Title,Start Date,End Date,Hours per Week,Hourly Rate,Covering\nA1,Adults,Social Worker,01/06/2016,,37,£32,Vacancy\nA2,Adults,Social Worker,01/06/2016,30/07/2016,18.5,£32,vacancy\nA3,Adults,Team Manager,01/06/2016,29/07/2016,37,£40,Vacancy\nA4,Adults,Social Worker,01/06/2016,,37,£30,Absence\n"),
    ]);
    let t = csv(&[
        "vacancies",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-30",
    ]);
    // Person 6 starts after the as-of date. Agency active on 30/07: A1 (1 FTE),
    // A2 (ends that day, 0.5 FTE), A4 (absence, 1 FTE); A3 ended the day before.
    expect_cells(
        &t,
        &[
            (&["Adults"], "establishment_fte", "6"),
            (&["Adults"], "in_post_fte", "5"),
            (&["Adults"], "vacancy_fte", "2"),
            (&["Adults"], "vacancy_rate_pct", "28.6"), // 2 / 7
            (&["Adults"], "agency_fte", "2.5"),
            (&["Adults"], "agency_cover_fte", "1.5"),
            (&["Adults"], "agency_rate_pct", "33.3"), // 2.5 / 7.5
        ],
    );
}

/// An agency extract without the `--by` column leaves the agency figures N/A
/// (with a note) instead of stopping the report; vacancies still come out.
#[test]
fn agency_without_the_group_column_is_na() {
    let dir = extracts(&[
        ("establishment.csv", "Directorate,Team,Job Title,FTE\nAdults,North,SW,3\nAdults,South,SW,2\n"),
        ("payroll.csv", "Employee ID,Directorate,Team,Job Title,FTE,Start Date\n1,Adults,North,SW,1,01/01/2015\n2,Adults,South,SW,2,01/01/2015\n"),
        ("agency.csv", "Worker ID,Directorate,Job Title,Start Date,Hourly Rate\nA1,Adults,SW,01/01/2016,30\n"),
    ]);
    let d = dir.path().to_str().unwrap();
    let out = run(&[
        "vacancies",
        "--data",
        d,
        "--by",
        "team",
        "--as-of",
        "2016-07-30",
        "--format",
        "json",
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    // North: 3 posts, 1 in post, 2 vacant; South: full.
    assert_eq!(j["rows"][0]["team"], "North");
    assert_eq!(j["rows"][0]["vacancy_fte"], 2);
    assert!(j["rows"][0]["agency_fte"].is_null());
    assert!(
        j["notes"].to_string().contains("no team column"),
        "{}",
        j["notes"]
    );
    // By directorate, which the agency extract has, agency counts: 1 / (1 + 3).
    let t = csv(&["vacancies", "--data", d, "--as-of", "2016-07-30"]);
    assert_eq!(t.get(&["Adults"], "agency_fte"), "1");
    assert_eq!(t.get(&["Adults"], "agency_rate_pct"), "25.0");
    // No covering column: the placement counts as covering a vacancy.
    assert_eq!(t.get(&["Adults"], "agency_cover_fte"), "1");
}

fn demo() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/demo")
        .to_string_lossy()
        .into_owned()
}

/// Issue 9, fault 1: `--across directorate` (with the default `--by`, also
/// directorate) once repeated the column totals on every row (Total 146.4,
/// 53.8%). Across directorate the rows are job titles; the Total is the
/// demo's 36.6 FTE of vacancies (the plain report's Total), 36.6 / 271.9 =
/// 13.46% of the establishment.
#[test]
fn across_the_default_group_column_gives_job_titles_and_true_totals() {
    let data = demo();
    let plain = csv(&["vacancies", "--data", &data]);
    let t = csv(&["vacancies", "--data", &data, "--across", "directorate"]);
    assert_eq!(t.header[0], "job_title");
    assert_eq!(
        t.get(&["Total"], "Total"),
        plain.get(&["Total"], "vacancy_fte")
    );
    assert_eq!(t.get(&["Total"], "Total"), "36.6");
    assert_eq!(t.get(&["% of workforce"], "Total"), "13.5");
    // Each directorate's column total is its row of the plain report.
    for d in [
        "Adult Social Care",
        "Children's Social Care",
        "Mental Health",
        "Older People Services",
    ] {
        assert_eq!(t.get(&["Total"], d), plain.get(&[d], "vacancy_fte"), "{d}");
    }
    let out = run(&[
        "vacancies",
        "--data",
        &data,
        "--by",
        "directorate",
        "--across",
        "directorate",
    ]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr
            .contains("--across directorate: directorate is also a --by column"),
        "{}",
        out.stderr
    );
}

/// Issue 9, fault 2: `--where grade=Grade 9` left the agency extract, which
/// has no grade column, unfiltered (agency rate 50.3% for one grade). In
/// vacancies, where agency is optional, its figures are N/A with a note; in
/// costs, which needs it, it is a usage error naming the extract.
#[test]
fn a_filter_on_a_column_the_agency_extract_lacks_never_leaves_it_unfiltered() {
    let data = demo();
    let out = run(&[
        "vacancies",
        "--data",
        &data,
        "--where",
        "grade=Grade 9",
        "--format",
        "json",
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    for row in j["rows"].as_array().unwrap() {
        assert!(
            row["agency_fte"].is_null() && row["agency_rate_pct"].is_null(),
            "{row}"
        );
    }
    assert!(
        j["notes"]
            .to_string()
            .contains("The agency extract has no grade column"),
        "{}",
        j["notes"]
    );
    let out = run(&["costs", "--data", &data, "--where", "grade=Grade 9"]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("the agency extract") && out.stderr.contains("has no column 'grade'"),
        "{}",
        out.stderr
    );
}

/// Vacancies per post when both extracts carry post_id. Posts P1 and P2
/// are social workers, P3 a team manager, 1 FTE each. Two people fill P1,
/// nobody P2, half a person P3: per post the vacancies are 0 + 1 + 0.5 =
/// 1.5 FTE, and P1's extra person is over establishment, not netted off
/// against P2 (per job title the social workers would show none). In post
/// 2.5: rate 1.5 / 4 = 37.5%.
#[test]
fn vacancies_per_post_when_payroll_carries_post_id() {
    let dir = extracts(&[
        ("establishment.csv", "Post Number,Directorate,Job Title,FTE\nP1,Adults,Social Worker,1\nP2,Adults,Social Worker,1\nP3,Adults,Team Manager,1\n"),
        ("payroll.csv", "Employee ID,Post Number,Directorate,Job Title,FTE,Start Date\nE1,P1,Adults,Social Worker,1,01/01/2015\nE2,P1,Adults,Social Worker,1,01/01/2015\nE3,P3,Adults,Team Manager,0.5,01/01/2015\n"),
    ]);
    let d = dir.path().to_str().unwrap();
    let out = run(&[
        "vacancies",
        "--data",
        d,
        "--as-of",
        "2016-07-30",
        "--format",
        "json",
    ]);
    let j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let total = &j["rows"][1];
    assert_eq!(total["directorate"], "Total");
    assert_eq!(total["vacancy_fte"], 1.5);
    assert_eq!(total["in_post_fte"], 2.5);
    assert_eq!(total["vacancy_rate_pct"], 37.5);
    let notes = j["notes"].to_string();
    assert!(notes.contains("per post (post_id)"), "{notes}");
    assert!(
        notes.contains("Over establishment (not netted off): 1 FTE in 1 unit: P1 (+1)"),
        "{notes}"
    );
    let t = csv(&[
        "vacancies",
        "--data",
        d,
        "--as-of",
        "2016-07-30",
        "--by",
        "job_title",
    ]);
    assert_eq!(t.get(&["Social Worker"], "vacancy_fte"), "1");
    assert_eq!(t.get(&["Team Manager"], "vacancy_fte"), "0.5");
}

/// Without a `covering` column every active placement covers a vacancy:
/// agency_cover_fte equals agency_fte (A1 37 hours and A2 18.5 hours of a
/// 37-hour week: 1.5 FTE).
#[test]
fn without_a_covering_column_every_placement_covers_a_vacancy() {
    let dir = extracts(&[
        ("establishment.csv", "Directorate,Job Title,FTE\nAdults,SW,3\n"),
        ("payroll.csv", "Employee ID,Directorate,Job Title,FTE,Start Date\n1,Adults,SW,1,01/01/2015\n"),
        ("agency.csv", "Worker ID,Directorate,Job Title,Start Date,Hours per Week,Hourly Rate\nA1,Adults,SW,01/01/2016,37,30\nA2,Adults,SW,01/01/2016,18.5,30\n"),
    ]);
    let t = csv(&[
        "vacancies",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-30",
    ]);
    assert_eq!(t.get(&["Adults"], "agency_fte"), "1.5");
    assert_eq!(t.get(&["Adults"], "agency_cover_fte"), "1.5");
}

/// A back-dated as-of date counts the leavers who were still in post then:
/// on 30/06/2016, L1 (left 15/07/2016, 1 FTE) was in post beside E1.
#[test]
fn back_dated_stock_includes_people_who_left_later() {
    let dir = extracts(&[
        ("establishment.csv", "Directorate,Job Title,FTE\nAdults,SW,3\n"),
        ("payroll.csv", "Employee ID,Directorate,Job Title,FTE,Start Date\nE1,Adults,SW,1,01/01/2015\n"),
        ("leavers.csv", "Employee ID,Directorate,Job Title,FTE,Start Date,Leaving Date,Reason\nL1,Adults,SW,1,01/01/2014,15/07/2016,Retired\nL2,Adults,SW,0.5,01/01/2014,30/06/2016,Retired\n"),
    ]);
    let d = dir.path().to_str().unwrap();
    let t = csv(&["vacancies", "--data", d, "--as-of", "2016-06-30"]);
    // L2 leaves on 30/06: a leaver that day, not in post.
    assert_eq!(t.get(&["Adults"], "in_post_fte"), "2");
    assert_eq!(t.get(&["Adults"], "vacancy_fte"), "1");
    let t = csv(&["vacancies", "--data", d, "--as-of", "2016-07-30"]);
    assert_eq!(t.get(&["Adults"], "in_post_fte"), "1");
}

/// A post on several establishment rows is one unit whose establishment is
/// their sum and whose group columns come from its first row (README, per
/// post): P1 is on rows of Children's (1), Adults (0.5) and Resources (0.5),
/// so Children's has establishment 2 (P1) and vacancy 2 - 1 = 1; Adults has
/// P2 (1 FTE, vacant); Resources has no post. E2 sits on P9, a post in no
/// establishment row: in post in Adults (payroll's directorate), over
/// establishment, no vacancy. Worked by hand: Total establishment 3, in
/// post 2, vacancy 2.
#[test]
fn a_post_on_several_rows_takes_its_groups_from_the_first() {
    let dir = extracts(&[
        ("establishment.csv", "Post Number,Directorate,Job Title,FTE\nP1,Children's,Social Worker,1\nP2,Adults,Social Worker,1\nP1,Adults,Social Worker,0.5\nP1,Resources,Social Worker,0.5\n"),
        ("payroll.csv", "Employee ID,Post Number,Directorate,Job Title,FTE,Start Date\nE1,P1,Children's,Social Worker,1,01/01/2015\nE2,P9,Adults,Social Worker,1,01/01/2015\n"),
    ]);
    let t = csv(&[
        "vacancies",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-30",
    ]);
    assert_eq!(t.get(&["Children's"], "establishment_fte"), "2");
    assert_eq!(t.get(&["Children's"], "in_post_fte"), "1");
    assert_eq!(t.get(&["Children's"], "vacancy_fte"), "1");
    assert_eq!(t.get(&["Adults"], "establishment_fte"), "1");
    assert_eq!(t.get(&["Adults"], "in_post_fte"), "1");
    assert_eq!(t.get(&["Adults"], "vacancy_fte"), "1");
    assert!(!t.firsts().contains(&"Resources"), "{:?}", t.firsts());
    assert_eq!(t.get(&["Total"], "establishment_fte"), "3");
    assert_eq!(t.get(&["Total"], "in_post_fte"), "2");
    assert_eq!(t.get(&["Total"], "vacancy_fte"), "2");
}

/// An agency extract with no hours_per_week column: each placement works
/// the standard 37 hours, so each is 1 FTE. The sum of the standard week
/// was once taken once per group (agency_fte 1 wherever a group had any
/// placement, 2 in the Total of two groups); worked by hand: Adults has two
/// placements active on 30/07/2016, Children one.
#[test]
fn agency_without_hours_counts_each_placement_as_a_standard_week() {
    let dir = extracts(&[
        ("establishment.csv", "Directorate,Team,Job Title,FTE\nAdults,North,SW,3\nChildren,East,SW,2\n"),
        ("payroll.csv", "Employee ID,Directorate,Team,Job Title,FTE,Start Date,Salary\n1,Adults,North,SW,1,01/01/2015,30000\n2,Children,East,SW,1,01/01/2015,30000\n"),
        ("agency.csv", "Worker ID,Directorate,Team,Job Title,Start Date,Hourly Rate\nA1,Adults,North,SW,01/01/2016,30\nA2,Adults,North,SW,01/02/2016,30\nA3,Children,East,SW,01/03/2016,40\n"),
    ]);
    let d = dir.path().to_str().unwrap();
    let t = csv(&["vacancies", "--data", d, "--as-of", "2016-07-30"]);
    expect_cells(
        &t,
        &[
            (&["Adults"], "agency_fte", "2"),
            (&["Adults"], "agency_rate_pct", "66.7"), // 2 / (2 + 1)
            (&["Children"], "agency_fte", "1"),
            (&["Total"], "agency_fte", "3"),
            (&["Total"], "agency_cover_fte", "3"),
            (&["Total"], "agency_rate_pct", "60.0"), // 3 / (3 + 2)
        ],
    );
    let c = csv(&["costs", "--data", d, "--as-of", "2016-07-30"]);
    assert_eq!(c.get(&["Total"], "agency_fte"), "3");
    // The same placements through swr agency, which counts them itself.
    let a = csv(&["agency", "--data", d, "--as-of", "2016-07-30"]);
    assert_eq!(a.get(&["Total"], "agency_fte"), "3");
    // The census (one row, no groups) counts them on 30/09/2016.
    let census = csv(&["census", "--data", d, "--year", "2016"]);
    assert_eq!(census.rows[0][census.col("agency_fte")], "3");
    assert_eq!(census.rows[0][census.col("agency_cover_rate_fte")], "100.0");
}
