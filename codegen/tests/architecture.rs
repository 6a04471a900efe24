//! The invariants of ARCHITECTURE.md that a test can hold, checked on the
//! source of `codegen` itself (parsed with syn: comments, doc links and
//! string literals are not code and do not count).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The stages in pipeline order: a module may use its own stage and the
/// stages before it, never one after it. `lint` runs the front of the
/// pipeline to report its warnings, so it stands with the tools at the end.
const STAGES: &[&str] = &[
    "diagnostic",
    "load",
    "validate",
    "normalize",
    "model",
    "emit",
    "render",
    "generate",
    "write",
    "review",
    "lint",
];

/// Files that still learn facts by printing generated tokens and comparing
/// the text, with how many places each has (tests and the review, which
/// reads a generated crate's public API by design, aside). The issue "One
/// model of the client" removes them: this list may only shrink.
const READS_BACK: &[(&str, usize)] = &[
    ("emit/patch.rs", 6),
    ("emit/setters.rs", 2),
    ("emit/status_arms.rs", 1),
    ("emit/wire.rs", 2),
];

fn source_files() -> Vec<(String, syn::File)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    collect(&root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let relative = path
                .strip_prefix(&root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("readable source");
            let file = syn::parse_file(&text)
                .unwrap_or_else(|error| panic!("{relative} does not parse: {error}"));
            (relative, file)
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            out.push(path);
        }
    }
}

/// The stage of the file at `relative` (`emit/patch.rs` → `emit`); `None`
/// for the crate root, which runs the pipeline and may use every stage.
fn stage_of(relative: &str) -> Option<&'static str> {
    let top = relative.split('/').next()?.trim_end_matches(".rs");
    if top == "lib" {
        return None;
    }
    Some(
        STAGES
            .iter()
            .find(|stage| **stage == top)
            .unwrap_or_else(|| panic!("`{top}` is not a stage of STAGES: add it where it belongs")),
    )
}

fn rank(stage: &str) -> usize {
    STAGES.iter().position(|s| *s == stage).expect("a stage")
}

/// Every `crate::…` path outside `#[cfg(test)]` items: (first segment, the path).
#[derive(Default)]
struct CratePaths {
    found: Vec<(String, String)>,
}

impl<'ast> Visit<'ast> for CratePaths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !is_test_only(item) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let names: Vec<String> = path
            .segments
            .iter()
            .map(|segment| segment.ident.to_string())
            .collect();
        if names.len() > 1 && names[0] == "crate" {
            self.found.push((names[1].clone(), names.join("::")));
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_use_path(&mut self, path: &'ast syn::UsePath) {
        if path.ident == "crate" {
            for name in use_targets(&path.tree) {
                self.found
                    .push((name.clone(), format!("use crate::{name}")));
            }
        }
        syn::visit::visit_use_path(self, path);
    }
}

/// The first names under `crate::` of a `use` tree (`{load, model::Api}` → both).
fn use_targets(tree: &syn::UseTree) -> Vec<String> {
    match tree {
        syn::UseTree::Path(path) => vec![path.ident.to_string()],
        syn::UseTree::Name(name) => vec![name.ident.to_string()],
        syn::UseTree::Rename(rename) => vec![rename.ident.to_string()],
        syn::UseTree::Group(group) => group.items.iter().flat_map(use_targets).collect(),
        syn::UseTree::Glob(_) => Vec::new(),
    }
}

fn is_test_only(item: &syn::Item) -> bool {
    let attrs = match item {
        syn::Item::Mod(module) => &module.attrs,
        syn::Item::Fn(function) => &function.attrs,
        syn::Item::Impl(block) => &block.attrs,
        syn::Item::Use(use_item) => &use_item.attrs,
        _ => return false,
    };
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Path>()
                .is_ok_and(|path| path.is_ident("test"))
    })
}

#[test]
fn no_stage_uses_a_later_one() {
    let mut violations = Vec::new();
    for (relative, file) in source_files() {
        let Some(stage) = stage_of(&relative) else {
            continue;
        };
        let mut paths = CratePaths::default();
        paths.visit_file(&file);
        for (target, path) in paths.found {
            if target == stage {
                continue;
            }
            // The crate root runs the pipeline: its re-exports are for callers.
            if !STAGES.contains(&target.as_str()) {
                violations.push(format!("{relative}: {stage} uses the crate root ({path})"));
            } else if rank(&target) > rank(stage) {
                violations.push(format!("{relative}: {stage} uses {target} ({path})"));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "a stage uses a later stage (ARCHITECTURE.md, \"Layers\"):\n{}",
        violations.join("\n")
    );
}

/// `….to_token_stream().to_string()` or `….into_token_stream().to_string()`.
#[derive(Default)]
struct PrintedTokens {
    count: usize,
}

impl<'ast> Visit<'ast> for PrintedTokens {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !is_test_only(item) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if call.method == "to_string"
            && let syn::Expr::MethodCall(inner) = &*call.receiver
            && (inner.method == "to_token_stream" || inner.method == "into_token_stream")
        {
            self.count += 1;
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}

#[test]
fn reading_generated_tokens_back_only_shrinks() {
    let mut found: BTreeMap<String, usize> = BTreeMap::new();
    for (relative, file) in source_files() {
        if relative.starts_with("review/") {
            continue;
        }
        let mut printed = PrintedTokens::default();
        printed.visit_file(&file);
        if printed.count > 0 {
            found.insert(relative, printed.count);
        }
    }
    let allowed: BTreeMap<String, usize> = READS_BACK
        .iter()
        .map(|(file, count)| ((*file).to_owned(), *count))
        .collect();
    assert_eq!(
        found, allowed,
        "the places that compare the printed spelling of generated tokens changed: \
         none may be added (put the fact in the model); when one goes, lower READS_BACK"
    );
}
