//! The bucket route: bill files stored to COS (账单存储到COS, including the
//! FOCUS bill), read with GET Bucket (`prefix`, `marker`, `NextMarker`)
//! and GET Object (streamed), signed the COS way. Only [`BUCKET_ACTIONS`]
//! may be sent, checked before a request is built.

use super::cos_signing::{authorization, CosRequest};
use super::Client;
use crate::object_store::{bucket_of, encoded_query, object_url, send};
use crate::ProviderError;

/// The object actions the bucket route sends, as CAM names them.
pub const BUCKET_ACTIONS: &[&str] = &["COS:GetBucket", "COS:GetObject"];

/// How long a signature stays valid: long enough for a slow download to
/// start, short enough to be worthless soon after.
const VALID_FOR: i64 = 900;

impl Client {
    /// The COS region: the connection's, else Guangzhou.
    fn cos_region(&self) -> String {
        self.config
            .region
            .clone()
            .unwrap_or_else(|| "ap-guangzhou".to_string())
    }

    /// Sends one object action; the gate every COS request passes.
    pub(crate) async fn object_call(
        &self,
        action: &str,
        key: &str,
        query: &[(String, String)],
    ) -> Result<reqwest::Response, ProviderError> {
        if !BUCKET_ACTIONS.contains(&action) {
            return Err(ProviderError::not_allowed(action));
        }
        let bucket = bucket_of(action, &self.config.extra.bucket)?;
        let host = format!("{bucket}.cos.{}.myqcloud.com", self.cos_region());
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
        let url = object_url(
            self.config.endpoint.as_deref(),
            &host,
            key,
            &encoded_query(query),
        );
        send(&self.http, self.config.timeout, action, url, &headers).await
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
