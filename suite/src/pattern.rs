//! The patterns of `left-out.txt`, shared by build.rs (which leaves the
//! files out) and the test (which holds the files on disk to the list).

/// Whether `path` (`draft7/optional/format/date.json`) matches `pattern`,
/// segment by segment, `*` standing for any run of characters within one.
pub fn matches(pattern: &str, path: &str) -> bool {
    fn segment(p: &str, s: &str) -> bool {
        match p.split_once('*') {
            None => p == s,
            Some((head, tail)) => {
                s.starts_with(head)
                    && (head.len()..=s.len())
                        .any(|i| s.is_char_boundary(i) && segment(tail, &s[i..]))
            }
        }
    }
    let pattern: Vec<&str> = pattern.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    pattern.len() == path.len() && pattern.iter().zip(&path).all(|(p, s)| segment(p, s))
}

/// The patterns of `left-out.txt`: the first word of each line that is
/// neither empty nor a comment.
pub fn patterns(list: &str) -> Vec<&str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .collect()
}
