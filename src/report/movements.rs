//! `swr movements`: who moved between two payroll snapshots.
//!
//! People are matched by employee_id. Each snapshot is read as a payroll
//! extract (CSV or a workbook sheet, the same header handling). A person
//! with several rows in one is compared through their main row (the
//! largest fte, then the lowest values, whatever the order of the file)
//! with the fte of all their rows. A person belongs to the group of every
//! row they have in the earlier snapshot, or in the later one for joiners
//! (SPEC 4, "Rows and people"), and `--where` keeps the people one of those
//! rows matches, so the row for value v of `--by COL` is the Total of
//! `--where COL=v`, and in_from - left + joined = in_to on every row. Promotions
//! follow `[grades] order` in swr.toml, else the number in the grade
//! (`Grade 9` < `Grade 10`) between grades that differ only in it.

use super::{dec, fill, total_keys};
use crate::extracts::Dataset;
use crate::frame::{self, Agg, LazyFrame, BLANK};
use crate::input::Location;
use crate::model::{plural, Model, Needs};
use crate::options::Common;
use crate::settings::{usage, Settings};
use crate::table::{Kind, Table, Value};
use anyhow::Result;
use polars::prelude::{
    col, len, lit, when, DataFrame, DataType, Expr, IntoLazy, JoinArgs, JoinCoalesce, JoinType,
    SortMultipleOptions, UniqueKeepStrategy, NULL,
};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Columns compared between the snapshots (team and grade when both have them).
const COMPARED: [&str; 4] = ["directorate", "team", "job_title", "grade"];

const NEEDS: Needs = Needs {
    command: "movements",
    required: &[Dataset::Payroll],
    optional: &[],
    columns: &[
        "employee_id",
        "directorate",
        "team",
        "job_title",
        "grade",
        "fte",
    ],
    figures: &["fte"],
    stock: false,
};

/// The earlier snapshot's column `c` (employee_id is the same in both).
fn from(c: &str) -> String {
    match c {
        "employee_id" => c.to_string(),
        _ => format!("_from_{c}"),
    }
}

/// The later snapshot's column `c`.
fn to(c: &str) -> String {
    match c {
        "employee_id" => c.to_string(),
        _ => format!("_to_{c}"),
    }
}

/// One row per person of a snapshot (its rows with `_rows_of`, how many
/// their person has): the main row's `attrs` (largest fte
/// first, then the lowest values of `attrs` in turn, blanks last, so that
/// the order of the file decides nothing) and the fte of all their rows
/// (blank when any of them is), each column named by `name`. Someone with
/// one row (most people) is that row; only the rows of people with several
/// are sorted (once, all together, not group by group) to find their main
/// row, the first of its person's in that order.
fn people(
    lf: LazyFrame,
    attrs: &[String],
    has_fte: bool,
    name: fn(&str) -> String,
    mark: &str,
) -> Result<LazyFrame> {
    let id = || [col("employee_id")];
    let rows = lf;
    let mut single: Vec<Expr> = vec![col("employee_id")];
    single.extend(attrs.iter().map(|c| col(c.as_str()).alias(name(c))));
    if has_fte {
        single.push(
            col("fte")
                .cast(frame::decimal_type(frame::SCALE))
                .alias(name("fte")),
        );
    }
    single.push(lit(1u32).cast(DataType::UInt32).alias(name("_rows")));
    single.push(lit(true).alias(mark));
    let single = rows
        .clone()
        .filter(col("_rows_of").eq(lit(1u32)))
        .select(single);
    let mut keys: Vec<&str> = vec!["employee_id"];
    let mut descending: Vec<bool> = vec![false];
    if has_fte {
        keys.push("fte");
        descending.push(true);
    }
    for a in attrs {
        keys.push(a.as_str());
        descending.push(false);
    }
    let mut aggs: Vec<Expr> = attrs
        .iter()
        .map(|c| col(c.as_str()).first().alias(name(c)))
        .collect();
    if has_fte {
        aggs.push(
            when(col("fte").is_null().any(false))
                .then(lit(NULL).cast(frame::decimal_type(frame::SCALE)))
                .otherwise(col("fte").sum())
                .cast(frame::decimal_type(frame::SCALE))
                .alias(name("fte")),
        );
    }
    aggs.push(len().alias(name("_rows")));
    aggs.push(len().gt(lit(0)).alias(mark));
    let several = rows
        .filter(col("_rows_of").gt(lit(1u32)))
        .sort(
            keys,
            SortMultipleOptions::default()
                .with_order_descending_multi(descending)
                .with_nulls_last(true)
                .with_maintain_order(true),
        )
        .group_by(id())
        .agg(aggs);
    Ok(polars::prelude::concat(
        [single, several],
        Default::default(),
    )?)
}

/// A grade's place among grades: its scale (grades compare only within one)
/// and rank in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    scale: String,
    rank: Vec<u64>,
}

/// `Grade 10` is the scale `grade #` at 10; a grade without a number has no
/// natural place.
fn natural_place(grade: &str) -> Option<Place> {
    let mut scale = String::new();
    let mut rank = Vec::new();
    let mut digits = String::new();
    for c in grade.trim().chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            let d = digits.trim_start_matches('0');
            // Ranks compare as numbers of any length: by length, then digits.
            rank.push(if d.len() > 19 {
                u64::MAX
            } else {
                d.parse().unwrap_or(0)
            });
            digits.clear();
            scale.push('#');
        }
        scale.extend(c.to_lowercase());
    }
    let scale = scale.trim_end().to_string();
    (!rank.is_empty()).then_some(Place { scale, rank })
}

/// Places of the grades seen: by `[grades] order` when given (a grade not
/// in it has none), else natural.
fn places(grades: &[String], order: &[String]) -> BTreeMap<String, Place> {
    grades
        .iter()
        .filter_map(|g| {
            let key = g.trim().to_lowercase();
            let place = if order.is_empty() {
                natural_place(g)
            } else {
                order
                    .iter()
                    .position(|o| o.to_lowercase() == key)
                    .map(|i| Place {
                        scale: "[grades]".to_string(),
                        rank: vec![i as u64],
                    })
            };
            place.map(|p| (key, p))
        })
        .collect()
}

/// Order of values in a cross-tab: grades by place, then text with numbers
/// compared as numbers; blank last.
fn value_order(a: &str, b: &str, places: &BTreeMap<String, Place>) -> Ordering {
    let blank = |s: &str| s == BLANK;
    blank(a).cmp(&blank(b)).then_with(|| {
        let (pa, pb) = (
            places.get(&a.to_lowercase()).cloned(),
            places.get(&b.to_lowercase()).cloned(),
        );
        let natural = |s: &str| {
            natural_place(s).unwrap_or(Place {
                scale: s.to_lowercase(),
                rank: Vec::new(),
            })
        };
        pa.is_none()
            .cmp(&pb.is_none())
            .then_with(|| pa.cmp(&pb))
            .then_with(|| natural(a).cmp(&natural(b)))
            .then_with(|| a.cmp(b))
    })
}

/// The distinct grades of a snapshot.
fn grades_in(lf: &LazyFrame) -> Result<Vec<String>> {
    let df = lf
        .clone()
        .select([col("grade").drop_nulls().unique()])
        .collect()?;
    Ok(df
        .column("grade")?
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .collect())
}

/// The places as a frame to join on a lower-case grade.
fn place_frame(places: &BTreeMap<String, Place>) -> Result<LazyFrame> {
    // Ranks as one number: the position in the order of every place.
    let mut sorted: Vec<&Place> = places.values().collect();
    sorted.sort();
    sorted.dedup();
    let keys: Vec<&str> = places.keys().map(String::as_str).collect();
    let scales: Vec<&str> = places.values().map(|p| p.scale.as_str()).collect();
    let ranks: Vec<u32> = places
        .values()
        .map(|p| sorted.binary_search(&p).unwrap_or(0) as u32)
        .collect();
    let df = DataFrame::new(
        keys.len(),
        vec![
            polars::prelude::Column::new("_grade_key".into(), keys),
            polars::prelude::Column::new("_scale".into(), scales),
            polars::prelude::Column::new("_rank".into(), ranks),
        ],
    )?;
    Ok(df.lazy())
}

/// Join each snapshot's grade to its place.
fn with_places(p: LazyFrame, places: LazyFrame, side: fn(&str) -> String) -> LazyFrame {
    let renamed = places.select([
        col("_grade_key").alias(side("_grade_key")),
        col("_scale").alias(side("_scale")),
        col("_rank").alias(side("_rank")),
    ]);
    p.with_column(
        col(side("grade").as_str())
            .str()
            .to_lowercase()
            .alias(side("_grade_key")),
    )
    .join(
        renamed,
        [col(side("_grade_key").as_str())],
        [col(side("_grade_key").as_str())],
        JoinArgs::new(JoinType::Left),
    )
}

/// The two values differ (ignoring case for text); unknown when either is
/// blank.
fn differ(c: &str, text: bool) -> Expr {
    let (a, b) = (col(from(c).as_str()), col(to(c).as_str()));
    if text {
        a.str().to_lowercase().neq(b.str().to_lowercase())
    } else {
        a.neq(b)
    }
}

/// The flags that compare text ignoring case: a job change, a transfer,
/// and with grades a grade change, a promotion, a change between grades
/// that cannot be ordered and a grade blank in one snapshot.
struct TextFlags<'a> {
    old: &'a LazyFrame,
    new: &'a LazyFrame,
    places: &'a BTreeMap<String, Place>,
    has_grade: bool,
    has_team: bool,
}

impl TextFlags<'_> {
    fn names(&self) -> Vec<&'static str> {
        let mut names = vec!["_job", "_transfer"];
        if self.has_grade {
            names.extend(["_grade", "_promotion", "_unranked", "_blank_grade"]);
        }
        names
    }

    /// The columns compared (each snapshot's main row's).
    fn compared(&self) -> Vec<&'static str> {
        let mut cols = vec!["job_title", "directorate"];
        if self.has_team {
            cols.push("team");
        }
        if self.has_grade {
            cols.push("grade");
        }
        cols
    }

    /// `p` (people of both snapshots) with the flags; `only` the people
    /// of `p`, when not all (whose rows alone are then looked at).
    fn flags(&self, p: LazyFrame, only: Option<LazyFrame>) -> Result<LazyFrame> {
        let mut p = p;
        if self.has_grade {
            let pf = place_frame(self.places)?;
            p = with_places(p, pf.clone(), from);
            p = with_places(p, pf, to);
        }
        let stayed = col("_stayed");
        let mut flags = vec![stayed
            .clone()
            .and(differ("job_title", true).fill_null(false))
            .alias("_job")];
        // A transfer: none of the person's later rows is in a directorate
        // (and team) one of their earlier rows was in, ignoring case.
        // Someone who adds a second post elsewhere, or whose rows come in
        // another order, has not moved.
        let mut place_cols = vec!["directorate"];
        if self.has_team {
            place_cols.push("team");
        }
        let ids = || [col("employee_id")];
        let places_of = |lf: &LazyFrame| {
            let mut sel = vec![col("employee_id")];
            sel.extend(
                place_cols
                    .iter()
                    .map(|c| col(*c).str().to_lowercase().alias(*c)),
            );
            let rows = match &only {
                Some(o) => lf
                    .clone()
                    .join(o.clone(), ids(), ids(), JoinArgs::new(JoinType::Inner)),
                None => lf.clone(),
            };
            rows.select(sel).unique(None, UniqueKeepStrategy::Any)
        };
        let mut on = vec![col("employee_id")];
        on.extend(place_cols.iter().map(|c| col(*c)));
        let mut nulls = JoinArgs::new(JoinType::Inner);
        nulls.nulls_equal = true;
        let kept = places_of(self.old)
            .join(places_of(self.new), on.clone(), on, nulls)
            .group_by(ids())
            .agg([len().alias("_kept_places")]);
        p = p.join(kept, ids(), ids(), JoinArgs::new(JoinType::Left));
        let moved = col("_kept_places").is_null();
        flags.push(stayed.clone().and(moved).alias("_transfer"));
        if self.has_grade {
            let changed = stayed.clone().and(differ("grade", true).fill_null(false));
            let same_scale = col(from("_scale").as_str())
                .eq(col(to("_scale").as_str()))
                .fill_null(false);
            let up = col(to("_rank").as_str())
                .gt(col(from("_rank").as_str()))
                .fill_null(false);
            let blank_one = col(from("grade").as_str())
                .is_null()
                .neq(col(to("grade").as_str()).is_null());
            flags.push(changed.clone().alias("_grade"));
            flags.push(
                changed
                    .clone()
                    .and(same_scale.clone())
                    .and(up)
                    .alias("_promotion"),
            );
            flags.push(changed.and(same_scale.not()).alias("_unranked"));
            flags.push(stayed.and(blank_one).alias("_blank_grade"));
        }
        Ok(p.with_columns(flags))
    }
}

pub fn run(
    settings: &Settings,
    from_path: &str,
    to_path: Option<&str>,
    matrix: Option<&str>,
) -> Result<Table> {
    if matrix.is_some() && settings.by.is_some() {
        return Err(usage(
            "--matrix gives rows by its column in the earlier extract and columns by it in the later one; leave out --by (narrow it with --where)",
        ));
    }
    let matrix = matrix.map(|m| settings.resolve_column(m));
    let matrix = matrix.as_deref();
    let by = match matrix {
        Some(m) => vec![m.to_string()],
        None => settings.by_or(&["directorate"]),
    };
    // The later snapshot is the payroll extract (or --to); the earlier one
    // is read as a payroll extract too, with the same filters and checks.
    let mut later_settings = settings.clone();
    if let Some(p) = to_path {
        later_settings
            .sources
            .explicit
            .insert(Dataset::Payroll, Location::parse(p));
    }
    let later = Model::open(&later_settings, &NEEDS, &by, &[])?;
    let mut earlier_settings = later_settings.clone();
    earlier_settings
        .sources
        .explicit
        .insert(Dataset::Payroll, Location::parse(from_path));
    // No other extract is read for it: the as-of date is the later one's.
    earlier_settings.as_of = Some(later.as_of);
    let earlier = Model::open(&earlier_settings, &NEEDS, &by, &[])?;

    let both_have = |c: &str| later.has(Dataset::Payroll, c) && earlier.has(Dataset::Payroll, c);
    let mut attrs: Vec<String> = COMPARED
        .iter()
        .filter(|c| both_have(c))
        .map(|c| c.to_string())
        .collect();
    for b in &by {
        if !attrs.contains(b) && b != "fte" && b != "employee_id" {
            attrs.push(b.clone());
        }
    }
    let has_grade = attrs.iter().any(|a| a == "grade");
    let has_fte = both_have("fte");
    let has_team = attrs.iter().any(|a| a == "team");
    // Everyone in each snapshot: --where decides who is counted below, by
    // the rows that give their groups.
    // Each row with how many its person has (most have one).
    let counted = |m: &Model<'_>| -> Result<LazyFrame> {
        Ok(m.extract(Dataset::Payroll)
            .frame
            .clone()
            .lazy()
            .with_column(len().over([col("employee_id")])?.alias("_rows_of"))
            .collect()?
            .lazy())
    };
    let old = counted(&earlier)?;
    let new = counted(&later)?;

    let mut grades = Vec::new();
    if has_grade {
        grades.extend(grades_in(&old)?);
        grades.extend(grades_in(&new)?);
    }
    let places = places(&grades, &settings.grade_order);

    let p = people(old.clone(), &attrs, has_fte, from, "_f")?
        .join(
            people(new.clone(), &attrs, has_fte, to, "_t")?,
            [col("employee_id")],
            [col("employee_id")],
            JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
        )
        .with_columns([
            col("_f").fill_null(lit(false)).alias("_f"),
            col("_t").fill_null(lit(false)).alias("_t"),
        ]);
    let stayed = col("_f").and(col("_t"));
    let mut flags = vec![
        stayed.clone().alias("_stayed"),
        col("_f").and(col("_t").not()).alias("_left"),
        col("_f").not().and(col("_t")).alias("_joined"),
    ];
    if has_fte {
        flags.push(
            stayed
                .clone()
                .and(differ("fte", false).fill_null(false))
                .alias("_fte"),
        );
        flags.push(
            stayed
                .clone()
                .and(
                    col(from("fte").as_str())
                        .is_null()
                        .or(col(to("fte").as_str()).is_null()),
                )
                .alias("_blank_fte"),
        );
    }
    let p = p.with_columns(flags);
    // The columns of a person kept from here on.
    let mut keep: Vec<Expr> = vec![col("employee_id")];
    for a in attrs
        .iter()
        .map(String::as_str)
        .chain(has_fte.then_some("fte"))
    {
        keep.push(col(from(a).as_str()));
        keep.push(col(to(a).as_str()));
    }
    keep.extend(
        [
            "_from__rows",
            "_to__rows",
            "_f",
            "_t",
            "_stayed",
            "_left",
            "_joined",
        ]
        .map(col),
    );
    if has_fte {
        keep.extend(["_fte", "_blank_fte"].map(col));
    }
    let text = TextFlags {
        old: &old,
        new: &new,
        places: &places,
        has_grade,
        has_team,
    };
    keep.extend(text.names().iter().map(|n| col(*n)));
    let fast = ["job_title", "directorate"]
        .iter()
        .all(|c| attrs.iter().any(|a| a == c));
    let p = if fast {
        // Most people stayed with one row in each snapshot and the same
        // text in each compared column: nothing of theirs changed, and no
        // text need be put in lower case. Everyone else (those who stayed
        // otherwise) is compared in full.
        let p = p.collect()?.lazy();
        let mut same = col("_from__rows")
            .eq(lit(1u32))
            .and(col("_to__rows").eq(lit(1u32)));
        for c in text.compared() {
            same = same.and(col(from(c).as_str()).eq_missing(col(to(c).as_str())));
        }
        let plain = col("_stayed").not().or(same);
        let unchanged = p
            .clone()
            .filter(plain.clone())
            .with_columns(
                text.names()
                    .iter()
                    .map(|n| lit(false).alias(*n))
                    .collect::<Vec<_>>(),
            )
            .select(keep.clone());
        let rest = p.filter(plain.not());
        let only = rest.clone().select([col("employee_id")]).collect()?.lazy();
        let changed = text.flags(rest, Some(only))?.select(keep);
        polars::prelude::concat([unchanged, changed], Default::default())?
    } else {
        text.flags(p, None)?.select(keep)
    };
    // Each person's groups: those of every row they have in the earlier
    // snapshot, or in the later one for joiners, kept by --where.
    let ids = || [col("employee_id")];
    let mut key_cols: Vec<Expr> = ids().to_vec();
    key_cols.extend(by.iter().map(|b| col(b.as_str())));
    let (p, grouped) = if settings.filters.is_empty() && by.iter().all(|b| attrs.contains(b)) {
        // Everyone counts. Someone with one row in the snapshot that gives
        // their groups is in the group of that row, which is their main
        // row: only the rows of people with several are looked up.
        let p = p.collect()?.lazy();
        let key = |side: fn(&str) -> String| {
            by.iter()
                .map(|b| col(side(b).as_str()).alias(b.as_str()))
                .collect::<Vec<_>>()
        };
        let groups_of = |rows: &LazyFrame| {
            rows.clone()
                .filter(col("_rows_of").gt(lit(1u32)))
                .select(key_cols.clone())
                .unique(None, UniqueKeepStrategy::Any)
        };
        let earlier = col("_f");
        let joiner = col("_f").not().and(col("_t"));
        let (one_from, one_to) = (
            col("_from__rows").eq(lit(1u32)),
            col("_to__rows").eq(lit(1u32)),
        );
        let inner = || JoinArgs::new(JoinType::Inner);
        let parts = [
            p.clone()
                .filter(earlier.clone().and(one_from.clone()))
                .with_columns(key(from)),
            p.clone()
                .filter(joiner.clone().and(one_to.clone()))
                .with_columns(key(to)),
            p.clone().filter(earlier.and(one_from.not())).join(
                groups_of(&old),
                ids(),
                ids(),
                inner(),
            ),
            p.clone()
                .filter(joiner.and(one_to.not()))
                .join(groups_of(&new), ids(), ids(), inner()),
        ];
        let grouped = polars::prelude::concat(parts, Default::default())?;
        (p, grouped)
    } else {
        let earlier_ids = old
            .clone()
            .select(ids())
            .unique(None, UniqueKeepStrategy::Any)
            .with_column(lit(true).alias("_in_earlier"));
        let joiners = later
            .where_people(new, &[])?
            .join(earlier_ids, ids(), ids(), JoinArgs::new(JoinType::Left))
            .filter(col("_in_earlier").is_null())
            .select(key_cols.clone());
        let groups = polars::prelude::concat(
            [earlier.where_people(old, &[])?.select(key_cols), joiners],
            Default::default(),
        )?
        .unique(None, UniqueKeepStrategy::Any)
        .collect()?
        .lazy();
        let scope = groups
            .clone()
            .select(ids())
            .unique(None, UniqueKeepStrategy::Any);
        // Once each (the Total, the cross-tab) and once in each group.
        let p = p
            .join(scope, ids(), ids(), JoinArgs::new(JoinType::Inner))
            .collect()?
            .lazy();
        let grouped = p
            .clone()
            .join(groups, ids(), ids(), JoinArgs::new(JoinType::Inner));
        (p, grouped)
    };

    let mut t = match matrix {
        Some(m) => cross_tab(settings, &p, m, &places)?,
        None => movements_table(settings, &p, &grouped, &by, has_grade, has_fte)?,
    };
    let own = std::mem::take(&mut t.notes);
    later.notes(&mut t, false);
    earlier.extract_notes(&mut t);
    for n in earlier.own_notes() {
        t.note(format!("Earlier snapshot: {n}"));
    }
    let mut summary = vec![col("_f").sum().alias("from"), col("_t").sum().alias("to")];
    if has_grade {
        summary.push(col("_blank_grade").sum().alias("blank"));
        summary.push(col("_unranked").sum().alias("unranked"));
    }
    if has_fte {
        summary.push(col("_blank_fte").sum().alias("blank_fte"));
    }
    let counts = frame::collect_rows(p.clone().select(summary), &[])?;
    let c = &counts[0];
    t.note(format!(
        "Earlier snapshot: {} ({} {}); later: {} ({} {}); people matched by employee_id.",
        earlier.extract(Dataset::Payroll).location,
        c.count("from"),
        if c.count("from") == 1 {
            "person"
        } else {
            "people"
        },
        later.extract(Dataset::Payroll).location,
        c.count("to"),
        if c.count("to") == 1 {
            "person"
        } else {
            "people"
        }
    ));
    if matrix.is_none() {
        t.note(format!(
            "Rows by {} in the earlier snapshot (the later one for joiners), a person with rows in two groups counted in each and once in the Total: in_from - left + joined = in_to.",
            by.join(", ")
        ));
        t.note(format!(
            "transfers: no later row in the directorate{} of an earlier row; job_changes: job_title; fte_changes: the fte of all the person's rows; text compared ignoring case.",
            if has_team { " and team" } else { "" }
        ));
    }
    if !has_fte {
        t.note("Both snapshots need an fte column for FTE changes: N/A.");
    } else if c.count("blank_fte") > 0 {
        t.note(format!(
            "{} of the people in both snapshots have a blank fte in one of them: not counted as an FTE change.",
            c.count("blank_fte")
        ));
    }
    if !has_grade {
        t.note("Both snapshots need a grade column for grade changes and promotions: N/A.");
    } else {
        t.note(if settings.grade_order.is_empty() {
            "promotions: grade up in natural order (the number decides between grades that differ only in it: Grade 9 < Grade 10); [grades] order in swr.toml sets another.".to_string()
        } else {
            format!(
                "promotions: grade up in [grades] order of swr.toml ({}).",
                settings.grade_order.join(" < ")
            )
        });
        let blank = c.count("blank");
        if blank > 0 {
            t.note(format!(
                "{blank} {} in both snapshots {} a blank grade in one of them: not counted as a grade change or promotion.",
                if blank == 1 { "person" } else { "people" },
                if blank == 1 { "has" } else { "have" }
            ));
        }
        let unranked = c.count("unranked");
        if unranked > 0 {
            t.note(format!(
                "{unranked} grade change{} between grades that cannot be ordered ({}): not counted as promotions.",
                plural(unranked as usize),
                if settings.grade_order.is_empty() {
                    "no number, or different scales; list them in [grades] order in swr.toml"
                } else {
                    "a grade missing from [grades] order in swr.toml"
                }
            ));
        }
    }
    t.notes.extend(own);
    Ok(t)
}

fn movements_table(
    settings: &Settings,
    p: &LazyFrame,
    grouped: &LazyFrame,
    by: &[String],
    has_grade: bool,
    has_fte: bool,
) -> Result<Table> {
    let sum = |c: &str, name: &str| col(c).sum().alias(name);
    let query = |keys: &[String]| -> Result<LazyFrame> {
        let mut aggs = vec![
            sum("_f", "in_from"),
            sum("_t", "in_to"),
            sum("_joined", "joined"),
            sum("_left", "left"),
            sum("_stayed", "stayed"),
            sum("_transfer", "transfers"),
            sum("_job", "job_changes"),
        ];
        if has_fte {
            aggs.push(sum("_fte", "fte_changes"));
        }
        if has_grade {
            aggs.push(sum("_grade", "grade_changes"));
            aggs.push(sum("_promotion", "promotions"));
        }
        // A person once in the Total, and in each of their groups.
        let people = if keys.is_empty() { p } else { grouped };
        Ok(frame::agg(people.clone(), keys, aggs))
    };
    let rows = frame::rows(query, by)?;
    let mut t = Table::new(format!("Movements between snapshots by {}", by.join(", ")));
    for b in by {
        t.column(b.clone(), Kind::Text);
    }
    let names = [
        "in_from",
        "in_to",
        "joined",
        "left",
        "stayed",
        "grade_changes",
        "promotions",
        "transfers",
        "job_changes",
        "fte_changes",
    ];
    for n in names {
        t.column(n, Kind::Count);
    }
    fill(&mut t, &rows, by.len(), settings.totals, |g: &Agg| {
        names
            .iter()
            .map(|n| {
                if (!has_grade && (*n == "grade_changes" || *n == "promotions"))
                    || (!has_fte && *n == "fte_changes")
                {
                    Value::NA
                } else {
                    Value::num(dec(g.count(n)))
                }
            })
            .collect()
    });
    Ok(t)
}

/// `--matrix COL`: people in both snapshots by COL earlier (rows) and later
/// (columns), a `left` column, a `joined` row, and Totals.
fn cross_tab(
    settings: &Settings,
    p: &LazyFrame,
    c: &str,
    places: &BTreeMap<String, Place>,
) -> Result<Table> {
    // Text values are told apart ignoring case (as the comparisons are), and
    // shown as [grades] order spells them, else their first spelling.
    let text = p.clone().collect_schema()?.get(from(c).as_str()) == Some(&DataType::String);
    let key = |e: Expr| if text { e.str().to_lowercase() } else { e };
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    if text {
        let spellings = polars::prelude::concat(
            [
                p.clone().select([col(from(c).as_str()).alias("_v")]),
                p.clone().select([col(to(c).as_str()).alias("_v")]),
            ],
            Default::default(),
        )?
        .filter(col("_v").is_not_null())
        .group_by([col("_v").str().to_lowercase().alias("_k")])
        .agg([col("_v").min().alias("_label")]);
        let df = spellings.collect()?;
        let (k, l) = (df.column("_k")?.str()?, df.column("_label")?.str()?);
        for (k, l) in k.iter().zip(l.iter()) {
            if let (Some(k), Some(l)) = (k, l) {
                labels.insert(k.to_string(), l.to_string());
            }
        }
        if c == "grade" {
            for g in &settings.grade_order {
                labels.insert(g.to_lowercase(), g.clone());
            }
        }
    }
    let label = |k: &str| labels.get(k).cloned().unwrap_or_else(|| k.to_string());
    let p = p.clone().with_columns([
        key(col(from(c).as_str())).alias("_row"),
        key(col(to(c).as_str())).alias("_col"),
    ]);
    let count = |flag: &str, keys: &[String]| -> Result<LazyFrame> {
        Ok(frame::agg(
            p.clone().filter(col(flag)),
            keys,
            vec![len().alias("n")],
        ))
    };
    let (row, column) = (vec!["_row".to_string()], vec!["_col".to_string()]);
    let mut cells_keys = row.clone();
    cells_keys.extend(column.clone());
    let stayed = frame::rows(|k| count("_stayed", k), &cells_keys)?;
    let left = frame::rows(|k| count("_left", k), &row)?;
    let joined = frame::rows(|k| count("_joined", k), &column)?;
    let row_totals = frame::rows(|k| count("_f", k), &row)?;
    let col_totals = frame::rows(|k| count("_t", k), &column)?;
    let by_key = |r: &frame::Rows| -> BTreeMap<Vec<String>, u64> {
        r.groups
            .iter()
            .map(|g| (g.keys.clone(), g.count("n")))
            .collect()
    };
    let (stayed_n, left_n, joined_n) = (by_key(&stayed), by_key(&left), by_key(&joined));
    let (in_from, in_to) = (by_key(&row_totals), by_key(&col_totals));
    let sorted = |m: &BTreeMap<Vec<String>, u64>| {
        let mut v: Vec<String> = m.keys().map(|k| k[0].clone()).collect();
        v.sort_by(|a, b| value_order(&label(a), &label(b), places));
        v
    };
    let (rows, cols) = (sorted(&in_from), sorted(&in_to));
    let get =
        |m: &BTreeMap<Vec<String>, u64>, k: Vec<String>| Value::num(dec(*m.get(&k).unwrap_or(&0)));

    let mut t = Table::new(format!(
        "{c} in the earlier snapshot (rows) against the later one (columns)"
    ));
    t.column(c, Kind::Text);
    for v in &cols {
        t.column(label(v), Kind::Count);
    }
    t.column("left", Kind::Count);
    if settings.totals {
        let parts = t.columns[1..].iter().map(|c| c.name.clone()).collect();
        t.sum_column("Total", Kind::Count, parts);
    }
    for r in &rows {
        let mut out = vec![Value::text(label(r))];
        for v in &cols {
            out.push(get(&stayed_n, vec![r.clone(), v.clone()]));
        }
        out.push(get(&left_n, vec![r.clone()]));
        if settings.totals {
            out.push(get(&in_from, vec![r.clone()]));
        }
        t.rows.push(out);
    }
    let mut out = vec![Value::text("joined")];
    for v in &cols {
        out.push(get(&joined_n, vec![v.clone()]));
    }
    out.push(Value::num(0));
    if settings.totals {
        out.push(Value::num(dec(joined.total.count("n"))));
    }
    t.rows.push(out);
    if settings.totals {
        let mut out = total_keys(1);
        for v in &cols {
            out.push(get(&in_to, vec![v.clone()]));
        }
        out.push(Value::num(dec(left.total.count("n"))));
        out.push(Value::num(dec(
            row_totals.total.count("n") + joined.total.count("n")
        )));
        t.rows.push(out);
    }
    t.note(format!(
        "Cells: people in both snapshots, by {c} in the earlier (rows) and the later (columns); left: in the earlier only; joined: in the later only. The Total column adds up each row (the earlier snapshot's people, and joiners); the Total row each column (the later snapshot's people, and leavers)."
    ));
    Ok(t)
}

// The command line of `swr movements` (its description is on its variant in
// cli.rs, which clap shows).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// The earlier payroll extract (PATH or PATH#Sheet)
    #[arg(long, value_name = "PATH", required = true)]
    pub from: String,
    /// The later payroll extract (PATH or PATH#Sheet) [default: the payroll extract]
    #[arg(long, value_name = "PATH")]
    pub to: Option<String>,
    /// Cross-tab of COL in the earlier extract (rows) against the later one (columns), with joined and left
    #[arg(long, value_name = "COL", value_parser = crate::options::column_name)]
    pub matrix: Option<String>,
}

impl super::Report for Args {
    fn common(&self) -> &Common {
        &self.common
    }

    fn inputs(&self) -> Vec<(&'static str, std::path::PathBuf)> {
        std::iter::once(("--from", Location::parse(&self.from).path))
            .chain(self.to.iter().map(|t| ("--to", Location::parse(t).path)))
            .collect()
    }

    fn no_series(&self) -> Option<&'static str> {
        Some("swr movements: --compare and --every do not apply; the two snapshots are the comparison (give another --from or --to)")
    }

    fn run(&self, settings: &Settings) -> Result<(Table, i32)> {
        Ok((
            run(
                settings,
                &self.from,
                self.to.as_deref(),
                self.matrix.as_deref(),
            )?,
            crate::exit::OK,
        ))
    }
}
