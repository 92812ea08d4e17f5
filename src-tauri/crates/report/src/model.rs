//! The document every renderer draws: what a report says, with typed values,
//! and nothing about how it looks.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

/// The report's language: headers, labels and number formats follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    ZhCn,
    En,
}

impl Language {
    /// The BCP 47 tag (HTML `lang`, PDF `/Lang`).
    pub fn tag(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }
}

/// A half-open date range `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The last day included.
    pub fn last_day(&self) -> NaiveDate {
        self.to.pred_opt().unwrap_or(self.to)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub period: Period,
    /// The currency amounts were converted into; `None` keeps billing
    /// currencies apart.
    pub currency: Option<String>,
    pub language: Language,
    /// When the report was made (passed in, never read from the clock here).
    pub generated_at: DateTime<Utc>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading inside a section.
    Subheading(String),
    Paragraph(String),
    /// A row of key figures, shown as tiles.
    Figures(Vec<Figure>),
    Table(Table),
    Chart(Chart),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub label: String,
    pub value: Cell,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// A short machine name, unique in the document (CSV file names).
    pub id: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// A closing row of totals, set apart from the others.
    pub total: Option<Vec<Cell>>,
}

/// A chart as the `cloudlens-charts` crate draws it: SVG in user units.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub svg: String,
    pub width: u32,
    pub height: u32,
}

/// One typed value. Renderers keep the type: a spreadsheet gets numbers and
/// dates, a PDF gets them formatted for the report's language.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// An exact amount in a currency (or a unit, for usage).
    Money {
        amount: Decimal,
        currency: String,
    },
    /// In percent: `12.5` is 12.5 %.
    Percent(Decimal),
    Date(NaiveDate),
    Integer(i64),
    /// A plain exact number (an exchange rate, a quantity).
    Decimal(Decimal),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    pub fn money(amount: Decimal, currency: impl Into<String>) -> Self {
        Cell::Money {
            amount,
            currency: currency.into(),
        }
    }

    /// Numbers are right-aligned.
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Cell::Money { .. } | Cell::Percent(_) | Cell::Integer(_) | Cell::Decimal(_)
        )
    }
}

impl Document {
    /// Every table, with the index of the section holding it.
    pub fn tables(&self) -> impl Iterator<Item = (usize, &Table)> {
        self.sections.iter().enumerate().flat_map(|(i, s)| {
            s.blocks.iter().filter_map(move |b| match b {
                Block::Table(t) => Some((i, t)),
                _ => None,
            })
        })
    }
}
