//! Writing lines: one import or sync run is one transaction. The run row, its
//! lines and the rollups land together or not at all.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use cloudlens_model::CostLine;
use rusqlite::{params, Connection, OptionalExtension, Statement};

use super::intern::{Interner, RollupKey};
use super::prepared::PreparedLine;
use super::restate::{older_runs_in, remove_lines, LineSelection, Scope};
use crate::{from_nanos, LinesMut, RunKind, StoreError};

/// What is being imported; `clock` gives the current time in Unix seconds
/// (passed in so the store never reads the wall clock itself).
pub struct RunSpec {
    pub kind: RunKind,
    pub source: String,
    pub format: Option<String>,
    pub clock: fn() -> i64,
    /// The source's content hash, so the same file is recognised again.
    pub content_hash: Option<String>,
    /// Whether this run replaces older runs' lines for the same provider,
    /// billing account and billing period (file imports and syncs do; the
    /// demo does not).
    pub restates: bool,
}

impl RunSpec {
    /// A run that neither restates nor is recognised by content.
    pub fn plain(
        kind: RunKind,
        source: impl Into<String>,
        format: Option<String>,
        clock: fn() -> i64,
    ) -> Self {
        Self {
            kind,
            source: source.into(),
            format,
            clock,
            content_hash: None,
            restates: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOutcome {
    pub run_id: i64,
    pub lines: u64,
    /// Older runs whose lines this run replaced, with how many lines each lost.
    pub restated: Vec<(i64, u64)>,
    /// What the store holds for this run, read back from the stored lines.
    pub totals: Vec<StoredTotal>,
}

/// The stored sums of one run for one billing period and currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTotal {
    pub billing_period_start: i64,
    pub billing_period_end: i64,
    pub currency: String,
    pub billed: cloudlens_model::Decimal,
    pub effective: cloudlens_model::Decimal,
    pub lines: u64,
}

#[derive(Default, Clone, Copy)]
struct Sums {
    billed: i128,
    effective: i128,
    list: i128,
    contracted: i128,
    lines: i64,
}

/// The open transaction of a run, for typed writers that must commit with
/// its lines (see `sync_state.rs`).
pub struct RunTx<'t> {
    pub(crate) tx: &'t Connection,
    pub(crate) run_id: i64,
}

impl RunTx<'_> {
    pub fn run_id(&self) -> i64 {
        self.run_id
    }
}

/// Receives the lines of one run inside its transaction.
pub struct LineSink<'t> {
    tx: &'t Connection,
    path: &'t std::path::Path,
    insert: Statement<'t>,
    run_id: i64,
    interner: Interner,
    rollup: HashMap<(i64, RollupKey), Sums>,
    lines: u64,
    ids: Option<(i64, i64)>,
    days: Option<(i64, i64)>,
    zone: cloudlens_model::DayZone,
    scopes: HashSet<Scope>,
    /// The id of the first line when set-aside lines hold ids above every
    /// line's (SQLite gives a new row the largest id plus one, which could
    /// be a set-aside line's); later lines follow it. `None`: SQLite's own.
    first_id: Option<i64>,
}

const INSERT_LINE: &str =
    "INSERT INTO line (run_id, source_row, dims_id, billing_period_id, charge_start, \
    charge_secs, billed, effective, list, contracted, pricing_qty, consumed_qty, list_unit_price, \
    contracted_unit_price, cd_status, cd_qty, cr_status, invoice_id, extras, id) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";

/// The first id a new line may take without meeting a set-aside line's,
/// when SQLite would otherwise hand out one of theirs.
fn first_free_id(tx: &Connection) -> rusqlite::Result<Option<i64>> {
    let (line, parked): (Option<i64>, Option<i64>) = tx.query_row(
        "SELECT (SELECT max(id) FROM line), (SELECT max(id) FROM line_parked)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(match (line, parked) {
        (l, Some(p)) if l.is_none_or(|l| l < p) => Some(p + 1),
        _ => None,
    })
}

impl LineSink<'_> {
    /// Prepares and writes one line.
    pub fn push(&mut self, line: CostLine) -> Result<(), StoreError> {
        self.push_prepared(&PreparedLine::new(line)?)
    }

    /// Writes a line prepared elsewhere (possibly on another thread).
    pub fn push_prepared(&mut self, p: &PreparedLine) -> Result<(), StoreError> {
        let path = self.path;
        self.write_line(p).map_err(|e| e.at(path))
    }

    fn write_line(&mut self, p: &PreparedLine) -> Result<(), StoreError> {
        let line = &p.line;
        let dims = self.interner.dims(self.tx, &line.dims)?;
        let period =
            self.interner
                .period(self.tx, line.billing_period_start, line.billing_period_end)?;
        let cd_status = self
            .interner
            .opt_string(self.tx, line.commitment_discount_status.as_deref())?;
        let cr_status = self
            .interner
            .opt_string(self.tx, line.capacity_reservation_status.as_deref())?;
        let invoice = self
            .interner
            .opt_string(self.tx, line.invoice_id.as_deref())?;
        let [billed, effective, list, contracted] = p.costs;
        let [pricing_qty, consumed_qty, list_price, contracted_price, cd_qty] = &p.decimals;

        let s = &mut self.insert;
        s.raw_bind_parameter(1, self.run_id)?;
        s.raw_bind_parameter(2, line.provenance.source_row as i64)?;
        s.raw_bind_parameter(3, dims.id)?;
        s.raw_bind_parameter(4, period)?;
        s.raw_bind_parameter(5, line.charge_period_start)?;
        s.raw_bind_parameter(6, p.charge_secs)?;
        s.raw_bind_parameter(7, billed)?;
        s.raw_bind_parameter(8, effective)?;
        s.raw_bind_parameter(9, list)?;
        s.raw_bind_parameter(10, contracted)?;
        s.raw_bind_parameter(11, pricing_qty)?;
        s.raw_bind_parameter(12, consumed_qty)?;
        s.raw_bind_parameter(13, list_price)?;
        s.raw_bind_parameter(14, contracted_price)?;
        s.raw_bind_parameter(15, cd_status)?;
        s.raw_bind_parameter(16, cd_qty)?;
        s.raw_bind_parameter(17, cr_status)?;
        s.raw_bind_parameter(18, invoice)?;
        s.raw_bind_parameter(19, line.extras.as_deref())?;
        s.raw_bind_parameter(20, self.first_id.take())?;
        s.raw_execute()?;
        let id = self.tx.last_insert_rowid();

        let day = self
            .zone
            .day(line.charge_period_start, line.billing_period_start);
        self.scopes.insert(Scope {
            provider: dims.rollup[1],
            billing_account: dims.rollup[2],
            period_id: period,
        });
        let sums = self.rollup.entry((day, dims.rollup)).or_default();
        sums.billed += i128::from(billed);
        sums.effective += i128::from(effective);
        sums.list += i128::from(list);
        sums.contracted += i128::from(contracted);
        sums.lines += 1;
        self.lines += 1;
        self.ids = Some(self.ids.map_or((id, id), |(a, _)| (a, id)));
        self.days = Some(
            self.days
                .map_or((day, day), |(a, b)| (a.min(day), b.max(day))),
        );
        Ok(())
    }

    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// The id range of the lines written so far (for page provenance).
    pub fn line_ids(&self) -> Option<(i64, i64)> {
        self.ids
    }

    /// Records the content hash of what this run imports, unless another run
    /// already imported the same content: then that run's id is returned and
    /// the caller should abandon this one.
    pub fn claim_content_hash(&mut self, hash: &str) -> Result<Option<i64>, StoreError> {
        let existing: Option<i64> = self
            .tx
            .query_row(
                "SELECT id FROM run WHERE content_hash = ?1 AND id <> ?2 ORDER BY id LIMIT 1",
                params![hash, self.run_id],
                |r| r.get(0),
            )
            .optional()?;
        if existing.is_none() {
            self.tx.execute(
                "UPDATE run SET content_hash = ?2 WHERE id = ?1",
                params![self.run_id, hash],
            )?;
        }
        Ok(existing)
    }

    /// The run's stored sums per billing period and currency, read back
    /// from the line table (not from what was pushed), for reconciliation.
    fn stored_totals(&self) -> Result<Vec<StoredTotal>, StoreError> {
        match self.ids {
            Some((first, last)) => run_totals(self.tx, self.run_id, first, last),
            None => Ok(Vec::new()),
        }
    }

    /// Records the run's scopes and removes older runs' lines in them.
    fn restate(&mut self, at: i64, restates: bool) -> Result<Vec<(i64, u64)>, StoreError> {
        let mut lost: HashMap<i64, u64> = HashMap::default();
        for scope in &self.scopes {
            if restates {
                for (older, first, last) in older_runs_in(self.tx, *scope, self.run_id)? {
                    let n = remove_lines(
                        self.tx,
                        &LineSelection {
                            run_id: older,
                            first_line: first,
                            last_line: last,
                            scope: Some(*scope),
                        },
                    )?;
                    self.tx.execute(
                        "DELETE FROM run_scope WHERE provider = ?1 AND billing_account = ?2 AND period_id = ?3 AND run_id = ?4",
                        params![scope.provider, scope.billing_account, scope.period_id, older],
                    )?;
                    *lost.entry(older).or_default() += n;
                }
            }
            self.tx.execute(
                "INSERT OR IGNORE INTO run_scope (provider, billing_account, period_id, run_id) VALUES (?1, ?2, ?3, ?4)",
                params![scope.provider, scope.billing_account, scope.period_id, self.run_id],
            )?;
        }
        let mut out: Vec<(i64, u64)> = lost.into_iter().collect();
        out.sort_unstable();
        for (older, n) in &out {
            self.tx.execute(
                "UPDATE run SET lines = lines - ?2 WHERE id = ?1",
                params![older, *n as i64],
            )?;
            self.tx.execute(
                "INSERT INTO run_restated (run_id, by_run, lines, at) VALUES (?1, ?2, ?3, ?4)",
                params![older, self.run_id, *n as i64, at],
            )?;
        }
        Ok(out)
    }

    fn merge_rollup(&mut self) -> Result<(), StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO rollup_daily (day, currency, provider, billing_account_id, sub_account_id, service_name, \
             billed, effective, list, contracted, lines) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) \
             ON CONFLICT (day, currency, provider, billing_account_id, sub_account_id, service_name) DO UPDATE SET \
             billed = billed + excluded.billed, effective = effective + excluded.effective, \
             list = list + excluded.list, contracted = contracted + excluded.contracted, lines = lines + excluded.lines",
        )?;
        let n = |column: &'static str, v: i128| {
            i64::try_from(v).map_err(|_| StoreError::AmountOutOfRange {
                column,
                value: v.to_string(),
            })
        };
        for ((day, k), s) in &self.rollup {
            stmt.execute(params![
                day,
                k[0],
                k[1],
                k[2],
                k[3],
                k[4],
                n("BilledCost", s.billed)?,
                n("EffectiveCost", s.effective)?,
                n("ListCost", s.list)?,
                n("ContractedCost", s.contracted)?,
                s.lines
            ])?;
        }
        Ok(())
    }
}

/// The sums of run `run_id` (lines `first..=last`) per billing period and
/// currency, read from the line table.
pub(crate) fn run_totals(
    conn: &Connection,
    run_id: i64,
    first: i64,
    last: i64,
) -> Result<Vec<StoredTotal>, StoreError> {
    // Summed here rather than with GROUP BY, which would sort every line.
    let mut sums: HashMap<(i64, i64), (i128, i128, u64)> = HashMap::default();
    let mut stmt = conn.prepare(
        "SELECT dims_id, billing_period_id, billed, effective FROM line WHERE id BETWEEN ?1 AND ?2 AND run_id = ?3",
    )?;
    let mut rows = stmt.query(params![first, last, run_id])?;
    while let Some(r) = rows.next()? {
        let e = sums.entry((r.get(0)?, r.get(1)?)).or_default();
        e.0 += i128::from(r.get::<_, i64>(2)?);
        e.1 += i128::from(r.get::<_, i64>(3)?);
        e.2 += 1;
    }
    let mut by_group: std::collections::BTreeMap<(i64, i64, String), (i128, i128, u64)> =
        Default::default();
    let mut currency = conn.prepare_cached(
        "SELECT c.v FROM dims d JOIN str c ON c.id = d.billing_currency WHERE d.id = ?1",
    )?;
    let mut period = conn.prepare_cached("SELECT start, end FROM period WHERE id = ?1")?;
    for ((dims_id, period_id), (billed, effective, lines)) in sums {
        let cur: String = currency.query_row([dims_id], |r| r.get(0))?;
        let (start, end): (i64, i64) =
            period.query_row([period_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let g = by_group.entry((start, end, cur)).or_default();
        g.0 += billed;
        g.1 += effective;
        g.2 += lines;
    }
    Ok(by_group
        .into_iter()
        .map(
            |((start, end, currency), (billed, effective, lines))| StoredTotal {
                billing_period_start: start,
                billing_period_end: end,
                currency,
                billed: from_nanos(billed),
                effective: from_nanos(effective),
                lines,
            },
        )
        .collect())
}

impl LinesMut<'_> {
    /// Runs `fill` inside one transaction with a sink for the run's lines.
    /// When `fill` returns an error (a bad line, a cancelled run) nothing of
    /// the run is kept.
    pub fn import<E: From<StoreError>>(
        &mut self,
        spec: RunSpec,
        fill: impl FnOnce(&mut LineSink<'_>) -> Result<(), E>,
    ) -> Result<ImportOutcome, E> {
        self.import_reporting(spec, fill, |_| Ok(None))
    }

    /// Like [`LinesMut::import`]; `report` sees the outcome (stored totals,
    /// restatements) before the commit, may refuse the run by returning an
    /// error, and its text is kept with the run for the history.
    pub fn import_reporting<E: From<StoreError>>(
        &mut self,
        spec: RunSpec,
        fill: impl FnOnce(&mut LineSink<'_>) -> Result<(), E>,
        report: impl FnOnce(&ImportOutcome) -> Result<Option<String>, E>,
    ) -> Result<ImportOutcome, E> {
        self.import_inner(spec, &[], fill, report, |_, _| Ok(()))
    }

    /// A run that replaces whole older runs (`replaces`: a sync window's
    /// previous run) and lets `within` record more state (page provenance,
    /// the window's `done` mark) in the same transaction, so a window's
    /// lines and its state commit together or not at all.
    pub fn import_replacing<E: From<StoreError>>(
        &mut self,
        spec: RunSpec,
        replaces: &[i64],
        fill: impl FnOnce(&mut LineSink<'_>) -> Result<(), E>,
        within: impl FnOnce(&RunTx<'_>, &ImportOutcome) -> Result<(), E>,
    ) -> Result<ImportOutcome, E> {
        self.import_inner(spec, replaces, fill, |_| Ok(None), within)
    }

    fn import_inner<E: From<StoreError>>(
        &mut self,
        spec: RunSpec,
        replaces: &[i64],
        fill: impl FnOnce(&mut LineSink<'_>) -> Result<(), E>,
        report: impl FnOnce(&ImportOutcome) -> Result<Option<String>, E>,
        within: impl FnOnce(&RunTx<'_>, &ImportOutcome) -> Result<(), E>,
    ) -> Result<ImportOutcome, E> {
        // Lock waits, a read-only file and a full disk name the store file.
        let path = self.path;
        let named = |e: rusqlite::Error| StoreError::from(e).at(path);
        let at = |e: StoreError| e.at(path);
        // A savepoint: the import nests in the audited change that records it.
        let tx = self.conn.savepoint().map_err(named)?;
        for old in replaces {
            super::runs::remove_run_in(&tx, *old).map_err(at)?;
        }
        let started = (spec.clock)();
        tx.execute(
            "INSERT INTO run (kind, source, format, started_at, finished_at, lines, content_hash) \
             VALUES (?1, ?2, ?3, ?4, ?4, 0, ?5)",
            params![
                spec.kind.as_str(),
                spec.source,
                spec.format,
                started,
                spec.content_hash
            ],
        )
        .map_err(named)?;
        let run_id = tx.last_insert_rowid();
        let insert = tx.prepare(INSERT_LINE).map_err(named)?;
        let mut sink = LineSink {
            tx: &tx,
            path,
            insert,
            run_id,
            interner: Interner::default(),
            rollup: HashMap::default(),
            lines: 0,
            ids: None,
            days: None,
            zone: super::stored_zone(&tx).map_err(at)?,
            scopes: HashSet::default(),
            first_id: first_free_id(&tx).map_err(named)?,
        };
        fill(&mut sink)?;
        sink.merge_rollup().map_err(at)?;
        let finished = (spec.clock)();
        let restated = sink.restate(finished, spec.restates).map_err(at)?;
        let totals = sink.stored_totals().map_err(at)?;
        let (lines, ids, days) = (sink.lines, sink.ids, sink.days);
        drop(sink);
        let outcome = ImportOutcome {
            run_id,
            lines,
            restated,
            totals,
        };
        let report = report(&outcome)?;
        tx.execute(
            "UPDATE run SET finished_at = ?2, lines = ?3, lines_imported = ?3, first_line = ?4, last_line = ?5, \
             first_day = ?6, last_day = ?7, report = ?8 WHERE id = ?1",
            params![
                run_id,
                finished,
                lines as i64,
                ids.map(|i| i.0),
                ids.map(|i| i.1),
                days.map(|d| d.0),
                days.map(|d| d.1),
                report
            ],
        )
        .map_err(named)?;
        let run = RunTx { tx: &tx, run_id };
        within(&run, &outcome)?;
        if spec.kind == RunKind::File {
            run.settle_sources(&crate::SourceClaim::file(), finished)
                .map_err(at)?;
        }
        tx.commit().map_err(named)?;
        Ok(outcome)
    }
}
