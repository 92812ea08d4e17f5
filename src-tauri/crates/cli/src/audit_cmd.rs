//! `cloudlens audit ...`.

use std::io::BufRead;
use std::path::Path;
use std::time::Instant;

use cloudlens_api::{
    is_encrypted_audit_pack, open_audit_pack, verify_audit_pack, ApiError, AuditLogFilter,
    AuditPackRequest, ErrorCode, ExportFilter, KeySource, PackAttachmentFile,
};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::audit_args::AuditCommand;
use crate::lens;

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, message)
}

fn print_json(value: &impl Serialize) -> Result<(), ApiError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    outln!("{text}");
    Ok(())
}

fn json_wanted(format: &str) -> Result<bool, ApiError> {
    match format {
        "json" => Ok(true),
        "text" => Ok(false),
        other => Err(invalid(format!("--format {other}: expected text or json"))),
    }
}

/// From `CLOUDLENS_PACK_PASSPHRASE`, else the first line of standard input.
pub fn pack_passphrase() -> Result<Zeroizing<String>, ApiError> {
    if let Ok(p) = std::env::var("CLOUDLENS_PACK_PASSPHRASE") {
        if !p.is_empty() {
            return Ok(Zeroizing::new(p));
        }
    }
    errln!("pack passphrase (one line on standard input):");
    let mut line = Zeroizing::new(String::new());
    std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        invalid(format!(
            "cannot read the pack passphrase from standard input: {e}"
        ))
    })?;
    let pass = Zeroizing::new(line.trim_end_matches(['\n', '\r']).to_string());
    if pass.is_empty() {
        return Err(invalid(
            "the pack passphrase is empty (set CLOUDLENS_PACK_PASSPHRASE or give it on standard input)",
        ));
    }
    Ok(pass)
}

fn attachments(specs: &[String]) -> Result<Vec<PackAttachmentFile>, ApiError> {
    specs
        .iter()
        .map(|s| {
            let (name, path) = s
                .split_once('=')
                .ok_or_else(|| invalid(format!("--attach '{s}': expected NAME=PATH")))?;
            Ok(PackAttachmentFile {
                name: name.to_string(),
                path: path.to_string(),
            })
        })
        .collect()
}

/// `audit verify-pack`: no store involved.
pub fn verify_pack(pack: &Path, key: Option<&str>, format: &str) -> Result<(), ApiError> {
    let json = json_wanted(format)?;
    let passphrase = if is_encrypted_audit_pack(pack) {
        Some(pack_passphrase()?)
    } else {
        None
    };
    let check = verify_audit_pack(pack, key, passphrase.as_deref().map(|p| p.as_str()))?;
    if json {
        print_json(&check)?;
    }
    match &check.problem {
        None => {
            if !json {
                outln!(
                    "verified: {} members match the manifest signed by {}{}",
                    check.members_checked,
                    check.signer.as_deref().unwrap_or("?"),
                    if key.is_some() {
                        " (the expected key)"
                    } else {
                        "; compare this key with the one you were given"
                    }
                );
                outln!(
                    "scope {} to {}{}, {} lines, audit log of {} entries intact, made {} by {}",
                    check.from.as_deref().unwrap_or("?"),
                    check.to.as_deref().unwrap_or("?"),
                    check
                        .filters
                        .iter()
                        .map(|f| format!(", {f}"))
                        .collect::<String>(),
                    check.lines.unwrap_or(0),
                    check.log_entries.unwrap_or(0),
                    check.created_at.as_deref().unwrap_or("?"),
                    check.created_by.as_deref().unwrap_or("?"),
                );
            }
            Ok(())
        }
        Some(p) => Err(invalid(format!("NOT VERIFIED: {}", p.message))),
    }
}

pub fn run(db: &Path, key: &KeySource, command: AuditCommand) -> Result<(), ApiError> {
    match command {
        AuditCommand::Log { format } => {
            let json = json_wanted(&format)?;
            let entries = lens::open(db, key)?.audit_log(&AuditLogFilter::default())?;
            if json {
                return print_json(&entries);
            }
            for e in &entries {
                let change = match (&e.before, &e.after) {
                    (None, None) => String::new(),
                    (b, a) => format!(
                        "  [{} -> {}]",
                        b.as_deref().unwrap_or("-"),
                        a.as_deref().unwrap_or("-")
                    ),
                };
                outln!(
                    "#{:<5} {} {:<12} {:<24} {}{change}",
                    e.seq,
                    e.at,
                    e.os_user,
                    e.action,
                    e.object
                );
            }
            errln!("{} entries", entries.len());
            Ok(())
        }
        AuditCommand::Verify {
            key: trusted,
            format,
        } => {
            let json = json_wanted(&format)?;
            let check = lens::open(db, key)?.verify_audit_log(trusted.as_deref())?;
            if json {
                print_json(&check)?;
            }
            if let Some(note) = &check.note {
                errln!("{note}");
            }
            match &check.problem {
                None => {
                    if !json {
                        outln!(
                            "audit log intact: {} entries, head signature {} ({})",
                            check.entries,
                            check.head,
                            check.head_signer.as_deref().unwrap_or("no head yet")
                        );
                    }
                    Ok(())
                }
                Some(p) => Err(invalid(format!("audit log NOT intact: {}", p.message))),
            }
        }
        AuditCommand::Key => {
            outln!("{}", lens::open(db, key)?.audit_public_key()?);
            Ok(())
        }
        AuditCommand::Pack {
            from,
            to,
            filters,
            out,
            encrypt,
            attachments: attach,
            format,
        } => {
            let json = json_wanted(&format)?;
            let request = AuditPackRequest {
                from,
                to,
                filters,
                out: out.display().to_string(),
                attachments: attachments(&attach)?,
            };
            let passphrase = if encrypt {
                Some(pack_passphrase()?)
            } else {
                None
            };
            let started = Instant::now();
            let pack = lens::open(db, key)?.build_audit_pack(&request, passphrase)?;
            let secs = started.elapsed().as_secs_f64();
            if json {
                return print_json(&pack);
            }
            outln!(
                "audit pack {}: {} lines, {} members, {} bytes{}, in {secs:.2} s",
                pack.path,
                pack.lines,
                pack.members.len() + 2,
                pack.bytes,
                if pack.encrypted { ", encrypted" } else { "" }
            );
            outln!("manifest SHA-256 {}", pack.manifest_sha256);
            outln!("signed by {}", pack.signer);
            Ok(())
        }
        AuditCommand::VerifyPack {
            pack,
            key: k,
            format,
        } => verify_pack(&pack, k.as_deref(), &format),
        AuditCommand::PackBench { from, to, work } => bench(db, key, &from, &to, &work),
    }
}

/// This process's CPU seconds (user + system) on Linux, from
/// `/proc/self/stat` at the usual 100 ticks a second: on a shared machine
/// wall time says little on its own.
fn cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

/// Wall and CPU seconds of `f`.
fn timed<T>(f: impl FnOnce() -> Result<T, ApiError>) -> Result<(T, String), ApiError> {
    let (wall, cpu) = (Instant::now(), cpu_secs());
    let value = f()?;
    let wall = wall.elapsed().as_secs_f64();
    let cpu = cpu
        .zip(cpu_secs())
        .map(|(a, b)| format!(" ({:.2} s CPU)", b - a))
        .unwrap_or_default();
    Ok((value, format!("{wall:.2} s{cpu}")))
}

/// The pack's build time and size beside a plain FOCUS Parquet export of
/// the same lines (the floor: the pack's largest member is that file).
fn bench(db: &Path, key: &KeySource, from: &str, to: &str, work: &Path) -> Result<(), ApiError> {
    let lens = lens::open(db, key)?;
    let pack_path = work.join("bench.clpack");
    let request = AuditPackRequest {
        from: from.to_string(),
        to: to.to_string(),
        filters: Vec::new(),
        out: pack_path.display().to_string(),
        attachments: Vec::new(),
    };
    let (pack, build) = timed(|| lens.build_audit_pack(&request, None))?;
    let to_day = chrono::NaiveDate::parse_from_str(&format!("{to}-01"), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .ok_or_else(|| invalid(format!("--to {to}: expected YYYY-MM")))?;
    let filter = ExportFilter {
        from: Some(format!("{from}-01")),
        to: Some(to_day.format("%Y-%m-%d").to_string()),
        ..ExportFilter::default()
    };
    let reference_path = work.join("reference.parquet");
    let (reference, export) =
        timed(|| lens.export_focus(&reference_path.display().to_string(), &filter))?;
    let reference_bytes = std::fs::metadata(&reference_path)
        .map(|m| m.len())
        .unwrap_or(0);
    drop(lens);
    let (check, verify) = timed(|| verify_audit_pack(&pack_path, Some(&pack.signer), None))?;
    let (_, open) =
        timed(|| open_audit_pack(&pack_path, Some(&pack.signer), None, lens::actor()).map(drop))?;
    let mb = |b: u64| b as f64 / 1_000_000.0;
    outln!(
        "audit pack {from} to {to}: {} lines, built in {build}, {:.1} MB ({:.1} bytes/line); verified {} in {verify}; opened in audit mode in {open}",
        pack.lines,
        mb(pack.bytes),
        pack.bytes as f64 / pack.lines.max(1) as f64,
        if check.verified { "ok" } else { "FAILED" },
    );
    outln!(
        "reference: FOCUS 1.2 Parquet export of the same {} lines alone: {export}, {:.1} MB",
        reference.lines,
        mb(reference_bytes)
    );
    Ok(())
}
