//! What a package says about itself: its kind, name, version and
//! architecture, read from a `.deb`'s control file or an `.rpm`'s header.
//! Only called on bytes whose signature has verified.

use std::io::Read;
use std::path::Path;

use crate::UpdateError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageKind {
    Deb,
    Rpm,
}

impl PackageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PackageKind::Deb => "deb",
            PackageKind::Rpm => "rpm",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageInfo {
    pub kind: PackageKind,
    pub name: String,
    pub version: String,
    pub arch: String,
}

/// Reads the package in `bytes` (from `path`, for messages).
pub fn inspect(bytes: &[u8], path: &Path) -> Result<PackageInfo, UpdateError> {
    let not = |reason: &str| UpdateError::NotAPackage {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if bytes.starts_with(b"!<arch>\n") {
        deb(bytes).map_err(|r| not(&r))
    } else if bytes.starts_with(&[0xED, 0xAB, 0xEE, 0xDB]) {
        rpm(bytes).map_err(|r| not(&r))
    } else {
        Err(not("it is neither a .deb nor an .rpm package"))
    }
}

/// A `.deb` is an `ar` archive whose `control.tar[.gz]` member holds the
/// `control` file.
fn deb(bytes: &[u8]) -> Result<PackageInfo, String> {
    let mut at = 8;
    while at + 60 <= bytes.len() {
        let header = &bytes[at..at + 60];
        let name = String::from_utf8_lossy(&header[..16])
            .trim()
            .trim_end_matches('/')
            .to_string();
        let size: usize = String::from_utf8_lossy(&header[48..58])
            .trim()
            .parse()
            .map_err(|_| format!("a damaged archive member header at byte {at}"))?;
        let start = at + 60;
        let body = bytes
            .get(start..start + size)
            .ok_or_else(|| format!("the archive member {name} is cut short"))?;
        if name.starts_with("control.tar") {
            let tar: Box<dyn Read> = match name.as_str() {
                "control.tar" => Box::new(body),
                "control.tar.gz" => Box::new(flate2::read::GzDecoder::new(body)),
                other => {
                    return Err(format!(
                        "its {other} is compressed in a way CloudLens does not read"
                    ))
                }
            };
            let control = control_file(tar)?;
            return debian_fields(&control);
        }
        // Members are padded to an even length.
        at = start + size + (size % 2);
    }
    Err("it has no control.tar member".into())
}

fn control_file(tar: impl Read) -> Result<String, String> {
    let mut archive = tar::Archive::new(tar);
    let entries = archive
        .entries()
        .map_err(|e| format!("its control archive: {e}"))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("its control archive: {e}"))?;
        let is_control = entry
            .path()
            .map(|p| p.file_name().is_some_and(|n| n == "control"))
            .unwrap_or(false);
        if is_control {
            let mut text = String::new();
            entry
                .read_to_string(&mut text)
                .map_err(|e| format!("its control file: {e}"))?;
            return Ok(text);
        }
    }
    Err("its control archive has no control file".into())
}

fn debian_fields(control: &str) -> Result<PackageInfo, String> {
    let field = |name: &str| {
        control.lines().find_map(|l| {
            l.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix(':'))
                .map(|v| v.trim().to_string())
        })
    };
    Ok(PackageInfo {
        kind: PackageKind::Deb,
        name: field("Package").ok_or("its control file has no Package field")?,
        version: field("Version").ok_or("its control file has no Version field")?,
        arch: field("Architecture").unwrap_or_default(),
    })
}

/// An `.rpm` is a 96-byte lead, a signature header (padded to 8 bytes),
/// then the main header, whose string tags hold name, version and arch.
fn rpm(bytes: &[u8]) -> Result<PackageInfo, String> {
    let sig_end = header_end(bytes, 96)?;
    let main = sig_end + (8 - sig_end % 8) % 8;
    let tag = |wanted: u32| header_string(bytes, main, wanted);
    Ok(PackageInfo {
        kind: PackageKind::Rpm,
        name: tag(1000)?.ok_or("its header has no name")?,
        version: tag(1001)?.ok_or("its header has no version")?,
        arch: tag(1022)?.unwrap_or_default(),
    })
}

fn be32(bytes: &[u8], at: usize) -> Result<u32, String> {
    bytes
        .get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or_else(|| "its header is cut short".to_string())
}

/// (index entries, data size) of the header at `at`, after its magic.
fn header_counts(bytes: &[u8], at: usize) -> Result<(usize, usize), String> {
    if bytes.get(at..at + 3) != Some(&[0x8E, 0xAD, 0xE8]) {
        return Err(format!("no header where one belongs (byte {at})"));
    }
    Ok((
        be32(bytes, at + 8)? as usize,
        be32(bytes, at + 12)? as usize,
    ))
}

fn header_end(bytes: &[u8], at: usize) -> Result<usize, String> {
    let (entries, data) = header_counts(bytes, at)?;
    Ok(at + 16 + entries * 16 + data)
}

/// The value of string tag `wanted` in the header at `at`.
fn header_string(bytes: &[u8], at: usize, wanted: u32) -> Result<Option<String>, String> {
    let (entries, data_len) = header_counts(bytes, at)?;
    let data = at + 16 + entries * 16;
    for i in 0..entries {
        let entry = at + 16 + i * 16;
        if be32(bytes, entry)? != wanted {
            continue;
        }
        let offset = be32(bytes, entry + 8)? as usize;
        let store = bytes
            .get(data..data + data_len)
            .ok_or("its header data is cut short")?;
        let text = store
            .get(offset..)
            .ok_or("a header tag points outside its data")?;
        let end = text.iter().position(|b| *b == 0).unwrap_or(text.len());
        return Ok(Some(String::from_utf8_lossy(&text[..end]).into_owned()));
    }
    Ok(None)
}
