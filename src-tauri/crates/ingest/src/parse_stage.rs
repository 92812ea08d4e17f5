//! The first reading stage: every part of a dataset parsed into text
//! records on its own thread, handed on in batches, with record buffers
//! coming back for reuse so parsing allocates little.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};

use csv::StringRecord;

use crate::dataset::Dataset;
use crate::source::{self, RecordSource, SourceError};
use crate::Header;

pub const ROWS_PER_BATCH: usize = 1024;

pub enum Parsed {
    /// A new part begins: its header.
    Part {
        path: PathBuf,
        header: Header,
    },
    Row {
        line: u64,
        record: StringRecord,
    },
    /// A row that could not be read; the rows after it can.
    BadRow(SourceError),
    /// Reading cannot go on.
    Fatal(SourceError),
}

/// Parses every part in order into `send`; stops early on a fatal error,
/// on cancel, or when the receiver is gone.
pub fn parse_parts(
    dataset: &Dataset,
    first: Box<dyn RecordSource>,
    send: SyncSender<Vec<Parsed>>,
    spare: Receiver<Vec<StringRecord>>,
    cancel: &AtomicBool,
    bytes: &AtomicU64,
) {
    let mut first = Some(first);
    let mut done_bytes = 0u64;
    let mut pool: Vec<StringRecord> = Vec::new();
    for part in &dataset.parts {
        let source = match first.take() {
            Some(src) => Ok(src),
            None => source::open(part).map(|(src, _)| src),
        };
        let mut source = match source {
            Ok(src) => src,
            Err(e) => {
                let _ = send.send(vec![Parsed::Fatal(e)]);
                return;
            }
        };
        let mut batch = vec![Parsed::Part {
            path: part.clone(),
            header: source.header().clone(),
        }];
        loop {
            if cancel.load(Ordering::Relaxed) {
                return;
            }
            if pool.is_empty() {
                while let Ok(mut recycled) = spare.try_recv() {
                    pool.append(&mut recycled);
                }
            }
            let mut record = pool.pop().unwrap_or_default();
            match source.next_record(&mut record) {
                Ok(Some(line)) => batch.push(Parsed::Row { line, record }),
                Ok(None) => break,
                Err(e @ SourceError::BadRow { .. }) => batch.push(Parsed::BadRow(e)),
                Err(e) => {
                    batch.push(Parsed::Fatal(e));
                    let _ = send.send(batch);
                    return;
                }
            }
            if batch.len() >= ROWS_PER_BATCH {
                bytes.store(done_bytes + source.bytes_read(), Ordering::Relaxed);
                if send
                    .send(std::mem::replace(
                        &mut batch,
                        Vec::with_capacity(ROWS_PER_BATCH),
                    ))
                    .is_err()
                {
                    return;
                }
            }
        }
        done_bytes += std::fs::metadata(part).map(|m| m.len()).unwrap_or(0);
        bytes.store(done_bytes, Ordering::Relaxed);
        if send.send(batch).is_err() {
            return;
        }
    }
}
