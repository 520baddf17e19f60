//! Inputs that once panicked, hung or overflowed (the reliability run of
//! issue 14, and what the fuzzers in fuzz/ find): each now ends with exit
//! status 1 or 2 and a message, never 101.
use crate::common::*;

const PAYROLL: &str =
    "Employee ID,Directorate,Job Title,FTE,Start Date\n1,Adults,SW,1,01/01/2015\n";

fn agency(rate: &str, hours: &str) -> String {
    format!(
        "Worker ID,Directorate,Job Title,Start Date,End Date,Hours Per Week,Hourly Rate\nA1,Adults,SW,01/01/2016,,{hours},{rate}\n"
    )
}

fn no_panic(out: &Output, status: i32, says: &str) {
    assert_eq!(out.status, status, "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(out.stderr.contains(says), "{}", out.stderr);
}

/// `swr costs` on an hourly rate of 10^14 and hours of 10^15 once
/// overflowed rust_decimal ("Multiplication overflowed").
#[test]
fn costs_on_enormous_rates_and_hours() {
    let dir = extracts(&[
        ("payroll.csv", PAYROLL),
        ("agency.csv", &agency("100000000000000", "1000000000000000")),
    ]);
    let d = dir.path().to_str().unwrap();
    let out = run(&["costs", "--data", d, "--as-of", "2016-07-31"]);
    no_panic(&out, 1, "row 2, column 'Hours Per Week'");
    // Each under its own limit, the product over what a decimal holds:
    // named as the figure that cannot be worked out.
    let dir = extracts(&[
        ("payroll.csv", PAYROLL),
        ("agency.csv", &agency("99999999999999.99", "999999")),
    ]);
    let d = dir.path().to_str().unwrap();
    let out = run(&["costs", "--data", d, "--as-of", "2016-07-31"]);
    no_panic(
        &out,
        1,
        "agency_spend: an amount in the extracts is far beyond any workforce figure",
    );
}

/// Flags and swr.toml numbers beyond what the arithmetic holds: usage
/// errors.
#[test]
fn flags_and_settings_beyond_the_arithmetic() {
    let dir = extracts(&[
        ("payroll.csv", PAYROLL),
        ("agency.csv", &agency("40", "37")),
    ]);
    let d = dir.path().to_str().unwrap();
    for (flag, value) in [
        ("--weeks", "79228162514264337593543950335"),
        ("--on-cost-rate", "1e21"),
        ("--cap", "79228162514264337593543950335"),
    ] {
        let out = run(&["costs", "--data", d, flag, value]);
        no_panic(&out, 2, flag);
    }
    std::fs::write(dir.path().join("swr.toml"), "weeks = 1e300\n").unwrap();
    no_panic(&run(&["costs", "--data", d]), 2, "weeks");
}

/// fuzz/mutate.py round 21: a row of 100,010 values among the first rows
/// made the search for unnamed columns quadratic (minutes); it is now read
/// at once and refused as a shifted row.
#[test]
fn a_row_of_a_hundred_thousand_values_near_the_header() {
    let mut leavers = String::from("Employee ID,Directorate,Job Title,Start Date,Leave Date,Reason\n1,Adults,SW,01/01/2015,15/07/2016,Retired\n2,Adults,SW,01/01/2015,15/07/2016");
    leavers.push_str(&",£1".repeat(100_000));
    leavers.push('\n');
    let dir = extracts(&[("leavers.csv", &leavers)]);
    let out = run(&[
        "leavers",
        "--data",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    no_panic(
        &out,
        1,
        "the row has 100005 values but the header line has 6",
    );
}

/// fuzz/mutate.py round 666: bit flips in council.xlsx make calamine
/// overflow on the Agency sheet's cell references (a panic in a debug
/// build, garbage in a release one): every sheet is an error naming it.
#[test]
fn a_bit_flipped_workbook() {
    let book = fixture("fuzz/bit_flipped_council.xlsx");
    let b = book.to_str().unwrap();
    let out = run(&[
        "costs",
        "--agency",
        &format!("{b}#Agency"),
        "--payroll",
        &format!("{b}#Payroll"),
        "--as-of",
        "2025-09-30",
    ]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    let out = run(&["check", "--data", b]);
    assert_eq!(out.status, 1);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    for sheet in ["Establishment", "Payroll", "Agency", "Leavers"] {
        assert!(
            out.stdout.contains(&format!("sheet '{sheet}'\",,,,error")),
            "{sheet}: {}",
            out.stdout
        );
    }
}

/// cargo fuzz workbook_loader: an XLS whose compound-file sector runs past
/// the end made calamine slice out of bounds (a panic in release builds
/// too): an error naming the file, whether it is read as an extract or its
/// sheets are listed as the `--data` workbook (which once panicked: the
/// listing was not guarded). The `cfb` crate, which reads the container
/// before calamine does, finds its directory damaged first.
#[test]
fn an_xls_sector_past_the_end() {
    let book = fixture("fuzz/cfb_sector_past_end.xls");
    for flag in ["--leavers", "--data"] {
        let out = run(&[
            "leavers",
            flag,
            book.to_str().unwrap(),
            "--as-of",
            "2016-07-31",
        ]);
        no_panic(
            &out,
            1,
            "cfb_sector_past_end.xls: cannot be read: the workbook's internal structure is damaged (its container: Malformed directory entry (invalid color: 240))",
        );
    }
}

/// cargo fuzz workbook_loader: an XLS whose directory's sector chain loops
/// made calamine grow its buffer until memory ran out (4 GB and more, then
/// killed): `cfb` checks the container first (here its allocation table,
/// longer than the file, is the first thing it refuses), and the file is
/// refused by name.
#[test]
fn an_xls_whose_sector_chain_loops() {
    let book = fixture("fuzz/cfb_chain_loop.xls");
    let out = run(&[
        "leavers",
        "--leavers",
        book.to_str().unwrap(),
        "--as-of",
        "2016-07-31",
    ]);
    no_panic(&out, 1, "cfb_chain_loop.xls: cannot be read: the workbook's internal structure is damaged (its container: Malformed FAT (FAT has 128 entries, but file has only 19 sectors))");
}

/// cargo fuzz workbook_loader: an XLS with cells on rows 1 and 65,536 and
/// columns far past IV (the last an XLS sheet has) made calamine lay out a
/// grid of 4.3 billion cells (an allocation of 137 GB, then abort): the
/// sheets' cell positions and declared dimensions are checked first. This
/// fuzzed file's directory is out of order too, which `cfb` refuses first;
/// `xls_cell_past_column_iv.xls` (fixtures/xls_leavers/leavers.xls with
/// its first cell, a LabelSst record at file offset 4241, moved to row
/// 65,536, column 301; the container untouched) reaches the cell check.
#[test]
fn an_xls_with_a_cell_far_from_the_others() {
    for (file, why) in [
        (
            "xls_cell_far_away.xls",
            "its container: Malformed directory (name ordering, \"Workbook\" vs \"\")",
        ),
        (
            "xls_cell_past_column_iv.xls",
            "a sheet places cells beyond the last row or column an XLS sheet can hold",
        ),
    ] {
        let book = fixture(&format!("fuzz/{file}"));
        let out = run(&[
            "leavers",
            "--leavers",
            book.to_str().unwrap(),
            "--as-of",
            "2016-07-31",
        ]);
        no_panic(
            &out,
            1,
            &format!(
                "{file}: cannot be read: the workbook's internal structure is damaged ({why})"
            ),
        );
    }
}

/// XLSX cells past the last row or column (found trying what the fuzzers
/// had not): a cell at A4000000000 made swr emit four billion blank rows
/// (13 s), one at ZZZZZZ3 laid out a row of 321 million cells (31 s, 20 GB).
/// Both are refused at once, naming the cell.
#[test]
fn xlsx_cells_past_the_sheet_limits() {
    for (file, cell) in [
        ("xlsx_row_4000000000.xlsx", "row 4000000000, column 1"),
        ("xlsx_column_321272406.xlsx", "row 3, column 321272406"),
    ] {
        let book = fixture(&format!("fuzz/{file}"));
        let out = run(&[
            "leavers",
            "--leavers",
            book.to_str().unwrap(),
            "--as-of",
            "2015-03-31",
        ]);
        no_panic(
            &out,
            1,
            &format!("{file}, sheet 'Leavers': has a cell at {cell} (counting from 1), beyond the last row or column a sheet can hold (1048576 rows, 16384 columns)"),
        );
    }
}
