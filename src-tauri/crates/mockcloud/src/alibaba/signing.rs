//! The gateway's side of signature V3 (ACS3-HMAC-SHA256), written from the
//! documentation and independent of the client's signer: the canonical
//! request is rebuilt from what actually arrived (decoded and re-encoded
//! query, the Host received), so a client that signs one thing and sends
//! another fails here.

use std::collections::BTreeMap;

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

use crate::RawRequest;

/// Why a request was refused: HTTP status, code and message, as Alibaba
/// Cloud's gateway words them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    /// Counted as a bad signature (key and signature problems; a stale date
    /// or a reused nonce is not).
    pub bad_signature: bool,
}

const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn encode(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

/// The query's parameters, decoded.
pub(super) fn params(query: &str) -> BTreeMap<String, String> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
            (dec(k), dec(v))
        })
        .collect()
}

fn incomplete(what: &str) -> Refusal {
    Refusal {
        status: 400,
        code: "IncompleteSignature",
        message: format!("The request signature does not conform to Aliyun standards: {what}."),
        bad_signature: true,
    }
}

/// Checks the request against the expected key; `now` is Unix seconds.
pub(super) fn verify(
    req: &RawRequest,
    key_id: &str,
    secret: &str,
    now: i64,
) -> Result<(), Refusal> {
    let auth = req
        .header("authorization")
        .ok_or_else(|| incomplete("no Authorization header"))?;
    let rest = auth
        .strip_prefix("ACS3-HMAC-SHA256 ")
        .ok_or_else(|| incomplete("the algorithm is not ACS3-HMAC-SHA256"))?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        match part.trim().split_once('=') {
            Some(("Credential", v)) => credential = Some(v),
            Some(("SignedHeaders", v)) => signed_headers = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => return Err(incomplete("an Authorization part is not Name=value")),
        }
    }
    let (Some(credential), Some(signed_headers), Some(signature)) =
        (credential, signed_headers, signature)
    else {
        return Err(incomplete(
            "Credential, SignedHeaders or Signature is missing",
        ));
    };
    if credential != key_id {
        return Err(Refusal {
            status: 404,
            code: "InvalidAccessKeyId.NotFound",
            message: "Specified access key is not found.".into(),
            bad_signature: true,
        });
    }
    for h in [
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
    ] {
        if req.header(h).is_none() {
            return Err(incomplete(&format!("the {h} header is missing")));
        }
    }
    let names: Vec<String> = signed_headers
        .split(';')
        .map(|n| n.to_ascii_lowercase())
        .collect();
    // host and every x-acs-* header sent must be signed.
    let must: Vec<&str> = req
        .headers
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| *k == "host" || k.starts_with("x-acs-"))
        .collect();
    if let Some(unsigned) = must.iter().find(|m| !names.iter().any(|n| n == *m)) {
        return Err(incomplete(&format!("the {unsigned} header is not signed")));
    }
    let body_hash = hex::encode(Sha256::digest(&req.body));
    let claimed_hash = req.header("x-acs-content-sha256").unwrap_or_default();
    if claimed_hash != body_hash {
        return Err(Refusal {
            status: 400,
            code: "SignatureDoesNotMatch",
            message: "x-acs-content-sha256 is not the SHA-256 of the body.".into(),
            bad_signature: true,
        });
    }
    let mut sorted = names.clone();
    sorted.sort();
    let mut canonical_headers = String::new();
    for n in &sorted {
        let values: Vec<&str> = req
            .headers
            .iter()
            .filter(|(k, _)| k == n)
            .map(|(_, v)| v.trim())
            .collect();
        if values.is_empty() {
            return Err(incomplete(&format!("the signed header {n} was not sent")));
        }
        let mut values = values;
        values.sort_unstable();
        canonical_headers.push_str(&format!("{n}:{}\n", values.join(",")));
    }
    let mut query: Vec<(String, String)> = params(&req.query)
        .into_iter()
        .map(|(k, v)| (encode(&k), encode(&v)))
        .collect();
    query.sort();
    let query = query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let path = if req.path.is_empty() { "/" } else { &req.path };
    let canonical = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        path,
        query,
        canonical_headers,
        sorted.join(";"),
        claimed_hash
    );
    let to_sign = format!(
        "ACS3-HMAC-SHA256\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|_| Refusal {
        status: 500,
        code: "InternalError",
        message: "The mock's secret is unusable.".into(),
        bad_signature: false,
    })?;
    mac.update(to_sign.as_bytes());
    if hex::encode(mac.finalize().into_bytes()) != signature {
        return Err(Refusal {
            status: 400,
            code: "SignatureDoesNotMatch",
            message: format!(
                "Specified signature is not matched with our calculation. server string to sign is:{to_sign}"
            ),
            bad_signature: true,
        });
    }
    let date = req.header("x-acs-date").unwrap_or_default();
    let at = chrono::NaiveDateTime::parse_from_str(date, "%Y-%m-%dT%H:%M:%SZ")
        .map(|d| d.and_utc().timestamp())
        .map_err(|_| Refusal {
            status: 400,
            code: "InvalidTimeStamp.Format",
            message: "Specified time stamp or date value is not well formatted.".into(),
            bad_signature: false,
        })?;
    // The gateway accepts fifteen minutes of clock skew.
    if (now - at).abs() > 15 * 60 {
        return Err(Refusal {
            status: 400,
            code: "InvalidTimeStamp.Expired",
            message: "Specified time stamp or date value is expired.".into(),
            bad_signature: false,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented RunInstances example, as the gateway receives it.
    fn doc_request(signature: &str) -> RawRequest {
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        RawRequest {
            method: "POST".into(),
            path: "/".into(),
            query: "RegionId=cn-shanghai&ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"
                .into(),
            headers: vec![
                ("host".into(), "ecs.cn-shanghai.aliyuncs.com".into()),
                ("x-acs-action".into(), "RunInstances".into()),
                ("x-acs-version".into(), "2014-05-26".into()),
                ("x-acs-date".into(), "2023-10-26T10:22:32Z".into()),
                ("x-acs-signature-nonce".into(), "3156853299f313e23d1673dc12e1703d".into()),
                ("x-acs-content-sha256".into(), empty.into()),
                (
                    "authorization".into(),
                    format!(
                        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;\
                         x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature={signature}"
                    ),
                ),
            ],
            body: vec![],
        }
    }

    const DOC_SIGNATURE: &str = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";
    const DOC_TIME: i64 = 1_698_315_752; // 2023-10-26T10:22:32Z

    #[test]
    fn accepts_the_documented_example() {
        let r = verify(
            &doc_request(DOC_SIGNATURE),
            "YourAccessKeyId",
            "YourAccessKeySecret",
            DOC_TIME,
        );
        assert_eq!(r, Ok(()));
    }

    #[test]
    fn refuses_a_wrong_secret_key_or_stale_date() {
        let req = doc_request(DOC_SIGNATURE);
        let code = |r: Result<(), Refusal>| r.err().map(|e| e.code);
        assert_eq!(
            code(verify(&req, "YourAccessKeyId", "other", DOC_TIME)),
            Some("SignatureDoesNotMatch")
        );
        assert_eq!(
            code(verify(&req, "AnotherKey", "YourAccessKeySecret", DOC_TIME)),
            Some("InvalidAccessKeyId.NotFound")
        );
        assert_eq!(
            code(verify(
                &req,
                "YourAccessKeyId",
                "YourAccessKeySecret",
                DOC_TIME + 3600
            )),
            Some("InvalidTimeStamp.Expired")
        );
        let mut tampered = doc_request(DOC_SIGNATURE);
        tampered.query = "RegionId=cn-beijing&ImageId=x".into();
        assert_eq!(
            code(verify(
                &tampered,
                "YourAccessKeyId",
                "YourAccessKeySecret",
                DOC_TIME
            )),
            Some("SignatureDoesNotMatch")
        );
    }
}
