//! The README's generated sections: text a test computes, kept between two
//! markers (`<!-- NAME -->` … `<!-- /NAME -->`, on lines of their own or
//! within a line) and checked like
//! `generated/`: the test fails when the README says otherwise, and
//! `README_UPDATE=1` rewrites the section instead.
#![allow(dead_code)]

use std::path::Path;

/// Holds the section `name` of the Markdown file at `path` to `wanted`:
/// `Err` with what differs when it does not match (or rewritten, under
/// `README_UPDATE=1`).
pub fn check_section(path: &Path, name: &str, wanted: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (start, end) = (format!("<!-- {name} -->"), format!("<!-- /{name} -->"));
    let (Some(from), Some(to)) = (text.find(&start), text.find(&end)) else {
        return Err(format!(
            "{} lacks the markers {start} and {end}",
            path.display()
        ));
    };
    if to < from {
        return Err(format!("{}: {end} comes before {start}", path.display()));
    }
    let body = from + start.len();
    let current = text[body..to].trim_matches('\n');
    let wanted = wanted.trim_matches('\n');
    if current == wanted {
        return Ok(());
    }
    if std::env::var_os("README_UPDATE").is_some() {
        // A section within a line stays within it.
        let updated = if text[body..to].contains('\n') {
            format!("{}\n{wanted}\n{}", &text[..body], &text[to..])
        } else {
            format!("{}{wanted}{}", &text[..body], &text[to..])
        };
        return std::fs::write(path, updated).map_err(|e| format!("{}: {e}", path.display()));
    }
    Err(format!(
        "the section {name} of {} is not what the test computes (README_UPDATE=1 rewrites it):\n\
         --- in the file\n{current}\n--- computed\n{wanted}",
        path.display()
    ))
}
