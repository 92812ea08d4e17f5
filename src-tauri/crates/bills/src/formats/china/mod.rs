//! The bill details of the Chinese clouds (Alibaba, Tencent, Huawei) share
//! one skeleton. Each provider is a table ([`Spec`]): the columns it reads
//! with every spelling (console Chinese and English, API field names), the
//! markers that detect it, the columns it cannot do without, the native
//! columns kept as `x_` extras, its localized region names; plus a `map`
//! of one row read through [`Cells`]. Detection, binding, the header's
//! language, console total rows and the cash-basis line are written here
//! once, so the three mappers differ only in what their bills mean.

mod cells;

pub(crate) mod alibaba;
pub(crate) mod huawei;
pub(crate) mod tencent;

use std::cell::RefCell;
use std::marker::PhantomData;

use rustc_hash::FxHashMap as HashMap;

use cloudlens_model::{ChargeCategory, ChargeFrequency, CostLine, Decimal, LineDims, Tags};
use serde_json::{Map, Value};

use super::binder::{self, Binder};
use super::{category, Detected, Format, FormatId, Output, RowMapper, SourceAmount};
use crate::fields::{CellError, Col, Header, HeaderError, Row};
use crate::parse::{self, Zone};

pub(crate) use cells::tags_any;

type Aliases = &'static [&'static str];

/// A provider's fields: a fieldless enum whose variants index [`Bound`].
pub(crate) trait Field: Copy + Send + Sync + 'static {
    const COUNT: usize;
    fn index(self) -> usize;
}

/// Declares a provider's field enum and its [`Field`] impl.
macro_rules! fields {
    ($(#[$meta:meta])* $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum $name {
            $($variant),+
        }

        impl $crate::formats::china::Field for $name {
            const COUNT: usize = [$($name::$variant),+].len();
            fn index(self) -> usize {
                self as usize
            }
        }
    };
}
pub(crate) use fields;

/// A column a mapper reads: the field it fills, every spelling of it in
/// files (preferred first), the API's own key for it where that would be
/// mistaken for a file's column (`region` is not `Region`), and the `x_`
/// extra its text is also kept as.
pub(crate) struct Column<F> {
    pub field: F,
    pub aliases: Aliases,
    pub api: Aliases,
    pub keep: Option<&'static str>,
}

impl<F: Copy> Column<F> {
    pub(crate) const fn read(field: F, aliases: Aliases) -> Self {
        Self {
            field,
            aliases,
            api: &[],
            keep: None,
        }
    }

    pub(crate) const fn kept(field: F, aliases: Aliases, key: &'static str) -> Self {
        Self {
            keep: Some(key),
            ..Self::read(field, aliases)
        }
    }

    /// The API answer's keys for the field, matched only in an API's
    /// header ([`Header::exact`]).
    pub(crate) const fn api(self, keys: Aliases) -> Self {
        Self { api: keys, ..self }
    }
}

/// What binding refuses a header without.
pub(crate) enum Need<F: 'static> {
    Column(F),
    /// One of these, named by the first when all are missing.
    AnyOf(&'static [F]),
}

pub(crate) struct Spec<F: 'static> {
    pub id: FormatId,
    pub provider: &'static str,
    /// Columns only this provider's bills have; detection wants
    /// `min_markers` of them.
    pub markers: Aliases,
    pub min_markers: usize,
    /// Detection also wants, from each group, one of its alias lists.
    pub detect_with: &'static [&'static [Aliases]],
    /// The variant detected for English and for Chinese headers.
    pub variants: [&'static str; 2],
    pub columns: &'static [Column<F>],
    pub needs: &'static [Need<F>],
    /// The amount whose unit (`应付金额(元)`) names the currency when no
    /// column does; CNY when neither does (the China sites' currency).
    pub amount: F,
    /// Native columns FOCUS has no place for, kept under English keys.
    pub kept: &'static [(Aliases, &'static str)],
    /// Localized region names the bills write, with their ids.
    pub regions: &'static [(&'static str, &'static str)],
    /// A console's total row: one cell says 合计 / Total and these columns
    /// (the first bound month column, then the identifying ones) are empty
    /// or say it too.
    pub total_month: &'static [F],
    pub total_identity: &'static [F],
    pub total_reason: &'static str,
}

/// One provider's bill details: its table and what a row means.
pub(crate) trait ChinaBill: 'static {
    type F: Field;
    const SPEC: &'static Spec<Self::F>;
    fn map(row: &Cells<'_, Self::F>, out: &mut Output) -> Result<(), CellError>;
}

/// The [`Format`] of a [`ChinaBill`].
pub(crate) struct China<C>(PhantomData<fn() -> C>);

impl<C> China<C> {
    pub(crate) const FORMAT: Self = China(PhantomData);
}

impl<C: ChinaBill> Format for China<C> {
    fn id(&self) -> FormatId {
        C::SPEC.id
    }

    fn detect(&self, h: &Header) -> Option<Detected> {
        let spec = C::SPEC;
        let markers = binder::count(h, spec.markers);
        let with = spec
            .detect_with
            .iter()
            .all(|group| group.iter().any(|aliases| binder::has_any(h, aliases)));
        if markers < spec.min_markers || !with {
            return None;
        }
        let [english, chinese] = spec.variants;
        Some(Detected {
            score: (60 + 4 * markers as u32).min(98),
            variant: if binder::is_english(h) {
                english
            } else {
                chinese
            }
            .to_string(),
        })
    }

    fn bind(&self, h: &Header) -> Result<Box<dyn RowMapper>, HeaderError> {
        Ok(Box::new(Mapper::<C> {
            bound: Bound::bind(C::SPEC, h)?,
            categories: RefCell::default(),
        }))
    }
}

/// A header's columns for each field, and what the header says about the
/// rows: their language, their currency when no column states it.
pub(crate) struct Bound<F: 'static> {
    spec: &'static Spec<F>,
    cols: Vec<Option<Col>>,
    english: bool,
    default_currency: &'static str,
    extras: Vec<(Col, String)>,
}

impl<F: Field> Bound<F> {
    fn bind(spec: &'static Spec<F>, h: &Header) -> Result<Self, HeaderError> {
        let mut b = Binder::new(h);
        let mut cols = vec![None; F::COUNT];
        for c in spec.columns {
            let api_too: Vec<&str>;
            let aliases = if h.is_exact() && !c.api.is_empty() {
                api_too = c.aliases.iter().chain(c.api).copied().collect();
                &api_too[..]
            } else {
                c.aliases
            };
            let col = match c.keep {
                Some(key) => b.keep(aliases, key),
                None => b.find(aliases),
            };
            if let Some(slot) = cols.get_mut(c.field.index()) {
                *slot = col;
            }
        }
        let bound = |f: F| cols.get(f.index()).copied().flatten().is_some();
        let aliases = |f: F| {
            spec.columns
                .iter()
                .find(|c| c.field.index() == f.index())
                .map_or(&[][..], |c| c.aliases)
        };
        for need in spec.needs {
            let first = match need {
                Need::Column(f) if !bound(*f) => Some(*f),
                Need::AnyOf(fs) if !fs.iter().any(|f| bound(*f)) => fs.first().copied(),
                _ => None,
            };
            if let Some(f) = first {
                return Err(b.missing(aliases(f)));
            }
        }
        for (aliases, key) in spec.kept {
            b.keep(aliases, key);
        }
        let default_currency = cols
            .get(spec.amount.index())
            .copied()
            .flatten()
            .and_then(|c| binder::currency_from_unit(h, c))
            .unwrap_or("CNY");
        Ok(Self {
            spec,
            cols,
            english: b.english(),
            default_currency,
            extras: b.into_extras(),
        })
    }

    fn col(&self, f: F) -> Option<Col> {
        self.cols.get(f.index()).copied().flatten()
    }
}

struct Mapper<C: ChinaBill> {
    bound: Bound<C::F>,
    categories: RefCell<Categories>,
}

/// Service categories and subcategories by the names they are found
/// from: a bill names few products, so each is classified by keyword once.
#[derive(Default)]
struct Categories {
    known: HashMap<String, (&'static str, String)>,
    key: String,
}

impl Categories {
    const MAX: usize = 1 << 16;

    fn of(
        &mut self,
        category_names: &[Option<&str>],
        subcategory_names: &[Option<&str>],
    ) -> (&'static str, String) {
        self.key.clear();
        for (i, names) in [category_names, subcategory_names].iter().enumerate() {
            if i > 0 {
                self.key.push('\u{1e}');
            }
            for n in names.iter() {
                self.key.push_str(n.unwrap_or("\u{0}"));
                self.key.push('\u{1f}');
            }
        }
        if let Some(known) = self.known.get(&self.key) {
            return known.clone();
        }
        let category = category::service_category(category_names);
        let found = (
            category,
            category::service_subcategory(category, subcategory_names),
        );
        if self.known.len() >= Self::MAX {
            self.known.clear();
        }
        self.known.insert(self.key.clone(), found.clone());
        found
    }
}

impl<C: ChinaBill> RowMapper for Mapper<C> {
    fn map(&mut self, row: &Row<'_>, out: &mut Output) -> Result<(), CellError> {
        let cells = Cells {
            row,
            b: &self.bound,
            categories: &self.categories,
        };
        if cells.is_total_row() {
            out.skip(C::SPEC.total_reason);
            return Ok(());
        }
        C::map(&cells, out)
    }
}

/// One row read by field, with the Chinese consoles' conventions: `-` for
/// "no value", `¥` before amounts, Beijing time, UTC+8 billing months.
pub(crate) struct Cells<'a, F: 'static> {
    row: &'a Row<'a>,
    b: &'a Bound<F>,
    categories: &'a RefCell<Categories>,
}

impl<'a, F: Field> Cells<'a, F> {
    pub(crate) fn line(&self) -> u64 {
        self.row.line
    }

    /// Whether the header's words are English.
    pub(crate) fn english(&self) -> bool {
        self.b.english
    }

    pub(crate) fn has(&self, f: F) -> bool {
        self.b.col(f).is_some()
    }

    /// The cell's text; `None` when the column is absent, the cell empty
    /// or one of the null and `-` placeholders.
    pub(crate) fn text(&self, f: F) -> Option<&'a str> {
        binder::text(self.row, self.b.col(f))
    }

    pub(crate) fn string(&self, f: F) -> Option<String> {
        self.text(f).map(str::to_string)
    }

    /// An error about the cell of `f`.
    pub(crate) fn error(&self, f: F, value: &str, expected: &str) -> CellError {
        let name = self.b.col(f).map_or("", |c| self.row.header.name(c));
        CellError::new(name, value, expected)
    }

    /// An error about a value that parsed but is not allowed, quoting the
    /// cell as written.
    pub(crate) fn invalid(&self, f: F, expected: &str) -> CellError {
        let raw = self.b.col(f).and_then(|c| self.row.raw(c));
        self.error(f, raw.unwrap_or_default(), expected)
    }

    /// The first of `fields` with a value: a mandatory cell.
    pub(crate) fn required(&self, fields: &[F]) -> Result<&'a str, CellError> {
        fields.iter().find_map(|f| self.text(*f)).ok_or_else(|| {
            let named = fields.iter().find(|f| self.has(**f));
            let name = named.and_then(|f| self.b.col(*f));
            CellError::new(
                name.map_or("", |c| self.row.header.name(c)),
                "",
                "a value (this column is mandatory)",
            )
        })
    }

    /// A decimal amount: `-`, empty and NULL are no value; thousands
    /// separators and a leading `¥` / `￥` / `$` are accepted.
    pub(crate) fn decimal(&self, f: F) -> Result<Option<Decimal>, CellError> {
        let Some(v) = self.text(f) else {
            return Ok(None);
        };
        let body = v.trim_start_matches(['¥', '￥', '$']).trim();
        parse::decimal(body)
            .map(Some)
            .ok_or_else(|| self.error(f, v, "a decimal number"))
    }

    pub(crate) fn required_decimal(&self, f: F) -> Result<Decimal, CellError> {
        self.decimal(f)?
            .ok_or_else(|| self.error(f, "", "a decimal number (this column is mandatory)"))
    }

    /// A point in time; text without an offset is Beijing time (UTC+8).
    pub(crate) fn time(&self, f: F) -> Result<Option<i64>, CellError> {
        let Some(v) = self.text(f) else {
            return Ok(None);
        };
        parse::timestamp(v, Zone::CHINA).map(Some).ok_or_else(|| {
            self.error(
                f,
                v,
                "a date and time such as 2025-01-31 08:00:00 (UTC+8 unless an offset is given)",
            )
        })
    }

    /// The billing period a month cell names, in UTC.
    pub(crate) fn billing_month(&self, f: F) -> Result<(i64, i64), CellError> {
        let v = self.text(f).unwrap_or_default();
        cells::month_of(v)
            .and_then(cells::china_month_period)
            .ok_or_else(|| self.error(f, v, "a billing month such as 2025-01"))
    }

    /// The billing period of the UTC+8 month the time in `f` falls in.
    pub(crate) fn month_of_time(&self, f: F) -> Result<Option<(i64, i64)>, CellError> {
        let Some(ts) = self.time(f)? else {
            return Ok(None);
        };
        cells::china_month_of_instant(ts)
            .map(Some)
            .ok_or_else(|| self.invalid(f, "a date and time within 1970..2200"))
    }

    /// The charge period of a row: its start and end times when both are
    /// given (an end not after the start means the charge is a point in
    /// time: its UTC+8 day), else the billing day, else the whole billing
    /// month. Times are kept as written (converted to UTC), not clipped to
    /// the billing month: a subscription's term or a late usage record may
    /// run outside it.
    pub(crate) fn charge_period(
        &self,
        start: F,
        end: F,
        day: Option<F>,
        month: (i64, i64),
    ) -> Result<(i64, i64), CellError> {
        match (self.time(start)?, self.time(end)?) {
            (Some(s), Some(e)) if e > s => return Ok((s, e)),
            (Some(s), Some(_)) => return Ok(cells::china_day_of_instant(s)),
            _ => {}
        }
        if let Some(d) = day {
            if let Some(t) = self.time(d)? {
                return Ok(cells::china_day_of_instant(t));
            }
        }
        Ok(month)
    }

    /// The row's currency (an alias such as 人民币 or RMB read as its ISO
    /// code and noted on `out`), else the one the header implies.
    pub(crate) fn currency(&self, f: F, out: &mut Output) -> Result<String, CellError> {
        let Some(v) = self.text(f) else {
            return Ok(self.b.default_currency.to_string());
        };
        let Some(found) = cloudlens_model::currency(v) else {
            return Err(self.invalid(f, cloudlens_model::CURRENCY_EXPECTED));
        };
        out.note_currency(found);
        Ok(found.code.to_string())
    }

    /// Tags read by `parse`; text it refuses is an error naming the column.
    pub(crate) fn tags(
        &self,
        f: F,
        parse: impl Fn(&str) -> Result<Tags, String>,
    ) -> Result<Tags, CellError> {
        match self.text(f) {
            Some(t) => parse(t).map_err(|e| self.error(f, t, &e)),
            None => Ok(Tags::new()),
        }
    }

    /// `(RegionId, RegionName)` of a region cell's text (see
    /// [`cells::region`]), named in the header's language.
    pub(crate) fn region(&self, value: Option<&str>) -> (Option<String>, Option<String>) {
        cells::region(value, self.b.spec.regions, self.b.english)
    }

    /// A line's dimensions as every Chinese bill starts them: the
    /// provider, the billing account, the currency, the service with its
    /// category and subcategory (by keyword from `category_names` and
    /// `subcategory_names`) and the ChargeCategory; prices are in the
    /// billing currency.
    pub(crate) fn service_dims(
        &self,
        account: &str,
        currency: &str,
        service: &str,
        category_names: &[Option<&str>],
        subcategory_names: &[Option<&str>],
        charge_category: ChargeCategory,
    ) -> LineDims {
        let (service_category, subcategory) = self
            .categories
            .borrow_mut()
            .of(category_names, subcategory_names);
        let mut dims = LineDims::new(
            self.b.spec.provider,
            account,
            currency,
            service,
            service_category,
            charge_category,
        );
        dims.service_subcategory = Some(subcategory);
        dims.pricing_currency = Some(currency.to_string());
        dims
    }

    /// The kept columns as a JSON object, with `more` (`-` left out).
    pub(crate) fn extras(&self, more: Map<String, Value>) -> Option<String> {
        binder::extras_json(self.row, &self.b.extras, more)
    }

    fn is_total_row(&self) -> bool {
        let spec = self.b.spec;
        let month = spec.total_month.iter().find(|f| self.has(**f)).copied();
        let blank_or_marker = |f: Option<F>| {
            f.and_then(|f| self.text(f))
                .is_none_or(cells::is_total_marker)
        };
        self.row.any(cells::is_total_marker)
            && blank_or_marker(month)
            && spec
                .total_identity
                .iter()
                .all(|f| blank_or_marker(Some(*f)))
    }
}

/// Whether a billing mode cell says prepaid (`Some(true)`: a subscription)
/// or pay-as-you-go (`Some(false)`), by the provider's words for each.
pub(crate) fn prepaid(cell: Option<&str>, prepaid: &[&str], postpaid: &[&str]) -> Option<bool> {
    let t = cell?.to_lowercase();
    if prepaid.iter().any(|k| t.contains(k)) {
        Some(true)
    } else if postpaid.iter().any(|k| t.contains(k)) {
        Some(false)
    } else {
        None
    }
}

/// The ChargeCategory of a row: what its bill (or transaction) type says
/// (`classified`), else what its billing mode implies (`prepaid`: a
/// subscription is a Purchase, pay-as-you-go Usage). `None` for a stated
/// type whose meaning neither gives.
pub(crate) fn charge_category(
    bill_type: Option<&str>,
    classified: Option<ChargeCategory>,
    prepaid: Option<bool>,
) -> Option<ChargeCategory> {
    match (bill_type, classified, prepaid) {
        (_, Some(c), _) => Some(c),
        (_, None, Some(true)) => Some(ChargeCategory::Purchase),
        (_, None, Some(false)) | (None, None, None) => Some(ChargeCategory::Usage),
        (Some(_), None, None) => None,
    }
}

/// How often a cash-basis row recurs: adjustments and credits once, tax
/// with the bill, a subscription with its term, a purchase of unknown
/// billing mode once, the rest with usage.
pub(crate) fn charge_frequency(category: ChargeCategory, prepaid: Option<bool>) -> ChargeFrequency {
    match (category, prepaid) {
        (ChargeCategory::Adjustment | ChargeCategory::Credit, _) => ChargeFrequency::OneTime,
        (ChargeCategory::Tax, _) | (_, Some(true)) => ChargeFrequency::Recurring,
        (ChargeCategory::Purchase, None) => ChargeFrequency::OneTime,
        _ => ChargeFrequency::UsageBased,
    }
}

/// ListCost and ContractedCost of a row stating its list price (官网价 /
/// 原价) and the discount off it: the list less the discount, each
/// falling back to the billed amount when the row does not say.
pub(crate) fn list_and_contracted(
    list: Option<Decimal>,
    discount: Option<Decimal>,
    billed: Decimal,
) -> (Decimal, Decimal) {
    let list_or_billed = list.unwrap_or(billed);
    match (list, discount) {
        (Some(l), Some(d)) => (l, l - d),
        _ => (list_or_billed, list_or_billed),
    }
}

/// The figures of one cash-basis bill row, as the Chinese clouds' bill
/// details state them. Their exports are not amortized, so the effective
/// cost is the billed cost.
pub(crate) struct CashLine {
    pub billing_period: (i64, i64),
    pub charge_period: (i64, i64),
    pub currency: String,
    pub billed: Decimal,
    pub list: Decimal,
    pub contracted: Decimal,
    pub pricing_quantity: Option<Decimal>,
    pub consumed_quantity: Option<Decimal>,
    pub list_unit_price: Option<Decimal>,
    pub contracted_unit_price: Option<Decimal>,
    pub extras: Option<String>,
    pub source_row: u64,
}

impl<F: Field> Cells<'_, F> {
    /// The row's line as billed: its list and contracted cost the billed
    /// amount, no quantities, prices or extras until the mapper says.
    pub(crate) fn cash_line(
        &self,
        billing_period: (i64, i64),
        charge_period: (i64, i64),
        currency: String,
        billed: Decimal,
    ) -> CashLine {
        CashLine {
            billing_period,
            charge_period,
            currency,
            billed,
            list: billed,
            contracted: billed,
            pricing_quantity: None,
            consumed_quantity: None,
            list_unit_price: None,
            contracted_unit_price: None,
            extras: None,
            source_row: self.line(),
        }
    }
}

/// Emits the row's one line, with the billed amount as the file's own figure.
pub(crate) fn push_cash_line(out: &mut Output, mut dims: LineDims, mut l: CashLine) {
    super::pair_units(&mut dims, &mut l.pricing_quantity, &mut l.consumed_quantity);
    let line = CostLine {
        list_cost: l.list,
        contracted_cost: l.contracted,
        pricing_quantity: l.pricing_quantity,
        consumed_quantity: l.consumed_quantity,
        list_unit_price: l.list_unit_price,
        contracted_unit_price: l.contracted_unit_price,
        extras: l.extras,
        ..super::cost_line(
            out.dims(dims),
            l.billing_period,
            l.charge_period,
            l.billed,
            l.source_row,
        )
    };
    out.source = Some(SourceAmount {
        billing_period_start: l.billing_period.0,
        currency: l.currency,
        amount: l.billed,
    });
    out.push(line);
}
