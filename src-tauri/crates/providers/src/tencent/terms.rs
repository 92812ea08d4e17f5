//! What Tencent's bill words mean in FOCUS terms, decided as the file
//! importer (`ingest/src/formats/tencent.rs`) decides them: region names,
//! product codes, billing modes, transaction types and instance types.

use cloudlens_model::{ChargeCategory, PricingCategory};

/// Localized region names the bills write, with their ids (the importer's table).
const REGIONS: &[(&str, &str)] = &[
    ("华南地区(广州)", "ap-guangzhou"),
    ("华东地区(上海)", "ap-shanghai"),
    ("华东地区(南京)", "ap-nanjing"),
    ("华北地区(北京)", "ap-beijing"),
    ("西南地区(成都)", "ap-chengdu"),
    ("西南地区(重庆)", "ap-chongqing"),
    ("港澳台地区(中国香港)", "ap-hongkong"),
    ("亚太东南(新加坡)", "ap-singapore"),
    ("亚太东北(东京)", "ap-tokyo"),
    ("美国西部(硅谷)", "na-siliconvalley"),
    ("美国东部(弗吉尼亚)", "na-ashburn"),
    ("欧洲地区(法兰克福)", "eu-frankfurt"),
    ("South China (Guangzhou)", "ap-guangzhou"),
    ("East China (Shanghai)", "ap-shanghai"),
    ("East China (Nanjing)", "ap-nanjing"),
    ("North China (Beijing)", "ap-beijing"),
    ("Southwest China (Chengdu)", "ap-chengdu"),
    ("Southwest China (Chongqing)", "ap-chongqing"),
    ("Southeast Asia (Singapore)", "ap-singapore"),
    ("Northeast Asia (Tokyo)", "ap-tokyo"),
    ("West US (Silicon Valley)", "na-siliconvalley"),
    ("East US (Virginia)", "na-ashburn"),
    ("Europe (Frankfurt)", "eu-frankfurt"),
];

/// ServiceCategory and ServiceSubcategory by Tencent product code, with the
/// values the importer's keyword rules give these products' names.
pub(super) const SERVICES: &[(&str, &str, &str)] = &[
    ("p_cvm", "Compute", "Virtual Machines"),
    ("p_lighthouse", "Compute", "Virtual Machines"),
    ("p_tke", "Compute", "Containers"),
    ("p_scf", "Compute", "Serverless Compute"),
    ("p_cbs", "Storage", "Block Storage"),
    ("p_cos", "Storage", "Object Storage"),
    ("p_cfs", "Storage", "File Storage"),
    ("p_cdb", "Databases", "Relational Databases"),
    ("p_sqlserver", "Databases", "Relational Databases"),
    ("p_postgresql", "Databases", "Relational Databases"),
    ("p_redis", "Databases", "Caching"),
    ("p_mongodb", "Databases", "NoSQL Databases"),
    ("p_eip", "Networking", "Network Infrastructure"),
    ("p_bandwidth", "Networking", "Network Infrastructure"),
    ("p_clb", "Networking", "Application Networking"),
    ("p_cdn", "Networking", "Content Delivery"),
    ("p_vpc", "Networking", "Network Connectivity"),
    ("p_nat", "Networking", "Network Connectivity"),
    ("p_ccn", "Networking", "Network Connectivity"),
    ("p_dns", "Networking", "Network Routing"),
    ("p_cls", "Management and Governance", "Logging"),
    ("p_monitor", "Management and Governance", "Observability"),
];

/// `(RegionId, RegionName)` from a localized name or an id, as the importer reads the Region column.
pub(super) fn region(value: Option<&str>, english: bool) -> (Option<String>, Option<String>) {
    let Some(v) = value else { return (None, None) };
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '（' => '(',
                '）' => ')',
                other => other,
            })
            .collect()
    };
    let key = norm(v);
    if let Some((_, id)) = REGIONS
        .iter()
        .find(|(n, _)| norm(n).eq_ignore_ascii_case(&key))
    {
        return (Some((*id).to_string()), Some(v.to_string()));
    }
    let id_like = v
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if id_like {
        let name = REGIONS
            .iter()
            .filter(|(_, id)| *id == v)
            .find(|(n, _)| n.is_ascii() == english)
            .map_or(v, |(n, _)| *n);
        (Some(v.to_string()), Some(name.to_string()))
    } else {
        (None, Some(v.to_string()))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Subscription,
    PayAsYouGo,
}

pub(super) fn mode(v: Option<&str>) -> Option<Mode> {
    let t = v?.to_lowercase();
    if [
        "包年包月",
        "预付费",
        "subscription",
        "prepaid",
        "prepay",
        "monthly",
    ]
    .iter()
    .any(|k| t.contains(k))
    {
        Some(Mode::Subscription)
    } else if [
        "按量",
        "后付费",
        "pay-as-you-go",
        "pay as you go",
        "postpaid",
        "postpay",
        "payg",
    ]
    .iter()
    .any(|k| t.contains(k))
    {
        Some(Mode::PayAsYouGo)
    } else {
        None
    }
}

/// The importer's reading of a transaction type (交易类型).
pub(super) fn category_of_transaction(tx: &str, mode: Option<Mode>) -> Option<ChargeCategory> {
    let t = tx.to_lowercase();
    let has = |keys: &[&str]| keys.iter().any(|k| t.contains(k));
    if has(&["退费", "退款", "退还", "refund"]) {
        return Some(match mode {
            Some(Mode::PayAsYouGo) => ChargeCategory::Usage,
            _ => ChargeCategory::Purchase,
        });
    }
    if has(&["调账", "adjust"]) {
        return Some(ChargeCategory::Adjustment);
    }
    if has(&[
        "新购",
        "续费",
        "升配",
        "降配",
        "变配",
        "配置变更",
        "升级",
        "购买",
        "purchase",
        "renew",
        "upgrade",
        "downgrade",
        "modif",
    ]) {
        return Some(ChargeCategory::Purchase);
    }
    if has(&[
        "扣费",
        "按量",
        "结算",
        "日结",
        "月结",
        "小时结",
        "deduct",
        "settlement",
        "usage",
        "pay-as-you-go",
    ]) {
        return Some(ChargeCategory::Usage);
    }
    None
}

pub(super) fn pricing_category(instance_type: Option<&str>) -> PricingCategory {
    let Some(t) = instance_type.map(str::to_lowercase) else {
        return PricingCategory::Standard;
    };
    let word = |w: &str| t.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    if t.contains("竞价") || t.contains("spot") {
        PricingCategory::Dynamic
    } else if ["预留", "节省计划", "reserved", "savings plan"]
        .iter()
        .any(|k| t.contains(k))
        || word("ri")
        || word("sp")
    {
        PricingCategory::Committed
    } else {
        PricingCategory::Standard
    }
}
