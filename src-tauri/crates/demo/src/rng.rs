//! Randomness that reproduces bit for bit on every platform: ChaCha for the
//! population (drawn once, in order) and a stateless mixer for per-line noise,
//! so a line's value never depends on how many lines came before it.

use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub struct Rng(ChaCha8Rng);

impl Rng {
    /// Separate streams keep unrelated draws (account ids, resources, …) from
    /// shifting each other when one of them changes length.
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        r.set_stream(stream);
        Rng(r)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n <= 1 {
            0
        } else {
            self.0.gen_range(0..n)
        }
    }

    /// Inclusive range.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below(hi - lo + 1)
        }
    }

    pub fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `pick` for string tables, where `&[&str]` would otherwise infer `T = str`.
    pub fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len() as u64) as usize]
    }

    /// Index drawn in proportion to `weights`; all-zero weights pick the first.
    pub fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut r = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        0
    }

    pub fn push_chars(&mut self, alphabet: &[u8], n: usize, out: &mut String) {
        for _ in 0..n {
            out.push(*self.pick(alphabet) as char);
        }
    }

    pub fn next(&mut self) -> u64 {
        self.0.gen()
    }
}

/// SplitMix64 finaliser over two words: a cheap, well-spread hash for noise.
pub fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A factor in parts per million, uniform in `1e6 ± amp`.
pub fn jitter_ppm(h: u64, amp: u64) -> u64 {
    1_000_000 - amp + h % (2 * amp + 1)
}
