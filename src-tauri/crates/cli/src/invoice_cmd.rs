//! `cloudlens invoice`: the invoice amounts reconciliation compares with.

use std::path::Path;

use clap::{Args, Subcommand};
use cloudlens_api::{ApiError, ErrorCode, InvoiceAmount, KeySource};

/// Which invoice: provider, billing account, billing month and currency.
#[derive(Args)]
pub struct InvoiceKey {
    /// As the cost lines name it (Alibaba Cloud, AWS...).
    #[arg(long)]
    provider: String,
    #[arg(long)]
    billing_account: String,
    /// Billing month (YYYY-MM).
    #[arg(long)]
    month: String,
    #[arg(long)]
    currency: String,
}

#[derive(Subcommand)]
pub enum InvoiceAction {
    /// Enter (or replace) the invoice amount of one billing month.
    Set {
        #[command(flatten)]
        key: InvoiceKey,
        /// The exact amount on the invoice.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        #[arg(long)]
        invoice_id: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Import amounts from a CSV file with the columns provider,
    /// billing_account, month, currency, amount and optionally invoice_id,
    /// note; nothing is stored if any row is wrong.
    Import { file: String },
    Remove {
        #[command(flatten)]
        key: InvoiceKey,
    },
}

pub fn run(db: &Path, key: &KeySource, action: InvoiceAction) -> Result<(), ApiError> {
    let cl = crate::lens::open(db, key)?;
    let now = crate::commands::now();
    match action {
        InvoiceAction::Set {
            key,
            amount,
            invoice_id,
            note,
        } => {
            let i = InvoiceAmount {
                provider: key.provider,
                billing_account: key.billing_account,
                month: key.month,
                currency: key.currency,
                amount,
                invoice_id,
                note,
            };
            cl.set_invoice(&i, now)?;
            errln!(
                "invoice amount set for {} {} {} {}",
                i.provider,
                i.billing_account,
                i.month,
                i.currency
            );
            Ok(())
        }
        InvoiceAction::List { json } => {
            let all = cl.invoices()?;
            if json {
                let text = serde_json::to_string_pretty(&all)
                    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
                outln!("{text}");
                return Ok(());
            }
            for s in all {
                let i = &s.invoice;
                outln!(
                    "{:<16} {:<20} {} {} {:>18} {:<16} {} ({})",
                    i.provider,
                    i.billing_account,
                    i.month,
                    i.currency,
                    i.amount,
                    i.invoice_id.as_deref().unwrap_or("-"),
                    s.source,
                    s.entered_at
                );
            }
            Ok(())
        }
        InvoiceAction::Import { file } => {
            let r = cl.import_invoices(&file, now)?;
            errln!(
                "imported invoice amounts from {file}: {} added, {} replaced",
                r.added,
                r.replaced
            );
            Ok(())
        }
        InvoiceAction::Remove { key } => {
            let InvoiceKey {
                provider,
                billing_account,
                month,
                currency,
            } = key;
            cl.remove_invoice(&provider, &billing_account, &month, &currency)?;
            errln!(
                "removed the invoice amount for {provider} {billing_account} {month} {currency}"
            );
            Ok(())
        }
    }
}
