//! COS request signatures (the XML API's `q-sign-algorithm=sha1` scheme):
//! a sign key `HMAC-SHA1(SecretKey, KeyTime)` in hex; the HTTP string
//! (lower-case method, the path, then the signed query parameters and
//! headers, each `key=value` with lower-case encoded keys and encoded
//! values, sorted, joined by `&`); the string to sign
//! `sha1\nSignTime\nSHA1(HttpString)\n`; and `HMAC-SHA1(SignKey,
//! StringToSign)` in hex, sent with the lists of what was signed. Pinned
//! by the vector of Tencent's own COS SDK (cos-go-sdk-v5,
//! `TestNewAuthorization`).

use hmac::{Hmac, Mac};
use sha1::{Digest, Sha1};

use crate::object_store::encode;

fn mac_hex(key: &[u8], data: &[u8]) -> String {
    match Hmac::<Sha1>::new_from_slice(key) {
        Ok(mut m) => {
            m.update(data);
            hex::encode(m.finalize().into_bytes())
        }
        // HMAC takes a key of any length.
        Err(_) => String::new(),
    }
}

/// Sorted `key=value` pairs and the `;`-joined list of their keys.
fn signed_pairs(pairs: &[(String, String)]) -> (String, String) {
    let mut encoded: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (encode(&k.to_ascii_lowercase()), encode(v)))
        .collect();
    encoded.sort();
    let text = encoded
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let list = encoded
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";");
    (text, list)
}

/// What a request is signed over.
pub struct CosRequest<'a> {
    pub method: &'a str,
    /// The URL path, unencoded (`/` for the bucket).
    pub path: &'a str,
    pub query: &'a [(String, String)],
    /// The headers to sign (at least `host`).
    pub headers: &'a [(String, String)],
    /// Unix seconds the signature is valid from and to.
    pub valid: (i64, i64),
}

/// The `Authorization` header's value.
pub fn authorization(secret_id: &str, secret_key: &str, r: &CosRequest<'_>) -> String {
    let time = format!("{};{}", r.valid.0, r.valid.1);
    let sign_key = mac_hex(secret_key.as_bytes(), time.as_bytes());
    let (params, param_list) = signed_pairs(r.query);
    let (headers, header_list) = signed_pairs(r.headers);
    let http = format!(
        "{}\n{}\n{params}\n{headers}\n",
        r.method.to_ascii_lowercase(),
        r.path
    );
    let to_sign = format!(
        "sha1\n{time}\n{}\n",
        hex::encode(Sha1::digest(http.as_bytes()))
    );
    let signature = mac_hex(sign_key.as_bytes(), to_sign.as_bytes());
    format!(
        "q-sign-algorithm=sha1&q-ak={secret_id}&q-sign-time={time}&q-key-time={time}\
         &q-header-list={header_list}&q-url-param-list={param_list}&q-signature={signature}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sdk_vector_signs_alike() {
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        let headers = [
            s("Host", "testbucket-125000000.cos.ap-guangzhou.myqcloud.com"),
            s(
                "x-cos-content-sha1",
                "db8ac1c259eb89d4a131b253bacfca5f319d54f2",
            ),
            s("x-cos-stroage-class", "nearline"),
        ];
        let r = CosRequest {
            method: "PUT",
            path: "/testfile2",
            query: &[],
            headers: &headers,
            valid: (1_480_932_292, 1_481_012_292),
        };
        assert_eq!(
            authorization("QmFzZTY0IGlzIGEgZ2VuZXJp", "AKIDZfbOA78asKUYBcXFrJD0a1ICvR98JM", &r),
            "q-sign-algorithm=sha1&q-ak=QmFzZTY0IGlzIGEgZ2VuZXJp&q-sign-time=1480932292;1481012292\
             &q-key-time=1480932292;1481012292&q-header-list=host;x-cos-content-sha1;x-cos-stroage-class\
             &q-url-param-list=&q-signature=ce4ac0ecbcdb30538b3fee0a97cc6389694ce53a"
        );
    }
}
