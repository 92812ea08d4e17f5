//! The Alibaba Cloud client against the Alibaba mock over real HTTP on
//! 127.0.0.1: the mock verifies every signature with its own
//! implementation, so these tests fail if the client signs wrongly.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use cloudlens_mockcloud::alibaba::{cpu_tenths, start_alibaba};
use cloudlens_mockcloud::{Account, AccountSpec, Faults, MockCloud, ResourceKind};
use cloudlens_model::{ChargeCategory, Decimal};
use cloudlens_providers::alibaba::signing::{self, canonical_query, sha256_hex, sign, SignInput};
use cloudlens_providers::{
    Client, ClientConfig, Credentials, ErrorKind, InventoryKind, ProviderKind, Resource, Site,
    Window,
};
use zeroize::Zeroizing;

const KEY_ID: &str = "LTAI5tMockReadOnlyKey01";
const SECRET: &str = "mock-secret-8f2b61c0a9d34e7f";

/// The tests' now, 2025-06-15T00:00:00Z: the clients sign with it and the
/// mock checks their signatures against it.
fn clock() -> i64 {
    1_749_945_600
}

fn account() -> Account {
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    Account::generate(&AccountSpec::realistic(first))
}

fn client_for(endpoint: String, secret: &str, timeout: Duration) -> Client {
    Client::new(
        ClientConfig {
            kind: ProviderKind::Alibaba,
            credentials: Credentials {
                key_id: KEY_ID.to_string(),
                secret: Zeroizing::new(secret.to_string()),
            },
            endpoint: Some(endpoint),
            region: None,
            site: Site::China,
            timeout,
            clock,
            extra: Default::default(),
        },
        reqwest::Client::new(),
    )
}

fn mock() -> MockCloud {
    let mock = start_alibaba(account(), KEY_ID, SECRET).unwrap_or_else(|e| panic!("mock: {e}"));
    mock.set_clock(clock);
    mock
}

fn start() -> (MockCloud, Client) {
    let mock = mock();
    let client = client_for(mock.endpoint(), SECRET, Duration::from_secs(10));
    (mock, client)
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

/// The official example (API-NOTES §1.1, `sign-vectors/aliyun-acs3-v3-runinstances.txt`):
/// every intermediate, byte for byte.
#[test]
fn reproduces_the_documented_runinstances_vector() {
    let empty = sha256_hex(b"");
    assert_eq!(
        empty,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let query = canonical_query(&[
        ("RegionId", "cn-shanghai"),
        (
            "ImageId",
            "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
        ),
    ]);
    let headers = [
        ("host", "ecs.cn-shanghai.aliyuncs.com"),
        ("x-acs-action", "RunInstances"),
        ("x-acs-version", "2014-05-26"),
        ("x-acs-date", "2023-10-26T10:22:32Z"),
        ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
        ("x-acs-content-sha256", empty.as_str()),
    ];
    let s = sign(
        "YourAccessKeyId",
        "YourAccessKeySecret",
        &SignInput {
            method: "POST",
            path: "/",
            query: &query,
            headers: &headers,
            payload_hash: &empty,
        },
    );
    let expected_creq = "POST\n/\n\
        ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n\
        host:ecs.cn-shanghai.aliyuncs.com\n\
        x-acs-action:RunInstances\n\
        x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
        x-acs-date:2023-10-26T10:22:32Z\n\
        x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n\
        x-acs-version:2014-05-26\n\n\
        host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n\
        e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    assert_eq!(s.canonical_request, expected_creq);
    assert_eq!(
        s.string_to_sign,
        "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
    );
    assert_eq!(
        s.signature,
        "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    );
    assert_eq!(
        s.authorization,
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;\
         x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,\
         Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    );
}

#[tokio::test]
async fn a_whole_account_over_many_pages_sums_to_the_month_totals() {
    let (mock, client) = start();
    // Seven items a page: 60 resources make nine pages a day.
    mock.set_page_size(7);
    let acct = account();
    let info = client
        .check()
        .await
        .unwrap_or_else(|e| panic!("check: {e}"));
    assert_eq!(info.billing_account, acct.billing_account);
    assert_eq!(info.name.as_deref(), Some(acct.name.as_str()));
    assert!(client.bills_by_day());

    let mut pages = 0;
    for month in acct.months() {
        let mut lines = Vec::new();
        for day in acct
            .days()
            .filter(|d| format!("{:04}-{:02}", d.year(), d.month()) == month)
        {
            let window = Window {
                billing_account: info.billing_account.clone(),
                month: month.clone(),
                day: Some(day),
            };
            let mut cursor: Option<String> = None;
            loop {
                let page = client
                    .bill_page(&window, cursor.as_deref())
                    .await
                    .unwrap_or_else(|e| panic!("bill page {}: {e}", window.key()));
                assert!(!page.request_id.is_empty());
                assert!(page.lines.len() <= 7);
                pages += 1;
                lines.extend(page.lines);
                cursor = page.next;
                if cursor.is_none() {
                    break;
                }
            }
        }
        assert_eq!(
            lines.len(),
            acct.items_in_month(&month).count(),
            "{month}: one line per resource and day"
        );
        let mut sums: BTreeMap<String, Decimal> = BTreeMap::new();
        for l in &lines {
            *sums.entry(l.dims.billing_currency.clone()).or_default() += l.billed_cost;
        }
        let totals = client
            .month_total(&month)
            .await
            .unwrap_or_else(|e| panic!("month total {month}: {e}"));
        assert_eq!(totals.len(), 1);
        assert_eq!(totals[0].currency, "CNY");
        assert_eq!(sums.get("CNY"), Some(&totals[0].billed), "{month}");
        // And both equal the account's own figure, to the cent.
        assert_eq!(totals[0].billed, cents(acct.month_cents(&month)), "{month}");
    }
    assert!(pages >= 90 * 9, "{pages} pages");
    assert_eq!(mock.stats().bad_signatures, 0);
}

#[tokio::test]
async fn bill_lines_carry_the_canonical_focus_fields() {
    let (_mock, client) = start();
    let acct = account();
    let day = NaiveDate::from_ymd_opt(2025, 2, 3).unwrap_or_default();
    let window = Window {
        billing_account: acct.billing_account.clone(),
        month: "2025-02".into(),
        day: Some(day),
    };
    let page = client
        .bill_page(&window, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.lines.len(), acct.resources.len());
    // 2025-02 in UTC+8 is 2025-01-31T16:00Z .. 2025-02-28T16:00Z; the day likewise.
    let feb_start = 1_738_339_200;
    let feb_end = 1_740_758_400;
    let day_start = 1_738_512_000; // 2025-02-02T16:00:00Z
    for (l, (i, r)) in page.lines.iter().zip(acct.resources.iter().enumerate()) {
        let d = &l.dims;
        assert_eq!(d.provider_name, "Alibaba Cloud");
        assert_eq!(d.billing_account_id, acct.billing_account);
        assert_eq!(d.billing_account_name.as_deref(), Some(acct.name.as_str()));
        assert_eq!(d.billing_currency, "CNY");
        assert_eq!(d.charge_category, ChargeCategory::Usage);
        assert_eq!(d.resource_id.as_deref(), Some(r.id.as_str()));
        assert_eq!(d.resource_name.as_deref(), Some(r.name.as_str()));
        assert_eq!(d.region_id.as_deref(), Some(r.region.as_str()));
        let (service, category) = match r.kind {
            ResourceKind::Instance => ("云服务器 ECS", "Compute"),
            ResourceKind::Disk => ("块存储", "Storage"),
            ResourceKind::Ip => ("弹性公网IP", "Networking"),
        };
        assert_eq!(d.service_name, service);
        assert_eq!(d.service_category, category);
        let tags: Vec<(String, String)> = d.tags.clone().into_iter().collect();
        let mut expected_tags = r.tags.clone();
        expected_tags.sort();
        assert_eq!(tags, expected_tags, "{}", r.id);
        assert_eq!(
            (l.billing_period_start, l.billing_period_end),
            (feb_start, feb_end)
        );
        assert_eq!(
            (l.charge_period_start, l.charge_period_end),
            (day_start, day_start + 86_400)
        );
        let c = acct.cents(i, day);
        assert_eq!(l.billed_cost, cents(c));
        assert_eq!(l.effective_cost, cents(c));
        assert_eq!(l.list_cost, cents(c + c / 10));
        assert_eq!(l.contracted_cost, cents(c));
        let extras = l.extras.clone().unwrap_or_default();
        assert!(extras.contains(r#""x_BillingCycle":"2025-02""#), "{extras}");
        assert!(extras.contains(r#""x_ProductCode":"#), "{extras}");
    }
    // Untagged resources stay untagged (no empty keys).
    assert!(page.lines.iter().any(|l| l.dims.tags.is_empty()));
    assert!(page
        .lines
        .iter()
        .all(|l| l.dims.tags.keys().all(|k| !k.is_empty())));
}

#[tokio::test]
async fn inventory_over_pages_in_every_region() {
    let (mock, client) = start();
    mock.set_page_size(4);
    let acct = account();
    let regions = client.regions().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(regions, acct.regions);
    let mut seen: Vec<Resource> = Vec::new();
    let mut pages = 0;
    for region in &regions {
        for kind in client.inventory_kinds() {
            let mut cursor: Option<String> = None;
            loop {
                let page = client
                    .inventory_page(*kind, region, cursor.as_deref())
                    .await
                    .unwrap_or_else(|e| panic!("{kind:?} {region}: {e}"));
                assert!(page.items.len() <= 4);
                assert!(!page.request_id.is_empty());
                pages += 1;
                seen.extend(page.items);
                cursor = page.next;
                if cursor.is_none() {
                    break;
                }
            }
        }
    }
    assert!(pages > 9, "{pages}");
    assert_eq!(seen.len(), acct.resources.len());
    for r in &acct.resources {
        let got = seen
            .iter()
            .find(|s| s.id == r.id)
            .unwrap_or_else(|| panic!("{} missing", r.id));
        let (kind, state, size) = match r.kind {
            ResourceKind::Instance => (
                InventoryKind::Instance,
                r.state.clone(),
                format!("ecs.{}", r.instance_type),
            ),
            ResourceKind::Disk => (
                InventoryKind::Disk,
                if r.state == "Running" {
                    "In_use"
                } else {
                    "Available"
                }
                .to_string(),
                r.size_gib.to_string(),
            ),
            ResourceKind::Ip => (
                InventoryKind::Ip,
                if r.state == "Running" {
                    "InUse"
                } else {
                    "Available"
                }
                .to_string(),
                "5".to_string(),
            ),
        };
        assert_eq!(got.kind, kind);
        assert_eq!(got.name.as_deref(), Some(r.name.as_str()));
        assert_eq!(got.region, r.region);
        assert_eq!(got.state, state, "{}", r.id);
        assert_eq!(got.size.as_deref(), Some(size.as_str()), "{}", r.id);
        assert_eq!(got.tags, r.tags, "{}", r.id);
        assert_eq!(got.created_at, Some(r.created_at), "{}", r.id);
    }
}

#[tokio::test]
async fn daily_cpu_utilisation_of_running_instances() {
    let (mock, client) = start();
    mock.set_page_size(5);
    let acct = account();
    let region = "cn-shanghai";
    let instances: Vec<(usize, &cloudlens_mockcloud::MockResource)> = acct
        .resources
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == ResourceKind::Instance && r.region == region)
        .collect();
    let ids: Vec<String> = instances.iter().map(|(_, r)| r.id.clone()).collect();
    let from = NaiveDate::from_ymd_opt(2025, 1, 10).unwrap_or_default();
    let to = NaiveDate::from_ymd_opt(2025, 1, 17).unwrap_or_default();
    let points = client
        .utilisation(region, &ids, from, to)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let running = instances
        .iter()
        .filter(|(_, r)| r.state == "Running")
        .count();
    assert!(running > 0 && running < instances.len() + 1);
    assert_eq!(points.len(), running * 7);
    for p in &points {
        let (index, r) = instances
            .iter()
            .find(|(_, r)| r.id == p.resource_id)
            .unwrap_or_else(|| panic!("{} not asked for", p.resource_id));
        assert_eq!(r.state, "Running");
        let day = chrono::DateTime::from_timestamp(p.at, 0)
            .unwrap_or_default()
            .date_naive();
        assert!(day >= from && day < to);
        let expected = cpu_tenths(*index, day.num_days_from_ce() as i64) as f64 / 10.0;
        assert!(
            (p.cpu_percent - expected).abs() < 1e-9,
            "{p:?} vs {expected}"
        );
    }
    // Seven days of several instances at five points a page: many pages.
    assert!(
        mock.stats()
            .by_action
            .get("CMS:DescribeMetricList")
            .copied()
            > Some(2)
    );
}

#[tokio::test]
async fn a_wrong_secret_or_unknown_key_is_rejected_as_credentials() {
    let (mock, _) = start();
    let wrong = client_for(mock.endpoint(), "not-the-secret", Duration::from_secs(10));
    let err = wrong
        .check()
        .await
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.kind, ErrorKind::CredentialsRejected);
    assert_eq!(err.code.as_deref(), Some("SignatureDoesNotMatch"));
    assert!(err.request_id.is_some());
    assert!(!err.message.contains("not-the-secret"));
    assert!(!format!("{wrong:?} {err:?}").contains("not-the-secret"));
    assert_eq!(mock.stats().bad_signatures, 1);

    let other_key = Client::new(
        ClientConfig {
            kind: ProviderKind::Alibaba,
            credentials: Credentials {
                key_id: "LTAI5tSomeoneElse".into(),
                secret: Zeroizing::new(SECRET.into()),
            },
            endpoint: Some(mock.endpoint()),
            region: None,
            site: Site::China,
            timeout: Duration::from_secs(10),
            clock,
            extra: Default::default(),
        },
        reqwest::Client::new(),
    );
    let err = other_key
        .month_total("2025-01")
        .await
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.kind, ErrorKind::CredentialsRejected);
    assert_eq!(err.code.as_deref(), Some("InvalidAccessKeyId.NotFound"));
    assert_eq!(mock.stats().bad_signatures, 2);
}

#[tokio::test]
async fn write_actions_are_refused_before_anything_is_sent() {
    let (mock, client) = start();
    for action in [
        "ECS:RunInstances",
        "ECS:DeleteInstance",
        "ECS:StopInstance",
        "ECS:ModifyInstanceAttribute",
        "BssOpenApi:CreateInstance",
        "BssOpenApi:RenewInstance",
        "VPC:ReleaseEipAddress",
        "VPC:AllocateEipAddress",
        "CMS:PutMetricData",
        "ecs:DescribeInstances",
        "DescribeInstances",
    ] {
        let err = client
            .call_raw(action, &[("RegionId", "cn-hangzhou")])
            .await
            .err()
            .unwrap_or_else(|| panic!("{action} was allowed"));
        assert_eq!(err.kind, ErrorKind::NotAllowed, "{action}");
        assert_eq!(err.code.as_deref(), Some(action));
    }
    assert_eq!(mock.stats().requests, 0);
    // The gate does let the read-only actions through.
    let ok = client
        .call_raw("ECS:DescribeRegions", &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(ok.get("Regions").is_some());
    assert_eq!(mock.stats().requests, 1);
}

#[test]
fn the_policy_grants_exactly_the_allow_listed_actions() {
    let allowed = Client::allowed_actions(ProviderKind::Alibaba);
    let guide = Client::policy_guide(ProviderKind::Alibaba);
    let bucket = cloudlens_providers::alibaba::BUCKET_ACTIONS;
    assert_eq!(guide.actions.len(), allowed.len() + bucket.len());
    assert!(guide
        .managed_policies
        .contains(&"AliyunBSSReadOnlyAccess".to_string()));
    let doc: serde_json::Value =
        serde_json::from_str(&guide.custom_policy).unwrap_or_else(|e| panic!("{e}"));
    let granted: Vec<&str> = doc["Statement"][0]["Action"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(granted.len(), allowed.len());
    assert!(granted.contains(&"bssapi:DescribeInstanceBill"));
    assert!(granted.contains(&"vpc:DescribeEipAddresses"));
    assert!(granted
        .iter()
        .all(|g| g.contains(":Describe") || g.contains(":Query")));
    assert_eq!(doc["Statement"][0]["Effect"], "Allow");
    assert_eq!(
        doc["Statement"][1]["Action"],
        serde_json::json!(["oss:ListObjects", "oss:GetObject"])
    );
}

#[tokio::test]
async fn throttling_in_a_200_body_or_an_error_status_and_server_errors() {
    let (mock, client) = start();
    mock.set_faults(Faults {
        throttle_every: Some(1),
        ..Faults::default()
    });
    // BssOpenApi: HTTP 200 with Success false.
    let err = client.month_total("2025-01").await.err();
    let err = err.unwrap_or_else(|| panic!("throttled call succeeded"));
    assert_eq!(err.kind, ErrorKind::Throttled);
    assert_eq!(err.code.as_deref(), Some("Throttling.User"));
    assert!(err.kind.retryable());
    // ECS: HTTP 400 with the throttling code.
    let err = client
        .inventory_page(InventoryKind::Instance, "cn-hangzhou", None)
        .await
        .err()
        .unwrap_or_else(|| panic!("throttled call succeeded"));
    assert_eq!(err.kind, ErrorKind::Throttled);

    mock.set_faults(Faults {
        fail_every: Some(1),
        ..Faults::default()
    });
    let err = client
        .check()
        .await
        .err()
        .unwrap_or_else(|| panic!("failed call succeeded"));
    assert_eq!(err.kind, ErrorKind::ServerError);
    assert_eq!(err.code.as_deref(), Some("InternalError"));
    assert_eq!(mock.stats().throttled, 2);
    assert_eq!(mock.stats().failed, 1);

    mock.set_faults(Faults::default());
    assert!(client.check().await.is_ok());
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let mock = mock();
    mock.set_faults(Faults {
        slow_every: Some((1, Duration::from_secs(3))),
        ..Faults::default()
    });
    let client = client_for(mock.endpoint(), SECRET, Duration::from_millis(300));
    let err = client
        .regions()
        .await
        .err()
        .unwrap_or_else(|| panic!("slow call succeeded"));
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert!(err.kind.retryable());
}

#[tokio::test]
async fn a_closed_port_or_unknown_host_is_unreachable() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    // The listener is dropped: nothing listens on the port now.
    let closed = client_for(
        format!("http://127.0.0.1:{port}"),
        SECRET,
        Duration::from_secs(5),
    );
    let err = closed
        .check()
        .await
        .err()
        .unwrap_or_else(|| panic!("answered"));
    assert_eq!(err.kind, ErrorKind::Unreachable);

    let unknown = client_for(
        "http://cloudlens-no-such-host.invalid".into(),
        SECRET,
        Duration::from_secs(5),
    );
    let err = unknown
        .check()
        .await
        .err()
        .unwrap_or_else(|| panic!("answered"));
    assert_eq!(err.kind, ErrorKind::Unreachable);
}

#[tokio::test]
async fn amounts_arrive_exactly() {
    let (mock, client) = start();
    // A restatement of an odd amount on one resource's day.
    let day = NaiveDate::from_ymd_opt(2025, 3, 9).unwrap_or_default();
    mock.with_account(|a| {
        a.adjustments.push(cloudlens_mockcloud::BillItem {
            resource: 3,
            day,
            cents: 123_456_789,
        })
    });
    let acct = {
        let mut a = account();
        a.adjustments.push(cloudlens_mockcloud::BillItem {
            resource: 3,
            day,
            cents: 123_456_789,
        });
        a
    };
    let window = Window {
        billing_account: acct.billing_account.clone(),
        month: "2025-03".into(),
        day: Some(day),
    };
    let page = client
        .bill_page(&window, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let line = page
        .lines
        .iter()
        .find(|l| l.dims.resource_id.as_deref() == Some(acct.resources[3].id.as_str()))
        .unwrap_or_else(|| panic!("no line"));
    assert_eq!(line.billed_cost, cents(acct.cents(3, day)));
    // Over a million with cents: more digits than a careless f32 or a
    // rounding display would keep.
    assert!(line.billed_cost > cents(100_000_000));
}

/// A `DescribeRegions` request signed by hand with a chosen date and nonce,
/// to see the gateway's own checks.
async fn send_signed(mock: &MockCloud, date: &str, nonce: &str) -> (u16, serde_json::Value) {
    let empty = sha256_hex(b"");
    let host = "ecs.cn-hangzhou.aliyuncs.com";
    let headers = [
        ("host", host),
        ("x-acs-action", "DescribeRegions"),
        ("x-acs-version", "2014-05-26"),
        ("x-acs-date", date),
        ("x-acs-signature-nonce", nonce),
        ("x-acs-content-sha256", empty.as_str()),
    ];
    let s = sign(
        KEY_ID,
        SECRET,
        &SignInput {
            method: "POST",
            path: "/",
            query: "",
            headers: &headers,
            payload_hash: &empty,
        },
    );
    let mut req = reqwest::Client::new()
        .post(format!("{}/", mock.endpoint()))
        .header("authorization", s.authorization);
    for (k, v) in headers {
        req = req.header(k, v);
    }
    let resp = req.send().await.unwrap_or_else(|e| panic!("{e}"));
    let status = resp.status().as_u16();
    let body = resp.json().await.unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn the_gateway_refuses_replays_stale_dates_and_unsigned_requests() {
    let (mock, _) = start();
    let now = signing::date(clock());
    let (status, body) = send_signed(&mock, &now, "5f1c0e9a7d3b4c21a6e8f0b2d4c6a8e0").await;
    assert_eq!(status, 200, "{body}");
    assert!(body["Regions"]["Region"].is_array());
    let (status, body) = send_signed(&mock, &now, "5f1c0e9a7d3b4c21a6e8f0b2d4c6a8e0").await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("SignatureNonceUsed"))
    );
    let stale = signing::date(clock() - 20 * 60);
    let (status, body) = send_signed(&mock, &stale, "0b2d4c6a8e05f1c0e9a7d3b4c21a6e8f").await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("InvalidTimeStamp.Expired"))
    );
    assert_eq!(mock.stats().bad_signatures, 0);

    let resp = reqwest::Client::new()
        .post(format!("{}/?RegionId=cn-hangzhou", mock.endpoint()))
        .header("host", "ecs.cn-hangzhou.aliyuncs.com")
        .header("x-acs-action", "DescribeInstances")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(resp.status().as_u16(), 400);
    let body: serde_json::Value = resp.json().await.unwrap_or_default();
    assert_eq!(body["Code"], "IncompleteSignature");
    assert!(body["RequestId"].is_string());
    assert_eq!(mock.stats().bad_signatures, 1);
}

/// Requests are dated by the clock the client is given, never its own: a
/// client whose clock runs 20 minutes behind the gateway's is refused, and
/// one on the gateway's time is not.
#[tokio::test]
async fn requests_are_signed_at_the_time_the_given_clock_says() {
    let (mock, on_time) = start();
    assert!(on_time.check().await.is_ok());
    let mut config = ClientConfig {
        kind: ProviderKind::Alibaba,
        credentials: Credentials {
            key_id: KEY_ID.to_string(),
            secret: Zeroizing::new(SECRET.to_string()),
        },
        endpoint: Some(mock.endpoint()),
        region: None,
        site: Site::China,
        timeout: Duration::from_secs(10),
        clock,
        extra: Default::default(),
    };
    config.clock = || clock() - 20 * 60;
    let late = Client::new(config, reqwest::Client::new());
    let err = late.check().await.err().map(|e| e.code);
    assert_eq!(err, Some(Some("InvalidTimeStamp.Expired".to_string())));
}

/// A window without a day asks for the month at MONTHLY granularity: one
/// line per resource over the whole UTC+8 month, summing to the same total.
#[tokio::test]
async fn a_month_window_gives_monthly_lines_over_the_billing_period() {
    let (mock, client) = start();
    mock.set_page_size(25);
    let acct = account();
    let window = Window {
        billing_account: acct.billing_account.clone(),
        month: "2025-02".into(),
        day: None,
    };
    let mut lines = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = client
            .bill_page(&window, cursor.as_deref())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        lines.extend(page.lines);
        cursor = page.next;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(lines.len(), acct.resources.len());
    let sum: Decimal = lines.iter().map(|l| l.billed_cost).sum();
    assert_eq!(sum, cents(acct.month_cents("2025-02")));
    for l in &lines {
        assert_eq!(
            (l.charge_period_start, l.charge_period_end),
            (l.billing_period_start, l.billing_period_end)
        );
    }
    assert_eq!(
        mock.stats()
            .by_action
            .get("BssOpenApi:DescribeInstanceBill"),
        Some(&3)
    );
}
