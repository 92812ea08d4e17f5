//! What AWS bills leave implicit: tag keys in FOCUS form, resource types
//! and names from ARNs and ids, region names, and the FOCUS category of a
//! product code.

/// A FOCUS tag key: the `user:` (legacy) or `user_` (CUR 2.0) prefix of
/// user-defined tags is dropped; AWS-generated keys keep an `aws:` prefix.
pub(super) fn tag_key(key: &str) -> String {
    let k = key.trim();
    for p in ["user:", "user_"] {
        if let Some(rest) = k
            .get(..p.len())
            .filter(|h| h.eq_ignore_ascii_case(p))
            .map(|_| &k[p.len()..])
        {
            return rest.to_string();
        }
    }
    if let Some(rest) = k
        .get(..4)
        .filter(|h| h.eq_ignore_ascii_case("aws_"))
        .map(|_| &k[4..])
    {
        return format!("aws:{rest}");
    }
    k.to_string()
}

/// `(resource type, resource name)` from an ARN
/// (`arn:aws:ec2:us-east-1:123:instance/i-1` gives `instance`, `i-1`);
/// anything else is a name alone.
pub(super) fn split_arn(id: &str) -> (Option<&str>, &str) {
    let Some(resource) = id
        .strip_prefix("arn:")
        .and_then(|rest| rest.splitn(5, ':').nth(4))
    else {
        return (None, id);
    };
    match resource.split_once(['/', ':']) {
        Some((kind, name)) if !kind.is_empty() && !name.is_empty() => (Some(kind), name),
        _ => (None, resource),
    }
}

/// The type of a resource whose id is not an ARN, as its ARN would name
/// it: EC2 ids by their prefix (`i-` an instance, `vol-` a volume), S3
/// resource ids are bucket names.
pub(super) fn plain_resource_type(id: &str, product_code: Option<&str>) -> Option<String> {
    const PREFIXES: &[(&str, &str)] = &[
        ("i-", "instance"),
        ("vol-", "volume"),
        ("snap-", "snapshot"),
        ("ami-", "image"),
        ("eipalloc-", "elastic-ip"),
        ("eni-", "network-interface"),
        ("nat-", "natgateway"),
        ("vpc-", "vpc"),
        ("vpce-", "vpc-endpoint"),
        ("subnet-", "subnet"),
        ("igw-", "internet-gateway"),
        ("tgw-", "transit-gateway"),
        ("fs-", "file-system"),
        ("h-", "dedicated-host"),
        ("cr-", "capacity-reservation"),
    ];
    let typed = PREFIXES.iter().find(|(p, _)| {
        id.strip_prefix(p)
            .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
    });
    match typed {
        Some((_, kind)) => Some((*kind).to_string()),
        None if product_code.is_some_and(|p| p.eq_ignore_ascii_case("AmazonS3")) => {
            Some("bucket".to_string())
        }
        None => None,
    }
}

/// The name AWS gives a region in its bills (`product/location`), else
/// the id itself (FOCUS wants a RegionName wherever there is a RegionId).
pub(super) fn region_name(id: &str) -> String {
    REGION_NAMES
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(id))
        .map_or(id, |(_, name)| *name)
        .to_string()
}

/// AWS regions with their `product/location` names.
const REGION_NAMES: &[(&str, &str)] = &[
    ("global", "Global"),
    ("us-east-1", "US East (N. Virginia)"),
    ("us-east-2", "US East (Ohio)"),
    ("us-west-1", "US West (N. California)"),
    ("us-west-2", "US West (Oregon)"),
    ("af-south-1", "Africa (Cape Town)"),
    ("ap-east-1", "Asia Pacific (Hong Kong)"),
    ("ap-south-1", "Asia Pacific (Mumbai)"),
    ("ap-south-2", "Asia Pacific (Hyderabad)"),
    ("ap-southeast-1", "Asia Pacific (Singapore)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
    ("ap-southeast-3", "Asia Pacific (Jakarta)"),
    ("ap-southeast-4", "Asia Pacific (Melbourne)"),
    ("ap-southeast-5", "Asia Pacific (Malaysia)"),
    ("ap-southeast-7", "Asia Pacific (Thailand)"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("ap-northeast-2", "Asia Pacific (Seoul)"),
    ("ap-northeast-3", "Asia Pacific (Osaka)"),
    ("ca-central-1", "Canada (Central)"),
    ("ca-west-1", "Canada West (Calgary)"),
    ("cn-north-1", "China (Beijing)"),
    ("cn-northwest-1", "China (Ningxia)"),
    ("eu-central-1", "EU (Frankfurt)"),
    ("eu-central-2", "EU (Zurich)"),
    ("eu-west-1", "EU (Ireland)"),
    ("eu-west-2", "EU (London)"),
    ("eu-west-3", "EU (Paris)"),
    ("eu-south-1", "EU (Milan)"),
    ("eu-south-2", "EU (Spain)"),
    ("eu-north-1", "EU (Stockholm)"),
    ("il-central-1", "Israel (Tel Aviv)"),
    ("me-south-1", "Middle East (Bahrain)"),
    ("me-central-1", "Middle East (UAE)"),
    ("mx-central-1", "Mexico (Central)"),
    ("sa-east-1", "South America (Sao Paulo)"),
    ("us-gov-east-1", "AWS GovCloud (US-East)"),
    ("us-gov-west-1", "AWS GovCloud (US-West)"),
];

/// FOCUS ServiceCategory of an AWS product code. Derived from the
/// focus_converters `aws_category_mapping.csv` (FinOps Foundation, MIT).
pub(super) fn service_category(product_code: &str) -> &'static str {
    SERVICE_CATEGORIES
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(product_code))
        .map_or("Other", |(_, cat)| cat)
}

const AI: &str = "AI and Machine Learning";
const ANALYTICS: &str = "Analytics";
const BUSINESS: &str = "Business Applications";
const COMPUTE: &str = "Compute";
const DATABASES: &str = "Databases";
const DEV: &str = "Developer Tools";
const INTEGRATION: &str = "Integration";
const IOT: &str = "Internet of Things";
const MGMT: &str = "Management and Governance";
const MEDIA: &str = "Media";
const MIGRATION: &str = "Migration";
const NETWORKING: &str = "Networking";
const SECURITY: &str = "Security";
const STORAGE: &str = "Storage";

const SERVICE_CATEGORIES: &[(&str, &str)] = &[
    ("AmazonEC2", COMPUTE),
    ("AmazonS3", STORAGE),
    ("AmazonRDS", DATABASES),
    ("AWSLambda", COMPUTE),
    ("AmazonCloudWatch", MGMT),
    ("AWSDataTransfer", NETWORKING),
    ("AmazonVPC", NETWORKING),
    ("AmazonEKS", COMPUTE),
    ("AmazonECS", COMPUTE),
    ("AmazonECR", COMPUTE),
    ("AmazonECRPublic", COMPUTE),
    ("AmazonDynamoDB", DATABASES),
    ("AmazonElastiCache", DATABASES),
    ("AmazonRedshift", DATABASES),
    ("AmazonDocDB", DATABASES),
    ("AmazonNeptune", DATABASES),
    ("AmazonMemoryDB", DATABASES),
    ("AmazonTimestream", DATABASES),
    ("AmazonMCS", DATABASES),
    ("AmazonEBS", STORAGE),
    ("AmazonEFS", STORAGE),
    ("AmazonFSx", STORAGE),
    ("AmazonGlacier", STORAGE),
    ("AmazonS3GlacierDeepArchive", STORAGE),
    ("AWSBackup", STORAGE),
    ("AWSStorageGateway", STORAGE),
    ("AWSStorageGatewayDeepArchive", STORAGE),
    ("AWSElasticDisasterRecovery", STORAGE),
    ("IngestionServiceSnowball", STORAGE),
    ("SnowballExtraDays", STORAGE),
    ("AmazonCloudFront", NETWORKING),
    ("AmazonRoute53", NETWORKING),
    ("AmazonApiGateway", NETWORKING),
    ("AWSELB", NETWORKING),
    ("AWSDirectConnect", NETWORKING),
    ("AWSGlobalAccelerator", NETWORKING),
    ("AWSCloudMap", NETWORKING),
    ("AWSCloudWAN", NETWORKING),
    ("AWSNetworkFirewall", NETWORKING),
    ("AWSPrivate5G", NETWORKING),
    ("AWSAppRunner", COMPUTE),
    ("AWSOutposts", COMPUTE),
    ("AmazonLightsail", COMPUTE),
    ("AmazonAppStream", COMPUTE),
    ("ComputeSavingsPlans", COMPUTE),
    ("VMwareCloudOnAWS", COMPUTE),
    ("SimSpaceWeaver", COMPUTE),
    ("AWSGlue", ANALYTICS),
    ("AmazonAthena", ANALYTICS),
    ("AmazonES", ANALYTICS),
    ("AmazonKinesis", ANALYTICS),
    ("AmazonKinesisFirehose", ANALYTICS),
    ("AmazonKinesisAnalytics", ANALYTICS),
    ("AmazonMSK", ANALYTICS),
    ("AmazonQuickSight", ANALYTICS),
    ("ElasticMapReduce", ANALYTICS),
    ("AWSLakeFormation", ANALYTICS),
    ("AWSDataExchange", ANALYTICS),
    ("AWSCleanRooms", ANALYTICS),
    ("AmazonCloudSearch", ANALYTICS),
    ("AmazonFinSpace", ANALYTICS),
    ("datapipeline", ANALYTICS),
    ("AWSQueueService", INTEGRATION),
    ("AmazonSNS", INTEGRATION),
    ("AmazonMQ", INTEGRATION),
    ("AmazonMWAA", INTEGRATION),
    ("AmazonStates", INTEGRATION),
    ("AWSEvents", INTEGRATION),
    ("AppFlow", INTEGRATION),
    ("AWSAppFabric", INTEGRATION),
    ("AmazonSES", BUSINESS),
    ("AmazonConnect", BUSINESS),
    ("AmazonChime", BUSINESS),
    ("AmazonPinpoint", BUSINESS),
    ("AmazonWorkMail", BUSINESS),
    ("AmazonWorkDocs", BUSINESS),
    ("AmazonWorkSpaces", COMPUTE),
    ("AWSCloudFormation", MGMT),
    ("AWSCloudTrail", MGMT),
    ("AWSConfig", MGMT),
    ("AWSSystemsManager", MGMT),
    ("AWSServiceCatalog", MGMT),
    ("AmazonGrafana", MGMT),
    ("AmazonPrometheus", MGMT),
    ("AWSCostExplorer", MGMT),
    ("AWSBudgets", MGMT),
    ("AWSBillingConductor", MGMT),
    ("AWSResilienceHub", MGMT),
    ("OpsWorks", MGMT),
    ("AWSCodeCommit", DEV),
    ("AWSCodeDeploy", DEV),
    ("AWSCodePipeline", DEV),
    ("AWSCodeArtifact", DEV),
    ("CodeBuild", DEV),
    ("CodeGuru", DEV),
    ("AWSAmplify", DEV),
    ("AWSAppSync", DEV),
    ("AWSDeviceFarm", DEV),
    ("AWSXRay", DEV),
    ("AWSCloudShell", DEV),
    ("AmazonSageMaker", AI),
    ("AmazonBedrock", AI),
    ("AmazonRekognition", AI),
    ("AmazonTextract", AI),
    ("AmazonPolly", AI),
    ("AmazonLex", AI),
    ("AmazonKendra", AI),
    ("AmazonPersonalize", AI),
    ("AmazonForecast", AI),
    ("comprehend", AI),
    ("transcribe", AI),
    ("translate", AI),
    ("AWSIoT", IOT),
    ("AWSGreengrass", IOT),
    ("AWSIoTAnalytics", IOT),
    ("AWSIoTEvents", IOT),
    ("AWSIoTSiteWise", IOT),
    ("IoTDeviceDefender", IOT),
    ("IoTDeviceManagement", IOT),
    ("AWSElementalMediaConvert", MEDIA),
    ("AWSElementalMediaLive", MEDIA),
    ("AWSElementalMediaPackage", MEDIA),
    ("AmazonIVS", MEDIA),
    ("AmazonKinesisVideo", MEDIA),
    ("AWSDatabaseMigrationSvc", MIGRATION),
    ("AWSDataSync", MIGRATION),
    ("AWSTransfer", MIGRATION),
    ("AWSApplicationMigrationSvc", MIGRATION),
    ("AWSMigrationHubRefactorSpaces", MIGRATION),
    ("awskms", SECURITY),
    ("awswaf", SECURITY),
    ("AWSSecretsManager", SECURITY),
    ("AWSCertificateManager", SECURITY),
    ("AWSShield", SECURITY),
    ("AWSSecurityHub", SECURITY),
    ("AmazonGuardDuty", SECURITY),
    ("AmazonInspector", SECURITY),
    ("AmazonInspectorV2", SECURITY),
    ("AmazonMacie", SECURITY),
    ("AmazonDetective", SECURITY),
    ("AmazonCognito", SECURITY),
    ("AWSDirectoryService", SECURITY),
    ("AWSFMS", SECURITY),
    ("CloudHSM", SECURITY),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_keys_lose_the_user_prefix_and_keep_the_aws_one() {
        assert_eq!(tag_key("user:CostCenter"), "CostCenter");
        assert_eq!(tag_key("user_cost_center"), "cost_center");
        assert_eq!(tag_key("aws:createdBy"), "aws:createdBy");
        assert_eq!(tag_key("aws_createdBy"), "aws:createdBy");
        assert_eq!(tag_key("team"), "team");
    }

    #[test]
    fn arns_split_into_type_and_name() {
        assert_eq!(
            split_arn("arn:aws:ec2:us-east-1:1:instance/i-1"),
            (Some("instance"), "i-1")
        );
        assert_eq!(
            split_arn("arn:aws:rds:us-east-1:1:db:orders"),
            (Some("db"), "orders")
        );
        assert_eq!(split_arn("arn:aws:s3:::my-bucket"), (None, "my-bucket"));
        assert_eq!(split_arn("i-0abc"), (None, "i-0abc"));
    }

    #[test]
    fn product_codes_to_categories() {
        assert_eq!(service_category("AmazonEC2"), "Compute");
        assert_eq!(service_category("NotAService"), "Other");
    }
}
