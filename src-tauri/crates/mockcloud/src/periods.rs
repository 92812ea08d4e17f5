//! Billing periods (`YYYY-MM`) of the neutral account as the mocks deliver
//! them: a day's period, a period's days, the adjustments that restate it,
//! and a digest of what its bill depends on, which names a delivery and
//! changes exactly when the bill does.

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};

use crate::{Account, BillItem};

/// The period a day falls in.
pub(crate) fn month_of(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// A period's first day and the next period's.
pub(crate) fn month_days(month: &str) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").unwrap_or_default();
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    (first, next)
}

/// The adjustments of a period: each restates it.
pub(crate) fn adjustments_in<'a>(
    account: &'a Account,
    month: &'a str,
) -> impl Iterator<Item = &'a BillItem> + 'a {
    account
        .adjustments
        .iter()
        .filter(move |a| month_of(a.day) == month)
}

/// Feeds the period's adjustments to `h`: with whatever else shapes a
/// delivery, a digest that changes exactly when the period's bill does.
pub(crate) fn hash_adjustments(h: &mut Sha256, account: &Account, month: &str) {
    for a in adjustments_in(account, month) {
        h.update(format!("{}:{}:{};", a.resource, a.day, a.cents).as_bytes());
    }
}

/// A digest written as a UUID, as export run and execution ids are.
pub(crate) fn as_uuid(hex: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
