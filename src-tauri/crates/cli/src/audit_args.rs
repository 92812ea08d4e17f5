//! `cloudlens audit ...`: the audit log, its verification, audit packs and
//! the install's public key.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// List the audit log, oldest first.
    Log {
        /// text or json.
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Walk the log's hash chain; name the first entry edited, removed,
    /// inserted or reordered, and check the head's signature.
    Verify {
        /// Also trust this public key (64 hex digits), e.g. the one an
        /// auditor was given out of band.
        #[arg(long, value_name = "PUBKEY")]
        key: Option<String>,
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Build a signed audit pack of the lines in scope. With --encrypt the
    /// passphrase comes from CLOUDLENS_PACK_PASSPHRASE or standard input.
    Pack {
        /// First billing month (YYYY-MM).
        #[arg(long)]
        from: String,
        /// Last billing month, included (YYYY-MM).
        #[arg(long)]
        to: String,
        /// provider, billing_account, sub_account, service or currency (repeat).
        #[arg(long = "filter", value_name = "DIM=VALUE")]
        filters: Vec<String>,
        #[arg(long, value_name = "PACK")]
        out: PathBuf,
        #[arg(long)]
        encrypt: bool,
        /// Pack a file made elsewhere (a report, the invoice reconciliation)
        /// under NAME, e.g. reports/summary.pdf=out/summary.pdf (repeat).
        #[arg(long = "attach", value_name = "NAME=PATH")]
        attachments: Vec<String>,
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Verify a pack with no store and no network (no --db needed). An
    /// encrypted pack's passphrase comes from CLOUDLENS_PACK_PASSPHRASE or
    /// standard input.
    VerifyPack {
        pack: PathBuf,
        /// The signer's public key as obtained out of band (64 hex digits).
        #[arg(long, value_name = "PUBKEY")]
        key: Option<String>,
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Print the install's public key, for an auditor to compare out of band.
    Key,
    /// Time building a pack of the given months and print its size, with the
    /// plain FOCUS Parquet export of the same lines as the reference.
    #[command(hide = true)]
    PackBench {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long, value_name = "DIR")]
        work: PathBuf,
    },
}
