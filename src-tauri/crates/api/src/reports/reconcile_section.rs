//! The invoice reconciliation as a report section: one row per scope, every
//! difference explained part by part, and what each store total holds.

use cloudlens_report::{Block, Cell, Section, Table};

use super::cells::{dec, money};
use super::reconcile::{CheckOutcome, DifferenceReason, Reference};
use super::reconcile_view::{ReconciledScope, ReconciliationView};
use super::text::Text;
use crate::ApiError;

fn status(s: &ReconciledScope, t: &Text) -> &'static str {
    let worst = s.checks.iter().map(|c| c.outcome).max_by_key(|o| match o {
        CheckOutcome::Matches => 0,
        CheckOutcome::Explained => 1,
        CheckOutcome::Unexplained => 2,
    });
    match worst {
        None => t.status_no_reference,
        Some(CheckOutcome::Matches) => t.status_matches,
        Some(CheckOutcome::Explained) => t.status_explained,
        Some(CheckOutcome::Unexplained) => t.status_unexplained,
    }
}

fn reason(r: DifferenceReason, t: &Text) -> &'static str {
    match r {
        DifferenceReason::Taxes => t.reason_taxes,
        DifferenceReason::Credits => t.reason_credits,
        DifferenceReason::OutsidePeriod => t.reason_outside,
        DifferenceReason::RoundingTotal => t.reason_round_total,
        DifferenceReason::RoundingLines => t.reason_round_lines,
        DifferenceReason::Unexplained => t.reason_unexplained,
    }
}

fn reference(r: Reference, t: &Text) -> &'static str {
    match r {
        Reference::ProviderTotal => t.provider_total,
        Reference::Invoice => t.invoice,
    }
}

fn scope_cells(s: &ReconciledScope, t: &Text) -> Vec<Cell> {
    vec![
        Cell::text(crate::provider_label(&s.provider, t.locale)),
        Cell::text(s.billing_account.clone()),
        Cell::text(s.month.clone()),
    ]
}

fn optional_money(v: &Option<String>, currency: &str) -> Result<Cell, ApiError> {
    v.as_deref().map_or(Ok(Cell::Empty), |a| money(a, currency))
}

pub(crate) fn section(view: &ReconciliationView, t: &Text) -> Result<Section, ApiError> {
    let mut blocks = vec![Block::Paragraph(t.reconciliation_method.into())];
    if view.scopes.is_empty() {
        blocks.push(Block::Paragraph(t.no_data.into()));
        return Ok(Section {
            heading: t.reconciliation.into(),
            blocks,
        });
    }
    let scope_columns = || -> Vec<String> {
        vec![
            t.provider.into(),
            t.billing_account.into(),
            t.billing_month.into(),
        ]
    };
    let mut rows = Vec::new();
    let mut explained = Vec::new();
    let mut parts = Vec::new();
    for s in &view.scopes {
        let invoice_diff = s
            .checks
            .iter()
            .find(|c| c.reference == Reference::Invoice)
            .map(|c| money(&c.difference, &s.currency))
            .transpose()?
            .unwrap_or(Cell::Empty);
        let mut row = scope_cells(s, t);
        row.extend([
            money(&s.store_total, &s.currency)?,
            optional_money(&s.provider_total, &s.currency)?,
            optional_money(&s.invoice, &s.currency)?,
            invoice_diff,
            Cell::text(status(s, t)),
        ]);
        rows.push(row);
        for c in &s.checks {
            for e in &c.explanation {
                let mut row = scope_cells(s, t);
                row.extend([
                    Cell::text(reference(c.reference, t)),
                    Cell::text(reason(e.reason, t)),
                    money(&e.amount, &s.currency)?,
                ]);
                explained.push(row);
            }
        }
        for p in &s.parts {
            let mut row = scope_cells(s, t);
            let name = if p.outside_period {
                format!("{} · {}", p.charge_category, t.reason_outside)
            } else {
                p.charge_category.clone()
            };
            row.extend([
                Cell::text(name),
                Cell::Integer(p.lines as i64),
                Cell::money(dec(&p.amount)?, s.currency.clone()),
            ]);
            parts.push(row);
        }
    }
    let mut columns = scope_columns();
    columns.extend([
        t.store_total.into(),
        t.provider_total.into(),
        t.invoice.into(),
        t.difference.into(),
        t.status.into(),
    ]);
    blocks.push(Block::Table(Table {
        id: "reconciliation".into(),
        title: t.reconciliation.into(),
        columns,
        rows,
        total: None,
    }));
    if !explained.is_empty() {
        let mut columns = scope_columns();
        columns.extend([t.compared_with.into(), t.reason.into(), t.amount.into()]);
        blocks.push(Block::Table(Table {
            id: "reconciliation_differences".into(),
            title: t.explanations.into(),
            columns,
            rows: explained,
            total: None,
        }));
    }
    let mut columns = scope_columns();
    columns.extend([t.component.into(), t.lines.into(), t.amount.into()]);
    blocks.push(Block::Table(Table {
        id: "reconciliation_parts".into(),
        title: t.components.into(),
        columns,
        rows: parts,
        total: None,
    }));
    Ok(Section {
        heading: t.reconciliation.into(),
        blocks,
    })
}
