//! One record as the mappers see it, whatever it came from: a header of
//! field names, bound once into columns, and a [`Fields`] source that gives
//! each bound field's text. A CSV row, a Parquet row, a JSON line and an
//! item of a provider's API answer are all read by field *name* through one
//! set of typed accessors whose errors name the field, the value and what
//! was expected.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::parse::{self, Zone};

/// Field names as the source spells them, BOM and surrounding spaces
/// removed: a file's columns (matched ignoring ASCII case, as consoles
/// vary it) or an API answer's keys (matched exactly, as JSON keys are).
#[derive(Debug, Clone, Default)]
pub struct Header {
    names: Vec<String>,
    exact: bool,
    language: Option<Language>,
}

/// The language a source writes its words in (bill types, region names),
/// when its field names do not tell: an API's keys are English whatever
/// the language of its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Chinese,
}

/// A resolved column: its position in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col(pub usize);

impl Header {
    /// A file's header: names match aliases ignoring ASCII case.
    pub fn new<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Self {
        let names = names
            .into_iter()
            .map(|n| n.as_ref().trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        Self {
            names,
            exact: false,
            language: None,
        }
    }

    /// An API answer's field names, which match aliases only with their
    /// case (`region` is not `Region`).
    pub fn exact<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Self {
        Self {
            exact: true,
            ..Self::new(names)
        }
    }

    /// Whether this is an API answer's header ([`Header::exact`]).
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    pub fn with_language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    pub fn language(&self) -> Option<Language> {
        self.language
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn name(&self, c: Col) -> &str {
        self.names.get(c.0).map_or("", String::as_str)
    }

    /// Whether a field name (or part of one) is `alias`, as this header
    /// matches names.
    pub fn same_name(&self, name: &str, alias: &str) -> bool {
        if self.exact {
            name == alias
        } else {
            name.eq_ignore_ascii_case(alias)
        }
    }

    /// The first column whose name is any alias (see [`Header::same_name`]).
    /// Aliases are tried in order, so list the preferred spelling first.
    pub fn find(&self, aliases: &[&str]) -> Option<Col> {
        aliases.iter().find_map(|a| {
            self.names
                .iter()
                .position(|n| self.same_name(n, a))
                .map(Col)
        })
    }

    /// Like [`Header::find`], but a missing column is a header problem.
    pub fn require(&self, aliases: &[&str]) -> Result<Col, HeaderError> {
        self.find(aliases).ok_or_else(|| HeaderError::Missing {
            column: aliases.first().copied().unwrap_or_default().to_string(),
        })
    }

    /// How many of `names` are present; used by format detection.
    pub fn count_present(&self, names: &[&str]) -> usize {
        names.iter().filter(|n| self.find(&[n]).is_some()).count()
    }

    /// Columns whose name starts with `prefix`, with the rest of the name:
    /// `resourceTags/user:team` gives `user:team`.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (Col, &'a str)> + 'a {
        self.names.iter().enumerate().filter_map(move |(i, n)| {
            let head = n.get(..prefix.len())?;
            self.same_name(head, prefix)
                .then(|| (Col(i), &n[prefix.len()..]))
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error("the mandatory column '{column}' is missing")]
    Missing { column: String },
    #[error("{0}")]
    Other(String),
}

/// A problem with one cell, before the pipeline adds the file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: '{value}' is not {expected}")]
pub struct CellError {
    pub column: String,
    pub value: String,
    pub expected: String,
}

impl CellError {
    pub fn new(column: &str, value: &str, expected: impl Into<String>) -> Self {
        Self {
            column: column.to_string(),
            value: value.chars().take(200).collect(),
            expected: expected.into(),
        }
    }
}

/// A source of named fields: one record's field text by the column a
/// [`Header`] bound, `None` when the record has no such field. A file's
/// row, a JSON object and a provider's API item implement it, so a mapper
/// never knows where its record came from.
pub trait Fields {
    fn field(&self, col: Col) -> Option<&str>;
}

/// A row of text cells in header order.
impl<S: AsRef<str>> Fields for Vec<S> {
    fn field(&self, col: Col) -> Option<&str> {
        self.as_slice().get(col.0).map(AsRef::as_ref)
    }
}

impl<S: AsRef<str>, const N: usize> Fields for [S; N] {
    fn field(&self, col: Col) -> Option<&str> {
        self.as_slice().get(col.0).map(AsRef::as_ref)
    }
}

/// One record to map. `line` is its position, named in error messages and
/// kept as provenance: the 1-based physical line where a text row starts,
/// a Parquet row's 1-based number, or an API item's place in its answer.
pub struct Row<'a> {
    pub line: u64,
    pub header: &'a Header,
    pub fields: &'a dyn Fields,
}

impl<'a> Row<'a> {
    /// The raw field, `None` when the column or value is absent.
    pub fn raw(&self, c: Col) -> Option<&'a str> {
        self.fields.field(c)
    }

    /// The trimmed field, `None` for empty values and the null spellings
    /// exports use (`NULL`, `null`).
    pub fn str(&self, c: Col) -> Option<&'a str> {
        let v = self.fields.field(c)?.trim();
        (!parse::is_null(v)).then_some(v)
    }

    /// Whether any field of the record (every column of the header) says
    /// what `pred` looks for.
    pub fn any(&self, pred: impl Fn(&str) -> bool) -> bool {
        (0..self.header.len()).any(|i| self.fields.field(Col(i)).is_some_and(&pred))
    }

    /// Like [`Row::str`] for an optional column.
    pub fn opt(&self, c: Option<Col>) -> Option<&'a str> {
        c.and_then(|c| self.str(c))
    }

    pub fn string(&self, c: Option<Col>) -> Option<String> {
        self.opt(c).map(str::to_string)
    }

    pub fn require(&self, c: Col) -> Result<&'a str, CellError> {
        self.str(c).ok_or_else(|| {
            CellError::new(
                self.header.name(c),
                "",
                "a value (this column is mandatory)",
            )
        })
    }

    pub fn decimal(&self, c: Option<Col>) -> Result<Option<Decimal>, CellError> {
        let Some(c) = c else { return Ok(None) };
        match self.str(c) {
            None => Ok(None),
            Some(v) => parse::decimal(v)
                .map(Some)
                .ok_or_else(|| CellError::new(self.header.name(c), v, "a decimal number")),
        }
    }

    pub fn require_decimal(&self, c: Col) -> Result<Decimal, CellError> {
        self.decimal(Some(c))?.ok_or_else(|| {
            CellError::new(
                self.header.name(c),
                "",
                "a decimal number (this column is mandatory)",
            )
        })
    }

    /// A decimal that defaults to zero when empty.
    pub fn amount(&self, c: Option<Col>) -> Result<Decimal, CellError> {
        Ok(self.decimal(c)?.unwrap_or(Decimal::ZERO))
    }

    /// A point in time; text without an offset is read in `zone`.
    pub fn time(&self, c: Option<Col>, zone: Zone) -> Result<Option<i64>, CellError> {
        let Some(c) = c else { return Ok(None) };
        match self.str(c) {
            None => Ok(None),
            Some(v) => parse::timestamp(v, zone).map(Some).ok_or_else(|| {
                CellError::new(
                    self.header.name(c),
                    v,
                    "a date and time such as 2025-01-31T00:00:00Z, within 1970..2200",
                )
            }),
        }
    }

    pub fn require_time(&self, c: Col, zone: Zone) -> Result<i64, CellError> {
        self.time(Some(c), zone)?.ok_or_else(|| {
            CellError::new(
                self.header.name(c),
                "",
                "a date and time (this column is mandatory)",
            )
        })
    }

    /// A closed FOCUS value (ChargeCategory and the like).
    pub fn parse_enum<T: FromStr>(
        &self,
        c: Option<Col>,
        expected: &str,
    ) -> Result<Option<T>, CellError> {
        let Some(c) = c else { return Ok(None) };
        match self.str(c) {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| CellError::new(self.header.name(c), v, expected)),
        }
    }

    /// An error for a value that parsed but is not allowed here.
    pub fn invalid(&self, c: Col, expected: impl Into<String>) -> CellError {
        CellError::new(
            self.header.name(c),
            self.raw(c).unwrap_or_default(),
            expected,
        )
    }
}
