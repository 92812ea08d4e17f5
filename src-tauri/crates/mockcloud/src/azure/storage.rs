//! Blob Storage as the export's container: List Blobs
//! (`restype=container&comp=list`, `prefix`, `maxresults` up to 5000,
//! `marker`/`NextMarker`) in name order, and Get Blob by name, with the
//! service's own errors (`ContainerNotFound`, `BlobNotFound`,
//! `MissingRequiredHeader` without `x-ms-version`).

use super::errors::storage;
use super::exports::Blob;
use super::names::request_id;
use crate::{RawRequest, RawResponse};

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn rfc1123(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|t| t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .unwrap_or_default()
}

/// Answers a request to `container`'s URL space.
pub fn answer(container: &str, req: &RawRequest, blobs: &[Blob], page_size: usize) -> RawResponse {
    if req.header("x-ms-version").is_none() {
        return storage(
            400,
            "MissingRequiredHeader",
            "An HTTP header that's mandatory for this request is not specified.",
        );
    }
    if req.method != "GET" {
        return storage(
            403,
            "AuthorizationPermissionMismatch",
            "This request is not authorized to perform this operation using this permission.",
        );
    }
    let path = decode(req.path.trim_start_matches('/'));
    let (c, name) = path.split_once('/').unwrap_or((path.as_str(), ""));
    if c != container {
        return storage(
            404,
            "ContainerNotFound",
            "The specified container does not exist.",
        );
    }
    if name.is_empty() {
        list(container, &req.query, blobs, page_size)
    } else {
        get(name, blobs)
    }
}

fn list(container: &str, query: &str, blobs: &[Blob], page_size: usize) -> RawResponse {
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let field = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if field("restype") != Some("container") || field("comp") != Some("list") {
        return storage(
            400,
            "InvalidQueryParameterValue",
            "Value for one of the query parameters specified in the request URI is invalid.",
        );
    }
    let prefix = field("prefix").unwrap_or("");
    let max = match field("maxresults").map(str::parse::<usize>) {
        None => 5000,
        Some(Ok(n)) if n > 0 => n.min(5000),
        _ => return storage(400, "OutOfRangeQueryParameterValue", "One of the query parameters specified in the request URI is outside the permissible range."),
    };
    let matching: Vec<&Blob> = blobs
        .iter()
        .filter(|b| b.name.starts_with(prefix))
        .collect();
    let start = match field("marker") {
        None | Some("") => 0,
        Some(m) => match m.strip_prefix("2!").and_then(|n| n.parse::<usize>().ok()) {
            Some(n) if n <= matching.len() => n,
            _ => return storage(
                400,
                "InvalidQueryParameterValue",
                "Value for one of the query parameters specified in the request URI is invalid.",
            ),
        },
    };
    let end = matching.len().min(start + max.min(page_size.max(1)));
    let mut xml = format!(
        "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"https://account.blob.core.windows.net/\" ContainerName=\"{}\"><Prefix>{}</Prefix><Marker>{}</Marker><MaxResults>{max}</MaxResults><Blobs>",
        escape(container),
        escape(prefix),
        escape(field("marker").unwrap_or("")),
    );
    for b in &matching[start..end] {
        xml.push_str(&format!(
            "<Blob><Name>{}</Name><Properties><Creation-Time>{t}</Creation-Time><Last-Modified>{t}</Last-Modified><Etag>{}</Etag><Content-Length>{}</Content-Length><Content-Type>application/octet-stream</Content-Type><BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier><LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState><ServerEncrypted>true</ServerEncrypted></Properties></Blob>",
            escape(&b.name),
            b.etag,
            b.body.len(),
            t = rfc1123(b.last_modified),
        ));
    }
    xml.push_str("</Blobs>");
    if end < matching.len() {
        xml.push_str(&format!("<NextMarker>2!{end}</NextMarker>"));
    } else {
        xml.push_str("<NextMarker />");
    }
    xml.push_str("</EnumerationResults>");
    RawResponse {
        status: 200,
        headers: vec![
            ("content-type".into(), "application/xml".into()),
            ("x-ms-request-id".into(), request_id()),
            ("x-ms-version".into(), "2023-11-03".into()),
        ],
        body: xml.into_bytes(),
    }
}

fn get(name: &str, blobs: &[Blob]) -> RawResponse {
    match blobs.iter().find(|b| b.name == name) {
        Some(b) => RawResponse {
            status: 200,
            headers: vec![
                ("content-type".into(), "application/octet-stream".into()),
                ("etag".into(), format!("\"{}\"", b.etag)),
                ("last-modified".into(), rfc1123(b.last_modified)),
                ("x-ms-blob-type".into(), "BlockBlob".into()),
                ("x-ms-request-id".into(), request_id()),
            ],
            body: b.body.as_ref().clone(),
        },
        None => storage(404, "BlobNotFound", "The specified blob does not exist."),
    }
}
