//! Service-account keys for tests: an RSA key pair made when a test runs
//! (by the `openssl` command, so no private key is ever committed), the key
//! file's JSON around it, and the public half the mock verifies with.

use std::process::Command;
use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ring::signature::{KeyPair, RsaKeyPair};

/// A freshly made key pair.
#[derive(Debug, Clone)]
pub struct TestKey {
    /// PKCS#8 PEM, as a key file's `private_key` holds it.
    pub pem: String,
    /// PKCS#1 `RSAPublicKey` DER.
    pub public_der: Vec<u8>,
}

/// A 2048-bit RSA key made once per test process (key generation is slow).
pub fn generate_key() -> std::io::Result<TestKey> {
    static KEY: OnceLock<Result<TestKey, String>> = OnceLock::new();
    KEY.get_or_init(|| make_key().map_err(|e| e.to_string()))
        .clone()
        .map_err(std::io::Error::other)
}

/// Another key pair, made on each call (one the mock was not told of).
pub fn make_key() -> std::io::Result<TestKey> {
    let out = Command::new("openssl")
        .args([
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
        ])
        .output()?;
    if !out.status.success() {
        return Err(std::io::Error::other("openssl genpkey failed"));
    }
    let pem = String::from_utf8(out.stdout).map_err(std::io::Error::other)?;
    let public_der = public_of_pem(&pem)
        .ok_or_else(|| std::io::Error::other("openssl made no PKCS#8 RSA key"))?;
    Ok(TestKey { pem, public_der })
}

fn public_of_pem(pem: &str) -> Option<Vec<u8>> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    let der = STANDARD.decode(body.trim()).ok()?;
    let pair = RsaKeyPair::from_pkcs8(&der).ok()?;
    Some(pair.public_key().as_ref().to_vec())
}

/// The public half of the key in a key file's JSON.
pub fn public_key_of(key_json: &str) -> Option<Vec<u8>> {
    let v: serde_json::Value = serde_json::from_str(key_json).ok()?;
    public_of_pem(v.get("private_key")?.as_str()?)
}

/// A key file as the console downloads it; `token_uri` Google's own unless
/// a test points it elsewhere.
pub fn service_account_json(
    client_email: &str,
    project: &str,
    pem: &str,
    token_uri: Option<&str>,
) -> String {
    serde_json::json!({
        "type": "service_account",
        "project_id": project,
        "private_key_id": "0f3a5c7e9b1d2f4a6c8e0a2b4d6f8a0c2e4a6b8d",
        "private_key": pem,
        "client_email": client_email,
        "client_id": "109876543210987654321",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri.unwrap_or("https://oauth2.googleapis.com/token"),
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "universe_domain": "googleapis.com"
    })
    .to_string()
}
