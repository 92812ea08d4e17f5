//! The bucket route: bill files subscribed to OBS and the Cost Center's
//! cost exports (including FOCUS), read with ListObjects (`prefix`,
//! `marker`, `NextMarker`) and GetObject (streamed), signed the OBS way.
//! Only [`BUCKET_ACTIONS`] may be sent, checked before a request is built.

use super::obs_signing::{authorization, http_date, ObsRequest};
use super::Client;
use crate::object_store::{encoded_query, gate, send};
use crate::ProviderError;

/// The object actions the bucket route sends (IAM's
/// `obs:bucket:ListBucket` and `obs:object:GetObject`).
pub const BUCKET_ACTIONS: &[&str] = &["OBS:ListBucket", "OBS:GetObject"];

/// The OBS region when the connection names none: Beijing 4.
const DEFAULT_REGION: &str = "cn-north-4";

impl Client {
    /// Sends one object action; the gate every OBS request passes.
    pub(crate) async fn object_call(
        &self,
        action: &str,
        key: &str,
        query: &[(String, String)],
    ) -> Result<reqwest::Response, ProviderError> {
        let bucket = gate(action, BUCKET_ACTIONS, &self.config.extra.bucket)?;
        let region = self.config.region.as_deref().unwrap_or(DEFAULT_REGION);
        let host = format!("{bucket}.obs.{region}.myhuaweicloud.com");
        let date = http_date((self.config.clock)());
        let auth = authorization(
            &self.config.credentials.key_id,
            &self.config.credentials.secret,
            &ObsRequest {
                method: "GET",
                content_md5: "",
                content_type: "",
                date: &date,
                headers: &[],
                bucket,
                key,
            },
        );
        let headers = vec![
            ("host".to_string(), host.clone()),
            ("date".to_string(), date),
            ("authorization".to_string(), auth),
        ];
        let query = encoded_query(query);
        let url = (host.as_str(), key, query.as_str());
        send(&self.http, &self.config, action, url, &headers).await
    }

    // OBS serves a bucket thousands of requests a second; a sync reads a
    // handful of files, far below that.
    crate::object_store::bucket_route_methods!(
        actions: BUCKET_ACTIONS,
        cursor: "marker",
        first: &[],
        rate: 1_000
    );
}
