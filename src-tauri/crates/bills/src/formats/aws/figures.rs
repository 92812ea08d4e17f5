//! A CUR row's cost figures in FOCUS terms, by line item type (FOCUS-NOTES
//! §5.1): BilledCost is the net unblended cost where the file has one;
//! EffectiveCost is the amortized figure (a commitment's usage at its
//! effective rate, its fees at 0 with their unused part apart); ListCost
//! is the public on-demand cost.

use cloudlens_model::Decimal;

use super::columns::Names;
use super::kind::Kind;
use super::CurMapper;
use crate::fields::{CellError, Col, Row};
use crate::formats::group::Aliases;

/// The figures of one row, before they are split into lines.
pub(super) struct Figures {
    pub billed: Decimal,
    pub effective: Decimal,
    /// The unused part of a commitment fee (RIFee, SavingsPlanRecurringFee).
    pub unused: Decimal,
    pub list: Decimal,
    pub contracted: Decimal,
    /// Whether BilledCost is the file's NetUnblendedCost.
    pub net: bool,
    /// Whether that differs from the UnblendedCost (kept as an extra).
    pub unblended_differs: bool,
}

/// Reads a row's amounts, preferring the net (after-discount)
/// amortization figures when the billed figure is net.
struct Amounts<'r, 'a> {
    row: &'r Row<'a>,
    kind: Kind,
    net: bool,
}

impl Amounts<'_, '_> {
    fn pick(&self, gross: Option<Col>, net: Option<Col>) -> Result<Option<Decimal>, CellError> {
        if self.net {
            if let Some(v) = self.row.decimal(net)? {
                return Ok(Some(v));
            }
        }
        self.row.decimal(gross)
    }

    /// A figure this kind of row cannot do without.
    fn needed(
        &self,
        v: Option<Decimal>,
        col: Option<Col>,
        names: Aliases,
    ) -> Result<Decimal, CellError> {
        v.ok_or_else(|| {
            let name = col.map_or_else(
                || names.first().copied().unwrap_or_default(),
                |c| self.row.header.name(c),
            );
            CellError::new(
                name,
                "",
                format!("a decimal number (needed for {} rows)", self.kind.name()),
            )
        })
    }
}

impl CurMapper {
    pub(super) fn figures(&self, row: &Row<'_>, kind: Kind) -> Result<Figures, CellError> {
        let unblended = row.require_decimal(self.required.unblended_cost)?;
        let net = row.decimal(self.pricing.net_unblended_cost)?;
        let billed = net.unwrap_or(unblended);
        let amounts = Amounts {
            row,
            kind,
            net: net.is_some(),
        };
        let (effective, unused) = self.amortized(&amounts, kind, billed)?;
        let public = self.public_cost(row)?;
        let (list, contracted) = match kind {
            Kind::SpNegation => (Decimal::ZERO, Decimal::ZERO),
            Kind::Tax | Kind::Credit | Kind::Refund | Kind::Other => (billed, billed),
            Kind::DiscountedUsage => {
                let list = public.unwrap_or(effective);
                (list, list)
            }
            _ => (public.unwrap_or(billed), billed),
        };
        Ok(Figures {
            billed,
            effective,
            unused,
            list,
            contracted,
            net: net.is_some(),
            unblended_differs: billed != unblended,
        })
    }

    /// EffectiveCost and the unused part of a commitment fee.
    fn amortized(
        &self,
        a: &Amounts<'_, '_>,
        kind: Kind,
        billed: Decimal,
    ) -> Result<(Decimal, Decimal), CellError> {
        let (ri, sp, n): (_, _, &Names) = (&self.reservation, &self.savings_plan, self.names);
        let out_of_range = || {
            a.row.invalid(
                self.required.unblended_cost,
                "an amount within the decimal range",
            )
        };
        Ok(match kind {
            Kind::SpCoveredUsage => (
                a.needed(
                    a.pick(sp.effective, sp.net_effective)?,
                    sp.effective,
                    n.savings_plan.effective,
                )?,
                Decimal::ZERO,
            ),
            Kind::DiscountedUsage => (
                a.needed(
                    a.pick(ri.effective, ri.net_effective)?,
                    ri.effective,
                    n.reservation.effective,
                )?,
                Decimal::ZERO,
            ),
            Kind::SpRecurringFee => {
                let total = a.needed(
                    a.row.decimal(sp.total_commitment)?,
                    sp.total_commitment,
                    n.savings_plan.total_commitment,
                )?;
                let used = a.needed(
                    a.row.decimal(sp.used_commitment)?,
                    sp.used_commitment,
                    n.savings_plan.used_commitment,
                )?;
                (
                    Decimal::ZERO,
                    total.checked_sub(used).ok_or_else(out_of_range)?,
                )
            }
            Kind::RiFee => {
                let upfront = a
                    .pick(ri.unused_upfront, ri.net_unused_upfront)?
                    .unwrap_or_default();
                let recurring = a
                    .pick(ri.unused_recurring, ri.net_unused_recurring)?
                    .unwrap_or_default();
                (
                    Decimal::ZERO,
                    upfront.checked_add(recurring).ok_or_else(out_of_range)?,
                )
            }
            Kind::SpNegation | Kind::SpUpfrontFee => (Decimal::ZERO, Decimal::ZERO),
            Kind::Fee if a.row.opt(ri.arn).is_some() => (Decimal::ZERO, Decimal::ZERO),
            _ => (billed, Decimal::ZERO),
        })
    }

    /// The public on-demand cost: as stated, else the public rate times
    /// the usage; `None` when neither gives a non-zero figure.
    fn public_cost(&self, row: &Row<'_>) -> Result<Option<Decimal>, CellError> {
        let p = &self.pricing;
        Ok(match row.decimal(p.public_od_cost)? {
            Some(v) if !v.is_zero() => Some(v),
            _ => match (row.decimal(p.public_od_rate)?, row.decimal(p.usage_amount)?) {
                (Some(rate), Some(qty)) => rate.checked_mul(qty).filter(|v| !v.is_zero()),
                _ => None,
            },
        })
    }
}
