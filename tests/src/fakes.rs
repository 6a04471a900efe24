//! Stateful fakes of the two vendor APIs, served over real TCP on
//! 127.0.0.1 by [`LocalServer::serve`](crate::LocalServer::serve).
//!
//! Each fake implements the behaviour the vendor documents (see
//! `../shared/api-docs` and the specs): authentication, validation, the
//! documented error bodies and, for Pepipost, subaccounts kept in memory.
//! Where the vendor is silent (Pepipost's success bodies), the fake picks a
//! plausible shape and says so.

pub mod infinipost;
pub mod pepipost;

use crate::RecordedRequest;

/// The token of an `Authorization: Bearer <token>` header, if any.
fn bearer_token(request: &RecordedRequest) -> Option<&str> {
    request.header("authorization")?.strip_prefix("Bearer ")
}
