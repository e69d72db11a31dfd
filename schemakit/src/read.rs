//! Reading schema files: only regular files, bounded as they are read (not
//! by trusting the size the file system reports), and parsed with the
//! line and column of any error. Every tool reads schemas through here.

use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file system refused (not found, permissions…).
    Io(std::io::Error),
    /// A folder, a FIFO, a device: only regular files are read.
    NotAFile,
    /// Its canonical path (through symbolic links) leaves the folder that
    /// must hold it.
    Outside {
        /// That folder.
        root: std::path::PathBuf,
    },
    /// More bytes than the limit.
    TooLarge {
        /// The size the file system reports, when that is already over the
        /// limit (a file that grows, or lies, is caught by the bounded read).
        size: Option<u64>,
        /// The limit, in bytes.
        limit: u64,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
            ReadError::NotAFile => f.write_str("cannot read: not a regular file"),
            ReadError::Outside { root } => write!(
                f,
                "not read: it leads outside {} (through a symbolic link)",
                root.display()
            ),
            ReadError::TooLarge {
                size: Some(size),
                limit,
            } => write!(f, "{size} bytes is over the limit of {limit} bytes"),
            ReadError::TooLarge { size: None, limit } => {
                write!(f, "more than the limit of {limit} bytes")
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// Whether `path` lies inside the folder `root` once both are canonical
/// (symbolic links followed): what a schema names is read only from its
/// own folder. A path that does not exist is left to the read to report.
pub fn within(root: &Path, path: &Path) -> Result<(), ReadError> {
    let real = match path.canonicalize() {
        Ok(real) => real,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(ReadError::Io(e)),
    };
    let root_real = root.canonicalize().map_err(ReadError::Io)?;
    if real.starts_with(&root_real) {
        Ok(())
    } else {
        Err(ReadError::Outside {
            root: root.to_owned(),
        })
    }
}

/// The bytes of the regular file at `path`, at most `max_bytes` of them.
pub fn file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    // `metadata` follows symbolic links: what is read is what they point to.
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > max_bytes {
        return Err(ReadError::TooLarge {
            size: Some(meta.len()),
            limit: max_bytes,
        });
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::with_capacity(meta.len().min(max_bytes) as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooLarge {
            size: None,
            limit: max_bytes,
        });
    }
    Ok(bytes)
}

/// Why text is not a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// What is wrong, without the position.
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Parses `bytes` as one JSON document: UTF-8 first (an error at the first
/// bad byte), then its depth (an error where it first nests deeper than
/// `max_depth` arrays and objects, measured without recursion), then JSON
/// (serde_json's message, its position apart). Within `max_depth` any depth
/// is parsed: serde_json's own limit of 128 levels is lifted, so the caller
/// must have the stack for `max_depth` levels of its parser.
pub fn json(bytes: &[u8], max_depth: usize) -> Result<Value, JsonError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let at = crate::position::position(valid, valid.len());
        JsonError {
            line: at.line,
            column: at.column,
            message: "not UTF-8 text".into(),
        }
    })?;
    if let Some(offset) = crate::depth::in_text(text, max_depth) {
        let at = crate::position::position(text, offset);
        return Err(JsonError {
            line: at.line,
            column: at.column,
            message: format!(
                "arrays and objects nest deeper than the limit of {max_depth} levels here"
            ),
        });
    }
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let value = Value::deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    value.map_err(|e| syntax_error(text, &e))
}

/// serde_json's error on `text` with its position apart and columns from 1.
/// (serde_json says column 0 for an error on a line break, a raw one in a
/// string or the end of the input after one: that is the line break at the
/// end of the line before.)
pub fn syntax_error(text: &str, error: &serde_json::Error) -> JsonError {
    let message = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let (mut line, mut column) = (error.line(), error.column());
    if column == 0 {
        if line > 1 {
            line -= 1;
            let before = text.split('\n').nth(line - 1).unwrap_or_default();
            column = before.chars().count() + 1;
        } else {
            column = 1;
        }
    }
    JsonError {
        message: message.strip_suffix(&suffix).unwrap_or(&message).to_owned(),
        line,
        column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_folder_are_told() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("schema");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(dir.path().join("outside.json"), b"{}").unwrap();
        std::fs::write(root.join("in.json"), b"{}").unwrap();
        std::os::unix::fs::symlink(dir.path().join("outside.json"), root.join("link.json"))
            .unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        assert!(within(&root, &root.join("in.json")).is_ok());
        assert!(within(&root, &root.join("missing.json")).is_ok());
        for path in [root.join("link.json"), root.join("up/outside.json")] {
            assert!(
                matches!(within(&root, &path), Err(ReadError::Outside { .. })),
                "{path:?}"
            );
        }
        // Special files are never read, whatever links lead to them.
        std::os::unix::fs::symlink("/dev/zero", root.join("zero.json")).unwrap();
        assert!(matches!(
            file(&root.join("zero.json"), 1 << 20),
            Err(ReadError::NotAFile)
        ));
    }

    #[test]
    fn files_are_bounded_as_they_are_read() {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path().to_path_buf();
        let path = dir.join("a.json");
        std::fs::write(&path, b"{\"a\": 1}").unwrap();
        assert_eq!(file(&path, 100).unwrap(), b"{\"a\": 1}");
        assert!(matches!(
            file(&path, 3),
            Err(ReadError::TooLarge {
                size: Some(8),
                limit: 3
            })
        ));
        assert!(matches!(file(&dir, 100), Err(ReadError::NotAFile)));
        assert!(matches!(file(&dir.join("no"), 100), Err(ReadError::Io(_))));
    }

    #[test]
    fn json_errors_carry_positions() {
        let json = |b: &[u8]| json(b, 128);
        assert_eq!(json(b"{\"a\": [1]}").unwrap()["a"][0], 1);
        let e = json(b"{\n  \"a\": }").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8));
        assert_eq!(e.message, "expected value");
        let e = json(b"{\"a\":\n \"\xff\"}").unwrap_err();
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (2, 3, "not UTF-8 text")
        );
        // An error on a line break is at the end of the line before.
        let e = json(b"{\"a\": \"x\n\"}").unwrap_err();
        assert_eq!((e.line, e.column), (1, 9));
        let e = json(b"[\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 2));
    }

    /// Within the limit any depth parses (past serde_json's own 128); past
    /// it, the error is where the limit is crossed, found without recursion.
    #[test]
    fn depth_is_bounded_by_the_caller() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes();
        let value = json(&nested(300), 300).expect("300 levels parse");
        assert!(value.is_array());
        let e = json(&nested(301), 300).unwrap_err();
        assert_eq!((e.line, e.column), (1, 301));
        assert!(e.message.contains("limit of 300"), "{}", e.message);
        let e = json(&nested(1_000_000), 300).unwrap_err();
        assert_eq!(e.column, 301);
    }
}
