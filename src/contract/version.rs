//! The contract's version, `MAJOR.MINOR.PATCH` (`schema/VERSION`), and the
//! part of it a change moves.

use std::fmt;
use std::str::FromStr;

/// `MAJOR.MINOR.PATCH`, compared as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContractVersion {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl FromStr for ContractVersion {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let wrong = || {
            let shown: String = text.chars().take(40).collect();
            format!("{shown:?} is not a version: write MAJOR.MINOR.PATCH, such as 1.2.0")
        };
        let mut parts = text.split('.').map(|part| {
            let digits = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
            // No leading zero, as semantic versioning says.
            if !digits || (part.len() > 1 && part.starts_with('0')) {
                return None;
            }
            part.parse::<u64>().ok()
        });
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(Some(major)), Some(Some(minor)), Some(Some(patch)), None) => {
                Ok(ContractVersion {
                    major,
                    minor,
                    patch,
                })
            }
            _ => Err(wrong()),
        }
    }
}

impl fmt::Display for ContractVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Which part of the version a change moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn word(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl ContractVersion {
    /// How bundles and the reference name a contract's version: `version`,
    /// or [`UNVERSIONED`](super::bundle::UNVERSIONED) when it has none.
    pub fn label(version: Option<ContractVersion>) -> String {
        version.map_or_else(|| super::bundle::UNVERSIONED.to_owned(), |v| v.to_string())
    }

    /// The smallest version after this one that moves `bump`.
    pub fn bumped(self, bump: Bump) -> ContractVersion {
        match bump {
            Bump::Major => ContractVersion {
                major: self.major.saturating_add(1),
                minor: 0,
                patch: 0,
            },
            Bump::Minor => ContractVersion {
                minor: self.minor.saturating_add(1),
                patch: 0,
                ..self
            },
            Bump::Patch => ContractVersion {
                patch: self.patch.saturating_add(1),
                ..self
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> ContractVersion {
        text.parse().unwrap()
    }

    #[test]
    fn versions_read_as_three_numbers() {
        assert_eq!(
            v("1.20.3"),
            ContractVersion {
                major: 1,
                minor: 20,
                patch: 3
            }
        );
        assert_eq!(v("0.0.0").to_string(), "0.0.0");
        for wrong in [
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.2.x",
            "",
            "1..3",
            "-1.2.3",
            "1.2.3-rc1",
        ] {
            assert!(wrong.parse::<ContractVersion>().is_err(), "{wrong}");
        }
        assert!(v("1.10.0") > v("1.9.9"));
        assert!(v("2.0.0") > v("1.99.99"));
    }

    #[test]
    fn a_bump_moves_one_part_and_resets_the_rest() {
        assert_eq!(v("1.2.3").bumped(Bump::Major), v("2.0.0"));
        assert_eq!(v("1.2.3").bumped(Bump::Minor), v("1.3.0"));
        assert_eq!(v("1.2.3").bumped(Bump::Patch), v("1.2.4"));
    }
}
