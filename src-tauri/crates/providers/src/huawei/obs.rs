//! The bucket route: bill files subscribed to OBS and the Cost Center's
//! cost exports (including FOCUS), read with ListObjects (`prefix`,
//! `marker`, `NextMarker`) and GetObject (streamed), signed the OBS way.
//! Only [`BUCKET_ACTIONS`] may be sent, checked before a request is built.

use super::obs_signing::{authorization, http_date, ObsRequest};
use super::Client;
use crate::bucket::{Delivery, ObjectBody, ObjectInfo, ObjectPage};
use crate::object_store::{
    bucket_of, encoded_query, is_bill_file, list_query, newest_file_per_period, object_url,
    page_of, send, whole,
};
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

    /// One page of the bill files under the connection's prefix.
    pub async fn list_objects(&self, cursor: Option<&str>) -> Result<ObjectPage, ProviderError> {
        let action = BUCKET_ACTIONS[0];
        let prefix = self.config.extra.prefix.as_deref();
        let query = list_query(&[], prefix, "marker", cursor);
        page_of(action, self.object_call(action, "", &query).await?).await
    }

    /// A small object whole, with the request id.
    pub async fn read_object(&self, key: &str) -> Result<(Vec<u8>, String), ProviderError> {
        let action = BUCKET_ACTIONS[1];
        whole(action, self.object_call(action, key, &[]).await?).await
    }

    /// A bill file's body as a stream.
    pub async fn open_object(&self, key: &str) -> Result<ObjectBody, ProviderError> {
        let resp = self.object_call(BUCKET_ACTIONS[1], key, &[]).await?;
        Ok(ObjectBody::new("OBS:GetObject", resp))
    }

    /// Each billing period's newest bill file.
    pub fn deliveries_without_manifest(
        &self,
        objects: &[ObjectInfo],
    ) -> (Vec<Delivery>, Vec<String>) {
        newest_file_per_period(objects, is_bill_file)
    }

    /// OBS serves a bucket thousands of requests a second; a sync reads a
    /// handful of files, far below that.
    pub fn object_rate(&self) -> u32 {
        1_000
    }
}
