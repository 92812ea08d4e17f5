//! A report definition: what a report covers and which sections it holds.
//! Saved in the store as JSON, or read from a `--spec FILE.json`.

use std::path::Path;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::explore::convert::{check_currency, invalid};
use crate::{ApiError, ExploreMetric, ExploreQuery, Locale};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ReportDefinition {
    pub title: String,
    pub period: ReportPeriod,
    /// Convert every amount into this currency with the store's exchange
    /// rates; `None` keeps billing currencies apart.
    #[serde(default)]
    pub currency: Option<String>,
    pub language: Locale,
    /// The cost metric of the overview and showback sections.
    #[serde(default = "billed")]
    pub metric: ExploreMetric,
    pub sections: Vec<ReportSection>,
}

fn billed() -> ExploreMetric {
    ExploreMetric::Billed
}

/// Whole billing months, fixed (`{"from": "2025-01", "to": "2025-12"}`, both
/// included) or relative to the day the report is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(untagged)]
pub enum ReportPeriod {
    Months { from: String, to: String },
    Relative { relative: RelativePeriod },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RelativePeriod {
    ThisMonth,
    LastMonth,
    LastThreeMonths,
    LastTwelveMonths,
    YearToDate,
    LastYear,
}

/// The sections offered now; later features add theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ReportSection {
    /// Totals, change against the previous period, cost over time, top
    /// services and accounts.
    Overview,
    /// An explorer view, given inline or by the name of a saved view; its
    /// dates and display currency are the report's.
    Explorer {
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        query: Option<ExploreQuery>,
        #[serde(default)]
        saved_view: Option<String>,
    },
    /// Cost per value of a virtual tag (per team), shared costs applied.
    Allocation {
        tag: String,
        /// The rule version to apply; `None` is the current rules.
        #[serde(default)]
        rules_version: Option<i64>,
    },
    /// The store's total, the provider's month total and the invoice for
    /// every provider, billing account, billing month and currency.
    InvoiceReconciliation,
    /// Where the numbers come from. Every report ends with it whether listed
    /// or not.
    Provenance,
}

/// A resolved period: `[from, to)` on whole months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Span {
    pub fn months(&self) -> u32 {
        let (a, b) = (self.from, self.to);
        ((b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32).max(0) as u32
    }

    /// The span of the same length just before.
    pub fn previous(&self) -> Span {
        let n = self.months();
        Span {
            from: self.from - Months::new(n),
            to: self.from,
        }
    }
}

pub(crate) fn month(field: &str, s: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d")
        .map_err(|_| invalid(format!("{field}: expected a month as YYYY-MM, got {s:?}")))
}

fn first_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

impl ReportPeriod {
    /// The months covered; `today` anchors relative periods.
    pub fn resolve(&self, today: NaiveDate) -> Result<Span, ApiError> {
        let this = first_of(today);
        let back = |n: u32| this - Months::new(n);
        let span = match self {
            ReportPeriod::Months { from, to } => Span {
                from: month("period.from", from)?,
                to: month("period.to", to)? + Months::new(1),
            },
            ReportPeriod::Relative { relative } => match relative {
                RelativePeriod::ThisMonth => Span {
                    from: this,
                    to: this + Months::new(1),
                },
                RelativePeriod::LastMonth => Span {
                    from: back(1),
                    to: this,
                },
                RelativePeriod::LastThreeMonths => Span {
                    from: back(3),
                    to: this,
                },
                RelativePeriod::LastTwelveMonths => Span {
                    from: back(12),
                    to: this,
                },
                RelativePeriod::YearToDate => Span {
                    from: this.with_month(1).unwrap_or(this),
                    to: this + Months::new(1),
                },
                RelativePeriod::LastYear => {
                    let jan = this.with_month(1).unwrap_or(this);
                    Span {
                        from: jan - Months::new(12),
                        to: jan,
                    }
                }
            },
        };
        if span.to <= span.from {
            return Err(invalid("period: expected `to` on or after `from`"));
        }
        if span.months() > 120 {
            return Err(invalid("period: expected at most ten years"));
        }
        Ok(span)
    }
}

impl ReportDefinition {
    /// One line a person reads in the audit log: the title, period,
    /// currency, metric and sections (not the definition's JSON).
    pub fn summary(&self) -> String {
        let period = match &self.period {
            ReportPeriod::Months { from, to } if from == to => from.clone(),
            ReportPeriod::Months { from, to } => format!("{from} to {to}"),
            ReportPeriod::Relative { relative } => match relative {
                RelativePeriod::ThisMonth => "this month",
                RelativePeriod::LastMonth => "last month",
                RelativePeriod::LastThreeMonths => "last 3 months",
                RelativePeriod::LastTwelveMonths => "last 12 months",
                RelativePeriod::YearToDate => "year to date",
                RelativePeriod::LastYear => "last year",
            }
            .to_string(),
        };
        let sections: Vec<String> = self
            .sections
            .iter()
            .map(|s| match s {
                ReportSection::Overview => "overview".to_string(),
                ReportSection::Explorer {
                    title, saved_view, ..
                } => match (saved_view, title) {
                    (Some(v), _) => format!("explorer view \"{v}\""),
                    (None, Some(t)) => format!("explorer \"{t}\""),
                    (None, None) => "explorer".to_string(),
                },
                ReportSection::Allocation { tag, .. } => format!("showback by {tag}"),
                ReportSection::InvoiceReconciliation => "invoice reconciliation".to_string(),
                ReportSection::Provenance => "provenance".to_string(),
            })
            .collect();
        format!(
            "\"{}\", {period}, {}, {} cost; sections: {}",
            self.title.trim(),
            self.currency.as_deref().unwrap_or("billing currencies"),
            serde_json::to_value(self.metric)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            sections.join(", ")
        )
    }

    /// Checks what can be checked without a store.
    pub fn validate(&self) -> Result<(), ApiError> {
        if self.title.trim().is_empty() {
            return Err(invalid("title: expected a report title"));
        }
        if let Some(c) = &self.currency {
            check_currency("currency", c)?;
        }
        if self.metric == ExploreMetric::Usage {
            return Err(invalid(
                "metric: expected billed, effective, list or contracted",
            ));
        }
        if self.sections.is_empty() {
            return Err(invalid("sections: expected at least one section"));
        }
        for (i, s) in self.sections.iter().enumerate() {
            match s {
                ReportSection::Explorer {
                    query, saved_view, ..
                } if query.is_some() == saved_view.is_some() => {
                    return Err(invalid(format!(
                        "sections[{i}]: expected either query or saved_view"
                    )));
                }
                ReportSection::Allocation { tag, .. } if tag.trim().is_empty() => {
                    return Err(invalid(format!(
                        "sections[{i}].tag: expected a virtual tag name"
                    )));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Reads a definition from JSON text; errors name the source, line and
    /// column and what was expected.
    pub fn from_json(source: &str, text: &str) -> Result<Self, ApiError> {
        let def: ReportDefinition = serde_json::from_str(text).map_err(|e| {
            invalid(format!(
                "{source}, line {}, column {}: {e}",
                e.line(),
                e.column()
            ))
        })?;
        def.validate()
            .map_err(|e| invalid(format!("{source}: {}", e.message)))?;
        Ok(def)
    }

    pub fn from_file(path: &Path) -> Result<Self, ApiError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| invalid(format!("{}: could not read the file ({e})", path.display())))?;
        Self::from_json(&path.display().to_string(), &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_resolve_to_whole_months() {
        let today = d("2026-03-15");
        let fixed = ReportPeriod::Months {
            from: "2025-01".into(),
            to: "2025-12".into(),
        };
        assert_eq!(
            fixed.resolve(today).unwrap(),
            Span {
                from: d("2025-01-01"),
                to: d("2026-01-01")
            }
        );
        let last = ReportPeriod::Relative {
            relative: RelativePeriod::LastMonth,
        };
        assert_eq!(
            last.resolve(today).unwrap(),
            Span {
                from: d("2026-02-01"),
                to: d("2026-03-01")
            }
        );
        let year = ReportPeriod::Relative {
            relative: RelativePeriod::LastYear,
        };
        let s = year.resolve(today).unwrap();
        assert_eq!(
            (s.from, s.to, s.months()),
            (d("2025-01-01"), d("2026-01-01"), 12)
        );
        assert_eq!(
            s.previous(),
            Span {
                from: d("2024-01-01"),
                to: d("2025-01-01")
            }
        );
        let backwards = ReportPeriod::Months {
            from: "2025-03".into(),
            to: "2025-02".into(),
        };
        assert!(backwards.resolve(today).is_err());
    }

    #[test]
    fn spec_errors_name_the_file_line_and_column() {
        let text = "{\n  \"title\": \"Monthly\",\n  \"period\": {\"relative\": \"last_month\"},\n  \"language\": \"fr\",\n  \"sections\": []\n}";
        let e = ReportDefinition::from_json("spec.json", text).unwrap_err();
        assert!(
            e.message.starts_with("spec.json, line 4, column"),
            "{}",
            e.message
        );
        let ok = text.replace("\"fr\"", "\"zh-CN\"").replace(
            "[]",
            "[{\"kind\": \"overview\"}, {\"kind\": \"explorer\", \"saved_view\": \"x\"}]",
        );
        let def = ReportDefinition::from_json("spec.json", &ok).unwrap();
        assert_eq!(def.language, Locale::ZhCn);
        assert_eq!(def.metric, ExploreMetric::Billed);
        let both = ok.replace(
            "\"saved_view\": \"x\"",
            "\"saved_view\": \"x\", \"query\": null, \"title\": \"t\"",
        );
        assert!(ReportDefinition::from_json("spec.json", &both).is_ok());
        let none = ok.replace("\"saved_view\": \"x\"", "\"title\": \"t\"");
        let e = ReportDefinition::from_json("spec.json", &none).unwrap_err();
        assert!(
            e.message
                .contains("sections[1]: expected either query or saved_view"),
            "{}",
            e.message
        );
    }
}
