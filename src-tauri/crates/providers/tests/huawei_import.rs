//! A synced Huawei bill line must be the line the file importer makes of
//! the same charge in the console's export (资源详单 with Chinese headers):
//! same provider, service and category names, charge category, UTC
//! periods from Beijing-time cycles, tags and `x_` extras.

use std::time::Duration;

use chrono::NaiveDate;
use cloudlens_ingest::formats::{by_id, FormatId};
use cloudlens_ingest::{Header, Output, Row};
use cloudlens_mockcloud::huawei::start_huawei;
use cloudlens_mockcloud::{Account, AccountSpec};
use cloudlens_providers::{Client, ClientConfig, Credentials, ProviderKind, Site, Window};
use serde_json::Value;
use zeroize::Zeroizing;

const AK: &str = "HPUAKEXAMPLE0000TEST";
const SK: &str = "mock-secret-for-the-import-comparison";

/// Console column ← the API field it shows.
const COLUMNS: &[(&str, &str)] = &[
    ("账期", "cycle"),
    ("企业项目", "enterprise_project_name"),
    ("企业项目ID", "enterprise_project_id"),
    ("账号ID", "customer_id"),
    ("产品类型编码", "cloud_service_type"),
    ("产品类型", "cloud_service_type_name"),
    ("产品编码", "resource_Type_code"),
    ("产品", "resource_type_name"),
    ("计费模式", "charge_mode"),
    ("账单类型", "bill_type"),
    ("区域编码", "region"),
    ("区域", "region_name"),
    ("可用区", "az"),
    ("资源ID", "res_instance_id"),
    ("资源名称", "resource_name"),
    ("资源标签", "resource_tag"),
    ("规格", "product_spec_desc"),
    ("产品ID", "sku_code"),
    ("官网价", "official_amount"),
    ("折扣金额", "discount_amount"),
    ("应付金额", "consume_amount"),
    ("现金支付", "cash_amount"),
    ("信用额度支付", "credit_amount"),
    ("代金券抵扣", "coupon_amount"),
    ("储值卡抵扣", "stored_card_amount"),
    ("欠费金额", "debt_amount"),
    ("奖励金抵扣", "bonus_amount"),
    ("订单号", "trade_id"),
    ("运营实体", "be_id"),
    ("消费日期", "bill_date"),
    ("币种", "currency"),
];

/// A record's field as the console writes it.
fn cell(record: &Value, field: &str, currency: &str) -> String {
    let v = match field {
        "currency" => return currency.to_string(),
        "az" => &record["az_code_infos"][0]["az_code"],
        "charge_mode" => {
            return match record[field].as_i64() {
                Some(3) => "按需".into(),
                other => panic!("charge_mode {other:?} not in this test"),
            }
        }
        "bill_type" => {
            return match record[field].as_i64() {
                Some(5) => "消费-使用".into(),
                other => panic!("bill_type {other:?} not in this test"),
            }
        }
        f => &record[f],
    };
    match v {
        Value::String(s) => s.clone(),
        // The mock's amounts have at most 15 significant digits, so the
        // number's shortest text is the text the mock wrote.
        Value::Number(n) => n.to_string(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[tokio::test]
async fn a_synced_line_equals_the_imported_line_of_the_same_charge() {
    let day = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    let account = Account::generate(&AccountSpec {
        seed: 3,
        resources: 8,
        first_day: day,
        days: 1,
        currency: "CNY".into(),
    });
    let mock = start_huawei(account.clone(), AK, SK).unwrap();
    let client = Client::new(
        ClientConfig {
            kind: ProviderKind::Huawei,
            credentials: Credentials {
                key_id: AK.into(),
                secret: Zeroizing::new(SK.into()),
            },
            endpoint: Some(mock.endpoint()),
            region: None,
            site: Site::China,
            timeout: Duration::from_secs(10),
        },
        reqwest::Client::new(),
    );
    let window = Window {
        billing_account: account.billing_account.clone(),
        month: "2025-03".into(),
        day: Some(day),
    };
    let synced = client.bill_page(&window, None).await.unwrap();
    assert_eq!(synced.lines.len(), 8);
    let raw = client
        .call_raw(
            "bss:ListCustomerselfResourceRecordDetails",
            &[
                ("cycle", "2025-03"),
                ("statistic_type", "2"),
                ("query_type", "DAILY"),
                ("bill_cycle_begin", "2025-03-01"),
                ("bill_cycle_end", "2025-03-01"),
                ("offset", "0"),
                ("limit", "100"),
            ],
        )
        .await
        .unwrap();
    let currency = raw["currency"].as_str().unwrap();
    let records = raw["monthly_records"].as_array().unwrap();

    let header = Header::new(COLUMNS.iter().map(|(name, _)| *name));
    let format = by_id(FormatId::Huawei).unwrap();
    assert!(
        format.detect(&header).is_some(),
        "the importer knows this header"
    );
    let mut mapper = format.bind(&header).unwrap();
    let mut out = Output::default();
    for (i, (record, line)) in records.iter().zip(&synced.lines).enumerate() {
        let cells: Vec<String> = COLUMNS
            .iter()
            .map(|(_, field)| cell(record, field, currency))
            .collect();
        let rec = csv::StringRecord::from(cells);
        out.reset();
        mapper
            .map(
                &Row {
                    line: i as u64 + 2,
                    header: &header,
                    record: &rec,
                },
                &mut out,
            )
            .unwrap();
        assert_eq!(out.lines.len(), 1);
        let imported = &out.lines[0];
        assert_eq!(*line.dims, *imported.dims, "dimensions of record {i}");
        assert_eq!(
            (line.billing_period_start, line.billing_period_end),
            (imported.billing_period_start, imported.billing_period_end)
        );
        assert_eq!(
            (line.charge_period_start, line.charge_period_end),
            (imported.charge_period_start, imported.charge_period_end)
        );
        assert_eq!(line.billed_cost, imported.billed_cost);
        assert_eq!(line.effective_cost, imported.effective_cost);
        assert_eq!(line.list_cost, imported.list_cost);
        assert_eq!(line.contracted_cost, imported.contracted_cost);
        assert_eq!(line.extras, imported.extras, "x_ extras of record {i}");
    }
    // The account has instances, disks and IPs, and an untagged resource.
    let services: std::collections::BTreeSet<&str> = synced
        .lines
        .iter()
        .map(|l| l.dims.service_name.as_str())
        .collect();
    assert_eq!(services.len(), 3);
    assert!(synced.lines.iter().any(|l| l.dims.tags.is_empty()));
}
