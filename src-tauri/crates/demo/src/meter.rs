//! Meters: one per resource × SKU, each holding the shared `Arc<LineDims>`
//! its daily lines point at, plus what is needed to price a day.

use std::sync::Arc;

use cloudlens_model::{
    ChargeCategory, ChargeClass, ChargeFrequency, LineDims, PricingCategory, Tags,
};

use crate::accounts::Accounts;
use crate::catalog::{Kind, MeterDef, Provider, Region, Template};
use crate::fixed::{ratio, rescale, Fx};
use crate::ids::{self, Ctx};
use crate::naming::{self, Env};
use crate::population::Resource;
use crate::rng::Rng;
use crate::tags;

/// The part of a meter's life paid for by a commitment.
pub struct Covered {
    pub from: u32,
    pub commit: usize,
    pub dims: Arc<LineDims>,
    /// Savings Plan rate per pricing unit (micros at scale 6 - qs).
    pub rate: Fx,
    pub extras: Option<String>,
}

pub struct Meter {
    pub dims: Arc<LineDims>,
    pub covered: Option<Covered>,
    pub correction: Option<(u32, Arc<LineDims>)>,
    pub from: u32,
    pub to: u32,
    pub kind: Kind,
    pub base: u64,
    pub qs: u32,
    pub list: Fx,
    pub contracted: Fx,
    pub consumed_factor: i64,
    pub spot: bool,
    pub env: Env,
    pub prod_weekend: u64,
    pub seed: u64,
    /// Planted spike or step change this meter takes part in.
    pub anomaly: Option<usize>,
    /// Planted new-resource anomaly this meter is.
    pub new_anomaly: Option<usize>,
    pub key: u32,
    pub sub: u32,
    pub billing: u16,
    pub group: u8,
    pub extras: Option<String>,
}

/// Account-level dimensions shared by every kind of line.
pub fn account_dims(
    acc: &Accounts,
    sub: usize,
    service: (&str, &str, &str),
    cat: ChargeCategory,
) -> LineDims {
    let b = acc.billing_of(sub);
    let s = &acc.subs[sub];
    let mut d = LineDims::new(
        b.def.provider.name(),
        &b.id,
        b.def.currency,
        service.0,
        service.1,
        cat,
    );
    d.invoice_issuer_name = b.def.issuer.to_string();
    d.billing_account_name = Some(b.def.name.to_string());
    d.billing_account_type = Some(b.def.btype.to_string());
    d.sub_account_id = Some(s.id.clone());
    d.sub_account_name = Some(s.def.name.to_string());
    d.sub_account_type = Some(b.def.stype.to_string());
    d.service_subcategory = Some(service.2.to_string());
    d.pricing_currency = Some(b.def.currency.to_string());
    d
}

/// Strings shared by all meters of one resource.
pub struct ResInfo<'a> {
    pub acc: &'a Accounts,
    pub r: &'a Resource,
    pub provider: Provider,
    pub region: &'static Region,
    pub name: String,
    pub id: String,
    pub ctx_rg: String,
    pub tags: Tags,
    pub rng: Rng,
}

impl<'a> ResInfo<'a> {
    pub fn new(acc: &'a Accounts, r: &'a Resource) -> Self {
        let b = acc.billing_of(r.sub);
        let provider = b.def.provider;
        let region = &provider.regions()[r.region];
        let mut rng = Rng::new(r.seed, 9);
        let team = &naming::TEAMS[r.team];
        let zh = provider.chinese() && b.def.currency == "CNY" && rng.percent(35);
        let name = naming::resource_name(r.tpl.naming, team, r.role, r.env, r.seq, zh, &mut rng);
        let tags = if r.untagged {
            Tags::new()
        } else {
            tags::tags(b.def.style, team, team.projects[r.project], r.env, &mut rng)
        };
        let mut info = ResInfo {
            acc,
            r,
            provider,
            region,
            name,
            id: String::new(),
            ctx_rg: format!("rg-{}-{}", team.key, r.env.short()),
            tags,
            rng,
        };
        info.id = info.render(r.tpl.id);
        info
    }

    pub fn render(&mut self, pattern: &str) -> String {
        let b = self.acc.billing_of(self.r.sub);
        let ctx = Ctx {
            region: self.region.id,
            acct: &self.acc.subs[self.r.sub].id,
            name: &self.name,
            zone: self.zone().unwrap_or(self.region.id),
            rg: &self.ctx_rg,
            pfx: self.region.code,
            appid: &b.appid,
        };
        ids::render(pattern, &ctx, &mut self.rng)
    }

    pub fn zone(&self) -> Option<&'static str> {
        self.r.tpl.zonal.then(|| self.region.zones[self.r.zone])
    }

    pub fn size(&self) -> &'static str {
        self.r.tpl.sizes.get(self.r.size).map_or("", |s| s.name)
    }

    pub fn currency(&self) -> &'static str {
        self.acc.billing_of(self.r.sub).def.currency
    }

    /// CNY accounts of Chinese providers write bills in Chinese.
    pub fn chinese_bill(&self) -> bool {
        self.provider.chinese() && self.currency() == "CNY"
    }

    pub fn meter_name(&self, m: &MeterDef) -> String {
        m.name
            .replace("{size}", self.size())
            .replace("{geo}", self.region.code)
    }

    /// List price in the account's currency: the international Alibaba
    /// account pays USD at roughly a fifth of the CNY figure.
    pub fn list_price(&self, m: &MeterDef) -> Fx {
        let t = self.r.tpl;
        let p = match t.sizes.get(self.r.size) {
            Some(s) if m.sized && s.price > 0 => Fx::new(s.price, m.ps),
            _ => Fx::new(m.price, m.ps),
        };
        if self.provider == Provider::Alibaba && self.currency() == "USD" {
            let s = (p.s + 1).min(6 - m.qs);
            let usd = rescale(Fx::new(p.m * 2, p.s + 1), s);
            return Fx::new(usd.m.max(1), s);
        }
        p
    }

    pub fn contracted_price(&self, list: Fx) -> Fx {
        let bp = self.acc.billing_of(self.r.sub).def.discount_bp;
        Fx::new(ratio(list.m, 10_000 - bp, 10_000).max(1), list.s)
    }

    fn sku(&self, t: &Template, m: &MeterDef) -> (String, Option<String>) {
        let h = ids::name_hash(&[
            self.provider.name(),
            t.key,
            m.code,
            self.size(),
            self.region.id,
        ]);
        match self.provider {
            Provider::Aws => {
                let sku = ids::hashed(h, ids::HASH_UPPER, 16);
                let price = format!("{sku}.JRTCKXETXF.6YS6EN2CT7");
                (sku, Some(price))
            }
            Provider::Azure => {
                let x = ids::hashed(h, ids::HASH_HEX, 32);
                let guid = format!(
                    "{}-{}-{}-{}-{}",
                    &x[..8],
                    &x[8..12],
                    &x[12..16],
                    &x[16..20],
                    &x[20..]
                );
                let price = format!(
                    "DZH318Z0{}/{:04}",
                    ids::hashed(h >> 7, ids::HASH_UPPER, 4),
                    1 + h % 40
                );
                (guid, Some(price))
            }
            Provider::Gcp => {
                let x = ids::hashed(h, ids::HASH_HEX_UP, 12);
                (format!("{}-{}-{}", &x[..4], &x[4..8], &x[8..]), None)
            }
            Provider::Alibaba => (format!("{}:{}", t.key, m.code), None),
            Provider::Tencent => (format!("sv_{}_{}", t.key, m.code), None),
            Provider::Huawei if m.sized => (format!("{}.linux", self.size()), None),
            Provider::Huawei => (format!("hws.{}.{}", t.key, m.code), None),
        }
    }

    /// Charge description in the provider's own style.
    pub fn description(&self, m: &MeterDef, price: Fx, mode: &str) -> String {
        let meter = self.meter_name(m);
        let unit = if m.unit == "Hours" { "hour" } else { m.unit };
        match self.provider {
            _ if self.chinese_bill() => {
                format!("{} {meter} {mode} ¥{}/{unit}", self.r.tpl.zh, price.dec())
            }
            Provider::Aws if self.r.tpl.spot => format!(
                "Linux/UNIX (Amazon VPC), {} Spot Instance-hour",
                self.size()
            ),
            Provider::Aws if meter.ends_with(" Hour") => format!("${} per {meter}", price.dec()),
            Provider::Aws => format!("${} per {unit} - {meter}", price.dec()),
            _ => format!("{meter} (${} per {unit})", price.dec()),
        }
    }

    /// AWS usage type, which FOCUS has no column for. Other providers' extras
    /// would only repeat PricingCategory, and each costs an allocation per line.
    pub fn extras(&self, m: &MeterDef) -> Option<String> {
        match self.provider {
            Provider::Aws => {
                let size = self.size();
                let usage = if m.sized && !size.is_empty() {
                    format!("{}-{}:{size}", self.region.code, m.code)
                } else {
                    format!("{}-{}", self.region.code, m.code)
                };
                Some(serde_json::json!({ "x_UsageType": usage }).to_string())
            }
            _ => None,
        }
    }

    /// Pay-as-you-go dimensions of meter `i`.
    pub fn usage_dims(&mut self, i: usize) -> LineDims {
        let t = self.r.tpl;
        let m = &t.meters[i];
        let mut d = account_dims(
            self.acc,
            self.r.sub,
            (t.service, t.category, t.subcategory),
            ChargeCategory::Usage,
        );
        let list = self.list_price(m);
        let mode = if self.chinese_bill() {
            "按量付费"
        } else {
            ""
        };
        d.charge_frequency = Some(ChargeFrequency::UsageBased);
        d.charge_description = Some(self.description(m, list, mode));
        if !t.global {
            d.region_id = Some(self.region.id.to_string());
            d.region_name = Some(self.region.name.to_string());
        }
        d.availability_zone = self.zone().map(str::to_string);
        if !m.no_resource {
            d.resource_id = Some(if m.id.is_empty() {
                self.id.clone()
            } else {
                self.render(m.id)
            });
            d.resource_name = Some(self.name.clone());
            d.resource_type = Some(if m.rtype.is_empty() { t.rtype } else { m.rtype }.to_string());
        }
        let (sku, price_id) = self.sku(t, m);
        d.sku_id = Some(sku);
        d.sku_price_id = price_id;
        d.sku_meter = Some(self.meter_name(m));
        d.pricing_category = Some(if t.spot {
            PricingCategory::Dynamic
        } else {
            PricingCategory::Standard
        });
        d.pricing_unit = Some(m.unit.to_string());
        d.consumed_unit = Some(m.consumed_unit.to_string());
        d.tags = self.tags.clone();
        d
    }
}

/// The dims of a correction row: the original's, marked as a correction.
pub fn correction_dims(d: &LineDims) -> LineDims {
    let mut c = d.clone();
    c.charge_class = Some(ChargeClass::Correction);
    c.charge_description = Some("Correction: duplicate metering records removed".to_string());
    c
}
