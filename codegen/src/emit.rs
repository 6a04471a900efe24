//! What codegen adds to progenitor's output, or mends in it, one concern per
//! module: each reads the model (and normalization's plan) and yields
//! tokens, a syntax-tree pass, or a non-Rust file of the crate.

pub mod aliases;
pub mod builders;
pub mod client;
pub mod conformance;
pub mod docs;
pub mod error_accessors;
pub mod evolution;
pub mod example;
pub mod features;
pub mod guide;
pub mod mocks;
pub mod multipart;
pub mod notice;
pub mod package;
pub mod pagination;
pub mod patch;
pub mod paths;
pub mod reach;
pub mod redact;
pub mod runtime;
pub mod server_variables;
pub mod setters;
pub mod status_arms;
pub mod syntax;
pub mod type_crates;
pub mod variant_case;
pub mod wire;
