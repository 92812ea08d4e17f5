//! The Tencent client against the Tencent mock over real HTTP on 127.0.0.1:
//! signatures checked by the mock's own implementation, paging, mapping,
//! errors and the read-only gate.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use cloudlens_mockcloud::tencent::{
    cpu_percent, instance_type, region, resource_id, start_tencent,
};
use cloudlens_mockcloud::{cents_text, Account, AccountSpec, Faults, MockCloud, ResourceKind};
use cloudlens_model::{ChargeCategory, Decimal};
use cloudlens_providers::tencent::signing::{sign, SignInput};
use cloudlens_providers::{
    Client, ClientConfig, Credentials, ErrorKind, InventoryKind, ProviderKind, Resource, Site,
    Window,
};
use zeroize::Zeroizing;

const KEY_ID: &str = "AKIDmockTencent0000000000000000000001";
const SECRET: &str = "mockSecretKeyTencent0000000000001";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The tests' now, 2025-06-15T00:00:00Z: the clients sign with it and the
/// mock checks their signatures against it.
fn clock() -> i64 {
    1_749_945_600
}

fn account() -> Account {
    Account::generate(&AccountSpec::realistic(day(2025, 1, 1)))
}

fn config(endpoint: String, secret: &str, timeout: Duration) -> ClientConfig {
    ClientConfig {
        kind: ProviderKind::Tencent,
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
    }
}

fn client(mock: &MockCloud) -> Client {
    Client::new(
        config(mock.endpoint(), SECRET, Duration::from_secs(20)),
        reqwest::Client::new(),
    )
}

fn mock(account: Account) -> MockCloud {
    match start_tencent(account, KEY_ID, SECRET) {
        Ok(m) => {
            m.set_clock(clock);
            m
        }
        Err(e) => panic!("mock did not start: {e}"),
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_default()
}

#[test]
fn the_signer_reproduces_the_documented_example() {
    let body = br#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
    let s = sign(&SignInput {
        secret_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        secret_key: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        service: "cvm",
        host: "cvm.tencentcloudapi.com",
        body,
        timestamp: 1_551_113_065,
    });
    assert_eq!(
        s.signature,
        "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    );
    assert!(s.string_to_sign.contains("2019-02-25/cvm/tc3_request"));
    assert!(s.authorization.starts_with(
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea"
    ));
}

/// Every bill line of every day of every month, over pages of seven rows,
/// sums to the provider's month total to the cent.
#[tokio::test]
async fn a_whole_accounts_bill_lines_over_many_pages_sum_to_the_month_total() {
    let acct = account();
    let m = mock(acct.clone());
    m.set_page_size(7);
    let c = client(&m);
    assert!(c.bills_by_day());
    let mut pages = 0;
    let mut lines_seen = 0usize;
    for month in acct.months() {
        let mut sum: BTreeMap<String, Decimal> = BTreeMap::new();
        let days: Vec<NaiveDate> = acct
            .days()
            .filter(|d| format!("{:04}-{:02}", d.year(), d.month()) == month)
            .collect();
        for d in &days {
            let window = Window {
                billing_account: acct.billing_account.clone(),
                month: month.clone(),
                day: Some(*d),
            };
            let mut cursor: Option<String> = None;
            loop {
                let page = match c.bill_page(&window, cursor.as_deref()).await {
                    Ok(p) => p,
                    Err(e) => panic!("{month} {d}: {e:?}"),
                };
                pages += 1;
                assert!(!page.request_id.is_empty());
                for l in &page.lines {
                    *sum.entry(l.dims.billing_currency.clone()).or_default() += l.billed_cost;
                    // The bill month, not the payment time (the last day's
                    // charges are paid the next month), names the period.
                    assert_eq!(
                        l.billing_period_start,
                        cloudlens_model::day_start(days[0]) - 8 * 3600
                    );
                    // Every line of the day window is charged on that day (Beijing time).
                    assert_eq!(
                        l.charge_period_start,
                        cloudlens_model::day_start(*d) - 8 * 3600
                    );
                }
                lines_seen += page.lines.len();
                match page.next {
                    Some(n) => cursor = Some(n),
                    None => break,
                }
            }
        }
        let totals = match c.month_total(&month).await {
            Ok(t) => t,
            Err(e) => panic!("{month}: {e:?}"),
        };
        assert_eq!(totals.len(), 1, "{totals:?}");
        assert_eq!(totals[0].currency, "CNY");
        assert_eq!(Some(&totals[0].billed), sum.get("CNY"), "{month}");
        assert_eq!(
            totals[0].billed,
            dec(&cents_text(acct.month_cents(&month))),
            "{month}"
        );
    }
    // Instances bill CPU and memory as two components, disks and IPs one.
    let per_day: usize = acct
        .resources
        .iter()
        .map(|r| {
            if r.kind == ResourceKind::Instance {
                2
            } else {
                1
            }
        })
        .sum();
    assert_eq!(lines_seen, per_day * acct.days as usize);
    assert!(pages > 8 * acct.days as usize, "{pages} pages");
    let stats = m.stats();
    assert_eq!(stats.bad_signatures, 0);
    assert!(
        stats
            .by_action
            .get("billing:DescribeBillDetail")
            .copied()
            .unwrap_or(0)
            >= pages as u64
    );
}

#[tokio::test]
async fn bill_lines_carry_the_importers_focus_fields() {
    let acct = account();
    let m = mock(acct.clone());
    let c = client(&m);
    let d = day(2025, 2, 3);
    let window = Window {
        billing_account: acct.billing_account.clone(),
        month: "2025-02".into(),
        day: Some(d),
    };
    let page = match c.bill_page(&window, None).await {
        Ok(p) => p,
        Err(e) => panic!("{e:?}"),
    };
    assert!(page.next.is_none(), "100 rows a page hold the day's 60");
    // Resource 0 is an instance in cn-hangzhou, tagged.
    let r0 = &acct.resources[0];
    let id0 = resource_id(r0);
    let lines: Vec<_> = page
        .lines
        .iter()
        .filter(|l| l.dims.resource_id.as_deref() == Some(id0.as_str()))
        .collect();
    assert_eq!(lines.len(), 2);
    let total: Decimal = lines.iter().map(|l| l.billed_cost).sum();
    assert_eq!(total, dec(&cents_text(acct.cents(0, d))));
    let l = lines[0];
    let dims = &l.dims;
    assert_eq!(dims.provider_name, "Tencent Cloud");
    assert_eq!(dims.billing_account_id, acct.billing_account);
    assert_eq!(dims.billing_account_type.as_deref(), Some("Payer Account"));
    assert_eq!(
        dims.sub_account_id.as_deref(),
        Some(acct.billing_account.as_str())
    );
    assert_eq!(dims.billing_currency, "CNY");
    assert_eq!(dims.service_name, "云服务器CVM");
    assert_eq!(dims.service_category, "Compute");
    assert_eq!(
        dims.service_subcategory.as_deref(),
        Some("Virtual Machines")
    );
    assert_eq!(dims.charge_category, ChargeCategory::Usage);
    assert_eq!(dims.region_id.as_deref(), Some(region(&r0.region)));
    assert_eq!(dims.region_name.as_deref(), Some("华南地区(广州)"));
    assert_eq!(dims.resource_name.as_deref(), Some(r0.name.as_str()));
    assert_eq!(dims.sku_id.as_deref(), Some("sp_cvm_s5"));
    let tags: Vec<(String, String)> = dims.tags.clone().into_iter().collect();
    let mut expected = r0.tags.clone();
    expected.sort();
    assert_eq!(tags, expected);
    // February in Beijing time, in UTC: 2025-01-31T16:00Z .. 2025-02-28T16:00Z.
    assert_eq!(l.billing_period_start, 1_738_339_200);
    assert_eq!(l.billing_period_end, 1_740_758_400);
    assert_eq!(l.effective_cost, l.billed_cost);
    assert_eq!(l.list_cost, l.billed_cost);
    assert_eq!(dims.pricing_unit.as_deref(), Some("Core-Hours"));
    let extras = l.extras.clone().unwrap_or_default();
    for key in [
        "x_TransactionId",
        "x_ProductCode",
        "x_BillingMode",
        "x_CashPayAmount",
        "x_ComponentType",
    ] {
        assert!(extras.contains(key), "{key} missing from {extras}");
    }
    // Untagged spend stays untagged (resource 7 has no tags).
    let id7 = resource_id(&acct.resources[7]);
    let untagged = page
        .lines
        .iter()
        .find(|l| l.dims.resource_id.as_deref() == Some(id7.as_str()));
    assert!(untagged.is_some_and(|l| l.dims.tags.is_empty()));
}

async fn all(c: &Client, kind: InventoryKind, region: &str) -> (Vec<Resource>, usize) {
    let mut out = Vec::new();
    let mut pages = 0;
    let mut cursor: Option<String> = None;
    loop {
        let page = match c.inventory_page(kind, region, cursor.as_deref()).await {
            Ok(p) => p,
            Err(e) => panic!("{kind:?} {region}: {e:?}"),
        };
        pages += 1;
        out.extend(page.items);
        match page.next {
            Some(n) => cursor = Some(n),
            None => return (out, pages),
        }
    }
}

#[tokio::test]
async fn inventory_over_pages_has_state_size_tags_and_creation_time() {
    let acct = account();
    let m = mock(acct.clone());
    m.set_page_size(3);
    let c = client(&m);
    let regions = match c.regions().await {
        Ok(r) => r,
        Err(e) => panic!("{e:?}"),
    };
    for r in ["ap-guangzhou", "ap-shanghai", "ap-beijing", "ap-hongkong"] {
        assert!(regions.iter().any(|x| x == r), "{r} not in {regions:?}");
    }
    assert_eq!(c.inventory_kinds().len(), 3);
    let mut got = Vec::new();
    let mut pages = 0;
    for kind in c.inventory_kinds() {
        for r in &regions {
            let (items, p) = all(&c, *kind, r).await;
            pages += p;
            got.extend(items);
        }
    }
    assert!(pages > 20, "{pages} pages");
    assert_eq!(got.len(), acct.resources.len());
    for r in &acct.resources {
        let id = resource_id(r);
        let Some(g) = got.iter().find(|g| g.id == id) else {
            panic!("{id} missing");
        };
        let running = r.state == "Running";
        let (kind, state, size) = match r.kind {
            ResourceKind::Instance => (
                InventoryKind::Instance,
                if running { "RUNNING" } else { "STOPPED" },
                instance_type(&r.instance_type).to_string(),
            ),
            ResourceKind::Disk => (
                InventoryKind::Disk,
                if running { "ATTACHED" } else { "UNATTACHED" },
                r.size_gib.to_string(),
            ),
            ResourceKind::Ip => (
                InventoryKind::Ip,
                if running { "BIND" } else { "UNBIND" },
                "5 Mbps".to_string(),
            ),
        };
        assert_eq!(g.kind, kind, "{id}");
        assert_eq!(g.state, state, "{id}");
        assert_eq!(g.size.as_deref(), Some(size.as_str()), "{id}");
        assert_eq!(g.region, region(&r.region), "{id}");
        assert_eq!(g.name.as_deref(), Some(r.name.as_str()));
        assert_eq!(g.tags, r.tags, "{id}");
        assert_eq!(g.created_at, Some(r.created_at), "{id}");
    }
    assert_eq!(m.stats().bad_signatures, 0);
}

#[tokio::test]
async fn utilisation_is_read_in_batches_of_ten_as_daily_points() {
    let acct = account();
    let m = mock(acct.clone());
    let c = client(&m);
    let ids: Vec<String> = acct
        .resources
        .iter()
        .filter(|r| r.kind == ResourceKind::Instance && region(&r.region) == "ap-guangzhou")
        .map(resource_id)
        .collect();
    assert!(ids.len() > 10, "{} instances", ids.len());
    let running: BTreeSet<String> = acct
        .resources
        .iter()
        .filter(|r| r.state == "Running")
        .map(resource_id)
        .collect();
    let (from, to) = (day(2025, 2, 1), day(2025, 2, 8));
    let points = match c.utilisation("ap-guangzhou", &ids, from, to).await {
        Ok(p) => p,
        Err(e) => panic!("{e:?}"),
    };
    let live = ids.iter().filter(|i| running.contains(*i)).count();
    assert!(live < ids.len(), "the account has a stopped instance here");
    assert_eq!(points.len(), live * 7);
    let first = cloudlens_model::day_start(from) - 8 * 3600;
    for p in &points {
        assert!(running.contains(&p.resource_id));
        assert!(p.at >= first && p.at < first + 7 * 86_400 && (p.at - first) % 86_400 == 0);
        assert_eq!(p.cpu_percent, cpu_percent(&p.resource_id, p.at));
    }
    assert_eq!(m.stats().by_action.get("monitor:GetMonitorData"), Some(&2));
}

#[tokio::test]
async fn check_names_the_payer_from_bills_or_else_the_balance() {
    // An account billing this month (Beijing time): the resource summary names the payer.
    let now = chrono::DateTime::from_timestamp(clock() + 8 * 3600, 0)
        .unwrap_or_default()
        .date_naive();
    let mut spec = AccountSpec::realistic(day(now.year(), now.month(), 1));
    spec.days = 28;
    let current = Account::generate(&spec);
    let m = mock(current.clone());
    let info = match client(&m).check().await {
        Ok(i) => i,
        Err(e) => panic!("{e:?}"),
    };
    assert_eq!(info.billing_account, current.billing_account);
    assert_eq!(
        m.stats().by_action.get("billing:DescribeAccountBalance"),
        None
    );
    // No bills this month: the account balance names the account.
    let old = account();
    let m = mock(old.clone());
    let info = match client(&m).check().await {
        Ok(i) => i,
        Err(e) => panic!("{e:?}"),
    };
    assert_eq!(info.billing_account, old.billing_account);
    assert_eq!(
        m.stats().by_action.get("billing:DescribeAccountBalance"),
        Some(&1)
    );
}

#[tokio::test]
async fn a_wrong_secret_or_key_is_rejected_and_counted_as_a_bad_signature() {
    let m = mock(account());
    let c = Client::new(
        config(m.endpoint(), "not-the-secret", Duration::from_secs(10)),
        reqwest::Client::new(),
    );
    let e = c.check().await.err();
    assert_eq!(
        e.as_ref().map(|e| e.kind),
        Some(ErrorKind::CredentialsRejected)
    );
    assert_eq!(
        e.as_ref().and_then(|e| e.code.as_deref()),
        Some("AuthFailure.SignatureFailure")
    );
    assert!(e.as_ref().is_some_and(|e| e.request_id.is_some()));
    assert!(!format!("{e:?}").contains("not-the-secret"));
    assert_eq!(m.stats().bad_signatures, 1);

    let mut cfg = config(m.endpoint(), SECRET, Duration::from_secs(10));
    cfg.credentials.key_id = "AKIDunknown".into();
    let e = Client::new(cfg, reqwest::Client::new()).check().await.err();
    assert_eq!(
        e.as_ref().map(|e| e.kind),
        Some(ErrorKind::CredentialsRejected)
    );
    assert_eq!(
        e.and_then(|e| e.code),
        Some("AuthFailure.SecretIdNotFound".to_string())
    );
    assert_eq!(m.stats().bad_signatures, 2);
}

#[tokio::test]
async fn every_non_read_action_is_refused_before_a_request_is_sent() {
    let m = mock(account());
    let c = client(&m);
    for action in [
        "cvm:RunInstances",
        "cvm:TerminateInstances",
        "cvm:StopInstances",
        "cvm:ResetInstance",
        "billing:PayDeals",
        "vpc:ReleaseAddresses",
        "vpc:AllocateAddresses",
        "cbs:TerminateDisks",
        "cam:AttachUserPolicy",
        "DescribeInstances",
        "cvm:describeinstances",
        "",
    ] {
        let e = c
            .call_raw(action, &[("InstanceIds", r#"["ins-00000000"]"#)])
            .await
            .err();
        assert_eq!(e.map(|e| e.kind), Some(ErrorKind::NotAllowed), "{action}");
    }
    assert_eq!(m.stats().requests, 0);
    let allowed = Client::allowed_actions(ProviderKind::Tencent);
    assert!(allowed.contains(&"billing:DescribeBillDetail"));
    let guide = Client::policy_guide(ProviderKind::Tencent);
    assert!(guide
        .managed_policies
        .iter()
        .any(|p| p == "QcloudFinanceBillReadOnlyAccess"));
    for a in allowed {
        assert!(guide.custom_policy.contains(&format!("name/{a}")), "{a}");
    }
}

#[tokio::test]
async fn throttling_and_server_errors_map_to_retryable_kinds() {
    let m = mock(account());
    let c = client(&m);
    m.set_faults(Faults {
        throttle_every: Some(1),
        ..Faults::default()
    });
    let e = c.regions().await.err();
    assert_eq!(e.as_ref().map(|e| e.kind), Some(ErrorKind::Throttled));
    assert_eq!(
        e.and_then(|e| e.code),
        Some("RequestLimitExceeded".to_string())
    );
    m.set_faults(Faults {
        fail_every: Some(1),
        ..Faults::default()
    });
    let e = c.month_total("2025-01").await.err();
    assert_eq!(e.as_ref().map(|e| e.kind), Some(ErrorKind::ServerError));
    assert!(e.is_some_and(|e| e.kind.retryable()));
    m.set_faults(Faults::default());
    assert!(c.regions().await.is_ok());
    let s = m.stats();
    // A month total page is one request: the sync engine, not the client,
    // retries it under the rate limit.
    assert_eq!((s.throttled, s.failed), (1, 1));
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let m = mock(account());
    m.set_faults(Faults {
        slow_every: Some((1, Duration::from_secs(2))),
        ..Faults::default()
    });
    let c = Client::new(
        config(m.endpoint(), SECRET, Duration::from_millis(300)),
        reqwest::Client::new(),
    );
    let e = c.regions().await.err();
    assert_eq!(e.map(|e| e.kind), Some(ErrorKind::Timeout));
}

#[tokio::test]
async fn a_closed_port_or_unknown_host_is_unreachable() {
    let port = match std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(a) => a.port(),
        Err(e) => panic!("{e}"),
    };
    for endpoint in [
        format!("http://127.0.0.1:{port}"),
        "http://cloudlens-no-such-host.invalid".to_string(),
    ] {
        let c = Client::new(
            config(endpoint.clone(), SECRET, Duration::from_secs(10)),
            reqwest::Client::new(),
        );
        let e = c.regions().await.err();
        assert_eq!(
            e.map(|e| e.kind),
            Some(ErrorKind::Unreachable),
            "{endpoint}"
        );
    }
}

/// Requests are dated by the clock the client is given, never its own: a
/// client whose clock runs 20 minutes behind the gateway's is refused as an
/// expired signature, and one on the gateway's time is not.
#[tokio::test]
async fn requests_are_signed_at_the_time_the_given_clock_says() {
    let m = mock(account());
    assert!(client(&m).check().await.is_ok());
    let mut late = config(m.endpoint(), SECRET, Duration::from_secs(10));
    late.clock = || clock() - 20 * 60;
    let err = Client::new(late, reqwest::Client::new())
        .check()
        .await
        .err();
    assert_eq!(
        err.and_then(|e| e.code),
        Some("AuthFailure.SignatureExpire".to_string())
    );
}
