//! The bill bucket the Chinese clouds' subscriptions fill (Alibaba OSS,
//! Tencent COS, Huawei OBS): one file per billing period holding the
//! period to date, written the way each provider's console names and lays
//! it out (its native bill, or its FOCUS export), with no manifest. A
//! restatement (an adjustment in the period) delivers the period again:
//! the same key with new content and ETag, or, when the spec asks, a new
//! key beside the old one. Listings are S3-style XML (`ListBucketResult`),
//! paged by continuation token (OSS `ListObjectsV2`) or by marker (COS,
//! OBS); errors are `<Error>` documents.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::periods::{adjustments_in, hash_adjustments, month_days};
use crate::{Account, RawResponse, ResourceKind};

/// Which file the subscription delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillFile {
    /// The provider's own bill detail columns.
    Native,
    /// The provider's FOCUS export.
    Focus,
}

/// Where and how the bills are delivered.
#[derive(Debug, Clone)]
pub struct BillBucketSpec {
    pub bucket: String,
    pub prefix: String,
    pub file: BillFile,
    /// Files gzipped (`.csv.gz`) rather than plain CSV.
    pub gzip: bool,
    /// A restated period comes as a new file (its key names the delivery)
    /// instead of overwriting the period's file.
    pub new_key_on_restatement: bool,
}

impl BillBucketSpec {
    pub fn new(bucket: &str, file: BillFile) -> Self {
        Self {
            bucket: bucket.to_string(),
            prefix: "bills/".into(),
            file,
            gzip: false,
            new_key_on_restatement: false,
        }
    }
}

/// One stored object.
#[derive(Debug, Clone)]
pub struct StoredObject {
    pub key: String,
    pub etag: String,
    pub last_modified: i64,
    pub body: Arc<Vec<u8>>,
}

/// Where a bill file's rows go as they are made (a period may hold
/// millions: they are written out one by one, never held).
pub type RowSink<'a> = dyn FnMut(&[String]) -> std::io::Result<()> + 'a;

/// How one provider writes its bill files.
pub trait BillWriter: Send + Sync {
    /// The kind of file its name states (`BillingItemDetail`, `FOCUSBill`).
    fn kind_in_name(&self, file: BillFile) -> &'static str;
    /// Whose file it is, first in its name.
    fn owner_in_name<'a>(&self, account: &'a Account) -> &'a str {
        &account.billing_account
    }
    /// The native bill's header.
    fn native_header(&self) -> &'static [&'static str];
    /// The native bill's rows of a period, each handed to `row`.
    fn native_rows(
        &self,
        account: &Account,
        month: &str,
        row: &mut RowSink<'_>,
    ) -> std::io::Result<()>;
    /// The FOCUS export's provider columns: provider, publisher, the
    /// service of a resource kind.
    fn focus_provider(&self) -> &'static str;
    fn focus_service(&self, kind: ResourceKind) -> (&'static str, &'static str);
}

/// The generated objects, kept while each period's bill is unchanged.
#[derive(Default)]
pub struct BillBucket {
    periods: Mutex<HashMap<String, (String, Vec<StoredObject>)>>,
}

/// The UTC instant a Beijing-time (UTC+8) day starts.
pub fn china_day_start(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
        - 8 * 3600
}

/// What a period's bill depends on: changes exactly when it does.
fn fingerprint(account: &Account, month: &str, spec: &BillBucketSpec) -> (String, u32) {
    let mut h = Sha256::new();
    let restatements = adjustments_in(account, month).count() as u32;
    h.update(
        format!(
            "{month}|{}|{}|{}|{:?}|{}",
            account.resources.len(),
            account.first_day,
            account.days,
            spec.file,
            spec.gzip
        )
        .as_bytes(),
    );
    hash_adjustments(&mut h, account, month);
    (hex::encode(h.finalize()), restatements)
}

impl BillBucket {
    /// Every object of the bucket, by key order.
    pub fn objects(
        &self,
        account: &Account,
        spec: &BillBucketSpec,
        writer: &dyn BillWriter,
    ) -> std::io::Result<Vec<StoredObject>> {
        let months = account.months();
        let mut periods = self
            .periods
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        periods.retain(|m, _| months.contains(m));
        let mut out = Vec::new();
        for month in months {
            let (print, restatements) = fingerprint(account, &month, spec);
            if periods.get(&month).is_none_or(|(p, _)| *p != print) {
                let objects = deliver(account, spec, writer, &month, restatements)?;
                periods.insert(month.clone(), (print, objects));
            }
            if let Some((_, objects)) = periods.get(&month) {
                out.extend(objects.iter().cloned());
            }
        }
        out.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(out)
    }
}

/// The period's file (and, with new keys per restatement, the earlier
/// deliveries still lying beside it).
fn deliver(
    account: &Account,
    spec: &BillBucketSpec,
    writer: &dyn BillWriter,
    month: &str,
    restatements: u32,
) -> std::io::Result<Vec<StoredObject>> {
    let (_, next) = month_days(month);
    let body = csv(spec.gzip, |out| match spec.file {
        BillFile::Native => {
            out(&writer
                .native_header()
                .iter()
                .map(|h| h.to_string())
                .collect::<Vec<_>>())?;
            writer.native_rows(account, month, out)
        }
        BillFile::Focus => focus(account, month, writer, out),
    })?;
    // Pushed the morning after the period closes (UTC+8), an hour later
    // per restatement.
    let delivered = china_day_start(next) + 6 * 3600 + i64::from(restatements) * 3600;
    let ext = if spec.gzip { "csv.gz" } else { "csv" };
    // Named as the three consoles name them, `{owner}_{kind}_{YYYYMM}`; a
    // later delivery of the period has its number after the month.
    let owner = writer.owner_in_name(account);
    let kind = writer.kind_in_name(spec.file);
    let ym = month.replace('-', "");
    let key = |n: u32| match n {
        0 => format!("{}{owner}_{kind}_{ym}.{ext}", spec.prefix),
        n => format!("{}{owner}_{kind}_{ym}_{n}.{ext}", spec.prefix),
    };
    let etag = hex::encode(&Sha256::digest(&body)[..16]).to_uppercase();
    let latest = StoredObject {
        key: key(if spec.new_key_on_restatement {
            restatements
        } else {
            0
        }),
        etag,
        last_modified: delivered,
        body: Arc::new(body),
    };
    let mut out = vec![latest];
    if spec.new_key_on_restatement && restatements > 0 {
        // The earlier delivery stays in the bucket (its content is not
        // what the period holds now; a reader must take the newest).
        let stale = b"stale".to_vec();
        out.push(StoredObject {
            key: key(0),
            etag: hex::encode(&Sha256::digest(&stale)[..16]).to_uppercase(),
            last_modified: delivered - 3600 * i64::from(restatements),
            body: Arc::new(stale),
        });
    }
    Ok(out)
}

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// UTF-8 CSV with the byte-order mark the consoles write, its rows
/// written as `fill` makes them (header first), gzipped or not.
fn csv(
    gzip: bool,
    fill: impl FnOnce(&mut RowSink<'_>) -> std::io::Result<()>,
) -> std::io::Result<Vec<u8>> {
    if gzip {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        write_rows(&mut gz, fill)?;
        gz.finish()
    } else {
        let mut plain = Vec::new();
        write_rows(&mut plain, fill)?;
        Ok(plain)
    }
}

fn write_rows(
    out: &mut impl Write,
    fill: impl FnOnce(&mut RowSink<'_>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut line = String::new();
    fill(&mut |row: &[String]| {
        line.clear();
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push_str(&quote(cell));
        }
        line.push('\n');
        out.write_all(line.as_bytes())
    })
}

fn iso(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

const FOCUS: &[&str] = &[
    "BilledCost",
    "EffectiveCost",
    "ListCost",
    "ContractedCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingCurrency",
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "InvoiceIssuerName",
    "PricingCategory",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "SkuId",
    "SubAccountId",
    "SubAccountName",
    "Tags",
];

fn tags_json(tags: &[(String, String)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = tags
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// The FOCUS export of a period: one row per resource and Beijing day.
fn focus(
    account: &Account,
    month: &str,
    writer: &dyn BillWriter,
    out: &mut RowSink<'_>,
) -> std::io::Result<()> {
    let (first, next) = month_days(month);
    let (start, end) = (china_day_start(first), china_day_start(next));
    let provider = writer.focus_provider();
    out(&FOCUS.iter().map(|h| h.to_string()).collect::<Vec<_>>())?;
    for item in account.items_in_month(month) {
        let r = &account.resources[item.resource];
        let day = china_day_start(item.day);
        let (category, service) = writer.focus_service(r.kind);
        let cost = crate::cents_text(item.cents);
        out(&[
            cost.clone(),
            cost.clone(),
            cost.clone(),
            cost,
            account.billing_account.clone(),
            account.name.clone(),
            account.currency.clone(),
            iso(start),
            iso(end),
            "Usage".into(),
            String::new(),
            format!("{service} {}", r.id),
            "Usage-Based".into(),
            iso(day),
            iso(day + 86_400),
            provider.into(),
            "Standard".into(),
            provider.into(),
            provider.into(),
            r.region.clone(),
            r.id.clone(),
            r.name.clone(),
            match r.kind {
                ResourceKind::Instance => "Instance",
                ResourceKind::Disk => "Disk",
                ResourceKind::Ip => "IP Address",
            }
            .into(),
            category.into(),
            service.into(),
            format!("{service} {:?}", r.kind),
            account.billing_account.clone(),
            account.name.clone(),
            tags_json(&r.tags),
        ])?;
    }
    Ok(())
}

/// How a listing pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// `continuation-token` / `NextContinuationToken` (OSS `ListObjectsV2`).
    Token,
    /// `marker` / `NextMarker` (COS GET Bucket, OBS ListObjects).
    Marker,
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Query parameters, decoded.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

pub fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// An XML answer with the provider's request id header.
pub fn xml_ok(id_header: &str, body: String) -> RawResponse {
    RawResponse {
        status: 200,
        headers: vec![
            ("content-type".into(), "application/xml".into()),
            (id_header.into(), request_id()),
        ],
        body: body.into_bytes(),
    }
}

/// `<Error>` as the three write it.
pub fn xml_error(id_header: &str, status: u16, code: &str, message: &str) -> RawResponse {
    let id = request_id();
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message><RequestId>{id}</RequestId></Error>",
        escape(code),
        escape(message)
    );
    RawResponse {
        status,
        headers: vec![
            ("content-type".into(), "application/xml".into()),
            (id_header.into(), id),
        ],
        body: body.into_bytes(),
    }
}

fn request_id() -> String {
    let n: u64 = rand::random();
    format!("{n:016X}{:08X}", rand::random::<u32>())
}

/// One page of a listing under `prefix`, at most `page_size` keys.
pub fn list(
    id_header: &str,
    bucket: &str,
    query: &str,
    objects: &[StoredObject],
    page_size: usize,
    paging: Paging,
) -> RawResponse {
    let pairs = query_pairs(query);
    let field = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if paging == Paging::Token && field("list-type") != Some("2") {
        return xml_error(id_header, 400, "InvalidArgument", "list-type must be 2.");
    }
    let prefix = field("prefix").unwrap_or("");
    let max_keys = match field("max-keys").map(str::parse::<usize>) {
        None => 1000,
        Some(Ok(n)) if (1..=1000).contains(&n) => n,
        Some(_) => {
            return xml_error(
                id_header,
                400,
                "InvalidArgument",
                "max-keys must be 1 to 1000.",
            )
        }
    };
    let matching: Vec<&StoredObject> = objects
        .iter()
        .filter(|o| o.key.starts_with(prefix))
        .collect();
    let start = match (paging, field("continuation-token"), field("marker")) {
        (Paging::Token, Some(t), _) => match t.strip_prefix("tok-").and_then(|n| n.parse().ok()) {
            Some(n) => n,
            None => {
                return xml_error(
                    id_header,
                    400,
                    "InvalidArgument",
                    "The continuation token is invalid.",
                )
            }
        },
        (Paging::Marker, _, Some(m)) => matching.iter().take_while(|o| o.key.as_str() <= m).count(),
        _ => 0,
    };
    let end = matching.len().min(start + max_keys.min(page_size.max(1)));
    let page = &matching[start.min(end)..end];
    let truncated = end < matching.len();
    let mut body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult><Name>{}</Name><Prefix>{}</Prefix><MaxKeys>{max_keys}</MaxKeys><IsTruncated>{truncated}</IsTruncated>",
        escape(bucket),
        escape(prefix)
    );
    for o in page {
        body.push_str(&format!(
            "<Contents><Key>{}</Key><LastModified>{}</LastModified><ETag>&quot;{}&quot;</ETag><Size>{}</Size><StorageClass>STANDARD</StorageClass></Contents>",
            escape(&o.key),
            chrono::DateTime::from_timestamp(o.last_modified, 0)
                .map(|t| t.format("%Y-%m-%dT%H:%M:%S.000Z").to_string())
                .unwrap_or_default(),
            o.etag,
            o.body.len()
        ));
    }
    if truncated {
        match paging {
            Paging::Token => body.push_str(&format!(
                "<NextContinuationToken>tok-{end}</NextContinuationToken>"
            )),
            Paging::Marker => {
                if let Some(last) = page.last() {
                    body.push_str(&format!("<NextMarker>{}</NextMarker>", escape(&last.key)));
                }
            }
        }
    }
    body.push_str("</ListBucketResult>");
    xml_ok(id_header, body)
}

/// An object's body by its (encoded) path.
pub fn get(id_header: &str, path: &str, objects: &[StoredObject]) -> RawResponse {
    let key = decode(path.trim_start_matches('/'));
    match objects.iter().find(|o| o.key == key) {
        Some(o) => RawResponse {
            status: 200,
            headers: vec![
                ("content-type".into(), "application/octet-stream".into()),
                ("etag".into(), format!("\"{}\"", o.etag)),
                (id_header.into(), request_id()),
            ],
            body: o.body.as_ref().clone(),
        },
        None => xml_error(
            id_header,
            404,
            "NoSuchKey",
            "The specified key does not exist.",
        ),
    }
}
