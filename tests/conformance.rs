//! Conformance: the schema and the generated types judge every payload the
//! same way.
//!
//! One harness ([`check`]) judges each payload twice through
//! [`clerk_models::judge::Judge`]: by the strict schema (each kind's validator
//! compiled once) and by the types (decoded with the path of the first
//! error, then encoded again). It requires:
//!
//! * **agreement**: the payload decodes exactly when the schema finds nothing
//!   but drift ([`Verdict::agrees`]). The documented drift classes are an
//!   unknown property and an unknown string enum value, which the types keep
//!   (`extra`, `Unknown(String)`) and the schema reports. When it decodes,
//!   the types' own drift report (the generated `Check` walk) names the same
//!   pointers with the same classes as the schema's drift findings;
//! * **the same place**: when both reject, the decoding error's pointer D and
//!   some violation's pointer S satisfy [`values::same_place_as`]: D = S, or S
//!   contains D (the schema reported a composite that D is inside), or D is
//!   the parent of S (the decoder names a tuple, the schema its extra item),
//!   or D is an untagged union no variant of which decoded and S is inside it;
//! * **the reference**: the generated validators' raw errors (before any is
//!   classified or an `anyOf` reduced to its closest branch) are the
//!   `jsonschema` crate's, error for error: the same instance pointers,
//!   keywords, schema places (normalised: `client.json#/$defs/…`), drift,
//!   and errors in every branch ([`oracle::differences`]);
//! * **round trip**: a payload that decodes encodes back to the same
//!   `serde_json::Value`, and the encoding conforms whenever the input did;
//! * **the one pass** gives the full judgement's verdict;
//! * **the published bundles** (`generated/schema/`, in the forms other
//!   tools read) agree: the strict one gives the schema's verdict, the
//!   tolerant one accepts exactly what the types decode.
//!
//! The payload classes, all from the schema and the real fixtures:
//!
//! * `fixtures`: every fixture under `tests/fixtures/clerk/`;
//! * `drift`: the live recordings (and, for defs they lack, full generated
//!   instances) with one unknown value put where each string enum (and each
//!   string `const`) occurs, and one unknown property put into each object
//!   def. Each must decode, round-trip, and be reported as exactly that drift
//!   class at that pointer (in an open object def, `additionalProperties`
//!   not `false`, the unknown property is no finding at all);
//! * `invalid`: for every property of every object def, the property removed
//!   (if required), set to `null` (if not nullable) and set to a value of a
//!   wrong type. Each must be rejected by both, at exactly that pointer;
//! * `generated`: seeded schema-valid instances of every kind (minimal, full
//!   and random). Each must conform, decode and round-trip;
//! * `mutated`: seeded faults put into instances at random places, fitted
//!   to the schema there ([`support::mutate`]), one to four per payload, and
//!   one aimed at each keyword a value can fail; the errors must break
//!   every such keyword;
//! * `typed`: a property test of the types: values drawn from strategies
//!   derived from the generator's manifest ([`support::typed`]) decode,
//!   encode back to the same JSON with no drift, conform and decode back
//!   equal; a failure shrinks as the type does.
//!
//! The seed is printed; `CONFORMANCE_SEED=<u64>` (or `random`) replays or
//! varies a run, `CONFORMANCE_CASES` sets the random instances per kind,
//! `CONFORMANCE_MUTATIONS` the mutated ones and `CONFORMANCE_PROPTEST_CASES`
//! the typed values per kind. The counts are printed at the end (`cargo
//! test --test conformance -- --nocapture` to see them); a run with the
//! defaults holds the README's tables to them.
#![cfg(feature = "validate")]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use clerk_models::judge::{DriftKind, FindingClass, Judge, Pass, RawError, Verdict};
use schemakit::pointer;
use serde_json::{json, Value};
use support::generate::{mix, Generator, Mode, Rng};
use support::mutate::mutate;
use support::typed;
use support::walk::{accepts, json_type, Schema, Visit};
use support::{judge, oracle, recorded};

/// The name put in for an unknown property, and its (nested) value.
const UNKNOWN_PROPERTY: &str = "zz_unknown_property";
/// The value put in for an unknown enum value.
const UNKNOWN_VALUE: &str = "zz_unknown_value";

fn unknown_property_value() -> Value {
    json!({"nested": [1, "two", null, {"k\"ey/~": true}], "n": -0.5})
}

/// What happened to one class of payloads.
#[derive(Debug, Default)]
struct Tally {
    class: &'static str,
    judged: usize,
    /// Both accepted.
    accepted: usize,
    /// The quick check vouched for (a subset of `accepted`).
    vouched: usize,
    /// The schema found drift only; the types decoded.
    drift: usize,
    /// Both rejected, at the same place.
    rejected: usize,
    /// Disagreements (outside the drift classes) and broken round trips.
    disagreements: Vec<String>,
    /// Payloads that did not meet their class's expectation (for example a
    /// drift payload reported at the wrong pointer).
    unmet: Vec<String>,
    time: Duration,
    /// What the class covered, for the summary.
    notes: Vec<String>,
    /// How many raw errors of the generated validators named each keyword
    /// (the branches' errors included).
    keywords: BTreeMap<String, usize>,
    /// The schema keywords those errors are at (the last segment of their
    /// schema places).
    places: BTreeSet<String>,
}

impl Tally {
    fn new(class: &'static str) -> Tally {
        Tally {
            class,
            ..Tally::default()
        }
    }

    fn failures(&self) -> usize {
        self.disagreements.len() + self.unmet.len()
    }
}

/// The raw errors of a validator on a payload of a kind: the generated
/// validators' (through the judge), or a test double's.
type Raw = fn(&Judge, &str, &Value) -> Result<Vec<RawError>, String>;

/// The generated validators' raw errors.
fn generated(judge: &Judge, kind: &str, value: &Value) -> Result<Vec<RawError>, String> {
    judge.raw_errors(kind, value).map_err(|e| e.to_string())
}

/// The harness: judges one payload and files it in `tally`. Returns the
/// verdict for class-specific expectations.
fn check(
    tally: &mut Tally,
    name: &str,
    kind: &str,
    value: &Value,
    text: Option<&str>,
) -> Option<Verdict> {
    check_with(tally, name, kind, value, text, generated)
}

/// [`check`], with the raw errors held to the `jsonschema` crate's taken
/// from `ours`.
fn check_with(
    tally: &mut Tally,
    name: &str,
    kind: &str,
    value: &Value,
    text: Option<&str>,
    ours: Raw,
) -> Option<Verdict> {
    let judge = judge();
    let verdict = match text {
        Some(text) => support::full(Some(kind), text),
        None => judge.judge_value(kind, value),
    };
    let verdict = match verdict {
        Ok(v) => v,
        Err(e) => {
            tally
                .unmet
                .push(format!("{name} ({kind}): cannot judge: {e}"));
            return None;
        }
    };
    tally.judged += 1;
    let mut problems = harness_problems(judge, &verdict);
    // The judge's validators are generated with the models; the jsonschema
    // crate is the reference they must match, error for error, before any
    // error is classified or an `anyOf` reduced to its closest branch: the
    // same places in the payload and in the schema, the same keywords, the
    // same drift, the same errors in every branch.
    match (
        ours(judge, kind, value),
        oracle::clerk().raw(judge, kind, value),
    ) {
        (Ok(ours), Ok(theirs)) => {
            count_keywords(tally, &ours);
            if let Some(difference) = oracle::differences(&ours, &theirs) {
                problems.push(difference);
            }
        }
        (Err(e), _) => problems.push(format!("the generated validator cannot judge: {e}")),
        (_, Err(e)) => problems.push(format!("the reference validator cannot judge: {e}")),
    }
    // The published bundles, in the forms other tools read, judge as the
    // contract does: the strict one gives the schema's verdict, the
    // tolerant one the types'.
    for (file, expected, whose) in [
        (oracle::PUBLISHED[0], verdict.conforms(), "the schema"),
        (oracle::PUBLISHED[1], verdict.decodes(), "the types"),
    ] {
        match oracle::published().validator(file, &format!("/$defs/{kind}")) {
            Ok(bundle) if bundle.is_valid(value) != expected => problems.push(format!(
                "the published {file} {} it, {whose} {}",
                if expected { "rejects" } else { "accepts" },
                if expected { "accept it" } else { "do not" }
            )),
            Ok(_) => {}
            Err(e) => problems.push(format!("{file} cannot judge: {e}")),
        }
    }
    // What schemars derives from the types must accept exactly what the types
    // decode: the source schema's verdict, drift aside.
    #[cfg(feature = "schemars")]
    {
        let derived = derived_validator(verdict.rust_type).is_valid(value);
        if derived != verdict.decodes() {
            problems.push(format!(
                "the schema schemars derives from {} {} it, the types {}",
                verdict.rust_type,
                if derived { "accepts" } else { "rejects" },
                if verdict.decodes() {
                    "decode it"
                } else {
                    "do not"
                }
            ));
        }
    }
    // The one pass must give the full judgement's verdict on every
    // payload: conforms-and-decodes exactly when the full verdict says so.
    let owned;
    let text = match text {
        Some(text) => text,
        None => {
            owned = value.to_string();
            &owned
        }
    };
    let full = verdict.conforms() && verdict.decodes();
    // The quick check alone may decline what conforms, never vouch for
    // what does not.
    match judge.vouches_for(kind, text) {
        Ok(true) if !full => problems.push(
            "the quick check vouches for it, the full judgement says it does not conform".into(),
        ),
        Ok(true) => tally.vouched += 1,
        Ok(false) => {}
        Err(e) => problems.push(format!("the quick check cannot judge: {e}")),
    }
    match support::entry(Some(kind), text) {
        Ok(entry) => {
            let one_pass = entry.pass == Pass::One;
            if one_pass != full {
                problems.push(format!(
                    "the one pass says {}, the full judgement {}",
                    if one_pass {
                        "conforms"
                    } else {
                        "does not conform"
                    },
                    if full { "conforms" } else { "does not conform" }
                ));
            }
            // Where it takes the full judgement, it is the same one (the
            // positions aside, and so the order, by position with the text
            // and by pointer without: the verdict may have been given none).
            let same = |a: &Verdict, b: &Verdict| {
                let findings = |v: &Verdict| -> Vec<_> {
                    let mut list: Vec<_> = v
                        .findings
                        .iter()
                        .map(|f| {
                            (
                                f.pointer.clone(),
                                f.class.to_string(),
                                f.keyword.clone(),
                                f.message.clone(),
                            )
                        })
                        .collect();
                    list.sort();
                    list
                };
                let decode = |v: &Verdict| match &v.decode {
                    Ok(rt) => Ok(rt.drift.clone()),
                    Err(e) => Err((e.pointer.clone(), e.message.clone())),
                };
                findings(a) == findings(b) && decode(a) == decode(b)
            };
            if !one_pass && !same(&entry, &verdict) {
                problems
                    .push("the one entry's full judgement differs from the full judgement".into());
            }
        }
        Err(e) => problems.push(format!("the one entry cannot judge: {e}")),
    }
    if problems.is_empty() {
        match (verdict.conforms(), verdict.decodes()) {
            (true, true) => tally.accepted += 1,
            (false, true) => tally.drift += 1,
            _ => tally.rejected += 1,
        }
    } else {
        for p in problems {
            tally.disagreements.push(format!("{name} ({kind}): {p}"));
        }
    }
    Some(verdict)
}

/// Adds the keywords of `errors` (and of their branches) to `tally`: as
/// the errors name them, and as their places in the schema end (a `false`
/// schema's error is named `false`, at `…/items`).
fn count_keywords(tally: &mut Tally, errors: &[RawError]) {
    for e in errors {
        *tally.keywords.entry(e.keyword.clone()).or_default() += 1;
        let place = oracle::place(&e.schema_path);
        if let Some((_, last)) = place.rsplit_once('/') {
            tally.places.insert(pointer::unescape(last).into_owned());
        }
        for branch in &e.context {
            count_keywords(tally, branch);
        }
    }
}

/// What the harness finds wrong with a verdict: a disagreement outside the
/// drift classes, both rejecting at different places, a broken round trip, or
/// an encoding that does not conform although the input did.
fn harness_problems(judge: &Judge, verdict: &Verdict) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(d) = verdict.disagreement() {
        problems.push(d.to_string());
    }
    if let Ok(round_trip) = &verdict.decode {
        if !round_trip.is_same() {
            problems.push(format!("does not round-trip: {verdict}"));
        }
        if verdict.conforms() {
            match round_trip
                .encoded
                .as_ref()
                .expect("the full judgement encodes")
                .as_ref()
                .map(|e| judge.validate(verdict.kind, e))
            {
                Ok(Ok(findings)) if findings.is_empty() => {}
                Ok(Ok(findings)) => problems.push(format!(
                    "conforms, but its encoding does not: {}",
                    findings
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                )),
                Ok(Err(e)) => problems.push(format!("encoding cannot be judged: {e}")),
                Err(e) => problems.push(format!("does not encode: {e}")),
            }
        }
    }
    problems
}

/// The fixtures and their kinds; the live ones also as drift/invalid sources.
struct Source {
    name: String,
    kind: &'static str,
    value: Value,
    visits: Vec<Visit>,
}

fn sources(schema: Schema, live_only: bool) -> Vec<Source> {
    recorded()
        .into_iter()
        .filter(|r| r.is_live() || !live_only)
        .map(|r| {
            let kind = judge().kind(&r.kind).expect("a recorded kind").name;
            let value: Value = serde_json::from_str(&r.text()).expect("fixtures are JSON");
            let visits = schema.visits(kind, &value);
            Source {
                name: r.file,
                kind,
                value,
                visits,
            }
        })
        .collect()
}

/// Full generated instances of every kind: the fallback where no live
/// recording has a def.
fn full_instances(schema: Schema) -> Vec<Source> {
    schema
        .kinds()
        .into_iter()
        .map(|kind| {
            let value = Generator::new(schema, 0, Mode::Full).instance(kind);
            let visits = schema.visits(kind, &value);
            Source {
                name: format!("generated full {kind}"),
                kind,
                value,
                visits,
            }
        })
        .collect()
}

fn from_live(found: &[(&Source, &Visit)]) -> bool {
    found
        .first()
        .is_some_and(|(s, _)| !s.name.starts_with("generated"))
}

/// Places to mutate: for each target, the first matching visit in each live
/// recording that has one, else in the first full generated instance that
/// has one.
fn places<'s>(
    live: &'s [Source],
    full: &'s [Source],
    matches: impl Fn(&Source, &Visit) -> bool,
) -> Vec<(&'s Source, &'s Visit)> {
    let first = |s: &'s Source| s.visits.iter().find(|v| matches(s, v)).map(|v| (s, v));
    let from_live: Vec<_> = live.iter().filter_map(first).collect();
    if !from_live.is_empty() {
        return from_live;
    }
    full.iter().filter_map(first).take(1).collect()
}

fn fixtures_class() -> Tally {
    let mut tally = Tally::new("fixtures");
    for r in recorded() {
        let text = r.text();
        let value: Value = serde_json::from_str(&text).expect("fixtures are JSON");
        check(&mut tally, &r.file, &r.kind, &value, Some(&text));
    }
    tally
}

fn drift_class(schema: Schema) -> Tally {
    let mut tally = Tally::new("drift");
    let live = sources(schema, true);
    let full = full_instances(schema);
    let expect = |tally: &mut Tally,
                  source: &Source,
                  what: &str,
                  value: Value,
                  at: String,
                  class: DriftKind| {
        let name = format!("{} + {what} at {at}", source.name);
        let Some(verdict) = check(tally, &name, source.kind, &value, None) else {
            return;
        };
        let got: Vec<_> = verdict
            .findings
            .iter()
            .map(|f| (f.pointer.as_str(), f.class))
            .collect();
        if got != [(at.as_str(), FindingClass::Drift(class))]
            || !verdict.decodes()
            || !verdict.round_trips()
        {
            tally.unmet.push(format!(
                "{name}: expected exactly {} at {at}, decoding and round-tripping; got {verdict}",
                FindingClass::Drift(class)
            ));
        }
    };

    // An unknown value wherever each string enum def occurs.
    let enums = schema.string_enum_defs();
    let (mut enums_covered, mut enums_live) = (0, 0);
    for &e in &enums {
        let found = places(&live, &full, |s, v| {
            v.defs.contains(&e) && s.value.pointer(&v.pointer).is_some_and(Value::is_string)
        });
        enums_covered += usize::from(!found.is_empty());
        enums_live += usize::from(from_live(&found));
        if found.is_empty() {
            tally.unmet.push(format!(
                "enum {e}: occurs in no recording and no generated instance"
            ));
        }
        for (source, visit) in found {
            let mut value = source.value.clone();
            support::set(&mut value, &visit.pointer, Value::from(UNKNOWN_VALUE));
            expect(
                &mut tally,
                source,
                &format!("unknown {e}"),
                value,
                visit.pointer.clone(),
                DriftKind::UnknownEnumValue,
            );
        }
    }

    // And wherever a string const (an object discriminator) occurs.
    let mut consts = BTreeSet::new();
    for s in live.iter().chain(&full) {
        for v in &s.visits {
            if let Some(c) = v.node.schema.get("const").and_then(Value::as_str) {
                consts.insert(c);
            }
        }
    }
    for &c in &consts {
        let found = places(&live, &full, |_, v| {
            v.node.schema.get("const").and_then(Value::as_str) == Some(c)
        });
        for (source, visit) in found {
            let mut value = source.value.clone();
            support::set(&mut value, &visit.pointer, Value::from(UNKNOWN_VALUE));
            expect(
                &mut tally,
                source,
                &format!("not {c:?}"),
                value,
                visit.pointer.clone(),
                DriftKind::UnknownEnumValue,
            );
        }
    }

    // An unknown property in each object def.
    let objects = schema.object_defs();
    let (mut objects_covered, mut objects_live) = (0, 0);
    for &d in &objects {
        let found = places(&live, &full, |s, v| {
            v.defs.contains(&d) && s.value.pointer(&v.pointer).is_some_and(Value::is_object)
        });
        objects_covered += usize::from(!found.is_empty());
        objects_live += usize::from(from_live(&found));
        if found.is_empty() {
            tally.unmet.push(format!(
                "object {d}: occurs in no recording and no generated instance"
            ));
        }
        for (source, visit) in found {
            assert!(visit.node.schema["properties"]
                .get(UNKNOWN_PROPERTY)
                .is_none());
            let mut value = source.value.clone();
            support::insert(
                &mut value,
                &visit.pointer,
                UNKNOWN_PROPERTY,
                unknown_property_value(),
            );
            let at = pointer::push(&visit.pointer, UNKNOWN_PROPERTY);
            if visit.node.schema.get("additionalProperties") == Some(&Value::Bool(false)) {
                expect(
                    &mut tally,
                    source,
                    &format!("unknown property of {d}"),
                    value,
                    at,
                    DriftKind::UnknownProperty,
                );
            } else {
                // An open object def (`Actor`): an unknown property is
                // allowed, so the payload stays as it was (conforming).
                let name = format!("{} + unknown property of open {d} at {at}", source.name);
                let Some(verdict) = check(&mut tally, &name, source.kind, &value, None) else {
                    continue;
                };
                // The sources (live recordings, full generated instances)
                // conform, so the payload must still conform.
                if !verdict.conforms()
                    || !verdict.findings.is_empty()
                    || !verdict.decodes()
                    || !verdict.round_trips()
                {
                    tally.unmet.push(format!(
                        "{name}: expected no finding in an open object, \
                         decoding and round-tripping; got {verdict}"
                    ));
                }
            }
        }
    }
    tally.notes.push(format!(
        "{enums_covered}/{} string enum defs ({enums_live} placed in live recordings), \
         {} string consts, {objects_covered}/{} object defs ({objects_live} in live recordings)",
        enums.len(),
        consts.len(),
        objects.len()
    ));
    tally
}

/// A value of a JSON type `types` does not accept (`None` if it accepts all).
fn wrong_typed(types: &BTreeSet<&'static str>) -> Option<Value> {
    [
        json!("wrong type"),
        json!(12345),
        json!(true),
        json!([]),
        json!({}),
    ]
    .into_iter()
    .find(|v| !accepts(types, json_type(v)))
}

fn invalid_class(schema: Schema) -> Tally {
    let mut tally = Tally::new("invalid");
    let live = sources(schema, true);
    let full = full_instances(schema);
    let expect = |tally: &mut Tally, source: &Source, what: String, value: Value, at: String| {
        let name = format!("{} + {what}", source.name);
        let Some(verdict) = check(tally, &name, source.kind, &value, None) else {
            return;
        };
        let decode_at = verdict.decode_error().map(|e| e.pointer.as_str());
        let all_at = !verdict.findings.is_empty()
            && verdict
                .findings
                .iter()
                .all(|f| f.class == FindingClass::Violation && f.pointer == at);
        if decode_at != Some(at.as_str()) || !all_at {
            tally.unmet.push(format!(
                "{name}: expected both to reject at {at} only; got {verdict}"
            ));
        }
    };
    let (mut covered, mut defs_live, mut removed, mut nulled, mut mistyped) = (0, 0, 0, 0, 0);
    let objects = schema.object_defs();
    for &d in &objects {
        let found = places(&live, &full, |s, v| {
            v.defs.contains(&d) && s.value.pointer(&v.pointer).is_some_and(Value::is_object)
        });
        defs_live += usize::from(from_live(&found));
        let Some((source, visit)) = found.first() else {
            tally.unmet.push(format!(
                "object {d}: occurs in no recording and no generated instance"
            ));
            continue;
        };
        let object = schema.follow(schema.def(d)).0;
        let required = schema.required(object);
        for (p, sub) in schema.properties(object) {
            covered += 1;
            let at = pointer::push(&visit.pointer, p);
            let present = source.value.pointer(&at).is_some();
            if required.contains(p) && present {
                removed += 1;
                let mut value = source.value.clone();
                support::remove(&mut value, &visit.pointer, p);
                expect(
                    &mut tally,
                    source,
                    format!("{d}.{p} removed"),
                    value,
                    visit.pointer.clone(),
                );
            }
            if !schema.accepts_null(sub) {
                nulled += 1;
                let mut value = source.value.clone();
                support::insert(&mut value, &visit.pointer, p, Value::Null);
                expect(
                    &mut tally,
                    source,
                    format!("{d}.{p} null"),
                    value,
                    at.clone(),
                );
            }
            if let Some(wrong) = wrong_typed(&schema.types(sub)) {
                mistyped += 1;
                let mut value = source.value.clone();
                let what = format!("{d}.{p} = {wrong}");
                support::insert(&mut value, &visit.pointer, p, wrong);
                expect(&mut tally, source, what, value, at.clone());
            }
        }
    }
    assert!(covered >= 350, "only {covered} properties covered");
    tally.notes.push(format!(
        "{covered} properties of {} object defs ({defs_live} placed in live recordings): \
         {removed} required removed, {nulled} non-nullable set to null, {mistyped} given a wrong type",
        objects.len()
    ));
    tally
}

fn generated_class(schema: Schema, seed: u64, per_kind: usize) -> Tally {
    let mut tally = Tally::new("generated");
    for (k, kind) in schema.kinds().into_iter().enumerate() {
        let modes = [Mode::Minimal, Mode::Full]
            .into_iter()
            .chain(std::iter::repeat_n(Mode::Random, per_kind));
        for (i, mode) in modes.enumerate() {
            let instance_seed = mix(seed, k as u64, i as u64);
            let value = Generator::new(schema, instance_seed, mode).instance(kind);
            let name = format!("generated {kind} #{i} ({mode:?}, seed {instance_seed:#x})");
            // Now and then through the text, to exercise parsing and positions.
            let text = (i % 8 == 7).then(|| serde_json::to_string_pretty(&value).expect("encodes"));
            let Some(verdict) = check(&mut tally, &name, kind, &value, text.as_deref()) else {
                continue;
            };
            if !verdict.conforms() || !verdict.round_trips() {
                tally.unmet.push(format!(
                    "{name}: expected to conform, decode and round-trip; got {verdict}\n  value: {value}"
                ));
            }
        }
    }
    tally.notes.push(format!(
        "{} kinds, each a minimal, a full and {per_kind} random instances (CONFORMANCE_CASES)",
        schema.kinds().len()
    ));
    tally
}

/// `mutated`: seeded random faults ([`support::mutate`]) put into
/// instances of every kind, one to four at once, judged by the harness
/// (the schema and the types, the `jsonschema` crate's raw errors, the one
/// pass). Every keyword of the schema that a value can fail
/// ([`Schema::assertion_keywords`]) must be among the errors found.
fn mutated_class(schema: Schema, seed: u64, per_kind: usize, ours: Raw) -> Tally {
    let mut tally = Tally::new("mutated");
    let mut faults: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut several = 0;
    for (k, kind) in schema.kinds().into_iter().enumerate() {
        for i in 0..per_kind {
            let instance_seed = mix(seed ^ 0x6d75_7461_7465, k as u64, i as u64);
            let mode = if i % 2 == 0 { Mode::Full } else { Mode::Random };
            let base = Generator::new(schema, instance_seed, mode).instance(kind);
            let mut rng = Rng::new(instance_seed);
            let count = 1 + rng.below(4);
            let Some((value, done)) = mutate(schema, kind, &base, &mut rng, count, None) else {
                continue;
            };
            several += usize::from(done.len() > 1);
            for fault in &done {
                *faults.entry(fault.what).or_default() += 1;
            }
            let list: Vec<String> = done.iter().map(ToString::to_string).collect();
            let name = format!(
                "mutated {kind} #{i} (seed {instance_seed:#x}): {}",
                list.join(", ")
            );
            check_with(&mut tally, &name, kind, &value, None, ours);
        }
    }
    // And a fault aimed at each keyword a value can fail, in the first
    // kind whose full instance has a place for it: whatever the seed, every
    // keyword is met.
    let keywords = schema.assertion_keywords();
    let mut aimed = 0;
    for &keyword in &keywords {
        let found = schema
            .kinds()
            .into_iter()
            .enumerate()
            .find_map(|(k, kind)| {
                let base =
                    Generator::new(schema, mix(seed, k as u64, 0xa1), Mode::Full).instance(kind);
                let mut rng = Rng::new(mix(seed, k as u64, 0xa2));
                mutate(schema, kind, &base, &mut rng, 1, Some(keyword)).map(|m| (kind, m))
            });
        let Some((kind, (value, done))) = found else {
            // `anyOf` fails as a whole: no one fault is aimed at it.
            if keyword != "anyOf" {
                tally
                    .unmet
                    .push(format!("no fault is aimed at `{keyword}`"));
            }
            continue;
        };
        aimed += 1;
        *faults.entry(done[0].what).or_default() += 1;
        let name = format!("mutated {kind} (aimed at `{keyword}`): {}", done[0]);
        check_with(&mut tally, &name, kind, &value, None, ours);
    }
    let missing: Vec<&str> = keywords
        .into_iter()
        .filter(|k| !tally.places.contains(*k))
        .collect();
    if !missing.is_empty() {
        tally.unmet.push(format!(
            "no fault broke the schema's {missing:?}: the mutations miss a keyword"
        ));
    }
    let list = |counts: Vec<String>| counts.join(", ");
    tally.notes.push(format!(
        "{per_kind} mutated instances per kind (CONFORMANCE_MUTATIONS), {several} with several faults, \
         and {aimed} aimed at a keyword each; faults: {}",
        list(faults.iter().map(|(f, n)| format!("{f} {n}")).collect())
    ));
    tally.notes.push(format!(
        "errors by keyword: {}",
        list(
            tally
                .keywords
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect()
        )
    ));
    tally
}

/// Decodes into the visited type and checks the value of the type round
/// trips: it encodes back to the same JSON with no drift; the encoding
/// conforms (for a type that models its schema exactly) and decodes back to
/// an equal value, whose encoding is the same.
struct TypedRoundTrip<'a> {
    judge: &'a Judge,
    kind: &'static str,
    value: &'a Value,
    exact: bool,
}

impl clerk_models::models::TypeVisitor for TypedRoundTrip<'_> {
    type Output = Result<(), String>;

    fn visit<T>(self) -> Self::Output
    where
        T: serde::Serialize
            + serde::de::DeserializeOwned
            + std::fmt::Debug
            + Clone
            + PartialEq
            + clerk_models::models::Check
            + 'static,
    {
        let typed: T = serde_json::from_value(self.value.clone())
            .map_err(|e| format!("a value of the type's shape does not decode: {e}"))?;
        let encoded = serde_json::to_value(&typed).map_err(|e| format!("does not encode: {e}"))?;
        if &encoded != self.value {
            return Err(format!("encodes back as {encoded}"));
        }
        let drift = typed.drift();
        if !drift.is_empty() {
            return Err(format!("a value of the type reports drift: {drift:?}"));
        }
        if self.exact {
            let findings = self
                .judge
                .validate(self.kind, &encoded)
                .map_err(|e| e.to_string())?;
            if !findings.is_empty() {
                let list: Vec<_> = findings.iter().map(ToString::to_string).collect();
                return Err(format!(
                    "the encoding of {typed:?} does not conform: {}",
                    list.join("; ")
                ));
            }
        }
        let again: T = serde_json::from_value(encoded.clone())
            .map_err(|e| format!("the encoding does not decode: {e}"))?;
        if again != typed {
            return Err(format!(
                "decoding the encoding gives {again:?}, not {typed:?}"
            ));
        }
        if serde_json::to_value(&again).map_err(|e| e.to_string())? != encoded {
            return Err("encoding is not stable".to_owned());
        }
        Ok(())
    }
}

/// The property of the `typed` class for one value drawn for `kind`.
fn typed_property(kind: &'static str, exact: bool, value: &Value) -> Result<(), String> {
    let rust_type = judge().kind(kind).expect("every kind has a type").rust_type;
    clerk_models::models::visit_type(
        rust_type,
        TypedRoundTrip {
            judge: judge(),
            kind,
            value,
            exact,
        },
    )
    .unwrap_or_else(|| Err(format!("no type {rust_type}")))
}

/// A runner for `cases` cases, seeded from `seed` (no persistence).
fn runner(seed: u64, salt: u64, cases: u32) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut seed_bytes = [0u8; 32];
    for (i, chunk) in seed_bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&mix(seed, salt, i as u64).to_le_bytes());
    }
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(
        config,
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    )
}

/// `typed`: a property test of the generated types. For every kind, a
/// strategy derived from the generator's manifest ([`support::typed`])
/// draws the JSON of values of its type; each must decode, encode back to
/// the same JSON with no drift, conform, decode back equal, and pass the
/// harness (the `jsonschema` crate, the one pass). A failure is shrunk as
/// the type is (optional fields dropped, lists emptied, numbers and
/// strings made small) and reported with the smallest failing value.
fn typed_class(seed: u64, cases: u32) -> Tally {
    use proptest::strategy::Strategy;
    use proptest::test_runner::{TestCaseError, TestError};
    let mut tally = Tally::new("typed");
    let strategies = typed::Strategies::new(typed::clerk());
    let harness = std::cell::RefCell::new(Tally::new("typed"));
    let kinds = judge().kinds();
    for (k, kind) in kinds.iter().enumerate() {
        let Some(info) = strategies.get(kind.rust_type) else {
            tally.unmet.push(format!(
                "{}: the manifest has no type {}",
                kind.name, kind.rust_type
            ));
            continue;
        };
        let (name, exact) = (kind.name, info.exact);
        let mut runner = runner(seed, 0x7479_7065 ^ k as u64, cases);
        let strategy = strategies.named(kind.rust_type).boxed();
        let result = runner.run(&strategy, |value| {
            typed_property(name, exact, &value).map_err(TestCaseError::fail)?;
            let mut harness = harness.borrow_mut();
            let before = harness.disagreements.len() + harness.unmet.len();
            check(&mut harness, &format!("typed {name}"), name, &value, None);
            match harness.failures() > before {
                true => Err(TestCaseError::fail(
                    harness
                        .disagreements
                        .last()
                        .or(harness.unmet.last())
                        .cloned()
                        .unwrap_or_default(),
                )),
                false => Ok(()),
            }
        });
        match result {
            Ok(()) => {}
            Err(TestError::Fail(reason, value)) => tally.disagreements.push(format!(
                "{name}: {reason} (smallest failing value: {value})"
            )),
            Err(TestError::Abort(reason)) => tally.unmet.push(format!("{name}: {reason}")),
        }
    }
    let harness = harness.into_inner();
    tally.judged = harness.judged;
    tally.accepted = harness.accepted;
    tally.vouched = harness.vouched;
    tally.drift = harness.drift;
    tally.rejected = harness.rejected;
    tally.keywords = harness.keywords;
    tally.places = harness.places;
    tally.notes.push(format!(
        "{cases} values per kind (CONFORMANCE_PROPTEST_CASES) drawn from strategies derived from \
         the manifest: each decodes, encodes back with no drift, conforms, decodes back equal"
    ));
    tally
}

/// Whether this run cross-checks the schema schemars derives from the
/// generated types (`--features schemars`).
fn schemars_derived() -> bool {
    cfg!(feature = "schemars")
}

/// The validator of the schema schemars derives from a generated type,
/// compiled once per type (integer formats asserted as the judge does).
#[cfg(feature = "schemars")]
fn derived_validator(rust_type: &str) -> std::sync::Arc<jsonschema::Validator> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<jsonschema::Validator>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().unwrap().get(rust_type) {
        return v.clone();
    }
    let schema = clerk_models::models::json_schema_for(rust_type)
        .unwrap_or_else(|| panic!("schemars knows {rust_type}"));
    let validator = Arc::new(
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .with_keyword("format", clerk_models::judge::any::format_keyword)
            .build(schema.as_value())
            .unwrap_or_else(|e| panic!("the derived schema of {rust_type} compiles: {e}")),
    );
    cache
        .lock()
        .unwrap()
        .insert(rust_type.to_owned(), validator.clone());
    validator
}

/// The environment variables that change what a run judges.
const KNOBS: [&str; 4] = [
    "CONFORMANCE_SEED",
    "CONFORMANCE_CASES",
    "CONFORMANCE_PROPTEST_CASES",
    "CONFORMANCE_MUTATIONS",
];

/// The order the summary lists the classes in.
const CLASSES: [&str; 7] = [
    "fixtures",
    "drift",
    "invalid",
    "generated",
    "mutated",
    "typed",
    "total",
];

#[test]
fn conformance() {
    let started = Instant::now();
    let seed = support::seed();
    let per_kind = support::env_count("CONFORMANCE_CASES", 40);
    let typed_cases = support::env_count("CONFORMANCE_PROPTEST_CASES", 4) as u32;
    let mutations = support::env_count("CONFORMANCE_MUTATIONS", 8);
    println!("conformance: seed {seed:#x} (CONFORMANCE_SEED={seed} replays this run)");
    let schema = Schema::new(judge());

    let timed = |f: &dyn Fn() -> Tally| {
        let t = Instant::now();
        let mut tally = f();
        tally.time = t.elapsed();
        tally
    };
    type Job = Box<dyn Fn() -> Tally + Send + Sync>;
    let jobs: Vec<(&'static str, Job)> = vec![
        ("invalid", Box::new(move || invalid_class(schema))),
        ("drift", Box::new(move || drift_class(schema))),
        ("fixtures", Box::new(fixtures_class)),
        ("typed", Box::new(move || typed_class(seed, typed_cases))),
        (
            "mutated",
            Box::new(move || mutated_class(schema, seed, mutations, generated)),
        ),
        (
            "generated",
            Box::new(move || generated_class(schema, seed, per_kind)),
        ),
    ];
    // Two workers (the machine has two cores) take the classes from the end.
    let queue = std::sync::Mutex::new(jobs);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let Some((class, job)) = queue.lock().unwrap().pop() else {
                    break;
                };
                let tally = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| timed(&*job)))
                    .unwrap_or_else(|panic| {
                        let mut t = Tally::new(class);
                        let msg = panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default();
                        t.unmet.push(format!("the {class} class panicked: {msg}"));
                        t
                    });
                results.lock().unwrap().push(tally);
            });
        }
    });
    let mut tallies: Vec<Tally> = results.into_inner().unwrap();
    tallies.sort_by_key(|t| CLASSES.iter().position(|c| *c == t.class));
    let mut total = Tally::new("total");
    for t in &tallies {
        total.judged += t.judged;
        total.accepted += t.accepted;
        total.vouched += t.vouched;
        total.drift += t.drift;
        total.rejected += t.rejected;
    }

    let mut report = String::new();
    let _ = writeln!(
        report,
        "\nconformance summary (seed {seed:#x}, {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    let _ = writeln!(
        report,
        "  {:<10} {:>7} {:>9} {:>10} {:>9} {:>14} {:>6} {:>7}",
        "class", "judged", "accepted", "drift-ok", "rejected", "disagreements", "unmet", "time"
    );
    for t in tallies.iter().chain([&total]) {
        let disagreements = if t.class == "total" {
            tallies.iter().map(|t| t.disagreements.len()).sum()
        } else {
            t.disagreements.len()
        };
        let unmet = if t.class == "total" {
            tallies.iter().map(|t| t.unmet.len()).sum()
        } else {
            t.unmet.len()
        };
        let _ = writeln!(
            report,
            "  {:<10} {:>7} {:>9} {:>10} {:>9} {:>14} {:>6} {:>6.1}s",
            t.class,
            t.judged,
            t.accepted,
            t.drift,
            t.rejected,
            disagreements,
            unmet,
            t.time.as_secs_f64()
        );
    }
    let _ = writeln!(
        report,
        "  schemars cross-check: {}",
        if schemars_derived() {
            "on: every payload's derived-schema verdict equals the types' decode verdict"
        } else {
            "off (run with --features schemars)"
        }
    );
    for t in &tallies {
        for note in &t.notes {
            let _ = writeln!(report, "  {}: {note}", t.class);
        }
    }
    for t in &tallies {
        for (what, list) in [("disagreement", &t.disagreements), ("unmet", &t.unmet)] {
            for line in list.iter().take(25) {
                let _ = writeln!(report, "[{}] {what}: {line}", t.class);
            }
            if list.len() > 25 {
                let _ = writeln!(report, "[{}] ... and {} more", t.class, list.len() - 25);
            }
        }
    }
    println!("{report}");
    assert!(
        tallies.iter().all(|t| t.failures() == 0),
        "disagreements or unmet expectations:{report}"
    );
    assert_eq!(tallies.len(), CLASSES.len() - 1, "every class ran");
    for t in &tallies {
        assert!(t.judged > 0, "the {} class judged nothing", t.class);
    }
    // The README shows what a run with the defaults computes.
    if KNOBS.iter().all(|k| std::env::var_os(k).is_none()) {
        let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let mutated = tallies.iter().find(|t| t.class == "mutated").expect("ran");
        for (section, text) in [
            ("conformance-classes", summary_table(&tallies, &total)),
            ("conformance-keywords", keyword_table(mutated)),
        ] {
            support::readme::check_section(&readme, section, &text)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// The classes' counts, as the README shows them.
fn summary_table(tallies: &[Tally], total: &Tally) -> String {
    let mut out = String::from(
        "| class | judged | both accept | of which the quick check vouched for | drift only | both reject | disagreements |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for t in tallies.iter().chain([total]) {
        let disagreements: usize = if t.class == "total" {
            tallies.iter().map(|t| t.disagreements.len()).sum()
        } else {
            t.disagreements.len()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {disagreements} |",
            if t.class == "total" {
                "**total**"
            } else {
                t.class
            },
            thousands(t.judged),
            thousands(t.accepted),
            thousands(t.vouched),
            thousands(t.drift),
            thousands(t.rejected),
        );
    }
    out
}

/// The errors of the mutated payloads by keyword, as the README shows them.
fn keyword_table(mutated: &Tally) -> String {
    let mut out = String::from("| keyword | errors |\n|---|---:|\n");
    for (keyword, n) in &mutated.keywords {
        let _ = writeln!(out, "| `{keyword}` | {} |", thousands(*n));
    }
    out
}

/// `12882` as `12,882`.
fn thousands(n: usize) -> String {
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

/// A validator that misses one keyword (a test double): it drops every
/// `enum` and `const` error, as a validator that never checked them would.
fn misses_values(judge: &Judge, kind: &str, value: &Value) -> Result<Vec<RawError>, String> {
    fn keep(errors: Vec<RawError>) -> Vec<RawError> {
        errors
            .into_iter()
            .filter(|e| e.keyword != "enum" && e.keyword != "const")
            .map(|mut e| {
                e.context = e.context.into_iter().map(keep).collect();
                e
            })
            .collect()
    }
    generated(judge, kind, value).map(keep)
}

/// The mutated class catches a broken validator: with a test double that
/// never reports `enum` and `const`, it finds disagreements, each naming an
/// error only the `jsonschema` crate reports, of those keywords.
#[test]
fn the_mutated_class_catches_a_broken_validator() {
    let schema = Schema::new(judge());
    let tally = mutated_class(schema, support::seed(), 1, misses_values);
    assert!(
        tally.disagreements.len() > 10,
        "only {} disagreements: {:?}",
        tally.disagreements.len(),
        tally.disagreements
    );
    for d in &tally.disagreements {
        let theirs = d
            .split("only the jsonschema crate: ")
            .nth(1)
            .unwrap_or_default();
        assert!(
            theirs.contains("`enum`") || theirs.contains("`const`"),
            "{d}"
        );
    }
    // The real validators, on the same payloads, agree.
    let real = mutated_class(schema, support::seed(), 1, generated);
    assert_eq!(
        real.failures(),
        0,
        "{:?} {:?}",
        real.disagreements,
        real.unmet
    );
    assert_eq!(real.judged, tally.judged);
}

/// The typed class's strategies shrink as the types do: a property that
/// fails on any integer of 1,000 or more is shrunk to a value of the kind
/// with one such integer, exactly 1,000, every other number 0, and no
/// optional member that does not hold it.
#[test]
fn typed_values_shrink_as_the_types_do() {
    use proptest::test_runner::{TestCaseError, TestError};
    let strategies = typed::Strategies::new(typed::clerk());
    let kind = judge().kind("Session").expect("a kind");
    let mut runner = runner(support::seed(), 1, 256);
    fn numbers(value: &Value, out: &mut Vec<i64>) {
        match value {
            Value::Number(n) => out.push(n.as_i64().unwrap_or(i64::MAX)),
            Value::Array(items) => items.iter().for_each(|v| numbers(v, out)),
            Value::Object(m) => m.values().for_each(|v| numbers(v, out)),
            _ => {}
        }
    }
    let big = |value: &Value| {
        let mut all = Vec::new();
        numbers(value, &mut all);
        all.into_iter().filter(|n| *n >= 1000).collect::<Vec<_>>()
    };
    let result = runner.run(&strategies.named(kind.rust_type), |value| {
        match big(&value).is_empty() {
            true => Ok(()),
            false => Err(TestCaseError::fail("a big number")),
        }
    });
    let Err(TestError::Fail(_, smallest)) = result else {
        panic!(
            "no value of {} has a big number? {result:?}",
            kind.rust_type
        );
    };
    assert_eq!(big(&smallest), [1000], "{smallest}");
    let mut all = Vec::new();
    numbers(&smallest, &mut all);
    assert_eq!(all.iter().filter(|n| **n != 0).count(), 1, "{smallest}");
    // Every optional member left holds the big number.
    let schema = Schema::new(judge());
    let required = schema.required(schema.follow(schema.def(kind.name)).0);
    for (key, member) in smallest.as_object().expect("an object") {
        assert!(
            required.contains(key.as_str()) || !big(member).is_empty(),
            "{key} is optional and does not hold the big number: {smallest}"
        );
    }
    // And the value is still one of the type.
    typed_property(kind.name, true, &smallest).unwrap_or_else(|e| panic!("{e}"));
}

/// Integers the schema accepts but the types reject. In draft 2020-12
/// `format` is an annotation, so `{"type": "integer", "format": "int32"}`
/// accepts 2147483648 and `format: int64` accepts 9223372036854775808; and
/// JSON Schema counts `1.0` as an integer. The generated fields are `i32` and
/// `i64`, which refuse all three. The generated corpora stay inside the
/// format ranges and write integers without a fraction, so this is the one
/// place the gap shows.
/// Integer formats are asserted (see `schemakit::formats`): past the width, or
/// written as `1.0`, both the schema and the types reject, at the same place.
#[test]
fn integer_edges_agree() {
    let mut problems = Vec::new();
    for (at, edge) in [
        ("/attempts", json!(2_147_483_648_u64)),
        ("/expire_at", json!(9_223_372_036_854_775_808_u64)),
        ("/attempts", json!(1.0)),
        ("/expire_at", json!(1.0)),
        ("/expire_at", json!(-9_223_372_036_854_775_809.0)),
        ("/expire_at", json!(18_446_744_073_709_551_615_u64)),
        ("/expire_at", json!(1e300)),
    ] {
        let mut payload = json!({
            "object": "verification_otp", "status": "unverified",
            "strategy": "email_code", "attempts": 1, "expire_at": 1
        });
        support::set(&mut payload, at, edge.clone());
        let verdict = judge()
            .judge_value("Verification", &payload)
            .expect("judged");
        if let Some(d) = verdict.disagreement() {
            problems.push(format!("Verification{at} = {edge}: {d}"));
        }
        if verdict.conforms() || verdict.decodes() {
            problems.push(format!("Verification{at} = {edge}: accepted"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The harness flags what it should: a payload the types reject although the
/// schema finds only drift, and both rejecting at unrelated places.
#[test]
fn harness_flags_disagreements() {
    use clerk_models::judge::{DecodeError, Finding};
    let judge = judge();
    let decode_error = |at: &str| DecodeError {
        pointer: at.to_owned(),
        position: None,
        snippet: None,
        message: "invalid type".to_owned(),
    };
    let finding = |at: &str, class| Finding {
        pointer: at.to_owned(),
        position: None,
        snippet: None,
        message: "m".to_owned(),
        class,
        keyword: "k".to_owned(),
        schema_path: String::new(),
    };
    let drift_only = Verdict {
        kind: "Client",
        rust_type: "Client",
        pass: Pass::Full,
        findings: vec![finding(
            "/x",
            FindingClass::Drift(DriftKind::UnknownProperty),
        )],
        decode: Err(decode_error("/id")),
        looks_like: None,
    };
    assert_eq!(harness_problems(judge, &drift_only).len(), 1);
    let elsewhere = Verdict {
        findings: vec![finding("/sessions/0", FindingClass::Violation)],
        decode: Err(decode_error("/id")),
        ..drift_only.clone()
    };
    assert_eq!(harness_problems(judge, &elsewhere).len(), 1);
    let inside = Verdict {
        findings: vec![finding("/sessions", FindingClass::Violation)],
        decode: Err(decode_error("/sessions/0/id")),
        ..drift_only
    };
    assert!(harness_problems(judge, &inside).is_empty());
}
