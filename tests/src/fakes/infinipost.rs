//! A fake Infinipost Partners API: `GET /v1/partners/accounts`.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::bearer_token;
use crate::{CannedResponse, LocalServer, RecordedRequest};

/// A key with partner access.
pub const PARTNER_KEY: &str = "sk_test_partner_4eC39HqLyjWDarjt";
/// A valid key of an account without partner access.
pub const PLAIN_KEY: &str = "sk_test_plain_T1zdp7dc4eC39HqL";

/// The fake's data: accounts per `partnerUserId`.
#[derive(Debug, Clone, Default)]
pub struct Infinipost {
    accounts: BTreeMap<String, Vec<Value>>,
}

impl Infinipost {
    /// A fake with no accounts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the accounts (JSON objects as the API returns them) of a partner's user.
    pub fn with_accounts(mut self, partner_user_id: &str, accounts: Vec<Value>) -> Self {
        self.accounts
            .entry(partner_user_id.to_owned())
            .or_default()
            .extend(accounts);
        self
    }

    /// Serves the fake on 127.0.0.1.
    pub async fn start(self) -> LocalServer {
        LocalServer::serve(move |request| self.answer(request)).await
    }

    /// The documented answer to `request`.
    pub fn answer(&self, request: &RecordedRequest) -> CannedResponse {
        // Authentication failures come first and use the nested shape (documented).
        match bearer_token(request) {
            None => return nested_error(401, "unauthorized", "No API key provided"),
            Some(PARTNER_KEY | PLAIN_KEY) => {}
            Some(_) => {
                return nested_error(401, "invalid_api_key", "The API key provided is invalid");
            }
        }
        if (request.method.as_str(), request.path.as_str()) != ("GET", "/v1/partners/accounts") {
            return nested_error(404, "not_found", "Not found");
        }
        // The partner endpoint's own errors are flat (documented bodies, inferred statuses).
        if bearer_token(request) != Some(PARTNER_KEY) {
            return flat_error(403, "This API key does not have partner access");
        }
        let partner_user_id = request
            .query_pairs()
            .into_iter()
            .find(|(name, _)| name == "partnerUserId")
            .map(|(_, value)| value)
            .filter(|value| !value.is_empty());
        let Some(partner_user_id) = partner_user_id else {
            return flat_error(400, "partnerUserId is required");
        };
        let accounts = self
            .accounts
            .get(&partner_user_id)
            .cloned()
            .unwrap_or_default();
        CannedResponse::json(200, &json!({ "accounts": accounts }))
    }
}

fn nested_error(status: u16, code: &str, message: &str) -> CannedResponse {
    CannedResponse::json(
        status,
        &json!({ "error": { "code": code, "message": message } }),
    )
}

fn flat_error(status: u16, message: &str) -> CannedResponse {
    CannedResponse::json(status, &json!({ "error": message }))
}
