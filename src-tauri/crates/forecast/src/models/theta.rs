//! The Theta method (Assimakopoulos & Nikolopoulos, as Hyndman & Billah
//! showed it: simple exponential smoothing with drift equal to half the
//! linear trend), on the weekly-adjusted series when the week is significant.

use crate::seasonal::weekly_indices;

const ALPHAS: [f64; 9] = [0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 0.95];

/// Simple exponential smoothing of `y` at every alpha of `ALPHAS` side by
/// side: each one's one-step SSE and final level.
fn ses(y: &[f64]) -> ([f64; 9], [f64; 9]) {
    let mut level = [y[0]; 9];
    let mut sse = [0.0; 9];
    for &v in &y[1..] {
        for l in 0..9 {
            let e = v - level[l];
            sse[l] += e * e;
            level[l] += ALPHAS[l] * e;
        }
    }
    (sse, level)
}

/// `seasonal`: whether `y` has a weekly cycle to take out first.
pub(crate) fn theta(y: &[f64], h: usize, seasonal: bool) -> Vec<f64> {
    let n = y.len();
    if n < 3 {
        return vec![y.last().copied().unwrap_or(0.0); h];
    }
    let idx = if seasonal {
        weekly_indices(y)
    } else {
        [0.0; 7]
    };
    let adj: Vec<f64> = y.iter().enumerate().map(|(t, v)| v - idx[t % 7]).collect();
    // Slope of the least-squares line through the adjusted series.
    let tm = (n as f64 - 1.0) / 2.0;
    let ym = adj.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (t, v) in adj.iter().enumerate() {
        let dt = t as f64 - tm;
        sxy += dt * (v - ym);
        sxx += dt * dt;
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let (sse, levels) = ses(&adj);
    let best = (0..ALPHAS.len())
        .min_by(|a, b| sse[*a].total_cmp(&sse[*b]))
        .unwrap_or(0);
    let (alpha, level) = (ALPHAS[best], levels[best]);
    let decay = (1.0 - alpha).powi(n as i32);
    (1..=h)
        .map(|i| {
            let drift = 0.5 * slope * (i as f64 - 1.0 + 1.0 / alpha - decay / alpha);
            level + drift + idx[(n + i - 1) % 7]
        })
        .collect()
}
