//! What can be bought: each provider's regions and service templates (a
//! resource kind with its meters and sizes), with list prices as exact
//! mantissas in the provider's home currency.

mod alibaba;
mod aws;
mod azure;
mod gcp;
mod huawei;
mod tencent;

/// How a meter's daily quantity behaves over time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Instance hours: 24 a day in prod, office hours in dev.
    Hours,
    /// Always-on fee (cluster, load balancer, IP): never scheduled off.
    Flat,
    /// Autoscaled capacity: follows growth and the weekly cycle.
    Fleet,
    /// Provisioned disk billed per GB-hour: fixed size.
    DiskHour,
    /// Provisioned disk billed per GB-month, spread over the days of the month.
    DiskMonth,
    /// Stored data billed per GB-hour: grows steadily.
    ObjectHour,
    /// Stored data billed per GB-month.
    ObjectMonth,
    Traffic,
    Requests,
    /// Analytics jobs: bursty, weekday-heavy.
    Batch,
}

impl Kind {
    /// Meters a subscription or reservation can cover: ones billed by the hour
    /// for a fixed capacity.
    pub fn committable(self) -> bool {
        matches!(self, Kind::Hours | Kind::Flat)
    }

    /// Meters that follow demand, and so are where spikes and step changes show.
    pub fn demand(self) -> bool {
        matches!(
            self,
            Kind::Traffic | Kind::Requests | Kind::Batch | Kind::Fleet
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Commit {
    None,
    /// Chinese providers' prepaid monthly/annual plans (包年包月).
    Subscription,
    SavingsPlan,
    Reserved,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    Host,
    Bucket,
    /// Azure storage account: lowercase letters and digits only.
    Compact,
    /// BigQuery / MaxCompute: underscores.
    Dataset,
    Domain,
    Db,
    Cluster,
}

#[derive(Clone, Copy, Debug)]
pub struct MeterDef {
    /// Provider usage-type code, used for SKU ids and extras.
    pub code: &'static str,
    /// SkuMeter; `{size}` and `{geo}` are filled in per resource.
    pub name: &'static str,
    pub unit: &'static str,
    pub consumed_unit: &'static str,
    pub consumed_factor: i64,
    pub price: i64,
    pub ps: u32,
    pub qs: u32,
    pub kind: Kind,
    /// Typical daily quantity range in whole units (hours per day for Hours).
    pub lo: u64,
    pub hi: u64,
    /// Price comes from the size and quantity scales with the size multiplier.
    pub sized: bool,
    /// Own resource id pattern and type (a VM's disk), or "" for the template's.
    pub id: &'static str,
    pub rtype: &'static str,
    /// Billed at account level with no resource id (BigQuery analysis).
    pub no_resource: bool,
}

#[allow(clippy::too_many_arguments)]
pub const fn m(
    code: &'static str,
    name: &'static str,
    unit: &'static str,
    price: i64,
    ps: u32,
    qs: u32,
    kind: Kind,
    lo: u64,
    hi: u64,
) -> MeterDef {
    MeterDef {
        code,
        name,
        unit,
        consumed_unit: unit,
        consumed_factor: 1,
        price,
        ps,
        qs,
        kind,
        lo,
        hi,
        sized: false,
        id: "",
        rtype: "",
        no_resource: false,
    }
}

impl MeterDef {
    pub const fn consumed(self, consumed_unit: &'static str, consumed_factor: i64) -> Self {
        MeterDef {
            consumed_unit,
            consumed_factor,
            ..self
        }
    }
    pub const fn sized(self) -> Self {
        MeterDef {
            sized: true,
            ..self
        }
    }
    pub const fn res(self, id: &'static str, rtype: &'static str) -> Self {
        MeterDef { id, rtype, ..self }
    }
    pub const fn nores(self) -> Self {
        MeterDef {
            no_resource: true,
            ..self
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub name: &'static str,
    /// Price mantissa for the sized meter (0 keeps the meter's own price).
    pub price: i64,
    /// Quantity multiplier for sized meters (vCPUs, nodes, …).
    pub mult: u64,
}

pub const fn z(name: &'static str, price: i64, mult: u64) -> Size {
    Size { name, price, mult }
}

#[derive(Clone, Copy, Debug)]
pub struct Template {
    pub key: &'static str,
    pub service: &'static str,
    pub category: &'static str,
    pub subcategory: &'static str,
    /// Chinese product name used in charge descriptions of CNY accounts.
    pub zh: &'static str,
    pub rtype: &'static str,
    pub id: &'static str,
    pub naming: Naming,
    pub roles: &'static [&'static str],
    pub weight: u64,
    pub zonal: bool,
    pub global: bool,
    pub commit: Commit,
    pub spot: bool,
    pub short: bool,
    pub meters: &'static [MeterDef],
    pub sizes: &'static [Size],
}

pub const HOST_ROLES: &[&str] = &[
    "api",
    "web",
    "worker",
    "gateway",
    "batch",
    "consumer",
    "scheduler",
    "admin",
];
pub const DATA_ROLES: &[&str] = &[
    "logs",
    "assets",
    "backup",
    "uploads",
    "datalake",
    "artifacts",
    "media",
    "exports",
];
pub const DB_ROLES: &[&str] = &[
    "orders",
    "users",
    "catalog",
    "ledger",
    "sessions",
    "inventory",
    "events",
];
pub const EDGE_ROLES: &[&str] = &["static", "img", "cdn", "video", "m", "www", "download"];
pub const SVC_ROLES: &[&str] = &["main", "core", "edge", "internal", "public", "shared"];

#[allow(clippy::too_many_arguments)]
pub const fn t(
    key: &'static str,
    service: &'static str,
    category: &'static str,
    subcategory: &'static str,
    rtype: &'static str,
    id: &'static str,
    weight: u64,
    meters: &'static [MeterDef],
) -> Template {
    Template {
        key,
        service,
        category,
        subcategory,
        zh: "",
        rtype,
        id,
        naming: Naming::Host,
        roles: HOST_ROLES,
        weight,
        zonal: false,
        global: false,
        commit: Commit::None,
        spot: false,
        short: false,
        meters,
        sizes: &[],
    }
}

impl Template {
    pub const fn zh(self, zh: &'static str) -> Self {
        Template { zh, ..self }
    }
    pub const fn naming(self, naming: Naming) -> Self {
        let roles = match naming {
            Naming::Host => HOST_ROLES,
            Naming::Bucket | Naming::Compact | Naming::Dataset => DATA_ROLES,
            Naming::Domain => EDGE_ROLES,
            Naming::Db => DB_ROLES,
            Naming::Cluster => SVC_ROLES,
        };
        Template {
            naming,
            roles,
            ..self
        }
    }
    pub const fn zonal(self) -> Self {
        Template {
            zonal: true,
            ..self
        }
    }
    pub const fn global(self) -> Self {
        Template {
            global: true,
            ..self
        }
    }
    pub const fn commit(self, commit: Commit) -> Self {
        Template { commit, ..self }
    }
    pub const fn spot(self) -> Self {
        Template {
            spot: true,
            short: true,
            ..self
        }
    }
    pub const fn sizes(self, sizes: &'static [Size]) -> Self {
        Template { sizes, ..self }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Region {
    pub id: &'static str,
    pub name: &'static str,
    /// AWS usage-type prefix, Alibaba resource-id infix, or GCP SKU geography.
    pub code: &'static str,
    pub zones: &'static [&'static str],
}

pub const fn r(
    id: &'static str,
    name: &'static str,
    code: &'static str,
    zones: &'static [&'static str],
) -> Region {
    Region {
        id,
        name,
        code,
        zones,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    Alibaba,
    Tencent,
    Huawei,
    Aws,
    Azure,
    Gcp,
}

impl Provider {
    #[cfg(test)]
    pub const ALL: [Provider; 6] = [
        Provider::Alibaba,
        Provider::Tencent,
        Provider::Huawei,
        Provider::Aws,
        Provider::Azure,
        Provider::Gcp,
    ];

    /// FOCUS ProviderName.
    pub fn name(self) -> &'static str {
        match self {
            Provider::Alibaba => "Alibaba Cloud",
            Provider::Tencent => "Tencent Cloud",
            Provider::Huawei => "Huawei Cloud",
            Provider::Aws => "AWS",
            Provider::Azure => "Microsoft",
            Provider::Gcp => "Google Cloud",
        }
    }

    pub fn templates(self) -> &'static [Template] {
        match self {
            Provider::Alibaba => alibaba::TEMPLATES,
            Provider::Tencent => tencent::TEMPLATES,
            Provider::Huawei => huawei::TEMPLATES,
            Provider::Aws => aws::TEMPLATES,
            Provider::Azure => azure::TEMPLATES,
            Provider::Gcp => gcp::TEMPLATES,
        }
    }

    pub fn regions(self) -> &'static [Region] {
        match self {
            Provider::Alibaba => alibaba::REGIONS,
            Provider::Tencent => tencent::REGIONS,
            Provider::Huawei => huawei::REGIONS,
            Provider::Aws => aws::REGIONS,
            Provider::Azure => azure::REGIONS,
            Provider::Gcp => gcp::REGIONS,
        }
    }

    pub fn chinese(self) -> bool {
        matches!(
            self,
            Provider::Alibaba | Provider::Tencent | Provider::Huawei
        )
    }

    pub fn template(self, key: &str) -> &'static Template {
        self.templates()
            .iter()
            .find(|t| t.key == key)
            .unwrap_or_else(|| panic!("no template {key} for {}", self.name()))
    }

    pub fn region(self, id: &str) -> usize {
        self.regions()
            .iter()
            .position(|r| r.id == id)
            .unwrap_or_else(|| panic!("no region {id}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_meter_prices_exactly_within_six_places() {
        for p in Provider::ALL {
            assert!(!p.regions().is_empty());
            for t in p.templates() {
                assert!(!t.meters.is_empty(), "{}", t.key);
                for m in t.meters {
                    assert!(m.ps + m.qs <= 6, "{} {}", t.key, m.code);
                    assert!(m.lo >= 1 && m.lo <= m.hi, "{} {}", t.key, m.code);
                    assert!(m.consumed_factor >= 1);
                    if m.sized {
                        assert!(!t.sizes.is_empty(), "{} {}", t.key, m.code);
                        assert!(t
                            .sizes
                            .iter()
                            .all(|s| s.mult >= 1 && (s.price > 0 || m.price > 0)));
                    } else {
                        assert!(m.price > 0, "{} {}", t.key, m.code);
                    }
                }
            }
        }
    }
}
