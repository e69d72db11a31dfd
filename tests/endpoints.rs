//! The endpoint map (`schema/map/endpoints.json`) against the spec's
//! operation list (`tests/data/fapi-operations.json`), the schema's kinds and
//! the fixtures: every operation of the spec is either mapped, with the
//! spec's own success statuses and schema names, or left out with a reason;
//! every response kind of the map is a kind of the schema with a fixture that
//! conforms, decodes and round-trips; and the table in `schema/README.md` is
//! the map's rendering (`ENDPOINTS_UPDATE=1` rewrites it).
#![cfg(feature = "validate")]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use support::{full, judge, recorded};

const START: &str = "<!-- endpoint-map:start (rendered from map/endpoints.json by tests/endpoints.rs; ENDPOINTS_UPDATE=1 rewrites it) -->";
const END: &str = "<!-- endpoint-map:end -->";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(relative: &str) -> Value {
    let path = root().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn map() -> Value {
    read_json("schema/map/endpoints.json")
}

fn spec() -> Value {
    read_json("tests/data/fapi-operations.json")
}

fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {value}"))
}

fn list<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not an array"))
}

/// `METHOD path`, the key of an operation.
fn key(op: &Value) -> String {
    format!("{} {}", text(op, "method"), text(op, "path"))
}

/// An optional string member: `None` for `null`.
fn opt<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    match &value[key] {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => panic!("{key} is neither a string nor null: {other}"),
    }
}

/// The response kinds the map names, with the first operation naming each.
fn kinds(map: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for op in list(map, "operations") {
        for success in list(op, "success") {
            if let Some(kind) = opt(success, "kind") {
                out.entry(kind.to_owned()).or_insert_with(|| key(op));
            }
        }
    }
    out
}

/// The map names the spec file the operation list was extracted from.
#[test]
fn the_map_and_the_operation_list_come_from_the_same_spec() {
    let (map, spec) = (map(), spec());
    for field in ["repository", "commit", "file"] {
        assert_eq!(
            map["source"][field], spec["source"][field],
            "source.{field} of schema/map/endpoints.json and tests/data/fapi-operations.json"
        );
    }
    assert_eq!(map["source"]["license"], "MIT");
    assert_eq!(
        spec["counts"]["operations"].as_u64(),
        Some(list(&spec, "operations").len() as u64)
    );
}

/// Every operation of the spec is in the map exactly once: under
/// `operations` or under `left_out`, never both.
#[test]
fn every_spec_operation_is_mapped_or_left_out_once() {
    let (map, spec) = (map(), spec());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for op in list(&map, "operations")
        .iter()
        .chain(list(&map, "left_out"))
    {
        *seen.entry(key(op)).or_default() += 1;
    }
    let in_spec: BTreeSet<String> = list(&spec, "operations").iter().map(key).collect();
    let mut problems = Vec::new();
    let missing: Vec<&String> = in_spec.iter().filter(|k| !seen.contains_key(*k)).collect();
    if !missing.is_empty() {
        problems.push(format!(
            "{} operation(s) of the spec are neither mapped nor left out:\n  {}",
            missing.len(),
            missing
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join("\n  ")
        ));
    }
    for (k, n) in &seen {
        if *n > 1 {
            problems.push(format!("{k} is in the map {n} times"));
        }
        if !in_spec.contains(k) {
            problems.push(format!("{k} is in the map but not in the spec"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What the map says of each operation is what the spec says: the
/// operationId, the success statuses in order with their schema names, a
/// kind exactly where there is a body; mapped operations reach the Client
/// graph and left-out ones do not, each with a reason.
#[test]
fn mapped_operations_match_the_spec() {
    let (map, spec) = (map(), spec());
    let by_key: BTreeMap<String, &Value> = list(&spec, "operations")
        .iter()
        .map(|op| (key(op), op))
        .collect();
    let mut problems = Vec::new();
    for op in list(&map, "operations") {
        let k = key(op);
        let Some(spec_op) = by_key.get(&k) else {
            continue; // reported by every_spec_operation_is_mapped_or_left_out_once
        };
        if op["operation_id"] != spec_op["operation_id"] {
            problems.push(format!(
                "{k}: operation_id {} in the map, {} in the spec",
                op["operation_id"], spec_op["operation_id"]
            ));
        }
        if spec_op["reaches_client_graph"] != Value::Bool(true) {
            problems.push(format!(
                "{k}: mapped, but it does not reach the Client graph"
            ));
        }
        let ours: Vec<(u64, Option<&str>)> = list(op, "success")
            .iter()
            .map(|s| (s["status"].as_u64().expect("status"), opt(s, "spec_schema")))
            .collect();
        let theirs: Vec<(u64, Option<&str>)> = list(spec_op, "success")
            .iter()
            .map(|s| (s["status"].as_u64().expect("status"), opt(s, "schema")))
            .collect();
        if ours != theirs {
            problems.push(format!(
                "{k}: success {ours:?} in the map, {theirs:?} in the spec"
            ));
        }
        for s in list(op, "success") {
            if opt(s, "kind").is_some() != opt(s, "spec_schema").is_some() {
                problems.push(format!(
                    "{k}: status {}: a kind is named exactly where the spec has a body",
                    s["status"]
                ));
            }
        }
    }
    for op in list(&map, "left_out") {
        let k = key(op);
        let Some(spec_op) = by_key.get(&k) else {
            continue;
        };
        if op["operation_id"] != spec_op["operation_id"] {
            problems.push(format!("{k}: operation_id differs from the spec's"));
        }
        if spec_op["reaches_client_graph"] != Value::Bool(false) {
            problems.push(format!("{k}: left out, but it reaches the Client graph"));
        }
        if opt(op, "why").is_none_or(|w| w.trim().is_empty()) {
            problems.push(format!("{k}: left out without a reason"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Both lists are sorted by path, then method.
#[test]
fn the_map_is_sorted_by_path_then_method() {
    let map = map();
    for part in ["operations", "left_out"] {
        let keys: Vec<(&str, &str)> = list(&map, part)
            .iter()
            .map(|op| (text(op, "path"), text(op, "method")))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{part} is not sorted by path, then method");
    }
}

/// The error kinds the map names (every mapped operation names one).
fn error_kinds(map: &Value) -> BTreeSet<String> {
    list(map, "operations")
        .iter()
        .map(|op| text(op, "error_kind").to_owned())
        .collect()
}

/// Every kind the map names (and every error kind) is a kind of the schema.
#[test]
fn every_kind_of_the_map_is_a_schema_kind() {
    let map = map();
    let mut names: Vec<String> = kinds(&map).into_keys().collect();
    names.extend(error_kinds(&map));
    let unknown: Vec<&String> = names
        .iter()
        .filter(|k| judge().kind(k).map(|kind| kind.name) != Some(k.as_str()))
        .collect();
    assert!(unknown.is_empty(), "not schema kinds: {unknown:?}");
}

/// Every kind the map names has a fixture recorded as conforming and
/// decoding, and the judge agrees: it conforms, decodes and round-trips.
#[test]
fn every_kind_of_the_map_has_a_fixture_that_conforms_decodes_and_round_trips() {
    let map = map();
    let fixtures = recorded();
    let mut problems = Vec::new();
    for (kind, first) in kinds(&map) {
        let good: Vec<_> = fixtures
            .iter()
            .filter(|r| r.kind == kind && r.conforms && r.decodes)
            .collect();
        if good.is_empty() {
            problems.push(format!(
                "{kind} (e.g. {first}): no fixture in verdicts.json conforms and decodes"
            ));
        }
        for r in good {
            let verdict = full(Some(&kind), &r.text()).expect("judged");
            if !verdict.conforms() || !verdict.decodes() || !verdict.round_trips() {
                problems.push(format!("{}: {verdict}", r.file));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The table of `schema/README.md` between the markers.
fn render(map: &Value) -> String {
    let ops = list(map, "operations");
    let left_out = list(map, "left_out");
    let kinds = kinds(map);
    let mut out = String::new();
    let errors: Vec<String> = error_kinds(map).iter().map(|k| format!("`{k}`")).collect();
    out.push_str(&format!(
        "{} operations mapped to {} response kinds (errors, 4xx and 5xx: {}), {} left out.\n\n",
        ops.len(),
        kinds.len(),
        errors.join(", "),
        left_out.len()
    ));
    out.push_str("| Method | Path | Operation | Status | Response kind | Spec schema |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for op in ops {
        let head = format!(
            "| {} | `{}` | {} |",
            text(op, "method"),
            text(op, "path"),
            text(op, "operation_id")
        );
        let success = list(op, "success");
        if success.is_empty() {
            let note = opt(op, "note").unwrap_or("no 2xx response");
            out.push_str(&format!("{head} — | {note} | — |\n"));
        }
        for s in success {
            let kind = opt(s, "kind").map_or_else(|| "no body".to_owned(), |k| format!("`{k}`"));
            let schema = opt(s, "spec_schema").map_or_else(|| "—".to_owned(), |k| format!("`{k}`"));
            out.push_str(&format!("{head} {} | {kind} | {schema} |\n", s["status"]));
        }
    }
    out.push_str("\nLeft out (no Client objects in the body, and not a `/v1/client` or `/v1/me` endpoint):\n\n");
    out.push_str("| Method | Path | Operation | Why |\n|---|---|---|---|\n");
    for op in left_out {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            text(op, "method"),
            text(op, "path"),
            text(op, "operation_id"),
            text(op, "why")
        ));
    }
    out
}

fn readme() -> PathBuf {
    root().join("schema/README.md")
}

/// The endpoint table of `schema/README.md` is the rendering of the map.
#[test]
fn the_readme_table_is_the_rendered_map() {
    let path = readme();
    let readme = std::fs::read_to_string(&path).expect("schema/README.md");
    let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
        panic!("schema/README.md lacks the markers\n{START}\n{END}");
    };
    assert!(start < end, "the end marker comes before the start marker");
    let body_start = start + START.len();
    let current = readme[body_start..end].trim_matches('\n');
    let wanted = render(&map());
    let wanted = wanted.trim_matches('\n');
    if current == wanted {
        return;
    }
    if std::env::var_os("ENDPOINTS_UPDATE").is_some() {
        let updated = format!(
            "{}\n\n{wanted}\n\n{}",
            &readme[..body_start],
            &readme[end..]
        );
        std::fs::write(&path, updated).expect("schema/README.md is writable");
        return;
    }
    panic!(
        "the endpoint table in schema/README.md is not the rendering of schema/map/endpoints.json; \
         rerun with ENDPOINTS_UPDATE=1 to rewrite it"
    );
}

/// Every template of the map, mapped or left out: (method, path).
fn templates(map: &Value) -> Vec<(String, String)> {
    list(map, "operations")
        .iter()
        .chain(list(map, "left_out"))
        .map(|op| (text(op, "method").to_owned(), text(op, "path").to_owned()))
        .collect()
}

fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// No two templates of one method overlap: none can match a path the
/// other matches (the same number of segments, each pair equal or one of
/// them a parameter). The router prefers a static segment to a parameter,
/// and that preference must never be what decides.
#[test]
fn no_two_templates_overlap() {
    let all = templates(&map());
    let mut overlaps = Vec::new();
    for (i, (method, a)) in all.iter().enumerate() {
        for (other, b) in &all[i + 1..] {
            let (sa, sb): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
            let overlap = method == other
                && sa.len() == sb.len()
                && sa
                    .iter()
                    .zip(&sb)
                    .all(|(x, y)| x == y || is_param(x) || is_param(y));
            if overlap {
                overlaps.push(format!("{method} {a} and {b}"));
            }
        }
    }
    assert!(
        overlaps.is_empty(),
        "templates overlap:\n{}",
        overlaps.join("\n")
    );
}

/// Sample paths of a template: each parameter as an id, and as every
/// static segment any template has at that place (the paths that would
/// reach two templates if any overlapped), each with a query string.
fn samples(path: &str, all: &[(String, String)]) -> Vec<String> {
    let segments: Vec<&str> = path.split('/').collect();
    let mut out = vec![String::new()];
    for (at, segment) in segments.iter().enumerate() {
        let mut values: BTreeSet<String> = BTreeSet::new();
        if is_param(segment) {
            values.insert(format!("{}_2Xq9", &segment[1..segment.len() - 1]));
            for (_, other) in all {
                if let Some(s) = other
                    .split('/')
                    .nth(at)
                    .filter(|s| !is_param(s) && !s.is_empty())
                {
                    values.insert(s.to_owned());
                }
            }
        } else {
            values.insert((*segment).to_owned());
        }
        // Bounded: the first few values of each parameter.
        let values: Vec<String> = values.into_iter().take(6).collect();
        out = out
            .iter()
            .flat_map(|prefix| {
                values.iter().map(move |v| {
                    if at == 0 {
                        v.clone()
                    } else {
                        format!("{prefix}/{v}")
                    }
                })
            })
            .take(64)
            .collect();
    }
    out.into_iter()
        .map(|p| {
            format!(
                "https://clerk.example.com{p}?_clerk_js_version=5.117.0&_clerk_session_id=sess_1#x"
            )
        })
        .collect()
}

/// Sample paths of every template (with query strings and fragments, on a
/// host), given to a router of each single template and to the router of
/// the whole map (`clerk_models::judge::endpoint`): exactly one template
/// matches each, and it is the one the sample was made from.
#[test]
fn sample_paths_of_each_template_match_exactly_that_one() {
    use clerk_models::judge::endpoint::{Endpoints, Skip};
    let map = map();
    let all = templates(&map);
    let single: Vec<Endpoints> = all
        .iter()
        .map(|(method, path)| {
            let one = serde_json::json!({"operations": [{
                "method": method, "path": path, "operation_id": "x", "success": [], "error_kind": "E"
            }], "left_out": []});
            Endpoints::from_json(&one.to_string()).expect("one template")
        })
        .collect();
    let whole = Endpoints::builtin();
    let mut problems = Vec::new();
    let mut tried = 0;
    for (method, path) in &all {
        for sample in samples(path, &all) {
            tried += 1;
            let matching: Vec<&(String, String)> = all
                .iter()
                .zip(&single)
                .filter(|(_, router)| router.operation(method, &sample).is_ok())
                .map(|(template, _)| template)
                .collect();
            let found = match whole.operation(method, &sample) {
                Ok(op) => Some(op.path.clone()),
                Err(Skip::LeftOut(op)) => Some(op.path.clone()),
                Err(_) => None,
            };
            let me = (method.clone(), path.clone());
            if matching != [&me] || found.as_deref() != Some(path.as_str()) {
                problems.push(format!(
                    "{method} {sample}: made from {path}, matches {matching:?}, routed to {found:?}"
                ));
            }
        }
    }
    assert!(tried > all.len(), "{tried} samples");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The router of the crate reads the map of this file: every operation
/// and every left-out one, in order.
#[test]
fn the_crate_routes_by_this_map() {
    let map = map();
    let whole = clerk_models::judge::endpoint::Endpoints::builtin();
    let ours: Vec<String> = whole.operations().iter().map(|op| op.key()).collect();
    let theirs: Vec<String> = list(&map, "operations").iter().map(key).collect();
    assert_eq!(ours, theirs);
    assert_eq!(whole.left_out().len(), list(&map, "left_out").len());
}
