//! The engine against the tencent mock over real HTTP, into a real store file.

mod common;

use common::{suite, Provider};

static P: Provider = Provider {
    name: "tencent",
    key_id: "AKIDmockTencent0000000000000000000001",
    secret: "mockSecretKeyTencent0000000000001",
    start: cloudlens_mockcloud::tencent::start_tencent,
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
