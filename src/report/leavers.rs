use crate::settings::Settings;
use crate::table::Table;
use anyhow::Result;
pub fn run(_s: &Settings, _service: Option<&str>, _top: Option<usize>) -> Result<Table> {
    todo!()
}
