//! The bucket route: bill files subscribed to OBS and the Cost Center's
//! cost exports (including FOCUS), read with ListObjects (`prefix`,
//! `marker`, `NextMarker`) and GetObject (streamed), signed the OBS way.
//! Only [`BUCKET_ACTIONS`] may be sent, checked before a request is built.

use super::obs_signing::{authorization, http_date, ObsRequest};
use super::Client;
use crate::object_store::{bucket_of, encoded_query, object_url, send};
use crate::ProviderError;

/// The object actions the bucket route sends (IAM's
/// `obs:bucket:ListBucket` and `obs:object:GetObject`).
pub const BUCKET_ACTIONS: &[&str] = &["OBS:ListBucket", "OBS:GetObject"];

impl Client {
    /// The OBS region: the connection's, else Beijing 4.
    fn obs_region(&self) -> String {
        self.config
            .region
            .clone()
            .unwrap_or_else(|| "cn-north-4".to_string())
    }

    /// Sends one object action; the gate every OBS request passes.
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
        let host = format!("{bucket}.obs.{}.myhuaweicloud.com", self.obs_region());
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
        let url = object_url(
            self.config.endpoint.as_deref(),
            &host,
            key,
            &encoded_query(query),
        );
        send(&self.http, self.config.timeout, action, url, &headers).await
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
