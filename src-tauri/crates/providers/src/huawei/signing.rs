//! SDK-HMAC-SHA256, the AK/SK signature of Huawei Cloud's API gateway
//! (API-NOTES §4.1; support.huaweicloud.com devg-apisign
//! api-sign-algorithm-002..005). No key derivation: the signature is the
//! HMAC of the string to sign under the secret itself.

use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

/// The `X-Sdk-Date` of a request signed at `unix` seconds.
pub fn date(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// RFC 3986: everything but the unreserved characters is escaped.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, ESCAPED).to_string()
}

/// A request as it will be sent. `path` and `query` are unencoded;
/// `headers` are the ones to sign (any case; `host` must be among them).
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a [(String, String)],
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// Every intermediate, so the official vector pins each step.
#[derive(Debug, PartialEq, Eq)]
pub struct Signed {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
    pub authorization: String,
}

/// The query string as sent and as signed: pairs sorted by encoded key,
/// then value.
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs: Vec<(String, String)> =
        query.iter().map(|(k, v)| (encode(k), encode(v))).collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Each path segment encoded; the canonical form always ends with `/`.
pub fn encoded_path(path: &str) -> String {
    path.split('/').map(encode).collect::<Vec<_>>().join("/")
}

fn canonical_uri(path: &str) -> String {
    let p = encoded_path(path);
    if p.ends_with('/') {
        p
    } else {
        format!("{p}/")
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Signs `req` at `date` (`X-Sdk-Date`, `YYYYMMDDTHHMMSSZ`, which must be
/// among the headers).
pub fn sign(req: &Request<'_>, key_id: &str, secret: &str) -> Signed {
    let mut headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    headers.sort();
    let canonical_headers: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let signed_headers = headers
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        canonical_uri(req.path),
        canonical_query(req.query),
        canonical_headers,
        signed_headers,
        hex_sha256(req.body)
    );
    let date = headers
        .iter()
        .find(|(k, _)| k == "x-sdk-date")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let string_to_sign = format!(
        "{ALGORITHM}\n{date}\n{}",
        hex_sha256(canonical_request.as_bytes())
    );
    let signature = hmac_hex(secret.as_bytes(), string_to_sign.as_bytes());
    let authorization = format!(
        "{ALGORITHM} Access={key_id}, SignedHeaders={signed_headers}, Signature={signature}"
    );
    Signed {
        canonical_request,
        string_to_sign,
        signature,
        authorization,
    }
}

fn hmac_hex(key: &[u8], data: &[u8]) -> String {
    // HMAC accepts a key of any length, so `new_from_slice` cannot fail.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    // The documentation's own example (every intermediate) is pinned in
    // tests/huawei.rs.

    /// huaweicloud-sdk-go-v3 signer_test.go: a POST whose JSON body ends
    /// with the newline Go's encoder writes (the exact bytes are signed).
    #[test]
    fn sdk_post_vector_signs_the_exact_body() {
        let query = pairs(&[("key", "value")]);
        let headers = pairs(&[("X-Sdk-Date", "20060102T150405Z")]);
        let s = sign(
            &Request {
                method: "POST",
                path: "/path",
                query: &query,
                headers: &headers,
                body: b"{\"Name\":\"test\",\"Id\":1}\n",
            },
            "AccessKey",
            "SecretKey",
        );
        assert_eq!(
            s.signature,
            "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59"
        );
        let get = sign(
            &Request {
                method: "GET",
                path: "/path",
                query: &pairs(&[("limit", "1")]),
                headers: &headers,
                body: b"",
            },
            "AccessKey",
            "SecretKey",
        );
        assert_eq!(
            get.authorization,
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, \
             Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
        );
    }

    #[test]
    fn reserved_characters_are_escaped_in_paths_and_queries() {
        assert_eq!(encoded_path("/v1/a b/c~d"), "/v1/a%20b/c~d");
        assert_eq!(
            canonical_query(&pairs(&[("b", "x y"), ("a", "1*2")])),
            "a=1%2A2&b=x%20y"
        );
    }
}
