//! Files as the engines write them: JSON text, written only when its bytes
//! change, and the listing of a folder's files of one extension.

use super::Error;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What [`write_if_changed`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Created,
    Updated,
    Unchanged,
}

/// Whether `path` already holds exactly `contents`; `None` when it does not exist.
pub fn is_current(path: &Path, contents: &[u8]) -> Result<Option<bool>, Error> {
    match std::fs::read(path) {
        Ok(existing) => Ok(Some(existing == contents)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Writes `contents` to `path` only when the bytes differ (creating parent
/// folders), so that nothing that watches the file sees a needless change.
pub fn write_if_changed(path: &Path, contents: &[u8]) -> Result<Written, Error> {
    let written = match is_current(path, contents)? {
        Some(true) => return Ok(Written::Unchanged),
        Some(false) => Written::Updated,
        None => Written::Created,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, contents).map_err(|e| Error::io(path, e))?;
    Ok(written)
}

/// Writes `contents` to `relative` below `root` only when the bytes differ,
/// never outside `root` nor through a symbolic link
/// ([`schemakit::write::inside`]): for files whose names come from a schema.
pub fn write_inside(root: &Path, relative: &str, contents: &[u8]) -> Result<Written, Error> {
    use schemakit::write::{self, WriteError};
    match write::inside(root, relative, contents) {
        Ok(write::Written::Created) => Ok(Written::Created),
        Ok(write::Written::Updated) => Ok(Written::Updated),
        Ok(write::Written::Unchanged) => Ok(Written::Unchanged),
        Err(WriteError::Io { path, source }) => Err(Error::io(path, source)),
        Err(other) => Err(Error::Problems(vec![super::Problem::file(
            other
                .path()
                .map_or_else(|| root.join(relative), Path::to_owned)
                .display()
                .to_string(),
            other.to_string(),
        )])),
    }
}

/// JSON text as every engine writes it: two-space indent, trailing newline.
pub fn json_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a Value always serializes");
    text.push('\n');
    text
}

/// The `*.ext` files directly in `dir`, sorted; none when `dir` does not exist.
pub fn list(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_changed_bytes_and_lists_by_extension() {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path().to_path_buf();
        let path = dir.join("sub/file.txt");
        assert_eq!(write_if_changed(&path, b"a").unwrap(), Written::Created);
        assert_eq!(write_if_changed(&path, b"a").unwrap(), Written::Unchanged);
        assert_eq!(write_if_changed(&path, b"b").unwrap(), Written::Updated);
        assert_eq!(is_current(&path, b"b").unwrap(), Some(true));
        assert_eq!(is_current(&dir.join("none"), b"b").unwrap(), None);
        write_if_changed(&dir.join("sub/a.md"), b"").unwrap();
        assert_eq!(
            list(&dir.join("sub"), "md").unwrap(),
            [dir.join("sub/a.md")]
        );
        assert!(list(&dir.join("missing"), "md").unwrap().is_empty());
    }

    #[test]
    fn json_text_is_pretty_with_a_newline() {
        assert_eq!(
            json_text(&serde_json::json!({"a": 1})),
            "{\n  \"a\": 1\n}\n"
        );
    }
}
