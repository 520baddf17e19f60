//! Parse the command line, run, and turn the outcome into an exit status.

use clap::Parser;

fn main() {
    // A panic while a file is read is turned into an error naming the file
    // (swr::input::load); only other panics are reported as crashes.
    let crash = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !swr::input::reading() {
            crash(info);
        }
    }));
    let cli = match swr::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            std::process::exit(match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    swr::exit::OK
                }
                _ => swr::exit::USAGE,
            });
        }
    };
    match swr::run(cli) {
        Ok(status) => std::process::exit(status),
        Err(e) => {
            let status = swr::status_for(&e);
            if status != swr::exit::OK {
                eprintln!("swr: {e:#}");
            }
            std::process::exit(status);
        }
    }
}
