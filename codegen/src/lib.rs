//! A general JSON Schema (draft 2020-12) to Rust model generator.
//!
//! [`Generator`] runs the stages in order, with an error sink between them
//! so that one run reports every problem ([`driver`]): [`schema`] reads the
//! documents (bounded) and resolves every `$ref` (local files only, nothing
//! is ever fetched), [`ir`] converts schemas to Rust-shaped types, makes
//! recursion finite and works out what the emitter needs to know, and
//! [`emit`] prints Rust with fully-qualified paths (the validators come from
//! [`validator`]). The [`Outcome`] holds the code and a [`Manifest`] of
//! every generated type. A build script needs one call ([`build`]); the
//! `schemagen` command line is the `schemagen-cli` package beside this one.
//!
//! ```no_run
//! let outcome = schemagen::Generator::new(schemagen::Options::default())
//!     .dir("schema")
//!     .run();
//! match outcome.code {
//!     Ok(code) => println!("{code}"),
//!     Err(errors) => eprintln!("{errors}"),
//! }
//! ```

pub mod build;
pub mod driver;
pub mod emit;
pub mod error;
pub mod ir;
pub mod options;
pub mod schema;
pub mod validator;

pub use driver::{Generator, Loaded, Outcome};
pub use error::{Error, Errors, Location, Warning};
pub use ir::manifest::{FieldInfo, Manifest, TypeInfo, TypeShape};
pub use options::{Defaults, Draft, Limits, Mode, Options, UnknownProperties, Visibility};

/// The README's examples, compiled and run as doc tests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The emitted runtime, compiled and tested here on its own (the emitter
/// includes the text of its files).
#[cfg(test)]
mod runtime;
