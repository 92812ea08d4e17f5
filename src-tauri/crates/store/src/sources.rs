//! One source of truth per scope (provider, billing account, billing
//! period). A scope may be fed by imported files, a bill API sync and a
//! bucket export sync; each feeding connection (or all file imports
//! together) is an *origin*. Whenever a run writes lines in a scope, the
//! origins present are ranked and only the first keeps its lines in the
//! store; the others' lines are set aside (`parking.rs`), never added, so
//! a sync and an import of the same month do not add up. The rank: the
//! user's preference for the provider (or provider and billing account),
//! then a complete source before an incomplete one, then the more detailed
//! (bill lines before Cost Explorer's daily summary), then the most recent.
//! Files among themselves keep the older rule: a newer file restates an
//! older one's lines in the scope. Also here: a connection's route (API or
//! bucket) and its bucket settings.

use rusqlite::{params, OptionalExtension, Transaction};

use crate::parking::{forget_restated, park, unpark};
use crate::restate::Scope;
use crate::{RunTx, Store, StoreError};

/// The tables of this area (schema V5).
pub(crate) const V5: &str = r#"
CREATE TABLE connection_route (
  connection TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  bucket TEXT,
  prefix TEXT,
  role_arn TEXT
) WITHOUT ROWID;
CREATE TABLE run_origin (
  run_id INTEGER PRIMARY KEY,
  route TEXT NOT NULL,
  origin TEXT NOT NULL,
  detail INTEGER NOT NULL
);
CREATE TABLE scope_origin (
  provider INTEGER NOT NULL,
  billing_account INTEGER NOT NULL,
  period_id INTEGER NOT NULL,
  route TEXT NOT NULL,
  origin TEXT NOT NULL,
  detail INTEGER NOT NULL,
  complete INTEGER NOT NULL,
  at INTEGER NOT NULL,
  active INTEGER NOT NULL,
  PRIMARY KEY (provider, billing_account, period_id, route, origin)
) WITHOUT ROWID;
CREATE TABLE line_parked (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  source_row INTEGER NOT NULL,
  dims_id INTEGER NOT NULL,
  billing_period_id INTEGER NOT NULL,
  charge_start INTEGER NOT NULL,
  charge_secs INTEGER NOT NULL,
  billed INTEGER NOT NULL,
  effective INTEGER NOT NULL,
  list INTEGER NOT NULL,
  contracted INTEGER NOT NULL,
  pricing_qty TEXT,
  consumed_qty TEXT,
  list_unit_price TEXT,
  contracted_unit_price TEXT,
  cd_status INTEGER,
  cd_qty TEXT,
  cr_status INTEGER,
  invoice_id INTEGER,
  extras TEXT
);
CREATE INDEX line_parked_run ON line_parked (run_id);
CREATE TRIGGER run_origin_gone AFTER DELETE ON run BEGIN
  DELETE FROM line_parked WHERE run_id = old.id;
  DELETE FROM run_origin WHERE run_id = old.id;
END;
"#;

/// How a source reaches the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    File,
    Api,
    Bucket,
}

impl Route {
    pub const ALL: [Route; 3] = [Route::File, Route::Api, Route::Bucket];

    pub fn as_str(self) -> &'static str {
        match self {
            Route::File => "file",
            Route::Api => "api",
            Route::Bucket => "bucket",
        }
    }

    pub fn parse(s: &str) -> Option<Route> {
        Route::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// How much a source's lines say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Detail {
    /// A daily total per service and account (Cost Explorer).
    DailySummary = 1,
    /// The bill's own lines: resources, SKUs, usage.
    Itemised = 2,
}

/// What a run says about the lines it wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceClaim {
    pub route: Route,
    /// The connection's name; all file imports are one origin, `file`.
    pub origin: String,
    pub detail: Detail,
    /// Whether the source states the whole period; `None`: judged from the
    /// lines (they reach the period's last day).
    pub complete: Option<bool>,
}

impl SourceClaim {
    pub fn file() -> Self {
        Self {
            route: Route::File,
            origin: "file".into(),
            detail: Detail::Itemised,
            complete: None,
        }
    }
}

/// What settling a run's scopes did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settlement {
    /// Lines set aside (the run's own, or another source's).
    pub parked: u64,
    /// Lines brought back.
    pub restored: u64,
    /// Scopes the run's source does not hold.
    pub scopes_lost: u32,
}

/// One scope and where its lines come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeSourceRecord {
    pub provider: String,
    pub billing_account: String,
    /// `YYYY-MM` of the billing period (UTC±12 aware: as the import labels it).
    pub period_start: i64,
    pub route: String,
    pub origin: String,
    pub detail: Detail,
    pub complete: bool,
    pub active: bool,
    pub at: i64,
}

/// A connection's route and its bucket settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectionRoute {
    /// `api` or `bucket`.
    pub source: String,
    pub bucket: Option<String>,
    pub prefix: Option<String>,
    pub role_arn: Option<String>,
}

/// The setting that holds the user's preferences (`meta`).
const PREFERENCES: &str = "source_preferences";

struct Origin {
    route: String,
    origin: String,
    detail: i64,
    complete: bool,
    at: i64,
    active: bool,
}

fn detail_of(n: i64) -> Detail {
    if n <= 1 {
        Detail::DailySummary
    } else {
        Detail::Itemised
    }
}

/// `{"aws": "bucket", "aws/123456789012": "file"}`: the route preferred
/// for a provider, or a provider's billing account (keys matched without
/// regard to case).
fn preferences(tx: &Transaction<'_>) -> Result<serde_json::Map<String, serde_json::Value>, StoreError> {
    let text: Option<String> = tx
        .query_row("SELECT value FROM meta WHERE key = ?1", [PREFERENCES], |r| r.get(0))
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default())
}

fn preferred(prefs: &serde_json::Map<String, serde_json::Value>, provider: &str, account: &str) -> Option<String> {
    let find = |key: String| {
        prefs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&key))
            .and_then(|(_, v)| v.as_str().map(str::to_string))
    };
    find(format!("{provider}/{account}")).or_else(|| find(provider.to_string()))
}

fn text_of(tx: &Transaction<'_>, id: i64) -> Result<String, StoreError> {
    Ok(tx
        .query_row("SELECT v FROM str WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// The runs of one origin that hold lines (live or set aside) in `s`.
fn origin_runs(tx: &Transaction<'_>, s: Scope, route: &str, origin: &str) -> Result<Vec<i64>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT o.run_id FROM run_scope rs JOIN run_origin o ON o.run_id = rs.run_id \
         WHERE rs.provider = ?1 AND rs.billing_account = ?2 AND rs.period_id = ?3 AND o.route = ?4 AND o.origin = ?5",
    )?;
    let rows = stmt.query_map(params![s.provider, s.billing_account, s.period_id, route, origin], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Runs in `s` that predate this rule get an origin: files `file`, syncs
/// their connection (`sync:NAME:WINDOW`), both itemised.
fn adopt_legacy(tx: &Transaction<'_>, s: Scope) -> Result<(), StoreError> {
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
            "sync" => ("api", source.split(':').nth(1).unwrap_or("sync").to_string()),
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

/// Whether the run's lines in `s` reach the period's last day.
fn reaches_period_end(tx: &Transaction<'_>, run: i64, s: Scope) -> Result<bool, StoreError> {
    let (last, end): (Option<i64>, i64) = tx.query_row(
        "SELECT (SELECT max(l.charge_start) FROM line l JOIN run r ON r.id = l.run_id \
           WHERE l.run_id = ?1 AND l.id BETWEEN r.first_line AND r.last_line AND l.billing_period_id = ?2 \
           AND l.dims_id IN (SELECT id FROM dims WHERE provider = ?3 AND billing_account_id = ?4)), \
         (SELECT end FROM period WHERE id = ?2)",
        params![run, s.period_id, s.provider, s.billing_account],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(last.is_some_and(|l| l >= end - 86_400))
}

/// Ranks the origins of `s` and keeps only the first's lines in the store.
/// `claimant`: the run that just wrote (its lines are live whatever its
/// origin's standing was).
fn settle_scope(tx: &Transaction<'_>, s: Scope, claimant: Option<(i64, &str, &str)>) -> Result<Settlement, StoreError> {
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
    let wanted = preferred(&prefs, &text_of(tx, s.provider)?, &text_of(tx, s.billing_account)?);
    // Ties in time go to the origin with the newest run.
    let rank = |i: usize| {
        let o = &origins[i];
        let newest = runs[i].iter().max().copied().unwrap_or_default();
        (wanted.as_deref() == Some(o.route.as_str()), o.complete, o.detail, o.at, newest)
    };
    let Some(winner) = (0..origins.len()).max_by_key(|i| rank(*i)) else {
        return Ok(Settlement::default());
    };
    let mut out = Settlement::default();
    for (i, o) in origins.iter().enumerate() {
        let wins = i == winner;
        let claiming = claimant.filter(|(_, route, origin)| *route == o.route && *origin == o.origin);
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

fn run_scopes(tx: &Transaction<'_>, run: i64) -> Result<Vec<Scope>, StoreError> {
    let mut stmt = tx.prepare_cached("SELECT provider, billing_account, period_id FROM run_scope WHERE run_id = ?1")?;
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
pub(crate) fn resettle(tx: &Transaction<'_>, scopes: &[Scope]) -> Result<(), StoreError> {
    for s in scopes {
        settle_scope(tx, *s, None)?;
    }
    Ok(())
}

pub(crate) fn scopes_of(tx: &Transaction<'_>, run: i64) -> Result<Vec<Scope>, StoreError> {
    run_scopes(tx, run)
}

impl RunTx<'_> {
    /// Records what a bucket window's delivery was made of (see
    /// [`Store::month_totals`], keyed by the window), with its lines.
    pub fn set_delivery_signature(&self, connection: &str, key: &str, signature: &str) -> Result<(), StoreError> {
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
        for s in run_scopes(tx, self.run_id)? {
            adopt_legacy(tx, s)?;
            let complete = match claim.complete {
                Some(c) => c,
                None => reaches_period_end(tx, self.run_id, s)?,
            };
            // The claimant's lines are live: an origin that was set aside
            // keeps that standing for its other runs.
            tx.execute(
                "INSERT INTO scope_origin (provider, billing_account, period_id, route, origin, detail, complete, at, active) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1) ON CONFLICT (provider, billing_account, period_id, route, origin) \
                 DO UPDATE SET detail = excluded.detail, complete = excluded.complete, at = excluded.at",
                params![s.provider, s.billing_account, s.period_id, claim.route.as_str(), claim.origin, claim.detail as i64, complete, at],
            )?;
            let got = settle_scope(tx, s, Some((self.run_id, claim.route.as_str(), &claim.origin)))?;
            total.parked += got.parked;
            total.restored += got.restored;
            total.scopes_lost += got.scopes_lost;
        }
        Ok(total)
    }
}

impl Store {
    /// Every scope fed by more than the demo, and each origin feeding it.
    pub fn scope_sources(&self) -> Result<Vec<ScopeSourceRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT p.v, a.v, pe.start, o.route, o.origin, o.detail, o.complete, o.active, o.at FROM scope_origin o \
             JOIN str p ON p.id = o.provider JOIN str a ON a.id = o.billing_account JOIN period pe ON pe.id = o.period_id \
             ORDER BY p.v, a.v, pe.start, o.active DESC, o.at DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ScopeSourceRecord {
                provider: r.get(0)?,
                billing_account: r.get(1)?,
                period_start: r.get(2)?,
                route: r.get(3)?,
                origin: r.get(4)?,
                detail: detail_of(r.get(5)?),
                complete: r.get::<_, i64>(6)? != 0,
                active: r.get::<_, i64>(7)? != 0,
                at: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The user's preferences: (provider or provider/account, route).
    pub fn source_preferences(&self) -> Result<Vec<(String, String)>, StoreError> {
        let text = self.setting(PREFERENCES)?.unwrap_or_default();
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
        Ok(map
            .into_iter()
            .filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_string())))
            .collect())
    }

    /// Prefers `route` for `key` (a provider, or `provider/account`), or
    /// goes back to the automatic rule (`None`), and settles every scope
    /// again in one transaction. Returns what moved.
    pub fn set_source_preference(&mut self, key: &str, route: Option<Route>) -> Result<Settlement, StoreError> {
        let tx = self.conn.transaction()?;
        let mut prefs = preferences(&tx)?;
        prefs.retain(|k, _| !k.eq_ignore_ascii_case(key));
        if let Some(r) = route {
            prefs.insert(key.to_string(), serde_json::Value::String(r.as_str().into()));
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![PREFERENCES, serde_json::Value::Object(prefs).to_string()],
        )?;
        let scopes: Vec<Scope> = {
            let mut stmt = tx.prepare("SELECT DISTINCT provider, billing_account, period_id FROM scope_origin")?;
            let rows = stmt.query_map([], |r| {
                Ok(Scope {
                    provider: r.get(0)?,
                    billing_account: r.get(1)?,
                    period_id: r.get(2)?,
                })
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let mut total = Settlement::default();
        for s in scopes {
            let got = settle_scope(&tx, s, None)?;
            total.parked += got.parked;
            total.restored += got.restored;
        }
        tx.commit()?;
        Ok(total)
    }

    pub fn connection_route(&self, connection: &str) -> Result<ConnectionRoute, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT source, bucket, prefix, role_arn FROM connection_route WHERE connection = ?1",
                [connection],
                |r| {
                    Ok(ConnectionRoute {
                        source: r.get(0)?,
                        bucket: r.get(1)?,
                        prefix: r.get(2)?,
                        role_arn: r.get(3)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_else(|| ConnectionRoute {
                source: "api".into(),
                ..ConnectionRoute::default()
            }))
    }

    pub fn set_connection_route(&self, connection: &str, route: &ConnectionRoute) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO connection_route (connection, source, bucket, prefix, role_arn) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (connection) DO UPDATE SET source = excluded.source, bucket = excluded.bucket, \
             prefix = excluded.prefix, role_arn = excluded.role_arn",
            params![connection, route.source, route.bucket, route.prefix, route.role_arn],
        )?;
        Ok(())
    }
}
