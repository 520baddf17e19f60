//! Any bytes as a CSV extract of each dataset: an extract or an error,
//! never a panic or a hang; every row read is accounted for.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use swr::extracts::Dataset;
use swr::input::{load, LoadOptions, Location};

fuzz_target!(|data: &[u8]| {
    // As in swr's main (see workbook_loader): only panics outside a reader
    // are crashes.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            if !swr::input::reading() {
                eprintln!("{info}");
                std::process::abort();
            }
        }));
    });
    let path = std::env::temp_dir().join(format!("swr-fuzz-{}.csv", std::process::id()));
    std::fs::File::create(&path).and_then(|mut f| f.write_all(data)).expect("temporary file");
    let at = Location { path: path.clone(), sheet: None };
    for ds in [Dataset::Payroll, Dataset::Leavers, Dataset::Agency] {
        for dates_only in [false, true] {
            let opts = LoadOptions { dates_only, ..LoadOptions::default() };
            if let Ok(ex) = load(ds, &at, &opts) {
                assert_eq!(ex.frame.height(), ex.rows.len(), "a row number for every row");
                assert!(ex.frame.height() <= ex.rows_read, "no more rows than read");
            }
        }
    }
});
