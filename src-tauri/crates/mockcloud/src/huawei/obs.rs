//! OBS as the bill subscription's bucket: ListObjects (`prefix`,
//! `max-keys`, `marker`, answered with `NextMarker`) and GetObject, on
//! `{bucket}.obs.{region}.myhuaweicloud.com`, each request's
//! `Authorization: OBS AK:Signature` verified by this module's own
//! implementation (HMAC-SHA1 over the string to sign, the `Date` within 15
//! minutes). Throttling is OBS's HTTP 503 `ServiceUnavailable`; errors
//! are `<Error>` XML.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use crate::bill_bucket::{decode, Paging};
use crate::object_store::ObjectStore;
use crate::RawRequest;

pub(super) const ID_HEADER: &str = "x-obs-request-id";

/// How OBS words its answers, its actions as IAM names them
/// (`obs:bucket:ListBucket`, `obs:object:GetObject`).
pub(super) const STORE: ObjectStore = ObjectStore {
    id_header: ID_HEADER,
    list_action: "OBS:ListBucket",
    get_action: "OBS:GetObject",
    paging: Paging::Marker,
    denied: "Access Denied",
    busy: ("ServiceUnavailable", "Reduce your request rate."),
};

/// The bucket of a request for an OBS host.
pub(super) fn bucket_host(req: &RawRequest) -> Option<String> {
    let host = req.header("host")?.split(':').next()?;
    let rest = host.strip_suffix(".myhuaweicloud.com")?;
    let (bucket, endpoint) = rest.split_once('.')?;
    endpoint.strip_prefix("obs.")?;
    Some(bucket.to_string())
}

type Refusal = (u16, &'static str, String);

/// Checks the signature the way OBS does.
pub(super) fn verify(
    req: &RawRequest,
    bucket: &str,
    key_id: &str,
    secret: &str,
    now: i64,
) -> Result<(), Refusal> {
    let auth = req
        .header("authorization")
        .ok_or_else(|| (403, "AccessDenied", "Access Denied".to_string()))?;
    let Some((ak, signature)) = auth.strip_prefix("OBS ").and_then(|r| r.split_once(':')) else {
        return Err((
            400,
            "InvalidArgument",
            "Authorization is not OBS AK:Signature.".into(),
        ));
    };
    if ak != key_id {
        return Err((
            403,
            "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.".into(),
        ));
    }
    let obs_date = req.header("x-obs-date");
    let date = obs_date.or_else(|| req.header("date")).unwrap_or_default();
    let at = chrono::DateTime::parse_from_rfc2822(date)
        .map(|t| t.timestamp())
        .map_err(|_| {
            (
                403,
                "AccessDenied",
                "The Date header is missing or invalid.".to_string(),
            )
        })?;
    if (at - now).abs() > 15 * 60 {
        return Err((
            403,
            "RequestTimeTooSkewed",
            "The difference between the request time and the server's time is too large.".into(),
        ));
    }
    let mut obs: Vec<(String, String)> = req
        .headers
        .iter()
        .filter(|(k, _)| k.starts_with("x-obs-"))
        .map(|(k, v)| (k.clone(), v.trim().to_string()))
        .collect();
    obs.sort();
    let mut to_sign = format!(
        "{}\n{}\n{}\n{}\n",
        req.method,
        req.header("content-md5").unwrap_or_default(),
        req.header("content-type").unwrap_or_default(),
        if obs_date.is_some() { "" } else { date }
    );
    for (k, v) in obs {
        to_sign.push_str(&format!("{k}:{v}\n"));
    }
    to_sign.push_str(&format!(
        "/{bucket}/{}",
        decode(req.path.trim_start_matches('/'))
    ));
    let expected = match Hmac::<Sha1>::new_from_slice(secret.as_bytes()) {
        Ok(mut m) => {
            m.update(to_sign.as_bytes());
            base64::engine::general_purpose::STANDARD.encode(m.finalize().into_bytes())
        }
        Err(_) => String::new(),
    };
    if expected != signature {
        return Err((
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.".into(),
        ));
    }
    Ok(())
}
