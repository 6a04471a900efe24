//! The code of every diagnostic: what kind of problem it is, and so how
//! serious (an error, a warning or a lint finding).
//!
//! Codes are stable names (`invalid-yaml`, `slip`, `missing-summary`): they
//! are printed in brackets (`warning[slip]: …`), counted by the corpus
//! sweeps, and listed with their resolutions in the README's "Diagnostics".

use super::Severity;

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal, $severity:ident;)*) => {
        /// What kind of problem a diagnostic reports.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, errors first, then warnings, then lints.
            pub const ALL: &[Code] = &[$(Code::$variant),*];

            /// The code's stable name, as printed: `invalid-yaml`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// How serious a problem of this kind is.
            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    // Errors: no correct client can be made; nothing is generated.

    /// The file is not UTF-8.
    NotUtf8 = "not-utf8", Error;
    /// The YAML does not parse, or holds a value no spec can (an alias, NaN, a non-scalar key).
    InvalidYaml = "invalid-yaml", Error;
    /// The JSON does not parse.
    InvalidJson = "invalid-json", Error;
    /// The file holds no document.
    EmptyDocument = "empty-document", Error;
    /// The file holds more than one YAML document.
    SeveralDocuments = "several-documents", Error;
    /// The file is larger, deeper or more indented than a spec may be.
    TooLarge = "too-large", Error;
    /// No `openapi` or `swagger` field, or a version other than Swagger 2.0 and OpenAPI 3.0/3.1.
    UnsupportedVersion = "unsupported-version", Error;
    /// The document is not an OpenAPI document: an object has the wrong shape.
    InvalidDocument = "invalid-document", Error;
    /// A `$ref` that is not a string.
    InvalidReference = "invalid-reference", Error;
    /// A `$ref` to another file or URL.
    ExternalReference = "external-reference", Error;
    /// A `$ref` (other than a schema's) to nothing.
    MissingReference = "missing-reference", Error;
    /// A `$ref` to an object that has no reading as the kind its place needs.
    WrongReferenceKind = "wrong-reference-kind", Error;
    /// A loop of `$ref`s that never reaches a definition.
    ReferenceCycle = "reference-cycle", Error;
    /// A path item that is a `$ref` (OpenAPI 3.0) to something else than a path item.
    PathItemReference = "path-item-reference", Error;
    /// A response key that is not a status code (100–599) or range (`1XX`–`5XX`).
    InvalidStatus = "invalid-status", Error;
    /// A response that is `null`.
    EmptyResponse = "empty-response", Error;
    /// A project extension (`x-rust-name`, `x-crate-version`, `x-type-crates`, `x-pagination`) misused.
    InvalidExtension = "invalid-extension", Error;
    /// Two security schemes that become one Rust name.
    SecuritySchemeCollision = "security-scheme-collision", Error;
    /// Two spec files that would generate one crate.
    CrateNameCollision = "crate-name-collision", Error;
    /// A spec file whose name cannot be a crate's.
    InvalidCrateName = "invalid-crate-name", Error;
    /// `--only` names a spec that is not there.
    UnknownApi = "unknown-api", Error;
    /// The generator cannot make the client, and containment could not leave the failing part out.
    Unsupported = "unsupported", Error;
    /// A bug of the generator: please report it with the spec.
    Internal = "internal", Error;

    // Warnings: generation goes on, resolved as the message says.

    /// An example does not match its schema.
    InvalidExample = "invalid-example", Warning;
    /// A default does not match its schema.
    InvalidDefault = "invalid-default", Warning;
    /// A default the type generator cannot make.
    UnsupportedDefault = "unsupported-default", Warning;
    /// An enum value does not match the schema's type.
    InvalidEnumValue = "invalid-enum-value", Warning;
    /// A `not` the client cannot check.
    UnsupportedNot = "unsupported-not", Warning;
    /// `null` in an `enum` whose schema is not `nullable`.
    NullWithoutNullable = "null-without-nullable", Warning;
    /// Enum values that become one Rust variant, or one value listed twice.
    EnumVariantCollision = "enum-variant-collision", Warning;
    /// A component that is one of its own parts.
    CompositionCycle = "composition-cycle", Warning;
    /// Two properties that become one Rust field.
    FieldNameCollision = "field-name-collision", Warning;
    /// Two schemas that become one Rust type name, or one named like a prelude type.
    TypeNameCollision = "type-name-collision", Warning;
    /// An `enum` that lists arrays or objects.
    CompositeEnum = "composite-enum", Warning;
    /// A `type` OpenAPI does not define.
    UnknownType = "unknown-type", Warning;
    /// A `format` on a type it does not apply to.
    MisplacedFormat = "misplaced-format", Warning;
    /// Type keywords without a `type`.
    UntypedSchema = "untyped-schema", Warning;
    /// A schema keyword of the wrong JSON type.
    MistypedKeyword = "mistyped-keyword", Warning;
    /// Two servers with one constant name.
    ServerNameCollision = "server-name-collision", Warning;
    /// Two operations with one method name.
    MethodNameCollision = "method-name-collision", Warning;
    /// Two parameters of one operation with one Rust name.
    ParameterNameCollision = "parameter-name-collision", Warning;
    /// A path parameter the template and the declarations disagree on.
    UndeclaredPathParameter = "undeclared-path-parameter", Warning;
    /// A path template with a query string.
    QueryInPath = "query-in-path", Warning;
    /// A path parameter without `required: true`.
    ParameterAsRequired = "parameter-as-required", Warning;
    /// A parameter in an encoding the client does not produce: text the caller writes.
    ParameterAsText = "parameter-as-text", Warning;
    /// An optional parameter OpenAPI defines no encoding for.
    ParameterLeftOut = "parameter-left-out", Warning;
    /// An operation left out of the client (a required parameter without an encoding, or containment).
    OperationLeftOut = "operation-left-out", Warning;
    /// A `pattern` that is not an ECMA-262 regular expression.
    UnsupportedPattern = "unsupported-pattern", Warning;
    /// A schema with both `anyOf` and `oneOf`.
    BothUnions = "both-unions", Warning;
    /// A `$ref` to another kind of object that holds what its place needs.
    ReferenceKind = "reference-kind", Warning;
    /// A schema `$ref` to nothing.
    DanglingReference = "dangling-reference", Warning;
    /// A small slip that leaves the meaning obvious (an empty list for a map, a missing `info.version`).
    Slip = "slip", Warning;
    /// YAML that the common readers read and YAML 1.2 forbids.
    YamlLeniency = "yaml-leniency", Warning;
    /// A Swagger 2.0 `collectionFormat` with no OpenAPI 3.0 form.
    CollectionFormat = "collection-format", Warning;
    /// A response that is JSON or an event stream.
    EventsBesideJson = "events-beside-json", Warning;
    /// A schema the type generator cannot take: any JSON value (containment).
    UntypedFallback = "untyped-fallback", Warning;

    // Lints: the project's own rules (`cargo xtask lint`); generation ignores them.

    /// An operation without a `summary`.
    MissingSummary = "missing-summary", Lint;
    /// An operation without a `description`.
    MissingDescription = "missing-description", Lint;
    /// An operation that declares no error response.
    NoErrorResponses = "no-error-responses", Lint;
    /// An `operationId` that is not snake_case.
    OperationIdCase = "operation-id-case", Lint;
    /// A property without a `description`.
    UndocumentedProperty = "undocumented-property", Lint;
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_kebab_case() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|code| code.name()).collect();
        assert!(names.iter().all(|name| {
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !name.starts_with('-')
                && !name.ends_with('-')
        }));
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "two codes share a name");
    }

    #[test]
    fn the_readme_documents_every_code() {
        let readme = include_str!("../../../README.md");
        let section = readme
            .split("## What specs it reads")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .expect("the README has a section \"What specs it reads\"");
        let missing: Vec<&str> = Code::ALL
            .iter()
            .map(|code| code.name())
            .filter(|name| !section.contains(&format!("`{name}`")))
            .collect();
        assert!(missing.is_empty(), "not in the README: {missing:?}");
    }

    #[test]
    fn codes_are_listed_by_severity() {
        assert!(
            Code::ALL
                .windows(2)
                .all(|pair| pair[0].severity() <= pair[1].severity())
        );
    }
}
