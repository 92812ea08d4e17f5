//! Read-only clients of the cloud providers' billing, inventory and
//! monitoring APIs. Each provider module signs requests with its own
//! algorithm (pinned by the official vectors), refuses any action outside
//! its read-only allow-list before a request is built, and maps responses
//! into the canonical model. No store, no Tauri: the sync engine drives them.

pub mod alibaba;
mod answer;
pub mod aws;
pub mod azure;
pub mod bucket;
mod client;
mod error;
mod focus_rows;
pub mod gcp;
pub mod huawei;
mod object_store;
pub mod tencent;
mod types;

pub use client::{Client, ClientConfig, ConnectionExtras, Credentials, Site};
pub use error::{ErrorKind, ProviderError};
pub use object_store::period_in_name;
pub(crate) use types::china_month;
pub use types::*;
