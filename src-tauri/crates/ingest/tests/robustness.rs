//! A seeded mutation loop over every fixture through the fuzz entry point:
//! a cheap, deterministic stand-in for the libFuzzer target (fuzz/) that
//! runs in every CI build. Any panic fails the test.

use std::path::Path;

use cloudlens_ingest::fuzz_entry::fuzz_bytes;

fn fixtures() -> Vec<Vec<u8>> {
    let dir =
        Path::new(&String::from(env!("CARGO_MANIFEST_DIR"))).join("../../../tests/fixtures/ingest");
    let mut out = Vec::new();
    for entry in walk(&dir) {
        let bytes = std::fs::read(&entry).unwrap();
        // Keep inputs small so the loop stays fast: the header and some rows.
        out.push(bytes[..bytes.len().min(6000)].to_vec());
    }
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "csv") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&[u8]] = &[
    b",",
    b"\"",
    b"\n",
    b"\r\n",
    b"NULL",
    b"-",
    b"1e308",
    b"-0.000000000000000000000000000001",
    b"99999999999999999999999999999",
    b"2025-13-45",
    b"1969-12-31T23:59:59Z",
    b"2025-01-01 00:00:00 GMT+99:00",
    b"{\"a\":",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    "合计".as_bytes(),
    b"Usage",
    b"Credit",
    b"Correction",
    b"1,234.56",
    b"+",
    b"T",
    b"Z",
];

#[test]
fn mutated_fixtures_never_panic() {
    let seeds = fixtures();
    assert!(seeds.len() >= 15, "fixtures missing: {}", seeds.len());
    let mut rng = Rng(0x5eed_c10d_1e25);
    let mut executions = 0;
    let mut mapped = 0;
    for seed in &seeds {
        mapped += fuzz_bytes(seed);
        for _ in 0..150 {
            let mut data = seed.clone();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(data.len() + 1);
                match rng.below(4) {
                    0 if !data.is_empty() => {
                        let end = (at + rng.below(40)).min(data.len());
                        data.drain(at.min(end)..end);
                    }
                    1 => {
                        let t = TOKENS[rng.below(TOKENS.len())];
                        data.splice(at..at, t.iter().copied());
                    }
                    2 if at < data.len() => data[at] = rng.next() as u8,
                    _ => data.truncate(at),
                }
            }
            mapped += fuzz_bytes(&data);
            executions += 1;
        }
    }
    assert!(mapped > 0);
    eprintln!("{executions} mutated inputs, {mapped} lines mapped, no panic");
}
