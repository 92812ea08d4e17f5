//! The gateway's side of TC3-HMAC-SHA256, written from the Signature v3
//! documentation independently of the client's signer: rebuild the
//! canonical request from the headers the request actually carries (the
//! ones its `SignedHeaders` names, keys and values lower-cased and
//! trimmed), derive the signing key for the credential's date and service,
//! and compare.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::RawRequest;

/// Why a request's signature was refused: Tencent's code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
}

fn refuse(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        code,
        message: message.into(),
    }
}

/// The clock skew the gateway accepts (the documentation's five minutes).
const SKEW: i64 = 300;

pub fn verify(
    req: &RawRequest,
    key_id: &str,
    secret: &str,
    service: &str,
    now: i64,
) -> Result<(), Refusal> {
    let auth = req.header("authorization").ok_or_else(|| {
        refuse(
            "AuthFailure.SignatureFailure",
            "The Authorization header is missing.",
        )
    })?;
    let rest = auth.strip_prefix("TC3-HMAC-SHA256 ").ok_or_else(|| {
        refuse(
            "AuthFailure.InvalidAuthorization",
            "Authorization header format error: the algorithm must be TC3-HMAC-SHA256.",
        )
    })?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=').unwrap_or(("", ""));
        match k {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed_headers = Some(v),
            "Signature" => signature = Some(v),
            _ => {}
        }
    }
    let (Some(credential), Some(signed_headers), Some(signature)) =
        (credential, signed_headers, signature)
    else {
        return Err(refuse(
            "AuthFailure.InvalidAuthorization",
            "Authorization header format error: Credential, SignedHeaders and Signature are required.",
        ));
    };
    let scope: Vec<&str> = credential.split('/').collect();
    let [id, date, cred_service, "tc3_request"] = scope.as_slice() else {
        return Err(refuse(
            "AuthFailure.InvalidAuthorization",
            "Credential must be SecretId/Date/Service/tc3_request.",
        ));
    };
    if *id != key_id {
        return Err(refuse(
            "AuthFailure.SecretIdNotFound",
            "The SecretId is not found, please ensure that your SecretId is correct.",
        ));
    }
    let timestamp: i64 = req
        .header("x-tc-timestamp")
        .and_then(|t| t.trim().parse().ok())
        .ok_or_else(|| {
            refuse(
                "AuthFailure.SignatureFailure",
                "X-TC-Timestamp is missing or not a number.",
            )
        })?;
    if (now - timestamp).abs() > SKEW {
        return Err(refuse(
            "AuthFailure.SignatureExpire",
            format!("Signature expired. Timestamp {timestamp}, server time {now}."),
        ));
    }
    let utc_date = chrono::DateTime::from_timestamp(timestamp, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    if *date != utc_date || *cred_service != service {
        return Err(refuse(
            "AuthFailure.SignatureFailure",
            "The credential scope's date or service does not match the request.",
        ));
    }
    let names: Vec<&str> = signed_headers.split(';').collect();
    if !names.contains(&"content-type") || !names.contains(&"host") {
        return Err(refuse(
            "AuthFailure.SignatureFailure",
            "SignedHeaders must include content-type and host.",
        ));
    }
    let mut canonical_headers = String::new();
    for name in &names {
        let value = req.header(name).ok_or_else(|| {
            refuse(
                "AuthFailure.SignatureFailure",
                format!("Signed header {name} is missing."),
            )
        })?;
        canonical_headers.push_str(&format!(
            "{}:{}\n",
            name.to_lowercase(),
            value.trim().to_lowercase()
        ));
    }
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        req.path,
        req.query,
        canonical_headers,
        signed_headers,
        hex::encode(Sha256::digest(&req.body))
    );
    let string_to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{date}/{service}/tc3_request\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let k_date = mac(format!("TC3{secret}").as_bytes(), date.as_bytes());
    let k_service = mac(&k_date, service.as_bytes());
    let k_signing = mac(&k_service, b"tc3_request");
    let expected = hex::encode(mac(&k_signing, string_to_sign.as_bytes()));
    if expected != signature {
        return Err(refuse(
            "AuthFailure.SignatureFailure",
            "The provided credentials could not be validated. Please check your signature is correct.",
        ));
    }
    Ok(())
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

    /// The documentation's example request, as the gateway receives it.
    fn documented() -> RawRequest {
        RawRequest {
            method: "POST".into(),
            path: "/".into(),
            query: String::new(),
            headers: vec![
                ("authorization".into(), "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168".into()),
                ("content-type".into(), "application/json; charset=utf-8".into()),
                ("host".into(), "cvm.tencentcloudapi.com".into()),
                ("x-tc-timestamp".into(), "1551113065".into()),
            ],
            body: br#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#.to_vec(),
        }
    }

    const ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    const KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

    #[test]
    fn accepts_the_documented_example_and_refuses_changes() {
        let now = 1_551_113_065 + 10;
        assert_eq!(verify(&documented(), ID, KEY, "cvm", now), Ok(()));
        let code = |r: Result<(), Refusal>| r.err().map(|e| e.code);
        assert_eq!(
            code(verify(&documented(), ID, "wrong", "cvm", now)),
            Some("AuthFailure.SignatureFailure")
        );
        assert_eq!(
            code(verify(&documented(), "AKIDother", KEY, "cvm", now)),
            Some("AuthFailure.SecretIdNotFound")
        );
        assert_eq!(
            code(verify(&documented(), ID, KEY, "cvm", now + 3600)),
            Some("AuthFailure.SignatureExpire")
        );
        let mut changed = documented();
        changed.body.push(b' ');
        assert_eq!(
            code(verify(&changed, ID, KEY, "cvm", now)),
            Some("AuthFailure.SignatureFailure")
        );
    }
}
