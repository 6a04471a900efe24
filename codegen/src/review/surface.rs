//! The difference between two public API listings (see `public_api`), and
//! the version bump it needs: a line that disappears or changes is a break;
//! a new line is an addition, except a variant added to an exhaustive enum,
//! which breaks users' `match`es.

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
            .any(|line| is_new_variant_of_exhaustive_enum(line, &old, &new))
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

/// Whether the item `new` accepts every use the item `old` did: an enum that
/// stops being `#[non_exhaustive]`, or a setter whose `value: X` becomes
/// `value: T` with `T: Into<Option<X>>` (a parameter that became optional).
fn accepts_old_calls(old: &str, new: &str) -> bool {
    // An enum that stops being `#[non_exhaustive]` accepts every old `match`.
    if old.replacen("#[non_exhaustive] ", "", 1) == new && old != new {
        return true;
    }
    let Some((old_head, old_type)) = old
        .strip_suffix(") -> Self")
        .and_then(|rest| rest.rsplit_once("(self, value: "))
    else {
        return false;
    };
    let Some((new_head, bound)) = new.split_once("(self, value: T) -> Self where T: ") else {
        return false;
    };
    let new_head = new_head.split_once('<').map_or(new_head, |(name, _)| name);
    // `&str` in the old form is `&'a str` in the generic one.
    old_head == new_head && bound.replace("&'a ", "&") == format!("Into<Option<{old_type}>>")
}

/// Whether `line` is an enum variant (the only lines without a leading
/// keyword) of an enum that existed before and is not `#[non_exhaustive]`.
fn is_new_variant_of_exhaustive_enum(
    line: &str,
    before: &BTreeSet<&String>,
    after: &BTreeSet<&String>,
) -> bool {
    let (feature, item) = split_feature(line);
    if ["pub ", "impl", "#["]
        .iter()
        .any(|keyword| item.starts_with(keyword))
    {
        return false;
    }
    let path = item.split(['(', ' ']).next().unwrap_or(item);
    let Some((enum_path, _variant)) = path.rsplit_once("::") else {
        return false;
    };
    let exhaustive = format!("{feature}pub enum {enum_path}");
    let declared = |listing: &BTreeSet<&String>| {
        listing
            .iter()
            .any(|line| line.as_str() == exhaustive || line.starts_with(&format!("{exhaustive}<")))
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
}
