use crate::settings::Settings;
use crate::table::Table;
use anyhow::Result;
pub fn run(_s: &Settings, _of: crate::cli::Of, _bands: &str) -> Result<Table> {
    todo!()
}
