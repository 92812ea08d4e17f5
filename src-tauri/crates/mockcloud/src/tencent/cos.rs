//! COS as the bill storage bucket: GET Bucket (`prefix`, `max-keys`,
//! `marker`, answered with `NextMarker`) and GET Object, on
//! `{bucket}-{appid}.cos.{region}.myqcloud.com`, each request's
//! `q-sign-algorithm=sha1` signature verified by this module's own
//! implementation (the signed headers and parameters must be the
//! request's, the sign time must hold now). Throttling is COS's HTTP 503
//! `SlowDown`; errors are `<Error>` XML.

use hmac::{Hmac, Mac};
use sha1::{Digest, Sha1};

use crate::bill_bucket::{decode, query_pairs, Paging};
use crate::object_store::ObjectStore;
use crate::RawRequest;

pub(super) const ID_HEADER: &str = "x-cos-request-id";

/// How COS words its answers, its actions as CAM names them.
pub(super) const STORE: ObjectStore = ObjectStore {
    id_header: ID_HEADER,
    list_action: "COS:GetBucket",
    get_action: "COS:GetObject",
    paging: Paging::Marker,
    denied: "Access Denied.",
    busy: ("SlowDown", "Please reduce your request rate."),
};

/// The bucket of a request for a COS host.
pub(super) fn bucket_host(req: &RawRequest) -> Option<String> {
    let host = req.header("host")?.split(':').next()?;
    let rest = host.strip_suffix(".myqcloud.com")?;
    let (bucket, endpoint) = rest.split_once('.')?;
    endpoint.strip_prefix("cos.")?;
    Some(bucket.to_string())
}

fn hmac_hex(key: &[u8], data: &str) -> String {
    match Hmac::<Sha1>::new_from_slice(key) {
        Ok(mut m) => {
            m.update(data.as_bytes());
            hex::encode(m.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

type Refusal = (u16, &'static str, String);

/// `key=value&...` of the listed names, sorted, from `pairs`.
fn signed(list: &str, pairs: &[(String, String)]) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    for name in list.split(';').filter(|n| !n.is_empty()) {
        let (_, v) = pairs
            .iter()
            .find(|(k, _)| url_encode(&k.to_ascii_lowercase()) == name)?;
        out.push(format!("{name}={}", url_encode(v)));
    }
    out.sort();
    Some(out.join("&"))
}

/// Checks the signature the way COS does.
pub(super) fn verify(
    req: &RawRequest,
    key_id: &str,
    secret: &str,
    now: i64,
) -> Result<(), Refusal> {
    let denied = |m: &str| (403, "AccessDenied", m.to_string());
    let auth = req
        .header("authorization")
        .ok_or_else(|| denied("Access Denied."))?;
    let fields: Vec<(&str, &str)> = auth.split('&').filter_map(|p| p.split_once('=')).collect();
    let field = |k: &str| fields.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
    if field("q-sign-algorithm") != Some("sha1") {
        return Err(denied("The q-sign-algorithm is not supported."));
    }
    let (
        Some(ak),
        Some(sign_time),
        Some(key_time),
        Some(header_list),
        Some(param_list),
        Some(signature),
    ) = (
        field("q-ak"),
        field("q-sign-time"),
        field("q-key-time"),
        field("q-header-list"),
        field("q-url-param-list"),
        field("q-signature"),
    )
    else {
        return Err(denied("The Authorization lacks a q- field."));
    };
    if ak != key_id {
        return Err((
            403,
            "InvalidAccessKeyId",
            "The access key Id format you provided is invalid.".into(),
        ));
    }
    let window = sign_time
        .split_once(';')
        .and_then(|(a, b)| Some((a.parse::<i64>().ok()?, b.parse::<i64>().ok()?)));
    match window {
        Some((from, to)) if from <= now && now <= to => {}
        _ => {
            return Err((
                403,
                "RequestTimeTooSkewed",
                "The q-sign-time has expired or is not yet valid.".into(),
            ))
        }
    }
    // Everything signed must be sent, and the host must be signed.
    if !header_list.split(';').any(|h| h == "host") {
        return Err(denied("The host header must be signed."));
    }
    let params = query_pairs(&req.query);
    let all_params: Vec<String> = params
        .iter()
        .map(|(k, _)| url_encode(&k.to_ascii_lowercase()))
        .collect();
    if all_params
        .iter()
        .any(|p| !param_list.split(';').any(|l| l == p))
    {
        return Err((
            403,
            "SignatureDoesNotMatch",
            "A query parameter is not signed.".into(),
        ));
    }
    let signed_params = signed(param_list, &params);
    let signed_headers = signed(header_list, &req.headers);
    let (Some(signed_params), Some(signed_headers)) = (signed_params, signed_headers) else {
        return Err((
            403,
            "SignatureDoesNotMatch",
            "A signed header or parameter is missing.".into(),
        ));
    };
    let path = format!("/{}", decode(req.path.trim_start_matches('/')));
    let http = format!(
        "{}\n{path}\n{signed_params}\n{signed_headers}\n",
        req.method.to_ascii_lowercase()
    );
    let to_sign = format!(
        "sha1\n{sign_time}\n{}\n",
        hex::encode(Sha1::digest(http.as_bytes()))
    );
    let key = hmac_hex(secret.as_bytes(), key_time);
    if hmac_hex(key.as_bytes(), &to_sign) != signature {
        return Err((
            403,
            "SignatureDoesNotMatch",
            "The Signature you specified is invalid.".into(),
        ));
    }
    Ok(())
}
