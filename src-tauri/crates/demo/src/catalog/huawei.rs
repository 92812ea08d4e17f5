//! Huawei Cloud, CNY list prices (按需计费). Resource types use Huawei's own
//! `hws.resource.type.*` codes, as its bills do.

use super::{m, r, t, z, Commit, Kind::*, Naming, Region, Size, Template};

#[rustfmt::skip]
pub static REGIONS: &[Region] = &[
    r("cn-north-4", "华北-北京四", "", &["cn-north-4a", "cn-north-4b", "cn-north-4c", "cn-north-4g"]),
    r("cn-east-3", "华东-上海一", "", &["cn-east-3a", "cn-east-3b", "cn-east-3c", "cn-east-3d"]),
    r("cn-south-1", "华南-广州", "", &["cn-south-1a", "cn-south-1c", "cn-south-1f"]),
    r("cn-southwest-2", "西南-贵阳一", "", &["cn-southwest-2a", "cn-southwest-2b"]),
    r("ap-southeast-1", "中国-香港", "", &["ap-southeast-1a", "ap-southeast-1b"]),
];

const ECS: &[Size] = &[
    z("s6.large.2", 4100, 1),
    z("c7.xlarge.2", 8900, 1),
    z("c7.2xlarge.4", 22000, 1),
    z("m7.xlarge.8", 13200, 1),
    z("s6.2xlarge.2", 12100, 1),
];
#[rustfmt::skip]
const RDS: &[Size] = &[z("rds.mysql.n1.large.2", 8200, 1), z("rds.mysql.x1.large.4.ha", 21600, 1), z("rds.mysql.x1.xlarge.4.ha", 43200, 1)];
#[rustfmt::skip]
const DCS: &[Size] = &[z("redis.ha.xu1.large.r2.2", 1500, 1), z("redis.ha.xu1.large.r2.8", 4800, 1), z("redis.proxy.xu1.large.32", 16000, 1)];
#[rustfmt::skip]
const GPU: &[Size] = &[z("modelarts.vm.gpu.t4", 45000, 1), z("modelarts.vm.gpu.v100", 180000, 1)];

#[rustfmt::skip]
pub static TEMPLATES: &[Template] = &[
    t(
        "ecs",
        "Elastic Cloud Server (ECS)",
        "Compute",
        "Virtual Machines",
        "hws.resource.type.vm",
        "{uuid}",
        40,
        &[m("vm", "{size} | Linux", "Hours", 0, 4, 0, Hours, 24, 24).sized()],
    )
    .zh("弹性云服务器ECS")
    .sizes(ECS)
    .zonal()
    .commit(Commit::Subscription),
    t(
        "evs",
        "Elastic Volume Service (EVS)",
        "Storage",
        "Disk",
        "hws.resource.type.volume",
        "{uuid}",
        10,
        &[m("gpssd", "通用型SSD General Purpose SSD", "GB-Hours", 972, 6, 0, DiskHour, 40, 2000)],
    )
    .zh("云硬盘EVS")
    .zonal(),
    t(
        "obs",
        "Object Storage Service (OBS)",
        "Storage",
        "Object Storage",
        "hws.resource.type.obs",
        "{name}",
        10,
        &[
            m("std_storage", "标准存储 Standard Storage", "GB-Hours", 138, 6, 0, ObjectHour, 200, 30000),
            m("internet_out", "公网流出流量 Internet Outbound Traffic", "GB", 50, 2, 3, Traffic, 2, 300),
            m("requests", "请求 Requests", "10000 Requests", 1, 2, 0, Requests, 5, 1000).consumed("Requests", 10000),
        ],
    )
    .zh("对象存储服务OBS")
    .naming(Naming::Bucket),
    t(
        "rds",
        "Relational Database Service (RDS)",
        "Databases",
        "Relational",
        "hws.resource.type.rds.vm",
        "{hex:32}in01",
        8,
        &[
            m("instance", "{size}", "Hours", 0, 4, 0, Hours, 24, 24).sized(),
            m("storage", "SSD云盘 Storage", "GB-Hours", 1111, 6, 0, DiskHour, 100, 2000),
        ],
    )
    .zh("云数据库RDS")
    .sizes(RDS)
    .zonal()
    .commit(Commit::Subscription)
    .naming(Naming::Db),
    t(
        "elb",
        "Elastic Load Balance (ELB)",
        "Networking",
        "Load Balancing",
        "hws.resource.type.elb",
        "{uuid}",
        6,
        &[m("instance", "共享型负载均衡 Shared Load Balancer", "Hours", 10, 2, 0, Flat, 24, 24)],
    )
    .zh("弹性负载均衡ELB")
    .naming(Naming::Cluster),
    t(
        "eip",
        "Elastic IP (EIP)",
        "Networking",
        "Data Transfer",
        "hws.resource.type.ip",
        "{uuid}",
        6,
        &[m("ip", "IP保有费 IP Retention", "Hours", 2, 2, 0, Flat, 24, 24), m("traffic", "按流量计费 Traffic", "GB", 80, 2, 3, Traffic, 2, 200)],
    )
    .zh("弹性公网IP"),
    t(
        "cce",
        "Cloud Container Engine (CCE)",
        "Compute",
        "Containers",
        "hws.resource.type.cce",
        "{uuid}",
        4,
        &[m("cluster", "集群管理费 Cluster (50 nodes, HA)", "Hours", 66, 2, 0, Flat, 24, 24)],
    )
    .zh("云容器引擎CCE")
    .naming(Naming::Cluster),
    t(
        "dcs",
        "Distributed Cache Service (DCS)",
        "Databases",
        "Caching",
        "hws.resource.type.dcs",
        "{uuid}",
        5,
        &[m("instance", "Redis 5.0 {size}", "Hours", 0, 4, 0, Flat, 24, 24).sized()],
    )
    .zh("分布式缓存服务DCS")
    .sizes(DCS)
    .zonal()
    .commit(Commit::Subscription)
    .naming(Naming::Db),
    t(
        "cdn",
        "Content Delivery Network (CDN)",
        "Networking",
        "Content Delivery",
        "hws.resource.type.cdn",
        "{name}",
        3,
        &[m("traffic", "流量 Traffic (Chinese Mainland)", "GB", 20, 2, 3, Traffic, 50, 3000)],
    )
    .zh("内容分发网络CDN")
    .global()
    .naming(Naming::Domain),
    t(
        "lts",
        "Log Tank Service (LTS)",
        "Management and Governance",
        "Observability",
        "hws.resource.type.lts",
        "{uuid}",
        4,
        &[m("traffic", "日志读写流量 Log Read/Write Traffic", "GB", 35, 2, 3, Traffic, 2, 150)],
    )
    .zh("云日志服务LTS")
    .naming(Naming::Cluster),
    t(
        "modelarts",
        "ModelArts",
        "AI and Machine Learning",
        "Machine Learning",
        "hws.resource.type.modelarts",
        "{uuid}",
        2,
        &[m("gpu", "{size}", "Hours", 0, 4, 0, Hours, 24, 24).sized()],
    )
    .zh("ModelArts")
    .sizes(GPU),
    t(
        "mrs",
        "MapReduce Service (MRS)",
        "Analytics",
        "Data Processing",
        "hws.resource.type.mrs",
        "{uuid}",
        3,
        &[m("node", "MRS 服务管理费 Service Management Fee", "Hours", 2500, 4, 0, Fleet, 72, 480)],
    )
    .zh("MapReduce服务MRS")
    .naming(Naming::Cluster),
];
