//! The HTML pages people open, checked in a real browser (headless
//! Chromium; skipped where it is not installed, CI installs it): each page
//! renders (a screenshot is taken), its figures are in the DOM, and the
//! browser reports no console error.

use crate::common::{csv, run};
use std::path::{Path, PathBuf};

fn chromium() -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::split_paths(&paths)
                .map(|p| p.join(name))
                .find(|p| p.is_file())
        })
}

/// What the browser made of a page: its DOM after loading, the PNG of its
/// first screen, and what it logged.
struct Rendered {
    dom: String,
    png: Vec<u8>,
    log: String,
}

fn render(browser: &Path, page: &Path, dir: &Path) -> Rendered {
    let url = format!("file://{}", page.display());
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
    ];
    let profile = format!("--user-data-dir={}", dir.join("profile").display());
    let dom = std::process::Command::new(browser)
        .args(common)
        .arg(&profile)
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium runs");
    let shot = dir.join("page.png");
    let screenshot = std::process::Command::new(browser)
        .args(common)
        .arg(&profile)
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1200,1600")
        .arg(&url)
        .output()
        .expect("chromium runs");
    Rendered {
        dom: String::from_utf8_lossy(&dom.stdout).into_owned(),
        png: std::fs::read(&shot).unwrap_or_default(),
        log: format!(
            "{}\n{}",
            String::from_utf8_lossy(&dom.stderr),
            String::from_utf8_lossy(&screenshot.stderr)
        ),
    }
}

fn console_errors(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect()
}

/// `swr ARGS -o PAGE.html`, opened in Chromium: it rendered (a screenshot
/// was taken) with no console error. None where Chromium is missing.
fn opened(args: &[&str]) -> Option<Rendered> {
    let Some(browser) = chromium() else {
        eprintln!("Chromium is not installed: skipped");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    let mut all = args.to_vec();
    all.extend(["-o", page.to_str().unwrap()]);
    let out = run(&all);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let r = render(&browser, &page, dir.path());
    assert!(
        r.png.starts_with(b"\x89PNG") && r.png.len() > 10_000,
        "no screenshot: {}",
        r.log
    );
    assert!(console_errors(&r.log).is_empty(), "{}", r.log);
    Some(r)
}

#[test]
fn the_action_update_renders_in_chromium() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo");
    let Some(r) = opened(&[
        "exceptions",
        "--data",
        demo,
        "--by",
        "directorate",
        "--baseline",
        "2024-03-31",
    ]) else {
        return;
    };
    // The page's figures, in the DOM as the browser built it (the demo's
    // README page): the status as a word in its coloured badge, the line.
    // Children's vacancy rate is swr vacancies' on each date (the as-of
    // date, a month before, the baseline), asked separately; its target
    // is the demo's [targets] (green 10, red 15).
    let rate = |as_of: &str| {
        csv(&[
            "vacancies",
            "--data",
            demo,
            "--by",
            "directorate",
            "--as-of",
            as_of,
        ])
        .get(&["Children's Social Care"], "vacancy_rate_pct")
        .to_string()
    };
    let (now, before, base) = (rate("2025-09-30"), rate("2025-08-31"), rate("2024-03-31"));
    let line = format!(
        "Children's Social Care: vacancy rate {now}%, red (target 10%), {before}% last month, {base}% at the baseline, 24 months off target"
    );
    let cell = format!(
        "<td>Children's Social Care</td><td>vacancy_rate_pct</td><td class=\"n\">{now}%</td>"
    );
    for want in [
        "<h1>Action update: Fenmoor County Council, as of 30/09/2025</h1>",
        "<h2 id=\"red\">Red (7)</h2>",
        line.as_str(),
        "style=\"background:#FFC7CE;color:#9C0006\">red</span>",
        "<h2 id=\"amber\">Amber (8)</h2>",
        cell.as_str(),
    ] {
        assert!(r.dom.contains(want), "{want:?} not in the DOM:\n{}", r.dom);
    }
}

#[test]
fn the_pack_renders_in_chromium() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo");
    let Some(r) = opened(&["pack", "--data", demo]) else {
        return;
    };
    // The front page's title and its agency spend row (the 12 months to
    // 30/09/2025 against the 12 to 30/06/2025, each swr costs' Total
    // agency_spend over that period, asked separately, to the pound as the
    // page prints it; rated against 12 x the monthly green of [targets]:
    // £480,000), and a chart per indicator.
    let spend = |period: &str| -> i64 {
        let t = csv(&["costs", "--data", demo, "--period", period]);
        let pence: i64 = t
            .get(&["Total"], "agency_spend")
            .replace('.', "")
            .parse()
            .unwrap();
        (pence + 50).div_euclid(100)
    };
    let (now, before) = (
        spend("2024-10-01..2025-09-30"),
        spend("2024-07-01..2025-06-30"),
    );
    let pounds = |n: i64| {
        let digits = n.abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    assert!(now > before, "spend rose: {now} against {before}");
    let row = format!(
        "<td>Agency spend</td><td>2025Q3</td><td class=\"n\">£{}</td><td class=\"n\">£{}</td><td class=\"n\">+£{}</td><td class=\"n\">£480,000</td><td class=\"status red\" style=\"background:#FFC7CE;color:#9C0006;font-weight:bold\">Red</td>",
        pounds(now),
        pounds(before),
        pounds(now - before)
    );
    for want in [
        "<h1>Fenmoor County Council: workforce dashboard, 2025Q3</h1>",
        row.as_str(),
    ] {
        assert!(r.dom.contains(want), "{want:?} not in the DOM:\n{}", r.dom);
    }
    assert_eq!(r.dom.matches("<svg").count(), 6, "a chart per indicator");
}
