//! The integer formats (`int8` … `uint64`): the range each names. The
//! generator picks Rust integer widths from them, its validators assert
//! them, and the test oracle registers the same ranges with the
//! `jsonschema` crate, all from this one table.

/// Every integer format, with the range of integers it names.
pub const INTEGER_FORMATS: &[(&str, i128, i128)] = &[
    ("int8", i8::MIN as i128, i8::MAX as i128),
    ("int16", i16::MIN as i128, i16::MAX as i128),
    ("int32", i32::MIN as i128, i32::MAX as i128),
    ("int64", i64::MIN as i128, i64::MAX as i128),
    ("uint8", 0, u8::MAX as i128),
    ("uint16", 0, u16::MAX as i128),
    ("uint32", 0, u32::MAX as i128),
    ("uint64", 0, u64::MAX as i128),
];

/// The range of integers `format` names, if it names an integer width.
pub fn integer_range(format: &str) -> Option<(i128, i128)> {
    INTEGER_FORMATS
        .iter()
        .find(|(name, _, _)| *name == format)
        .map(|&(_, min, max)| (min, max))
}

/// Whether `value` is what an integer format asserts: an integer literal
/// (no fraction, no exponent) within `range`. Any other JSON value is not
/// the format's business and passes.
pub fn holds(range: (i128, i128), value: &serde_json::Value) -> bool {
    let serde_json::Value::Number(n) = value else {
        return true;
    };
    let exact = n
        .as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from));
    exact.is_some_and(|i| (range.0..=range.1).contains(&i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(format: &str, value: serde_json::Value) -> bool {
        holds(integer_range(format).unwrap(), &value)
    }

    #[test]
    fn integer_formats_are_ranges_of_integer_literals() {
        assert!(check("int32", json!(2147483647)));
        assert!(!check("int32", json!(2147483648u64)));
        assert!(check("int64", json!(-9223372036854775808i64)));
        assert!(!check("int64", json!(9223372036854775808u64)));
        assert!(!check("int64", json!(1.0)));
        assert!(!check("int64", json!(1e20)));
        assert!(check("uint64", json!(18446744073709551615u64)));
        assert!(!check("uint8", json!(-1)));
        assert!(check("int32", json!("not a number")));
        assert_eq!(integer_range("date-time"), None);
    }
}
