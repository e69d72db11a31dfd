//! Which Frontend API operation a request was, and the kind its response
//! body must be: the endpoint map (`schema/map/endpoints.json`, embedded)
//! behind one [`matchit`] router per method.
//!
//! A captured request names its operation exactly: the answer to
//! `POST /v1/me/email_addresses` with a 2xx status is an
//! `EmailAddressEnvelope`, with a 4xx or 5xx status the error envelope,
//! whatever its shape suggests. [`Endpoints::route`] takes a method, a URL
//! (any host, or none; the query and fragment are ignored, so
//! `?_clerk_session_id=…&__clerk_api_version=…` does not matter) and a status,
//! and says what to judge the body as, or why there is nothing to judge.
//!
//! ```
//! use clerk_models::judge::endpoint::{Endpoints, Route};
//! let map = Endpoints::builtin();
//! let url = "https://clerk.example.com/v1/me/email_addresses?_clerk_js_version=5.0";
//! let Route::Judge { operation, kind, .. } = map.route("POST", url, 200) else { panic!() };
//! assert_eq!((operation.operation_id.as_str(), kind), ("createEmailAddresses", "EmailAddressEnvelope"));
//! let Route::Judge { kind, .. } = map.route("post", url, 422) else { panic!() };
//! assert_eq!(kind, "ErrorEnvelope");
//! assert!(matches!(map.route("GET", "/assets/app.js", 200), Route::Skip { .. }));
//! ```
//!
//! Templates are matched by segments, as the spec writes them
//! (`/v1/client/sessions/{session_id}/tokens/{template_name}`), never by
//! hand-written patterns; `tests/endpoints.rs` holds that no two templates of
//! one method can match the same path, so the router's preference for
//! static segments never decides between two operations.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;

/// The endpoint map, as the crate embeds it.
pub const MAP: &str = crate::schema::ENDPOINTS;

/// One operation of the map.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Operation {
    /// `GET`, `POST`, … (upper case).
    pub method: String,
    /// The path template as the spec writes it.
    pub path: String,
    /// The spec's `operationId`.
    pub operation_id: String,
    /// Each 2xx status the spec lists, with the kind of its body (`None`:
    /// no body).
    pub success: Vec<Success>,
    /// The kind of a 4xx or 5xx body.
    pub error_kind: String,
    /// Why `success` is empty or bodiless, when it is.
    #[serde(default)]
    pub note: Option<String>,
}

/// A success status of an operation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Success {
    pub status: u16,
    /// The kind of its body; `None` when it has none.
    pub kind: Option<String>,
    /// The spec's schema for it (`Client.ClientWrappedClient`, `inline:…`).
    pub spec_schema: Option<String>,
}

/// An operation of the spec outside the contract (no Client objects).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LeftOut {
    pub method: String,
    pub path: String,
    pub operation_id: String,
    /// Why it is left out.
    pub why: String,
}

#[derive(Deserialize)]
struct File {
    operations: Vec<Operation>,
    left_out: Vec<LeftOut>,
}

/// What a route leads to.
#[derive(Debug, Clone, Copy)]
enum Target {
    Operation(usize),
    LeftOut(usize),
}

/// The endpoint map with its routers. See the [module documentation](self).
pub struct Endpoints {
    operations: Vec<Operation>,
    left_out: Vec<LeftOut>,
    /// By method: every template of the map, operations and left-out ones.
    routers: BTreeMap<String, matchit::Router<Target>>,
}

impl fmt::Debug for Endpoints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoints")
            .field("operations", &self.operations.len())
            .field("left_out", &self.left_out.len())
            .finish()
    }
}

/// What to do with a response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'e> {
    /// Judge it as `kind`.
    Judge {
        operation: &'e Operation,
        kind: &'e str,
        /// Whether the status is an error (4xx, 5xx): `kind` is the error kind.
        error: bool,
    },
    /// Nothing to judge.
    Skip {
        /// The operation, when the request was one.
        operation: Option<&'e Operation>,
        why: Skip<'e>,
    },
}

/// Why a response has no body to judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip<'e> {
    /// No operation of the spec has this path.
    NotFrontendApi,
    /// Operations have this path, but none with this method (a CORS
    /// preflight `OPTIONS`, say).
    NoSuchMethod,
    /// An operation of the spec that the contract leaves out, and why.
    LeftOut(&'e LeftOut),
    /// A status with no body: 1xx, 3xx, 204, a success the spec gives no
    /// body, or 0 (no response was received).
    NoBody(u16),
}

impl fmt::Display for Skip<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::NotFrontendApi => f.write_str("not a Frontend API path"),
            Skip::NoSuchMethod => f.write_str("no Frontend API operation has this method here"),
            Skip::LeftOut(op) => {
                write!(f, "{} is outside the contract: {}", op.operation_id, op.why)
            }
            Skip::NoBody(0) => f.write_str("no response was received"),
            Skip::NoBody(status) if (300..400).contains(status) => {
                write!(f, "status {status} is a redirect, without a body to judge")
            }
            Skip::NoBody(status) => write!(f, "status {status} has no body to judge"),
        }
    }
}

/// Why an endpoint map cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapError(pub String);

impl fmt::Display for MapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MapError {}

impl Endpoints {
    /// The map built into the crate (parsed once).
    pub fn builtin() -> &'static Endpoints {
        static BUILTIN: OnceLock<Endpoints> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Endpoints::from_json(MAP).expect("the embedded endpoint map is checked by its tests")
        })
    }

    /// A map read from the text of an `endpoints.json`. Two templates of
    /// one method that the router cannot tell apart are an error.
    pub fn from_json(text: &str) -> Result<Endpoints, MapError> {
        let file: File = serde_json::from_str(text)
            .map_err(|e| MapError(format!("not an endpoint map: {e}")))?;
        let mut routers: BTreeMap<String, matchit::Router<Target>> = BTreeMap::new();
        let templates = file
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| (&op.method, &op.path, Target::Operation(i)))
            .chain(
                file.left_out
                    .iter()
                    .enumerate()
                    .map(|(i, op)| (&op.method, &op.path, Target::LeftOut(i))),
            );
        for (method, path, target) in templates {
            routers
                .entry(method.to_ascii_uppercase())
                .or_default()
                .insert(path.as_str(), target)
                .map_err(|e| MapError(format!("{method} {path}: {e}")))?;
        }
        Ok(Endpoints {
            operations: file.operations,
            left_out: file.left_out,
            routers,
        })
    }

    /// Every operation, in the map's order (by path, then method).
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// The operations of the spec the contract leaves out.
    pub fn left_out(&self) -> &[LeftOut] {
        &self.left_out
    }

    /// The operation `method` and `url` name, or why there is none.
    pub fn operation(&self, method: &str, url: &str) -> Result<&Operation, Skip<'_>> {
        let path = path_of(url);
        let method = method.to_ascii_uppercase();
        let found = self
            .routers
            .get(&method)
            .and_then(|router| router.at(path).ok());
        match found.map(|m| *m.value) {
            Some(Target::Operation(i)) => Ok(&self.operations[i]),
            Some(Target::LeftOut(i)) => Err(Skip::LeftOut(&self.left_out[i])),
            None if self.routers.values().any(|r| r.at(path).is_ok()) => Err(Skip::NoSuchMethod),
            None => Err(Skip::NotFrontendApi),
        }
    }

    /// What to judge the body of a response to `method` `url` with `status` as.
    pub fn route(&self, method: &str, url: &str, status: u16) -> Route<'_> {
        match self.operation(method, url) {
            Ok(operation) => operation.route(status),
            Err(why) => Route::Skip {
                operation: None,
                why,
            },
        }
    }
}

impl Operation {
    /// `METHOD /path/{template}`.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// The kind of a success body: the only kind the operation's successes
    /// have (`None` when they have none, or several).
    pub fn success_kind(&self) -> Option<&str> {
        let mut kinds = self.success.iter().filter_map(|s| s.kind.as_deref());
        let first = kinds.next()?;
        kinds.all(|k| k == first).then_some(first)
    }

    /// What to judge a response body of this operation with `status` as.
    pub fn route(&self, status: u16) -> Route<'_> {
        let kind = match status {
            400..=599 => Some(self.error_kind.as_str()),
            204 => None,
            200..=299 => match self.success.iter().find(|s| s.status == status) {
                Some(listed) => listed.kind.as_deref(),
                None => self.success_kind(),
            },
            _ => None,
        };
        match kind {
            Some(kind) => Route::Judge {
                operation: self,
                kind,
                error: status >= 400,
            },
            None => Route::Skip {
                operation: Some(self),
                why: Skip::NoBody(status),
            },
        }
    }
}

/// The path of a URL: after the scheme and host when there are any, before
/// the query and the fragment (`https://h/v1/client?x=1` → `/v1/client`).
pub fn path_of(url: &str) -> &str {
    let rest = match url.find("://") {
        Some(i)
            if url[..i]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) =>
        {
            let after = &url[i + 3..];
            match after.find(['/', '?', '#']) {
                Some(j) if after.as_bytes()[j] == b'/' => &after[j..],
                _ => "/",
            }
        }
        _ => url,
    };
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_urls() {
        assert_eq!(
            path_of("https://clerk.example.com/v1/client?_clerk_session_id=sess_1"),
            "/v1/client"
        );
        assert_eq!(path_of("http://localhost:3000"), "/");
        assert_eq!(path_of("https://h?x=1"), "/");
        assert_eq!(path_of("/v1/me#top"), "/v1/me");
        assert_eq!(path_of("/v1/me"), "/v1/me");
    }

    #[test]
    fn statuses_lead_to_kinds() {
        let map = Endpoints::builtin();
        let kind = |method, url, status| match map.route(method, url, status) {
            Route::Judge { kind, .. } => kind.to_owned(),
            Route::Skip { why, .. } => format!("skip: {why}"),
        };
        assert_eq!(kind("GET", "/v1/client", 200), "ClientEnvelope");
        assert_eq!(kind("GET", "/v1/client", 401), "ErrorEnvelope");
        assert_eq!(kind("GET", "/v1/client", 503), "ErrorEnvelope");
        assert_eq!(
            kind("GET", "/v1/client", 304),
            "skip: status 304 is a redirect, without a body to judge"
        );
        assert_eq!(
            kind("GET", "/v1/client", 0),
            "skip: no response was received"
        );
        assert_eq!(
            kind("DELETE", "/v1/me/billing/payment_methods/pm_1", 204),
            "skip: status 204 has no body to judge"
        );
        assert_eq!(
            kind("DELETE", "/v1/me/billing/payment_methods/pm_1", 200),
            "BillingPaymentMethodEnvelope"
        );
        // A 2xx the spec does not list: the operation's only success kind.
        assert_eq!(
            kind("POST", "/v1/me/email_addresses", 201),
            "EmailAddressEnvelope"
        );
        assert_eq!(
            kind("POST", "/v1/me/oauth/consent/client_1", 200),
            "skip: status 200 has no body to judge"
        );
        assert_eq!(
            kind("OPTIONS", "/v1/client", 204),
            "skip: no Frontend API operation has this method here"
        );
        assert!(kind("GET", "/v1/environment", 200)
            .starts_with("skip: getEnvironment is outside the contract: "));
        assert_eq!(
            kind("GET", "/index.html", 200),
            "skip: not a Frontend API path"
        );
        assert_eq!(
            kind("POST", "https://a.clerk.accounts.dev/v1/client/sessions/sess_2/tokens/supabase?__clerk_api_version=2025-11-10", 200),
            "SessionToken"
        );
    }

    #[test]
    fn a_map_whose_templates_conflict_is_refused() {
        let map = r#"{"operations": [
            {"method": "GET", "path": "/v1/a/{x}", "operation_id": "a", "success": [], "error_kind": "E"},
            {"method": "GET", "path": "/v1/a/{y}", "operation_id": "b", "success": [], "error_kind": "E"}
        ], "left_out": []}"#;
        let error = Endpoints::from_json(map).unwrap_err();
        assert!(error.0.starts_with("GET /v1/a/{y}: "), "{error}");
        assert!(Endpoints::from_json("{}").is_err());
    }
}
