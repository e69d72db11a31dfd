//! Diagnostics: every problem names the file and the JSON pointer it was found at.

use std::fmt;
use std::path::PathBuf;

/// A place in a schema document: the file (or registered URI) and a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The document as the user named it (a path, or a registered URI).
    pub file: String,
    /// RFC 6901 JSON pointer into that document; empty for the root.
    pub pointer: String,
}

impl Location {
    pub fn new(file: impl Into<String>, pointer: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            pointer: pointer.into(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file, self.pointer)
    }
}

/// Everything that stops generation. Each variant carries where it happened.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A schema file could not be read: not found, not a regular file, or
    /// over the byte limit.
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: schemakit::read::ReadError,
    },
    #[error("{file}:{line}:{column}: invalid JSON: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{location}: not a schema: {message}")]
    NotASchema { location: Location, message: String },
    #[error("{location}: invalid `{keyword}`: {message}")]
    InvalidKeyword {
        location: Location,
        keyword: String,
        message: String,
    },
    #[error("{location}: `$ref` {reference:?} does not resolve: {message}")]
    DanglingRef {
        location: Location,
        reference: String,
        message: String,
    },
    #[error("{location}: `$ref` {reference:?} is remote and nothing is ever fetched; give a catalog with a local copy of {uri:?} (or register one) to use it")]
    RemoteRef {
        location: Location,
        reference: String,
        uri: String,
    },
    #[error("{location}: unsupported keyword `{keyword}`: {reason}")]
    Unsupported {
        location: Location,
        keyword: String,
        reason: String,
    },
    #[error("{location}: {message}")]
    Invalid { location: Location, message: String },
    /// A setting that names generated types (a rename, a replacement, a
    /// derive, a visibility) that cannot be applied: an unknown type (the
    /// message names the nearest ones), a name already taken, text that is
    /// not Rust.
    #[error("setting `{setting}`: {message}")]
    Setting { setting: String, message: String },
    /// A fault of the generator itself (a stage that panicked): a bug to
    /// report, never the schema's doing.
    #[error("internal error in schemagen: {message}")]
    Internal { message: String },
}

impl Error {
    /// What is wrong, without where (for tools that print the place apart).
    pub fn message(&self) -> String {
        let text = self.to_string();
        let place = match self {
            Error::Json {
                file, line, column, ..
            } => format!("{file}:{line}:{column}: "),
            Error::Io { path, .. } | Error::Read { path, .. } => format!("{}: ", path.display()),
            other => match other.location() {
                Some(location) => format!("{location}: "),
                None => String::new(),
            },
        };
        text.strip_prefix(&place).unwrap_or(&text).to_owned()
    }

    /// The schema location, when the error has one (I/O and parse errors name a file only).
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::NotASchema { location, .. }
            | Error::InvalidKeyword { location, .. }
            | Error::DanglingRef { location, .. }
            | Error::RemoteRef { location, .. }
            | Error::Unsupported { location, .. }
            | Error::Invalid { location, .. } => Some(location),
            Error::Io { .. }
            | Error::Read { .. }
            | Error::Json { .. }
            | Error::Setting { .. }
            | Error::Internal { .. } => None,
        }
    }
}

/// A problem that does not stop generation: the generated code is still
/// correct, but less precise than the schema (for instance a keyword whose
/// constraint only the schema checks).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// All the errors of one run, in the order they were found.
#[derive(Debug)]
pub struct Errors(pub Vec<Error>);

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "error: {error}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Errors {}

/// The error sink threaded through the stages. Stages push into it and go on;
/// the driver calls [`Diagnostics::propagate`] between stages so that one run
/// reports every problem it can find, and no stage works on a broken input.
#[derive(Debug, Default)]
pub struct Diagnostics {
    errors: Vec<Error>,
    warnings: Vec<Warning>,
}

impl Diagnostics {
    pub fn error(&mut self, error: Error) {
        self.errors.push(error);
    }

    pub fn warn(&mut self, location: Location, message: impl Into<String>) {
        self.warnings.push(Warning {
            location,
            message: message.into(),
        });
    }

    /// Takes in everything another sink collected.
    pub fn extend(&mut self, other: Diagnostics) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Hands back the collected errors, if any, leaving the sink empty.
    pub fn propagate(&mut self) -> Result<(), Errors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Errors(std::mem::take(&mut self.errors)))
        }
    }

    pub fn into_warnings(self) -> Vec<Warning> {
        let mut warnings = self.warnings;
        warnings.sort();
        warnings.dedup();
        warnings
    }
}
