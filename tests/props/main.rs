//! Every report command against the rules of SPEC section 4, on small random
//! councils (issue 18, part 2).
//!
//! Each property is a test per command: `cargo test --test props
//! partition::` runs one property, `cargo test --test props ::caseload` one
//! command. The councils are proptest strategies, so a failure shrinks to a
//! small council, which the panic message prints as CSV files.
//!
//! Cases: each property tries a few councils by default (small enough for
//! CI); `SWR_PROP_CASES=50` (or `PROPTEST_CASES`) tries that many for every
//! property. `PROPTEST_RNG_SEED=N` repeats a run.
//!
//! A property that fails on the current code is `#[ignore]`d with the
//! reason; `regressions.rs` keeps the smallest council of each failure with
//! its figures worked out by hand.

mod council;
mod files;
mod properties;
mod regressions;
mod swr;

/// A test of `$prop` for each command listed, optionally ignored.
macro_rules! for_commands {
    ($prop:path; $( $name:ident = $cmd:ident $(, ignore = $why:literal)? ;)*) => {
        $(
            #[test]
            $(#[ignore = $why])?
            fn $name() {
                $prop(&crate::swr::$cmd)
            }
        )*
    };
}

/// SPEC 4 "Rows and people": the row for v of --by COL equals the Total of
/// --where COL=v, for every --by column and value.
mod partition {
    for_commands! { crate::properties::partition;
        vacancies = VACANCIES;
        costs = COSTS;
        leavers = LEAVERS;
        turnover = TURNOVER;
        cohorts_leavers = COHORTS_LEAVERS;
        cohorts_staff = COHORTS_STAFF;
        pay = PAY;
        incentives = INCENTIVES;
        caseload = CASELOAD;
        absence = ABSENCE;
        absence_by_reason = ABSENCE_BY_REASON;
        census = CENSUS;
        retention = RETENTION;
        movements = MOVEMENTS;
        agency = AGENCY;
        exceptions = EXCEPTIONS;
        forecast = FORECAST;
    }
}

/// SPEC 4 "Totals": amounts sum (to the rounding of the printed figures),
/// counts of events sum, counts of people are no more than the rows' sum.
mod totals {
    for_commands! { crate::properties::totals;
        vacancies = VACANCIES;
        costs = COSTS;
        leavers = LEAVERS;
        turnover = TURNOVER;
        cohorts_leavers = COHORTS_LEAVERS;
        cohorts_staff = COHORTS_STAFF;
        pay = PAY;
        incentives = INCENTIVES;
        caseload = CASELOAD;
        absence = ABSENCE;
        absence_by_reason = ABSENCE_BY_REASON;
        census = CENSUS;
        retention = RETENTION;
        movements = MOVEMENTS;
        agency = AGENCY;
        forecast = FORECAST;
    }
}

/// Shuffling the rows, or the columns, of every extract changes no table.
mod shuffle {
    for_commands! { crate::properties::shuffle;
        vacancies = VACANCIES;
        costs = COSTS;
        leavers = LEAVERS;
        turnover = TURNOVER;
        cohorts_leavers = COHORTS_LEAVERS;
        cohorts_staff = COHORTS_STAFF;
        pay = PAY;
        incentives = INCENTIVES;
        caseload = CASELOAD;
        absence = ABSENCE;
        census = CENSUS;
        retention = RETENTION;
        movements = MOVEMENTS;
        agency = AGENCY;
        exceptions = EXCEPTIONS;
        forecast = FORECAST;
    }
}

/// SPEC 4: the same data as CSV, XLSX (one workbook, --data FILE.xlsx),
/// ;-separated, UTF-16 and Windows-1252 CSV gives byte-identical tables.
mod formats {
    for_commands! { crate::properties::formats;
        vacancies = VACANCIES;
        costs = COSTS;
        leavers = LEAVERS;
        turnover = TURNOVER;
        cohorts_leavers = COHORTS_LEAVERS;
        cohorts_staff = COHORTS_STAFF;
        pay = PAY;
        incentives = INCENTIVES;
        caseload = CASELOAD;
        absence = ABSENCE;
        census = CENSUS;
        retention = RETENTION;
        movements = MOVEMENTS;
        agency = AGENCY;
        exceptions = EXCEPTIONS;
        forecast = FORECAST;
    }
}

/// SPEC 6 `--every quarter`: each step is the plain run for its day.
/// Not census (SPEC 5: its year sets the period, and --period is a usage
/// error, so there is no period to step over) nor movements (its figures
/// compare two payroll files and depend on no date).
mod every {
    for_commands! { crate::properties::every;
        vacancies = VACANCIES;
        costs = COSTS;
        leavers = LEAVERS;
        turnover = TURNOVER;
        cohorts_leavers = COHORTS_LEAVERS;
        cohorts_staff = COHORTS_STAFF;
        pay = PAY;
        incentives = INCENTIVES;
        caseload = CASELOAD;
        absence = ABSENCE;
        retention = RETENTION;
        agency = AGENCY;
    }
}

/// SPEC 6 `--compare P`: COL_prev is the plain run for P and COL_change the
/// printed difference. Not census (SPEC 5: the year sets the dates, and
/// --period and --as-of are usage errors; another year is `--year`) nor
/// movements (two snapshots are already the comparison; no date of its own).
mod compare {
    for_commands! { crate::properties::compare;
        vacancies = VACANCIES;
        costs = COSTS;
        leavers = LEAVERS;
        turnover = TURNOVER;
        cohorts_leavers = COHORTS_LEAVERS;
        cohorts_staff = COHORTS_STAFF;
        pay = PAY;
        incentives = INCENTIVES;
        caseload = CASELOAD;
        absence = ABSENCE;
        retention = RETENTION;
        agency = AGENCY;
    }
}

/// SPEC 4 "Blank cells": a blank in a cell the command's figures use is
/// exit 1 naming it (never the figures of a 0), and --skip-invalid gives the
/// table without that row.
mod blank {
    for_commands! { crate::properties::blank;
        vacancies = VACANCIES;
        costs = COSTS;
        leavers = LEAVERS;
        turnover = TURNOVER;
        cohorts_leavers = COHORTS_LEAVERS;
        cohorts_staff = COHORTS_STAFF;
        pay = PAY;
        incentives = INCENTIVES;
        caseload = CASELOAD;
        absence = ABSENCE;
        census = CENSUS;
        retention = RETENTION;
        movements = MOVEMENTS;
        agency = AGENCY;
    }
}

/// SPEC 4 "Spans": an end before the start (agency end_date, leavers
/// leave_date, absence end_date) in an extract the command reads is exit 1
/// naming the cell, and --skip-invalid gives the table without that row.
/// Not movements: it reads two payroll snapshots, which hold no spans.
mod spans {
    for_commands! { crate::properties::spans;
        vacancies = VACANCIES;
        costs = COSTS;
        leavers = LEAVERS;
        turnover = TURNOVER;
        cohorts_leavers = COHORTS_LEAVERS;
        cohorts_staff = COHORTS_STAFF;
        pay = PAY;
        incentives = INCENTIVES;
        caseload = CASELOAD;
        absence = ABSENCE;
        census = CENSUS;
        retention = RETENTION;
        agency = AGENCY;
    }
}

/// SPEC 4 "Counts": cases of 2.5 or -1 (payroll or agency) are exit 1
/// naming the cell in the commands that count cases; --skip-invalid gives
/// the table without that row.
mod counts {
    for_commands! { crate::properties::counts;
        caseload = CASELOAD;
        census = CENSUS;
    }
}

/// SPEC 4 "Spans": a spell given twice (an overlap of one person's spells)
/// counts each working day once: no figure of days or people changes.
mod overlap {
    for_commands! { crate::properties::overlap;
        absence = ABSENCE;
        census = CENSUS;
    }
}

/// Rows entirely outside the period (leavers who left before it, spells
/// and placements that ended before it, starters after the as-of date)
/// change no figure. Not movements: it has no period (two snapshots).
mod outside {
    for_commands! { crate::properties::outside_rows;
        vacancies = VACANCIES;
        costs = COSTS;
        leavers = LEAVERS;
        turnover = TURNOVER;
        cohorts_leavers = COHORTS_LEAVERS;
        cohorts_staff = COHORTS_STAFF;
        pay = PAY;
        incentives = INCENTIVES;
        caseload = CASELOAD;
        absence = ABSENCE;
        census = CENSUS;
        retention = RETENTION;
        agency = AGENCY;
    }
}

/// Print one random council and the demo-style run of every command on it
/// (`cargo test --test props show_a_council -- --ignored --nocapture`).
#[test]
#[ignore = "a look at the generator, not a property"]
fn show_a_council() {
    use proptest::strategy::{Strategy, ValueTree};
    let mut runner = proptest::test_runner::TestRunner::default();
    let c = council::council().new_tree(&mut runner).unwrap().current();
    println!("{c:?}");
    let w = files::write(&c, files::Form::Csv);
    for cmd in [
        &swr::VACANCIES,
        &swr::COSTS,
        &swr::LEAVERS,
        &swr::TURNOVER,
        &swr::COHORTS_LEAVERS,
        &swr::COHORTS_STAFF,
        &swr::PAY,
        &swr::INCENTIVES,
        &swr::CASELOAD,
        &swr::ABSENCE,
        &swr::CENSUS,
        &swr::RETENTION,
        &swr::MOVEMENTS,
        &swr::AGENCY,
    ] {
        let out = swr::run(cmd, &w, swr::Dates::Default, &[]);
        println!(
            "$ {} (exit {})\n{}{}",
            out.line(),
            out.status,
            out.stdout,
            out.stderr
        );
    }
}
