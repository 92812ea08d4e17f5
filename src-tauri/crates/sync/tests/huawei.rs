//! The engine against the huawei mock over real HTTP, into a real store file.

mod common;

use common::{suite, Provider};

static P: Provider = Provider {
    name: "huawei",
    key_id: "HPUAKEXAMPLE0000TEST",
    secret: "mock-secret-0123456789abcdefghijklmnopqrst",
    start: cloudlens_mockcloud::huawei::start_huawei,
    inventory: 18,
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
