//! The `clerk-models` command line.

fn main() {}
