//! The validators' runtime, emitted once into the generated `__schemagen` module: the error sink and its modes, the path to the current value, and the JSON helpers (`json_eq`, `multiple_of`, `is_integer`, short quotes of values).
//!
//! This file is real Rust, compiled and tested on its own (in this crate's
//! tests); the emitter includes its text. Everything here must name other
//! crates by absolute paths (`::serde_json`), as the generated code does.

/// How deep schema references may recurse on one value before validation gives up.
pub const MAX_DEPTH: u32 = 512;

/// The work one validation may do, in visits of schema nodes that apply
/// more than one subschema to a value (`anyOf`, `allOf`, `if`…, where work
/// can multiply; about 16 million, some 16 for each value of the largest
/// payload a judge reads). A schema can ask for more than any payload
/// deserves (`anyOf` branches that each lead to the next `anyOf`, nested
/// 30 deep, is a billion visits): past this, validation stops with a
/// [`LIMIT`] error saying so, rather than running for hours.
pub const MAX_STEPS: u64 = 1 << 24;

/// The errors one validation keeps by default (`anyOf` contexts included);
/// past this it goes on judging, and a [`LIMIT`] error says how many were
/// not kept. A caller that reports fewer asks for fewer ([`all_within`]):
/// each kept error costs some hundreds of bytes.
pub const MAX_ERRORS: usize = 100_000;

/// The keyword of an error that says validation hit one of its bounds.
pub const LIMIT: &str = "limit";

::std::thread_local! {
    /// The validations open on this thread (a probe inside a validation
    /// is counted with it) and the steps counted since the outermost began.
    static WORK: ::std::cell::Cell<(u32, u64)> = const { ::std::cell::Cell::new((0, 0)) };
}

/// One validation open on this thread; the outermost starts the count.
struct Work;

impl Work {
    fn open() -> Work {
        WORK.with(|w| {
            let (open, steps) = w.get();
            w.set((open + 1, if open == 0 { 0 } else { steps }));
        });
        Work
    }

    /// Whether this validation went past [`MAX_STEPS`].
    fn over(&self) -> bool {
        WORK.with(|w| w.get().1 > MAX_STEPS)
    }
}

impl ::std::ops::Drop for Work {
    fn drop(&mut self) {
        WORK.with(|w| {
            let (open, steps) = w.get();
            w.set((open.saturating_sub(1), steps));
        });
    }
}

/// Counts one node visited; `false` once the validation is over
/// [`MAX_STEPS`] (the generated functions of nodes that apply more than
/// one subschema start with it).
#[inline]
pub fn step() -> bool {
    WORK.with(|w| {
        let (open, steps) = w.get();
        w.set((open, steps.saturating_add(1)));
        steps < MAX_STEPS
    })
}

/// The error that says the validation stopped at [`MAX_STEPS`].
fn over_steps() -> SchemaError {
    SchemaError {
        pointer: ::std::string::String::new(),
        keyword: LIMIT,
        schema_path: ::std::string::String::new(),
        message: ::std::format!(
            "validation stopped after {} visits of schema nodes that apply several subschemas (the validators' MAX_STEPS): the schema asks more work of this value than one validation may do, so this verdict is incomplete",
            MAX_STEPS
        ),
        drift: false,
        context: ::std::vec::Vec::new(),
    }
}

/// Records a failed keyword at the current value (the message is
/// only built when it is kept), and ends the walk unless every
/// error is wanted.
macro_rules! fail {
    ($e:ident, $ok:ident, $at:expr, $keyword:expr, $message:expr, $drift:expr) => {{
        $ok = false;
        if $e.probing() {
            return false;
        }
        $e.push($at, $keyword, $message, $drift);
        if $e.stops() {
            return false;
        }
    }};
}

/// Validates a child value under one more pointer segment.
macro_rules! child {
    ($e:ident, $ok:ident, $segment:expr, $call:expr) => {{
        $e.enter($segment);
        let valid = $call;
        $e.leave();
        if !valid {
            $ok = false;
            if $e.stops() {
                return false;
            }
        }
    }};
}

/// Validates the same value against another node (`$ref`, `allOf`…).
macro_rules! same {
    ($e:ident, $ok:ident, $call:expr) => {{
        if !$call {
            $ok = false;
            if $e.stops() {
                return false;
            }
        }
    }};
}

/// A generated validator: the value, the depth of schema recursion so
/// far, and where its errors go. `true` when the value is valid.
pub type Validate = for<'x> fn(&'x ::serde_json::Value, u32, &mut Errors<'x>) -> bool;

/// What an [`Errors`] sink keeps.
#[derive(
    ::std::fmt::Debug,
    ::std::clone::Clone,
    ::std::marker::Copy,
    ::std::cmp::PartialEq,
    ::std::cmp::Eq,
)]
pub enum Mode {
    /// Nothing: only validity counts, and the first failure ends the walk.
    Probe,
    /// The first error.
    First,
    /// Every error.
    All,
}

/// One step from a value to a child.
#[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy)]
pub enum Segment<'v> {
    Key(&'v str),
    Index(usize),
}

/// One way a value departs from the schema.
#[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
pub struct SchemaError {
    /// The JSON pointer of the value in the payload.
    pub pointer: ::std::string::String,
    /// The keyword that failed (`type`, `required`, `anyOf`…).
    pub keyword: &'static str,
    /// The failing keyword in the schema: `file#pointer/keyword`.
    pub schema_path: ::std::string::String,
    /// What is wrong.
    pub message: ::std::string::String,
    /// Drift, which the tolerant types keep rather than refuse: a
    /// property that `additionalProperties: false` or
    /// `unevaluatedProperties: false` refuses (reported at the
    /// property), or a string that an all-string `enum` or `const`
    /// does not list.
    pub drift: bool,
    /// For an `anyOf` or `oneOf` that no branch matched, each
    /// branch's errors.
    pub context: ::std::vec::Vec<::std::vec::Vec<SchemaError>>,
}

impl ::std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            ::std::write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

impl ::std::error::Error for SchemaError {}

/// Where a validator's errors go, and the path to the value it is at.
#[derive(::std::fmt::Debug)]
pub struct Errors<'v> {
    mode: Mode,
    /// The pointer of the root this sink's path starts at.
    prefix: ::std::string::String,
    path: ::std::vec::Vec<Segment<'v>>,
    list: ::std::vec::Vec<SchemaError>,
    /// The errors recorded so far, kept or not (bounded by `max`).
    recorded: usize,
    /// The most errors kept.
    max: usize,
}

impl<'v> Errors<'v> {
    pub fn new(mode: Mode) -> Self {
        Errors {
            mode,
            prefix: ::std::string::String::new(),
            path: ::std::vec::Vec::new(),
            list: ::std::vec::Vec::new(),
            recorded: 0,
            max: MAX_ERRORS,
        }
    }

    /// Whether only validity counts (no error is kept).
    #[inline]
    pub fn probing(&self) -> bool {
        self.mode == Mode::Probe
    }

    /// Whether the walk ends at the first failure.
    #[inline]
    pub fn stops(&self) -> bool {
        self.mode != Mode::All
    }

    #[inline]
    pub fn enter(&mut self, segment: Segment<'v>) {
        self.path.push(segment);
    }

    #[inline]
    pub fn leave(&mut self) {
        self.path.pop();
    }

    /// The JSON pointer of the current value.
    pub fn pointer(&self) -> ::std::string::String {
        let mut pointer = ::std::clone::Clone::clone(&self.prefix);
        for segment in &self.path {
            pointer.push('/');
            match segment {
                Segment::Key(key) => {
                    for c in key.chars() {
                        match c {
                            '~' => pointer.push_str("~0"),
                            '/' => pointer.push_str("~1"),
                            c => pointer.push(c),
                        }
                    }
                }
                Segment::Index(i) => {
                    let _ =
                        ::std::fmt::Write::write_fmt(&mut pointer, ::std::format_args!("{}", i));
                }
            }
        }
        pointer
    }

    /// Records an error at the current value: `keyword` of the node at `at`.
    pub fn push(
        &mut self,
        at: &'static str,
        keyword: &'static str,
        message: ::std::string::String,
        drift: bool,
    ) {
        self.record(at, keyword, message, drift, ::std::vec::Vec::new());
    }

    /// Records an error with the errors of the branches that failed.
    pub fn push_context(
        &mut self,
        at: &'static str,
        keyword: &'static str,
        message: ::std::string::String,
        context: ::std::vec::Vec<::std::vec::Vec<SchemaError>>,
    ) {
        self.record(at, keyword, message, false, context);
    }

    fn record(
        &mut self,
        at: &'static str,
        keyword: &'static str,
        message: ::std::string::String,
        drift: bool,
        context: ::std::vec::Vec<::std::vec::Vec<SchemaError>>,
    ) {
        if self.mode == Mode::Probe {
            return;
        }
        self.recorded += 1;
        // An error that carries its branches' errors is kept past the
        // bound: those errors were kept (and counted) already, and dropping
        // it would lose them all.
        if self.recorded > self.max && context.is_empty() {
            return;
        }
        let pointer = self.pointer();
        let schema_path = if keyword == "false" {
            ::std::string::String::from(at)
        } else {
            ::std::format!("{}/{}", at, keyword)
        };
        self.list.push(SchemaError {
            pointer,
            keyword,
            schema_path,
            message,
            drift,
            context,
        });
    }

    /// Runs a branch of `anyOf`/`oneOf` on the current value: whether
    /// it is valid, and (when every error is kept) its errors, apart.
    pub fn branch(
        &mut self,
        v: &'v ::serde_json::Value,
        depth: u32,
        f: Validate,
    ) -> (bool, ::std::vec::Vec<SchemaError>) {
        let depth_before = self.path.len();
        let result = if self.mode == Mode::All {
            let kept = ::std::mem::take(&mut self.list);
            let valid = f(v, depth, self);
            (valid, ::std::mem::replace(&mut self.list, kept))
        } else {
            let mode = ::std::mem::replace(&mut self.mode, Mode::Probe);
            let valid = f(v, depth, self);
            self.mode = mode;
            (valid, ::std::vec::Vec::new())
        };
        // A probe stops where it fails, with the path as it was there.
        self.path.truncate(depth_before);
        result
    }

    /// Validates a property name (`propertyNames`) as a string value,
    /// its errors reported at the property.
    pub fn property_name(&mut self, key: &'v str, depth: u32, f: Validate) -> bool {
        let name = ::serde_json::Value::String(::std::string::String::from(key));
        let mut prefix = ::std::string::String::new();
        if self.mode != Mode::Probe {
            self.enter(Segment::Key(key));
            prefix = self.pointer();
            self.leave();
        }
        let mut sub = Errors {
            mode: self.mode,
            prefix,
            path: ::std::vec::Vec::new(),
            list: ::std::vec::Vec::new(),
            recorded: self.recorded,
            max: self.max,
        };
        let valid = f(&name, depth, &mut sub);
        self.list.extend(sub.list);
        self.recorded = sub.recorded;
        valid
    }

    /// The errors recorded, with a [`LIMIT`] error last when more than
    /// its bound were found.
    pub fn into_errors(mut self) -> ::std::vec::Vec<SchemaError> {
        if self.recorded > self.max {
            self.list.push(SchemaError {
                pointer: ::std::string::String::new(),
                keyword: LIMIT,
                schema_path: ::std::string::String::new(),
                message: ::std::format!(
                    "{} more errors were found and not kept (the validators keep {})",
                    self.recorded - self.max,
                    self.max
                ),
                drift: false,
                context: ::std::vec::Vec::new(),
            });
        }
        self.list
    }
}

/// Whether `v` is valid, keeping no errors, inside a validation (the
/// generated code's `anyOf`, `not`, `if`…; counted with it, and `false`
/// once it is over [`MAX_STEPS`]).
#[inline]
pub fn probe(f: Validate, v: &::serde_json::Value, depth: u32) -> bool {
    f(v, depth, &mut Errors::new(Mode::Probe))
}

/// Whether `v` is valid, keeping no errors: a validation of its own
/// (`false` past [`MAX_STEPS`]).
pub fn is_valid(f: Validate, v: &::serde_json::Value) -> bool {
    let work = Work::open();
    f(v, 0, &mut Errors::new(Mode::Probe)) && !work.over()
}

/// The first error of `v`, if any (the [`LIMIT`] error past [`MAX_STEPS`]).
pub fn first(f: Validate, v: &::serde_json::Value) -> ::std::result::Result<(), SchemaError> {
    let work = Work::open();
    let mut errors = Errors::new(Mode::First);
    let valid = f(v, 0, &mut errors);
    if work.over() {
        return ::std::result::Result::Err(over_steps());
    }
    if valid {
        return ::std::result::Result::Ok(());
    }
    ::std::result::Result::Err(errors.into_errors().into_iter().next().unwrap_or_else(|| {
        SchemaError {
            pointer: ::std::string::String::new(),
            keyword: "",
            schema_path: ::std::string::String::new(),
            message: ::std::string::String::from("the value is invalid"),
            drift: false,
            context: ::std::vec::Vec::new(),
        }
    }))
}

/// Every error of `v` (the first [`MAX_ERRORS`] kept).
pub fn all(f: Validate, v: &::serde_json::Value) -> ::std::vec::Vec<SchemaError> {
    all_within(f, v, MAX_ERRORS)
}

/// Every error of `v`, the first `max` kept (past them, a [`LIMIT`]
/// error says how many more were found).
pub fn all_within(
    f: Validate,
    v: &::serde_json::Value,
    max: usize,
) -> ::std::vec::Vec<SchemaError> {
    let work = Work::open();
    let mut errors = Errors::new(Mode::All);
    errors.max = max;
    f(v, 0, &mut errors);
    let mut list = errors.into_errors();
    if work.over() {
        list.insert(0, over_steps());
    }
    list
}

/// A value as compact JSON for a message, or a description when it
/// is longer than about 60 characters (found without encoding all of
/// a large value).
pub fn short(v: &::serde_json::Value) -> ::std::string::String {
    const MAX: usize = 60;
    /// Takes bytes until there are more than a short text can hold.
    struct Bounded(::std::vec::Vec<u8>);
    impl ::std::io::Write for Bounded {
        fn write(&mut self, bytes: &[u8]) -> ::std::io::Result<usize> {
            if self.0.len() + bytes.len() > 4 * MAX {
                return ::std::result::Result::Err(::std::io::Error::other("too long"));
            }
            self.0.extend_from_slice(bytes);
            ::std::result::Result::Ok(bytes.len())
        }
        fn flush(&mut self) -> ::std::io::Result<()> {
            ::std::result::Result::Ok(())
        }
    }
    let describe = || match v {
        ::serde_json::Value::Object(m) => ::std::format!("an object with {} member(s)", m.len()),
        ::serde_json::Value::Array(a) => ::std::format!("an array of {} item(s)", a.len()),
        _ => ::std::string::String::new(),
    };
    match v {
        ::serde_json::Value::String(s) => short_str(s),
        ::serde_json::Value::Object(_) | ::serde_json::Value::Array(_) => {
            let mut out = Bounded(::std::vec::Vec::new());
            if ::serde_json::to_writer(&mut out, v).is_err() {
                return describe();
            }
            match ::std::string::String::from_utf8(out.0) {
                ::std::result::Result::Ok(text) if text.chars().count() <= MAX => text,
                _ => describe(),
            }
        }
        other => ::std::string::ToString::to_string(other),
    }
}

/// A string as JSON for a message, cut after about 60 characters.
pub fn short_str(s: &str) -> ::std::string::String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        return ::std::string::ToString::to_string(&::serde_json::Value::from(s));
    }
    let head: ::std::string::String = s.chars().take(MAX - 8).collect();
    let quoted = ::std::string::ToString::to_string(&::serde_json::Value::from(head));
    ::std::format!("{}…\"", quoted.trim_end_matches('"'))
}

/// The properties and items some keyword evaluated (JSON Schema's annotations).
#[derive(::std::fmt::Debug, ::std::default::Default)]
pub struct Evaluated {
    pub all_props: bool,
    pub props: ::std::collections::BTreeSet<::std::string::String>,
    pub all_items: bool,
    pub items: ::std::collections::BTreeSet<usize>,
}

impl Evaluated {
    pub fn merge(&mut self, other: Evaluated) {
        self.all_props |= other.all_props;
        self.props.extend(other.props);
        self.all_items |= other.all_items;
        self.items.extend(other.items);
    }
}

/// JSON Schema's idea of an integer: any number with no fractional part.
pub fn is_integer(v: &::serde_json::Value) -> bool {
    match v {
        ::serde_json::Value::Number(n) => {
            n.is_i64()
                || n.is_u64()
                || n.as_f64()
                    .is_some_and(|f| f.is_finite() && f.fract() == 0.0)
        }
        _ => false,
    }
}

/// JSON equality as JSON Schema defines it: `1` equals `1.0`.
pub fn json_eq(a: &::serde_json::Value, b: &::serde_json::Value) -> bool {
    use ::serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if let (::std::option::Option::Some(x), ::std::option::Option::Some(y)) =
                (x.as_i64(), y.as_i64())
            {
                return x == y;
            }
            if let (::std::option::Option::Some(x), ::std::option::Option::Some(y)) =
                (x.as_u64(), y.as_u64())
            {
                return x == y;
            }
            x.as_f64() == y.as_f64()
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, a)| y.get(k).is_some_and(|b| json_eq(a, b)))
        }
        _ => a == b,
    }
}

/// Whether the number `v` is a multiple of `multiple` (given as JSON text).
pub fn multiple_of(v: &::serde_json::Value, multiple: &str) -> bool {
    let ::serde_json::Value::Number(n) = v else {
        return true;
    };
    if let (::std::option::Option::Some(x), ::std::result::Result::Ok(m)) =
        (n.as_i64(), multiple.parse::<i64>())
    {
        return m != 0 && x % m == 0;
    }
    let (::std::option::Option::Some(x), ::std::result::Result::Ok(m)) =
        (n.as_f64(), multiple.parse::<f64>())
    else {
        return false;
    };
    if m == 0.0 || !x.is_finite() {
        return false;
    }
    let quotient = x / m;
    if !quotient.is_finite() {
        // The quotient overflows; the remainder does not.
        return (x % m) == 0.0;
    }
    (quotient - quotient.round()).abs() < 1e-9
}
