//! What changed between two versions of a spec, judged by what the generator
//! emits for it: builder methods per parameter, one struct field per
//! property (`Option<T>` when not required or nullable), one
//! `#[non_exhaustive]` enum per string enum (with `Unknown(String)` when only
//! responses use it), `Error<E>` typed by the error body, a constant per server.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::bump::Bump;
use super::{Change, Class};
use crate::diagnostic::escape_pointer_token;
use crate::model::schemas::{CONSTRAINTS, STRUCTURE};
use crate::model::security::{Scheme, SchemeKind};
use crate::model::{Api, Auth, Operation, Parameter, ResponseClass, Schema, Server};
use crate::normalize::names::{snake_case as to_snake_case, type_name};

/// Every semantic change from `base` to `head`, in document order.
pub fn changes(base: &Api, head: &Api) -> Vec<Change> {
    let mut differ = Differ {
        base,
        head,
        out: Vec::new(),
    };
    differ.servers();
    differ.security();
    differ.operations();
    differ.components();
    differ.out
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
    base: &'a Api,
    head: &'a Api,
    out: Vec<Change>,
}

/// `Client::list_accounts`.
fn rust_method(operation: &Operation) -> String {
    format!("Client::{}", operation.name)
}

/// The `operationId` as written (empty when the spec gives none).
fn id(operation: &Operation) -> &str {
    operation.operation_id.as_deref().unwrap_or_default()
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

impl Differ<'_> {
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
            line: None,
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

    fn servers(&mut self) {
        let (before, after) = (&self.base.servers, &self.head.servers);
        let urls = |servers: &[Server]| -> BTreeMap<String, String> {
            servers
                .iter()
                .map(|server| (server.const_name.clone(), server.url.clone()))
                .collect()
        };
        let (old, new) = (urls(before), urls(after));
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
        if default(before) != default(after) && default(before).is_some() {
            self.behavioural(
                format!(
                    "the default server changes from `{}` to `{}`",
                    default(before).unwrap_or_default(),
                    default(after).unwrap_or_else(|| "none".to_owned())
                ),
                vec!["Client::DEFAULT_BASE_URL".to_owned()],
                "#/servers",
            );
        }
    }

    fn security(&mut self) {
        let pointer = "#/components/securitySchemes";
        let mut reported = false;
        match (self.base.auth, self.head.auth) {
            (Auth::Bearer, Auth::None) => {
                reported = true;
                self.breaking(
                    "bearer authentication removed: the token constructors disappear".to_owned(),
                    vec![
                        "Client::from_bearer_token".to_owned(),
                        "ClientBuilder::bearer_token".to_owned(),
                    ],
                    pointer,
                )
            }
            (Auth::None, Auth::Bearer) if self.base.schemes.is_empty() => {
                reported = true;
                self.breaking(
                    "bearer authentication added: every request now needs a token".to_owned(),
                    vec!["Client::from_bearer_token".to_owned()],
                    pointer,
                )
            }
            _ => {}
        }
        let (before, after) = (&self.base.schemes, &self.head.schemes);
        for old in before {
            let setter = |scheme: &Scheme| format!("ClientBuilder::{}", scheme.setter);
            match after.iter().find(|new| new.name == old.name) {
                None => {
                    reported = true;
                    self.breaking(
                        format!(
                            "security scheme `{}` removed: its setter disappears",
                            old.name
                        ),
                        vec![setter(old)],
                        pointer,
                    );
                }
                Some(new)
                    if new.setter != old.setter
                        || takes_user(new) != takes_user(old)
                        || (old.client_credentials_setter.is_some()
                            && new.client_credentials_setter != old.client_credentials_setter) =>
                {
                    reported = true;
                    self.breaking(
                        format!("security scheme `{}`: its setter changes", old.name),
                        vec![setter(old), setter(new)],
                        pointer,
                    );
                }
                Some(new) if new.kind != old.kind => {
                    reported = true;
                    self.behavioural(
                        format!(
                            "security scheme `{}`: its credential is sent differently",
                            old.name
                        ),
                        vec![setter(new)],
                        pointer,
                    );
                }
                Some(new) if new.env != old.env => {
                    reported = true;
                    self.behavioural(
                        format!(
                            "security scheme `{}`: `Client::from_env` reads {} instead of {}",
                            old.name,
                            new.env.join(", "),
                            old.env.join(", ")
                        ),
                        vec!["Client::from_env".to_owned()],
                        pointer,
                    );
                }
                Some(_) => {}
            }
        }
        for new in after
            .iter()
            .filter(|new| before.iter().all(|old| old.name != new.name))
        {
            self.addition(
                format!("security scheme `{}` added", new.name),
                vec![format!("ClientBuilder::{}", new.setter)],
                pointer,
            );
        }
        // Operations added or removed are reported as such; those in both
        // must still ask for the same credentials.
        let effective = |api: &Api, operation: &Operation| {
            operation
                .security
                .clone()
                .or_else(|| api.requirement.clone())
        };
        let changed: Vec<String> = self
            .base
            .operations
            .iter()
            .filter_map(|old| {
                let new = self
                    .head
                    .operations
                    .iter()
                    .find(|new| new.name == old.name)?;
                (effective(self.base, old) != effective(self.head, new))
                    .then(|| format!("Client::{}", new.name))
            })
            .collect();
        if !changed.is_empty() && !reported {
            self.behavioural(
                "security requirements changed: these operations send other credentials".to_owned(),
                changed,
                "#/security",
            );
        }
    }

    fn operations(&mut self) {
        let (before, after) = (&self.base.operations, &self.head.operations);
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
                        .position(|new| new.operation_id == old.operation_id)
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
                format!("operation {} (`{}`) removed", old.label(), id(old)),
                vec![rust_method(old)],
                &old.pointer(),
            );
        }
        for (position, new) in after.iter().enumerate() {
            if !matched_after.contains(&position) {
                self.addition(
                    format!("operation {} (`{}`) added", new.label(), id(new)),
                    vec![rust_method(new)],
                    &new.pointer(),
                );
            }
        }
        for (old, new) in pairs {
            self.operation(&before[old], &after[new]);
        }
    }

    fn operation(&mut self, old: &Operation, new: &Operation) {
        let pointer = new.pointer();
        if old.operation_id != new.operation_id {
            self.breaking(
                format!(
                    "operationId of {} renamed from `{}` to `{}`: the method is renamed",
                    new.label(),
                    id(old),
                    id(new)
                ),
                vec![rust_method(old), rust_method(new)],
                &pointer,
            );
        }
        if old.method != new.method || old.path != new.path {
            self.behavioural(
                format!(
                    "`{}` moves from {} to {}",
                    id(new),
                    old.label(),
                    new.label()
                ),
                vec![rust_method(new)],
                &pointer,
            );
        }
        self.parameters(old, new);
        self.request_body(old, new);
        self.responses(old, new);
        self.pagination(old, new);
    }

    fn pagination(&mut self, old: &Operation, new: &Operation) {
        let (before, after) = (&old.pagination, &new.pagination);
        let stream = format!("{}_stream", rust_method(new));
        let pointer = format!("{}/x-pagination", new.pointer());
        match (before, after) {
            (None, Some(_)) => self.addition(
                format!(
                    "`{}` is paginated (`x-pagination`): a stream over every page",
                    id(new)
                ),
                vec![stream],
                &pointer,
            ),
            (Some(_), None) => self.breaking(
                format!(
                    "`{}` is no longer paginated: its stream method disappears",
                    id(new)
                ),
                vec![format!("{}_stream", rust_method(old))],
                &pointer,
            ),
            (Some(before), Some(after)) if before != after => self.behavioural(
                format!(
                    "the pagination of `{}` changes (which pages the stream asks for)",
                    id(new)
                ),
                vec![stream],
                &pointer,
            ),
            _ => {}
        }
    }

    fn parameters(&mut self, old: &Operation, new: &Operation) {
        let (before, after) = (by_name(&old.parameters), by_name(&new.parameters));
        let method = rust_method(new);
        let pointer = new.pointer();
        let id = id(new);
        for (name, old_parameter) in &before {
            let setter = format!("{method}().{}()", to_snake_case(name));
            let Some(new_parameter) = after.get(name) else {
                self.breaking(
                    format!("parameter `{name}` of `{id}` removed: its builder method disappears"),
                    vec![setter],
                    &pointer,
                );
                continue;
            };
            if old_parameter.location != new_parameter.location {
                self.behavioural(
                    format!(
                        "parameter `{name}` of `{id}` moves from {} to {}",
                        old_parameter.location, new_parameter.location
                    ),
                    vec![setter.clone()],
                    &pointer,
                );
            }
            match (old_parameter.required, new_parameter.required) {
                (false, true) => self.breaking(
                    format!(
                        "parameter `{name}` of `{id}` becomes required: calls that do not set it fail with `Error::InvalidRequest`"
                    ),
                    vec![setter.clone()],
                    &pointer,
                ),
                (true, false) => self.relaxation(
                    format!("parameter `{name}` of `{id}` becomes optional"),
                    vec![setter.clone()],
                    &pointer,
                ),
                _ => {}
            }
            self.schemas_if_both(
                old_parameter.schema.as_ref(),
                new_parameter.schema.as_ref(),
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
                parameter.required,
                format!(
                    "new required parameter `{name}` of `{id}`: calls that do not set it fail with `Error::InvalidRequest`"
                ),
                format!("new optional parameter `{name}` of `{id}`"),
                setter,
                &pointer,
            );
        }
    }

    fn request_body(&mut self, old: &Operation, new: &Operation) {
        let pointer = format!("{}/requestBody", new.pointer());
        let setter = format!("{}().body()", rust_method(new));
        let id = id(new);
        match (&old.request_body, &new.request_body) {
            (None, None) => {}
            (Some(_), None) => self.breaking(
                format!("request body of `{id}` removed"),
                vec![setter],
                &pointer,
            ),
            (None, Some(added)) => self.added(
                added.required,
                format!("`{id}` now requires a request body"),
                format!("`{id}` accepts an optional request body"),
                setter,
                &pointer,
            ),
            (Some(before), Some(after)) => {
                if !before.required && after.required {
                    self.breaking(
                        format!("the request body of `{id}` becomes required"),
                        vec![setter.clone()],
                        &pointer,
                    );
                }
                let media =
                    |types: &[String]| -> BTreeSet<String> { types.iter().cloned().collect() };
                let (old_media, new_media) =
                    (media(&before.media_types), media(&after.media_types));
                if old_media != new_media {
                    self.behavioural(
                        format!(
                            "request body media types of `{id}` change from {old_media:?} to {new_media:?}"
                        ),
                        vec![setter.clone()],
                        &pointer,
                    );
                }
                self.schemas_if_both(
                    before.schema.as_ref(),
                    after.schema.as_ref(),
                    &setter,
                    &pointer,
                );
            }
        }
    }

    fn responses(&mut self, old: &Operation, new: &Operation) {
        let method = rust_method(new);
        let id = id(new);
        let at = |status: &str| {
            format!(
                "{}/responses/{}",
                new.pointer(),
                escape_pointer_token(status)
            )
        };
        for response in &old.responses {
            let status = &response.status;
            let pointer = at(status);
            let is_error = response.class == ResponseClass::Error;
            let Some(changed) = new.responses.iter().find(|new| new.status == *status) else {
                let now = if is_error {
                    "now `Error::UnexpectedResponse`"
                } else {
                    "no longer a success"
                };
                self.behavioural(
                    format!("response {status} of `{id}` removed: such answers are {now}"),
                    vec![method.clone()],
                    &pointer,
                );
                continue;
            };
            let item = if is_error {
                format!("{method} error body ({status})")
            } else {
                format!("{method} response body ({status})")
            };
            match (&response.schema, &changed.schema) {
                (Some(old_schema), Some(new_schema)) => {
                    self.schema(old_schema, new_schema, &item, &pointer, Direction::Response)
                }
                (None, None) => {}
                _ => self.breaking(
                    format!(
                        "response {status} of `{id}` gains or loses its body: the decoded type changes"
                    ),
                    vec![item],
                    &pointer,
                ),
            }
        }
        for response in &new.responses {
            let status = &response.status;
            if old.responses.iter().any(|old| old.status == *status) {
                continue;
            }
            let meaning = if response.class == ResponseClass::Error {
                "such answers now decode into `Error::ErrorResponse` instead of `Error::UnexpectedResponse`"
            } else {
                "such answers are now a success"
            };
            self.behavioural(
                format!("response {status} of `{id}` documented: {meaning}"),
                vec![method.clone()],
                &at(status),
            );
        }
    }

    fn components(&mut self) {
        let (before, after) = (&self.base.schemas, &self.head.schemas);
        let pointer = |name: &str| format!("#/components/schemas/{}", escape_pointer_token(name));
        for (name, old) in before {
            let item = format!("types::{}", type_name(name));
            let Some(new) = after.get(name) else {
                self.breaking(
                    format!("schema `{name}` removed"),
                    vec![item],
                    &pointer(name),
                );
                continue;
            };
            let direction = match (new.request_side, new.response_side) {
                (true, false) => Direction::Request,
                (false, true) => Direction::Response,
                _ => Direction::Both,
            };
            self.schema(&old.schema, &new.schema, &item, &pointer(name), direction);
        }
        for (name, new) in after {
            let Some(old) = before.get(name) else {
                continue;
            };
            let rust = &new.type_name;
            match (old.is_response_only_enum(), new.is_response_only_enum()) {
                (true, false) => self.breaking(
                    format!(
                        "enum `{name}` is now used by requests too, so it is closed: its `Unknown` variant disappears and unknown values stop decoding"
                    ),
                    vec![format!("types::{rust}::Unknown")],
                    &pointer(name),
                ),
                (false, true) => self.addition(
                    format!("enum `{name}` is now used by responses only, so it is open: unknown values decode into a new `Unknown` variant"),
                    vec![format!("types::{rust}::Unknown")],
                    &pointer(name),
                ),
                _ => {}
            }
        }
        for (name, new) in after {
            if !before.contains_key(name) {
                self.addition(
                    format!("schema `{name}` added"),
                    vec![format!("types::{}", new.type_name)],
                    &pointer(name),
                );
            }
        }
    }

    /// Compares two request-side schemas when both versions have one.
    fn schemas_if_both(
        &mut self,
        old: Option<&Schema>,
        new: Option<&Schema>,
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
        old: &Schema,
        new: &Schema,
        item: &str,
        pointer: &str,
        direction: Direction,
    ) {
        let (old_type, new_type) = (&old.rust_type, &new.rust_type);
        if old_type != new_type {
            self.breaking(
                format!("type changes from `{old_type}` to `{new_type}`"),
                vec![item.to_owned()],
                pointer,
            );
            return;
        }
        if old.reference.is_some() {
            return;
        }
        if old.format != new.format {
            let shown =
                |format: &Option<String>| format.clone().unwrap_or_else(|| "none".to_owned());
            self.behavioural(
                format!(
                    "format changes from `{}` to `{}` (the Rust type stays `{new_type}`)",
                    shown(&old.format),
                    shown(&new.format)
                ),
                vec![item.to_owned()],
                pointer,
            );
        }
        self.enum_values(old, new, item, pointer, direction);
        self.constraints(old, new, item, pointer);
        self.properties(old, new, item, pointer, direction);
        if let (Some(old_items), Some(new_items)) = (&old.items, &new.items) {
            self.schema(
                old_items,
                new_items,
                &format!("{item}[]"),
                &format!("{pointer}/items"),
                direction,
            );
        }
        for keyword in STRUCTURE {
            if old.structure.get(keyword) != new.structure.get(keyword) {
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
        old: &Schema,
        new: &Schema,
        item: &str,
        pointer: &str,
        direction: Direction,
    ) {
        let (before, after) = (&old.enum_values, &new.enum_values);
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

    fn constraints(&mut self, old: &Schema, new: &Schema, item: &str, pointer: &str) {
        for keyword in CONSTRAINTS {
            let (before, after) = (old.constraints.get(keyword), new.constraints.get(keyword));
            if before != after {
                let shown =
                    |value: Option<&Value>| value.map_or("none".to_owned(), Value::to_string);
                self.behavioural(
                    format!(
                        "`{keyword}` changes from {} to {}",
                        shown(before),
                        shown(after)
                    ),
                    vec![item.to_owned()],
                    &format!("{pointer}/{keyword}"),
                );
            }
        }
    }

    fn properties(
        &mut self,
        old: &Schema,
        new: &Schema,
        item: &str,
        pointer: &str,
        direction: Direction,
    ) {
        let (before, after) = (&old.properties, &new.properties);
        let (old_required, new_required) = (&old.required, &new.required);
        for (name, old_property) in before {
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
            let old_optional = !old_required.contains(name) || old_property.nullable;
            let new_optional = !new_required.contains(name) || new_property.nullable;
            let (old_type, new_type) = (&old_property.rust_type, &new_property.rust_type);
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
        for name in after.keys().filter(|name| !before.contains_key(*name)) {
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

/// Parameters by name (an operation's own replace the path item's).
fn by_name(parameters: &[Parameter]) -> BTreeMap<&str, &Parameter> {
    parameters
        .iter()
        .map(|parameter| (parameter.name.as_str(), parameter))
        .collect()
}

/// `types::AccountStatus::WarmingUp` for the value `"warming_up"`.
fn variant(item: &str, value: &Value) -> String {
    let text = match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    format!("{item}::{}", type_name(&text))
}

/// Whether a scheme's setter takes a user name and a password.
fn takes_user(scheme: &Scheme) -> bool {
    scheme.kind == SchemeKind::Basic
}
