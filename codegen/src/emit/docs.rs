//! Doc-comment hygiene for the generated syntax tree.
//!
//! progenitor and typify emit multi-line docs as one attribute, which
//! prettyplease prints as `/** … */` blocks, and leave some public items
//! (builder setters, enum variants, `$ref` fields) undocumented. This pass
//! turns every doc into `/// ` lines and gives undocumented public items a
//! doc derived from what they are, so `missing_docs` holds for the client.

use proc_macro2::Span;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Attribute, Expr, ExprLit, Field, Fields, ImplItemFn, ItemImpl, ItemMod, ItemStruct, Lit,
    LitStr, Meta, Type, Variant, Visibility,
};

/// Normalizes all docs in `file` and documents public items that have none.
pub fn tidy(file: &mut syn::File) {
    normalize(&mut file.attrs);
    Tidy::default().visit_file_mut(file);
}

#[derive(Default)]
struct Tidy {
    /// Whether we are inside a module named `builder` (typify's and progenitor's builders).
    in_builder_module: bool,
    /// The type of the `impl` block being visited, and whether it is a trait impl.
    current_impl: Option<(String, bool)>,
    /// Inside a variant of a public enum, whose fields are public too.
    in_public_variant: bool,
}

impl VisitMut for Tidy {
    fn visit_attribute_mut(&mut self, _: &mut Attribute) {}

    // Docs live on items, fields and variants: function bodies, expressions
    // and types hold none that rustdoc shows, and walking them is most of
    // the tree.
    fn visit_block_mut(&mut self, _: &mut syn::Block) {}

    fn visit_expr_mut(&mut self, _: &mut Expr) {}

    fn visit_type_mut(&mut self, _: &mut Type) {}

    fn visit_item_mod_mut(&mut self, item: &mut ItemMod) {
        normalize(&mut item.attrs);
        let outer = self.in_builder_module;
        self.in_builder_module = item.ident == "builder";
        visit_mut::visit_item_mod_mut(self, item);
        self.in_builder_module = outer;
    }

    fn visit_item_struct_mut(&mut self, item: &mut ItemStruct) {
        normalize(&mut item.attrs);
        if is_public(&item.vis) && !has_doc(&item.attrs) {
            let doc = if self.in_builder_module {
                format!("Builder for [`super::{}`].", item.ident)
            } else {
                format!("The `{}` type.", item.ident)
            };
            item.attrs.insert(0, doc_attr(&doc));
        }
        visit_mut::visit_item_struct_mut(self, item);
    }

    fn visit_item_impl_mut(&mut self, item: &mut ItemImpl) {
        let self_ty = match &*item.self_ty {
            Type::Path(path) => path
                .path
                .segments
                .last()
                .map(|segment| segment.ident.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        };
        let outer = self.current_impl.replace((self_ty, item.trait_.is_some()));
        visit_mut::visit_item_impl_mut(self, item);
        self.current_impl = outer;
    }

    fn visit_impl_item_fn_mut(&mut self, item: &mut ImplItemFn) {
        normalize(&mut item.attrs);
        let in_trait_impl = self
            .current_impl
            .as_ref()
            .is_some_and(|(_, is_trait)| *is_trait);
        if !in_trait_impl && is_public(&item.vis) && !has_doc(&item.attrs) {
            let name = item.sig.ident.to_string();
            let self_ty = self
                .current_impl
                .as_ref()
                .map(|(ty, _)| ty.as_str())
                .unwrap_or_default();
            let doc = match name.as_str() {
                "builder" => format!("Starts building a [`{self_ty}`]."),
                "new" => "Creates the request builder; usually reached through the matching [`crate::Client`] method.".to_owned(),
                "body_map" => "Modifies the request body in place with `f`.".to_owned(),
                field if self.in_builder_module => format!("Sets `{field}`."),
                other => format!("`{other}`."),
            };
            item.attrs.insert(0, doc_attr(&doc));
        }
        visit_mut::visit_impl_item_fn_mut(self, item);
    }

    fn visit_field_mut(&mut self, field: &mut Field) {
        normalize(&mut field.attrs);
        if let Some(ident) = &field.ident
            && (is_public(&field.vis) || self.in_public_variant)
            && !has_doc(&field.attrs)
        {
            let wire = serde_rename(&field.attrs).unwrap_or_else(|| ident.to_string());
            field
                .attrs
                .insert(0, doc_attr(&format!("The `{wire}` property.")));
        }
        visit_mut::visit_field_mut(self, field);
    }

    fn visit_variant_mut(&mut self, variant: &mut Variant) {
        normalize(&mut variant.attrs);
        if !has_doc(&variant.attrs) {
            let doc = match (&variant.fields, serde_rename(&variant.attrs)) {
                (_, Some(wire)) => format!("`{wire}`"),
                (Fields::Unnamed(fields), None) => {
                    let ty = fields.unnamed.first().map(|field| &field.ty);
                    let ty = ty
                        .map(|ty| quote::quote!(#ty).to_string().replace(' ', ""))
                        .unwrap_or_default();
                    format!(
                        "The value as `{}`.",
                        ty.trim_start_matches("::std::string::")
                    )
                }
                _ => format!("`{}`", variant.ident),
            };
            variant.attrs.insert(0, doc_attr(&doc));
        }
        visit_mut::visit_variant_mut(self, variant);
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        normalize(&mut item.attrs);
        let public = is_public(&item.vis);
        if public && !has_doc(&item.attrs) {
            let doc = format!("The `{}` type.", item.ident);
            item.attrs.insert(0, doc_attr(&doc));
        }
        let outer = std::mem::replace(&mut self.in_public_variant, public);
        visit_mut::visit_item_enum_mut(self, item);
        self.in_public_variant = outer;
    }

    fn visit_item_const_mut(&mut self, item: &mut syn::ItemConst) {
        normalize(&mut item.attrs);
        visit_mut::visit_item_const_mut(self, item);
    }

    fn visit_item_fn_mut(&mut self, item: &mut syn::ItemFn) {
        normalize(&mut item.attrs);
        visit_mut::visit_item_fn_mut(self, item);
    }

    fn visit_item_trait_mut(&mut self, item: &mut syn::ItemTrait) {
        normalize(&mut item.attrs);
        visit_mut::visit_item_trait_mut(self, item);
    }

    fn visit_trait_item_fn_mut(&mut self, item: &mut syn::TraitItemFn) {
        normalize(&mut item.attrs);
        if !has_doc(&item.attrs) {
            // The only generated traits are the mock-server extensions, one method per operation.
            let doc = format!(
                "Mocks the `{}` operation: `config_fn` states what the request must match and what the server answers.",
                item.sig.ident
            );
            item.attrs.insert(0, doc_attr(&doc));
        }
        visit_mut::visit_trait_item_fn_mut(self, item);
    }

    fn visit_item_type_mut(&mut self, item: &mut syn::ItemType) {
        normalize(&mut item.attrs);
        visit_mut::visit_item_type_mut(self, item);
    }
}

/// Splits multi-line docs into one attribute per line, each starting with a
/// space, so they print as `/// line`; drops trailing blank lines and indents
/// the continuation lines of list items (rustdoc warns about lazy ones).
fn normalize(attrs: &mut Vec<Attribute>) {
    // Most docs are already one well-formed line; only the others are rebuilt.
    let rewritten: Vec<Option<Vec<String>>> = attrs
        .iter()
        .map(|attr| {
            let text = doc_text(attr)?;
            let lines = doc_lines(&text);
            (lines.len() != 1 || lines[0] != text).then_some(lines)
        })
        .collect();
    if rewritten.iter().all(Option::is_none) {
        return;
    }
    let mut normalized = Vec::with_capacity(attrs.len());
    for (attr, lines) in attrs.drain(..).zip(rewritten) {
        let Some(lines) = lines else {
            normalized.push(attr);
            continue;
        };
        for line in lines {
            let mut doc = doc_attr(&line);
            doc.style = attr.style;
            normalized.push(doc);
        }
    }
    *attrs = normalized;
}

/// The lines of one doc string, as they should appear after `///`.
fn doc_lines(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.trim_end().lines().map(str::trim_end).collect();
    // Docs written as `/// text` already carry their leading space; raw
    // strings from the spec do not, and rustdoc strips one common space.
    let margin = if lines
        .iter()
        .filter(|l| !l.is_empty())
        .all(|l| l.starts_with(' '))
    {
        ""
    } else {
        " "
    };
    let mut in_list_item = false;
    lines
        .into_iter()
        .map(|line| {
            let content = line.trim_start();
            let starts_item = content.starts_with("- ") || content.starts_with("* ");
            let continues_item = in_list_item && !starts_item && !line.starts_with(' ');
            in_list_item = !line.is_empty() && (starts_item || in_list_item);
            match (line.is_empty(), continues_item) {
                (true, _) => String::new(),
                (false, true) => format!("{margin}  {line}"),
                (false, false) => format!("{margin}{line}"),
            }
        })
        .collect()
}

fn doc_text(attr: &Attribute) -> Option<String> {
    let Meta::NameValue(meta) = &attr.meta else {
        return None;
    };
    if !meta.path.is_ident("doc") {
        return None;
    }
    match &meta.value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) => Some(text.value()),
        _ => None,
    }
}

fn doc_attr(text: &str) -> Attribute {
    let text = if text.is_empty() || text.starts_with(' ') {
        text.to_owned()
    } else {
        format!(" {text}")
    };
    // Built directly: this runs for most items of a large client, and
    // going through tokens and the parser costs several times more.
    Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: Meta::NameValue(syn::MetaNameValue {
            path: syn::Ident::new("doc", Span::call_site()).into(),
            eq_token: Default::default(),
            value: Expr::Lit(ExprLit {
                attrs: Vec::new(),
                lit: Lit::Str(LitStr::new(&text, Span::call_site())),
            }),
        }),
    }
}

fn has_doc(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident("doc"))
}

fn is_public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// The `rename = "…"` of a `#[serde(…)]` attribute: the name on the wire.
pub(crate) fn serde_rename(attrs: &[Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    rename
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tidied(source: &str) -> String {
        let mut file: syn::File = syn::parse_str(source).unwrap();
        tidy(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn multi_line_docs_become_line_comments() {
        let out = tidied("#[doc = \"First\\nsecond\\n\\nthird\\n\"] pub struct A;");
        assert_eq!(
            out,
            "/// First\n/// second\n///\n/// third\npub struct A;\n"
        );
    }

    #[test]
    fn list_item_continuations_are_indented() {
        assert_eq!(
            doc_lines("Args:\n- `a`: one\ntwo\n  three\n\nafter"),
            [" Args:", " - `a`: one", "   two", "   three", "", " after"]
        );
    }

    #[test]
    fn undocumented_public_items_get_a_doc_from_what_they_are() {
        let out = tidied(
            "pub enum S { #[serde(rename = \"warming_up\")] WarmingUp, Text(::std::string::String) }\n\
             pub mod builder { pub struct A { x: u8 } impl A { pub fn x(self) -> Self { self } } }",
        );
        assert!(
            out.contains("/// `warming_up`\n    #[serde(rename = \"warming_up\")]"),
            "{out}"
        );
        assert!(out.contains("/// The value as `String`."), "{out}");
        assert!(out.contains("/// Builder for [`super::A`]."), "{out}");
        assert!(out.contains("/// Sets `x`."), "{out}");
    }
}
