//! The order of the recommendation list: what saves most comes first, and
//! amounts in different currencies are compared only once converted.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::views::RecommendationView;

fn amount(s: Option<&str>) -> Option<Decimal> {
    s.and_then(|s| s.parse::<Decimal>().ok())
}

/// Savings converted into the display currency rank together, highest
/// first. A saving no rate converts (or every saving, when the list is shown
/// per billing currency) follows, grouped by its currency and highest first
/// within it: 100 CNY is not more than 50 USD, so bare amounts of different
/// currencies are never compared.
pub(crate) fn rank(items: &mut [RecommendationView]) {
    items.sort_by(|a, b| {
        let shown = |v: &RecommendationView| amount(v.display_saving.as_deref());
        let own = |v: &RecommendationView| amount(Some(&v.monthly_saving)).unwrap_or_default();
        let converted = match (shown(a), shown(b)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => a.currency.cmp(&b.currency),
        };
        converted
            .then_with(|| own(b).cmp(&own(a)))
            .then_with(|| a.id.cmp(&b.id))
    });
}
