//! Walking a chain and naming the first entry that was edited, removed,
//! inserted or reordered. Pure: it works on the rows of a store and on the
//! log carried in an audit pack alike.
//!
//! Each row is first identified on its own: its signature must hold under a
//! trusted key, and its hash must match its content at its stored position
//! (or at the position its neighbours in the chain give it, which is how a
//! moved entry is recognised). Then the rows are walked in stored order
//! against the positions they should have.

use std::collections::{HashMap, HashSet};

use super::chain::{ChainEntry, SignedHead, GENESIS};
use super::key::AuditPublicKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    Edited,
    Removed,
    Inserted,
    Reordered,
    /// The signed head is missing, does not verify, or does not match the log.
    Head,
    /// Every entry is signed, but by a key that is not trusted.
    WrongKey,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainProblem {
    pub kind: ProblemKind,
    /// The entry named: its position in the log as it should be.
    pub seq: u64,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadStatus {
    /// No entries and no head: an empty log.
    Empty,
    Missing,
    /// Signed by a trusted key.
    Valid {
        seq: u64,
        signer: AuditPublicKey,
    },
    /// The signature holds but the signer is not a trusted key.
    Untrusted {
        signer: AuditPublicKey,
    },
    BadSignature,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    pub entries: u64,
    /// Each key whose signatures hold, with how many entries it signed.
    pub signers: Vec<(AuditPublicKey, u64)>,
    pub head: HeadStatus,
    pub problem: Option<ChainProblem>,
}

impl ChainReport {
    pub fn is_intact(&self) -> bool {
        self.problem.is_none()
    }
}

/// What a row turned out to be on its own.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ident {
    /// Signed by a trusted key and hashed at this (true) position.
    Genuine(u64),
    /// Signed by a trusted key, but its content no longer gives its hash.
    Edited,
    /// Its signature does not hold under a trusted key.
    Unsigned,
}

/// Checks `entries` (in stored order) and the signed `head` against the
/// `trusted` keys.
pub fn verify_chain(
    entries: &[ChainEntry],
    head: Option<&SignedHead>,
    trusted: &[AuditPublicKey],
) -> ChainReport {
    let signed: Vec<bool> = entries.iter().map(|e| e.signature_holds()).collect();
    let idents = identify(entries, &signed, trusted, head);
    let mut signers: HashMap<AuditPublicKey, u64> = HashMap::new();
    for (e, ok) in entries.iter().zip(&signed) {
        if *ok {
            *signers.entry(e.signer).or_default() += 1;
        }
    }
    let mut signers: Vec<_> = signers.into_iter().collect();
    signers.sort();
    let head_status = match head {
        None if entries.is_empty() => HeadStatus::Empty,
        None => HeadStatus::Missing,
        Some(h) if !h.signature_holds() => HeadStatus::BadSignature,
        Some(h) if !trusted.contains(&h.signer) => HeadStatus::Untrusted { signer: h.signer },
        Some(h) => HeadStatus::Valid {
            seq: h.seq,
            signer: h.signer,
        },
    };
    let foreign = entries
        .iter()
        .zip(&signed)
        .all(|(e, ok)| *ok && !trusted.contains(&e.signer));
    let problem = if foreign && !entries.is_empty() {
        let keys: Vec<String> = trusted.iter().map(|k| k.to_string()).collect();
        problem(
            ProblemKind::WrongKey,
            entries[0].seq,
            format!(
                "the log is signed by key {}, not by the expected key {}",
                entries[0].signer,
                if keys.is_empty() {
                    "(none given)".to_string()
                } else {
                    keys.join(" or ")
                }
            ),
        )
    } else {
        walk(entries, &idents, head).or_else(|| head_problem(entries, &idents, head, &head_status))
    };
    ChainReport {
        entries: entries.len() as u64,
        signers,
        head: head_status,
        problem,
    }
}

fn identify(
    entries: &[ChainEntry],
    signed: &[bool],
    trusted: &[AuditPublicKey],
    head: Option<&SignedHead>,
) -> Vec<Ident> {
    let genuine = |i: usize| signed[i] && trusted.contains(&entries[i].signer);
    let mut by_hash: HashMap<[u8; 32], usize> = HashMap::new();
    let mut by_prev: HashMap<[u8; 32], usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate().filter(|(i, _)| genuine(*i)) {
        by_hash.insert(e.hash, i);
        by_prev.insert(e.prev_hash, i);
    }
    let mut idents: Vec<Ident> = (0..entries.len())
        .map(|i| match genuine(i) {
            false => Ident::Unsigned,
            true if entries[i].hash_at(entries[i].seq) == entries[i].hash => {
                Ident::Genuine(entries[i].seq)
            }
            // Settled below once its neighbours are known.
            true => Ident::Edited,
        })
        .collect();
    // A moved entry keeps its links: its true position follows its
    // predecessor's and precedes its successor's. Known positions spread
    // along the links, each row looked at again only when a neighbour settles.
    let mut queue: Vec<usize> = (0..entries.len())
        .filter(|&i| matches!(idents[i], Ident::Genuine(_)))
        .collect();
    // The ends of the chain are known positions too: the first entry links
    // to nothing, and the signed head names the last one.
    let first = entries
        .iter()
        .position(|e| e.prev_hash == GENESIS)
        .map(|i| (i, 1));
    let last = head
        .filter(|h| h.signature_holds())
        .and_then(|h| by_hash.get(&h.hash).map(|&i| (i, h.seq)));
    for (i, t) in [first, last].into_iter().flatten() {
        if idents[i] == Ident::Edited && entries[i].hash_at(t) == entries[i].hash {
            idents[i] = Ident::Genuine(t);
            queue.push(i);
        }
    }
    while let Some(i) = queue.pop() {
        let Ident::Genuine(t) = idents[i] else {
            continue;
        };
        let neighbours = [
            by_prev.get(&entries[i].hash).map(|&s| (s, t + 1)),
            by_hash
                .get(&entries[i].prev_hash)
                .map(|&q| (q, t.saturating_sub(1))),
        ];
        for (j, c) in neighbours.into_iter().flatten() {
            if idents[j] == Ident::Edited && c > 0 && entries[j].hash_at(c) == entries[j].hash {
                idents[j] = Ident::Genuine(c);
                queue.push(j);
            }
        }
    }
    idents
}

/// `#3 (2026-01-05T10:00:00Z, alice, exchange_rate.set USD/CNY 2026-01-01)`.
pub fn label(seq: u64, e: &ChainEntry) -> String {
    let at = chrono::DateTime::from_timestamp(e.at, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| e.at.to_string());
    format!("#{seq} ({at}, {}, {} {})", e.os_user, e.action, e.object)
}

fn problem(kind: ProblemKind, seq: u64, message: String) -> Option<ChainProblem> {
    Some(ChainProblem { kind, seq, message })
}

fn walk(
    entries: &[ChainEntry],
    idents: &[Ident],
    head: Option<&SignedHead>,
) -> Option<ChainProblem> {
    let mut expected = 1u64;
    let mut expected_prev = GENESIS;
    let mut seen: HashSet<u64> = HashSet::new();
    for (i, e) in entries.iter().enumerate() {
        match idents[i] {
            Ident::Edited => {
                return problem(
                    ProblemKind::Edited,
                    e.seq,
                    format!(
                        "entry {} was edited: its content no longer matches its signed hash",
                        label(e.seq, e)
                    ),
                );
            }
            Ident::Unsigned => {
                let next = idents[i + 1..].iter().find_map(|id| match id {
                    Ident::Genuine(t) => Some(*t),
                    _ => None,
                });
                // Inserted when the genuine entry due here still follows (or
                // the signed head ends before this row); edited when it does not.
                let slot_kept = match next {
                    Some(t) => t == expected,
                    None => head.is_some_and(|h| h.seq < expected),
                };
                let why = if e.signature_holds() {
                    format!("it is signed by key {}, which is not trusted", e.signer)
                } else {
                    "its signature does not verify".to_string()
                };
                return if slot_kept {
                    problem(
                        ProblemKind::Inserted,
                        e.seq,
                        format!("entry {} was inserted: {why}", label(e.seq, e)),
                    )
                } else {
                    problem(
                        ProblemKind::Edited,
                        expected,
                        format!(
                            "entry {} was edited and re-hashed: {why}",
                            label(expected, e)
                        ),
                    )
                };
            }
            Ident::Genuine(t) if t == expected => {
                if e.prev_hash != expected_prev || e.seq != t {
                    return problem(
                        ProblemKind::Edited,
                        t,
                        format!(
                            "entry {} was edited: it does not link to the entry before it",
                            label(t, e)
                        ),
                    );
                }
                seen.insert(t);
                expected += 1;
                expected_prev = e.hash;
            }
            Ident::Genuine(t) if t > expected => {
                let due_later = entries
                    .iter()
                    .zip(idents)
                    .skip(i + 1)
                    .any(|(_, id)| *id == Ident::Genuine(expected));
                return if due_later {
                    problem(
                        ProblemKind::Reordered,
                        t,
                        format!(
                            "entry {} was reordered: it is stored before entry #{expected}",
                            label(t, e)
                        ),
                    )
                } else {
                    let missing = if t - expected == 1 {
                        format!("entry #{expected} was removed")
                    } else {
                        format!("entries #{expected} to #{} were removed", t - 1)
                    };
                    problem(
                        ProblemKind::Removed,
                        expected,
                        format!("{missing}: entry {} follows #{}", label(t, e), expected - 1),
                    )
                };
            }
            Ident::Genuine(t) => {
                let kind = if seen.contains(&t) {
                    ProblemKind::Inserted
                } else {
                    ProblemKind::Reordered
                };
                let what = if kind == ProblemKind::Inserted {
                    "a copy of it was inserted"
                } else {
                    "it was reordered"
                };
                return problem(
                    kind,
                    t,
                    format!(
                        "entry {} appears again at position #{}: {what}",
                        label(t, e),
                        e.seq
                    ),
                );
            }
        }
    }
    None
}

fn head_problem(
    entries: &[ChainEntry],
    idents: &[Ident],
    head: Option<&SignedHead>,
    status: &HeadStatus,
) -> Option<ChainProblem> {
    let last = entries.last().zip(idents.last());
    let last_seq = match last {
        Some((_, Ident::Genuine(t))) => *t,
        _ => 0,
    };
    match (status, head) {
        (HeadStatus::Empty, _) => None,
        (HeadStatus::Missing, _) => problem(
            ProblemKind::Head,
            last_seq + 1,
            format!(
                "the log has no signed head: entries after #{last_seq} may have been removed"
            ),
        ),
        (HeadStatus::BadSignature, _) => problem(
            ProblemKind::Head,
            last_seq,
            "the signature of the log's head does not verify".to_string(),
        ),
        (HeadStatus::Untrusted { signer }, _) => problem(
            ProblemKind::Head,
            last_seq,
            format!("the log's head is signed by key {signer}, which is not trusted"),
        ),
        (HeadStatus::Valid { .. }, Some(h)) if h.seq > last_seq => {
            let missing = if h.seq - last_seq == 1 {
                format!("entry #{} was removed", h.seq)
            } else {
                format!("entries #{} to #{} were removed", last_seq + 1, h.seq)
            };
            problem(
                ProblemKind::Removed,
                last_seq + 1,
                format!("{missing}: the signed head ends at #{}", h.seq),
            )
        }
        (HeadStatus::Valid { .. }, Some(h)) if h.seq < last_seq => problem(
            ProblemKind::Head,
            h.seq + 1,
            format!(
                "the signed head ends at #{} but the log goes on to #{last_seq}: the head was replaced by an older one",
                h.seq
            ),
        ),
        (HeadStatus::Valid { .. }, Some(h)) if last.is_some_and(|(e, _)| e.hash != h.hash) => {
            problem(
                ProblemKind::Head,
                h.seq,
                format!("the signed head does not match entry #{}", h.seq),
            )
        }
        _ => None,
    }
}
