//! FOCUS allowed-value columns as closed enums, so an invalid value is refused
//! where it enters instead of being stored.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a valid {column}; expected one of: {expected}")]
pub struct ParseEnumError {
    pub column: &'static str,
    pub value: String,
    pub expected: &'static str,
}

macro_rules! focus_enum {
    ($(#[$meta:meta])* $name:ident, $column:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The FOCUS spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseEnumError;
            /// Accepts the FOCUS spelling in any ASCII case, since real exports
            /// vary (`Usage-Based` vs `Usage-based`).
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let t = s.trim();
                $(if t.eq_ignore_ascii_case($text) { return Ok($name::$variant); })+
                Err(ParseEnumError {
                    column: $column,
                    value: s.to_string(),
                    expected: concat!($($text, " "),+),
                })
            }
        }
    };
}

focus_enum!(
    /// FOCUS `ChargeCategory`.
    ChargeCategory, "ChargeCategory", {
    Usage => "Usage",
    Purchase => "Purchase",
    Tax => "Tax",
    Credit => "Credit",
    Adjustment => "Adjustment",
});

focus_enum!(
    /// FOCUS `ChargeClass`: null for regular charges.
    ChargeClass, "ChargeClass", {
    Correction => "Correction",
});

focus_enum!(
    /// FOCUS `ChargeFrequency`.
    ChargeFrequency, "ChargeFrequency", {
    OneTime => "One-Time",
    Recurring => "Recurring",
    UsageBased => "Usage-Based",
});

focus_enum!(
    /// FOCUS `PricingCategory`.
    PricingCategory, "PricingCategory", {
    Standard => "Standard",
    Dynamic => "Dynamic",
    Committed => "Committed",
    Other => "Other",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_any_case_and_refuses_unknown_values() {
        assert_eq!(
            "usage-based".parse::<ChargeFrequency>(),
            Ok(ChargeFrequency::UsageBased)
        );
        assert_eq!(
            " Usage ".parse::<ChargeCategory>(),
            Ok(ChargeCategory::Usage)
        );
        let err = "Refund".parse::<ChargeCategory>().unwrap_err();
        assert_eq!(err.column, "ChargeCategory");
        assert!(err
            .to_string()
            .contains("Usage Purchase Tax Credit Adjustment"));
    }

    #[test]
    fn round_trips_every_variant() {
        for v in PricingCategory::ALL {
            assert_eq!(v.as_str().parse::<PricingCategory>(), Ok(*v));
        }
    }
}
