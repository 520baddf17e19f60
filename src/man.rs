//! `swr man`: the manual page in roff. `swr man` is swr(1), documenting
//! every command with its options; `swr man COMMAND` is that command's page
//! alone. No page points to a page swr cannot print.

use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;
use clap_mangen::Man;

/// The commands, as `swr --help` lists them (not clap's own `help`).
fn commands(cli: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cli.get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
}

/// The roff of one of clap_mangen's sections without its `.SH` heading
/// (nor the string definition each rendering starts with, which the page
/// has once, from its title).
fn body(render: impl Fn(&mut Vec<u8>) -> std::io::Result<()>) -> Result<String> {
    let mut out = Vec::new();
    render(&mut out)?;
    let text = String::from_utf8(out)?;
    Ok(text
        .lines()
        .filter(|l| {
            !l.starts_with(".SH ")
                && !l.starts_with(".ie \\n(.g .ds Aq")
                && !l.starts_with(".el .ds Aq")
        })
        .map(|l| format!("{l}\n"))
        .collect())
}

/// A command as clap_mangen sees it: named `swr NAME` in its synopsis and
/// `swr-NAME` as a page.
fn prepared(sub: &clap::Command) -> clap::Command {
    let name = sub.get_name().to_string();
    sub.clone()
        .bin_name(format!("swr {name}"))
        .display_name(format!("swr-{name}"))
}

/// Text for roff, a line of its own: backslashes and leading dots escaped.
fn roff_line(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}\n")
    } else {
        format!("{s}\n")
    }
}

/// The page: swr's (every command), or one command's.
pub fn page(command: Option<&str>) -> Result<Vec<u8>> {
    let mut cli = Cli::command();
    cli.build();
    let version = cli.get_version().unwrap_or_default().to_string();
    match command {
        Some(name) => {
            let sub = commands(&cli)
                .find(|c| c.get_name() == name)
                .ok_or_else(|| {
                    crate::settings::usage(format!("swr man {name}: no such command"))
                })?;
            let sub = prepared(sub);
            let man = Man::new(sub).source(format!("swr {version}"));
            let mut out = Vec::new();
            man.render(&mut out)?;
            let mut text = String::from_utf8(out)?;
            text.push_str(".SH \"SEE ALSO\"\n");
            text.push_str(&roff_line(
                "swr(1), every command with its options: swr man",
            ));
            Ok(text.into_bytes())
        }
        None => {
            let man = Man::new(cli.clone());
            let mut out = Vec::new();
            man.render_title(&mut out)?;
            let mut text = String::from_utf8(out)?;
            text.push_str(".SH NAME\n");
            text.push_str(&body(|w| man.render_name_section(w))?);
            text.push_str(".SH SYNOPSIS\n");
            text.push_str(&body(|w| man.render_synopsis_section(w))?);
            text.push_str(".SH DESCRIPTION\n");
            text.push_str(&body(|w| man.render_description_section(w))?);
            text.push_str(&roff_line(
                "Each command is documented below with its options; swr man COMMAND prints one command's page.",
            ));
            text.push_str(&body(|w| man.render_options_section(w)).map(|b| {
                if b.trim().is_empty() {
                    String::new()
                } else {
                    format!(".SH OPTIONS\n{b}")
                }
            })?);
            text.push_str(".SH COMMANDS\n");
            for sub in commands(&cli) {
                text.push_str(".TP\n");
                text.push_str(&format!("\\fBswr {}\\fR\n", sub.get_name()));
                if let Some(about) = sub.get_about() {
                    text.push_str(&roff_line(&about.to_string()));
                }
            }
            for sub in commands(&cli) {
                let sub = prepared(sub);
                let man = Man::new(sub.clone());
                text.push_str(&format!(".SH \"SWR {}\"\n", sub.get_name().to_uppercase()));
                text.push_str(&body(|w| man.render_description_section(w))?);
                text.push_str(".PP\n");
                text.push_str(&body(|w| man.render_synopsis_section(w))?);
                let options = body(|w| man.render_options_section(w))?;
                if !options.trim().is_empty() {
                    text.push_str(".SS Options\n");
                    text.push_str(&options);
                }
            }
            if cli.get_after_help().is_some() {
                text.push_str(".SH EXAMPLES\n");
                text.push_str(&body(|w| man.render_extra_section(w))?);
            }
            text.push_str(".SH VERSION\n");
            text.push_str(&roff_line(&format!("v{version}")));
            Ok(text.into_bytes())
        }
    }
}
