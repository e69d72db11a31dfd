//! File names made from names a schema chose (a `$defs` key becomes a
//! documentation page): safe on every file system, and checked for names
//! that would land on the same file.

use std::collections::BTreeMap;

/// The longest file name made, in bytes, suffix included (well under the
/// 255 of common file systems, to leave room for an extension).
pub const MAX_STEM_BYTES: usize = 100;

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file name stem for `name`, safe to join onto a folder: only ASCII
/// letters, digits, `-`, `_` and `.` (every other character becomes `_`),
/// so no separator, no `..`, nothing absolute; not starting with `.` or
/// `-`, not ending with `.`; not a reserved device name; at most
/// [`MAX_STEM_BYTES`] bytes. A name that had to change (or be cut) gets a
/// short hash of the original, so that two names that differ only in what
/// was replaced still get different stems. A plain identifier such as
/// `SignIn` or `oauth_google` is kept as it is.
pub fn file_stem(name: &str) -> String {
    let mut stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    while stem.contains("..") {
        stem = stem.replace("..", "_");
    }
    if stem.starts_with(['.', '-']) {
        stem.insert(0, '_');
    }
    if stem.ends_with('.') {
        stem.push('_');
    }
    let device = stem.split('.').next().unwrap_or_default();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(device)) {
        stem.insert(0, '_');
    }
    if stem.is_empty() {
        stem.push('_');
    }
    let changed = stem != name;
    if changed || stem.len() > MAX_STEM_BYTES {
        let hash = format!("-{:08x}", fnv1a(name.as_bytes()) as u32);
        stem.truncate(MAX_STEM_BYTES - hash.len());
        stem.push_str(&hash);
    }
    stem
}

/// FNV-1a, 64 bits: a stable hash (the same on every machine and release).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The pairs of names whose file stems are the same, or the same but for
/// letter case (one file on a case-insensitive file system): each pair in
/// the order the names came, sorted.
pub fn collisions<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut out = Vec::new();
    for name in names {
        let key = file_stem(name).to_ascii_lowercase();
        match seen.get(&key) {
            Some(first) => out.push(((*first).to_owned(), name.to_owned())),
            None => {
                seen.insert(key, name);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_are_kept() {
        for name in ["SignIn", "oauth_google", "Email-Address", "v1.2"] {
            assert_eq!(file_stem(name), name);
        }
    }

    #[test]
    fn hostile_names_are_made_safe() {
        for name in [
            "../../EVIL",
            "/tmp/x/EVIL",
            "a/b",
            "a\\b",
            "..",
            ".",
            "",
            ".hidden",
            "-rf",
            "CON",
            "nul.txt",
            "x.",
            "C:evil",
            "é",
            "a\0b",
            &"x".repeat(300),
        ] {
            let stem = file_stem(name);
            assert!(
                !stem.is_empty() && stem.len() <= MAX_STEM_BYTES,
                "{name:?} → {stem:?}"
            );
            assert!(
                stem.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                "{name:?} → {stem:?}"
            );
            assert!(!stem.contains("..") && !stem.starts_with(['.', '-']) && !stem.ends_with('.'));
            let device = stem.split('.').next().unwrap();
            assert!(
                !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(device)),
                "{stem}"
            );
        }
    }

    #[test]
    fn names_that_meet_are_told() {
        assert_eq!(
            collisions(["User", "Thing", "user"]),
            [("User".to_owned(), "user".to_owned())]
        );
        // Replaced characters keep names apart.
        assert_ne!(file_stem("a/b"), file_stem("a_b"));
        assert_ne!(file_stem("a/b"), file_stem("a\\b"));
        assert!(collisions(["a/b", "a_b", "a\\b"]).is_empty());
    }
}
