//! The engine against the alibaba mock over real HTTP, into a real store file.

mod common;

use common::Provider;

static P: Provider = Provider {
    name: "alibaba",
    key_id: "LTAI5tMockReadOnlyKey01",
    secret: "mock-secret-8f2b61c0a9d34e7f",
    start: cloudlens_mockcloud::alibaba::start_alibaba,
    inventory: 30,
};

provider_suite!(&P);
