//! Public holidays from 2020 to 2030 of two calendars, for models that need
//! to know which days behave differently: mainland China (the State
//! Council's published schedules, days off and the weekend days worked in
//! exchange; for years not yet published, the festivals' rule-based dates,
//! marked `estimated`) and the US/Western calendar (federal holidays by
//! rule with their observed days, Good Friday and Easter Monday, and the
//! Christmas–New Year stretch). No I/O, no clock.

mod china;
mod china_official;
mod lunar;
mod western;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

/// First and last year the tables cover.
pub const FIRST_YEAR: i32 = 2020;
pub const LAST_YEAR: i32 = 2030;
/// The last year whose mainland China schedule is the published one; later
/// years are estimated from the festivals' dates.
pub const CHINA_OFFICIAL_UNTIL: i32 = 2026;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    China,
    Western,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Festival {
    // Mainland China.
    NewYear,
    SpringFestival,
    Qingming,
    LabourDay,
    DragonBoat,
    MidAutumn,
    NationalDay,
    // US federal holidays.
    UsNewYear,
    MartinLutherKing,
    Presidents,
    Memorial,
    Juneteenth,
    Independence,
    UsLabor,
    Columbus,
    Veterans,
    Thanksgiving,
    Christmas,
    // Western observances that are not US federal holidays.
    GoodFriday,
    EasterMonday,
    /// 24 December to 1 January: offices half empty, batch work paused.
    YearEndPeriod,
}

impl Festival {
    pub fn region(self) -> Region {
        use Festival::*;
        match self {
            NewYear | SpringFestival | Qingming | LabourDay | DragonBoat | MidAutumn
            | NationalDay => Region::China,
            _ => Region::Western,
        }
    }

    pub fn name_en(self) -> &'static str {
        use Festival::*;
        match self {
            NewYear => "New Year's Day (China)",
            SpringFestival => "Spring Festival",
            Qingming => "Qingming Festival",
            LabourDay => "Labour Day (China)",
            DragonBoat => "Dragon Boat Festival",
            MidAutumn => "Mid-Autumn Festival",
            NationalDay => "National Day",
            UsNewYear => "New Year's Day",
            MartinLutherKing => "Martin Luther King Jr. Day",
            Presidents => "Presidents' Day",
            Memorial => "Memorial Day",
            Juneteenth => "Juneteenth",
            Independence => "Independence Day",
            UsLabor => "Labor Day",
            Columbus => "Columbus Day",
            Veterans => "Veterans Day",
            Thanksgiving => "Thanksgiving",
            Christmas => "Christmas Day",
            GoodFriday => "Good Friday",
            EasterMonday => "Easter Monday",
            YearEndPeriod => "Christmas and New Year period",
        }
    }

    pub fn name_zh(self) -> &'static str {
        use Festival::*;
        match self {
            NewYear => "元旦",
            SpringFestival => "春节",
            Qingming => "清明节",
            LabourDay => "劳动节",
            DragonBoat => "端午节",
            MidAutumn => "中秋节",
            NationalDay => "国庆节",
            UsNewYear => "新年（美国）",
            MartinLutherKing => "马丁·路德·金纪念日",
            Presidents => "总统日",
            Memorial => "阵亡将士纪念日",
            Juneteenth => "六月节",
            Independence => "美国独立日",
            UsLabor => "美国劳动节",
            Columbus => "哥伦布日",
            Veterans => "退伍军人节",
            Thanksgiving => "感恩节",
            Christmas => "圣诞节",
            GoodFriday => "耶稣受难日",
            EasterMonday => "复活节星期一",
            YearEndPeriod => "圣诞及新年假期",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// A public holiday (the observed day where the rule moves it).
    DayOff,
    /// A weekend day worked in exchange for a longer holiday (China, 调休).
    MakeUpWorkday,
    /// Part of a stretch of reduced activity that is not a public holiday.
    Period,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Entry {
    pub date: NaiveDate,
    pub festival: Festival,
    pub kind: DayKind,
    /// Rule-based, not a published schedule (China after
    /// [`CHINA_OFFICIAL_UNTIL`]; make-up working days are then unknown).
    pub estimated: bool,
}

/// What a model needs to know about one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayFlags {
    /// A mainland China public holiday other than the Spring Festival.
    pub china_holiday: bool,
    /// Inside the Spring Festival holiday.
    pub spring_festival: bool,
    /// A weekend day worked in China.
    pub china_make_up: bool,
    /// A US federal holiday (observed day), Good Friday or Easter Monday.
    pub western_holiday: bool,
    /// 24 December to 1 January.
    pub year_end: bool,
    /// Some flag above comes from an estimated schedule.
    pub estimated: bool,
}

/// Every holiday entry of both calendars, 2020–2030.
#[derive(Debug, Clone)]
pub struct Calendar {
    by_date: BTreeMap<NaiveDate, Vec<Entry>>,
}

impl Default for Calendar {
    fn default() -> Self {
        Self::new()
    }
}

impl Calendar {
    pub fn new() -> Calendar {
        let mut by_date: BTreeMap<NaiveDate, Vec<Entry>> = BTreeMap::new();
        for e in china::entries().into_iter().chain(western::entries()) {
            by_date.entry(e.date).or_default().push(e);
        }
        Calendar { by_date }
    }

    /// Whether `date` falls in the years the tables cover.
    pub fn covers(&self, date: NaiveDate) -> bool {
        (FIRST_YEAR..=LAST_YEAR).contains(&date.year())
    }

    /// The entries of one day (several when calendars overlap).
    pub fn on(&self, date: NaiveDate) -> &[Entry] {
        self.by_date.get(&date).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Entries with `from <= date < to`, in date order.
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = &Entry> {
        let range = if from < to { from..to } else { from..from };
        self.by_date.range(range).flat_map(|(_, v)| v.iter())
    }

    pub fn flags(&self, date: NaiveDate) -> DayFlags {
        let mut f = DayFlags::default();
        for e in self.on(date) {
            match (e.festival, e.kind) {
                (Festival::SpringFestival, DayKind::DayOff) => f.spring_festival = true,
                (_, DayKind::MakeUpWorkday) => f.china_make_up = true,
                (Festival::YearEndPeriod, _) => f.year_end = true,
                (fest, DayKind::DayOff) if fest.region() == Region::China => f.china_holiday = true,
                (_, DayKind::DayOff) => f.western_holiday = true,
                (_, DayKind::Period) => f.year_end = true,
            }
            f.estimated |= e.estimated;
        }
        f
    }

    /// Whether people in mainland China work on `date`: a weekday that is no
    /// holiday, or a make-up working day.
    pub fn china_workday(&self, date: NaiveDate) -> bool {
        let f = self.flags(date);
        if f.china_make_up {
            return true;
        }
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        !weekend && !f.china_holiday && !f.spring_festival
    }
}

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[cfg(test)]
mod tests;
