//! The exchange-rate table as the UI edits it: validated rates, and CSV
//! imports (`date,from,to,rate`) whose errors name file, line, column and
//! what was expected.

use std::str::FromStr;

use cloudlens_store::{AuditAction, AuditRecord, RateRecord, Store};
use rust_decimal::Decimal;

use crate::explore::convert::{date, invalid, resolve_currency};
use crate::{ApiError, CloudLens, ExchangeRate, RateImportResult};

/// The rate to store, with a note per currency written as an alias.
fn record(
    r: &ExchangeRate,
    at: &dyn Fn(&str) -> String,
) -> Result<(RateRecord, Vec<String>), ApiError> {
    let d = date(&at("date"), r.date.trim())?;
    let (from, from_note) = resolve_currency(&at("from"), r.from.trim())?;
    let (to, to_note) = resolve_currency(&at("to"), r.to.trim())?;
    let rate = Decimal::from_str(r.rate.trim()).map_err(|_| {
        invalid(format!(
            "{}: expected a decimal number such as 7.1234, got {:?}",
            at("rate"),
            r.rate
        ))
    })?;
    if rate <= Decimal::ZERO {
        return Err(invalid(format!(
            "{}: expected a rate above zero, got {}",
            at("rate"),
            r.rate
        )));
    }
    if from == to {
        return Err(invalid(format!(
            "{}: expected a currency other than from",
            at("to")
        )));
    }
    let record = RateRecord {
        date: d.to_string(),
        from: from.to_string(),
        to: to.to_string(),
        rate: rate.normalize().to_string(),
    };
    Ok((record, from_note.into_iter().chain(to_note).collect()))
}

impl CloudLens {
    pub fn exchange_rates(&self) -> Result<Vec<ExchangeRate>, ApiError> {
        Ok(self
            .reader()?
            .allocation()
            .exchange_rates()?
            .into_iter()
            .map(|r| ExchangeRate {
                date: r.date,
                from: r.from,
                to: r.to,
                rate: r.rate,
            })
            .collect())
    }

    /// Stores the rate; returns a note per currency written as an alias.
    pub fn set_exchange_rate(&self, rate: &ExchangeRate) -> Result<Vec<String>, ApiError> {
        let (r, notes) = record(rate, &|c| c.to_string())?;
        self.change(|store| {
            let before = stored_rate(store, &r.date, &r.from, &r.to)?;
            store
                .allocation_mut()
                .put_exchange_rates(std::slice::from_ref(&r))?;
            let mut entry =
                AuditRecord::new(AuditAction::ExchangeRateSet, rate_key(&r)).after(r.rate.clone());
            if let Some(b) = before {
                entry = entry.before(b);
            }
            Ok(((), Some(entry)))
        })?;
        Ok(notes)
    }

    pub fn remove_exchange_rate(&self, rate: &ExchangeRate) -> Result<(), ApiError> {
        let (date, from, to) = (rate.date.trim(), rate.from.trim(), rate.to.trim());
        self.change(|store| {
            let before = stored_rate(store, date, from, to)?;
            if !store
                .allocation_mut()
                .remove_exchange_rate(date, from, to)?
            {
                return Err(invalid(format!(
                    "no exchange rate {} {}→{} to remove",
                    rate.date, rate.from, rate.to
                )));
            }
            let key = format!("{date} {from}→{to}");
            let entry = AuditRecord::new(AuditAction::ExchangeRateRemove, key)
                .before(before.unwrap_or_default());
            Ok(((), Some(entry)))
        })
    }

    /// All rows are checked before any is stored: a file with a bad row changes nothing.
    pub fn import_exchange_rates(&self, path: &str) -> Result<RateImportResult, ApiError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_path(path)
            .map_err(|e| invalid(format!("{path}: could not read the file ({e})")))?;
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| invalid(format!("{path}, line 1: {e}")))?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let expected = ["date", "from", "to", "rate"];
        if header != expected {
            return Err(invalid(format!(
                "{path}, line 1: expected the header date,from,to,rate, got {}",
                header.join(",")
            )));
        }
        let mut records = Vec::new();
        let mut notes = Vec::new();
        for row in reader.records() {
            let row = row.map_err(|e| invalid(format!("{path}: {e}")))?;
            let line = row.position().map(|p| p.line()).unwrap_or(0);
            if row.len() != 4 {
                return Err(invalid(format!(
                    "{path}, line {line}: expected 4 columns (date,from,to,rate), got {}",
                    row.len()
                )));
            }
            let r = ExchangeRate {
                date: row[0].to_string(),
                from: row[1].to_string(),
                to: row[2].to_string(),
                rate: row[3].to_string(),
            };
            let (r, n) = record(&r, &|c| format!("{path}, line {line}, column {c}"))?;
            records.push(r);
            notes.extend(n);
        }
        let (added, replaced) = self.change(|store| {
            let counts = store.allocation_mut().put_exchange_rates(&records)?;
            let listed: Vec<String> = records
                .iter()
                .take(20)
                .map(|r| format!("{} {}", rate_key(r), r.rate))
                .collect();
            let more = records.len().saturating_sub(listed.len());
            let entry = AuditRecord::new(AuditAction::ExchangeRateImport, path).after(format!(
                "{} added, {} replaced: {}{}",
                counts.0,
                counts.1,
                listed.join("; "),
                if more > 0 {
                    format!("; {more} more")
                } else {
                    String::new()
                }
            ));
            Ok((counts, Some(entry)))
        })?;
        Ok(RateImportResult {
            added,
            replaced,
            notes,
        })
    }
}

fn rate_key(r: &RateRecord) -> String {
    format!("{} {}→{}", r.date, r.from, r.to)
}

/// The rate stored for (date, from, to), if any, for the audit record.
fn stored_rate(
    store: &Store,
    date: &str,
    from: &str,
    to: &str,
) -> Result<Option<String>, ApiError> {
    Ok(store
        .allocation()
        .exchange_rates()?
        .into_iter()
        .find(|r| r.date == date && r.from == from && r.to == to)
        .map(|r| r.rate))
}
