//! `swr benchmark`: an authority beside England, its region and its
//! statistical neighbours (SPEC section 5).
//!
//! Expected values are read here from the same published files
//! (data/reference/, the DfE's csww_indicators_2017_to_2025.csv and
//! sn_model_2025_wide.csv) with the csv crate, and the ranks, quartiles and
//! neighbours' figures worked out again the way a reader would in a
//! spreadsheet; a few are also written out by hand in comments.

use crate::common::{csv, expect_cells, fixture, json, notes, run, Csv};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

const INDICATORS: [&str; 22] = [
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

const COLUMNS: [&str; 10] = [
    "indicator",
    "la",
    "region",
    "england",
    "neighbours_mean",
    "neighbours_min",
    "neighbours_max",
    "rank",
    "of",
    "quartile",
];

fn reference(file: &str) -> Vec<BTreeMap<String, String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/reference")
        .join(file);
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(|c| c.trim().to_string()))
                .collect()
        })
        .collect()
}

fn number(s: &str) -> Option<Decimal> {
    Decimal::from_str(s).ok()
}

/// The same number (swr writes a rate of 100 as 100.0, a mean to 2 decimals
/// or a rate's to 1).
fn close(got: &str, want: Decimal, decimals: u32) -> bool {
    number(got).is_some_and(|g| {
        g == want.round_dp_with_strategy(
            decimals,
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        )
    })
}

fn benchmark(args: &[&str]) -> Csv {
    let mut all = vec!["benchmark"];
    all.extend_from_slice(args);
    csv(&all)
}

/// Cheshire East (895), 2024, checked against the files cell by cell.
/// By hand, from the 2024 rows: in post 148.4 FTE (North West 4887.2,
/// England 34328.2); 108th of 151 authorities by in-post FTE (107 have more),
/// quartile ceil(4 x 108 / 151) = ceil(2.86) = 3; turnover 22.6% (FTE),
/// 17th of 149 (quartile 1); caseload 18.3, 17th of 150; absence rate 3.6%,
/// 49th of 148 (quartile 2). Its ten neighbours in the 2025 model:
/// Gloucestershire 916, Warwickshire 937, North Yorkshire 815, Warrington
/// 877, Wiltshire 865, Hampshire 850, Cheshire West and Chester 896,
/// Oxfordshire 931, Worcestershire 885, Leicestershire 855; their in-post FTE
/// mean 323.4 (least 129.4, most 579.6).
#[test]
fn cheshire_east_2024_against_the_published_files() {
    let t = benchmark(&["--la", "Cheshire East", "--year", "2024"]);
    assert_eq!(t.header, COLUMNS, "no extracts here: no from_extracts");
    assert_eq!(t.firsts(), INDICATORS);
    let rows: Vec<_> = reference("csww_indicators_2017_to_2025.csv")
        .into_iter()
        .filter(|r| r["time_period"] == "2024")
        .collect();
    let las: Vec<_> = rows
        .iter()
        .filter(|r| r["geographic_level"] == "Local authority")
        .collect();
    let ce = las
        .iter()
        .find(|r| r["la_name"] == "Cheshire East")
        .unwrap();
    let nw = rows
        .iter()
        .find(|r| r["geographic_level"] == "Regional" && r["region_name"] == "North West")
        .unwrap();
    let england = rows
        .iter()
        .find(|r| r["geographic_level"] == "National")
        .unwrap();
    let model = reference("sn_model_2025_wide.csv");
    let entry = model.iter().find(|m| m["old_la_code"] == "895").unwrap();
    let neighbours: Vec<&String> = (1..=10).map(|k| &entry[&format!("SN_{k}")]).collect();
    assert_eq!(
        neighbours,
        ["916", "937", "815", "877", "865", "850", "896", "931", "885", "855"]
    );
    let mut bad = Vec::new();
    for ind in INDICATORS {
        let rate = ind.contains("rate");
        let cell = |c: &str| t.get(&[ind], c).to_string();
        for (col, row) in [("la", ce), ("region", &nw), ("england", &england)] {
            let want = number(&row[ind]).unwrap();
            if !close(&cell(col), want, if rate { 1 } else { 2 }) {
                bad.push(format!("{ind} {col}: published {want}, swr {}", cell(col)));
            }
        }
        // Neighbours: the ten rows, numbers only.
        let values: Vec<Decimal> = las
            .iter()
            .filter(|r| neighbours.contains(&&r["old_la_code"]))
            .filter_map(|r| number(&r[ind]))
            .collect();
        let mean = values.iter().sum::<Decimal>() / Decimal::from(values.len());
        let min = *values.iter().min().unwrap();
        let max = *values.iter().max().unwrap();
        for (col, want) in [
            ("neighbours_mean", mean),
            ("neighbours_min", min),
            ("neighbours_max", max),
        ] {
            if !close(&cell(col), want, if rate { 1 } else { 2 }) {
                bad.push(format!("{ind} {col}: {want}, swr {}", cell(col)));
            }
        }
        // Rank: 1 + authorities with a higher value; of: with a value.
        let own = number(&ce[ind]).unwrap();
        let all: Vec<Decimal> = las.iter().filter_map(|r| number(&r[ind])).collect();
        let rank = 1 + all.iter().filter(|v| **v > own).count();
        let of = all.len();
        let quartile = (4 * rank).div_ceil(of);
        for (col, want) in [("rank", rank), ("of", of), ("quartile", quartile)] {
            if cell(col) != want.to_string() {
                bad.push(format!("{ind} {col}: {want}, swr {}", cell(col)));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // By hand (comment above).
    for (ind, col, want) in [
        ("inpost_fte", "la", "148.4"),
        ("inpost_fte", "region", "4887.2"),
        ("inpost_fte", "england", "34328.2"),
        ("inpost_fte", "rank", "108"),
        ("inpost_fte", "of", "151"),
        ("inpost_fte", "quartile", "3"),
        ("inpost_fte", "neighbours_mean", "323.4"),
        ("inpost_fte", "neighbours_min", "129.4"),
        ("inpost_fte", "neighbours_max", "579.6"),
        ("turnover_rate_fte", "la", "22.6"),
        ("turnover_rate_fte", "rank", "17"),
        ("turnover_rate_fte", "of", "149"),
        ("turnover_rate_fte", "quartile", "1"),
        ("caseload_fte", "la", "18.3"),
        ("caseload_fte", "rank", "17"),
        ("absence_rate_fte", "rank", "49"),
        ("absence_rate_fte", "of", "148"),
        ("absence_rate_fte", "quartile", "2"),
    ] {
        assert_eq!(t.get(&[ind], col), want, "{ind} {col}");
    }
    let doc = json(&["benchmark", "--la", "Cheshire East", "--year", "2024"]);
    let n = notes(&doc);
    assert!(
        n.iter()
            .any(|x| x.contains("Gloucestershire (916, very close)")
                && x.contains("Leicestershire (855, very close)")),
        "{n:?}"
    );
}

/// Codes and any case name the same authority.
#[test]
fn by_name_old_code_or_new_code() {
    let by_name = benchmark(&["--la", "Cheshire East", "--year", "2024"]);
    for la in ["895", "E06000049", "cheshire east", "CHESHIRE-EAST"] {
        let t = benchmark(&["--la", la, "--year", "2024"]);
        assert_eq!(t.rows, by_name.rows, "--la {la}");
    }
}

/// Suppressed and unavailable cells show as published and stay out of
/// ranks and means. Birmingham 2024: agency_fte `u` (no rank); Sunderland
/// 2024: agency_fte `low`, leavers_fte `u`. 2024 leavers_fte has 150
/// authorities with a value (151 rows, Sunderland's `u` left out).
#[test]
fn symbols_show_as_published_and_stay_out_of_ranks() {
    let b = benchmark(&["--la", "Birmingham", "--year", "2024"]);
    assert_eq!(b.get(&["agency_fte"], "la"), "u");
    for c in ["rank", "quartile"] {
        assert_eq!(b.get(&["agency_fte"], c), "", "{c}");
    }
    // `of` still counts the authorities with a value (147, below).
    assert_eq!(b.get(&["agency_fte"], "of"), "147");
    let s = benchmark(&["--la", "Sunderland", "--year", "2024"]);
    assert_eq!(s.get(&["agency_fte"], "la"), "low");
    assert_eq!(s.get(&["leavers_fte"], "la"), "u");
    let c = benchmark(&["--la", "Cheshire East", "--year", "2024"]);
    assert_eq!(c.get(&["leavers_fte"], "of"), "150");
    // 2024 agency_fte: Sunderland `low`, Birmingham `u`, Kensington and
    // Chelsea and Westminster `x`: 151 - 4 = 147 with a value.
    assert_eq!(c.get(&["agency_fte"], "of"), "147");
    // Kensington and Chelsea 2025: every cell x (a cyber-attack).
    let k = benchmark(&["--la", "Kensington and Chelsea", "--year", "2025"]);
    assert!(k.rows.iter().all(|r| r[1] == "x"), "{:?}", k.rows);
    let doc = json(&["benchmark", "--la", "Sunderland", "--year", "2024"]);
    assert!(
        notes(&doc)
            .iter()
            .any(|n| n.starts_with("Shown as published") && n.contains("low")),
        "{:?}",
        notes(&doc)
    );
}

/// Kensington and Chelsea 2025 is `x` in every cell (a cyber-attack), yet
/// `of` counts every authority with a value that year (SPEC 5), while rank
/// and quartile, which need its own value, are N/A. Counted from the 2025
/// rows of the file: 151 authorities, Kensington and Chelsea and
/// Westminster `x` in every cell, so 149 for most indicators; 148 where one
/// more is `z` or `low` (turnover, agency_fte, absence), 144 for
/// agency_cover_rate_fte, 147 for vacancy_agency_cover_rate_fte.
#[test]
fn of_counts_the_others_when_the_authoritys_own_is_suppressed() {
    let t = benchmark(&["--la", "Kensington and Chelsea", "--year", "2025"]);
    for (ind, of) in [
        ("inpost_fte", "149"),
        ("inpost_headcount", "149"),
        ("turnover_rate_fte", "148"),
        ("agency_fte", "148"),
        ("agency_headcount", "149"),
        ("agency_cover_rate_fte", "144"),
        ("vacancy_agency_cover_rate_fte", "147"),
        ("caseload_fte", "149"),
        ("absence_rate_fte", "148"),
    ] {
        assert_eq!(t.get(&[ind], "of"), of, "{ind}");
    }
    let las: Vec<_> = reference("csww_indicators_2017_to_2025.csv")
        .into_iter()
        .filter(|r| r["time_period"] == "2025" && r["geographic_level"] == "Local authority")
        .collect();
    for ind in INDICATORS {
        let of = las.iter().filter(|r| number(&r[ind]).is_some()).count();
        assert_eq!(t.get(&[ind], "la"), "x", "{ind}");
        assert_eq!(t.get(&[ind], "of"), of.to_string(), "{ind}");
        assert_eq!(t.get(&[ind], "rank"), "", "{ind}");
        assert_eq!(t.get(&[ind], "quartile"), "", "{ind}");
    }
}

/// Dorset is two authorities in the file: the county council 835
/// (E10000009) in 2017 and 2018, and the unitary council 838 (E06000059)
/// from 2019, which alone is in the 2025 neighbour model (neighbours 933,
/// 878, 893, 935, 885, 881, 830, 886, 938, 815). The name finds the row of
/// the year asked. By hand from the file: 2024, 838: in post 205.1 FTE, 65th
/// of 151 (quartile 2), turnover 12.0%, caseload 13.1 (127th of 150,
/// quartile 4), neighbours' in-post mean 433.93 (least 153.2, most 904.3).
/// 2018, 835: in post 198.3 FTE, 53rd of 151 (quartile 2), turnover 13.2%,
/// caseload 18; the same ten neighbours' 2018 in-post mean 374.62 (least
/// 102.7, most 787.6).
#[test]
fn dorset_by_name_is_the_row_of_the_year() {
    let rows = reference("csww_indicators_2017_to_2025.csv");
    for (year, code) in [("2018", "835"), ("2024", "838")] {
        let t = benchmark(&["--la", "Dorset", "--year", year]);
        let row = rows
            .iter()
            .find(|r| r["time_period"] == year && r["old_la_code"] == code)
            .unwrap();
        assert_eq!(row["la_name"], "Dorset");
        for ind in INDICATORS {
            let want = &row[ind];
            let got = t.get(&[ind], "la");
            let same = match number(want) {
                Some(w) => close(got, w, if ind.contains("rate") { 1 } else { 2 }),
                None => got == want,
            };
            assert!(same, "Dorset {year} {ind}: published {want}, swr {got}");
        }
    }
    let t = benchmark(&["--la", "Dorset", "--year", "2024"]);
    expect_cells(
        &t,
        &[
            (&["inpost_fte"], "la", "205.1"),
            (&["inpost_fte"], "rank", "65"),
            (&["inpost_fte"], "of", "151"),
            (&["inpost_fte"], "quartile", "2"),
            (&["inpost_fte"], "neighbours_mean", "433.93"),
            (&["inpost_fte"], "neighbours_min", "153.2"),
            (&["inpost_fte"], "neighbours_max", "904.3"),
            (&["turnover_rate_fte"], "la", "12.0"),
            (&["caseload_fte"], "la", "13.1"),
            (&["caseload_fte"], "rank", "127"),
            (&["caseload_fte"], "of", "150"),
            (&["caseload_fte"], "quartile", "4"),
        ],
    );
    let t = benchmark(&["--la", "Dorset", "--year", "2018"]);
    expect_cells(
        &t,
        &[
            (&["inpost_fte"], "la", "198.3"),
            (&["inpost_fte"], "rank", "53"),
            (&["inpost_fte"], "quartile", "2"),
            (&["inpost_fte"], "neighbours_mean", "374.62"),
            (&["inpost_fte"], "neighbours_min", "102.7"),
            (&["inpost_fte"], "neighbours_max", "787.6"),
            (&["turnover_rate_fte"], "la", "13.2"),
            (&["caseload_fte"], "la", "18"),
        ],
    );
    let doc = json(&["benchmark", "--la", "Dorset", "--year", "2024"]);
    assert!(doc["title"].as_str().unwrap().starts_with("Dorset (838)"));
    let n = notes(&doc);
    assert!(!n.iter().any(|x| x.contains("no row")), "{n:?}");
    assert!(
        n.iter()
            .any(|x| x.starts_with("Statistical neighbours of Dorset") && x.contains("(933")),
        "{n:?}"
    );
    // Its codes name one authority each: 835 stays the county council.
    let t = benchmark(&["--la", "E06000059", "--year", "2024"]);
    assert_eq!(t.get(&["inpost_fte"], "la"), "205.1");
    let t = benchmark(&["--la", "835", "--year", "2018"]);
    assert_eq!(t.get(&["inpost_fte"], "la"), "198.3");
}

/// --trend for Dorset: 835's rows up to 2018, 838's from 2019, and a note
/// that says so.
#[test]
fn dorset_trend_follows_the_name() {
    let t = benchmark(&["--la", "Dorset", "--trend"]);
    let rows = reference("csww_indicators_2017_to_2025.csv");
    for y in 2017..=2025 {
        let code = if y <= 2018 { "835" } else { "838" };
        let row = rows
            .iter()
            .find(|r| r["time_period"] == y.to_string() && r["old_la_code"] == code)
            .unwrap();
        let want = number(&row["inpost_fte"]).unwrap();
        let got = t.get(&[&y.to_string(), "inpost_fte"], "la");
        assert!(close(got, want, 2), "{y}: {got} against {code}'s {want}");
    }
    let doc = json(&["benchmark", "--la", "Dorset", "--trend"]);
    let n = notes(&doc);
    assert!(
        n.iter()
            .any(|x| x.contains("835 in 2017 to 2018") && x.contains("838 in 2019 to 2025")),
        "{n:?}"
    );
    assert!(!n.iter().any(|x| x.contains("no row")), "{n:?}");
}

/// Kingston upon Thames and Richmond upon Thames make one return (314 /
/// 318). Kingston's model neighbours are 319, 315, 919, 305, 800, 868, 358,
/// 318, 936, 825: Richmond (318) is inside its own return, so it is left out
/// and the mean is over the other nine.
#[test]
fn a_joint_return_and_its_neighbours() {
    let t = benchmark(&["--la", "Kingston upon Thames", "--year", "2024"]);
    let rows = reference("csww_indicators_2017_to_2025.csv");
    let joint = rows
        .iter()
        .find(|r| r["time_period"] == "2024" && r["old_la_code"] == "314 / 318")
        .unwrap();
    assert_eq!(t.get(&["inpost_fte"], "la"), joint["inpost_fte"]);
    let nine = [
        "319", "315", "919", "305", "800", "868", "358", "936", "825",
    ];
    let values: Vec<Decimal> = rows
        .iter()
        .filter(|r| r["time_period"] == "2024" && nine.contains(&r["old_la_code"].as_str()))
        .map(|r| number(&r["inpost_fte"]).unwrap())
        .collect();
    assert_eq!(values.len(), 9);
    let mean = values.iter().sum::<Decimal>() / Decimal::from(9);
    assert!(close(t.get(&["inpost_fte"], "neighbours_mean"), mean, 2));
    let n = notes(&json(&[
        "benchmark",
        "--la",
        "Kingston upon Thames",
        "--year",
        "2024",
    ]));
    assert!(
        n.iter()
            .any(|x| x.contains("Richmond upon Thames (318)") && x.contains("left out")),
        "{n:?}"
    );
    // Richmond by its code gives the same published row.
    let r = benchmark(&["--la", "318", "--year", "2024"]);
    assert_eq!(r.get(&["inpost_fte"], "la"), joint["inpost_fte"]);
}

/// North Northamptonshire (940) first reports in 2021, jointly with West
/// Northamptonshire (940 / 941): in 2019 its figures are N/A, and the notes
/// say so; its neighbour 941 is its own return, left out.
#[test]
fn an_authority_before_it_existed() {
    let t = benchmark(&["--la", "North Northamptonshire", "--year", "2019"]);
    assert!(t.rows.iter().all(|r| r[1].is_empty()), "{:?}", t.rows);
    let n = notes(&json(&[
        "benchmark",
        "--la",
        "North Northamptonshire",
        "--year",
        "2019",
    ]));
    assert!(n.iter().any(|x| x.contains("has no row in 2019")), "{n:?}");
    assert!(
        n.iter()
            .any(|x| x.contains("West Northamptonshire (941)") && x.contains("left out")),
        "{n:?}"
    );
}

/// --trend: every year of the file, a year column first; the 2024 rows are
/// those of --year 2024.
#[test]
fn trend_gives_every_year() {
    let t = benchmark(&["--la", "Cheshire East", "--trend"]);
    assert_eq!(t.header[0], "year");
    assert_eq!(&t.header[1..], COLUMNS);
    assert_eq!(t.rows.len(), 9 * 22);
    let years: Vec<&str> = t.rows.iter().step_by(22).map(|r| r[0].as_str()).collect();
    assert_eq!(
        years,
        ["2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025"]
    );
    let one = benchmark(&["--la", "Cheshire East", "--year", "2024"]);
    let rows_2024: Vec<Vec<String>> = t
        .rows
        .iter()
        .filter(|r| r[0] == "2024")
        .map(|r| r[1..].to_vec())
        .collect();
    assert_eq!(rows_2024, one.rows);
    // The latest year is the default.
    let latest = benchmark(&["--la", "Cheshire East"]);
    let rows_2025: Vec<Vec<String>> = t
        .rows
        .iter()
        .filter(|r| r[0] == "2025")
        .map(|r| r[1..].to_vec())
        .collect();
    assert_eq!(rows_2025, latest.rows);
}

/// With extracts, swr census on them beside the published row: the
/// Middlesbrough fixture totals its 2023 row, so every difference is 0.
#[test]
fn from_extracts_and_the_difference() {
    let d = fixture("middlesbrough_2023").to_string_lossy().into_owned();
    let t = benchmark(&["--la", "Middlesbrough", "--year", "2023", "--data", &d]);
    assert_eq!(
        &t.header[t.header.len() - 2..],
        ["from_extracts", "difference"]
    );
    for ind in INDICATORS {
        let la = number(t.get(&[ind], "la")).unwrap();
        let own = number(t.get(&[ind], "from_extracts")).unwrap();
        assert_eq!(own, la, "{ind}");
        assert_eq!(
            number(t.get(&[ind], "difference")),
            Some(Decimal::ZERO),
            "{ind}"
        );
    }
}

/// `la` in swr.toml names the authority when --la does not.
#[test]
fn la_from_swr_toml() {
    let dir = crate::common::extracts(&[("swr.toml", "la = \"Cheshire East\"\n")]);
    let t = csv(&[
        "benchmark",
        "--config",
        &dir.path().join("swr.toml").to_string_lossy(),
        "--year",
        "2024",
    ]);
    assert_eq!(t.get(&["inpost_fte"], "la"), "148.4");
}

/// A newer release read from a file; a file without a needed column is a
/// data error naming it.
#[test]
fn reference_and_neighbours_files() {
    let mut head = String::from("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name");
    for i in INDICATORS {
        head.push(',');
        head.push_str(i);
    }
    let row = |level: &str, region: &str, code: &str, name: &str, v: &str| {
        format!(
            "2026,Reporting year,{level},E92000001,England,{region},North West,{code},E0,{name}{}\n",
            format!(",{v}").repeat(22)
        )
    };
    let text = format!(
        "{head}\n{}{}{}{}",
        row("National", "", "", "", "100"),
        row("Regional", "E12000002", "", "", "50"),
        row("Local authority", "E12000002", "895", "Cheshire East", "20"),
        row(
            "Local authority",
            "E12000002",
            "896",
            "Cheshire West and Chester",
            "30"
        ),
    );
    let dir = crate::common::extracts(&[
        ("new.csv", &text),
        (
            "sn.csv",
            "old_la_code,la_name,SN_1,SN_2,SN_3,SN_4,SN_5,SN_6,SN_7,SN_8,SN_9,SN_10\n\
             895,Cheshire East,896,,,,,,,,,\n",
        ),
    ]);
    let f = |n: &str| dir.path().join(n).to_string_lossy().into_owned();
    let t = csv(&[
        "benchmark",
        "--la",
        "895",
        "--reference",
        &f("new.csv"),
        "--neighbours",
        &f("sn.csv"),
    ]);
    assert_eq!(t.get(&["inpost_fte"], "la"), "20");
    assert_eq!(t.get(&["inpost_fte"], "region"), "50");
    assert_eq!(t.get(&["inpost_fte"], "england"), "100");
    assert_eq!(t.get(&["inpost_fte"], "neighbours_mean"), "30");
    assert_eq!(t.get(&["inpost_fte"], "rank"), "2");
    assert_eq!(t.get(&["inpost_fte"], "of"), "2");
    assert_eq!(t.get(&["inpost_fte"], "quartile"), "4");
    crate::common::write(
        dir.path(),
        "bad.csv",
        &text.replace("caseload_fte", "caseload"),
    );
    let out = run(&["benchmark", "--la", "895", "--reference", &f("bad.csv")]);
    assert_eq!(out.status, 1);
    assert!(
        out.stderr.contains("bad.csv") && out.stderr.contains("'caseload_fte'"),
        "{}",
        out.stderr
    );
}

#[test]
fn usage_errors() {
    for args in [
        &["benchmark", "--la", "Atlantis"][..],
        &["benchmark"][..],
        &["benchmark", "--la", "895", "--by", "team"][..],
        &["benchmark", "--la", "895", "--period", "2024"][..],
        &["benchmark", "--la", "895", "--year", "2016"][..],
        &["benchmark", "--la", "895", "--year", "2024", "--trend"][..],
    ] {
        let out = run(args);
        assert_eq!(out.status, 2, "{args:?}: {}", out.stderr);
    }
    let out = run(&["benchmark", "--la", "Cheshire"]);
    assert!(
        out.stderr.contains("Cheshire East") && out.stderr.contains("Cheshire West and Chester"),
        "{}",
        out.stderr
    );
}
