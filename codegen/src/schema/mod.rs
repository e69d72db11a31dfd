//! The schema side of generation: reading documents ([`load`]), indexing
//! them and resolving every `$ref` ([`resolve`]), and what the generator
//! does with each keyword ([`roles`]).

pub mod load;
pub mod resolve;
pub mod roles;
