//! Measures several reports share, worked out over the model: absence
//! spells, case holders, units of establishment and the permanent cost of
//! an FTE-year. A report that needs one asks here, never another report.

pub mod cases;
pub mod cost;
pub mod spells;
pub mod units;
