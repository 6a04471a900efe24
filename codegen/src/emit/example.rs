//! A runnable `examples/<crate>_quickstart.rs` for each client with bearer auth
//! (named after the crate so that examples of a workspace's clients do not collide):
//! build the client from the environment, call the first operation that
//! needs no request body (its required parameters set from the spec's
//! examples), and handle the typed error.

use std::collections::BTreeSet;

use openapiv3::{Operation, Parameter, ReferenceOr, StatusCode};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::load::Spec;
use crate::model::Api;

/// `<crate>_quickstart.rs`.
pub fn file_name(spec: &Spec) -> String {
    format!("{}_quickstart.rs", spec.name().replace('-', "_"))
}

/// Tokens of the example program, or `None` when no operation qualifies.
pub fn quickstart(spec: &Spec, api: &Api) -> Option<TokenStream> {
    let crate_ident = Ident::new(&spec.name().replace('-', "_"), Span::call_site());
    let env_var = format!("{}_API_KEY", spec.name().replace('-', "_").to_uppercase());
    let Callable {
        operation_id,
        setters,
        error_accessors,
    } = first_callable_operation(spec, api)?;
    let method = Ident::new(
        &crate::normalize::names::snake_case(&operation_id),
        Span::call_site(),
    );
    let report = if error_accessors {
        quote! {
            eprintln!(
                "{status}: {} (code: {})",
                body.message().unwrap_or_default(),
                body.code().unwrap_or_else(|| "none".to_owned())
            );
        }
    } else {
        quote!(eprintln!("{status}: {body:?}");)
    };
    let doc = format!(
        " Calls `{operation_id}` with the key from `{env_var}`.\n\n Run it with `{env_var}=… cargo run -p {} --example {}`.",
        spec.name(),
        file_name(spec).trim_end_matches(".rs")
    );
    Some(quote! {
        #![doc = #doc]

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let client = #crate_ident::Client::from_env()?;
            match client.#method() #(#setters)* .send().await {
                Ok(response) => println!("{}: {:#?}", response.status(), response.into_inner()),
                Err(#crate_ident::Error::ErrorResponse(error)) => {
                    let status = error.status();
                    let body = error.into_inner();
                    #report
                }
                Err(other) => return Err(other.into()),
            }
            Ok(())
        }
    })
}

/// An operation the generated examples call.
pub(crate) struct Callable {
    /// Its operationId (after normalization, the method name).
    pub operation_id: String,
    /// Builder calls that set its required parameters.
    pub setters: Vec<TokenStream>,
    /// Whether its error body is one type with `message()` and `code()`.
    pub error_accessors: bool,
}

/// The first operation without a request body whose required parameters all
/// have string or integer examples.
pub(crate) fn first_callable_operation(spec: &Spec, api: &Api) -> Option<Callable> {
    for (_, item) in &spec.document.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (_, operation) in item.iter() {
            if operation.request_body.is_some() {
                continue;
            }
            let Some(operation_id) = &operation.operation_id else {
                continue;
            };
            let setters: Option<Vec<TokenStream>> = item
                .parameters
                .iter()
                .chain(&operation.parameters)
                .filter_map(ReferenceOr::as_item)
                .filter(|parameter| parameter.parameter_data_ref().required)
                .map(setter)
                .collect();
            if let Some(setters) = setters {
                return Some(Callable {
                    operation_id: operation_id.clone(),
                    setters,
                    error_accessors: has_error_accessors(spec, &api.error_body_types, operation),
                });
            }
        }
    }
    None
}

/// Whether every error response of `operation` has the same component
/// schema as its body, one that gets the `message()`/`code()` accessors.
fn has_error_accessors(
    spec: &Spec,
    accessor_types: &BTreeSet<String>,
    operation: &Operation,
) -> bool {
    let mut bodies = BTreeSet::new();
    for (status, response) in &operation.responses.responses {
        let is_error = match status {
            StatusCode::Code(code) => *code >= 400,
            StatusCode::Range(range) => *range >= 4,
        };
        if !is_error {
            continue;
        }
        let response = match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .and_then(|name| spec.document.components.as_ref()?.responses.get(name))
                .and_then(ReferenceOr::as_item),
        };
        let body = response.and_then(|response| {
            response
                .content
                .values()
                .find_map(|media| match media.schema.as_ref()? {
                    ReferenceOr::Reference { reference } => reference
                        .strip_prefix("#/components/schemas/")
                        .map(crate::emit::redact::type_name),
                    ReferenceOr::Item(_) => None,
                })
        });
        bodies.insert(body);
    }
    match <[_; 1]>::try_from(bodies.into_iter().collect::<Vec<_>>()) {
        Ok([Some(name)]) => accessor_types.contains(&name),
        _ => false,
    }
}

fn setter(parameter: &Parameter) -> Option<TokenStream> {
    let data = parameter.parameter_data_ref();
    // A name that is not an identifier (progenitor renames it) gets no example.
    let method: Ident = syn::parse_str(&crate::normalize::names::snake_case(&data.name)).ok()?;
    match data.example.as_ref()? {
        Value::String(text) => Some(quote!(.#method(#text))),
        Value::Number(number) => {
            let literal = proc_macro2::Literal::i64_unsuffixed(number.as_i64()?);
            Some(quote!(.#method(#literal)))
        }
        _ => None,
    }
}
