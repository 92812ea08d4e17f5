//! alibaba: placeholder until the mock lands.
