//! The settings that name types, as the manifest shows them, and every way
//! they can be wrong: each an error that names the setting (and, for an
//! unknown type, the nearest ones), all of them in one run.

use schemagen::{Generator, Manifest, Options, TypeShape, Visibility};
use serde_json::{json, Value};

fn schema() -> Value {
    json!({
        "$defs": {
            "Pet": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "price": {"$ref": "#/$defs/Money"},
                    "tags": {"type": "array", "items": {"type": "object", "properties": {"t": {"type": "string"}}}}
                }
            },
            "PetKind": {"enum": ["cat", "dog"]},
            "Money": {
                "type": "object",
                "properties": {"amount": {"type": "integer"}, "unit": {"type": "object", "properties": {"code": {"type": "string"}}}}
            },
            "Id": {"type": "string"}
        }
    })
}

fn run(options: Options) -> Result<Manifest, String> {
    let outcome = Generator::new(options)
        .document("https://settings.invalid/pets.json", schema())
        .run();
    match outcome.code {
        Ok(code) => {
            syn::parse_file(&code).map_err(|e| format!("does not parse: {e}"))?;
            Ok(outcome.manifest.expect("a manifest with the code"))
        }
        Err(errors) => Err(errors.to_string()),
    }
}

#[track_caller]
fn errors(options: Options) -> String {
    match run(options) {
        Ok(_) => panic!("expected errors"),
        Err(text) => text,
    }
}

#[test]
fn the_manifest_shows_renames_and_replacements() {
    let manifest = run(Options::default()
        .with_rename("Pet", "Animal")
        .with_replace("#/$defs/Money", "crate::money::Money"))
    .expect("generates");
    assert!(manifest.get("Pet").is_none());
    let animal = manifest.get("Animal").expect("renamed");
    assert_eq!(animal.location.pointer, "/$defs/Pet");
    let TypeShape::Struct { fields, .. } = &animal.shape else {
        panic!("a struct");
    };
    assert_eq!(fields[1].value_type, "crate::money::Money");
    // Holding a type the generator knows nothing of, it is not exact.
    assert!(!animal.exact);
    // The inline type of `Pet` keeps its name; the one only `Money` used is gone.
    assert!(manifest.get("PetTagsItem").is_some());
    assert!(manifest.get("MoneyUnit").is_none());
    let money = manifest.get("Money").expect("listed");
    assert_eq!(
        money.shape,
        TypeShape::Replaced {
            rust_type: "crate::money::Money".into()
        }
    );
    assert_eq!(
        manifest.to_json()["types"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "Money")
            .unwrap()["shape"],
        json!({"kind": "replaced", "rust_type": "crate::money::Money"})
    );
}

#[test]
fn unknown_types_are_named_with_the_nearest() {
    let text = errors(Options::default().with_rename("Pett", "Animal"));
    assert!(
        text.contains(
            "setting `rename Pett=Animal`: no generated type is named `Pett` (the nearest: `Pet`"
        ),
        "{text}"
    );
    let text = errors(Options::default().with_replace("#/$defs/Mony", "u64"));
    assert!(
        text.contains(
            "no generated type stands for the schema at `#/$defs/Mony` (the nearest: `#/$defs/Money`)"
        ),
        "{text}"
    );
    let text = errors(Options::default().with_type_derive("Zebra", "Eq"));
    assert!(
        text.contains("no generated type is named `Zebra`"),
        "{text}"
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let text = errors(
        Options::default()
            .with_rename("Pet", "PetKind")
            .with_rename("Id", "fn")
            .with_rename("Money", "Check")
            .with_replace("PetKind", "Vec<")
            .with_derive("Eq, Hash")
            .with_type_derive("Id", "Default")
            .with_visibility(Visibility::In("not a path".into())),
    );
    for expected in [
        "setting `rename Pet=PetKind`: `PetKind` is already the name of the type at `https://settings.invalid/pets.json#/$defs/PetKind`",
        "setting `rename Id=fn`: `fn` is not a Rust identifier",
        "setting `replace PetKind=Vec<`: `Vec<` is not a Rust type",
        "setting `derive Eq, Hash`: `Eq, Hash` is not a path to a derive macro",
        "setting `derive Default on Id`: `Id` is an alias (`type Id = …`), which takes no derives",
        "setting `visibility pub(in not a path)`: `not a path` is not a module path",
        // `Check` is free: the drift walk is not emitted.
        "6 errors",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // `Check` is free without the drift walk; with it, it is taken.
    let text = errors(
        Options::default()
            .with_mode(schemagen::Mode::Tolerant {
                checks: true,
                validators: false,
            })
            .with_rename("Money", "Check"),
    );
    assert!(
        text.contains("`Check` is the name of an item emitted beside the types"),
        "{text}"
    );
}

#[test]
fn settings_that_contradict_each_other() {
    let text = errors(
        Options::default()
            .with_replace("Money", "u64")
            .with_rename("Money", "Cash")
            .with_type_derive("Money", "Eq")
            .with_replace("#/$defs/Money", "u32")
            .with_rename("Pet", "A")
            .with_rename("Pet", "B")
            .with_rename("PetKind", "Same")
            .with_rename("Id", "Same"),
    );
    for expected in [
        "`Money` is replaced by an existing type, so it has no name to change",
        "`Money` is replaced by an existing type, which takes no derives",
        "setting `replace #/$defs/Money=u32`: `Money` is already replaced",
        "setting `rename Pet=B`: `Pet` is already renamed (`A`)",
        "setting `rename Id=Same`: `Same` is already the name of `PetKind`",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
}

#[test]
fn a_location_in_several_documents_needs_its_file() {
    let outcome = Generator::new(Options::default().with_rename("#", "Root"))
        .document("https://settings.invalid/a.json", json!({"type": "object"}))
        .document("https://settings.invalid/b.json", json!({"type": "object"}))
        .run();
    let text = outcome.code.expect_err("ambiguous").to_string();
    assert!(
        text.contains("`#` stands for 2 types (`https://settings.invalid/a.json#`, `https://settings.invalid/b.json#`): name the file too"),
        "{text}"
    );
    let outcome = Generator::new(Options::default().with_rename("b.json#", "Root"))
        .document("https://settings.invalid/a.json", json!({"type": "object"}))
        .document("https://settings.invalid/b.json", json!({"type": "object"}))
        .run();
    let manifest = outcome.manifest.expect("generates");
    assert_eq!(
        manifest
            .at("https://settings.invalid/b.json", "")
            .unwrap()
            .name,
        "Root"
    );
}

#[test]
fn derives_are_added_once_and_not_where_the_type_has_them() {
    let outcome = Generator::new(
        Options::default()
            .with_derive("Eq")
            .with_derive("Hash")
            .with_type_derive("Pet", "Eq")
            .with_type_derive("Pet", "PartialOrd"),
    )
    .document("https://settings.invalid/pets.json", schema())
    .run();
    let code = outcome.code.expect("generates");
    assert!(
        code.contains("#[derive(Eq, Hash, PartialOrd)]\npub struct Pet"),
        "{code}"
    );
    // A string enum has `Eq` and `Hash` already; an alias takes none.
    assert!(!code.contains("#[derive(Eq, Hash)]\n#[allow(clippy::enum_variant_names)]"));
    assert!(code.contains("pub type Id = ::std::string::String;"));
}
