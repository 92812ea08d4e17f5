//! The gateway's side of SigV4, written from the AWS documentation apart
//! from the client's signer: parse `Authorization`, check the key (the
//! account's own, or an unexpired session key with its token), the date
//! against the gateway's clock and the credential scope, rebuild the
//! canonical request from what actually arrived (the headers its
//! `SignedHeaders` names; for S3 the payload hash it declared, which must
//! be the body's), derive the key and compare.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::RawRequest;

/// Why a request was refused: AWS's code, message and HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
    pub status: u16,
}

fn refuse(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        code,
        message: message.into(),
        status: 403,
    }
}

/// The skew AWS accepts between a request's date and its own clock.
const SKEW: i64 = 15 * 60;

/// A key the gateway knows: the account's, or a session's (with its token
/// and expiry).
pub struct KnownKey<'a> {
    pub secret: &'a str,
    pub session: Option<(&'a str, i64)>,
}

/// The signature's parts.
struct Authorization<'a> {
    key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

fn parse(auth: &str) -> Result<Authorization<'_>, Refusal> {
    let rest = auth.strip_prefix("AWS4-HMAC-SHA256 ").ok_or_else(|| {
        refuse(
            "IncompleteSignature",
            "Authorization must use AWS4-HMAC-SHA256.",
        )
    })?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        match part.trim().split_once('=') {
            Some(("Credential", v)) => credential = Some(v),
            Some(("SignedHeaders", v)) => signed = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => {}
        }
    }
    let (Some(credential), Some(signed_headers), Some(signature)) = (credential, signed, signature)
    else {
        return Err(refuse(
            "IncompleteSignature",
            "Authorization needs Credential, SignedHeaders and Signature.",
        ));
    };
    let parts: Vec<&str> = credential.split('/').collect();
    let [key_id, date, region, service, "aws4_request"] = parts.as_slice() else {
        return Err(refuse(
            "IncompleteSignature",
            "Credential must be KEY/DATE/REGION/SERVICE/aws4_request.",
        ));
    };
    Ok(Authorization {
        key_id,
        date,
        region,
        service,
        signed_headers,
        signature,
    })
}

/// Checks `req`'s signature for `service` in `region`; `lookup` finds a
/// key by its id. Returns the key id that signed.
pub fn verify<'k>(
    req: &RawRequest,
    region: &str,
    service: &str,
    now: i64,
    lookup: impl Fn(&str) -> Option<KnownKey<'k>>,
) -> Result<String, Refusal> {
    let auth = req.header("authorization").ok_or_else(|| {
        refuse(
            "MissingAuthenticationToken",
            "Request is missing Authentication Token.",
        )
    })?;
    let a = parse(auth)?;
    let key = lookup(a.key_id).ok_or_else(|| {
        refuse(
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        )
    })?;
    if let Some((token, expires)) = key.session {
        if req.header("x-amz-security-token") != Some(token) {
            return Err(refuse(
                "InvalidToken",
                "The provided token is malformed or otherwise invalid.",
            ));
        }
        if now >= expires {
            return Err(Refusal {
                status: 400,
                ..refuse(
                    "ExpiredToken",
                    "The security token included in the request is expired.",
                )
            });
        }
    }
    let amz_date = req
        .header("x-amz-date")
        .ok_or_else(|| refuse("IncompleteSignature", "X-Amz-Date is missing."))?;
    let at = chrono::NaiveDateTime::parse_from_str(amz_date, "%Y%m%dT%H%M%SZ")
        .map_err(|_| refuse("IncompleteSignature", "X-Amz-Date is not YYYYMMDDTHHMMSSZ."))?
        .and_utc()
        .timestamp();
    if (now - at).abs() > SKEW {
        return Err(refuse(
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large.",
        ));
    }
    if !amz_date.starts_with(a.date) || a.region != region || a.service != service {
        return Err(refuse(
            "SignatureDoesNotMatch",
            format!("Credential should be scoped to a valid region ('{region}') and service ('{service}') on the request's date."),
        ));
    }
    let names: Vec<&str> = a.signed_headers.split(';').collect();
    if !names.contains(&"host") || !names.contains(&"x-amz-date") {
        return Err(refuse(
            "SignatureDoesNotMatch",
            "SignedHeaders must include host and x-amz-date.",
        ));
    }
    let body_hash = hex::encode(Sha256::digest(&req.body));
    let payload = if service == "s3" {
        let declared = req.header("x-amz-content-sha256").ok_or_else(|| {
            refuse(
                "InvalidRequest",
                "Missing required header for this request: x-amz-content-sha256.",
            )
        })?;
        if declared != body_hash {
            return Err(refuse(
                "XAmzContentSHA256Mismatch",
                "The provided 'x-amz-content-sha256' header does not match what was computed.",
            ));
        }
        declared.to_string()
    } else {
        body_hash
    };
    let mut canonical_headers = String::new();
    for name in &names {
        let values: Vec<String> = req
            .headers
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        if values.is_empty() {
            return Err(refuse(
                "SignatureDoesNotMatch",
                format!("Signed header {name} is missing."),
            ));
        }
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let canonical = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        if req.path.is_empty() { "/" } else { &req.path },
        canonical_query(&req.query),
        canonical_headers,
        a.signed_headers,
        payload
    );
    let scope = format!("{}/{region}/{service}/aws4_request", a.date);
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut k = mac(format!("AWS4{}", key.secret).as_bytes(), a.date.as_bytes());
    for part in [region, service, "aws4_request"] {
        k = mac(&k, part.as_bytes());
    }
    if hex::encode(mac(&k, to_sign.as_bytes())) != a.signature {
        return Err(refuse(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
        ));
    }
    Ok(a.key_id.to_string())
}

/// The received query, each name and value decoded then encoded the SigV4
/// way, sorted.
fn canonical_query(raw: &str) -> String {
    let mut pairs: Vec<(String, String)> = raw
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (encode(&decode(k)), encode(&decode(v)))
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(&s.replace('+', "%20"))
        .decode_utf8_lossy()
        .into_owned()
}

fn encode(s: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(s, KEEP).to_string()
}

fn mac(key: &[u8], data: &[u8]) -> Vec<u8> {
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut m) => {
            m.update(data);
            m.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The suite's get-vanilla-query-order-key-case, as the gateway receives it.
    fn suite_request() -> RawRequest {
        RawRequest {
            method: "GET".into(),
            path: "/".into(),
            query: "Param2=value2&Param1=value1".into(),
            headers: vec![
                ("host".into(), "example.amazonaws.com".into()),
                ("x-amz-date".into(), "20150830T123600Z".into()),
                ("authorization".into(), "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500".into()),
            ],
            body: Vec::new(),
        }
    }

    #[test]
    fn accepts_the_suite_case_and_refuses_changes() {
        let now = 1_440_938_160;
        let key = |id: &str| {
            (id == "AKIDEXAMPLE").then_some(KnownKey {
                secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                session: None,
            })
        };
        assert_eq!(
            verify(&suite_request(), "us-east-1", "service", now, key),
            Ok("AKIDEXAMPLE".into())
        );
        let code = |r: Result<String, Refusal>| r.err().map(|e| e.code);
        assert_eq!(
            code(verify(
                &suite_request(),
                "us-east-1",
                "service",
                now + 3600,
                key
            )),
            Some("RequestTimeTooSkewed")
        );
        assert_eq!(
            code(verify(&suite_request(), "eu-west-1", "service", now, key)),
            Some("SignatureDoesNotMatch")
        );
        let mut changed = suite_request();
        changed.query = "Param2=value2&Param1=value0".into();
        assert_eq!(
            code(verify(&changed, "us-east-1", "service", now, key)),
            Some("SignatureDoesNotMatch")
        );
        assert_eq!(
            code(verify(
                &suite_request(),
                "us-east-1",
                "service",
                now,
                |_| None
            )),
            Some("InvalidClientTokenId")
        );
    }
}
