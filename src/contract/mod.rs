//! The contract's engines: reading, bundling, diffing and documenting the
//! JSON Schema contract in `schema/`, and planning what `generate` writes.
//!
//! The command line (`src/cli`) parses arguments and prints; everything it
//! computes comes from here, so each engine can be used and tested without
//! the binary:
//!
//! * [`schema_set`]: a schema folder, a bundle or in-memory documents as one
//!   flat [`SchemaSet`] of named definitions, every `$ref` internal;
//! * [`source`]: where a schema is read from, a path or the schema built
//!   into this crate ([`Source`]);
//! * [`bundle`]: one self-contained schema file (strict or tolerant), and
//!   [`bundle::verify`] against the 2020-12 meta-schema;
//! * [`diff`]: every change between two schema versions, classified by the
//!   one table of [`diff::rules`];
//! * [`docs`]: the reference, Markdown and HTML from one page model, with
//!   examples from the recordings and the object graph from `Client`;
//! * [`version`]: the contract's version and the part a change moves;
//! * [`release`]: the releases kept and the
//!   changelog written from their diffs;
//! * [`kit`]: the recordings and their verdicts as a conformance kit in
//!   the JSON-Schema-Test-Suite format;
//! * [`typescript`]: TypeScript declarations as tolerant as the models;
//! * [`generate`]: the models, and the plan of every file of `generated/`;
//! * [`files`]: writing files only when their bytes change;
//! * [`problem`]: located [`Problem`]s and the [`Error`] that stops an engine.

pub mod bundle;
pub mod diff;
pub mod docs;
pub mod files;
pub mod generate;
pub mod kit;
pub mod problem;
pub mod release;
pub mod schema_set;
mod settings;
pub mod source;
pub mod typescript;
pub mod version;
mod walk;

pub use problem::{Error, Problem};
pub use schema_set::{Def, SchemaSet};
pub use source::Source;

/// The Frontend API version the schema describes.
pub const FAPI_VERSION: &str = "2026-05-12";
/// The version of this package, which versions the contract.
pub const PACKAGE_VERSION: &str = env!("CARGO_PKG_VERSION");
