//! One budget per value of a dimension ("one per team, from last quarter's
//! spend + 10%"): the template narrowed to each value that had spend in the
//! last complete period, with the template's amount or that spend adjusted.

use chrono::NaiveDate;
use cloudlens_store::{from_nanos, AuditAction, AuditRecord};
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::budgets::period::Period;
use crate::budgets::spec::{self, checked, explore_query};
use crate::explore::convert::invalid;
use crate::forecast::money::minor_digits;
use crate::{
    ApiError, BudgetCopyItem, BudgetCopyRequest, BudgetSpec, CloudLens, CopyBasis, DimensionFilter,
    Granularity,
};

/// One copy: its definition and what the list shows of it.
struct Copy {
    pub spec: BudgetSpec,
    pub item: BudgetCopyItem,
}

impl CloudLens {
    /// The copies `req` makes as of `as_of` (nothing is saved).
    fn budget_copies(
        &self,
        req: &BudgetCopyRequest,
        as_of: NaiveDate,
    ) -> Result<Vec<Copy>, ApiError> {
        let template = checked(&req.template)?;
        cloudlens_explore::Dimension::parse(&req.dimension)
            .map_err(|e| invalid(format!("dimension: {}", e.0)))?;
        if template
            .filters
            .iter()
            .any(|f| f.dimension == req.dimension && !f.exclude)
        {
            return Err(invalid(format!(
                "dimension: the template already keeps only some values of {}",
                req.dimension
            )));
        }
        let Some(adjust) =
            Decimal::from_f64(req.adjust_percent).filter(|a| *a > Decimal::from(-100))
        else {
            return Err(invalid(format!(
                "adjust_percent: expected a percentage above -100, got {}",
                req.adjust_percent
            )));
        };
        let last = Period::containing(template.period, template.fiscal_start, as_of).previous();
        let q = explore_query(
            &template,
            last.start,
            last.end,
            Granularity::Month,
            vec![req.dimension.clone()],
        );
        let (outcome, _) = self.explore_outcome(&q)?;
        let mut spend: std::collections::BTreeMap<String, i128> = Default::default();
        for c in outcome
            .cells
            .iter()
            .filter(|c| *c.currency == *template.currency)
        {
            if let Some(Some(v)) = c.groups.first() {
                *spend.entry(v.to_string()).or_default() += c.nanos;
            }
        }
        let digits = minor_digits(&template.currency);
        let mut out = Vec::new();
        for (value, nanos) in spend.into_iter().filter(|(_, n)| *n > 0) {
            let basis = from_nanos(nanos);
            let amount = match req.basis {
                CopyBasis::TemplateAmount => spec::amount(&template.amount)?,
                CopyBasis::LastPeriodSpend => (basis * (Decimal::ONE_HUNDRED + adjust)
                    / Decimal::ONE_HUNDRED)
                    .round_dp_with_strategy(digits, RoundingStrategy::AwayFromZero),
            };
            if amount <= Decimal::ZERO {
                continue;
            }
            let mut s = template.clone();
            s.name = format!("{} · {value}", template.name);
            s.amount = amount.normalize().to_string();
            s.filters.push(DimensionFilter {
                dimension: req.dimension.clone(),
                values: vec![Some(value.clone())],
                exclude: false,
            });
            let from_spend = req.basis == CopyBasis::LastPeriodSpend;
            out.push(Copy {
                item: BudgetCopyItem {
                    name: s.name.clone(),
                    value,
                    amount: s.amount.clone(),
                    basis_amount: from_spend.then(|| basis.normalize().to_string()),
                    basis_period: from_spend.then(|| last.label()),
                },
                spec: s,
            });
        }
        Ok(out)
    }

    /// The copies `req` makes as of `as_of`; with `save`, saved all or none.
    pub fn copy_budgets(
        &self,
        req: &BudgetCopyRequest,
        as_of: NaiveDate,
        save: bool,
        now: i64,
    ) -> Result<Vec<BudgetCopyItem>, ApiError> {
        let copies = self.budget_copies(req, as_of)?;
        if save {
            self.save_copies(&copies, now)?;
        }
        Ok(copies.into_iter().map(|c| c.item).collect())
    }

    /// Saves the copies, all or none (refused when a name is taken).
    fn save_copies(&self, copies: &[Copy], now: i64) -> Result<(), ApiError> {
        let rows = copies
            .iter()
            .map(|c| Ok((c.spec.name.clone(), spec::to_json(&checked(&c.spec)?)?)))
            .collect::<Result<Vec<_>, ApiError>>()?;
        let names: Vec<&str> = rows.iter().map(|(name, _)| name.as_str()).collect();
        let record = AuditRecord::new(AuditAction::BudgetSave, names.join(", "))
            .after(format!("{} budgets copied", rows.len()));
        let taken = self.change(|store| {
            let taken = store.budgets_mut().add_all(&rows, now)?;
            let record = taken.is_empty().then_some(record);
            Ok((taken, record))
        })?;
        if taken.is_empty() {
            Ok(())
        } else {
            Err(invalid(format!(
                "name: budgets named {} exist already; nothing was copied",
                taken.join(", ")
            )))
        }
    }
}
