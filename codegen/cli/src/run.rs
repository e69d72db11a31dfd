//! One run of the command line: options from the arguments, the generator, and the output written or checked.

use crate::Args;
use schemagen::{Defaults, Error, Generator, Limits, Mode, Options, UnknownProperties};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Done.
const OK: u8 = 0;
/// The schemas do not generate, or `--check` found the output stale.
const FAILED: u8 = 1;
/// The command line is wrong, or the output cannot be written.
const USAGE: u8 = 2;

pub fn run(args: Args) -> ExitCode {
    let mut generator = Generator::new(options(&args));
    for catalog in &args.catalogs {
        generator = generator.catalog(catalog);
    }
    for schema in &args.schemas {
        generator = if schema.is_dir() {
            generator.dir(schema)
        } else {
            generator.file(schema)
        };
    }
    let outcome = generator.run();
    if !args.quiet {
        for warning in &outcome.warnings {
            eprintln!("warning: {warning}");
        }
    }
    let code = match outcome.code {
        Ok(code) => code,
        Err(errors) => {
            eprintln!("{errors}");
            // A setting that names no type is the command line's fault
            // (the settings run once the schemas have generated).
            let usage = errors.0.iter().all(|e| matches!(e, Error::Setting { .. }));
            return ExitCode::from(if usage { USAGE } else { FAILED });
        }
    };
    if let (Some(path), Some(manifest)) = (&args.manifest, &outcome.manifest) {
        let json = serde_json::to_string_pretty(&manifest.to_json()).unwrap_or_default() + "\n";
        if let Err(code) = write(path, &json, args.check) {
            return code;
        }
    }
    match &args.output {
        Some(path) => match write(path, &code, args.check) {
            Ok(()) => ExitCode::from(OK),
            Err(code) => code,
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(code.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => ExitCode::from(OK),
                // A closed pipe (`| head`) is no failure of the generator.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(OK),
                Err(e) => {
                    eprintln!("error: cannot write the code: {e}");
                    ExitCode::from(USAGE)
                }
            }
        }
    }
}

/// The generator's options, as the arguments set them.
fn options(args: &Args) -> Options {
    let mut options = if args.strict {
        Options::strict()
    } else {
        Options::default().with_mode(Mode::Tolerant {
            checks: args.checks,
            validators: args.validators,
        })
    };
    options = options
        .with_default_draft(args.draft)
        .with_index(args.index)
        .with_schemars(args.schemars)
        .with_integer_formats(args.integer_formats)
        .with_formatting(!args.no_format)
        .with_visibility(args.visibility.clone());
    if args.serde_defaults {
        options = options.with_defaults(Defaults::Serde);
    }
    if args.drop_unknown {
        options = options.with_unknown_properties(UnknownProperties::Drop);
    }
    if let Some(header) = &args.header {
        options = options.with_header(header);
    }
    let mut limits = Limits::default();
    if let Some(depth) = args.max_depth {
        limits = limits.with_max_depth(depth);
    }
    if let Some(bytes) = args.max_file_bytes {
        limits = limits.with_max_file_bytes(bytes);
    }
    options = options.with_limits(limits);
    for path in &args.derives {
        options = options.with_derive(path);
    }
    for (ty, path) in &args.type_derives {
        options = options.with_type_derive(ty, path);
    }
    for (from, to) in &args.renames {
        options = options.with_rename(from, to);
    }
    for (ty, path) in &args.replacements {
        options = options.with_replace(ty, path);
    }
    options
}

/// Writes `contents` to `path` when its bytes change, or (`check`) only
/// says whether they would; the exit code when that fails.
fn write(path: &Path, contents: &str, check: bool) -> Result<(), ExitCode> {
    if check {
        if std::fs::read(path).ok().as_deref() == Some(contents.as_bytes()) {
            return Ok(());
        }
        eprintln!(
            "error: {} is stale: run the same command without --check to regenerate it",
            path.display()
        );
        return Err(ExitCode::from(FAILED));
    }
    match schemagen::build::write_if_changed(path, contents) {
        Ok(_) => Ok(()),
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            Err(ExitCode::from(USAGE))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use schemagen::{Draft, Visibility};

    #[test]
    fn arguments_become_options() {
        let args = Args::parse_from([
            "schemagen",
            "a.json",
            "--draft",
            "2019-09",
            "--visibility",
            "pub(super)",
            "--derive",
            "Eq",
            "--rename",
            "A = B",
            "--serde-defaults",
            "--drop-unknown",
            "--max-depth",
            "64",
        ]);
        let options = options(&args);
        assert_eq!(options.default_draft(), Draft::Draft2019_09);
        assert_eq!(options.visibility(), &Visibility::Super);
        assert_eq!(options.derives(), ["Eq"]);
        assert_eq!(options.renames(), [("A".to_owned(), "B".to_owned())]);
        assert_eq!(options.defaults(), Defaults::Serde);
        assert!(!options.keeps_unknown_properties());
        assert_eq!(options.limits().max_depth, 64);
        assert!(options.format());
        assert!(!options.is_strict());
    }
}
