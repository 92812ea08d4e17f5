//! The Huawei client against the Huawei mock over real HTTP on 127.0.0.1:
//! the mock checks every signature with its own implementation, so these
//! tests fail if the client signs anything other than what it sends.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use cloudlens_mockcloud::huawei::{cpu_percent, flavor_of, region_of, start_huawei, status_of};
use cloudlens_mockcloud::{cents_text, Account, AccountSpec, Faults, MockCloud, ResourceKind};
use cloudlens_model::{ChargeCategory, ChargeFrequency, Decimal};
use cloudlens_providers::huawei::signing as sign;
use cloudlens_providers::{
    BillingMode, Client, ClientConfig, Credentials, ErrorKind, InventoryKind, ProviderKind, Site,
    Window,
};
use zeroize::Zeroizing;

const AK: &str = "HPUAKEXAMPLE0000TEST";
const SK: &str = "mock-secret-0123456789abcdefghijklmnopqrst";

/// The tests' now, 2025-06-15T00:00:00Z: the clients sign with it and the
/// mock checks their signatures against it.
fn clock() -> i64 {
    1_749_945_600
}

/// A mock of `acct` on the tests' clock.
fn mock_of(acct: Account) -> MockCloud {
    let mock = start_huawei(acct, AK, SK).unwrap();
    mock.set_clock(clock);
    mock
}

fn account(resources: usize, days: u32) -> Account {
    let first = NaiveDate::from_ymd_opt(2025, 1, 20).unwrap();
    Account::generate(&AccountSpec {
        seed: 11,
        resources,
        first_day: first,
        days,
        currency: "CNY".into(),
    })
}

fn config(endpoint: String, secret: &str, timeout: Duration) -> ClientConfig {
    ClientConfig {
        kind: ProviderKind::Huawei,
        credentials: Credentials {
            key_id: AK.into(),
            secret: Zeroizing::new(secret.into()),
        },
        endpoint: Some(endpoint),
        region: None,
        site: Site::China,
        timeout,
        clock,
        extra: Default::default(),
    }
}

fn client_for(endpoint: String, secret: &str, timeout: Duration) -> Client {
    Client::new(config(endpoint, secret, timeout), reqwest::Client::new())
}

fn client(mock: &MockCloud) -> Client {
    client_for(mock.endpoint(), SK, Duration::from_secs(10))
}

fn money(cents: i64) -> Decimal {
    cents_text(cents).parse().unwrap()
}

#[test]
fn the_official_signing_vector() {
    let query = vec![
        (
            "marker".to_string(),
            "13551d6b-755d-4757-b956-536f674975c0".to_string(),
        ),
        ("limit".to_string(), "2".to_string()),
    ];
    let headers = vec![
        ("Content-Type".to_string(), "application/json".to_string()),
        ("Host".to_string(), "service.region.example.com".to_string()),
        ("X-Sdk-Date".to_string(), "20191115T033655Z".to_string()),
    ];
    let signed = sign::sign(
        &sign::Request {
            method: "GET",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query: &query,
            headers: &headers,
            body: b"",
        },
        "QTWAOYTTINDUT2QVKYUC",
        "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    );
    assert_eq!(
        signed.canonical_request,
        "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\n\
         limit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n\
         content-type:application/json\nhost:service.region.example.com\n\
         x-sdk-date:20191115T033655Z\n\ncontent-type;host;x-sdk-date\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        signed.string_to_sign,
        "SDK-HMAC-SHA256\n20191115T033655Z\n\
         b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
    );
    assert_eq!(
        signed.signature,
        "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
    );
    assert_eq!(
        signed.authorization,
        "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, \
         Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
    );
}

#[tokio::test]
async fn a_whole_account_syncs_over_many_pages_and_reconciles_to_the_cent() {
    let acct = account(12, 45);
    let mock = mock_of(acct.clone());
    mock.set_page_size(7);
    let c = client(&mock);
    assert!(c.bills_by_day());
    let info = c.check().await.unwrap();
    assert_eq!(info.billing_account, acct.billing_account);

    let mut per_month: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut lines = Vec::new();
    let mut pages = 0;
    for day in acct.days() {
        let window = Window {
            billing_account: info.billing_account.clone(),
            month: format!("{:04}-{:02}", day.year(), day.month()),
            day: Some(day),
        };
        let mut cursor = None;
        loop {
            let page = c.bill_page(&window, cursor.as_deref()).await.unwrap();
            assert_eq!(page.request_id.len(), 32, "request id kept as provenance");
            pages += 1;
            for l in &page.lines {
                *per_month.entry(window.month.clone()).or_default() += l.billed_cost;
            }
            lines.extend(page.lines);
            cursor = page.next;
            if cursor.is_none() {
                break;
            }
        }
    }
    assert_eq!(lines.len(), 12 * 45);
    assert!(
        pages >= 45 * 2,
        "12 records a day at 7 a page: {pages} pages"
    );
    assert_eq!(per_month.len(), acct.months().len());
    for month in acct.months() {
        let totals = c.month_total(&month).await.unwrap();
        assert_eq!(totals.len(), 1);
        assert_eq!(totals[0].currency, "CNY");
        assert_eq!(totals[0].billed, money(acct.month_cents(&month)), "{month}");
        assert_eq!(per_month[&month], totals[0].billed, "{month}");
    }

    // FOCUS fields, as the console export of the same bill imports.
    let first = &lines[0];
    let r0 = &acct.resources[0];
    assert_eq!(first.dims.provider_name, "Huawei Cloud");
    assert_eq!(first.dims.billing_account_id, acct.billing_account);
    assert_eq!(first.dims.billing_currency, "CNY");
    assert_eq!(first.dims.resource_id.as_deref(), Some(r0.id.as_str()));
    assert_eq!(first.dims.region_id.as_deref(), Some(region_of(&r0.region)));
    assert_eq!(first.billed_cost, money(acct.cents(0, acct.first_day)));
    // 2025-01 is a Beijing-time month: it starts 2024-12-31T16:00Z; the
    // charge is the Beijing day 2025-01-20, from 2025-01-19T16:00Z.
    assert_eq!(first.billing_period_start, 1_735_660_800);
    assert_eq!(first.billing_period_end, 1_738_339_200);
    assert_eq!(first.charge_period_start, 1_737_302_400);
    assert_eq!(first.charge_period_end, 1_737_388_800);
    for l in &lines {
        let r = acct
            .resources
            .iter()
            .find(|r| Some(r.id.as_str()) == l.dims.resource_id.as_deref())
            .unwrap();
        let (service, category) = match r.kind {
            ResourceKind::Instance => ("弹性云服务器", "Compute"),
            ResourceKind::Disk => ("云硬盘", "Storage"),
            ResourceKind::Ip => ("虚拟私有云", "Networking"),
        };
        assert_eq!(l.dims.service_name, service);
        assert_eq!(l.dims.service_category, category);
        assert_eq!(l.dims.charge_category, ChargeCategory::Usage);
        assert_eq!(l.dims.charge_frequency, Some(ChargeFrequency::UsageBased));
        let tags: Vec<(String, String)> = l.dims.tags.clone().into_iter().collect();
        let mut want = r.tags.clone();
        want.sort();
        assert_eq!(tags, want);
        assert_eq!(l.effective_cost, l.billed_cost);
        assert!(l.list_cost >= l.billed_cost);
        let x: serde_json::Value = serde_json::from_str(l.extras.as_deref().unwrap()).unwrap();
        assert_eq!(x["x_BillType"], "消费-使用");
        assert_eq!(x["x_BillingMode"], "按需");
        assert_eq!(x["x_EnterpriseProject"], "default");
    }
    let stats = mock.stats();
    assert_eq!(stats.bad_signatures, 0);
    assert!(stats.by_action["bss:ListCustomerselfResourceRecordDetails"] >= 90);
}

#[tokio::test]
async fn instances_disks_and_addresses_are_read_over_pages_in_every_region() {
    let acct = account(40, 3).with_savings_to_find(NaiveDate::from_ymd_opt(2025, 1, 22).unwrap());
    let mock = mock_of(acct.clone());
    mock.set_page_size(3);
    let c = client(&mock);
    assert_eq!(
        c.inventory_kinds(),
        &[
            InventoryKind::Instance,
            InventoryKind::Disk,
            InventoryKind::Ip
        ]
    );
    let regions = c.regions().await.unwrap();
    let mut want_regions: Vec<String> = acct
        .regions
        .iter()
        .map(|r| region_of(r).to_string())
        .collect();
    want_regions.sort();
    assert_eq!(regions, want_regions);
    let mut seen = Vec::new();
    let mut pages = 0;
    for &kind in c.inventory_kinds() {
        for region in &regions {
            let mut cursor = None;
            loop {
                let page = c
                    .inventory_page(kind, region, cursor.as_deref())
                    .await
                    .unwrap();
                pages += 1;
                seen.extend(page.items);
                cursor = page.next;
                if cursor.is_none() {
                    break;
                }
            }
        }
    }
    let of = |kind: ResourceKind| acct.resources.iter().filter(move |r| r.kind == kind);
    let (instances, disks) = (of(ResourceKind::Instance), of(ResourceKind::Disk));
    assert_eq!(seen.len(), acct.resources.len());
    assert!(pages > regions.len() * 3, "{pages} pages");
    for r in instances {
        let got = seen.iter().find(|s| s.id == r.id).unwrap();
        assert_eq!(got.kind, InventoryKind::Instance);
        assert_eq!(got.region, region_of(&r.region));
        assert_eq!(got.state, status_of(&r.state));
        assert_eq!(got.size.as_deref(), Some(flavor_of(&r.instance_type)));
        assert_eq!(got.name.as_deref(), Some(r.name.as_str()));
        assert_eq!(got.tags, r.tags);
        assert_eq!(got.created_at, Some(r.created_at));
        // Subscriptions carry their end and renewal from BSS.
        let mode = got.terms.billing_mode.unwrap();
        assert_eq!(mode == BillingMode::Subscription, r.subscription.is_some());
        assert_eq!(got.terms.expires_at, r.subscription.map(|s| s.expires_at));
        assert_eq!(got.terms.auto_renew, r.subscription.map(|s| s.auto_renew));
    }
    for (i, r) in acct.resources.iter().enumerate() {
        if r.kind == ResourceKind::Instance {
            continue;
        }
        let got = seen.iter().find(|s| s.id == r.id).unwrap();
        assert_eq!(
            got.terms.attached,
            Some(acct.attached_to(i).is_some()),
            "{}",
            r.id
        );
        if r.kind == ResourceKind::Ip {
            assert_eq!(got.kind, InventoryKind::Ip);
            let bound = if r.state == "Running" {
                "ACTIVE"
            } else {
                "DOWN"
            };
            assert_eq!(got.state, bound);
            assert_eq!(got.created_at, Some(r.created_at));
        }
    }
    assert!(acct.resources.iter().any(|r| r.subscription.is_some()));
    for r in disks {
        let got = seen.iter().find(|s| s.id == r.id).unwrap();
        assert_eq!(got.kind, InventoryKind::Disk);
        assert_eq!(got.region, region_of(&r.region));
        let state = if r.state == "Running" {
            "in-use"
        } else {
            "available"
        };
        assert_eq!(got.state, state);
        assert_eq!(got.size, Some(r.size_gib.to_string()));
        let mut tags = r.tags.clone();
        tags.sort();
        assert_eq!(got.tags, tags);
        assert_eq!(got.created_at, Some(r.created_at));
    }
    assert!(seen.iter().any(|s| s.state == "SHUTOFF"));
    let stats = mock.stats();
    assert_eq!(stats.bad_signatures, 0);
    assert!(stats.by_action["vpc:ListPublicips"] >= regions.len() as u64);
    assert!(stats.by_action["bss:ListPayPerUseCustomerResources"] >= 1);
}

#[tokio::test]
async fn cloud_eye_gives_daily_cpu_of_running_instances() {
    let acct = account(12, 10).with_savings_to_find(NaiveDate::from_ymd_opt(2025, 1, 30).unwrap());
    let mock = mock_of(acct.clone());
    let c = client(&mock);
    assert_eq!(c.utilisation_batch(), 50);
    let region = "cn-east-3";
    let ids: Vec<String> = acct
        .resources
        .iter()
        .filter(|r| r.kind == ResourceKind::Instance && region_of(&r.region) == region)
        .map(|r| r.id.clone())
        .collect();
    let from = NaiveDate::from_ymd_opt(2025, 1, 20).unwrap();
    let to = from + chrono::Duration::days(10);
    let points = c.utilisation(region, &ids, from, to).await.unwrap();
    let running = acct
        .resources
        .iter()
        .filter(|r| ids.contains(&r.id) && r.state == "Running")
        .count();
    assert!(running > 0);
    assert_eq!(points.len(), running * 10);
    for p in &points {
        let index = acct
            .resources
            .iter()
            .position(|r| r.id == p.resource_id)
            .unwrap();
        let day = chrono::DateTime::from_timestamp(p.at, 0)
            .unwrap()
            .date_naive();
        assert_eq!(
            p.cpu_percent,
            cpu_percent(&acct, index, day.num_days_from_ce() as i64)
        );
    }
    assert!(points.iter().any(|p| p.cpu_percent < 3.0));
    let stats = mock.stats();
    assert_eq!(stats.bad_signatures, 0);
    assert_eq!(stats.by_action["ces:BatchListMetricData"], 1);
}

#[tokio::test]
async fn a_wrong_secret_or_unknown_key_is_rejected_as_credentials() {
    let mock = mock_of(account(5, 3));
    let c = client_for(mock.endpoint(), "not-the-secret", Duration::from_secs(10));
    let e = c.check().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::CredentialsRejected);
    assert_eq!(e.code.as_deref(), Some("APIG.0301"));
    assert!(e.request_id.is_some());
    assert!(!e.message.contains("not-the-secret"));
    assert_eq!(mock.stats().bad_signatures, 1);

    let mut cfg = config(mock.endpoint(), SK, Duration::from_secs(10));
    cfg.credentials.key_id = "SOMEONEELSESKEY00000".into();
    let other = Client::new(cfg, reqwest::Client::new());
    let e = other.regions().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::CredentialsRejected);
    assert!(e.message.contains("ak not exist"), "{}", e.message);
    assert_eq!(mock.stats().bad_signatures, 2);
}

/// Posts `sent` to the mock's resource-details API with a signature over
/// `signed` made at `at`, by hand (no client), and returns the status and body.
async fn post_signed(
    mock: &MockCloud,
    at: chrono::DateTime<chrono::Utc>,
    signed: &[u8],
    sent: &'static [u8],
) -> (u16, String) {
    let date = at.format("%Y%m%dT%H%M%SZ").to_string();
    let host = "bss.myhuaweicloud.com";
    let path = "/v2/bills/customer-bills/res-records/query";
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("host".to_string(), host.to_string()),
        ("x-sdk-date".to_string(), date.clone()),
    ];
    let signature = sign::sign(
        &sign::Request {
            method: "POST",
            path,
            query: &[],
            headers: &headers,
            body: signed,
        },
        AK,
        SK,
    );
    let answer = reqwest::Client::new()
        .post(format!("{}{path}", mock.endpoint()))
        .header("host", host)
        .header("content-type", "application/json")
        .header("x-sdk-date", &date)
        .header("authorization", &signature.authorization)
        .body(sent)
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.text().await.unwrap())
}

#[tokio::test]
async fn a_body_other_than_the_signed_one_or_a_stale_date_is_refused_by_the_mock() {
    let mock = mock_of(account(5, 3));
    let body: &'static [u8] = br#"{"cycle":"2025-01"}"#;
    let now = chrono::DateTime::from_timestamp(clock(), 0).unwrap();
    assert_eq!(post_signed(&mock, now, body, body).await.0, 200);
    let (status, text) = post_signed(&mock, now, body, br#"{"cycle":"2025-02"}"#).await;
    assert_eq!(status, 401);
    assert!(text.contains("APIG.0301"));
    assert_eq!(mock.stats().bad_signatures, 1);
    // The gateway allows 15 minutes of clock skew.
    let stale = now - chrono::Duration::minutes(20);
    assert_eq!(post_signed(&mock, stale, body, body).await.0, 401);
    assert_eq!(mock.stats().bad_signatures, 2);
}

#[tokio::test]
async fn write_actions_are_refused_before_anything_is_sent() {
    let mock = mock_of(account(5, 3));
    let c = client(&mock);
    for action in [
        "ecs:CreateServers",
        "ecs:DeleteServers",
        "ecs:BatchStopServers",
        "ecs:BatchRebootServers",
        "bss:PayOrders",
        "bss:CancelResourcesSubscription",
        "iam:CreateUser",
        "evs:DeleteVolume",
        "evs:CreateVolume",
        "evs:ResizeVolume",
        "ListServersDetails",
        "ecs:listserversdetails",
    ] {
        let e = c
            .call_raw(action, &[("region", "cn-north-4")])
            .await
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotAllowed, "{action}");
    }
    assert_eq!(mock.stats().requests, 0);
    // An allowed action does go out.
    let v = c.call_raw("iam:KeystoneListProjects", &[]).await.unwrap();
    assert!(v["projects"].is_array());
    assert_eq!(mock.stats().requests, 1);
    assert_eq!(
        Client::allowed_actions(ProviderKind::Huawei),
        cloudlens_providers::huawei::ALLOWED_ACTIONS
    );
    let guide = Client::policy_guide(ProviderKind::Huawei);
    assert!(guide.custom_policy.contains("bss:bill:view"));
    assert!(guide.custom_policy.contains("evs:volumes:list"));
    assert!(!guide.custom_policy.contains("pay"));
}

#[tokio::test]
async fn throttling_and_server_errors_map_to_retryable_kinds() {
    let mock = mock_of(account(5, 3));
    let c = client(&mock);
    let window = Window {
        billing_account: "x".into(),
        month: "2025-01".into(),
        day: NaiveDate::from_ymd_opt(2025, 1, 21),
    };
    mock.set_faults(Faults {
        throttle_every: Some(1),
        ..Faults::default()
    });
    let e = c.bill_page(&window, None).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Throttled);
    assert_eq!(e.code.as_deref(), Some("APIG.0308"));
    assert!(e.kind.retryable());
    mock.set_faults(Faults {
        fail_every: Some(1),
        ..Faults::default()
    });
    let e = c.bill_page(&window, None).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::ServerError);
    assert_eq!(e.code.as_deref(), Some("CBC.0999"));
    let e = c.regions().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::ServerError);
    mock.set_faults(Faults::default());
    assert_eq!(c.bill_page(&window, None).await.unwrap().lines.len(), 5);
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let mock = mock_of(account(5, 3));
    mock.set_faults(Faults {
        slow_every: Some((1, Duration::from_millis(1500))),
        ..Faults::default()
    });
    let c = client_for(mock.endpoint(), SK, Duration::from_millis(200));
    let e = c.month_total("2025-01").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
}

#[tokio::test]
async fn a_closed_port_or_unknown_host_is_unreachable() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = client_for(
        format!("http://127.0.0.1:{port}"),
        SK,
        Duration::from_secs(5),
    );
    assert_eq!(c.check().await.unwrap_err().kind, ErrorKind::Unreachable);
    let c = client_for(
        "http://cloudlens-no-such-host.invalid".into(),
        SK,
        Duration::from_secs(5),
    );
    assert_eq!(c.regions().await.unwrap_err().kind, ErrorKind::Unreachable);
}

#[tokio::test]
async fn the_international_site_reads_english_bills() {
    let acct = account(6, 2);
    let mock = mock_of(acct.clone());
    let mut cfg = config(mock.endpoint(), SK, Duration::from_secs(10));
    cfg.region = Some("cn-east-3".into());
    cfg.site = Site::International;
    let c = Client::new(cfg, reqwest::Client::new());
    assert_eq!(c.regions().await.unwrap(), ["cn-east-3"]);
    let window = Window {
        billing_account: acct.billing_account.clone(),
        month: "2025-01".into(),
        day: None,
    };
    let page = c.bill_page(&window, None).await.unwrap();
    assert_eq!(
        page.lines.len(),
        12,
        "a month window: every day of the cycle"
    );
    assert_eq!(page.next, None);
    let l = &page.lines[0];
    assert_eq!(l.dims.service_name, "Elastic Cloud Server");
    assert_eq!(l.dims.service_category, "Compute");
    assert_eq!(l.dims.region_name.as_deref(), Some("CN East-Shanghai1"));
    let x: serde_json::Value = serde_json::from_str(l.extras.as_deref().unwrap()).unwrap();
    assert_eq!(x["x_BillType"], "Expenditure-use");
    assert_eq!(x["x_BillingMode"], "Pay-per-use");
    let total: Decimal = page.lines.iter().map(|l| l.billed_cost).sum();
    assert_eq!(total, money(acct.month_cents("2025-01")));
}

/// Requests are dated by the clock the client is given, never its own: a
/// client whose clock runs 20 minutes behind the gateway's is refused as an
/// expired signature, and one on the gateway's time is not.
#[tokio::test]
async fn requests_are_signed_at_the_time_the_given_clock_says() {
    let mock = mock_of(account(5, 3));
    assert!(client(&mock).check().await.is_ok());
    let mut late = config(mock.endpoint(), SK, Duration::from_secs(10));
    late.clock = || clock() - 20 * 60;
    let e = Client::new(late, reqwest::Client::new())
        .check()
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::CredentialsRejected);
    assert!(e.message.contains("signature expired"), "{}", e.message);
}
