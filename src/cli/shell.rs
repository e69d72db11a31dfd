//! Shell integration: `completions` prints a completion script for a shell,
//! `man` the man page (or writes one page per command), both made from the
//! command line's own definition (clap_complete, clap_mangen), so they never
//! fall out of step with it.

use super::output::{self, paint, plural};
use super::{CliError, Exit, Format, Global};
use clap::{Command, CommandFactory};
use clap_complete::Shell;
use clerk_models::contract::files::{write_if_changed, Written};
use std::path::PathBuf;

/// The name the scripts and pages give the binary.
const BIN: &str = "clerk-models";

/// Print a shell completion script.
///
/// The script completes the commands, their options and the values each
/// option takes (formats, shells, file and folder names). It is printed to
/// stdout, whatever --format says: save it where the shell looks for
/// completions (see the examples), or load it in the current shell.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  clerk-models completions bash > ~/.local/share/bash-completion/completions/clerk-models
  clerk-models completions zsh > ~/.zfunc/_clerk-models    (with fpath+=(~/.zfunc) before compinit)
  clerk-models completions fish > ~/.config/fish/completions/clerk-models.fish
  source <(clerk-models completions bash)                 this bash session only")]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Shell,
}

/// Print the man page, or write a page per command.
///
/// Without --out, prints clerk-models(1) to stdout (roff; every command is
/// listed in it). With --out, writes clerk-models.1 and a page per command
/// (clerk-models-validate.1, ...) to that folder, each only when its bytes
/// change. With --out and --format json, one JSON document: the number of
/// pages, and every page written.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  clerk-models man | man -l -                          read it now
  clerk-models man > clerk-models.1
  clerk-models man --out ~/.local/share/man/man1       then: man clerk-models-validate")]
pub struct ManArgs {
    /// Write every page to this folder instead of printing the main one.
    #[arg(long, short, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    out: Option<PathBuf>,
}

/// The command line as the user runs it: named `clerk-models`, built (so
/// that every subcommand knows its full name), with or without the `help`
/// command (which a man page does not list).
fn command(help: bool) -> Command {
    let mut command = super::Cli::command()
        .bin_name(BIN)
        .disable_help_subcommand(!help);
    command.build();
    command
}

pub fn completions(args: &CompletionsArgs) -> Result<Exit, CliError> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command(true), BIN, &mut script);
    output::out(&String::from_utf8_lossy(&script));
    Ok(Exit::Ok)
}

/// One man page: its file name and roff text.
fn page(command: Command) -> Result<(String, Vec<u8>), CliError> {
    // Every page names the package and its version (a subcommand has none
    // of its own).
    let man = clap_mangen::Man::new(command).source(format!("{BIN} {}", env!("CARGO_PKG_VERSION")));
    let mut text = Vec::new();
    man.render(&mut text)
        .map_err(|e| CliError::io("<man page>", e))?;
    Ok((man.get_filename(), text))
}

/// The main page, then a page per command, as clap_mangen::generate_to
/// lays them out.
fn pages() -> Result<Vec<(String, Vec<u8>)>, CliError> {
    let main = command(false);
    let mut pages = vec![page(main.clone())?];
    for sub in main.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages.push(page(sub.clone())?);
    }
    Ok(pages)
}

pub fn man(args: &ManArgs, global: Global) -> Result<Exit, CliError> {
    let Some(dir) = &args.out else {
        let (_, text) = page(command(false))?;
        output::out(&String::from_utf8_lossy(&text));
        return Ok(Exit::Ok);
    };
    let pages = pages()?;
    let mut changed = Vec::new();
    for (name, text) in &pages {
        let path = dir.join(name);
        let written = write_if_changed(&path, text)?;
        if written != Written::Unchanged {
            changed.push((path.display().to_string(), written));
        }
    }
    let word = output::written;
    match global.format {
        Format::Json => output::print_json(&serde_json::json!({
            "command": "man",
            "status": "ok",
            "pages": pages.len(),
            "changed": changed.iter().map(|(p, w)| serde_json::json!({"file": p, "state": word(*w)})).collect::<Vec<_>>(),
        })),
        Format::Text => {
            let mut text = String::new();
            for (path, written) in &changed {
                text.push_str(&format!(
                    "{:>8} {path}\n",
                    paint(output::OK, word(*written))
                ));
            }
            text.push_str(&format!(
                "{} in {}, {} changed\n",
                plural(pages.len(), "page"),
                dir.display(),
                changed.len()
            ));
            output::out(&text);
        }
    }
    Ok(Exit::Ok)
}
