//! What Google's billing export leaves implicit: the UTC period of a
//! Pacific-time invoice month, region names, resource types from global
//! names, and the FOCUS category of a service.

use chrono::TimeZone;
use chrono_tz::America::Los_Angeles;

use crate::formats::category;
use crate::parse;

/// The billing period of an invoice month: that month in Pacific time,
/// as UTC instants.
pub(super) fn invoice_period(month: &str) -> Option<(i64, i64)> {
    let first = parse::month(month)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let at = |d: chrono::NaiveDate| {
        Los_Angeles
            .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
            .single()
            .map(|t| t.timestamp())
    };
    Some((at(first)?, at(next)?))
}

/// `//compute.googleapis.com/projects/p/zones/z/instances/123` →
/// `compute.googleapis.com/instances`.
pub(super) fn resource_type(global_name: &str) -> Option<String> {
    let rest = global_name.strip_prefix("//")?;
    let mut parts = rest.split('/');
    let host = parts.next().filter(|h| !h.is_empty())?;
    let segments: Vec<&str> = parts.collect();
    let collection = segments
        .len()
        .checked_sub(2)
        .and_then(|i| segments.get(i))?;
    Some(format!("{host}/{collection}"))
}

/// The name of a Google Cloud location: the city or area Google names it
/// by, else the id itself (FOCUS wants a RegionName wherever there is a
/// RegionId).
pub(super) fn region_name(id: &str) -> String {
    REGION_NAMES
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(id))
        .map_or(id, |(_, name)| *name)
        .to_string()
}

/// Google Cloud regions and multi-regions with the names Google's
/// locations page gives them.
const REGION_NAMES: &[(&str, &str)] = &[
    ("global", "Global"),
    ("us", "United States"),
    ("eu", "European Union"),
    ("asia", "Asia"),
    ("us-central1", "Iowa"),
    ("us-east1", "South Carolina"),
    ("us-east4", "Northern Virginia"),
    ("us-east5", "Columbus"),
    ("us-south1", "Dallas"),
    ("us-west1", "Oregon"),
    ("us-west2", "Los Angeles"),
    ("us-west3", "Salt Lake City"),
    ("us-west4", "Las Vegas"),
    ("northamerica-northeast1", "Montreal"),
    ("northamerica-northeast2", "Toronto"),
    ("northamerica-south1", "Queretaro"),
    ("southamerica-east1", "Sao Paulo"),
    ("southamerica-west1", "Santiago"),
    ("europe-central2", "Warsaw"),
    ("europe-north1", "Finland"),
    ("europe-north2", "Stockholm"),
    ("europe-southwest1", "Madrid"),
    ("europe-west1", "Belgium"),
    ("europe-west2", "London"),
    ("europe-west3", "Frankfurt"),
    ("europe-west4", "Netherlands"),
    ("europe-west6", "Zurich"),
    ("europe-west8", "Milan"),
    ("europe-west9", "Paris"),
    ("europe-west10", "Berlin"),
    ("europe-west12", "Turin"),
    ("asia-east1", "Taiwan"),
    ("asia-east2", "Hong Kong"),
    ("asia-northeast1", "Tokyo"),
    ("asia-northeast2", "Osaka"),
    ("asia-northeast3", "Seoul"),
    ("asia-south1", "Mumbai"),
    ("asia-south2", "Delhi"),
    ("asia-southeast1", "Singapore"),
    ("asia-southeast2", "Jakarta"),
    ("australia-southeast1", "Sydney"),
    ("australia-southeast2", "Melbourne"),
    ("me-central1", "Doha"),
    ("me-central2", "Dammam"),
    ("me-west1", "Tel Aviv"),
    ("africa-south1", "Johannesburg"),
];

/// FOCUS ServiceCategory for a service description: the FOCUS converters'
/// GCP table, else by keyword.
pub(super) fn service_category(description: &str, service_id: Option<&str>) -> &'static str {
    SERVICE_CATEGORIES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(description))
        .map(|(_, cat)| *cat)
        .unwrap_or_else(|| category::service_category(&[Some(description), service_id]))
}

/// Service description → ServiceCategory, from the FinOps Foundation's
/// focus_converters `gcp_category_mapping.csv` (MIT licence, © 2023 FinOps
/// Foundation).
const SERVICE_CATEGORIES: &[(&str, &str)] = &[
    ("Directions API", "Integration"),
    ("Distance Matrix API", "Integration"),
    ("Maps Elevation API", "Integration"),
    ("Geocoding API", "Integration"),
    ("Geolocation API", "Integration"),
    ("Google Maps Mobile SDK", "Integration"),
    ("Roads API", "Integration"),
    ("Maps Static API", "Integration"),
    ("Time Zone API", "Integration"),
    ("Custom Search", "Integration"),
    ("Places API", "Integration"),
    ("Prediction", "AI and Machine Learning"),
    ("Street View Static API", "Integration"),
    ("Translate", "Developer Tools"),
    ("App Engine", "Compute"),
    ("BigQuery", "Databases"),
    ("Cloud DNS", "Networking"),
    ("Cloud SQL", "Databases"),
    ("Cloud Storage", "Storage"),
    ("Compute Engine", "Compute"),
    ("Actifio GO", "Security"),
    ("Vertex AI", "AI and Machine Learning"),
    ("Anthos", "Compute"),
    ("Anthos Config Management", "Compute"),
    ("API Gateway", "Integration"),
    (
        "Google Cloud Platform Apigee team Apigee Developer Portal",
        "Integration",
    ),
    ("Artifact Registry", "Compute"),
    ("Cloud AutoML", "AI and Machine Learning"),
    ("BigQuery BI Engine", "Analytics"),
    ("BigQuery Data Transfer Service", "Migration"),
    ("BigQuery Reservation API", "Analytics"),
    ("BigQuery Storage API", "Storage"),
    ("Cloud Bigtable", "Databases"),
    ("Networking", "Networking"),
    ("Binary Authorization", "Security"),
    ("Cloud Build", "Developer Tools"),
    ("Cloud Functions", "Compute"),
    ("Cloud IoT Core", "Internet of Things"),
    ("Cloud Key Management Service (KMS)", "Security"),
    ("Cloud Optimization", "AI and Machine Learning"),
    ("Cloud Scheduler", "Developer Tools"),
    ("Cloud Tasks", "Developer Tools"),
    ("Stackdriver Trace", "Compute"),
    ("Cloud Composer", "Analytics"),
    ("Confidential Computing", "Compute"),
    ("Contact Center AI Insights", "AI and Machine Learning"),
    ("Kubernetes Engine", "Compute"),
    ("Container Registry Vulnerability Scanning", "Security"),
    ("Data Catalog", "Analytics"),
    ("Cloud Dataflow", "Analytics"),
    ("Cloud Data Fusion", "Analytics"),
    ("Cloud Data Labeling Service", "AI and Machine Learning"),
    (
        "Google Cloud Platform Financial Services team Datashare",
        "Management and Governance",
    ),
    ("Datastream", "Databases"),
    ("Cloud Dialogflow API", "Integration"),
    ("Cloud Data Loss Prevention", "Security"),
    ("Cloud Document API", "Integration"),
    ("Cloud Document AI API", "Integration"),
    ("Cloud Domains", "Web"),
    ("Enterprise Agreement", "Management and Governance"),
    ("Elastifile Cloud File System", "Storage"),
    ("Cloud Filestore", "Storage"),
    ("Firebase", "Mobile"),
    ("Firebase Auth", "Security"),
    ("Firebase Realtime Database", "Databases"),
    ("Firebase Hosting", "Mobile"),
    ("Game Services API", "Integration"),
    (
        "Google Quickstart Simple pre-configured Debian VM",
        "Compute",
    ),
    ("Genomics", "AI and Machine Learning"),
    ("Backup for GKE", "Storage"),
    ("Cloud Healthcare", "Integration"),
    ("BeyondCorp Enterprise", "Security"),
    ("Identity Platform", "Security"),
    ("Cloud IDS", "Security"),
    ("Cloud Talent Solution", "AI and Machine Learning"),
    ("Cloud Natural Language", "AI and Machine Learning"),
    ("Live Stream API", "Integration"),
    ("Cloud Logging", "Management and Governance"),
    ("Looker Data Platform SaaS", "Analytics"),
    ("Maps Embed API", "Integration"),
    ("Cloud Media Translation API", "Integration"),
    ("Cloud Memorystore for Memcached", "Databases"),
    ("Anthos Service Mesh", "Management and Governance"),
    ("Dataproc Metastore", "Storage"),
    ("Cloud Machine Learning Engine", "AI and Machine Learning"),
    ("Stackdriver Monitoring", "Compute"),
    ("MultiClusterIngress", "Compute"),
    ("Notebooks", "AI and Machine Learning"),
    ("Google Cloud Vision OCR On-Prem", "AI and Machine Learning"),
    ("On-Demand Scanning", "Security"),
    ("VM Manager", "Compute"),
    ("Certificate Authority Service", "Security"),
    ("Programmable Search Element", "Integration"),
    ("Cloud Pub/Sub", "Integration"),
    ("Pub/Sub Lite", "Integration"),
    ("reCAPTCHA Enterprise", "Security"),
    ("Recommendations AI", "AI and Machine Learning"),
    ("Cloud Memorystore for Redis", "Databases"),
    ("Remote Build Execution", "Developer Tools"),
    ("Cloud Run", "Compute"),
    ("Secret Manager", "Security"),
    ("Security Command Center", "Security"),
    ("Google Service Control", "Networking"),
    ("Source Repository", "Developer Tools"),
    ("Cloud Spanner", "Databases"),
    ("Speaker ID", "AI and Machine Learning"),
    ("Cloud Speech API", "Integration"),
    ("Transfer Service", "Storage"),
    (
        "Google Click to Deploy Deep Learning VM",
        "AI and Machine Learning",
    ),
    ("Firebase Test Lab", "Mobile"),
    ("Cloud Text-to-Speech API", "Integration"),
    ("Cloud TPU", "AI and Machine Learning"),
    ("Transcode API", "Integration"),
    ("Transcoder API", "Integration"),
    ("Transfer Appliance", "Migration"),
    ("Maps SDK for Unity", "Integration"),
    ("Cloud Video Intelligence API", "Integration"),
    ("Video Stitcher API", "Integration"),
    ("Cloud Vision API", "Integration"),
    ("VMware Engine", "Compute"),
    ("Web Risk", "Security"),
    ("Workflows", "Developer Tools"),
    ("Zync", "Media"),
    ("Cloud CDN", "Networking"),
    ("Stackdriver", "Management and Governance"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invoice_months_are_pacific_months() {
        // PST in winter: midnight is 08:00 UTC.
        assert_eq!(
            invoice_period("202501"),
            Some((1_735_718_400, 1_738_396_800))
        );
        // PDT from March: midnight is 07:00 UTC.
        assert_eq!(invoice_period("202504").map(|p| p.0), Some(1_743_490_800));
        assert_eq!(invoice_period("2025-13"), None);
    }

    #[test]
    fn resource_types_from_global_names() {
        assert_eq!(
            resource_type("//compute.googleapis.com/projects/p/zones/us-central1-a/instances/123")
                .as_deref(),
            Some("compute.googleapis.com/instances")
        );
        assert_eq!(resource_type("my-bucket"), None);
    }

    #[test]
    fn categories_from_the_table_then_keywords() {
        assert_eq!(service_category("Compute Engine", None), "Compute");
        assert_eq!(service_category("Cloud Storage", None), "Storage");
        assert_eq!(
            service_category("Some New Database Service", None),
            "Databases"
        );
    }
}
