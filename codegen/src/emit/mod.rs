//! IR → Rust source: the items of every type with fully-qualified paths
//! ([`types`], their hand-written decoders in [`de`]), the drift walk
//! ([`checks`]), the index ([`index`]) and the emitted runtime
//! ([`runtime`]), printed by prettyplease or, for a build script, a
//! statement a line ([`print`]).

mod checks;
mod de;
mod index;
pub mod print;
mod runtime;
mod tokens;
mod types;

use crate::error::{Diagnostics, Error, Location};
use crate::ir::analysis::Analysis;
use crate::ir::settings::Settings;
use crate::ir::Ir;
use crate::options::Options;
use crate::schema::resolve::{NodeId, Registry};
use crate::validator::{self, Validators};
use proc_macro2::{Ident, TokenStream};
use std::collections::{BTreeSet, HashSet};

/// Runtime items the generated code may call; only those used are emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Helper {
    RequiredNullable,
    OptionalNonNull,
    OptionalNullable,
    /// A schemars transform removing `null` from an `Option` field's schema.
    SchemarsNonNull,
    /// The in-place decoding trait and its seed (see `runtime/place.rs`).
    Place,
}

struct Emitter<'a> {
    ir: &'a Ir,
    analysis: &'a Analysis,
    settings: &'a Settings,
    /// The visibility of the items emitted (`pub` unless set).
    vis: TokenStream,
    opts: &'a Options,
    /// Strict mode: the validator function of each type, by `TypeId`.
    validators: Option<Vec<Ident>>,
    /// The validator function of each type, whenever validators are
    /// generated, for `validate_type`.
    all_validators: Option<Vec<Ident>>,
    helpers: BTreeSet<Helper>,
    /// The aliases whose placeholder is being written.
    aliases: HashSet<crate::ir::TypeId>,
}

/// The placeholder the line-by-line output puts where the validators go,
/// filled in once the validator thread is done.
const MARKER: &str = "__schemagen_validators__";

/// What the emitter wrote.
pub struct Emitted {
    pub code: String,
    /// The crates the code names: `serde` and `serde_json` always, `regex`
    /// when a validator matches a pattern, `schemars` (behind the using
    /// crate's `schemars` feature) when it is derived.
    pub crates: Vec<&'static str>,
}

/// Emits `ir` as Rust source. The validators, when wanted, are generated on
/// a second thread while the types are emitted (they are a third of the
/// work). An internal failure (code that does not parse, a thread that
/// panicked) is an error in `diags`, located at the generator.
pub fn emit(
    ir: &Ir,
    analysis: &Analysis,
    settings: &Settings,
    reg: &Registry,
    opts: &Options,
    diags: &mut Diagnostics,
) -> Emitted {
    // A type's validator validates the schema it stands for.
    let nodes: Vec<NodeId> = ir
        .types
        .iter()
        .map(|def| reg.schema_node(&def.node))
        .collect();
    let names = validator::first_names(&nodes);
    let result = std::thread::scope(|scope| {
        let worker = opts.validators().then(|| {
            let nodes = &nodes;
            let formats = opts.integer_formats();
            let format = opts.format();
            scope.spawn(move || {
                let mut diags = Diagnostics::default();
                let mut validators = Validators::new(reg, &mut diags, formats);
                let names: Vec<String> = nodes
                    .iter()
                    .map(|n| validators.function(n).to_string())
                    .collect();
                let generated = validators.finish();
                // Proc-macro2's tokens cannot cross threads: text can.
                let text = if format {
                    generated.items.to_string()
                } else {
                    print::lines(generated.items)
                };
                (names, text, generated.regex, diags)
            })
        });
        // The validators' text, and whether they need `regex`.
        let join = |diags: &mut Diagnostics| -> Result<Option<(String, bool)>, String> {
            let Some(worker) = worker else {
                return Ok(None);
            };
            let (worker_names, text, regex, worker_diags) = worker
                .join()
                .map_err(|_| "internal error: the validator generator panicked".to_owned())?;
            if worker_names != names.iter().map(ToString::to_string).collect::<Vec<_>>() {
                return Err("internal error: validator names differ between threads".into());
            }
            diags.extend(worker_diags);
            Ok(Some((text, regex)))
        };
        let vis = settings
            .visibility
            .to_rust()
            .parse::<TokenStream>()
            .ok()
            .filter(|vis| syn::parse2::<syn::Visibility>(vis.clone()).is_ok())
            .ok_or("internal error: the visibility does not parse")?;
        let mut emitter = Emitter {
            ir,
            analysis,
            settings,
            vis,
            opts,
            validators: opts.is_strict().then(|| names.clone()),
            all_validators: opts.validators().then(|| names.clone()),
            helpers: BTreeSet::new(),
            aliases: HashSet::new(),
        };
        if opts.format() {
            let (validators, regex) =
                match join(diags)? {
                    Some((text, regex)) => (
                        Some(text.parse::<TokenStream>().map_err(|e| {
                            format!("internal error: the validators do not lex: {e}")
                        })?),
                        regex,
                    ),
                    None => (None, false),
                };
            let items = emitter.items(validators);
            let file: syn::File = syn::parse2(items)
                .map_err(|e| format!("internal error: the generated code does not parse: {e}"))?;
            Ok((prettyplease::unparse(&file), regex))
        } else {
            let marker = opts
                .validators()
                .then(|| quote::format_ident!("{}", MARKER))
                .map(|m| quote::quote! { #m });
            let mut code = print::lines(emitter.items(marker));
            let mut regex = false;
            if let Some((text, uses_regex)) = join(diags)? {
                // The marker is the last item of the last module: a doc
                // comment quoting it earlier must not be taken for it.
                if let Some(at) = code.rfind(MARKER) {
                    code.replace_range(at..at + MARKER.len(), &text);
                }
                regex = uses_regex;
            }
            Ok((code, regex))
        }
    });
    let (code, regex) = match result {
        Ok(done) => done,
        Err(message) => {
            diags.error(Error::Invalid {
                location: Location::new("<generator>", ""),
                message,
            });
            return Emitted {
                code: String::new(),
                crates: Vec::new(),
            };
        }
    };
    let mut crates = vec!["serde", "serde_json"];
    if regex {
        crates.push("regex");
    }
    if opts.schemars() {
        crates.push("schemars");
    }
    let mut out = String::new();
    if let Some(header) = opts.header() {
        for line in header.lines() {
            out.push_str("// ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&code);
    Emitted { code: out, crates }
}

impl Emitter<'_> {
    /// Every item: the types in emission order, the checks, the index, and
    /// the runtime module (`validators` holding the validator items, or the
    /// marker that stands for them).
    fn items(&mut self, validators: Option<TokenStream>) -> TokenStream {
        let mut items = TokenStream::new();
        for id in &self.ir.order {
            let def = self.ir.get(*id);
            items.extend(self.type_def(*id, def));
        }
        if self.opts.checks() {
            items.extend(self.checks());
        }
        if self.opts.index() {
            items.extend(self.index(self.opts.checks()));
        }
        items.extend(self.helpers_module(validators));
        items
    }
}
