//! A dataset is one file, or a folder of parts (an export job's output)
//! imported as one: every data file under the folder in name order, with
//! anything else listed as ignored so nothing is skipped silently. Its
//! content hash makes re-importing the same data a no-op.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::source::SourceError;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Ignored {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct Dataset {
    pub root: PathBuf,
    pub parts: Vec<PathBuf>,
    pub ignored: Vec<Ignored>,
    pub bytes: u64,
}

const DATA_SUFFIXES: &[&str] = &[".csv", ".gz", ".parquet", ".jsonl", ".ndjson", ".json"];

impl Dataset {
    pub fn resolve(path: &Path) -> Result<Self, SourceError> {
        let meta = std::fs::metadata(path).map_err(|e| crate::source::io_error(path, &e))?;
        let mut ds = Dataset {
            root: path.to_path_buf(),
            parts: Vec::new(),
            ignored: Vec::new(),
            bytes: 0,
        };
        if meta.is_dir() {
            ds.walk(path)?;
            ds.parts.sort();
            if ds.parts.is_empty() {
                return Err(SourceError::Unsupported {
                    path: path.to_path_buf(),
                    message: "the folder holds no bill files (.csv, .csv.gz, .parquet, .jsonl)"
                        .to_string(),
                });
            }
        } else {
            ds.bytes = meta.len();
            ds.parts.push(path.to_path_buf());
        }
        Ok(ds)
    }

    fn walk(&mut self, dir: &Path) -> Result<(), SourceError> {
        let entries = std::fs::read_dir(dir).map_err(|e| crate::source::io_error(dir, &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| crate::source::io_error(dir, &e))?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_lowercase();
            let meta = entry
                .metadata()
                .map_err(|e| crate::source::io_error(&path, &e))?;
            if meta.is_dir() {
                self.walk(&path)?;
            } else if name.starts_with('.') {
                self.ignore(&path, "hidden file");
            } else if name.contains("manifest") {
                self.ignore(&path, "export manifest, not bill data");
            } else if DATA_SUFFIXES.iter().any(|s| name.ends_with(s)) {
                self.bytes += meta.len();
                self.parts.push(path);
            } else {
                self.ignore(
                    &path,
                    "not a bill file type (.csv, .csv.gz, .parquet, .jsonl)",
                );
            }
        }
        Ok(())
    }

    fn ignore(&mut self, path: &Path, reason: &str) {
        self.ignored.push(Ignored {
            path: path.display().to_string(),
            reason: reason.to_string(),
        });
    }

    /// BLAKE3 over each part's name (relative to the root) and bytes; fast
    /// enough (gigabytes a second) that checking a large file first costs
    /// little next to importing it.
    pub fn content_hash(
        &self,
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Result<String, SourceError> {
        let mut hasher = blake3::Hasher::new();
        let mut buf = vec![0u8; 1 << 20];
        for part in &self.parts {
            let rel = part.strip_prefix(&self.root).unwrap_or(Path::new(""));
            hasher.update(rel.to_string_lossy().as_bytes());
            hasher.update(&[0u8]);
            let mut f = File::open(part).map_err(|e| crate::source::io_error(part, &e))?;
            while !cancel.load(std::sync::atomic::Ordering::Relaxed) {
                let n = f
                    .read(&mut buf)
                    .map_err(|e| crate::source::io_error(part, &e))?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
            }
        }
        Ok(hasher.finalize().to_hex().to_string())
    }
}
