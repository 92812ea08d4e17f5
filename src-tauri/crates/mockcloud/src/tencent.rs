//! tencent: placeholder until the mock lands.
