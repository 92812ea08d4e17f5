//! The ridge problem of the regression, solved two ways that agree.
//!
//! The forecast a user sees is fitted by linfa's least squares on the
//! window's own rows, the penalty written as extra rows. The backtest
//! windows refit the same problem many times over overlapping stretches of
//! the same rows, so for them the normal equations come from running sums
//! and the small system is solved by Cholesky: the same answer (a test
//! holds them together) at a fraction of the cost.
//!
//! In both, the constant (column 0) is unpenalised and every other column's
//! penalty is `RIDGE` times its centred sum of squares, so the penalty is
//! the same on standardised coefficients; columns constant over the rows
//! get a zero coefficient.

use linfa::traits::Fit;
use linfa::Dataset;
use linfa_linalg::cholesky::SolveCInplace;
use linfa_linear::LinearRegression;
use ndarray::{Array1, Array2, ShapeBuilder};

use super::features::CONSTANT;

/// Ridge penalty relative to each column's variance: the penalty on
/// standardised coefficients.
pub(crate) const RIDGE: f64 = 0.001;

/// A column varies over the rows when its centred sum of squares is above
/// this share of the number of rows.
const VARIES: f64 = 1e-9;

/// Solves from the uncentred normal equations `g` (m × m, row-major) and
/// `r` (m), column 0 the constant.
pub(crate) fn from_normal_equations(g: &[f64], r: &[f64], m: usize) -> Option<Vec<f64>> {
    let n = g[CONSTANT];
    if n < 1.0 {
        return None;
    }
    let centred = |i: usize, j: usize| g[i * m + j] - g[i] * g[j] / n;
    let keep: Vec<usize> = (1..m).filter(|&i| centred(i, i) > VARIES * n).collect();
    let q = keep.len();
    let mut a = Array2::<f64>::zeros((q, q));
    let mut rhs = Array2::<f64>::zeros((q, 1));
    for (p, &i) in keep.iter().enumerate() {
        rhs[[p, 0]] = r[i] - g[i] * r[0] / n;
        for (s, &j) in keep.iter().enumerate() {
            a[[p, s]] = centred(i, j);
        }
        a[[p, p]] *= 1.0 + RIDGE;
    }
    if q > 0 {
        a.solvec_inplace(&mut rhs).ok()?;
    }
    let mut beta = vec![0.0; m];
    for (p, &i) in keep.iter().enumerate() {
        beta[i] = rhs[[p, 0]];
    }
    beta[0] = (r[0] - (1..m).map(|i| g[i] * beta[i]).sum::<f64>()) / n;
    beta.iter().all(|b| b.is_finite()).then_some(beta)
}

/// Fits with linfa on the rows themselves: `x` (n × m, column 0 the
/// constant) and `y` (n).
pub(crate) fn from_rows(x: &Array2<f64>, y: &Array1<f64>) -> Option<Vec<f64>> {
    let (n, m) = x.dim();
    if n == 0 || m == 0 {
        return None;
    }
    let x_mean = x.mean_axis(ndarray::Axis(0))?;
    let y_mean = y.mean()?;
    let sum_squares = |j: usize| x.column(j).iter().map(|v| (v - x_mean[j]).powi(2)).sum();
    let keep: Vec<(usize, f64)> = (1..m)
        .map(|j| (j, sum_squares(j)))
        .filter(|(_, ss)| *ss > VARIES * n as f64)
        .collect();
    let q = keep.len();
    let mut beta = vec![0.0; m];
    if q > 0 {
        // Centred rows, then one penalty row per column. Column-major, since
        // linfa's QR reflects whole columns: each is then one contiguous run.
        let mut records = Array2::<f64>::zeros((n + q, q).f());
        let mut targets = Array1::<f64>::zeros(n + q);
        for (p, &(j, _)) in keep.iter().enumerate() {
            let mean = x_mean[j];
            for (r, v) in records.column_mut(p).iter_mut().zip(x.column(j)) {
                *r = v - mean;
            }
        }
        for t in 0..n {
            targets[t] = y[t] - y_mean;
        }
        for (p, &(_, ss)) in keep.iter().enumerate() {
            records[[n + p, p]] = (RIDGE * ss).sqrt();
        }
        let fitted = LinearRegression::new()
            .with_intercept(false)
            .fit(&Dataset::new(records, targets))
            .ok()?;
        for (&(j, _), b) in keep.iter().zip(fitted.params()) {
            beta[j] = *b;
        }
    }
    beta[0] = y_mean - (1..m).map(|j| x_mean[j] * beta[j]).sum::<f64>();
    beta.iter().all(|b| b.is_finite()).then_some(beta)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A design with a constant, a trend, a weekly wave, a column that is
    /// constant over the rows and a step, and a noisy series on it.
    fn problem() -> (Array2<f64>, Array1<f64>) {
        let n = 200;
        let x = Array2::from_shape_fn((n, 5), |(t, j)| match j {
            0 => 1.0,
            1 => t as f64 / 365.0,
            2 => (std::f64::consts::TAU * t as f64 / 7.0).sin(),
            3 => 2.0,
            _ => f64::from(u8::from(t >= 120)),
        });
        let y = Array1::from_shape_fn(n, |t| {
            let noise = ((t * 7919) % 101) as f64 / 101.0 - 0.5;
            50.0 + 30.0 * x[[t, 1]] + 8.0 * x[[t, 2]] + 25.0 * x[[t, 4]] + 3.0 * noise
        });
        (x, y)
    }

    fn normal_equations(x: &Array2<f64>, y: &Array1<f64>) -> (Vec<f64>, Vec<f64>) {
        let g = x.t().dot(x);
        let r = x.t().dot(y);
        (g.iter().copied().collect(), r.to_vec())
    }

    #[test]
    fn both_ways_give_the_same_coefficients() {
        let (x, y) = problem();
        let rows = from_rows(&x, &y).expect("fits from rows");
        let (g, r) = normal_equations(&x, &y);
        let sums = from_normal_equations(&g, &r, x.ncols()).expect("fits from sums");
        for (a, b) in rows.iter().zip(&sums) {
            assert!(
                (a - b).abs() < 1e-7 * (1.0 + b.abs()),
                "{rows:?} against {sums:?}"
            );
        }
    }

    #[test]
    fn recovers_the_planted_structure_and_zeroes_a_constant_column() {
        let (x, y) = problem();
        let beta = from_rows(&x, &y).expect("fits");
        assert!((beta[2] - 8.0).abs() < 0.5, "weekly {}", beta[2]);
        assert!((beta[4] - 25.0).abs() < 1.5, "step {}", beta[4]);
        assert_eq!(beta[3], 0.0);
        let fitted = x.dot(&Array1::from(beta.clone()));
        let mae = (&fitted - &y).mapv(f64::abs).mean().unwrap_or(f64::NAN);
        assert!(mae < 1.5, "mean absolute error {mae}");
    }

    #[test]
    fn the_penalty_shrinks_towards_zero_as_ridge_does() {
        // One column, centred sum of squares S and cross product C: the
        // ridge slope is C / (S (1 + RIDGE)).
        let x = Array2::from_shape_fn((4, 2), |(t, j)| if j == 0 { 1.0 } else { t as f64 });
        let y = Array1::from(vec![0.0, 2.0, 4.0, 6.0]);
        let beta = from_rows(&x, &y).expect("fits");
        let expected = 2.0 / (1.0 + RIDGE);
        assert!(
            (beta[1] - expected).abs() < 1e-9,
            "{} against {expected}",
            beta[1]
        );
        assert!((beta[0] - (3.0 - 1.5 * expected)).abs() < 1e-9);
    }

    #[test]
    fn no_rows_no_fit() {
        let x = Array2::<f64>::zeros((0, 3));
        assert!(from_rows(&x, &Array1::zeros(0)).is_none());
        assert!(from_normal_equations(&[0.0; 9], &[0.0; 3], 3).is_none());
    }
}
