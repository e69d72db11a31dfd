//! The notice `validate` gives when a `schema/` folder of this contract
//! beside it (in the current folder, or the source folder the binary was
//! built from) differs from the contract built into the binary: a user who
//! edited the schema and forgot to rebuild is told that the run judges by
//! the older one.

use super::output::{self, paint};
use std::path::{Path, PathBuf};

/// Prints the notice on stderr when a `schema/` folder beside differs.
pub fn notice() {
    let folders = [
        PathBuf::from("schema"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema"),
    ];
    let mut seen = Vec::new();
    for folder in folders {
        let Ok(real) = folder.canonicalize() else {
            continue;
        };
        if seen.contains(&real) {
            continue;
        }
        seen.push(real);
        if let Some(message) = differences(&folder, clerk_models::schema::SCHEMA_FILES) {
            output::err(&format!("{} {message}\n", paint(output::WARN, "note:")));
            return;
        }
    }
}

/// The bound on a schema file read for the comparison.
const MAX_FILE_BYTES: u64 = 16 << 20;

/// What differs between `folder` and the `embedded` files, when the folder
/// holds this contract (most of its files) and something differs.
pub fn differences(folder: &Path, embedded: &[(&str, &str)]) -> Option<String> {
    let mut present = 0;
    let mut changed = Vec::new();
    for (name, text) in embedded {
        let path = folder.join(name);
        match schemakit::read::file(&path, MAX_FILE_BYTES) {
            Ok(bytes) => {
                present += 1;
                if bytes != text.as_bytes() {
                    changed.push(*name);
                }
            }
            Err(_) if path.exists() => changed.push(*name),
            Err(_) => {}
        }
    }
    // Another project's schema/ folder is none of this run's business.
    if present == 0 || present * 2 < embedded.len() {
        return None;
    }
    let mut added: Vec<String> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json") && !embedded.iter().any(|(e, _)| e == n))
        .collect();
    added.sort();
    let missing = embedded.len() - present;
    if changed.is_empty() && added.is_empty() && missing == 0 {
        return None;
    }
    let mut what = Vec::new();
    if !changed.is_empty() {
        what.push(format!("edited: {}", changed.join(", ")));
    }
    if !added.is_empty() {
        what.push(format!("new: {}", added.join(", ")));
    }
    if missing > 0 {
        what.push(format!("{missing} removed"));
    }
    Some(format!(
        "{} differs from the contract built into this binary ({}): this run judges by the \
         built-in one; rebuild (cargo build) to judge by the edits, or pass --schema {}",
        folder.display(),
        what.join("; "),
        folder.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_beside_the_binary_are_told() {
        let dir = tempfile::tempdir().unwrap();
        let embedded = [("a.json", "{}"), ("b.json", "{\"x\": 1}")];
        std::fs::write(dir.path().join("a.json"), "{}").unwrap();
        std::fs::write(dir.path().join("b.json"), "{\"x\": 1}").unwrap();
        assert_eq!(differences(dir.path(), &embedded), None);
        std::fs::write(dir.path().join("b.json"), "{\"x\": 2}").unwrap();
        std::fs::write(dir.path().join("c.json"), "{}").unwrap();
        let message = differences(dir.path(), &embedded).unwrap();
        assert!(message.contains("edited: b.json; new: c.json"), "{message}");
        // Another project's folder: nothing said.
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("a.json"), "[]").unwrap();
        assert_eq!(differences(other.path(), &embedded[..0]), None);
        let few = [("a.json", "{}"), ("b.json", "{}"), ("c.json", "{}")];
        assert_eq!(differences(other.path(), &few), None);
    }
}
