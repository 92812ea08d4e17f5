//! `cloudlens recommendations discounts`: the discount analysis as JSON
//! (the api's rows, unchanged) or CSV.

use cloudlens_api::{ApiError, CloudLens, DiscountRowView, ErrorCode};

const HEADER: [&str; 12] = [
    "provider",
    "billing_account",
    "service",
    "currency",
    "month",
    "list",
    "contracted",
    "effective",
    "negotiated_rate",
    "effective_rate",
    "no_discount",
    "rate_change",
];

fn record(r: &DiscountRowView) -> [String; 12] {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        r.provider.clone(),
        r.billing_account.clone(),
        r.service.clone(),
        r.currency.clone(),
        r.month.clone(),
        r.list.clone(),
        r.contracted.clone(),
        r.effective.clone(),
        opt(&r.negotiated_rate),
        opt(&r.effective_rate),
        r.no_discount.to_string(),
        opt(&r.rate_change),
    ]
}

pub fn print(cl: &CloudLens, months: u32, format: &str) -> Result<(), ApiError> {
    let rows = cl.discount_analysis(months)?;
    let fail = |e: &dyn std::fmt::Display| ApiError::new(ErrorCode::Internal, e.to_string());
    if format == "csv" {
        let mut w = csv::Writer::from_writer(crate::out::stdout());
        w.write_record(HEADER).map_err(|e| fail(&e))?;
        for r in &rows {
            w.write_record(record(r)).map_err(|e| fail(&e))?;
        }
        return w.flush().map_err(|e| fail(&e));
    }
    let text = serde_json::to_string_pretty(&serde_json::json!({ "discounts": rows }))
        .map_err(|e| fail(&e))?;
    outln!("{text}");
    Ok(())
}
