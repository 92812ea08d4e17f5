//! Currency codes as bills write them, checked against ISO 4217. Provider
//! bills and consoles use a few other spellings for a listed currency (RMB
//! for the yuan, NTD for the Taiwan dollar); those are read as the ISO code
//! and reported, so one currency never becomes two buckets.

/// Active ISO 4217 alphabetic codes (including the fund and precious-metal
/// codes a bill could carry), sorted for binary search.
const ISO_4217: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
    "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS",
    "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW",
    "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD",
    "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN",
    "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR",
    "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS",
    "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD",
    "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND",
    "VUV", "WST", "XAF", "XAG", "XAU", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF", "XPT", "XSU",
    "XUA", "YER", "ZAR", "ZMW", "ZWG",
];

/// Spellings seen in provider bills and consoles for a listed currency,
/// matched without regard to ASCII case.
const ALIASES: &[(&str, &str)] = &[
    // Renminbi: the colloquial code (Alibaba Cloud, Huawei Cloud consoles),
    // the offshore yuan (the same currency, traded in Hong Kong) and the
    // Chinese words.
    ("RMB", "CNY"),
    ("CNH", "CNY"),
    ("人民币", "CNY"),
    ("元", "CNY"),
    ("美元", "USD"),
    ("US$", "USD"),
    ("NTD", "TWD"),
    ("NT$", "TWD"),
    // Withdrawn codes still printed by older systems.
    ("RUR", "RUB"),
    ("HK$", "HKD"),
];

/// A currency as a bill wrote it, resolved to its ISO 4217 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    pub code: &'static str,
    /// The spelling the bill used when it was not the code itself (an alias
    /// or a lower-case code), to report.
    pub written_as: Option<&'static str>,
}

/// What an unrecognised currency should have been, for error messages.
pub const CURRENCY_EXPECTED: &str = "an ISO 4217 currency code such as USD or CNY";

/// `raw` (trimmed) as an ISO 4217 code: the code itself, the code in lower
/// case, or a known alias. `None` for anything else.
pub fn currency(raw: &str) -> Option<Currency> {
    let raw = raw.trim();
    if let Ok(i) = ISO_4217.binary_search(&raw) {
        return Some(Currency {
            code: ISO_4217[i],
            written_as: None,
        });
    }
    if let Some((alias, code)) = ALIASES.iter().find(|(a, _)| a.eq_ignore_ascii_case(raw)) {
        return Some(Currency {
            code,
            written_as: Some(alias),
        });
    }
    let upper = raw.to_ascii_uppercase();
    let i = ISO_4217.binary_search(&upper.as_str()).ok()?;
    Some(Currency {
        code: ISO_4217[i],
        written_as: Some("lower-case code"),
    })
}

/// Whether `code` is exactly an ISO 4217 code (upper case, listed).
pub fn is_iso_currency(code: &str) -> bool {
    ISO_4217.binary_search(&code).is_ok()
}

/// The warning an aliased spelling earns, once per spelling.
pub fn alias_note(c: &Currency) -> Option<String> {
    c.written_as
        .map(|w| format!("currency written as {w:?} read as ISO 4217 {}", c.code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_unique() {
        assert!(ISO_4217.windows(2).all(|w| w[0] < w[1]));
        assert!(ISO_4217.iter().all(|c| c.len() == 3));
        assert!(ALIASES.iter().all(|(_, c)| is_iso_currency(c)));
        assert!(ALIASES.iter().all(|(a, _)| !is_iso_currency(a)));
    }

    #[test]
    fn codes_aliases_and_refusals() {
        let cny = currency("CNY").unwrap();
        assert_eq!((cny.code, cny.written_as), ("CNY", None));
        for alias in ["RMB", "rmb", " RMB ", "CNH", "人民币", "元"] {
            let c = currency(alias).unwrap();
            assert_eq!(c.code, "CNY", "{alias}");
            assert!(c.written_as.is_some(), "{alias}");
        }
        assert_eq!(currency("usd").unwrap().code, "USD");
        assert_eq!(currency("NTD").unwrap().code, "TWD");
        assert_eq!(currency("RUR").unwrap().code, "RUB");
        for bad in ["XXY", "US", "DOLLARS", "", "ABC"] {
            assert_eq!(currency(bad), None, "{bad}");
        }
        assert!(!is_iso_currency("usd"));
        assert!(is_iso_currency("EUR"));
    }

    #[test]
    fn aliases_are_reported_once_per_spelling() {
        let note = alias_note(&currency("RMB").unwrap()).unwrap();
        assert_eq!(note, "currency written as \"RMB\" read as ISO 4217 CNY");
        assert_eq!(alias_note(&currency("USD").unwrap()), None);
    }
}
