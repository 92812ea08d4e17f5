//! The six providers: the short key the inventory uses, the FOCUS name the
//! bills use, and where in each console the user acts on a finding.

use crate::inventory::ResourceKind;
use crate::model::Text;

#[cfg(test)]
pub const KEYS: [&str; 6] = ["alibaba", "tencent", "huawei", "aws", "azure", "gcp"];

/// The short key of a provider named either way; `None` for others.
pub fn key(name: &str) -> Option<&'static str> {
    let n = name.trim().to_ascii_lowercase();
    let k = match n.as_str() {
        "alibaba" | "alibaba cloud" | "aliyun" | "阿里云" => "alibaba",
        "tencent" | "tencent cloud" | "腾讯云" => "tencent",
        "huawei" | "huawei cloud" | "华为云" => "huawei",
        "aws" | "amazon web services" => "aws",
        "azure" | "microsoft" | "microsoft azure" => "azure",
        "gcp" | "google cloud" | "google" | "google cloud platform" => "gcp",
        _ => return None,
    };
    Some(k)
}

/// The FOCUS ProviderName of a key (or the name itself if unknown).
pub fn focus_name(name: &str) -> String {
    match key(name) {
        Some("alibaba") => "Alibaba Cloud",
        Some("tencent") => "Tencent Cloud",
        Some("huawei") => "Huawei Cloud",
        Some("aws") => "AWS",
        Some("azure") => "Microsoft",
        Some("gcp") => "Google Cloud",
        _ => return name.to_string(),
    }
    .to_string()
}

/// What a finding's console location refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Resource(ResourceKind),
    Renewals,
    Commitments,
    Discounts,
}

/// Where in the console to act, in both languages.
pub fn console(provider: &str, place: Place) -> Text {
    use ResourceKind as R;
    let (en, zh) = match (key(provider).unwrap_or(""), place) {
        ("alibaba", Place::Resource(R::Disk)) => (
            "ECS console › Storage & Snapshots › Block Storage",
            "云服务器ECS控制台 › 存储与快照 › 块存储",
        ),
        ("alibaba", Place::Resource(R::Ip)) => (
            "VPC console › Elastic IP Addresses",
            "专有网络VPC控制台 › 弹性公网IP",
        ),
        ("alibaba", Place::Resource(R::Database)) => (
            "ApsaraDB RDS console › Instances",
            "云数据库RDS控制台 › 实例列表",
        ),
        ("alibaba", Place::Resource(R::LoadBalancer)) => (
            "Server Load Balancer console › Instances",
            "负载均衡SLB控制台 › 实例管理",
        ),
        ("alibaba", Place::Resource(R::NatGateway)) => {
            ("VPC console › NAT Gateway", "专有网络VPC控制台 › NAT网关")
        }
        ("alibaba", Place::Resource(_)) => (
            "ECS console › Instances & Images › Instances",
            "云服务器ECS控制台 › 实例与镜像 › 实例",
        ),
        ("alibaba", Place::Renewals) => (
            "Billing Management › Renewal Management",
            "费用与成本 › 续费管理",
        ),
        ("alibaba", Place::Commitments) => (
            "Billing Management › Savings Plans / Reserved Instances",
            "费用与成本 › 节省计划 / 预留实例券",
        ),
        ("alibaba", Place::Discounts) => (
            "Billing Management › Bills › Discount details",
            "费用与成本 › 账单详情 › 优惠明细",
        ),
        ("tencent", Place::Resource(R::Disk)) => (
            "CVM console › Cloud Block Storage",
            "云服务器控制台 › 云硬盘",
        ),
        ("tencent", Place::Resource(R::Ip)) => {
            ("CVM console › Elastic IP", "云服务器控制台 › 弹性公网IP")
        }
        ("tencent", Place::Resource(R::Database)) => (
            "TencentDB for MySQL console › Instances",
            "云数据库MySQL控制台 › 实例列表",
        ),
        ("tencent", Place::Resource(R::LoadBalancer)) => (
            "Cloud Load Balancer console › Instances",
            "负载均衡控制台 › 实例管理",
        ),
        ("tencent", Place::Resource(R::NatGateway)) => {
            ("VPC console › NAT Gateway", "私有网络控制台 › NAT网关")
        }
        ("tencent", Place::Resource(_)) => ("CVM console › Instances", "云服务器控制台 › 实例"),
        ("tencent", Place::Renewals) => {
            ("Billing Center › Renewal Management", "费用中心 › 续费管理")
        }
        ("tencent", Place::Commitments) => (
            "CVM console › Reserved Instances",
            "云服务器控制台 › 预留实例",
        ),
        ("tencent", Place::Discounts) => ("Billing Center › Bill Details", "费用中心 › 账单详情"),
        ("huawei", Place::Resource(R::Disk)) => (
            "Elastic Volume Service console › Disks",
            "云硬盘EVS控制台 › 磁盘",
        ),
        ("huawei", Place::Resource(R::Ip)) => {
            ("Elastic IP console › EIPs", "弹性公网IP控制台 › 弹性公网IP")
        }
        ("huawei", Place::Resource(R::Database)) => {
            ("RDS console › Instances", "云数据库RDS控制台 › 实例管理")
        }
        ("huawei", Place::Resource(R::LoadBalancer)) => (
            "Elastic Load Balance console › Load Balancers",
            "弹性负载均衡控制台 › 负载均衡器",
        ),
        ("huawei", Place::Resource(R::NatGateway)) => (
            "NAT Gateway console › Public NAT Gateways",
            "NAT网关控制台 › 公网NAT网关",
        ),
        ("huawei", Place::Resource(_)) => (
            "Elastic Cloud Server console › ECSs",
            "弹性云服务器控制台 › 弹性云服务器",
        ),
        ("huawei", Place::Renewals) => ("Billing Center › Renewals", "费用中心 › 续费管理"),
        ("huawei", Place::Commitments) => (
            "Billing Center › Packages / Yearly-Monthly",
            "费用中心 › 资源包 / 包年包月",
        ),
        ("huawei", Place::Discounts) => (
            "Billing Center › Bills › Discounts",
            "费用中心 › 账单 › 折扣",
        ),
        ("aws", Place::Resource(R::Disk)) => (
            "EC2 console › Elastic Block Store › Volumes",
            "EC2 控制台 › Elastic Block Store › 卷",
        ),
        ("aws", Place::Resource(R::Ip)) => (
            "EC2 console › Network & Security › Elastic IPs",
            "EC2 控制台 › 网络与安全 › 弹性 IP",
        ),
        ("aws", Place::Resource(R::Database)) => ("RDS console › Databases", "RDS 控制台 › 数据库"),
        ("aws", Place::Resource(R::LoadBalancer)) => (
            "EC2 console › Load Balancing › Load Balancers",
            "EC2 控制台 › 负载均衡 › 负载均衡器",
        ),
        ("aws", Place::Resource(R::NatGateway)) => {
            ("VPC console › NAT gateways", "VPC 控制台 › NAT 网关")
        }
        ("aws", Place::Resource(_)) => ("EC2 console › Instances", "EC2 控制台 › 实例"),
        ("aws", Place::Renewals) => (
            "Billing and Cost Management › Reservations",
            "账单与成本管理 › 预留",
        ),
        ("aws", Place::Commitments) => (
            "Billing and Cost Management › Savings Plans / Reservations",
            "账单与成本管理 › Savings Plans / 预留",
        ),
        ("aws", Place::Discounts) => (
            "Billing and Cost Management › Pricing and discounts",
            "账单与成本管理 › 定价与折扣",
        ),
        ("azure", Place::Resource(R::Disk)) => ("Azure portal › Disks", "Azure 门户 › 磁盘"),
        ("azure", Place::Resource(R::Ip)) => (
            "Azure portal › Public IP addresses",
            "Azure 门户 › 公共 IP 地址",
        ),
        ("azure", Place::Resource(R::Database)) => {
            ("Azure portal › SQL databases", "Azure 门户 › SQL 数据库")
        }
        ("azure", Place::Resource(R::LoadBalancer)) => {
            ("Azure portal › Load balancers", "Azure 门户 › 负载均衡器")
        }
        ("azure", Place::Resource(R::NatGateway)) => {
            ("Azure portal › NAT gateways", "Azure 门户 › NAT 网关")
        }
        ("azure", Place::Resource(_)) => ("Azure portal › Virtual machines", "Azure 门户 › 虚拟机"),
        ("azure", Place::Renewals) => ("Azure portal › Reservations", "Azure 门户 › 预留"),
        ("azure", Place::Commitments) => (
            "Azure portal › Reservations / Savings plans",
            "Azure 门户 › 预留 / 节省计划",
        ),
        ("azure", Place::Discounts) => ("Cost Management › Price sheet", "成本管理 › 价目表"),
        ("gcp", Place::Resource(R::Disk)) => (
            "Console › Compute Engine › Disks",
            "控制台 › Compute Engine › 磁盘",
        ),
        ("gcp", Place::Resource(R::Ip)) => (
            "Console › VPC network › IP addresses",
            "控制台 › VPC 网络 › IP 地址",
        ),
        ("gcp", Place::Resource(R::Database)) => (
            "Console › Cloud SQL › Instances",
            "控制台 › Cloud SQL › 实例",
        ),
        ("gcp", Place::Resource(R::LoadBalancer)) => (
            "Console › Network services › Load balancing",
            "控制台 › 网络服务 › 负载均衡",
        ),
        ("gcp", Place::Resource(R::NatGateway)) => (
            "Console › Network services › Cloud NAT",
            "控制台 › 网络服务 › Cloud NAT",
        ),
        ("gcp", Place::Resource(_)) => (
            "Console › Compute Engine › VM instances",
            "控制台 › Compute Engine › 虚拟机实例",
        ),
        ("gcp", Place::Renewals) => (
            "Console › Billing › Committed use discounts",
            "控制台 › 结算 › 承诺使用折扣",
        ),
        ("gcp", Place::Commitments) => (
            "Console › Billing › Committed use discounts",
            "控制台 › 结算 › 承诺使用折扣",
        ),
        ("gcp", Place::Discounts) => ("Console › Billing › Pricing", "控制台 › 结算 › 价格"),
        (_, _) => ("the provider's console", "云服务商控制台"),
    };
    Text::new(en, zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_keys_round_trip() {
        for k in KEYS {
            assert_eq!(key(&focus_name(k)), Some(k));
        }
        assert_eq!(key("Microsoft"), Some("azure"));
        assert_eq!(focus_name("Someone Else"), "Someone Else");
    }
}
