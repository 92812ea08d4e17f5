//! The engine against the alibaba mock over real HTTP, into a real store file.

mod common;

use common::{suite, Provider};

static P: Provider = Provider {
    name: "alibaba",
    key_id: "LTAI5tMockReadOnlyKey01",
    secret: "mock-secret-8f2b61c0a9d34e7f",
    start: cloudlens_mockcloud::alibaba::start_alibaba,
    inventory: 30,
};

#[test]
fn reconciles_traces_joins_and_resyncs_idempotently() {
    suite::reconciles_traces_joins_and_resyncs_idempotently(&P);
}

#[test]
fn restated_month_is_refetched() {
    suite::restated_month_is_refetched(&P);
}

#[test]
fn faults_are_retried() {
    suite::faults_are_retried(&P);
}

#[test]
fn wrong_secret_keeps_the_last_good_data() {
    suite::wrong_secret_keeps_the_last_good_data(&P);
}

#[test]
fn cancelled_run_resumes() {
    suite::cancelled_run_resumes(&P);
}
