//! With the `tracing` feature, each request runs in a span that records the
//! operation, the status, the duration and the server's `x-request-id`.

use std::sync::{Arc, Mutex};

use api_tests::{CannedResponse, LocalServer, spec_example};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Records every span field value as `name=value`.
#[derive(Clone, Default)]
struct FieldRecorder {
    fields: Arc<Mutex<Vec<String>>>,
    spans: Arc<Mutex<Vec<String>>>,
}

struct Collect<'a>(&'a Mutex<Vec<String>>);

impl Visit for Collect<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .lock()
            .expect("lock")
            .push(format!("{}={value:?}", field.name()));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0
            .lock()
            .expect("lock")
            .push(format!("{}={value}", field.name()));
    }
}

impl Subscriber for FieldRecorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        self.spans
            .lock()
            .expect("lock")
            .push(attributes.metadata().name().to_owned());
        attributes.record(&mut Collect(&self.fields));
        Id::from_u64(self.spans.lock().expect("lock").len() as u64)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Collect(&self.fields));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn a_request_is_one_span_with_operation_status_duration_and_request_id() {
    let recorder = FieldRecorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());

    let example = spec_example(
        "infinipost",
        "/paths/~1v1~1partners~1accounts/get/responses/200/content/application~1json/example",
    );
    let server = LocalServer::start(
        CannedResponse::json(200, &example).with_header("x-request-id", "req-42"),
    )
    .await;
    let client =
        infinipost::Client::from_bearer_token_with_base_url(&server.base_url, "sk_test_trace")
            .expect("client");
    client
        .list_accounts()
        .partner_user_id("u")
        .send()
        .await
        .expect("listed");

    assert_eq!(*recorder.spans.lock().expect("lock"), ["http_request"]);
    let fields = recorder.fields.lock().expect("lock").clone();
    assert!(
        fields.contains(&"operation_id=list_accounts".to_owned()),
        "{fields:?}"
    );
    assert!(fields.contains(&"status=200".to_owned()), "{fields:?}");
    assert!(
        fields.contains(&"request_id=req-42".to_owned()),
        "{fields:?}"
    );
    assert!(
        fields.iter().any(|field| field.starts_with("duration_ms=")),
        "{fields:?}"
    );
    assert!(
        !fields.iter().any(|field| field.contains("sk_test_trace")),
        "{fields:?}"
    );
}
