//! Generator settings: a builder whose [`Mode`] keeps contradictory settings unwritable.

pub use schemakit::keywords::Draft;

/// What kind of types to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Types that decode a superset of what the schema accepts (the
    /// default): a property or enum value the schema does not list still
    /// decodes (kept in `extra`, or as an `Unknown` variant), and encoding
    /// gives back what was decoded. Constraints the types cannot model
    /// (`pattern`, bounds, `if`/`then`…) are left to validation.
    Tolerant {
        /// Emit the `Check` trait and an implementation for every type: a
        /// walk over a decoded value that reports where it departs from the
        /// schema while still decoding (properties a closed object does not
        /// name, enum values and tags the schema does not list), each with
        /// its JSON pointer.
        checks: bool,
        /// Emit a validator per type that reports every error of a
        /// `serde_json::Value` (JSON pointer, keyword, schema location,
        /// message, and whether the types keep it as drift); with the index
        /// (see [`Options::with_index`]) also `validate_type`, which runs the
        /// validator of a type named at run time. The generated code then
        /// needs the `regex` crate when a schema has a `pattern`.
        validators: bool,
    },
    /// Types that decode exactly what the schema accepts: each type's
    /// `Deserialize` first runs a validator generated from its schema,
    /// enums and tagged unions are closed, and only an explicit `type`
    /// narrows a Rust type. Validators are always generated (the code needs
    /// the `regex` crate when a schema has a `pattern`).
    Strict,
}

impl Mode {
    /// Tolerant types with neither checks nor validators.
    pub const TOLERANT: Mode = Mode::Tolerant {
        checks: false,
        validators: false,
    };
}

/// What a `default` in the schema becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Defaults {
    /// The field stays an `Option` (absent stays absent, so decoding then
    /// encoding is lossless) and gets a `{field}_or_default()` accessor.
    #[default]
    Accessor,
    /// `#[serde(default = "…")]`: an absent property decodes as the default
    /// (and is encoded back, so a round trip adds it).
    Serde,
}

/// What happens to the properties of an object that the schema does not name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownProperties {
    /// Kept in a flattened `extra` map, so that decode-then-encode loses
    /// nothing (and the checks can report them as drift).
    #[default]
    Keep,
    /// Decoded and dropped. They are tolerated either way.
    Drop,
}

/// The visibility of the generated items ([`Options::with_visibility`]).
///
/// ```
/// use schemagen::Visibility;
/// assert_eq!("pub(crate)".parse(), Ok(Visibility::Crate));
/// assert_eq!(Visibility::In("crate::api".into()).to_rust(), "pub(in crate::api)");
/// assert!("public".parse::<Visibility>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Visibility {
    /// `pub` (the default).
    #[default]
    Public,
    /// `pub(crate)`.
    Crate,
    /// `pub(super)`.
    Super,
    /// Private to the module that includes the code (no `pub`).
    Private,
    /// `pub(in path)`: visible in the module `path` (an ancestor).
    In(String),
}

impl Visibility {
    /// The Rust text: `pub`, `pub(crate)`, `pub(super)`, `pub(in path)`, or
    /// nothing for [`Visibility::Private`].
    pub fn to_rust(&self) -> String {
        match self {
            Visibility::Public => "pub".into(),
            Visibility::Crate => "pub(crate)".into(),
            Visibility::Super => "pub(super)".into(),
            Visibility::Private => String::new(),
            Visibility::In(path) => format!("pub(in {path})"),
        }
    }
}

impl std::str::FromStr for Visibility {
    type Err = String;

    /// `pub`, `pub(crate)`, `pub(super)`, `pub(self)` or `private`, or
    /// `pub(in path)`.
    fn from_str(text: &str) -> Result<Self, String> {
        let compact: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let compact = compact.replace("( ", "(").replace(" )", ")");
        match compact.as_str() {
            "pub" => Ok(Visibility::Public),
            "pub(crate)" => Ok(Visibility::Crate),
            "pub(super)" => Ok(Visibility::Super),
            "pub(self)" | "private" | "" => Ok(Visibility::Private),
            other => other
                .strip_prefix("pub(in ")
                .and_then(|rest| rest.strip_suffix(')'))
                .filter(|path| syn::parse_str::<syn::Path>(path).is_ok())
                .map(|path| Visibility::In(path.trim().to_owned()))
                .ok_or_else(|| {
                    format!(
                        "{text:?} is not a visibility: expected pub, pub(crate), pub(super), private or pub(in path)"
                    )
                }),
        }
    }
}

/// Bounds on the work a schema may cause; past a bound the run fails with
/// an error naming it, never with a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest schema file read, in bytes.
    pub max_file_bytes: u64,
    /// Deepest nesting of arrays and objects in a schema document.
    pub max_depth: usize,
    /// Most fields all the generated structs may hold together: a bound on
    /// the work and the output, which `allOf`/`$ref` merges could otherwise
    /// make quadratic in the schema.
    pub max_fields: usize,
    /// Most values one `enum` may list (each becomes a variant and a match
    /// arm; a million take minutes and gigabytes).
    pub max_enum_values: usize,
    /// Largest generated code, in bytes.
    pub max_output_bytes: usize,
    /// Most subschemas one value may be checked against at one place, by
    /// `$ref` and the in-place keywords (`allOf`, `anyOf`, `oneOf`, `not`,
    /// `if`/`then`/`else`, `dependentSchemas`): unions of references that
    /// lead to further unions multiply, and thirty levels of two-way ones
    /// are a billion checks of every value. [`crate::schema::work`]
    /// counts them before a validator runs.
    pub max_evaluations: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 16 * 1024 * 1024,
            max_depth: Limits::DEFAULT_MAX_DEPTH,
            max_fields: 100_000,
            max_enum_values: 20_000,
            max_output_bytes: 128 << 20,
            max_evaluations: 1_000_000,
        }
    }
}

impl Limits {
    /// The default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// The default nesting limit: four times serde_json's own, deeper than
    /// any published schema.
    pub const DEFAULT_MAX_DEPTH: usize = 512;
    /// The most that [`Limits::with_max_depth`] takes: the stages run on a
    /// stack sized for the limit, and this bounds that stack.
    pub const MAX_DEPTH: usize = 4096;

    /// Sets the largest schema file read, in bytes.
    pub fn with_max_file_bytes(mut self, bytes: u64) -> Self {
        self.max_file_bytes = bytes;
        self
    }

    /// Sets the deepest nesting of arrays and objects a schema document may
    /// have (at most [`Limits::MAX_DEPTH`]; more is taken as that). A
    /// deeper document is an error naming where it crosses the limit.
    pub fn with_max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth.min(Limits::MAX_DEPTH);
        self
    }

    /// Sets the most fields all the generated structs may hold together.
    pub fn with_max_fields(mut self, fields: usize) -> Self {
        self.max_fields = fields;
        self
    }

    /// Sets the most values one `enum` may list.
    pub fn with_max_enum_values(mut self, values: usize) -> Self {
        self.max_enum_values = values;
        self
    }

    /// Sets the largest generated code, in bytes.
    pub fn with_max_output_bytes(mut self, bytes: usize) -> Self {
        self.max_output_bytes = bytes;
        self
    }

    /// Sets the most subschemas one value may be checked against at one place.
    pub fn with_max_evaluations(mut self, evaluations: u64) -> Self {
        self.max_evaluations = evaluations;
        self
    }

    /// The stack the stages run on: room for `max_depth` levels of every
    /// recursive step (parsing, conversion, validator generation), with a
    /// wide margin, over a base for the rest.
    pub(crate) fn stack_bytes(&self) -> usize {
        16 * 1024 * 1024 + self.max_depth.min(Limits::MAX_DEPTH) * 64 * 1024
    }
}

/// Generator settings, built from [`Options::default`] (tolerant types)
/// or [`Options::strict`] with the `with_*` methods.
///
/// ```
/// use schemagen::{Defaults, Mode, Options};
/// let options = Options::default()
///     .with_mode(Mode::Tolerant { checks: true, validators: true })
///     .with_index(true)
///     .with_defaults(Defaults::Serde);
/// assert!(options.validators());
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    mode: Mode,
    unknown_properties: UnknownProperties,
    defaults: Defaults,
    schemars: bool,
    index: bool,
    integer_formats: bool,
    format: bool,
    doc_comments: bool,
    header: Option<String>,
    limits: Limits,
    default_draft: Draft,
    derives: Vec<String>,
    type_derives: Vec<(String, String)>,
    renames: Vec<(String, String)>,
    replacements: Vec<(String, String)>,
    visibility: Visibility,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            mode: Mode::TOLERANT,
            unknown_properties: UnknownProperties::Keep,
            defaults: Defaults::default(),
            schemars: false,
            index: false,
            integer_formats: false,
            format: true,
            doc_comments: true,
            header: None,
            limits: Limits::default(),
            default_draft: Draft::Draft2020_12,
            derives: Vec::new(),
            type_derives: Vec::new(),
            renames: Vec::new(),
            replacements: Vec::new(),
            visibility: Visibility::Public,
        }
    }
}

impl Options {
    /// Tolerant types, formatted, unknown properties kept (the default).
    pub fn new() -> Self {
        Self::default()
    }

    /// Strict types (see [`Mode::Strict`]).
    pub fn strict() -> Self {
        Self::default().with_mode(Mode::Strict)
    }

    /// The draft of a document whose `$schema` names none (2020-12 unless
    /// set): its keywords are read as that draft defines them.
    pub fn with_default_draft(mut self, draft: Draft) -> Self {
        self.default_draft = draft;
        self
    }

    /// Tolerant or strict types, and what comes with them.
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Keep or drop the properties an object's schema does not name.
    pub fn with_unknown_properties(mut self, unknown: UnknownProperties) -> Self {
        self.unknown_properties = unknown;
        self
    }

    /// What a schema `default` becomes.
    pub fn with_defaults(mut self, defaults: Defaults) -> Self {
        self.defaults = defaults;
        self
    }

    /// Derive `schemars::JsonSchema` on the types, behind the using
    /// crate's `schemars` feature
    /// (`#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]`).
    pub fn with_schemars(mut self, on: bool) -> Self {
        self.schemars = on;
        self
    }

    /// Emit `SCHEMA_TYPES` (every type generated from a document root or a
    /// `$defs` entry, with its schema location) and `visit_type`, which
    /// hands a caller-supplied visitor the Rust type for a name: the way
    /// generic tools (validators, test harnesses) reach every generated
    /// type. With validators, also `validate_type`.
    pub fn with_index(mut self, on: bool) -> Self {
        self.index = on;
        self
    }

    /// Assert `format: int8` … `uint64` as the integer ranges they name, in
    /// the generated validators: the number must be an integer literal in
    /// range, as the Rust integer of that width decodes. JSON Schema treats
    /// `format` as an annotation (`2147483648` is a valid `int32` there, and
    /// `1.0` an integer); on, the validators and the types agree.
    pub fn with_integer_formats(mut self, on: bool) -> Self {
        self.integer_formats = on;
        self
    }

    /// Format the output with prettyplease (for people; the default). Off,
    /// the same items are printed a statement a line without layout: much
    /// quicker to produce, what a build script needs.
    pub fn with_formatting(mut self, on: bool) -> Self {
        self.format = on;
        self
    }

    /// Whether the schema's descriptions become doc comments (the default).
    /// They always go through a Markdown parser that turns every code block
    /// into text, so none is run as a doctest; off, no description reaches
    /// the code at all, for schemas whose text nobody has read.
    pub fn with_doc_comments(mut self, on: bool) -> Self {
        self.doc_comments = on;
        self
    }

    /// Lines written as `//` comments at the top of the output.
    pub fn with_header(mut self, header: impl Into<String>) -> Self {
        self.header = Some(header.into());
        self
    }

    /// Bounds on the work a schema may cause.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Derive `path` (`"Eq"`, `"Hash"`, `"PartialOrd"`, `"my_crate::Trait"`…)
    /// on every generated type but bare aliases (`type X = …`), besides
    /// what the generator derives or implements itself (a derive it already
    /// has is not repeated). The types' contents must implement it too: an
    /// `Eq` on a struct holding an `f64` does not compile.
    pub fn with_derive(mut self, path: impl Into<String>) -> Self {
        self.derives.push(path.into());
        self
    }

    /// Derive `path` on one type, named as the generator names it (the
    /// name in the output without settings, or in the [`crate::Manifest`])
    /// or by its schema location (`"file.json#/$defs/Pet"`; `"#/$defs/Pet"`
    /// for any document). An unknown type is an error naming the nearest ones.
    pub fn with_type_derive(mut self, ty: impl Into<String>, path: impl Into<String>) -> Self {
        self.type_derives.push((ty.into(), path.into()));
        self
    }

    /// Call the type the generator names `from` (or the type at a schema
    /// location, as [`Options::with_type_derive`] names types) `to`
    /// instead: a Rust identifier that no other type, nor an item emitted
    /// beside the types, already has (a collision is an error, as is an
    /// unknown type).
    pub fn with_rename(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.renames.push((from.into(), to.into()));
        self
    }

    /// Use an existing Rust type (`path`: `"crate::money::Money"`,
    /// `"chrono::DateTime<chrono::Utc>"`) for the type the generator names
    /// `ty` (or the type at a schema location, as
    /// [`Options::with_type_derive`] names types): that type is not
    /// emitted, every use of it names `path`, and the inline types only it
    /// used go too. The existing type must implement what the types around
    /// it need: `Debug`, `Clone`, `PartialEq`, `Serialize`, `Deserialize`
    /// (and `JsonSchema` with [`Options::with_schemars`]). The drift walk
    /// does not enter it, and the types that hold it are not
    /// [`exact`](crate::TypeInfo::exact) (what it accepts is its own
    /// business).
    pub fn with_replace(mut self, ty: impl Into<String>, path: impl Into<String>) -> Self {
        self.replacements.push((ty.into(), path.into()));
        self
    }

    /// The visibility of the generated items (types, and what is emitted
    /// beside them: the drift walk, the index, the support module);
    /// `pub` unless set. Fields and methods stay `pub`, within their type.
    pub fn with_visibility(mut self, visibility: Visibility) -> Self {
        self.visibility = visibility;
        self
    }

    /// The derives added to every type.
    pub fn derives(&self) -> &[String] {
        &self.derives
    }

    /// The derives added to one type each: (type, derive).
    pub fn type_derives(&self) -> &[(String, String)] {
        &self.type_derives
    }

    /// The renames: (type, new name).
    pub fn renames(&self) -> &[(String, String)] {
        &self.renames
    }

    /// The replacements: (type, existing Rust type).
    pub fn replacements(&self) -> &[(String, String)] {
        &self.replacements
    }

    /// The visibility of the generated items.
    pub fn visibility(&self) -> &Visibility {
        &self.visibility
    }

    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Whether the types are strict.
    pub fn is_strict(&self) -> bool {
        self.mode == Mode::Strict
    }

    /// Whether the `Check` trait is emitted (tolerant mode only).
    pub fn checks(&self) -> bool {
        matches!(self.mode, Mode::Tolerant { checks: true, .. })
    }

    /// Whether validators are emitted (always in strict mode).
    pub fn validators(&self) -> bool {
        matches!(
            self.mode,
            Mode::Strict
                | Mode::Tolerant {
                    validators: true,
                    ..
                }
        )
    }

    /// What happens to unknown properties.
    pub fn unknown_properties(&self) -> UnknownProperties {
        self.unknown_properties
    }

    /// Whether unknown properties are kept in `extra`.
    pub fn keeps_unknown_properties(&self) -> bool {
        self.unknown_properties == UnknownProperties::Keep
    }

    /// What a schema `default` becomes.
    pub fn defaults(&self) -> Defaults {
        self.defaults
    }

    /// Whether `schemars::JsonSchema` is derived.
    pub fn schemars(&self) -> bool {
        self.schemars
    }

    /// Whether the index is emitted.
    pub fn index(&self) -> bool {
        self.index
    }

    /// Whether integer formats are asserted by the validators.
    pub fn integer_formats(&self) -> bool {
        self.integer_formats
    }

    /// Whether descriptions become doc comments.
    pub fn doc_comments(&self) -> bool {
        self.doc_comments
    }

    /// Whether the output is formatted.
    pub fn format(&self) -> bool {
        self.format
    }

    /// The header lines.
    pub fn header(&self) -> Option<&str> {
        self.header.as_deref()
    }

    /// The draft of a document whose `$schema` names none.
    pub fn default_draft(&self) -> Draft {
        self.default_draft
    }

    /// The limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }
}
