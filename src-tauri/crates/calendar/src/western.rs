//! US federal holidays by their statutory rules (5 U.S.C. 6103), moved to
//! the observed weekday when they fall on a weekend, plus Good Friday,
//! Easter Monday and the Christmas–New Year stretch.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::{ymd, DayKind, Entry, Festival, FIRST_YEAR, LAST_YEAR};

/// The `n`-th `weekday` of a month (n from 1), or the last one when `n` is 0.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    if n == 0 {
        let next = if month == 12 {
            ymd(year + 1, 1, 1)
        } else {
            ymd(year, month + 1, 1)
        }?;
        let mut d = next - Duration::days(1);
        while d.weekday() != weekday {
            d -= Duration::days(1);
        }
        return Some(d);
    }
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8)
}

/// Saturday holidays are observed on Friday, Sunday ones on Monday.
fn observed(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d - Duration::days(1),
        Weekday::Sun => d + Duration::days(1),
        _ => d,
    }
}

/// Western Easter Sunday (the anonymous Gregorian computus).
pub(crate) fn easter(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

fn year_entries(y: i32) -> Vec<Entry> {
    use Festival::*;
    let fixed = |m, d| ymd(y, m, d).map(observed);
    let mut days = vec![
        (fixed(1, 1), UsNewYear),
        (nth_weekday(y, 1, Weekday::Mon, 3), MartinLutherKing),
        (nth_weekday(y, 2, Weekday::Mon, 3), Presidents),
        (nth_weekday(y, 5, Weekday::Mon, 0), Memorial),
        (fixed(7, 4), Independence),
        (nth_weekday(y, 9, Weekday::Mon, 1), UsLabor),
        (nth_weekday(y, 10, Weekday::Mon, 2), Columbus),
        (fixed(11, 11), Veterans),
        (nth_weekday(y, 11, Weekday::Thu, 4), Thanksgiving),
        (fixed(12, 25), Christmas),
        (easter(y).map(|e| e - Duration::days(2)), GoodFriday),
        (easter(y).map(|e| e + Duration::days(1)), EasterMonday),
    ];
    // A federal holiday since 17 June 2021.
    if y >= 2021 {
        days.push((fixed(6, 19), Juneteenth));
    }
    let mut out: Vec<Entry> = days
        .into_iter()
        .filter_map(|(d, festival)| {
            d.map(|date| Entry {
                date,
                festival,
                kind: DayKind::DayOff,
                estimated: false,
            })
        })
        .collect();
    let stretch = std::iter::once(ymd(y, 1, 1)).chain((24..=31).map(|d| ymd(y, 12, d)));
    out.extend(stretch.flatten().map(|date| Entry {
        date,
        festival: YearEndPeriod,
        kind: DayKind::Period,
        estimated: false,
    }));
    out
}

pub(crate) fn entries() -> Vec<Entry> {
    (FIRST_YEAR..=LAST_YEAR).flat_map(year_entries).collect()
}
