//! Walking offset-paginated list operations page by page.

use std::future::Future;

use futures::stream::{self, BoxStream, StreamExt as _, TryStreamExt as _};
use progenitor_client::{Error, ResponseValue};
use serde_json::Value;

/// How the offset parameter of a paginated operation counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetConvention {
    /// The offset counts items: page *n* (from 0) starts at `first + n × page size`.
    Items {
        /// The offset of the first item.
        first: u64,
    },
    /// The offset numbers pages: page *n* (from 0) is `first + n`.
    Pages {
        /// The number of the first page.
        first: u64,
    },
}

impl OffsetConvention {
    /// The offset to send for page `index` (0 for the first page).
    ///
    /// ```
    /// use client_runtime::OffsetConvention;
    ///
    /// assert_eq!(OffsetConvention::Items { first: 0 }.offset(2, 50), 100);
    /// assert_eq!(OffsetConvention::Pages { first: 1 }.offset(2, 50), 3);
    /// ```
    pub fn offset(self, index: u64, page_size: u64) -> u64 {
        match self {
            Self::Items { first } => first.saturating_add(index.saturating_mul(page_size)),
            Self::Pages { first } => first.saturating_add(index),
        }
    }
}

/// How a `*_stream` method walks through pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    page_size: u64,
    offsets: Option<OffsetConvention>,
}

impl Paging {
    /// Pages of `page_size` items (at least 1), offsets as the spec documents them.
    pub const fn new(page_size: u64) -> Self {
        Self {
            page_size,
            offsets: None,
        }
    }

    /// Counts offsets by `convention` instead of the spec's convention.
    pub const fn offsets(mut self, convention: OffsetConvention) -> Self {
        self.offsets = Some(convention);
        self
    }

    /// The number of items asked for per page.
    pub const fn page_size(&self) -> u64 {
        self.page_size
    }
}

/// Fetches pages with `fetch(page size, offset)` and yields their items,
/// stopping after the first page shorter than the page size.
///
/// `documented` is the spec's offset convention (which `paging` may
/// override); `items_field` the property holding a page's items, if the
/// spec names one. An empty object (`{}`) is a page without items, and ends
/// the stream as an empty list does: it holds nothing that could be lost.
/// A page with something else but no list of items where expected, or the
/// same page twice in a row (a server ignoring the offset), ends the
/// stream with [`Error::InvalidResponsePayload`].
pub fn paginate<'a, T, E, F, Fut>(
    paging: Paging,
    documented: OffsetConvention,
    items_field: Option<&'static str>,
    mut fetch: F,
) -> BoxStream<'a, Result<Value, Error<E>>>
where
    T: serde::Serialize + Send + 'a,
    E: Send + 'a,
    F: FnMut(u64, u64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<ResponseValue<T>, Error<E>>> + Send + 'a,
{
    let convention = paging.offsets.unwrap_or(documented);
    let page_size = paging.page_size;
    // State: the next page's index, the previous page's first item, whether it was the last.
    let start: (u64, Option<Value>, bool) = (0, None, false);
    stream::try_unfold(start, move |(index, previous_first, finished)| {
        let request =
            (!finished && page_size > 0).then(|| fetch(page_size, convention.offset(index, page_size)));
        async move {
            let Some(request) = request else {
                return if finished {
                    Ok(None)
                } else {
                    Err(Error::InvalidRequest(
                        "the page size must be at least 1".to_owned(),
                    ))
                };
            };
            let items = page_items(request.await?.into_inner(), items_field)?;
            if items.is_empty() {
                return Ok(None);
            }
            if previous_first.is_some() && previous_first.as_ref() == items.first() {
                return Err(invalid_page::<E>(
                    &items,
                    "the server sent the same page twice: it may count offsets another way (see `OffsetConvention`)",
                ));
            }
            let last = (items.len() as u64) < page_size;
            let first = items.first().cloned();
            Ok(Some((items, (index.saturating_add(1), first, last))))
        }
    })
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
    .boxed()
}

/// The items of one page: `items_field` of an object, the page itself when
/// it is an array, or an object's only array-valued property; none in an
/// empty object.
// The error type is progenitor's, shared with every operation.
#[allow(clippy::result_large_err)]
fn page_items<T: serde::Serialize, E>(
    page: T,
    items_field: Option<&str>,
) -> Result<Vec<Value>, Error<E>> {
    let page = serde_json::to_value(page)
        .map_err(|error| Error::InvalidResponsePayload(Vec::new().into(), error))?;
    items_of(page, items_field).map_err(|page| {
        invalid_page(
            &page,
            "the page holds no list of items where the spec's `x-pagination` says",
        )
    })
}

/// [`page_items`] once the page is JSON, or the page back when it has no
/// list where expected. Not generic, so compiled once, here, rather than in
/// every client crate with a paginated operation.
fn items_of(page: Value, items_field: Option<&str>) -> Result<Vec<Value>, Value> {
    // Where the items are, found by reference so the page is not copied.
    let key: Option<Option<String>> = match (&page, items_field) {
        // Where an API that documents no list shape answers "nothing" (and
        // what a mock serving a free-form object sends): no items.
        (Value::Object(map), _) if map.is_empty() => return Ok(Vec::new()),
        (Value::Array(_), None) => Some(None),
        (Value::Object(map), Some(field)) => map
            .get(field)
            .is_some_and(Value::is_array)
            .then(|| Some(field.to_owned())),
        (Value::Object(map), None) => {
            let mut arrays = map.iter().filter(|(_, value)| value.is_array());
            match (arrays.next(), arrays.next()) {
                (Some((key, _)), None) => Some(Some(key.clone())),
                _ => None,
            }
        }
        _ => None,
    };
    match (key, page) {
        (Some(None), Value::Array(items)) => Ok(items),
        (Some(Some(key)), Value::Object(mut map)) => match map.remove(&key) {
            Some(Value::Array(items)) => Ok(items),
            _ => Err(Value::Object(map)),
        },
        (_, page) => Err(page),
    }
}

fn invalid_page<E>(page: &impl serde::Serialize, why: &str) -> Error<E> {
    let body = serde_json::to_vec(page).unwrap_or_default();
    Error::InvalidResponsePayload(
        body.into(),
        <serde_json::Error as serde::de::Error>::custom(why),
    )
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use reqwest::header::HeaderMap;
    use serde_json::json;

    use super::*;

    /// Walks the pages a fake server serves (`pages` by limit and offset),
    /// as a generated `_stream` method does: the items, or the error that
    /// ended the stream, and the (limit, offset) pairs asked for.
    async fn walk(
        paging: Paging,
        documented: OffsetConvention,
        items_key: Option<&'static str>,
        pages: impl Fn(u64, u64) -> Value + Send + 'static,
    ) -> (Result<Vec<Value>, String>, Vec<(u64, u64)>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&asked);
        let fetch = move |limit, offset| {
            log.lock().expect("log").push((limit, offset));
            std::future::ready(Ok::<_, Error<()>>(ResponseValue::new(
                pages(limit, offset),
                reqwest::StatusCode::OK,
                HeaderMap::new(),
            )))
        };
        let items = paginate(paging, documented, items_key, fetch)
            .try_collect::<Vec<_>>()
            .await
            .map_err(|error| error.to_string());
        let asked = asked.lock().expect("log").clone();
        (items, asked)
    }

    /// `total` numbered items, served `limit` at a time from item `start`.
    fn numbered(total: u64, start: u64, limit: u64) -> Value {
        json!((start..total.min(start + limit)).collect::<Vec<_>>())
    }

    const FROM_ZERO: OffsetConvention = OffsetConvention::Items { first: 0 };

    #[tokio::test]
    async fn item_offsets_walk_every_page_and_stop_at_the_short_one() {
        let (items, asked) = walk(Paging::new(2), FROM_ZERO, None, |limit, offset| {
            numbered(5, offset, limit)
        })
        .await;
        assert_eq!(items, Ok((0..5).map(|n| json!(n)).collect::<Vec<_>>()));
        assert_eq!(asked, [(2, 0), (2, 2), (2, 4)]);
    }

    #[tokio::test]
    async fn page_numbers_count_from_the_documented_first_page() {
        let pages = OffsetConvention::Pages { first: 1 };
        let (items, asked) = walk(
            Paging::new(2),
            pages,
            Some("data"),
            |limit, page| json!({"data": numbered(4, (page - 1) * limit, limit)}),
        )
        .await;
        assert_eq!(items.map(|items| items.len()), Ok(4));
        // A full last page needs one more (empty) page to know it was the last.
        assert_eq!(asked, [(2, 1), (2, 2), (2, 3)]);
    }

    #[tokio::test]
    async fn the_caller_can_override_the_convention() {
        let paging = Paging::new(2).offsets(OffsetConvention::Items { first: 1 });
        let documented = OffsetConvention::Pages { first: 0 };
        let (_, asked) = walk(paging, documented, None, |limit, offset| {
            numbered(3, offset, limit)
        })
        .await;
        assert_eq!(asked, [(2, 1), (2, 3)]);
    }

    #[tokio::test]
    async fn the_only_array_of_an_object_page_holds_the_items() {
        let (items, _) = walk(
            Paging::new(5),
            FROM_ZERO,
            None,
            |limit, offset| json!({"total": 3, "results": numbered(3, offset, limit)}),
        )
        .await;
        assert_eq!(items.map(|items| items.len()), Ok(3));
    }

    #[tokio::test]
    async fn a_server_ignoring_the_offset_ends_the_stream_with_an_error() {
        let (items, asked) = walk(Paging::new(2), FROM_ZERO, None, |limit, _| {
            numbered(10, 0, limit)
        })
        .await;
        let error = items.expect_err("same page twice");
        assert!(error.contains("same page twice"), "{error}");
        assert_eq!(asked.len(), 2);
    }

    #[tokio::test]
    async fn an_empty_object_is_a_page_without_items_and_ends_the_stream() {
        for items_key in [None, Some("data")] {
            let (items, asked) = walk(Paging::new(2), FROM_ZERO, items_key, |_, _| json!({})).await;
            assert_eq!(items.expect("no error"), Vec::<Value>::new());
            assert_eq!(asked, [(2, 0)], "one page asked for");
        }
        // Items, then an empty object: the items, then the end.
        let (items, asked) = walk(Paging::new(2), FROM_ZERO, None, |limit, offset| {
            if offset == 0 {
                numbered(4, offset, limit)
            } else {
                json!({})
            }
        })
        .await;
        assert_eq!(items.expect("no error").len(), 2);
        assert_eq!(asked, [(2, 0), (2, 2)]);
    }

    #[tokio::test]
    async fn pages_of_another_shape_and_empty_page_sizes_are_errors() {
        let (items, _) = walk(
            Paging::new(2),
            FROM_ZERO,
            None,
            |_, _| json!({"a": [], "b": []}),
        )
        .await;
        let error = items.expect_err("ambiguous page");
        assert!(error.contains("no list of items"), "{error}");

        // Something, but no list: the items may be where the client does not look.
        for page in [
            json!({"message": "none"}),
            json!({"data": {"items": []}}),
            json!(3),
        ] {
            let (items, _) = walk(Paging::new(2), FROM_ZERO, None, move |_, _| page.clone()).await;
            let error = items.expect_err("no list");
            assert!(error.contains("no list of items"), "{error}");
        }

        let (items, asked) = walk(Paging::new(0), FROM_ZERO, None, |limit, offset| {
            numbered(3, offset, limit)
        })
        .await;
        let error = items.expect_err("page size 0");
        assert!(error.contains("at least 1"), "{error}");
        assert!(asked.is_empty());
    }
}
