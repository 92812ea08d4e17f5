//! The section every report ends with: where its numbers come from (the
//! store's imports with their content hashes, its sync runs), the rule and
//! exchange-rate versions used, the app version and when it was made.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use cloudlens_report::{Block, Cell, Figure, Section, Table};

use super::cells::dec;
use super::definition::{ReportDefinition, ReportSection, Span};
use super::text::Text;
use super::ReportContext;
use crate::allocation::rules::rfc3339;
use crate::{ApiError, CloudLens};

fn time(secs: i64) -> Cell {
    Cell::text(rfc3339(secs))
}

impl CloudLens {
    /// The rule versions the report's sections evaluate (`None` = current).
    fn rule_versions_used(
        &self,
        def: &ReportDefinition,
        views: &[Option<i64>],
    ) -> Result<BTreeSet<i64>, ApiError> {
        let latest = self
            .reader()?
            .allocation()
            .rule_version(None)?
            .map(|v| v.id);
        let mut wanted: Vec<Option<i64>> = views.to_vec();
        for s in &def.sections {
            if let ReportSection::Allocation { rules_version, .. } = s {
                wanted.push(*rules_version);
            }
        }
        Ok(wanted.into_iter().filter_map(|v| v.or(latest)).collect())
    }

    pub(crate) fn provenance_section(
        &self,
        span: &Span,
        def: &ReportDefinition,
        view_rules: &[Option<i64>],
        ctx: &ReportContext,
        t: &Text,
    ) -> Result<Section, ApiError> {
        let runs = self.reader()?.lines().runs()?;
        let mut blocks = vec![
            Block::Paragraph(t.provenance_intro.into()),
            Block::Figures(vec![
                Figure {
                    label: t.app_version.into(),
                    value: Cell::text(ctx.app_version.clone()),
                    note: None,
                },
                Figure {
                    label: t.made_at.into(),
                    value: time(ctx.generated_at),
                    note: None,
                },
                Figure {
                    label: t.lines_in_store.into(),
                    value: Cell::Integer(self.reader()?.lines().line_count()? as i64),
                    note: None,
                },
            ]),
        ];
        let imports = runs
            .iter()
            .filter(|r| r.kind != cloudlens_store::RunKind::Sync)
            .map(|r| {
                let restated: Vec<String> = r
                    .restated_by
                    .iter()
                    .map(|(by, n)| format!("#{by} ({n})"))
                    .collect();
                vec![
                    Cell::Integer(r.id),
                    Cell::text(r.kind.as_str()),
                    Cell::text(r.source.clone()),
                    Cell::text(r.format.clone().unwrap_or_default()),
                    Cell::text(r.content_hash.clone().unwrap_or_default()),
                    Cell::Integer(r.lines as i64),
                    time(r.finished_at),
                    Cell::text(restated.join(", ")),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            id: "provenance_imports".into(),
            title: t.imports.into(),
            columns: vec![
                t.run.into(),
                t.kind.into(),
                t.source.into(),
                t.format.into(),
                t.content_hash.into(),
                t.lines.into(),
                t.imported_at.into(),
                t.restated_by.into(),
            ],
            rows: imports,
            total: None,
        }));
        let syncs = self.reader()?.sync().sync_runs(None)?;
        if !syncs.is_empty() {
            let rows = syncs
                .iter()
                .map(|s| {
                    vec![
                        Cell::Integer(s.id),
                        Cell::text(s.connection.clone()),
                        time(s.started_at),
                        s.finished_at.map(time).unwrap_or(Cell::Empty),
                        Cell::text(s.outcome.clone()),
                        Cell::text(format!(
                            "{} / {} / {}",
                            s.windows_done, s.windows_skipped, s.windows_failed
                        )),
                        Cell::Integer(s.lines as i64),
                        Cell::Integer(s.requests as i64),
                    ]
                })
                .collect();
            blocks.push(Block::Table(Table {
                id: "provenance_syncs".into(),
                title: t.sync_runs.into(),
                columns: vec![
                    t.run.into(),
                    t.connection.into(),
                    t.started.into(),
                    t.finished.into(),
                    t.outcome.into(),
                    t.windows.into(),
                    t.lines.into(),
                    t.requests.into(),
                ],
                rows,
                total: None,
            }));
        }
        let used = self.rule_versions_used(def, view_rules)?;
        let versions = self.reader()?.allocation().rule_versions()?;
        let rows: Vec<Vec<Cell>> = versions
            .iter()
            .filter(|v| used.contains(&v.id))
            .map(|v| {
                vec![
                    Cell::Integer(v.id),
                    time(v.saved_at),
                    Cell::text(v.note.clone()),
                ]
            })
            .collect();
        if rows.is_empty() {
            blocks.push(Block::Paragraph(format!(
                "{}: {}",
                t.rule_versions, t.current_rules
            )));
        } else {
            blocks.push(Block::Table(Table {
                id: "provenance_rule_versions".into(),
                title: t.rule_versions.into(),
                columns: vec![t.version.into(), t.saved_at.into(), t.note.into()],
                rows,
                total: None,
            }));
        }
        if def.currency.is_some() {
            blocks.push(Block::Table(self.rates_used(span, t)?));
        }
        Ok(Section {
            heading: t.provenance.into(),
            blocks,
        })
    }

    /// Every rate that can apply inside the span: per pair, the last one on
    /// or before its first day and all within it.
    fn rates_used(&self, span: &Span, t: &Text) -> Result<Table, ApiError> {
        let mut by_pair: BTreeMap<(String, String), Vec<(NaiveDate, String)>> = BTreeMap::new();
        for r in self.reader()?.allocation().exchange_rates()? {
            let Ok(d) = NaiveDate::parse_from_str(&r.date, "%Y-%m-%d") else {
                continue;
            };
            if d < span.to {
                by_pair.entry((r.from, r.to)).or_default().push((d, r.rate));
            }
        }
        let mut rows = Vec::new();
        for ((from, to), mut rates) in by_pair {
            rates.sort();
            let first = rates
                .iter()
                .rposition(|(d, _)| *d <= span.from)
                .unwrap_or(0);
            for (d, rate) in &rates[first..] {
                rows.push(vec![
                    Cell::Date(*d),
                    Cell::text(from.clone()),
                    Cell::text(to.clone()),
                    Cell::Decimal(dec(rate)?),
                ]);
            }
        }
        Ok(Table {
            id: "provenance_rates".into(),
            title: t.rates_used.into(),
            columns: vec![t.date.into(), t.from.into(), t.to.into(), t.rate.into()],
            rows,
            total: None,
        })
    }
}
