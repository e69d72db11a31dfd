//! What the schema tools share, written once: the JSON Schema keywords of
//! every draft with the role and subschema shape of each ([`keywords`]),
//! JSON pointers ([`pointer`]), line:column positions and excerpts of text
//! ([`position`]), the integer formats ([`formats`]), and reading schema
//! files, bounded in size and depth ([`read`], [`depth`]); and what keeps
//! schemas from someone else in their place: descriptions through a
//! Markdown parser ([`markdown`]), file names made safe ([`names`]), writes
//! only inside the output folder ([`write`]).
//!
//! Both the generator (`schemagen`) and the payload judge of `clerk-models`
//! depend on it; it needs nothing but `serde_json`, `memchr` and
//! `pulldown-cmark`, so a
//! library that only judges payloads does not build the generator.

pub mod depth;
pub mod formats;
pub mod keywords;
pub mod markdown;
pub mod names;
pub mod pointer;
pub mod position;
pub mod read;
pub mod write;

pub use keywords::{Draft, Family, Holds, Keyword};
pub use position::Position;
