//! The forecast's words, in English and Chinese: why a series has no
//! forecast, what the user should know about it, and the backtest in a
//! sentence.

use cloudlens_forecast::{Backtest, Note, ShortReason, TooShort};

use crate::Locale;

pub(crate) fn too_short(t: &TooShort, locale: Locale) -> String {
    match (t.reason, locale) {
        (ShortReason::NoCharges, Locale::En) => format!(
            "Too short to forecast: no charges in the {} days of history.",
            t.history_days
        ),
        (ShortReason::NoCharges, Locale::ZhCn) => {
            format!("数据太少，无法预测：历史 {} 天内没有任何费用。", t.history_days)
        }
        (ShortReason::FewDays { first_charge }, Locale::En) => format!(
            "Too short to forecast: the first charge was on {first_charge}, {} days ago; at \
             least {} days are needed to forecast and to check the forecast against its own history.",
            t.history_days, t.needed
        ),
        (ShortReason::FewDays { first_charge }, Locale::ZhCn) => format!(
            "数据太少，无法预测：首笔费用在 {first_charge}，距今仅 {} 天；至少需要 {} 天才能预测并用自身历史检验预测。",
            t.history_days, t.needed
        ),
    }
}

pub(crate) fn note(n: &Note, currency: &str, locale: Locale) -> String {
    let zh = locale == Locale::ZhCn;
    match n {
        Note::Stopped { last_charge, days } if zh => {
            format!("已停止：自 {last_charge} 起 {days} 天无费用，预测为零。")
        }
        Note::Stopped { last_charge, days } => format!(
            "Stopped: no charges for {days} days since {last_charge}; forecast at zero."
        ),
        Note::DayOneCharge { amount } if zh => {
            format!("每月 1 日的固定费用（约 {amount:.2} {currency}）按 1 日计入预测。")
        }
        Note::DayOneCharge { amount } => format!(
            "A charge of about {amount:.2} {currency} recurs on the 1st of the month and is projected on that day."
        ),
        Note::LevelShift { date } if zh => {
            format!("费用水平在 {date} 发生突变，预测以此后的数据为主。")
        }
        Note::LevelShift { date } => {
            format!("Spend changed level on {date}; the forecast weighs the days since.")
        }
        Note::EstimatedHolidays if zh => {
            "预测期内的中国节假日为按规则估算的日期（国务院尚未公布）。".to_string()
        }
        Note::EstimatedHolidays => {
            "Chinese holidays in the forecast period are estimated (not yet published).".to_string()
        }
        Note::BeyondCalendar if zh => "预测期超出节假日表（2030 年）。".to_string(),
        Note::BeyondCalendar => "The forecast goes past the holiday tables (2030).".to_string(),
    }
}

/// History left out because amounts before `from` could not be converted.
pub(crate) fn rates_from(from: chrono::NaiveDate, pairs: &[String], locale: Locale) -> String {
    let pairs = pairs.join(", ");
    match locale {
        Locale::En => {
            format!("History before {from} is left out: no {pairs} exchange rate covers it.")
        }
        Locale::ZhCn => format!("{from} 之前的历史未计入：没有覆盖该期间的 {pairs} 汇率。"),
    }
}

pub(crate) fn backtest_summary(b: &Backtest, locale: Locale) -> String {
    let zh = locale == Locale::ZhCn;
    if b.windows == 0 {
        return if zh {
            "没有可检验的历史预测。".to_string()
        } else {
            "No past forecast could be checked.".to_string()
        };
    }
    let weeks = b.span_days.div_ceil(7);
    let error = match (b.wape, zh) {
        (Some(w), true) => format!("平均误差在 {w:.0}% 以内"),
        (Some(w), false) => format!("was within {w:.0}% on average"),
        (None, true) => "实际费用为零".to_string(),
        (None, false) => "saw no spend".to_string(),
    };
    let band = match (b.coverage80, zh) {
        (Some(c), true) => format!("；80% 区间覆盖了 {c:.0}% 的天数"),
        (Some(c), false) => format!("; the 80% band held {c:.0}% of days"),
        (None, _) => String::new(),
    };
    if zh {
        format!(
            "过去 {weeks} 周内（{} 次历史预测，每次预测 {} 天），此预测{error}{band}。",
            b.windows, b.horizon
        )
    } else {
        format!(
            "Over the last {weeks} weeks ({} past forecasts, {} days ahead each), this forecast {error}{band}.",
            b.windows, b.horizon
        )
    }
}
