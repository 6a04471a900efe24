//! `multipart/form-data` bodies: the file parts users hand over, and the
//! encoding of a typed body's fields into reqwest's [`Form`], part by part,
//! as the spec's `encoding` object and OpenAPI's defaults say: text for
//! strings, numbers and booleans, JSON for objects, one part per item for
//! arrays, the bytes of a file with its file name and content type.

use std::fmt;

use reqwest::multipart::{Form, Part};
use serde::Serialize;
use serde_json::Value;

/// The content of a file part of a multipart body: bytes in memory or a
/// stream read as the request goes out, with the file name and content
/// type the part is sent with.
///
/// ```
/// use client_runtime::FilePart;
///
/// let photo = FilePart::bytes(b"\x89PNG...".to_vec())
///     .file_name("beach.png")
///     .content_type("image/png");
/// assert_eq!(photo.get_file_name(), Some("beach.png"));
/// ```
pub struct FilePart {
    content: Content,
    file_name: Option<String>,
    content_type: Option<String>,
}

enum Content {
    Bytes(Vec<u8>),
    Stream(reqwest::Body),
}

impl FilePart {
    /// A file part holding `bytes`.
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Self::new(Content::Bytes(bytes.into()))
    }

    /// A file part read from `stream` as the request is sent, so a large
    /// file is never held in memory whole (a `tokio::fs::File` through
    /// `tokio_util::io::ReaderStream`, a download being forwarded).
    ///
    /// A streamed body cannot be sent twice: a request carrying one is not
    /// retried.
    pub fn stream<S>(stream: S) -> Self
    where
        S: futures::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        bytes::Bytes: From<S::Ok>,
    {
        Self::new(Content::Stream(reqwest::Body::wrap_stream(stream)))
    }

    fn new(content: Content) -> Self {
        Self {
            content,
            file_name: None,
            content_type: None,
        }
    }

    /// Sends the part with this file name (the `filename` of its
    /// `Content-Disposition`). Without one, the part's name is used: servers
    /// tell files from fields by the file name.
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sends the part with this `Content-Type` (`image/png`). Without one,
    /// the part goes out with the type the spec's `encoding` gives it, else
    /// `application/octet-stream`.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name set with [`FilePart::file_name`].
    pub fn get_file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type set with [`FilePart::content_type`].
    pub fn get_content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl fmt::Debug for FilePart {
    // The content is left out: it may be large, binary or private.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let content = match &self.content {
            Content::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Content::Stream(_) => "a stream".to_owned(),
        };
        formatter
            .debug_struct("FilePart")
            .field("content", &format_args!("{content}"))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        Self::bytes(bytes)
    }
}

impl From<&[u8]> for FilePart {
    fn from(bytes: &[u8]) -> Self {
        Self::bytes(bytes)
    }
}

impl From<bytes::Bytes> for FilePart {
    fn from(bytes: bytes::Bytes) -> Self {
        Self::bytes(bytes)
    }
}

/// Why a typed multipart body could not become a [`Form`].
#[derive(Debug)]
#[non_exhaustive]
pub enum MultipartError {
    /// A part's content type is not a media type.
    ContentType {
        /// The part's name.
        part: String,
        /// The content type given.
        content_type: String,
    },
    /// A field did not serialize (a map with keys that are not strings).
    Serialize {
        /// The part's name.
        part: String,
        /// What serde reported.
        message: String,
    },
}

impl fmt::Display for MultipartError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ContentType { part, content_type } => write!(
                formatter,
                "the multipart part `{part}` has the content type {content_type:?}, which is not a media type"
            ),
            Self::Serialize { part, message } => write!(
                formatter,
                "the multipart part `{part}` does not serialize: {message}"
            ),
        }
    }
}

impl std::error::Error for MultipartError {}

/// A multipart body being assembled from a typed body's fields, in the
/// order the spec lists them.
#[derive(Debug, Default)]
pub struct MultipartBody {
    form: Form,
}

impl MultipartBody {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the file `part` as the part `name`, with its own content type,
    /// else `default_type` (the spec's `encoding`), else
    /// `application/octet-stream`.
    ///
    /// # Errors
    ///
    /// When the content type is not a media type.
    pub fn file(
        mut self,
        name: &str,
        part: FilePart,
        default_type: Option<&str>,
    ) -> Result<Self, MultipartError> {
        let FilePart {
            content,
            file_name,
            content_type,
        } = part;
        let content_type = content_type
            .or_else(|| default_type.map(str::to_owned))
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        let part = match content {
            Content::Bytes(bytes) => Part::bytes(bytes),
            Content::Stream(body) => Part::stream(body),
        };
        let part = typed(name, part, &content_type)?
            .file_name(file_name.unwrap_or_else(|| name.to_owned()));
        self.form = self.form.part(name.to_owned(), part);
        Ok(self)
    }

    /// Adds each of `parts` as a part named `name`.
    ///
    /// # Errors
    ///
    /// As [`MultipartBody::file`].
    pub fn files(
        self,
        name: &str,
        parts: Vec<FilePart>,
        default_type: Option<&str>,
    ) -> Result<Self, MultipartError> {
        parts
            .into_iter()
            .try_fold(self, |body, part| body.file(name, part, default_type))
    }

    /// Adds `value` as the part (or parts) `name`: nothing for null; a
    /// string, number or boolean as its text; an object as JSON; an array
    /// one part per item, unless `content_type` (the spec's `encoding`)
    /// asks for JSON, which sends the whole value as one JSON part.
    ///
    /// # Errors
    ///
    /// When `value` does not serialize, or `content_type` is not a media type.
    pub fn value<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<Self, MultipartError> {
        let value = serde_json::to_value(value).map_err(|error| MultipartError::Serialize {
            part: name.to_owned(),
            message: error.to_string(),
        })?;
        let json_asked = content_type.is_some_and(is_json);
        match value {
            Value::Null => {}
            Value::Array(items) if !json_asked => {
                for item in items {
                    self = self.value(name, &item, content_type)?;
                }
            }
            value => {
                let (text, default_type) = match value {
                    Value::String(text) if !json_asked => (text, "text/plain"),
                    Value::Bool(_) | Value::Number(_) if !json_asked => {
                        (value.to_string(), "text/plain")
                    }
                    value => (value.to_string(), "application/json"),
                };
                let part = Part::text(text);
                // A text part without a type is `text/plain` by RFC 7578; only
                // another type is spelled out.
                let part = match content_type {
                    Some(content_type) => typed(name, part, content_type)?,
                    None if default_type != "text/plain" => typed(name, part, default_type)?,
                    None => part,
                };
                self.form = self.form.part(name.to_owned(), part);
            }
        }
        Ok(self)
    }

    /// The form, ready to send.
    pub fn finish(self) -> Form {
        self.form
    }
}

/// `part` with `content_type`.
fn typed(name: &str, part: Part, content_type: &str) -> Result<Part, MultipartError> {
    part.mime_str(content_type)
        .map_err(|_| MultipartError::ContentType {
            part: name.to_owned(),
            content_type: content_type.to_owned(),
        })
}

/// `application/json`, `application/*+json`, with or without parameters.
fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use httpmock::prelude::*;

    use super::*;

    /// Sends `form` to a mock server expecting every one of `parts` in the body.
    async fn assert_sent(form: Form, parts: &[&str]) {
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                let mut when = when.method(POST).path("/upload");
                for part in parts {
                    when = when.body_includes(*part);
                }
                then.status(204);
            })
            .await;
        let status = reqwest::Client::new()
            .post(server.url("/upload"))
            .multipart(form)
            .send()
            .await
            .expect("sent")
            .status();
        assert_eq!(status, 204, "the body lacked one of {parts:?}");
        mock.assert_async().await;
    }

    #[tokio::test]
    async fn fields_go_out_as_text_json_or_one_part_per_item() {
        let form = MultipartBody::new()
            .value("caption", "holiday", None)
            .and_then(|body| body.value("count", &3, None))
            .and_then(|body| body.value("public", &true, None))
            .and_then(|body| body.value("tags", &["sea", "sun"], None))
            .and_then(|body| body.value("meta", &serde_json::json!({"a": 1}), None))
            .and_then(|body| body.value("list", &[1, 2], Some("application/json")))
            .and_then(|body| body.value("absent", &None::<String>, None))
            .expect("encoded")
            .finish();
        assert_sent(
            form,
            &[
                "name=\"caption\"\r\n\r\nholiday\r\n",
                "name=\"count\"\r\n\r\n3\r\n",
                "name=\"public\"\r\n\r\ntrue\r\n",
                "name=\"tags\"\r\n\r\nsea\r\n",
                "name=\"tags\"\r\n\r\nsun\r\n",
                "name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"a\":1}\r\n",
                "name=\"list\"\r\nContent-Type: application/json\r\n\r\n[1,2]\r\n",
            ],
        )
        .await;
    }

    #[tokio::test]
    async fn files_carry_their_name_and_type_or_the_defaults() {
        let form = MultipartBody::new()
            .file(
                "photo",
                FilePart::bytes(b"PNGDATA".to_vec())
                    .file_name("beach.png")
                    .content_type("image/png"),
                Some("image/jpeg"),
            )
            .and_then(|body| {
                body.file(
                    "scan",
                    FilePart::bytes(b"PDFDATA".to_vec()),
                    Some("application/pdf"),
                )
            })
            .and_then(|body| {
                body.files(
                    "extra",
                    vec![
                        FilePart::bytes(b"ONE".to_vec()),
                        FilePart::stream(futures::stream::iter([Ok::<_, std::io::Error>(
                            bytes::Bytes::from_static(b"TWO"),
                        )])),
                    ],
                    None,
                )
            })
            .expect("encoded")
            .finish();
        assert_sent(
            form,
            &[
                "name=\"photo\"; filename=\"beach.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA",
                "name=\"scan\"; filename=\"scan\"\r\nContent-Type: application/pdf\r\n\r\nPDFDATA",
                "name=\"extra\"; filename=\"extra\"\r\nContent-Type: application/octet-stream\r\n\r\nONE",
                "\r\n\r\nTWO\r\n",
            ],
        )
        .await;
    }

    #[test]
    fn a_bad_content_type_names_the_part() {
        let error = MultipartBody::new()
            .file(
                "photo",
                FilePart::bytes(Vec::new()).content_type("not a type"),
                None,
            )
            .expect_err("refused");
        assert_eq!(
            error.to_string(),
            "the multipart part `photo` has the content type \"not a type\", which is not a media type"
        );
    }

    #[test]
    fn debug_shows_the_size_not_the_content() {
        let part = FilePart::bytes(b"secret".to_vec()).file_name("a.txt");
        let shown = format!("{part:?}");
        assert!(
            shown.contains("6 bytes") && shown.contains("a.txt"),
            "{shown}"
        );
        assert!(!shown.contains("secret"), "{shown}");
    }
}
