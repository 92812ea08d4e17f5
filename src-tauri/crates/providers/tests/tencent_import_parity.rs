//! A synced bill line equals the line the file importer makes of the same
//! row: the mock's `DescribeBillDetail` answer, written out as a bill
//! detail CSV under the API's field names (which the importer's Tencent
//! format accepts as aliases) plus the Bill Month column the console's
//! export carries, goes through the importer's own mapper and must give
//! exactly the client's lines (provenance aside).

use std::time::Duration;

use chrono::NaiveDate;
use cloudlens_ingest::formats::{self, FormatId, Output};
use cloudlens_ingest::{Header, Row};
use cloudlens_mockcloud::tencent::start_tencent;
use cloudlens_mockcloud::{Account, AccountSpec};
use cloudlens_model::CostLine;
use cloudlens_providers::{Client, ClientConfig, Credentials, ProviderKind, Site, Window};
use serde_json::Value;
use zeroize::Zeroizing;

const KEY_ID: &str = "AKIDparity00000000000000000000000001";
const SECRET: &str = "paritySecret000000000000000000001";

const DETAIL_FIELDS: &[&str] = &[
    "PayerUin",
    "OwnerUin",
    "OperateUin",
    "BusinessCodeName",
    "BusinessCode",
    "ProductCodeName",
    "ProductCode",
    "PayModeName",
    "ProjectName",
    "RegionName",
    "ZoneName",
    "ResourceId",
    "ResourceName",
    "ActionTypeName",
    "OrderId",
    "BillId",
    "PayTime",
    "FeeBeginTime",
    "FeeEndTime",
];
const COMPONENT_FIELDS: &[&str] = &[
    "ComponentCodeName",
    "ItemCodeName",
    "SinglePrice",
    "ContractPrice",
    "PriceUnit",
    "UsedAmount",
    "UsedAmountUnit",
    "TimeSpan",
    "TimeUnitName",
    "Cost",
    "Discount",
    "RealCost",
    "VoucherPayAmount",
    "CashPayAmount",
    "IncentivePayAmount",
    "TransferPayAmount",
    "InstanceType",
];

fn cell(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The importer's lines for the answer's rows, as a CSV export would give them.
fn imported(answer: &Value, month: &str) -> Vec<CostLine> {
    let mut names: Vec<&str> = DETAIL_FIELDS.to_vec();
    names.extend(COMPONENT_FIELDS);
    names.extend(["Tags", "BillMonth"]);
    let header = Header::new(names.iter().copied());
    match formats::detect(&header) {
        Some((f, _)) => assert_eq!(f.id(), FormatId::Tencent),
        None => panic!("the importer does not detect the API field names as a Tencent bill"),
    }
    let format = match formats::by_id(FormatId::Tencent) {
        Some(f) => f,
        None => panic!("no Tencent format"),
    };
    let mut mapper = match format.bind(&header) {
        Ok(m) => m,
        Err(e) => panic!("{e:?}"),
    };
    let mut out = Output::default();
    let mut line = 1u64;
    let details = answer["DetailSet"].as_array().cloned().unwrap_or_default();
    for d in &details {
        for c in d["ComponentSet"].as_array().cloned().unwrap_or_default() {
            let mut record: Vec<String> = DETAIL_FIELDS.iter().map(|k| cell(d, k)).collect();
            record.extend(COMPONENT_FIELDS.iter().map(|k| cell(&c, k)));
            record.push(d["Tags"].to_string());
            record.push(month.to_string());
            let record = csv::StringRecord::from(record);
            line += 1;
            let row = Row {
                line,
                header: &header,
                record: &record,
            };
            if let Err(e) = mapper.map(&row, &mut out) {
                panic!("line {line}: {e:?}");
            }
        }
    }
    out.lines
}

fn same(synced: &CostLine, imported: &CostLine) {
    assert_eq!(*synced.dims, *imported.dims);
    let pairs = [
        (synced.billing_period_start, imported.billing_period_start),
        (synced.billing_period_end, imported.billing_period_end),
        (synced.charge_period_start, imported.charge_period_start),
        (synced.charge_period_end, imported.charge_period_end),
    ];
    for (a, b) in pairs {
        assert_eq!(a, b);
    }
    assert_eq!(synced.billed_cost, imported.billed_cost);
    assert_eq!(synced.effective_cost, imported.effective_cost);
    assert_eq!(synced.list_cost, imported.list_cost);
    assert_eq!(synced.contracted_cost, imported.contracted_cost);
    assert_eq!(synced.pricing_quantity, imported.pricing_quantity);
    assert_eq!(synced.consumed_quantity, imported.consumed_quantity);
    assert_eq!(synced.list_unit_price, imported.list_unit_price);
    assert_eq!(synced.contracted_unit_price, imported.contracted_unit_price);
    assert_eq!(synced.invoice_id, imported.invoice_id);
    let extras = |l: &CostLine| -> Value {
        l.extras
            .as_deref()
            .and_then(|e| serde_json::from_str(e).ok())
            .unwrap_or(Value::Null)
    };
    assert_eq!(extras(synced), extras(imported));
}

#[tokio::test]
async fn synced_lines_equal_the_importers_lines_for_the_same_rows() {
    // 31 January: its charges are paid on 1 February, so the billing month
    // must come from the bill month, not the payment time.
    let account = Account::generate(&AccountSpec::realistic(
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
    ));
    let mock = match start_tencent(account.clone(), KEY_ID, SECRET) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    let client = Client::new(
        ClientConfig {
            kind: ProviderKind::Tencent,
            credentials: Credentials {
                key_id: KEY_ID.into(),
                secret: Zeroizing::new(SECRET.into()),
            },
            endpoint: Some(mock.endpoint()),
            region: None,
            site: Site::China,
            timeout: Duration::from_secs(20),
        },
        reqwest::Client::new(),
    );
    let day = NaiveDate::from_ymd_opt(2025, 1, 31).unwrap_or_default();
    let window = Window {
        billing_account: account.billing_account.clone(),
        month: "2025-01".into(),
        day: Some(day),
    };
    let page = match client.bill_page(&window, None).await {
        Ok(p) => p,
        Err(e) => panic!("{e:?}"),
    };
    let answer = match client
        .call_raw(
            "billing:DescribeBillDetail",
            &[
                ("Month", "2025-01"),
                ("BeginTime", "2025-01-31 00:00:00"),
                ("EndTime", "2025-01-31 23:59:59"),
                ("Offset", "0"),
                ("Limit", "100"),
            ],
        )
        .await
    {
        Ok(a) => a,
        Err(e) => panic!("{e:?}"),
    };
    let imported = imported(&answer, "2025-01");
    assert_eq!(page.lines.len(), imported.len());
    assert!(page.lines.len() > 60);
    for (s, i) in page.lines.iter().zip(&imported) {
        same(s, i);
    }
}
