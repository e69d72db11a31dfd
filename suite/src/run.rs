//! Running the suite: every case through its group's decoder, the outcome
//! held to what the repository commits (the cases known to fail, the groups
//! the generator refuses, the optional files left out, each with why), and
//! the tables the README shows.

use crate::pattern::matches;
use crate::{Group, Refusal};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// The drafts, oldest first: (folder, as the tables name it).
pub const DRAFTS: [(&str, &str); 5] = [
    ("draft4", "4"),
    ("draft6", "6"),
    ("draft7", "7"),
    ("draft2019-09", "2019-09"),
    ("draft2020-12", "2020-12"),
];

/// Case counts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Cases in the groups of the files run (supported or not).
    pub cases: usize,
    pub passed: usize,
    pub failed: usize,
    /// Cases of the groups the generator refuses.
    pub unsupported: usize,
    /// Cases of the optional files not run.
    pub left_out: usize,
}

impl Row {
    fn add(&mut self, other: &Row) {
        self.cases += other.cases;
        self.passed += other.passed;
        self.failed += other.failed;
        self.unsupported += other.unsupported;
        self.left_out += other.left_out;
    }
}

/// What the repository commits about the suite.
#[derive(Debug, Default, Clone)]
pub struct Lists {
    /// The cases that fail today (`draft4/optional/zeroTerminatedFloats.json#0/0`).
    pub known_failures: BTreeSet<String>,
    /// The groups the generator refuses (`draft2020-12/ref.json#6`): the
    /// keyword its error must name, and why.
    pub unsupported: BTreeMap<String, (String, String)>,
    /// The optional files not run: a pattern (`*` is any name within one
    /// folder), and why.
    pub left_out: Vec<(String, String)>,
}

impl Lists {
    /// Reads the three lists: `known-failures.txt` (a case id a line, a
    /// comment after it), `unsupported.txt` (`ID KEYWORD WHY`) and
    /// `left-out.txt` (`PATTERN WHY`); `#` starts a comment line.
    pub fn parse(known: &str, unsupported: &str, left_out: &str) -> Result<Lists, String> {
        fn lines(s: &str) -> Vec<(usize, &str)> {
            s.lines()
                .enumerate()
                .map(|(i, l)| (i + 1, l.trim()))
                .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
                .collect()
        }
        let mut lists = Lists::default();
        for (_, line) in lines(known) {
            let id = line.split_whitespace().next().unwrap_or_default();
            lists.known_failures.insert(id.to_owned());
        }
        for (n, line) in lines(unsupported) {
            let mut parts = line.splitn(3, char::is_whitespace);
            let (Some(id), Some(keyword), Some(why)) = (parts.next(), parts.next(), parts.next())
            else {
                return Err(format!("unsupported.txt:{n}: want `ID KEYWORD WHY`"));
            };
            let entry = (keyword.to_owned(), why.trim().to_owned());
            if lists.unsupported.insert(id.to_owned(), entry).is_some() {
                return Err(format!("unsupported.txt:{n}: {id} is listed twice"));
            }
        }
        for (n, line) in lines(left_out) {
            let Some((pattern, why)) = line.split_once(char::is_whitespace) else {
                return Err(format!("left-out.txt:{n}: want `PATTERN WHY`"));
            };
            lists
                .left_out
                .push((pattern.to_owned(), why.trim().to_owned()));
        }
        Ok(lists)
    }
}

/// One line of the table of what is not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotRun {
    /// `` groups whose error names `$dynamicRef` `` or `` `draft*/optional/format/*.json` ``.
    pub what: String,
    pub why: String,
    /// Per draft folder: (groups or files, cases).
    pub drafts: BTreeMap<&'static str, (usize, usize)>,
    /// Whether it counts files (else groups).
    pub files: bool,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// Per suite file (relative to `tests/`), the files left out included.
    pub files: BTreeMap<String, Row>,
    /// Every way the run departs from the lists; empty when it holds.
    pub problems: Vec<String>,
    /// What is not run, by reason, in the order of the lists.
    pub not_run: Vec<NotRun>,
}

fn draft_of(file: &str) -> &'static str {
    let folder = file.split('/').next().unwrap_or_default();
    DRAFTS
        .iter()
        .find(|(f, _)| *f == folder)
        .map_or("", |(f, _)| f)
}

/// Reads a suite file (relative to `data`) as its groups.
fn read(data: &Path, file: &str) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(data.join(file)).map_err(|e| format!("{file}: {e}"))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    match value {
        Value::Array(groups) => Ok(groups),
        _ => Err(format!("{file}: not an array of groups")),
    }
}

fn cases_of(group: &Value) -> &[Value] {
    group["tests"].as_array().map_or(&[], Vec::as_slice)
}

/// Runs every case of `groups` (the suite files under `data`, the suite's
/// `tests/` folder) and holds the outcome to `lists`.
pub fn run(groups: &[Group], data: &Path, lists: &Lists) -> Report {
    let mut report = Report::default();
    let mut failing = BTreeSet::new();
    let mut contents: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for group in groups {
        if !contents.contains_key(group.file) {
            match read(data, group.file) {
                Ok(read) => {
                    contents.insert(group.file, read);
                }
                Err(e) => {
                    report.problems.push(e);
                    contents.insert(group.file, Vec::new());
                }
            }
        }
        let Some(schema_group) = contents[group.file].get(group.index) else {
            report
                .problems
                .push(format!("{}#{}: no such group", group.file, group.index));
            continue;
        };
        let row = report.files.entry(group.file.to_owned()).or_default();
        let cases = cases_of(schema_group);
        row.cases += cases.len();
        let decode = match group.decode {
            Ok(decode) => decode,
            Err(_) => {
                row.unsupported += cases.len();
                continue;
            }
        };
        for (i, case) in cases.iter().enumerate() {
            let id = format!("{}#{}/{i}", group.file, group.index);
            let data = &case["data"];
            let problem = match (decode(data), case["valid"].as_bool()) {
                (_, None) => Some("the case has no `valid`".to_owned()),
                (Ok(encoded), Some(true)) if &encoded == data => None,
                (Ok(encoded), Some(true)) => {
                    Some(format!("decodes, but encodes back as {encoded}"))
                }
                (Err(Refusal::Rejected(_)), Some(false)) => None,
                (Ok(_), Some(false)) => Some("invalid, but decodes".to_owned()),
                (Err(Refusal::Rejected(e)), Some(true)) => {
                    Some(format!("valid, but does not decode: {e}"))
                }
                (Err(Refusal::Harness(e)), _) => Some(format!("the harness failed: {e}")),
            };
            let Some(problem) = problem else {
                row.passed += 1;
                continue;
            };
            row.failed += 1;
            failing.insert(id.clone());
            if !lists.known_failures.contains(&id) {
                report.problems.push(format!(
                    "{id} ({}: {}): {problem}",
                    schema_group["description"].as_str().unwrap_or_default(),
                    case["description"].as_str().unwrap_or_default()
                ));
            }
        }
    }
    for fixed in lists.known_failures.difference(&failing) {
        report.problems.push(format!(
            "{fixed} is in known-failures.txt, but passes (or is not run): remove it"
        ));
    }
    unsupported(groups, &contents, lists, &mut report);
    left_out(groups, data, lists, &mut report);
    report
}

/// The groups the generator refuses are those `unsupported.txt` lists, each
/// refused for the keyword listed.
fn unsupported(
    groups: &[Group],
    contents: &BTreeMap<&str, Vec<Value>>,
    lists: &Lists,
    report: &mut Report,
) {
    let mut rows: BTreeMap<(String, String), NotRun> = BTreeMap::new();
    let mut refused = BTreeSet::new();
    for group in groups {
        let Err(error) = group.decode else { continue };
        let id = format!("{}#{}", group.file, group.index);
        refused.insert(id.clone());
        let Some((keyword, why)) = lists.unsupported.get(&id) else {
            report.problems.push(format!(
                "{id}: the generator refuses it, and unsupported.txt does not list it: {error}"
            ));
            continue;
        };
        if !error.contains(&format!("`{keyword}`")) {
            report.problems.push(format!(
                "{id}: listed as refused for `{keyword}`, refused for another reason: {error}"
            ));
        }
        let cases = contents
            .get(group.file)
            .and_then(|c| c.get(group.index))
            .map_or(0, |g| cases_of(g).len());
        let row = rows
            .entry((keyword.clone(), why.clone()))
            .or_insert_with(|| NotRun {
                what: format!("groups the generator refuses for `{keyword}`"),
                why: why.clone(),
                drafts: BTreeMap::new(),
                files: false,
            });
        let cell = row.drafts.entry(draft_of(group.file)).or_default();
        cell.0 += 1;
        cell.1 += cases;
    }
    for id in lists.unsupported.keys().filter(|id| !refused.contains(*id)) {
        report.problems.push(format!(
            "{id} is in unsupported.txt, but the generator does not refuse it (or it is not run): remove it"
        ));
    }
    // In the order of the list.
    let mut seen = BTreeSet::new();
    for (keyword, why) in lists.unsupported.values() {
        if seen.insert((keyword.clone(), why.clone())) {
            if let Some(row) = rows.remove(&(keyword.clone(), why.clone())) {
                report.not_run.push(row);
            }
        }
    }
}

/// Every optional file on disk is run or matched by `left-out.txt`, not
/// both; every pattern there matches a file.
fn left_out(groups: &[Group], data: &Path, lists: &Lists, report: &mut Report) {
    let run: BTreeSet<&str> = groups.iter().map(|g| g.file).collect();
    let mut optional = Vec::new();
    for (folder, _) in DRAFTS {
        walk(data, &format!("{folder}/optional"), &mut optional);
    }
    optional.sort();
    let mut rows: Vec<NotRun> = lists
        .left_out
        .iter()
        .map(|(pattern, why)| NotRun {
            what: format!("`{pattern}`"),
            why: why.clone(),
            drafts: BTreeMap::new(),
            files: true,
        })
        .collect();
    for file in &optional {
        let matched: Vec<usize> = (0..lists.left_out.len())
            .filter(|&i| matches(&lists.left_out[i].0, file))
            .collect();
        match (run.contains(file.as_str()), matched.as_slice()) {
            (true, []) | (false, [_]) => {}
            (false, []) => report
                .problems
                .push(format!("{file}: neither run nor listed in left-out.txt")),
            (true, _) => report
                .problems
                .push(format!("{file}: run, and listed in left-out.txt")),
            (false, _) => report.problems.push(format!(
                "{file}: matched by {} patterns of left-out.txt",
                matched.len()
            )),
        }
        if let (false, [i]) = (run.contains(file.as_str()), matched.as_slice()) {
            let cases: usize = match read(data, file) {
                Ok(groups) => groups.iter().map(|g| cases_of(g).len()).sum(),
                Err(e) => {
                    report.problems.push(e);
                    0
                }
            };
            let cell = rows[*i].drafts.entry(draft_of(file)).or_default();
            cell.0 += 1;
            cell.1 += cases;
            report.files.entry(file.clone()).or_default().left_out += cases;
        }
    }
    for row in rows {
        if row.drafts.is_empty() {
            report.problems.push(format!(
                "left-out.txt: {} matches no optional file",
                row.what
            ));
        } else {
            report.not_run.push(row);
        }
    }
}

/// Every `.json` file below `dir` (relative to `data`), as paths relative to `data`.
fn walk(data: &Path, dir: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(data.join(dir)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{dir}/{name}");
        if entry.path().is_dir() {
            walk(data, &path, out);
        } else if name.ends_with(".json") {
            out.push(path);
        }
    }
}

impl Report {
    /// The counts per draft folder, and in all.
    pub fn drafts(&self) -> Vec<(&'static str, Row)> {
        let mut out: Vec<(&'static str, Row)> = DRAFTS
            .iter()
            .map(|(_, name)| (*name, Row::default()))
            .collect();
        let mut total = Row::default();
        for (file, row) in &self.files {
            if let Some(i) = DRAFTS.iter().position(|(f, _)| *f == draft_of(file)) {
                out[i].1.add(row);
            }
            total.add(row);
        }
        out.push(("**total**", total));
        out
    }

    /// The table per draft, as the README shows it.
    pub fn draft_table(&self) -> String {
        let mut out = String::from(
            "| draft | cases | passed | failed | unsupported | passed of supported | left out (optional files) |\n\
             |---|---:|---:|---:|---:|---:|---:|\n",
        );
        for (draft, row) in self.drafts() {
            let supported = row.cases - row.unsupported;
            let _ = writeln!(
                out,
                "| {draft} | {} | {} | {} | {} | {} | {} |",
                thousands(row.cases),
                thousands(row.passed),
                row.failed,
                row.unsupported,
                percent(row.passed, supported),
                thousands(row.left_out)
            );
        }
        out
    }

    /// What is not run and why, with the cases per draft, as the README shows it.
    pub fn not_run_table(&self) -> String {
        let mut out = String::from("| not run | why |");
        for (_, name) in DRAFTS {
            let _ = write!(out, " {name} |");
        }
        out.push_str("\n|---|---|");
        out.push_str(&"---:|".repeat(DRAFTS.len()));
        out.push('\n');
        for row in &self.not_run {
            let _ = write!(out, "| {} | {} |", row.what, row.why);
            for (folder, _) in DRAFTS {
                match row.drafts.get(folder) {
                    Some((n, cases)) => {
                        let unit = match (row.files, *n) {
                            (true, 1) => "file",
                            (true, _) => "files",
                            (false, 1) => "group",
                            (false, _) => "groups",
                        };
                        let _ = write!(out, " {} cases ({n} {unit}) |", thousands(*cases));
                    }
                    None => out.push_str(" — |"),
                }
            }
            out.push('\n');
        }
        out
    }

    /// A row per suite file, for `--nocapture`.
    pub fn file_table(&self) -> String {
        let mut out = String::from(
            "| keyword file | cases | passed | failed | unsupported | left out |\n|---|---:|---:|---:|---:|---:|\n",
        );
        for (file, row) in &self.files {
            let _ = writeln!(
                out,
                "| {file} | {} | {} | {} | {} | {} |",
                row.cases, row.passed, row.failed, row.unsupported, row.left_out
            );
        }
        out
    }
}

/// `5564` as `5,564`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `passed` of `of` as a percentage, to a tenth: `100%` only when all
/// passed (99.98% shows as `99.9%`).
pub fn percent(passed: usize, of: usize) -> String {
    if passed == of {
        return "100%".into();
    }
    let shown = format!("{:.1}%", 100.0 * passed as f64 / of.max(1) as f64);
    if shown == "100.0%" {
        "99.9%".into()
    } else {
        shown
    }
}
