use crate::settings::Settings;
use crate::table::Table;
use anyhow::Result;
pub fn run(_s: &Settings, _d: crate::cli::Denominator) -> Result<Table> {
    todo!()
}
