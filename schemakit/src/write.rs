//! Writing files whose names come from schemas: only inside the output
//! folder, never through a symbolic link, and only when the bytes change.

use std::fmt;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Created,
    Updated,
    Unchanged,
}

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file system refused.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The name is not a plain relative path of safe parts.
    Name { name: String },
    /// A symbolic link, or something that is not a regular file or folder,
    /// stands where the file or one of its folders goes.
    Link { path: PathBuf },
    /// The file would land outside the output folder.
    Outside { path: PathBuf, root: PathBuf },
}

/// What went wrong, without the path (which the caller names; see
/// [`WriteError::path`]), but for I/O errors, which name it.
impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            WriteError::Name { name } => write!(
                f,
                "{name:?} is not written: a file name made from a schema must be a plain \
                 relative name (no `..`, no absolute path)"
            ),
            WriteError::Link { .. } => f.write_str(
                "not written: a symbolic link or a special file is in the way (files are \
                 never written through one)",
            ),
            WriteError::Outside { root, .. } => write!(
                f,
                "not written: it would be outside the output folder {}",
                root.display()
            ),
        }
    }
}

impl WriteError {
    /// The file the write was for, when known.
    pub fn path(&self) -> Option<&Path> {
        match self {
            WriteError::Io { path, .. }
            | WriteError::Link { path }
            | WriteError::Outside { path, .. } => Some(path),
            WriteError::Name { .. } => None,
        }
    }
}

impl std::error::Error for WriteError {}

/// Writes `contents` to `relative` below `root` (creating folders), only
/// when the bytes differ. `relative` must be made of plain parts (see
/// [`crate::names::file_stem`]); no part of the way, the file included, may
/// be a symbolic link or a special file; and the folder the file lands in
/// must be inside `root` once both are canonical.
pub fn inside(root: &Path, relative: &str, contents: &[u8]) -> Result<Written, WriteError> {
    let rel = Path::new(relative);
    let plain = !relative.is_empty()
        && rel.components().all(
            |c| matches!(c, Component::Normal(p) if p.to_str().is_some_and(|p| !p.contains('\\'))),
        );
    if !plain {
        return Err(WriteError::Name {
            name: relative.to_owned(),
        });
    }
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| WriteError::Io { path, source }
    };
    std::fs::create_dir_all(root).map_err(io(root))?;
    let root_real = root.canonicalize().map_err(io(root))?;
    let mut at = root.to_owned();
    let parts: Vec<_> = rel.components().collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let last = i + 1 == parts.len();
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(WriteError::Link { path: at }),
            Ok(meta) if last && !meta.is_file() => return Err(WriteError::Link { path: at }),
            Ok(meta) if !last && !meta.is_dir() => return Err(WriteError::Link { path: at }),
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {
                if !last {
                    std::fs::create_dir(&at).map_err(io(&at))?;
                }
            }
            Err(e) => {
                return Err(WriteError::Io {
                    path: at,
                    source: e,
                })
            }
        }
    }
    let folder = at.parent().unwrap_or(root);
    let folder_real = folder.canonicalize().map_err(io(folder))?;
    if !folder_real.starts_with(&root_real) {
        return Err(WriteError::Outside {
            path: at,
            root: root.to_owned(),
        });
    }
    match std::fs::read(&at) {
        Ok(existing) if existing == contents => return Ok(Written::Unchanged),
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => {
            return Err(WriteError::Io {
                path: at,
                source: e,
            })
        }
    }
    let existed = at.exists();
    // A new file beside, renamed over the old: a link that appeared in the
    // meantime is replaced, not written through.
    let temp = folder.join(format!(
        ".{}.{}.tmp",
        at.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id()
    ));
    std::fs::write(&temp, contents).map_err(io(&temp))?;
    std::fs::rename(&temp, &at).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        WriteError::Io {
            path: at.clone(),
            source: e,
        }
    })?;
    Ok(if existed {
        Written::Updated
    } else {
        Written::Created
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_changes_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        assert_eq!(inside(&root, "a.md", b"x").unwrap(), Written::Created);
        assert_eq!(inside(&root, "a.md", b"x").unwrap(), Written::Unchanged);
        assert_eq!(inside(&root, "a.md", b"y").unwrap(), Written::Updated);
        assert_eq!(inside(&root, "sub/b.md", b"z").unwrap(), Written::Created);
        assert_eq!(std::fs::read(root.join("sub/b.md")).unwrap(), b"z");
        for name in [
            "../x.md",
            "/tmp/x.md",
            "",
            "a/../../x.md",
            "./a.md",
            "a\\..\\x.md",
        ] {
            assert!(
                matches!(inside(&root, name, b"x"), Err(WriteError::Name { .. })),
                "{name}"
            );
        }
        let names: Vec<String> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn never_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        std::fs::create_dir(&root).unwrap();
        let target = dir.path().join("precious.txt");
        std::fs::write(&target, b"keep").unwrap();
        std::os::unix::fs::symlink(&target, root.join("a.md")).unwrap();
        assert!(matches!(
            inside(&root, "a.md", b"x"),
            Err(WriteError::Link { .. })
        ));
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join("sub")).unwrap();
        assert!(matches!(
            inside(&root, "sub/b.md", b"x"),
            Err(WriteError::Link { .. })
        ));
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    }
}
