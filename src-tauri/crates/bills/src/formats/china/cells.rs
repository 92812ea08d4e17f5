//! The Chinese clouds' cell conventions, as pure functions of the text:
//! billing months in their many spellings, UTC+8 months and days as UTC
//! periods, currency words, tag lists, console total rows and localized
//! region names.

use chrono::{Datelike, NaiveDate};
use cloudlens_model::Tags;

use crate::parse::{self, Zone};
use crate::tags;

/// The first day of a billing month: `2025-01`, `2025/01`, `202501`,
/// `2025年01月`, or a date within the month.
pub(crate) fn month_of(v: &str) -> Option<NaiveDate> {
    let t = v.trim();
    if let Some(d) = parse::month(t) {
        return Some(d);
    }
    if let Some(rest) = t.strip_suffix('月') {
        let (y, m) = rest.split_once('年')?;
        return NaiveDate::from_ymd_opt(y.trim().parse().ok()?, m.trim().parse().ok()?, 1);
    }
    let ts = parse::timestamp(t, Zone::Utc)?;
    let d = cloudlens_model::utc_day(ts)?;
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1)
}

/// A billing period: the provider's local month (UTC+8) in UTC. For
/// 2025-01 that is 2024-12-31T16:00:00Z to 2025-01-31T16:00:00Z.
pub(crate) fn china_month_period(first_day: NaiveDate) -> Option<(i64, i64)> {
    parse::month_period(first_day, Zone::CHINA)
}

/// The billing period of the UTC+8 month an instant falls in.
pub(crate) fn china_month_of_instant(ts: i64) -> Option<(i64, i64)> {
    let d = cloudlens_model::utc_day(ts + 8 * 3600)?;
    china_month_period(NaiveDate::from_ymd_opt(d.year(), d.month(), 1)?)
}

/// The UTC+8 calendar day `ts` falls in, in UTC.
pub(crate) fn china_day_of_instant(ts: i64) -> (i64, i64) {
    let start = (ts + 8 * 3600).div_euclid(86_400) * 86_400 - 8 * 3600;
    (start, start + 86_400)
}

/// Tags as the Chinese clouds write them: `k:v;k2:v2` (also `=`, `,`
/// and full-width separators), a JSON object, or a JSON array of
/// `{TagKey, TagValue}` / `{key, value}` objects. Text that starts like
/// JSON but is not is an error.
pub(crate) fn tags_any(text: &str) -> Result<Tags, String> {
    let t = text.trim();
    if t.starts_with('[') || t.starts_with('{') {
        return tags::from_json_any(t)
            .ok_or_else(|| "tags as key:value pairs or a JSON object or array".to_string());
    }
    Ok(tags::from_pairs(t, &[';', ',', '；', '，']))
}

/// Spellings of a console's total row.
const TOTAL_MARKERS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "合計",
    "總計",
    "Total",
    "Grand Total",
    "Sum",
    "Subtotal",
];

pub(crate) fn is_total_marker(v: &str) -> bool {
    let t = v.trim().trim_end_matches([':', '：']);
    TOTAL_MARKERS.iter().any(|m| t.eq_ignore_ascii_case(m))
}

/// A region cell: `(RegionId, RegionName)`. A localized name is looked up
/// in `names` (brackets and spaces normalized) and kept as the name; an
/// id-like value (`cn-hangzhou`, `ap-guangzhou`) is the id, named as
/// `names` names it in the file's language (`english`: the ASCII names),
/// else by the id itself (FOCUS wants a RegionName wherever there is a
/// RegionId, and the id is the provider's own name for the region).
pub(crate) fn region(
    value: Option<&str>,
    names: &[(&str, &str)],
    english: bool,
) -> (Option<String>, Option<String>) {
    let Some(v) = value else { return (None, None) };
    let key = normalize_brackets(v);
    if let Some((_, id)) = names
        .iter()
        .find(|(n, _)| normalize_brackets(n).eq_ignore_ascii_case(&key))
    {
        return (Some((*id).to_string()), Some(v.to_string()));
    }
    let id_like = v
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if id_like {
        let name = names
            .iter()
            .filter(|(_, id)| *id == v)
            .find(|(n, _)| n.is_ascii() == english)
            .map_or(v, |(n, _)| *n);
        (Some(v.to_string()), Some(name.to_string()))
    } else {
        (None, Some(v.to_string()))
    }
}

fn normalize_brackets(v: &str) -> String {
    v.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '－' | '—' => '-',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_console_spellings() {
        let jan = NaiveDate::from_ymd_opt(2025, 1, 1);
        assert_eq!(month_of("2025-01"), jan);
        assert_eq!(month_of("202501"), jan);
        assert_eq!(month_of("2025年1月"), jan);
        assert_eq!(month_of("2025-01-17"), jan);
        assert_eq!(month_of("合计"), None);
    }

    #[test]
    fn china_days_and_months_in_utc() {
        // 2025-02-01 00:30 UTC+8 is 2025-01-31 16:30 UTC: February's bill.
        let ts = 1_738_341_000;
        assert_eq!(
            china_month_of_instant(ts),
            Some((1_738_339_200, 1_740_758_400))
        );
        assert_eq!(china_day_of_instant(ts), (1_738_339_200, 1_738_425_600));
    }

    #[test]
    fn regions_by_id_or_localized_name() {
        let names = [
            ("华东1（杭州）", "cn-hangzhou"),
            ("China (Hangzhou)", "cn-hangzhou"),
        ];
        assert_eq!(
            region(Some("cn-hangzhou"), &names, false),
            (Some("cn-hangzhou".into()), Some("华东1（杭州）".into()))
        );
        assert_eq!(
            region(Some("cn-hangzhou"), &names, true),
            (Some("cn-hangzhou".into()), Some("China (Hangzhou)".into()))
        );
        assert_eq!(
            region(Some("cn-wuhan"), &names, true),
            (Some("cn-wuhan".into()), Some("cn-wuhan".into()))
        );
        assert_eq!(
            region(Some("华东1(杭州)"), &names, false),
            (Some("cn-hangzhou".into()), Some("华东1(杭州)".into()))
        );
        assert_eq!(
            region(Some("火星"), &names, false),
            (None, Some("火星".into()))
        );
    }
}
