//! The contract's versions: `schema/VERSION`, the bundles of each release
//! kept in `generated/releases/<version>/`, the version a change needs, and
//! the changelog written from the diff of consecutive releases.
//!
//! The rule: a change `diff` calls breaking (for payload consumers or the
//! Rust API) moves the major version, any other change to what the schema
//! accepts or the types hold the minor, a change to annotations only
//! (descriptions, deprecation, defaults) or to nothing `diff` sees the patch.

use super::bundle::Flavour;
use super::diff::{self, Change};
pub use super::version::{Bump, ContractVersion};
use super::{Error, Problem};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The folder of `generated/` that keeps every release's bundles.
pub const RELEASES: &str = "releases";

/// The file where the version is read, as problems name it.
pub const VERSION_PATH: &str = "schema/VERSION";

/// A released bundle is a schema file, never bigger than this.
const MAX_BUNDLE_BYTES: u64 = 64 << 20;

/// The part of the version `changes` move (see the module's rule).
pub fn needed(changes: &[Change]) -> Bump {
    if changes.iter().any(Change::breaking) {
        Bump::Major
    } else if changes.iter().any(|c| !c.rule.is_annotation()) {
        Bump::Minor
    } else {
        Bump::Patch
    }
}

/// One release kept in `generated/releases/`.
#[derive(Debug, Clone)]
pub struct Released {
    pub version: ContractVersion,
    /// The folder (`generated/releases/1.2.0`).
    pub dir: PathBuf,
    /// Its strict and tolerant bundles, as kept.
    pub strict: Vec<u8>,
    pub tolerant: Vec<u8>,
}

/// Every release in `dir` (`generated/releases`), oldest first; none when
/// there is no such folder. A folder whose name is not a version, or that
/// lacks a bundle, is a problem.
pub fn read(dir: &Path) -> Result<Vec<Released>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut releases = Vec::new();
    let mut problems = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let version: ContractVersion = match name.parse() {
            Ok(version) if path.is_dir() => version,
            Ok(_) | Err(_) => {
                problems.push(Problem::file(
                    path.display().to_string(),
                    "not a release: generated/releases holds one folder per version, named MAJOR.MINOR.PATCH",
                ));
                continue;
            }
        };
        let mut read = |flavour: Flavour| {
            let file = path.join(flavour.file_name());
            schemakit::read::file(&file, MAX_BUNDLE_BYTES).map_err(|e| {
                problems.push(Problem::file(file.display().to_string(), e.to_string()))
            })
        };
        if let (Ok(strict), Ok(tolerant)) = (read(Flavour::Strict), read(Flavour::Tolerant)) {
            releases.push(Released {
                version,
                dir: path,
                strict,
                tolerant,
            });
        }
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| a.file.cmp(&b.file));
        return Err(Error::Problems(problems));
    }
    releases.sort_by_key(|r| r.version);
    Ok(releases)
}

/// What the schema's version means for `generated/`.
#[derive(Debug)]
pub struct Review {
    /// The version is new: its bundles are to be kept as a release.
    pub new_release: bool,
    /// The version did not move as the changes require (or moved back).
    pub problems: Vec<Problem>,
    /// `CHANGELOG.md`: every release, newest first, the new one included.
    pub changelog: String,
}

/// Reviews the version of the current bundles (`strict`, `tolerant`, as
/// they would be written) against the releases kept. A release's bundle is
/// read (and its types generated, for the Rust half of `diff`) only when a
/// diff needs it.
pub fn review(
    version: ContractVersion,
    strict: &[u8],
    tolerant: &[u8],
    releases: &[Released],
) -> Result<Review, Error> {
    let mut kept = Kept {
        releases,
        loaded: vec![None; releases.len()],
    };
    let mut diffs = Vec::new();
    for (i, release) in releases.iter().enumerate() {
        let changes = match i {
            0 => None,
            i => Some(kept.diff(i - 1, Side::Kept(i))?),
        };
        diffs.push((release.version, changes));
    }
    let mut problems = Vec::new();
    let mut new_release = false;
    let position = releases.iter().position(|r| r.version == version);
    match position {
        Some(i) if releases[i].strict == strict && releases[i].tolerant == tolerant => {}
        Some(i) => {
            let changes = kept.diff(i, Side::Now(strict))?;
            let latest = releases.last().map_or(version, |r| r.version);
            let bump = needed(&changes);
            problems.push(Problem::file(
                VERSION_PATH,
                format!(
                    "the schema changed after release {version} was made: {}; a release is kept as made: \
                     set {VERSION_PATH} to {} (a {} change) and run generate again",
                    summary(&changes),
                    latest.bumped(bump),
                    bump.word(),
                ),
            ));
        }
        None => match releases.last() {
            Some(latest) if latest.version > version => problems.push(Problem::file(
                VERSION_PATH,
                format!(
                    "{version} is below the latest release, {}: versions only move up",
                    latest.version
                ),
            )),
            Some(latest) => {
                let changes = kept.diff(releases.len() - 1, Side::Now(strict))?;
                let bump = needed(&changes);
                let least = latest.version.bumped(bump);
                if version < least {
                    problems.push(Problem::file(
                        VERSION_PATH,
                        format!(
                            "{version} is too small a step from {}: the schema has {}, a {} change, \
                             so the version must be at least {least}",
                            latest.version,
                            summary(&changes),
                            bump.word(),
                        ),
                    ));
                } else {
                    new_release = true;
                    diffs.push((version, Some(changes)));
                }
            }
            None => {
                new_release = true;
                diffs.push((version, None));
            }
        },
    }
    Ok(Review {
        new_release,
        problems,
        changelog: changelog(&diffs),
    })
}

/// The releases, each read for a diff at most once.
struct Kept<'a> {
    releases: &'a [Released],
    loaded: Vec<Option<diff::Version>>,
}

/// The newer side of a diff: a kept release, or the bundle as it is now.
enum Side<'b> {
    Kept(usize),
    Now(&'b [u8]),
}

impl Kept<'_> {
    fn get(&mut self, i: usize) -> Result<&diff::Version, Error> {
        if self.loaded[i].is_none() {
            let release = &self.releases[i];
            let path = release.dir.join(Flavour::Strict.file_name());
            self.loaded[i] = Some(load(&path, &release.strict)?);
        }
        Ok(self.loaded[i].as_ref().expect("just loaded"))
    }

    /// Every change from release `old` to `new`.
    fn diff(&mut self, old: usize, new: Side<'_>) -> Result<Vec<Change>, Error> {
        let new = match new {
            Side::Kept(i) => self.get(i)?.clone(),
            Side::Now(bytes) => load(Path::new("<schema/ bundled>"), bytes)?,
        };
        Ok(diff::diff(self.get(old)?, &new))
    }
}

/// A released bundle as a diff reads it.
fn load(path: &Path, bytes: &[u8]) -> Result<diff::Version, Error> {
    let name = path.display().to_string();
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| Error::Problems(vec![Problem::file(&name, format!("invalid JSON: {e}"))]))?;
    diff::Version::from_documents(&[(name.as_str(), value)]).map_err(Error::Problems)
}

/// `2 breaking changes, 1 other (first: …)`, or `no change diff sees`.
fn summary(changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|c| c.breaking()).count();
    let Some(first) = changes
        .iter()
        .find(|c| c.breaking())
        .or_else(|| changes.first())
    else {
        return "no change `diff` sees, but other bytes".to_owned();
    };
    let count = |n: usize, what: &str| match n {
        1 => format!("1 {what} change"),
        n => format!("{n} {what} changes"),
    };
    let mut text = match (breaking, changes.len() - breaking) {
        (0, others) => count(others, "compatible"),
        (breaking, 0) => count(breaking, "breaking"),
        (breaking, others) => format!(
            "{} and {}",
            count(breaking, "breaking"),
            count(others, "compatible")
        ),
    };
    text.push_str(&format!(
        " (first: {} at {})",
        first.rule.name, first.pointer
    ));
    text
}

/// `CHANGELOG.md` from each release's diff against the one before (`None`
/// for the first), newest first. Nothing in it depends on the time it is
/// written.
pub fn changelog(diffs: &[(ContractVersion, Option<Vec<Change>>)]) -> String {
    let mut text = String::from(
        "<!-- @generated by `clerk-models generate` from the diffs of generated/releases/: do not edit. -->\n\
         # Changelog\n\n\
         The versions of the Clerk Frontend API contract (`schema/`), newest first. Each entry is what \
         `clerk-models diff` finds between a release's strict bundle and the one before it, both kept in \
         `generated/releases/`. The version rule: a change that breaks payload consumers or the Rust API \
         moves the major version, any other change to what the schema accepts or the types hold the \
         minor, a change to annotations only (descriptions, deprecation, defaults) the patch.\n",
    );
    for (version, changes) in diffs.iter().rev() {
        text.push_str(&format!("\n## {version}\n\n"));
        let Some(changes) = changes else {
            text.push_str("The first release.\n");
            continue;
        };
        if changes.is_empty() {
            text.push_str("No change to the definitions (the bundle's other bytes changed).\n");
            continue;
        }
        let breaking = changes.iter().filter(|c| c.breaking()).count();
        text.push_str(&format!(
            "A {} release: {} breaking, {} compatible.\n\n",
            needed(changes).word(),
            breaking,
            changes.len() - breaking
        ));
        for change in changes {
            let effect = if change.breaking() {
                "**breaking**"
            } else {
                "compatible"
            };
            text.push_str(&format!(
                "- {effect} `{}` at `{}`: {}",
                change.rule.name,
                change.pointer,
                one_line(&change.message)
            ));
            if let Some(was) = &change.was {
                text.push_str(&format!(" (was `{was}`)"));
            }
            text.push_str(&format!(
                " (payloads: {}; Rust API: {}",
                change.payloads().word(),
                change.rust.word()
            ));
            for rust in &change.rust_changes {
                text.push_str(&format!("; {}", one_line(rust)));
            }
            text.push_str(")\n");
        }
    }
    text
}

/// Text on one Markdown list line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> ContractVersion {
        text.parse().unwrap()
    }

    /// Newest first; the first release says so; a release whose bundle
    /// changed in nothing `diff` sees says that.
    #[test]
    fn the_changelog_lists_releases_newest_first() {
        let text = changelog(&[(v("1.0.0"), None), (v("1.0.1"), Some(Vec::new()))]);
        let newer = text.find("## 1.0.1\n").unwrap();
        let older = text.find("## 1.0.0\n\nThe first release.\n").unwrap();
        assert!(newer < older, "{text}");
        assert!(
            text.contains("## 1.0.1\n\nNo change to the definitions"),
            "{text}"
        );
        assert!(text.starts_with("<!-- @generated"), "{text}");
        assert_eq!(needed(&[]), Bump::Patch);
    }

    #[test]
    fn a_folder_that_is_not_a_version_is_a_problem() {
        let dir =
            std::env::temp_dir().join(format!("clerk-models-releases-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("latest")).unwrap();
        let Err(Error::Problems(problems)) = read(&dir) else {
            panic!("read a folder named latest as a release");
        };
        assert!(
            problems[0].message.contains("named MAJOR.MINOR.PATCH"),
            "{problems:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(read(&dir).unwrap().is_empty());
    }
}
