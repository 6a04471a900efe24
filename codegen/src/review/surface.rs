//! The difference between two public API listings (see `public_api`), and
//! the version bump it needs: a line that disappears or changes is a break;
//! a new line is an addition, except a new member of an item users may
//! close over: a variant of an exhaustive enum (their `match`es), a public
//! field of an exhaustive struct (their struct literals), a method of a
//! trait that is not sealed (their `impl`s).

use std::collections::BTreeSet;

use serde::Serialize;

use super::bump::Bump;

/// Lines of the public API that went away and that appeared.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SurfaceDiff {
    /// In the base listing only (removed, or changed: the new form is in `added`).
    pub removed: Vec<String>,
    /// In the new listing only.
    pub added: Vec<String>,
    /// What the difference alone requires of the version.
    pub bump: Bump,
}

/// Compares two sorted listings.
pub fn compare(before: &[String], after: &[String]) -> SurfaceDiff {
    let old: BTreeSet<&String> = before.iter().collect();
    let new: BTreeSet<&String> = after.iter().collect();
    let removed: Vec<String> = old.difference(&new).map(|line| (*line).clone()).collect();
    let added: Vec<String> = new.difference(&old).map(|line| (*line).clone()).collect();
    // A removed line whose item reappears with a signature every old call still
    // satisfies is not a break.
    let broken = removed
        .iter()
        .any(|line| !added.iter().any(|new| accepts_old_calls(line, new)));
    let bump = if broken
        || added
            .iter()
            .any(|line| is_new_member_of_closed_item(line, &old, &new))
    {
        Bump::Major
    } else if !added.is_empty() {
        Bump::Minor
    } else {
        Bump::None
    };
    SurfaceDiff {
        removed,
        added,
        bump,
    }
}

/// Whether the item `new` accepts every use the item `old` did: the same
/// item behind features every build that had it still turns on (none, or
/// more of them), or a struct, enum or trait that stops being
/// `#[non_exhaustive]` or `#[sealed]`. (A changed signature never does:
/// even a generic parameter that accepts the old argument type loses the
/// deref coercions of the old call sites.)
fn accepts_old_calls(old: &str, new: &str) -> bool {
    let (old_gate, old_item) = split_feature(old);
    let (new_gate, new_item) = split_feature(new);
    if !implies(old_gate, new_gate) {
        return false;
    }
    // A feature turned on by default is still there for those who name it.
    old_item == new_item
        || (old_item.starts_with("cargo feature ") && new_item == format!("{old_item} (default)"))
        || ["#[non_exhaustive] ", "#[sealed] "]
            .iter()
            .any(|marker| old_item.strip_prefix(marker) == Some(new_item))
}

/// Whether every build that meets the gate `old` (`[feature a & (b | c)] `)
/// meets `new`: each clause of `new` holds whenever one of `old` does.
fn implies(old: &str, new: &str) -> bool {
    let clauses = |gate: &str| -> Vec<BTreeSet<String>> {
        let inner = gate
            .trim_end()
            .strip_prefix("[feature ")
            .and_then(|rest| rest.strip_suffix(']'))
            .unwrap_or_default();
        inner
            .split(" & ")
            .filter(|clause| !clause.is_empty())
            .map(|clause| {
                clause
                    .trim_matches(['(', ')'])
                    .split(" | ")
                    .map(str::to_owned)
                    .collect()
            })
            .collect()
    };
    let old = clauses(old);
    clauses(new)
        .iter()
        .all(|needed| old.iter().any(|held| held.is_subset(needed)))
}

/// Whether `line` is a new member of an item that existed before and users
/// may close over: a variant (the only lines without a leading keyword) of
/// an exhaustive enum, a public field of an exhaustive struct, a method of
/// a trait that is not sealed.
fn is_new_member_of_closed_item(
    line: &str,
    before: &BTreeSet<&String>,
    after: &BTreeSet<&String>,
) -> bool {
    let (feature, item) = split_feature(line);
    let (owner_keyword, path) = if let Some(method) = item.strip_prefix("pub fn ") {
        (
            "pub trait",
            method.split(['(', '<']).next().unwrap_or(method),
        )
    } else if let Some(field) = item.strip_prefix("pub ") {
        let keyword = field.split(' ').next().unwrap_or_default();
        if !keyword.contains("::") {
            return false;
        }
        ("pub struct", field.split(": ").next().unwrap_or(field))
    } else if ["impl", "#["]
        .iter()
        .any(|keyword| item.starts_with(keyword))
    {
        return false;
    } else {
        ("pub enum", item.split(['(', ' ']).next().unwrap_or(item))
    };
    let Some((owner, _member)) = path.rsplit_once("::") else {
        return false;
    };
    let closed = format!("{feature}{owner_keyword} {owner}");
    let declared = |listing: &BTreeSet<&String>| {
        listing
            .iter()
            .any(|line| line.as_str() == closed || line.starts_with(&format!("{closed}<")))
    };
    declared(before) && declared(after)
}

/// `[feature mock] pub fn …` → (`[feature mock] `, `pub fn …`).
fn split_feature(line: &str) -> (&str, &str) {
    match line.find("] ") {
        Some(end) if line.starts_with("[feature ") => line.split_at(end + 2),
        _ => ("", line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|line| (*line).to_owned()).collect()
    }

    #[test]
    fn removals_break_additions_do_not_unless_an_exhaustive_enum_grows() {
        let base = lines(&[
            "pub enum c::E",
            "c::E::A",
            "#[non_exhaustive] pub enum c::F",
            "c::F::A",
        ]);
        let grown_open = lines(&[
            "pub enum c::E",
            "c::E::A",
            "#[non_exhaustive] pub enum c::F",
            "c::F::A",
            "c::F::B",
        ]);
        assert_eq!(compare(&base, &grown_open).bump, Bump::Minor);
        let grown_closed = lines(&[
            "pub enum c::E",
            "c::E::A",
            "c::E::B",
            "#[non_exhaustive] pub enum c::F",
            "c::F::A",
        ]);
        assert_eq!(compare(&base, &grown_closed).bump, Bump::Major);
        let shrunk = lines(&[
            "pub enum c::E",
            "c::E::A",
            "#[non_exhaustive] pub enum c::F",
        ]);
        assert_eq!(compare(&base, &shrunk).bump, Bump::Major);
        assert_eq!(compare(&base, &base).bump, Bump::None);
        let new_enum = lines(&[
            "pub enum c::E",
            "c::E::A",
            "#[non_exhaustive] pub enum c::F",
            "c::F::A",
            "pub enum c::G",
            "c::G::A",
        ]);
        assert_eq!(compare(&base, &new_enum).bump, Bump::Minor);
    }

    #[test]
    fn a_field_breaks_struct_literals_of_an_exhaustive_struct_only() {
        let base = lines(&[
            "pub struct c::S",
            "pub c::S::a: i64",
            "#[non_exhaustive] pub struct c::T",
            "pub c::T::a: i64",
        ]);
        let mut grown_open = base.clone();
        grown_open.push("pub c::T::b: Option<i64>".to_owned());
        assert_eq!(compare(&base, &grown_open).bump, Bump::Minor);
        let mut grown_closed = base.clone();
        grown_closed.push("pub c::S::b: Option<i64>".to_owned());
        assert_eq!(compare(&base, &grown_closed).bump, Bump::Major);
        // Closing a struct breaks literals; opening one breaks nothing.
        let closed = lines(&[
            "#[non_exhaustive] pub struct c::S",
            "pub c::S::a: i64",
            "#[non_exhaustive] pub struct c::T",
            "pub c::T::a: i64",
        ]);
        assert_eq!(compare(&base, &closed).bump, Bump::Major);
        assert_eq!(compare(&closed, &base).bump, Bump::Minor);
    }

    #[test]
    fn a_method_breaks_the_impls_of_a_trait_that_is_not_sealed() {
        let open = lines(&["pub trait c::Ext", "pub fn c::Ext::a(&self)"]);
        let mut grown = open.clone();
        grown.push("pub fn c::Ext::b(&self)".to_owned());
        assert_eq!(compare(&open, &grown).bump, Bump::Major);
        let sealed = lines(&["#[sealed] pub trait c::Ext", "pub fn c::Ext::a(&self)"]);
        let mut grown = sealed.clone();
        grown.push("pub fn c::Ext::b(&self)".to_owned());
        assert_eq!(compare(&sealed, &grown).bump, Bump::Minor);
        assert_eq!(compare(&open, &sealed).bump, Bump::Major);
    }

    #[test]
    fn a_changed_signature_breaks_even_when_generic_over_the_old_type() {
        let before = lines(&["pub fn c::W::id(self, value: &str) -> Self"]);
        let after = lines(&[
            "pub fn c::W::id<'a, T>(self, value: T) -> Self where T: Into<Option<&'a str>>",
        ]);
        assert_eq!(compare(&before, &after).bump, Bump::Major);
    }

    #[test]
    fn an_item_leaving_its_feature_breaks_nothing_and_entering_one_breaks() {
        let gated = lines(&["[feature builders] pub fn c::builder::A::id(self)"]);
        let open = lines(&["pub fn c::builder::A::id(self)"]);
        assert_eq!(compare(&gated, &open).bump, Bump::Minor);
        assert_eq!(compare(&open, &gated).bump, Bump::Major);
    }

    #[test]
    fn a_removed_feature_breaks_and_a_new_default_one_does_not() {
        let before = lines(&["cargo feature mock", "cargo feature pets (default)"]);
        let renamed = lines(&["cargo feature mock", "cargo feature pet (default)"]);
        let added = lines(&[
            "cargo feature mock (default)",
            "cargo feature pets (default)",
            "cargo feature store (default)",
        ]);
        let off_by_default = lines(&["cargo feature mock", "cargo feature pets"]);
        assert_eq!(compare(&before, &renamed).bump, Bump::Major);
        assert_eq!(compare(&before, &added).bump, Bump::Minor);
        assert_eq!(compare(&before, &off_by_default).bump, Bump::Major);
    }

    #[test]
    fn an_item_more_features_compile_is_compatible_and_one_fewer_do_is_not() {
        let pets = lines(&["[feature pets] pub fn c::Client::list_pets(&self)"]);
        let either = lines(&["[feature pets | store] pub fn c::Client::list_pets(&self)"]);
        let with_builders =
            lines(&["[feature builders & (pets | store)] pub fn c::Client::list_pets(&self)"]);
        assert_eq!(compare(&pets, &either).bump, Bump::Minor);
        assert_eq!(compare(&either, &pets).bump, Bump::Major);
        assert_eq!(compare(&either, &with_builders).bump, Bump::Major);
        assert_eq!(compare(&with_builders, &either).bump, Bump::Minor);
    }

    #[test]
    fn a_removed_derive_breaks() {
        let before = lines(&[
            "impl Ord for c::E",
            "impl PartialOrd for c::E",
            "pub enum c::E",
        ]);
        let after = lines(&["pub enum c::E"]);
        assert_eq!(compare(&before, &after).bump, Bump::Major);
        assert_eq!(compare(&after, &before).bump, Bump::Minor);
    }
}
