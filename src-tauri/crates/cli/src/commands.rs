use std::sync::atomic::AtomicBool;
use std::time::Instant;

use cloudlens_api::{ApiError, DemoOptions, ErrorCode};
use indicatif::{ProgressBar, ProgressStyle};

use crate::anomaly_args::AnomalyCommand::AnomalyBench;
use crate::args::{Cli, Command};
use crate::audit_args::AuditCommand;
use crate::{bench, import_cmd, key, lens, maintenance_cmd, sync_cmd};

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub fn yesterday() -> chrono::NaiveDate {
    let today = chrono::Utc::now().date_naive();
    today.pred_opt().unwrap_or(today)
}

pub fn progress_bar(total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{bar:40}] {human_pos}/{human_len} lines {per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}

pub fn run(cli: Cli) -> Result<(), ApiError> {
    crate::lens::set_audit_mode(cli.audit);
    match &cli.command {
        Command::GenFocus { rows, seed, out } => return crate::gen_focus::run(*rows, *seed, out),
        Command::Update {
            file,
            sig,
            verify_only,
        } => return maintenance_cmd::update(file, sig, *verify_only),
        _ => {}
    }
    if let Command::Anomaly(AnomalyBench { tune_seeds, seeds }) = &cli.command {
        return crate::anomaly_cmd::bench(tune_seeds, seeds);
    }
    if let Command::ForecastBench { action } = &cli.command {
        if let Some(r) = crate::forecast_bench::without_store(action) {
            return r;
        }
    }
    if let Command::Audit {
        action: AuditCommand::VerifyPack { pack, key, format },
    } = &cli.command
    {
        return crate::audit_cmd::verify_pack(pack, key.as_deref(), format);
    }
    let db = cli.db.ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidInput,
            "--db PATH (or CLOUDLENS_DB) is required",
        )
    })?;
    let key = key::key_source(cli.passphrase_file.as_deref())?;
    match cli.command {
        Command::Demo { lines, seed, end } => {
            let cl = crate::lens::open(&db, &key)?;
            let opts = DemoOptions {
                lines,
                seed,
                end: end.unwrap_or_else(yesterday),
            };
            let bar = progress_bar(lines);
            let started = Instant::now();
            let totals = cl.load_demo(&opts, now, &AtomicBool::new(false), &mut |p| {
                bar.set_length(p.total);
                bar.set_position(p.done);
            })?;
            bar.finish_and_clear();
            let secs = started.elapsed().as_secs_f64();
            errln!(
                "loaded {} demo lines in {secs:.2} s ({:.0} lines/s)",
                totals.lines,
                totals.lines as f64 / secs.max(1e-9)
            );
            Ok(())
        }
        Command::Import {
            paths,
            format,
            lenient,
            json,
        } => {
            let cl = crate::lens::open(&db, &key)?;
            let req = cloudlens_api::ImportRequest {
                files: paths
                    .iter()
                    .map(|p| cloudlens_api::ImportFile {
                        path: p.display().to_string(),
                        format: format.clone(),
                    })
                    .collect(),
                lenient,
            };
            import_cmd::import(&cl, &cloudlens_api::secret_home(&key), &req, json)
        }
        Command::Export {
            focus,
            from,
            to,
            providers,
            billing_accounts,
            sub_accounts,
            services,
            currencies,
            run_id,
        } => {
            let cl = lens::open(&db, &key)?;
            let filter = cloudlens_api::ExportFilter {
                from,
                to,
                providers,
                billing_accounts,
                sub_accounts,
                services,
                currencies,
                run_id,
            };
            let started = Instant::now();
            let r = cl.export_focus(&focus.display().to_string(), &filter)?;
            let secs = started.elapsed().as_secs_f64();
            errln!(
                "exported {} lines as FOCUS 1.2 to {} in {secs:.2} s ({:.0} lines/s)",
                r.lines,
                r.path,
                r.lines as f64 / secs.max(1e-9)
            );
            Ok(())
        }
        Command::GenFocus { .. } | Command::Update { .. } => Ok(()),
        Command::Backup {
            out,
            backup_passphrase_file,
        } => maintenance_cmd::backup(&db, &key, &out, backup_passphrase_file.as_deref()),
        Command::Restore {
            file,
            backup_passphrase_file,
        } => maintenance_cmd::restore(&db, &key, &file, backup_passphrase_file.as_deref()),
        Command::Check { json } => maintenance_cmd::check(&db, &key, json),
        Command::Imports { json } => import_cmd::history(&*lens::open(&db, &key)?, json),
        Command::Summary { json, time_zone } => {
            let cl = lens::open(&db, &key)?;
            if let Some(zone) = &time_zone {
                cl.use_day_zone(zone)?;
            }
            let s = cl.summary()?;
            if json {
                let text = serde_json::to_string_pretty(&s)
                    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
                outln!("{text}");
            } else {
                outln!(
                    "{:<14} {:<4} {:<8} {:>20} {:>20} {:>10}",
                    "provider",
                    "cur",
                    "month",
                    "billed",
                    "effective",
                    "lines"
                );
                for r in &s.totals {
                    outln!(
                        "{:<14} {:<4} {:<8} {:>20} {:>20} {:>10}",
                        r.provider,
                        r.billing_currency,
                        r.month,
                        r.billed_cost,
                        r.effective_cost,
                        r.lines
                    );
                }
                outln!("{} lines", s.lines);
            }
            Ok(())
        }
        Command::Bench { lines, runs } => bench::run(&db, &key, lines, runs),
        Command::Explore(args) => crate::explore_cmd::run(&db, &key, args),
        Command::Forecast(args) => crate::forecast_cmd::run(&db, &key, args),
        Command::ForecastBench { action } => crate::forecast_bench::with_store(&db, &key, action),
        Command::ExploreBench { runs, tag, flat } => {
            crate::explore_cmd::bench(&db, &key, runs, &tag, flat.as_deref())
        }
        Command::Connection { action } => sync_cmd::connection(&db, &key, action),
        Command::Sync { name, from, to } => sync_cmd::sync(&db, &key, name, from, to),
        Command::Audit { action } => crate::audit_cmd::run(&db, &key, action),
        Command::Report { action } => crate::report_cmd::run(&db, &key, action),
        Command::Invoice { action } => crate::invoice_cmd::run(&db, &key, action),
        Command::Anomaly(c) => crate::anomaly_cmd::run(&db, &key, c),
        Command::Budget { action } => crate::budget_cmd::run(&db, &key, action),
        Command::Tags { action } => crate::tags_cmd::run(&db, &key, action),
        Command::Channel { action } => crate::alerts_cmd::channel(&db, &key, action),
        Command::Alerts { action } => crate::alerts_cmd::alerts(&db, &key, action),
        Command::Sources { action } => crate::sources_cmd::run(&db, &key, action),
        Command::Recommendations(args) => crate::recommend_cmd::run(&db, &key, args),
        Command::RecommendBench { lines, runs } => {
            crate::recommend_cmd::bench(&db, &key, lines, runs)
        }
    }
}
