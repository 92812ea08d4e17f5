//! The demo inventory agrees with the demo's bill lines and carries what
//! the recommendations need: idle, oversized, stopped, orphaned and expiring
//! resources, with utilisation.

use std::collections::{HashMap, HashSet};

use chrono::Duration;
use cloudlens_demo::{generate, inventory, DemoOptions, SAMPLE_DAYS};
use cloudlens_model::{day_start, utc_day, LineDims};

#[test]
fn the_inventory_matches_the_lines_of_the_last_day_and_plants_every_finding() {
    let opts = DemoOptions::default();
    let inv = inventory(&opts);
    assert_eq!(inv, inventory(&opts), "deterministic");
    assert_eq!(inv.seen_at, day_start(opts.end + Duration::days(1)));

    // Every line of the last day, by resource id.
    let mut last_day: HashMap<String, Vec<std::sync::Arc<LineDims>>> = HashMap::new();
    generate::<()>(&opts, |l| {
        if utc_day(l.charge_period_start) == Some(opts.end) {
            if let Some(id) = l.dims.resource_id.clone() {
                last_day.entry(id).or_default().push(l.dims.clone());
            }
        }
        Ok(())
    })
    .unwrap();

    let mut ids = HashSet::new();
    for r in &inv.resources {
        assert!(ids.insert(r.id.clone()), "{} listed twice", r.id);
        let lines = last_day
            .get(&r.id)
            .unwrap_or_else(|| panic!("{} ({}) has no line on the last day", r.id, r.kind));
        let d = &lines[0];
        assert_eq!(d.region_id.as_deref().unwrap_or(""), r.region, "{}", r.id);
        let tags: Vec<(String, String)> =
            d.tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        assert_eq!(tags, r.tags, "{}", r.id);
        // Google bills cores and memory, not the machine type, so its lines cannot say.
        if let Some(size) = r
            .size
            .as_ref()
            .filter(|_| r.kind == "instance" && r.provider != "gcp")
        {
            assert!(
                lines.iter().any(|d| d
                    .sku_meter
                    .as_deref()
                    .is_some_and(|m| m.contains(size.as_str()))
                    || d.sku_id
                        .as_deref()
                        .is_some_and(|s| s.contains(size.as_str()))),
                "{} is {size} but its lines do not say so",
                r.id
            );
        }
        if r.billing_mode == "subscription" {
            assert!(
                r.expires_at.is_some_and(|e| e > inv.seen_at - 86_400),
                "{}",
                r.id
            );
        }
        if let Some(to) = &r.attached_to {
            assert!(
                last_day.contains_key(to),
                "{} is attached to {to}, which has no line",
                r.id
            );
        }
    }

    let sampled: HashMap<&str, Vec<&cloudlens_demo::DemoSample>> =
        inv.samples.iter().fold(HashMap::new(), |mut m, s| {
            m.entry(s.resource_id.as_str()).or_default().push(s);
            m
        });
    let first = day_start(opts.end - Duration::days(i64::from(SAMPLE_DAYS) - 1));
    for (id, s) in &sampled {
        assert!(ids.contains(*id), "samples of {id}, which is not listed");
        assert_eq!(s.len() as u32, SAMPLE_DAYS, "{id}");
        assert_eq!(s[0].at, first, "{id}");
        assert!(s.iter().all(|x| (0.0..=100.0).contains(&x.cpu)), "{id}");
    }

    let count = |f: &dyn Fn(&cloudlens_demo::DemoResource) -> bool| {
        inv.resources.iter().filter(|r| f(r)).count()
    };
    let idle = sampled
        .values()
        .filter(|s| s.iter().all(|x| x.cpu < 5.0))
        .count();
    let light = sampled
        .values()
        .filter(|s| s.iter().all(|x| (9.0..25.0).contains(&x.cpu)))
        .count();
    let stopped = count(&|r| {
        r.kind == "instance"
            && r.billing_mode == "subscription"
            && !sampled.contains_key(r.id.as_str())
    });
    let free_disks = count(&|r| r.kind == "disk" && r.attached == Some(false));
    let free_ips = count(&|r| r.kind == "ip" && r.attached == Some(false));
    let lapsing = count(&|r| {
        r.auto_renew == Some(false) && r.expires_at.is_some_and(|e| e - inv.seen_at <= 90 * 86_400)
    });
    let with_memory = sampled.values().filter(|s| s[0].memory.is_some()).count();
    for (what, n) in [
        ("idle", idle),
        ("lightly used", light),
        ("stopped subscriptions", stopped),
        ("unattached disks", free_disks),
        ("unassociated addresses", free_ips),
        ("subscriptions lapsing within 90 days", lapsing),
        ("resources with memory", with_memory),
    ] {
        assert!(n > 0, "no {what}");
    }
    for kind in ["instance", "database", "disk", "ip", "load_balancer"] {
        assert!(count(&|r| r.kind == kind) > 0, "no {kind}");
    }
}
