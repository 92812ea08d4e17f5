//! `cloudlens budget copy`: one budget per value of a dimension from an
//! existing budget ("one per team, from last quarter's spend + 10%").

use chrono::NaiveDate;
use clap::Args;
use cloudlens_api::{ApiError, BudgetCopyRequest, CloudLens, CopyBasis, ErrorCode, Locale};
use serde_json::json;

use crate::commands::now;

#[derive(Args)]
pub struct CopyArgs {
    /// The budget whose definition each copy starts from.
    pub template: String,
    /// The dimension with one budget per value: any dimension, tag:KEY or
    /// vtag:NAME.
    #[arg(long = "per", value_name = "DIM")]
    pub dimension: String,
    /// spend: each value's spend in the last complete period, adjusted by
    /// --adjust; amount: the template's amount for every copy.
    #[arg(long, default_value = "spend", value_parser = ["spend", "amount"])]
    pub basis: String,
    /// Percent added to last period's spend (10 for +10%; negative cuts).
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    pub adjust: f64,
    /// Show the copies without saving them.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
    /// The day whose previous period is the basis; default today (UTC).
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
}

pub fn run(cl: &CloudLens, args: CopyArgs, as_of: NaiveDate) -> Result<(), ApiError> {
    let template = cl.budget(&args.template, as_of, Locale::En)?.budget.spec;
    let request = BudgetCopyRequest {
        template,
        dimension: args.dimension,
        basis: if args.basis == "amount" {
            CopyBasis::TemplateAmount
        } else {
            CopyBasis::LastPeriodSpend
        },
        adjust_percent: args.adjust,
    };
    let items = cl.copy_budgets(&request, as_of, !args.dry_run, now())?;
    if args.format == "json" {
        let text = serde_json::to_string_pretty(&json!({ "budgets": items }))
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        outln!("{text}");
    } else {
        for i in &items {
            let basis = match (&i.basis_amount, &i.basis_period) {
                (Some(a), Some(p)) => format!("  (spent {a} in {p})"),
                _ => String::new(),
            };
            outln!("{:<40} {:>14}{basis}", i.name, i.amount);
        }
    }
    let verb = if args.dry_run { "would add" } else { "added" };
    errln!("{verb} {} budget(s)", items.len());
    Ok(())
}
