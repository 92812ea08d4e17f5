//! The bucket route: bill subscriptions (账单订阅, including the FOCUS
//! bill) delivered to OSS, read with `ListObjectsV2` (continuation tokens,
//! under the connection's prefix) and `GetObject` (streamed), V4-signed.
//! Only [`BUCKET_ACTIONS`] may be sent, checked before a request is built.

use super::oss_signing::{authorization, canonical_query, oss_time, OssRequest};
use super::Client;
use crate::bucket::{Delivery, ObjectBody, ObjectInfo, ObjectPage};
use crate::object_store::{
    bucket_of, encode_path, is_bill_file, listing, newest_file_per_period, request_id, send,
    MAX_KEYS,
};
use crate::{ProviderError, Site};

/// The object actions the bucket route sends, as RAM names them
/// (`ListObjectsV2` is authorised by `oss:ListObjects`).
pub const BUCKET_ACTIONS: &[&str] = &["OSS:ListObjects", "OSS:GetObject"];

impl Client {
    /// The OSS region: the connection's, else the site's default.
    fn oss_region(&self) -> String {
        self.config.region.clone().unwrap_or_else(|| {
            match self.config.site {
                Site::China => "cn-hangzhou",
                Site::International => "ap-southeast-1",
            }
            .to_string()
        })
    }

    /// Sends one object action; the gate every OSS request passes.
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
        let region = self.oss_region();
        let host = format!("{bucket}.oss-{region}.aliyuncs.com");
        let time = oss_time((self.config.clock)());
        let mut headers = vec![
            (
                "x-oss-content-sha256".to_string(),
                "UNSIGNED-PAYLOAD".to_string(),
            ),
            ("x-oss-date".to_string(), time.clone()),
        ];
        let auth = authorization(
            &self.config.credentials.key_id,
            &self.config.credentials.secret,
            &OssRequest {
                method: "GET",
                bucket,
                key,
                query,
                headers: &headers,
                region: &region,
                time: &time,
            },
        );
        headers.push(("host".into(), host.clone()));
        headers.push(("authorization".into(), auth));
        let base = match &self.config.endpoint {
            Some(e) => e.trim_end_matches('/').to_string(),
            None => format!("https://{host}"),
        };
        let mut url = format!("{base}/{}", encode_path(key));
        let q = canonical_query(query);
        if !q.is_empty() {
            url.push('?');
            url.push_str(&q);
        }
        send(&self.http, self.config.timeout, action, url, &headers).await
    }

    /// One page of the bill files under the connection's prefix.
    pub async fn list_objects(&self, cursor: Option<&str>) -> Result<ObjectPage, ProviderError> {
        let action = BUCKET_ACTIONS[0];
        let mut query = vec![
            ("list-type".to_string(), "2".to_string()),
            ("max-keys".to_string(), MAX_KEYS.to_string()),
        ];
        if let Some(p) = self
            .config
            .extra
            .prefix
            .as_deref()
            .filter(|p| !p.is_empty())
        {
            query.push(("prefix".into(), p.to_string()));
        }
        if let Some(c) = cursor {
            query.push(("continuation-token".into(), c.to_string()));
        }
        let resp = self.object_call(action, "", &query).await?;
        let id = request_id(&resp);
        let body = resp
            .bytes()
            .await
            .map_err(|e| ProviderError::transport(action, &e))?;
        listing(action, &String::from_utf8_lossy(&body), id)
    }

    /// A small object whole, with the request id.
    pub async fn read_object(&self, key: &str) -> Result<(Vec<u8>, String), ProviderError> {
        let action = BUCKET_ACTIONS[1];
        let resp = self.object_call(action, key, &[]).await?;
        let id = request_id(&resp);
        let body = resp
            .bytes()
            .await
            .map_err(|e| ProviderError::transport(action, &e))?;
        Ok((body.to_vec(), id))
    }

    /// A bill file's body as a stream.
    pub async fn open_object(&self, key: &str) -> Result<ObjectBody, ProviderError> {
        let resp = self.object_call(BUCKET_ACTIONS[1], key, &[]).await?;
        Ok(ObjectBody::new("OSS:GetObject", resp))
    }

    /// Each billing period's newest bill file.
    pub fn deliveries_without_manifest(
        &self,
        objects: &[ObjectInfo],
    ) -> (Vec<Delivery>, Vec<String>) {
        newest_file_per_period(objects, is_bill_file)
    }

    /// OSS serves a bucket up to 10,000 requests a second; a sync reads a
    /// handful of files, so a tenth of that stays far from any limit.
    pub fn object_rate(&self) -> u32 {
        1_000
    }
}
