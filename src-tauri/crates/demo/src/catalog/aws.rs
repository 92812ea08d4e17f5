//! Amazon Web Services, USD list prices (us-east-1 on-demand).

use super::{m, r, t, z, Commit, Kind::*, Naming, Region, Size, Template};

#[rustfmt::skip]
pub static REGIONS: &[Region] = &[
    r("us-east-1", "US East (N. Virginia)", "USE1", &["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"]),
    r("us-west-2", "US West (Oregon)", "USW2", &["us-west-2a", "us-west-2b", "us-west-2c"]),
    r("eu-west-1", "Europe (Ireland)", "EU", &["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
    r("ap-southeast-1", "Asia Pacific (Singapore)", "APS1", &["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]),
    r("ap-northeast-1", "Asia Pacific (Tokyo)", "APN1", &["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]),
];

#[rustfmt::skip]
const EC2: &[Size] = &[
    z("t3.medium", 416, 1),
    z("m6i.large", 960, 1),
    z("m6i.xlarge", 1920, 1),
    z("m6i.2xlarge", 3840, 1),
    z("c6i.2xlarge", 3400, 1),
    z("r6i.xlarge", 2520, 1),
    z("r6i.2xlarge", 5040, 1),
    z("m7g.xlarge", 1632, 1),
];
#[rustfmt::skip]
const SPOT: &[Size] = &[z("c6i.xlarge", 1700, 1), z("c6i.4xlarge", 6800, 1), z("m6i.2xlarge", 3840, 1), z("g5.xlarge", 10060, 1)];
const RDS: &[Size] = &[
    z("db.t4g.medium", 650, 1),
    z("db.m6g.large", 1520, 1),
    z("db.r6g.large", 2250, 1),
    z("db.r6g.xlarge", 4500, 1),
    z("db.r6g.2xlarge", 8990, 1),
];
#[rustfmt::skip]
const SAGEMAKER: &[Size] = &[z("ml.t3.medium", 50, 1), z("ml.g5.2xlarge", 1515, 1), z("ml.p4d.24xlarge", 37688, 1)];

const EC2_ID: &str = "arn:aws:ec2:{region}:{acct}:instance/i-0{hex:16}";

#[rustfmt::skip]
pub static TEMPLATES: &[Template] = &[
    t(
        "ec2",
        "Amazon Elastic Compute Cloud",
        "Compute",
        "Virtual Machines",
        "Instance",
        EC2_ID,
        30,
        &[
            m("BoxUsage", "On Demand Linux {size} Instance Hour", "Hours", 0, 4, 0, Hours, 24, 24).sized(),
            m("EBS:VolumeUsage.gp3", "General Purpose (gp3) Storage", "GB-Months", 8, 2, 3, DiskMonth, 30, 500)
                .res("arn:aws:ec2:{region}:{acct}:volume/vol-0{hex:16}", "Volume"),
        ],
    )
    .sizes(EC2)
    .zonal()
    .commit(Commit::SavingsPlan),
    t(
        "ec2-spot",
        "Amazon Elastic Compute Cloud",
        "Compute",
        "Virtual Machines",
        "Instance",
        EC2_ID,
        5,
        &[m("SpotUsage", "Spot Linux {size} Instance Hour", "Hours", 0, 4, 0, Hours, 24, 24).sized()],
    )
    .sizes(SPOT)
    .zonal()
    .spot(),
    t(
        "s3",
        "Amazon Simple Storage Service",
        "Storage",
        "Object Storage",
        "Bucket",
        "{name}",
        14,
        &[
            m("TimedStorage-ByteHrs", "Standard Storage", "GB-Months", 23, 3, 3, ObjectMonth, 100, 30000),
            m("Requests-Tier1", "PUT, COPY, POST, or LIST Requests", "1000 Requests", 5, 3, 0, Requests, 5, 1000).consumed("Requests", 1000),
            m("DataTransfer-Out-Bytes", "Data Transfer Out to Internet", "GB", 9, 2, 3, Traffic, 1, 200),
        ],
    )
    .naming(Naming::Bucket),
    t(
        "rds",
        "Amazon Relational Database Service",
        "Databases",
        "Relational",
        "DB Instance",
        "arn:aws:rds:{region}:{acct}:db:{name}",
        8,
        &[
            m("InstanceUsage", "MySQL Single-AZ {size} Instance Hour", "Hours", 0, 4, 0, Hours, 24, 24).sized(),
            m("RDS:GP3-Storage", "General Purpose (gp3) Storage", "GB-Months", 115, 3, 3, DiskMonth, 100, 2000),
        ],
    )
    .sizes(RDS)
    .zonal()
    .commit(Commit::Reserved)
    .naming(Naming::Db),
    t(
        "fargate",
        "Amazon Elastic Container Service",
        "Compute",
        "Containers",
        "Service",
        "arn:aws:ecs:{region}:{acct}:service/{name}",
        5,
        &[
            m("Fargate-vCPU-Hours:perCPU", "Fargate vCPU Hour", "vCPU-Hours", 40480, 6, 0, Fleet, 48, 960),
            m("Fargate-GB-Hours", "Fargate Memory GB Hour", "GB-Hours", 4445, 6, 0, Fleet, 96, 1920),
        ],
    ),
    t(
        "lambda",
        "AWS Lambda",
        "Compute",
        "Serverless Compute",
        "Function",
        "arn:aws:lambda:{region}:{acct}:function:{name}",
        8,
        &[
            m("Request", "Requests", "1000000 Requests", 20, 2, 4, Requests, 1, 40).consumed("Requests", 1_000_000),
            m("Lambda-GB-Second", "Duration", "GB-Hours", 6, 2, 3, Requests, 2, 300).consumed("GB-Seconds", 3600),
        ],
    ),
    t(
        "cloudfront",
        "Amazon CloudFront",
        "Networking",
        "Content Delivery",
        "Distribution",
        "arn:aws:cloudfront::{acct}:distribution/E{ALNUM:13}",
        4,
        &[
            m("DataTransfer-Out-Bytes", "Data Transfer Out to Internet (North America)", "GB", 85, 3, 3, Traffic, 20, 2000),
            m("Requests-Tier2-HTTPS", "HTTPS Requests", "10000 Requests", 1, 2, 0, Requests, 20, 5000).consumed("Requests", 10000),
        ],
    )
    .global()
    .naming(Naming::Domain),
    t(
        "eks",
        "Amazon Elastic Kubernetes Service",
        "Compute",
        "Containers",
        "Cluster",
        "arn:aws:eks:{region}:{acct}:cluster/{name}",
        3,
        &[m("AmazonEKS-Hours:perCluster", "Amazon EKS cluster usage", "Hours", 10, 2, 0, Flat, 24, 24)],
    )
    .naming(Naming::Cluster),
    t(
        "dynamodb",
        "Amazon DynamoDB",
        "Databases",
        "NoSQL",
        "Table",
        "arn:aws:dynamodb:{region}:{acct}:table/{name}",
        5,
        &[
            m("WriteRequestUnits", "On-Demand Write Request Units", "1000000 Requests", 125, 2, 4, Requests, 1, 12).consumed("Requests", 1_000_000),
            m("ReadRequestUnits", "On-Demand Read Request Units", "1000000 Requests", 25, 2, 4, Requests, 2, 150).consumed("Requests", 1_000_000),
            m("TimedStorage-ByteHrs", "Table Storage", "GB-Months", 25, 2, 3, ObjectMonth, 5, 500),
        ],
    )
    .naming(Naming::Db),
    t(
        "natgw",
        "Amazon Virtual Private Cloud",
        "Networking",
        "Other (Networking)",
        "NAT Gateway",
        "arn:aws:ec2:{region}:{acct}:natgateway/nat-0{hex:16}",
        4,
        &[
            m("NatGateway-Hours", "NAT Gateway Hour", "Hours", 45, 3, 0, Flat, 24, 24),
            m("NatGateway-Bytes", "NAT Gateway Data Processed", "GB", 45, 3, 3, Traffic, 5, 800),
        ],
    ),
    t(
        "elb",
        "Elastic Load Balancing",
        "Networking",
        "Load Balancing",
        "Application Load Balancer",
        "arn:aws:elasticloadbalancing:{region}:{acct}:loadbalancer/app/{name}/{hex:16}",
        5,
        &[
            m("LoadBalancerUsage", "Application Load Balancer Hour", "Hours", 225, 4, 0, Flat, 24, 24),
            m("LCUUsage", "Load Balancer Capacity Units", "LCU-Hours", 8, 3, 2, Requests, 24, 400),
        ],
    )
    .naming(Naming::Cluster),
    t(
        "cloudwatch",
        "Amazon CloudWatch",
        "Management and Governance",
        "Observability",
        "Log Group",
        "arn:aws:logs:{region}:{acct}:log-group:/aws/{name}",
        4,
        &[
            m("DataProcessing-Bytes", "Log Data Ingested", "GB", 50, 2, 3, Traffic, 1, 60),
            m("TimedStorage-ByteHrs", "Log Storage", "GB-Months", 3, 2, 3, ObjectMonth, 50, 5000),
        ],
    ),
    t(
        "athena",
        "Amazon Athena",
        "Analytics",
        "Data Processing",
        "Workgroup",
        "arn:aws:athena:{region}:{acct}:workgroup/{name}",
        3,
        &[m("DataScannedInTB", "Data Scanned", "TB", 5, 0, 3, Batch, 1, 8)],
    )
    .naming(Naming::Cluster),
    // Drawn only by the skeleton: the ML account's endpoints and the planted GPU endpoint.
    t(
        "sagemaker",
        "Amazon SageMaker",
        "AI and Machine Learning",
        "Machine Learning",
        "Endpoint",
        "arn:aws:sagemaker:{region}:{acct}:endpoint/{name}",
        0,
        &[m("Host:ml", "Real-time Inference {size} Instance Hour", "Hours", 0, 3, 0, Hours, 24, 24).sized()],
    )
    .sizes(SAGEMAKER),
];
