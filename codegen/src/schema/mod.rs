//! The schema side of generation: reading documents ([`load`]), indexing
//! them and resolving every `$ref` ([`resolve`]), what the generator does
//! with each keyword ([`roles`]), and the checks of keyword values that
//! hold in every mode ([`check`]).

pub mod check;
pub mod load;
pub mod resolve;
pub mod roles;
