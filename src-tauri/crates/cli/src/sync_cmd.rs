//! `cloudlens connection add|list|test|remove` and `cloudlens sync`.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use cloudlens_api::{
    secret_home, test_target, AddConnectionRequest, ApiError, ErrorCode, KeySource, SyncOptions,
    SyncProgress, SyncRequest,
};
use zeroize::Zeroizing;

use crate::args::ConnectionAction;
use crate::commands::now;

fn read_secret(var: Option<&str>) -> Result<Zeroizing<String>, ApiError> {
    let secret = match var {
        Some(v) => Zeroizing::new(std::env::var(v).map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("environment variable {v} (from --secret-env) is not set"),
            )
        })?),
        None => {
            let mut text = Zeroizing::new(String::new());
            std::io::stdin().read_to_string(&mut text).map_err(|e| {
                ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("cannot read the secret from standard input: {e}"),
                )
            })?;
            Zeroizing::new(text.trim_end_matches(['\n', '\r']).to_string())
        }
    };
    if secret.is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "the access key secret is empty (set --secret-env VAR or pipe it on standard input)",
        ));
    }
    Ok(secret)
}

/// A key file's text; errors name the file, never its content.
fn read_key_file(path: &Path) -> Result<Zeroizing<String>, ApiError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidInput,
            format!("cannot read the key file {}: {e}", path.display()),
        )
    })?;
    Ok(Zeroizing::new(text))
}

pub fn connection(db: &Path, key: &KeySource, action: ConnectionAction) -> Result<(), ApiError> {
    let home = secret_home(key);
    let cl = crate::lens::open(db, key)?;
    match action {
        ConnectionAction::Add {
            name,
            provider,
            key_id,
            secret_env,
            endpoint,
            region,
            site,
            source,
            bucket,
            prefix,
            role_arn,
            key_file,
            billing_table,
            projects,
            azure,
        } => {
            let (key_id, bucket, role_arn) =
                azure_fields(&provider, key_id, bucket, role_arn, azure)?;
            let secret = match &key_file {
                Some(path) => read_key_file(path)?,
                None => read_secret(secret_env.as_deref())?,
            };
            let view = cl.add_connection(
                &home,
                AddConnectionRequest {
                    name,
                    provider,
                    key_id,
                    secret: secret.to_string(),
                    endpoint,
                    region,
                    site,
                    source,
                    bucket,
                    prefix,
                    role_arn,
                    billing_table,
                    projects,
                },
                now(),
            )?;
            errln!("added connection {} ({})", view.name, view.provider);
            Ok(())
        }
        ConnectionAction::List { json } => {
            let views = cl.connection_views(&home)?;
            if json {
                let text = serde_json::to_string_pretty(&views)
                    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
                outln!("{text}");
            } else {
                for v in views {
                    outln!(
                        "{:<20} {:<8} {:<22} {:>10} lines {:>8} resources  last success {}",
                        v.name,
                        v.provider,
                        serde_json::to_value(v.status)
                            .ok()
                            .and_then(|s| s.as_str().map(String::from))
                            .unwrap_or_default(),
                        v.lines,
                        v.resources,
                        v.last_success.as_deref().unwrap_or("never")
                    );
                }
            }
            Ok(())
        }
        ConnectionAction::Test { name } => {
            let view = test_target(cl.connection_target(&home, &name)?);
            cl.record_test(&name, &view, now())?;
            if view.ok {
                outln!(
                    "ok: billing account {}{}",
                    view.billing_account.as_deref().unwrap_or("?"),
                    view.account_name
                        .as_deref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default()
                );
                Ok(())
            } else {
                Err(ApiError::new(ErrorCode::InvalidInput, view.message))
            }
        }
        ConnectionAction::Remove { name } => {
            cl.remove_connection(&home, &name)?;
            errln!("removed connection {name} and its secret");
            Ok(())
        }
    }
}

pub fn sync(
    db: &Path,
    key: &KeySource,
    name: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<(), ApiError> {
    let home = secret_home(key);
    let cl = crate::lens::open(db, key)?;
    let req = SyncRequest {
        connection: name,
        from,
        to,
    };
    let today = chrono::Utc::now().date_naive();
    let last = Mutex::new(Instant::now());
    let progress = |p: &SyncProgress| {
        let mut l = last.lock().unwrap_or_else(|e| e.into_inner());
        if l.elapsed() >= Duration::from_millis(250) {
            *l = Instant::now();
            err!(
                "\r{}: {}/{} windows, {} requests, {} retries, {} lines, {} resources, {}        ",
                p.connection,
                p.windows_done,
                p.windows_total,
                p.requests,
                p.retries,
                p.lines,
                p.resources,
                p.stage
            );
        }
    };
    let started = Instant::now();
    // The writer is released before the recommendations refresh below, which
    // takes it again.
    let runs = {
        let mut writer = cl.writer()?;
        let auditor = cl.auditor(&mut writer)?;
        cloudlens_api::run_sync(
            &mut writer,
            &home,
            &req,
            SyncOptions {
                request_clock: now,
                ..SyncOptions::new(today, now, auditor)
            },
            &AtomicBool::new(false),
            &progress,
        )?
    };
    errln!();
    let mut failed = Vec::new();
    for r in &runs {
        errln!(
            "{}: {} in {:.1} s: windows {} done, {} skipped, {} failed; {} requests, {} retries, {} lines, {} resources{}",
            r.connection,
            r.outcome,
            started.elapsed().as_secs_f64(),
            r.windows_done,
            r.windows_skipped,
            r.windows_failed,
            r.requests,
            r.retries,
            r.lines,
            r.resources,
            r.message.as_deref().map(|m| format!(" ({m})")).unwrap_or_default()
        );
        if r.outcome != "succeeded" {
            failed.push(format!("{} {}", r.connection, r.outcome));
        }
    }
    // What a partial sync did write is worth recommending on too.
    // A failed sync is a data-health alert even when it wrote nothing.
    crate::after_change::detect_and_alert(&cl, &home);
    if runs.iter().any(|r| r.lines > 0 || r.resources > 0) {
        crate::recommend_cmd::refresh(&cl)?;
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Internal,
            format!("sync did not complete: {}", failed.join(", ")),
        ))
    }
}

/// An Azure connection's tenant and client id, scope and container in
/// the request's key id, role and bucket fields; the Azure flags are
/// refused for the other providers.
fn azure_fields(
    provider: &str,
    key_id: Option<String>,
    bucket: Option<String>,
    role_arn: Option<String>,
    azure: crate::args::AzureArgs,
) -> Result<(String, Option<String>, Option<String>), ApiError> {
    let invalid = |m: &str| ApiError::new(ErrorCode::InvalidInput, m);
    let given = azure.tenant.is_some()
        || azure.subscription.is_some()
        || azure.scope.is_some()
        || azure.storage_account.is_some();
    if provider != "azure" {
        if given {
            return Err(invalid(
                "--tenant, --client-id, --subscription, --scope, --storage-account and --container are for --provider azure",
            ));
        }
        return Ok((key_id.unwrap_or_default(), bucket, role_arn));
    }
    if role_arn.is_some() {
        return Err(invalid(
            "--role-arn is for aws; an Azure connection takes --scope or --subscription",
        ));
    }
    let key_id = match (azure.tenant, azure.client_id, key_id) {
        (Some(t), Some(c), None) => format!("{}/{}", t.trim(), c.trim()),
        (None, None, Some(k)) => k,
        _ => {
            return Err(invalid(
                "an Azure connection needs --tenant and --client-id",
            ))
        }
    };
    let scope = azure.scope.or_else(|| {
        azure
            .subscription
            .map(|s| format!("subscriptions/{}", s.trim()))
    });
    let bucket = match (azure.storage_account, azure.container) {
        (Some(a), Some(c)) => Some(format!("{}/{}", a.trim(), c.trim())),
        _ => bucket,
    };
    Ok((key_id, bucket, scope))
}
