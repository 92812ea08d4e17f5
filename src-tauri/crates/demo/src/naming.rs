//! Teams, projects and the names people give resources, in English and Chinese.

use crate::catalog::Naming;
use crate::rng::Rng;

pub struct Team {
    pub key: &'static str,
    pub zh: &'static str,
    pub projects: &'static [&'static str],
}

pub static TEAMS: &[Team] = &[
    Team {
        key: "payments",
        zh: "支付",
        projects: &["checkout", "wallet", "risk-control"],
    },
    Team {
        key: "search",
        zh: "搜索",
        projects: &["search-ranking", "catalog-index"],
    },
    Team {
        key: "data-platform",
        zh: "数据平台",
        projects: &["datalake", "bi-reports", "etl-pipeline"],
    },
    Team {
        key: "mobile",
        zh: "移动端",
        projects: &["app-backend", "push-service", "mini-program"],
    },
    Team {
        key: "marketing",
        zh: "市场营销",
        projects: &["website", "campaigns", "双11大促"],
    },
    Team {
        key: "platform",
        zh: "基础架构",
        projects: &["shared-k8s", "observability", "ci-cd"],
    },
    Team {
        key: "ml",
        zh: "算法",
        projects: &["recommendation", "llm-assistant"],
    },
    Team {
        key: "growth",
        zh: "增长",
        projects: &["会员中心", "referral"],
    },
    Team {
        key: "game",
        zh: "游戏",
        projects: &["星海传说", "match-server"],
    },
    Team {
        key: "live",
        zh: "直播",
        projects: &["直播带货", "vod-transcode"],
    },
];

pub fn team(key: &str) -> usize {
    TEAMS
        .iter()
        .position(|t| t.key == key)
        .unwrap_or_else(|| panic!("no team {key}"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Env {
    Prod,
    Staging,
    Dev,
}

impl Env {
    pub fn short(self) -> &'static str {
        match self {
            Env::Prod => "prod",
            Env::Staging => "staging",
            Env::Dev => "dev",
        }
    }
}

/// A resource name in the template's style. `zh` lets Chinese-account hosts
/// carry a Chinese team name, as such fleets often do.
pub fn resource_name(
    naming: Naming,
    team: &Team,
    role: &str,
    env: Env,
    seq: u32,
    zh: bool,
    rng: &mut Rng,
) -> String {
    let e = env.short();
    let t = team.key;
    let mut s = match naming {
        Naming::Host if zh => format!("{}-{role}-{e}-{seq:02}", team.zh),
        Naming::Host => format!("{t}-{role}-{e}-{seq:02}"),
        Naming::Bucket => format!("acme-{t}-{role}-{e}-"),
        Naming::Compact => {
            let mut c = format!("st{}{}{e}", t.replace('-', ""), role);
            c.truncate(20);
            c
        }
        Naming::Dataset => format!("{}_{}_{e}", t.replace('-', "_"), role),
        Naming::Domain => format!(
            "{role}{}.",
            if seq > 1 {
                seq.to_string()
            } else {
                String::new()
            }
        ),
        Naming::Db => format!("{t}-{role}-{e}"),
        Naming::Cluster => format!("{t}-{role}-{e}"),
    };
    match naming {
        Naming::Bucket => rng.push_chars(b"0123456789abcdef", 4, &mut s),
        Naming::Compact => rng.push_chars(b"0123456789abcdef", 4, &mut s),
        Naming::Domain => s.push_str(rng.pick_str(&[
            "acme-mall.cn",
            "acme.com",
            "acmeshop.com.cn",
            "acme-live.cn",
        ])),
        Naming::Db | Naming::Cluster if seq > 1 => s.push_str(&format!("-{seq}")),
        _ => {}
    }
    s
}
