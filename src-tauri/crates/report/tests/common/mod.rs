//! A sample report in either language: every kind of block, a chart drawn
//! by `cloudlens-charts`, and a table long enough to span pages.

#![allow(dead_code)]

use chrono::{NaiveDate, TimeZone, Utc};
use cloudlens_charts::{stacked_daily_with_theme, Series, Theme};
use cloudlens_report::{Block, Cell, Chart, Document, Figure, Language, Period, Section, Table};
use rust_decimal::Decimal;

pub const LONG_ROWS: usize = 240;

pub fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The amount of long-table row `i`: exact to the nano-unit, so rounding shows.
pub fn row_amount(i: usize) -> Decimal {
    Decimal::new(1_000_000_000 + i as i64 * 7_654_321_987, 9)
}

pub fn long_total() -> Decimal {
    (0..LONG_ROWS).map(row_amount).sum()
}

pub fn sample(language: Language) -> Document {
    let zh = language == Language::ZhCn;
    let t = |en: &'static str, zh_text: &'static str| if zh { zh_text } else { en };
    let days: Vec<NaiveDate> = (1..=30).map(|i| day(&format!("2026-01-{i:02}"))).collect();
    let series = vec![
        Series::new(
            "云服务器 ECS",
            (0..30).map(|i| Decimal::from(100 + i * 3)).collect(),
        ),
        Series::new(
            "Object Storage",
            (0..30).map(|i| Decimal::from(40 + i % 7)).collect(),
        ),
    ];
    let chart =
        stacked_daily_with_theme(&days, &series, "CNY", (960, 320), &Theme::default()).unwrap();
    let long = Table {
        id: "resources".into(),
        title: t("Cost by resource", "按资源的费用").into(),
        columns: vec![
            t("Resource", "资源").into(),
            t("Service", "服务").into(),
            t("First day", "首日").into(),
            t("Lines", "行数").into(),
            t("Share", "占比").into(),
            t("Cost", "费用").into(),
        ],
        rows: (0..LONG_ROWS)
            .map(|i| {
                vec![
                    Cell::text(format!("i-{i:05}-华东1杭州-web-server")),
                    Cell::text(if i % 2 == 0 {
                        "云服务器 ECS"
                    } else {
                        "Object Storage Service"
                    }),
                    Cell::Date(day("2026-01-01") + chrono::Days::new((i % 30) as u64)),
                    Cell::Integer(i as i64 * 31),
                    Cell::Percent(d("0.41")),
                    Cell::money(row_amount(i), "CNY"),
                ]
            })
            .collect(),
        total: Some(vec![
            Cell::text(t("Total", "合计")),
            Cell::Empty,
            Cell::Empty,
            Cell::Integer((0..LONG_ROWS as i64).map(|i| i * 31).sum()),
            Cell::Percent(d("100")),
            Cell::money(long_total(), "CNY"),
        ]),
    };
    let mixed = Table {
        id: "by_currency".into(),
        title: t("Spend by currency", "按币种的费用").into(),
        columns: vec![t("Provider", "云厂商").into(), t("Cost", "费用").into()],
        rows: vec![
            vec![Cell::text("阿里云"), Cell::money(d("1234.565"), "CNY")],
            vec![Cell::text("AWS"), Cell::money(d("-12.5"), "USD")],
            vec![Cell::text("Azure"), Cell::money(d("1500"), "JPY")],
        ],
        total: None,
    };
    Document {
        title: t("Monthly cloud cost report", "月度云成本报告").into(),
        period: Period { from: day("2026-01-01"), to: day("2026-02-01") },
        currency: Some("CNY".into()),
        language,
        generated_at: Utc.with_ymd_and_hms(2026, 2, 3, 4, 5, 6).unwrap(),
        sections: vec![
            Section {
                heading: t("Overview", "概览").into(),
                blocks: vec![
                    Block::Paragraph(
                        t(
                            "Spend in January across every provider, with the largest services and accounts.",
                            "一月份所有云厂商的支出，以及费用最高的服务和账号。未打标签的费用单独列出，便于分摊。",
                        )
                        .into(),
                    ),
                    Block::Figures(vec![
                        Figure {
                            label: t("Month total", "本月合计").into(),
                            value: Cell::money(long_total(), "CNY"),
                            note: Some(t("billed cost", "账单费用").into()),
                        },
                        Figure { label: t("Change", "变化").into(), value: Cell::Percent(d("-3.25")), note: None },
                        Figure { label: t("Lines", "行数").into(), value: Cell::Integer(1_000_000), note: None },
                    ]),
                    Block::Chart(Chart {
                        title: t("Daily cost by service", "按服务的每日费用").into(),
                        svg: chart.svg,
                        width: chart.width,
                        height: chart.height,
                    }),
                    Block::Subheading(t("By currency", "按币种").into()),
                    Block::Table(mixed),
                ],
            },
            Section { heading: t("Resources", "资源明细").into(), blocks: vec![Block::Table(long)] },
            Section {
                heading: t("Data provenance", "数据来源").into(),
                blocks: vec![Block::Paragraph("import #1 focus-2026-01.csv sha256 0123abcd".into())],
            },
        ],
    }
}
