//! A synced bill and the same bill imported as a file are one dataset:
//! the items a provider's API returns, saved as the bill file they are
//! (the English field names of Alibaba's OSS detailed bill are
//! `DescribeInstanceBill`'s), read by the file importer, give the very
//! lines the client synced.

use std::time::Duration;

use chrono::NaiveDate;
use cloudlens_ingest::formats::{self, FormatId, Output};
use cloudlens_ingest::{RecordFields, Row};
use cloudlens_mockcloud::alibaba::start_alibaba;
use cloudlens_mockcloud::{Account, AccountSpec};
use cloudlens_providers::{Client, ClientConfig, Credentials, ProviderKind, Site, Window};
use zeroize::Zeroizing;

const KEY_ID: &str = "LTAI5tMockReadOnlyKey01";
const SECRET: &str = "mock-secret-8f2b61c0a9d34e7f";

fn account() -> Account {
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    Account::generate(&AccountSpec::realistic(first))
}

/// The same bill items saved as a CSV file (the English field names of the
/// OSS detailed bill and DescribeInstanceBill) and read by the file
/// importer: detection picks the Alibaba format, and every line equals the
/// synced one but for provenance, so sync and import are one dataset.
#[tokio::test]
async fn synced_lines_equal_the_file_importers_lines_for_the_same_items() {
    let acct = account();
    let mock = start_alibaba(acct.clone(), KEY_ID, SECRET).unwrap_or_else(|e| panic!("{e}"));
    let client = Client::new(
        ClientConfig {
            kind: ProviderKind::Alibaba,
            credentials: Credentials {
                key_id: KEY_ID.to_string(),
                secret: Zeroizing::new(SECRET.to_string()),
            },
            endpoint: Some(mock.endpoint()),
            region: None,
            site: Site::China,
            timeout: Duration::from_secs(10),
            clock: cloudlens_sync::system_clock,
            extra: Default::default(),
        },
        reqwest::Client::new(),
    );
    let day = NaiveDate::from_ymd_opt(2025, 1, 31).unwrap_or_default();
    let window = Window {
        billing_account: acct.billing_account.clone(),
        month: "2025-01".into(),
        day: Some(day),
    };
    let synced = client
        .bill_page(&window, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .lines;
    let raw = client
        .call_raw(
            "BssOpenApi:DescribeInstanceBill",
            &[
                ("BillingCycle", "2025-01"),
                ("Granularity", "DAILY"),
                ("BillingDate", "2025-01-31"),
                ("MaxResults", "300"),
            ],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let data = &raw["Data"];
    let items = data["Items"].as_array().cloned().unwrap_or_default();
    let mut columns = vec!["BillingCycle", "AccountID", "AccountName"];
    let first = items[0].as_object().cloned().unwrap_or_default();
    columns.extend(first.keys().map(String::as_str));
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let path =
        std::env::temp_dir().join(format!("cloudlens-alibaba-bill-{}.csv", std::process::id()));
    {
        let mut w = csv::Writer::from_path(&path).unwrap_or_else(|e| panic!("{e}"));
        w.write_record(&columns).unwrap_or_else(|e| panic!("{e}"));
        for item in &items {
            let row: Vec<String> = columns
                .iter()
                .map(|c| match item.get(*c) {
                    Some(v) => text(v),
                    None => text(&data[*c]),
                })
                .collect();
            w.write_record(&row).unwrap_or_else(|e| panic!("{e}"));
        }
        w.flush().unwrap_or_else(|e| panic!("{e}"));
    }
    let (mut source, _) = cloudlens_ingest::source::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let header = source.header().clone();
    let (format, _) = formats::detect(&header).unwrap_or_else(|| panic!("not detected"));
    assert_eq!(format.id(), FormatId::Alibaba);
    let mut mapper = format.bind(&header).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Output::default();
    let mut record = csv::StringRecord::new();
    let mut imported = Vec::new();
    while let Some(line) = source
        .next_record(&mut record)
        .unwrap_or_else(|e| panic!("{e}"))
    {
        let row = Row {
            line,
            header: &header,
            fields: &RecordFields(&record),
        };
        mapper.map(&row, &mut out).unwrap_or_else(|e| panic!("{e}"));
        imported.append(&mut out.lines);
        out.reset();
    }
    let _ = std::fs::remove_file(&path);
    assert_eq!(imported.len(), synced.len());
    for (mut i, s) in imported.into_iter().zip(synced) {
        i.provenance = s.provenance;
        assert_eq!(i, s);
    }
}
