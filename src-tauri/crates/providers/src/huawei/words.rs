//! Huawei's codes in the words its console bills use, and the decisions
//! the file importer (`ingest/src/formats/huawei.rs`) takes on those
//! words, so a synced line and an imported line of the same charge get the
//! same category, frequency and service category. Keep the two in step.

use cloudlens_model::ChargeCategory;

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

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Periodic,
    OneTime,
    PayPerUse,
    Commitment,
}

/// As the importer reads 计费模式 / Billing Mode.
pub fn mode(text: Option<&str>) -> Option<Mode> {
    let t = text?.to_lowercase();
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

/// As the importer reads 账单类型 / Bill Type: FOCUS keeps a refund in
/// the category of what it refunds.
pub fn category(bill_type: &str, mode: Option<Mode>) -> ChargeCategory {
    let t = bill_type.to_lowercase();
    let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
    let by_mode = || match mode {
        Some(Mode::PayPerUse) | None => ChargeCategory::Usage,
        Some(_) => ChargeCategory::Purchase,
    };
    if has(&["税", "tax"]) {
        ChargeCategory::Tax
    } else if has(&["退订", "退款", "退费", "refund"]) {
        match mode {
            Some(Mode::PayPerUse) => ChargeCategory::Usage,
            _ => ChargeCategory::Purchase,
        }
    } else if has(&["调账", "adjustment"]) {
        ChargeCategory::Adjustment
    } else if has(&[
        "新购", "续订", "续费", "变更", "购买", "purchase", "renew", "change",
    ]) {
        ChargeCategory::Purchase
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
        ChargeCategory::Usage
    } else {
        by_mode()
    }
}

/// Whether a usage charge was covered by a commitment.
pub fn committed(bill_type: &str, mode: Option<Mode>) -> bool {
    let t = bill_type.to_lowercase();
    mode == Some(Mode::Commitment)
        || ["节省计划", "预留实例", "savings plan", "reserved instance"]
            .iter()
            .any(|k| t.contains(k))
}

/// FOCUS ServiceCategory and ServiceSubcategory of a Huawei service type
/// code: what the importer's keyword classifier gives for that service's
/// Chinese and English names. Services not listed are `Other`.
pub fn service_category(code: Option<&str>) -> (&'static str, &'static str) {
    let short = code
        .and_then(|c| c.strip_prefix("hws.service.type."))
        .unwrap_or_default();
    match short {
        "ec2" | "bms" => ("Compute", "Virtual Machines"),
        "cce" | "cci" => ("Compute", "Containers"),
        "functiongraph" => ("Compute", "Serverless Compute"),
        "ebs" => ("Storage", "Block Storage"),
        "obs" => ("Storage", "Object Storage"),
        "sfs" => ("Storage", "File Storage"),
        "vpc" => ("Networking", "Network Connectivity"),
        "elb" => ("Networking", "Application Networking"),
        "cdn" => ("Networking", "Content Delivery"),
        "rds" => ("Databases", "Relational Databases"),
        "dcs" => ("Databases", "Caching"),
        _ => ("Other", "Other (Other)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_follow_the_importer() {
        let ppu = mode(charge_mode_text(3, false));
        let periodic = mode(charge_mode_text(1, true));
        assert_eq!(ppu, Some(Mode::PayPerUse));
        assert_eq!(periodic, Some(Mode::Periodic));
        assert_eq!(mode(charge_mode_text(11, false)), Some(Mode::Commitment));
        let cat = |code, english, m| category(&bill_type_text(code, english), m);
        assert_eq!(cat(5, false, ppu), ChargeCategory::Usage);
        assert_eq!(cat(5, true, ppu), ChargeCategory::Usage);
        assert_eq!(cat(1, false, periodic), ChargeCategory::Purchase);
        assert_eq!(cat(4, false, periodic), ChargeCategory::Purchase);
        assert_eq!(cat(4, true, ppu), ChargeCategory::Usage);
        assert_eq!(cat(9, false, None), ChargeCategory::Adjustment);
        assert_eq!(cat(16, true, None), ChargeCategory::Adjustment);
        assert_eq!(cat(23, false, None), ChargeCategory::Usage);
        assert!(committed(&bill_type_text(23, true), None));
        assert_eq!(cat(18, false, periodic), ChargeCategory::Purchase);
        assert_eq!(cat(12, true, ppu), ChargeCategory::Usage);
    }
}
