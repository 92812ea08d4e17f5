//! Google Cloud, USD list prices; SKU names carry the region's geography as
//! Google's do.

use super::{m, r, t, z, Kind::*, Naming, Region, Size, Template};

#[rustfmt::skip]
pub static REGIONS: &[Region] = &[
    r("us-central1", "Iowa", "Americas", &["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"]),
    r("us-east4", "Northern Virginia", "Americas", &["us-east4-a", "us-east4-b", "us-east4-c"]),
    r("asia-east1", "Taiwan", "APAC", &["asia-east1-a", "asia-east1-b", "asia-east1-c"]),
    r("asia-east2", "Hong Kong", "APAC", &["asia-east2-a", "asia-east2-b", "asia-east2-c"]),
    r("europe-west1", "Belgium", "EMEA", &["europe-west1-b", "europe-west1-c", "europe-west1-d"]),
];

#[rustfmt::skip]
const N2: &[Size] = &[z("n2-standard-2", 0, 2), z("n2-standard-4", 0, 4), z("n2-standard-8", 0, 8), z("n2-standard-16", 0, 16)];
#[rustfmt::skip]
const SQL: &[Size] = &[z("db-custom-2-8192", 0, 2), z("db-custom-4-16384", 0, 4), z("db-custom-8-32768", 0, 8)];
#[rustfmt::skip]
const VERTEX: &[Size] = &[z("n1-standard-4", 2185, 1), z("g2-standard-8", 9800, 1)];

#[rustfmt::skip]
pub static TEMPLATES: &[Template] = &[
    t(
        "gce",
        "Compute Engine",
        "Compute",
        "Virtual Machines",
        "Instance",
        "//compute.googleapis.com/projects/{acct}/zones/{zone}/instances/{name}",
        28,
        &[
            m("n2-core", "N2 Instance Core running in {geo}", "Hours", 31611, 6, 0, Hours, 24, 24).sized(),
            m("n2-ram", "N2 Instance Ram running in {geo}", "GiB-Hours", 4237, 6, 0, Hours, 96, 96).sized(),
            m("pd-balanced", "Balanced PD Capacity in {geo}", "GiB-Months", 10, 2, 3, DiskMonth, 50, 500)
                .res("//compute.googleapis.com/projects/{acct}/zones/{zone}/disks/{name}", "Disk"),
        ],
    )
    .sizes(N2)
    .zonal(),
    t(
        "gcs",
        "Cloud Storage",
        "Storage",
        "Object Storage",
        "Bucket",
        "//storage.googleapis.com/projects/_/buckets/{name}",
        12,
        &[
            m("standard", "Standard Storage US Multi-region", "GiB-Months", 26, 3, 3, ObjectMonth, 100, 30000),
            m("egress", "Network Internet Data Transfer Out from {geo}", "GiB", 12, 2, 3, Traffic, 1, 200),
            m("class-a", "Standard Storage Class A Operations", "1000 Requests", 5, 3, 0, Requests, 20, 4000).consumed("Requests", 1000),
        ],
    )
    .naming(Naming::Bucket),
    t(
        "bigquery",
        "BigQuery",
        "Databases",
        "Data Warehouse",
        "Dataset",
        "//bigquery.googleapis.com/projects/{acct}/datasets/{name}",
        6,
        &[
            m("analysis", "Analysis", "TiB", 625, 2, 3, Batch, 1, 12).nores(),
            m("active-storage", "Active Logical Storage", "GiB-Months", 2, 2, 3, ObjectMonth, 500, 40000),
        ],
    )
    .naming(Naming::Dataset),
    t(
        "cloudsql",
        "Cloud SQL",
        "Databases",
        "Relational",
        "Instance",
        "//cloudsql.googleapis.com/projects/{acct}/instances/{name}",
        7,
        &[
            m("vcpu", "Cloud SQL for PostgreSQL: Zonal - vCPU in {geo}", "Hours", 413, 4, 0, Hours, 24, 24).sized(),
            m("ram", "Cloud SQL for PostgreSQL: Zonal - RAM in {geo}", "GiB-Hours", 7, 3, 0, Hours, 96, 96).sized(),
            m("ssd", "Cloud SQL for PostgreSQL: Zonal - Standard storage in {geo}", "GiB-Months", 17, 2, 3, DiskMonth, 50, 2000),
        ],
    )
    .sizes(SQL)
    .zonal()
    .naming(Naming::Db),
    t(
        "gke",
        "Kubernetes Engine",
        "Compute",
        "Containers",
        "Cluster",
        "//container.googleapis.com/projects/{acct}/locations/{region}/clusters/{name}",
        4,
        &[m("regional-cluster", "Regional Kubernetes Clusters", "Hours", 10, 2, 0, Flat, 24, 24)],
    )
    .naming(Naming::Cluster),
    t(
        "cloudrun",
        "Cloud Run",
        "Compute",
        "Serverless Compute",
        "Service",
        "//run.googleapis.com/projects/{acct}/locations/{region}/services/{name}",
        6,
        &[
            m("cpu", "CPU Allocation Time (tier 1)", "vCPU-Hours", 864, 4, 2, Requests, 5, 400).consumed("vCPU-Seconds", 3600),
            m("memory", "Memory Allocation Time (tier 1)", "GiB-Hours", 9, 3, 2, Requests, 10, 800).consumed("GiB-Seconds", 3600),
        ],
    ),
    t(
        "vertex",
        "Vertex AI",
        "AI and Machine Learning",
        "Machine Learning",
        "Endpoint",
        "//aiplatform.googleapis.com/projects/{acct}/locations/{region}/endpoints/{digits:19}",
        3,
        &[m("online-prediction", "Online Prediction {size} in {geo}", "Hours", 0, 4, 0, Hours, 24, 24).sized()],
    )
    .sizes(VERTEX),
    t(
        "net",
        "Networking",
        "Networking",
        "Other (Networking)",
        "Forwarding Rule",
        "//compute.googleapis.com/projects/{acct}/regions/{region}/forwardingRules/{name}",
        5,
        &[
            m("lb-rule", "Network Load Balancing: Forwarding Rule Minimum Service Charge in {geo}", "Hours", 25, 3, 0, Flat, 24, 24),
            m("nat-data", "Cloud NAT Data processing", "GiB", 45, 3, 3, Traffic, 5, 500),
        ],
    )
    .naming(Naming::Cluster),
    t(
        "dataflow",
        "Dataflow",
        "Analytics",
        "Streaming Analytics",
        "Job",
        "//dataflow.googleapis.com/projects/{acct}/locations/{region}/jobs/{name}",
        3,
        &[m("streaming-vcpu", "Streaming vCPU Time", "vCPU-Hours", 69, 3, 2, Fleet, 48, 960)],
    )
    .naming(Naming::Cluster),
];
