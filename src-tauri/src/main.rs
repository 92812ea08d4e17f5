// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// The allocator the CLI and the benchmarks use too: it hands freed memory
// back across threads, where glibc's arenas held a long import's peak.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    cloudlens_app::run();
}
