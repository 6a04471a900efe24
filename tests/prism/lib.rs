//! What the Prism tests share: where Prism serves each document, and how
//! a refusal for missing credentials must look.

use std::fmt::Display;

/// The address of the Prism instance `tests/tests/prism.rs` started for
/// the document generated as `crate_name`.
///
/// # Panics
///
/// When the test runs outside `tests/tests/prism.rs`, which sets it.
pub fn prism(crate_name: &str) -> String {
    let variable = format!("PRISM_URL_{}", crate_name.to_ascii_uppercase());
    std::env::var(&variable)
        .unwrap_or_else(|_| panic!("{variable}: tests/tests/prism.rs starts Prism"))
}

/// Asserts that a request sent without credentials got the 401 Prism
/// answers when a security requirement is not met.
///
/// # Panics
///
/// When the error is anything else, with the error.
pub fn assert_unauthorized<S: Into<u16>>(status: Option<S>, error: &dyn Display) {
    assert_eq!(status.map(Into::into), Some(401), "{error}");
}
