use crate::settings::Settings;
use crate::table::Table;
use anyhow::Result;
pub fn run(_s: &Settings) -> Result<(Table, i32)> {
    todo!()
}
