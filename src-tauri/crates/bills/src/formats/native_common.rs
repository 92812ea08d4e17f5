//! Helpers shared by the native (pre-FOCUS) bill mappers of Google Cloud,
//! Alibaba Cloud, Tencent Cloud and Huawei Cloud: column binding with alias
//! lists and kept extras, the Chinese clouds' cell conventions (UTC+8 months
//! and times, `-` for "no value", console total rows, region names), and a
//! keyword classifier for FOCUS `ServiceCategory`.

use chrono::{Datelike, NaiveDate};
use cloudlens_model::{Decimal, Tags};
use serde_json::{Map, Value};

use crate::parse::{self, Zone};
use crate::fields::{CellError, Col, Header, HeaderError, Row};

/// Resolves columns once, remembering which ones the mapper reads, so that
/// every other column of the file can be kept as an `x_` extra.
pub(crate) struct Binder<'h> {
    h: &'h Header,
    used: Vec<bool>,
    extras: Vec<(Col, String)>,
    english: bool,
}

impl<'h> Binder<'h> {
    pub(crate) fn new(h: &'h Header) -> Self {
        let ascii = h.names().iter().filter(|n| n.is_ascii()).count();
        Self {
            h,
            used: vec![false; h.len()],
            extras: Vec::new(),
            english: ascii * 2 > h.len(),
        }
    }

    /// Whether most column names are ASCII: the header's language, used
    /// for the variant name and to name a missing column the way the file
    /// would.
    pub(crate) fn english(&self) -> bool {
        self.english
    }

    /// The first alias present, ignoring ASCII case, then the first alias
    /// equal to a column name without its trailing bracketed unit
    /// (`应付金额(元)`, `组件原价（元）`, `Amount (USD)`).
    pub(crate) fn find(&mut self, aliases: &[&str]) -> Option<Col> {
        let c = find_col(self.h, aliases)?;
        if let Some(u) = self.used.get_mut(c.0) {
            *u = true;
        }
        Some(c)
    }

    /// Like [`Binder::find`]; a missing column is named in the header's
    /// language (the first alias of that script).
    pub(crate) fn require(&mut self, aliases: &[&str]) -> Result<Col, HeaderError> {
        self.find(aliases).ok_or_else(|| HeaderError::Missing {
            column: self.display_name(aliases),
        })
    }

    pub(crate) fn display_name(&self, aliases: &[&str]) -> String {
        let pick = aliases
            .iter()
            .find(|a| a.is_ascii() == self.english)
            .or_else(|| aliases.first());
        pick.copied().unwrap_or_default().to_string()
    }

    /// Finds a column the mapper reads and also keeps it as the extra `key`
    /// (the local billing month, the native bill type).
    pub(crate) fn keep(&mut self, aliases: &[&str], key: &str) -> Option<Col> {
        let c = self.find(aliases)?;
        self.extras.push((c, key.to_string()));
        Some(c)
    }

    /// Keeps a native column FOCUS has no place for under an English
    /// `x_` key.
    pub(crate) fn extra(&mut self, aliases: &[&str], key: &str) {
        self.keep(aliases, key);
    }

    /// The extras: the named ones, then every column not read, as
    /// `x_<name as written>`.
    pub(crate) fn into_extras(self) -> Vec<(Col, String)> {
        let mut extras = self.extras;
        for (i, n) in self.h.names().iter().enumerate() {
            if !self.used.get(i).copied().unwrap_or(true) && !n.is_empty() {
                let key = if n.starts_with("x_") {
                    n.clone()
                } else {
                    format!("x_{n}")
                };
                extras.push((Col(i), key));
            }
        }
        extras
    }
}

/// See [`Binder::find`].
pub(crate) fn find_col(h: &Header, aliases: &[&str]) -> Option<Col> {
    h.find(aliases).or_else(|| {
        aliases.iter().find_map(|a| {
            h.names()
                .iter()
                .position(|n| without_unit(n).eq_ignore_ascii_case(a))
                .map(Col)
        })
    })
}

/// `应付金额(元)` → `应付金额`; `Amount (USD)` → `Amount`.
fn without_unit(name: &str) -> &str {
    let t = name.trim();
    let open = if t.ends_with(')') {
        t.rfind('(')
    } else if t.ends_with('）') {
        t.rfind('（')
    } else {
        None
    };
    open.map_or(t, |i| t[..i].trim_end())
}

/// Whether any of `names` is a column (with or without a unit suffix).
pub(crate) fn has_any(h: &Header, names: &[&str]) -> bool {
    find_col(h, names).is_some()
}

/// How many of `names` are columns (with or without a unit suffix).
pub(crate) fn count(h: &Header, names: &[&str]) -> usize {
    names.iter().filter(|n| find_col(h, &[n]).is_some()).count()
}

/// The currency an amount column's unit names: `应付金额(元)` is CNY,
/// `Amount (USD)` is USD.
pub(crate) fn currency_from_unit(h: &Header, c: Col) -> Option<&'static str> {
    let n = h.name(c);
    let unit = n.get(without_unit(n).len()..)?;
    if unit.contains("USD") || unit.contains("美元") || unit.contains('$') {
        Some("USD")
    } else if unit.contains("CNY")
        || unit.contains("RMB")
        || unit.contains('元')
        || unit.contains('¥')
    {
        Some("CNY")
    } else {
        None
    }
}

/// A cell as text; `None` for empty cells, the null spellings and the
/// Chinese consoles' `-` / `--` placeholders.
pub(crate) fn text<'a>(row: &Row<'a>, c: Option<Col>) -> Option<&'a str> {
    row.opt(c).filter(|v| !matches!(*v, "-" | "--" | "—"))
}

pub(crate) fn string(row: &Row<'_>, c: Option<Col>) -> Option<String> {
    text(row, c).map(str::to_string)
}

/// A decimal amount: `-`, empty and NULL are no value; thousands
/// separators and a leading `¥` / `￥` / `$` are accepted.
pub(crate) fn decimal(row: &Row<'_>, c: Option<Col>) -> Result<Option<Decimal>, CellError> {
    let Some(col) = c else { return Ok(None) };
    let Some(v) = text(row, c) else {
        return Ok(None);
    };
    let body = v.trim_start_matches(['¥', '￥', '$']).trim();
    parse::decimal(body)
        .map(Some)
        .ok_or_else(|| CellError::new(row.header.name(col), v, "a decimal number"))
}

pub(crate) fn require_decimal(row: &Row<'_>, c: Col) -> Result<Decimal, CellError> {
    decimal(row, Some(c))?.ok_or_else(|| {
        CellError::new(
            row.header.name(c),
            "",
            "a decimal number (this column is mandatory)",
        )
    })
}

/// A point in time; text without an offset is Beijing time (UTC+8).
pub(crate) fn china_time(row: &Row<'_>, c: Option<Col>) -> Result<Option<i64>, CellError> {
    let Some(col) = c else { return Ok(None) };
    let Some(v) = text(row, c) else {
        return Ok(None);
    };
    parse::timestamp(v, Zone::CHINA).map(Some).ok_or_else(|| {
        CellError::new(
            row.header.name(col),
            v,
            "a date and time such as 2025-01-31 08:00:00 (UTC+8 unless an offset is given)",
        )
    })
}

/// The first day of a billing month: `2025-01`, `2025/01`, `202501`,
/// `2025年01月`, or a date within the month.
pub(crate) fn month_of(v: &str) -> Option<NaiveDate> {
    let t = v.trim();
    if let Some(d) = parse::month(t) {
        return Some(d);
    }
    if let Some(rest) = t.strip_suffix('月') {
        let (y, m) = rest.split_once('年')?;
        return NaiveDate::from_ymd_opt(y.trim().parse().ok()?, m.trim().parse().ok()?, 1);
    }
    let ts = parse::timestamp(t, Zone::Utc)?;
    let d = cloudlens_model::utc_day(ts)?;
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1)
}

/// A billing period: the provider's local month (UTC+8) in UTC. For
/// 2025-01 that is 2024-12-31T16:00:00Z to 2025-01-31T16:00:00Z.
pub(crate) fn china_month_period(first_day: NaiveDate) -> Option<(i64, i64)> {
    parse::month_period(first_day, Zone::CHINA)
}

/// The billing period named by a month cell, in UTC.
pub(crate) fn billing_month(row: &Row<'_>, c: Col) -> Result<(i64, i64), CellError> {
    let v = text(row, Some(c)).unwrap_or_default();
    month_of(v)
        .and_then(china_month_period)
        .ok_or_else(|| CellError::new(row.header.name(c), v, "a billing month such as 2025-01"))
}

/// The billing period of the UTC+8 month an instant falls in.
pub(crate) fn china_month_of_instant(ts: i64) -> Option<(i64, i64)> {
    let d = cloudlens_model::utc_day(ts + 8 * 3600)?;
    china_month_period(NaiveDate::from_ymd_opt(d.year(), d.month(), 1)?)
}

/// The UTC+8 calendar day `ts` falls in, in UTC.
pub(crate) fn china_day_of_instant(ts: i64) -> (i64, i64) {
    let start = (ts + 8 * 3600).div_euclid(86_400) * 86_400 - 8 * 3600;
    (start, start + 86_400)
}

/// The charge period of a row: its start and end times when both are given
/// (an end not after the start means the charge is a point in time: its
/// UTC+8 day), else the billing day, else the whole billing month. Times
/// are kept as written (converted to UTC), not clipped to the billing
/// month: a subscription's term or a late usage record may run outside it.
pub(crate) fn charge_period(
    row: &Row<'_>,
    start: Option<Col>,
    end: Option<Col>,
    day: Option<Col>,
    month: (i64, i64),
) -> Result<(i64, i64), CellError> {
    let s = china_time(row, start)?;
    let e = china_time(row, end)?;
    match (s, e) {
        (Some(s), Some(e)) if e > s => return Ok((s, e)),
        (Some(s), Some(_)) => return Ok(china_day_of_instant(s)),
        _ => {}
    }
    if let Some(d) = china_time(row, day)? {
        return Ok(china_day_of_instant(d));
    }
    Ok(month)
}

/// A three-letter ISO 4217 code from the row (upper-cased; 人民币 and RMB
/// are CNY, 美元 is USD), else `default`.
pub(crate) fn currency(row: &Row<'_>, c: Option<Col>, default: &str) -> Result<String, CellError> {
    let Some(col) = c else {
        return Ok(default.to_string());
    };
    let Some(v) = text(row, c) else {
        return Ok(default.to_string());
    };
    let code = match v {
        "人民币" | "元" => "CNY",
        "美元" => "USD",
        other if other.eq_ignore_ascii_case("RMB") => "CNY",
        other => other,
    };
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(code.to_ascii_uppercase())
    } else {
        Err(row.invalid(
            col,
            "a three-letter ISO 4217 currency code such as CNY or USD",
        ))
    }
}

/// Tags as the Chinese clouds write them: `k:v;k2:v2` (also `=`, `,`
/// and full-width separators), a JSON object, or a JSON array of
/// `{TagKey, TagValue}` / `{key, value}` objects. Text that starts like
/// JSON but is not is an error.
pub(crate) fn tags_any(text: &str) -> Result<Tags, String> {
    let t = text.trim();
    if t.starts_with('[') || t.starts_with('{') {
        return json_tags(t)
            .ok_or_else(|| "tags as key:value pairs or a JSON object or array".to_string());
    }
    Ok(crate::tags::from_pairs(t, &[';', ',', '；', '，']))
}

/// A JSON object of tags, or an array of key/value objects (BigQuery's
/// `[{"key": "env", "value": "prod"}]`, Tencent's `TagKey` / `TagValue`).
pub(crate) fn json_tags(text: &str) -> Option<Tags> {
    let v: Value = serde_json::from_str(text).ok()?;
    match v {
        Value::Object(_) => crate::tags::from_json(text).ok(),
        Value::Array(items) => {
            let mut tags = Tags::new();
            for item in items {
                let Value::Object(o) = item else { return None };
                let field = |names: &[&str]| {
                    names.iter().find_map(|n| o.get(*n)).map(|v| match v {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    })
                };
                let key = field(&["key", "Key", "TagKey", "tagKey"])?;
                let value = field(&["value", "Value", "TagValue", "tagValue"]).unwrap_or_default();
                tags.insert(key.trim().to_string(), value);
            }
            Some(tags)
        }
        _ => None,
    }
}

/// Spellings of a console's total row.
const TOTAL_MARKERS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "合計",
    "總計",
    "Total",
    "Grand Total",
    "Sum",
    "Subtotal",
];

pub(crate) fn is_total_marker(v: &str) -> bool {
    let t = v.trim().trim_end_matches([':', '：']);
    TOTAL_MARKERS.iter().any(|m| t.eq_ignore_ascii_case(m))
}

/// Whether a row is clearly the console's appended total row: one cell
/// says 合计 / 总计 / Total, and the billing month and every identifying
/// column (product, account, resource) are empty or that same marker.
pub(crate) fn is_total_row(row: &Row<'_>, month: Option<Col>, identity: &[Option<Col>]) -> bool {
    let marked = row.any(is_total_marker);
    let blank_or_marker = |c: Option<Col>| text(row, c).is_none_or(is_total_marker);
    marked && blank_or_marker(month) && identity.iter().all(|c| blank_or_marker(*c))
}

/// The extra columns of a row as a JSON object, `-` placeholders left out.
pub(crate) fn extras_json(
    row: &Row<'_>,
    extras: &[(Col, String)],
    more: Map<String, Value>,
) -> Option<String> {
    let mut map = more;
    for (c, key) in extras {
        if let Some(v) = text(row, Some(*c)) {
            map.insert(key.clone(), Value::String(v.to_string()));
        }
    }
    (!map.is_empty()).then(|| Value::Object(map).to_string())
}

/// A region cell: `(RegionId, RegionName)`. A localized name is looked up
/// in `names` (brackets and spaces normalized) and kept as the name; an
/// id-like value (`cn-hangzhou`, `ap-guangzhou`) is the id, named as
/// `names` names it in the file's language (`english`: the ASCII names),
/// else by the id itself (FOCUS wants a RegionName wherever there is a
/// RegionId, and the id is the provider's own name for the region).
pub(crate) fn region(
    value: Option<&str>,
    names: &[(&str, &str)],
    english: bool,
) -> (Option<String>, Option<String>) {
    let Some(v) = value else { return (None, None) };
    let key = normalize_brackets(v);
    if let Some((_, id)) = names
        .iter()
        .find(|(n, _)| normalize_brackets(n).eq_ignore_ascii_case(&key))
    {
        return (Some((*id).to_string()), Some(v.to_string()));
    }
    let id_like = v
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if id_like {
        let name = names
            .iter()
            .filter(|(_, id)| *id == v)
            .find(|(n, _)| n.is_ascii() == english)
            .map_or(v, |(n, _)| *n);
        (Some(v.to_string()), Some(name.to_string()))
    } else {
        (None, Some(v.to_string()))
    }
}

fn normalize_brackets(v: &str) -> String {
    v.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '－' | '—' => '-',
            other => other,
        })
        .collect()
}

/// FOCUS `ServiceCategory` from product names and codes, by keyword: the
/// first rule with a matching keyword wins, so specific rules come first.
/// ASCII keywords match whole words of the lower-cased text; Chinese
/// keywords match anywhere. Unknown products are `Other`.
pub(crate) fn service_category(texts: &[Option<&str>]) -> &'static str {
    first_match(texts, CATEGORY_RULES).unwrap_or("Other")
}

/// The value of the first rule a keyword of which occurs in one of
/// `texts` (tried in order), as [`service_category`] matches them.
fn first_match(texts: &[Option<&str>], rules: &[(&'static str, &str)]) -> Option<&'static str> {
    for t in texts.iter().flatten() {
        let lower = t.to_lowercase();
        let words: String = lower
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        let padded = format!(
            " {} ",
            words.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        for (value, keywords) in rules {
            let hit = keywords.split('|').any(|k| {
                if k.is_ascii() {
                    padded.contains(&format!(" {k} "))
                } else {
                    lower.contains(k)
                }
            });
            if hit {
                return Some(value);
            }
        }
    }
    None
}

/// FOCUS `ServiceSubcategory` of a service in `category`, by keyword from
/// its name and code as [`service_category`] matches them; `Other
/// (<category>)` when no keyword matches. Only the service's own name and
/// code are looked at, so a service always gets one subcategory.
pub(crate) fn service_subcategory(category: &str, texts: &[Option<&str>]) -> String {
    let rules = SUBCATEGORY_RULES
        .iter()
        .find(|(c, _)| *c == category)
        .map_or(&[][..], |(_, r)| *r);
    match first_match(texts, rules) {
        Some(sub) => sub.to_string(),
        None if is_category(category) => format!("Other ({category})"),
        None => "Other (Other)".to_string(),
    }
}

fn is_category(c: &str) -> bool {
    c == "Other"
        || c == "Multicloud"
        || c == "Business Applications"
        || CATEGORY_RULES.iter().any(|(k, _)| *k == c)
}

type Rules = &'static [(&'static str, &'static str)];

/// Per category, each FOCUS 1.2 subcategory with its keywords.
const SUBCATEGORY_RULES: &[(&str, Rules)] = &[
    (
        "Compute",
        &[
            ("Containers", "容器|kubernetes|container|containers|gke|eks|aks|tke|cce|ack|fargate|cloud run"),
            ("Serverless Compute", "函数|lambda|function|functions|serverless|fc|scf|functiongraph"),
            ("End User Computing", "桌面|workspaces|desktop|appstream"),
            ("Virtual Machines", "服务器|云主机|裸金属|instance|instances|vm|vms|virtual machine|virtual machines|ec2|compute engine|elastic compute|ecs|cvm|bms|lighthouse|swas|server"),
        ],
    ),
    (
        "Storage",
        &[
            ("Backup Storage", "备份|backup|glacier"),
            ("Object Storage", "对象存储|object|s3|oss|cos|obs|cloud storage|blob"),
            ("Block Storage", "云硬盘|块存储|云盘|block|disk|disks|ebs|evs|cbs|persistent disk|volume|volumes"),
            ("File Storage", "文件存储|file|files|nas|efs|sfs|cfs|filestore|fsx"),
        ],
    ),
    (
        "Databases",
        &[
            ("Caching", "缓存|redis|memcached|cache|elasticache|memorystore|tair|dcs"),
            ("NoSQL Databases", "mongodb|dynamodb|nosql|cosmos|firestore|datastore|bigtable|hbase|lindorm|dds|tablestore|documentdb|keyspaces"),
            ("Data Warehouses", "数据仓库|bigquery|redshift|warehouse|dws|analyticdb"),
            ("Time Series Databases", "时序|timestream|influxdb|time series|tsdb"),
            ("Relational Databases", "关系型|数据库|sql|mysql|postgresql|postgres|rds|aurora|mariadb|oracle|spanner|alloydb|polardb|cdb|tdsql|gaussdb|cynosdb|relational"),
        ],
    ),
    (
        "Networking",
        &[
            ("Content Delivery", "内容分发|加速|cdn|dcdn|cloudfront|content delivery"),
            ("Application Networking", "负载均衡|load balancer|load balancing|elb|slb|clb|alb|nlb|app mesh"),
            ("Network Routing", "解析|dns|route 53|route53"),
            ("Network Connectivity", "专线|高速通道|云联网|私有网络|网关|vpn|direct connect|interconnect|peering|transit|nat|gateway|vpc|ccn|virtual private cloud|privatelink"),
            ("Network Infrastructure", "带宽|公网|流量|bandwidth|data transfer|ip|eip|elastic ip|public ip|networking|network"),
        ],
    ),
    (
        "Management and Governance",
        &[
            ("Observability", "监控|日志|monitor|monitoring|cloudwatch|amazoncloudwatch|logging|log|logs|sls|cls|ces|lts|cloudmonitor|stackdriver|trace|x ray"),
            ("Compliance", "审计|cloudtrail|config|audit|actiontrail|cts"),
            ("Cost Management", "费用|cost|billing|budgets"),
            ("Support", "技术支持|support"),
            ("Disaster Recovery", "容灾|disaster recovery|elastic disaster recovery"),
            ("Architecture", "资源编排|cloudformation|ros|deployment manager|well architected"),
        ],
    ),
    (
        "Security",
        &[
            ("Secret Management", "密钥|凭据|证书|kms|key management|secret|secrets|certificate|ssl"),
            ("Security Posture Management", "security hub|inspector|security command center|posture"),
            ("Threat Detection and Response", "防火墙|防护|云盾|安全中心|waf|ddos|anti ddos|firewall|guardduty|shield|hss|cloud armor|threat"),
        ],
    ),
    (
        "Integration",
        &[
            ("API Management", "api网关|api gateway|apig|api management"),
            ("Workflow Orchestration", "工作流|step functions|workflow|workflows|logic apps"),
            ("Messaging", "消息|短信|邮件|sns|sqs|queue|messaging|pub sub|pubsub|kafka|mq|rocketmq|rabbitmq|ckafka|sms|eventbridge|event|events|ses|email"),
        ],
    ),
    (
        "Analytics",
        &[
            ("Streaming Analytics", "实时计算|kinesis|flink|streaming|oceanus"),
            ("Search", "搜索|elasticsearch|opensearch|search|kendra"),
            ("Business Intelligence", "quicksight|looker|bi|quick bi"),
            ("Data Processing", "glue|emr|dataproc|dataflow|etl|maxcompute|dataworks|mrs|dli|athena|data processing|batch"),
            ("Analytics Platforms", "数据湖|大数据|databricks|synapse|hologres|analytics|lake formation"),
        ],
    ),
    (
        "AI and Machine Learning",
        &[
            ("Generative AI", "大模型|通义|百炼|混元|盘古|bedrock|gemini|openai|generative"),
            ("Bots", "lex|dialogflow|bot|bots"),
            ("Natural Language Processing", "语音|翻译|translate|comprehend|natural language|speech|transcribe|polly"),
            ("Machine Learning", "机器学习|sagemaker|vertex|machine learning|pai|modelarts|ml|automl|tpu"),
        ],
    ),
    (
        "Developer Tools",
        &[
            ("Source Code Management", "代码|codecommit|codeup|repository|repositories|source repositories"),
            ("Continuous Integration and Deployment", "持续集成|codebuild|codepipeline|codedeploy|cloud build|devops|pipeline|pipelines"),
            ("Development Environments", "cloudshell|cloud9|cloud shell|codecatalyst"),
            ("Developer Platforms", "镜像仓库|artifact|artifacts|container registry|ecr|acr|tcr|swr|x ray"),
            ("Quality Assurance", "device farm|testing"),
        ],
    ),
    (
        "Identity",
        &[(
            "Identity and Access Management",
            "访问控制|身份|iam|identity|cognito|ram|cam|sso|directory|active directory|idaas",
        )],
    ),
    (
        "Internet of Things",
        &[
            ("IoT Analytics", "iot analytics"),
            ("IoT Platforms", "物联网|iot"),
        ],
    ),
    (
        "Media",
        &[
            ("Gaming", "游戏|gamelift|game|games"),
            ("Media Streaming", "直播|点播|转码|视频|音视频|live|vod|streaming|media|transcoder|elemental|trtc|ivs"),
        ],
    ),
    (
        "Migration",
        &[
            ("Data Migration", "数据传输|数据复制|dts|drs|dms|datasync|data migration|database migration|transfer|snowball"),
            ("Resource Migration", "迁移|migration hub|server migration|application migration|mgn|smc|refactor spaces"),
        ],
    ),
    (
        "Web",
        &[(
            "Application Platforms",
            "建站|app engine|elastic beanstalk|amplify|app service|app runner|apprunner|lightsail",
        )],
    ),
    (
        "Multicloud",
        &[("Multicloud Integration", "anthos|arc|multicloud")],
    ),
];

/// Category, then its keywords separated by `|`.
const CATEGORY_RULES: &[(&str, &str)] = &[
    (
        "Security",
        "安全|防火墙|堡垒机|证书|密钥|加密|云盾|防护|数据库审计|waf|ddos|anti ddos|ssl|kms|firewall|security|bastion|hss|certificate|secret manager|cloud armor",
    ),
    (
        "Migration",
        "迁移|数据传输|数据复制|dts|drs|migration|transfer service|transfer appliance",
    ),
    (
        "Databases",
        "数据库|缓存|redis|mongodb|mysql|postgresql|sql server|polardb|rds|cdb|tdsql|cynosdb|gaussdb|dds|dcs|tair|hbase|lindorm|memcached|cloud sql|spanner|bigtable|firestore|datastore|memorystore|alloydb|database|databases|cache",
    ),
    (
        "AI and Machine Learning",
        "机器学习|人工智能|大模型|智能语音|语音识别|人脸|文字识别|图像识别|机器翻译|通义|百炼|混元|盘古|pai|modelarts|vertex|automl|tpu|ocr|ai|ml|machine learning|gemini|dialogflow|natural language|vision",
    ),
    (
        "Analytics",
        "大数据|数据仓库|数据湖|实时计算|日志分析|数据分析|maxcompute|dataworks|hologres|analyticdb|emr|mrs|dli|dws|elasticsearch|flink|oceanus|bigquery|dataflow|dataproc|composer|looker|quick bi|analytics",
    ),
    (
        "Media",
        "视频|直播|点播|媒体|转码|音视频|vod|trtc|live|media|transcoder",
    ),
    (
        "Integration",
        "消息队列|消息服务|事件总线|短信|邮件推送|api网关|mq|rocketmq|kafka|rabbitmq|ckafka|api gateway|apig|pub sub|pubsub|eventbridge|sms",
    ),
    (
        "Storage",
        "对象存储|云硬盘|块存储|文件存储|存储|硬盘|归档|备份|oss|cos|obs|evs|cbs|nas|sfs|cfs|ebs|storage|filestore|persistent disk|volume|backup",
    ),
    (
        "Networking",
        "负载均衡|公网|带宽|流量|云联网|专线|高速通道|内容分发|加速|解析|网络|网关|私有云|cdn|dcdn|slb|clb|elb|alb|nlb|nat|vpc|eip|vpn|dns|ccn|networking|network|load balancing|load balancer|interconnect|bandwidth|elastic ip|public ip|content delivery|virtual private cloud",
    ),
    (
        "Compute",
        "服务器|云主机|计算|容器|函数|弹性伸缩|裸金属|gpu|ecs|cvm|bms|cce|ack|tke|scf|fc|lighthouse|swas|compute|kubernetes|gke|cloud run|app engine|cloud functions|instance|vm|server|container",
    ),
    (
        "Identity",
        "访问控制|身份|ram|cam|iam|idaas|identity",
    ),
    (
        "Internet of Things",
        "物联网|iot",
    ),
    (
        "Management and Governance",
        "监控|日志|审计|资源编排|运维|技术支持|monitor|monitoring|logging|log|sls|cls|ces|cts|lts|actiontrail|cloudmonitor|stackdriver|support",
    ),
    (
        "Developer Tools",
        "云效|代码|镜像仓库|持续集成|devops|codeup|coding|codearts|cloud build|artifact",
    ),
    (
        "Web",
        "域名|建站|网站|domain|domains|web",
    ),
    (
        "Mobile",
        "移动|推送|mobile|firebase",
    ),
];

/// The figures of one cash-basis bill row, as the Chinese clouds' bill
/// details state them. Their exports are not amortized, so the effective
/// cost is the billed cost.
pub(crate) struct CashLine {
    pub billing_period: (i64, i64),
    pub charge_period: (i64, i64),
    pub currency: String,
    pub billed: Decimal,
    pub list: Decimal,
    pub contracted: Decimal,
    pub pricing_quantity: Option<Decimal>,
    pub consumed_quantity: Option<Decimal>,
    pub list_unit_price: Option<Decimal>,
    pub contracted_unit_price: Option<Decimal>,
    pub extras: Option<String>,
    pub source_row: u64,
}

/// Emits the row's one line, with the billed amount as the file's own figure.
pub(crate) fn push_cash_line(
    out: &mut super::Output,
    mut dims: cloudlens_model::LineDims,
    mut l: CashLine,
) {
    super::pair_units(&mut dims, &mut l.pricing_quantity, &mut l.consumed_quantity);
    let line = cloudlens_model::CostLine {
        dims: out.dims(dims),
        billing_period_start: l.billing_period.0,
        billing_period_end: l.billing_period.1,
        charge_period_start: l.charge_period.0,
        charge_period_end: l.charge_period.1,
        billed_cost: l.billed,
        effective_cost: l.billed,
        list_cost: l.list,
        contracted_cost: l.contracted,
        pricing_quantity: l.pricing_quantity,
        consumed_quantity: l.consumed_quantity,
        list_unit_price: l.list_unit_price,
        contracted_unit_price: l.contracted_unit_price,
        commitment_discount_status: None,
        commitment_discount_quantity: None,
        capacity_reservation_status: None,
        invoice_id: None,
        extras: l.extras,
        provenance: cloudlens_model::Provenance {
            source_row: l.source_row,
        },
    };
    out.source = Some(super::SourceAmount {
        billing_period_start: l.billing_period.0,
        currency: l.currency,
        amount: l.billed,
    });
    out.push(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_suffixes_are_ignored_when_matching_names() {
        let h = Header::new(["账期", "应付金额(元)", "组件原价（元）", "Amount (USD)"]);
        assert_eq!(find_col(&h, &["应付金额"]), Some(Col(1)));
        assert_eq!(find_col(&h, &["组件原价"]), Some(Col(2)));
        assert_eq!(find_col(&h, &["amount"]), Some(Col(3)));
        assert_eq!(currency_from_unit(&h, Col(1)), Some("CNY"));
        assert_eq!(currency_from_unit(&h, Col(3)), Some("USD"));
        assert_eq!(currency_from_unit(&h, Col(0)), None);
    }

    #[test]
    fn months_in_console_spellings() {
        let jan = NaiveDate::from_ymd_opt(2025, 1, 1);
        assert_eq!(month_of("2025-01"), jan);
        assert_eq!(month_of("202501"), jan);
        assert_eq!(month_of("2025年1月"), jan);
        assert_eq!(month_of("2025-01-17"), jan);
        assert_eq!(month_of("合计"), None);
    }

    #[test]
    fn china_days_and_months_in_utc() {
        // 2025-02-01 00:30 UTC+8 is 2025-01-31 16:30 UTC: February's bill.
        let ts = 1_738_341_000;
        assert_eq!(
            china_month_of_instant(ts),
            Some((1_738_339_200, 1_740_758_400))
        );
        assert_eq!(china_day_of_instant(ts), (1_738_339_200, 1_738_425_600));
    }

    #[test]
    fn categories_by_keyword() {
        assert_eq!(service_category(&[Some("云服务器 ECS")]), "Compute");
        assert_eq!(
            service_category(&[Some("云数据库 RDS MySQL 版")]),
            "Databases"
        );
        assert_eq!(service_category(&[Some("对象存储")]), "Storage");
        assert_eq!(service_category(&[Some("Web应用防火墙")]), "Security");
        assert_eq!(service_category(&[Some("Cloud Object Storage")]), "Storage");
        assert_eq!(
            service_category(&[Some("Maintenance"), Some("ecs")]),
            "Compute"
        );
        assert_eq!(service_category(&[Some("未知产品")]), "Other");
    }

    #[test]
    fn subcategories_by_keyword_within_the_category() {
        let sub = |c: &str, t: &str| service_subcategory(c, &[Some(t)]);
        assert_eq!(sub("Compute", "云服务器 ECS"), "Virtual Machines");
        assert_eq!(sub("Compute", "Kubernetes Engine"), "Containers");
        assert_eq!(sub("Compute", "AWS Lambda"), "Serverless Compute");
        assert_eq!(sub("Storage", "对象存储 OSS"), "Object Storage");
        assert_eq!(sub("Storage", "Cloud Block Storage"), "Block Storage");
        assert_eq!(sub("Databases", "云数据库Redis"), "Caching");
        assert_eq!(
            sub("Databases", "云数据库 RDS MySQL 版"),
            "Relational Databases"
        );
        assert_eq!(sub("Databases", "BigQuery"), "Data Warehouses");
        assert_eq!(sub("Networking", "CDN"), "Content Delivery");
        assert_eq!(sub("Networking", "私有网络"), "Network Connectivity");
        assert_eq!(
            sub("Management and Governance", "AmazonCloudWatch"),
            "Observability"
        );
        assert_eq!(sub("Compute", "Mainframe"), "Other (Compute)");
        assert_eq!(sub("Other", "Tax"), "Other (Other)");
        assert_eq!(sub("Not a category", "x"), "Other (Other)");
    }

    #[test]
    fn regions_by_id_or_localized_name() {
        let names = [
            ("华东1（杭州）", "cn-hangzhou"),
            ("China (Hangzhou)", "cn-hangzhou"),
        ];
        assert_eq!(
            region(Some("cn-hangzhou"), &names, false),
            (Some("cn-hangzhou".into()), Some("华东1（杭州）".into()))
        );
        assert_eq!(
            region(Some("cn-hangzhou"), &names, true),
            (Some("cn-hangzhou".into()), Some("China (Hangzhou)".into()))
        );
        assert_eq!(
            region(Some("cn-wuhan"), &names, true),
            (Some("cn-wuhan".into()), Some("cn-wuhan".into()))
        );
        assert_eq!(
            region(Some("华东1(杭州)"), &names, false),
            (Some("cn-hangzhou".into()), Some("华东1(杭州)".into()))
        );
        assert_eq!(
            region(Some("火星"), &names, false),
            (None, Some("火星".into()))
        );
    }
}
