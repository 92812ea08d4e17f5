//! Resource tags as people actually apply them: mostly consistent within an
//! account's convention, with the stray `Team` next to `team`, `production`
//! next to `prod`, and missing keys.

use cloudlens_model::Tags;

use crate::accounts::TagStyle;
use crate::naming::{Env, Team};
use crate::rng::Rng;

pub fn tags(style: TagStyle, team: &Team, project: &str, env: Env, rng: &mut Rng) -> Tags {
    let mut t = Tags::new();
    let (team_key, env_key, project_key) = match style {
        TagStyle::Lower => (
            if rng.percent(8) { "Team" } else { "team" },
            "env",
            "project",
        ),
        TagStyle::Pascal => (
            if rng.percent(15) { "team" } else { "Team" },
            "Environment",
            "Project",
        ),
        TagStyle::Labels => ("team", "env", "project"),
        TagStyle::Mixed => (
            if rng.percent(50) { "Team" } else { "team" },
            "environment",
            if rng.percent(50) {
                "Project"
            } else {
                "project"
            },
        ),
    };
    let env_value = match (style, env) {
        (TagStyle::Pascal, Env::Prod) => "Production",
        (TagStyle::Pascal, Env::Staging) => "Staging",
        (TagStyle::Pascal, Env::Dev) => "Development",
        (TagStyle::Mixed, Env::Prod) if rng.percent(50) => "Production",
        (TagStyle::Lower, Env::Prod) if rng.percent(6) => "production",
        (_, e) => e.short(),
    };
    t.insert(team_key.to_string(), team.key.to_string());
    // A tenth of tagged resources carry only some of the keys.
    if !rng.percent(6) {
        t.insert(env_key.to_string(), env_value.to_string());
    }
    let project = if style == TagStyle::Labels && !project.is_ascii() {
        team.projects
            .iter()
            .find(|p| p.is_ascii())
            .copied()
            .unwrap_or(team.key)
    } else {
        project
    };
    if !rng.percent(8) {
        t.insert(project_key.to_string(), project.to_string());
    }
    if style == TagStyle::Lower && rng.percent(25) {
        t.insert(
            "cost-center".to_string(),
            format!("CC-{}", 1000 + rng.below(60)),
        );
    }
    t
}
