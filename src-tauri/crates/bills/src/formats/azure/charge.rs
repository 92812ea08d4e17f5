//! `ChargeType` and `PricingModel`, and what they mean together in FOCUS
//! terms (the FinOps toolkit's conversion, FOCUS-NOTES §5.2): usage a
//! commitment covers is amortization, not billing; a commitment purchase
//! is billing, not amortization.

use cloudlens_model::{ChargeCategory, ChargeFrequency, Decimal, PricingCategory};

/// `ChargeType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ChargeType {
    Usage,
    Purchase,
    Refund,
    UnusedReservation,
    UnusedSavingsPlan,
    Tax,
    Credit,
    Other,
}

impl ChargeType {
    pub(super) fn parse(v: &str) -> ChargeType {
        let is = |s: &str| v.eq_ignore_ascii_case(s);
        if is("Usage") {
            ChargeType::Usage
        } else if is("Purchase") {
            ChargeType::Purchase
        } else if is("Refund") {
            ChargeType::Refund
        } else if is("UnusedReservation") {
            ChargeType::UnusedReservation
        } else if is("UnusedSavingsPlan") {
            ChargeType::UnusedSavingsPlan
        } else if is("Tax") {
            ChargeType::Tax
        } else if is("Credit") {
            ChargeType::Credit
        } else {
            ChargeType::Other
        }
    }

    pub(super) fn is_unused(self) -> bool {
        matches!(
            self,
            ChargeType::UnusedReservation | ChargeType::UnusedSavingsPlan
        )
    }
}

/// `PricingModel`, reduced to what the mapping needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Model {
    OnDemand,
    Spot,
    Reservation,
    SavingsPlan,
    Other,
}

impl Model {
    pub(super) fn parse(v: Option<&str>) -> Model {
        let Some(v) = v else { return Model::Other };
        let key: String = v
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        match key.as_str() {
            "ondemand" => Model::OnDemand,
            "spot" => Model::Spot,
            "reservation" => Model::Reservation,
            "savingsplan" => Model::SavingsPlan,
            _ => Model::Other,
        }
    }

    pub(super) fn is_commitment(self) -> bool {
        matches!(self, Model::Reservation | Model::SavingsPlan)
    }
}

/// A row's charge type and pricing model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Charge {
    pub kind: ChargeType,
    pub model: Model,
}

impl Charge {
    /// Usage a reservation or savings plan covers.
    pub(super) fn covered_usage(self) -> bool {
        self.kind == ChargeType::Usage && self.model.is_commitment()
    }

    /// The purchase (or its refund) of a reservation or savings plan.
    pub(super) fn commitment_purchase(self) -> bool {
        matches!(self.kind, ChargeType::Purchase | ChargeType::Refund) && self.model.is_commitment()
    }

    /// Whether the row shows, by carrying cost, that the file is amortized
    /// (`Some(true)`) or actual (`Some(false)`) data.
    pub(super) fn shows_amortized(self) -> Option<bool> {
        if self.covered_usage() || self.kind.is_unused() {
            Some(true)
        } else if self.commitment_purchase() {
            Some(false)
        } else {
            None
        }
    }

    /// BilledCost and EffectiveCost of the row's cost: covered usage and
    /// unused commitment were paid for by the purchase, which is amortized
    /// over them.
    pub(super) fn billed_and_effective(self, cost: Decimal) -> (Decimal, Decimal) {
        let billed = if self.covered_usage() || self.kind.is_unused() {
            Decimal::ZERO
        } else {
            cost
        };
        let effective = if self.commitment_purchase() {
            Decimal::ZERO
        } else {
            cost
        };
        (billed, effective)
    }

    pub(super) fn category(self) -> ChargeCategory {
        match self.kind {
            ChargeType::Usage | ChargeType::UnusedReservation | ChargeType::UnusedSavingsPlan => {
                ChargeCategory::Usage
            }
            ChargeType::Purchase | ChargeType::Refund => ChargeCategory::Purchase,
            ChargeType::Tax => ChargeCategory::Tax,
            ChargeType::Credit => ChargeCategory::Credit,
            ChargeType::Other => ChargeCategory::Adjustment,
        }
    }

    pub(super) fn pricing_category(self) -> Option<PricingCategory> {
        match (self.category(), self.model) {
            (ChargeCategory::Tax | ChargeCategory::Credit | ChargeCategory::Adjustment, _) => None,
            // A commitment purchase is never Committed itself (FOCUS 1.2).
            (ChargeCategory::Purchase, Model::Reservation | Model::SavingsPlan) => {
                Some(PricingCategory::Standard)
            }
            (_, Model::OnDemand) => Some(PricingCategory::Standard),
            (_, Model::Spot) => Some(PricingCategory::Dynamic),
            (_, Model::Reservation | Model::SavingsPlan) => Some(PricingCategory::Committed),
            (_, Model::Other) => None,
        }
    }

    /// CommitmentDiscountStatus of a row with a commitment.
    pub(super) fn commitment_status(self) -> Option<String> {
        if self.kind.is_unused() {
            Some("Unused".to_string())
        } else if self.category() == ChargeCategory::Usage && self.model.is_commitment() {
            Some("Used".to_string())
        } else {
            None
        }
    }
}

/// The `Frequency` column in FOCUS terms; usage without one is usage-based.
pub(super) fn frequency(v: Option<&str>, category: ChargeCategory) -> Option<ChargeFrequency> {
    match v {
        Some(v) if v.eq_ignore_ascii_case("OneTime") => Some(ChargeFrequency::OneTime),
        Some(v) if v.eq_ignore_ascii_case("UsageBased") => Some(ChargeFrequency::UsageBased),
        Some(v) => v.parse().ok(),
        None if category == ChargeCategory::Usage => Some(ChargeFrequency::UsageBased),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pricing_models_and_charge_types_parse_loosely() {
        assert_eq!(Model::parse(Some("Savings Plan")), Model::SavingsPlan);
        assert_eq!(Model::parse(Some("OnDemand")), Model::OnDemand);
        assert_eq!(Model::parse(None), Model::Other);
        assert_eq!(
            ChargeType::parse("unusedreservation"),
            ChargeType::UnusedReservation
        );
        assert_eq!(ChargeType::parse("RoundingAdjustment"), ChargeType::Other);
    }
}
