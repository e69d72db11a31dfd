//! `validate`'s input set: the names on the command line turned into the
//! sources the judge reads ([`clerk_models::judge::batch::Source`]), in a
//! deterministic order. A name is a file; `-` is stdin (named at most once);
//! a folder is walked recursively for `.json`, `.ndjson`, `.jsonl` and
//! `.har` files;
//! a name that is not there and holds `*`, `?`, `[` or `{` is a glob pattern
//! (quoted on the shell, so the tool expands it; `**` crosses folders),
//! matching files. A folder's files and a pattern's matches come sorted by
//! name, folder by folder; the names keep their order on the command line.
//! How each is read (a document, NDJSON, a HAR capture) goes by its name,
//! unless `--ndjson` or `--har` says it for all.

use super::{CliError, Problem};
use clerk_models::judge::batch::{Layout, Origin, Source};
use globset::GlobBuilder;
use std::ffi::OsStr;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The sources, and their total size when every one is a file.
pub struct Inputs {
    pub sources: Vec<Source>,
    /// The sum of the files' sizes; `None` when stdin is among them.
    pub total: Option<u64>,
}

/// The extensions a folder's files are judged by.
const EXTENSIONS: [&str; 4] = ["json", "ndjson", "jsonl", "har"];

/// The inputs named by `names` (stdin when there are none and it is not a
/// terminal), each read as its name says, or all of them as `forced` says
/// (`--ndjson`, `--har`).
pub fn expand(names: &[PathBuf], forced: Option<Layout>) -> Result<Inputs, CliError> {
    let stdin_named = names.iter().filter(|n| is_stdin(n)).count();
    if stdin_named > 1 {
        return Err(usage(
            "-",
            "stdin is named more than once: it can be read only once",
        ));
    }
    let mut inputs = Inputs {
        sources: Vec::new(),
        total: Some(0),
    };
    if names.is_empty() {
        if std::io::stdin().is_terminal() {
            return Err(usage(
                "<stdin>",
                "no input: name files, folders or patterns to judge, or pipe payloads in (see --help)",
            ));
        }
        inputs.stdin(forced);
    }
    for name in names {
        if is_stdin(name) {
            inputs.stdin(forced);
        } else if name.is_dir() {
            inputs.folder(name, forced);
        } else if !name.exists() && is_pattern(name) {
            inputs.pattern(name, forced)?;
        } else {
            inputs.file(name.clone(), forced);
        }
    }
    Ok(inputs)
}

fn is_stdin(name: &Path) -> bool {
    name.as_os_str() == "-"
}

fn is_pattern(name: &Path) -> bool {
    name.to_str()
        .is_some_and(|n| n.contains(['*', '?', '[', '{']))
}

/// How a file is read, by its name: `.ndjson`/`.jsonl` NDJSON, `.har` a
/// capture, anything else a document.
pub fn layout_of(path: &Path) -> Layout {
    if has_extension(path, &["ndjson", "jsonl"]) {
        Layout::Ndjson
    } else if has_extension(path, &["har"]) {
        Layout::Har
    } else {
        Layout::Document
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn usage(what: &str, message: &str) -> CliError {
    CliError::Problems(vec![Problem::file(what, message)])
}

impl Inputs {
    fn stdin(&mut self, forced: Option<Layout>) {
        self.total = None;
        self.sources.push(Source {
            name: "<stdin>".to_owned(),
            origin: Origin::Reader(Box::new(std::io::BufReader::new(std::io::stdin()))),
            layout: forced.unwrap_or(Layout::Document),
        });
    }

    fn file(&mut self, path: PathBuf, forced: Option<Layout>) {
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        self.total = self.total.map(|t| t + size);
        self.sources.push(Source {
            name: path.display().to_string(),
            layout: forced.unwrap_or_else(|| layout_of(&path)),
            origin: Origin::File(path),
        });
    }

    fn failed(&mut self, name: String, message: String) {
        self.sources.push(Source {
            name,
            origin: Origin::Failed(message),
            layout: Layout::Document,
        });
    }

    /// Every `.json`, `.ndjson`, `.jsonl` and `.har` file under `folder`.
    fn folder(&mut self, folder: &Path, forced: Option<Layout>) {
        let before = self.sources.len();
        self.walk(folder, usize::MAX, forced, |path| {
            has_extension(path, &EXTENSIONS)
        });
        if self.sources.len() == before {
            self.failed(
                folder.display().to_string(),
                "no .json, .ndjson, .jsonl or .har file in this folder".to_owned(),
            );
        }
    }

    /// The files a glob pattern matches.
    fn pattern(&mut self, pattern: &Path, forced: Option<Layout>) -> Result<(), CliError> {
        let text = pattern.to_str().unwrap_or_default();
        let glob = GlobBuilder::new(text)
            .literal_separator(true)
            .build()
            .map_err(|e| usage(text, &format!("not a valid pattern: {}", e.kind())))?
            .compile_matcher();
        // Walk from the folder before the first component with a wildcard,
        // only as deep as the pattern goes unless it has `**`.
        let components: Vec<_> = pattern.components().collect();
        let fixed = components
            .iter()
            .take_while(|c| !is_pattern(Path::new(c.as_os_str())))
            .count();
        let base: PathBuf = components[..fixed].iter().collect();
        let depth = if text.contains("**") {
            usize::MAX
        } else {
            components.len() - fixed
        };
        let before = self.sources.len();
        self.walk(&base, depth, forced, |path| glob.is_match(path));
        if self.sources.len() == before {
            self.failed(text.to_owned(), "no file matches this pattern".to_owned());
        }
        Ok(())
    }

    /// The files under `root` (the current folder when empty), at most
    /// `depth` levels down, that `keep` keeps, sorted by name folder by
    /// folder; what cannot be listed is reported in its place.
    fn walk(
        &mut self,
        root: &Path,
        depth: usize,
        forced: Option<Layout>,
        keep: impl Fn(&Path) -> bool,
    ) {
        let here = root.as_os_str().is_empty();
        let start = if here { Path::new(".") } else { root };
        let walk = WalkDir::new(start)
            .follow_links(true)
            .min_depth(1)
            .max_depth(depth)
            .sort_by_file_name();
        for entry in walk {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let path = entry.path();
                    let path = if here {
                        path.strip_prefix(".").unwrap_or(path)
                    } else {
                        path
                    };
                    if keep(path) {
                        self.file(path.to_owned(), forced);
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let at = e.path().unwrap_or(start).display().to_string();
                    let why = e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string);
                    self.failed(at, format!("cannot read: {why}"));
                }
            }
        }
    }
}
