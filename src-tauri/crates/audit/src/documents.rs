//! The pack's JSON documents: the provenance of the lines in scope (runs
//! with their source names, content hashes and import reports, sync runs,
//! connections without secrets), the totals of those lines, the rule and
//! rate versions, and the audit log.

use std::collections::BTreeMap;

use chrono::DateTime;
use cloudlens_model::{CostLine, Decimal};
use cloudlens_store::{ChainEntry, Reader, RunRecord, SignedHead, StoreError};
use serde::Serialize;
use serde_json::Value;

pub const README: &str = "cloudlens-audit-pack.txt";
pub const LINES: &str = "lines.parquet";
pub const TOTALS: &str = "totals.json";
pub const PROVENANCE: &str = "provenance.json";
pub const RULES: &str = "rules.json";
pub const RATES: &str = "rates.json";
pub const AUDIT_LOG: &str = "audit-log.json";

/// The pack's own members, in the order they are written.
pub const BUILT_IN: &[&str] = &[README, LINES, TOTALS, PROVENANCE, RULES, RATES, AUDIT_LOG];

pub const README_TEXT: &str = "CloudLens audit pack / CloudLens 审计包\n\n\
This archive holds cost lines as FOCUS 1.2 Parquet (lines.parquet), their provenance, totals, \
allocation rule and exchange rate versions, the audit log with its hash chain, and a manifest \
(manifest.json) listing the SHA-256 of every member, signed with the Ed25519 key in its `signer` \
field (manifest.sig). Verify it on any machine, offline: cloudlens audit verify-pack PACK --key KEY\n\n\
本归档包含 FOCUS 1.2 Parquet 格式的费用明细(lines.parquet)、数据来源、合计、分摊规则与汇率版本、\
带哈希链的审计日志,以及列出每个成员 SHA-256 的清单(manifest.json),由 signer 字段中的 Ed25519 \
密钥签名(manifest.sig)。可在任何机器上离线校验:cloudlens audit verify-pack PACK --key KEY\n";

/// Sums of the lines in scope per provider, billing account, billing month
/// and currency, exact.
#[derive(Default)]
pub struct Totals {
    groups: BTreeMap<(String, String, String, String), Sums>,
}

#[derive(Default)]
struct Sums {
    billed: Decimal,
    effective: Decimal,
    list: Decimal,
    contracted: Decimal,
    lines: u64,
}

#[derive(Serialize)]
struct TotalRow<'a> {
    provider: &'a str,
    billing_account: &'a str,
    billing_period: &'a str,
    currency: &'a str,
    billed_cost: String,
    effective_cost: String,
    list_cost: String,
    contracted_cost: String,
    lines: u64,
}

impl Totals {
    pub fn add(&mut self, line: &CostLine) {
        let period = DateTime::from_timestamp(line.billing_period_start, 0)
            .map(|t| t.format("%Y-%m").to_string())
            .unwrap_or_default();
        let d = &line.dims;
        let s = self
            .groups
            .entry((
                d.provider_name.clone(),
                d.billing_account_id.clone(),
                period,
                d.billing_currency.clone(),
            ))
            .or_default();
        s.billed += line.billed_cost;
        s.effective += line.effective_cost;
        s.list += line.list_cost;
        s.contracted += line.contracted_cost;
        s.lines += 1;
    }

    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        let rows: Vec<TotalRow<'_>> = self
            .groups
            .iter()
            .map(|((provider, account, period, currency), s)| TotalRow {
                provider,
                billing_account: account,
                billing_period: period,
                currency,
                billed_cost: s.billed.normalize().to_string(),
                effective_cost: s.effective.normalize().to_string(),
                list_cost: s.list.normalize().to_string(),
                contracted_cost: s.contracted.normalize().to_string(),
                lines: s.lines,
            })
            .collect();
        serde_json::to_vec_pretty(&rows)
    }
}

fn parsed(text: &Option<String>) -> Value {
    match text {
        None => Value::Null,
        Some(t) => serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.clone())),
    }
}

/// Runs that hold lines in scope (`in_scope`: run id → lines), sync runs
/// and connections as they are now.
pub fn provenance(
    store: &Reader,
    runs: &[RunRecord],
    in_scope: &BTreeMap<i64, u64>,
) -> Result<Value, StoreError> {
    let runs: Vec<Value> = runs
        .iter()
        .filter(|r| in_scope.contains_key(&r.id))
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "kind": r.kind.as_str(),
                "source": r.source,
                "format": r.format,
                "started_at": r.started_at,
                "finished_at": r.finished_at,
                "lines_in_scope": in_scope.get(&r.id),
                "lines_now": r.lines,
                "lines_imported": r.lines_imported,
                "content_hash": r.content_hash,
                "restated_by": r.restated_by,
                "report": parsed(&r.report),
            })
        })
        .collect();
    let sync_runs: Vec<Value> = store
        .sync()
        .sync_runs(None)?
        .iter()
        .map(|s| {
            serde_json::json!({
                "id": s.id, "connection": s.connection, "started_at": s.started_at,
                "finished_at": s.finished_at, "outcome": s.outcome, "windows_done": s.windows_done,
                "windows_failed": s.windows_failed, "requests": s.requests, "lines": s.lines,
                "message": s.message,
            })
        })
        .collect();
    // Connection records hold no secret (see the store's `connections.rs`).
    let connections: Vec<Value> = store
        .sync()
        .connections()?
        .iter()
        .map(|c| {
            serde_json::json!({
                "name": c.name, "provider": c.provider, "key_id": c.key_id,
                "endpoint": c.endpoint, "region": c.region, "site": c.site,
                "billing_account": c.billing_account, "status": c.status,
                "last_success": c.last_success,
            })
        })
        .collect();
    Ok(serde_json::json!({ "runs": runs, "sync_runs": sync_runs, "connections": connections }))
}

pub fn rules(store: &Reader) -> Result<Value, StoreError> {
    Ok(Value::Array(
        store
            .allocation()
            .rule_versions()?
            .into_iter()
            .map(|v| {
                serde_json::json!({
                    "id": v.id, "saved_at": v.saved_at, "note": v.note,
                    "rules": parsed(&Some(v.rules)),
                })
            })
            .collect(),
    ))
}

pub fn rates(store: &Reader) -> Result<Value, StoreError> {
    Ok(Value::Array(
        store
            .allocation()
            .exchange_rates()?
            .into_iter()
            .map(|r| serde_json::json!({ "date": r.date, "from": r.from, "to": r.to, "rate": r.rate }))
            .collect(),
    ))
}

/// The audit log as a pack member: every entry with its chain fields (in
/// hex) and the signed head, so the chain verifies from the pack alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LogDocument {
    pub entries: Vec<ChainEntry>,
    pub head: Option<SignedHead>,
}

pub fn audit_log(store: &Reader) -> Result<LogDocument, StoreError> {
    Ok(LogDocument {
        entries: store.audit_log().entries()?,
        head: store.audit_log().head()?,
    })
}
