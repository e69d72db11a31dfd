//! Checks of keyword values that hold in every mode, whatever is generated:
//! a `pattern` or a `patternProperties` key that is not a regular
//! expression is an error naming its place.

use crate::error::{Diagnostics, Error};
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
