//! The bucket route: bill files stored to COS (账单存储到COS, including the
//! FOCUS bill), read with GET Bucket (`prefix`, `marker`, `NextMarker`)
//! and GET Object (streamed), signed the COS way. Only [`BUCKET_ACTIONS`]
//! may be sent, checked before a request is built.

use super::cos_signing::{authorization, CosRequest};
use super::Client;
use crate::bucket::{Delivery, ObjectBody, ObjectInfo, ObjectPage};
use crate::object_store::{
    bucket_of, encode, encode_path, is_bill_file, listing, newest_file_per_period, request_id,
    send, MAX_KEYS,
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
        let base = match &self.config.endpoint {
            Some(e) => e.trim_end_matches('/').to_string(),
            None => format!("https://{host}"),
        };
        let mut url = format!("{base}/{}", encode_path(key));
        if !query.is_empty() {
            let q: Vec<String> = query
                .iter()
                .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                .collect();
            url.push('?');
            url.push_str(&q.join("&"));
        }
        send(&self.http, self.config.timeout, action, url, &headers).await
    }

    /// One page of the bill files under the connection's prefix.
    pub async fn list_objects(&self, cursor: Option<&str>) -> Result<ObjectPage, ProviderError> {
        let action = BUCKET_ACTIONS[0];
        let mut query = vec![("max-keys".to_string(), MAX_KEYS.to_string())];
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
            query.push(("marker".into(), c.to_string()));
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
