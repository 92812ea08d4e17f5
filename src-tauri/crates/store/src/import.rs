//! Writing lines: one import or sync run is one transaction. The run row, its
//! lines and the rollups land together or not at all.

use std::collections::HashMap;

use cloudlens_model::{CostLine, Decimal};
use rusqlite::{params, Transaction};

use crate::intern::{Interner, RollupKey};
use crate::money::to_nanos;
use crate::{RunKind, Store, StoreError};

/// What is being imported; `clock` gives the current time in Unix seconds
/// (passed in so the store never reads the wall clock itself).
pub struct RunSpec {
    pub kind: RunKind,
    pub source: String,
    pub format: Option<String>,
    pub clock: fn() -> i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOutcome {
    pub run_id: i64,
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

/// Receives the lines of one run inside its transaction.
pub struct LineSink<'t> {
    tx: &'t Transaction<'t>,
    run_id: i64,
    interner: Interner,
    rollup: HashMap<(i64, RollupKey), Sums>,
    lines: u64,
    days: Option<(i64, i64)>,
}

const INSERT_LINE: &str = "INSERT INTO line (run_id, source_row, dims_id, day, charge_start, charge_end, \
    billing_start, billing_end, billed, effective, list, contracted, pricing_qty, consumed_qty, \
    list_unit_price, contracted_unit_price, cd_status, cd_qty, cr_status, invoice_id, extras) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, nullif(?17, 0), ?18, \
    nullif(?19, 0), nullif(?20, 0), ?21)";

impl LineSink<'_> {
    pub fn push(&mut self, line: &CostLine) -> Result<(), StoreError> {
        if line.charge_period_end <= line.charge_period_start {
            return Err(StoreError::BadPeriod {
                row: line.provenance.source_row,
                start: line.charge_period_start,
                end: line.charge_period_end,
            });
        }
        let dims = self.interner.dims(self.tx, &line.dims)?;
        let billed = to_nanos("BilledCost", line.billed_cost)?;
        let effective = to_nanos("EffectiveCost", line.effective_cost)?;
        let list = to_nanos("ListCost", line.list_cost)?;
        let contracted = to_nanos("ContractedCost", line.contracted_cost)?;
        let day = line.charge_period_start.div_euclid(86_400);
        let cd_status = self.opt_string(line.commitment_discount_status.as_deref())?;
        let cr_status = self.opt_string(line.capacity_reservation_status.as_deref())?;
        let invoice = self.opt_string(line.invoice_id.as_deref())?;
        self.tx.prepare_cached(INSERT_LINE)?.execute(params![
            self.run_id,
            line.provenance.source_row as i64,
            dims.id,
            day,
            line.charge_period_start,
            line.charge_period_end,
            line.billing_period_start,
            line.billing_period_end,
            billed,
            effective,
            list,
            contracted,
            dec_text(line.pricing_quantity),
            dec_text(line.consumed_quantity),
            dec_text(line.list_unit_price),
            dec_text(line.contracted_unit_price),
            cd_status,
            dec_text(line.commitment_discount_quantity),
            cr_status,
            invoice,
            line.extras,
        ])?;
        let s = self.rollup.entry((day, dims.rollup)).or_default();
        s.billed += i128::from(billed);
        s.effective += i128::from(effective);
        s.list += i128::from(list);
        s.contracted += i128::from(contracted);
        s.lines += 1;
        self.lines += 1;
        self.days = Some(match self.days {
            None => (day, day),
            Some((a, b)) => (a.min(day), b.max(day)),
        });
        Ok(())
    }

    pub fn lines(&self) -> u64 {
        self.lines
    }

    fn opt_string(&mut self, v: Option<&str>) -> Result<i64, StoreError> {
        match v {
            Some(s) => self.interner.string(self.tx, s),
            None => Ok(0),
        }
    }

    fn merge_rollup(&mut self) -> Result<(), StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO rollup_daily (day, currency, provider, billing_account_id, sub_account_id, service_name, \
             billed, effective, list, contracted, lines) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) \
             ON CONFLICT (day, currency, provider, billing_account_id, sub_account_id, service_name) DO UPDATE SET \
             billed = billed + excluded.billed, effective = effective + excluded.effective, \
             list = list + excluded.list, contracted = contracted + excluded.contracted, lines = lines + excluded.lines",
        )?;
        for ((day, k), s) in &self.rollup {
            let n = |column: &'static str, v: i128| {
                i64::try_from(v).map_err(|_| StoreError::AmountOutOfRange { column, value: v.to_string() })
            };
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

fn dec_text(v: Option<Decimal>) -> Option<String> {
    v.map(|d| d.normalize().to_string())
}

impl Store {
    /// Runs `fill` inside one transaction with a sink for the run's lines.
    /// When `fill` returns an error (a bad line, a cancelled run) nothing of
    /// the run is kept.
    pub fn import<E: From<StoreError>>(
        &mut self,
        spec: RunSpec,
        fill: impl FnOnce(&mut LineSink<'_>) -> Result<(), E>,
    ) -> Result<ImportOutcome, E> {
        let tx = self.conn.transaction().map_err(StoreError::from)?;
        let started = (spec.clock)();
        tx.execute(
            "INSERT INTO run (kind, source, format, started_at, finished_at, lines) VALUES (?1, ?2, ?3, ?4, ?4, 0)",
            params![spec.kind.as_str(), spec.source, spec.format, started],
        )
        .map_err(StoreError::from)?;
        let run_id = tx.last_insert_rowid();
        let mut sink =
            LineSink { tx: &tx, run_id, interner: Interner::default(), rollup: HashMap::new(), lines: 0, days: None };
        fill(&mut sink)?;
        sink.merge_rollup()?;
        let (lines, days) = (sink.lines, sink.days);
        drop(sink);
        tx.execute(
            "UPDATE run SET finished_at = ?2, lines = ?3, first_day = ?4, last_day = ?5 WHERE id = ?1",
            params![run_id, (spec.clock)(), lines as i64, days.map(|d| d.0), days.map(|d| d.1)],
        )
        .map_err(StoreError::from)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(ImportOutcome { run_id, lines })
    }
}
