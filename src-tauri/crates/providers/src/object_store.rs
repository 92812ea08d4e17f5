//! What the object stores of the Chinese clouds (Alibaba OSS, Tencent COS,
//! Huawei OBS) share once a request is signed: sending it, their S3-style
//! XML answers (`ListBucketResult`, `<Error>`), the throttling each states
//! as HTTP 503 (OSS `ServerBusy`, COS and OBS `SlowDown` or
//! `ServiceUnavailable`), and the bill files they hold.
//!
//! Their bill subscriptions write no manifest: every push is a data file
//! that states its billing period to date (Alibaba's daily and final
//! monthly pushes, Huawei's `..._InstanceBillMonth_YYYYMM` files, Tencent's
//! bill storage), so a period's newest file is the period, and a newer one
//! (another key, or the same key with another ETag) restates it whole.

use std::time::Duration;

use crate::answer;
use crate::bucket::{Delivery, ObjectInfo, ObjectPage};
use crate::{ClientConfig, ErrorKind, ProviderError};

/// Keys per listing page: the maximum all three accept.
pub(crate) const MAX_KEYS: &str = "1000";

/// Characters kept as they are when percent-encoding (RFC 3986 unreserved).
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// RFC 3986 encoding of every byte but the unreserved ones.
pub(crate) fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, UNRESERVED).to_string()
}

/// A key as a URL path: each segment encoded, the slashes kept.
pub(crate) fn encode_path(key: &str) -> String {
    key.split('/').map(encode).collect::<Vec<_>>().join("/")
}

/// Sends a signed GET of `key` on `host` (through the connection's
/// endpoint when it names one, for a mirror or a test), `query` already
/// encoded, and returns the successful answer with its body unread; any
/// other answer becomes the store's error in engine terms.
pub(crate) async fn send(
    http: &reqwest::Client,
    config: &ClientConfig,
    action: &str,
    (host, key, query): (&str, &str, &str),
    headers: &[(String, String)],
) -> Result<reqwest::Response, ProviderError> {
    let base = match &config.endpoint {
        Some(e) => e.trim_end_matches('/').to_string(),
        None => format!("https://{host}"),
    };
    let mut url = format!("{base}/{}", encode_path(key));
    if !query.is_empty() {
        url.push('?');
        url.push_str(query);
    }
    let mut req = http.get(url).timeout(config.timeout);
    for (k, v) in headers {
        req = req.header(k.as_str(), v.as_str());
    }
    answer::send(action, req, request_id, |f| {
        store_error(
            action,
            f.status,
            &String::from_utf8_lossy(&f.body),
            f.request_id,
        )
    })
    .await
}

/// `query` as a query string, each name and value percent-encoded.
pub(crate) fn encoded_query(query: &[(String, String)]) -> String {
    query
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The query of one listing page: `first` (`list-type=2` for a V2
/// listing), `max-keys`, the connection's prefix, and the cursor under the
/// store's name for it (`marker`, `continuation-token`).
pub(crate) fn list_query(
    first: &[(&str, &str)],
    prefix: Option<&str>,
    cursor_name: &str,
    cursor: Option<&str>,
) -> Vec<(String, String)> {
    let mut query: Vec<(String, String)> = first
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    query.push(("max-keys".into(), MAX_KEYS.into()));
    if let Some(p) = prefix.filter(|p| !p.is_empty()) {
        query.push(("prefix".into(), p.to_string()));
    }
    if let Some(c) = cursor {
        query.push((cursor_name.into(), c.to_string()));
    }
    query
}

/// The listing page a list answer holds.
pub(crate) async fn page_of(
    action: &str,
    resp: reqwest::Response,
) -> Result<ObjectPage, ProviderError> {
    let (body, id) = answer::whole(action, resp, request_id).await?;
    listing(action, &String::from_utf8_lossy(&body), id)
}

/// The request id the three put in a header (`x-oss-request-id`,
/// `x-cos-request-id`, `x-obs-request-id`).
pub(crate) fn request_id(resp: &reqwest::Response) -> String {
    ["x-oss-request-id", "x-cos-request-id", "x-obs-request-id"]
        .iter()
        .find_map(|h| resp.headers().get(*h).and_then(|v| v.to_str().ok()))
        .unwrap_or_default()
        .to_string()
}

/// `<Error><Code/><Message/><RequestId/></Error>` as an error.
pub(crate) fn store_error(action: &str, status: u16, text: &str, id: String) -> ProviderError {
    let code = tag_text(text, "Code");
    let kind = match code.as_deref().unwrap_or("") {
        "InvalidAccessKeyId"
        | "SignatureDoesNotMatch"
        | "RequestTimeTooSkewed"
        | "InvalidSecurityToken"
        | "AccessForbidden" => ErrorKind::CredentialsRejected,
        "AccessDenied" => ErrorKind::PermissionMissing,
        "SlowDown" | "ServerBusy" | "ServiceUnavailable" | "RequestRateLimitExceeded" => {
            ErrorKind::Throttled
        }
        "InternalError" => ErrorKind::ServerError,
        _ if status == 429 || status == 503 => ErrorKind::Throttled,
        _ => ErrorKind::of_status(status),
    };
    let message = tag_text(text, "Message");
    let mut err = ProviderError::failed(action, status, kind, code.as_deref(), message.as_deref());
    let id = Some(id)
        .filter(|i| !i.is_empty())
        .or_else(|| tag_text(text, "RequestId"));
    if let Some(id) = id {
        err = err.with_request_id(id);
    }
    if kind == ErrorKind::Throttled {
        // None of the three states a wait; their SDKs back off from a second.
        err.retry_after = Some(Duration::from_secs(1));
    }
    err
}

fn tag_text(xml: &str, tag: &str) -> Option<String> {
    let doc = roxmltree::Document::parse(xml).ok()?;
    let node = doc.descendants().find(|n| n.has_tag_name(tag))?;
    Some(node.text().unwrap_or_default().to_string())
}

fn bad(action: &str, what: &str) -> ProviderError {
    ProviderError::new(
        ErrorKind::BadResponse,
        format!("{action} answered without {what}"),
    )
}

/// One page of a `ListBucketResult`: its objects, and what leads to the
/// next page (`NextContinuationToken` for a V2 listing; `NextMarker`, else
/// the last key, for a marker listing).
pub(crate) fn listing(
    action: &str,
    text: &str,
    request_id: String,
) -> Result<ObjectPage, ProviderError> {
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        ProviderError::new(
            ErrorKind::BadResponse,
            format!("{action} answered with XML that does not parse: {e}"),
        )
    })?;
    let root = doc.root_element();
    if !root.has_tag_name("ListBucketResult") {
        return Err(bad(action, "ListBucketResult"));
    }
    let child = |n: roxmltree::Node<'_, '_>, tag: &str| {
        n.children()
            .find(|c| c.has_tag_name(tag))
            .map(|c| c.text().unwrap_or_default().to_string())
    };
    let mut objects = Vec::new();
    for (i, c) in root
        .children()
        .filter(|n| n.has_tag_name("Contents"))
        .enumerate()
    {
        let field =
            |tag: &str| child(c, tag).ok_or_else(|| bad(action, &format!("Contents[{i}].{tag}")));
        let key = field("Key")?;
        let size = field("Size")?
            .trim()
            .parse::<u64>()
            .map_err(|_| bad(action, &format!("a number in Contents[{i}].Size")))?;
        let last_modified = chrono::DateTime::parse_from_rfc3339(field("LastModified")?.trim())
            .map_err(|_| bad(action, &format!("a time in Contents[{i}].LastModified")))?
            .timestamp();
        objects.push(ObjectInfo {
            key,
            etag: field("ETag")?.trim().trim_matches('"').to_string(),
            size,
            last_modified,
        });
    }
    let truncated = child(root, "IsTruncated").as_deref() == Some("true");
    let next = if !truncated {
        None
    } else {
        child(root, "NextContinuationToken")
            .or_else(|| child(root, "NextMarker"))
            .filter(|n| !n.is_empty())
            .or_else(|| objects.last().map(|o| o.key.clone()))
    };
    if truncated && next.is_none() {
        return Err(bad(action, "where a truncated listing goes on"));
    }
    Ok(ObjectPage {
        objects,
        next,
        request_id,
    })
}

/// The billing period (`YYYY-MM`) a bill file's name states: its last
/// `YYYYMM`, `YYYYMMDD` or `YYYY-MM` token (`..._InstanceBillMonth_202501.csv`,
/// `..._BillingItemDetail_20250131.csv.gz`, `.../2025-01/...`). `None` when
/// the name has no such token.
pub fn period_in_name(key: &str) -> Option<String> {
    let bytes = key.as_bytes();
    // Runs of digits, with where each starts.
    let mut runs: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii_digit() {
            let start = at;
            while at < bytes.len() && bytes[at].is_ascii_digit() {
                at += 1;
            }
            runs.push((start, &key[start..at]));
        } else {
            at += 1;
        }
    }
    let month = |y: &str, m: &str| {
        let ok = y.starts_with("20") && matches!(m.parse::<u32>(), Ok(1..=12));
        ok.then(|| format!("{y}-{m}"))
    };
    let mut found = None;
    for (i, (start, run)) in runs.iter().enumerate() {
        let this = match run.len() {
            6 | 8 => month(&run[..4], &run[4..6]),
            4 => runs
                .get(i + 1)
                .filter(|(next, m)| *next == start + 5 && bytes[start + 4] == b'-' && m.len() == 2)
                .and_then(|(_, m)| month(run, m)),
            _ => None,
        };
        if this.is_some() {
            found = this;
        }
    }
    found
}

/// One delivery per billing period: the period's newest data file (by
/// time, then key). Its id is the period, so its window stays the same
/// when a newer file restates the period, and its signature (the file's
/// key, ETag and size) says whether it did. Data files with no period in
/// their name come back apart.
pub(crate) fn newest_file_per_period(
    objects: &[ObjectInfo],
    is_data: impl Fn(&str) -> bool,
) -> (Vec<Delivery>, Vec<String>) {
    let mut by_period: std::collections::BTreeMap<String, &ObjectInfo> = Default::default();
    let mut unplaced = Vec::new();
    for o in objects.iter().filter(|o| is_data(&o.key)) {
        match period_in_name(&o.key) {
            Some(p) => {
                let newer = by_period
                    .get(&p)
                    .is_none_or(|b| (o.last_modified, &o.key) > (b.last_modified, &b.key));
                if newer {
                    by_period.insert(p, o);
                }
            }
            None => unplaced.push(o.key.clone()),
        }
    }
    let deliveries = by_period
        .into_iter()
        .map(|(period, o)| Delivery {
            id: period.clone(),
            period,
            manifest: None,
            files: vec![o.clone()],
            delivered_at: o.last_modified,
        })
        .collect();
    (deliveries, unplaced)
}

/// Bill files: CSV, gzipped CSV or Parquet (not folders, readmes or
/// the stores' own marker objects).
pub(crate) fn is_bill_file(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    !k.ends_with('/') && (k.ends_with(".csv") || k.ends_with(".csv.gz") || k.ends_with(".parquet"))
}

/// The gate of an object-store client, passed before a request is built:
/// refuses an action outside `allowed`, then a connection that names no
/// bucket; otherwise the bucket.
pub(crate) fn gate<'a>(
    action: &str,
    allowed: &[&str],
    bucket: &'a Option<String>,
) -> Result<&'a str, ProviderError> {
    if !allowed.contains(&action) {
        return Err(ProviderError::not_allowed(action));
    }
    bucket.as_deref().filter(|b| !b.is_empty()).ok_or_else(|| {
        ProviderError::new(
            ErrorKind::InvalidRequest,
            format!("{action}: the connection names no bucket"),
        )
    })
}

/// The bucket-route methods of an object-store client, written once over
/// its `object_call` (the allow-list gate and the store's signing): an
/// object action's raw answer, listing pages (the cursor under the store's
/// name for it, `first` the parameters a listing starts with), a small
/// object whole, a bill file as a stream, each period's newest bill file,
/// and the requests a second the sync may send.
macro_rules! bucket_route_methods {
    (actions: $actions:expr, cursor: $cursor:expr, first: $first:expr, rate: $rate:expr) => {
        /// An object action's answer as text: `Key` names the object,
        /// the other parameters go in the query.
        pub(crate) async fn object_raw(
            &self,
            action: &str,
            params: &[(&str, &str)],
        ) -> Result<serde_json::Value, $crate::ProviderError> {
            let key = params
                .iter()
                .find(|(k, _)| *k == "Key")
                .map_or("", |(_, v)| *v);
            let query: Vec<(String, String)> = params
                .iter()
                .filter(|(k, _)| *k != "Key")
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let resp = self.object_call(action, key, &query).await?;
            let body = $crate::answer::body(action, resp).await?;
            Ok(serde_json::Value::String(
                String::from_utf8_lossy(&body).into_owned(),
            ))
        }

        /// One page of the bill files under the connection's prefix.
        pub async fn list_objects(
            &self,
            cursor: Option<&str>,
        ) -> Result<$crate::bucket::ObjectPage, $crate::ProviderError> {
            let action = $actions[0];
            let prefix = self.config.extra.prefix.as_deref();
            let query = $crate::object_store::list_query($first, prefix, $cursor, cursor);
            let resp = self.object_call(action, "", &query).await?;
            $crate::object_store::page_of(action, resp).await
        }

        /// A small object whole, with the request id.
        pub async fn read_object(
            &self,
            key: &str,
        ) -> Result<(Vec<u8>, String), $crate::ProviderError> {
            let action = $actions[1];
            let resp = self.object_call(action, key, &[]).await?;
            $crate::answer::whole(action, resp, $crate::object_store::request_id).await
        }

        /// A bill file's body as a stream.
        pub async fn open_object(
            &self,
            key: &str,
        ) -> Result<$crate::bucket::ObjectBody, $crate::ProviderError> {
            let resp = self.object_call($actions[1], key, &[]).await?;
            Ok($crate::bucket::ObjectBody::new($actions[1], resp))
        }

        /// Each billing period's newest bill file.
        pub fn deliveries_without_manifest(
            &self,
            objects: &[$crate::bucket::ObjectInfo],
        ) -> (Vec<$crate::bucket::Delivery>, Vec<String>) {
            $crate::object_store::newest_file_per_period(
                objects,
                $crate::object_store::is_bill_file,
            )
        }

        pub fn object_rate(&self) -> u32 {
            $rate
        }
    };
}
pub(crate) use bucket_route_methods;

#[cfg(test)]
mod tests {
    use super::*;

    fn object(key: &str, etag: &str, at: i64) -> ObjectInfo {
        ObjectInfo {
            key: key.into(),
            etag: etag.into(),
            size: 10,
            last_modified: at,
        }
    }

    #[test]
    fn periods_are_read_from_bill_file_names() {
        let p = |k: &str| period_in_name(k);
        assert_eq!(
            p("bill/123_InstanceBillMonth_202501.csv").as_deref(),
            Some("2025-01")
        );
        assert_eq!(
            p("1234567_BillingItemDetail_20250131.csv.gz").as_deref(),
            Some("2025-01")
        );
        assert_eq!(p("focus/2024-12/part-1.csv").as_deref(), Some("2024-12"));
        assert_eq!(p("focus/202513/x.csv"), None);
        assert_eq!(p("readme.csv"), None);
    }

    #[test]
    fn the_newest_file_of_a_period_is_its_delivery() {
        let objects = [
            object("b/1_Bill_202501.csv", "a", 5),
            object("b/1_Bill_202501-final.csv", "b", 9),
            object("b/1_Bill_202502.csv", "c", 7),
            object("b/notes.txt", "d", 1),
            object("b/undated.csv", "e", 1),
        ];
        let (ds, unplaced) = newest_file_per_period(&objects, is_bill_file);
        assert_eq!(ds.len(), 2);
        assert_eq!(ds[0].files[0].key, "b/1_Bill_202501-final.csv");
        assert_eq!(ds[0].window_key("9"), "9/2025-01/bucket/2025-01");
        assert_eq!(unplaced, ["b/undated.csv"]);
        let again = newest_file_per_period(
            &[object("b/1_Bill_202501-final.csv", "b2", 9)],
            is_bill_file,
        )
        .0;
        assert_ne!(again[0].signature(), ds[0].signature());
        assert_eq!(again[0].window_key("9"), ds[0].window_key("9"));
    }

    #[test]
    fn listings_page_by_token_or_marker_and_errors_name_their_kind() {
        let v2 = r#"<?xml version="1.0"?><ListBucketResult><Name>b</Name><IsTruncated>true</IsTruncated>
            <NextContinuationToken>tok</NextContinuationToken>
            <Contents><Key>k1</Key><LastModified>2025-02-01T06:00:00.000Z</LastModified><ETag>"E1"</ETag><Size>12</Size></Contents>
            </ListBucketResult>"#;
        let page = listing("OSS:ListObjects", v2, "r".into()).map_err(|e| e.message);
        let page = page
            .as_ref()
            .map(|p| (p.objects[0].etag.clone(), p.next.clone()));
        assert_eq!(page, Ok(("E1".to_string(), Some("tok".to_string()))));
        let marker = r#"<ListBucketResult><IsTruncated>true</IsTruncated>
            <Contents><Key>k9</Key><LastModified>2025-02-01T06:00:00Z</LastModified><ETag>"E"</ETag><Size>1</Size></Contents>
            </ListBucketResult>"#;
        let next = listing("COS:GetBucket", marker, String::new()).map(|p| p.next);
        assert_eq!(next.ok().flatten().as_deref(), Some("k9"));
        let e = store_error(
            "OBS:GetObject",
            503,
            "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>R1</RequestId></Error>",
            String::new(),
        );
        assert_eq!(
            (e.kind, e.request_id.as_deref()),
            (ErrorKind::Throttled, Some("R1"))
        );
        let e = store_error(
            "OSS:GetObject",
            403,
            "<Error><Code>AccessDenied</Code></Error>",
            "x".into(),
        );
        assert_eq!(e.kind, ErrorKind::PermissionMissing);
    }
}
