//! The usage guide in each client's README (which is also its crate
//! documentation, so every program below is compiled as a doctest): construct
//! a client, call an operation and handle its errors, configure retries,
//! walk pages, and test against the typed mocks.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::emit::example::{Callable, first_callable_operation};
use crate::load::Spec;
use crate::model::Api;

/// The guide's Markdown sections.
pub fn sections(spec: &Spec, api: &Api) -> String {
    let servers = &api.servers;
    let crate_ident = Ident::new(&spec.name().replace('-', "_"), Span::call_site());
    let credentials = crate::emit::client::example_credentials(api);
    let mut out = String::new();

    out.push_str("## Construct a client\n\n");
    let mut variables: Vec<String> = api
        .schemes
        .iter()
        .flat_map(|scheme| scheme.env.iter().map(|var| format!("`{var}`")))
        .collect();
    variables.push(format!("`{}` when set", api.base_url_env));
    out.push_str(&format!(
        "From the environment ({}), or with the builder, which has a setter per security scheme \
         of the spec, for its first server or any other base URL:\n\n",
        variables.join(", ")
    ));
    let other_server = servers.get(1).or(servers.first()).map(|server| {
        let ident = Ident::new(&server.const_name, Span::call_site());
        quote! {
            let for_server = #crate_ident::Client::builder()
                .base_url(#crate_ident::servers::#ident)
                #credentials
                .build()?;
            let _ = for_server;
        }
    });
    let from_token = (api.auth == crate::model::Auth::Bearer && !servers.is_empty()).then(|| {
        quote! {
            let from_token = #crate_ident::Client::from_bearer_token("YOUR_API_KEY")?;
            let _ = from_token;
        }
    });
    push_program(
        &mut out,
        quote! {
            fn main() -> Result<(), #crate_ident::ClientBuildError> {
                let from_env = #crate_ident::Client::from_env()?;
                #from_token
                #other_server
                let _ = from_env;
                Ok(())
            }
        },
    );
    if !api.schemes.is_empty() {
        out.push_str(&schemes_table(api));
        out.push_str(
            "Each request carries the credentials its operation's `security` asks for: the first \
             alternative given in full, none for an operation with `security: []`. Secrets are \
             sent as sensitive headers (or query parameters, then kept out of error messages); \
             `Debug` of the client, its builder, its errors and of fields the spec marks \
             `format: password` or `writeOnly` prints `[redacted]`.\n\n",
        );
    }

    if let Some(Callable {
        operation_id,
        setters,
        error_accessors,
        printable,
        ..
    }) = first_callable_operation(api)
    {
        let success = crate::emit::example::print_success(printable, false);
        let method = Ident::new(&operation_id, Span::call_site());
        let report = if error_accessors {
            quote!(eprintln!("{status}: {}", body.message().unwrap_or_default());)
        } else {
            quote!(eprintln!("{status}: {body:?}");)
        };
        out.push_str("## Call an operation and handle its errors\n\n");
        out.push_str(
            "Each operation is a method returning a request builder: set its parameters, then \
             `send().await`. A documented error status decodes into `Error::ErrorResponse` with the \
             typed body",
        );
        if error_accessors {
            out.push_str(", whose `message()` and `code()` read every error shape the API uses");
        }
        out.push_str(
            ". An undocumented status is `Error::UnexpectedResponse` with the status, the headers and \
             at most `ERROR_BODY_LIMIT` bytes of the body.\n\n",
        );
        push_program(
            &mut out,
            quote! {
                #[tokio::main]
                async fn main() -> Result<(), Box<dyn std::error::Error>> {
                    let client = #crate_ident::Client::from_env()?;
                    match client.#method() #(#setters)* .send().await {
                        Ok(response) => #success,
                        Err(#crate_ident::Error::ErrorResponse(error)) => {
                            let status = error.status();
                            let body = error.into_inner();
                            #report
                        }
                        Err(#crate_ident::Error::UnexpectedResponse(response)) => {
                            let status = response.status();
                            let text = response.text().await?;
                            eprintln!("undocumented answer {status}: {text}");
                        }
                        Err(other) => return Err(other.into()),
                    }
                    Ok(())
                }
            },
        );
        if let Some(mock) = mock_program(api, &crate_ident, &operation_id, &setters, &credentials) {
            out.push_str("## Test your code against typed mocks\n\n");
            out.push_str(&format!(
                "With the `mock` feature, `mock::MockServerExt` adds one method per operation to \
                 an [httpmock](https://docs.rs/httpmock) `MockServer`, with typed request matchers \
                 and typed responses. Add `{name} = {{ version = \"…\", features = [\"mock\"] }}` \
                 and `httpmock` to your dev-dependencies.\n\n",
                name = spec.name()
            ));
            push_runnable_program(&mut out, mock);
        }
    }

    out.push_str("## Timeouts and retries\n\n");
    out.push_str(
        "Defaults: 10 s to connect, 30 s per request, three attempts. Retries happen only for \
         idempotent methods (never `POST` or `PATCH`), after a connection error, a timeout or a \
         `429`, `502`, `503` or `504`; waits grow exponentially with jitter up to `max_delay`, and \
         a `Retry-After` header (seconds or HTTP date) is honoured. `RetryPolicy::NONE` turns \
         retries off.\n\n",
    );
    push_program(
        &mut out,
        quote! {
            use std::time::Duration;

            fn main() -> Result<(), #crate_ident::ClientBuildError> {
                let patient = #crate_ident::Client::builder()
                    #credentials
                    .connect_timeout(Duration::from_secs(5))
                    .timeout(Duration::from_secs(60))
                    .retry_policy(#crate_ident::RetryPolicy {
                        max_attempts: 5,
                        max_delay: Duration::from_secs(30),
                        ..#crate_ident::RetryPolicy::default()
                    })
                    .build()?;
                let no_retries = #crate_ident::Client::builder()
                    #credentials
                    .retry_policy(#crate_ident::RetryPolicy::NONE)
                    .build()?;
                let _ = (patient, no_retries);
                Ok(())
            }
        },
    );

    for (operation, _) in api.paginated() {
        let stream = Ident::new(&format!("{}_stream", operation.name), Span::call_site());
        out.push_str("## Walk every page\n\n");
        out.push_str(&format!(
            "`Client::{stream}` sends page after page and yields every item, stopping after \
             the first short page. Its documentation states how the spec says offsets count; \
             `Paging::offsets` overrides that convention.\n\n"
        ));
        push_program(
            &mut out,
            quote! {
                use futures::TryStreamExt as _;

                #[tokio::main]
                async fn main() -> Result<(), Box<dyn std::error::Error>> {
                    let client = #crate_ident::Client::from_env()?;
                    let mut items = client.#stream(#crate_ident::Paging::new(100));
                    while let Some(item) = items.try_next().await? {
                        println!("{item}");
                    }
                    Ok(())
                }
            },
        );
    }
    out
}

/// The table of security schemes: setter, where the credential goes,
/// environment variables.
fn schemes_table(api: &Api) -> String {
    use crate::model::security::{KeyLocation, SchemeKind};
    let mut out = String::from(
        "| scheme | builder setter | sent as | environment |\n| --- | --- | --- | --- |\n",
    );
    for scheme in &api.schemes {
        let (arguments, sent) = match &scheme.kind {
            SchemeKind::ApiKey {
                location: KeyLocation::Header,
                name,
            } => ("key", format!("header `{name}`")),
            SchemeKind::ApiKey {
                location: KeyLocation::Query,
                name,
            } => ("key", format!("query parameter `{name}`")),
            SchemeKind::ApiKey {
                location: KeyLocation::Cookie,
                name,
            } => ("key", format!("cookie `{name}`")),
            SchemeKind::Basic => ("user, password", "`Authorization: Basic …`".to_owned()),
            SchemeKind::Bearer => ("token", "`Authorization: Bearer …`".to_owned()),
            SchemeKind::OAuth {
                client_credentials: None,
            } => ("access token", "`Authorization: Bearer …`".to_owned()),
            SchemeKind::OAuth {
                client_credentials: Some(url),
            } => (
                "access token",
                format!(
                    "`Authorization: Bearer …`; or `.{}(client_id, client_secret)` fetches tokens from <{url}>",
                    scheme
                        .client_credentials_setter
                        .as_deref()
                        .unwrap_or_default()
                ),
            ),
            SchemeKind::Http(name) => ("credentials", format!("`Authorization: {name} …`")),
        };
        let env: Vec<String> = scheme.env.iter().map(|var| format!("`{var}`")).collect();
        out.push_str(&format!(
            "| `{}` | `.{}({arguments})` | {sent} | {} |\n",
            scheme.name.replace('|', "\\|"),
            scheme.setter,
            env.join(", ")
        ));
    }
    out.push('\n');
    out
}

/// A test of downstream code: the operation mocked to answer with its first
/// documented client error (the body taken from the spec's example).
fn mock_program(
    api: &Api,
    crate_ident: &Ident,
    operation_id: &str,
    setters: &[TokenStream],
    credentials: &TokenStream,
) -> Option<TokenStream> {
    let (status, then, example) = first_error_example(api, operation_id)?;
    let method = Ident::new(operation_id, Span::call_site());
    let then = Ident::new(then, Span::call_site());
    let body = Literal::string(&example.to_string());
    // Without parameters to match, the matcher goes unused.
    let when = if setters.is_empty() {
        quote!(_when)
    } else {
        quote!(when)
    };
    let matchers = (!setters.is_empty()).then(|| quote!(when #(#setters)*;));
    Some(quote! {
        #[cfg(feature = "mock")]
        #[tokio::main]
        async fn main() {
            use #crate_ident::mock::MockServerExt as _;

            let server = httpmock::MockServer::start_async().await;
            let body = serde_json::from_str(#body).expect("the spec's example decodes");
            let mock = server.#method(|#when, then| {
                #matchers
                then.#then(&body);
            });
            let client = #crate_ident::Client::builder()
                .base_url(server.base_url())
                #credentials
                .build()
                .expect("client builds");
            let result = client.#method() #(#setters)* .send().await;
            assert!(matches!(result, Err(#crate_ident::Error::ErrorResponse(e)) if e.status() == #status));
            mock.assert_async().await;
        }

        #[cfg(not(feature = "mock"))]
        fn main() {}
    })
}

/// The first 4xx status of the operation that the mock helpers name, with its example body.
fn first_error_example(api: &Api, name: &str) -> Option<(u16, &'static str, Value)> {
    let operation = api.operation(name)?;
    [
        (400, "bad_request"),
        (401, "unauthorized"),
        (403, "forbidden"),
        (404, "not_found"),
    ]
    .into_iter()
    .find_map(|(status, then)| {
        let response = operation
            .responses
            .iter()
            .find(|response| response.code() == Some(status))?;
        Some((status, then, response.example.clone()?))
    })
}

/// Appends `tokens` as a fenced Rust program that doctests compile but do not
/// run (it would need the real API).
fn push_program(out: &mut String, tokens: TokenStream) {
    push_fenced(out, "rust,no_run", tokens);
}

/// Appends `tokens` as a fenced Rust program that doctests compile and run.
fn push_runnable_program(out: &mut String, tokens: TokenStream) {
    push_fenced(out, "rust", tokens);
}

fn push_fenced(out: &mut String, info: &str, tokens: TokenStream) {
    let text = syn::parse2::<syn::File>(tokens)
        .map(|file| prettyplease::unparse(&file))
        .unwrap_or_default();
    out.push_str("```");
    out.push_str(info);
    out.push('\n');
    out.push_str(&text);
    out.push_str("```\n\n");
}
