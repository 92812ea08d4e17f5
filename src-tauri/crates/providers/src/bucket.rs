//! Bill exports delivered to object storage, in terms every provider
//! shares: a listing of objects, the body of one object as a stream, and
//! deliveries. A delivery is one window of the engine's bucket route: the
//! files that state one billing period, either as a manifest lists them
//! (AWS Data Exports, Azure exports) or one data file at a time where the
//! provider writes no manifest. Its signature (id, and every file's key,
//! ETag and size) says whether it was imported already: the same signature
//! is skipped, a new one restates the period.

use crate::{ErrorKind, ProviderError};

/// One object of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    pub key: String,
    /// The ETag without its quotes.
    pub etag: String,
    pub size: u64,
    /// Unix seconds.
    pub last_modified: i64,
}

/// One page of a listing.
#[derive(Debug, Clone)]
pub struct ObjectPage {
    pub objects: Vec<ObjectInfo>,
    pub next: Option<String>,
    pub request_id: String,
}

/// The files that state one billing period, in the order to import them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// `YYYY-MM`.
    pub period: String,
    /// The export run that delivered it (a manifest's execution id), or the
    /// data file's key where there is no manifest.
    pub id: String,
    /// The manifest it comes from, if any.
    pub manifest: Option<String>,
    pub files: Vec<ObjectInfo>,
    /// When it was delivered (the newest file or the manifest), Unix seconds.
    pub delivered_at: i64,
}

impl Delivery {
    /// The window key: one per period for manifest deliveries, one per file otherwise.
    pub fn window_key(&self, billing_account: &str) -> String {
        match &self.manifest {
            Some(_) => format!("{billing_account}/{}/bucket", self.period),
            None => format!("{billing_account}/{}/bucket/{}", self.period, self.id),
        }
    }

    /// What the delivery is made of; a different text is a re-delivery.
    pub fn signature(&self) -> String {
        let mut parts = vec![self.id.clone()];
        parts.extend(
            self.files
                .iter()
                .map(|f| format!("{}:{}:{}", f.key, f.etag, f.size)),
        );
        parts.join("|")
    }

    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

/// The delivery a manifest describes: `names` (its data files) found in
/// the listing, delivered when the last of them or the manifest was. A
/// name the listing lacks fails it (the delivery is still being written,
/// or was removed); `place` and `holder` name where it was looked for.
pub fn manifest_delivery(
    manifest: &ObjectInfo,
    period: String,
    id: String,
    names: &[String],
    listing: &[ObjectInfo],
    (place, holder): (&str, &str),
) -> Result<Delivery, ProviderError> {
    let mut files = Vec::with_capacity(names.len());
    for name in names {
        let found = listing.iter().find(|o| &o.key == name).ok_or_else(|| {
            ProviderError::new(
                ErrorKind::BadResponse,
                format!(
                    "{place}/{}: the manifest lists {name}, which is not in the {holder}",
                    manifest.key
                ),
            )
        })?;
        files.push(found.clone());
    }
    let delivered_at = files
        .iter()
        .map(|f| f.last_modified)
        .chain([manifest.last_modified])
        .max()
        .unwrap_or_default();
    Ok(Delivery {
        period,
        id,
        manifest: Some(manifest.key.clone()),
        files,
        delivered_at,
    })
}

/// Keeps the newest delivery of each period (by delivery time, then id),
/// oldest period first: a newer delivery replaces the older one whole.
pub fn newest_per_period(mut deliveries: Vec<Delivery>) -> Vec<Delivery> {
    deliveries.sort_by(|a, b| {
        (&a.period, a.delivered_at, &a.id).cmp(&(&b.period, b.delivered_at, &b.id))
    });
    let mut out: Vec<Delivery> = Vec::new();
    for d in deliveries {
        match out.last_mut() {
            Some(last) if last.period == d.period && last.manifest.is_some() => *last = d,
            _ => out.push(d),
        }
    }
    out
}

/// Data files with no manifest: each file is a delivery of the period
/// `period_of` reads from its key (files it cannot place are left out and
/// returned apart, so nothing is skipped silently).
pub fn deliveries_by_file(
    objects: &[ObjectInfo],
    is_data: impl Fn(&str) -> bool,
    period_of: impl Fn(&str) -> Option<String>,
) -> (Vec<Delivery>, Vec<String>) {
    let mut out = Vec::new();
    let mut unplaced = Vec::new();
    for o in objects.iter().filter(|o| is_data(&o.key)) {
        match period_of(&o.key) {
            Some(period) => out.push(Delivery {
                period,
                id: o.key.clone(),
                manifest: None,
                files: vec![o.clone()],
                delivered_at: o.last_modified,
            }),
            None => unplaced.push(o.key.clone()),
        }
    }
    out.sort_by(|a, b| (&a.period, &a.id).cmp(&(&b.period, &b.id)));
    (out, unplaced)
}

/// `YYYY-MM` after a marker such as `BILLING_PERIOD=` or `month=` in a key.
pub fn period_after(key: &str, marker: &str) -> Option<String> {
    let at = key.find(marker)? + marker.len();
    let text = key.get(at..at + 7)?;
    let ok = text.len() == 7
        && text.as_bytes()[4] == b'-'
        && text[..4].bytes().all(|b| b.is_ascii_digit())
        && text[5..].bytes().all(|b| b.is_ascii_digit())
        && matches!(text[5..].parse::<u32>(), Ok(1..=12));
    ok.then(|| text.to_string())
}

/// The body of one object, read chunk by chunk (never held whole).
pub struct ObjectBody {
    action: &'static str,
    response: reqwest::Response,
}

impl ObjectBody {
    pub(crate) fn new(action: &'static str, response: reqwest::Response) -> Self {
        Self { action, response }
    }

    /// The size the server announced, if any.
    pub fn len(&self) -> Option<u64> {
        self.response.content_length()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The next chunk, `None` at the end.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, ProviderError> {
        match self.response.chunk().await {
            Ok(c) => Ok(c.map(|b| b.to_vec())),
            Err(e) => Err(ProviderError::new(
                if e.is_timeout() {
                    ErrorKind::Timeout
                } else {
                    ErrorKind::Unreachable
                },
                format!("{} stopped while reading the object: {e}", self.action),
            )),
        }
    }
}

/// The object methods of a client whose exports come with manifests (AWS
/// Data Exports, Azure exports), written once over its `call` and `start`
/// (the allow-list gate): `get` is its read action, `key` the parameter
/// that names the object, `is_manifest` tells a manifest by its key.
macro_rules! manifest_route_methods {
    (get: $get:expr, key: $key:expr, is_manifest: $is_manifest:path) => {
        /// A small object whole (a manifest).
        pub async fn read_object(
            &self,
            key: &str,
        ) -> Result<(Vec<u8>, String), $crate::ProviderError> {
            self.call($get, &[($key, key)]).await
        }

        /// An object's body as a stream (an export file).
        pub async fn open_object(
            &self,
            key: &str,
        ) -> Result<$crate::bucket::ObjectBody, $crate::ProviderError> {
            let resp = self.start($get, &[($key, key)]).await?;
            Ok($crate::bucket::ObjectBody::new($get, resp))
        }

        /// The manifests among the listed objects.
        pub fn manifests(
            &self,
            objects: &[$crate::bucket::ObjectInfo],
        ) -> Vec<$crate::bucket::ObjectInfo> {
            objects
                .iter()
                .filter(|o| $is_manifest(&o.key))
                .cloned()
                .collect()
        }
    };
}
pub(crate) use manifest_route_methods;

#[cfg(test)]
mod tests {
    use super::*;

    fn object(key: &str, at: i64) -> ObjectInfo {
        ObjectInfo {
            key: key.into(),
            etag: format!("e{at}"),
            size: 10,
            last_modified: at,
        }
    }

    #[test]
    fn the_newest_manifest_of_a_period_wins_and_files_without_one_are_their_own_window() {
        let d = |period: &str, id: &str, at: i64| Delivery {
            period: period.into(),
            id: id.into(),
            manifest: Some(format!("m/{id}")),
            files: vec![object(&format!("d/{id}"), at)],
            delivered_at: at,
        };
        let kept = newest_per_period(vec![
            d("2025-02", "b", 5),
            d("2025-01", "a2", 9),
            d("2025-01", "a1", 3),
        ]);
        let ids: Vec<&str> = kept.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a2", "b"]);
        assert_ne!(kept[0].signature(), d("2025-01", "a1", 3).signature());
        assert_eq!(kept[0].window_key("123"), "123/2025-01/bucket");

        let objects = [
            object("bills/month=2025-01/part-1.csv.gz", 1),
            object("bills/month=2025-13/x.csv", 1),
            object("bills/readme.txt", 1),
        ];
        let (ds, unplaced) = deliveries_by_file(
            &objects,
            |k| k.ends_with(".csv.gz") || k.ends_with(".csv"),
            |k| period_after(k, "month="),
        );
        assert_eq!(ds.len(), 1);
        assert_eq!(
            ds[0].window_key("9"),
            "9/2025-01/bucket/bills/month=2025-01/part-1.csv.gz"
        );
        assert_eq!(unplaced, ["bills/month=2025-13/x.csv"]);
        assert_eq!(
            period_after("x/BILLING_PERIOD=2024-11/y", "BILLING_PERIOD="),
            Some("2024-11".into())
        );
    }
}
