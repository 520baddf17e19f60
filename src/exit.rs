//! Exit statuses, in one place.

pub const OK: i32 = 0;
pub const DATA: i32 = 1;
pub const USAGE: i32 = 2;
/// `swr exceptions --fail-on`: a figure is at or past that status.
pub const EXCEPTIONS: i32 = 3;
