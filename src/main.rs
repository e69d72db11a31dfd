//! The `clerk-models` command line: `generate`, `validate`, `bundle`, `diff`
//! and `docs`, with `completions` and `man` for the shell. See
//! `clerk-models --help`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
