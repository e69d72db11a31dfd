//! Located problems with an input, and the error that stops an engine.

use std::fmt;
use std::path::PathBuf;

/// One problem with an input, located as precisely as it can be: the file,
/// and a line:column (for text that does not parse) or a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    pub line_col: Option<(usize, usize)>,
    pub pointer: Option<String>,
    pub message: String,
}

impl Problem {
    /// A problem at a JSON pointer of `file`.
    pub fn at(
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            line_col: None,
            pointer: Some(pointer.into()),
            message: message.into(),
        }
    }

    /// A problem with `file` as a whole.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line_col: None,
            pointer: None,
            message: message.into(),
        }
    }
}

/// `file:line:column#pointer: message`, each part only when known.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some((line, column)) = self.line_col {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(pointer) = &self.pointer {
            write!(f, "#{pointer}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What stops an engine. Every variant says where.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Every problem of the inputs, reported together.
    #[error("{} problem(s)", .0.len())]
    Problems(Vec<Problem>),
    /// The schema does not generate: schemagen's own errors, each located.
    #[error("the schema does not generate")]
    Generate(Vec<String>),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into().display().to_string(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_name_file_position_and_pointer() {
        let p = Problem {
            file: "a.json".into(),
            line_col: Some((3, 7)),
            pointer: Some("/x".into()),
            message: "bad".into(),
        };
        assert_eq!(p.to_string(), "a.json:3:7#/x: bad");
        assert_eq!(Problem::at("s.json", "", "m").to_string(), "s.json#: m");
        assert_eq!(Problem::file("s.json", "m").to_string(), "s.json: m");
    }
}
