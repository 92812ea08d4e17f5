//! Ranking a scope's origins and setting the losers' lines aside.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};

use super::parking::{forget_restated, park, unpark};
use super::{Detail, Settlement, SourceClaim};
use crate::lines::Scope;
use crate::{RunTx, StoreError};

/// The setting that holds the user's preferences (`meta`).
pub(super) const PREFERENCES: &str = "source_preferences";

struct Origin {
    route: String,
    origin: String,
    detail: i64,
    complete: bool,
    at: i64,
    active: bool,
}

pub(super) fn detail_of(n: i64) -> Detail {
    if n <= 1 {
        Detail::DailySummary
    } else {
        Detail::Itemised
    }
}

/// `{"aws": "bucket", "aws/123456789012": "file"}`: the route preferred
/// for a provider, or a provider's billing account (keys matched without
/// regard to case).
pub(super) fn preferences(
    tx: &Connection,
) -> Result<serde_json::Map<String, serde_json::Value>, StoreError> {
    let text: Option<String> = tx
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [PREFERENCES],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default())
}

fn preferred(
    prefs: &serde_json::Map<String, serde_json::Value>,
    provider: &str,
    account: &str,
) -> Option<String> {
    let find = |key: String| {
        prefs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&key))
            .and_then(|(_, v)| v.as_str().map(str::to_string))
    };
    find(format!("{provider}/{account}")).or_else(|| find(provider.to_string()))
}

fn text_of(tx: &Connection, id: i64) -> Result<String, StoreError> {
    Ok(tx
        .query_row("SELECT v FROM str WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// The runs of one origin that hold lines (live or set aside) in `s`.
fn origin_runs(
    tx: &Connection,
    s: Scope,
    route: &str,
    origin: &str,
) -> Result<Vec<i64>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT o.run_id FROM run_scope rs JOIN run_origin o ON o.run_id = rs.run_id \
         WHERE rs.provider = ?1 AND rs.billing_account = ?2 AND rs.period_id = ?3 AND o.route = ?4 AND o.origin = ?5",
    )?;
    let rows = stmt.query_map(
        params![s.provider, s.billing_account, s.period_id, route, origin],
        |r| r.get(0),
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Runs in `s` that predate this rule get an origin: files `file`, syncs
/// their connection (`sync:NAME:WINDOW`), both itemised.
fn adopt_legacy(tx: &Connection, s: Scope) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT r.id, r.kind, r.source, r.finished_at FROM run_scope rs JOIN run r ON r.id = rs.run_id \
         WHERE rs.provider = ?1 AND rs.billing_account = ?2 AND rs.period_id = ?3 AND r.kind <> 'demo' \
         AND rs.run_id NOT IN (SELECT run_id FROM run_origin)",
    )?;
    let legacy: Vec<(i64, String, String, i64)> = stmt
        .query_map(params![s.provider, s.billing_account, s.period_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    for (run, kind, source, at) in legacy {
        let (route, origin) = match kind.as_str() {
            "sync" => (
                "api",
                source.split(':').nth(1).unwrap_or("sync").to_string(),
            ),
            _ => ("file", "file".to_string()),
        };
        tx.execute(
            "INSERT OR IGNORE INTO run_origin (run_id, route, origin, detail) VALUES (?1, ?2, ?3, 2)",
            params![run, route, origin],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO scope_origin (provider, billing_account, period_id, route, origin, detail, complete, at, active) \
             VALUES (?1, ?2, ?3, ?4, ?5, 2, 1, ?6, 1)",
            params![s.provider, s.billing_account, s.period_id, route, origin, at],
        )?;
    }
    Ok(())
}

/// Per scope the run wrote in, whether its lines reach the period's last
/// day: one pass over the run's lines, not one per scope (a bill file spans
/// hundreds of scopes).
fn scopes_reaching_period_end(tx: &Connection, run: i64) -> Result<HashSet<Scope>, StoreError> {
    let mut stmt = tx.prepare(
        "SELECT l.billing_period_id, d.provider, d.billing_account_id, max(l.charge_start), p.end \
         FROM line l JOIN run r ON r.id = l.run_id JOIN dims d ON d.id = l.dims_id \
         JOIN period p ON p.id = l.billing_period_id \
         WHERE l.run_id = ?1 AND l.id BETWEEN r.first_line AND r.last_line \
         GROUP BY 1, 2, 3",
    )?;
    let rows = stmt.query_map(params![run], |r| {
        let scope = Scope {
            period_id: r.get(0)?,
            provider: r.get(1)?,
            billing_account: r.get(2)?,
        };
        let (last, end): (i64, i64) = (r.get(3)?, r.get(4)?);
        Ok((scope, last >= end - 86_400))
    })?;
    let mut out = HashSet::new();
    for row in rows {
        let (scope, reaches) = row?;
        if reaches {
            out.insert(scope);
        }
    }
    Ok(out)
}

/// Ranks the origins of `s` and keeps only the first's lines in the store.
/// `claimant`: the run that just wrote (its lines are live whatever its
/// origin's standing was).
pub(super) fn settle_scope(
    tx: &Connection,
    s: Scope,
    claimant: Option<(i64, &str, &str)>,
) -> Result<Settlement, StoreError> {
    forget_restated(tx, s)?;
    let mut stmt = tx.prepare_cached(
        "SELECT route, origin, detail, complete, at, active FROM scope_origin \
         WHERE provider = ?1 AND billing_account = ?2 AND period_id = ?3",
    )?;
    let all: Vec<Origin> = stmt
        .query_map(params![s.provider, s.billing_account, s.period_id], |r| {
            Ok(Origin {
                route: r.get(0)?,
                origin: r.get(1)?,
                detail: r.get(2)?,
                complete: r.get::<_, i64>(3)? != 0,
                at: r.get(4)?,
                active: r.get::<_, i64>(5)? != 0,
            })
        })?
        .collect::<Result<_, _>>()?;
    drop(stmt);
    let (mut origins, mut runs) = (Vec::with_capacity(all.len()), Vec::with_capacity(all.len()));
    for o in all {
        let r = origin_runs(tx, s, &o.route, &o.origin)?;
        if r.is_empty() {
            // Every run of it was removed or restated.
            tx.execute(
                "DELETE FROM scope_origin WHERE provider = ?1 AND billing_account = ?2 AND period_id = ?3 \
                 AND route = ?4 AND origin = ?5",
                params![s.provider, s.billing_account, s.period_id, o.route, o.origin],
            )?;
        } else {
            origins.push(o);
            runs.push(r);
        }
    }
    let prefs = preferences(tx)?;
    let wanted = preferred(
        &prefs,
        &text_of(tx, s.provider)?,
        &text_of(tx, s.billing_account)?,
    );
    // Ties in time go to the origin with the newest run.
    let rank = |i: usize| {
        let o = &origins[i];
        let newest = runs[i].iter().max().copied().unwrap_or_default();
        (
            wanted.as_deref() == Some(o.route.as_str()),
            o.complete,
            o.detail,
            o.at,
            newest,
        )
    };
    let Some(winner) = (0..origins.len()).max_by_key(|i| rank(*i)) else {
        return Ok(Settlement::default());
    };
    let mut out = Settlement::default();
    for (i, o) in origins.iter().enumerate() {
        let wins = i == winner;
        let claiming =
            claimant.filter(|(_, route, origin)| *route == o.route && *origin == o.origin);
        match (wins, o.active) {
            (true, false) => {
                for run in &runs[i] {
                    out.restored += unpark(tx, *run, s)?;
                }
            }
            (false, true) => {
                for run in &runs[i] {
                    out.parked += park(tx, *run, s)?;
                }
            }
            (false, false) => {
                if let Some((run, _, _)) = claiming {
                    out.parked += park(tx, run, s)?;
                }
            }
            (true, true) => {}
        }
        if !wins && claiming.is_some() {
            out.scopes_lost += 1;
        }
        tx.execute(
            "UPDATE scope_origin SET active = ?6 WHERE provider = ?1 AND billing_account = ?2 AND period_id = ?3 \
             AND route = ?4 AND origin = ?5",
            params![s.provider, s.billing_account, s.period_id, o.route, o.origin, wins],
        )?;
    }
    Ok(out)
}

fn run_scopes(tx: &Connection, run: i64) -> Result<Vec<Scope>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT provider, billing_account, period_id FROM run_scope WHERE run_id = ?1",
    )?;
    let rows = stmt.query_map([run], |r| {
        Ok(Scope {
            provider: r.get(0)?,
            billing_account: r.get(1)?,
            period_id: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Settles `scopes` again after runs left them (a removed import gives
/// its scopes back to the sources it had set aside).
pub(crate) fn resettle(tx: &Connection, scopes: &[Scope]) -> Result<(), StoreError> {
    for s in scopes {
        settle_scope(tx, *s, None)?;
    }
    Ok(())
}

pub(crate) fn scopes_of(tx: &Connection, run: i64) -> Result<Vec<Scope>, StoreError> {
    run_scopes(tx, run)
}

impl RunTx<'_> {
    /// Records what a bucket window's delivery was made of (see
    /// [`Store::month_totals`], keyed by the window), with its lines.
    pub fn set_delivery_signature(
        &self,
        connection: &str,
        key: &str,
        signature: &str,
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO sync_month (connection, month, totals) VALUES (?1, ?2, ?3) \
             ON CONFLICT (connection, month) DO UPDATE SET totals = excluded.totals",
            params![connection, key, signature],
        )?;
        Ok(())
    }

    /// Records what this run's source is and settles every scope it wrote
    /// in, inside the run's transaction.
    pub fn settle_sources(&self, claim: &SourceClaim, at: i64) -> Result<Settlement, StoreError> {
        let tx = self.tx;
        tx.execute(
            "INSERT OR REPLACE INTO run_origin (run_id, route, origin, detail) VALUES (?1, ?2, ?3, ?4)",
            params![self.run_id, claim.route.as_str(), claim.origin, claim.detail as i64],
        )?;
        let mut total = Settlement::default();
        let reaching = match claim.complete {
            Some(_) => HashSet::new(),
            None => scopes_reaching_period_end(tx, self.run_id)?,
        };
        for s in run_scopes(tx, self.run_id)? {
            adopt_legacy(tx, s)?;
            let complete = claim.complete.unwrap_or_else(|| reaching.contains(&s));
            // The claimant's lines are live: an origin that was set aside
            // keeps that standing for its other runs.
            tx.execute(
                "INSERT INTO scope_origin (provider, billing_account, period_id, route, origin, detail, complete, at, active) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1) ON CONFLICT (provider, billing_account, period_id, route, origin) \
                 DO UPDATE SET detail = excluded.detail, complete = excluded.complete, at = excluded.at",
                params![s.provider, s.billing_account, s.period_id, claim.route.as_str(), claim.origin, claim.detail as i64, complete, at],
            )?;
            let got = settle_scope(
                tx,
                s,
                Some((self.run_id, claim.route.as_str(), &claim.origin)),
            )?;
            total.parked += got.parked;
            total.restored += got.restored;
            total.scopes_lost += got.scopes_lost;
        }
        Ok(total)
    }
}
