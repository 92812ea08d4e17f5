//! Stand-ins for the providers' APIs on 127.0.0.1, for tests and benchmarks.
//! Each provider module speaks its documented request and response shapes
//! and verifies every request's signature with its own implementation of the
//! provider's algorithm (independent of the client's signer, so a broken
//! signer fails). The harness adds latency, throttling, 5xx and slow answers
//! on demand, and counts what it saw.

// The mock stands where a provider's server stands: its clock is its own, as theirs is.
#![allow(clippy::disallowed_methods)]

mod account;
pub mod alibaba;
pub mod aws;
pub mod azure;
pub mod bill_bucket;
pub mod gcp;
pub mod huawei;
pub mod notifications;
mod object_store;
mod periods;
mod server;
pub mod tencent;
pub mod webhooks;

pub use account::{
    cents_text, Account, AccountSpec, BillItem, MockResource, ResourceKind, Subscription,
};
pub use server::{
    system_clock, Faults, Handled, MockCloud, MockKind, RawRequest, RawResponse, Stats,
};
