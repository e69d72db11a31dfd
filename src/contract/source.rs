//! Where the engines read a schema from: a folder or file on disk, or the
//! schema built into this crate, the one its models were generated from (so
//! that bundling and documenting need no copy of the repository).

use super::schema_set::MEMORY;
use super::version::ContractVersion;
use super::{Error, Problem, SchemaSet};
use serde_json::Value;
use std::path::Path;

/// Where a schema is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    /// A schema folder (like `schema/`), or one schema file (the files its
    /// references name are read too).
    Path(&'a Path),
    /// The schema built into this crate ([`crate::schema::SCHEMA_FILES`]):
    /// the one the models were generated from and the judge judges by. Its
    /// files are named `schema/…`, as in the repository.
    Embedded,
}

/// The folder the embedded files are named in, as in the repository.
const EMBEDDED_DIR: &str = "schema/";

/// The file of a schema folder that holds the contract version.
pub const VERSION_FILE: &str = "VERSION";

/// More than a version needs: a bigger file is not one.
const VERSION_BYTES: u64 = 256;

impl<'a> Source<'a> {
    /// `path` when one is given, the embedded schema otherwise.
    pub fn or_embedded(path: Option<&'a Path>) -> Self {
        path.map_or(Source::Embedded, Source::Path)
    }

    /// How messages name it: the path, or `<embedded schema>`.
    pub fn name(self) -> String {
        match self {
            Source::Path(path) => path.display().to_string(),
            Source::Embedded => "<embedded schema>".to_owned(),
        }
    }

    /// The schema set, and every problem: the set of every def that loaded
    /// (when anything could be read at all). See [`SchemaSet::load_all`].
    pub fn load_all(self) -> (Option<SchemaSet>, Vec<Problem>) {
        match self {
            Source::Path(path) => SchemaSet::load_all(path),
            Source::Embedded => match embedded().and_then(|docs| {
                let named: Vec<(&str, Value)> =
                    docs.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
                SchemaSet::from_documents(&named)
            }) {
                Ok(set) => (Some(set), Vec::new()),
                Err(problems) => (None, problems),
            },
        }
    }

    /// The schema set, or every problem.
    pub fn load(self) -> Result<SchemaSet, Vec<Problem>> {
        match self.load_all() {
            (Some(set), problems) if problems.is_empty() => Ok(set),
            (_, problems) => Err(problems),
        }
    }

    /// The endpoint map that goes with the schema: `map/endpoints.json` in
    /// a schema folder (`None` when it has none, or for a single file), the
    /// map built into this crate for the embedded schema.
    pub fn endpoints(self) -> Result<Option<Value>, Problem> {
        let (name, text) = match self {
            Source::Path(path) if path.is_dir() => {
                let file = path.join("map").join("endpoints.json");
                if !file.is_file() {
                    return Ok(None);
                }
                let name = file.display().to_string();
                match std::fs::read_to_string(&file) {
                    Ok(text) => (name, text),
                    Err(e) => return Err(Problem::file(name, format!("cannot read: {e}"))),
                }
            }
            Source::Path(_) => return Ok(None),
            Source::Embedded => (
                format!("{EMBEDDED_DIR}map/endpoints.json"),
                crate::schema::ENDPOINTS.to_owned(),
            ),
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| Problem::file(name, format!("invalid JSON: {e}")))
    }

    /// The contract version that goes with the schema: `VERSION` in a
    /// schema folder (`None` when it has none, or for a single file), the
    /// version built into this crate for the embedded schema. It must read
    /// `MAJOR.MINOR.PATCH`.
    pub fn version(self) -> Result<Option<ContractVersion>, Problem> {
        let (name, text) = match self {
            Source::Path(path) if path.is_dir() => {
                let file = path.join(VERSION_FILE);
                if !file.is_file() {
                    return Ok(None);
                }
                let name = file.display().to_string();
                match schemakit::read::file(&file, VERSION_BYTES) {
                    Ok(bytes) => (name, String::from_utf8_lossy(&bytes).into_owned()),
                    Err(e) => return Err(Problem::file(name, e.to_string())),
                }
            }
            Source::Path(_) => return Ok(None),
            Source::Embedded => (
                format!("{EMBEDDED_DIR}{VERSION_FILE}"),
                crate::schema::VERSION.to_owned(),
            ),
        };
        text.trim()
            .parse()
            .map(Some)
            .map_err(|e: String| Problem::file(name, e))
    }

    /// `generator` with the schema as its inputs (see
    /// [`generate::models`](super::generate::models)).
    pub fn inputs(self, generator: schemagen::Generator) -> Result<schemagen::Generator, Error> {
        Ok(match self {
            Source::Path(path) if path.is_dir() => generator.dir(path),
            Source::Path(path) => generator.file(path),
            Source::Embedded => {
                embedded().map_err(Error::Problems)?.into_iter().fold(
                    generator,
                    |generator, (name, value)| {
                        // Read as the files of the folder are.
                        generator.source(format!("{MEMORY}{name}"), value)
                    },
                )
            }
        })
    }
}

/// The embedded schema files, parsed, each named `schema/…`.
fn embedded() -> Result<Vec<(String, Value)>, Vec<Problem>> {
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for (name, text) in crate::schema::SCHEMA_FILES {
        let name = format!("{EMBEDDED_DIR}{name}");
        match serde_json::from_str(text) {
            Ok(value) => documents.push((name, value)),
            // The build parsed them: not met.
            Err(e) => problems.push(Problem::file(name, format!("invalid JSON: {e}"))),
        }
    }
    if problems.is_empty() {
        Ok(documents)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded schema is the folder it was built from (tests run from
    /// the package root): the same defs, from files of the same names.
    #[test]
    fn the_embedded_schema_is_the_folder() {
        let folder = Source::Path(Path::new("schema"));
        let (ours, theirs) = (Source::Embedded.load().unwrap(), folder.load().unwrap());
        let defs = |set: &SchemaSet| -> Vec<(String, String, String)> {
            set.defs
                .iter()
                .map(|d| (d.name.clone(), d.file.clone(), d.value.to_string()))
                .collect()
        };
        assert_eq!(defs(&ours), defs(&theirs));
        assert!(ours.defs.len() > 200);
        assert_eq!(Source::or_embedded(None), Source::Embedded);
        assert_eq!(Source::Embedded.name(), "<embedded schema>");
    }
}
