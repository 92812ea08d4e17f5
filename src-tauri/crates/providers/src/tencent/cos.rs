//! The bucket route: bill files stored to COS (账单存储到COS, including the
//! FOCUS bill), read with GET Bucket (`prefix`, `marker`, `NextMarker`)
//! and GET Object (streamed), signed the COS way. Only [`BUCKET_ACTIONS`]
//! may be sent, checked before a request is built.

use super::cos_signing::{authorization, CosRequest};
use super::Client;
use crate::object_store::{encoded_query, gate, send};
use crate::ProviderError;

/// The object actions the bucket route sends, as CAM names them.
pub const BUCKET_ACTIONS: &[&str] = &["COS:GetBucket", "COS:GetObject"];

/// How long a signature stays valid: long enough for a slow download to
/// start, short enough to be worthless soon after.
const VALID_FOR: i64 = 900;

/// The COS region when the connection names none: Guangzhou.
const DEFAULT_REGION: &str = "ap-guangzhou";

impl Client {
    /// Sends one object action; the gate every COS request passes.
    pub(crate) async fn object_call(
        &self,
        action: &str,
        key: &str,
        query: &[(String, String)],
    ) -> Result<reqwest::Response, ProviderError> {
        let bucket = gate(action, BUCKET_ACTIONS, &self.config.extra.bucket)?;
        let region = self.config.region.as_deref().unwrap_or(DEFAULT_REGION);
        let host = format!("{bucket}.cos.{region}.myqcloud.com");
        let now = (self.config.clock)();
        let path = format!("/{key}");
        let signed_headers = [("host".to_string(), host.clone())];
        let auth = authorization(
            &self.config.credentials.key_id,
            &self.config.credentials.secret,
            &CosRequest {
                method: "GET",
                path: &path,
                query,
                headers: &signed_headers,
                valid: (now - 60, now + VALID_FOR),
            },
        );
        let headers = vec![
            ("host".to_string(), host.clone()),
            ("authorization".to_string(), auth),
        ];
        let query = encoded_query(query);
        let url = (host.as_str(), key, query.as_str());
        send(&self.http, &self.config, action, url, &headers).await
    }

    // COS serves a bucket thousands of requests a second; a sync reads a
    // handful of files, far below that.
    crate::object_store::bucket_route_methods!(
        actions: BUCKET_ACTIONS,
        cursor: "marker",
        first: &[],
        rate: 1_000
    );
}
