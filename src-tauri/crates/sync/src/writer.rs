//! The one thread that writes: it owns the store connection for the run and
//! commits each message from the fetchers in its own transaction. A bill
//! window's lines, its page provenance and its `done` mark are one
//! transaction that also removes the window's previous run.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use cloudlens_model::CostLine;
use cloudlens_providers::{InventoryKind, ProviderError, Resource, Terms, UtilPoint, Window};
use cloudlens_store::{
    AuditAction, AuditRecord, Auditor, Detail, ImportOutcome, InventoryExtra, InventoryRow,
    PageRecord, Route, RunKind, RunSpec, RunTx, SourceClaim, Store, StoreError, StoredTotal,
    UtilisationRecord,
};

use crate::bucket::Spooled;
use crate::fetch::Counters;
use crate::status::error_text;

pub struct Page {
    pub request_id: String,
    pub lines: Vec<CostLine>,
}

pub enum Msg {
    Window {
        window: Window,
        pages: Vec<Page>,
        attempts: u32,
    },
    WindowFailed {
        window: Window,
        /// The window's key when it is not `window.key()` (a delivery's).
        key: Option<String>,
        error: ProviderError,
        attempts: u32,
    },
    /// A bucket delivery, its files spooled.
    Delivery {
        window: Window,
        key: String,
        signature: String,
        spooled: Spooled,
        attempts: u32,
    },
    Inventory {
        region: String,
        kind: InventoryKind,
        items: Vec<Resource>,
    },
    /// Inventory or utilisation that could not be read.
    OtherFailed(ProviderError),
    Util(Vec<UtilPoint>),
}

/// A month whose provider total is recorded once all its windows are done.
pub struct MonthTrack {
    pub left: usize,
    pub failed: bool,
    pub totals: Option<String>,
}

pub struct Writer<'s> {
    pub store: &'s mut Store,
    pub connection: String,
    pub provider: String,
    pub sync_run: i64,
    pub clock: fn() -> i64,
    pub auditor: &'s Auditor,
    /// The store run each window's lines are in now, replaced on re-fetch.
    pub previous: HashMap<String, i64>,
    pub months: HashMap<String, MonthTrack>,
    /// How the connection's lines reach the store, and how detailed they are.
    pub route: Route,
    pub detail: Detail,
    /// Today's month (`YYYY-MM`): months before it are closed.
    pub this_month: String,
    pub cancel: &'s AtomicBool,
}

#[derive(Default)]
pub struct WriterSummary {
    pub windows_failed: u32,
    pub other_failed: u32,
    pub first_error: Option<ProviderError>,
    pub store_error: Option<String>,
}

impl Writer<'_> {
    pub fn run(
        mut self,
        mut rx: tokio::sync::mpsc::Receiver<Msg>,
        counters: &Counters,
        report: &(dyn Fn() + Sync),
    ) -> WriterSummary {
        let mut summary = WriterSummary::default();
        while let Some(msg) = rx.blocking_recv() {
            if let Err(e) = self.handle(msg, counters, &mut summary) {
                // A store failure (disk full, locked file) fails this piece;
                // what committed before stays.
                summary.store_error.get_or_insert_with(|| e.to_string());
                summary.other_failed += 1;
            }
            report();
        }
        summary
    }

    fn handle(
        &mut self,
        msg: Msg,
        counters: &Counters,
        summary: &mut WriterSummary,
    ) -> Result<(), StoreError> {
        match msg {
            Msg::Window {
                window,
                pages,
                attempts,
            } => {
                let lines = self.write_window(&window, pages, attempts)?;
                counters.windows_done.fetch_add(1, Ordering::Relaxed);
                counters.lines.fetch_add(lines, Ordering::Relaxed);
                self.month_progress(&window.month, false)?;
            }
            Msg::Delivery {
                window,
                key,
                signature,
                spooled,
                attempts,
            } => match self.write_delivery(&window, &key, &signature, spooled, attempts)? {
                Ok(lines) => {
                    counters.windows_done.fetch_add(1, Ordering::Relaxed);
                    counters.lines.fetch_add(lines, Ordering::Relaxed);
                }
                Err(error) => {
                    summary.windows_failed += 1;
                    let text = error_text(&error);
                    summary.first_error.get_or_insert(error);
                    self.store.sync_mut().fail_window(
                        &self.connection,
                        &key,
                        &window.month,
                        self.sync_run,
                        attempts,
                        &text,
                    )?;
                }
            },
            Msg::WindowFailed {
                window,
                key,
                error,
                attempts,
            } => {
                summary.windows_failed += 1;
                let text = error_text(&error);
                summary.first_error.get_or_insert(error);
                self.store.sync_mut().fail_window(
                    &self.connection,
                    &key.unwrap_or_else(|| window.key()),
                    &window.month,
                    self.sync_run,
                    attempts,
                    &text,
                )?;
                self.month_progress(&window.month, true)?;
            }
            Msg::Inventory {
                region,
                kind,
                items,
            } => {
                let seen = (self.clock)();
                let rows: Vec<(InventoryRow, InventoryExtra)> = items
                    .iter()
                    .map(|r| (inventory_row(&self.provider, r, seen), extra(&r.terms)))
                    .collect();
                self.store.recommendations_mut().replace_inventory_facts(
                    &self.connection,
                    &region,
                    kind.as_str(),
                    &rows,
                )?;
                counters
                    .resources
                    .fetch_add(rows.len() as u64, Ordering::Relaxed);
            }
            Msg::OtherFailed(error) => {
                summary.other_failed += 1;
                summary.first_error.get_or_insert(error);
            }
            Msg::Util(points) => {
                let samples: Vec<UtilisationRecord> = points
                    .into_iter()
                    .map(|p| UtilisationRecord {
                        resource_id: p.resource_id,
                        at: p.at,
                        cpu_percent: p.cpu_percent,
                        // No provider reports memory without an agent.
                        memory_percent: None,
                    })
                    .collect();
                self.store
                    .recommendations_mut()
                    .save_utilisation_records(&self.connection, &samples)?;
            }
        }
        Ok(())
    }

    fn write_window(
        &mut self,
        window: &Window,
        pages: Vec<Page>,
        attempts: u32,
    ) -> Result<u64, StoreError> {
        let key = window.key();
        let replaces: Vec<i64> = self.previous.get(&key).copied().into_iter().collect();
        let spec = RunSpec {
            kind: RunKind::Sync,
            source: format!("sync:{}:{}", self.connection, key),
            format: Some(self.provider.clone()),
            clock: self.clock,
            content_hash: None,
            // A day window must not replace its sibling days: each window
            // replaces only its own previous run (`replaces`).
            restates: false,
        };
        // What the window held before, so only a change is logged.
        let before = match replaces.first() {
            Some(run) => self.store.lines().run_totals(*run)?,
            None => Vec::new(),
        };
        let records = std::cell::RefCell::new(Vec::with_capacity(pages.len()));
        // The month is stated whole once its last window commits without
        // a failed one before it.
        let complete = window.month < self.this_month
            && self
                .months
                .get(&window.month)
                .is_some_and(|t| t.left == 1 && !t.failed);
        let claim = self.claim(complete);
        let now = (self.clock)();
        let outcome = self.store.lines_mut().import_replacing(
            spec,
            &replaces,
            |sink| {
                for (i, page) in pages.into_iter().enumerate() {
                    let before = sink.line_ids().map(|(_, last)| last);
                    for line in page.lines {
                        sink.push(line)?;
                    }
                    let range = match (before, sink.line_ids()) {
                        (Some(b), Some((_, last))) if last > b => Some((b + 1, last)),
                        (None, Some(r)) => Some(r),
                        _ => None,
                    };
                    records.borrow_mut().push(PageRecord {
                        page: i as u32 + 1,
                        request_id: page.request_id,
                        lines: range,
                    });
                }
                Ok::<(), StoreError>(())
            },
            |tx, outcome| {
                tx.finish_window(
                    &self.connection,
                    &key,
                    &window.month,
                    self.sync_run,
                    attempts,
                    &records.borrow(),
                )?;
                audit_window(tx, self.auditor, &self.connection, &key, &before, outcome)?;
                tx.settle_sources(&claim, now).map(|_| ())
            },
        )?;
        self.previous.insert(key, outcome.run_id);
        Ok(outcome.lines)
    }

    /// What this connection's runs say about their lines.
    pub(crate) fn claim(&self, complete: bool) -> SourceClaim {
        SourceClaim {
            route: self.route,
            origin: self.connection.clone(),
            detail: self.detail,
            complete: Some(complete),
        }
    }

    /// Records the month's provider total once every window of it is done.
    fn month_progress(&mut self, month: &str, failed: bool) -> Result<(), StoreError> {
        let Some(track) = self.months.get_mut(month) else {
            return Ok(());
        };
        track.left = track.left.saturating_sub(1);
        track.failed |= failed;
        if track.left == 0 && !track.failed {
            if let Some(totals) = &track.totals {
                self.store
                    .sync_mut()
                    .set_month_totals(&self.connection, month, totals)?;
            }
        }
        Ok(())
    }
}

/// Logs a window whose lines changed (`before` is what the run it
/// replaces held), inside the window's own transaction.
pub(crate) fn audit_window(
    tx: &RunTx<'_>,
    auditor: &Auditor,
    connection: &str,
    key: &str,
    before: &[StoredTotal],
    outcome: &ImportOutcome,
) -> Result<(), StoreError> {
    if outcome.totals == before {
        return Ok(());
    }
    let record = AuditRecord::new(AuditAction::SyncWindow, format!("{connection} {key}"))
        .before(totals_summary(before))
        .after(totals_summary(&outcome.totals));
    tx.audit(auditor, &record).map(|_| ())
}

/// A window's lines as the audit log describes them: per billing month
/// and currency, the lines and the billed total.
fn totals_summary(totals: &[StoredTotal]) -> String {
    if totals.is_empty() {
        return "no lines".into();
    }
    totals
        .iter()
        .map(|t| {
            let month = chrono::DateTime::from_timestamp(t.billing_period_start, 0)
                .map(|d| d.format("%Y-%m").to_string())
                .unwrap_or_default();
            format!(
                "{month} {}: {} lines, billed {}",
                t.currency, t.lines, t.billed
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn inventory_row(provider: &str, r: &Resource, seen: i64) -> InventoryRow {
    InventoryRow {
        provider: provider.to_string(),
        kind: r.kind.as_str().to_string(),
        id: r.id.clone(),
        name: r.name.clone(),
        region: r.region.clone(),
        state: r.state.clone(),
        size: r.size.clone(),
        tags: serde_json::to_string(&r.tags).unwrap_or_else(|_| "[]".into()),
        created_at: r.created_at,
        last_seen: seen,
    }
}

/// The attachment and billing terms as the recommendations read them.
fn extra(t: &Terms) -> InventoryExtra {
    InventoryExtra {
        attached: t.attached,
        attached_to: t.attached_to.clone(),
        billing_mode: t.billing_mode.map(|m| m.as_str().to_string()),
        expires_at: t.expires_at,
        auto_renew: t.auto_renew,
    }
}
