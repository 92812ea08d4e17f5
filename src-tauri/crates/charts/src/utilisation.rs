//! A resource's utilisation over days (CPU and, where measured, memory, in
//! percent) with the threshold a recommendation compared it against, drawn
//! as lines on the same frame as every other time chart.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::lines::{time_lines, LineStyle};
use crate::theme::Theme;
use crate::{Chart, ChartError, Series};

/// Series labels in the user's language.
pub struct UtilisationLabels<'a> {
    pub cpu: &'a str,
    pub memory: &'a str,
    pub threshold: &'a str,
}

/// `cpu` (and `memory`, if given) hold one value per day in `days`;
/// the threshold is drawn as a flat line.
pub fn utilisation_chart(
    days: &[NaiveDate],
    cpu: Vec<Decimal>,
    memory: Option<Vec<Decimal>>,
    threshold: Decimal,
    labels: &UtilisationLabels,
    size: (u32, u32),
) -> Result<Chart, ChartError> {
    let mut series = vec![Series::new(labels.cpu, cpu)];
    if let Some(m) = memory {
        series.push(Series::new(labels.memory, m));
    }
    series.push(Series::new(labels.threshold, vec![threshold; days.len()]));
    time_lines(days, &series, "%", size, &Theme::default(), LineStyle::Line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_memory_and_threshold_share_the_day_bands() {
        let days: Vec<NaiveDate> = (1..=14)
            .filter_map(|d| NaiveDate::from_ymd_opt(2026, 3, d))
            .collect();
        let cpu: Vec<Decimal> = (1..=14).map(|i| Decimal::new(i * 3, 1)).collect();
        let labels = UtilisationLabels {
            cpu: "CPU",
            memory: "Memory",
            threshold: "Idle threshold",
        };
        let v = utilisation_chart(
            &days,
            cpu,
            Some(vec![Decimal::from(40); 14]),
            Decimal::from(5),
            &labels,
            crate::DAILY_SIZE,
        )
        .unwrap();
        assert_eq!(v.series.len(), 3);
        assert_eq!(v.series[0].values[0], "0.3");
        assert_eq!(v.series[2].values, vec!["5"; 14]);
        assert_eq!(v.x.len(), 14);
        assert!(v.svg.contains("<polyline"));
        assert_eq!(v.currency, "%");
        assert!(utilisation_chart(
            &days,
            vec![Decimal::ONE],
            None,
            Decimal::ONE,
            &labels,
            crate::DAILY_SIZE
        )
        .is_err());
    }
}
