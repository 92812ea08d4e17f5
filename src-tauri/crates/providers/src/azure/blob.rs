//! The container Cost Management exports are delivered to: List Blobs
//! (`restype=container&comp=list`, `prefix`, `marker`/`NextMarker`, XML
//! answers), Get Blob as a stream, and a partitioned export's
//! `manifest.json`: its run (`runInfo.runId`), the billing period it covers
//! (`runInfo.startDate`), the export's type (actual cost, amortized cost
//! or FOCUS) and the exact blobs (CSV, gzipped CSV or Parquet) that make
//! the period up. A newer run of the same period restates it.

use serde_json::Value;

use super::errors::bad;
use super::Client;
use crate::bucket::{manifest_delivery, Delivery, ObjectInfo, ObjectPage};
use crate::{ErrorKind, ProviderError};

const LIST: &str = "storage:ListBlobs";
const GET: &str = "storage:GetBlob";
/// Blobs per listing page (the service's maximum).
const MAX_RESULTS: &str = "5000";

/// What an export run's manifest says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportManifest {
    pub run_id: String,
    /// `YYYY-MM`.
    pub period: String,
    /// `ActualCost`, `AmortizedCost` or `FocusCost`.
    pub export_type: String,
    /// Blob names of the data files, in the manifest's order.
    pub blobs: Vec<String>,
}

/// Whether a blob is an export run's manifest.
pub fn is_manifest(name: &str) -> bool {
    name == "manifest.json" || name.ends_with("/manifest.json")
}

/// Reads the manifest fetched from `name` in `container`.
pub fn parse_manifest(
    container: &str,
    name: &str,
    bytes: &[u8],
) -> Result<ExportManifest, ProviderError> {
    let what = |m: &str| {
        ProviderError::new(
            ErrorKind::BadResponse,
            format!("{container}/{name}: the export manifest {m}"),
        )
    };
    // Manifests are written with a byte order mark now and then.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let v: Value =
        serde_json::from_slice(bytes).map_err(|e| what(&format!("is not JSON ({e})")))?;
    let run = v.get("runInfo").ok_or_else(|| what("has no runInfo"))?;
    let run_id = run
        .get("runId")
        .and_then(Value::as_str)
        .ok_or_else(|| what("has no runInfo.runId"))?
        .to_string();
    let period = run
        .get("startDate")
        .and_then(Value::as_str)
        .and_then(|s| s.get(..7))
        .filter(|p| crate::bucket::period_after(&format!("m={p}"), "m=").is_some())
        .ok_or_else(|| what("names no billing period (runInfo.startDate)"))?
        .to_string();
    let export_type = v
        .get("exportConfig")
        .and_then(|c| c.get("type"))
        .and_then(Value::as_str)
        .unwrap_or("ActualCost")
        .to_string();
    let list = v
        .get("blobs")
        .and_then(Value::as_array)
        .ok_or_else(|| what("has no blobs list"))?;
    let mut blobs = Vec::with_capacity(list.len());
    for (i, b) in list.iter().enumerate() {
        let name = b
            .get("blobName")
            .and_then(Value::as_str)
            .ok_or_else(|| what(&format!("blobs[{i}] has no blobName")))?;
        blobs.push(name.trim_start_matches('/').to_string());
    }
    Ok(ExportManifest {
        run_id,
        period,
        export_type,
        blobs,
    })
}

/// A child element's text.
fn child<'a>(node: roxmltree::Node<'a, '_>, tag: &str) -> Option<&'a str> {
    node.children()
        .find(|n| n.has_tag_name(tag))
        .and_then(|n| n.text())
}

impl Client {
    fn container_name(&self) -> String {
        self.container()
            .map(|(a, c)| format!("{a}/{c}"))
            .unwrap_or_default()
    }

    /// One page of the blobs under the connection's prefix.
    pub async fn list_objects(&self, cursor: Option<&str>) -> Result<ObjectPage, ProviderError> {
        let prefix = self.config.extra.prefix.clone().unwrap_or_default();
        let mut params: Vec<(&str, &str)> = vec![
            ("restype", "container"),
            ("comp", "list"),
            ("maxresults", MAX_RESULTS),
        ];
        if !prefix.is_empty() {
            params.push(("prefix", &prefix));
        }
        if let Some(c) = cursor {
            params.push(("marker", c));
        }
        let (body, request_id) = self.call(LIST, &params).await?;
        let text = String::from_utf8_lossy(&body);
        let text = text.trim_start_matches('\u{feff}');
        let doc = roxmltree::Document::parse(text).map_err(|_| bad(LIST, "XML body"))?;
        let root = doc.root_element();
        let mut objects = Vec::new();
        let blobs = root.children().find(|n| n.has_tag_name("Blobs"));
        for (i, b) in blobs
            .iter()
            .flat_map(|n| n.children())
            .filter(|n| n.has_tag_name("Blob"))
            .enumerate()
        {
            let name = child(b, "Name").ok_or_else(|| bad(LIST, &format!("Blobs[{i}].Name")))?;
            let props = b
                .children()
                .find(|n| n.has_tag_name("Properties"))
                .ok_or_else(|| bad(LIST, &format!("Blobs[{i}].Properties")))?;
            let field = |tag: &str| {
                child(props, tag).ok_or_else(|| bad(LIST, &format!("Blobs[{i}].Properties.{tag}")))
            };
            let size = field("Content-Length")?
                .parse::<u64>()
                .map_err(|_| bad(LIST, &format!("Blobs[{i}].Properties.Content-Length")))?;
            let last_modified = chrono::DateTime::parse_from_rfc2822(field("Last-Modified")?)
                .map_err(|_| bad(LIST, &format!("Blobs[{i}].Properties.Last-Modified")))?
                .timestamp();
            objects.push(ObjectInfo {
                key: name.to_string(),
                etag: field("Etag")?.trim_matches('"').to_string(),
                size,
                last_modified,
            });
        }
        let next = child(root, "NextMarker")
            .filter(|m| !m.is_empty())
            .map(str::to_string);
        Ok(ObjectPage {
            objects,
            next,
            request_id,
        })
    }

    crate::bucket::manifest_route_methods!(get: GET, key: "Path", is_manifest: is_manifest);

    /// The delivery a run's manifest describes, its blobs found in the
    /// listing; a blob it names that the listing lacks fails it (the run
    /// is still being written, or was removed).
    pub fn delivery(
        &self,
        manifest: &ObjectInfo,
        bytes: &[u8],
        listing: &[ObjectInfo],
    ) -> Result<Delivery, ProviderError> {
        let container = self.container_name();
        let m = parse_manifest(&container, &manifest.key, bytes)?;
        manifest_delivery(
            manifest,
            m.period,
            format!("{}:{}", m.export_type, m.run_id),
            &m.blobs,
            listing,
            (&container, "container"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_manifest_gives_its_period_run_type_and_blobs() {
        let text = br#"{"manifestVersion":"2024-04-01","byteCount":160769,"blobCount":2,"dataRowCount":136,
          "exportConfig":{"exportName":"monthly-actual","resourceId":"/subscriptions/s/providers/Microsoft.CostManagement/exports/monthly-actual","dataVersion":"2023-05-01","apiVersion":"2023-07-01-preview","type":"ActualCost","timeFrame":"BillingMonthToDate","granularity":"Daily"},
          "deliveryConfig":{"partitionData":true,"dataOverwriteBehavior":"OverwritePreviousReport","fileFormat":"Csv","compressionMode":"gzip"},
          "runInfo":{"executionType":"Scheduled","submittedTime":"2025-02-01T06:00:00Z","runId":"6e7f0a52-91d3-4d2c-9b0e-5c3a3b7e0c11","startDate":"2025-01-01T00:00:00","endDate":"2025-01-31T00:00:00"},
          "blobs":[{"blobName":"costs/monthly-actual/20250101-20250131/6e7f0a52-91d3-4d2c-9b0e-5c3a3b7e0c11/part_0_0001.csv.gz","byteCount":1,"dataRowCount":1},
                   {"blobName":"costs/monthly-actual/20250101-20250131/6e7f0a52-91d3-4d2c-9b0e-5c3a3b7e0c11/part_1_0001.csv.gz","byteCount":1,"dataRowCount":1}]}"#;
        let m = parse_manifest(
            "acct/billing",
            "costs/monthly-actual/20250101-20250131/x/manifest.json",
            text,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.period, "2025-01");
        assert_eq!(m.export_type, "ActualCost");
        assert_eq!(m.blobs.len(), 2);
        assert!(m.blobs[1].ends_with("part_1_0001.csv.gz"));
        let e = parse_manifest(
            "a/c",
            "m",
            br#"{"runInfo":{"runId":"r","startDate":"2025-13-01"},"blobs":[]}"#,
        )
        .err()
        .map(|e| e.message)
        .unwrap_or_default();
        assert!(e.contains("billing period"), "{e}");
        assert!(is_manifest("a/b/manifest.json") && !is_manifest("a/b/_manifest.json"));
    }
}
