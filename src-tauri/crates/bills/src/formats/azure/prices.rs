//! Quantities, unit prices and the list and contracted costs of a cost
//! details row, in FOCUS units (see [`Unit`]) and in the billing currency
//! (MCA prices are in the pricing currency and converted at the row's own
//! exchange rate).

use cloudlens_model::{Decimal, LineDims};
use serde_json::{Map, Value};

use super::charge::{Charge, ChargeType};
use super::{lookup, Agreement, CostDetailsMapper};
use crate::fields::{CellError, Row};

/// A `UnitOfMeasure` in FOCUS terms (FinOps toolkit PricingUnits data):
/// `1 Hour` is `Hours`; a block of several units (`10K`, `100 Hours`) is
/// kept as the FOCUS `<quantity> <units>` form (`10000 Units`), where
/// quantities and prices are per block as the file has them; a block
/// FOCUS has no form for (`1K/Month`: per 1,000 units a month) is spread
/// out, quantities times the block and prices divided by it, when that
/// division is exact.
pub(super) struct Unit {
    pub name: String,
    pub block: Decimal,
    /// Quantities are multiplied and prices divided by this.
    pub scale: Option<Decimal>,
}

impl Unit {
    pub(super) fn of(unit_of_measure: &str) -> Unit {
        let Some((block, distinct)) = lookup::pricing_unit(unit_of_measure) else {
            return Unit {
                name: unit_of_measure.to_string(),
                block: Decimal::ONE,
                scale: None,
            };
        };
        let keep = |name: String| Unit {
            name,
            block,
            scale: None,
        };
        if block == Decimal::ONE {
            return keep(distinct.to_string());
        }
        let blocked = format!("{} {distinct}", block.normalize());
        if crate::formats::units::is_focus_unit(&blocked) {
            return keep(blocked);
        }
        // Spread out only when a price per block divides exactly: the
        // block is a power of ten then, and decimals hold the result.
        let exact = block
            .normalize()
            .to_string()
            .strip_prefix('1')
            .is_some_and(|zeros| zeros.bytes().all(|b| b == b'0'));
        if exact {
            Unit {
                name: distinct.to_string(),
                block,
                scale: Some(block),
            }
        } else {
            keep(blocked)
        }
    }
}

/// A row's measures: quantities, unit prices in the billing currency and
/// the costs they give.
pub(super) struct Measures {
    pub pricing_quantity: Option<Decimal>,
    pub consumed_quantity: Option<Decimal>,
    pub list_unit_price: Option<Decimal>,
    pub contracted_unit_price: Option<Decimal>,
    pub list_cost: Decimal,
    pub contracted_cost: Decimal,
    /// The file's own unit prices, per block, in the pricing currency.
    pub payg_price: Option<Decimal>,
    pub unit_price: Option<Decimal>,
}

impl Unit {
    /// A quantity in the unit's terms.
    fn scale(unit: Option<&Unit>, v: Option<Decimal>) -> Option<Decimal> {
        match unit.and_then(|u| u.scale) {
            Some(block) => v.and_then(|v| v.checked_mul(block)),
            None => v,
        }
    }

    /// A price in the unit's terms.
    pub(super) fn per_block(unit: Option<&Unit>, v: Option<Decimal>) -> Option<Decimal> {
        match unit.and_then(|u| u.scale) {
            Some(block) => v.and_then(|v| v.checked_div(block)),
            None => v,
        }
    }
}

impl CostDetailsMapper {
    /// The row's measures; quantities only with their unit (`dims`).
    pub(super) fn measures(
        &self,
        row: &Row<'_>,
        charge: Charge,
        dims: &mut LineDims,
        unit: Option<&Unit>,
        cost: Decimal,
    ) -> Result<Measures, CellError> {
        let p = &self.cols.price;
        let quantity = Unit::scale(unit, row.decimal(p.quantity)?);
        let mut consumed_quantity = quantity.filter(|_| charge.kind == ChargeType::Usage);
        if consumed_quantity.is_some() {
            dims.consumed_unit = dims.pricing_unit.clone();
        }
        let mut pricing_quantity = quantity;
        super::super::pair_units(dims, &mut pricing_quantity, &mut consumed_quantity);
        let rate = self.exchange_rate(
            row,
            dims.pricing_currency.as_deref(),
            &dims.billing_currency,
        )?;
        let in_billing =
            |price: Option<Decimal>| price.zip(rate).and_then(|(p, r)| p.checked_mul(r));
        let payg_price = row.decimal(p.payg_price)?;
        let unit_price = row.decimal(p.unit_price)?;
        let list_unit_price = Unit::per_block(unit, in_billing(payg_price));
        let contracted_unit_price = Unit::per_block(unit, in_billing(unit_price));
        let times_quantity = |price: Option<Decimal>| {
            price
                .filter(|p| !p.is_zero())
                .zip(quantity)
                .and_then(|(p, q)| p.checked_mul(q))
        };
        let (list_cost, contracted_cost) = if charge.kind.is_unused() {
            (Decimal::ZERO, Decimal::ZERO)
        } else {
            let list = match row.decimal(p.payg_cost)? {
                Some(v) => v,
                None => times_quantity(list_unit_price).unwrap_or(cost),
            };
            (list, times_quantity(contracted_unit_price).unwrap_or(cost))
        };
        Ok(Measures {
            pricing_quantity,
            consumed_quantity,
            list_unit_price,
            contracted_unit_price,
            list_cost,
            contracted_cost,
            payg_price,
            unit_price,
        })
    }

    /// Billing currency per pricing currency: 1 for EA, the row's rate for
    /// MCA (1 when both currencies are the same); `None` when unknown.
    fn exchange_rate(
        &self,
        row: &Row<'_>,
        pricing_currency: Option<&str>,
        currency: &str,
    ) -> Result<Option<Decimal>, CellError> {
        Ok(match self.agreement {
            Agreement::Ea => Some(Decimal::ONE),
            Agreement::Mca => match row.decimal(self.cols.price.exchange_rate)? {
                Some(r) if !r.is_zero() => Some(r),
                _ if pricing_currency.is_none_or(|p| p.eq_ignore_ascii_case(currency)) => {
                    Some(Decimal::ONE)
                }
                _ => None,
            },
        })
    }

    /// The unit as written and its block size, and for a row priced in
    /// another currency (MCA) the pricing-currency figures, which are the
    /// file's own.
    pub(super) fn pricing_extras(
        &self,
        row: &Row<'_>,
        unit_of_measure: Option<&str>,
        unit: Option<&Unit>,
        dims: &LineDims,
        m: &Measures,
        (cost, effective): (Decimal, Decimal),
    ) -> Result<Map<String, Value>, CellError> {
        let mut more = Map::new();
        if let Some(raw) = unit_of_measure {
            more.insert(
                "x_PricingUnitDescription".to_string(),
                Value::String(raw.to_string()),
            );
        }
        if let Some(u) = unit {
            more.insert(
                "x_PricingBlockSize".to_string(),
                Value::String(u.block.normalize().to_string()),
            );
        }
        let other_currency = dims
            .pricing_currency
            .as_deref()
            .is_some_and(|p| !p.eq_ignore_ascii_case(&dims.billing_currency));
        if other_currency {
            let in_pricing = row.decimal(self.cols.price.cost_in_pricing)?;
            let pricing_effective = if effective.is_zero() {
                Some(Decimal::ZERO)
            } else if effective == cost {
                in_pricing
            } else {
                None
            };
            for (key, v) in [
                ("PricingCurrencyEffectiveCost", pricing_effective),
                (
                    "PricingCurrencyListUnitPrice",
                    Unit::per_block(unit, m.payg_price),
                ),
                (
                    "PricingCurrencyContractedUnitPrice",
                    Unit::per_block(unit, m.unit_price),
                ),
            ] {
                if let Some(v) = v {
                    more.insert(key.to_string(), Value::String(v.normalize().to_string()));
                }
            }
        }
        Ok(more)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_of_measure_in_focus_terms() {
        let u = Unit::of("10K");
        assert_eq!((u.name.as_str(), u.scale), ("10000 Units", None));
        let u = Unit::of("1 Hour");
        assert_eq!((u.name.as_str(), u.scale), ("Hours", None));
        let u = Unit::of("1K/Month");
        assert_eq!(
            (u.name.as_str(), u.scale),
            ("Units/Month", Some(Decimal::from(1000)))
        );
        let u = Unit::of("1K/Day");
        assert_eq!(
            (u.name.as_str(), u.scale),
            ("Units/Day", Some(Decimal::from(1000)))
        );
        let u = Unit::of("30 /Day");
        assert_eq!((u.name.as_str(), u.scale), ("30 Units/Day", None));
        let u = Unit::of("Bushels");
        assert_eq!((u.name.as_str(), u.scale), ("Bushels", None));
    }
}
