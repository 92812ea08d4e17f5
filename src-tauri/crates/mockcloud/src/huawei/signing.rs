//! The API gateway's side of SDK-HMAC-SHA256, written from the
//! documentation (devg-apisign api-sign-algorithm-002..005) and not from
//! the client's signer: the canonical request is rebuilt from what arrived
//! (decoded, then re-encoded), so a client that signs something other than
//! what it sends fails here.

use chrono::NaiveDateTime;
use hmac::{Hmac, Mac};
use percent_encoding::percent_decode_str;
use sha2::{Digest, Sha256};

use crate::RawRequest;

/// Why a request's signature was refused, in the gateway's words.
#[derive(Debug)]
pub enum Refusal {
    UnknownKey(String),
    Malformed(&'static str),
    Expired,
    Mismatch,
}

impl Refusal {
    pub fn message(&self) -> String {
        let m = match self {
            Refusal::UnknownKey(ak) => {
                format!("Get secretKey failed,ak:{ak},err:ak not exist")
            }
            Refusal::Malformed(what) => what.to_string(),
            Refusal::Expired => "verify aksk signature fail, signature expired".into(),
            Refusal::Mismatch => "verify aksk signature fail".into(),
        };
        format!("Incorrect IAM authentication information: {m}")
    }
}

/// Unreserved characters stay, every other byte becomes `%XX`.
fn rfc3986(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decoded(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

fn sha256_hex(data: &[u8]) -> String {
    let digest = Sha256::digest(data);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

struct Authorization<'a> {
    access: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

fn authorization(value: &str) -> Option<Authorization<'_>> {
    let rest = value.strip_prefix("SDK-HMAC-SHA256 ")?;
    let (mut access, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        match k {
            "Access" => access = Some(v),
            "SignedHeaders" => signed_headers = Some(v),
            "Signature" => signature = Some(v),
            _ => return None,
        }
    }
    Some(Authorization {
        access: access?,
        signed_headers: signed_headers?,
        signature: signature?,
    })
}

/// Checks `req` against the one known key; the gateway allows 15 minutes
/// of skew from its clock (`now`, Unix seconds).
pub fn verify(req: &RawRequest, key_id: &str, secret: &str, now: i64) -> Result<(), Refusal> {
    let auth = req
        .header("authorization")
        .and_then(authorization)
        .ok_or(Refusal::Malformed(
            "no SDK-HMAC-SHA256 Authorization header",
        ))?;
    if auth.access != key_id {
        return Err(Refusal::UnknownKey(auth.access.to_string()));
    }
    let names: Vec<&str> = auth.signed_headers.split(';').collect();
    if !names.contains(&"host") || !names.contains(&"x-sdk-date") {
        return Err(Refusal::Malformed("host and x-sdk-date must be signed"));
    }
    let date = req
        .header("x-sdk-date")
        .ok_or(Refusal::Malformed("no X-Sdk-Date header"))?;
    let at = NaiveDateTime::parse_from_str(date, "%Y%m%dT%H%M%SZ")
        .map_err(|_| Refusal::Malformed("X-Sdk-Date is not YYYYMMDDTHHMMSSZ"))?;
    if (now - at.and_utc().timestamp()).abs() > 15 * 60 {
        return Err(Refusal::Expired);
    }

    let mut uri: String = req
        .path
        .split('/')
        .map(|seg| rfc3986(&decoded(seg)))
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    let mut query: Vec<String> = req
        .query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            format!("{}={}", rfc3986(&decoded(k)), rfc3986(&decoded(v)))
        })
        .collect();
    query.sort();
    let mut headers = String::new();
    for name in &names {
        let value = req
            .header(name)
            .ok_or(Refusal::Malformed("a signed header is missing"))?;
        headers.push_str(&format!("{name}:{}\n", value.trim()));
    }
    let canonical = [
        req.method.as_str(),
        &uri,
        &query.join("&"),
        &headers,
        auth.signed_headers,
        &sha256_hex(&req.body),
    ]
    .join("\n");
    let to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        sha256_hex(canonical.as_bytes())
    );
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|_| Refusal::Mismatch)?;
    mac.update(to_sign.as_bytes());
    let expected = hex::decode(auth.signature).map_err(|_| Refusal::Mismatch)?;
    mac.verify_slice(&expected).map_err(|_| Refusal::Mismatch)
}
