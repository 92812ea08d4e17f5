use serde::{Deserialize, Serialize};
use specta::Type;

/// The UI languages. Rust renders a few labels itself (chart series), so it
/// needs to know which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub enum Locale {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

pub(crate) struct ChartLabels {
    pub month_to_date: &'static str,
    pub last_month: &'static str,
    pub other: &'static str,
    /// A group without a value: a tag dimension's, and any other's.
    pub untagged: &'static str,
    pub none: &'static str,
    /// The one series of an ungrouped chart.
    pub total: &'static str,
}

impl Locale {
    pub(crate) fn chart_labels(self) -> ChartLabels {
        match self {
            Locale::En => ChartLabels {
                month_to_date: "Month to date",
                last_month: "Last month",
                other: "Other",
                untagged: "(untagged)",
                none: "(none)",
                total: "Total",
            },
            Locale::ZhCn => ChartLabels {
                month_to_date: "本月至今",
                last_month: "上月",
                other: "其他",
                untagged: "（未打标签）",
                none: "（无）",
                total: "合计",
            },
        }
    }
}

/// A provider's name as the UI shows it: in Chinese the names the
/// providers' Chinese consoles use (阿里云, 腾讯云, 华为云, 亚马逊云科技);
/// Azure and Google Cloud keep their Latin names there. Unknown names, and
/// every name in English, stay as the bill spells them (the filter key).
/// The UI's `providerLabel` holds the same table.
pub fn provider_label(stored: &str, locale: Locale) -> String {
    if locale == Locale::En {
        return stored.to_string();
    }
    let zh = match stored.trim().to_lowercase().as_str() {
        "alibaba cloud" | "alibaba" | "aliyun" => "阿里云",
        "tencent cloud" | "tencent" => "腾讯云",
        "huawei cloud" | "huawei" => "华为云",
        "aws" | "amazon web services" => "亚马逊云科技",
        "microsoft" | "azure" | "microsoft azure" => "Microsoft Azure",
        "google cloud" | "gcp" | "google cloud platform" => "Google Cloud",
        _ => return stored.to_string(),
    };
    zh.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_names_are_chinese_only_in_chinese_and_unknown_names_stay() {
        assert_eq!(provider_label("Alibaba Cloud", Locale::ZhCn), "阿里云");
        assert_eq!(provider_label("Tencent Cloud", Locale::ZhCn), "腾讯云");
        assert_eq!(provider_label("Huawei Cloud", Locale::ZhCn), "华为云");
        assert_eq!(provider_label("AWS", Locale::ZhCn), "亚马逊云科技");
        assert_eq!(provider_label("Microsoft", Locale::ZhCn), "Microsoft Azure");
        assert_eq!(provider_label("Alibaba Cloud", Locale::En), "Alibaba Cloud");
        assert_eq!(provider_label("Acme Cloud", Locale::ZhCn), "Acme Cloud");
    }
}
