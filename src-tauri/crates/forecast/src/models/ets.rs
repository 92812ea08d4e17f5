//! Additive Holt–Winters with a damped trend (ETS(A,Ad,A)) and a weekly
//! season, its smoothing parameters chosen by one-step squared error over a
//! small grid searched once, one parameter at a time (fast, and the
//! backtest, not the in-sample fit, decides whether the model is used).

use crate::seasonal::weekly_indices;

#[derive(Clone, Copy)]
struct Params {
    alpha: f64,
    beta: f64,
    gamma: f64,
    phi: f64,
}

#[derive(Clone, Copy)]
struct State {
    level: f64,
    trend: f64,
    season: [f64; 7],
}

const ALPHAS: [f64; 6] = [0.03, 0.08, 0.15, 0.3, 0.5, 0.8];
const BETAS: [f64; 4] = [0.0, 0.01, 0.05, 0.15];
const GAMMAS: [f64; 4] = [0.0, 0.05, 0.15, 0.35];
const PHIS: [f64; 4] = [0.8, 0.9, 0.95, 0.98];

fn init(y: &[f64], seasonal: bool) -> State {
    let w = 7.min(y.len()).max(1);
    let first = y[..w].iter().sum::<f64>() / w as f64;
    let trend = if y.len() >= 14 {
        (y[7..14].iter().sum::<f64>() / 7.0 - first) / 7.0
    } else {
        0.0
    };
    let season = if seasonal {
        weekly_indices(&y[..y.len().min(56)])
    } else {
        [0.0; 7]
    };
    State {
        level: first,
        trend,
        season,
    }
}

/// Runs the filter over `y` once for every parameter set in `ps`, side by
/// side (independent recurrences interleave well on one core); returns each
/// one's one-step SSE and final state.
fn run<const L: usize>(
    y: &[f64],
    ps: [Params; L],
    init: &State,
    seasonal: bool,
) -> [(f64, State); L] {
    if seasonal {
        filter::<L, true>(y, ps, init)
    } else {
        filter::<L, false>(y, ps, init)
    }
}

fn filter<const L: usize, const SEASONAL: bool>(
    y: &[f64],
    ps: [Params; L],
    init: &State,
) -> [(f64, State); L] {
    let alpha = ps.map(|p| p.alpha);
    // The trend's update, beta × (new level − old level − damped trend),
    // is beta × alpha × error: written so, the recurrence from one day's
    // trend to the next is four operations long instead of six.
    let alpha_beta = ps.map(|p| p.alpha * p.beta);
    let gamma = ps.map(|p| p.gamma);
    let phi = ps.map(|p| p.phi);
    let mut level = [init.level; L];
    let mut trend = [init.trend; L];
    let mut season = init.season.map(|s| [s; L]);
    let mut sse = [0.0; L];
    let mut k = 0;
    for &v in y {
        let s = &mut season[k];
        for l in 0..L {
            let damped = phi[l] * trend[l];
            let expected = level[l] + damped;
            let e = v - (expected + s[l]);
            sse[l] += e * e;
            level[l] = expected + alpha[l] * e;
            trend[l] = damped + alpha_beta[l] * e;
            if SEASONAL {
                s[l] += gamma[l] * e;
            }
        }
        k = if k == 6 { 0 } else { k + 1 };
    }
    std::array::from_fn(|l| {
        (
            sse[l],
            State {
                level: level[l],
                trend: trend[l],
                season: std::array::from_fn(|k| season[k][l]),
            },
        )
    })
}

/// The best of one coordinate's candidates (the first on ties) with its
/// final state; values `keep` rejects are replaced by the incumbent's.
fn stage<const L: usize>(
    y: &[f64],
    init: &State,
    seasonal: bool,
    incumbent: Params,
    values: [f64; L],
    set: impl Fn(f64) -> Params,
    keep: impl Fn(f64) -> bool,
) -> (Params, State) {
    let ps: [Params; L] = std::array::from_fn(|i| {
        if keep(values[i]) {
            set(values[i])
        } else {
            incumbent
        }
    });
    let out = run(y, ps, init, seasonal);
    let best = (0..L)
        .min_by(|a, b| out[*a].0.total_cmp(&out[*b].0))
        .unwrap_or(0);
    (ps[best], out[best].1)
}

/// Chooses the parameters one coordinate at a time, each coordinate's
/// candidates filtered side by side, and returns them with the final state.
fn search(y: &[f64], seasonal: bool) -> (Params, State) {
    let init = init(y, seasonal);
    let p = Params {
        alpha: 0.15,
        beta: 0.01,
        gamma: if seasonal { 0.05 } else { 0.0 },
        phi: 0.9,
    };
    let (p, _) = stage(
        y,
        &init,
        seasonal,
        p,
        ALPHAS,
        |alpha| Params { alpha, ..p },
        |_| true,
    );
    let (p, _) = stage(
        y,
        &init,
        seasonal,
        p,
        BETAS,
        |beta| Params { beta, ..p },
        |b| b <= p.alpha,
    );
    let p = if seasonal {
        stage(
            y,
            &init,
            seasonal,
            p,
            GAMMAS,
            |gamma| Params { gamma, ..p },
            |g| g <= 1.0 - p.alpha,
        )
        .0
    } else {
        p
    };
    stage(
        y,
        &init,
        seasonal,
        p,
        PHIS,
        |phi| Params { phi, ..p },
        |_| true,
    )
}

/// Forecasts `h` days after `y`; `y` is indexed so that `t % 7` is the
/// weekday slot, and the forecast continues the same slots.
pub(crate) fn ets(y: &[f64], h: usize, seasonal: bool) -> Vec<f64> {
    if y.is_empty() {
        return vec![0.0; h];
    }
    let (p, s) = search(y, seasonal);
    let n = y.len();
    let mut damp = 0.0;
    let mut phi_k = 1.0;
    (1..=h)
        .map(|i| {
            phi_k *= p.phi;
            damp += phi_k;
            s.level + damp * s.trend + s.season[(n + i - 1) % 7]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_weekly_pattern_with_growth_is_continued() {
        let y: Vec<f64> = (0..140)
            .map(|t| 100.0 + 0.5 * t as f64 + if t % 7 >= 5 { -30.0 } else { 0.0 })
            .collect();
        let f = ets(&y, 14, true);
        let truth: Vec<f64> = (140..154)
            .map(|t| 100.0 + 0.5 * t as f64 + if t % 7 >= 5 { -30.0 } else { 0.0 })
            .collect();
        for (a, b) in f.iter().zip(&truth) {
            assert!((a - b).abs() < 6.0, "{a} vs {b}");
        }
    }
}
