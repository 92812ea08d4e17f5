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

/// Runs the filter over `y`; returns the one-step SSE and the final state.
fn run(y: &[f64], p: Params, seasonal: bool) -> (f64, State) {
    let mut s = init(y, seasonal);
    let mut sse = 0.0;
    for (t, &v) in y.iter().enumerate() {
        let k = t % 7;
        let fitted = s.level + p.phi * s.trend + s.season[k];
        let e = v - fitted;
        sse += e * e;
        let prev = s.level;
        s.level = p.alpha * (v - s.season[k]) + (1.0 - p.alpha) * (prev + p.phi * s.trend);
        s.trend = p.beta * (s.level - prev) + (1.0 - p.beta) * p.phi * s.trend;
        if seasonal {
            s.season[k] = p.gamma * (v - prev - p.phi * s.trend) + (1.0 - p.gamma) * s.season[k];
        }
    }
    (sse, s)
}

fn search(y: &[f64], seasonal: bool) -> Params {
    let mut p = Params {
        alpha: 0.15,
        beta: 0.01,
        gamma: if seasonal { 0.05 } else { 0.0 },
        phi: 0.9,
    };
    let mut best = run(y, p, seasonal).0;
    for a in ALPHAS {
        let c = Params { alpha: a, ..p };
        let e = run(y, c, seasonal).0;
        if e < best {
            (best, p) = (e, c);
        }
    }
    let alpha = p.alpha;
    for b in BETAS.iter().filter(|b| **b <= alpha) {
        let c = Params { beta: *b, ..p };
        let e = run(y, c, seasonal).0;
        if e < best {
            (best, p) = (e, c);
        }
    }
    if seasonal {
        for g in GAMMAS.iter().filter(|g| **g <= 1.0 - alpha) {
            let c = Params { gamma: *g, ..p };
            let e = run(y, c, seasonal).0;
            if e < best {
                (best, p) = (e, c);
            }
        }
    }
    for phi in PHIS {
        let c = Params { phi, ..p };
        let e = run(y, c, seasonal).0;
        if e < best {
            (best, p) = (e, c);
        }
    }
    p
}

/// Forecasts `h` days after `y`; `y` is indexed so that `t % 7` is the
/// weekday slot, and the forecast continues the same slots.
pub(crate) fn ets(y: &[f64], h: usize, seasonal: bool) -> Vec<f64> {
    if y.is_empty() {
        return vec![0.0; h];
    }
    let p = search(y, seasonal);
    let (_, s) = run(y, p, seasonal);
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
