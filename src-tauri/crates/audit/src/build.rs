//! Building a pack from a store: the lines in scope through the FOCUS 1.2
//! Parquet exporter, the documents, the attachments another crate made
//! (reports, the invoice reconciliation), then the signed manifest. The
//! pack appears only when complete (a temporary file renamed at the end).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::DateTime;
use cloudlens_ingest::export::{ExtraColumns, FocusParquetWriter, FocusSink};
use cloudlens_ingest::ExportError;
use cloudlens_store::{AuditKey, LineFilter, Reader};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::container::PackWriter;
use crate::documents::{self, Totals};
use crate::error::io_at;
use crate::manifest::{self, LogHead, Manifest, MemberDigest, FORMAT, MANIFEST, SIGNATURE};
use crate::{PackError, PackScope};

/// A member made elsewhere (a PDF or XLSX report, the invoice
/// reconciliation), packed as it is under `name` (`reports/summary.pdf`).
#[derive(Debug, Clone)]
pub enum Attachment {
    Bytes { name: String, bytes: Vec<u8> },
    File { name: String, path: PathBuf },
}

impl Attachment {
    fn name(&self) -> &str {
        match self {
            Attachment::Bytes { name, .. } | Attachment::File { name, .. } => name,
        }
    }
}

pub struct PackRequest {
    pub scope: PackScope,
    /// Unix seconds, UTC (passed in).
    pub created_at: i64,
    /// `CloudLens 0.1.0`.
    pub created_by: String,
    pub attachments: Vec<Attachment>,
    /// Encrypts the whole pack with age under this passphrase.
    pub passphrase: Option<Zeroizing<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackSummary {
    pub path: PathBuf,
    pub bytes: u64,
    pub lines: u64,
    pub members: Vec<MemberDigest>,
    /// SHA-256 of `manifest.json`: names this exact pack (in the audit log).
    pub manifest_sha256: String,
    pub signer: String,
    pub encrypted: bool,
}

/// Member names are relative, plain and unique: no traversal on extraction,
/// no clash with the pack's own members.
fn check_name(name: &str) -> Result<(), PackError> {
    let plain = !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('/')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c));
    if !plain {
        return Err(PackError::InvalidInput(format!(
            "attachment name '{name}': expected a relative path of letters, digits, '.', '_', '-' and '/' (at most 100 characters)"
        )));
    }
    if documents::BUILT_IN.contains(&name) || name == MANIFEST || name == SIGNATURE {
        return Err(PackError::InvalidInput(format!(
            "attachment name '{name}' is one of the pack's own members"
        )));
    }
    Ok(())
}

/// Writes the lines in scope as FOCUS 1.2 Parquet to `file`, one run at a
/// time so each line's run is known; returns lines per run and the totals.
fn write_lines(
    store: &Reader,
    filter: &LineFilter,
    file: &File,
) -> Result<(BTreeMap<i64, u64>, Totals, u64), PackError> {
    let runs = store.lines().runs()?;
    let columns = ExtraColumns::from_keys(store.lines().extras_keys(filter)?);
    let out = BufWriter::with_capacity(1 << 20, file.try_clone().map_err(ExportError::Io)?);
    let mut sink: Box<dyn FocusSink> = Box::new(FocusParquetWriter::new(out, columns)?);
    let mut per_run = BTreeMap::new();
    let mut totals = Totals::default();
    for run in runs.iter().filter(|r| r.lines > 0) {
        let one = LineFilter {
            run_id: Some(run.id),
            ..filter.clone()
        };
        let n = store.lines().scan_lines(&one, |line| {
            totals.add(&line);
            sink.write(&line)
        })?;
        if n > 0 {
            per_run.insert(run.id, n);
        }
    }
    let summary = sink.finish()?;
    Ok((per_run, totals, summary.lines))
}

fn json(value: &impl serde::Serialize) -> Result<Vec<u8>, PackError> {
    serde_json::to_vec_pretty(value).map_err(|e| PackError::InvalidInput(e.to_string()))
}

/// Builds the pack at `out`, signed with `key`.
pub fn build_pack(
    store: &Reader,
    request: &PackRequest,
    key: &AuditKey,
    out: &Path,
) -> Result<PackSummary, PackError> {
    let filter = request.scope.to_filter()?;
    for a in &request.attachments {
        check_name(a.name())?;
    }
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut parquet = tempfile::tempfile_in(dir).map_err(io_at(dir))?;
    // One read transaction: the lines, their provenance and the log are
    // the same commit even while the app writes.
    let (totals, lines, provenance, rules, rates, log) =
        store.lines().consistent(|_| -> Result<_, PackError> {
            let (per_run, totals, lines) = write_lines(store, &filter, &parquet)?;
            let runs = store.lines().runs()?;
            let provenance = json(&documents::provenance(store, &runs, &per_run)?)?;
            let rules = json(&documents::rules(store)?)?;
            let rates = json(&documents::rates(store)?)?;
            let log = documents::audit_log(store)?;
            Ok((totals, lines, provenance, rules, rates, log))
        })?;
    let log_bytes = json(&log)?;

    let temp = tempfile::Builder::new()
        .prefix(".cloudlens-pack-")
        .suffix(".partial")
        .tempfile_in(dir)
        .map_err(io_at(dir))?;
    let file = temp.as_file().try_clone().map_err(io_at(out))?;
    let passphrase = request.passphrase.as_ref().map(|p| p.as_str());
    let mut pack = PackWriter::create(file, passphrase, request.created_at).map_err(io_at(out))?;
    let io = io_at(out);
    pack.add_bytes(documents::README, documents::README_TEXT.as_bytes())
        .map_err(&io)?;
    let size = parquet.seek(SeekFrom::End(0)).map_err(&io)?;
    parquet.seek(SeekFrom::Start(0)).map_err(&io)?;
    pack.add_listed(documents::LINES, size, &mut parquet)
        .map_err(&io)?;
    drop(parquet);
    let totals = totals
        .to_json()
        .map_err(|e| PackError::InvalidInput(e.to_string()))?;
    for (name, bytes) in [
        (documents::TOTALS, &totals),
        (documents::PROVENANCE, &provenance),
        (documents::RULES, &rules),
        (documents::RATES, &rates),
        (documents::AUDIT_LOG, &log_bytes),
    ] {
        pack.add_bytes(name, bytes).map_err(&io)?;
    }
    for a in &request.attachments {
        match a {
            Attachment::Bytes { name, bytes } => pack.add_bytes(name, bytes).map_err(&io)?,
            Attachment::File { name, path } => {
                let f = File::open(path).map_err(io_at(path))?;
                let size = f.metadata().map_err(io_at(path))?.len();
                pack.add_listed(name, size, f).map_err(io_at(path))?;
            }
        }
    }
    let manifest = Manifest {
        format: FORMAT.to_string(),
        created_at: DateTime::from_timestamp(request.created_at, 0)
            .map(|t| t.to_rfc3339())
            .unwrap_or_default(),
        created_by: request.created_by.clone(),
        scope: request.scope.clone(),
        lines,
        log_head: log.head.as_ref().map(|h| LogHead {
            seq: h.seq,
            hash: hex::encode(h.hash),
        }),
        signer: key.public().to_string(),
        members: pack.digests.clone(),
    };
    let manifest_bytes = json(&manifest)?;
    let signature = manifest::sign(key, &manifest_bytes);
    pack.add(
        MANIFEST,
        manifest_bytes.len() as u64,
        manifest_bytes.as_slice(),
    )
    .map_err(&io)?;
    pack.add(SIGNATURE, signature.len() as u64, signature.as_bytes())
        .map_err(&io)?;
    let mut file = pack.finish().map_err(&io)?;
    file.flush().map_err(&io)?;
    file.sync_all().map_err(&io)?;
    let bytes = file.metadata().map_err(&io)?.len();
    temp.persist(out).map_err(|e| PackError::Io {
        path: out.to_path_buf(),
        source: e.error,
    })?;
    Ok(PackSummary {
        path: out.to_path_buf(),
        bytes,
        lines,
        members: manifest.members,
        manifest_sha256: hex::encode(Sha256::digest(&manifest_bytes)),
        signer: manifest.signer,
        encrypted: request.passphrase.is_some(),
    })
}
