//! What `generate` writes to `generated/`: the models (exactly as build.rs
//! makes them), the strict and tolerant bundles, the release of a new
//! version and the changelog, the conformance kit, and the docs, planned and compared with what
//! is on disk.

use super::bundle::{self, Flavour};
use super::files::{self, json_text};
use super::source::VERSION_FILE;
use super::version::ContractVersion;
use super::{docs, kit, release, typescript, Error, Problem, SchemaSet, Source};
use schemagen::Manifest;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub(crate) use super::settings::options;

/// One run of the generator over the schema folder.
#[derive(Debug)]
pub struct Models {
    /// The Rust code, exactly as build.rs makes it.
    pub code: String,
    /// What the code holds: every type with its schema location, its Rust
    /// name, fields and variants.
    pub manifest: Manifest,
    /// The generator's warnings.
    pub warnings: Vec<String>,
}

/// The Rust models of the schema at `source` (for the schema folder or the
/// embedded schema, exactly as build.rs makes them), with the generator's
/// manifest and warnings.
pub fn models(source: Source<'_>) -> Result<Models, Error> {
    let outcome = source.inputs(schemagen::Generator::new(options()))?.run();
    let warnings = outcome.warnings.iter().map(ToString::to_string).collect();
    match (outcome.code, outcome.manifest) {
        (Ok(code), Some(manifest)) => Ok(Models {
            code,
            manifest,
            warnings,
        }),
        (Ok(_), None) => Err(Error::Generate(vec![
            "the generator returned code without a manifest".to_owned(),
        ])),
        (Err(errors), _) => Err(Error::Generate(
            errors.0.iter().map(ToString::to_string).collect(),
        )),
    }
}

/// One file `generate` owns, with the bytes it should hold.
#[derive(Debug)]
pub struct Planned {
    /// `generated/` joined with `relative`, for messages.
    pub path: PathBuf,
    /// Its place below `generated/` (a docs page's name comes from the
    /// schema: it is written only inside that folder).
    pub relative: String,
    pub contents: Vec<u8>,
}

/// Everything `generate` would write, and the files it would remove.
#[derive(Debug)]
pub struct Plan {
    /// The `generated/` folder every file goes below.
    pub root: PathBuf,
    pub files: Vec<Planned>,
    pub obsolete: Vec<PathBuf>,
    /// The generator's warnings.
    pub warnings: Vec<String>,
    /// Where `schema/VERSION` did not move as the schema's changes require
    /// (see [`release`]): the files are planned all the same, but for the
    /// release, which waits for the version.
    pub version_problems: Vec<Problem>,
}

/// How a file on disk differs from the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Planned, and not there.
    Missing,
    /// There, with other bytes.
    Differs,
    /// There, and no longer generated.
    Obsolete,
}

/// The plan compared with the disk.
#[derive(Debug)]
pub struct Comparison {
    /// Every file not as planned, in the plan's order, obsolete files last.
    pub stale: Vec<(PathBuf, State)>,
    /// How many planned files are as planned.
    pub unchanged: usize,
}

/// `rel` below `root`; `rel` itself when `root` is `.` (so that paths and
/// the file names in messages and generated text read `schema/…`).
fn under(root: &Path, rel: &str) -> PathBuf {
    if root.as_os_str().is_empty() || root == Path::new(".") {
        PathBuf::from(rel)
    } else {
        root.join(rel)
    }
}

/// What `generate` would do for the package at `root` (holding `schema/`
/// and `generated/`). Every path of the plan is below `root`.
///
/// The schema's file names are embedded as they are read (in the models'
/// type index, the docs and messages): from `root` = `.`, `schema/…`, as
/// the checked-in files have them. Run from the package root (the CLI
/// changes into `--root`) to compare with those files.
pub fn plan(root: &Path) -> Result<Plan, Error> {
    let schema_dir = under(root, "schema");
    if !schema_dir.is_dir() {
        return Err(Error::Problems(vec![Problem::file(
            schema_dir.display().to_string(),
            "no schema folder here: run from the package root, or pass --root",
        )]));
    }
    let Models {
        code,
        manifest,
        warnings,
    } = models(Source::Path(&schema_dir))?;
    let set = SchemaSet::load(&schema_dir).map_err(Error::Problems)?;
    let generated = under(root, "generated");
    let planned = |relative: String, contents: Vec<u8>| Planned {
        path: generated.join(&relative),
        relative,
        contents,
    };
    let mut files = vec![planned("models.rs".into(), code.into_bytes())];
    let mut problems = Vec::new();
    let source = Source::Path(&schema_dir);
    let endpoints = source.endpoints().map_err(|p| Error::Problems(vec![p]))?;
    // Without a usable version the rest is still planned (with the bundles
    // unversioned), so that every problem of the schema is reported at once.
    let (version, mut unusable) = match source.version() {
        Ok(Some(version)) => (Some(version), Vec::new()),
        Ok(None) => (
            None,
            vec![Problem::file(
                schema_dir.join(VERSION_FILE).display().to_string(),
                "missing: the contract's version (MAJOR.MINOR.PATCH, such as 1.0.0) versions the bundles",
            )],
        ),
        Err(problem) => (None, vec![problem]),
    };
    let shown = ContractVersion::label(version);
    let mut bundles = Vec::new();
    for flavour in [Flavour::Strict, Flavour::Tolerant] {
        let bundle = bundle::bundle(&set, flavour, endpoints.as_ref(), &shown);
        let file = planned(
            format!("schema/{}", flavour.file_name()),
            json_text(&bundle).into_bytes(),
        );
        problems.extend(bundle::verify(
            &bundle,
            &file.path.display().to_string(),
            &set,
        ));
        bundles.push((flavour, bundle, file.contents.clone()));
        files.push(file);
    }
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
    }
    let mut version_problems = Vec::new();
    if let Some(version) = version {
        let releases = release::read(&generated.join(release::RELEASES))?;
        let review = release::review(version, &bundles[0].2, &bundles[1].2, &releases)?;
        if review.new_release {
            for (flavour, _, contents) in &bundles {
                files.push(planned(
                    format!("{}/{version}/{}", release::RELEASES, flavour.file_name()),
                    contents.clone(),
                ));
            }
        }
        files.push(planned(
            "CHANGELOG.md".into(),
            review.changelog.into_bytes(),
        ));
        version_problems = review.problems;
    }
    files.push(planned(
        typescript::FILE.to_owned(),
        typescript::render(&manifest, &shown)?.into_bytes(),
    ));
    // The recordings, where the package has them: the conformance kit, and
    // the examples of the reference.
    let fixtures = root.join(kit::FIXTURES);
    let recorded = if fixtures.join(kit::VERDICTS).is_file() {
        kit::read(&fixtures)?
    } else {
        Vec::new()
    };
    if !recorded.is_empty() {
        let published: Vec<(Flavour, &serde_json::Value)> =
            bundles.iter().map(|(f, b, _)| (*f, b)).collect();
        for (relative, contents) in kit::files(&published, &recorded)? {
            files.push(planned(relative, contents));
        }
    }
    // The HTML reference (generated/reference/) is planned here, its
    // examples from `recorded`.
    let reference_dir = generated.join("reference");
    let mut pages = Vec::new();
    match docs::html::render(&set, &manifest, &shown, &bundles[0].1, &recorded) {
        Ok(rendered) => pages.extend(
            rendered
                .into_iter()
                .map(|(n, b)| (format!("reference/{n}"), b)),
        ),
        Err(Error::Problems(problems)) => unusable.extend(problems),
        Err(other) => return Err(other),
    }
    let docs_dir = generated.join("docs");
    match docs::render(&set, &manifest, &shown) {
        Ok(rendered) => pages.extend(
            rendered
                .into_iter()
                .map(|(n, t)| (format!("docs/{n}"), t.into_bytes())),
        ),
        Err(Error::Problems(problems)) => unusable.extend(problems),
        Err(other) => return Err(other),
    }
    if !unusable.is_empty() {
        // The two references find the same problems of names once each.
        let mut once = Vec::new();
        for problem in unusable {
            if !once.contains(&problem) {
                once.push(problem);
            }
        }
        return Err(Error::Problems(once));
    }
    for (relative, bytes) in pages {
        files.push(planned(relative, bytes));
    }
    let planned: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let mut obsolete = Vec::new();
    for (dir, ext) in [
        (docs_dir.clone(), "md"),
        (generated.join("schema"), "json"),
        (reference_dir.clone(), "html"),
        (reference_dir.clone(), "css"),
    ] {
        for path in files::list(&dir, ext)? {
            if !planned.contains(path.as_path()) {
                obsolete.push(path);
            }
        }
    }
    Ok(Plan {
        root: generated,
        files,
        obsolete,
        warnings,
        version_problems,
    })
}

impl Plan {
    /// Every file on disk that is not as planned.
    pub fn compare(&self) -> Result<Comparison, Error> {
        let mut stale = Vec::new();
        let mut unchanged = 0;
        for file in &self.files {
            match files::is_current(&file.path, &file.contents)? {
                Some(true) => unchanged += 1,
                Some(false) => stale.push((file.path.clone(), State::Differs)),
                None => stale.push((file.path.clone(), State::Missing)),
            }
        }
        for path in &self.obsolete {
            stale.push((path.clone(), State::Obsolete));
        }
        Ok(Comparison { stale, unchanged })
    }

    /// Writes every planned file whose bytes differ, and removes the
    /// obsolete ones.
    pub fn apply(&self) -> Result<(), Error> {
        for file in &self.files {
            files::write_inside(&self.root, &file.relative, &file.contents)?;
        }
        for path in &self.obsolete {
            std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_the_current_folder_stay_relative() {
        assert_eq!(under(Path::new("."), "schema"), Path::new("schema"));
        assert_eq!(under(Path::new(""), "schema"), Path::new("schema"));
        assert_eq!(under(Path::new("/x"), "schema"), Path::new("/x/schema"));
    }

    /// The embedded schema generates the types of the folder it was built
    /// from (tests run from the package root).
    #[test]
    fn the_embedded_schema_generates_the_folders_types() {
        let types = |source: Source<'_>| -> Vec<String> {
            let models = models(source).unwrap();
            models.manifest.entries().map(|t| t.name.clone()).collect()
        };
        let ours = types(Source::Embedded);
        assert!(ours.len() > 200);
        assert_eq!(ours, types(Source::Path(Path::new("schema"))));
    }

    #[test]
    fn a_root_without_a_schema_folder_is_a_problem() {
        let root = std::env::temp_dir().join(format!("clerk-models-plan-{}", std::process::id()));
        let Err(Error::Problems(problems)) = plan(&root) else {
            panic!("planned without a schema folder");
        };
        assert_eq!(problems[0].file, root.join("schema").display().to_string());
    }
}
