//! STS `GetCallerIdentity` and `AssumeRole`: the role is assumed only with
//! the account's own key and only for the role the mock was told about; it
//! hands out a session key, secret and token that the gateway then accepts
//! until they expire by its clock.

use super::errors::{error, escape, query_ok, Shape};
use crate::{Account, RawResponse};

const NS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// A session key the mock handed out.
#[derive(Debug, Clone)]
pub struct Session {
    pub key_id: String,
    pub secret: String,
    pub token: String,
    pub expires_at: i64,
}

pub fn caller_identity(account: &Account, key_id: &str) -> RawResponse {
    let arn = if key_id.starts_with("ASIA") {
        format!(
            "arn:aws:sts::{}:assumed-role/cloudlens-read-only/cloudlens-read-only",
            account.billing_account
        )
    } else {
        format!("arn:aws:iam::{}:user/cloudlens", account.billing_account)
    };
    query_ok(
        "GetCallerIdentity",
        NS,
        &format!(
            "<Arn>{}</Arn><UserId>AIDAMOCK{}</UserId><Account>{}</Account>",
            escape(&arn),
            account.billing_account,
            account.billing_account
        ),
    )
}

/// A new session for `role`, or the refusal AWS gives.
pub fn assume_role(
    form: &[(String, String)],
    role: Option<&str>,
    signed_by_session: bool,
    seq: u64,
    now: i64,
) -> Result<(Session, RawResponse), RawResponse> {
    let field = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let asked = field("RoleArn").unwrap_or_default();
    if signed_by_session || role != Some(asked) {
        return Err(error(
            Shape::Query,
            403,
            "AccessDenied",
            &format!("User is not authorized to perform: sts:AssumeRole on resource: {asked}"),
        ));
    }
    if field("RoleSessionName").is_none_or(str::is_empty) {
        return Err(error(
            Shape::Query,
            400,
            "ValidationError",
            "RoleSessionName is required.",
        ));
    }
    let seconds: i64 = match field("DurationSeconds").map(str::parse::<i64>) {
        None => 3600,
        Some(Ok(s)) if (900..=43_200).contains(&s) => s,
        _ => {
            return Err(error(
                Shape::Query,
                400,
                "ValidationError",
                "DurationSeconds must be 900 to 43200.",
            ))
        }
    };
    let session = Session {
        key_id: format!("ASIAMOCK{seq:012}"),
        secret: format!("mock-session-secret-{seq:08}"),
        token: format!("FwoGZXIvYXdzEMOCK{seq:08}//token"),
        expires_at: now + seconds,
    };
    let expiration = chrono::DateTime::from_timestamp(session.expires_at, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default();
    let answer = query_ok(
        "AssumeRole",
        NS,
        &format!(
            "<Credentials><SessionToken>{}</SessionToken><SecretAccessKey>{}</SecretAccessKey><Expiration>{expiration}</Expiration><AccessKeyId>{}</AccessKeyId></Credentials><AssumedRoleUser><Arn>{}</Arn><AssumedRoleId>AROAMOCK:cloudlens</AssumedRoleId></AssumedRoleUser>",
            session.token,
            session.secret,
            session.key_id,
            escape(asked)
        ),
    );
    Ok((session, answer))
}
