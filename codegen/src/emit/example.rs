//! A runnable `examples/<crate>_quickstart.rs` for each client
//! (named after the crate so that examples of a workspace's clients do not collide):
//! build the client from the environment, call the first operation that
//! needs no request body (its required parameters set from the spec's
//! examples), and handle the typed error.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::load::Spec;
use crate::model::{Api, Parameter};

/// `<crate>_quickstart.rs`.
pub fn file_name(spec: &Spec) -> String {
    format!("{}.rs", name(spec))
}

/// `<crate>_quickstart`, the example's name for Cargo.
pub fn name(spec: &Spec) -> String {
    format!("{}_quickstart", spec.name().replace('-', "_"))
}

/// Tokens of the example program, or `None` when no operation qualifies.
pub fn quickstart(spec: &Spec, api: &Api) -> Option<TokenStream> {
    let crate_ident = Ident::new(&spec.name().replace('-', "_"), Span::call_site());
    let variables: Vec<String> = api
        .schemes
        .iter()
        .flat_map(|scheme| scheme.env.iter().map(|var| format!("{var}=…")))
        .collect();
    let Callable {
        operation_id,
        setters,
        error_accessors,
        error_body,
        printable,
    } = first_callable_operation(api)?;
    let success = print_success(printable, true);
    let method = Ident::new(&operation_id, Span::call_site());
    let report = if error_accessors {
        quote! {
            let body = error.into_inner();
            eprintln!(
                "{status}: {} (code: {})",
                body.message().unwrap_or_default(),
                body.code().unwrap_or_else(|| "none".to_owned())
            );
        }
    } else if error_body {
        quote! {
            let body = error.into_inner();
            eprintln!("{status}: {body:?}");
        }
    } else {
        // No documented error body: nothing to print but the status.
        quote!(eprintln!("{status}");)
    };
    let run = format!(
        "cargo run -p {} --example {}",
        spec.name(),
        file_name(spec).trim_end_matches(".rs")
    );
    let doc = if variables.is_empty() {
        format!(" Calls `{operation_id}`.\n\n Run it with `{run}`.")
    } else {
        format!(
            " Calls `{operation_id}` with the credentials from the environment.\n\n Run it with `{} {run}` (see `Client::from_env`).",
            variables.join(" ")
        )
    };
    Some(quote! {
        #![doc = #doc]

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let client = #crate_ident::Client::from_env()?;
            match client.#method() #(#setters)* .send().await {
                Ok(response) => #success,
                Err(#crate_ident::Error::ErrorResponse(error)) => {
                    let status = error.status();
                    #report
                }
                Err(other) => return Err(other.into()),
            }
            Ok(())
        }
    })
}

/// Code printing `response`, a successful answer: its body with `Debug`
/// (after its status `with_status`), or, for a body that is a stream of
/// bytes, its status and content type.
pub(crate) fn print_success(printable: bool, with_status: bool) -> TokenStream {
    match (printable, with_status) {
        (true, true) => quote!(println!(
            "{}: {:#?}",
            response.status(),
            response.into_inner()
        )),
        (true, false) => quote!(println!("{:#?}", response.into_inner())),
        (false, _) => quote!(println!(
            "{}: a body of {:?}",
            response.status(),
            response.headers().get("content-type")
        )),
    }
}

/// An operation the generated examples call.
pub(crate) struct Callable {
    /// Its method name.
    pub operation_id: String,
    /// Builder calls that set its required parameters.
    pub setters: Vec<TokenStream>,
    /// Whether its error body is one type with `message()` and `code()`.
    pub error_accessors: bool,
    /// Whether it documents an error body (else errors carry `()`).
    pub error_body: bool,
    /// Whether its success body is a value `Debug` prints, not a stream of
    /// bytes (a body that is not JSON).
    pub printable: bool,
}

/// The first operation without a request body whose required parameters all
/// have string or integer examples.
pub(crate) fn first_callable_operation(api: &Api) -> Option<Callable> {
    api.operations
        .iter()
        .filter(|operation| operation.request_body.is_none())
        .find_map(|operation| {
            let setters = operation
                .parameters
                .iter()
                .filter(|parameter| parameter.required)
                .map(setter)
                .collect::<Option<Vec<TokenStream>>>()?;
            let streamed = operation.responses.iter().any(|response| {
                response.class == crate::model::ResponseClass::Success
                    && !response.in_variant
                    && !response.media_types.is_empty()
                    && !response
                        .media_types
                        .iter()
                        .any(|media_type| crate::normalize::media::is_json(media_type))
            });
            Some(Callable {
                operation_id: operation.name.clone(),
                setters,
                error_accessors: operation.has_error_accessors(api),
                error_body: operation.error_type.is_some(),
                printable: !streamed,
            })
        })
}

fn setter(parameter: &Parameter) -> Option<TokenStream> {
    // A name that is not an identifier (progenitor renames it) gets no example.
    let method: Ident =
        syn::parse_str(&crate::normalize::names::snake_case(&parameter.name)).ok()?;
    match parameter.example.as_ref()? {
        Value::String(text) => Some(quote!(.#method(#text))),
        Value::Number(number) => {
            let literal = proc_macro2::Literal::i64_unsuffixed(number.as_i64()?);
            Some(quote!(.#method(#literal)))
        }
        _ => None,
    }
}
