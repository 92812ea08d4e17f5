//! S3 as the exports' bucket: `ListObjectsV2` (`list-type=2`, `prefix`,
//! `max-keys` up to 1000, `continuation-token`) in key order and
//! `GetObject` by key, with S3's own errors (`NoSuchBucket`, `NoSuchKey`).

use super::errors::{error, escape, ok, Shape};
use super::exports::Object;
use super::signing::decode;
use crate::RawResponse;

const NS: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

fn iso(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S.000Z").to_string())
        .unwrap_or_default()
}

pub fn list(bucket: &str, query: &str, objects: &[Object], page_size: usize) -> RawResponse {
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let field = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if field("list-type") != Some("2") {
        return error(
            Shape::S3,
            400,
            "InvalidArgument",
            "Only ListObjectsV2 (list-type=2) is mocked.",
        );
    }
    let prefix = field("prefix").unwrap_or("");
    let max_keys = match field("max-keys").map(str::parse::<usize>) {
        None => 1000,
        Some(Ok(n)) => n.min(1000),
        Some(Err(_)) => {
            return error(
                Shape::S3,
                400,
                "InvalidArgument",
                "max-keys must be an integer.",
            )
        }
    };
    let matching: Vec<&Object> = objects
        .iter()
        .filter(|o| o.key.starts_with(prefix))
        .collect();
    let start = match field("continuation-token") {
        None => 0,
        Some(t) => match t.strip_prefix("ct-").and_then(|n| n.parse::<usize>().ok()) {
            Some(n) => n,
            None => {
                return error(
                    Shape::S3,
                    400,
                    "InvalidArgument",
                    "The continuation token provided is incorrect.",
                )
            }
        },
    };
    let end = matching.len().min(start + max_keys.min(page_size.max(1)));
    let page = &matching[start.min(end)..end];
    let truncated = end < matching.len();
    let mut body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"{NS}\"><Name>{}</Name><Prefix>{}</Prefix><KeyCount>{}</KeyCount><MaxKeys>{max_keys}</MaxKeys><IsTruncated>{truncated}</IsTruncated>",
        escape(bucket),
        escape(prefix),
        page.len()
    );
    for o in page {
        body.push_str(&format!(
            "<Contents><Key>{}</Key><LastModified>{}</LastModified><ETag>&quot;{}&quot;</ETag><Size>{}</Size><StorageClass>STANDARD</StorageClass></Contents>",
            escape(&o.key),
            iso(o.last_modified),
            o.etag,
            o.body.len()
        ));
    }
    if let Some(t) = field("continuation-token") {
        body.push_str(&format!(
            "<ContinuationToken>{}</ContinuationToken>",
            escape(t)
        ));
    }
    if truncated {
        body.push_str(&format!(
            "<NextContinuationToken>ct-{end}</NextContinuationToken>"
        ));
    }
    body.push_str("</ListBucketResult>");
    ok(Shape::S3, "application/xml", body.into_bytes())
}

pub fn get(path: &str, objects: &[Object]) -> RawResponse {
    let key = decode(path.trim_start_matches('/'));
    match objects.iter().find(|o| o.key == key) {
        Some(o) => {
            let mut r = ok(
                Shape::S3,
                "application/octet-stream",
                o.body.as_ref().clone(),
            );
            r.headers.push(("etag".into(), format!("\"{}\"", o.etag)));
            r.headers
                .push(("last-modified".into(), iso(o.last_modified)));
            r
        }
        None => error(
            Shape::S3,
            404,
            "NoSuchKey",
            "The specified key does not exist.",
        ),
    }
}
