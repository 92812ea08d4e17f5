//! Which windows a run fetches: every window of the current and previous
//! month (the provider still revises them), windows of closed months that
//! are not done yet, and every window of a closed month whose total the
//! provider restated.

use std::collections::HashSet;

use chrono::NaiveDate;
use cloudlens_providers::{MonthTotal, Window};

use crate::months::{days_until, month_text};

/// The windows of one month up to `today` (a month not started has none).
pub fn month_windows(
    account: &str,
    month: (i32, u32),
    today: NaiveDate,
    by_day: bool,
) -> Vec<Window> {
    let text = month_text(month);
    let days = days_until(month, today);
    if days.is_empty() {
        return Vec::new();
    }
    if by_day {
        days.into_iter()
            .map(|d| Window {
                billing_account: account.to_string(),
                month: text.clone(),
                day: Some(d),
            })
            .collect()
    } else {
        vec![Window {
            billing_account: account.to_string(),
            month: text,
            day: None,
        }]
    }
}

/// Splits a month's windows into (to fetch, skipped).
pub fn choose(
    windows: Vec<Window>,
    provisional: bool,
    restated: bool,
    done: &HashSet<String>,
) -> (Vec<Window>, u32) {
    if provisional || restated {
        return (windows, 0);
    }
    let before = windows.len();
    let todo: Vec<Window> = windows
        .into_iter()
        .filter(|w| !done.contains(&w.key()))
        .collect();
    let skipped = (before - todo.len()) as u32;
    (todo, skipped)
}

/// A canonical text of a month's totals (`CNY=12.5;USD=3`), to compare
/// with what was stored when the month was last complete.
pub fn totals_text(totals: &[MonthTotal]) -> String {
    let mut parts: Vec<String> = totals
        .iter()
        .map(|t| format!("{}={}", t.currency, t.billed.normalize()))
        .collect();
    parts.sort();
    parts.join(";")
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudlens_model::Decimal;

    #[test]
    fn done_windows_of_closed_months_are_skipped_unless_restated() {
        let today = NaiveDate::from_ymd_opt(2025, 3, 5).unwrap();
        let ws = month_windows("A", (2025, 1), today, true);
        assert_eq!(ws.len(), 31);
        assert_eq!(month_windows("A", (2025, 3), today, true).len(), 5);
        assert_eq!(month_windows("A", (2025, 4), today, true).len(), 0);
        assert_eq!(month_windows("A", (2025, 1), today, false).len(), 1);
        let done: HashSet<String> = ws.iter().take(10).map(|w| w.key()).collect();
        let (todo, skipped) = choose(ws.clone(), false, false, &done);
        assert_eq!((todo.len(), skipped), (21, 10));
        let (todo, skipped) = choose(ws.clone(), false, true, &done);
        assert_eq!((todo.len(), skipped), (31, 0));
        let (todo, _) = choose(ws, true, false, &done);
        assert_eq!(todo.len(), 31);
    }

    #[test]
    fn totals_text_ignores_order_and_trailing_zeros() {
        let a = [
            MonthTotal {
                currency: "USD".into(),
                billed: Decimal::new(300, 2),
            },
            MonthTotal {
                currency: "CNY".into(),
                billed: Decimal::new(125, 1),
            },
        ];
        let b = [
            MonthTotal {
                currency: "CNY".into(),
                billed: Decimal::new(1250, 2),
            },
            MonthTotal {
                currency: "USD".into(),
                billed: Decimal::new(3, 0),
            },
        ];
        assert_eq!(totals_text(&a), totals_text(&b));
        assert_eq!(totals_text(&a), "CNY=12.5;USD=3");
    }
}
