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

use rusqlite::OptionalExtension;

mod parking;
mod schema;
mod settle;

use rusqlite::params;

pub(crate) use schema::AREA;
pub(crate) use settle::{resettle, scopes_of};

use crate::lines::Scope;
use crate::StoreError;
use settle::{detail_of, preferences, settle_scope, PREFERENCES};

area_handles!(
    /// Where each scope's lines come from, the user's preferences, and
    /// each connection's route.
    Sources,
    SourcesMut,
    sources,
    sources_mut
);

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

impl Sources<'_> {
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
        let text: String = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [PREFERENCES],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default();
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).unwrap_or_default();
        Ok(map
            .into_iter()
            .filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_string())))
            .collect())
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
}

impl SourcesMut<'_> {
    /// Prefers `route` for `key` (a provider, or `provider/account`), or
    /// goes back to the automatic rule (`None`), and settles every scope
    /// again in one transaction. Returns what moved.
    pub fn set_source_preference(
        &mut self,
        key: &str,
        route: Option<Route>,
    ) -> Result<Settlement, StoreError> {
        let tx = self.conn.savepoint()?;
        let mut prefs = preferences(&tx)?;
        prefs.retain(|k, _| !k.eq_ignore_ascii_case(key));
        if let Some(r) = route {
            prefs.insert(
                key.to_string(),
                serde_json::Value::String(r.as_str().into()),
            );
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![PREFERENCES, serde_json::Value::Object(prefs).to_string()],
        )?;
        let scopes: Vec<Scope> = {
            let mut stmt = tx.prepare(
                "SELECT DISTINCT provider, billing_account, period_id FROM scope_origin",
            )?;
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

    pub fn set_connection_route(
        &mut self,
        connection: &str,
        route: &ConnectionRoute,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO connection_route (connection, source, bucket, prefix, role_arn) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (connection) DO UPDATE SET source = excluded.source, bucket = excluded.bucket, \
             prefix = excluded.prefix, role_arn = excluded.role_arn",
            params![connection, route.source, route.bucket, route.prefix, route.role_arn],
        )?;
        Ok(())
    }
}
