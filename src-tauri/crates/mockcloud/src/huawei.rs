//! huawei: placeholder until the mock lands.
