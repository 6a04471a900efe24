//! What changed between two versions of a spec, judged by what the generator
//! emits for it: builder methods per parameter, one struct field per
//! property (`Option<T>` when not required or nullable), one
//! `#[non_exhaustive]` enum per string enum (with `Unknown(String)` when only
//! responses use it), `Error<E>` typed by the error body, a constant per server.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::bump::Bump;
use super::{Change, Class};
use crate::diagnostic::escape_pointer_token;
use crate::emit::redact::type_name;
use crate::load::Spec;
use crate::model::{Auth, Server, security, servers};
use crate::normalize::names::snake_case as to_snake_case;

/// Every semantic change from `base` to `head`, in document order.
pub fn changes(base: &Spec, head: &Spec) -> Vec<Change> {
    let mut differ = Differ {
        base: &base.json,
        head: &head.json,
        out: Vec::new(),
    };
    differ.servers(base, head);
    differ.security(base, head);
    differ.operations();
    differ.components();
    if differ.out.is_empty() && strip_version(&base.json) != strip_version(&head.json) {
        differ.push(
            Class::NonBreaking,
            Bump::Patch,
            "descriptions, summaries or examples changed (documentation only)".to_owned(),
            Vec::new(),
            "#",
        );
    }
    differ.out
}

/// The document without `info.x-crate-version`, which is not part of the API.
fn strip_version(document: &Value) -> Value {
    let mut copy = document.clone();
    if let Some(info) = copy.get_mut("info").and_then(Value::as_object_mut) {
        info.remove("x-crate-version");
    }
    copy
}

/// Which way a schema's values travel, which decides what a change to it breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
    Both,
}

impl Direction {
    fn sends(self) -> bool {
        matches!(self, Self::Request | Self::Both)
    }
    fn receives(self) -> bool {
        matches!(self, Self::Response | Self::Both)
    }
}

struct Differ<'a> {
    base: &'a Value,
    head: &'a Value,
    out: Vec<Change>,
}

/// One operation: where it lives and what it is called.
struct Operation<'a> {
    method: String,
    path: String,
    id: String,
    item: &'a Value,
    value: &'a Value,
}

impl Operation<'_> {
    fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }
    fn rust_method(&self) -> String {
        format!("Client::{}", to_snake_case(&self.id))
    }
    fn pointer(&self) -> String {
        format!(
            "#/paths/{}/{}",
            escape_pointer_token(&self.path),
            self.method
        )
    }
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn operations(document: &Value) -> Vec<Operation<'_>> {
    let mut found = Vec::new();
    for (path, item) in document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for method in METHODS {
            if let Some(value) = item.get(*method) {
                found.push(Operation {
                    method: (*method).to_owned(),
                    path: path.clone(),
                    id: value
                        .get("operationId")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    item,
                    value,
                });
            }
        }
    }
    found
}

/// `/a/{id}/b` → `/a/{}/b`: the same endpoint whatever its parameters are named.
fn path_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                shape.push('{');
            }
            '}' => {
                in_name = false;
                shape.push('}');
            }
            _ if in_name => {}
            _ => shape.push(c),
        }
    }
    shape
}

impl<'a> Differ<'a> {
    fn push(
        &mut self,
        class: Class,
        bump: Bump,
        summary: String,
        items: Vec<String>,
        pointer: &str,
    ) {
        self.out.push(Change {
            class,
            bump,
            summary,
            rust_items: items,
            pointer: pointer.to_owned(),
        });
    }

    fn breaking(&mut self, summary: String, items: Vec<String>, pointer: &str) {
        self.push(Class::Breaking, Bump::Major, summary, items, pointer);
    }

    fn behavioural(&mut self, summary: String, items: Vec<String>, pointer: &str) {
        self.push(Class::Behavioural, Bump::Minor, summary, items, pointer);
    }

    fn addition(&mut self, summary: String, items: Vec<String>, pointer: &str) {
        self.push(Class::NonBreaking, Bump::Minor, summary, items, pointer);
    }

    /// Something new that callers must provide (breaking) or may (an addition).
    fn added(
        &mut self,
        required: bool,
        if_required: String,
        if_optional: String,
        item: String,
        pointer: &str,
    ) {
        if required {
            self.breaking(if_required, vec![item], pointer);
        } else {
            self.addition(if_optional, vec![item], pointer);
        }
    }

    fn relaxation(&mut self, summary: String, items: Vec<String>, pointer: &str) {
        self.push(Class::NonBreaking, Bump::Patch, summary, items, pointer);
    }

    fn servers(&mut self, base: &Spec, head: &Spec) {
        let (Ok(before), Ok(after)) = (servers::servers(base), servers::servers(head)) else {
            return;
        };
        let urls = |servers: &[Server]| -> BTreeMap<String, String> {
            servers
                .iter()
                .map(|server| (server.const_name.clone(), server.url.clone()))
                .collect()
        };
        let (old, new) = (urls(&before), urls(&after));
        for (name, url) in &old {
            match new.get(name) {
                None => self.breaking(
                    format!("server `{url}` removed"),
                    vec![format!("servers::{name}")],
                    "#/servers",
                ),
                Some(changed) if changed != url => self.behavioural(
                    format!("server `{name}` moves from `{url}` to `{changed}`"),
                    vec![format!("servers::{name}")],
                    "#/servers",
                ),
                Some(_) => {}
            }
        }
        for (name, url) in &new {
            if !old.contains_key(name) {
                self.addition(
                    format!("server `{url}` added"),
                    vec![format!("servers::{name}")],
                    "#/servers",
                );
            }
        }
        let default = |servers: &[Server]| servers.first().map(|server| server.url.clone());
        if default(&before) != default(&after) && default(&before).is_some() {
            self.behavioural(
                format!(
                    "the default server changes from `{}` to `{}`",
                    default(&before).unwrap_or_default(),
                    default(&after).unwrap_or_else(|| "none".to_owned())
                ),
                vec!["Client::DEFAULT_BASE_URL".to_owned()],
                "#/servers",
            );
        }
    }

    fn security(&mut self, base: &Spec, head: &Spec) {
        match (security::auth(base), security::auth(head)) {
            (Auth::Bearer, Auth::None) => self.breaking(
                "bearer authentication removed: the token constructors disappear".to_owned(),
                vec![
                    "Client::from_bearer_token".to_owned(),
                    "Client::from_env".to_owned(),
                ],
                "#/components/securitySchemes",
            ),
            (Auth::None, Auth::Bearer) => self.breaking(
                "bearer authentication added: every request now needs a token".to_owned(),
                vec!["Client::from_bearer_token".to_owned()],
                "#/components/securitySchemes",
            ),
            _ => {
                let scheme = |document: &Value| {
                    (
                        document.pointer("/components/securitySchemes").cloned(),
                        document.get("security").cloned(),
                    )
                };
                if scheme(self.base) != scheme(self.head) {
                    self.behavioural(
                        "security schemes or requirements changed".to_owned(),
                        Vec::new(),
                        "#/components/securitySchemes",
                    );
                }
            }
        }
    }

    fn operations(&mut self) {
        let before = operations(self.base);
        let after = operations(self.head);
        let mut matched_after = BTreeSet::new();
        let mut pairs = Vec::new();
        let mut unmatched_before = Vec::new();
        for (index, old) in before.iter().enumerate() {
            // Same endpoint first, then the same operationId at another endpoint.
            let found = after
                .iter()
                .position(|new| {
                    new.method == old.method && path_shape(&new.path) == path_shape(&old.path)
                })
                .filter(|position| !matched_after.contains(position))
                .or_else(|| {
                    after
                        .iter()
                        .position(|new| new.id == old.id)
                        .filter(|position| !matched_after.contains(position))
                });
            match found {
                Some(position) => {
                    matched_after.insert(position);
                    pairs.push((index, position));
                }
                None => unmatched_before.push(index),
            }
        }
        for index in unmatched_before {
            let old = &before[index];
            self.breaking(
                format!("operation {} (`{}`) removed", old.label(), old.id),
                vec![old.rust_method()],
                &old.pointer(),
            );
        }
        for (position, new) in after.iter().enumerate() {
            if !matched_after.contains(&position) {
                self.addition(
                    format!("operation {} (`{}`) added", new.label(), new.id),
                    vec![new.rust_method()],
                    &new.pointer(),
                );
            }
        }
        for (old, new) in pairs {
            self.operation(&before[old], &after[new]);
        }
    }

    fn operation(&mut self, old: &Operation<'a>, new: &Operation<'a>) {
        let pointer = new.pointer();
        if old.id != new.id {
            self.breaking(
                format!(
                    "operationId of {} renamed from `{}` to `{}`: the method is renamed",
                    new.label(),
                    old.id,
                    new.id
                ),
                vec![old.rust_method(), new.rust_method()],
                &pointer,
            );
        }
        if old.method != new.method || old.path != new.path {
            self.behavioural(
                format!("`{}` moves from {} to {}", new.id, old.label(), new.label()),
                vec![new.rust_method()],
                &pointer,
            );
        }
        self.parameters(old, new);
        self.request_body(old, new);
        self.responses(old, new);
        self.pagination(old, new);
    }

    fn pagination(&mut self, old: &Operation<'a>, new: &Operation<'a>) {
        let (before, after) = (old.value.get("x-pagination"), new.value.get("x-pagination"));
        let stream = format!("{}_stream", new.rust_method());
        let pointer = format!("{}/x-pagination", new.pointer());
        match (before, after) {
            (None, Some(_)) => self.addition(
                format!(
                    "`{}` is paginated (`x-pagination`): a stream over every page",
                    new.id
                ),
                vec![stream],
                &pointer,
            ),
            (Some(_), None) => self.breaking(
                format!(
                    "`{}` is no longer paginated: its stream method disappears",
                    new.id
                ),
                vec![format!("{}_stream", old.rust_method())],
                &pointer,
            ),
            (Some(before), Some(after)) if before != after => self.behavioural(
                format!(
                    "the pagination of `{}` changes (which pages the stream asks for)",
                    new.id
                ),
                vec![stream],
                &pointer,
            ),
            _ => {}
        }
    }

    fn parameters(&mut self, old: &Operation<'a>, new: &Operation<'a>) {
        let before = parameters(self.base, old);
        let after = parameters(self.head, new);
        let method = new.rust_method();
        let pointer = new.pointer();
        for (name, old_parameter) in &before {
            let setter = format!("{method}().{}()", to_snake_case(name));
            let Some(new_parameter) = after.get(name) else {
                self.breaking(
                    format!(
                        "parameter `{name}` of `{}` removed: its builder method disappears",
                        new.id
                    ),
                    vec![setter],
                    &pointer,
                );
                continue;
            };
            let location = |parameter: &Value| {
                parameter
                    .get("in")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            if location(old_parameter) != location(new_parameter) {
                self.behavioural(
                    format!(
                        "parameter `{name}` of `{}` moves from {} to {}",
                        new.id,
                        location(old_parameter),
                        location(new_parameter)
                    ),
                    vec![setter.clone()],
                    &pointer,
                );
            }
            match (is_required(old_parameter), is_required(new_parameter)) {
                (false, true) => self.breaking(
                    format!(
                        "parameter `{name}` of `{}` becomes required: calls that do not set it fail with `Error::InvalidRequest`",
                        new.id
                    ),
                    vec![setter.clone()],
                    &pointer,
                ),
                (true, false) => self.relaxation(
                    format!("parameter `{name}` of `{}` becomes optional", new.id),
                    vec![setter.clone()],
                    &pointer,
                ),
                _ => {}
            }
            self.schemas_if_both(
                old_parameter.get("schema"),
                new_parameter.get("schema"),
                &setter,
                &pointer,
            );
        }
        for (name, parameter) in &after {
            if before.contains_key(name) {
                continue;
            }
            let setter = format!("{method}().{}()", to_snake_case(name));
            self.added(
                is_required(parameter),
                format!(
                    "new required parameter `{name}` of `{}`: calls that do not set it fail with `Error::InvalidRequest`",
                    new.id
                ),
                format!("new optional parameter `{name}` of `{}`", new.id),
                setter,
                &pointer,
            );
        }
    }

    fn request_body(&mut self, old: &Operation<'a>, new: &Operation<'a>) {
        let body = |document: &'a Value, operation: &Operation<'a>| {
            operation
                .value
                .get("requestBody")
                .map(|body| crate::load::refs::follow(document, body).unwrap_or(body))
        };
        let pointer = format!("{}/requestBody", new.pointer());
        let setter = format!("{}().body()", new.rust_method());
        match (body(self.base, old), body(self.head, new)) {
            (None, None) => {}
            (Some(_), None) => self.breaking(
                format!("request body of `{}` removed", new.id),
                vec![setter],
                &pointer,
            ),
            (None, Some(added)) => self.added(
                is_required(added),
                format!("`{}` now requires a request body", new.id),
                format!("`{}` accepts an optional request body", new.id),
                setter,
                &pointer,
            ),
            (Some(before), Some(after)) => {
                if !is_required(before) && is_required(after) {
                    self.breaking(
                        format!("the request body of `{}` becomes required", new.id),
                        vec![setter.clone()],
                        &pointer,
                    );
                }
                let media = |body: &Value| -> BTreeSet<String> {
                    body.get("content")
                        .and_then(Value::as_object)
                        .map(|content| content.keys().cloned().collect())
                        .unwrap_or_default()
                };
                if media(before) != media(after) {
                    self.behavioural(
                        format!(
                            "request body media types of `{}` change from {:?} to {:?}",
                            new.id,
                            media(before),
                            media(after)
                        ),
                        vec![setter.clone()],
                        &pointer,
                    );
                }
                self.schemas_if_both(first_schema(before), first_schema(after), &setter, &pointer);
            }
        }
    }

    fn responses(&mut self, old: &Operation<'a>, new: &Operation<'a>) {
        let (before, after) = (
            object_at(old.value, "/responses"),
            object_at(new.value, "/responses"),
        );
        let method = new.rust_method();
        for (status, response) in &before {
            let pointer = format!(
                "{}/responses/{}",
                new.pointer(),
                escape_pointer_token(status)
            );
            let Some(changed) = after.get(status) else {
                let now = if is_error_status(status) {
                    "now `Error::UnexpectedResponse`"
                } else {
                    "no longer a success"
                };
                self.behavioural(
                    format!(
                        "response {status} of `{}` removed: such answers are {now}",
                        new.id
                    ),
                    vec![method.clone()],
                    &pointer,
                );
                continue;
            };
            let old_body = crate::load::refs::follow(self.base, response).and_then(first_schema);
            let new_body = crate::load::refs::follow(self.head, changed).and_then(first_schema);
            let item = if is_error_status(status) {
                format!("{method} error body ({status})")
            } else {
                format!("{method} response body ({status})")
            };
            match (old_body, new_body) {
                (Some(old_schema), Some(new_schema)) => {
                    self.schema(old_schema, new_schema, &item, &pointer, Direction::Response)
                }
                (None, None) => {}
                _ => self.breaking(
                    format!("response {status} of `{}` gains or loses its body: the decoded type changes", new.id),
                    vec![item],
                    &pointer,
                ),
            }
        }
        for status in after.keys().filter(|status| !before.contains_key(*status)) {
            let pointer = format!(
                "{}/responses/{}",
                new.pointer(),
                escape_pointer_token(status)
            );
            let meaning = if is_error_status(status) {
                "such answers now decode into `Error::ErrorResponse` instead of `Error::UnexpectedResponse`"
            } else {
                "such answers are now a success"
            };
            self.behavioural(
                format!("response {status} of `{}` documented: {meaning}", new.id),
                vec![method.clone()],
                &pointer,
            );
        }
    }

    fn components(&mut self) {
        let (before, after) = (
            object_at(self.base, "/components/schemas"),
            object_at(self.head, "/components/schemas"),
        );
        let (requests, responses) = crate::emit::evolution::schema_usage(self.head);
        for (name, old_schema) in &before {
            let item = format!("types::{}", type_name(name));
            let pointer = format!("#/components/schemas/{}", escape_pointer_token(name));
            let Some(new_schema) = after.get(name) else {
                self.breaking(format!("schema `{name}` removed"), vec![item], &pointer);
                continue;
            };
            let direction = match (requests.contains(name), responses.contains(name)) {
                (true, false) => Direction::Request,
                (false, true) => Direction::Response,
                _ => Direction::Both,
            };
            self.schema(old_schema, new_schema, &item, &pointer, direction);
        }
        let (was_open, is_open) = (
            crate::emit::evolution::response_only_enums(self.base),
            crate::emit::evolution::response_only_enums(self.head),
        );
        for name in after.keys().filter(|name| before.contains_key(*name)) {
            let rust = type_name(name);
            let pointer = format!("#/components/schemas/{}", escape_pointer_token(name));
            match (was_open.contains(&rust), is_open.contains(&rust)) {
                (true, false) => self.breaking(
                    format!(
                        "enum `{name}` is now used by requests too, so it is closed: its `Unknown` variant disappears and unknown values stop decoding"
                    ),
                    vec![format!("types::{rust}::Unknown")],
                    &pointer,
                ),
                (false, true) => self.addition(
                    format!("enum `{name}` is now used by responses only, so it is open: unknown values decode into a new `Unknown` variant"),
                    vec![format!("types::{rust}::Unknown")],
                    &pointer,
                ),
                _ => {}
            }
        }
        for name in after.keys().filter(|name| !before.contains_key(*name)) {
            self.addition(
                format!("schema `{name}` added"),
                vec![format!("types::{}", type_name(name))],
                &format!("#/components/schemas/{}", escape_pointer_token(name)),
            );
        }
    }

    /// Compares two request-side schemas when both versions have one.
    fn schemas_if_both(
        &mut self,
        old: Option<&Value>,
        new: Option<&Value>,
        item: &str,
        pointer: &str,
    ) {
        if let (Some(old), Some(new)) = (old, new) {
            self.schema(old, new, item, pointer, Direction::Request);
        }
    }

    /// Compares two schemas at `item`; named schemas behind `$ref`s are
    /// compared once, as components, not at every use.
    fn schema(
        &mut self,
        old: &Value,
        new: &Value,
        item: &str,
        pointer: &str,
        direction: Direction,
    ) {
        let (old_type, new_type) = (rust_type(old), rust_type(new));
        if old_type != new_type {
            self.breaking(
                format!("type changes from `{old_type}` to `{new_type}`"),
                vec![item.to_owned()],
                pointer,
            );
            return;
        }
        if old.get("$ref").is_some() {
            return;
        }
        let format = |schema: &Value| {
            schema
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        if format(old) != format(new) {
            self.behavioural(
                format!(
                    "format changes from `{}` to `{}` (the Rust type stays `{new_type}`)",
                    format(old).unwrap_or_else(|| "none".to_owned()),
                    format(new).unwrap_or_else(|| "none".to_owned())
                ),
                vec![item.to_owned()],
                pointer,
            );
        }
        self.enum_values(old, new, item, pointer, direction);
        self.constraints(old, new, item, pointer);
        self.properties(old, new, item, pointer, direction);
        if let (Some(old_items), Some(new_items)) = (old.get("items"), new.get("items")) {
            self.schema(
                old_items,
                new_items,
                &format!("{item}[]"),
                &format!("{pointer}/items"),
                direction,
            );
        }
        for keyword in ["oneOf", "anyOf", "allOf", "additionalProperties"] {
            if old.get(keyword) != new.get(keyword) {
                self.breaking(
                    format!("`{keyword}` changes: the generated type is restructured"),
                    vec![item.to_owned()],
                    &format!("{pointer}/{keyword}"),
                );
            }
        }
    }

    fn enum_values(
        &mut self,
        old: &Value,
        new: &Value,
        item: &str,
        pointer: &str,
        direction: Direction,
    ) {
        let values = |schema: &Value| -> Vec<Value> {
            schema
                .get("enum")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (before, after) = (values(old), values(new));
        let pointer = format!("{pointer}/enum");
        for value in before.iter().filter(|value| !after.contains(value)) {
            self.breaking(
                format!("enum value {value} removed: its variant disappears"),
                vec![variant(item, value)],
                &pointer,
            );
        }
        for value in after.iter().filter(|value| !before.contains(value)) {
            if direction == Direction::Both {
                self.behavioural(
                    format!(
                        "enum value {value} added to an enum requests use too (closed): older versions of the crate fail to decode responses carrying it"
                    ),
                    vec![variant(item, value)],
                    &pointer,
                );
            } else {
                let note = if direction.receives() {
                    "new variant; older versions of the crate decode it as `Unknown`"
                } else {
                    "new variant (the enum is `#[non_exhaustive]`)"
                };
                self.addition(
                    format!("enum value {value} added: {note}"),
                    vec![variant(item, value)],
                    &pointer,
                );
            }
        }
    }

    fn constraints(&mut self, old: &Value, new: &Value, item: &str, pointer: &str) {
        for keyword in [
            "minLength",
            "maxLength",
            "pattern",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minItems",
            "maxItems",
            "uniqueItems",
            "default",
            "multipleOf",
        ] {
            if old.get(keyword) != new.get(keyword) {
                self.behavioural(
                    format!(
                        "`{keyword}` changes from {} to {}",
                        old.get(keyword).map_or("none".to_owned(), Value::to_string),
                        new.get(keyword).map_or("none".to_owned(), Value::to_string)
                    ),
                    vec![item.to_owned()],
                    &format!("{pointer}/{keyword}"),
                );
            }
        }
    }

    fn properties(
        &mut self,
        old: &Value,
        new: &Value,
        item: &str,
        pointer: &str,
        direction: Direction,
    ) {
        let properties = |schema: &Value| object_at(schema, "/properties");
        let required = |schema: &Value| -> BTreeSet<String> {
            schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        };
        let (before, after) = (properties(old), properties(new));
        let (old_required, new_required) = (required(old), required(new));
        for (name, old_property) in &before {
            let field = format!("{item}::{}", to_snake_case(name));
            let at = format!("{pointer}/properties/{}", escape_pointer_token(name));
            let Some(new_property) = after.get(name) else {
                self.breaking(
                    format!("property `{name}` removed: its field disappears"),
                    vec![field],
                    &at,
                );
                continue;
            };
            let old_optional = !old_required.contains(name) || is_nullable(self.base, old_property);
            let new_optional = !new_required.contains(name) || is_nullable(self.head, new_property);
            let (old_type, new_type) = (rust_type(old_property), rust_type(new_property));
            if old_optional != new_optional && old_type == new_type {
                let wrap = |optional: bool| {
                    if optional {
                        format!("Option<{old_type}>")
                    } else {
                        old_type.clone()
                    }
                };
                self.breaking(
                    format!(
                        "property `{name}` {}: the field changes from `{}` to `{}`",
                        if new_optional {
                            "becomes optional or nullable"
                        } else {
                            "becomes required and non-null"
                        },
                        wrap(old_optional),
                        wrap(new_optional)
                    ),
                    vec![field.clone()],
                    &at,
                );
            } else if old_required.contains(name) != new_required.contains(name) {
                self.behavioural(
                    format!(
                        "property `{name}` becomes {} (the field stays `Option`)",
                        if new_required.contains(name) {
                            "required"
                        } else {
                            "optional"
                        }
                    ),
                    vec![field.clone()],
                    &at,
                );
            }
            self.schema(old_property, new_property, &field, &at, direction);
        }
        for (name, _) in after.iter().filter(|(name, _)| !before.contains_key(*name)) {
            let field = format!("{item}::{}", to_snake_case(name));
            let at = format!("{pointer}/properties/{}", escape_pointer_token(name));
            self.added(
                new_required.contains(name) && direction.sends(),
                format!("new required property `{name}`: values built without it fail to build"),
                format!("new property `{name}`"),
                field,
                &at,
            );
        }
    }
}

/// Parameters of an operation (path-level ones included, the operation's
/// own taking precedence), by name.
fn parameters<'a>(document: &'a Value, operation: &Operation<'a>) -> BTreeMap<String, &'a Value> {
    let mut found = BTreeMap::new();
    for owner in [operation.item, operation.value] {
        for parameter in owner
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let parameter = crate::load::refs::follow(document, parameter).unwrap_or(parameter);
            if let Some(name) = parameter.get("name").and_then(Value::as_str) {
                found.insert(name.to_owned(), parameter);
            }
        }
    }
    found
}

/// The object at `pointer` in `value`, or an empty one.
fn object_at(value: &Value, pointer: &str) -> Map<String, Value> {
    value
        .pointer(pointer)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn is_required(value: &Value) -> bool {
    value
        .get("required")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

fn is_nullable(document: &Value, schema: &Value) -> bool {
    let schema = crate::load::refs::follow(document, schema).unwrap_or(schema);
    schema
        .get("nullable")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

fn is_error_status(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5') || status == "default"
}

fn first_schema(holder: &Value) -> Option<&Value> {
    holder
        .get("content")?
        .as_object()?
        .values()
        .find_map(|media| media.get("schema"))
}

/// `types::AccountStatus::WarmingUp` for the value `"warming_up"`.
fn variant(item: &str, value: &Value) -> String {
    let text = match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    format!("{item}::{}", type_name(&text))
}

/// The Rust type the generator gives a schema, as far as the change rules need it.
fn rust_type(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return type_name(reference.rsplit('/').next().unwrap_or(reference));
    }
    let format = schema
        .get("format")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match schema.get("type").and_then(Value::as_str) {
        Some("string") if schema.get("enum").is_some() => "enum".to_owned(),
        // typify wraps a constrained string in a newtype that checks it.
        Some("string")
            if ["minLength", "maxLength", "pattern"]
                .iter()
                .any(|keyword| schema.get(*keyword).is_some()) =>
        {
            "constrained string newtype".to_owned()
        }
        Some("string") => match format {
            "date-time" => "chrono::DateTime<Utc>",
            "date" => "chrono::NaiveDate",
            "uuid" => "uuid::Uuid",
            _ => "String",
        }
        .to_owned(),
        Some("integer") => match format {
            "int32" => "i32",
            "uint32" => "u32",
            "uint64" => "u64",
            _ => "i64",
        }
        .to_owned(),
        Some("number") => if format == "float" { "f32" } else { "f64" }.to_owned(),
        Some("boolean") => "bool".to_owned(),
        Some("array") => format!(
            "Vec<{}>",
            schema
                .get("items")
                .map_or_else(|| "serde_json::Value".to_owned(), rust_type)
        ),
        Some("object") if schema.get("properties").is_some() => "struct".to_owned(),
        Some("object") => "Map<String, _>".to_owned(),
        Some(other) => other.to_owned(),
        None if ["oneOf", "anyOf", "allOf"]
            .iter()
            .any(|key| schema.get(*key).is_some()) =>
        {
            "composite".to_owned()
        }
        None => "serde_json::Value".to_owned(),
    }
}
