//! Errors as values: what went wrong, where in which spec, and how to fix it.
//!
//! Every stage of the pipeline reports problems as [`Diagnostic`]s; they are
//! rendered once, at the edge (`cargo xtask`), never printed from inside.

mod code;

use std::fmt;
use std::path::{Path, PathBuf};

pub use code::Code;

/// A position in a spec file, 1-based like editors show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number, starting at 1.
    pub column: usize,
}

/// How serious a [`Diagnostic`] is; its [`Code`] decides.
///
/// An error means no correct client can be made from the spec (it does not
/// parse, a `$ref` leads nowhere, an operation cannot be called as written);
/// nothing is generated. A warning means the spec breaks a rule that does
/// not stop a client (an example that contradicts its schema, an unknown
/// `format`, two names that become one Rust name): generation goes on with
/// the resolution the warning states. A lint finding breaks one of the
/// project's own rules (`cargo xtask lint`); generation ignores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Nothing is generated.
    Error,
    /// Generation goes on, resolved as the message says.
    Warning,
    /// A rule of `cargo xtask lint`.
    Lint,
}

impl Severity {
    /// How the severity is printed before the code: `error[invalid-yaml]`.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Lint => "lint",
        }
    }
}

/// One problem found in one spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of problem it is; its severity follows from it.
    pub code: Code,
    /// The spec file, as given to the loader (relative to the workspace root).
    pub file: PathBuf,
    /// Where in the file, when the YAML has a position for it.
    pub location: Option<Location>,
    /// JSON pointer to the offending node (e.g. `#/paths/~1v1~1x/get`), when known.
    pub pointer: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of kind `code` for `file` with only a message; add context
    /// with the builder methods.
    pub fn new(code: Code, file: &Path, message: impl Into<String>) -> Self {
        Self {
            code,
            file: file.to_path_buf(),
            location: None,
            pointer: None,
            message: message.into(),
            hint: None,
        }
    }

    /// How serious it is.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// Whether this is a warning (generation goes on).
    pub fn is_warning(&self) -> bool {
        self.severity() == Severity::Warning
    }

    /// Sets the position in the file.
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Sets the JSON pointer of the offending node.
    pub fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// Sets the suggestion shown under the message.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(Location { line, column }) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        write!(
            f,
            ": {}[{}]: {}",
            self.severity().label(),
            self.code,
            self.message
        )?;
        if let Some(pointer) = &self.pointer {
            write!(f, "\n  at {pointer}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why generation failed. Nothing has been written when this is returned.
#[derive(Debug)]
pub enum Error {
    /// One or more specs are invalid or cannot be generated.
    Spec(Vec<Diagnostic>),
    /// A file could not be read or written.
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Self::Spec(vec![diagnostic])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Spec(diagnostics) => {
                for (i, diagnostic) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{diagnostic}")?;
                }
                Ok(())
            }
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Spec(_) => None,
            Self::Io { source, .. } => Some(source),
        }
    }
}

/// How many warnings of one kind are shown before the rest are counted.
pub const WARNINGS_SHOWN_PER_KIND: usize = 5;

/// `warnings` for a terminal: sorted by file and position, at most
/// [`WARNINGS_SHOWN_PER_KIND`] of each kind per file, then one line
/// counting the rest of that kind (a large spec must not print thousands of lines).
pub fn summarize_warnings(warnings: &[Diagnostic]) -> String {
    use std::collections::BTreeMap;
    use std::fmt::Write as _;

    let mut by_kind: BTreeMap<(&Path, &str), Vec<&Diagnostic>> = BTreeMap::new();
    for warning in warnings {
        by_kind
            .entry((&warning.file, warning.code.name()))
            .or_default()
            .push(warning);
    }
    let mut shown: Vec<&Diagnostic> = Vec::new();
    let mut counted: Vec<(&Path, &str, usize)> = Vec::new();
    for ((file, kind), mut list) in by_kind {
        list.sort_by(|a, b| (a.location, &a.message).cmp(&(b.location, &b.message)));
        if list.len() > WARNINGS_SHOWN_PER_KIND {
            counted.push((file, kind, list.len() - WARNINGS_SHOWN_PER_KIND));
            list.truncate(WARNINGS_SHOWN_PER_KIND);
        }
        shown.extend(list);
    }
    shown.sort_by(|a, b| (&a.file, a.location, &a.message).cmp(&(&b.file, b.location, &b.message)));
    let mut text = String::new();
    for warning in shown {
        let _ = writeln!(text, "{warning}");
    }
    for (file, kind, more) in counted {
        let _ = writeln!(
            text,
            "{}: warning[{kind}]: … and {more} more of this kind",
            file.display()
        );
    }
    text
}

/// Escapes one JSON-pointer reference token (RFC 6901).
pub(crate) fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
