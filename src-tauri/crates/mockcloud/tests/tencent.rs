//! The Tencent mock seen from the wire, without the client: it refuses
//! unsigned and badly signed requests the way the gateway does (HTTP 200,
//! `Response.Error`) and counts them, and its throttling and 5xx answers
//! have Tencent's shapes.

use std::io::{Read, Write};
use std::net::TcpStream;

use chrono::NaiveDate;
use cloudlens_mockcloud::tencent::start_tencent;
use cloudlens_mockcloud::{Account, AccountSpec, Faults, MockCloud};
use serde_json::Value;

const KEY_ID: &str = "AKIDwire000000000000000000000000001";
const SECRET: &str = "wireSecret0000000000000000000001";

fn mock() -> MockCloud {
    let account = Account::generate(&AccountSpec::realistic(
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
    ));
    match start_tencent(account, KEY_ID, SECRET) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    }
}

/// POSTs `body` with `headers` over a plain HTTP/1.1 connection; returns
/// the status and the JSON body.
fn post(m: &MockCloud, headers: &[(&str, &str)], body: &str) -> (u16, Value) {
    let addr = m.endpoint().trim_start_matches("http://").to_string();
    let mut s = match TcpStream::connect(&addr) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    let mut req = format!(
        "POST / HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    if let Err(e) = s.write_all(req.as_bytes()) {
        panic!("{e}");
    }
    let mut raw = String::new();
    if let Err(e) = s.read_to_string(&mut raw) {
        panic!("{e}");
    }
    let status = raw
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let json = raw
        .split_once("\r\n\r\n")
        .and_then(|(_, b)| serde_json::from_str(b).ok())
        .unwrap_or(Value::Null);
    (status, json)
}

fn base_headers() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Host", "cvm.tencentcloudapi.com"),
        ("Content-Type", "application/json; charset=utf-8"),
        ("X-TC-Action", "DescribeInstances"),
        ("X-TC-Version", "2017-03-12"),
        ("X-TC-Region", "ap-guangzhou"),
    ]
}

#[test]
// The mock judges freshness by the machine's clock, so the requests are dated by it.
#[allow(clippy::disallowed_methods)]
fn unsigned_and_forged_requests_are_refused_in_http_200_bodies_and_counted() {
    let m = mock();
    let (status, body) = post(&m, &base_headers(), r#"{"Limit":10}"#);
    assert_eq!(status, 200);
    assert_eq!(
        body["Response"]["Error"]["Code"],
        "AuthFailure.SignatureFailure"
    );
    assert!(body["Response"]["RequestId"]
        .as_str()
        .is_some_and(|r| r.len() == 36));

    let now = chrono::Utc::now().timestamp().to_string();
    let date = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let forged = format!(
        "TC3-HMAC-SHA256 Credential={KEY_ID}/{date}/cvm/tc3_request, SignedHeaders=content-type;host, Signature={}",
        "0".repeat(64)
    );
    let mut h = base_headers();
    h.push(("X-TC-Timestamp", &now));
    h.push(("Authorization", &forged));
    let (_, body) = post(&m, &h, r#"{"Limit":10}"#);
    assert_eq!(
        body["Response"]["Error"]["Code"],
        "AuthFailure.SignatureFailure"
    );

    let unknown = forged.replace(KEY_ID, "AKIDsomeoneelse");
    let mut h = base_headers();
    h.push(("X-TC-Timestamp", &now));
    h.push(("Authorization", &unknown));
    let (_, body) = post(&m, &h, r#"{"Limit":10}"#);
    assert_eq!(
        body["Response"]["Error"]["Code"],
        "AuthFailure.SecretIdNotFound"
    );

    let stale = (chrono::Utc::now().timestamp() - 3600).to_string();
    let mut h = base_headers();
    h.push(("X-TC-Timestamp", &stale));
    h.push(("Authorization", &forged));
    let (_, body) = post(&m, &h, r#"{"Limit":10}"#);
    assert_eq!(
        body["Response"]["Error"]["Code"],
        "AuthFailure.SignatureExpire"
    );

    let stats = m.stats();
    assert_eq!(stats.requests, 4);
    assert_eq!(stats.bad_signatures, 4);
    assert_eq!(stats.by_action.get("cvm:DescribeInstances"), Some(&4));
}

#[test]
fn throttling_and_server_errors_have_tencents_shapes() {
    let m = mock();
    m.set_faults(Faults {
        throttle_every: Some(1),
        ..Faults::default()
    });
    let (status, body) = post(&m, &base_headers(), "{}");
    assert_eq!(status, 200);
    assert_eq!(body["Response"]["Error"]["Code"], "RequestLimitExceeded");
    m.set_faults(Faults {
        fail_every: Some(1),
        ..Faults::default()
    });
    let (status, body) = post(&m, &base_headers(), "{}");
    assert_eq!(status, 500);
    assert_eq!(body["Response"]["Error"]["Code"], "InternalError");
    let s = m.stats();
    assert_eq!((s.throttled, s.failed, s.bad_signatures), (1, 1, 0));
}
