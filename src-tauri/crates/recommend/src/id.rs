//! Stable identifiers: the same finding about the same thing gets the same
//! id on every run, so a re-run updates it rather than adding a copy.

/// FNV-1a over the parts, each followed by a separator byte.
pub fn stable(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("rec-{h:016x}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_parts_same_id() {
        assert_eq!(super::stable(&["a", "b"]), super::stable(&["a", "b"]));
        assert_ne!(super::stable(&["a", "b"]), super::stable(&["ab", ""]));
        assert_eq!(super::stable(&["x"]).len(), 20);
    }
}
