//! A runnable `examples/<crate>_quickstart.rs` for each client with bearer auth
//! (named after the crate so that examples of a workspace's clients do not collide):
//! build the client from the environment, call the first operation that
//! needs no request body (its required parameters set from the spec's
//! examples), and handle the typed error.

use openapiv3::{Parameter, ReferenceOr};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::load::Spec;

/// `<crate>_quickstart.rs`.
pub fn file_name(spec: &Spec) -> String {
    format!("{}_quickstart.rs", spec.name().replace('-', "_"))
}

/// Tokens of the example program, or `None` when no operation qualifies.
pub fn quickstart(spec: &Spec) -> Option<TokenStream> {
    let crate_ident = Ident::new(&spec.name().replace('-', "_"), Span::call_site());
    let env_var = format!("{}_API_KEY", spec.name().replace('-', "_").to_uppercase());
    let (operation_id, setters) = first_callable_operation(spec)?;
    let method = Ident::new(
        &crate::lint::to_snake_case(&operation_id),
        Span::call_site(),
    );
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
                    eprintln!(
                        "{status}: {} (code: {})",
                        body.message().unwrap_or_default(),
                        body.code().unwrap_or_else(|| "none".to_owned())
                    );
                }
                Err(other) => return Err(other.into()),
            }
            Ok(())
        }
    })
}

/// The first operation without a request body whose required parameters all
/// have string or integer examples, with the builder calls that set them.
pub(crate) fn first_callable_operation(spec: &Spec) -> Option<(String, Vec<TokenStream>)> {
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
                return Some((operation_id.clone(), setters));
            }
        }
    }
    None
}

fn setter(parameter: &Parameter) -> Option<TokenStream> {
    let data = parameter.parameter_data_ref();
    // A name that is not an identifier (progenitor renames it) gets no example.
    let method: Ident = syn::parse_str(&crate::lint::to_snake_case(&data.name)).ok()?;
    match data.example.as_ref()? {
        Value::String(text) => Some(quote!(.#method(#text))),
        Value::Number(number) => {
            let literal = proc_macro2::Literal::i64_unsuffixed(number.as_i64()?);
            Some(quote!(.#method(#literal)))
        }
        _ => None,
    }
}
