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
}

impl Locale {
    pub(crate) fn chart_labels(self) -> ChartLabels {
        match self {
            Locale::En => ChartLabels {
                month_to_date: "Month to date",
                last_month: "Last month",
                other: "Other",
            },
            Locale::ZhCn => ChartLabels {
                month_to_date: "本月至今",
                last_month: "上月",
                other: "其他",
            },
        }
    }
}
