//! The runtime every client crate made by `cargo xtask generate` shares.
//!
//! A generated crate holds what its spec decides (types, operations, servers,
//! the names of its environment variables) and leaves the behaviour common to
//! all of them to this crate, compiled once however many clients a program
//! uses:
//!
//! - [`ClientBuilder`]: base URL, credentials, timeouts, user agent, or an
//!   HTTP client of the caller's own, and the [`ClientBuildError`]s building
//!   can end in;
//! - [`Security`] and [`Credentials`]: the spec's security schemes (API keys
//!   in a header, the query or a cookie, basic, bearer and OAuth tokens, OAuth
//!   client credentials fetching and renewing their tokens) and requirements,
//!   and which credentials each request carries;
//! - `client_builder!`: each generated crate's own `ClientBuilder`, with the
//!   methods every client shares;
//! - [`ServerTemplate`]: the variables of the spec's first server, which
//!   the builder's setters fill in;
//! - [`RetryPolicy`]: idempotent requests sent again after connection errors,
//!   timeouts and `429`/`502`/`503`/`504`, with backoff, jitter and
//!   `Retry-After`;
//! - [`ClientState`]: the credentials and policy every request carries, never
//!   shown by `Debug`;
//! - [`EventStream`]: `text/event-stream` responses as typed [`Event`]s;
//! - `FilePart` (feature `multipart`): the files of typed
//!   `multipart/form-data` bodies, from bytes or a stream;
//! - [`ERROR_BODY_LIMIT`]: error responses are kept to a bounded prefix;
//! - [`Paging`] and [`OffsetConvention`]: the `*_stream` methods of paginated
//!   operations.
//!
//! Generated crates re-export these under their own name
//! (`infinipost::RetryPolicy`), so users rarely name this crate. What only
//! generated code calls lives in the hidden `internal` module.
//!
//! # Example
//!
//! What a generated client does for you, with a client of its shape:
//!
//! ```
//! use std::time::Duration;
//!
//! use client_runtime::{BuildClient, ClientBuilder, ClientParts, ClientState, RetryPolicy};
//!
//! struct Client {
//!     base_url: String,
//!     state: ClientState,
//! }
//!
//! impl BuildClient for Client {
//!     const DEFAULT_BASE_URL: Option<&'static str> = Some("https://api.example.com");
//!     const USER_AGENT: &'static str = "example/1.0.0";
//!     const TRACED: bool = false;
//!
//!     fn from_parts(parts: ClientParts) -> Self {
//!         Client { base_url: parts.base_url, state: parts.state }
//!     }
//! }
//!
//! # fn main() -> Result<(), client_runtime::ClientBuildError> {
//! let client = ClientBuilder::<Client>::new()
//!     .bearer_token("YOUR_API_KEY")
//!     .timeout(Duration::from_secs(5))
//!     .retry_policy(RetryPolicy::NONE)
//!     .build()?;
//! assert_eq!(client.base_url, "https://api.example.com");
//! assert!(!format!("{:?}", client.state).contains("YOUR_API_KEY"));
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod builder;
mod client_builder;
mod credentials;
mod error_body;
mod events;
mod form;
#[doc(hidden)]
pub mod internal;
#[cfg(feature = "multipart")]
mod multipart;
mod oauth;
mod pagination;
mod retry;
mod server;
mod state;
#[cfg(feature = "tracing")]
mod trace;

pub use builder::{
    BuildClient, ClientBuildError, ClientBuilder, ClientParts, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_TIMEOUT,
};
pub use credentials::{
    Credential, CredentialError, Credentials, KeyLocation, Requirement, Scheme, SchemeKind, Secret,
    Security,
};
pub use error_body::ERROR_BODY_LIMIT;
pub use events::{END_OF_STREAM, Event, EventError, EventStream};
#[cfg(feature = "multipart")]
pub use multipart::{FilePart, MultipartError};
pub use pagination::{OffsetConvention, Paging};
pub use retry::RetryPolicy;
pub use server::ServerTemplate;
pub use state::ClientState;
