//! The Data Exports bucket: `ListObjectsV2` under the connection's prefix
//! (continuation tokens), `GetObject` as a stream, and the exports'
//! `Manifest.json`: each names the billing period (`billingPeriod`, or the
//! `BILLING_PERIOD=YYYY-MM` partition of its key), the execution that
//! delivered it and the exact data files (CUR 2.0 or FOCUS, gzipped CSV or
//! Parquet) that make up the period.

use serde_json::Value;

use super::errors::{bad, child_text, own_text, xml};
use super::Client;
use crate::bucket::{manifest_delivery, period_after, Delivery, ObjectInfo, ObjectPage};
use crate::{ErrorKind, ProviderError};

const LIST: &str = "s3:ListBucket";
const GET: &str = "s3:GetObject";
/// Keys per listing page (S3's maximum).
const MAX_KEYS: &str = "1000";

/// What a Data Exports manifest says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportManifest {
    pub execution_id: String,
    /// `YYYY-MM`.
    pub period: String,
    /// Object keys of the data files, in the manifest's order.
    pub data_files: Vec<String>,
}

/// Whether a key is a Data Exports (or legacy CUR) manifest.
pub fn is_manifest(key: &str) -> bool {
    key.ends_with("Manifest.json")
}

/// Reads a manifest fetched from `key` in `bucket`.
pub fn parse_manifest(
    bucket: &str,
    key: &str,
    bytes: &[u8],
) -> Result<ExportManifest, ProviderError> {
    let what = |m: &str| {
        ProviderError::new(
            ErrorKind::BadResponse,
            format!("s3://{bucket}/{key}: the export manifest {m}"),
        )
    };
    let v: Value =
        serde_json::from_slice(bytes).map_err(|e| what(&format!("is not JSON ({e})")))?;
    let execution_id = v
        .get("executionId")
        .or_else(|| v.get("assemblyId"))
        .and_then(Value::as_str)
        .ok_or_else(|| what("has no executionId"))?
        .to_string();
    let from_field = v
        .get("billingPeriod")
        .and_then(|p| p.get("start"))
        .and_then(Value::as_str)
        .and_then(|s| s.get(..7))
        .map(str::to_string);
    let period = from_field
        .or_else(|| period_after(key, "BILLING_PERIOD="))
        .ok_or_else(|| {
            what("names no billing period (billingPeriod.start or BILLING_PERIOD=YYYY-MM)")
        })?;
    let files = v
        .get("dataFiles")
        .or_else(|| v.get("reportKeys"))
        .and_then(Value::as_array)
        .ok_or_else(|| what("has no dataFiles list"))?;
    let prefix = format!("s3://{bucket}/");
    let mut data_files = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        let uri = f
            .as_str()
            .ok_or_else(|| what(&format!("dataFiles[{i}] is not text")))?;
        let key = uri.strip_prefix(&prefix).unwrap_or(uri);
        if key.starts_with("s3://") {
            return Err(what(&format!(
                "dataFiles[{i}] '{uri}' is in another bucket"
            )));
        }
        data_files.push(key.to_string());
    }
    Ok(ExportManifest {
        execution_id,
        period,
        data_files,
    })
}

impl Client {
    fn bucket_name(&self) -> &str {
        self.config.extra.bucket.as_deref().unwrap_or_default()
    }

    /// One page of the objects under the connection's prefix.
    pub async fn list_objects(&self, cursor: Option<&str>) -> Result<ObjectPage, ProviderError> {
        let prefix = self.config.extra.prefix.clone().unwrap_or_default();
        let mut params: Vec<(&str, &str)> = vec![("list-type", "2"), ("max-keys", MAX_KEYS)];
        if !prefix.is_empty() {
            params.push(("prefix", &prefix));
        }
        if let Some(c) = cursor {
            params.push(("continuation-token", c));
        }
        let (body, request_id) = self.call(LIST, &params).await?;
        let text = String::from_utf8_lossy(&body);
        let doc = xml(LIST, &text)?;
        let mut objects = Vec::new();
        for (i, c) in doc
            .descendants()
            .filter(|n| n.has_tag_name("Contents"))
            .enumerate()
        {
            let field = |tag: &str| {
                own_text(c, tag).ok_or_else(|| bad(LIST, &format!("Contents[{i}].{tag}")))
            };
            let key = field("Key")?.to_string();
            let size = field("Size")?
                .parse::<u64>()
                .map_err(|_| bad(LIST, &format!("Contents[{i}].Size")))?;
            let modified = field("LastModified")?;
            let last_modified = chrono::DateTime::parse_from_rfc3339(modified)
                .map_err(|_| bad(LIST, &format!("Contents[{i}].LastModified")))?
                .timestamp();
            objects.push(ObjectInfo {
                key,
                etag: field("ETag")?.trim_matches('"').to_string(),
                size,
                last_modified,
            });
        }
        let truncated = child_text(doc.root(), "IsTruncated") == Some("true");
        let next = child_text(doc.root(), "NextContinuationToken")
            .filter(|_| truncated)
            .map(str::to_string);
        if truncated && next.is_none() {
            return Err(bad(LIST, "NextContinuationToken of a truncated listing"));
        }
        Ok(ObjectPage {
            objects,
            next,
            request_id,
        })
    }

    crate::bucket::manifest_route_methods!(get: GET, key: "Key", is_manifest: is_manifest);

    /// The delivery a manifest describes, its files found in the listing;
    /// a file the manifest names but the listing lacks fails it (the
    /// delivery is still being written, or was removed).
    pub fn delivery(
        &self,
        manifest: &ObjectInfo,
        bytes: &[u8],
        listing: &[ObjectInfo],
    ) -> Result<Delivery, ProviderError> {
        let m = parse_manifest(self.bucket_name(), &manifest.key, bytes)?;
        let place = format!("s3://{}", self.bucket_name());
        manifest_delivery(
            manifest,
            m.period,
            m.execution_id,
            &m.data_files,
            listing,
            (&place, "bucket"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_gives_its_period_execution_and_files() {
        let text = br#"{"executionId":"4b0ab1d6-7a06-4c3e-9e0f-3e2a1b6f0c11",
          "exportArn":"arn:aws:bcm-data-exports:us-east-1:111122223333:export/cur2-a1b2",
          "billingPeriod":{"start":"2025-01-01T00:00:00.000Z","end":"2025-02-01T00:00:00.000Z"},
          "columns":[{"name":"line_item_unblended_cost","type":"double"}],
          "dataFiles":["s3://bills/cur/cur2/data/BILLING_PERIOD=2025-01/cur2-00001.csv.gz",
                       "s3://bills/cur/cur2/data/BILLING_PERIOD=2025-01/cur2-00002.csv.gz"]}"#;
        let m = match parse_manifest(
            "bills",
            "cur/cur2/metadata/BILLING_PERIOD=2025-01/cur2-Manifest.json",
            text,
        ) {
            Ok(m) => m,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(m.period, "2025-01");
        assert_eq!(
            m.data_files[1],
            "cur/cur2/data/BILLING_PERIOD=2025-01/cur2-00002.csv.gz"
        );
        let no_period = br#"{"executionId":"x","dataFiles":[]}"#;
        assert_eq!(
            parse_manifest(
                "b",
                "p/metadata/BILLING_PERIOD=2024-12/e-Manifest.json",
                no_period
            )
            .map(|m| m.period)
            .ok()
            .as_deref(),
            Some("2024-12")
        );
        let e = parse_manifest("b", "k", br#"{"executionId":"x","billingPeriod":{"start":"2025-01-01"},"dataFiles":["s3://other/k"]}"#)
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(e.contains("another bucket"), "{e}");
        assert!(is_manifest("a/b/cur2-Manifest.json"));
    }
}
