//! Huawei's codes in the words its console bills write, for the file
//! importer's Huawei mapper to read.

/// `bill_type` of the BSS models, in the console's Chinese and English.
pub fn bill_type_text(code: i64, english: bool) -> String {
    let (zh, en) = match code {
        1 => ("消费-新购", "Expenditure-new purchase"),
        2 => ("消费-续订", "Expenditure-renewal"),
        3 => ("消费-变更", "Expenditure-change"),
        4 => ("退款-退订", "Refund-unsubscription"),
        5 => ("消费-使用", "Expenditure-use"),
        8 => ("消费-自动续订", "Expenditure-auto-renewal"),
        9 => ("调账-补偿", "Adjustment-compensation"),
        12 => ("消费-按时计费", "Expenditure-hourly billing"),
        13 => ("消费-退订手续费", "Expenditure-unsubscription fee"),
        14 => (
            "消费-服务支持计划月末扣费",
            "Expenditure-support plan monthly fee",
        ),
        16 => ("调账-扣费", "Adjustment-deduction"),
        18 => ("消费-按月付费", "Expenditure-monthly payment"),
        20 => ("退款-变更", "Refund-change"),
        23 => ("消费-节省计划抵扣", "Expenditure-savings plans used"),
        24 => ("退款-包年/包月转按需", "Refund-change to pay-per-use"),
        103 => ("消费-按年付费", "Expenditure-yearly payment"),
        _ => return format!("{code}"),
    };
    if english { en } else { zh }.to_string()
}

/// `charge_mode` of the BSS models (计费模式).
pub fn charge_mode_text(code: i64, english: bool) -> Option<&'static str> {
    let (zh, en) = match code {
        1 => ("包年/包月", "Yearly/Monthly"),
        3 => ("按需", "Pay-per-use"),
        10 => ("预留实例", "Reserved instance"),
        11 => ("节省计划", "Savings plan"),
        _ => return None,
    };
    Some(if english { en } else { zh })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_in_the_console_words() {
        assert_eq!(bill_type_text(5, false), "消费-使用");
        assert_eq!(bill_type_text(23, true), "Expenditure-savings plans used");
        assert_eq!(bill_type_text(77, true), "77");
        assert_eq!(charge_mode_text(3, false), Some("按需"));
        assert_eq!(charge_mode_text(1, true), Some("Yearly/Monthly"));
        assert_eq!(charge_mode_text(2, true), None);
    }
}
