//! Local HTTP/1.1 servers for the end-to-end tests and benchmarks, served by
//! hyper over real TCP on 127.0.0.1.
//!
//! [`LocalServer`] records every request before it answers, so the tests can
//! assert on exactly what crossed the socket (method, path, query, headers,
//! body); it answers from a script or from a handler (the stateful fakes in
//! [`fakes`](crate::fakes)). Two answers misbehave below HTTP, which hyper
//! cannot express: hanging up without a byte of response, and resetting the
//! connection. [`KeepAliveServer`] serves throughput measurements.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Upper bound for one exchange, so a broken client fails the test instead of hanging it.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(10);

/// The `status` of [`CannedResponse::hang_up`].
const HANG_UP: u16 = 0;
/// The `status` of [`CannedResponse::reset`].
const RESET: u16 = 1;

/// A request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// Path without the query, still percent-encoded, e.g. `/v6/subaccounts/a%2Fb`.
    pub path: String,
    /// Raw query string without `?`, if any.
    pub query: Option<String>,
    /// Header names (lower-case) and values.
    pub headers: Vec<(String, String)>,
    /// Request body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// Reads the whole request, body included.
    async fn read(request: Request<Incoming>) -> Result<Self, hyper::Error> {
        let (head, body) = request.into_parts();
        let body = body.collect().await?.to_bytes().to_vec();
        Ok(Self {
            method: head.method.to_string(),
            path: head.uri.path().to_owned(),
            query: head.uri.query().map(str::to_owned),
            headers: head
                .headers
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                    (name.as_str().to_owned(), value)
                })
                .collect(),
            body,
        })
    }

    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The query parameters, decoded as `application/x-www-form-urlencoded`, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_deref().unwrap_or_default().as_bytes())
            .into_owned()
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

/// A path segment with its `%XX` escapes decoded (`+` stays a plus sign, as
/// it does in a path); invalid UTF-8 becomes U+FFFD.
pub fn decode_path_segment(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
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
    /// the request (the client sees an early end of stream).
    pub fn hang_up() -> Self {
        Self::empty(HANG_UP)
    }

    /// Not an answer either: the server resets the connection (TCP RST) after
    /// reading the request.
    pub fn reset() -> Self {
        Self::empty(RESET)
    }

    /// The same response with one more header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// The response hyper sends, with `body` as its body.
    fn to_hyper(&self, body: Bytes) -> Response<Full<Bytes>> {
        let mut response = Response::builder().status(self.status);
        if let Some(content_type) = self.content_type {
            response = response.header("content-type", content_type);
        }
        for (name, value) in &self.headers {
            response = response.header(*name, value);
        }
        response
            .body(Full::new(body))
            .unwrap_or_else(|error| panic!("the canned response is not valid HTTP: {error}"))
    }
}

/// Why the server ended a connection without answering.
#[derive(Debug)]
struct Misbehaved;

impl std::fmt::Display for Misbehaved {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("the script ends this connection without an answer")
    }
}

impl std::error::Error for Misbehaved {}

/// A server on 127.0.0.1 that answers one request per connection with the
/// next scripted response, recording each request before it answers.
pub struct LocalServer {
    /// `http://127.0.0.1:<port>`: pass it to the client as its base URL.
    pub base_url: String,
    recorded: Arc<Mutex<Vec<RecordedRequest>>>,
    task: JoinHandle<()>,
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
    /// the server is dropped: the base of the stateful fakes in [`fakes`](crate::fakes).
    pub async fn serve<H>(handler: H) -> Self
    where
        H: FnMut(&RecordedRequest) -> CannedResponse + Send + 'static,
    {
        Self::run(None, handler).await
    }

    /// # Panics
    ///
    /// When no loopback port can be bound.
    async fn run<H>(limit: Option<usize>, handler: H) -> Self
    where
        H: FnMut(&RecordedRequest) -> CannedResponse + Send + 'static,
    {
        let (listener, base_url) = bind().await;
        let recorded: Arc<Mutex<Vec<RecordedRequest>>> = Arc::default();
        let log = Arc::clone(&recorded);
        let handler = Arc::new(Mutex::new(handler));
        let task = tokio::spawn(async move {
            let mut served = 0;
            while limit.is_none_or(|limit| served < limit) {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let connection = Connection::new(stream);
                let reset = Arc::clone(&connection.reset);
                let (handler, log) = (Arc::clone(&handler), Arc::clone(&log));
                let service = service_fn(move |request| {
                    answer_scripted(
                        request,
                        Arc::clone(&handler),
                        Arc::clone(&log),
                        Arc::clone(&reset),
                    )
                });
                // One request per connection (`Connection: close`), as the
                // scripts count requests; an error here is a client that
                // broke off or a scripted misbehaviour, which the test
                // observes on the client side.
                let exchange = http1::Builder::new()
                    .keep_alive(false)
                    .serve_connection(TokioIo::new(connection), service);
                let _ = tokio::time::timeout(EXCHANGE_TIMEOUT, exchange).await;
                served += 1;
            }
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

/// Records `request`, then answers it as `handler` says, or ends the
/// connection without an answer (raising `reset` for a reset).
async fn answer_scripted<H>(
    request: Request<Incoming>,
    handler: Arc<Mutex<H>>,
    log: Arc<Mutex<Vec<RecordedRequest>>>,
    reset: Arc<AtomicBool>,
) -> Result<Response<Full<Bytes>>, Box<dyn std::error::Error + Send + Sync>>
where
    H: FnMut(&RecordedRequest) -> CannedResponse,
{
    let request = RecordedRequest::read(request).await?;
    let response = (handler.lock().expect("lock"))(&request);
    log.lock().expect("lock").push(request);
    match response.status {
        HANG_UP => Err(Box::new(Misbehaved)),
        RESET => {
            reset.store(true, Ordering::Relaxed);
            Err(Box::new(Misbehaved))
        }
        _ => Ok(response.to_hyper(Bytes::from(response.body.clone()))),
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.task.abort();
    }
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
        H: Fn(&RecordedRequest) -> Arc<CannedResponse> + Send + Sync + 'static,
    {
        let (listener, base_url) = bind().await;
        let answer = Arc::new(answer);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                let answer = Arc::clone(&answer);
                let service = service_fn(move |request| {
                    let answer = Arc::clone(&answer);
                    async move {
                        let request = RecordedRequest::read(request).await?;
                        let response = answer(&request);
                        let body = Bytes::from_owner(SharedBody(Arc::clone(&response)));
                        Ok::<_, hyper::Error>(response.to_hyper(body))
                    }
                });
                tokio::spawn(http1::Builder::new().serve_connection(TokioIo::new(stream), service));
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

/// A response body borrowed from a shared [`CannedResponse`].
struct SharedBody(Arc<CannedResponse>);

impl AsRef<[u8]> for SharedBody {
    fn as_ref(&self) -> &[u8] {
        &self.0.body
    }
}

/// # Panics
///
/// When no loopback port can be bound.
async fn bind() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let base_url = format!("http://{}", listener.local_addr().expect("local address"));
    (listener, base_url)
}

/// A TCP connection that can be closed with a reset instead of a normal
/// close: hyper owns the stream while it serves, so the handler only raises
/// the flag and the reset happens when hyper drops the connection.
struct Connection {
    stream: TcpStream,
    reset: Arc<AtomicBool>,
}

impl Connection {
    fn new(stream: TcpStream) -> Self {
        Self {
            stream,
            reset: Arc::default(),
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if self.reset.load(Ordering::Relaxed) {
            // A zero linger time makes closing send RST instead of FIN.
            // tokio deprecates SO_LINGER because a non-zero linger blocks
            // the thread on drop; a zero linger returns at once.
            #[allow(deprecated)]
            let _ = self.stream.set_linger(Some(Duration::ZERO));
        }
    }
}

impl AsyncRead for Connection {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Connection {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_decode_escapes_and_keep_plus_signs() {
        assert_eq!(decode_path_segment("a%26b%3Dc+d"), "a&b=c+d");
        assert_eq!(decode_path_segment("100%"), "100%");
        assert_eq!(decode_path_segment("%E2%9C%93"), "✓");
    }

    #[test]
    fn query_pairs_decode_plus_as_space_and_keep_escaped_separators() {
        let request = RecordedRequest {
            method: "GET".into(),
            path: "/".into(),
            query: Some("a=1%262&b=x+y%2Bz&flag".into()),
            headers: Vec::new(),
            body: Vec::new(),
        };
        assert_eq!(
            request.query_pairs(),
            [("a", "1&2"), ("b", "x y+z"), ("flag", "")]
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
        );
    }
}
