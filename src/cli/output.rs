//! Output shared by the commands: colour (only on a terminal; anstream
//! honours NO_COLOR and CLICOLOR_FORCE), JSON documents, and writing files
//! only when their bytes change.

use super::{CliError, Format, Global};
use anstyle::{AnsiColor, Style};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

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

/// A JSON document on stdout, pretty-printed, with a trailing newline.
pub fn print_json(value: &Value) {
    let mut text = serde_json::to_string_pretty(value).expect("a Value always serializes");
    text.push('\n');
    // Plain stdout: JSON carries no colour.
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
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

/// What [`write_if_changed`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Created,
    Updated,
    Unchanged,
}

/// Whether `path` already holds exactly `contents`; `None` when it does not exist.
pub fn is_current(path: &Path, contents: &[u8]) -> Result<Option<bool>, CliError> {
    match std::fs::read(path) {
        Ok(existing) => Ok(Some(existing == contents)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CliError::io(path, e)),
    }
}

/// Writes `contents` to `path` only when the bytes differ (creating parent
/// folders), so that nothing that watches the file sees a needless change.
pub fn write_if_changed(path: &Path, contents: &[u8]) -> Result<Written, CliError> {
    let written = match is_current(path, contents)? {
        Some(true) => return Ok(Written::Unchanged),
        Some(false) => Written::Updated,
        None => Written::Created,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| CliError::io(parent, e))?;
    }
    std::fs::write(path, contents).map_err(|e| CliError::io(path, e))?;
    Ok(written)
}

/// JSON text as every command writes it: two-space indent, trailing newline.
pub fn json_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a Value always serializes");
    text.push('\n');
    text
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
    fn writes_only_changed_bytes() {
        let dir = std::env::temp_dir().join(format!("clerk-models-out-{}", std::process::id()));
        let path = dir.join("sub/file.txt");
        assert_eq!(write_if_changed(&path, b"a").unwrap(), Written::Created);
        assert_eq!(write_if_changed(&path, b"a").unwrap(), Written::Unchanged);
        assert_eq!(write_if_changed(&path, b"b").unwrap(), Written::Updated);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "file"), "1 file");
        assert_eq!(plural(2, "file"), "2 files");
    }
}
