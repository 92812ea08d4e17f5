use chrono::{Datelike, Duration, NaiveDate};

use crate::china_official::{DAYS_OFF, MAKE_UP_WORKDAYS};
use crate::lunar::FESTIVALS;
use crate::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn every_table_row_is_a_real_date() {
    for &(y, m, dd, days, _) in DAYS_OFF {
        assert!(ymd(y, m, dd).is_some() && days > 0, "{y}-{m}-{dd}");
    }
    for &(y, m, dd, _) in MAKE_UP_WORKDAYS {
        let date = ymd(y, m, dd).unwrap();
        assert!(
            matches!(date.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun),
            "{date} is a make-up working day but not a weekend"
        );
    }
    for &(y, a, b, c, e) in FESTIVALS {
        for (m, dd) in [a, b, c, e] {
            assert!(ymd(y, m, dd).is_some(), "{y}-{m}-{dd}");
        }
    }
    assert_eq!(FESTIVALS.len() as i32, LAST_YEAR - FIRST_YEAR + 1);
}

#[test]
fn lunar_festivals_keep_their_lunar_spacing() {
    for &(y, spring, qingming, dragon, autumn) in FESTIVALS {
        let at = |(m, dd): (u32, u32)| ymd(y, m, dd).unwrap();
        let sf = at(spring);
        assert!(
            sf >= ymd(y, 1, 21).unwrap() && sf <= ymd(y, 2, 20).unwrap(),
            "{sf}"
        );
        assert!(matches!(at(qingming).day(), 4 | 5) && at(qingming).month() == 4);
        // Four lunar months and four days (five months with a leap month).
        let to_dragon = (at(dragon) - sf).num_days();
        assert!((120..=154).contains(&to_dragon), "{y}: {to_dragon}");
        let to_autumn = (at(autumn) - at(dragon)).num_days();
        assert!((98..=130).contains(&to_autumn), "{y}: {to_autumn}");
    }
}

#[test]
fn published_china_schedule_has_holidays_and_make_up_days() {
    let cal = Calendar::new();
    // 2025: Spring Festival 28 Jan – 4 Feb, worked on Sunday 26 Jan and Saturday 8 Feb.
    assert!(cal.flags(d("2025-01-28")).spring_festival);
    assert!(cal.flags(d("2025-02-04")).spring_festival);
    assert!(!cal.flags(d("2025-02-05")).spring_festival);
    assert!(cal.flags(d("2025-01-26")).china_make_up);
    assert!(cal.china_workday(d("2025-02-08")));
    assert!(!cal.china_workday(d("2025-10-03")));
    assert!(cal.china_workday(d("2025-10-09")));
    let e = cal.on(d("2026-02-17"));
    assert!(e
        .iter()
        .any(|e| e.festival == Festival::SpringFestival && !e.estimated));
    assert_eq!(Festival::SpringFestival.name_zh(), "春节");
}

#[test]
fn later_china_years_are_estimated_from_the_festival_dates() {
    let cal = Calendar::new();
    // Spring Festival 2027 is 6 February; its eve starts the estimated holiday.
    let f = cal.flags(d("2027-02-05"));
    assert!(f.spring_festival && f.estimated);
    assert!(cal.flags(d("2027-02-12")).spring_festival);
    assert!(!cal.flags(d("2027-02-13")).spring_festival);
    // Mid-Autumn 2028 (3 October) falls inside National Day, which grows to eight days.
    assert!(cal.flags(d("2028-10-08")).china_holiday);
    assert!(cal.flags(d("2030-09-12")).china_holiday);
    assert!(cal
        .between(d("2027-01-01"), d("2031-01-01"))
        .all(|e| e.festival.region() == Region::Western || e.estimated));
}

#[test]
fn us_federal_holidays_follow_their_rules() {
    let cal = Calendar::new();
    let has = |s: &str, f: Festival| cal.on(d(s)).iter().any(|e| e.festival == f);
    assert!(has("2026-11-26", Festival::Thanksgiving));
    assert!(has("2026-05-25", Festival::Memorial));
    assert!(has("2026-01-19", Festival::MartinLutherKing));
    // 4 July 2026 is a Saturday: observed Friday 3 July.
    assert!(has("2026-07-03", Festival::Independence));
    // 1 January 2022 was a Saturday: observed Friday 31 December 2021.
    assert!(has("2021-12-31", Festival::UsNewYear));
    assert!(!has("2020-06-19", Festival::Juneteenth));
    assert!(has("2025-04-18", Festival::GoodFriday));
    assert!(has("2024-04-01", Festival::EasterMonday));
    let f = cal.flags(d("2025-12-29"));
    assert!(f.year_end && !f.western_holiday);
}

#[test]
fn easter_matches_known_dates() {
    for (y, s) in [
        (2020, "2020-04-12"),
        (2024, "2024-03-31"),
        (2025, "2025-04-20"),
        (2030, "2030-04-21"),
    ] {
        assert_eq!(western::easter(y), Some(d(s)));
    }
    let _ = Duration::days(0);
}

#[test]
fn every_year_has_both_calendars() {
    let cal = Calendar::new();
    for y in FIRST_YEAR..=LAST_YEAR {
        let (from, to) = (ymd(y, 1, 1).unwrap(), ymd(y + 1, 1, 1).unwrap());
        let entries: Vec<_> = cal.between(from, to).collect();
        assert!(
            entries
                .iter()
                .any(|e| e.festival == Festival::SpringFestival),
            "{y}"
        );
        assert!(
            entries.iter().any(|e| e.festival == Festival::Thanksgiving),
            "{y}"
        );
        assert!(cal.covers(from));
    }
    assert!(!cal.covers(d("2031-01-01")));
}
