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
