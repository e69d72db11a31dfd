//! Reading schema documents from disk (bounded in size and nesting) into the registry.

use crate::error::{Diagnostics, Error};
use crate::options::Limits;
use serde_json::Value;
use std::path::{Path, PathBuf};
use url::Url;

/// One parsed schema document.
#[derive(Debug)]
pub struct Document {
    /// Its retrieval URI: a `file:` URL, or the URI it was registered under.
    pub uri: Url,
    /// How diagnostics name it: the path as given, or the registered URI.
    pub display: String,
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    pub root: Value,
    /// An input of the run (as opposed to a document only referenced): its
    /// root always gets a type, even when it has no shape of its own.
    pub entry: bool,
    /// Registered only to answer references: resolved, and typed, only as
    /// far as something reaches into it.
    pub on_demand: bool,
    /// How the document was read as 2020-12 (filled in as it is registered).
    pub reading: crate::schema::drafts::Reading,
}

/// Reads and parses one file: a regular file only, bounded by the byte
/// limit as it is read and by the depth limit before it is parsed
/// ([`schemakit::read`]), so neither a huge nor a deep file can exhaust
/// memory or the stack.
pub fn read_document(path: &Path, limits: &Limits) -> Result<Document, Error> {
    let bytes =
        schemakit::read::file(path, limits.max_file_bytes).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
    let display = path.display().to_string();
    let root = parse(&display, &bytes, limits)?;
    let absolute = std::path::absolute(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let uri = Url::from_file_path(&absolute).map_err(|()| Error::Io {
        path: path.to_owned(),
        source: std::io::Error::other("the path cannot be written as a file: URL"),
    })?;
    Ok(Document {
        uri,
        display,
        path: Some(path.to_owned()),
        root,
        entry: false,
        on_demand: false,
        reading: Default::default(),
    })
}

/// Parses JSON text, naming the file, line and column of any syntax error
/// (or of where it nests deeper than the limit).
pub fn parse(display: &str, bytes: &[u8], limits: &Limits) -> Result<Value, Error> {
    schemakit::read::json(bytes, limits.max_depth).map_err(|e| Error::Json {
        file: display.to_owned(),
        line: e.line,
        column: e.column,
        message: e.message,
    })
}

/// The `*.json` files directly in `dir`, sorted by name so that every run
/// sees them in the same order.
pub fn json_files(dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            diags.error(Error::Io {
                path: dir.to_owned(),
                source,
            });
            return Vec::new();
        }
    };
    let mut files = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                if path.extension().is_some_and(|ext| ext == "json") && path.is_file() {
                    // A link in the folder to a file elsewhere is not read.
                    match schemakit::read::within(dir, &path) {
                        Ok(()) => files.push(path),
                        Err(source) => diags.error(Error::Read { path, source }),
                    }
                }
            }
            Err(source) => diags.error(Error::Io {
                path: dir.to_owned(),
                source,
            }),
        }
    }
    files.sort();
    files
}
