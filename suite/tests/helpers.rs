//! The harness's own helpers: `left-out.txt` patterns, the lists with
//! their reasons, and figures as the README writes them. Here, not in the
//! library, whose generated code would otherwise compile a second time as
//! a unit-test harness (`[lib] test = false`).

use schema_suite::pattern::{matches, patterns};
use schema_suite::run::{percent, thousands, Lists};

#[test]
fn patterns_match_within_a_segment() {
    let format = "draft*/optional/format/*.json";
    assert!(matches(format, "draft7/optional/format/date.json"));
    assert!(!matches(format, "draft7/optional/format.json"));
    assert!(!matches(
        "draft*/optional/*.json",
        "draft7/optional/format/date.json"
    ));
    assert!(matches(
        "draft7/optional/content.json",
        "draft7/optional/content.json"
    ));
    assert!(!matches(
        "draft7/optional/content.json",
        "draft6/optional/content.json"
    ));
    assert_eq!(
        patterns("# c\n\na/*.json why\nb.json because\n"),
        ["a/*.json", "b.json"]
    );
}

#[test]
fn figures_read_as_the_readme_writes_them() {
    assert_eq!(thousands(5564), "5,564");
    assert_eq!(thousands(718), "718");
    assert_eq!(thousands(1_000_000), "1,000,000");
    assert_eq!(percent(713, 714), "99.9%");
    assert_eq!(percent(1, 3), "33.3%");
    assert_eq!(percent(5488, 5489), "99.9%");
    assert_eq!(percent(941, 941), "100%");
}

#[test]
fn lists_are_read_with_their_reasons() {
    let lists = Lists::parse(
        "# known\na.json#0/1 why\n",
        "# groups\nb.json#2 $ref the meta-schema is not bundled\n",
        "draft*/optional/format/*.json format is not asserted\n",
    )
    .unwrap();
    assert!(lists.known_failures.contains("a.json#0/1"));
    assert_eq!(
        lists.unsupported["b.json#2"],
        (
            "$ref".to_owned(),
            "the meta-schema is not bundled".to_owned()
        )
    );
    assert_eq!(lists.left_out[0].1, "format is not asserted");
    assert!(Lists::parse("", "b.json#2 $ref", "").is_err());
    assert!(Lists::parse("", "", "lonely").is_err());
}
