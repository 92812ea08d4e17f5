//! Amounts that pages hold in their own currency (a budget's, an anomaly's
//! billing currency) shown in the display currency too: each converted at
//! the rate in force on its own day, as the explorer converts a charge day.

use std::str::FromStr;

use cloudlens_explore as engine;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::explore::convert::{check_currency, date, invalid};
use crate::{AmountOn, ApiError, CloudLens, ConvertedAmounts, ConvertedTotal};

impl CloudLens {
    pub fn convert_amounts(
        &self,
        amounts: &[AmountOn],
        to: &str,
    ) -> Result<ConvertedAmounts, ApiError> {
        check_currency("to", to)?;
        let rates = self.rate_table()?;
        let mut read: Vec<&str> = vec![to];
        let converted = amounts
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let value = Decimal::from_str(a.amount.trim()).map_err(|_| {
                    invalid(format!(
                        "amounts[{i}].amount: expected a decimal, got {:?}",
                        a.amount
                    ))
                })?;
                let day = engine::day_number(date(&format!("amounts[{i}].date"), &a.date)?);
                read.push(&a.currency);
                Ok(rates.rate(day, &a.currency, to).and_then(|r| {
                    value.checked_mul(r).map(|v| {
                        v.round_dp_with_strategy(9, RoundingStrategy::MidpointNearestEven)
                            .normalize()
                            .to_string()
                    })
                }))
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(ConvertedAmounts {
            currency: to.to_string(),
            amounts: converted,
            rates_through: rates.latest_date(&read).map(|d| d.to_string()),
        })
    }

    /// The sum of `amounts` in `to`, each at its own day's rate; amounts
    /// already in `to` are added as they are.
    pub fn convert_total(
        &self,
        amounts: &[AmountOn],
        to: &str,
    ) -> Result<ConvertedTotal, ApiError> {
        let converted = self.convert_amounts(amounts, to)?;
        let mut total = Decimal::ZERO;
        let mut missing = 0;
        for (a, c) in amounts.iter().zip(&converted.amounts) {
            let value = if a.currency == to {
                Some(a.amount.as_str())
            } else {
                c.as_deref()
            };
            match value.map(|v| Decimal::from_str(v.trim())) {
                Some(Ok(v)) => total += v,
                _ => missing += 1,
            }
        }
        Ok(ConvertedTotal {
            currency: to.to_string(),
            amount: total.normalize().to_string(),
            missing,
            rates_through: converted.rates_through,
        })
    }
}
