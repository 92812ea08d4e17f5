//! The bucket route: bill subscriptions (账单订阅, including the FOCUS
//! bill) delivered to OSS, read with `ListObjectsV2` (continuation tokens,
//! under the connection's prefix) and `GetObject` (streamed), V4-signed.
//! Only [`BUCKET_ACTIONS`] may be sent, checked before a request is built.

use super::oss_signing::{authorization, canonical_query, oss_time, OssRequest};
use super::Client;
use crate::object_store::{gate, send};
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
        let bucket = gate(action, BUCKET_ACTIONS, &self.config.extra.bucket)?;
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
        let query = canonical_query(query);
        let url = (host.as_str(), key, query.as_str());
        send(&self.http, &self.config, action, url, &headers).await
    }

    // OSS serves a bucket up to 10,000 requests a second; a sync reads a
    // handful of files, so a tenth of that stays far from any limit.
    crate::object_store::bucket_route_methods!(
        actions: BUCKET_ACTIONS,
        cursor: "continuation-token",
        first: &[("list-type", "2")],
        rate: 1_000
    );
}
