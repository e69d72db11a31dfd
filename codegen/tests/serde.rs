//! Every snapshot in `tests/schemas/` compiled in one batch with warnings
//! denied, and the serde behaviour of each mapping proved on payloads.
#![deny(warnings)]

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

macro_rules! snapshots {
    ($($name:ident),* $(,)?) => {
        $( #[allow(dead_code)] mod $name { include!(concat!("schemas/", stringify!($name), ".rs")); } )*
    };
}

snapshots!(
    all_of,
    anchors,
    checks,
    collections,
    collisions,
    constraints,
    cross_file,
    deep_defs,
    drafts_04,
    drafts_07,
    drafts_2019_09,
    defaults,
    defaults_serde,
    docs,
    drop_unknown,
    enums,
    in_place,
    in_place_bare,
    integers,
    keywords,
    mixed_types,
    nullability,
    recursive,
    rust_names,
    self_reference,
    settings_derives,
    settings_rename,
    settings_replace,
    settings_strict,
    settings_visibility,
    strict,
    structs,
    tagged_union,
    untagged_union,
    validators,
    work_bound,
);

/// The existing types `settings_replace` puts in place of generated ones.
mod existing {
    #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
    pub struct Money {
        pub amount: i64,
        pub currency: String,
    }

    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Address {
        pub street: String,
    }
}

/// Decodes `json` as `T` and checks that encoding gives back exactly `json`.
#[track_caller]
fn round_trip<T: DeserializeOwned + Serialize>(json: Value) -> T {
    let decoded: T = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("{json} does not decode: {e}"));
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(encoded, json, "round trip changed the payload");
    decoded
}

#[track_caller]
fn rejects<T: DeserializeOwned + std::fmt::Debug>(json: Value) -> String {
    match serde_json::from_value::<T>(json.clone()) {
        Ok(value) => panic!("{json} decoded as {value:?}, expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn structs_rename_and_decode() {
    let account: structs::Account = round_trip(json!({
        "id": "a1", "displayName": "Ann", "createdAt": 1767225600000i64,
        "isActive": true, "score": 1, "ratio": 0.5, "nested": {"level": 3}
    }));
    assert_eq!(account.display_name, "Ann");
    assert_eq!(account.created_at, Some(1767225600000));
    assert_eq!(account.nested.as_ref().map(|n| n.level), Some(3));
    assert!(rejects::<structs::Account>(json!({"id": "a1"})).contains("displayName"));
    assert!(
        rejects::<structs::Account>(json!({"id": 5, "displayName": "x"})).contains("invalid type")
    );
}

#[test]
fn unknown_properties_are_kept_and_re_encoded() {
    let payload = json!({
        "id": "a1", "displayName": "Ann", "brand_new": {"deep": [1, null]},
        "nested": {"level": 1, "also_new": "x"}
    });
    let account: structs::Account = round_trip(payload);
    assert_eq!(account.extra["brand_new"], json!({"deep": [1, null]}));
    assert_eq!(account.nested.unwrap().extra["also_new"], "x");
}

#[test]
fn unknown_properties_are_tolerated_when_not_kept() {
    let value: drop_unknown::Tolerant =
        serde_json::from_value(json!({"known": "k", "unknown": 1})).expect("decodes");
    assert_eq!(value.known.as_deref(), Some("k"));
    assert_eq!(serde_json::to_value(&value).unwrap(), json!({"known": "k"}));
}

#[test]
fn nullability_is_tri_state() {
    use nullability::Nullability;
    let base = json!({"required_plain": "a", "required_nullable": null, "nullable_ref": null, "only_null": null});
    let n: Nullability = round_trip(base.clone());
    assert_eq!(n.required_nullable, None);
    assert_eq!(n.optional_nullable, None, "absent");

    let mut with_null = base.clone();
    with_null["optional_nullable"] = Value::Null;
    let n: Nullability = round_trip(with_null);
    assert_eq!(n.optional_nullable, Some(None), "present and null");

    let mut with_value = base.clone();
    with_value["optional_nullable"] = json!("v");
    with_value["nullable_ref"] = json!({"x": 1});
    with_value["nullable_ref_one_of"] = json!({"x": 2});
    with_value["nullable_enum"] = json!("a");
    with_value["nullable_items"] = json!([1, null, 3]);
    let n: Nullability = round_trip(with_value);
    assert_eq!(n.optional_nullable, Some(Some("v".to_owned())));
    assert_eq!(n.nullable_items, Some(vec![Some(1), None, Some(3)]));

    // A required key may be null but not absent.
    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("required_nullable");
    assert!(rejects::<Nullability>(missing).contains("missing field `required_nullable`"));
    // An optional key that is not nullable may be absent but not null.
    let mut null_plain = base.clone();
    null_plain["optional_plain"] = Value::Null;
    assert!(rejects::<Nullability>(null_plain).contains("invalid type: null"));
    let mut null_required = base;
    null_required["required_plain"] = Value::Null;
    assert!(rejects::<Nullability>(null_required).contains("invalid type: null"));
}

/// Structs decode in place (each nested struct filled where it lies, from a
/// placeholder) or, where a required field has no placeholder, by value;
/// either way the outcome is what a by-value decode gives.
#[test]
fn decoding_in_place_keeps_every_rule() {
    use in_place::{InPlace, InPlaceOpen, Leaf};
    let base = json!({
        "leaf": {"n": 1},
        "maybe_leaf": null,
        "leaves": [{"n": 2, "s": "x", "new": true}, {"n": 3}],
        "nullable_items": [null, {"n": 4}],
        "open": "c",
        "pair": [5, "five"],
        "exact": 1.50,
        "free": {"k": [1]},
        "any": "anything",
        "nothing": null,
        "counts": {"a": 1},
        "wrapped": [[], [[]]],
        "by_value": {"either": 7, "leaf": {"n": 8}},
        "later": "kept"
    });
    let decoded: InPlace = round_trip(base.clone());
    let from_text: InPlace = serde_json::from_str(&base.to_string()).expect("decodes from text");
    assert_eq!(decoded, from_text, "from a Value and from text alike");
    assert_eq!(
        decoded.leaf,
        Leaf {
            n: 1,
            s: None,
            extra: Default::default()
        }
    );
    assert_eq!(decoded.maybe_leaf, None);
    assert_eq!(decoded.optional_leaf, None);
    assert_eq!(decoded.optional_nullable_leaf, None, "absent");
    assert_eq!(
        decoded.leaves[0].extra["new"],
        json!(true),
        "unknown properties kept deep down"
    );
    assert_eq!(decoded.nullable_items[0], None);
    assert_eq!(decoded.nullable_items[1].as_ref().map(|l| l.n), Some(4));
    assert_eq!(decoded.open, InPlaceOpen::Unknown("c".to_owned()));
    assert_eq!(decoded.extra["later"], json!("kept"));

    let mut present = base.clone();
    present["optional_leaf"] = json!({"n": 9});
    present["optional_nullable_leaf"] = Value::Null;
    present["optional_leaves"] = json!([]);
    present["maybe_leaf"] = json!({"n": 10});
    let decoded: InPlace = round_trip(present.clone());
    assert_eq!(
        decoded.optional_nullable_leaf,
        Some(None),
        "present and null"
    );
    assert_eq!(decoded.maybe_leaf.map(|l| l.n), Some(10));
    assert_eq!(decoded.optional_leaves, Some(Vec::new()));
    present["optional_nullable_leaf"] = json!({"n": 11});
    let decoded: InPlace = round_trip(present);
    assert_eq!(
        decoded.optional_nullable_leaf.map(|l| l.map(|l| l.n)),
        Some(Some(11))
    );

    // A list decoded from a `Value` (which announces its length) takes
    // exactly the room it needs, as serde's own `Vec` does.
    let decoded: InPlace = serde_json::from_value(base.clone()).unwrap();
    assert_eq!((decoded.leaves.len(), decoded.leaves.capacity()), (2, 2));
    assert_eq!(decoded.nullable_items.capacity(), 2);

    // Missing, duplicate, null where not allowed, wrong type deep down: the
    // errors of a by-value decode.
    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("wrapped");
    assert!(rejects::<InPlace>(missing).contains("missing field `wrapped`"));
    let mut missing_deep = base.clone();
    missing_deep["leaves"][1] = json!({"s": "no n"});
    assert!(rejects::<InPlace>(missing_deep).contains("missing field `n`"));
    let text = base
        .to_string()
        .replacen("{\"leaf\"", "{\"leaf\":{\"n\":0},\"leaf\"", 1);
    let duplicate = serde_json::from_str::<InPlace>(&text)
        .unwrap_err()
        .to_string();
    assert!(duplicate.contains("duplicate field `leaf`"), "{duplicate}");
    let mut null_optional = base.clone();
    null_optional["optional_leaf"] = Value::Null;
    assert!(
        rejects::<InPlace>(null_optional).contains("invalid type: null, expected an object (Leaf)")
    );
    let mut wrong_item = base.clone();
    wrong_item["nullable_items"][1] = json!("leaf?");
    assert!(rejects::<InPlace>(wrong_item)
        .contains("invalid type: string \"leaf?\", expected an object (Leaf)"));
    let mut not_a_list = base.clone();
    not_a_list["leaves"] = json!({});
    assert!(rejects::<InPlace>(not_a_list).contains("invalid type: map, expected a sequence"));
    let mut not_an_object = base.clone();
    not_an_object["leaf"] = json!(1);
    assert!(rejects::<InPlace>(not_an_object)
        .contains("invalid type: integer `1`, expected an object (Leaf)"));

    // The structs with no placeholder decode by value, with the same rules.
    let mut by_value = base.clone();
    by_value["by_value"] = json!({"leaf": {"n": 8}});
    assert!(rejects::<InPlace>(by_value).contains("missing field `either`"));
    // Ping and Pong need each other, so no finite value conforms; a decode
    // fails where the text ends the chain.
    let mut cycle = base;
    cycle["cycle"] = json!({"pong": {"ball": {"pong": {"ping": null}}}});
    assert!(rejects::<InPlace>(cycle).contains("missing field `ball`"));
}

/// In place with unknown properties dropped and serde defaults: an empty
/// closed struct, defaults filling absent fields, a boxed chain filled where
/// it lies.
#[test]
fn decoding_in_place_without_extra() {
    use in_place_bare::{Bare, BareMode, Empty, Link};
    let bare: Bare = serde_json::from_value(json!({"empty": {"dropped": 1}, "other": 2})).unwrap();
    assert_eq!(bare.empty, Empty {});
    assert_eq!(bare.mode, BareMode::B, "the default");
    assert_eq!(bare.count, 3, "the default");
    assert_eq!(
        bare.either, None,
        "no expressible default: absent stays absent"
    );
    assert_eq!(bare.boxed, None);
    let text = r#"{"empty": {}, "mode": "a", "count": 7, "either": "x", "boxed": {"n": 1, "next": {"n": 2, "next": {"n": 3}}}}"#;
    let bare: Bare = serde_json::from_str(text).unwrap();
    assert_eq!((bare.mode, bare.count), (BareMode::A, 7));
    let chain = bare.boxed.expect("present");
    assert_eq!(chain.n, 1);
    let second: &Link = chain.next.as_deref().expect("present");
    assert_eq!((second.n, second.next.as_ref().map(|l| l.n)), (2, Some(3)));
    assert!(rejects::<Bare>(json!({"empty": []}))
        .contains("invalid type: sequence, expected an object (Empty)"));
    assert!(
        rejects::<Bare>(json!({"empty": {}, "boxed": {"next": {"n": 1}}}))
            .contains("missing field `n`")
    );
}

#[test]
fn string_enums_keep_unknown_values() {
    use enums::Status;
    assert_eq!(round_trip::<Status>(json!("active")), Status::Active);
    assert_eq!(
        round_trip::<Status>(json!("choose-organization")),
        Status::ChooseOrganization
    );
    assert_eq!(
        round_trip::<Status>(json!("org:sys_profile:manage")),
        Status::OrgSysProfileManage
    );
    let unknown = round_trip::<Status>(json!("brand_new_status"));
    assert_eq!(unknown, Status::Unknown("brand_new_status".into()));
    assert!(unknown.is_unknown());
    assert_eq!(unknown.as_str(), "brand_new_status");
    assert_eq!(Status::from("revoked"), Status::Revoked);
    assert_eq!(Status::NeedsFirstFactor.to_string(), "needs_first_factor");
    assert_eq!(Status::KNOWN.len(), 5);
    assert!(rejects::<Status>(json!(5)).contains("invalid type"));
}

#[test]
fn enum_names_stay_distinct() {
    use enums::Tricky;
    for (wire, variant) in [
        ("", Tricky::Empty),
        ("Active", Tricky::Active),
        ("active", Tricky::Active2),
        ("ACTIVE", Tricky::Active3),
        ("unknown", Tricky::Unknown),
        ("Unknown", Tricky::Unknown2),
        ("2fa", Tricky::V2fa),
    ] {
        assert_eq!(round_trip::<Tricky>(json!(wire)), variant);
    }
    assert_eq!(
        round_trip::<Tricky>(json!("other")),
        Tricky::Other("other".into())
    );
    // An empty enum lists nothing: every string is unknown.
    assert!(round_trip::<enums::Nothing>(json!("x")).is_unknown());
    // `const` strings are one-value open enums; other consts and enums use the base type.
    assert_eq!(
        round_trip::<enums::Fixed>(json!("client")),
        enums::Fixed::Client
    );
    assert_eq!(round_trip::<enums::Numbers>(json!(2)), 2);
    assert_eq!(round_trip::<enums::Mixed>(json!(true)), json!(true));
    let holder: enums::Holder = round_trip(
        json!({"object": "holder", "status": "revoked", "statuses": ["active", "new"], "inline": "y"}),
    );
    assert_eq!(
        holder.statuses.unwrap()[1],
        enums::Status::Unknown("new".into())
    );
}

#[test]
fn integer_widths_and_exact_numbers() {
    use integers::Integers;
    let all = json!({
        "i8": -128, "i16": 30000, "i32": -2000000000, "i64": -9007199254740993i64,
        "u8": 255, "u16": 65535, "u32": 4000000000u32, "u64": 18446744073709551615u64,
        "plain": -1, "non_negative": 18446744073709551615u64, "percent": 100, "port": 65535,
        "offset": -128, "delta": -40000, "exact": 1, "float": 0.25
    });
    let n: Integers = round_trip(all);
    // Bounds pick the narrowest width.
    let _: Option<u8> = n.percent;
    let _: Option<u16> = n.port;
    let _: Option<i8> = n.offset;
    let _: Option<i32> = n.delta;
    assert_eq!(n.i8, Some(-128));
    assert!(rejects::<Integers>(json!({"u8": 256})).contains("invalid value"));
    assert!(rejects::<Integers>(json!({"i32": 1.5})).contains("invalid type"));
    // `number` keeps the literal: integers stay integers, floats stay floats.
    assert_eq!(
        round_trip::<Integers>(json!({"exact": 1.0}))
            .exact
            .unwrap()
            .to_string(),
        "1.0"
    );
    assert_eq!(
        round_trip::<Integers>(json!({"exact": 1}))
            .exact
            .unwrap()
            .to_string(),
        "1"
    );
}

#[test]
fn collections() {
    let c: collections::Collections = round_trip(json!({
        "tags": ["a", "b"], "untyped_list": [1, "x", null],
        "counts": {"a": 1, "b": 2}, "by_pattern": {"x-a": true},
        "metadata": {"any": {"thing": [1]}}, "open_map": {"k": null},
        "anything": null, "always": [1], "pair": [7, "seven"], "loose_prefix": [1, 2, 3],
        "matrix": [[1.5, 2], []]
    }));
    assert_eq!(c.pair, Some((7, "seven".to_owned())));
    assert_eq!(c.counts.unwrap()["b"], 2u32);
    // `anything` is present and null: kept apart from absent.
    assert_eq!(c.anything, Some(Value::Null));
    assert!(rejects::<collections::Collections>(json!({"pair": [7]})).contains("invalid length"));
    assert!(
        rejects::<collections::Collections>(json!({"counts": {"a": -1}})).contains("invalid value")
    );
}

#[test]
fn all_of_merges() {
    let m: all_of::Merged =
        round_trip(json!({"id": "1", "name": "n", "extra_flag": true, "created_at": 5}));
    assert_eq!(
        (m.id.as_str(), m.name.as_str(), m.extra_flag),
        ("1", "n", Some(true))
    );
    assert!(rejects::<all_of::Merged>(json!({"id": "1"})).contains("missing field `name`"));
    let r: all_of::RefWithSiblings = round_trip(json!({"id": "1", "note": "x"}));
    assert_eq!(r.note, "x");
    let s: all_of::SingleBranch = round_trip(json!({"name": "n"}));
    assert_eq!(s.name.as_deref(), Some("n"));
    let c: all_of::Constrained = round_trip(json!("abc"));
    assert_eq!(c, "abc");
}

#[test]
fn tagged_unions_dispatch_on_the_tag() {
    use tagged_union::{Drawing, Shape};
    let drawing: Drawing = round_trip(json!({
        "shapes": [
            {"radius": 1.5, "kind": "circle"},
            {"kind": "square", "side": 2},
            {"kind": "line", "length": 3, "style": "dashed"},
            {"kind": "hexagon", "sides": 6}
        ],
        "focus": null
    }));
    assert!(matches!(drawing.shapes[0], Shape::Circle(_)));
    assert!(matches!(drawing.shapes[1], Shape::Square(_)));
    match &drawing.shapes[2] {
        Shape::Line(line) => assert_eq!(line.extra["style"], "dashed"),
        other => panic!("expected a line, got {other:?}"),
    }
    assert_eq!(
        drawing.shapes[3],
        Shape::Unknown(json!({"kind": "hexagon", "sides": 6}))
    );
    assert_eq!(drawing.focus, Some(None));
    assert!(rejects::<Shape>(json!({"radius": 1})).contains("missing field `kind`"));
    assert!(rejects::<Shape>(json!({"kind": 1})).contains("`kind` must be a string"));
    assert!(rejects::<Shape>(json!({"kind": "circle"})).contains("missing field `radius`"));
    assert!(rejects::<Shape>(json!([1])).contains("expected an object"));
}

#[test]
fn untagged_unions_try_each_branch() {
    use untagged_union::{Contact, IdOrCount, OpenUnion};
    assert_eq!(round_trip::<IdOrCount>(json!(5)), IdOrCount::Integer(5));
    assert!(matches!(
        round_trip::<IdOrCount>(json!(5.5)),
        IdOrCount::Number(_)
    ));
    assert!(matches!(
        round_trip::<IdOrCount>(json!(18446744073709551615u64)),
        IdOrCount::Number(_)
    ));
    assert_eq!(
        round_trip::<IdOrCount>(json!("id")),
        IdOrCount::String("id".into())
    );
    assert!(rejects::<IdOrCount>(json!(true)).contains("did not match any variant"));
    assert!(matches!(
        round_trip::<Contact>(json!({"phone": "1"})),
        Contact::ContactVariant1(_)
    ));
    assert!(rejects::<Contact>(json!({"fax": "1"})).contains("did not match any variant"));
    // The branch that admits anything is the fallback.
    assert_eq!(
        round_trip::<OpenUnion>(json!(true)),
        OpenUnion::Boolean(true)
    );
    assert!(matches!(
        round_trip::<OpenUnion>(json!({"email": "e"})),
        OpenUnion::Contact(_)
    ));
    assert_eq!(
        round_trip::<OpenUnion>(json!([1])),
        OpenUnion::Any(json!([1]))
    );
    let _: untagged_union::ConstraintOnly = round_trip(json!({"a": "x"}));
}

#[test]
fn defaults_as_accessors_keep_absent_absent() {
    let d: defaults::WithDefaults = round_trip(json!({"ignored_when_required": "r"}));
    assert_eq!(d.name, None);
    assert_eq!(d.name_or_default(), "anonymous");
    assert_eq!(d.retries_or_default(), 3);
    assert!(d.enabled_or_default());
    assert_eq!(d.ratio_or_default(), 0.5);
    assert_eq!(d.exact_or_default().to_string(), "1.25");
    assert_eq!(d.mode_or_default(), defaults::Mode::Fast);
    assert!(d.tags_or_default().is_empty());
    assert_eq!(d.settings_or_default()["a"], 1);
    let set: defaults::WithDefaults =
        round_trip(json!({"ignored_when_required": "r", "retries": 7}));
    assert_eq!(set.retries_or_default(), 7);
}

#[test]
fn defaults_as_serde_defaults_fill_in() {
    let d: defaults_serde::WithSerdeDefaults =
        serde_json::from_value(json!({"ignored_when_required": "r"})).expect("decodes");
    assert_eq!(d.name, "anonymous");
    assert_eq!(d.retries, 3);
    assert!(d.enabled);
    assert_eq!(d.mode, defaults_serde::Mode::Fast);
    assert_eq!(d.settings["a"], 1);
    assert_eq!(serde_json::to_value(&d).unwrap()["retries"], 3);
}

#[test]
fn keyword_and_odd_property_names() {
    let t: keywords::Type = round_trip(json!({
        "type": "t", "ref": "r", "self": "s", "Self": 1, "crate": "c", "super": "su",
        "async": "a", "await": "aw", "dyn": "d", "gen": "g", "try": "tr", "2fa": true,
        "$ref": "dollar", "": "empty", "café": "c", "日本": "j", "a/b~c": "p",
        "extra": "not the catch-all", "r#raw": "raw", "unlisted": 1
    }));
    assert_eq!(t.type_.as_deref(), Some("t"));
    assert_eq!(t.self_2, Some(1));
    assert_eq!(t.ref_2.as_deref(), Some("dollar"));
    assert_eq!(t.empty.as_deref(), Some("empty"));
    assert_eq!(t.caf_u00e9.as_deref(), Some("c"));
    assert_eq!(t.extra.as_deref(), Some("not the catch-all"));
    assert_eq!(t.extra2["unlisted"], 1);
}

#[test]
fn colliding_names() {
    let f: collisions::FooBar =
        round_trip(json!({"fooBar": "1", "foo_bar": "2", "foo-bar": "3", "FOO_BAR": "4"}));
    assert_eq!(
        [f.foo_bar, f.foo_bar2, f.foo_bar3, f.foo_bar4].map(Option::unwrap),
        ["1", "2", "3", "4"]
    );
    let _: (
        collisions::FooBar2,
        collisions::FooBar2_2,
        collisions::Schemagen,
    ) = (String::new(), 0, String::new());
}

#[test]
fn std_names_do_not_shadow() {
    let b: rust_names::Box = round_trip(json!({"inner": {"some": "s"}}));
    assert_eq!(b.inner.unwrap().some.as_deref(), Some("s"));
    let d: rust_names::Deserialize = round_trip(json!({"v": [1, 2], "o": {}}));
    assert_eq!(d.v, Some(vec![1, 2]));
    assert_eq!(
        round_trip::<rust_names::Result>(json!("Err")),
        rust_names::Result::Err
    );
    let m: rust_names::Map = round_trip(json!({"k": {"inner": {}}}));
    assert_eq!(m.len(), 1);
}

#[test]
fn recursion_decodes() {
    use recursive::{Forest, Husband, Json, Node};
    let node: Node = round_trip(
        json!({"value": 1, "next": {"value": 2, "next": null}, "children": [{"value": 3}]}),
    );
    assert_eq!(node.next.unwrap().unwrap().value, 2);
    let _: Husband = round_trip(json!({"wife": {"husband": {"wife": {}}}}));
    let forest: Forest = round_trip(json!([[], [[]]]));
    assert_eq!(forest.0.len(), 2);
    let j: Json = round_trip(json!({"a": ["x", {"b": "y"}]}));
    assert!(matches!(j, Json::Object(_)));
    let _: recursive::Root = round_trip(json!({"self_ref": {"anything": true}}));
}

#[test]
fn references_across_files_anchors_and_pointers() {
    let main: cross_file::Main = round_trip(json!({
        "other": {"back": {"other": {}}}, "shared": "two", "deep": {"shared": "one"}
    }));
    assert_eq!(main.shared, Some(cross_file::Shared::Two));
    let a: anchors::Anchors = round_trip(json!({
        "by_anchor": {"n": 1}, "by_id": {"label": "l"}, "by_relative_id": {}, "by_id_anchor": "x"
    }));
    assert_eq!(a.by_id_anchor.as_deref(), Some("x"));
    let o: deep_defs::Outer = round_trip(json!({
        "deep": {"leaf": true}, "escaped": "e", "percent": 5, "into_property": {"q": 1}, "legacy": {"old": "o"}
    }));
    assert_eq!(o.percent, Some(5));
    let a: deep_defs::A = round_trip(json!({"p": {"q": 2}}));
    let _: Option<deep_defs::P> = a.p;
}

#[test]
fn constraints_are_left_to_the_schema() {
    // The types accept what only the schema's constraints reject.
    let c: constraints::Constrained =
        round_trip(json!({"code": "abc", "tags": ["a", "a", "a", "a"], "never": 1}));
    assert_eq!(c.code.as_deref(), Some("abc"));
}

#[test]
fn docs_compile() {
    let d: docs::Documented =
        round_trip(json!({"field": "f", "old": "o", "ref_doc": "r", "ref_own_doc": "s"}));
    assert_eq!(d.ref_doc.as_deref(), Some("r"));
}

#[test]
fn strict_types_only_decode_valid_values() {
    use strict::{Order, Status};
    let order: Order = round_trip(json!({
        "id": "ord_42", "quantity": 2, "unit_price": 9.99, "status": "paid",
        "tags": ["a", "b"], "note": null
    }));
    assert_eq!(order.status, Status::Paid);
    let invalid = [
        (
            json!({"id": "x", "quantity": 1, "status": "open"}),
            "/id: \"x\" does not match \"^ord_\\\\d+$\"",
        ),
        (
            json!({"id": "ord_1", "quantity": 0, "status": "open"}),
            "/quantity: 0 is less than the minimum of 1",
        ),
        (
            json!({"id": "ord_1", "quantity": 1.5, "status": "open"}),
            "/quantity: 1.5 is not of type \"integer\"",
        ),
        (
            json!({"id": "ord_1", "quantity": 1, "status": "lost"}),
            "/status: unknown value \"lost\": the schema lists \"open\", \"paid\"",
        ),
        (
            json!({"id": "ord_1", "quantity": 1, "status": "open", "tags": ["a", "a"]}),
            "/tags: [\"a\",\"a\"] has non-unique elements",
        ),
        (
            json!({"id": "ord_1", "quantity": 1, "status": "open", "note": "far too long"}),
            "/note: \"far too long\" is longer than 10 characters",
        ),
        (
            json!({"id": "ord_1", "quantity": 1, "status": "open", "unit_price": 1.001}),
            "/unit_price: 1.001 is not a multiple of 0.01",
        ),
        (
            json!({"id": "ord_1", "quantity": 1, "status": "open", "extra": 1}),
            "/extra: unknown property \"extra\": the schema does not list it",
        ),
        (
            json!({"id": "ord_1", "status": "open"}),
            "\"quantity\" is a required property",
        ),
    ];
    for (payload, want) in invalid {
        let error = rejects::<Order>(payload.clone());
        assert!(error.contains(want), "{payload}: {error}");
    }
    // A closed enum rejects values the schema does not list, even on its own.
    assert!(rejects::<Status>(json!("refunded")).contains("unknown value \"refunded\""));
    // `1.0` is an integer to JSON Schema, and strict types keep it as written.
    let order: Order = round_trip(json!({"id": "ord_1", "quantity": 1.0, "status": "open"}));
    assert_eq!(order.quantity.to_string(), "1.0");
}

#[test]
fn checks_report_drift_with_pointers() {
    use checks::{Check, Drift, DriftKind, Envelope};
    let clean: Envelope = round_trip(json!({
        "object": "envelope", "items": [{"status": "on"}], "by_key": {"k": {"a/b": "off"}},
        "shape": {"kind": "box", "side": 2}, "pair": ["on", 1], "open": {"a": "x", "anything": 1}
    }));
    assert_eq!(
        clean.drift(),
        vec![],
        "an open object's extra properties are not drift"
    );

    let drifted: Envelope = round_trip(json!({
        "object": "envelope2", "new_top": 1,
        "items": [{"status": "on"}, {"status": "dim", "new": true}],
        "by_key": {"k~1": {"a/b": "half"}},
        "shape": {"kind": "star"},
        "pair": ["maybe", 1]
    }));
    let found: Vec<(String, DriftKind)> = drifted
        .drift()
        .into_iter()
        .map(|Drift { pointer, kind }| (pointer, kind))
        .collect();
    use DriftKind::{UnknownEnumValue as Value_, UnknownProperty as Prop};
    assert_eq!(
        found,
        vec![
            ("/object".to_owned(), Value_),
            ("/items/1/status".to_owned(), Value_),
            ("/items/1/new".to_owned(), Prop),
            ("/by_key/k~01/a~1b".to_owned(), Value_),
            ("/shape/kind".to_owned(), Value_),
            ("/pair/0".to_owned(), Value_),
            ("/new_top".to_owned(), Prop),
        ]
    );
    // The index hands generic code the type and its checks.
    assert!(checks::SCHEMA_TYPES
        .iter()
        .any(|t| t.name == "Envelope" && t.pointer.is_empty()));
}

/// `(pointer, keyword, drift)` of each error, in order.
fn summary(errors: &[validators::SchemaError]) -> Vec<(String, &'static str, bool)> {
    errors
        .iter()
        .map(|e| (e.pointer.clone(), e.keyword, e.drift))
        .collect()
}

#[test]
fn validators_report_every_error_with_its_place() {
    use validators::{validate_type, Account};
    let valid = json!({
        "id": "acc_1", "status": "active", "kind": "account", "seats": 3,
        "owner": {"name": "Ada", "email": null}, "labels": {"tier": "gold"},
        "history": [{"name": "Bo"}]
    });
    assert_eq!(validate_type("Account", &valid), Some(vec![]));
    let _: Account = round_trip(valid);
    assert_eq!(validate_type("NoSuchType", &json!({})), None);

    let errors = validate_type(
        "Account",
        &json!({
            "id": 7, "status": "frozen", "kind": "acct", "seats": 2147483648_u64,
            "owner": {"name": "", "nick": "x"}, "labels": {"much-too-long": 1},
            "history": [{"name": "Bo"}, {"email": "e"}], "new": true
        }),
    )
    .unwrap();
    assert_eq!(
        summary(&errors),
        [
            ("/id".into(), "type", false),
            ("/status".into(), "enum", true),
            ("/kind".into(), "const", true),
            ("/seats".into(), "format", false),
            ("/owner".into(), "anyOf", false),
            ("/labels/much-too-long".into(), "type", false),
            ("/labels/much-too-long".into(), "maxLength", false),
            ("/history/1".into(), "required", false),
            ("/new".into(), "additionalProperties", true),
        ]
    );
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(text[0], "/id: 7 is not of type \"string\"");
    assert_eq!(
        text[1],
        "/status: unknown value \"frozen\": the schema lists \"active\", \"closed\""
    );
    assert_eq!(
        text[3],
        "/seats: 2147483648 is not an int32 (an integer literal in range)"
    );
    assert_eq!(text[7], "/history/1: \"name\" is a required property");
    assert_eq!(
        text[8],
        "/new: unknown property \"new\": the schema does not list it"
    );
    assert!(errors[0]
        .schema_path
        .ends_with("validators.json#/properties/id/type"));
    // In the payload's order (members as they come, then `required`, then
    // `propertyNames`). The `anyOf` keeps each branch's errors: the object branch went inside.
    let branches: Vec<_> = errors[4].context.iter().map(|b| summary(b)).collect();
    assert_eq!(
        branches,
        [
            vec![
                ("/owner/name".into(), "minLength", false),
                ("/owner/nick".into(), "additionalProperties", true),
            ],
            vec![("/owner".into(), "type", false)],
        ]
    );
    // A value that only fails inside a branch that is then abandoned leaves
    // the path as it was: the next error is still placed right.
    let errors = validate_type(
        "Account",
        &json!({"id": "acc_1", "status": "active", "kind": "account", "owner": null, "seats": 0}),
    )
    .unwrap();
    assert_eq!(summary(&errors), [("/seats".into(), "minimum", false)]);
}

#[test]
fn mixed_type_arrays_decode_each_member() {
    use mixed_types::*;
    assert_eq!(round_trip::<Closed>(json!("x")), Closed::String("x".into()));
    assert!(matches!(round_trip::<Closed>(json!({})), Closed::Object(_)));
    let described = round_trip::<Option<Described>>(json!({"name": "n"}));
    assert!(
        matches!(described, Some(Described::Object(DescribedObject { ref name, .. })) if name == "n")
    );
    assert_eq!(round_trip::<Option<Described>>(json!(null)), None);
    assert!(matches!(
        round_trip::<Everything>(json!(3)),
        Everything::Integer(3)
    ));
    assert!(matches!(
        round_trip::<Everything>(json!(["a"])),
        Everything::Array(_)
    ));
    let Everything::Object(object) = round_trip::<Everything>(json!({"inner": {"deep": "d"}}))
    else {
        panic!("an object")
    };
    assert!(matches!(object.inner, Some(EverythingInner::Object(_))));
    assert!(matches!(round_trip::<Map>(json!({"a": 1})), Map::Object(_)));
    // Each member is checked by the whole schema.
    assert!(
        validate_type("Described", &json!({"name": 1}))
            .unwrap()
            .len()
            == 1
    );
    assert!(validate_type("Described", &json!("s")).unwrap().is_empty());
}

#[test]
fn references_to_an_ancestor_with_siblings_refer_to_themselves() {
    use self_reference::*;
    let root = round_trip::<SelfReference>(json!({
        "child": {"child": {"described": {}}},
        "children": [{"child": {}}],
        "tree": {"left": {"label": "l", "left": {"label": "ll"}}, "right": {"weight": 1.5, "right": {}}}
    }));
    let child = root.child.expect("a child");
    assert!(child.child.expect("a grandchild").described.is_some());
    let tree = root.tree.expect("a tree");
    assert_eq!(
        tree.left.expect("left").left.expect("left left").label,
        "ll"
    );
    assert!(tree.right.expect("right").right.is_some());
    // `left` requires its label.
    rejects::<Tree>(json!({"left": {}}));
}

#[test]
fn draft_04_bounds_tuples_ids_and_dependencies_are_enforced_by_strict_types() {
    use drafts_04::Order;
    let order: Order = round_trip(json!({"quantity": 100, "position": [1.5, 2]}));
    assert_eq!(order.position.0.len(), 2);
    round_trip::<Order>(json!({
        "quantity": 1, "position": [0, 0], "discount": 0.5,
        "customer": {"name": "Ann"}, "note": "gift"
    }));
    // `exclusiveMinimum: true` beside `minimum: 0`; `exclusiveMaximum: true`
    // beside `maximum: 1`.
    rejects::<Order>(json!({"quantity": 0, "position": [0, 0]}));
    rejects::<Order>(
        json!({"quantity": 1, "position": [0, 0], "discount": 1, "customer": {"name": "A"}}),
    );
    // `additionalItems: false` after a tuple of two.
    rejects::<Order>(json!({"quantity": 1, "position": [0, 0, 0]}));
    // `dependencies`, both forms.
    rejects::<Order>(json!({"quantity": 1, "position": [0, 0], "discount": 0.5}));
    rejects::<Order>(json!({"quantity": 1, "position": [0, 0], "note": "gift"}));
    // `customer.json#`, resolved through the embedded `id`.
    rejects::<Order>(json!({"quantity": 1, "position": [0, 0], "customer": {}}));
}

#[test]
fn draft_07_reads_as_its_draft() {
    use drafts_07::{Config, Modes2};
    let config: Config = round_trip(json!({
        "version": "1.2.3", "range": [1, "a", true, false], "pair": ["a", "b"],
        "tags": ["x"], "proxy": {"name": "h", "port": 8080}, "mode": "fast"
    }));
    // The `type: integer` beside the `$ref` is ignored: a string.
    assert_eq!(config.version.as_deref(), Some("1.2.3"));
    // `#host` is the `$id` fragment of a definition.
    assert_eq!(config.proxy.as_ref().map(|p| p.port), Some(Some(8080)));
    // A reference into the tuple, as the author wrote it (`items/0`).
    assert_eq!(config.mode, Some(Modes2::Fast));
    assert!(rejects::<Config>(json!({"version": 3})).contains("invalid type"));
}

#[test]
fn draft_2019_09_recursive_references_are_recursive_types() {
    let tree: drafts_2019_09::Tree = round_trip(json!({
        "value": "root",
        "children": [{"value": "a", "children": [{"value": "b"}]}, {"value": "c"}]
    }));
    let children = tree.children.expect("children");
    assert_eq!(children[0].children.as_ref().map(Vec::len), Some(1));
}

#[test]
fn extra_derives_are_usable() {
    use settings_derives::{Either, Label, Point, Shape, ShapePoint, ShapePointKind};
    use std::collections::HashSet;
    // `Eq` and `Hash` on every type; `Default` on `Point` alone.
    let point = Point {
        x: Some(1),
        ..Point::default()
    };
    let shapes: HashSet<Shape> = [
        Shape::Point(ShapePoint {
            kind: ShapePointKind::Point,
            at: Some(point.clone()),
            extra: Default::default(),
        }),
        round_trip(json!({"kind": "named", "id": "p1"})),
    ]
    .into_iter()
    .collect();
    assert_eq!(shapes.len(), 2);
    let either: HashSet<Either> = [Either::Point(point), Either::String("s".into())].into();
    assert_eq!(either.len(), 2);
    // `PartialOrd` and `Ord` on `Label`, named by schema location: in declaration order.
    let mut labels = [Label::Unknown("huge".into()), Label::Large, Label::Small];
    labels.sort();
    assert_eq!(labels[0], Label::Small);
}

#[test]
fn renamed_types_decode_and_are_indexed_by_their_new_names() {
    use settings_rename::{Animal, Left, PostalAddress, Right, Species};
    let animal: Animal = round_trip(json!({
        "name": "Rex", "kind": "dog", "owner": {"address": {"city": "Oslo"}}
    }));
    assert_eq!(animal.kind, Some(Species::Dog));
    let address: PostalAddress = animal.owner.unwrap().address.unwrap();
    assert_eq!(address.city.as_deref(), Some("Oslo"));
    // The names traded places: `Left` is now the schema's `Right`.
    let _: Left = round_trip(json!({"r": true}));
    let _: Right = round_trip(json!({"l": true}));
    let names: Vec<&str> = settings_rename::SCHEMA_TYPES
        .iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["Animal", "Species", "Owner", "Right", "Left"]);
    assert!(
        settings_rename::validate_type("Animal", &json!({"name": 1}))
            .is_some_and(|errors| errors.len() == 1)
    );
}

#[test]
fn replaced_types_are_the_existing_ones() {
    use existing::{Address, Money};
    use settings_replace::{Charge, Check, Order, Tip};
    let order: Order = round_trip(json!({
        "total": {"amount": 5, "currency": "EUR"},
        "lines": [{"amount": 2, "currency": "EUR"}],
        "by_tax": {"vat": {"amount": 1, "currency": "EUR"}},
        "shipping": {"street": "Main"},
        "client_ip": "10.0.0.1",
        "note": "fragile",
        "status": "paid"
    }));
    assert_eq!(
        order.total,
        Money {
            amount: 5,
            currency: "EUR".into()
        }
    );
    assert_eq!(
        order.shipping,
        Some(Address {
            street: "Main".into()
        })
    );
    assert_eq!(order.client_ip, Some(std::net::Ipv4Addr::new(10, 0, 0, 1)));
    assert_eq!(order.note.as_deref(), Some("fragile"));
    // The existing type decides what decodes: its fields are required.
    assert!(rejects::<Order>(json!({"total": {"amount": 5}})).contains("currency"));
    let cash: Charge =
        round_trip(json!({"kind": "cash", "amount": {"amount": 1, "currency": "USD"}}));
    assert!(matches!(cash, Charge::Cash(_)));
    // The walk skips the existing type, and still reports drift elsewhere.
    let tip: Tip = round_trip(json!({"amount": 1, "currency": "XXX"}));
    assert!(tip.drift().is_empty());
    let tip: Tip = round_trip(json!("huge"));
    assert_eq!(tip.drift().len(), 1);
    // Only generated types are indexed.
    let names: Vec<&str> = settings_replace::SCHEMA_TYPES
        .iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["Order", "Charge", "Tip"]);
}

#[test]
fn restricted_visibility_compiles_with_everything_beside() {
    use settings_visibility::{is_valid_type, Check, Item};
    let item: Item = round_trip(json!({"id": "i1", "state": "dim"}));
    assert_eq!(item.drift().len(), 1);
    assert_eq!(is_valid_type("Item", &json!({"id": "x"})), Some(false));
}

#[test]
fn strict_types_validate_replaced_parts_too() {
    use existing::Money;
    // Inline types keep the names they had from the renamed one.
    use settings_strict::{validate_type, Bill, InvoicePayment, InvoiceStatus};
    let bill: Bill = round_trip(json!({
        "total": {"amount": 5, "currency": "EUR"},
        "status": "paid",
        "payment": {"kind": "cash", "amount": {"amount": 5, "currency": "EUR"}}
    }));
    assert_eq!(
        bill.total,
        Money {
            amount: 5,
            currency: "EUR".into()
        }
    );
    assert_eq!(bill.status, Some(InvoiceStatus::Paid));
    assert!(matches!(bill.payment, Some(InvoicePayment::Cash(_))));
    // The schema of the replaced type still judges the value first.
    let error = rejects::<Bill>(json!({"total": {"amount": 5, "currency": "EURO"}}));
    assert!(error.contains("/total/currency"), "{error}");
    assert!(
        rejects::<Bill>(json!({"total": {"amount": 1, "currency": "EUR"}, "x": 1})).contains("/x")
    );
    assert_eq!(
        validate_type("Bill", &json!({"total": {}})).map(|e| e.len()),
        Some(2)
    );
    assert!(
        validate_type("Money", &json!({})).is_none(),
        "not generated, not indexed"
    );
}

/// 25 levels of two-way `anyOf`: a value that fails is checked 2^25 times
/// at its place. The validators stop past `MAX_STEPS` with a `limit` error
/// that says the verdict is incomplete (a strict type refuses the value
/// with it), instead of running for minutes; a valid value passes at once.
#[test]
fn the_validators_stop_past_their_work_bound() {
    use work_bound::Deep;
    let error = rejects::<Deep>(json!(1));
    assert!(
        error.contains("MAX_STEPS") && error.contains("incomplete"),
        "{error}"
    );
    let deep: Deep = serde_json::from_value(json!("leaf")).expect("a string is valid");
    assert_eq!(serde_json::to_value(&deep).unwrap(), json!("leaf"));
}
