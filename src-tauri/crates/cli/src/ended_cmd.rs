//! `cloudlens recommendations ended-projects`: the projects that have ended
//! (a resource tagged with one and still billed after its end is a saving),
//! listed, or one added, moved or removed; kept with the thresholds, so the
//! app's Settings and the next recompute see the same list.

use cloudlens_api::{ApiError, CloudLens, EndedProjectView, ErrorCode};

/// `KEY=VALUE`, both trimmed and neither empty.
fn tag(text: &str) -> Result<(String, String), ApiError> {
    let invalid = || {
        ApiError::new(
            ErrorCode::InvalidInput,
            format!("expected a project's tag as KEY=VALUE, got {text:?}"),
        )
    };
    let (k, v) = text.split_once('=').ok_or_else(invalid)?;
    let (k, v) = (k.trim(), v.trim());
    if k.is_empty() || v.is_empty() {
        return Err(invalid());
    }
    Ok((k.to_string(), v.to_string()))
}

fn same(p: &EndedProjectView, key: &str, value: &str) -> bool {
    p.tag_key.eq_ignore_ascii_case(key) && p.tag_value == value
}

/// Adds (or moves the end of) `add` ended on `on`, removes `remove`, saves
/// through the api's validation and prints the list as JSON.
pub fn run(
    cl: &CloudLens,
    add: Option<&str>,
    on: Option<&str>,
    remove: Option<&str>,
) -> Result<(), ApiError> {
    let mut s = cl.recommendation_settings()?;
    let before = s.ended_projects.clone();
    if let Some(text) = remove {
        let (key, value) = tag(text)?;
        s.ended_projects.retain(|p| !same(p, &key, &value));
        if s.ended_projects.len() == before.len() {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("no ended project tagged {key}={value}"),
            ));
        }
    }
    if let Some(text) = add {
        let (key, value) = tag(text)?;
        let ended_on = on.unwrap_or_default().trim().to_string();
        s.ended_projects.retain(|p| !same(p, &key, &value));
        s.ended_projects.push(EndedProjectView {
            tag_key: key,
            tag_value: value,
            ended_on,
        });
    }
    if s.ended_projects != before {
        cl.save_recommendation_settings(&s)?;
        crate::recommend_cmd::refresh(cl)?;
    }
    let out = serde_json::json!({ "ended_projects": s.ended_projects });
    let text = serde_json::to_string_pretty(&out)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    outln!("{text}");
    Ok(())
}
