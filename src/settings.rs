//! Flags and swr.toml become one validated [`Settings`]; reports never see clap.

use crate::extracts::Dataset;
use crate::input::{LoadOptions, Location, Mode, Sources};
use crate::options::Common;
use crate::period::parse_flag_date;
use crate::period::Period;
use crate::render::Format;
use crate::values::DateOrder;
use anyhow::{anyhow, bail, Context, Result};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// An error in how swr was called (exit status 2), as opposed to a problem in
/// the data (exit status 1).
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(msg.into()))
}

pub use crate::options::Filter;
pub use crate::table::{Better, Target};

/// swr.toml as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    as_of: Option<toml::Value>,
    /// The baseline date (`swr pack`, unless `[pack] baseline` gives one).
    baseline: Option<toml::Value>,
    weeks: Option<toml::Value>,
    standard_hours: Option<toml::Value>,
    date_order: Option<String>,
    header_row: Option<HeaderRow>,
    #[serde(default)]
    files: BTreeMap<String, String>,
    #[serde(default)]
    columns: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    reasons: BTreeMap<String, String>,
    delimiter: Option<String>,
    #[serde(default)]
    pack: PackConfig,
    #[serde(default)]
    values: BTreeMap<String, ValuesConfig>,
    profile: Option<String>,
    #[serde(default)]
    incentive: Vec<IncentiveConfig>,
    #[serde(default)]
    plan: Vec<PlanConfig>,
    la: Option<String>,
    grades: Option<Grades>,
    /// The council's name, for titles (`swr pack`, `swr exceptions`).
    council: Option<String>,
    /// `[targets]`: each indicator's thresholds, and `min_headcount`.
    #[serde(default)]
    targets: BTreeMap<String, toml::Value>,
}

/// `[grades]`: the order of grades, lowest first (for promotions).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Grades {
    order: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ValuesConfig {
    #[serde(default)]
    yes: Vec<String>,
    #[serde(default)]
    no: Vec<String>,
}

/// `[pack]` in swr.toml: what the quarterly dashboard holds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackConfig {
    /// Indicators in order (default: every one the extracts can give).
    pub indicators: Option<Vec<String>>,
    /// Job titles whose vacancy rate is watched (default: those holding
    /// "social worker").
    pub key_roles: Option<Vec<String>>,
    /// The baseline date every quarter is set against.
    pub baseline: Option<String>,
    /// How many quarters (default 8).
    pub quarters: Option<u32>,
    /// Target per indicator, in the indicator's own unit (now `[targets]`).
    #[serde(default)]
    pub targets: BTreeMap<String, toml::Value>,
    /// The check of the extracts: "problems" (default) or "full" (with how
    /// each column was read).
    pub check: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum HeaderRow {
    All(usize),
    Each(BTreeMap<String, usize>),
}

/// A number in swr.toml, written as a number or as text.
pub fn toml_number(v: &toml::Value) -> Option<Decimal> {
    let text = match v {
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::String(s) => s.clone(),
        _ => return None,
    };
    Decimal::from_str(text.trim()).ok()
}

/// A number in swr.toml from 1 to `max`.
fn toml_decimal(v: &toml::Value, key: &str, max: u32, file: &Path) -> Result<Decimal> {
    toml_number(v)
        .filter(|d| *d >= Decimal::ONE && *d <= Decimal::from(max))
        .ok_or_else(|| {
            anyhow!(
                "{}: {key} = {v}: expected a number from 1 to {max}",
                file.display()
            )
        })
}

/// Everything a report needs to know about how it was asked.
#[derive(Debug, Clone)]
pub struct Settings {
    pub sources: Sources,
    pub load: BTreeMap<Dataset, LoadOptions>,
    /// From --as-of or swr.toml; else worked out from the period or the data.
    pub as_of: Option<NaiveDate>,
    /// `as_of` came from --as-of (not swr.toml).
    pub as_of_from_flag: bool,
    pub period: Option<Period>,
    pub by: Option<Vec<String>>,
    pub filters: Vec<Filter>,
    pub format: Format,
    /// CSV and TSV start with a UTF-8 byte order mark.
    pub bom: bool,
    pub output: Option<PathBuf>,
    pub totals: bool,
    pub weeks: Decimal,
    pub standard_hours: Decimal,
    /// Raw leaving reason (lower case, trimmed) -> reporting category.
    pub reasons: BTreeMap<String, String>,
    /// `[grades] order`: grades lowest first, as written; empty when not given.
    pub grade_order: Vec<String>,
    pub config_file: Option<PathBuf>,
    /// The run's session: the extracts read and the models opened so far
    /// (shared by the clones made for other dates).
    pub session: crate::input::Session,
    pub compare: Option<crate::options::Compare>,
    pub every: Option<crate::options::Every>,
    pub suppress: Option<u32>,
    /// `[pack]` from swr.toml.
    pub pack: PackConfig,
    /// `[[incentive]]` rules from swr.toml, in the order written.
    pub incentives: Vec<Incentive>,
    /// `[[plan]]` entries from swr.toml (`swr forecast`), in the order written.
    pub plans: Vec<Plan>,
    /// The local authority `swr benchmark` compares (`la` in swr.toml).
    pub la: Option<String>,
    /// `council` in swr.toml, else the name of the data folder (or
    /// workbook), for titles.
    pub council: Option<String>,
    /// The baseline date: `baseline` in swr.toml (or `[pack] baseline`).
    pub baseline: Option<NaiveDate>,
    /// `[targets]` in swr.toml.
    pub targets: Targets,
}

/// The indicators `[targets]` can hold, in the order `swr exceptions`
/// lists them, each with its direction (SPEC 5).
pub const TARGET_INDICATORS: [(&str, Better); 7] = [
    ("vacancy_rate_pct", Better::Lower),
    ("agency_rate_pct", Better::Lower),
    ("turnover_pct", Better::Lower),
    ("stability_pct", Better::Higher),
    ("caseload_fte", Better::Lower),
    ("absence_rate_pct", Better::Lower),
    ("agency_spend", Better::Lower),
];

/// `[targets]` in swr.toml, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// In the order of [`TARGET_INDICATORS`].
    pub each: Vec<Target>,
    /// A rate of a group with fewer people in post is `small`, not rated.
    pub min_headcount: u32,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            each: Vec::new(),
            min_headcount: 5,
        }
    }
}

impl Targets {
    pub fn get(&self, indicator: &str) -> Option<&Target> {
        self.each.iter().find(|t| t.indicator == indicator)
    }

    fn from_config(raw: &BTreeMap<String, toml::Value>, file: &Path) -> Result<Targets> {
        let file = file.display();
        let mut out = Targets::default();
        let names = TARGET_INDICATORS.map(|(n, _)| n).join(", ");
        for (key, v) in raw {
            if key == "min_headcount" {
                out.min_headcount = toml_count(v, 100_000).ok_or_else(|| {
                    usage(format!(
                        "{file}: [targets] min_headcount = {v}: expected a whole number of people, 1 or more"
                    ))
                })?;
                continue;
            }
            let Some(&(indicator, better)) = TARGET_INDICATORS.iter().find(|(n, _)| n == key)
            else {
                return Err(usage(format!(
                    "{file}: [targets] {key}: no indicator '{key}'; expected some of {names}, or min_headcount"
                )));
            };
            let table = v.as_table().ok_or_else(|| {
                usage(format!(
                    "{file}: [targets] {key} = {v}: expected {{ green = NUMBER, red = NUMBER }}"
                ))
            })?;
            if let Some(other) = table.keys().find(|k| *k != "green" && *k != "red") {
                return Err(usage(format!(
                    "{file}: [targets] {key}: unknown key '{other}'; expected green and red"
                )));
            }
            let bound = |which: &str| -> Result<Decimal> {
                let v = table.get(which).ok_or_else(|| {
                    usage(format!(
                        "{file}: [targets] {key}: no {which} threshold; expected {{ green = NUMBER, red = NUMBER }}"
                    ))
                })?;
                toml_number(v).ok_or_else(|| {
                    usage(format!(
                        "{file}: [targets] {key}: {which} = {v}: expected a number"
                    ))
                })
            };
            let (green, red) = (bound("green")?, bound("red")?);
            // Every indicator is a rate, an average or an amount: none is
            // below 0, so a threshold below 0 is a slip.
            if let Some((which, v)) = [("green", green), ("red", red)]
                .into_iter()
                .find(|(_, v)| v.is_sign_negative() && !v.is_zero())
            {
                return Err(usage(format!(
                    "{file}: [targets] {key}: {which} = {v}: expected 0 or more ({key} is never below 0)"
                )));
            }
            let wrong = match better {
                Better::Lower => green > red,
                Better::Higher => green < red,
            };
            if wrong {
                let (side, rule) = match better {
                    Better::Lower => ("above", "lower is better, so green is at most red"),
                    Better::Higher => ("below", "higher is better, so green is at least red"),
                };
                return Err(usage(format!(
                    "{file}: [targets] {key}: green = {green} is {side} red = {red}; for {key} {rule}"
                )));
            }
            out.each.push(Target {
                indicator,
                green,
                red,
                better,
            });
        }
        out.each.sort_by_key(|t| {
            TARGET_INDICATORS
                .iter()
                .position(|(n, _)| *n == t.indicator)
        });
        Ok(out)
    }
}

impl Settings {
    /// The settings of a run from its flags and swr.toml. Anything wrong
    /// here is in how swr was called or configured: a usage error (exit 2).
    pub fn from_flags(c: &Common, stdout_is_terminal: bool) -> Result<Settings> {
        Settings::read_flags(c, stdout_is_terminal).map_err(|e| {
            if e.is::<UsageError>() {
                e
            } else {
                usage(format!("{e:#}"))
            }
        })
    }

    fn read_flags(c: &Common, stdout_is_terminal: bool) -> Result<Settings> {
        let config_path = match &c.config {
            Some(p) => {
                if !p.is_file() {
                    return Err(usage(format!("--config {}: no such file", p.display())));
                }
                Some(p.clone())
            }
            None => {
                let dir = match &c.data {
                    Some(d) if d.is_dir() => d.clone(),
                    Some(d) => d.parent().map(Path::to_path_buf).unwrap_or_default(),
                    None => PathBuf::from("."),
                };
                let p = dir.join("swr.toml");
                p.is_file().then_some(p)
            }
        };
        let config: ConfigFile = match &config_path {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("{}: cannot read", p.display()))?;
                toml::from_str(&text)
                    .map_err(|e| anyhow!("{}: {}", p.display(), e.to_string().trim_end()))?
            }
            None => ConfigFile::default(),
        };
        let config_name = config_path
            .clone()
            .unwrap_or_else(|| PathBuf::from("swr.toml"));
        let config_dir = config_path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default();

        let mut sources = Sources::new(c.data.clone());
        for (name, spec) in &config.files {
            let ds = Dataset::from_name(name).ok_or_else(|| {
                anyhow!("{}: [files] {name}: not a dataset; expected establishment, payroll, agency, leavers, absence or market", config_name.display())
            })?;
            let mut loc = Location::parse(spec);
            if loc.path.is_relative() {
                loc.path = config_dir.join(&loc.path);
            }
            sources.explicit.insert(ds, loc);
        }
        for (ds, flag) in [
            (Dataset::Establishment, &c.establishment),
            (Dataset::Payroll, &c.payroll),
            (Dataset::Agency, &c.agency),
            (Dataset::Leavers, &c.leavers),
            (Dataset::Absence, &c.absence),
            (Dataset::Market, &c.market),
        ] {
            if let Some(spec) = flag {
                sources.explicit.insert(ds, Location::parse(spec));
            }
        }

        let date_order = match config
            .date_order
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("dmy") => DateOrder::Dmy,
            Some("mdy") => DateOrder::Mdy,
            Some(other) => bail!(
                "{}: date_order = \"{other}\": expected \"dmy\" or \"mdy\"",
                config_name.display()
            ),
        };
        let delimiter = match config.delimiter.as_deref() {
            None => None,
            Some(d) => match d {
                "," | ";" | "|" | "\t" => Some(d.as_bytes()[0]),
                "tab" | "\\t" => Some(b'\t'),
                other => bail!(
                    "{}: delimiter = \"{other}\": expected \",\", \";\", \"|\" or \"tab\"",
                    config_name.display()
                ),
            },
        };
        let profile = match config.profile.as_deref() {
            None => None,
            Some(raw) => Some(crate::profiles::Profile::parse(raw).ok_or_else(|| {
                anyhow!(
                    "{}: profile = \"{raw}\": expected \"itrent\", \"esr\", \"oracle\" or \"resourcelink\" (or leave it out and name headers under [columns.X])",
                    config_name.display()
                )
            })?),
        };
        let mut values = BTreeMap::new();
        for (column, words) in &config.values {
            let name = crate::extracts::normalised_name(column);
            let yes_no = Dataset::ALL.iter().any(|d| {
                d.column(&name)
                    .is_some_and(|c| c.kind == crate::extracts::Kind::YesNo)
            });
            if !yes_no {
                bail!(
                    "{}: [values] {column}: not a yes/no column; [values] gives more words for exit_interview or asye",
                    config_name.display()
                );
            }
            values.insert(
                name,
                crate::input::YesNoWords {
                    yes: words.yes.clone(),
                    no: words.no.clone(),
                },
            );
        }
        let mode = if c.skip_invalid {
            Mode::SkipInvalid
        } else {
            Mode::Strict
        };
        let mut load = BTreeMap::new();
        for ds in Dataset::ALL {
            let header_row = match &config.header_row {
                Some(HeaderRow::All(n)) => Some(*n),
                Some(HeaderRow::Each(m)) => m
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(ds.name()))
                    .map(|(_, v)| *v),
                None => None,
            };
            let mapping = config
                .columns
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(ds.name()))
                .map(|(_, m)| m.clone())
                .unwrap_or_default();
            for canonical in mapping.keys() {
                if ds.column(canonical).is_none() {
                    bail!(
                        "{}: [columns.{ds}] {canonical}: not a {ds} column; expected one of {}",
                        config_name.display(),
                        ds.columns()
                            .iter()
                            .map(|c| c.name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
            }
            load.insert(
                ds,
                LoadOptions {
                    date_order,
                    header_row,
                    mapping,
                    mode,
                    keep: None,
                    dates_only: false,
                    delimiter,
                    values: values.clone(),
                    profile,
                    needed: Default::default(),
                    needed_by: None,
                    spans: true,
                    required_blanks: true,
                },
            );
        }
        for name in config.columns.keys() {
            if Dataset::from_name(name).is_none() {
                bail!("{}: [columns.{name}]: not a dataset; expected establishment, payroll, agency, leavers, absence or market", config_name.display());
            }
        }

        // Dates in swr.toml are calendar dates, as in flags: never a serial.
        let toml_date = |key: &str, v: &toml::Value| -> Result<NaiveDate> {
            let raw = match v {
                toml::Value::String(s) => s.clone(),
                // A TOML date written bare (baseline = 2024-03-31).
                toml::Value::Datetime(d) => d.to_string(),
                toml::Value::Table(t) if t.len() == 1 => match t.values().next() {
                    Some(toml::Value::String(s)) if t.contains_key("$__toml_private_datetime") => {
                        s.clone()
                    }
                    _ => v.to_string(),
                },
                other => other.to_string(),
            };
            parse_flag_date(&raw).map_err(|e| {
                anyhow!(
                    "{}: {key} = {v}: {}",
                    config_name.display(),
                    e.hint(&format!("{key} ="))
                )
            })
        };
        let as_of = match (&c.as_of, &config.as_of) {
            (Some(d), _) => Some(*d),
            (None, Some(v)) => Some(toml_date("as_of", v)?),
            (None, None) => None,
        };
        let pack = config.pack.clone();
        // `baseline` (SPEC 7) is the pack's unless `[pack] baseline` gives
        // one (the pack notes that it now belongs at the top level).
        let top_baseline = config
            .baseline
            .as_ref()
            .map(|v| toml_date("baseline", v))
            .transpose()?;
        let pack_baseline = pack
            .baseline
            .as_ref()
            .map(|raw| toml_date("[pack] baseline", &toml::Value::String(raw.clone())))
            .transpose()?;
        let baseline = pack_baseline.or(top_baseline);
        // The council, for titles: as swr.toml names it, else the data
        // folder's (or workbook's) name.
        let council = config
            .council
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .or_else(|| {
                let data = c.data.as_ref()?;
                let path = data.canonicalize().unwrap_or_else(|_| data.clone());
                let name = if path.is_file() {
                    path.file_stem()
                } else {
                    path.file_name()
                }?;
                Some(name.to_string_lossy().into_owned())
            });
        let period = c.period;
        // `--by "Service Area"` names the column as the file heads it.
        let mappings: BTreeMap<Dataset, BTreeMap<String, String>> =
            load.iter().map(|(d, o)| (*d, o.mapping.clone())).collect();
        let profile_headers = profile.map(|p| p.headers_read()).unwrap_or_default();
        let by = match c.by.as_ref() {
            Some(b) => {
                let mut out: Vec<String> = Vec::new();
                for name in &b.0 {
                    let r = crate::extracts::resolve(name, &mappings, &profile_headers);
                    if out.contains(&r) {
                        return Err(usage(format!(
                            "--by {}: {name} and another name both mean the column {r}",
                            b.0.join(",")
                        )));
                    }
                    out.push(r);
                }
                Some(out)
            }
            None => None,
        };
        let filters: Vec<Filter> = c
            .filters
            .iter()
            .map(|f| Filter {
                column: crate::extracts::resolve(&f.column, &mappings, &profile_headers),
                ..f.clone()
            })
            .collect();
        // `-o -` is standard output: the format as if there were no -o.
        let to_file = c.output.as_ref().filter(|p| !crate::input::is_stdin(p));
        let ext_format = to_file.map(|path| {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            (path, Format::parse(ext))
        });
        let format = match (c.format, ext_format) {
            (Some(f), Some((path, Some(from_ext)))) if from_ext != f => {
                return Err(usage(format!(
                    "-o {}: the extension says {} but --format says {}; give the file the extension of its format",
                    path.display(),
                    from_ext.name(),
                    f.name()
                )))
            }
            (Some(f), Some((path, None))) if crate::input::is_workbook_path(path) => {
                return Err(usage(format!(
                    "-o {}: the extension says a workbook but --format says {}; swr writes workbooks as .xlsx",
                    path.display(),
                    f.name()
                )))
            }
            (Some(f), _) => f,
            (None, Some((path, from_ext))) => from_ext.ok_or_else(|| {
                usage(format!(
                    "-o {}: cannot tell the format from the extension; use .csv, .tsv, .json, .md, .txt or .xlsx, or give --format",
                    path.display()
                ))
            })?,
            (None, None) => {
                if stdout_is_terminal {
                    Format::Table
                } else {
                    Format::Csv
                }
            }
        };
        if format.is_binary() && to_file.is_none() && stdout_is_terminal {
            return Err(usage(
                "--format xlsx: a workbook cannot be shown on a terminal; write it with -o FILE.xlsx or pipe it to a file",
            ));
        }
        let weeks = match &config.weeks {
            Some(v) => toml_decimal(v, "weeks", 53, &config_name)?,
            None => Decimal::from(46),
        };
        let standard_hours = match &config.standard_hours {
            Some(v) => toml_decimal(v, "standard_hours", 168, &config_name)?,
            None => Decimal::from(37),
        };
        let reasons = config
            .reasons
            .iter()
            .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
            .collect();
        let grade_order: Vec<String> = config
            .grades
            .map(|g| g.order.iter().map(|x| x.trim().to_string()).collect())
            .unwrap_or_default();
        for (i, g) in grade_order.iter().enumerate() {
            if g.is_empty() {
                bail!(
                    "{}: [grades] order: a grade is blank",
                    config_name.display()
                );
            }
            if grade_order[..i]
                .iter()
                .any(|h| h.to_lowercase() == g.to_lowercase())
            {
                bail!(
                    "{}: [grades] order: '{g}' is listed twice; list each grade once, lowest first",
                    config_name.display()
                );
            }
        }
        Ok(Settings {
            sources,
            load,
            as_of,
            as_of_from_flag: c.as_of.is_some(),
            period,
            by,
            filters,
            format,
            bom: c.bom,
            output: c.output.clone(),
            totals: !c.no_totals,
            weeks,
            standard_hours,
            reasons,
            grade_order,
            config_file: config_path,
            session: Default::default(),
            compare: c.compare,
            every: c.every,
            suppress: c.suppress,
            pack,
            incentives: config
                .incentive
                .iter()
                .enumerate()
                .map(|(i, raw)| raw.validate(i + 1, &config_name))
                .collect::<Result<Vec<_>>>()
                .and_then(|rules| unique_names(rules, &config_name))?,
            plans: config
                .plan
                .iter()
                .enumerate()
                .map(|(i, raw)| raw.validate(i + 1, &config_name))
                .collect::<Result<Vec<_>>>()?,
            la: config
                .la
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            council,
            baseline,
            targets: Targets::from_config(&config.targets, &config_name)?,
        })
    }

    /// The `--by` columns, or the command's default.
    pub fn by_or(&self, default: &[&str]) -> Vec<String> {
        self.by
            .clone()
            .unwrap_or_else(|| default.iter().map(|s| s.to_string()).collect())
    }

    /// The column a command's own column flag (`--matrix`, `--match`) means,
    /// by the rule of `--by`: a header as written or an alias is the column.
    pub fn resolve_column(&self, name: &str) -> String {
        let mappings: BTreeMap<Dataset, BTreeMap<String, String>> = self
            .load
            .iter()
            .map(|(d, o)| (*d, o.mapping.clone()))
            .collect();
        let profile = self.load.values().find_map(|o| o.profile);
        let profile_headers = profile.map(|p| p.headers_read()).unwrap_or_default();
        crate::extracts::resolve(name, &mappings, &profile_headers)
    }
}

/// When a one-off payment falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// On the start date.
    Start,
    /// On passing probation: this many calendar months after the start date.
    Probation { months: u32 },
    /// On anniversaries of the start date.
    Anniversary,
}

/// One `[[incentive]]` rule of swr.toml, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Incentive {
    pub name: String,
    /// The payment, in pounds (before pro rata).
    pub amount: Decimal,
    pub when: Trigger,
    /// Which anniversaries pay (ascending, each once); `None`: every one.
    pub years: Option<Vec<u32>>,
    /// The amount x the person's fte.
    pub pro_rata: bool,
    /// `where`: a person is covered when they match every column, each
    /// column by any of its values (the `--where COL=VALUE` rule, with the
    /// values of one column as alternatives).
    pub filters: Vec<Filter>,
}

impl Incentive {
    /// The columns the rule's `where` names, each once.
    pub fn columns(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in &self.filters {
            if !out.contains(&f.column) {
                out.push(f.column.clone());
            }
        }
        out
    }
}

/// `[[incentive]]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct IncentiveConfig {
    name: Option<String>,
    amount: Option<toml::Value>,
    when: Option<String>,
    probation_months: Option<toml::Value>,
    years: Option<Vec<toml::Value>>,
    pro_rata: Option<bool>,
    #[serde(rename = "where", default)]
    filter: BTreeMap<String, toml::Value>,
}

/// A rule's `where` in swr.toml (`[[incentive]]`, `[[plan]]`): every key a
/// column, each with one value or a list of them; `empty` says what to
/// write for a key given an empty list.
fn where_filters(
    filter: &BTreeMap<String, toml::Value>,
    at: &str,
    empty: impl Fn(&str) -> String,
) -> Result<Vec<Filter>> {
    let mut filters = Vec::new();
    for (key, v) in filter {
        let column = crate::extracts::normalised_name(key);
        if column.is_empty() {
            bail!("{at}: where: '{key}' is not a column name");
        }
        let values: Vec<&toml::Value> = match v {
            toml::Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        if values.is_empty() {
            bail!("{at}: where.{key} = []: {}", empty(key));
        }
        for value in values {
            filters.push(Filter {
                column: column.clone(),
                value: where_value(value, at, key)?,
                keep: true,
            });
        }
    }
    Ok(filters)
}

/// One value of a rule's `where` in swr.toml (`[[incentive]]`, `[[plan]]`)
/// as the text a cell is matched against.
fn where_value(value: &toml::Value, at: &str, key: &str) -> Result<String> {
    Ok(match value {
        toml::Value::String(s) => s.trim().to_string(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) if f.is_finite() => f.to_string(),
        toml::Value::Boolean(b) => if *b { "yes" } else { "no" }.to_string(),
        other => bail!("{at}: where.{key}: {other}: expected text, a number or true/false"),
    })
}

/// A whole number in swr.toml from 1 to `max`.
fn toml_count(v: &toml::Value, max: u32) -> Option<u32> {
    match v {
        toml::Value::Integer(i) if *i >= 1 && *i <= i64::from(max) => Some(*i as u32),
        _ => None,
    }
}

impl IncentiveConfig {
    /// The rule, checked; `n` is its place among the `[[incentive]]` tables.
    fn validate(&self, n: usize, file: &Path) -> Result<Incentive> {
        let name = self
            .name
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                anyhow!(
                    "{}: [[incentive]] number {n} has no name; give it one, such as name = \"Retention payment\"",
                    file.display()
                )
            })?
            .to_string();
        let at = format!("{}: [[incentive]] '{name}'", file.display());
        let amount = match &self.amount {
            None => bail!("{at}: no amount; give the payment in pounds, such as amount = 1000"),
            Some(v) => {
                let text = match v {
                    toml::Value::Integer(i) => i.to_string(),
                    toml::Value::Float(f) if f.is_finite() => f.to_string(),
                    toml::Value::String(s) => s.clone(),
                    _ => String::new(),
                };
                crate::values::parse_money_text(&text)
                    .filter(|d| *d > Decimal::ZERO && *d < Decimal::from(10i64.pow(16)))
                    .ok_or_else(|| {
                        anyhow!("{at}: amount = {v}: expected an amount in pounds above 0, such as 1000 or \"£3,000\"")
                    })?
            }
        };
        let when = match self
            .when
            .as_deref()
            .map(|w| w.trim().to_ascii_lowercase())
            .as_deref()
        {
            Some("start") => Trigger::Start,
            Some("probation") => Trigger::Probation {
                months: match &self.probation_months {
                    None => 6,
                    Some(v) => toml_count(v, 120).ok_or_else(|| {
                        anyhow!("{at}: probation_months = {v}: expected whole months from 1 to 120, such as 6")
                    })?,
                },
            },
            Some("anniversary") => Trigger::Anniversary,
            Some(other) => bail!(
                "{at}: when = \"{other}\": expected \"start\", \"probation\" or \"anniversary\""
            ),
            None => bail!(
                "{at}: no when; say when it is paid: when = \"start\", \"probation\" or \"anniversary\""
            ),
        };
        if self.probation_months.is_some() && !matches!(when, Trigger::Probation { .. }) {
            bail!("{at}: probation_months is for when = \"probation\"");
        }
        let years = match &self.years {
            None => None,
            Some(_) if when != Trigger::Anniversary => {
                bail!("{at}: years is for when = \"anniversary\"")
            }
            Some(list) if list.is_empty() => bail!(
                "{at}: years = []: list the anniversaries that pay, such as years = [1], or leave years out for every one"
            ),
            Some(list) => {
                let mut years = list
                    .iter()
                    .map(|v| {
                        toml_count(v, 100).ok_or_else(|| {
                            anyhow!("{at}: years: {v}: expected whole years from 1 to 100, such as years = [1, 2]")
                        })
                    })
                    .collect::<Result<Vec<u32>>>()?;
                years.sort_unstable();
                years.dedup();
                Some(years)
            }
        };
        let filters = where_filters(&self.filter, &at, |key| {
            format!("list the values that are covered, such as {key} = [\"Grade 9\", \"Grade 10\"]")
        })?;
        Ok(Incentive {
            name,
            amount,
            when,
            years,
            pro_rata: self.pro_rata.unwrap_or(false),
            filters,
        })
    }
}

/// Rules are told apart by name (ignoring case): two of one name would be
/// one row.
fn unique_names(rules: Vec<Incentive>, file: &Path) -> Result<Vec<Incentive>> {
    for (i, r) in rules.iter().enumerate() {
        if rules[..i]
            .iter()
            .any(|o| o.name.to_lowercase() == r.name.to_lowercase())
        {
            bail!(
                "{}: two [[incentive]] rules are named '{}'; give each its own name",
                file.display(),
                r.name
            );
        }
    }
    Ok(rules)
}

/// One `[[plan]]` entry of swr.toml (`swr forecast`), validated: from the
/// month `from` on, `recruit_fte` starts each month and `establishment_fte`
/// is added to the establishment, in the establishment rows its `where`
/// matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Its place among the `[[plan]]` tables, from 1.
    pub number: usize,
    /// The first day of the month it starts.
    pub from: NaiveDate,
    pub recruit_fte: Decimal,
    pub establishment_fte: Decimal,
    /// `where`, as `[[incentive]]`'s: every column, each by any of its values.
    pub filters: Vec<Filter>,
    /// `where` as written, for messages (`directorate = "Adults"`).
    pub where_text: String,
}

/// `[[plan]]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanConfig {
    from: Option<toml::Value>,
    recruit_fte: Option<toml::Value>,
    establishment_fte: Option<toml::Value>,
    #[serde(rename = "where", default)]
    filter: BTreeMap<String, toml::Value>,
}

impl PlanConfig {
    fn validate(&self, n: usize, file: &Path) -> Result<Plan> {
        let at = format!("{}: [[plan]] number {n}", file.display());
        let from = match &self.from {
            None => bail!("{at}: no from; give the month it starts, such as from = \"2026-01\""),
            Some(v) => {
                let text = match v {
                    toml::Value::String(s) => s.trim().to_string(),
                    toml::Value::Datetime(d) => d.to_string(),
                    _ => String::new(),
                };
                plan_month(&text).ok_or_else(|| {
                    anyhow!("{at}: from = {v}: expected a month such as \"2026-01\"")
                })?
            }
        };
        let number = |key: &str, v: &Option<toml::Value>| -> Result<Option<Decimal>> {
            match v {
                None => Ok(None),
                Some(v) => toml_number(v)
                    .filter(|d| d.abs() < Decimal::from(1_000_000))
                    .map(Some)
                    .ok_or_else(|| {
                        anyhow!("{at}: {key} = {v}: expected an FTE, such as {key} = 2 or 0.5")
                    }),
            }
        };
        let recruit = number("recruit_fte", &self.recruit_fte)?;
        let establishment = number("establishment_fte", &self.establishment_fte)?;
        if let Some(r) = recruit {
            if r < Decimal::ZERO {
                bail!("{at}: recruit_fte = {r}: expected 0 or more FTE starting each month (establishment_fte may be negative)");
            }
        }
        if recruit.is_none() && establishment.is_none() {
            bail!("{at}: neither recruit_fte nor establishment_fte; give one or both, such as recruit_fte = 2");
        }
        let filters = where_filters(&self.filter, &at, |key| {
            format!("list the values it covers, such as {key} = [\"Adults\"]")
        })?;
        let shown: Vec<String> = self
            .filter
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        Ok(Plan {
            number: n,
            from,
            recruit_fte: recruit.unwrap_or_default(),
            establishment_fte: establishment.unwrap_or_default(),
            filters,
            where_text: shown.join(", "),
        })
    }
}

/// The first day of the month `2026-01` (or of the month of a date).
fn plan_month(text: &str) -> Option<NaiveDate> {
    use chrono::Datelike;
    if let Some((y, m)) = text.split_once('-') {
        if let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<u32>()) {
            if (1900..=2200).contains(&y) {
                return NaiveDate::from_ymd_opt(y, m, 1);
            }
        }
    }
    let day = crate::period::parse_flag_date(text).ok()?;
    day.with_day(1)
}
