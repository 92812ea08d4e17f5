//! Any bytes as a bill CSV: header detection, every format's mapper, the
//! cell parsers. Run with `.ci/fuzz` (libFuzzer through cargo-fuzz).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = cloudlens_ingest::fuzz_entry::fuzz_bytes(data);
});
