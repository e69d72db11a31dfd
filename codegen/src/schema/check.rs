//! Checks of keyword values that hold in every mode, whatever is generated:
//! a `pattern` or a `patternProperties` key that is not a regular
//! expression is an error naming its place, and so is an `enum` or a
//! `properties` larger than the [`Limits`] allow (caught here, before any
//! work is done on them).

use crate::error::{Diagnostics, Error};
use crate::options::Limits;
use crate::schema::resolve::{for_each_subschema, NodeId, Registry};
use serde_json::Value;

/// Reports every invalid pattern of the documents generated from (those
/// only registered to answer references are the caller's).
pub fn patterns(registry: &Registry, diags: &mut Diagnostics) {
    for (doc, document) in registry.docs.iter().enumerate() {
        if document.on_demand {
            continue;
        }
        // An explicit work list: no recursion, whatever the depth.
        let mut work = vec![(String::new(), &document.root)];
        while let Some((pointer, schema)) = work.pop() {
            let node = NodeId { doc, pointer };
            if let Some(Value::String(pattern)) = schema.get("pattern") {
                if let Some(message) = crate::validator::invalid_pattern(pattern) {
                    diags.error(Error::InvalidKeyword {
                        location: registry.location(&node),
                        keyword: "pattern".into(),
                        message,
                    });
                }
            }
            if let Some(Value::Object(patterns)) = schema.get("patternProperties") {
                for pattern in patterns.keys() {
                    if let Some(message) = crate::validator::invalid_pattern(pattern) {
                        diags.error(Error::InvalidKeyword {
                            location: registry.location(&node.child("patternProperties")),
                            keyword: "patternProperties".into(),
                            message,
                        });
                    }
                }
            }
            for_each_subschema(schema, |suffix, child| {
                work.push((format!("{}{suffix}", node.pointer), child));
            });
        }
    }
}

/// Reports every `enum` and `properties` larger than the limits allow, in
/// the documents generated from; whether there was one.
pub fn limits(registry: &Registry, limits: &Limits, diags: &mut Diagnostics) -> bool {
    let mut over = false;
    for (doc, document) in registry.docs.iter().enumerate() {
        if document.on_demand {
            continue;
        }
        let mut work = vec![(String::new(), &document.root)];
        while let Some((pointer, schema)) = work.pop() {
            let node = NodeId { doc, pointer };
            if let Some(Value::Array(values)) = schema.get("enum") {
                if values.len() > limits.max_enum_values {
                    over = true;
                    diags.error(Error::InvalidKeyword {
                        location: registry.location(&node),
                        keyword: "enum".into(),
                        message: format!(
                            "{} values is more than the limit of {} (Limits::max_enum_values)",
                            values.len(),
                            limits.max_enum_values
                        ),
                    });
                }
            }
            if let Some(Value::Object(properties)) = schema.get("properties") {
                if properties.len() > limits.max_fields {
                    over = true;
                    diags.error(Error::InvalidKeyword {
                        location: registry.location(&node),
                        keyword: "properties".into(),
                        message: format!(
                            "{} properties is more than the limit of {} fields \
                             (Limits::max_fields)",
                            properties.len(),
                            limits.max_fields
                        ),
                    });
                }
            }
            for_each_subschema(schema, |suffix, child| {
                work.push((format!("{}{suffix}", node.pointer), child));
            });
        }
    }
    over
}
