//! Newline-delimited JSON (BigQuery's export format) as a record stream.
//! Nested objects are flattened by joining keys with `_`
//! (`service.description` becomes `service_description`), arrays are kept
//! as JSON text, and numbers keep their exact text. The header is the union
//! of keys over the whole file (BigQuery omits null fields), found by a
//! first pass that keeps only the key set in memory.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use csv::StringRecord;
use rustc_hash::FxHashMap as HashMap;
use serde_json::value::RawValue;

use super::sniff::{io_error, text_reader, Sniffed};
use super::{RecordSource, SourceError};
use crate::Header;

pub struct JsonLinesSource {
    path: PathBuf,
    text: Box<dyn BufRead + Send>,
    header: Header,
    index: HashMap<String, usize>,
    bytes: Arc<AtomicU64>,
    line: u64,
    buf: String,
    cells: Vec<String>,
}

impl JsonLinesSource {
    pub fn open(path: &Path, sniffed: &Sniffed) -> Result<Self, SourceError> {
        let keys = collect_keys(path, sniffed)?;
        let index = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect();
        let (text, bytes) = text_reader(path, sniffed)?;
        Ok(Self {
            path: path.to_path_buf(),
            text,
            cells: vec![String::new(); keys.len()],
            header: Header::new(keys.iter()),
            index,
            bytes,
            line: 0,
            buf: String::new(),
        })
    }
}

fn collect_keys(path: &Path, sniffed: &Sniffed) -> Result<Vec<String>, SourceError> {
    let (mut text, _) = text_reader(path, sniffed)?;
    let mut keys = BTreeSet::new();
    let mut buf = String::new();
    loop {
        buf.clear();
        if text.read_line(&mut buf).map_err(|e| io_error(path, &e))? == 0 {
            break;
        }
        // Unparseable lines are reported by the second pass, with their line.
        if let Ok(obj) = serde_json::from_str::<BTreeMap<String, &RawValue>>(buf.trim()) {
            flatten(&obj, "", &mut |k, _| {
                if !keys.contains(k) {
                    keys.insert(k.to_string());
                }
            });
        }
    }
    if keys.is_empty() {
        return Err(SourceError::Unsupported {
            path: path.to_path_buf(),
            message: "no JSON object found on any line".to_string(),
        });
    }
    Ok(keys.into_iter().collect())
}

/// Calls `f(key, text)` for every leaf of `obj`, nested keys joined by `_`.
fn flatten(obj: &BTreeMap<String, &RawValue>, prefix: &str, f: &mut dyn FnMut(&str, &str)) {
    for (k, v) in obj {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}_{k}")
        };
        let raw = v.get().trim();
        if raw.starts_with('{') {
            if let Ok(inner) = serde_json::from_str::<BTreeMap<String, &RawValue>>(raw) {
                flatten(&inner, &key, f);
                continue;
            }
        }
        if raw.starts_with('"') {
            let s: String = serde_json::from_str(raw).unwrap_or_else(|_| raw.to_string());
            f(&key, &s);
        } else if raw == "null" {
            f(&key, "");
        } else {
            f(&key, raw);
        }
    }
}

impl RecordSource for JsonLinesSource {
    fn header(&self) -> &Header {
        &self.header
    }

    fn next_record(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, SourceError> {
        loop {
            self.buf.clear();
            let n = self
                .text
                .read_line(&mut self.buf)
                .map_err(|e| io_error(&self.path, &e))?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            let trimmed = self.buf.trim();
            if trimmed.is_empty() {
                continue;
            }
            let obj =
                serde_json::from_str::<BTreeMap<String, &RawValue>>(trimmed).map_err(|e| {
                    SourceError::BadRow {
                        path: self.path.clone(),
                        line: self.line,
                        message: format!("not a JSON object (column {}: {e})", e.column()),
                    }
                })?;
            for c in &mut self.cells {
                c.clear();
            }
            let (cells, index) = (&mut self.cells, &self.index);
            flatten(&obj, "", &mut |k, v| {
                if let Some(i) = index.get(k) {
                    cells[*i].push_str(v);
                }
            });
            rec.clear();
            for c in &self.cells {
                rec.push_field(c);
            }
            return Ok(Some(self.line));
        }
    }

    fn bytes_read(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    fn path(&self) -> &Path {
        &self.path
    }
}
