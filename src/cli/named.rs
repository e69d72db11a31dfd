//! What `validate --type` and `--endpoint` name: a kind of the contract,
//! or an operation of the endpoint map, or why there is none.

use super::{CliError, Problem};
use clerk_models::judge::endpoint::{Endpoints, Operation};
use clerk_models::judge::Judge;

/// The operation named with --endpoint ("METHOD PATH"), or why there is none.
pub fn endpoint_named(text: &str) -> Result<&'static Operation, CliError> {
    let (method, path) = text.trim().split_once(char::is_whitespace).ok_or_else(|| {
        usage(
            "--endpoint",
            format!("{text:?} is not \"METHOD PATH\" (GET /v1/client)"),
        )
    })?;
    Endpoints::builtin()
        .operation(method, path.trim())
        .map_err(|why| usage("--endpoint", format!("{text}: {why}")))
}

pub fn usage(what: &str, message: String) -> CliError {
    CliError::Problems(vec![Problem::file(what, message)])
}

/// The kind named with --type, or why there is none.
pub fn kind_named(judge: &Judge, name: &str) -> Result<&'static str, CliError> {
    if let Some(kind) = judge.kind(name) {
        return Ok(kind.name);
    }
    let suggestion = judge
        .nearest_kind(name)
        .map(|k| format!(" (did you mean {k}?)"))
        .unwrap_or_default();
    Err(CliError::Problems(vec![Problem::file(
        "--type",
        format!(
            "no kind is named {name:?}{suggestion}; the kinds are: {}",
            judge.payload_kinds().join(", ")
        ),
    )]))
}
