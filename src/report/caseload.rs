//! `swr caseload`: cases held on the as-of date, as the DfE counts them.
//!
//! Payroll staff in post on the day (the model's stock; only payroll rows
//! carry cases) and agency placements active on it that have a `cases`
//! column. A case holder is a row (post or placement) holding one case or
//! more; caseload_fte = cases / FTE of those rows (the DfE's average
//! caseload, a ratio). Staff are counted per person within each group (two
//! holder posts are one case holder, their cases and FTE summed; a post
//! without cases adds no FTE); agency placements each count, not
//! de-duplicated.

use super::{dec, fill};
use crate::extracts::Dataset;
use crate::frame::{self};
use crate::measures::cases::{median, one_decimal, Holders};
use crate::model::CaseloadOf;
use crate::model::{Model, Needs};
use crate::options::Common;
use crate::period::fmt_date;
use crate::settings::Settings;
use crate::table::{pct, ratio, Kind, Table, Value};
use anyhow::Result;

const STAFF: Needs = Needs {
    command: "caseload",
    required: &[Dataset::Payroll],
    optional: &[Dataset::Leavers],
    columns: &["employee_id", "fte", "cases"],
    figures: &["fte", "cases", "hours_per_week"],
    stock: true,
};

const AGENCY: Needs = Needs {
    command: "caseload",
    required: &[Dataset::Agency],
    optional: &[],
    columns: &["cases", "hours_per_week"],
    figures: &["cases", "hours_per_week"],
    stock: false,
};

const ALL: Needs = Needs {
    command: "caseload",
    required: &[Dataset::Payroll],
    optional: &[Dataset::Agency, Dataset::Leavers],
    columns: &["employee_id", "fte", "cases", "hours_per_week"],
    figures: &["fte", "cases", "hours_per_week"],
    stock: true,
};

pub fn run(settings: &Settings, of: CaseloadOf, cap: Option<u32>) -> Result<Table> {
    let by = settings.by_or(&["team"]);
    let needs = match of {
        CaseloadOf::Staff => &STAFF,
        CaseloadOf::Agency => &AGENCY,
        CaseloadOf::All => &ALL,
    };
    let model = Model::open(settings, needs, &by, &[])?;
    let as_of = model.as_of;
    let holders = Holders::build(&model, as_of, of, &by, None, None, &[])?;

    let mut t = Table::grouped(
        format!("Caseloads by {}", by.join(", ")),
        &by,
        &[
            ("case_holders", Kind::Count),
            ("case_holders_fte", Kind::Fte),
            ("cases", Kind::Count),
            ("caseload_fte", Kind::Fte),
            ("mean_cases", Kind::Fte),
            ("median_cases", Kind::Fte),
            ("max_cases", Kind::Count),
        ],
    );
    if cap.is_some() {
        t.column("over_cap", Kind::Count);
        t.column("over_cap_pct", Kind::Pct);
    }
    // With --of all, placements that cannot be grouped leave every figure
    // unknown: N/A, never the staff's alone (SPEC 3).
    let countable = holders.any() && !(of == CaseloadOf::All && holders.agency_lacking);
    if countable {
        let rows = frame::rows(|keys| Ok(holders.query(keys, cap)), &by)?;
        fill(&mut t, &rows, by.len(), settings.totals, |g| {
            let n = dec(g.count("case_holders"));
            let cases = g.get("cases");
            let fte = holders.fte(g);
            let mut row = vec![
                Value::num(n),
                Value::opt(fte),
                Value::num(cases),
                Value::opt(fte.and_then(|f| ratio(cases, f)).map(one_decimal)),
                Value::opt(ratio(cases, n).map(one_decimal)),
                Value::opt(median(g).map(one_decimal)),
                Value::opt(g.opt("max_cases")),
            ];
            if cap.is_some() {
                let over = dec(g.count("over_cap"));
                row.push(Value::num(over));
                row.push(Value::opt(pct(over, n)));
            }
            row
        });
    } else if settings.totals {
        let mut row = super::total_keys(by.len());
        row.extend((by.len()..t.columns.len()).map(|_| Value::NA));
        t.rows.push(row);
    }
    model.notes(&mut t, false);
    t.note(format!(
        "Case holders: {} with 1 case or more on {}. caseload_fte = cases / FTE of the case holders (the DfE's average caseload); mean, median and max are per case holder.",
        match of {
            CaseloadOf::Staff => "payroll staff in post",
            CaseloadOf::Agency => "agency placements active",
            CaseloadOf::All => "payroll staff in post and agency placements active",
        },
        fmt_date(as_of)
    ));
    if of != CaseloadOf::Staff && holders.agency.is_some() {
        t.note(format!(
            "Agency FTE = hours_per_week / {}; each placement counts once (not de-duplicated, as the DfE counts agency workers).",
            settings.standard_hours
        ));
    }
    for n in holders.notes.iter().chain(&holders.agency_unavailable) {
        t.note(n.clone());
    }
    if holders.agency_no_cases {
        t.note("The agency extract has no cases column: agency placements are not counted.");
    }
    if !holders.staff_fte_known {
        t.note("The payroll extract has no fte column: case_holders_fte and caseload_fte are N/A.");
    }
    if of == CaseloadOf::All && holders.agency_lacking {
        t.note("Every figure is N/A: the agency's cases cannot be put in these groups (--of staff counts payroll staff alone).");
    } else if !holders.any() {
        t.note("No cases can be counted: every figure is N/A.");
    }
    if let Some(n) = cap {
        t.note(format!(
            "over_cap: case holders with more than {n} cases; over_cap_pct = over_cap / case_holders x 100."
        ));
    }
    Ok(t)
}

// The command line of `swr caseload` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// Whose cases: payroll staff in post, active agency placements, or both (as the DfE counts)
    #[arg(long, value_enum, default_value_t = CaseloadOf::All)]
    pub of: CaseloadOf,
    /// Add over_cap and over_cap_pct: case holders with more than N cases
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32))]
    pub cap: Option<u32>,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((run(settings, self.of, self.cap)?, crate::exit::OK))
    }
}
