//! The bucket route: bill files stored to COS (账单存储到COS, including the
//! FOCUS bill), read with GET Bucket (`prefix`, `marker`, `NextMarker`)
//! and GET Object (streamed), signed the COS way. Only [`BUCKET_ACTIONS`]
//! may be sent, checked before a request is built.

use super::cos_signing::{authorization, CosRequest};
use super::Client;
use crate::bucket::{Delivery, ObjectBody, ObjectInfo, ObjectPage};
use crate::object_store::{
    bucket_of, encoded_query, is_bill_file, list_query, newest_file_per_period, object_url,
    page_of, send, whole,
};
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
        Ok(ObjectBody::new("COS:GetObject", resp))
    }

    /// Each billing period's newest bill file.
    pub fn deliveries_without_manifest(
        &self,
        objects: &[ObjectInfo],
    ) -> (Vec<Delivery>, Vec<String>) {
        newest_file_per_period(objects, is_bill_file)
    }

    /// COS serves a bucket thousands of requests a second; a sync reads a
    /// handful of files, far below that.
    pub fn object_rate(&self) -> u32 {
        1_000
    }
}
