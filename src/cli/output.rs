//! Output shared by the commands: colour (only on a terminal; anstream
//! honours NO_COLOR and CLICOLOR_FORCE), JSON documents and errors.

use super::{CliError, Format, Global};
use anstyle::{AnsiColor, Style};
use clerk_models::contract::files::{json_text, Written};
use serde_json::Value;
use std::io::Write;

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARN: Style = AnsiColor::Yellow.on_default().bold();
pub const OK: Style = AnsiColor::Green.on_default().bold();
pub const NOTE: Style = AnsiColor::Cyan.on_default();
pub const BOLD: Style = Style::new().bold();

/// `text` wrapped in `style` (the escape codes are stripped when stdout or
/// stderr is not a terminal).
pub fn paint(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
}

/// Prints to stdout through anstream, ignoring a closed pipe (`| head`).
pub fn out(text: &str) {
    let mut stdout = anstream::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Prints to stderr through anstream.
pub fn err(text: &str) {
    let mut stderr = anstream::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Prints to stdout as it is (JSON carries no colour), ignoring a closed
/// pipe.
pub fn out_plain(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// A JSON document on stdout, pretty-printed, with a trailing newline.
pub fn print_json(value: &Value) {
    out_plain(&json_text(value));
}

/// Reports an error that stopped `command`: every problem on stderr, or one
/// JSON document on stdout.
pub fn report_error(command: &str, error: &CliError, global: Global) {
    let lines = error.lines();
    match global.format {
        Format::Json => print_json(&serde_json::json!({
            "command": command,
            "status": "error",
            "errors": lines,
        })),
        Format::Text => {
            let mut text = String::new();
            for line in &lines {
                text.push_str(&format!("{} {line}\n", paint(ERROR, "error:")));
            }
            if lines.len() > 1 {
                text.push_str(&format!(
                    "{} {} errors\n",
                    paint(ERROR, "error:"),
                    lines.len()
                ));
            }
            err(&text);
        }
    }
}

/// What was done to a file, as the commands report it.
pub fn written(written: Written) -> &'static str {
    match written {
        Written::Created => "created",
        Written::Updated => "updated",
        Written::Unchanged => "unchanged",
    }
}

/// `n thing` or `n things`.
pub fn plural(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("{n} {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "file"), "1 file");
        assert_eq!(plural(2, "file"), "2 files");
    }
}
