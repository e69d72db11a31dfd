//! The emitted runtime compiled as a module of this crate, so that the
//! files the emitter includes as text are checked and tested like any code.

#![allow(dead_code, unused_macros, unexpected_cfgs, clippy::all)]

pub mod check;
pub mod fields;
pub mod place;
pub mod validate;

#[cfg(test)]
mod tests;
