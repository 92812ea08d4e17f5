//! Invoice amounts, entered one by one or imported from a CSV file
//! (`provider,billing_account,month,currency,amount[,invoice_id][,note]`),
//! checked before anything is stored: a file with a bad row changes nothing.

use cloudlens_store::{AuditAction, AuditRecord};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::definition::month;
use crate::allocation::rules::rfc3339;
use crate::explore::convert::{check_currency, invalid};
use crate::{ApiError, CloudLens};

/// The amount on a provider's invoice for one billing month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct InvoiceAmount {
    /// As the cost lines name it (`Alibaba Cloud`, `AWS`...).
    pub provider: String,
    pub billing_account: String,
    /// `YYYY-MM`.
    pub month: String,
    pub currency: String,
    /// Exact decimal text.
    pub amount: String,
    #[serde(default)]
    pub invoice_id: Option<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StoredInvoice {
    pub invoice: InvoiceAmount,
    /// `entered`, or the file it was imported from.
    pub source: String,
    /// RFC 3339.
    pub entered_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct InvoiceImportResult {
    pub added: u32,
    pub replaced: u32,
}

fn record(
    i: &InvoiceAmount,
    source: &str,
    now: i64,
    at: &dyn Fn(&str) -> String,
) -> Result<cloudlens_store::InvoiceRecord, ApiError> {
    let text = |field: &str, v: &str| -> Result<String, ApiError> {
        let v = v.trim();
        if v.is_empty() {
            return Err(invalid(format!("{}: expected a value", at(field))));
        }
        Ok(v.to_string())
    };
    let m = month(&at("month"), &i.month)?;
    check_currency(&at("currency"), i.currency.trim())?;
    let amount: Decimal = i.amount.trim().parse().map_err(|_| {
        invalid(format!(
            "{}: expected a decimal amount such as 12345.67, got {:?}",
            at("amount"),
            i.amount
        ))
    })?;
    if amount.scale() > 9 {
        return Err(invalid(format!(
            "{}: expected at most nine decimal places, got {:?}",
            at("amount"),
            i.amount
        )));
    }
    Ok(cloudlens_store::InvoiceRecord {
        provider: text("provider", &i.provider)?,
        billing_account: text("billing_account", &i.billing_account)?,
        month: m.format("%Y-%m").to_string(),
        currency: i.currency.trim().to_string(),
        amount: amount.normalize().to_string(),
        invoice_id: i
            .invoice_id
            .as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        note: i.note.trim().to_string(),
        source: source.to_string(),
        entered_at: now,
    })
}

const COLUMNS: [&str; 7] = [
    "provider",
    "billing_account",
    "month",
    "currency",
    "amount",
    "invoice_id",
    "note",
];
const REQUIRED: usize = 5;

impl CloudLens {
    pub fn set_invoice(&self, invoice: &InvoiceAmount, now: i64) -> Result<(), ApiError> {
        let r = record(invoice, "entered", now, &|c| c.to_string())?;
        let entry = AuditRecord::new(
            AuditAction::InvoiceSet,
            invoice_key(&r.provider, &r.billing_account, &r.month, &r.currency),
        )
        .after(r.amount.clone());
        self.logged(entry, |store| {
            store.reports_mut().put_invoice_amounts(&[r])?;
            Ok(())
        })
    }

    pub fn invoices(&self) -> Result<Vec<StoredInvoice>, ApiError> {
        Ok(self
            .reader()?
            .reports()
            .invoice_amounts()?
            .into_iter()
            .map(|r| StoredInvoice {
                invoice: InvoiceAmount {
                    provider: r.provider,
                    billing_account: r.billing_account,
                    month: r.month,
                    currency: r.currency,
                    amount: r.amount,
                    invoice_id: r.invoice_id,
                    note: r.note,
                },
                source: r.source,
                entered_at: rfc3339(r.entered_at),
            })
            .collect())
    }

    pub fn remove_invoice(
        &self,
        provider: &str,
        billing_account: &str,
        month: &str,
        currency: &str,
    ) -> Result<(), ApiError> {
        let key = invoice_key(provider, billing_account, month, currency);
        self.logged(AuditRecord::new(AuditAction::InvoiceRemove, key), |store| {
            if store
                .reports_mut()
                .remove_invoice_amount(provider, billing_account, month, currency)?
            {
                Ok(())
            } else {
                Err(invalid(format!(
                    "no invoice amount for {provider} {billing_account} {month} {currency} to remove"
                )))
            }
        })
    }

    /// All rows are checked before any is stored.
    pub fn import_invoices(&self, path: &str, now: i64) -> Result<InvoiceImportResult, ApiError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(path)
            .map_err(|e| invalid(format!("{path}: could not read the file ({e})")))?;
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| invalid(format!("{path}, line 1: {e}")))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
            .collect();
        let mut at = [None; 7];
        for (i, h) in header.iter().enumerate() {
            match COLUMNS.iter().position(|c| c == h) {
                Some(k) => at[k] = Some(i),
                None => {
                    return Err(invalid(format!(
                        "{path}, line 1, column {}: unknown column {h:?}; expected {}",
                        i + 1,
                        COLUMNS.join(",")
                    )))
                }
            }
        }
        if let Some(k) = (0..REQUIRED).find(|&k| at[k].is_none()) {
            return Err(invalid(format!(
                "{path}, line 1: missing the column {}",
                COLUMNS[k]
            )));
        }
        let file = std::path::Path::new(path)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.to_string());
        let mut records = Vec::new();
        for row in reader.records() {
            let row = row.map_err(|e| invalid(format!("{path}: {e}")))?;
            let line = row.position().map(|p| p.line()).unwrap_or(0);
            let get = |k: usize| at[k].and_then(|i| row.get(i)).unwrap_or("").to_string();
            let i = InvoiceAmount {
                provider: get(0),
                billing_account: get(1),
                month: get(2),
                currency: get(3),
                amount: get(4),
                invoice_id: Some(get(5)),
                note: get(6),
            };
            let column = |c: &str| {
                let n = COLUMNS
                    .iter()
                    .position(|x| *x == c)
                    .and_then(|k| at[k])
                    .map_or(0, |i| i + 1);
                format!("{path}, line {line}, column {n} ({c})")
            };
            records.push(record(&i, &file, now, &column)?);
        }
        let entry = AuditRecord::new(AuditAction::InvoiceImport, path)
            .after(format!("{} invoice amounts", records.len()));
        let (added, replaced) = self.logged(entry, |store| {
            Ok(store.reports_mut().put_invoice_amounts(&records)?)
        })?;
        Ok(InvoiceImportResult { added, replaced })
    }
}

/// The audit log's name for one invoice amount.
fn invoice_key(provider: &str, account: &str, month: &str, currency: &str) -> String {
    format!("{provider} {account} {month} {currency}")
}
