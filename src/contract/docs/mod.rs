//! The reference of the models: Markdown pages and an HTML site, both drawn from one model of the pages.
//!
//! The Markdown pages (`generated/docs/`, [`render`]) and the HTML site
//! with examples from the recordings and a picture of the object graph
//! (`generated/reference/`, [`html::render`]) are both drawn from one
//! model of the pages (`model.rs`): what the schema states (descriptions,
//! enum values, references, defaults) comes from the [`SchemaSet`]; every
//! Rust name and type (type names, field names and types, enum variants
//! and the fallback variant) from the generator's [`Manifest`], which says
//! what the generated code holds. Nothing here reads the generated code,
//! or the Markdown pages, or names anything itself.

pub mod examples;
pub mod graph;
pub mod html;
mod markdown;
mod model;

use super::{Def, Error, Problem, SchemaSet, FAPI_VERSION, PACKAGE_VERSION};
use schemagen::Manifest;
use std::collections::BTreeMap;

/// Every Markdown page: file name → Markdown. `manifest` is the generator's
/// account of the models generated from the same schema (see
/// [`generate::models`](super::generate::models)): the Rust names come
/// from it. `version` is the contract's (`schema/VERSION`), which the
/// index names.
///
/// Page names are made from def names ([`schemakit::names::file_stem`]);
/// two defs whose pages would be one file (also on a file system that
/// ignores letter case, or the index's `README.md`) are an error naming
/// both.
pub fn render(
    set: &SchemaSet,
    manifest: &Manifest,
    version: &str,
) -> Result<BTreeMap<String, String>, Error> {
    check_names(set, &["README"], "md")?;
    let ctx = model::Ctx::new(set, manifest);
    Ok(markdown::pages(&ctx, version))
}

/// An error naming the object defs whose pages would be one file (or the
/// file of one of the `reserved` pages).
fn check_names(set: &SchemaSet, reserved: &[&str], ext: &str) -> Result<(), Error> {
    let objects: Vec<&Def> = model::objects(set);
    let names = reserved
        .iter()
        .copied()
        .chain(objects.iter().map(|d| d.name.as_str()));
    let problems: Vec<Problem> = schemakit::names::collisions(names)
        .into_iter()
        .map(|(a, b)| {
            let def = objects
                .iter()
                .find(|d| d.name == b)
                .or_else(|| objects.iter().find(|d| d.name == a));
            Problem::at(
                def.map_or_else(String::new, |d| d.file.clone()),
                format!("/$defs/{}", schemakit::pointer::escape(&b)),
                format!(
                    "the definitions {a:?} and {b:?} would have the same page ({}.{ext}): rename one",
                    schemakit::names::file_stem(&b)
                ),
            )
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Problems(problems))
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The anchor of an index entry's heading.
fn anchor(name: &str) -> String {
    schemakit::names::file_stem(name).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::markdown::text;
    use super::model::{common_tail, type_of};
    use super::*;
    use crate::contract::schema_set::tests::doc;
    use schemagen::TypeShape;
    use serde_json::json;
    use serde_json::Value;

    /// The set of `documents` (named by file name), and the manifest of the
    /// generator run over the same documents with the Clerk settings, each
    /// named by a URI (so that the manifest spells the file otherwise).
    fn set_and_manifest(documents: &[(&str, Value)]) -> (SchemaSet, Manifest) {
        let set = SchemaSet::from_documents(documents).unwrap();
        let mut generator = schemagen::Generator::new(super::super::generate::options());
        for (name, value) in documents {
            generator =
                generator.document(format!("https://clerk.test/schema/{name}"), value.clone());
        }
        let outcome = generator.run();
        if let Err(errors) = &outcome.code {
            panic!("{errors}");
        }
        (set, outcome.manifest.unwrap())
    }

    fn assert_lines(page: &str, lines: &[&str]) {
        for line in lines {
            assert!(page.contains(line), "{line:?} is not in:\n{page}");
        }
    }

    #[test]
    fn a_small_set_renders_object_pages_and_an_index() {
        let (set, manifest) = set_and_manifest(&[(
            "s.json",
            doc(json!({
                "Thing": {
                    "type": "object",
                    "description": "A thing, e.g. this one. More text.",
                    "properties": {
                        "id": {"type": "string", "description": "The ID."},
                        "status": {"$ref": "#/$defs/Status"},
                        "owner": {"anyOf": [{"$ref": "#/$defs/Owner"}, {"type": "null"}]},
                        "at": {"$ref": "#/$defs/Stamp", "deprecated": true}
                    },
                    "required": ["id", "status"],
                    "additionalProperties": false
                },
                "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
                "Status": {"type": "string", "enum": ["active", "ended"]},
                "Stamp": {"type": "integer", "format": "int64", "description": "Milliseconds."}
            })),
        )]);
        let pages = render(&set, &manifest, "2.1.0").unwrap();
        let names: Vec<&str> = pages.keys().map(String::as_str).collect();
        assert_eq!(names, ["Owner.md", "README.md", "Thing.md"]);
        assert!(pages["README.md"].contains("in `schema/` (version 2.1.0)"));
        assert_lines(
            &pages["Thing.md"],
            &[
                "# Thing\n\nA thing, e.g. this one. More text.\n",
                "| Rust type | `clerk_models::Thing` |\n| Schema | `s.json#/$defs/Thing` |\n",
                "| Unknown properties | not in the contract (reported as drift); the Rust type keeps them in `extra` |",
                "| `id` | `id` | string | `String` | yes | no | The ID. |",
                "| `status` | `status` | [Status](README.md#status) | `Status` | yes | no | Values: `active`, `ended` |",
                "| `owner` | `owner` | [Owner](Owner.md) | `Option<Option<Owner>>` | no | yes |  |",
                "| `at` | `at` | [Stamp](README.md#stamp): integer (int64) | `Option<Stamp>` | no | no | **Deprecated.**  |",
            ],
        );
        assert_lines(
            &pages["Owner.md"],
            &[
                "| Rust type | `clerk_models::Owner` |",
                "## Referenced by\n\n- [Thing](Thing.md): `owner`\n",
            ],
        );
        assert_lines(
            &pages["README.md"],
            &[
                "| [Thing](Thing.md) | `Thing` | `s.json` | A thing, e.g. this one. |",
                "| [Owner](Owner.md) | `Owner` | `s.json` |  |",
                "### Status\n\nRust type `Status`, schema `s.json#/$defs/Status`.",
                "| `active` | `Status::Active` |\n| `ended` | `Status::Ended` |\n| any other | `Status::Unknown(String)` |",
                "### Stamp\n\ninteger (int64) · Rust type `Stamp` · schema `s.json#/$defs/Stamp`\n\nMilliseconds.",
            ],
        );
    }

    /// Where sanitizing a name alone would not give the generated one, the
    /// page has the generator's: colliding field names are numbered, the
    /// field that keeps unknown properties yields to a property named
    /// `extra`, a def named like an item emitted beside the types (`Check`)
    /// is renamed, and an enum listing `Unknown` and `Other` gets the next
    /// fallback name.
    #[test]
    fn names_are_the_generators_not_re_derived() {
        let (set, manifest) = set_and_manifest(&[(
            "t.json",
            doc(json!({
                "Check": {
                    "type": "object",
                    "properties": {
                        "a_b": {"type": "string"},
                        "a-b": {"type": "integer", "format": "int32"},
                        "type": {"$ref": "#/$defs/Kind"},
                        "extra": {"type": "boolean"}
                    },
                    "required": ["a-b", "missing"]
                },
                "Kind": {"type": "string", "enum": ["unknown", "other", "Other", "self"]}
            })),
        )]);
        let pages = render(&set, &manifest, "1.0.0").unwrap();
        assert_lines(
            &pages["Check.md"],
            &[
                "| Rust type | `clerk_models::Check2` |",
                "the Rust type keeps them in `extra2` |",
                "| `a_b` | `a_b` | string | `Option<String>` | no | no |  |",
                "| `a-b` | `a_b2` | integer (int32) | `i32` | yes | no |  |",
                "| `type` | `type_` | [Kind](README.md#kind) | `Option<Kind>` | no | no | Values: `unknown`, `other`, `Other`, `self` |",
                "| `extra` | `extra` | boolean | `Option<bool>` | no | no |  |",
                "| `missing` | `missing` | any | `serde_json::Value` | yes | no |  |",
            ],
        );
        assert_lines(
            &pages["README.md"],
            &[
                "| [Check](Check.md) | `Check2` | `t.json` |  |",
                "| `unknown` | `Kind::Unknown` |\n| `other` | `Kind::Other` |\n| `Other` | `Kind::Other2` |\n| `self` | `Kind::Self_` |\n| any other | `Kind::UnknownValue(String)` |",
            ],
        );
    }

    #[test]
    fn a_def_is_found_whatever_the_spelling_of_its_file() {
        assert_eq!(common_tail("schema/client.json", "schema/client.json"), 2);
        assert_eq!(common_tail("./schema/client.json", "schema/client.json"), 2);
        assert_eq!(
            common_tail("/abs/schema/client.json", "schema\\client.json"),
            2
        );
        assert_eq!(
            common_tail("https://clerk.test/schema/client.json", "client.json"),
            1
        );
        assert_eq!(common_tail("schema/client.json", "schema/session.json"), 0);
        // Two files with a def at the same pointer: the one whose name
        // matches; without a match, neither.
        let one =
            json!({"$defs": {"A": {"type": "object", "properties": {"x": {"type": "string"}}}}});
        let two =
            json!({"$defs": {"A": {"type": "object", "properties": {"y": {"type": "string"}}}}});
        let manifest = schemagen::Generator::new(super::super::generate::options())
            .document("https://clerk.test/one.json", one.clone())
            .document("https://clerk.test/two.json", two)
            .run()
            .manifest
            .unwrap();
        let def = |file: &str| Def {
            name: "A".into(),
            file: file.into(),
            pointer: "/$defs/A".into(),
            value: one.clone(),
        };
        let field_of = |file: &str| match &type_of(&manifest, &def(file))?.shape {
            TypeShape::Struct { fields, .. } => Some(fields[0].wire.clone()),
            _ => None,
        };
        assert_eq!(field_of("schema/one.json").as_deref(), Some("x"));
        assert_eq!(field_of("two.json").as_deref(), Some("y"));
        assert_eq!(field_of("three.json"), None);
    }

    #[test]
    fn html_is_escaped_outside_code() {
        assert_eq!(text("oauth_<p> `a<b>` | x"), "oauth_&lt;p&gt; `a<b>` \\| x");
    }
}
