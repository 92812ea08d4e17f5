//! Mainland China: the published schedules, then rule-based estimates for
//! the years the State Council has not published yet.

use chrono::{Duration, NaiveDate};

use crate::china_official::{DAYS_OFF, MAKE_UP_WORKDAYS};
use crate::lunar::FESTIVALS;
use crate::{ymd, DayKind, Entry, Festival, CHINA_OFFICIAL_UNTIL, LAST_YEAR};

fn run(first: NaiveDate, days: u32, festival: Festival, estimated: bool) -> Vec<Entry> {
    (0..i64::from(days))
        .map(|i| Entry {
            date: first + Duration::days(i),
            festival,
            kind: DayKind::DayOff,
            estimated,
        })
        .collect()
}

fn official() -> Vec<Entry> {
    let mut out = Vec::new();
    for &(y, m, d, days, festival) in DAYS_OFF {
        if let Some(first) = ymd(y, m, d) {
            out.extend(run(first, days, festival, false));
        }
    }
    for &(y, m, d, festival) in MAKE_UP_WORKDAYS {
        if let Some(date) = ymd(y, m, d) {
            out.push(Entry {
                date,
                festival,
                kind: DayKind::MakeUpWorkday,
                estimated: false,
            });
        }
    }
    out
}

/// The shape recent schedules share: the Spring Festival from its eve for
/// eight days, Labour Day and National Day as their usual five- and
/// seven-day stretches (eight when Mid-Autumn falls inside), the other
/// festivals on their own day. Make-up working days cannot be guessed.
fn estimated(year: i32) -> Vec<Entry> {
    let Some(&(_, spring, qingming, dragon, autumn)) = FESTIVALS.iter().find(|f| f.0 == year)
    else {
        return Vec::new();
    };
    let day = |(m, d): (u32, u32)| ymd(year, m, d);
    let mut out = Vec::new();
    let mut add = |date: Option<NaiveDate>, days: u32, festival: Festival| {
        if let Some(first) = date {
            out.extend(run(first, days, festival, true));
        }
    };
    add(day((1, 1)), 1, Festival::NewYear);
    add(
        day(spring).map(|d| d - Duration::days(1)),
        8,
        Festival::SpringFestival,
    );
    add(day(qingming), 1, Festival::Qingming);
    add(day((5, 1)), 5, Festival::LabourDay);
    add(day(dragon), 1, Festival::DragonBoat);
    let (national_start, autumn_date) = (day((10, 1)), day(autumn));
    let inside = match (national_start, autumn_date) {
        (Some(n), Some(a)) => a >= n - Duration::days(1) && a <= n + Duration::days(7),
        _ => false,
    };
    if inside {
        add(national_start, 8, Festival::NationalDay);
    } else {
        add(autumn_date, 1, Festival::MidAutumn);
        add(national_start, 7, Festival::NationalDay);
    }
    out
}

pub(crate) fn entries() -> Vec<Entry> {
    let mut out = official();
    for year in CHINA_OFFICIAL_UNTIL + 1..=LAST_YEAR {
        out.extend(estimated(year));
    }
    out
}
