//! The customer: twenty billing accounts across six providers, each with its
//! sub-accounts (AWS member accounts, Azure subscriptions, GCP projects,
//! Alibaba Resource Directory members, Tencent sub-accounts, Huawei enterprise
//! projects), and the commercial terms that shape their bills.

use crate::catalog::Provider::{self, *};
use crate::ids::{self, Ctx};
use crate::naming::Env::{self, *};
use crate::rng::Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagStyle {
    /// `team` / `env` / `project`, with the odd `Team`.
    Lower,
    /// Azure habit: `Team` / `Environment` / `Project`, with the odd `team`.
    Pascal,
    /// GCP labels: lowercase keys and values only.
    Labels,
    /// An acquired company's conventions colliding with ours.
    Mixed,
}

pub struct SubDef {
    pub name: &'static str,
    pub id: &'static str,
    pub env: Env,
    pub teams: &'static [&'static str],
    pub weight: u64,
    /// Templates this sub-account uses far more than average.
    pub boost: &'static [&'static str],
    /// Monthly credit: share of the largest service's usage (basis points) and
    /// a cap in whole currency units.
    pub credit: Option<(i64, i64)>,
}

const fn s(
    name: &'static str,
    id: &'static str,
    env: Env,
    teams: &'static [&'static str],
    weight: u64,
) -> SubDef {
    SubDef {
        name,
        id,
        env,
        teams,
        weight,
        boost: &[],
        credit: None,
    }
}

impl SubDef {
    const fn boost(self, boost: &'static [&'static str]) -> Self {
        SubDef { boost, ..self }
    }
    const fn credit(self, bp: i64, cap: i64) -> Self {
        SubDef {
            credit: Some((bp, cap)),
            ..self
        }
    }
}

pub struct BillingDef {
    pub provider: Provider,
    pub name: &'static str,
    pub id: &'static str,
    pub btype: &'static str,
    pub stype: &'static str,
    pub currency: &'static str,
    pub issuer: &'static str,
    /// Negotiated discount off list (EDP, MACC, 折扣), basis points.
    pub discount_bp: i64,
    pub tax_bp: i64,
    pub tax_desc: &'static str,
    pub credit_desc: &'static str,
    /// Month-over-month demand growth, basis points.
    pub growth_bp: i64,
    /// Weekend demand of production services relative to weekdays (ppm):
    /// below 1 for business traffic, above for games and live streaming.
    pub weekend_ppm: u64,
    pub regions: &'static [&'static str],
    pub style: TagStyle,
    pub subs: &'static [SubDef],
}

const AWS_ISSUER: &str = "Amazon Web Services, Inc.";
const NO_TAX: (i64, &str) = (0, "");

#[allow(clippy::too_many_arguments)]
const fn b(
    provider: Provider,
    name: &'static str,
    id: &'static str,
    (btype, stype): (&'static str, &'static str),
    currency: &'static str,
    issuer: &'static str,
    discount_bp: i64,
    (tax_bp, tax_desc): (i64, &'static str),
    growth_bp: i64,
    weekend_ppm: u64,
    regions: &'static [&'static str],
    style: TagStyle,
    subs: &'static [SubDef],
) -> BillingDef {
    BillingDef {
        provider,
        name,
        id,
        btype,
        stype,
        currency,
        issuer,
        discount_bp,
        tax_bp,
        tax_desc,
        credit_desc: "",
        growth_bp,
        weekend_ppm,
        regions,
        style,
        subs,
    }
}

impl BillingDef {
    const fn credits(self, credit_desc: &'static str) -> Self {
        BillingDef {
            credit_desc,
            ..self
        }
    }
}

const AWS_T: (&str, &str) = ("Payer Account", "Linked Account");
const MCA_T: (&str, &str) = ("Billing Profile", "Subscription");
const EA_T: (&str, &str) = ("Enrollment", "Subscription");
const GCP_T: (&str, &str) = ("Billing Account", "Project");
const ALI_T: (&str, &str) = ("Master Account", "Resource Directory Member");
const TC_T: (&str, &str) = ("Main Account", "Sub-Account");
const HW_T: (&str, &str) = ("Enterprise Master Account", "Enterprise Project");
const MCA_ID: &str = "{uuid}:{uuid}_2019-05-31";
const GCP_ID: &str = "{HEX:6}-{HEX:6}-{HEX:6}";
const ALI_ID: &str = "1{digits:15}";
const TC_ID: &str = "1000{digits:8}";

#[rustfmt::skip]
pub static BILLING: &[BillingDef] = &[
    b(
        Aws,
        "Acme Corp",
        "{digits:12}",
        AWS_T,
        "USD",
        AWS_ISSUER,
        600,
        (625, "US Sales Tax"),
        100,
        930_000,
        &["us-east-1", "us-west-2", "eu-west-1"],
        TagStyle::Lower,
        &[
            s("payments-prod", "{digits:12}", Prod, &["payments"], 25).boost(&["rds", "elb"]),
            s("search-prod", "{digits:12}", Prod, &["search"], 14).boost(&["ec2", "dynamodb"]),
            s("data-platform", "{digits:12}", Prod, &["data-platform"], 14).boost(&["s3", "athena", "ec2-spot"]),
            s("ml-research", "{digits:12}", Dev, &["ml"], 5).boost(&["ec2-spot"]).credit(9000, 4000),
            s("shared-services", "{digits:12}", Prod, &["platform"], 9).boost(&["eks", "natgw", "cloudwatch", "fargate"]),
            s("sandbox-dev", "{digits:12}", Dev, &["payments", "search", "mobile"], 9),
        ],
    )
    .credits("AWS Promotional Credit"),
    b(
        Aws,
        "Brightwave Labs",
        "{digits:12}",
        AWS_T,
        "USD",
        AWS_ISSUER,
        0,
        NO_TAX,
        48,
        900_000,
        &["us-west-2", "us-east-1"],
        TagStyle::Mixed,
        &[
            s("bw-production", "{digits:12}", Prod, &["growth", "mobile"], 7).boost(&["lambda", "dynamodb"]),
            s("bw-staging", "{digits:12}", Staging, &["growth", "mobile"], 4),
        ],
    ),
    b(
        Aws,
        "Acme APAC",
        "{digits:12}",
        AWS_T,
        "USD",
        "Amazon Web Services Singapore Private Limited",
        0,
        NO_TAX,
        120,
        950_000,
        &["ap-southeast-1", "ap-northeast-1"],
        TagStyle::Lower,
        &[
            s("apac-mobile-prod", "{digits:12}", Prod, &["mobile"], 6).boost(&["lambda", "cloudfront"]),
            s("apac-mobile-dev", "{digits:12}", Dev, &["mobile"], 3),
        ],
    ),
    b(
        Aws,
        "Acme Marketing",
        "{digits:12}",
        AWS_T,
        "USD",
        AWS_ISSUER,
        0,
        (725, "US Sales Tax"),
        80,
        880_000,
        &["us-east-1"],
        TagStyle::Lower,
        &[s("marketing-web", "{digits:12}", Prod, &["marketing"], 4).boost(&["cloudfront", "s3", "lambda"])],
    ),
    b(
        Azure,
        "Acme Corporation",
        MCA_ID,
        MCA_T,
        "USD",
        "Microsoft Corporation",
        500,
        NO_TAX,
        88,
        920_000,
        &["eastus", "westus2", "westeurope"],
        TagStyle::Pascal,
        &[
            s("Payments Production", "{uuid}", Prod, &["payments"], 8).boost(&["sql", "appservice"]),
            s("Corporate IT", "{uuid}", Prod, &["platform"], 5).boost(&["vm", "loganalytics"]),
            s("Analytics Dev/Test", "{uuid}", Dev, &["data-platform", "ml"], 4).boost(&["databricks", "openai"]),
        ],
    ),
    b(
        Azure,
        "Acme EMEA",
        "{digits:8}",
        EA_T,
        "USD",
        "Microsoft Ireland Operations Ltd",
        800,
        NO_TAX,
        60,
        900_000,
        &["westeurope"],
        TagStyle::Pascal,
        &[
            s("EMEA-Prod", "{uuid}", Prod, &["search", "marketing"], 5).boost(&["vmss", "aks"]),
            s("EMEA-Dev", "{uuid}", Dev, &["search", "marketing"], 3),
        ],
    ),
    b(
        Azure,
        "Brightwave Azure",
        MCA_ID,
        MCA_T,
        "USD",
        "Microsoft Corporation",
        0,
        NO_TAX,
        40,
        900_000,
        &["eastus"],
        TagStyle::Mixed,
        &[s("bw-azure-prod", "{uuid}", Prod, &["growth"], 3).boost(&["openai", "storage"])],
    ),
    b(
        Gcp,
        "Acme Main Billing",
        GCP_ID,
        GCP_T,
        "USD",
        "Google LLC",
        0,
        NO_TAX,
        104,
        930_000,
        &["us-central1", "us-east4", "asia-east1"],
        TagStyle::Labels,
        &[
            s("acme-search-prod", "acme-search-prod", Prod, &["search"], 8).boost(&["gke", "cloudsql"]),
            s("acme-mobile-backend", "acme-mobile-backend-{digits:4}", Prod, &["mobile"], 6).boost(&["cloudrun"]),
            s("acme-shared-vpc", "acme-shared-vpc", Prod, &["platform"], 3).boost(&["net"]),
        ],
    ),
    b(
        Gcp,
        "Acme Data & Analytics",
        GCP_ID,
        GCP_T,
        "USD",
        "Google LLC",
        0,
        NO_TAX,
        140,
        700_000,
        &["us-central1", "europe-west1"],
        TagStyle::Labels,
        &[
            s("acme-datalake-prod", "acme-datalake-prod", Prod, &["data-platform"], 7).boost(&["bigquery", "dataflow", "gcs"]),
            s("acme-ml-experiments", "acme-ml-exp-{digits:4}", Dev, &["ml"], 3).boost(&["vertex"]),
        ],
    ),
    b(
        Gcp,
        "Acme Web (GCP)",
        GCP_ID,
        GCP_T,
        "USD",
        "Google LLC",
        0,
        NO_TAX,
        72,
        880_000,
        &["us-east4", "asia-east2"],
        TagStyle::Labels,
        &[
            s("acme-web-prod", "acme-web-prod", Prod, &["marketing"], 3).boost(&["cloudrun", "gcs"]),
            s("acme-web-dev", "acme-web-dev", Dev, &["marketing"], 2),
        ],
    ),
    b(
        Alibaba,
        "电商平台-生产",
        ALI_ID,
        ALI_T,
        "CNY",
        "阿里云计算有限公司",
        1200,
        (600, "增值税 VAT 6%"),
        112,
        1_060_000,
        &["cn-hangzhou", "cn-shanghai", "cn-beijing"],
        TagStyle::Lower,
        &[
            s("交易中心", ALI_ID, Prod, &["payments"], 12).boost(&["rds", "redis", "slb"]).credit(300, 30000),
            s("商品中心", ALI_ID, Prod, &["search", "growth"], 9).boost(&["ecs", "oss"]),
            s("营销活动", ALI_ID, Prod, &["marketing"], 6).boost(&["cdn", "oss"]),
        ],
    )
    .credits("代金券抵扣 Voucher Deduction"),
    b(
        Alibaba,
        "数据中台",
        ALI_ID,
        ALI_T,
        "CNY",
        "阿里云计算有限公司",
        1200,
        (600, "增值税 VAT 6%"),
        132,
        750_000,
        &["cn-hangzhou", "cn-zhangjiakou"],
        TagStyle::Lower,
        &[
            s("大数据平台", ALI_ID, Prod, &["data-platform"], 8).boost(&["maxcompute", "oss", "eci"]),
            s("BI报表", ALI_ID, Prod, &["data-platform"], 3).boost(&["rds"]),
        ],
    ),
    b(
        Alibaba,
        "研发测试环境",
        ALI_ID,
        ALI_T,
        "CNY",
        "阿里云计算有限公司",
        1200,
        (600, "增值税 VAT 6%"),
        60,
        300_000,
        &["cn-hangzhou", "cn-shenzhen"],
        TagStyle::Lower,
        &[
            s("研发-测试", ALI_ID, Dev, &["payments", "search", "mobile", "ml"], 7).boost(&["pai"]),
            s("预发环境", ALI_ID, Staging, &["payments", "search"], 4),
        ],
    ),
    b(
        Alibaba,
        "Acme International",
        "5{digits:15}",
        ALI_T,
        "USD",
        "Alibaba Cloud (Singapore) Private Limited",
        0,
        NO_TAX,
        80,
        950_000,
        &["ap-southeast-1", "eu-central-1", "us-west-1"],
        TagStyle::Lower,
        &[s("intl-web", "5{digits:15}", Prod, &["marketing", "mobile"], 3), s("intl-api", "5{digits:15}", Prod, &["payments"], 3)],
    ),
    b(
        Tencent,
        "游戏业务-生产",
        TC_ID,
        TC_T,
        "CNY",
        "腾讯云计算（北京）有限责任公司",
        1000,
        (600, "增值税 VAT 6%"),
        96,
        1_150_000,
        &["ap-guangzhou", "ap-shanghai", "ap-hongkong"],
        TagStyle::Lower,
        &[
            s("游戏服", TC_ID, Prod, &["game"], 8).boost(&["cvm", "redis", "clb"]).credit(200, 20000),
            s("运营后台", TC_ID, Prod, &["game", "growth"], 4).boost(&["mysql"]),
        ],
    )
    .credits("代金券抵扣 Voucher Deduction"),
    b(
        Tencent,
        "小程序平台",
        TC_ID,
        TC_T,
        "CNY",
        "腾讯云计算（北京）有限责任公司",
        1000,
        (600, "增值税 VAT 6%"),
        120,
        1_050_000,
        &["ap-guangzhou", "ap-shanghai"],
        TagStyle::Lower,
        &[s("小程序-生产", TC_ID, Prod, &["mobile"], 6).boost(&["scf", "cos", "mysql"]), s("小程序-测试", TC_ID, Dev, &["mobile"], 3)],
    ),
    b(
        Tencent,
        "直播业务",
        TC_ID,
        TC_T,
        "CNY",
        "腾讯云计算（北京）有限责任公司",
        1000,
        (600, "增值税 VAT 6%"),
        128,
        1_120_000,
        &["ap-guangzhou", "ap-beijing", "ap-chengdu"],
        TagStyle::Lower,
        &[s("直播-推流", TC_ID, Prod, &["live"], 5).boost(&["css", "cdn"]), s("直播-点播", TC_ID, Prod, &["live"], 3).boost(&["cos", "cdn"])],
    ),
    b(
        Huawei,
        "政企云-生产",
        "{hex:32}",
        HW_T,
        "CNY",
        "华为云计算技术有限公司",
        1500,
        (600, "增值税 VAT 6%"),
        80,
        850_000,
        &["cn-north-4", "cn-east-3", "cn-south-1"],
        TagStyle::Lower,
        &[
            s("default", "0", Prod, &["platform"], 3),
            s("政务门户", "{uuid}", Prod, &["marketing"], 5).boost(&["elb", "cdn"]).credit(300, 10000),
            s("支付网关", "{uuid}", Prod, &["payments"], 5).boost(&["rds", "dcs"]),
        ],
    )
    .credits("代金券抵扣 Voucher Deduction"),
    b(
        Huawei,
        "华为云-数据湖",
        "{hex:32}",
        HW_T,
        "CNY",
        "华为云计算技术有限公司",
        1500,
        (600, "增值税 VAT 6%"),
        120,
        750_000,
        &["cn-north-4", "cn-southwest-2"],
        TagStyle::Lower,
        &[s("数据湖", "{uuid}", Prod, &["data-platform"], 5).boost(&["mrs", "obs"]), s("AI训练", "{uuid}", Dev, &["ml"], 3).boost(&["modelarts"])],
    ),
    b(
        Huawei,
        "华为云-研发",
        "{hex:32}",
        HW_T,
        "CNY",
        "华为云计算技术有限公司",
        1500,
        (600, "增值税 VAT 6%"),
        48,
        300_000,
        &["cn-north-4", "cn-east-3"],
        TagStyle::Lower,
        &[s("研发环境", "{uuid}", Dev, &["payments", "platform"], 4), s("测试环境", "{uuid}", Staging, &["payments", "platform"], 3)],
    ),
];

pub struct Billing {
    pub def: &'static BillingDef,
    pub id: String,
    /// Index of this account's (provider, currency) totals group.
    pub group: usize,
    pub subs: std::ops::Range<usize>,
    pub regions: Vec<usize>,
    /// Tencent COS buckets carry the account's APPID.
    pub appid: String,
}

pub struct Sub {
    pub def: &'static SubDef,
    pub billing: usize,
    pub id: String,
}

pub struct Accounts {
    pub billing: Vec<Billing>,
    pub subs: Vec<Sub>,
    pub groups: Vec<(&'static str, &'static str)>,
}

impl Accounts {
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng::new(seed, 1);
        let mut accounts = Accounts {
            billing: Vec::new(),
            subs: Vec::new(),
            groups: Vec::new(),
        };
        for (bi, def) in BILLING.iter().enumerate() {
            let key = (def.provider.name(), def.currency);
            let group = accounts
                .groups
                .iter()
                .position(|g| *g == key)
                .unwrap_or_else(|| {
                    accounts.groups.push(key);
                    accounts.groups.len() - 1
                });
            let id = ids::render(def.id, &Ctx::default(), &mut rng);
            let first = accounts.subs.len();
            for sd in def.subs {
                let sid = ids::render(sd.id, &Ctx::default(), &mut rng);
                accounts.subs.push(Sub {
                    def: sd,
                    billing: bi,
                    id: sid,
                });
            }
            let regions = def.regions.iter().map(|r| def.provider.region(r)).collect();
            let appid = ids::render("125{digits:7}", &Ctx::default(), &mut rng);
            accounts.billing.push(Billing {
                def,
                id,
                group,
                subs: first..accounts.subs.len(),
                regions,
                appid,
            });
        }
        accounts
    }

    pub fn billing_of(&self, sub: usize) -> &Billing {
        &self.billing[self.subs[sub].billing]
    }

    pub fn provider(&self, sub: usize) -> Provider {
        self.billing_of(sub).def.provider
    }

    /// Sub-account index by billing-account name and sub-account name.
    pub fn find(&self, billing: &str, sub: &str) -> usize {
        self.subs
            .iter()
            .position(|s| s.def.name == sub && self.billing[s.billing].def.name == billing)
            .unwrap_or_else(|| panic!("no sub-account {billing}/{sub}"))
    }
}
