//! Units of measure in FOCUS UnitFormat (`PricingUnit`, `ConsumedUnit`,
//! `CommitmentDiscountUnit`): the spellings bills use (AWS `Hrs`,
//! `GB-Mo`; Google `gibibyte hour`; Chinese `小时`, `GB*小时`, `次`) turned
//! into the FOCUS ones (`Hours`, `GB-Months`, `GiB-Hours`, `Requests`).
//!
//! UnitFormat (FOCUS 1.2) allows `<units>`, `<unit>-<plural time units>`
//! (`GB-Hours`), `<units>/<time unit>` (`GB/Month`), `<quantity> <units>`
//! (`1000 Requests`) and `<units>/<interval> <plural time units>`. Data
//! sizes are written `KB`, `GiB` and so on, time units `Hour(s)`, `Day(s)`,
//! `Month(s)`, `Year(s)`, `Minute(s)`, `Second(s)`, and counts are words
//! (`Requests`, `API Calls`, `vCPU`).

/// Data size units as FOCUS writes them.
const DATA_SIZES: &[&str] = &[
    "b", "Kb", "Mb", "Gb", "Tb", "Pb", "Eb", "B", "KB", "MB", "GB", "TB", "PB", "EB", "Kib", "Mib",
    "Gib", "Tib", "Pib", "Eib", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
];

const TIME_SINGULAR: &[&str] = &["Year", "Month", "Day", "Hour", "Minute", "Second"];
const TIME_PLURAL: &[&str] = &["Years", "Months", "Days", "Hours", "Minutes", "Seconds"];

/// Spellings no rule below derives: whole values as bills write them.
const KNOWN: &[(&str, &str)] = &[
    // AWS
    ("Lambda-GB-Second", "GB-Seconds"),
    ("Lambda-GB-Seconds", "GB-Seconds"),
    ("GB-Second", "GB-Seconds"),
    ("Obj-Month", "Object-Months"),
    ("Gigabyte Per Hour", "GB/Hour"),
    // Google Cloud
    ("count", "Units"),
    ("bytes", "B"),
    ("byte-seconds", "B-Seconds"),
    ("gibibyte-seconds", "GiB-Seconds"),
    // Chinese clouds
    ("万次", "10000 Requests"),
    ("千次", "1000 Requests"),
    ("百万次", "1000000 Requests"),
    ("核时", "Core-Hours"),
    ("核*小时", "Core-Hours"),
    ("GB*小时", "GB-Hours"),
    ("GB*月", "GB-Months"),
];

/// Count units of the Chinese clouds, singular.
const CHINESE_COUNTS: &[(&str, &str)] = &[
    ("次", "Request"),
    ("请求", "Request"),
    ("个", "Unit"),
    ("条", "Item"),
    ("台", "Instance"),
    ("实例", "Instance"),
    ("核", "Core"),
    ("张", "Certificate"),
    ("域名", "Domain"),
    ("IP", "IP"),
];

/// The FOCUS spelling of `raw`, or `None` when no rule gives one that is
/// valid UnitFormat (the caller then keeps what the bill wrote).
pub fn focus_unit(raw: &str) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    if let Some((_, v)) = KNOWN.iter().find(|(k, _)| *k == t) {
        return Some((*v).to_string());
    }
    let candidate = derive(t)?;
    is_focus_unit(&candidate).then_some(candidate)
}

fn derive(t: &str) -> Option<String> {
    let s = t.replace(['*', '×'], "-");
    let s = replace_per(&s);
    if let Some((left, right)) = s.split_once('/') {
        let left = left.trim();
        let right = right.trim();
        if right.contains('/') {
            return None;
        }
        let time = time_word(right)?;
        let base = if left.is_empty() || left == "1" {
            "Units".to_string()
        } else if let Some(plural) = time_word(left).map(|t| format!("{t}s")) {
            plural
        } else {
            plural_base(left)?
        };
        return Some(format!("{base}/{time}"));
    }
    if let Some((left, right)) = s.rsplit_once('-') {
        if let Some(time) = time_word(right.trim()) {
            let base = singular_base(left.trim())?;
            return Some(format!("{base}-{time}s"));
        }
        return None;
    }
    // `GB Hours`, `gibibyte month`, `OCPU Hours`.
    if let Some((left, right)) = s.trim().rsplit_once(' ') {
        if let Some(time) = time_word(right) {
            if time_word(left).is_none() {
                let base = singular_base(left.trim())?;
                return Some(format!("{base}-{time}s"));
            }
        }
    }
    if let Some(time) = time_word(&s) {
        return Some(format!("{time}s"));
    }
    plural_base(s.trim())
}

/// `X Per Hour` and `X per hour` as `X/Hour`.
fn replace_per(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    match lower.find(" per ") {
        Some(i) => format!("{}/{}", &s[..i], &s[i + 5..]),
        None => s.to_string(),
    }
}

/// The singular FOCUS time unit a word names (`hrs`, `Mo`, `小时`).
pub fn time_word(w: &str) -> Option<&'static str> {
    let w = w.trim();
    let lower = w.to_ascii_lowercase();
    let unit = match lower.as_str() {
        "h" | "hr" | "hrs" | "hour" | "hours" | "小时" | "时" => "Hour",
        "min" | "mins" | "minute" | "minutes" | "分钟" => "Minute",
        "s" | "sec" | "secs" | "second" | "seconds" | "秒" => "Second",
        "d" | "day" | "days" | "天" | "日" => "Day",
        "mo" | "mon" | "mth" | "month" | "months" | "月" | "个月" => "Month",
        "y" | "yr" | "yrs" | "year" | "years" | "年" => "Year",
        _ => return None,
    };
    Some(unit)
}

/// A data size unit in FOCUS spelling (`gb` and `gigabyte` are `GB`,
/// `gibibyte` is `GiB`).
fn data_size(w: &str) -> Option<&'static str> {
    if let Some(d) = DATA_SIZES.iter().find(|d| **d == w) {
        return Some(d);
    }
    let lower = w.to_ascii_lowercase();
    let d = match lower.trim_end_matches('s') {
        "byte" => "B",
        "kb" | "kilobyte" => "KB",
        "mb" | "megabyte" => "MB",
        "gb" | "gigabyte" => "GB",
        "tb" | "terabyte" => "TB",
        "pb" | "petabyte" => "PB",
        "kib" | "kibibyte" => "KiB",
        "mib" | "mebibyte" => "MiB",
        "gib" | "gibibyte" => "GiB",
        "tib" | "tebibyte" => "TiB",
        "pib" | "pebibyte" => "PiB",
        _ => return None,
    };
    Some(d)
}

/// The unit before `-<time>`: a data size, or a count in the singular
/// (`core` → `Core`, `次` → `Request`); words already capitalised are kept.
fn singular_base(w: &str) -> Option<String> {
    if let Some(d) = data_size(w) {
        return Some(d.to_string());
    }
    if let Some((_, en)) = CHINESE_COUNTS.iter().find(|(zh, _)| *zh == w) {
        return Some((*en).to_string());
    }
    if is_count(w) {
        if w.bytes().all(|b| b.is_ascii_lowercase()) {
            return Some(capitalize(w.strip_suffix('s').unwrap_or(w)));
        }
        return Some(w.to_string());
    }
    None
}

/// A unit on its own: a data size, or a count in the plural (`requests`
/// → `Requests`, `核` → `Cores`); words already capitalised are kept.
fn plural_base(w: &str) -> Option<String> {
    if let Some(d) = data_size(w) {
        return Some(d.to_string());
    }
    if let Some((_, en)) = CHINESE_COUNTS.iter().find(|(zh, _)| *zh == w) {
        return Some(plural(en));
    }
    if is_count(w) {
        if w.bytes().all(|b| b.is_ascii_lowercase()) {
            return Some(plural(&capitalize(w)));
        }
        return Some(w.to_string());
    }
    None
}

fn plural(w: &str) -> String {
    if w.ends_with('s') || w.ends_with("IP") {
        w.to_string()
    } else {
        format!("{w}s")
    }
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// Words of ASCII letters and digits, each starting with a letter.
fn is_count(s: &str) -> bool {
    !s.trim().is_empty()
        && s.split_whitespace().all(|w| {
            let mut b = w.bytes();
            b.next().is_some_and(|f| f.is_ascii_alphabetic())
                && b.all(|c| c.is_ascii_alphanumeric())
        })
        && !s.starts_with(' ')
        && !s.ends_with(' ')
}

/// Whether `s` is valid FOCUS UnitFormat, as the FOCUS validator checks it.
pub fn is_focus_unit(s: &str) -> bool {
    let unit = |u: &str| {
        DATA_SIZES.contains(&u)
            || TIME_SINGULAR.contains(&u)
            || TIME_PLURAL.contains(&u)
            || is_count(u)
    };
    let size_or_count = |u: &str| DATA_SIZES.contains(&u) || is_count(u);
    let number_then = |q: &str, rest: &dyn Fn(&str) -> bool| {
        q.split_once(' ')
            .is_some_and(|(n, r)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && rest(r))
    };
    if unit(s) {
        return true;
    }
    if let Some((l, r)) = s.rsplit_once('-') {
        if size_or_count(l) && TIME_PLURAL.contains(&r) {
            return true;
        }
    }
    if let Some((l, r)) = s.split_once('/') {
        let left = size_or_count(l) || TIME_PLURAL.contains(&l);
        if left && TIME_SINGULAR.contains(&r) {
            return true;
        }
        if left && number_then(r, &|t| TIME_PLURAL.contains(&t)) {
            return true;
        }
    }
    number_then(s, &unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bill_spellings_become_focus_units() {
        let cases = [
            ("Hrs", "Hours"),
            ("GB-Mo", "GB-Months"),
            ("IOPS-Mo", "IOPS-Months"),
            ("ACU-Hr", "ACU-Hours"),
            ("Lambda-GB-Second", "GB-Seconds"),
            ("Requests", "Requests"),
            ("API Request", "API Request"),
            ("vCPU-Hours", "vCPU-Hours"),
            ("GB Hours", "GB-Hours"),
            ("Gigabyte Per Hour", "GB/Hour"),
            ("OCPU Per Hour", "OCPU/Hour"),
            ("hour", "Hours"),
            ("seconds", "Seconds"),
            ("month", "Months"),
            ("gibibyte", "GiB"),
            ("gibibyte hour", "GiB-Hours"),
            ("gibibyte month", "GiB-Months"),
            ("tebibyte", "TiB"),
            ("bytes", "B"),
            ("byte-seconds", "B-Seconds"),
            ("requests", "Requests"),
            ("core", "Cores"),
            ("instance", "Instances"),
            ("小时", "Hours"),
            ("GB*小时", "GB-Hours"),
            ("GB/月", "GB/Month"),
            ("次", "Requests"),
            ("个", "Units"),
            ("核", "Cores"),
            ("台", "Instances"),
            ("万次", "10000 Requests"),
            ("1/Month", "Units/Month"),
            ("GB", "GB"),
            ("Hour", "Hours"),
        ];
        for (raw, want) in cases {
            assert_eq!(focus_unit(raw).as_deref(), Some(want), "{raw}");
            assert!(is_focus_unit(want), "{want}");
        }
        assert_eq!(focus_unit("GiB/Second-Months"), None);
        assert_eq!(focus_unit("元/GB/小时"), None);
        assert_eq!(focus_unit(""), None);
    }

    #[test]
    fn unit_format_as_the_validator_reads_it() {
        for ok in [
            "GB",
            "Hours",
            "GB-Hours",
            "GB/Hour",
            "1000 Requests",
            "Requests/3 Months",
            "API Calls",
            "vCPU",
        ] {
            assert!(is_focus_unit(ok), "{ok}");
        }
        for bad in ["GB-Mo", "10 Units/Month", "元", "Lambda-GB-Seconds", ""] {
            assert!(!is_focus_unit(bad), "{bad}");
        }
    }
}
