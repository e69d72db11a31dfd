//! `validate --format junit`: JUnit XML for CI systems. Each input is a
//! `<testsuite>`, each payload a `<testcase>` (a failure holds the text
//! report), an input that cannot be read an `<error>`. Suites are written
//! as their input ends, so memory holds one input's report at most.

use quick_xml::escape::escape;

/// Text as XML character data: escaped, and without the characters XML 1.0
/// cannot hold (control characters, which payload snippets may carry, and
/// the terminal's colour codes).
fn xml(text: &str) -> String {
    let plain = anstream::adapter::strip_str(text).to_string();
    let allowed: String = plain
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect();
    escape(allowed.as_str()).into_owned()
}

/// One payload's `<testcase>`: `classname` its kind, a `<failure>` holding
/// the report when it fails, the warnings as `<system-out>` when it drifts.
pub fn testcase(
    out: &mut String,
    name: &str,
    kind: Option<&str>,
    status: &str,
    summary: &str,
    report: &str,
) {
    let classname = kind.unwrap_or("unknown kind");
    out.push_str(&format!(
        "    <testcase name=\"{}\" classname=\"{}\"",
        xml(name),
        xml(classname)
    ));
    match status {
        "fail" => out.push_str(&format!(
            ">\n      <failure message=\"{}\" type=\"validate\">{}</failure>\n    </testcase>\n",
            xml(summary),
            xml(report)
        )),
        "drift" => out.push_str(&format!(
            ">\n      <system-out>{}</system-out>\n    </testcase>\n",
            xml(report)
        )),
        _ => out.push_str("/>\n"),
    }
}

/// A HAR entry not judged (skipped, or without content): a `<testcase>`
/// with `<skipped>`.
pub fn skipped(out: &mut String, name: &str, kind: Option<&str>, message: &str) {
    out.push_str(&format!(
        "    <testcase name=\"{}\" classname=\"{}\">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
        xml(name),
        xml(kind.unwrap_or("not judged")),
        xml(message)
    ));
}

/// An input that could not be read: a `<testcase>` in `<error>`.
pub fn unreadable(out: &mut String, name: &str, message: &str) {
    out.push_str(&format!(
        "    <testcase name=\"{}\" classname=\"input\">\n      <error message=\"{}\" \
         type=\"unreadable\"/>\n    </testcase>\n",
        xml(name),
        xml(message)
    ));
}

/// The document's opening: the XML declaration and `<testsuites>`.
pub const START: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"clerk-models validate\">\n";

/// The document's end.
pub const END: &str = "</testsuites>\n";

/// One input's counts, for its `<testsuite>`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SuiteCounts {
    pub tests: usize,
    pub failures: usize,
    pub errors: usize,
    pub skipped: usize,
}

/// An input's `<testsuite>` around its testcases.
pub fn suite(name: &str, counts: SuiteCounts, body: &str) -> String {
    format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n\
         {body}  </testsuite>\n",
        xml(name),
        counts.tests,
        counts.failures,
        counts.errors,
        counts.skipped
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_cleaned() {
        assert_eq!(xml("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(xml("x\u{1}y\u{1b}[31mz\u{1b}[0m\u{FFFF}"), "xyz\u{FFFD}");
    }
}
