//! `cloudlens`: the headless command line on the same core as the app.

// The CLI is a shell: it reads the clock and the environment and hands them to the core.
#![allow(clippy::disallowed_methods)]
// Output goes through `out`, which stops quietly when the reader has gone.
#![deny(clippy::print_stdout, clippy::print_stderr)]

// The app's allocator (see the app's `main.rs`), so the CLI's and the
// benchmarks' memory figures are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[macro_use]
mod out;

mod after_change;
mod alerts_cmd;
mod anomaly_args;
mod anomaly_cmd;
mod args;
mod audit_args;
mod audit_cmd;
mod bench;
mod budget_cmd;
mod budget_copy_cmd;
mod commands;
mod desktop;
mod discount_cmd;
mod ended_cmd;
mod explore_cmd;
mod forecast_bench;
mod forecast_cmd;
mod gen_focus;
mod import_cmd;
mod invoice_cmd;
mod key;
mod lens;
mod maintenance_cmd;
mod recommend_cmd;
mod report_cmd;
mod sources_cmd;
mod sync_cmd;
mod tags_cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
