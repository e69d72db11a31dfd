//! Rust models of Clerk's Frontend API `Client` object graph, generated at
//! build time from the JSON Schema contract in `schema/`.
//!
//! Decode any Frontend API payload with `serde_json`:
//!
//! ```
//! let body = r#"{"response": {"object": "client", "id": "client_1", "sessions": [],
//!     "sign_in": null, "sign_up": null, "last_active_session_id": null,
//!     "last_authentication_strategy": null, "cookie_expires_at": null,
//!     "captcha_bypass": false, "created_at": 1767225596000, "updated_at": 1767225598000},
//!     "client": null}"#;
//! let envelope: clerk_models::models::ClientEnvelope = serde_json::from_str(body).unwrap();
//! assert_eq!(envelope.response.unwrap().id, "client_1");
//! ```
//!
//! The types are tolerant: a property or enum value that the schema does not
//! list still decodes (kept in `extra`, or as an `Unknown` variant), and
//! encoding gives back the same JSON, `null` and absent kept apart.

/// The generated types, and their plumbing: the drift walk (`Check`), the
/// index of every type (`SCHEMA_TYPES`, `visit_type`) and the validators
/// (`validate_type`, `is_valid_type`).
#[allow(clippy::all)]
pub mod models {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

/// The JSON Schema contract itself, embedded.
pub mod schema {
    include!(concat!(env!("OUT_DIR"), "/schema_files.rs"));

    /// The endpoint map (`schema/map/endpoints.json`): every operation of
    /// the Frontend API spec, with the kind of each success body and of its
    /// error bodies, or why the contract leaves it out.
    pub const ENDPOINTS: &str = include_str!("../schema/map/endpoints.json");

    /// The contract's version (`schema/VERSION`, `MAJOR.MINOR.PATCH`): a
    /// breaking change moves the major, an addition the minor. The bundles'
    /// `$id` and `x-version` carry it.
    pub const VERSION: &str = include_str!("../schema/VERSION");
}

#[cfg(feature = "validate")]
pub mod judge;

#[cfg(feature = "contract")]
pub mod contract;
