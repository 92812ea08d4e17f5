//! Reports on a real encrypted store (the demo plus an imported Chinese
//! console bill): every amount equals the explorer's for the same scope,
//! invoice differences are explained to the cent, and the PDF and the
//! spreadsheet read back with the same totals.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use cloudlens_api::*;
use cloudlens_report::{Block, Cell, Document, Table};
use rust_decimal::Decimal;
use zeroize::Zeroizing;

const IMPORTED: &str = "alibaba_console_zh.csv";

struct Fixture {
    dir: tempfile::TempDir,
    cl: CloudLens,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let key = KeySource::Passphrase(Zeroizing::new("report test".into()));
    let cl = CloudLens::open(&dir.path().join("s.db"), &key, Actor::fixed("tester")).unwrap();
    let opts = DemoOptions {
        lines: 20_000,
        seed: 7,
        end: day("2026-03-17"),
    };
    cl.load_demo(&opts, || 1, &AtomicBool::new(false), &mut |_| {})
        .unwrap();
    // Imported from the temporary folder, whose path has the same length on
    // every machine, so the PDF wraps the source's path at the same places
    // wherever the repository is checked out.
    let file = dir.path().join(IMPORTED);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../tests/fixtures/ingest")
            .join(IMPORTED),
        &file,
    )
    .unwrap();
    let req = ImportRequest {
        files: vec![ImportFile {
            path: file.display().to_string(),
            format: None,
        }],
        lenient: false,
    };
    cl.import_files(&req, || 2, &AtomicBool::new(false), &mut |_| {})
        .unwrap();
    let rules = RuleSet {
        virtual_tags: vec![VirtualTag {
            name: "owner".into(),
            rules: vec![
                VirtualTagRule {
                    conditions: vec![Condition {
                        dimension: "provider".into(),
                        op: MatchOp::In,
                        values: vec!["AWS".into()],
                    }],
                    value: "aws-team".into(),
                    value_from: None,
                },
                VirtualTagRule {
                    conditions: vec![Condition {
                        dimension: "tag:team".into(),
                        op: MatchOp::In,
                        values: vec!["payments".into()],
                    }],
                    value: "payments".into(),
                    value_from: None,
                },
            ],
        }],
        shared_costs: Vec::new(),
        tag_keys: Vec::new(),
    };
    cl.save_rules(&rules, "owners").unwrap();
    Fixture { dir, cl }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn ctx() -> ReportContext {
    ReportContext {
        app_version: "9.9.9-test".into(),
        generated_at: 1_773_000_000,
        today: day("2026-03-17"),
    }
}

fn services_query() -> ExploreQuery {
    ExploreQuery {
        group_by: vec!["service".into()],
        filters: Vec::new(),
        from: "2000-01-01".into(),
        to: "2000-02-01".into(),
        granularity: Granularity::Month,
        metric: ExploreMetric::Billed,
        display_currency: None,
        rules_version: None,
        apply_shared_costs: true,
        limit: 0,
        spread_periods: false,
    }
}

fn definition(currency: Option<&str>, language: Locale) -> ReportDefinition {
    let zh = language == Locale::ZhCn;
    ReportDefinition {
        title: if zh {
            "年度云成本报告"
        } else {
            "Annual cloud cost"
        }
        .into(),
        period: ReportPeriod::Months {
            from: "2025-01".into(),
            to: "2026-02".into(),
        },
        currency: currency.map(str::to_string),
        language,
        metric: ExploreMetric::Billed,
        sections: vec![
            ReportSection::Overview,
            ReportSection::Explorer {
                title: Some(if zh { "按服务" } else { "By service" }.into()),
                query: Some(services_query()),
                saved_view: None,
            },
            ReportSection::Allocation {
                tag: "owner".into(),
                rules_version: None,
            },
            ReportSection::InvoiceReconciliation,
        ],
    }
}

/// The report's scope asked of the explorer directly.
fn scoped(q: &ExploreQuery, currency: Option<&str>) -> ExploreQuery {
    ExploreQuery {
        from: "2025-01-01".into(),
        to: "2026-03-01".into(),
        display_currency: currency.map(str::to_string),
        ..q.clone()
    }
}

fn table<'a>(doc: &'a Document, id: &str) -> &'a Table {
    doc.tables()
        .map(|(_, t)| t)
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no table {id}"))
}

/// (first text cell, currency) → amount of every money row.
fn amounts(t: &Table) -> BTreeMap<(String, String), Decimal> {
    t.rows
        .iter()
        .filter_map(|r| {
            let key = match r.first()? {
                Cell::Text(s) => s.clone(),
                _ => return None,
            };
            r.iter().find_map(|c| match c {
                Cell::Money { amount, currency } => {
                    Some(((key.clone(), currency.clone()), *amount))
                }
                _ => None,
            })
        })
        .collect()
}

fn explorer_amounts(r: &ExploreResult, none: &str) -> BTreeMap<(String, String), Decimal> {
    r.totals
        .iter()
        .map(|g| {
            (
                (
                    g.groups[0].clone().unwrap_or_else(|| none.into()),
                    g.currency.clone(),
                ),
                dec(&g.amount),
            )
        })
        .collect()
}

#[test]
fn report_numbers_equal_the_explorers_for_the_same_scope() {
    let f = fixture();
    for currency in [None, Some("CNY")] {
        let doc =
            f.cl.report_document(&definition(currency, Locale::ZhCn), &ctx())
                .unwrap();
        let headings: Vec<&str> = doc.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(
            headings,
            [
                "概览",
                "按服务",
                "按 owner 分摊（Showback）",
                "发票对账",
                "数据来源"
            ]
        );

        let by_service =
            f.cl.explore(
                &scoped(&services_query(), currency),
                ChartStyle::StackedBar,
                Locale::ZhCn,
            )
            .unwrap();
        let got = amounts(table(&doc, "view1_totals"));
        assert_eq!(got, explorer_amounts(&by_service, "（无）"));
        assert!(got.len() > 10);
        assert!(
            got.keys().any(|(s, _)| s == "云服务器 ECS"),
            "the imported Chinese bill is in the report"
        );

        let mut owner = services_query();
        owner.group_by = vec!["vtag:owner".into()];
        owner.granularity = Granularity::Month;
        let showback =
            f.cl.explore(
                &scoped(&owner, currency),
                ChartStyle::StackedBar,
                Locale::ZhCn,
            )
            .unwrap();
        assert_eq!(
            amounts(table(&doc, "showback2")),
            explorer_amounts(&showback, "未分配")
        );

        let mut providers = services_query();
        providers.group_by = vec!["provider".into()];
        providers.apply_shared_costs = false;
        let by_provider =
            f.cl.explore(
                &scoped(&providers, currency),
                ChartStyle::StackedBar,
                Locale::ZhCn,
            )
            .unwrap();
        // The report names providers as the Chinese consoles do.
        let expected: BTreeMap<(String, String), Decimal> =
            explorer_amounts(&by_provider, "（无）")
                .into_iter()
                .map(|((p, c), a)| ((provider_label(&p, Locale::ZhCn), c), a))
                .collect();
        let got = amounts(table(&doc, "overview_by_provider"));
        assert_eq!(got, expected);
        assert!(got.keys().any(|(p, _)| p == "阿里云"), "{got:?}");
        let Block::Figures(figs) = &doc.sections[0]
            .blocks
            .iter()
            .find(|b| matches!(b, Block::Figures(_)))
            .unwrap()
        else {
            unreachable!()
        };
        for g in &by_provider.grand_totals {
            let fig = figs
                .iter()
                .find(|x| x.label == format!("合计 ({})", g.currency))
                .unwrap();
            assert_eq!(fig.value, Cell::money(dec(&g.amount), g.currency.clone()));
        }
        if currency.is_some() {
            assert_eq!(by_service.grand_totals.len(), 1);
            let total = table(&doc, "view1_totals").total.clone().unwrap();
            assert_eq!(
                total.last().cloned(),
                Some(Cell::Percent(Decimal::ONE_HUNDRED))
            );
            assert!(total.contains(&Cell::money(dec(&by_service.grand_totals[0].amount), "CNY")));
            assert!(doc.tables().any(|(_, t)| t.id == "provenance_rates"));
        }
    }
}

#[test]
fn provenance_ends_every_report_with_sources_versions_and_time() {
    let f = fixture();
    let doc =
        f.cl.report_document(&definition(None, Locale::En), &ctx())
            .unwrap();
    let last = doc.sections.last().unwrap();
    assert_eq!(last.heading, "Data provenance");
    let imports = table(&doc, "provenance_imports");
    let hashes: Vec<&Cell> = imports.rows.iter().map(|r| &r[4]).collect();
    let imported = imports
        .rows
        .iter()
        .find(|r| {
            r[2] == Cell::text(IMPORTED) || matches!(&r[2], Cell::Text(s) if s.ends_with(IMPORTED))
        })
        .expect("the import is listed");
    assert!(
        matches!(&imported[4], Cell::Text(h) if h.len() >= 32),
        "{hashes:?}"
    );
    assert!(imports.rows.iter().any(|r| r[1] == Cell::text("demo")));
    let versions = table(&doc, "provenance_rule_versions");
    assert_eq!(versions.rows.len(), 1);
    assert_eq!(versions.rows[0][2], Cell::text("owners"));
    let Block::Figures(figs) = &last.blocks[1] else {
        panic!("no figures")
    };
    assert_eq!(figs[0].value, Cell::text("9.9.9-test"));
    assert_eq!(doc.generated_at.timestamp(), 1_773_000_000);
}

#[test]
fn invoice_differences_are_explained_to_the_cent() {
    let f = fixture();
    let span = ReportPeriod::Months {
        from: "2025-01".into(),
        to: "2026-02".into(),
    }
    .resolve(day("2026-03-17"))
    .unwrap();
    let view = f.cl.reconciliation(&span).unwrap();
    assert!(view.scopes.len() > 5);
    let parts_sum =
        |s: &ReconciledScope| -> Decimal { s.parts.iter().map(|p| dec(&p.amount)).sum() };
    for s in &view.scopes {
        assert_eq!(parts_sum(s), dec(&s.store_total));
    }
    let taxed = view
        .scopes
        .iter()
        .find(|s| {
            s.parts
                .iter()
                .any(|p| p.charge_category == "Tax" && !p.outside_period)
        })
        .expect("a month with tax lines");
    let tax: Decimal = taxed
        .parts
        .iter()
        .filter(|p| p.charge_category == "Tax" && !p.outside_period)
        .map(|p| dec(&p.amount))
        .sum();
    let before_tax = (dec(&taxed.store_total) - tax)
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let exact = view
        .scopes
        .iter()
        .find(|s| s.month != taxed.month || s.billing_account != taxed.billing_account)
        .unwrap();
    let imported = view
        .scopes
        .iter()
        .find(|s| s.month == "2025-01" && s.provider == "Alibaba Cloud")
        .expect("the imported bill's month");
    let invoice = |s: &ReconciledScope, amount: String| InvoiceAmount {
        provider: s.provider.clone(),
        billing_account: s.billing_account.clone(),
        month: s.month.clone(),
        currency: s.currency.clone(),
        amount,
        invoice_id: Some("INV-1".into()),
        note: String::new(),
    };
    f.cl.set_invoice(&invoice(taxed, before_tax.to_string()), 5)
        .unwrap();
    f.cl.set_invoice(&invoice(exact, exact.store_total.clone()), 5)
        .unwrap();
    f.cl.set_invoice(
        &invoice(
            imported,
            (dec(&imported.store_total) + Decimal::ONE).to_string(),
        ),
        5,
    )
    .unwrap();

    let view = f.cl.reconciliation(&span).unwrap();
    let find = |s: &ReconciledScope| {
        view.scopes
            .iter()
            .find(|x| {
                (&x.provider, &x.billing_account, &x.month, &x.currency)
                    == (&s.provider, &s.billing_account, &s.month, &s.currency)
            })
            .unwrap()
            .clone()
    };
    let check = |s: &ReconciledScope| {
        find(s)
            .checks
            .into_iter()
            .find(|c| c.reference == Reference::Invoice)
            .unwrap()
    };

    let c = check(taxed);
    assert_eq!(c.outcome, CheckOutcome::Explained);
    assert_eq!(c.explanation[0].reason, DifferenceReason::Taxes);
    assert_eq!(dec(&c.explanation[0].amount), -tax);
    let explained: Decimal = c.explanation.iter().map(|e| dec(&e.amount)).sum();
    assert_eq!(explained, dec(&c.difference));
    assert_eq!(dec(&taxed.store_total) + explained, before_tax);

    assert_eq!(check(exact).outcome, CheckOutcome::Matches);
    let c = check(imported);
    assert_eq!(c.outcome, CheckOutcome::Unexplained);
    assert_eq!(dec(&c.difference), Decimal::ONE);

    // The same in the report.
    let cl = f.cl;
    let doc = cl
        .report_document(&definition(None, Locale::ZhCn), &ctx())
        .unwrap();
    let rec = table(&doc, "reconciliation");
    assert!(
        rec.rows.iter().any(|r| r[0] == Cell::text("阿里云")),
        "providers as the Chinese consoles name them"
    );
    let statuses: Vec<&Cell> = rec.rows.iter().map(|r| r.last().unwrap()).collect();
    for s in ["一致", "已解释", "未解释"] {
        assert!(
            statuses.contains(&&Cell::text(s)),
            "{s} missing from {statuses:?}"
        );
    }
    let reasons = table(&doc, "reconciliation_differences");
    assert!(reasons
        .rows
        .iter()
        .any(|r| r[4] == Cell::text("对照金额未含税费")
            && r[5] == Cell::money(-tax, taxed.currency.clone())));
    assert!(reasons
        .rows
        .iter()
        .any(|r| r[4] == Cell::text("未能解释") && r[5] == Cell::money(Decimal::ONE, "CNY")));
}

fn pdftotext(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_pdf_and_the_spreadsheet_read_back_with_the_explorers_totals() {
    let f = fixture();
    let fonts = report_fonts(None);
    let def = definition(Some("CNY"), Locale::ZhCn);
    let by_service =
        f.cl.explore(
            &scoped(&services_query(), Some("CNY")),
            ChartStyle::StackedBar,
            Locale::ZhCn,
        )
        .unwrap();
    let total = dec(&by_service.grand_totals[0].amount);

    let pdf = f.dir.path().join("report.pdf");
    let r =
        f.cl.export_report(&def, &ctx(), ReportFormat::Pdf, &pdf, &fonts)
            .unwrap();
    assert_eq!((r.sections, r.missing_characters.as_str()), (5, ""));
    let text = pdftotext(&pdf);
    // Long cells wrap, so the file name and its hash are looked for by their start and end.
    let doc = f.cl.report_document(&def, &ctx()).unwrap();
    let imports = table(&doc, "provenance_imports");
    let hash = imports.rows.iter().find_map(|r| match (&r[2], &r[4]) {
        (Cell::Text(s), Cell::Text(h)) if s.ends_with(IMPORTED) => Some(h.clone()),
        _ => None,
    });
    let hash = hash.expect("the import's hash");
    for needle in [
        "年度云成本报告",
        "目录",
        "按服务",
        "云服务器 ECS",
        "发票对账",
        "数据来源",
        "9.9.9-test",
        "console_zh.csv",
        &hash[..16],
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} is not in the PDF:\n{text}"
        );
    }
    let shown = cloudlens_report::format::money(total, "CNY");
    assert!(text.contains(&shown), "the total {shown} is not in the PDF");
    let in_table = cloudlens_report::format::grouped(total, 2);
    assert!(
        text.lines()
            .any(|l| l.contains("合计") && l.contains(&in_table)),
        "no total row with {in_table}"
    );

    let xlsx = f.dir.path().join("report.xlsx");
    f.cl.export_report(&def, &ctx(), ReportFormat::Xlsx, &xlsx, &fonts)
        .unwrap();
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "概览",
            "按服务",
            "按 owner 分摊（Showback）",
            "发票对账",
            "数据来源"
        ]
    );
    let range = book.worksheet_range("按服务").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header = rows
        .iter()
        .position(|r| r.first() == Some(&Data::String("服务".into())))
        .expect("the totals header");
    let mut sum = 0f64;
    let mut n = 0;
    for r in &rows[header + 1..] {
        match (&r[0], &r[1]) {
            (Data::String(s), Data::Float(v)) if s == "合计" => {
                assert_eq!(format!("{v:.2}"), format!("{:.2}", total.round_dp(2)));
                assert_eq!(format!("{sum:.2}"), format!("{v:.2}"));
                break;
            }
            (Data::String(s), Data::Float(v)) => {
                let want = by_service
                    .totals
                    .iter()
                    .find(|g| g.groups[0].as_deref() == Some(s.as_str()))
                    .map(|g| dec(&g.amount))
                    .unwrap();
                assert_eq!(format!("{v:.2}"), format!("{:.2}", want.round_dp(2)), "{s}");
                sum += v;
                n += 1;
            }
            other => panic!("a totals row that is not text and a number: {other:?}"),
        }
    }
    assert_eq!(n, by_service.totals.len());

    let html = f.dir.path().join("report.html");
    f.cl.export_report(&def, &ctx(), ReportFormat::Html, &html, &fonts)
        .unwrap();
    let h = std::fs::read_to_string(&html).unwrap().to_lowercase();
    assert!(!h.contains("http") && !h.contains("src=") && !h.contains("@import"));
    assert!(h.contains("<svg"));
}
