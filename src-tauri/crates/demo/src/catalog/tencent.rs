//! Tencent Cloud, CNY list prices (按量计费).

use super::{m, r, t, z, Commit, Kind::*, Naming, Region, Size, Template};

#[rustfmt::skip]
pub static REGIONS: &[Region] = &[
    r("ap-guangzhou", "华南地区(广州)", "", &["ap-guangzhou-3", "ap-guangzhou-4", "ap-guangzhou-6", "ap-guangzhou-7"]),
    r("ap-shanghai", "华东地区(上海)", "", &["ap-shanghai-2", "ap-shanghai-4", "ap-shanghai-5", "ap-shanghai-8"]),
    r("ap-beijing", "华北地区(北京)", "", &["ap-beijing-5", "ap-beijing-6", "ap-beijing-7"]),
    r("ap-chengdu", "西南地区(成都)", "", &["ap-chengdu-1", "ap-chengdu-2"]),
    r("ap-nanjing", "华东地区(南京)", "", &["ap-nanjing-1", "ap-nanjing-2", "ap-nanjing-3"]),
    r("ap-hongkong", "港澳台地区(中国香港)", "", &["ap-hongkong-2", "ap-hongkong-3"]),
];

#[rustfmt::skip]
const CVM: &[Size] = &[
    z("S5.MEDIUM4", 3500, 1),
    z("S5.LARGE8", 7000, 1),
    z("S5.2XLARGE16", 14000, 1),
    z("SA3.2XLARGE16", 11800, 1),
    z("S6.4XLARGE32", 26400, 1),
    z("M5.2XLARGE32", 19800, 1),
];
#[rustfmt::skip]
const MYSQL: &[Size] = &[z("2核4000MB", 7500, 1), z("4核8000MB", 15200, 1), z("8核32000MB", 41000, 1)];
#[rustfmt::skip]
const REDIS: &[Size] = &[z("标准架构 4GB", 2100, 1), z("集群架构 16GB", 10500, 1)];

#[rustfmt::skip]
pub static TEMPLATES: &[Template] = &[
    t(
        "cvm",
        "Cloud Virtual Machine (CVM)",
        "Compute",
        "Virtual Machines",
        "Instance",
        "ins-{alnum:8}",
        40,
        &[
            m("cvm_compute", "计算资源 {size}", "Hours", 0, 4, 0, Hours, 24, 24).sized(),
            m("cbs_system", "系统盘 高性能云硬盘 Premium Cloud Disk", "GB-Hours", 486, 6, 0, DiskHour, 50, 200).res("disk-{alnum:8}", "Disk"),
        ],
    )
    .zh("云服务器CVM")
    .sizes(CVM)
    .zonal()
    .commit(Commit::Subscription),
    t(
        "cbs",
        "Cloud Block Storage (CBS)",
        "Storage",
        "Disk",
        "Disk",
        "disk-{alnum:8}",
        6,
        &[m("ssd", "SSD云硬盘 SSD Cloud Disk", "GB-Hours", 1389, 6, 0, DiskHour, 100, 4000)],
    )
    .zh("云硬盘CBS")
    .zonal(),
    t(
        "cos",
        "Cloud Object Storage (COS)",
        "Storage",
        "Object Storage",
        "Bucket",
        "{name}-{appid}",
        10,
        &[
            m("std_storage", "标准存储容量 Standard Storage", "GB-Hours", 164, 6, 0, ObjectHour, 200, 30000),
            m("internet_out", "外网下行流量 Internet Downstream Traffic", "GB", 50, 2, 3, Traffic, 2, 300),
            m("read_requests", "读请求 Read Requests", "10000 Requests", 1, 2, 0, Requests, 5, 1000).consumed("Requests", 10000),
        ],
    )
    .zh("对象存储COS")
    .naming(Naming::Bucket),
    t(
        "mysql",
        "TencentDB for MySQL",
        "Databases",
        "Relational",
        "Instance",
        "cdb-{alnum:8}",
        8,
        &[
            m("instance", "双节点 {size}", "Hours", 0, 4, 0, Hours, 24, 24).sized(),
            m("storage", "存储空间 Storage", "GB-Hours", 1111, 6, 0, DiskHour, 100, 2000),
        ],
    )
    .zh("云数据库MySQL")
    .sizes(MYSQL)
    .zonal()
    .commit(Commit::Subscription)
    .naming(Naming::Db),
    t(
        "clb",
        "Cloud Load Balancer (CLB)",
        "Networking",
        "Load Balancing",
        "Instance",
        "lb-{alnum:8}",
        6,
        &[
            m("instance", "实例费 Instance Fee", "Hours", 2, 2, 0, Flat, 24, 24),
            m("traffic", "公网流量 Internet Traffic", "GB", 80, 2, 3, Traffic, 2, 200),
        ],
    )
    .zh("负载均衡CLB")
    .naming(Naming::Cluster),
    t(
        "cdn",
        "Content Delivery Network (CDN)",
        "Networking",
        "Content Delivery",
        "Domain",
        "{name}",
        3,
        &[m("traffic", "境内流量 Traffic (Chinese Mainland)", "GB", 21, 2, 3, Traffic, 50, 3000)],
    )
    .zh("内容分发网络CDN")
    .global()
    .naming(Naming::Domain),
    t(
        "tke",
        "Tencent Kubernetes Engine (TKE)",
        "Compute",
        "Containers",
        "Cluster",
        "cls-{alnum:8}",
        4,
        &[m("cluster", "集群管理费 Managed Cluster", "Hours", 12, 2, 0, Flat, 24, 24)],
    )
    .zh("容器服务TKE")
    .naming(Naming::Cluster),
    t(
        "redis",
        "TencentDB for Redis",
        "Databases",
        "Caching",
        "Instance",
        "crs-{alnum:8}",
        5,
        &[m("instance", "内存版 {size}", "Hours", 0, 4, 0, Flat, 24, 24).sized()],
    )
    .zh("云数据库Redis")
    .sizes(REDIS)
    .zonal()
    .commit(Commit::Subscription)
    .naming(Naming::Db),
    t(
        "cls",
        "Cloud Log Service (CLS)",
        "Management and Governance",
        "Observability",
        "Log Topic",
        "{uuid}",
        4,
        &[
            m("write", "日志写流量 Write Traffic", "GB", 18, 2, 3, Traffic, 2, 200),
            m("storage", "日志存储 Log Storage", "GB-Hours", 479, 6, 0, ObjectHour, 100, 5000),
        ],
    )
    .zh("日志服务CLS")
    .naming(Naming::Cluster),
    t(
        "css",
        "Cloud Streaming Services (CSS)",
        "Media",
        "Other (Media)",
        "Domain",
        "{name}",
        2,
        &[m("traffic", "直播流量 Live Traffic", "GB", 17, 2, 3, Traffic, 100, 4000)],
    )
    .zh("云直播CSS")
    .global()
    .naming(Naming::Domain),
    t(
        "scf",
        "Serverless Cloud Function (SCF)",
        "Compute",
        "Serverless Compute",
        "Function",
        "{region}/default/{name}",
        4,
        &[
            m("resource", "资源使用量 Resource Usage", "GB-Hours", 40, 2, 3, Requests, 2, 300).consumed("GB-Seconds", 3600),
            m("invocations", "调用次数 Invocations", "10000 Requests", 133, 4, 0, Requests, 10, 5000).consumed("Requests", 10000),
        ],
    )
    .zh("云函数SCF"),
];
