//! `lineItem/LineItemType` and what each type means in FOCUS terms: its
//! ChargeCategory, ChargeFrequency and PricingCategory.

use cloudlens_model::{ChargeCategory, ChargeFrequency, PricingCategory};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Usage,
    DiscountedUsage,
    SpCoveredUsage,
    SpNegation,
    SpUpfrontFee,
    SpRecurringFee,
    RiFee,
    Fee,
    Tax,
    Credit,
    Refund,
    /// BundledDiscount, Discount, EdpDiscount, PrivateRateDiscount and the
    /// other `…Discount` types.
    Discount,
    /// A type AWS added after this table was written.
    Other,
}

/// What a refund refunds, which gives it its category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refunded {
    Tax,
    Commitment,
    Usage,
}

impl Kind {
    pub(super) fn parse(v: &str) -> Kind {
        const NAMED: &[(&str, Kind)] = &[
            ("Usage", Kind::Usage),
            ("DiscountedUsage", Kind::DiscountedUsage),
            ("SavingsPlanCoveredUsage", Kind::SpCoveredUsage),
            ("SavingsPlanNegation", Kind::SpNegation),
            ("SavingsPlanUpfrontFee", Kind::SpUpfrontFee),
            ("SavingsPlanRecurringFee", Kind::SpRecurringFee),
            ("RIFee", Kind::RiFee),
            ("Fee", Kind::Fee),
            ("Tax", Kind::Tax),
            ("Credit", Kind::Credit),
            ("Refund", Kind::Refund),
        ];
        if let Some((_, k)) = NAMED.iter().find(|(n, _)| v.eq_ignore_ascii_case(n)) {
            return *k;
        }
        let discount = v.len() >= 8
            && v.get(v.len() - 8..)
                .is_some_and(|t| t.eq_ignore_ascii_case("discount"));
        if discount {
            Kind::Discount
        } else {
            Kind::Other
        }
    }

    /// The name used when a figure these rows need is missing.
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::SpCoveredUsage => "SavingsPlanCoveredUsage",
            Kind::DiscountedUsage => "DiscountedUsage",
            Kind::SpRecurringFee => "SavingsPlanRecurringFee",
            Kind::RiFee => "RIFee",
            _ => "these",
        }
    }

    pub(super) fn is_commitment_fee(self) -> bool {
        matches!(
            self,
            Kind::RiFee | Kind::SpRecurringFee | Kind::SpUpfrontFee
        )
    }

    fn is_usage(self) -> bool {
        matches!(
            self,
            Kind::Usage
                | Kind::DiscountedUsage
                | Kind::SpCoveredUsage
                | Kind::SpNegation
                | Kind::Discount
        )
    }

    /// Rows whose figures are not per unit: no quantities, no unit prices.
    pub(super) fn is_unpriced(self) -> bool {
        matches!(
            self,
            Kind::SpNegation | Kind::Tax | Kind::Credit | Kind::Other
        )
    }

    /// Rows a commitment covers.
    pub(super) fn is_covered(self) -> bool {
        matches!(
            self,
            Kind::DiscountedUsage | Kind::SpCoveredUsage | Kind::SpNegation
        )
    }

    /// A refund keeps the category of what it refunds.
    pub(super) fn category(self, refunded: Refunded) -> ChargeCategory {
        match self {
            Kind::Tax => ChargeCategory::Tax,
            Kind::Credit => ChargeCategory::Credit,
            Kind::Fee | Kind::RiFee | Kind::SpUpfrontFee | Kind::SpRecurringFee => {
                ChargeCategory::Purchase
            }
            k if k.is_usage() => ChargeCategory::Usage,
            Kind::Refund => match refunded {
                Refunded::Tax => ChargeCategory::Tax,
                Refunded::Commitment => ChargeCategory::Purchase,
                Refunded::Usage => ChargeCategory::Usage,
            },
            _ => ChargeCategory::Adjustment,
        }
    }

    /// A plain fee recurs only on the bill's anniversary and is one-time
    /// when it is a reservation's.
    pub(super) fn frequency(self, reservation: bool, anniversary: bool) -> Option<ChargeFrequency> {
        match self {
            k if k.is_usage() => Some(ChargeFrequency::UsageBased),
            Kind::RiFee | Kind::SpRecurringFee | Kind::Tax => Some(ChargeFrequency::Recurring),
            Kind::SpUpfrontFee | Kind::Credit | Kind::Refund => Some(ChargeFrequency::OneTime),
            Kind::Fee if reservation || !anniversary => Some(ChargeFrequency::OneTime),
            Kind::Fee => Some(ChargeFrequency::Recurring),
            _ => None,
        }
    }

    /// `spot` and `reserved` say how plain usage was priced.
    pub(super) fn pricing_category(
        self,
        category: ChargeCategory,
        spot: bool,
        reserved: bool,
    ) -> Option<PricingCategory> {
        match self {
            Kind::Tax | Kind::Credit | Kind::Refund | Kind::Other => None,
            _ if category != ChargeCategory::Usage && category != ChargeCategory::Purchase => None,
            k if k.is_covered() => Some(PricingCategory::Committed),
            // A commitment purchase is never Committed itself (FOCUS 1.2).
            Kind::Fee | Kind::RiFee | Kind::SpUpfrontFee | Kind::SpRecurringFee => {
                Some(PricingCategory::Standard)
            }
            Kind::Discount => Some(PricingCategory::Other),
            _ if spot => Some(PricingCategory::Dynamic),
            _ if reserved => Some(PricingCategory::Committed),
            _ => Some(PricingCategory::Standard),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_item_types_parse_with_discounts_grouped() {
        assert_eq!(Kind::parse("EdpDiscount"), Kind::Discount);
        assert_eq!(Kind::parse("Discount"), Kind::Discount);
        assert_eq!(Kind::parse("savingsplannegation"), Kind::SpNegation);
        assert_eq!(Kind::parse("SomethingNew"), Kind::Other);
    }
}
