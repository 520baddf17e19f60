//! Any bytes as a workbook (.xlsx, .xls, .xlsb or .ods by the first byte):
//! an extract or an error, never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use swr::extracts::Dataset;
use swr::input::{load, LoadOptions, Location};

fuzz_target!(|data: &[u8]| {
    // As in swr's main: a panic inside a reader (calamine meeting a file
    // damaged in a way it did not foresee) is caught by input::load and
    // becomes an error naming the file; any other panic is a crash.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            if !swr::input::reading() {
                eprintln!("{info}");
                std::process::abort();
            }
        }));
    });
    let Some((kind, bytes)) = data.split_first() else { return };
    let ext = ["xlsx", "xls", "xlsb", "ods"][*kind as usize % 4];
    let path = std::env::temp_dir().join(format!("swr-fuzz-{}.{ext}", std::process::id()));
    std::fs::File::create(&path).and_then(|mut f| f.write_all(bytes)).expect("temporary file");
    let at = Location { path, sheet: None };
    for ds in [Dataset::Payroll, Dataset::Leavers] {
        if let Ok(ex) = load(ds, &at, &LoadOptions::default()) {
            assert_eq!(ex.frame.height(), ex.rows.len(), "a row number for every row");
        }
    }
});
