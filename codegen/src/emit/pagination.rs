//! A `<operation>_stream(Paging)` method for each operation the model says is
//! paginated: every item across pages, through the runtime's paging engine,
//! stopping at the first short page.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, Operation, Pagination};

/// The runtime's paging types re-exported (when any operation is paginated)
/// and one `<operation_id>_stream` method per paginated operation.
pub fn tokens(api: &Api) -> TokenStream {
    let methods: Vec<TokenStream> = api
        .paginated()
        .map(|(operation, pagination)| method_tokens(operation, pagination))
        .collect();
    if methods.is_empty() {
        return TokenStream::new();
    }
    let runtime = crate::emit::runtime::crate_ident();
    quote! {
        pub use #runtime::{OffsetConvention, Paging};

        impl Client {
            #(#methods)*
        }
    }
}

fn method_tokens(operation: &Operation, pagination: &Pagination) -> TokenStream {
    let method = &operation.name;
    let list = Ident::new(method, Span::call_site());
    let stream = Ident::new(&format!("{method}_stream"), Span::call_site());
    let limit = Ident::new(
        &crate::normalize::names::snake_case(&pagination.limit),
        Span::call_site(),
    );
    let offset = Ident::new(
        &crate::normalize::names::snake_case(&pagination.offset),
        Span::call_site(),
    );
    let error = match &operation.error_type {
        Some(name) => {
            let ident = Ident::new(name, Span::call_site());
            quote!(types::#ident)
        }
        None => quote!(()),
    };
    let runtime = crate::emit::runtime::crate_ident();
    let first = pagination.first_offset;
    let (convention, convention_doc) = if pagination.counts_pages {
        (
            quote!(OffsetConvention::Pages { first: #first }),
            format!("numbers pages, the first being {first}"),
        )
    } else {
        (
            quote!(OffsetConvention::Items { first: #first }),
            format!("counts items, the first page starting at {first}"),
        )
    };
    let items = match &pagination.items {
        Some(field) => quote!(Some(#field)),
        None => quote!(None),
    };
    let where_items = match &pagination.items {
        Some(field) => format!("The items are the `{field}` array of each page"),
        None => "The items are the page itself when it is an array, else the page's only array-valued property".to_owned(),
    };
    let doc = format!(
        " Every item of [`Client::{list}`], page after page: sends `{}` = page size and `{}` = the page's offset, \
         and stops after the first page with fewer items than the page size.\n\n \
         By the spec the offset {convention_doc} ([`OffsetConvention`]); [`Paging::offsets`] overrides it. \
         {where_items}; an empty object (`{{}}`) is a page without items, which ends the stream. Each item is yielded \
         as JSON. A page of another shape, or the same page twice in a row (a server ignoring the offset), ends the \
         stream with [`Error::InvalidResponsePayload`].",
        pagination.limit, pagination.offset
    );
    quote! {
        #[doc = #doc]
        pub fn #stream(
            &self,
            paging: Paging,
        ) -> futures::stream::BoxStream<'_, Result<::serde_json::Value, Error<#error>>> {
            #runtime::internal::paginate(paging, #convention, #items, move |limit, offset| {
                self.#list().#limit(limit).#offset(offset).send()
            })
        }
    }
}
