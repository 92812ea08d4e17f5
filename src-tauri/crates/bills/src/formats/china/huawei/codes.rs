//! Huawei's billing mode (计费模式, the API's `charge_mode`) and bill type
//! (账单类型, the API's `bill_type`) cells: a console word in either
//! language, or the API's code, read as what it says about the charge,
//! with the console's words kept for it.

use cloudlens_model::ChargeCategory;

/// 计费模式 / Billing Mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Periodic,
    OneTime,
    PayPerUse,
    Commitment,
}

/// The API's `charge_mode` codes, with the console's words for them.
const CHARGE_MODES: &[(i64, &str, &str, Mode)] = &[
    (1, "包年/包月", "Yearly/Monthly", Mode::Periodic),
    (3, "按需", "Pay-per-use", Mode::PayPerUse),
    (10, "预留实例", "Reserved instance", Mode::Commitment),
    (11, "节省计划", "Savings plan", Mode::Commitment),
];

/// A billing mode cell: the mode, and the words kept for it.
pub(super) struct ModeCell {
    pub(super) mode: Option<Mode>,
    pub(super) word: Option<String>,
}

impl Mode {
    /// A console word, or an API code (kept as the console's word in the
    /// header's language).
    pub(super) fn read(cell: Option<&str>, english: bool) -> ModeCell {
        let Some(v) = cell else {
            return ModeCell {
                mode: None,
                word: None,
            };
        };
        match code(v) {
            Some(c) => match CHARGE_MODES.iter().find(|m| m.0 == c) {
                Some((_, zh, en, mode)) => ModeCell {
                    mode: Some(*mode),
                    word: Some(if english { en } else { zh }.to_string()),
                },
                None => ModeCell {
                    mode: None,
                    word: Some(v.to_string()),
                },
            },
            None => ModeCell {
                mode: Mode::of_word(v),
                word: Some(v.to_string()),
            },
        }
    }

    fn of_word(v: &str) -> Option<Mode> {
        let t = v.to_lowercase();
        let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
        if has(&["一次性", "one-time", "one-off"]) {
            Some(Mode::OneTime)
        } else if has(&["按需", "pay-per-use", "pay per use", "按量"]) {
            Some(Mode::PayPerUse)
        } else if has(&["预留实例", "节省计划", "reserved", "savings plan"]) {
            Some(Mode::Commitment)
        } else if has(&[
            "包年",
            "包月",
            "包周期",
            "包天",
            "yearly",
            "monthly",
            "daily",
        ]) {
            Some(Mode::Periodic)
        } else {
            None
        }
    }
}

/// What a bill type (账单类型) says about a row's ChargeCategory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Tax,
    /// Keeps the category of what it refunds (by the billing mode).
    Refund,
    Adjustment,
    Purchase,
    Usage,
    /// 消费 alone: usage when paid per use, else a purchase.
    Expenditure,
}

impl Kind {
    pub(super) fn category(self, mode: Option<Mode>) -> Option<ChargeCategory> {
        Some(match self {
            Kind::Tax => ChargeCategory::Tax,
            Kind::Refund if mode == Some(Mode::PayPerUse) => ChargeCategory::Usage,
            Kind::Refund => ChargeCategory::Purchase,
            Kind::Adjustment => ChargeCategory::Adjustment,
            Kind::Purchase => ChargeCategory::Purchase,
            Kind::Usage => ChargeCategory::Usage,
            Kind::Expenditure => match mode? {
                Mode::PayPerUse => ChargeCategory::Usage,
                _ => ChargeCategory::Purchase,
            },
        })
    }
}

/// The API's `bill_type` codes: the console's words for them, what they
/// are, and whether the usage is a commitment's.
const BILL_TYPES: &[(i64, &str, &str, Kind, bool)] = &[
    (
        1,
        "消费-新购",
        "Expenditure-new purchase",
        Kind::Purchase,
        false,
    ),
    (2, "消费-续订", "Expenditure-renewal", Kind::Purchase, false),
    (3, "消费-变更", "Expenditure-change", Kind::Purchase, false),
    (4, "退款-退订", "Refund-unsubscription", Kind::Refund, false),
    (5, "消费-使用", "Expenditure-use", Kind::Usage, false),
    (
        8,
        "消费-自动续订",
        "Expenditure-auto-renewal",
        Kind::Purchase,
        false,
    ),
    (
        9,
        "调账-补偿",
        "Adjustment-compensation",
        Kind::Adjustment,
        false,
    ),
    (
        12,
        "消费-按时计费",
        "Expenditure-hourly billing",
        Kind::Usage,
        false,
    ),
    (
        13,
        "消费-退订手续费",
        "Expenditure-unsubscription fee",
        Kind::Refund,
        false,
    ),
    (
        14,
        "消费-服务支持计划月末扣费",
        "Expenditure-support plan monthly fee",
        Kind::Expenditure,
        false,
    ),
    (
        16,
        "调账-扣费",
        "Adjustment-deduction",
        Kind::Adjustment,
        false,
    ),
    (
        18,
        "消费-按月付费",
        "Expenditure-monthly payment",
        Kind::Expenditure,
        false,
    ),
    (20, "退款-变更", "Refund-change", Kind::Refund, false),
    (
        23,
        "消费-节省计划抵扣",
        "Expenditure-savings plans used",
        Kind::Usage,
        true,
    ),
    (
        24,
        "退款-包年/包月转按需",
        "Refund-change to pay-per-use",
        Kind::Refund,
        false,
    ),
    (
        103,
        "消费-按年付费",
        "Expenditure-yearly payment",
        Kind::Expenditure,
        false,
    ),
];

/// A bill type cell: what it says, and the words kept for it.
pub(super) struct BillType {
    pub(super) kind: Option<Kind>,
    pub(super) committed: bool,
    pub(super) word: Option<String>,
}

impl BillType {
    /// A console word, or an API code (kept as the console's word in the
    /// header's language).
    pub(super) fn read(cell: Option<&str>, english: bool) -> BillType {
        let Some(v) = cell else {
            return BillType {
                kind: None,
                committed: false,
                word: None,
            };
        };
        if let Some(c) = code(v) {
            return match BILL_TYPES.iter().find(|b| b.0 == c) {
                Some((_, zh, en, kind, committed)) => BillType {
                    kind: Some(*kind),
                    committed: *committed,
                    word: Some(if english { en } else { zh }.to_string()),
                },
                None => BillType {
                    kind: None,
                    committed: false,
                    word: Some(v.to_string()),
                },
            };
        }
        let t = v.to_lowercase();
        BillType {
            kind: kind_of_word(&t),
            committed: ["节省计划", "预留实例", "savings plan", "reserved instance"]
                .iter()
                .any(|k| t.contains(k)),
            word: Some(v.to_string()),
        }
    }
}

/// An API code: the cell is a whole number.
fn code(v: &str) -> Option<i64> {
    v.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| v.parse().ok())
        .flatten()
}

/// What a lower-cased console bill type says; `None` when not recognized.
fn kind_of_word(t: &str) -> Option<Kind> {
    let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
    if has(&["税", "tax"]) {
        Some(Kind::Tax)
    } else if has(&["退订", "退款", "退费", "refund"]) {
        Some(Kind::Refund)
    } else if has(&["调账", "adjustment"]) {
        Some(Kind::Adjustment)
    } else if has(&[
        "新购", "续订", "续费", "变更", "购买", "purchase", "renew", "change",
    ]) {
        Some(Kind::Purchase)
    } else if has(&[
        "使用",
        "抵扣",
        "按时计费",
        "-use",
        " use",
        "used",
        "usage",
        "hourly",
    ]) {
        Some(Kind::Usage)
    } else if has(&["消费", "expenditure"]) {
        Some(Kind::Expenditure)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category_of_bill_type(word: &str, mode: Option<Mode>) -> Option<ChargeCategory> {
        BillType::read(Some(word), false).kind?.category(mode)
    }

    #[test]
    fn bill_types_to_categories() {
        let ppu = Some(Mode::PayPerUse);
        let periodic = Some(Mode::Periodic);
        assert_eq!(
            category_of_bill_type("消费-使用", ppu),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_bill_type("消费-节省计划抵扣", None),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_bill_type("消费-新购", periodic),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_bill_type("消费-自动续订", periodic),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_bill_type("退订-退款", periodic),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_bill_type("Refund-unsubscription", ppu),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_bill_type("调账-补偿", None),
            Some(ChargeCategory::Adjustment)
        );
        assert_eq!(
            category_of_bill_type("调账-补偿税", None),
            Some(ChargeCategory::Tax)
        );
        assert_eq!(
            category_of_bill_type("Expenditure-tax", None),
            Some(ChargeCategory::Tax)
        );
        assert_eq!(
            category_of_bill_type("Expenditure-use", None),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(
            category_of_bill_type("Expenditure-new purchase", periodic),
            Some(ChargeCategory::Purchase)
        );
        assert_eq!(
            category_of_bill_type("消费-按时计费", ppu),
            Some(ChargeCategory::Usage)
        );
        assert_eq!(category_of_bill_type("其他", None), None);
    }

    /// A code means what the console's words for it say, so a synced line
    /// and an imported one agree. The English word of 13 (an unsubscription
    /// fee) names no refund; the code follows the Chinese console.
    #[test]
    fn codes_mean_what_their_console_words_say() {
        for (code, zh, en, kind, committed) in BILL_TYPES {
            for (word, english) in [(zh, false), (en, true)] {
                let read = BillType::read(Some(word), english);
                if *code != 13 || !english {
                    assert_eq!(read.kind, Some(*kind), "{code} {word}");
                }
                assert_eq!(read.committed, *committed, "{code} {word}");
                let by_code = BillType::read(Some(&code.to_string()), english);
                assert_eq!(by_code.word.as_deref(), Some(*word));
                assert_eq!((by_code.kind, by_code.committed), (Some(*kind), *committed));
            }
        }
        for (code, zh, en, mode) in CHARGE_MODES {
            for (word, english) in [(zh, false), (en, true)] {
                assert_eq!(Mode::of_word(word), Some(*mode), "{code} {word}");
                let by_code = Mode::read(Some(&code.to_string()), english);
                assert_eq!(
                    (by_code.mode, by_code.word.as_deref()),
                    (Some(*mode), Some(*word))
                );
            }
        }
        let unknown = BillType::read(Some("77"), true);
        assert_eq!((unknown.kind, unknown.word.as_deref()), (None, Some("77")));
    }
}
