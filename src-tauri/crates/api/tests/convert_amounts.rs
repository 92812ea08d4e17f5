//! Budget and anomaly amounts shown in the display currency: each at the rate
//! in force on its own day, a day without a rate left unconverted.

use cloudlens_api::{AmountOn, CloudLens, ErrorCode, ExchangeRate, KeySource};
use zeroize::Zeroizing;

fn on(amount: &str, currency: &str, date: &str) -> AmountOn {
    AmountOn {
        amount: amount.into(),
        currency: currency.into(),
        date: date.into(),
    }
}

#[test]
fn each_amount_converts_at_its_days_rate_and_a_missing_rate_stays_unconverted() {
    let dir = tempfile::tempdir().unwrap();
    let key = KeySource::Passphrase(Zeroizing::new("convert".into()));
    let cl = CloudLens::open(
        &dir.path().join("s.db"),
        &key,
        cloudlens_api::Actor::fixed("tester"),
    )
    .unwrap();
    for (date, rate) in [("2030-01-01", "7.1"), ("2030-02-01", "7.25")] {
        cl.set_exchange_rate(&ExchangeRate {
            date: date.into(),
            from: "USD".into(),
            to: "CNY".into(),
            rate: rate.into(),
        })
        .unwrap();
    }
    let got = cl
        .convert_amounts(
            &[
                on("100", "USD", "2030-01-15"),
                on("100", "USD", "2030-02-03"),
                on("710", "CNY", "2030-01-20"),
                on("5", "CHF", "2030-01-20"),
                on("42.5", "CNY", "2030-01-20"),
            ],
            "USD",
        )
        .unwrap();
    assert_eq!(got.amounts[0].as_deref(), Some("100"));
    assert_eq!(got.amounts[1].as_deref(), Some("100"));
    assert_eq!(got.amounts[2].as_deref(), Some("100"), "the inverse of 7.1");
    assert_eq!(got.amounts[3], None, "no CHF rate: never converted at 1");
    let to_cny = cl
        .convert_amounts(
            &[
                on("100", "USD", "2030-01-15"),
                on("100", "USD", "2030-02-03"),
            ],
            "CNY",
        )
        .unwrap();
    assert_eq!(
        to_cny.amounts,
        vec![Some("710".to_string()), Some("725".to_string())]
    );
    assert_eq!(to_cny.rates_through.as_deref(), Some("2030-02-01"));
    let bad = cl
        .convert_amounts(&[on("ten", "USD", "2030-01-15")], "CNY")
        .unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);
    assert!(bad.message.contains("amounts[0].amount"), "{}", bad.message);
}
