//! The conformance program of a client crate: a binary that calls every
//! operation through the crate's typed API (builders, setters, credential
//! setters) against a mock server serving the same document, and reports
//! each call as `conformance_runtime` judges it.
//!
//! Each operation is called at least twice for its first documented
//! success: with its required parameters and the smallest body, then with
//! every parameter and every property a request may send; and once for
//! each documented error status, with the required parameters. Each call
//! asks the server for its status (`Prefer: code=…`, as Prism reads it).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::emit::client::example_credential;
use crate::model::instances::OperationValues;
use crate::model::typing::{OperationTypes, TypedBody, Typing};
use crate::model::{Api, Operation, ResponseClass};
use crate::normalize::names;

/// The program's `main.rs`, for the crate `crate_name` of `api`.
pub fn program(
    crate_name: &str,
    api: &Api,
    typing: &Typing,
    values: &[OperationValues],
) -> TokenStream {
    let krate = Ident::new(&crate_name.replace('-', "_"), Span::call_site());
    let credentials: TokenStream = api
        .schemes
        .iter()
        .map(example_credential)
        .collect::<String>()
        .parse()
        .unwrap_or_default();
    let mut functions = Vec::new();
    let mut calls = Vec::new();
    for (index, operation) in api.operations.iter().enumerate() {
        let pointer = operation.pointer();
        let function = Ident::new(&format!("operation_{index}"), Span::call_site());
        let types = typing
            .operations
            .iter()
            .find(|types| types.pointer == pointer);
        let values = values.iter().find(|values| values.pointer == pointer);
        let label = operation.label();
        let body = match (types, values) {
            (Some(types), Some(values)) => {
                operation_calls(operation, types, values, typing, &label)
            }
            _ => quote! {
                report(#label, "all", &Outcome::not_callable("its types are not known"));
            },
        };
        functions.push(quote! {
            async fn #function(client: &impl Fn(Option<u16>) -> Result<#krate::Client, Outcome>) {
                #body
            }
        });
        calls.push(quote!(#function(&client).await;));
    }
    quote! {
        //! Calls every operation of the client against a mock server serving
        //! its document: `conformance BASE_URL`.
        #![allow(unused_imports, clippy::all)]

        use #krate::types;
        use conformance_runtime::{Outcome, asking_for, judge, report, value};

        #[tokio::main(flavor = "current_thread")]
        async fn main() {
            let Some(base_url) = std::env::args().nth(1) else {
                eprintln!("usage: conformance BASE_URL");
                std::process::exit(2);
            };
            let client = |status: Option<u16>| -> Result<#krate::Client, Outcome> {
                #krate::Client::builder()
                    .base_url(base_url.clone())
                    .http_client(asking_for(status)?)
                    #credentials
                    .build()
                    .map_err(Outcome::not_callable)
            };
            #(#calls)*
        }

        #(#functions)*
    }
}

/// The calls of one operation (see the module's docs).
fn operation_calls(
    operation: &Operation,
    types: &OperationTypes,
    values: &OperationValues,
    typing: &Typing,
    label: &str,
) -> TokenStream {
    if operation.wire.multipart.is_some() {
        return quote! {
            report(#label, "all", &Outcome::not_callable("a multipart body is not called yet"));
        };
    }
    let codes = |class: ResponseClass| -> Vec<u16> {
        operation
            .responses
            .iter()
            .filter(|response| response.class == class)
            .filter_map(|response| response.code())
            .collect()
    };
    let success = codes(ResponseClass::Success).first().copied();
    let mut calls = vec![("required", success, false), ("everything", success, true)];
    calls.extend(
        codes(ResponseClass::Error)
            .into_iter()
            .map(|code| ("error", Some(code), false)),
    );
    let method = Ident::new(&operation.name, Span::call_site());
    calls
        .into_iter()
        .map(|(name, status, everything)| {
            let call = match status {
                Some(code) => format!("{name} {code}"),
                None => name.to_owned(),
            };
            let status = match status {
                Some(code) => quote!(Some(#code)),
                None => quote!(None),
            };
            let setters = setters(types, values, typing, everything);
            quote! {
                let outcome = async {
                    let client = client(#status)?;
                    let request = client.#method() #(#setters)*;
                    Ok::<_, Outcome>(judge(request.send().await, #status).await)
                }
                .await
                .unwrap_or_else(|outcome| outcome);
                report(#label, #call, &outcome);
            }
        })
        .collect()
}

/// The setter calls of a request: the required parameters (all of them
/// when `everything`), then the body.
fn setters(
    types: &OperationTypes,
    values: &OperationValues,
    typing: &Typing,
    everything: bool,
) -> Vec<TokenStream> {
    let mut setters = Vec::new();
    for parameter in &types.parameters {
        if !(parameter.required || everything) {
            continue;
        }
        let Some(found) = values
            .parameters
            .iter()
            .find(|found| found.name == parameter.name && found.location == parameter.location)
        else {
            continue;
        };
        let Ok(rust_type) = typing
            .space
            .get_type(&parameter.type_id)
            .map(|found| found.ident())
        else {
            continue;
        };
        let setter = Ident::new(&names::parameter_name(&parameter.name), Span::call_site());
        let what = format!("parameter `{}`", parameter.name);
        let texts = texts(&found.candidates);
        setters.push(quote!(.#setter(value::<#rust_type>(#what, &[#(#texts),*])?)));
    }
    match (&types.body, &values.body) {
        (Some(TypedBody::Typed(type_id)), Some([required, all])) => {
            if let Ok(found) = typing.space.get_type(type_id) {
                let rust_type = found.ident();
                let texts = texts(if everything { all } else { required });
                setters.push(quote!(.body(value::<#rust_type>("the body", &[#(#texts),*])?)));
            }
        }
        (Some(TypedBody::Raw(_)), _) => setters.push(quote!(.body("value".to_owned()))),
        _ => {}
    }
    setters
}

/// Each value as JSON text.
fn texts(values: &[Value]) -> Vec<String> {
    values.iter().map(Value::to_string).collect()
}
