//! Report definitions and invoice amounts, as rows.

use rusqlite::{params, OptionalExtension};

use crate::{Reports, ReportsMut, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDefinitionRecord {
    pub name: String,
    /// The definition as its owner serialised it.
    pub spec: String,
    pub saved_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceRecord {
    pub provider: String,
    pub billing_account: String,
    /// `YYYY-MM`.
    pub month: String,
    pub currency: String,
    /// Exact decimal text.
    pub amount: String,
    pub invoice_id: Option<String>,
    pub note: String,
    /// `entered`, or the name of the file it was imported from.
    pub source: String,
    pub entered_at: i64,
}

fn definition_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReportDefinitionRecord> {
    Ok(ReportDefinitionRecord {
        name: r.get(0)?,
        spec: r.get(1)?,
        saved_at: r.get(2)?,
    })
}

impl Reports<'_> {
    /// Every saved definition, by name.
    pub fn report_definitions(&self) -> Result<Vec<ReportDefinitionRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, spec, saved_at FROM report_definition ORDER BY name")?;
        let rows = stmt.query_map([], definition_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn report_definition(
        &self,
        name: &str,
    ) -> Result<Option<ReportDefinitionRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT name, spec, saved_at FROM report_definition WHERE name = ?1",
                [name],
                definition_row,
            )
            .optional()?)
    }

    /// Every invoice amount, by provider, account, month and currency.
    pub fn invoice_amounts(&self) -> Result<Vec<InvoiceRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT provider, billing_account, month, currency, amount, invoice_id, note, source, \
             entered_at FROM invoice_amount ORDER BY provider, billing_account, month, currency",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(InvoiceRecord {
                provider: r.get(0)?,
                billing_account: r.get(1)?,
                month: r.get(2)?,
                currency: r.get(3)?,
                amount: r.get(4)?,
                invoice_id: r.get(5)?,
                note: r.get(6)?,
                source: r.get(7)?,
                entered_at: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl ReportsMut<'_> {
    pub fn save_report_definition(
        &mut self,
        name: &str,
        spec: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO report_definition (name, spec, saved_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, saved_at = excluded.saved_at",
            params![name, spec, at],
        )?;
        Ok(())
    }

    /// `false` when there was no such definition.
    pub fn remove_report_definition(&mut self, name: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .execute("DELETE FROM report_definition WHERE name = ?1", [name])?
            > 0)
    }

    /// Stores every amount in one transaction, replacing those with the same
    /// key; returns (added, replaced).
    pub fn put_invoice_amounts(
        &mut self,
        records: &[InvoiceRecord],
    ) -> Result<(u32, u32), StoreError> {
        let tx = self.conn.savepoint()?;
        let (mut added, mut replaced) = (0u32, 0u32);
        {
            let mut exists = tx.prepare(
                "SELECT 1 FROM invoice_amount WHERE provider = ?1 AND billing_account = ?2 \
                 AND month = ?3 AND currency = ?4",
            )?;
            let mut put = tx.prepare(
                "INSERT OR REPLACE INTO invoice_amount (provider, billing_account, month, currency, \
                 amount, invoice_id, note, source, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for r in records {
                let key = params![r.provider, r.billing_account, r.month, r.currency];
                if exists.query_row(key, |_| Ok(())).optional()?.is_some() {
                    replaced += 1;
                } else {
                    added += 1;
                }
                put.execute(params![
                    r.provider,
                    r.billing_account,
                    r.month,
                    r.currency,
                    r.amount,
                    r.invoice_id,
                    r.note,
                    r.source,
                    r.entered_at
                ])?;
            }
        }
        tx.commit()?;
        Ok((added, replaced))
    }

    /// `false` when there was no such amount.
    pub fn remove_invoice_amount(
        &mut self,
        provider: &str,
        billing_account: &str,
        month: &str,
        currency: &str,
    ) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "DELETE FROM invoice_amount WHERE provider = ?1 AND billing_account = ?2 AND month = ?3 \
             AND currency = ?4",
            params![provider, billing_account, month, currency],
        )? > 0)
    }
}
