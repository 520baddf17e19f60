//! A progress bar on standard error for loads that take more than about a
//! second, when standard error is a terminal; otherwise nothing is drawn
//! (scripts, pipes and tests see no bar).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// Shown only once a load has run this long (`SWR_PROGRESS_AFTER_MS`
/// sets another delay, 0 to show every bar, as the tests do).
fn after() -> Duration {
    static AFTER: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();
    *AFTER.get_or_init(|| {
        std::env::var("SWR_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(Duration::from_secs(1), Duration::from_millis)
    })
}

/// A bar over `total` bytes (or rows) of `what`, hidden until [`after`].
#[derive(Clone)]
pub struct Progress(Option<ProgressBar>);

impl Progress {
    pub fn new(what: &str, total: u64, unit: Unit) -> Progress {
        if !std::io::stderr().is_terminal() || std::env::var_os("SWR_NO_PROGRESS").is_some() {
            return Progress(None);
        }
        let template = match unit {
            Unit::Bytes => "{msg} {wide_bar} {binary_bytes}/{binary_total_bytes} {eta}",
            Unit::Rows => "{msg} {wide_bar} {human_pos}/{human_len} rows {eta}",
        };
        // Wiped when dropped too, as when an error ends the load.
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden())
            .with_finish(ProgressFinish::AndClear);
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_message(format!("reading {what}"));
        Progress(Some(bar))
    }

    /// No bar at all.
    pub fn none() -> Progress {
        Progress(None)
    }

    pub fn advance(&self, n: u64) {
        if let Some(bar) = &self.0 {
            if bar.is_hidden() && bar.elapsed() >= after() {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
            // A run read twice (see input::csv) does not run past the end.
            let len = bar.length().unwrap_or(u64::MAX);
            bar.set_position(bar.position().saturating_add(n).min(len));
        }
    }

    /// Done: the bar is wiped, leaving standard error as it was.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

#[derive(Clone, Copy)]
pub enum Unit {
    Bytes,
    Rows,
}

/// With `SWR_TIMINGS` set, say on standard error how long a phase took
/// (for benchmarks; never part of the output).
pub fn timing(what: &str, since: std::time::Instant) {
    if std::env::var_os("SWR_TIMINGS").is_some() {
        eprintln!("swr timing: {what}: {:.3} s", since.elapsed().as_secs_f64());
    }
}
