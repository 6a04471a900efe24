//! Support for the end-to-end tests: a one-shot HTTP/1.1 server on
//! 127.0.0.1 that records the request it receives and answers with a canned
//! response, plus helpers to read the workspace and its specs.
//!
//! The server is deliberately small and strict: the tests assert on exactly
//! what crossed the socket (method, path, query, headers, body). The same
//! server, given a handler instead of a script, runs the stateful fakes of
//! both APIs in [`fakes`].

use std::path::{Path, PathBuf};

/// The workspace README's examples compile and are tested as doctests of this crate.
#[doc = include_str!("../../README.md")]
pub mod readme {}

pub mod fakes;
pub mod synthetic;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Upper bound for one exchange, so a broken client fails the test instead of hanging it.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(10);

/// Largest request head the server accepts.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// The workspace root (the parent of the `tests` crate).
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// A request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// Path without the query, still percent-encoded, e.g. `/v6/subaccounts/a%2Fb`.
    pub path: String,
    /// Raw query string without `?`, if any.
    pub query: Option<String>,
    /// Header names (lower-case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// Request body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The query parameters, percent-decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.query
            .as_deref()
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (percent_decode(key), percent_decode(value))
            })
            .collect()
    }

    /// The body parsed as JSON.
    ///
    /// # Panics
    ///
    /// When the body is not JSON (this is test support: a failed assertion).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct CannedResponse {
    /// Status code.
    pub status: u16,
    /// `Content-Type` header, if any.
    pub content_type: Option<&'static str>,
    /// Further headers.
    pub headers: Vec<(&'static str, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl CannedResponse {
    /// A JSON response with `status`.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self {
            status,
            content_type: Some("application/json"),
            headers: Vec::new(),
            body: body.to_string().into_bytes(),
        }
    }

    /// A response with `status` and no body.
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            content_type: None,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Not an answer at all: the server closes the connection after reading
    /// the request (the client sees a reset or an early end of stream).
    pub fn hang_up() -> Self {
        Self::empty(0)
    }

    /// Not an answer either: the server resets the connection (TCP RST) after
    /// reading the request.
    pub fn reset() -> Self {
        Self::empty(1)
    }

    /// The same response with one more header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// A server on 127.0.0.1 that answers one request per connection with the
/// next scripted response, recording each request before it answers.
pub struct LocalServer {
    /// `http://127.0.0.1:<port>`: pass it to the client as its base URL.
    pub base_url: String,
    recorded: std::sync::Arc<std::sync::Mutex<Vec<RecordedRequest>>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl LocalServer {
    /// Serves one request with `response`.
    pub async fn start(response: CannedResponse) -> Self {
        Self::scripted(vec![response]).await
    }

    /// Serves one request per response, in order, then stops accepting.
    pub async fn scripted(responses: Vec<CannedResponse>) -> Self {
        let count = responses.len();
        let mut script = responses.into_iter();
        Self::run(Some(count), move |_| {
            script.next().unwrap_or_else(|| CannedResponse::empty(500))
        })
        .await
    }

    /// Serves every request with `handler`, one connection at a time, until
    /// the server is dropped: the base of the stateful fakes in [`fakes`].
    pub async fn serve<H>(handler: H) -> Self
    where
        H: FnMut(&RecordedRequest) -> CannedResponse + Send + 'static,
    {
        Self::run(None, handler).await
    }

    /// # Panics
    ///
    /// When no loopback port can be bound.
    async fn run<H>(limit: Option<usize>, mut handler: H) -> Self
    where
        H: FnMut(&RecordedRequest) -> CannedResponse + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let recorded = std::sync::Arc::default();
        let log = std::sync::Arc::clone(&recorded);
        let task = tokio::spawn(async move {
            let mut served = 0;
            while limit.is_none_or(|limit| served < limit) {
                let (stream, _) = listener.accept().await?;
                tokio::time::timeout(EXCHANGE_TIMEOUT, serve_one(stream, &mut handler, &log))
                    .await
                    .map_err(|_| {
                        std::io::Error::new(std::io::ErrorKind::TimedOut, "request incomplete")
                    })??;
                served += 1;
            }
            Ok(())
        });
        Self {
            base_url,
            recorded,
            task,
        }
    }

    /// How many requests the server has received so far.
    pub fn request_count(&self) -> usize {
        self.recorded.lock().expect("lock").len()
    }

    /// The first request the server received.
    ///
    /// # Panics
    ///
    /// When no well-formed request arrived in time.
    pub async fn request(self) -> RecordedRequest {
        self.requests()
            .await
            .into_iter()
            .next()
            .expect("the server received a request")
    }

    /// Every request received so far; the server stops.
    pub async fn requests(self) -> Vec<RecordedRequest> {
        // Requests are recorded before they are answered, so once the client
        // has its answer, its request is here.
        let deadline = tokio::time::Instant::now() + EXCHANGE_TIMEOUT;
        while self.recorded.lock().expect("lock").is_empty()
            && tokio::time::Instant::now() < deadline
        {
            if self.task.is_finished() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        self.task.abort();
        self.recorded.lock().expect("lock").clone()
    }
}

async fn serve_one(
    mut stream: tokio::net::TcpStream,
    handler: &mut (impl FnMut(&RecordedRequest) -> CannedResponse + Send),
    log: &std::sync::Mutex<Vec<RecordedRequest>>,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut stream).await? else {
        return Err(invalid("connection closed before the request head ended"));
    };
    let response = handler(&request);
    log.lock().expect("lock").push(request);

    if response.status == 0 {
        // Hang up: drop the connection without a byte of answer.
        return Ok(());
    }
    if response.status == 1 {
        // Reset: a zero linger time makes closing send RST instead of FIN.
        // tokio deprecates SO_LINGER because a non-zero linger blocks the
        // thread on drop; a zero linger returns at once.
        #[allow(deprecated)]
        let reset = stream.set_linger(Some(Duration::ZERO));
        return reset;
    }
    write_response(&mut stream, &response, false).await?;
    stream.shutdown().await
}

/// Reads one HTTP/1.1 request (head and `Content-Length` body); `None` when
/// the peer closed the connection before sending a byte of it.
async fn read_request(
    stream: &mut tokio::net::TcpStream,
) -> std::io::Result<Option<RecordedRequest>> {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > MAX_HEAD_BYTES {
            return Err(invalid("request head too large"));
        }
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return if buffer.is_empty() {
                Ok(None)
            } else {
                Err(invalid("connection closed before the request head ended"))
            };
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = std::str::from_utf8(&buffer[..head_end])
        .map_err(|_| invalid("request head is not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(_version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid("malformed request line"));
    };
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let content_length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .map(|(_, value)| value.parse().map_err(|_| invalid("bad content-length")))
        .transpose()?
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < content_length {
        let mut chunk = vec![0u8; content_length - body.len()];
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Err(invalid("connection closed before the body ended"));
        }
        body.extend_from_slice(&chunk[..read]);
    }
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (target.to_owned(), None),
    };
    Ok(Some(RecordedRequest {
        method: method.to_owned(),
        path,
        query,
        headers,
        body,
    }))
}

/// Writes `response`; `keep_alive` leaves the connection open for the next request.
async fn write_response(
    stream: &mut tokio::net::TcpStream,
    response: &CannedResponse,
    keep_alive: bool,
) -> std::io::Result<()> {
    let connection = if keep_alive { "keep-alive" } else { "close" };
    let mut answer = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: {connection}\r\n",
        response.status,
        reason(response.status),
        response.body.len()
    );
    if let Some(content_type) = response.content_type {
        answer.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    for (name, value) in &response.headers {
        answer.push_str(&format!("{name}: {value}\r\n"));
    }
    answer.push_str("\r\n");
    stream.write_all(answer.as_bytes()).await?;
    stream.write_all(&response.body).await
}

/// A server for throughput measurements: many connections at once, each kept
/// alive across requests, every request answered by `answer` (which shares
/// its responses, so large bodies are not copied per request). Nothing is
/// recorded. It stops when dropped.
pub struct KeepAliveServer {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    task: JoinHandle<()>,
}

impl KeepAliveServer {
    /// Starts serving on a free loopback port.
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound.
    pub async fn start<H>(answer: H) -> Self
    where
        H: Fn(&RecordedRequest) -> std::sync::Arc<CannedResponse> + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let answer = std::sync::Arc::new(answer);
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                let answer = std::sync::Arc::clone(&answer);
                tokio::spawn(async move {
                    while let Ok(Some(request)) = read_request(&mut stream).await {
                        let response = answer(&request);
                        if write_response(&mut stream, &response, true).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        Self { base_url, task }
    }
}

impl Drop for KeepAliveServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn invalid(message: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message.to_owned())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// Decodes `%XX` escapes and `+` (as a space), as in `application/x-www-form-urlencoded`.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', high, low]) => hex_value(*high)
                .zip(hex_value(*low))
                .map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match (escaped, bytes[i]) {
            (Some(byte), _) => {
                out.push(byte);
                i += 3;
            }
            (None, b'+') => {
                out.push(b' ');
                i += 1;
            }
            (None, byte) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(digit: u8) -> Option<u8> {
    (digit as char)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}

/// The example at `pointer` (RFC 6901, without `#`) in the spec `specs/<api>.yaml`:
/// the tests answer with the vendor's documented examples, taken from the spec itself.
///
/// # Panics
///
/// When the spec does not load or has no value at `pointer`.
pub fn spec_example(api: &str, pointer: &str) -> serde_json::Value {
    let root = workspace_root();
    let spec = codegen::load::load_spec(&root, &Path::new("specs").join(format!("{api}.yaml")))
        .unwrap_or_else(|error| panic!("{error}"));
    let document = serde_json::to_value(&spec.document).expect("a spec serializes to JSON");
    document
        .pointer(pointer)
        .unwrap_or_else(|| panic!("specs/{api}.yaml has no value at {pointer}"))
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_handles_escapes_plus_and_stray_percent_signs() {
        assert_eq!(percent_decode("a%26b%3Dc+d"), "a&b=c d");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%E2%9C%93"), "✓");
    }
}
