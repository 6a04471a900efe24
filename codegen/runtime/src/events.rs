//! `text/event-stream` responses as a stream of typed events: the bytes are
//! parsed by `eventsource-stream` (multi-line `data`, comments, `event`,
//! `id` and `retry` fields, as the HTML standard says), and each event's
//! `data` is decoded into the type the spec gives.

use std::fmt;
use std::time::Duration;

use eventsource_stream::{EventStreamError, Eventsource as _};
use futures::StreamExt as _;
use futures::stream::BoxStream;
use serde::de::DeserializeOwned;

/// The `data` many streaming APIs send last to say that the stream is
/// complete; the stream ends there instead of failing to decode it.
pub const END_OF_STREAM: &str = "[DONE]";

/// A stream of server-sent events whose data decode into `T`.
pub type EventStream<T> = BoxStream<'static, Result<Event<T>, EventError>>;

/// One server-sent event.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// Its `event` field: its type, `message` when the server gives none.
    pub event: String,
    /// Its `id` field (the last one the stream gave), empty when none.
    pub id: String,
    /// How long to wait before reconnecting, when the server says.
    pub retry: Option<Duration>,
    /// Its `data`, decoded.
    pub data: T,
}

/// Why an item of an [`EventStream`] is not an event. The stream goes on
/// after a [`EventError::Decode`]; after the others it ends.
#[derive(Debug)]
#[non_exhaustive]
pub enum EventError {
    /// An event's data is not a `T`: the event's type and raw data, and why.
    Decode {
        /// The event's `event` field.
        event: String,
        /// Its raw `data`.
        data: String,
        /// What did not decode.
        source: serde_json::Error,
    },
    /// The stream is not valid UTF-8 or not an event stream.
    Malformed(String),
    /// The connection failed while the stream was read.
    Transport(reqwest::Error),
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Decode { event, source, .. } => {
                write!(f, "a `{event}` event's data does not decode: {source}")
            }
            Self::Malformed(reason) => write!(f, "the event stream is malformed: {reason}"),
            Self::Transport(_) => f.write_str("the event stream was interrupted"),
        }
    }
}

impl std::error::Error for EventError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode { source, .. } => Some(source),
            Self::Transport(error) => Some(error),
            Self::Malformed(_) => None,
        }
    }
}

/// The events of `bytes` (a response body), each event's data decoded into
/// `T`, ending at [`END_OF_STREAM`] or with the body.
pub fn events<T, S>(bytes: S) -> EventStream<T>
where
    T: DeserializeOwned + Send + 'static,
    S: futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Send + 'static,
{
    bytes
        .eventsource()
        .take_while(|item| {
            let ended = matches!(item, Ok(event) if event.data == END_OF_STREAM);
            std::future::ready(!ended)
        })
        .map(|item| {
            let event = item.map_err(|error| match error {
                EventStreamError::Transport(error) => EventError::Transport(error),
                EventStreamError::Utf8(error) => EventError::Malformed(error.to_string()),
                EventStreamError::Parser(error) => EventError::Malformed(error.to_string()),
            })?;
            match serde_json::from_str(&event.data) {
                Ok(data) => Ok(Event {
                    event: event.event,
                    id: event.id,
                    retry: event.retry,
                    data,
                }),
                Err(source) => Err(EventError::Decode {
                    event: event.event,
                    data: event.data,
                    source,
                }),
            }
        })
        .boxed()
}

#[cfg(test)]
mod tests {
    use futures::TryStreamExt as _;
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Chunk {
        text: String,
    }

    /// The body split into chunks where the network might split it.
    fn body(
        chunks: &[&'static str],
    ) -> impl futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Send + 'static {
        futures::stream::iter(
            chunks
                .iter()
                .map(|chunk| Ok(bytes::Bytes::from_static(chunk.as_bytes())))
                .collect::<Vec<_>>(),
        )
    }

    #[tokio::test]
    async fn events_decode_across_chunks_with_their_fields() {
        let stream = events::<Chunk, _>(body(&[
            ": a comment\n",
            "event: delta\nid: 7\nretry: 1500\ndata: {\"te",
            "xt\": \"hel\"}\n\n",
            "data: {\"text\":\n",
            "data: \"lo\"}\n\n",
            "data: [DONE]\n\n",
            "data: {\"text\": \"after the end\"}\n\n",
        ]));
        let received: Vec<Event<Chunk>> = stream.try_collect().await.expect("events");
        assert_eq!(received.len(), 2);
        assert_eq!(received[0].event, "delta");
        assert_eq!(received[0].id, "7");
        assert_eq!(received[0].retry, Some(Duration::from_millis(1500)));
        assert_eq!(
            received[0].data,
            Chunk {
                text: "hel".to_owned()
            }
        );
        // Multi-line data is joined with line feeds before it is decoded.
        assert_eq!(received[1].event, "message");
        assert_eq!(
            received[1].data,
            Chunk {
                text: "lo".to_owned()
            }
        );
    }

    #[tokio::test]
    async fn data_that_does_not_decode_is_an_item_and_the_stream_goes_on() {
        let mut stream = events::<Chunk, _>(body(&[
            "event: error\ndata: not json\n\n",
            "data: {\"text\": \"next\"}\n\n",
        ]));
        match stream.next().await {
            Some(Err(EventError::Decode { event, data, .. })) => {
                assert_eq!((event.as_str(), data.as_str()), ("error", "not json"));
            }
            other => panic!("{other:?}"),
        }
        let next = stream.next().await.expect("an item").expect("an event");
        assert_eq!(next.data.text, "next");
        assert!(stream.next().await.is_none());
    }

    #[tokio::test]
    async fn invalid_utf8_is_an_error_not_a_panic() {
        let stream = events::<Chunk, _>(futures::stream::iter(vec![Ok(
            bytes::Bytes::from_static(b"data: \xff\xfe\n\n"),
        )]));
        let items: Vec<Result<Event<Chunk>, EventError>> = stream.collect().await;
        assert!(
            items
                .iter()
                .any(|item| matches!(item, Err(EventError::Malformed(_)))),
            "{items:?}"
        );
    }
}
