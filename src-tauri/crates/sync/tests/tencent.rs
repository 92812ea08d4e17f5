//! The engine against the tencent mock over real HTTP, into a real store file.

mod common;

use common::Provider;

static P: Provider = Provider {
    name: "tencent",
    key_id: "AKIDmockTencent0000000000000000000001",
    secret: "mockSecretKeyTencent0000000000001",
    start: cloudlens_mockcloud::tencent::start_tencent,
    inventory: 30,
};

provider_suite!(&P);
