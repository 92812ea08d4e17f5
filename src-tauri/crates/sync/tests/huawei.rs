//! The engine against the huawei mock over real HTTP, into a real store file.

mod common;

use common::Provider;

static P: Provider = Provider {
    name: "huawei",
    key_id: "HPUAKEXAMPLE0000TEST",
    secret: "mock-secret-0123456789abcdefghijklmnopqrst",
    start: cloudlens_mockcloud::huawei::start_huawei,
    inventory: 30,
};

provider_suite!(&P);
