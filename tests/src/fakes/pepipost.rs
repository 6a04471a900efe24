//! A fake Pepipost Subaccounts API v6 keeping subaccounts in memory.
//!
//! Documented behaviour: unique usernames, enable/disable through `PATCH`,
//! permanent delete, `limit`/`offset` pagination, flat error bodies with the
//! vendor's messages. Not documented, and chosen here: success bodies
//! (`{"status": "success"}` for writes, `{"data": [...], "total": n}` for the
//! list) and the offset convention (an item count from 0, the one the client
//! assumes by default).

use serde_json::{Value, json};

use super::bearer_token;
use crate::{CannedResponse, LocalServer, RecordedRequest, decode_path_segment};

/// The master account's API key.
pub const API_KEY: &str = "pepipost_test_9f2c4e1a";

/// The page size when the request gives no `limit`.
const DEFAULT_LIMIT: usize = 10;

/// One subaccount as the fake stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct Subaccount {
    /// Unique under the master account.
    pub username: String,
    /// Contact address.
    pub email: String,
    /// `unlimited` or `one_time_credit`.
    pub credit_type: String,
    /// Whether sending is disabled.
    pub disabled: bool,
}

/// The fake's state: subaccounts in creation order.
#[derive(Debug, Clone, Default)]
pub struct Pepipost {
    subaccounts: Vec<Subaccount>,
}

impl Pepipost {
    /// A master account without subaccounts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Serves the fake on 127.0.0.1.
    pub async fn start(mut self) -> LocalServer {
        LocalServer::serve(move |request| self.answer(request)).await
    }

    /// The subaccounts, in creation order.
    pub fn subaccounts(&self) -> &[Subaccount] {
        &self.subaccounts
    }

    /// The documented answer to `request`, applied to the state.
    pub fn answer(&mut self, request: &RecordedRequest) -> CannedResponse {
        if bearer_token(request) != Some(API_KEY) {
            return error(401, "Unauthorized");
        }
        let Some(rest) = request.path.strip_prefix("/v6/subaccounts") else {
            return error(404, "Not found");
        };
        match (request.method.as_str(), rest.strip_prefix('/')) {
            ("POST", None) => self.create(request),
            ("GET", None) => self.list(request),
            ("PATCH", Some(username)) if !username.contains('/') => {
                self.update(&decode_path_segment(username), request)
            }
            ("DELETE", Some(username)) if !username.contains('/') => {
                self.delete(&decode_path_segment(username))
            }
            _ => error(404, "Not found"),
        }
    }

    fn create(&mut self, request: &RecordedRequest) -> CannedResponse {
        let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
            return error(400, "Invalid Parameters");
        };
        let text = |field: &str| body.get(field).and_then(Value::as_str).map(str::to_owned);
        let (Some(username), Some(email)) = (text("username"), text("email")) else {
            return error(400, "Invalid Parameters");
        };
        let credit_type = text("credit_type").unwrap_or_else(|| "unlimited".to_owned());
        if username.is_empty()
            || !matches!(credit_type.as_str(), "unlimited" | "one_time_credit")
            || self.find(&username).is_some()
        {
            return error(400, "Invalid Parameters");
        }
        self.subaccounts.push(Subaccount {
            username,
            email,
            credit_type,
            disabled: false,
        });
        success()
    }

    fn update(&mut self, username: &str, request: &RecordedRequest) -> CannedResponse {
        let Some(index) = self.find(username) else {
            return error(404, "Subaccount does not exists");
        };
        let disabled = serde_json::from_slice::<Value>(&request.body)
            .ok()
            .and_then(|body| body.get("disabled").and_then(Value::as_bool));
        let Some(disabled) = disabled else {
            return error(400, "Invalid Parameters");
        };
        self.subaccounts[index].disabled = disabled;
        success()
    }

    fn delete(&mut self, username: &str) -> CannedResponse {
        let Some(index) = self.find(username) else {
            return error(404, "Subaccount does not exists");
        };
        self.subaccounts.remove(index);
        success()
    }

    fn list(&self, request: &RecordedRequest) -> CannedResponse {
        let mut limit = DEFAULT_LIMIT;
        let mut offset = 0;
        for (name, value) in request.query_pairs() {
            let target = match name.as_str() {
                "limit" => &mut limit,
                "offset" => &mut offset,
                _ => continue,
            };
            let Ok(parsed) = value.parse() else {
                return error(400, "Invalid Parameters");
            };
            *target = parsed;
        }
        let page: Vec<Value> = self
            .subaccounts
            .iter()
            .skip(offset)
            .take(limit)
            .map(|subaccount| {
                json!({
                    "username": subaccount.username,
                    "email": subaccount.email,
                    "credit_type": subaccount.credit_type,
                    "disabled": subaccount.disabled,
                })
            })
            .collect();
        CannedResponse::json(
            200,
            &json!({ "data": page, "total": self.subaccounts.len() }),
        )
    }

    fn find(&self, username: &str) -> Option<usize> {
        self.subaccounts
            .iter()
            .position(|subaccount| subaccount.username == username)
    }
}

fn success() -> CannedResponse {
    CannedResponse::json(200, &json!({ "status": "success" }))
}

fn error(status: u16, message: &str) -> CannedResponse {
    CannedResponse::json(status, &json!({ "error": message }))
}
