//! An alert rendered for people, in the channel's language: a title (it
//! always names CloudLens, so a robot guarded by the keyword "CloudLens"
//! accepts it), one sentence, the figures as label/value pairs, and what to
//! open. Platforms lay this out as markdown, a card or plain text.

use chrono::DateTime;

use crate::alert::{
    Alert, Figure, FigureKey, FigureValue, Money, Severity, Subject, ThresholdKind, View,
};
use crate::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub title: String,
    pub summary: String,
    pub severity: Severity,
    pub severity_label: String,
    pub figures: Vec<(String, String)>,
    /// "Open in CloudLens: …".
    pub open: String,
    /// "Command: `cloudlens …`".
    pub command: String,
}

pub fn render(alert: &Alert, lang: Language) -> Message {
    let zh = lang == Language::ZhCn;
    let days = alert.figures.iter().find_map(|f| match (&f.key, &f.value) {
        (FigureKey::DaysOld, FigureValue::Days(d)) => Some(*d),
        _ => None,
    });
    let days = days.unwrap_or(0);
    let (title, summary) = match &alert.subject {
        Subject::SyncFailing {
            connection,
            provider,
            status,
            ..
        } => {
            let provider = provider_name(provider, zh);
            let status = status_label(status, zh);
            if zh {
                (
                    format!("CloudLens：连接 {connection} 同步失败"),
                    format!("{connection}（{provider}）最近一次同步失败：{status}。之前的数据仍然保留。"),
                )
            } else {
                (
                    format!("CloudLens: sync of {connection} is failing"),
                    format!("The last sync of {connection} ({provider}) failed: {status}. Earlier data is kept."),
                )
            }
        }
        Subject::ConnectionStale {
            connection,
            provider,
        } => {
            let provider = provider_name(provider, zh);
            if zh {
                (
                    format!("CloudLens：连接 {connection} 的数据已过期"),
                    format!("从 {connection}（{provider}）同步的最新费用数据已是 {days} 天前。"),
                )
            } else {
                (
                    format!("CloudLens: data of {connection} is out of date"),
                    format!("The newest cost data synced from {connection} ({provider}) is {days} days old."),
                )
            }
        }
        Subject::StoreStale => {
            if zh {
                (
                    "CloudLens：费用数据已过期".to_string(),
                    format!("CloudLens 中最新的费用数据已是 {days} 天前；请导入账单或同步以更新。"),
                )
            } else {
                (
                    "CloudLens: cost data is out of date".to_string(),
                    format!("The newest cost data in CloudLens is {days} days old; import bills or sync to bring it up to date."),
                )
            }
        }
        Subject::BudgetThreshold { .. } | Subject::Anomaly { .. } => spend_text(&alert.subject, zh),
        Subject::ChannelTest { channel } => {
            if zh {
                (
                    format!("CloudLens：渠道 {channel} 测试消息"),
                    format!("这是来自 CloudLens 的测试消息：渠道 {channel} 可以送达告警。"),
                )
            } else {
                (
                    format!("CloudLens: test message for channel {channel}"),
                    format!(
                        "This is a test message from CloudLens: channel {channel} delivers alerts."
                    ),
                )
            }
        }
    };
    let open = open_label(alert.open.view, alert.open.item.as_deref(), zh);
    Message {
        title,
        summary,
        severity: alert.severity,
        severity_label: severity_label(alert.severity, zh).to_string(),
        figures: alert.figures.iter().map(|f| figure(f, zh)).collect(),
        open: if zh {
            format!("在 CloudLens 中打开：{open}")
        } else {
            format!("Open in CloudLens: {open}")
        },
        command: if zh {
            format!("命令：`{}`", alert.open.cli)
        } else {
            format!("Command: `{}`", alert.open.cli)
        },
    }
}

impl Message {
    /// The whole message as plain text lines (desktop bodies, fallbacks).
    pub fn plain_lines(&self) -> Vec<String> {
        let mut lines = vec![self.summary.clone()];
        lines.extend(self.figures.iter().map(|(k, v)| format!("{k}: {v}")));
        lines.push(self.open.clone());
        lines.push(self.command.replace('`', ""));
        lines
    }

    /// Markdown with bold labels, shared by DingTalk, WeCom and Feishu.
    pub fn markdown_body(&self) -> String {
        let mut s = format!("{}\n\n", self.summary);
        for (k, v) in &self.figures {
            s.push_str(&format!("- **{k}**: {v}\n"));
        }
        s.push_str(&format!("\n{}\n\n{}", self.open, self.command));
        s
    }
}

/// Title and sentence of the spend alerts (budgets, anomalies).
fn spend_text(subject: &Subject, zh: bool) -> (String, String) {
    match subject {
        Subject::BudgetThreshold {
            budget,
            period,
            watched: ThresholdKind::Actual,
            threshold,
            amount,
            value,
            percent_used,
        } => {
            let (value, amount) = (money(value), money(amount));
            if zh {
                (
                    format!("CloudLens：预算 {budget} 的实际支出已达 {threshold}%"),
                    format!("{budget} 在 {period} 的实际支出为 {value}，已用预算 {amount} 的 {percent_used}%。"),
                )
            } else {
                (
                    format!("CloudLens: budget {budget} passed {threshold}% in actual spend"),
                    format!("Actual spend on {budget} for {period} is {value}, {percent_used}% of the budget of {amount}."),
                )
            }
        }
        Subject::BudgetThreshold {
            budget,
            period,
            watched: ThresholdKind::Forecast,
            threshold,
            amount,
            value,
            percent_used,
        } => {
            let (value, amount) = (money(value), money(amount));
            if zh {
                (
                    format!("CloudLens：预算 {budget} 预计将达 {threshold}%"),
                    format!("预测 {budget} 在 {period} 结束时的支出为 {value}，为预算 {amount} 的 {percent_used}%。"),
                )
            } else {
                (
                    format!("CloudLens: budget {budget} is forecast to pass {threshold}%"),
                    format!("The forecast puts {budget} at {value} by the end of {period}, {percent_used}% of the budget of {amount}."),
                )
            }
        }
        Subject::Anomaly {
            monitor,
            scope,
            change,
            start,
            end,
            expected,
            actual,
            impact,
        } => {
            let days = if start == end {
                start.clone()
            } else if zh {
                format!("{start} 至 {end}")
            } else {
                format!("{start} to {end}")
            };
            let (expected, actual, impact) = (money(expected), money(actual), money(impact));
            match (change.as_str(), zh) {
                ("drop", true) => (
                    format!("CloudLens：{scope} 的费用异常下降"),
                    format!("{scope} 在 {days} 的费用为 {actual}，低于预期的 {expected}（差额 {impact}），由监控 {monitor} 发现。"),
                ),
                ("drop", false) => (
                    format!("CloudLens: unusual drop in {scope} spend"),
                    format!("{scope} cost {actual} on {days}, below the expected {expected} ({impact}); found by monitor {monitor}."),
                ),
                ("new_spend", true) => (
                    format!("CloudLens：{scope} 出现新的费用"),
                    format!("{scope} 在 {days} 新增费用 {actual}（此前没有费用），由监控 {monitor} 发现。"),
                ),
                ("new_spend", false) => (
                    format!("CloudLens: new spend in {scope}"),
                    format!("{scope} cost {actual} on {days}, where it spent nothing before; found by monitor {monitor}."),
                ),
                (_, true) => (
                    format!("CloudLens：{scope} 的费用异常上涨"),
                    format!("{scope} 在 {days} 的费用为 {actual}，高于预期的 {expected}（多出 {impact}），由监控 {monitor} 发现。"),
                ),
                (_, false) => (
                    format!("CloudLens: unusual spend in {scope}"),
                    format!("{scope} cost {actual} on {days}, above the expected {expected} (+{impact}); found by monitor {monitor}."),
                ),
            }
        }
        _ => (String::new(), String::new()),
    }
}

/// An exact amount with thousands separators and its currency code.
pub(crate) fn money(m: &Money) -> String {
    let (sign, digits) = match m.amount.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", m.amount.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    };
    format!("{sign}{grouped}{frac} {}", m.currency)
}

fn figure(f: &Figure, zh: bool) -> (String, String) {
    let label = match (f.key, zh) {
        (FigureKey::Connection, false) => "Connection",
        (FigureKey::Connection, true) => "连接",
        (FigureKey::Provider, false) => "Provider",
        (FigureKey::Provider, true) => "云厂商",
        (FigureKey::Status, false) => "Status",
        (FigureKey::Status, true) => "状态",
        (FigureKey::LastError, false) => "Last error",
        (FigureKey::LastError, true) => "最近错误",
        (FigureKey::FailedAt, false) => "Failed at",
        (FigureKey::FailedAt, true) => "失败时间",
        (FigureKey::LastSuccess, false) => "Last success",
        (FigureKey::LastSuccess, true) => "上次成功",
        (FigureKey::NewestData, false) => "Newest data",
        (FigureKey::NewestData, true) => "最新数据日期",
        (FigureKey::DaysOld, false) => "Age",
        (FigureKey::DaysOld, true) => "已过",
        (FigureKey::Limit, false) => "Alert after",
        (FigureKey::Limit, true) => "告警阈值",
        (FigureKey::Budget, false) => "Budget",
        (FigureKey::Budget, true) => "预算",
        (FigureKey::Period, false) => "Period",
        (FigureKey::Period, true) => "周期",
        (FigureKey::Amount, false) => "Budget amount",
        (FigureKey::Amount, true) => "预算金额",
        (FigureKey::Actual, false) => "Actual to date",
        (FigureKey::Actual, true) => "实际支出",
        (FigureKey::Forecast, false) => "Forecast at period end",
        (FigureKey::Forecast, true) => "期末预测",
        (FigureKey::ForecastRange, false) => "Forecast 80% range",
        (FigureKey::ForecastRange, true) => "预测 80% 区间",
        (FigureKey::PercentUsed, false) => "Used",
        (FigureKey::PercentUsed, true) => "已用",
        (FigureKey::Threshold, false) => "Threshold",
        (FigureKey::Threshold, true) => "阈值",
        (FigureKey::CrossedOn, false) => "Crossed on",
        (FigureKey::CrossedOn, true) => "越过日期",
        (FigureKey::Monitor, false) => "Monitor",
        (FigureKey::Monitor, true) => "监控",
        (FigureKey::Scope, false) => "Scope",
        (FigureKey::Scope, true) => "范围",
        (FigureKey::Expected, false) => "Expected",
        (FigureKey::Expected, true) => "预期",
        (FigureKey::Impact, false) => "Impact",
        (FigureKey::Impact, true) => "影响",
        (FigureKey::Severity, false) => "Severity",
        (FigureKey::Severity, true) => "严重程度",
    };
    let value = match &f.value {
        FigureValue::Text(t) if f.key == FigureKey::Provider => provider_name(t, zh).to_string(),
        FigureValue::Text(t) | FigureValue::Date(t) => t.clone(),
        FigureValue::Days(d) if zh => format!("{d} 天"),
        FigureValue::Days(1) => "1 day".to_string(),
        FigureValue::Days(d) => format!("{d} days"),
        FigureValue::Time(t) => DateTime::from_timestamp(*t, 0)
            .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|| t.to_string()),
        FigureValue::Status(s) => status_label(s, zh).to_string(),
        FigureValue::Never if zh => "从未".to_string(),
        FigureValue::Never => "never".to_string(),
        FigureValue::Money(m) => money(m),
        FigureValue::MoneyRange { low, high } => format!("{} – {}", money(low), money(high)),
        FigureValue::Percent(p) => format!("{p}%"),
        FigureValue::Severity(s) => severity_label(*s, zh).to_string(),
    };
    (label.to_string(), value)
}

fn provider_name(p: &str, zh: bool) -> &str {
    match (p, zh) {
        ("alibaba", false) => "Alibaba Cloud",
        ("alibaba", true) => "阿里云",
        ("tencent", false) => "Tencent Cloud",
        ("tencent", true) => "腾讯云",
        ("huawei", false) => "Huawei Cloud",
        ("huawei", true) => "华为云",
        _ => p,
    }
}

fn status_label(s: &str, zh: bool) -> &str {
    match (s, zh) {
        ("credentials_rejected", false) => "credentials rejected",
        ("credentials_rejected", true) => "凭证被拒绝",
        ("permission_missing", false) => "permission missing",
        ("permission_missing", true) => "缺少权限",
        ("provider_unreachable", false) => "provider unreachable",
        ("provider_unreachable", true) => "无法连接云厂商",
        ("partial_data", false) => "some periods failed",
        ("partial_data", true) => "部分账期同步失败",
        ("not_configured", false) => "secret missing",
        ("not_configured", true) => "缺少密钥",
        ("not_synced", false) => "never synced",
        ("not_synced", true) => "从未同步",
        ("up_to_date", false) => "up to date",
        ("up_to_date", true) => "已是最新",
        ("syncing", false) => "syncing",
        ("syncing", true) => "同步中",
        _ => s,
    }
}

fn severity_label(s: Severity, zh: bool) -> &'static str {
    match (s, zh) {
        (Severity::Info, false) => "Info",
        (Severity::Info, true) => "提示",
        (Severity::Warning, false) => "Warning",
        (Severity::Warning, true) => "警告",
        (Severity::Critical, false) => "Critical",
        (Severity::Critical, true) => "严重",
    }
}

fn open_label(view: View, item: Option<&str>, zh: bool) -> String {
    let path = match (view, zh) {
        (View::Connections, false) => "Data sources › Connections",
        (View::Connections, true) => "数据源 › 连接",
        (View::Overview, false) => "Overview",
        (View::Overview, true) => "概览",
        (View::Budgets, false) => "Budgets",
        (View::Budgets, true) => "预算",
        (View::Anomalies, false) => "Anomalies",
        (View::Anomalies, true) => "异常",
    };
    match item {
        Some(i) => format!("{path} › {i}"),
        None => path.to_string(),
    }
}
