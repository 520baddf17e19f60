//! Case holders and their cases on a day, as the DfE counts them: payroll
//! rows holding a case (per person within a group) and agency placements
//! with a cases column. Shared by `caseload` and `census`.

use crate::extracts::Dataset;
use crate::frame::decimal_zero as zero;
use crate::frame::{self, decimal_type, Agg, LazyFrame, SCALE};
use crate::model::CaseloadOf;
use crate::model::Model;
use crate::period::fmt_date;
use anyhow::Result;
use chrono::NaiveDate;
use polars::prelude::{col, lit, when, DataType, Expr};
use rust_decimal::Decimal;

/// A ratio or mean of cases as the DfE publishes caseloads: 1 decimal,
/// rounded half up.
pub(crate) fn one_decimal(d: Decimal) -> Decimal {
    crate::render::round(d, 1)
}

/// The FTE of a group's case holders: staff FTE plus agency hours / the
/// standard week.
pub(crate) fn holders_fte(g: &Agg, std_hours: Decimal) -> Decimal {
    g.get("_staff_fte") + g.get("_agency_hours") / std_hours
}

/// The people and placements whose cases count on a day, before grouping.
pub(crate) struct Holders {
    /// Payroll rows in post: the group columns, employee_id, cases, fte.
    staff: Option<LazyFrame>,
    /// Active placements: the group columns, cases, hours.
    pub agency: Option<LazyFrame>,
    std_hours: Decimal,
    /// What was counted and what was not, for the notes.
    pub notes: Vec<String>,
    /// Why no placement is counted when the agency extract is missing or
    /// lacks a --by or --where column (the census says so once itself).
    pub agency_unavailable: Option<String>,
    /// The agency extract is there but has no cases column (the census
    /// says what that does to its figures itself).
    pub agency_no_cases: bool,
    /// The agency extract lacks a --by or --where column: its placements
    /// cannot be put in groups (SPEC 3: N/A, never left out).
    pub agency_lacking: bool,
    /// The staff counted carry an fte (payroll has the column, or no staff
    /// are counted): the case holders' FTE can be worked out.
    pub staff_fte_known: bool,
}

impl Holders {
    /// Who holds cases on `day`. `people` and `placements` narrow the
    /// payroll rows (a frame with `source`) and the placements further
    /// (`census`'s rule of who counts); `extra` are the columns they read.
    pub(crate) fn build(
        model: &Model<'_>,
        day: NaiveDate,
        of: CaseloadOf,
        by: &[String],
        people: Option<Expr>,
        placements: Option<Expr>,
        extra: &[&str],
    ) -> Result<Holders> {
        let mut notes = Vec::new();
        let mut staff = None;
        let mut staff_fte_known = true;
        if of != CaseloadOf::Agency {
            if model.has(Dataset::Payroll, "cases") {
                let mut cols = vec!["employee_id", "fte", "cases"];
                cols.extend(by.iter().map(String::as_str));
                cols.extend(extra.iter().copied());
                let stock = model.stock(day, &cols)?;
                if stock.from_leavers > 0 {
                    notes.push(format!(
                        "{} of the people in post on {} {} from the leavers extract, which carries no cases: counted as holding none.",
                        stock.from_leavers,
                        fmt_date(day),
                        if stock.from_leavers == 1 { "comes" } else { "come" }
                    ));
                }
                let mut rows = stock.frame.filter(col("source").eq(lit("payroll")));
                if let Some(p) = people {
                    rows = crate::frame::with_blank_columns(rows, extra)?.filter(p);
                }
                staff = Some(rows);
                staff_fte_known = model.has(Dataset::Payroll, "fte");
            } else {
                notes.push(
                    "The payroll extract has no cases column: staff cases cannot be counted."
                        .to_string(),
                );
            }
        }
        let mut agency = None;
        let mut agency_unavailable = None;
        let mut agency_no_cases = false;
        let mut agency_lacking = false;
        if of != CaseloadOf::Staff {
            if !model.found(Dataset::Agency) {
                agency_unavailable =
                    Some("No agency extract found: agency placements are not counted.".into());
            } else if let Some(missing) = model.lacking(Dataset::Agency) {
                agency_lacking = true;
                agency_unavailable = Some(format!(
                    "The agency extract has no {} column: agency placements are not counted.",
                    missing.join(", ")
                ));
            } else if !model.has(Dataset::Agency, "cases") {
                agency_no_cases = true;
            } else if let Some(p) = model.placements()? {
                let mut rows = p.filter(model.active(day));
                if let Some(w) = placements {
                    rows = rows.filter(w);
                }
                let mut select: Vec<Expr> = by.iter().map(|b| col(b.as_str())).collect();
                select.push(col("cases"));
                select.push(model.agency_hours().alias("_hours"));
                agency = Some(rows.select(select));
            }
        }
        Ok(Holders {
            staff,
            agency,
            std_hours: model.settings.standard_hours,
            notes,
            agency_unavailable,
            agency_no_cases,
            agency_lacking,
            staff_fte_known,
        })
    }

    /// Can any cases be counted?
    pub(crate) fn any(&self) -> bool {
        self.staff.is_some() || self.agency.is_some()
    }

    /// Everyone counted, grouped by `keys`: `case_holders`, `cases`,
    /// `_staff_fte` and `_agency_hours` of the case holders, `_median`,
    /// `max_cases`, and with a cap `over_cap`.
    pub(crate) fn query(&self, keys: &[String], cap: Option<u32>) -> LazyFrame {
        let mut parts = Vec::new();
        let one = || lit(1).cast(decimal_type(SCALE));
        if let Some(staff) = &self.staff {
            // A case holder is a row holding 1 case or more (SPEC 5); a
            // person counts once within the group, with the cases and FTE
            // of their holder rows in it: a post without cases brings no
            // FTE. In the Total (no keys) that is all their holder rows.
            let mut person = keys.to_vec();
            person.push("employee_id".to_string());
            let holder_row = col("cases").gt_eq(one());
            parts.push(
                frame::agg(
                    staff.clone(),
                    &person,
                    vec![
                        when(holder_row.clone())
                            .then(col("cases"))
                            .otherwise(zero())
                            .sum()
                            .alias("_cases"),
                        when(holder_row)
                            .then(col("fte"))
                            .otherwise(zero())
                            .sum()
                            .alias("_fte"),
                    ],
                )
                .select(
                    keys.iter()
                        .map(|k| col(k.as_str()))
                        .chain([col("_cases"), col("_fte"), zero().alias("_hours")])
                        .collect::<Vec<_>>(),
                ),
            );
        }
        if let Some(agency) = &self.agency {
            // Each placement counts (agency records are not de-duplicated);
            // grouped like the staff so their keys read the same.
            let mut placement = keys.to_vec();
            placement.push("_placement".to_string());
            parts.push(
                frame::agg(
                    agency.clone().with_row_index("_placement", None),
                    &placement,
                    vec![
                        col("cases").sum().alias("_cases"),
                        col("_hours").sum().alias("_hours"),
                    ],
                )
                .select(
                    keys.iter()
                        .map(|k| col(k.as_str()))
                        .chain([col("_cases"), zero().alias("_fte"), col("_hours")])
                        .collect::<Vec<_>>(),
                ),
            );
        }
        let all = polars::prelude::concat_lf_diagonal(parts, Default::default())
            .expect("frames of the same columns");
        let holder = col("_cases").gt_eq(one());
        let all = all.with_columns([
            holder.clone().alias("_holder"),
            when(holder.clone())
                .then(col("_fte"))
                .otherwise(zero())
                .alias("_hfte"),
            when(holder.clone())
                .then(col("_hours"))
                .otherwise(zero())
                .alias("_hhours"),
            when(holder)
                .then(col("_cases"))
                .otherwise(zero())
                .alias("_hcases"),
        ]);
        let mut aggs = vec![
            col("_holder")
                .cast(DataType::UInt32)
                .sum()
                .alias("case_holders"),
            col("_hcases").sum().alias("cases"),
            col("_hfte").sum().alias("_staff_fte"),
            col("_hhours").sum().alias("_agency_hours"),
            col("_cases")
                .filter(col("_holder"))
                .median()
                .alias("_median"),
            col("_cases")
                .filter(col("_holder"))
                .max()
                .alias("max_cases"),
        ];
        if let Some(n) = cap {
            aggs.push(
                col("_cases")
                    .gt(lit(n).cast(decimal_type(SCALE)))
                    .cast(DataType::UInt32)
                    .sum()
                    .alias("over_cap"),
            );
        }
        frame::agg(all, keys, aggs)
    }

    /// The FTE of a group's case holders: staff FTE plus agency hours / the
    /// standard week; N/A when the staff's fte is unknown.
    pub(crate) fn fte(&self, g: &Agg) -> Option<Decimal> {
        self.staff_fte_known.then(|| holders_fte(g, self.std_hours))
    }
}

/// The median a query gave (polars works it out as a float): exact for
/// whole numbers of cases and their halves.
pub(crate) fn median(g: &Agg) -> Option<Decimal> {
    g.opt("_median").map(|m| m.round_dp(6))
}
