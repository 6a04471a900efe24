//! The version a crate needs after a change, by Cargo's semver rules,
//! including the 0.x rules (in `0.y.z` the minor number is the major one).

use std::fmt;

use serde::Serialize;

/// How much a change asks of the crate's version.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing a user can observe changed.
    #[default]
    None,
    /// Fixes and documentation.
    Patch,
    /// Additions, and wire changes that keep code compiling.
    Minor,
    /// User code stops compiling or responses stop decoding.
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "none",
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        })
    }
}

/// A crate version, parsed by the `semver` crate as Cargo parses it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(semver::Version);

impl Version {
    /// Parses `1.2.3` (also `1.2.3-rc.1`, `1.2.3+build`); `None` for what
    /// Cargo would refuse (`1.2`, leading zeros, …).
    pub fn parse(text: &str) -> Option<Self> {
        semver::Version::parse(text.trim()).ok().map(Self)
    }

    /// The smallest release after `self` that a change of size `bump` needs.
    /// In `0.y.z` a breaking change bumps `y` and anything else `z`; in `0.0.z`
    /// every change bumps `z`.
    pub fn bumped(&self, bump: Bump) -> Self {
        let semver::Version {
            major,
            minor,
            patch,
            ..
        } = self.0;
        let effective = match (major, minor, bump) {
            (_, _, Bump::None) => return self.clone(),
            (0, 0, _) => Bump::Patch,
            (0, _, Bump::Major) => Bump::Minor,
            (0, _, _) => Bump::Patch,
            (_, _, bump) => bump,
        };
        Self(match effective {
            Bump::Major => semver::Version::new(major + 1, 0, 0),
            Bump::Minor => semver::Version::new(major, minor + 1, 0),
            _ => semver::Version::new(major, minor, patch + 1),
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn bumps_follow_cargo_rules_including_zero_major_versions() {
        assert_eq!(v("1.4.2").bumped(Bump::Major), v("2.0.0"));
        assert_eq!(v("1.4.2").bumped(Bump::Minor), v("1.5.0"));
        assert_eq!(v("1.4.2").bumped(Bump::Patch), v("1.4.3"));
        assert_eq!(v("0.1.0").bumped(Bump::Major), v("0.2.0"));
        assert_eq!(v("0.1.0").bumped(Bump::Minor), v("0.1.1"));
        assert_eq!(v("0.0.3").bumped(Bump::Major), v("0.0.4"));
        assert_eq!(v("0.1.0").bumped(Bump::None), v("0.1.0"));
        assert_eq!(Version::parse("1.2"), None);
        assert_eq!(Version::parse("01.2.3"), None);
        // A pre-release comes before its release, and the bump leaves it.
        assert!(v("0.3.0-rc.1") < v("0.3.0"));
        assert_eq!(v("0.3.0-rc.1").bumped(Bump::Patch), v("0.3.1"));
    }
}
