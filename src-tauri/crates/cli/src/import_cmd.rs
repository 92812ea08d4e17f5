//! `cloudlens import` and `cloudlens imports`: reports on the terminal.

use std::sync::atomic::AtomicBool;

use cloudlens_api::{
    ApiError, CloudLens, ErrorCode, ImportOutcomeKind, ImportReportView, ImportRequest, SecretHome,
};
use indicatif::{ProgressBar, ProgressStyle};

use crate::commands::now;

pub fn import(
    cl: &CloudLens,
    home: &SecretHome,
    req: &ImportRequest,
    json: bool,
) -> Result<(), ApiError> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let reports = cl.import_files(req, now, &AtomicBool::new(false), &mut |p| {
        bar.set_length(p.total_bytes);
        bar.set_position(p.bytes);
        bar.set_message(format!(
            "{}/{} {} rows, {} rows/s",
            p.index, p.files, p.rows, p.rows_per_sec
        ));
    })?;
    bar.finish_and_clear();
    if json {
        let text = serde_json::to_string_pretty(&reports)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        outln!("{text}");
    } else {
        for r in &reports {
            print_report(r);
        }
    }
    let refused = reports
        .iter()
        .filter(|r| r.outcome == ImportOutcomeKind::Refused)
        .count();
    let changed = reports
        .iter()
        .any(|r| r.outcome == ImportOutcomeKind::Imported);
    if changed {
        crate::after_change::detect_and_alert(cl, home);
    }
    if refused < reports.len() {
        crate::recommend_cmd::refresh(cl)?;
    }
    if refused > 0 {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!(
                "{refused} of {} imports refused; nothing was written for them",
                reports.len()
            ),
        ));
    }
    Ok(())
}

fn print_report(r: &ImportReportView) {
    let what = match r.outcome {
        ImportOutcomeKind::Imported => "imported",
        ImportOutcomeKind::AlreadyImported => "already imported, nothing changed",
        ImportOutcomeKind::Refused => "REFUSED, nothing written",
        ImportOutcomeKind::Cancelled => "cancelled, nothing written",
    };
    outln!("{}: {what}", r.source);
    if !r.format_label.is_empty() {
        let name = if r.variant.starts_with(&r.format_label) {
            r.variant.clone()
        } else {
            format!("{} {}", r.format_label, r.variant)
        };
        outln!("  format: {} ({})", name.trim(), r.encoding);
    }
    if r.outcome == ImportOutcomeKind::AlreadyImported {
        if let Some(id) = r.run_id {
            outln!("  the same content is import #{id}");
        }
    } else if let Some(id) = r.run_id {
        outln!(
            "  import #{id}: {} rows read, {} cost lines, {:.2} s",
            r.rows,
            r.lines,
            r.elapsed_ms as f64 / 1000.0
        );
    }
    for s in &r.skipped {
        outln!("  skipped {} rows: {}", s.rows, s.reason);
    }
    for g in &r.ignored {
        outln!("  ignored {}: {}", g.path, g.reason);
    }
    for x in &r.restated {
        outln!(
            "  restated import #{}: replaced {} of its lines",
            x.run_id,
            x.lines
        );
    }
    if !r.reconciliation.is_empty() {
        outln!(
            "  reconciliation ({} cost): period  currency  file total  stored total  match",
            r.reconcile_on
        );
        for t in &r.reconciliation {
            outln!(
                "    {}  {}  {}  {}  {}",
                t.billing_period,
                t.currency,
                t.file_total,
                t.stored_total,
                if t.matches { "yes" } else { "NO" }
            );
        }
    }
    if r.problem_count > 0 {
        outln!(
            "  {} {}{}:",
            r.problem_count,
            if r.problem_count == 1 {
                "problem"
            } else {
                "problems"
            },
            if r.problem_count as usize > r.problems.len() {
                " (first ones)"
            } else {
                ""
            }
        );
        for p in &r.problems {
            outln!("    {}", p.text);
        }
    }
}

pub fn history(cl: &CloudLens, json: bool) -> Result<(), ApiError> {
    let runs = cl.import_history()?;
    if json {
        let text = serde_json::to_string_pretty(&runs)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        outln!("{text}");
        return Ok(());
    }
    outln!(
        "{:>5}  {:<20}  {:<28}  {:>10}  {:>10}  source",
        "id",
        "when (UTC)",
        "format",
        "lines",
        "problems"
    );
    for r in &runs {
        let when = chrono::DateTime::from_timestamp(r.finished_at, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default();
        outln!(
            "{:>5}  {:<20}  {:<28}  {:>10}  {:>10}  {}",
            r.run_id,
            when,
            r.format_label,
            r.lines,
            r.problem_count,
            r.source
        );
    }
    Ok(())
}
