//! Generates the crate's types from its JSON Schemas with schemagen, into `OUT_DIR`.
//!
//! Cargo reruns this only when a schema changes, is added or removed: the
//! helper prints `cargo::rerun-if-changed` for every folder and file it
//! reads, and passes schemagen's warnings on as `cargo::warning`. A schema
//! that does not generate fails the build with every error, each with its
//! file and JSON pointer.

use schemagen::build::{compile_schemas, BuildError, Builder};
use schemagen::{Options, Visibility};

fn main() -> Result<(), BuildError> {
    // The one call: every schema in `schemas/`, into `OUT_DIR/schemas.rs`.
    compile_schemas(["schemas"])?;

    // With settings: `store/` into `OUT_DIR/store.rs`, visible in this
    // crate only, the schema's `Money` string replaced by the crate's own
    // type, the order and its lines renamed, and `Eq` on every type.
    Builder::new()
        .options(
            Options::default()
                .with_formatting(false)
                .with_visibility(Visibility::Crate)
                .with_replace("Money", "crate::money::Money")
                .with_rename("Order", "PurchaseOrder")
                .with_rename("#/properties/lines/items", "OrderLine")
                .with_derive("Eq"),
        )
        .dir("store")
        .file_name("store.rs")
        .provided_crates(["serde", "serde_json"])
        .compile()?;
    Ok(())
}
