//! The integer formats asserted: `int32`, `int64`, `uint8`… name exactly the
//! ranges the Rust types hold, written as integers. JSON Schema 2020-12 treats
//! `format` as an annotation and counts `1.0` as an integer, so without this
//! the schema would accept `2147483648` for an `int32` (or `1.0` for a
//! timestamp) that the types reject. Other formats stay annotations.

use jsonschema::{paths::Location, Keyword, ValidationError};
use serde_json::{Map, Value};

/// The range a format names, if it names an integer width.
fn range(format: &str) -> Option<(i128, i128)> {
    Some(match format {
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "int32" => (i32::MIN.into(), i32::MAX.into()),
        "int64" => (i64::MIN.into(), i64::MAX.into()),
        "uint8" => (0, u8::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "uint32" => (0, u32::MAX.into()),
        "uint64" => (0, u64::MAX.into()),
        _ => return None,
    })
}

struct IntegerFormat {
    name: String,
    range: Option<(i128, i128)>,
}

impl IntegerFormat {
    fn holds(&self, instance: &Value) -> bool {
        let (Some((min, max)), Value::Number(n)) = (self.range, instance) else {
            // Not an integer format, or not a number: nothing to assert.
            return true;
        };
        let exact = n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from));
        // No exact integer: written with a fraction or an exponent, or past u64.
        exact.is_some_and(|i| (min..=max).contains(&i))
    }
}

impl<'i> Keyword<'i> for IntegerFormat {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.holds(instance) {
            Ok(())
        } else {
            Err(ValidationError::custom(format!(
                "{instance} is not an {} (an integer literal in range)",
                self.name
            )))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.holds(instance)
    }
}

/// The `format` keyword's replacement, registered with `with_keyword`.
pub fn factory<'a>(
    _parent: &'a Map<String, Value>,
    value: &'a Value,
    _path: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    let name = value.as_str().unwrap_or_default().to_owned();
    let range = range(&name);
    Ok(Box::new(IntegerFormat { name, range }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn holds(format: &str, value: Value) -> bool {
        IntegerFormat {
            name: format.into(),
            range: range(format),
        }
        .holds(&value)
    }

    #[test]
    fn integer_formats_are_ranges_of_integer_literals() {
        assert!(holds("int32", json!(2147483647)));
        assert!(!holds("int32", json!(2147483648u64)));
        assert!(holds("int64", json!(-9223372036854775808i64)));
        assert!(!holds("int64", json!(9223372036854775808u64)));
        assert!(!holds("int64", json!(1.0)));
        assert!(!holds("int64", json!(1e20)));
        assert!(holds("uint64", json!(18446744073709551615u64)));
        assert!(!holds("uint8", json!(-1)));
        // Other formats, and other types, are not asserted.
        assert!(holds("date-time", json!("yesterday")));
        assert!(holds("int32", json!("not a number")));
    }
}
