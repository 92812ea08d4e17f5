//! FOCUS `ServiceCategory` and `ServiceSubcategory` of a product by
//! keyword, for bills that name products but not their category (the
//! Chinese clouds, Google's services beyond the converters' table, AWS and
//! Azure subcategories).

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
        let mut words = String::with_capacity(lower.len() + 2);
        words.push(' ');
        for w in lower.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !w.is_empty() {
                words.push_str(w);
                words.push(' ');
            }
        }
        for (value, keywords) in rules {
            let hit = keywords.split('|').any(|k| {
                if k.is_ascii() {
                    has_word(&words, k)
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

/// Whether `k` occurs in `words` (ASCII words, each followed by one space,
/// the first preceded by one) as whole words.
fn has_word(words: &str, k: &str) -> bool {
    let bytes = words.as_bytes();
    let mut from = 0;
    while let Some(at) = words.get(from..).and_then(|rest| rest.find(k)) {
        let i = from + at;
        if i > 0 && bytes[i - 1] == b' ' && bytes.get(i + k.len()) == Some(&b' ') {
            return true;
        }
        from = i + 1;
    }
    false
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn keywords_match_whole_words_only() {
        assert!(has_word(" cloud run jobs ", "cloud run"));
        assert!(has_word(" xab ab ab ", "ab ab"));
        assert!(!has_word(" xab abc ", "ab"));
        assert_eq!(service_category(&[Some("Ecstatic Widgets")]), "Other");
        assert_eq!(service_category(&[Some("Cloud-Run (jobs)")]), "Compute");
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
}
