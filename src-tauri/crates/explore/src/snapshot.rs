//! The in-memory columnar snapshot: lines sorted (counting sort) by charge
//! day in a day zone, so a date range is one slice; per line only a dense dimensions index
//! and, loaded when a query first needs it, each metric column.

use std::sync::{Arc, Mutex};

use cloudlens_store::{DayZone, DimsRecord, LineColumn, Lines, StoreError};
use rustc_hash::FxHashMap as HashMap;

pub struct Snapshot {
    /// The store generation this snapshot reflects.
    pub generation: i64,
    /// Dense index → dimensions.
    pub dims: Vec<DimsRecord>,
    by_id: HashMap<i64, u32>,
    /// Day number of bucket 0.
    pub(crate) first_day: i32,
    /// Bucket `d` holds lines `offsets[d]..offsets[d + 1]`.
    pub(crate) offsets: Vec<u32>,
    pub(crate) line_dims: Vec<u32>,
    /// Line id order → sorted position, to place lazily loaded metrics.
    pub(crate) perm: Vec<u32>,
    metrics: Mutex<[Option<Arc<Vec<i64>>>; 5]>,
    /// The zone the days are counted in.
    pub(crate) zone: DayZone,
    /// Per line (sorted order), the days its charge period covers after its
    /// first, read when a query first spreads period charges.
    pub(crate) spans: Mutex<Option<Arc<crate::spread::Spans>>>,
}

fn slot(c: LineColumn) -> usize {
    match c {
        LineColumn::Billed => 0,
        LineColumn::Effective => 1,
        LineColumn::List => 2,
        LineColumn::Contracted => 3,
        LineColumn::ConsumedQuantity => 4,
    }
}

pub(crate) fn corrupt(lines: Lines<'_>, reason: &str) -> StoreError {
    StoreError::NotAStore {
        path: lines.path().to_path_buf(),
        reason: reason.to_string(),
    }
}

impl Snapshot {
    /// Reads the dimensions and the billed column (the default metric), all
    /// as of one commit, with days in the store's day zone (the zone its
    /// daily rollup is keyed in, so the explorer and dashboards agree).
    pub fn load(lines: Lines<'_>) -> Result<Snapshot, StoreError> {
        lines.consistent(|l| {
            let zone = l.day_zone()?;
            Self::load_now(l, zone)
        })
    }

    /// Like [`Snapshot::load`] with days in `zone`.
    pub fn load_in(lines: Lines<'_>, zone: DayZone) -> Result<Snapshot, StoreError> {
        lines.consistent(|l| Self::load_now(l, zone))
    }

    fn load_now(store: Lines<'_>, zone: DayZone) -> Result<Snapshot, StoreError> {
        let generation = store.generation()?;
        let dims = store.explore_dims()?;
        let by_id: HashMap<i64, u32> = dims
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i as u32))
            .collect();
        let (mut raw_dims, mut raw_days, mut raw_vals) = (Vec::new(), Vec::new(), Vec::new());
        let mut missing = false;
        store.scan_line_days(LineColumn::Billed, &zone, |d, day, v| {
            let Some(&i) = by_id.get(&d) else {
                missing = true;
                return;
            };
            raw_dims.push(i);
            raw_days.push(day as i32);
            raw_vals.push(v);
        })?;
        if missing {
            return Err(corrupt(store, "a line refers to missing dimensions"));
        }
        let first_day = raw_days.iter().copied().min().unwrap_or(0);
        let last_day = raw_days.iter().copied().max().unwrap_or(-1);
        let ndays = (last_day - first_day + 1).max(0) as usize;
        let mut offsets = vec![0u32; ndays + 1];
        for d in &raw_days {
            offsets[(d - first_day) as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut next = offsets.clone();
        let n = raw_dims.len();
        let mut perm = vec![0u32; n];
        let mut line_dims = vec![0u32; n];
        let mut billed = vec![0i64; n];
        for i in 0..n {
            let b = (raw_days[i] - first_day) as usize;
            let pos = next[b] as usize;
            next[b] += 1;
            perm[i] = pos as u32;
            line_dims[pos] = raw_dims[i];
            billed[pos] = raw_vals[i];
        }
        let mut metrics: [Option<Arc<Vec<i64>>>; 5] = Default::default();
        metrics[0] = Some(Arc::new(billed));
        Ok(Snapshot {
            generation,
            dims,
            by_id,
            first_day,
            offsets,
            line_dims,
            perm,
            metrics: Mutex::new(metrics),
            zone,
            spans: Mutex::new(None),
        })
    }

    pub fn lines(&self) -> usize {
        self.line_dims.len()
    }

    /// Dense index of a stored dimensions id.
    pub fn dims_index(&self, id: i64) -> Option<u32> {
        self.by_id.get(&id).copied()
    }

    /// First and last day with lines (day numbers); `None` when empty.
    pub fn day_span(&self) -> Option<(i32, i32)> {
        (!self.line_dims.is_empty()).then(|| {
            (
                self.first_day,
                self.first_day + self.offsets.len() as i32 - 2,
            )
        })
    }

    /// The metric column in sorted order, read from the store on first use.
    /// [`StoreError::Changed`] when the store has moved past this snapshot's
    /// generation since it was loaded: the caller loads a new snapshot.
    pub fn metric(&self, lines: Lines<'_>, c: LineColumn) -> Result<Arc<Vec<i64>>, StoreError> {
        let mut m = self.metrics.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = &m[slot(c)] {
            return Ok(v.clone());
        }
        let v = lines.consistent(|store| {
            if store.generation()? != self.generation {
                return Err(StoreError::Changed);
            }
            self.read_metric(store, c)
        })?;
        m[slot(c)] = Some(v.clone());
        Ok(v)
    }

    fn read_metric(&self, store: Lines<'_>, c: LineColumn) -> Result<Arc<Vec<i64>>, StoreError> {
        let mut out = vec![0i64; self.perm.len()];
        let mut i = 0usize;
        let mut overflow = false;
        store.scan_line_column(c, |_, v| {
            match self.perm.get(i) {
                Some(&p) => out[p as usize] = v,
                None => overflow = true,
            }
            i += 1;
        })?;
        if overflow || i != self.perm.len() {
            return Err(corrupt(
                store,
                "the lines changed while the explorer read them",
            ));
        }
        Ok(Arc::new(out))
    }

    /// Line positions of day numbers `[from, to)`, clipped to the snapshot.
    pub(crate) fn range(&self, from: i32, to: i32) -> (usize, usize) {
        let nb = self.offsets.len().saturating_sub(1) as i32;
        let a = (from - self.first_day).clamp(0, nb) as usize;
        let b = (to - self.first_day).clamp(0, nb) as usize;
        (a, b.max(a))
    }

    pub(crate) fn bucket(&self, b: usize) -> std::ops::Range<usize> {
        self.offsets[b] as usize..self.offsets[b + 1] as usize
    }
}

impl Snapshot {
    /// Every line as (day, dimensions, billed nano-units), by day: a flat
    /// copy for benchmarks against other engines.
    pub fn write_flat(
        &self,
        each: &mut dyn FnMut(i32, &DimsRecord, i64) -> Result<(), String>,
    ) -> Result<(), String> {
        let billed = self.metrics.lock().unwrap_or_else(|p| p.into_inner())[0].clone();
        let Some(billed) = billed else {
            return Err("the billed column is not loaded".into());
        };
        for b in 0..self.offsets.len().saturating_sub(1) {
            let day = self.first_day + b as i32;
            for i in self.bucket(b) {
                each(day, &self.dims[self.line_dims[i] as usize], billed[i])?;
            }
        }
        Ok(())
    }
}
