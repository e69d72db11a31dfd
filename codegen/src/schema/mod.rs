//! The schema side of generation: reading documents ([`load`]) of any
//! draft as 2020-12 ([`drafts`]), indexing
//! them and resolving every `$ref` ([`resolve`]), what the generator does
//! with each keyword ([`roles`]), and the checks of keyword values that
//! hold in every mode ([`check`]), and the work a validator of the schema
//! may do at one place of a value ([`work`]).

pub mod check;
pub mod drafts;
pub mod load;
pub mod resolve;
pub mod roles;
pub mod work;
