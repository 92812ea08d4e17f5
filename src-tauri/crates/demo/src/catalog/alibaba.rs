//! Alibaba Cloud, CNY list prices (中国内地, 按量付费). The international
//! account converts these at population time.

use super::{m, r, t, z, Commit, Kind::*, Naming, Region, Size, Template};

#[rustfmt::skip]
pub static REGIONS: &[Region] = &[
    r("cn-hangzhou", "华东1（杭州）", "bp1", &["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"]),
    r("cn-shanghai", "华东2（上海）", "uf6", &["cn-shanghai-l", "cn-shanghai-m", "cn-shanghai-n"]),
    r("cn-beijing", "华北2（北京）", "2ze", &["cn-beijing-g", "cn-beijing-h", "cn-beijing-i", "cn-beijing-k"]),
    r("cn-shenzhen", "华南1（深圳）", "wz9", &["cn-shenzhen-d", "cn-shenzhen-e", "cn-shenzhen-f"]),
    r("cn-zhangjiakou", "华北3（张家口）", "8vb", &["cn-zhangjiakou-a", "cn-zhangjiakou-b", "cn-zhangjiakou-c"]),
    r("ap-southeast-1", "Singapore", "t4n", &["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]),
    r("eu-central-1", "Germany (Frankfurt)", "gw8", &["eu-central-1a", "eu-central-1b"]),
    r("us-west-1", "US (Silicon Valley)", "rj9", &["us-west-1a", "us-west-1b"]),
];

#[rustfmt::skip]
const ECS: &[Size] = &[
    z("ecs.c7.large", 4520, 1),
    z("ecs.g7.large", 5620, 1),
    z("ecs.g7.xlarge", 11240, 1),
    z("ecs.g7.2xlarge", 22480, 1),
    z("ecs.c7.2xlarge", 18080, 1),
    z("ecs.r7.xlarge", 14630, 1),
    z("ecs.g8i.4xlarge", 46810, 1),
];
#[rustfmt::skip]
const RDS: &[Size] = &[z("mysql.n2.large.2c", 11600, 1), z("mysql.n4.xlarge.2c", 26000, 1), z("mysql.x4.2xlarge.2c", 51500, 1)];
#[rustfmt::skip]
const REDIS: &[Size] = &[z("redis.master.small.default", 2000, 1), z("redis.master.mid.default", 6000, 1), z("redis.master.large.default", 12000, 1)];
#[rustfmt::skip]
const PAI: &[Size] = &[z("ecs.gn6i-c4g1.xlarge", 52300, 1), z("ecs.gn7i-c8g1.2xlarge", 94300, 1)];

#[rustfmt::skip]
pub static TEMPLATES: &[Template] = &[
    t(
        "ecs",
        "Elastic Compute Service (ECS)",
        "Compute",
        "Virtual Machines",
        "Instance",
        "i-{pfx}{alnum:17}",
        40,
        &[
            m("instance_type", "实例规格 Instance Type {size}", "Hours", 0, 4, 0, Hours, 24, 24).sized(),
            m("system_disk", "系统盘 ESSD PL1 System Disk", "GB-Hours", 1389, 6, 0, DiskHour, 40, 500).res("d-{pfx}{alnum:17}", "Disk"),
        ],
    )
    .zh("云服务器ECS")
    .sizes(ECS)
    .zonal()
    .commit(Commit::Subscription),
    t(
        "oss",
        "Object Storage Service (OSS)",
        "Storage",
        "Object Storage",
        "Bucket",
        "{name}",
        8,
        &[
            m("storage", "标准型存储容量 Standard Storage", "GB-Hours", 167, 6, 0, ObjectHour, 200, 20000),
            m("internet_out", "外网流出流量 Outbound Internet Traffic", "GB", 50, 2, 3, Traffic, 1, 150),
            m("put_requests", "PUT类请求 PUT Requests", "10000 Requests", 1, 2, 0, Requests, 5, 1000).consumed("Requests", 10000),
        ],
    )
    .zh("对象存储OSS")
    .naming(Naming::Bucket),
    t(
        "rds",
        "ApsaraDB RDS",
        "Databases",
        "Relational",
        "DB Instance",
        "rm-{pfx}{alnum:14}",
        8,
        &[
            m("instance_class", "实例规格 Instance Class {size}", "Hours", 0, 4, 0, Hours, 24, 24).sized(),
            m("storage", "存储空间 ESSD PL1 Storage", "GB-Hours", 1111, 6, 0, DiskHour, 100, 2000),
        ],
    )
    .zh("云数据库RDS")
    .sizes(RDS)
    .zonal()
    .commit(Commit::Subscription)
    .naming(Naming::Db),
    t(
        "slb",
        "Server Load Balancer (SLB)",
        "Networking",
        "Load Balancing",
        "Instance",
        "lb-{pfx}{alnum:17}",
        6,
        &[
            m("instance_fee", "实例费 Instance Fee", "Hours", 2, 2, 0, Flat, 24, 24),
            m("internet_out", "公网流量 Internet Traffic", "GB", 80, 2, 3, Traffic, 2, 200),
        ],
    )
    .zh("负载均衡SLB")
    .naming(Naming::Cluster),
    t(
        "cdn",
        "Content Delivery Network (CDN)",
        "Networking",
        "Content Delivery",
        "Domain",
        "{name}",
        3,
        &[
            m("traffic", "下行流量 Downstream Traffic (Chinese Mainland)", "GB", 24, 2, 3, Traffic, 50, 3000),
            m("https", "HTTPS请求数 HTTPS Requests", "10000 Requests", 5, 2, 0, Requests, 50, 5000).consumed("Requests", 10000),
        ],
    )
    .zh("CDN")
    .global()
    .naming(Naming::Domain),
    t(
        "ack",
        "Container Service for Kubernetes (ACK)",
        "Compute",
        "Containers",
        "Cluster",
        "c{hex:32}",
        4,
        &[m("cluster_fee", "集群管理费 Pro Cluster Management Fee", "Hours", 64, 2, 0, Flat, 24, 24)],
    )
    .zh("容器服务ACK")
    .naming(Naming::Cluster),
    t(
        "eci",
        "Elastic Container Instance (ECI)",
        "Compute",
        "Containers",
        "Container Group",
        "eci-{pfx}{alnum:17}",
        4,
        &[m("vcpu", "vCPU", "vCPU-Hours", 108, 3, 0, Fleet, 48, 960), m("memory", "内存 Memory", "GB-Hours", 126, 4, 0, Fleet, 96, 1920)],
    )
    .zh("弹性容器实例ECI"),
    t(
        "redis",
        "ApsaraDB for Redis",
        "Databases",
        "Caching",
        "Instance",
        "r-{pfx}{alnum:14}",
        5,
        &[m("instance_class", "实例规格 {size}", "Hours", 0, 4, 0, Flat, 24, 24).sized()],
    )
    .zh("云数据库Redis")
    .sizes(REDIS)
    .zonal()
    .commit(Commit::Subscription)
    .naming(Naming::Db),
    t(
        "sls",
        "Simple Log Service (SLS)",
        "Management and Governance",
        "Observability",
        "Project",
        "{name}",
        4,
        &[
            m("write_traffic", "写入流量 Write Traffic", "GB", 18, 2, 3, Traffic, 2, 200),
            m("storage", "存储空间 Storage", "GB-Hours", 486, 6, 0, ObjectHour, 100, 3000),
        ],
    )
    .zh("日志服务SLS")
    .naming(Naming::Cluster),
    t(
        "maxcompute",
        "MaxCompute",
        "Analytics",
        "Data Processing",
        "Project",
        "{name}",
        3,
        &[
            m("sql_compute", "SQL计算 SQL Computing", "GB", 30, 2, 3, Batch, 20, 1000),
            m("storage", "存储 Storage", "GB-Hours", 800, 6, 0, ObjectHour, 500, 20000),
        ],
    )
    .zh("大数据计算服务MaxCompute")
    .naming(Naming::Dataset),
    t(
        "eip",
        "Elastic IP Address (EIP)",
        "Networking",
        "Data Transfer",
        "EIP",
        "eip-{pfx}{alnum:17}",
        5,
        &[
            m("retention", "保有费 Configuration Fee", "Hours", 2, 2, 0, Flat, 24, 24),
            m("internet_out", "按流量计费 Outbound Traffic", "GB", 80, 2, 3, Traffic, 2, 200),
        ],
    )
    .zh("弹性公网IP"),
    t(
        "pai",
        "Platform for AI (PAI)",
        "AI and Machine Learning",
        "Machine Learning",
        "EAS Service",
        "eas-m-{alnum:16}",
        2,
        &[m("eas", "EAS 实例 {size}", "Hours", 0, 4, 0, Hours, 24, 24).sized()],
    )
    .zh("人工智能平台PAI")
    .sizes(PAI),
];
