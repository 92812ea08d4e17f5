//! The signatures the platforms check.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts a key of any length, so `new_from_slice` cannot fail.
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return Vec::new(),
    };
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// DingTalk custom robot: base64 of HMAC-SHA256 keyed by the secret over
/// `"{timestamp_ms}\n{secret}"` (the caller URL-encodes it as the `sign`
/// query parameter).
pub fn dingtalk(timestamp_ms: i64, secret: &str) -> String {
    let data = format!("{timestamp_ms}\n{secret}");
    STANDARD.encode(hmac(secret.as_bytes(), data.as_bytes()))
}

/// Feishu custom bot: base64 of HMAC-SHA256 keyed by
/// `"{timestamp_s}\n{secret}"` over an empty message (Feishu's documented
/// algorithm; the key, not the data, carries the string).
pub fn feishu(timestamp_s: i64, secret: &str) -> String {
    let key = format!("{timestamp_s}\n{secret}");
    STANDARD.encode(hmac(key.as_bytes(), b""))
}

/// The generic webhook: `sha256=` + hex of HMAC-SHA256 keyed by the secret
/// over `"{timestamp_s}.{body}"`.
pub fn webhook(timestamp_s: i64, body: &[u8], secret: &str) -> String {
    let mut data = format!("{timestamp_s}.").into_bytes();
    data.extend_from_slice(body);
    format!("sha256={}", hex::encode(hmac(secret.as_bytes(), &data)))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Computed independently with Python's hmac/hashlib/base64 from the
    // platforms' documented recipes.
    #[test]
    fn dingtalk_matches_the_documented_recipe() {
        assert_eq!(
            dingtalk(1_700_000_000_000, "SECtest"),
            "aZLLrriXgn05YbwaGR7knYsLeJADjr9NwLaNNKpxh4g="
        );
    }

    #[test]
    fn feishu_keys_the_hmac_with_the_string() {
        assert_eq!(
            feishu(1_599_360_473, "test-secret"),
            "wSds2BzzFIIGf/WrhUO+NI1q/9j+FRJd3JNHKAq0NZY="
        );
    }

    #[test]
    fn webhook_signs_timestamp_dot_body() {
        assert_eq!(
            webhook(1_700_000_000, br#"{"a":1}"#, "whsec"),
            "sha256=8ad37ba156048ae0e0a5533c75cdf26fee88b07f93cb57ee4c80adb053012032"
        );
    }
}
