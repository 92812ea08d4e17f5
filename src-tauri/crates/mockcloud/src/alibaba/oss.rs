//! OSS as the bill subscription's bucket: `ListObjectsV2` (`list-type=2`,
//! `prefix`, `max-keys`, `continuation-token`) and `GetObject`, on
//! `{bucket}.oss-{region}.aliyuncs.com`, each request's OSS V4 signature
//! (`OSS4-HMAC-SHA256`) verified by this module's own implementation.
//! Throttling is OSS's HTTP 503 `ServerBusy`; errors are `<Error>` XML.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::bill_bucket::{decode, query_pairs, Paging};
use crate::object_store::ObjectStore;
use crate::RawRequest;

pub(super) const ID_HEADER: &str = "x-oss-request-id";

/// How OSS words its answers, its actions as RAM names them.
pub(super) const STORE: ObjectStore = ObjectStore {
    id_header: ID_HEADER,
    list_action: "OSS:ListObjects",
    get_action: "OSS:GetObject",
    paging: Paging::Token,
    denied: "You have no right to access this object because of bucket acl.",
    busy: ("ServerBusy", "Please reduce your request rate."),
};

/// `(bucket, region)` of a request for an OSS host.
pub(super) fn bucket_host(req: &RawRequest) -> Option<(String, String)> {
    let host = req.header("host")?.split(':').next()?;
    let rest = host.strip_suffix(".aliyuncs.com")?;
    let (bucket, endpoint) = rest.split_once('.')?;
    let region = endpoint.strip_prefix("oss-")?;
    Some((bucket.to_string(), region.to_string()))
}

fn mac(key: &[u8], data: &str) -> Vec<u8> {
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut m) => {
            m.update(data.as_bytes());
            m.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn uri_encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b'/' if keep_slash => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Why a request's signature is refused: (status, code, message).
type Refusal = (u16, &'static str, String);

/// Checks the V4 signature the way OSS does.
pub(super) fn verify(
    req: &RawRequest,
    bucket: &str,
    region: &str,
    key_id: &str,
    secret: &str,
    now: i64,
) -> Result<(), Refusal> {
    let denied = |m: &str| (403, "AccessDenied", m.to_string());
    let auth = req
        .header("authorization")
        .ok_or_else(|| denied("Anonymous access is forbidden for this operation."))?;
    let rest = auth.strip_prefix("OSS4-HMAC-SHA256 ").ok_or_else(|| {
        (
            400,
            "InvalidArgument",
            "Authorization header is invalid.".to_string(),
        )
    })?;
    let mut credential = None;
    let mut signature = None;
    let mut additional = "";
    for part in rest.split(',') {
        match part.trim().split_once('=') {
            Some(("Credential", v)) => credential = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            Some(("AdditionalHeaders", v)) => additional = v,
            _ => {
                return Err((
                    400,
                    "InvalidArgument",
                    "Authorization header is invalid.".into(),
                ))
            }
        }
    }
    let (Some(credential), Some(signature)) = (credential, signature) else {
        return Err((
            400,
            "InvalidArgument",
            "Credential or Signature is missing.".into(),
        ));
    };
    let parts: Vec<&str> = credential.split('/').collect();
    let [ak, date, scope_region, "oss", "aliyun_v4_request"] = parts.as_slice() else {
        return Err((400, "InvalidArgument", "Credential is invalid.".into()));
    };
    if *ak != key_id {
        return Err((
            403,
            "InvalidAccessKeyId",
            "The OSS Access Key Id you provided does not exist in our records.".into(),
        ));
    }
    if *scope_region != region {
        return Err((
            400,
            "InvalidArgument",
            format!("Invalid signing region in Authorization header: {scope_region}."),
        ));
    }
    let time = req.header("x-oss-date").unwrap_or_default();
    let at = chrono::NaiveDateTime::parse_from_str(time, "%Y%m%dT%H%M%SZ")
        .map(|t| t.and_utc().timestamp())
        .map_err(|_| {
            (
                403,
                "AccessDenied",
                "x-oss-date is missing or invalid.".to_string(),
            )
        })?;
    if (at - now).abs() > 15 * 60 {
        return Err((
            403,
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large.".into(),
        ));
    }
    if !time.starts_with(date) {
        return Err((
            400,
            "InvalidArgument",
            "The date in Credential does not match x-oss-date.".into(),
        ));
    }
    // Canonical URI: the object key decoded from the path, encoded again.
    let key = decode(req.path.trim_start_matches('/'));
    let uri = format!("/{bucket}/{}", uri_encode(&key, true));
    let mut query: Vec<String> = query_pairs(&req.query)
        .into_iter()
        .map(|(k, v)| {
            if v.is_empty() {
                uri_encode(&k, false)
            } else {
                format!("{}={}", uri_encode(&k, false), uri_encode(&v, false))
            }
        })
        .collect();
    query.sort();
    let extra: Vec<String> = additional
        .split(';')
        .filter(|h| !h.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut headers: Vec<(String, String)> = req
        .headers
        .iter()
        .filter(|(k, _)| {
            k.starts_with("x-oss-")
                || k == "content-type"
                || k == "content-md5"
                || extra.contains(k)
        })
        .map(|(k, v)| (k.clone(), v.trim().to_string()))
        .collect();
    headers.sort();
    let canonical_headers: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let canonical = format!(
        "{}\n{uri}\n{}\n{canonical_headers}\n{}\nUNSIGNED-PAYLOAD",
        req.method,
        query.join("&"),
        extra.join(";")
    );
    let scope = format!("{date}/{region}/oss/aliyun_v4_request");
    let to_sign = format!(
        "OSS4-HMAC-SHA256\n{time}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut k = mac(format!("aliyun_v4{secret}").as_bytes(), date);
    for p in [region, "oss", "aliyun_v4_request"] {
        k = mac(&k, p);
    }
    if hex::encode(mac(&k, &to_sign)) != signature {
        return Err((
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.".into(),
        ));
    }
    Ok(())
}
