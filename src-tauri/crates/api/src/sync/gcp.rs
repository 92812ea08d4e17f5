//! A Google Cloud connection's fields checked before anything is stored:
//! the key file (a service account's, its client email becoming the
//! connection's key id; never echoed), the billing export table and the
//! projects. Google's export lives in a BigQuery table, not a bucket: the
//! route keeps the table where a bucket route keeps its bucket, and the
//! projects (comma separated) where it keeps the part of the bucket read.

use cloudlens_providers::gcp::statements::Table;
use cloudlens_providers::gcp::token::ServiceAccountKey;
use cloudlens_store::ConnectionRoute;

use super::views::AddConnectionRequest;
use crate::{ApiError, ErrorCode};

fn invalid(m: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, m)
}

/// The key id (the key file's client email) and the route of a `gcp` request.
pub(super) fn validate(req: &AddConnectionRequest) -> Result<(String, ConnectionRoute), ApiError> {
    if req.source.as_deref().is_some_and(|s| s != "api") {
        return Err(invalid(
            "Google Cloud bills are read from the BigQuery billing export (source 'api')",
        ));
    }
    if req.bucket.is_some() || req.prefix.is_some() || req.role_arn.is_some() {
        return Err(invalid(
            "a bucket, prefix or role is not read for gcp connections (give the billing table)",
        ));
    }
    let key = ServiceAccountKey::parse(&req.secret).map_err(|e| invalid(e.message))?;
    let table = req
        .billing_table
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            invalid("a gcp connection needs the billing export table (PROJECT.DATASET.TABLE)")
        })?;
    let table = Table::parse(table).map_err(|e| invalid(e.message))?;
    let mut projects = Vec::new();
    for p in req.projects.iter().flatten() {
        let p = p.trim();
        let ok = (6..=30).contains(&p.len())
            && p.starts_with(|c: char| c.is_ascii_lowercase())
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            return Err(invalid(format!("'{p}' is not a Google Cloud project id")));
        }
        if !projects.iter().any(|q: &String| q == p) {
            projects.push(p.to_string());
        }
    }
    let given = req.key_id.trim();
    if !given.is_empty() && given != key.client_email {
        return Err(invalid(format!(
            "the key file is {}'s, not {given}'s",
            key.client_email
        )));
    }
    Ok((
        key.client_email,
        ConnectionRoute {
            source: "api".into(),
            bucket: Some(format!(
                "{}.{}.{}",
                table.project, table.dataset, table.table
            )),
            prefix: (!projects.is_empty()).then(|| projects.join(",")),
            role_arn: None,
        },
    ))
}
