//! Identifiers in each provider's own shape, rendered from small patterns such
//! as `i-{pfx}{alnum:17}` so the formats live next to the catalog entries.

use crate::rng::Rng;

const HEX: &[u8] = b"0123456789abcdef";
const HEX_UP: &[u8] = b"0123456789ABCDEF";
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const ALNUM_UP: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const DIGITS: &[u8] = b"0123456789";

/// Values for the named placeholders of a pattern.
#[derive(Default, Clone, Copy)]
pub struct Ctx<'a> {
    pub region: &'a str,
    pub acct: &'a str,
    pub name: &'a str,
    pub zone: &'a str,
    pub rg: &'a str,
    pub pfx: &'a str,
    pub appid: &'a str,
}

pub fn render(pattern: &str, ctx: &Ctx, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("unclosed placeholder");
        let token = &rest[open + 1..close];
        let (name, n) = match token.split_once(':') {
            Some((name, n)) => (name, n.parse::<usize>().expect("placeholder length")),
            None => (token, 0),
        };
        match name {
            "region" => out.push_str(ctx.region),
            "acct" => out.push_str(ctx.acct),
            "name" => out.push_str(ctx.name),
            "zone" => out.push_str(ctx.zone),
            "rg" => out.push_str(ctx.rg),
            "pfx" => out.push_str(ctx.pfx),
            "appid" => out.push_str(ctx.appid),
            "hex" => rng.push_chars(HEX, n, &mut out),
            "HEX" => rng.push_chars(HEX_UP, n, &mut out),
            "alnum" => rng.push_chars(ALNUM, n, &mut out),
            "ALNUM" => rng.push_chars(ALNUM_UP, n, &mut out),
            // Account numbers never start with 0 in practice.
            "digits" => {
                rng.push_chars(&DIGITS[1..], 1, &mut out);
                rng.push_chars(DIGITS, n.saturating_sub(1), &mut out);
            }
            "uuid" => {
                for (i, len) in [8, 4, 4, 4, 12].into_iter().enumerate() {
                    if i > 0 {
                        out.push('-');
                    }
                    rng.push_chars(HEX, len, &mut out);
                }
            }
            other => panic!("unknown placeholder {other}"),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// FNV-1a over the parts: SKU ids depend only on what is sold, not on the seed,
/// the way real SKUs are the same for every customer.
pub fn name_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Characters drawn from a hash, for ids that must be stable across seeds.
pub fn hashed(h: u64, alphabet: &[u8], n: usize) -> String {
    let mut x = h;
    let mut out = String::with_capacity(n);
    for i in 0..n {
        if i % 8 == 0 {
            x = crate::rng::mix(h, i as u64);
        }
        out.push(alphabet[(x % alphabet.len() as u64) as usize] as char);
        x /= alphabet.len() as u64;
    }
    out
}

pub const HASH_UPPER: &[u8] = ALNUM_UP;
pub const HASH_HEX_UP: &[u8] = HEX_UP;
pub const HASH_HEX: &[u8] = HEX;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_provider_shapes() {
        let mut rng = Rng::new(1, 1);
        let ctx = Ctx {
            region: "us-east-1",
            acct: "123456789012",
            pfx: "bp1",
            ..Ctx::default()
        };
        let arn = render(
            "arn:aws:ec2:{region}:{acct}:instance/i-0{hex:16}",
            &ctx,
            &mut rng,
        );
        assert!(arn.starts_with("arn:aws:ec2:us-east-1:123456789012:instance/i-0"));
        assert_eq!(
            arn.len(),
            "arn:aws:ec2:us-east-1:123456789012:instance/i-0".len() + 16
        );
        let ecs = render("i-{pfx}{alnum:17}", &ctx, &mut rng);
        assert!(ecs.starts_with("i-bp1") && ecs.len() == 22);
        let uid = render("{digits:12}", &ctx, &mut rng);
        assert!(uid.len() == 12 && !uid.starts_with('0'));
        assert_eq!(render("{uuid}", &ctx, &mut rng).len(), 36);
    }
}
