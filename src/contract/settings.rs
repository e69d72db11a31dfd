//! The generator settings of the Clerk models, shared with build.rs so that
//! `generated/models.rs` holds exactly the code the crate compiles, and
//! every engine that generates types (generate, diff, docs) uses them.

mod clerk {
    include!("../options.rs");
}

/// The generator settings of the Clerk models (those of build.rs).
pub(crate) fn options() -> schemagen::Options {
    clerk::clerk_options()
}
