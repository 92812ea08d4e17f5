//! Column binding for the native (pre-FOCUS) bill formats of Google Cloud
//! and the Chinese clouds: alias lists matched with or without a trailing
//! unit (`应付金额(元)`), the header's language, and every column the mapper
//! does not read kept as an `x_` extra.

use serde_json::{Map, Value};

use crate::fields::{Col, Header, HeaderError, Language, Row};

/// Resolves columns once, remembering which ones the mapper reads, so that
/// every other column of the file can be kept as an `x_` extra.
pub(crate) struct Binder<'h> {
    h: &'h Header,
    used: Vec<bool>,
    extras: Vec<(Col, String)>,
    english: bool,
}

impl<'h> Binder<'h> {
    pub(crate) fn new(h: &'h Header) -> Self {
        Self {
            h,
            used: vec![false; h.len()],
            extras: Vec::new(),
            english: is_english(h),
        }
    }

    /// The header's language (see [`is_english`]): the variant name, the
    /// name of a missing column, region names.
    pub(crate) fn english(&self) -> bool {
        self.english
    }

    /// The first alias present, ignoring ASCII case, then the first alias
    /// equal to a column name without its trailing bracketed unit
    /// (`应付金额(元)`, `组件原价（元）`, `Amount (USD)`).
    pub(crate) fn find(&mut self, aliases: &[&str]) -> Option<Col> {
        let c = find_col(self.h, aliases)?;
        if let Some(u) = self.used.get_mut(c.0) {
            *u = true;
        }
        Some(c)
    }

    /// Like [`Binder::find`]; a missing column is named in the header's
    /// language (the first alias of that script).
    pub(crate) fn require(&mut self, aliases: &[&str]) -> Result<Col, HeaderError> {
        self.find(aliases).ok_or_else(|| self.missing(aliases))
    }

    /// The error for a missing column, named as the header would name it.
    pub(crate) fn missing(&self, aliases: &[&str]) -> HeaderError {
        let pick = aliases
            .iter()
            .find(|a| a.is_ascii() == self.english)
            .or_else(|| aliases.first());
        HeaderError::Missing {
            column: pick.copied().unwrap_or_default().to_string(),
        }
    }

    /// Finds a column the mapper reads and also keeps it as the extra `key`
    /// (the local billing month, the native bill type).
    pub(crate) fn keep(&mut self, aliases: &[&str], key: &str) -> Option<Col> {
        let c = self.find(aliases)?;
        self.extras.push((c, key.to_string()));
        Some(c)
    }

    /// The extras: the named ones, then every column not read, as
    /// `x_<name as written>`.
    pub(crate) fn into_extras(self) -> Vec<(Col, String)> {
        let mut extras = self.extras;
        for (i, n) in self.h.names().iter().enumerate() {
            if !self.used.get(i).copied().unwrap_or(true) && !n.is_empty() {
                let key = if n.starts_with("x_") {
                    n.clone()
                } else {
                    format!("x_{n}")
                };
                extras.push((Col(i), key));
            }
        }
        extras
    }
}

/// Whether a header's words are English: as its source says, else when
/// most column names are ASCII.
pub(crate) fn is_english(h: &Header) -> bool {
    match h.language() {
        Some(l) => l == Language::English,
        None => h.names().iter().filter(|n| n.is_ascii()).count() * 2 > h.len(),
    }
}

/// See [`Binder::find`].
pub(crate) fn find_col(h: &Header, aliases: &[&str]) -> Option<Col> {
    h.find(aliases).or_else(|| {
        aliases.iter().find_map(|a| {
            h.names()
                .iter()
                .position(|n| h.same_name(without_unit(n), a))
                .map(Col)
        })
    })
}

/// `应付金额(元)` → `应付金额`; `Amount (USD)` → `Amount`.
fn without_unit(name: &str) -> &str {
    let t = name.trim();
    let open = if t.ends_with(')') {
        t.rfind('(')
    } else if t.ends_with('）') {
        t.rfind('（')
    } else {
        None
    };
    open.map_or(t, |i| t[..i].trim_end())
}

/// Whether any of `names` is a column (with or without a unit suffix).
pub(crate) fn has_any(h: &Header, names: &[&str]) -> bool {
    find_col(h, names).is_some()
}

/// How many of `names` are columns (with or without a unit suffix).
pub(crate) fn count(h: &Header, names: &[&str]) -> usize {
    names.iter().filter(|n| find_col(h, &[n]).is_some()).count()
}

/// The currency an amount column's unit names: `应付金额(元)` is CNY,
/// `Amount (USD)` is USD.
pub(crate) fn currency_from_unit(h: &Header, c: Col) -> Option<&'static str> {
    let n = h.name(c);
    let unit = n.get(without_unit(n).len()..)?;
    if unit.contains("USD") || unit.contains("美元") || unit.contains('$') {
        Some("USD")
    } else if unit.contains("CNY")
        || unit.contains("RMB")
        || unit.contains('元')
        || unit.contains('¥')
    {
        Some("CNY")
    } else {
        None
    }
}

/// A cell as text; `None` for empty cells, the null spellings and the
/// Chinese consoles' `-` / `--` placeholders.
pub(crate) fn text<'a>(row: &Row<'a>, c: Option<Col>) -> Option<&'a str> {
    row.opt(c).filter(|v| !matches!(*v, "-" | "--" | "—"))
}

/// The extra columns of a row as a JSON object, `-` placeholders left out.
pub(crate) fn extras_json(
    row: &Row<'_>,
    extras: &[(Col, String)],
    more: Map<String, Value>,
) -> Option<String> {
    let mut map = more;
    for (c, key) in extras {
        if let Some(v) = text(row, Some(*c)) {
            map.insert(key.clone(), Value::String(v.to_string()));
        }
    }
    (!map.is_empty()).then(|| Value::Object(map).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_suffixes_are_ignored_when_matching_names() {
        let h = Header::new(["账期", "应付金额(元)", "组件原价（元）", "Amount (USD)"]);
        assert_eq!(find_col(&h, &["应付金额"]), Some(Col(1)));
        assert_eq!(find_col(&h, &["组件原价"]), Some(Col(2)));
        assert_eq!(find_col(&h, &["amount"]), Some(Col(3)));
        assert_eq!(currency_from_unit(&h, Col(1)), Some("CNY"));
        assert_eq!(currency_from_unit(&h, Col(3)), Some("USD"));
        assert_eq!(currency_from_unit(&h, Col(0)), None);
    }

    #[test]
    fn api_field_names_keep_their_case_and_state_their_language() {
        let h = Header::exact(["region", "region_name"]).with_language(Language::Chinese);
        assert_eq!(find_col(&h, &["Region", "region_name"]), Some(Col(1)));
        assert_eq!(find_col(&h, &["Region Code", "region"]), Some(Col(0)));
        assert!(!is_english(&h));
        assert!(is_english(&Header::new(["a", "b", "账期"])));
    }
}
