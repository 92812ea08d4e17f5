//! Microsoft Azure, USD pay-as-you-go list prices (East US).

use super::{m, r, t, z, Kind::*, Naming, Region, Size, Template};

#[rustfmt::skip]
pub static REGIONS: &[Region] = &[
    r("eastus", "East US", "US", &["1", "2", "3"]),
    r("westus2", "West US 2", "US", &["1", "2", "3"]),
    r("westeurope", "West Europe", "EU", &["1", "2", "3"]),
    r("southeastasia", "Southeast Asia", "AP", &["1", "2", "3"]),
    r("eastasia", "East Asia", "AP", &["1", "2", "3"]),
];

const VM: &[Size] = &[
    z("B2ms", 832, 1),
    z("D4s v5", 1920, 1),
    z("D8s v5", 3840, 1),
    z("E4s v5", 2520, 1),
    z("F8s v2", 3380, 1),
    z("D16s v5", 7680, 1),
];
#[rustfmt::skip]
const VMSS: &[Size] = &[z("D4s v5", 1920, 1), z("D8s v5", 3840, 1), z("F4s v2", 1690, 1)];
#[rustfmt::skip]
const SQL: &[Size] = &[z("GP_Gen5_2", 0, 2), z("GP_Gen5_4", 0, 4), z("GP_Gen5_8", 0, 8), z("GP_Gen5_16", 0, 16)];
#[rustfmt::skip]
const REDIS: &[Size] = &[z("C1", 100, 1), z("C2", 165, 1), z("P1", 554, 1)];
#[rustfmt::skip]
const APP: &[Size] = &[z("S1", 100, 1), z("P1 v3", 200, 1), z("P2 v3", 400, 1)];

#[rustfmt::skip]
pub static TEMPLATES: &[Template] = &[
    t(
        "vm",
        "Virtual Machines",
        "Compute",
        "Virtual Machines",
        "Virtual Machine",
        "/subscriptions/{acct}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}",
        26,
        &[
            m("vm", "{size}", "Hours", 0, 4, 0, Hours, 24, 24).sized(),
            m("p10", "P10 LRS Disk", "Months", 1971, 2, 4, DiskMonth, 1, 1)
                .res("/subscriptions/{acct}/resourceGroups/{rg}/providers/Microsoft.Compute/disks/{name}_OsDisk_1_{hex:32}", "Disk"),
        ],
    )
    .sizes(VM)
    .zonal(),
    t(
        "vmss",
        "Virtual Machines",
        "Compute",
        "Virtual Machines",
        "Virtual Machine Scale Set",
        "/subscriptions/{acct}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachineScaleSets/{name}",
        8,
        &[m("vmss", "{size}", "Hours", 0, 4, 0, Fleet, 72, 480).sized()],
    )
    .sizes(VMSS)
    .naming(Naming::Cluster),
    t(
        "storage",
        "Storage",
        "Storage",
        "Object Storage",
        "Storage Account",
        "/subscriptions/{acct}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{name}",
        12,
        &[
            m("hot-lrs", "Hot LRS Data Stored", "GB-Months", 184, 4, 2, ObjectMonth, 100, 50000),
            m("hot-read", "Hot Read Operations", "10000 Requests", 44, 4, 0, Requests, 10, 3000).consumed("Requests", 10000),
            m("hot-write", "Hot LRS Write Operations", "10000 Requests", 55, 3, 0, Requests, 5, 800).consumed("Requests", 10000),
        ],
    )
    .naming(Naming::Compact),
    t(
        "sql",
        "Azure SQL Database",
        "Databases",
        "Relational",
        "SQL Database",
        "/subscriptions/{acct}/resourceGroups/{rg}/providers/Microsoft.Sql/servers/sql-{name}/databases/{name}",
        7,
        &[
            m("vcore", "General Purpose - Compute Gen5 vCore", "Hours", 2522, 4, 0, Hours, 24, 24).sized(),
            m("data-stored", "General Purpose Data Stored", "GB-Months", 115, 3, 3, DiskMonth, 50, 1000),
        ],
    )
    .sizes(SQL)
    .naming(Naming::Db),
    t(
        "aks",
        "Azure Kubernetes Service",
        "Compute",
        "Containers",
        "Managed Cluster",
        "/subscriptions/{acct}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{name}",
        4,
        &[m("uptime-sla", "Standard Uptime SLA", "Hours", 10, 2, 0, Flat, 24, 24)],
    )
    .naming(Naming::Cluster),
    t(
        "lb",
        "Load Balancer",
        "Networking",
        "Load Balancing",
        "Load Balancer",
        "/subscriptions/{acct}/resourceGroups/{rg}/providers/Microsoft.Network/loadBalancers/{name}",
        5,
        &[
            m("lb-rules", "Standard Included LB Rules and Outbound Rules", "Hours", 25, 3, 0, Flat, 24, 24),
            m("lb-data", "Standard Data Processed", "GB", 5, 3, 3, Traffic, 50, 5000),
        ],
    )
    .naming(Naming::Cluster),
    t(
        "bandwidth",
        "Bandwidth",
        "Networking",
        "Data Transfer",
        "Public IP Address",
        "/subscriptions/{acct}/resourceGroups/{rg}/providers/Microsoft.Network/publicIPAddresses/{name}",
        5,
        &[m("dt-out", "Standard Data Transfer Out", "GB", 87, 3, 3, Traffic, 5, 600)],
    ),
    t(
        "redis",
        "Azure Cache for Redis",
        "Databases",
        "Caching",
        "Redis Cache",
        "/subscriptions/{acct}/resourceGroups/{rg}/providers/Microsoft.Cache/Redis/{name}",
        4,
        &[m("cache", "{size} Cache Instance", "Hours", 0, 3, 0, Flat, 24, 24).sized()],
    )
    .sizes(REDIS)
    .naming(Naming::Db),
    t(
        "loganalytics",
        "Log Analytics",
        "Management and Governance",
        "Observability",
        "Log Analytics Workspace",
        "/subscriptions/{acct}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{name}",
        4,
        &[
            m("ingestion", "Pay-as-you-go Data Ingestion", "GB", 276, 2, 3, Traffic, 1, 40),
            m("retention", "Data Retention", "GB-Months", 10, 2, 3, ObjectMonth, 100, 5000),
        ],
    )
    .naming(Naming::Cluster),
    t(
        "openai",
        "Azure OpenAI",
        "AI and Machine Learning",
        "Generative AI",
        "Cognitive Services Account",
        "/subscriptions/{acct}/resourceGroups/{rg}/providers/Microsoft.CognitiveServices/accounts/{name}",
        3,
        &[
            m("gpt-4o-in", "gpt-4o-0806-Inp-glbl Tokens", "1000 Tokens", 25, 4, 0, Requests, 500, 30000).consumed("Tokens", 1000),
            m("gpt-4o-out", "gpt-4o-0806-Outp-glbl Tokens", "1000 Tokens", 1, 2, 0, Requests, 100, 6000).consumed("Tokens", 1000),
        ],
    )
    .naming(Naming::Cluster),
    t(
        "appservice",
        "Azure App Service",
        "Web",
        "Other (Web)",
        "App Service Plan",
        "/subscriptions/{acct}/resourceGroups/{rg}/providers/Microsoft.Web/serverfarms/{name}",
        5,
        &[m("plan", "{size} App", "Hours", 0, 3, 0, Hours, 24, 24).sized()],
    )
    .sizes(APP),
    t(
        "databricks",
        "Azure Databricks",
        "Analytics",
        "Analytics Platform",
        "Workspace",
        "/subscriptions/{acct}/resourceGroups/{rg}/providers/Microsoft.Databricks/workspaces/{name}",
        3,
        &[m("jobs-dbu", "Premium Jobs Compute DBU", "DBU-Hours", 30, 2, 2, Batch, 20, 800)],
    )
    .naming(Naming::Cluster),
];
