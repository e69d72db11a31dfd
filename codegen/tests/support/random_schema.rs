// Seeded random JSON Schemas built from the keywords the generator supports,
// with `$ref`s among a pool of `$defs` (so cycles of any shape occur), odd and
// colliding names, and nullable, optional and union shapes. Shared (by
// `include!`) between the generator's property tests and the suite crate's
// build script, which compiles a seeded sample of them in one batch.

/// A small, fast, seedable generator (xorshift64*); no dependency needed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const NAMES: &[&str] = &[
    "id", "type", "self", "Self", "ref", "$ref", "", "2fa", "camelCase", "camel_case", "CAMEL-CASE",
    "café", "extra", "object", "status", "a/b", "r#x", "value", "Option", "Box",
];
const STRINGS: &[&str] = &["active", "Active", "ACTIVE", "", "unknown", "a-b", "a_b", "2x", "é", "Self"];
const DEFS: &[&str] = &["Node", "node", "Item", "Self", "Option", "Leaf", "Vec", "a-b"];

/// A random schema document: a root with `$defs` that refer to each other.
pub fn random_schema(seed: u64) -> serde_json::Value {
    let mut rng = Rng::new(seed);
    let mut defs = serde_json::Map::new();
    let count = 1 + rng.below(4) as usize;
    for name in DEFS.iter().take(count) {
        defs.insert((*name).to_owned(), node(&mut rng, 3, count));
    }
    let mut root = match node(&mut rng, 3, count) {
        serde_json::Value::Object(map) => map,
        other => {
            let mut map = serde_json::Map::new();
            map.insert("anyOf".into(), serde_json::json!([other, {"type": "null"}]));
            map
        }
    };
    root.insert("$defs".into(), serde_json::Value::Object(defs));
    serde_json::Value::Object(root)
}

fn node(rng: &mut Rng, depth: u32, defs: usize) -> serde_json::Value {
    use serde_json::json;
    let leaf = depth == 0;
    match rng.below(if leaf { 8 } else { 15 }) {
        0 => json!({"type": "string"}),
        1 => json!({"type": "integer", "format": rng.pick(&["int32", "int64", "uint8", "uint64", "weird"])}),
        2 => json!({"type": "number", "minimum": 0}),
        3 => json!({"type": "boolean"}),
        4 => json!({"type": ["string", "null"], "maxLength": 5}),
        5 => {
            let n = rng.below(4) as usize;
            let values: Vec<&str> = (0..n).map(|_| *rng.pick(STRINGS)).collect();
            json!({"enum": values})
        }
        6 => json!({"$ref": format!("#/$defs/{}", DEFS[rng.below(defs as u64) as usize].replace('~', "~0").replace('/', "~1"))}),
        7 => json!({"const": rng.pick(STRINGS)}),
        8 | 9 => {
            let mut props = serde_json::Map::new();
            let mut required = Vec::new();
            for _ in 0..rng.below(5) {
                let name = *rng.pick(NAMES);
                props.insert(name.to_owned(), node(rng, depth - 1, defs));
                if rng.chance(40) {
                    required.push(name);
                }
            }
            let mut object = json!({"type": "object", "properties": props, "required": required});
            match rng.below(3) {
                0 => object["additionalProperties"] = json!(false),
                1 => object["additionalProperties"] = node(rng, depth - 1, defs),
                _ => {}
            }
            object
        }
        10 => json!({"type": "array", "items": node(rng, depth - 1, defs), "maxItems": 4}),
        11 => json!({"anyOf": [node(rng, depth - 1, defs), {"type": "null"}]}),
        12 => json!({"oneOf": [node(rng, depth - 1, defs), node(rng, depth - 1, defs)]}),
        13 => json!({"allOf": [
            {"type": "object", "properties": {"a": node(rng, depth - 1, defs)}, "required": ["a"]},
            {"properties": {"b": node(rng, depth - 1, defs)}}
        ]}),
        _ => json!({"type": "object", "additionalProperties": node(rng, depth - 1, defs)}),
    }
}
