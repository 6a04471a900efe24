//! What every conformance program shares. A conformance program is
//! generated for one client crate (`codegen::conformance_program`): it calls
//! each operation through the crate's typed API against Prism serving the
//! same document, and prints one JSON line per call, which this crate
//! judges and writes.
//!
//! Each call asks Prism for one documented status (`Prefer: code=…`), so
//! that an answer of another status says Prism refused the request (or,
//! for a success, answered another one it documents).

use progenitor_client::{Error, ResponseValue};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// How one call went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// The answer came with the status asked for and decoded into the
    /// operation's typed response or typed error.
    Passed,
    /// Prism answered another status than the one asked for: it refused
    /// the request (its problem document, when it sent one, says why).
    Rejected {
        /// The status Prism answered.
        status: u16,
        /// What it said, when the client did not decode it.
        detail: String,
    },
    /// The answer came but did not decode into the operation's type.
    Undecoded {
        /// The status of the answer.
        status: u16,
        /// serde's message.
        detail: String,
    },
    /// The call could not be made through the typed API.
    NotCallable {
        /// Why.
        detail: String,
    },
    /// Prism's answer breaks the document it serves (its example does not
    /// fit the schema, say): Prism refuses its own answer, validating
    /// against the letter of a broken document. Counted apart.
    Prism {
        /// The status Prism answered.
        status: u16,
        /// Its problem document.
        detail: String,
    },
    /// The call failed on its way (connection, timeout).
    Failed {
        /// The client's error.
        detail: String,
    },
}

impl Outcome {
    /// A call that cannot be made, for `detail`.
    pub fn not_callable(detail: impl ToString) -> Self {
        Self::NotCallable {
            detail: detail.to_string(),
        }
    }
}

/// The first of `candidates` (JSON texts) that the client's type `T`
/// accepts: the document's examples come first, the values made from the
/// schema last.
///
/// # Errors
///
/// [`Outcome::NotCallable`] naming why the last candidate does not fit.
pub fn value<T: DeserializeOwned>(what: &str, candidates: &[&str]) -> Result<T, Outcome> {
    let mut last = String::from("no value to try");
    for candidate in candidates {
        match serde_json::from_str(candidate) {
            Ok(value) => return Ok(value),
            Err(error) => last = format!("{candidate}: {error}"),
        }
    }
    Err(Outcome::not_callable(format!(
        "no value fits the type of {what}: {last}"
    )))
}

/// An HTTP client that asks Prism for `status` on every request (for
/// whatever it answers when `None`).
///
/// # Errors
///
/// [`Outcome::NotCallable`] when the client cannot be made.
pub fn asking_for(status: Option<u16>) -> Result<reqwest::Client, Outcome> {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(status) = status {
        let prefer = reqwest::header::HeaderValue::from_str(&format!("code={status}"))
            .map_err(Outcome::not_callable)?;
        headers.insert("prefer", prefer);
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .map_err(Outcome::not_callable)
}

/// Judges the result of a call that asked for `status` (for whatever the
/// server answers when `None`: then any answer the client decodes passes).
pub async fn judge<T, E>(
    result: Result<ResponseValue<T>, Error<E>>,
    status: Option<u16>,
) -> Outcome {
    let asked = |answered: reqwest::StatusCode| status.is_none_or(|status| answered == status);
    match result {
        Ok(answer) if asked(answer.status()) => Outcome::Passed,
        Ok(answer) => Outcome::Rejected {
            status: answer.status().as_u16(),
            detail: "another documented success".to_owned(),
        },
        Err(Error::ErrorResponse(answer)) if asked(answer.status()) => Outcome::Passed,
        Err(Error::ErrorResponse(answer)) => Outcome::Rejected {
            status: answer.status().as_u16(),
            detail: format!("a documented {}", std::any::type_name::<E>()),
        },
        Err(Error::UnexpectedResponse(answer)) => {
            let answered = answer.status();
            let body = answer.text().await.unwrap_or_default();
            if refuses_its_own_answer(&body) {
                Outcome::Prism {
                    status: answered.as_u16(),
                    detail: body,
                }
            } else if status == Some(answered.as_u16()) {
                Outcome::Undecoded {
                    status: answered.as_u16(),
                    detail: format!("the client does not expect this status: {body}"),
                }
            } else {
                Outcome::Rejected {
                    status: answered.as_u16(),
                    detail: body,
                }
            }
        }
        Err(Error::InvalidResponsePayload(bytes, error)) => Outcome::Undecoded {
            status: status.unwrap_or_default(),
            detail: format!("{error}: {}", String::from_utf8_lossy(&bytes)),
        },
        Err(Error::InvalidRequest(message)) => Outcome::not_callable(message),
        Err(Error::CommunicationError(error)) => Outcome::Failed {
            detail: format!("the request was not answered: {error}"),
        },
        Err(other) => Outcome::Failed {
            detail: format!("the client failed: {}", describe(&other)),
        },
    }
}

/// What went wrong, for the errors no other arm of [`judge`] reads.
fn describe<E>(error: &Error<E>) -> String {
    match error {
        Error::InvalidUpgrade(error) => format!("invalid upgrade: {error}"),
        Error::ResponseBodyError(error) => format!("the body could not be read: {error}"),
        Error::Custom(message) => message.clone(),
        _ => "another error".to_owned(),
    }
}

/// Whether `body` is Prism's problem document for an answer of its own
/// that breaks the document (its violations are all in the response).
fn refuses_its_own_answer(body: &str) -> bool {
    let Ok(problem) = serde_json::from_str::<serde_json::Value>(body) else {
        return false;
    };
    let violations = problem
        .get("validation")
        .and_then(serde_json::Value::as_array);
    problem.get("type").and_then(serde_json::Value::as_str)
        == Some("https://stoplight.io/prism/errors#VIOLATIONS")
        && violations.is_some_and(|violations| {
            !violations.is_empty()
                && violations.iter().all(|violation| {
                    violation
                        .pointer("/location/0")
                        .and_then(serde_json::Value::as_str)
                        == Some("response")
                })
        })
}

/// One call's line of the program's output.
#[derive(Serialize)]
struct Line<'a> {
    operation: &'a str,
    call: &'a str,
    #[serde(flatten)]
    outcome: &'a Outcome,
}

/// Prints the outcome of the call `call` of `operation` as a JSON line.
pub fn report(operation: &str, call: &str, outcome: &Outcome) {
    let line = Line {
        operation,
        call,
        outcome,
    };
    println!(
        "{}",
        serde_json::to_string(&line).unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &'static str) -> reqwest::Response {
        http::Response::builder()
            .status(status)
            .body(bytes::Bytes::from_static(body.as_bytes()))
            .expect("a response")
            .into()
    }

    #[test]
    fn the_first_value_the_type_accepts_is_sent() {
        assert_eq!(value::<u8>("limit", &["\"ten\"", "300", "7"]), Ok(7));
        let Err(Outcome::NotCallable { detail }) = value::<u8>("limit", &["300"]) else {
            panic!("nothing fits")
        };
        assert!(
            detail.starts_with("no value fits the type of limit: 300:"),
            "{detail}"
        );
    }

    #[tokio::test]
    async fn answers_are_judged_by_the_status_asked_for_and_whether_they_decode() {
        let ok = ResponseValue::<serde_json::Value>::from_response::<()>(answer(200, "{}")).await;
        assert_eq!(judge(ok, Some(200)).await, Outcome::Passed);
        let refused: Result<ResponseValue<()>, Error<()>> = Err(Error::UnexpectedResponse(answer(
            422,
            "{\"title\": \"Invalid request\"}",
        )));
        assert_eq!(
            judge(refused, Some(200)).await,
            Outcome::Rejected {
                status: 422,
                detail: "{\"title\": \"Invalid request\"}".to_owned()
            }
        );
        let own = "{\"type\": \"https://stoplight.io/prism/errors#VIOLATIONS\", \"validation\": [{\"location\": [\"response\", \"body\", \"CreatedAt\"]}]}";
        let broken: Result<ResponseValue<()>, Error<()>> =
            Err(Error::UnexpectedResponse(answer(500, own)));
        assert_eq!(
            judge(broken, Some(200)).await,
            Outcome::Prism {
                status: 500,
                detail: own.to_owned()
            }
        );
        let undecoded = ResponseValue::<Vec<u8>>::from_response::<()>(answer(200, "{}")).await;
        let Outcome::Undecoded {
            status: 200,
            detail,
        } = judge(undecoded, Some(200)).await
        else {
            panic!("an object is not a list")
        };
        assert!(detail.contains("invalid type: map"), "{detail}");
    }
}
