use crate::settings::Settings;
use crate::table::Table;
use anyhow::Result;
pub fn run(
    _s: &Settings,
    _cap: Option<&str>,
    _weeks: Option<&str>,
    _oc: Option<&str>,
) -> Result<Table> {
    todo!()
}
