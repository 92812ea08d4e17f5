//! Which calendar day a charge belongs to. Instants are UTC; a day is the
//! local date in a time zone the user chooses. Providers that bill in their
//! own zone (the Chinese clouds bill in UTC+8 and their billing periods start
//! at 16:00 UTC) can keep their own days, so a month's lines add up to the
//! provider's month bill. Days are numbered like `utc_day`: days since
//! 1970-01-01 of the local date.

use std::fmt;
use std::str::FromStr;

use chrono::{Offset, TimeZone};
use chrono_tz::Tz;

const DAY: i64 = 86_400;
const PROVIDER_SUFFIX: &str = ";provider";

/// A time zone for days, and whether lines billed in a provider's own zone
/// follow that zone instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayZone {
    zone: Tz,
    provider_zones: bool,
}

/// A zone name that is not in the IANA time zone database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a time zone name such as UTC, Asia/Shanghai or Europe/Berlin")]
pub struct UnknownZone(pub String);

impl Default for DayZone {
    /// UTC days for every line: how stores before day zones keyed them.
    fn default() -> Self {
        DayZone {
            zone: Tz::UTC,
            provider_zones: false,
        }
    }
}

impl DayZone {
    /// `zone` is an IANA name (`UTC`, `Asia/Shanghai`).
    pub fn new(zone: &str, provider_zones: bool) -> Result<Self, UnknownZone> {
        let zone = Tz::from_str(zone.trim()).map_err(|_| UnknownZone(zone.to_string()))?;
        Ok(DayZone {
            zone,
            provider_zones,
        })
    }

    /// Every zone name the database knows, for a picker.
    pub fn zone_names() -> impl Iterator<Item = &'static str> {
        chrono_tz::TZ_VARIANTS.iter().map(|z| z.name())
    }

    pub fn zone_name(&self) -> &'static str {
        self.zone.name()
    }

    pub fn provider_zones(&self) -> bool {
        self.provider_zones
    }

    /// The local day of a charge starting at `instant` whose billing period
    /// starts at `period_start`.
    pub fn day(&self, instant: i64, period_start: i64) -> i64 {
        if self.provider_zones {
            if let Some(offset) = billing_offset(period_start) {
                return (instant + offset).div_euclid(DAY);
            }
        }
        let offset = match self.zone.timestamp_opt(instant, 0).single() {
            Some(t) => i64::from(t.offset().fix().local_minus_utc()),
            None => 0,
        };
        (instant + offset).div_euclid(DAY)
    }
}

/// The UTC offset of a provider that starts its billing periods at local
/// midnight away from UTC midnight; `None` for periods starting at UTC
/// midnight (AWS, Azure, GCP), which then follow the chosen zone. A start up
/// to 12:00 UTC is read as a zone west of UTC, a later one as east: 16:00 UTC
/// means UTC+8, 08:00 UTC means UTC-8.
fn billing_offset(period_start: i64) -> Option<i64> {
    let r = period_start.rem_euclid(DAY);
    match r {
        0 => None,
        r if r <= 12 * 3600 => Some(-r),
        r => Some(DAY - r),
    }
}

impl fmt::Display for DayZone {
    /// The stored form: the zone name, `;provider` when providers' own zones
    /// are followed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let suffix = if self.provider_zones {
            PROVIDER_SUFFIX
        } else {
            ""
        };
        write!(f, "{}{suffix}", self.zone.name())
    }
}

impl FromStr for DayZone {
    type Err = UnknownZone;
    fn from_str(s: &str) -> Result<Self, UnknownZone> {
        match s.strip_suffix(PROVIDER_SUFFIX) {
            Some(zone) => DayZone::new(zone, true),
            None => DayZone::new(s, false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OCT_1_UTC: i64 = 1_790_812_800; // 2026-10-01T00:00:00Z
    const BEIJING_OCT: i64 = OCT_1_UTC - 8 * 3600;
    const UTC_OCT: i64 = OCT_1_UTC;

    fn day(z: &DayZone, t: i64, p: i64) -> String {
        crate::utc_day(z.day(t, p) * DAY).unwrap().to_string()
    }

    #[test]
    fn a_beijing_first_of_the_month_is_the_first_in_shanghai_and_with_provider_zones() {
        let shanghai: DayZone = "Asia/Shanghai".parse().unwrap();
        assert_eq!(day(&shanghai, BEIJING_OCT, BEIJING_OCT), "2026-10-01");
        let utc = DayZone::default();
        assert_eq!(day(&utc, BEIJING_OCT, BEIJING_OCT), "2026-09-30");
        let berlin_provider: DayZone = "Europe/Berlin;provider".parse().unwrap();
        assert_eq!(
            day(&berlin_provider, BEIJING_OCT, BEIJING_OCT),
            "2026-10-01"
        );
        // A line billed in UTC follows the chosen zone: 23:30 UTC is the next
        // day in Berlin (UTC+2 in October).
        assert_eq!(
            day(&berlin_provider, UTC_OCT - 1800, UTC_OCT - 30 * DAY),
            "2026-10-01"
        );
    }

    #[test]
    fn daylight_saving_moves_the_day_boundary() {
        let ny: DayZone = "America/New_York".parse().unwrap();
        // 04:30 UTC is 00:30 in New York in October (UTC-4) but 23:30 the day
        // before in December (UTC-5).
        assert_eq!(day(&ny, UTC_OCT + 4 * 3600 + 1800, 0), "2026-10-01");
        let dec_1 = 1_796_083_200; // 2026-12-01T00:00:00Z
        assert_eq!(day(&ny, dec_1 + 4 * 3600 + 1800, 0), "2026-11-30");
    }

    #[test]
    fn billing_offsets_read_east_and_west_of_utc() {
        assert_eq!(billing_offset(OCT_1_UTC), None);
        assert_eq!(billing_offset(BEIJING_OCT), Some(8 * 3600));
        assert_eq!(billing_offset(OCT_1_UTC + 8 * 3600), Some(-8 * 3600));
        assert_eq!(billing_offset(OCT_1_UTC - 9 * 3600), Some(9 * 3600));
    }

    #[test]
    fn the_stored_form_round_trips_and_unknown_names_are_refused() {
        for s in ["UTC", "Asia/Shanghai;provider", "America/New_York"] {
            assert_eq!(s.parse::<DayZone>().unwrap().to_string(), s);
        }
        let e = "Mars/Olympus".parse::<DayZone>().unwrap_err();
        assert!(e.to_string().contains("Mars/Olympus"));
    }
}
