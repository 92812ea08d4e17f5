//! Invoice reconciliation, computed: for one provider, billing account,
//! billing month and currency, the store's exact billed total is compared
//! with each reference amount (the provider's month total from sync, the
//! invoice). A difference is explained when leaving out some of the month's
//! taxes, credits and charges outside the month, then optionally rounding
//! (the total, or each line) to the cent, gives the reference exactly; the
//! explanation lists each part with its amount, and the parts add up to the
//! difference to the nano-unit. Anything else is reported as not explained.

use serde::Serialize;
use specta::Type;

/// One group of the month's lines, as the store sums them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub charge_category: String,
    pub outside_period: bool,
    pub nanos: i128,
    /// Each line rounded to the cent, summed.
    pub cents_nanos: i128,
    pub lines: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Reference {
    ProviderTotal,
    Invoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    Matches,
    Explained,
    Unexplained,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DifferenceReason {
    /// The reference leaves the month's tax lines out.
    Taxes,
    /// The reference leaves the month's credits out.
    Credits,
    /// The reference leaves out lines charged outside the billing month.
    OutsidePeriod,
    /// The reference is the total rounded to the cent.
    RoundingTotal,
    /// The reference is the sum of the lines each rounded to the cent.
    RoundingLines,
    Unexplained,
}

/// One part of a difference: `amount` moves the store total towards the
/// reference (the parts add up to reference − store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Explained {
    pub reason: DifferenceReason,
    pub nanos: i128,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Check {
    pub reference: Reference,
    pub reference_nanos: i128,
    pub outcome: CheckOutcome,
    pub parts: Vec<Explained>,
}

const CENT: i128 = 10_000_000;

/// Half away from zero, to 0.01.
fn round_cents(n: i128) -> i128 {
    let half = CENT / 2;
    if n >= 0 {
        (n + half) / CENT * CENT
    } else {
        -((-n + half) / CENT * CENT)
    }
}

/// The three parts a reference may leave out; disjoint: charges outside
/// the month are only that, whatever their category.
fn excludable(p: &Part) -> Option<DifferenceReason> {
    if p.outside_period {
        Some(DifferenceReason::OutsidePeriod)
    } else if p.charge_category == "Tax" {
        Some(DifferenceReason::Taxes)
    } else if p.charge_category == "Credit" {
        Some(DifferenceReason::Credits)
    } else {
        None
    }
}

const REASONS: [DifferenceReason; 3] = [
    DifferenceReason::Taxes,
    DifferenceReason::Credits,
    DifferenceReason::OutsidePeriod,
];

pub(crate) fn check(parts: &[Part], reference: Reference, reference_nanos: i128) -> Check {
    let total: i128 = parts.iter().map(|p| p.nanos).sum();
    let done = |outcome, parts| Check {
        reference,
        reference_nanos,
        outcome,
        parts,
    };
    if total == reference_nanos {
        return done(CheckOutcome::Matches, Vec::new());
    }
    let sum_of = |reason: DifferenceReason, f: fn(&Part) -> i128| -> i128 {
        parts
            .iter()
            .filter(|p| excludable(p) == Some(reason))
            .map(f)
            .sum()
    };
    // Smaller explanations first: none left out, one, two, all three.
    let mut subsets: Vec<u8> = (0u8..8).collect();
    subsets.sort_by_key(|m| m.count_ones());
    for mask in subsets {
        let chosen: Vec<DifferenceReason> = REASONS
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, r)| *r)
            .collect();
        if chosen
            .iter()
            .any(|r| parts.iter().all(|p| excludable(p) != Some(*r)))
        {
            continue;
        }
        let mut items: Vec<Explained> = chosen
            .iter()
            .map(|r| Explained {
                reason: *r,
                nanos: -sum_of(*r, |p| p.nanos),
            })
            .collect();
        let kept = |p: &&Part| excludable(p).is_none_or(|r| !chosen.contains(&r));
        let adjusted: i128 = parts.iter().filter(kept).map(|p| p.nanos).sum();
        let by_line: i128 = parts.iter().filter(kept).map(|p| p.cents_nanos).sum();
        let rounding = if adjusted == reference_nanos {
            Some(None)
        } else if round_cents(adjusted) == reference_nanos {
            Some(Some(DifferenceReason::RoundingTotal))
        } else if by_line == reference_nanos {
            Some(Some(DifferenceReason::RoundingLines))
        } else {
            None
        };
        if let Some(r) = rounding {
            if let Some(reason) = r {
                items.push(Explained {
                    reason,
                    nanos: reference_nanos - adjusted,
                });
            }
            return done(CheckOutcome::Explained, items);
        }
    }
    done(
        CheckOutcome::Unexplained,
        vec![Explained {
            reason: DifferenceReason::Unexplained,
            nanos: reference_nanos - total,
        }],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(category: &str, outside: bool, nanos: i128, cents: i128) -> Part {
        Part {
            charge_category: category.into(),
            outside_period: outside,
            nanos,
            cents_nanos: cents,
            lines: 1,
        }
    }

    /// Usage 100.004 (lines rounding to 100.01), tax 6.00, credit −10.00,
    /// a late charge 1.50: the store total is 97.504.
    fn month() -> Vec<Part> {
        vec![
            part("Usage", false, 100_004_000_000, 100_010_000_000),
            part("Tax", false, 6_000_000_000, 6_000_000_000),
            part("Credit", false, -10_000_000_000, -10_000_000_000),
            part("Usage", true, 1_500_000_000, 1_500_000_000),
        ]
    }

    fn explain(reference: i128) -> (CheckOutcome, Vec<(DifferenceReason, i128)>) {
        let c = check(&month(), Reference::Invoice, reference);
        let total: i128 = month().iter().map(|p| p.nanos).sum();
        let sum: i128 = c.parts.iter().map(|p| p.nanos).sum();
        assert_eq!(
            total + sum,
            reference,
            "the parts must add up to the difference"
        );
        (
            c.outcome,
            c.parts.into_iter().map(|p| (p.reason, p.nanos)).collect(),
        )
    }

    #[test]
    fn an_equal_reference_matches() {
        assert_eq!(explain(97_504_000_000), (CheckOutcome::Matches, vec![]));
    }

    #[test]
    fn rounding_alone_is_named_for_the_total_or_for_each_line() {
        use DifferenceReason::*;
        assert_eq!(
            explain(97_500_000_000),
            (CheckOutcome::Explained, vec![(RoundingTotal, -4_000_000)])
        );
        assert_eq!(
            explain(97_510_000_000),
            (CheckOutcome::Explained, vec![(RoundingLines, 6_000_000)])
        );
    }

    #[test]
    fn taxes_credits_and_late_charges_left_out_are_each_named() {
        use DifferenceReason::*;
        // Before tax, rounded: 91.504 → 91.50.
        assert_eq!(
            explain(91_500_000_000),
            (
                CheckOutcome::Explained,
                vec![(Taxes, -6_000_000_000), (RoundingTotal, -4_000_000)]
            )
        );
        // Before credits and without the late charge: 106.004 exactly.
        assert_eq!(
            explain(106_004_000_000),
            (
                CheckOutcome::Explained,
                vec![(Credits, 10_000_000_000), (OutsidePeriod, -1_500_000_000)]
            )
        );
        // All three left out, lines rounded: 100.01.
        assert_eq!(
            explain(100_010_000_000),
            (
                CheckOutcome::Explained,
                vec![
                    (Taxes, -6_000_000_000),
                    (Credits, 10_000_000_000),
                    (OutsidePeriod, -1_500_000_000),
                    (RoundingLines, 6_000_000)
                ]
            )
        );
    }

    #[test]
    fn anything_else_is_not_explained_with_the_whole_difference() {
        assert_eq!(
            explain(88_880_000_000),
            (
                CheckOutcome::Unexplained,
                vec![(DifferenceReason::Unexplained, -8_624_000_000)]
            )
        );
    }

    #[test]
    fn cents_round_half_away_from_zero() {
        assert_eq!(round_cents(5_000_000), 10_000_000);
        assert_eq!(round_cents(-5_000_000), -10_000_000);
        assert_eq!(round_cents(4_999_999), 0);
    }
}
