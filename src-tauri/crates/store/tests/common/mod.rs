#![allow(dead_code)]

use std::str::FromStr;
use std::sync::Arc;

use chrono::NaiveDate;
use cloudlens_model::{
    day_start, month_start, next_month, ChargeCategory, CostLine, Decimal, LineDims, Provenance,
};
use cloudlens_store::{ImportOutcome, KeySource, RunKind, RunSpec, Store, StoreError, StoreKey};
use zeroize::Zeroizing;

pub fn dims(provider: &str, account: &str, currency: &str, service: &str) -> Arc<LineDims> {
    let mut d = LineDims::new(
        provider,
        account,
        currency,
        service,
        "Compute",
        ChargeCategory::Usage,
    );
    d.sub_account_id = Some(format!("{account}-sub"));
    d.sub_account_name = Some(format!("子账号 {account}"));
    d.tags.insert("team".into(), "payments".into());
    Arc::new(d)
}

pub fn line(
    dims: &Arc<LineDims>,
    day: (i32, u32, u32),
    billed: &str,
    effective: &str,
    row: u64,
) -> CostLine {
    let day = NaiveDate::from_ymd_opt(day.0, day.1, day.2).unwrap();
    let start = day_start(day);
    CostLine {
        dims: Arc::clone(dims),
        billing_period_start: day_start(month_start(day)),
        billing_period_end: day_start(next_month(day)),
        charge_period_start: start,
        charge_period_end: start + 86_400,
        billed_cost: Decimal::from_str(billed).unwrap(),
        effective_cost: Decimal::from_str(effective).unwrap(),
        list_cost: Decimal::from_str(billed).unwrap(),
        contracted_cost: Decimal::from_str(billed).unwrap(),
        pricing_quantity: Some(Decimal::from_str("24").unwrap()),
        consumed_quantity: Some(Decimal::from_str("24").unwrap()),
        list_unit_price: None,
        contracted_unit_price: None,
        commitment_discount_status: None,
        commitment_discount_quantity: None,
        capacity_reservation_status: None,
        invoice_id: Some("INV-1".into()),
        extras: None,
        provenance: Provenance { source_row: row },
    }
}

pub fn spec(kind: RunKind) -> RunSpec {
    RunSpec {
        kind,
        source: "test".into(),
        format: None,
        clock: || 1_700_000_000,
        content_hash: None,
        restates: kind != RunKind::Demo,
    }
}

pub fn passphrase(p: &str) -> KeySource {
    KeySource::Passphrase(Zeroizing::new(p.to_string()))
}

pub fn fixed_key() -> StoreKey {
    StoreKey::from_parts([7u8; 32], [9u8; 16])
}

pub fn open(path: &std::path::Path) -> Store {
    Store::open_with_key(path, &fixed_key()).unwrap()
}

/// Imports one AWS line of 2026-01-01 billed 1 as one run of `kind`.
pub fn import_one_line(store: &mut Store, kind: RunKind) -> Result<ImportOutcome, StoreError> {
    let d = dims("AWS", "111", "USD", "Amazon EC2");
    store
        .lines_mut()
        .import(spec(kind), |s| s.push(line(&d, (2026, 1, 1), "1", "1", 1)))
}
