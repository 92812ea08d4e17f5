//! Dates of the lunisolar festivals and the Qingming solar term, 2020–2030,
//! converted with the PyPI package lunardate 0.3.0 (Qingming from holidays
//! 0.108); `tools/china_table.py --check` recomputes them. Unit tests check
//! the calendar's own invariants (Spring Festival between 21 January and 20
//! February, the festivals' lunar month spacing).

/// (year, (month, day) of Spring Festival, Qingming, Dragon Boat, Mid-Autumn).
pub(crate) type LunarYear = (i32, (u32, u32), (u32, u32), (u32, u32), (u32, u32));

/// (year, Spring Festival, Qingming, Dragon Boat, Mid-Autumn) as (month, day).
pub(crate) const FESTIVALS: &[LunarYear] = &[
    (2020, (1, 25), (4, 4), (6, 25), (10, 1)),
    (2021, (2, 12), (4, 4), (6, 14), (9, 21)),
    (2022, (2, 1), (4, 5), (6, 3), (9, 10)),
    (2023, (1, 22), (4, 5), (6, 22), (9, 29)),
    (2024, (2, 10), (4, 4), (6, 10), (9, 17)),
    (2025, (1, 29), (4, 4), (5, 31), (10, 6)),
    (2026, (2, 17), (4, 5), (6, 19), (9, 25)),
    (2027, (2, 6), (4, 5), (6, 9), (9, 15)),
    (2028, (1, 26), (4, 4), (5, 28), (10, 3)),
    (2029, (2, 13), (4, 4), (6, 16), (9, 22)),
    (2030, (2, 3), (4, 5), (6, 5), (9, 12)),
];
// end of table
