//! The swr binary run the way a user runs it, one module a command (as
//! ripgrep keeps its tests): one test crate, built and linked once.

mod common;

mod absence;
mod agency;
mod benchmark;
mod browser;
mod caseload;
mod census;
mod check;
mod cohorts;
mod conventions;
mod costs;
mod exceptions;
mod forecast;
mod fuzz_regressions;
mod incentives;
mod input;
mod leavers;
mod model;
mod movements;
mod output;
mod pack;
mod pay;
mod profiles;
mod readme;
mod retention;
mod rows;
mod rules;
mod series;
mod text_files;
mod totals;
mod turnover;
mod vacancies;
mod workbooks;
mod xlsx;
