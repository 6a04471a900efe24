//! A nullable composition as a multipart part has a type and an inner type
//! of distinct names, and goes out as JSON.

use httpmock::prelude::*;
use nullable_composition_part::Client;
use nullable_composition_part::multipart::{CreateTranscriptionBody, FilePart};
use nullable_composition_part::types::{
    CreateTranscriptionChunkingStrategy, CreateTranscriptionChunkingStrategyInner,
    CreateTranscriptionChunkingStrategyInnerString,
};

#[tokio::test]
async fn the_part_is_sent_as_its_inner_value() {
    let server = MockServer::start_async().await;
    let sent = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/transcriptions")
                .body_includes("name=\"chunking_strategy\"")
                .body_includes("auto");
            then.status(204);
        })
        .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    let strategy = CreateTranscriptionChunkingStrategy(Some(
        CreateTranscriptionChunkingStrategyInner::String(
            CreateTranscriptionChunkingStrategyInnerString::Auto,
        ),
    ));
    client
        .create_transcription()
        .body(CreateTranscriptionBody::new(FilePart::bytes(b"RIFF".to_vec())).chunking_strategy(strategy))
        .send()
        .await
        .expect("sent");
    sent.assert_async().await;
}
