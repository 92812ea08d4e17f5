//! Values as text in the report's language. Money is rounded once, here, for
//! display (half away from zero at the currency's minor unit); the exact
//! amount stays in the model for spreadsheets and CSV.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::{Cell, Document, Language, Period};

/// Decimal places shown for a currency: none for the yen and the won, two
/// for the rest (and for units of usage).
pub fn minor_units(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "VND" | "CLP" | "ISK" => 0,
        _ => 2,
    }
}

/// An amount rounded for display at the currency's minor unit.
pub fn rounded(amount: Decimal, currency: &str) -> Decimal {
    amount.round_dp_with_strategy(
        minor_units(currency),
        RoundingStrategy::MidpointAwayFromZero,
    )
}

/// `1234567.5` with 2 places → `1,234,567.50`.
pub fn grouped(amount: Decimal, places: u32) -> String {
    let r = amount.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.*}", places as usize, r.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::with_capacity(text.len() + int.len() / 3 + 1);
    if r.is_sign_negative() && !r.is_zero() {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

pub fn money(amount: Decimal, currency: &str) -> String {
    format!("{} {currency}", grouped(amount, minor_units(currency)))
}

pub fn cell(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Money { amount, currency } => money(*amount, currency),
        Cell::Percent(p) => format!("{} %", grouped(*p, 2)),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::Integer(n) => grouped(Decimal::from(*n), 0),
        Cell::Decimal(d) => grouped(*d, d.normalize().scale()),
    }
}

/// Fixed words of every report, in both languages.
pub struct Labels {
    pub contents: &'static str,
    pub period: &'static str,
    pub currency: &'static str,
    pub billing_currencies: &'static str,
    pub generated: &'static str,
    pub page: fn(usize, usize) -> String,
    pub continued: &'static str,
    pub currency_column: &'static str,
    pub missing_glyphs: &'static str,
}

pub fn labels(language: Language) -> Labels {
    match language {
        Language::En => Labels {
            contents: "Contents",
            period: "Period",
            currency: "Currency",
            billing_currencies: "billing currencies, kept apart",
            generated: "Generated",
            page: |n, total| format!("Page {n} of {total}"),
            continued: " (continued)",
            currency_column: "currency",
            missing_glyphs: "Characters no installed font can draw",
        },
        Language::ZhCn => Labels {
            contents: "目录",
            period: "期间",
            currency: "币种",
            billing_currencies: "按计费币种分列",
            generated: "生成时间",
            page: |n, total| format!("第 {n} 页，共 {total} 页"),
            continued: "（续）",
            currency_column: "币种",
            missing_glyphs: "已安装字体无法显示的字符",
        },
    }
}

pub fn period(p: &Period, language: Language) -> String {
    let (a, b) = (p.from.format("%Y-%m-%d"), p.last_day().format("%Y-%m-%d"));
    match language {
        Language::En => format!("{a} to {b}"),
        Language::ZhCn => format!("{a} 至 {b}"),
    }
}

/// The lines under the title: period, currency, time made.
pub fn header_lines(doc: &Document) -> Vec<String> {
    let l = labels(doc.language);
    let sep = match doc.language {
        Language::En => ": ",
        Language::ZhCn => "：",
    };
    vec![
        format!("{}{sep}{}", l.period, period(&doc.period, doc.language)),
        format!(
            "{}{sep}{}",
            l.currency,
            doc.currency.as_deref().unwrap_or(l.billing_currencies)
        ),
        format!(
            "{}{sep}{}",
            l.generated,
            doc.generated_at.format("%Y-%m-%d %H:%M:%S UTC")
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn money_is_grouped_and_rounded_once_at_the_minor_unit() {
        assert_eq!(money(d("1234567.125"), "CNY"), "1,234,567.13 CNY");
        assert_eq!(money(d("-1234.5"), "JPY"), "-1,235 JPY");
        assert_eq!(money(d("-0.004"), "USD"), "0.00 USD");
        assert_eq!(money(d("999.999"), "USD"), "1,000.00 USD");
        assert_eq!(grouped(d("12"), 0), "12");
        assert_eq!(cell(&Cell::Percent(d("12.345"))), "12.35 %");
    }
}
