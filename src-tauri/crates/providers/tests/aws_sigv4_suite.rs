//! Every case of the AWS SigV4 test suite (copied beside this file with its
//! provenance): the raw request in `.req` signed by the client's signer must
//! give the suite's canonical request, string to sign and Authorization.

use std::path::{Path, PathBuf};

use cloudlens_providers::aws::signing::{parse_query, sign, Keys, SignInput};
use sha2::{Digest, Sha256};

const KEY_ID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

struct RawRequest {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// A `.req` file: request line, headers (a line starting with white space
/// continues the previous header's value as another value), blank line, body.
fn parse(text: &str) -> RawRequest {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let first = lines.next().unwrap_or_default();
    let first = first.strip_suffix(" HTTP/1.1").unwrap_or(first);
    let (method, target) = first.split_once(' ').unwrap_or((first, "/"));
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with(char::is_whitespace) {
            if let Some((name, _)) = headers.last().cloned() {
                headers.push((name, line.trim().to_string()));
            }
            continue;
        }
        let (k, v) = line.split_once(':').unwrap_or((line, ""));
        headers.push((k.to_string(), v.to_string()));
    }
    RawRequest {
        method: method.to_string(),
        path: path.to_string(),
        query: parse_query(query),
        headers,
        body: body.as_bytes().to_vec(),
    }
}

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            cases(&p, out);
        } else if p.extension().is_some_and(|e| e == "req") {
            out.push(p);
        }
    }
}

fn read(req: &Path, ext: &str) -> String {
    let p = req.with_extension(ext);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn every_case_of_the_suite_signs_as_expected() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/aws-sig-v4-test-suite");
    let mut all = Vec::new();
    cases(&root, &mut all);
    assert_eq!(all.len(), 31, "the suite has 31 cases");
    for case in &all {
        let name = case.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        let r = parse(&read(case, "req"));
        let payload = hex::encode(Sha256::digest(&r.body));
        let date = r
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-date"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let signed = sign(
            &SignInput {
                method: &r.method,
                path: &r.path,
                query: &r.query,
                headers: &r.headers,
                payload_sha256: &payload,
                amz_date: &date,
                region: "us-east-1",
                service: "service",
                normalize_path: true,
            },
            &Keys {
                access_key_id: KEY_ID,
                secret_access_key: SECRET,
            },
        );
        assert_eq!(
            signed.canonical_request,
            read(case, "creq"),
            "{name}: canonical request"
        );
        assert_eq!(
            signed.string_to_sign,
            read(case, "sts"),
            "{name}: string to sign"
        );
        assert_eq!(
            signed.authorization,
            read(case, "authz"),
            "{name}: Authorization"
        );
    }
}
