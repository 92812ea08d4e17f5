//! The pack file: a tar archive (POSIX/GNU, readable by any `tar`), whole
//! or encrypted with age under a passphrase (scrypt recipient, readable by
//! the `age` tool). Members are hashed with SHA-256 as they are written and
//! as they are read, in one streaming pass, so a pack of any size is checked
//! in constant memory.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use sha2::{Digest, Sha256};

use crate::manifest::MemberDigest;

const AGE_MAGIC: &[u8] = b"age-encryption.org/v1";

/// A pack being written.
pub(crate) struct PackWriter {
    builder: tar::Builder<Output>,
    mtime: u64,
    pub digests: Vec<MemberDigest>,
}

enum Output {
    Plain(BufWriter<File>),
    Encrypted(age::stream::StreamWriter<BufWriter<File>>),
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Plain(w) => w.write(buf),
            Output::Encrypted(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Plain(w) => w.flush(),
            Output::Encrypted(w) => w.flush(),
        }
    }
}

/// Counts and hashes what passes through.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

impl PackWriter {
    pub fn create(file: File, passphrase: Option<&str>, mtime: i64) -> io::Result<Self> {
        let out = BufWriter::with_capacity(1 << 20, file);
        let output = match passphrase {
            None => Output::Plain(out),
            Some(p) => {
                let encryptor =
                    age::Encryptor::with_user_passphrase(SecretString::from(p.to_string()));
                Output::Encrypted(encryptor.wrap_output(out)?)
            }
        };
        let mut builder = tar::Builder::new(output);
        builder.mode(tar::HeaderMode::Deterministic);
        Ok(Self {
            builder,
            mtime: mtime.max(0) as u64,
            digests: Vec::new(),
        })
    }

    /// Appends a member of `size` bytes from `data` and returns its digest.
    pub fn add(&mut self, name: &str, size: u64, data: impl Read) -> io::Result<MemberDigest> {
        let mut header = tar::Header::new_gnu();
        header.set_size(size);
        header.set_mode(0o644);
        header.set_mtime(self.mtime);
        header.set_entry_type(tar::EntryType::Regular);
        let mut reader = Hashing {
            inner: data.take(size),
            hasher: Sha256::new(),
            bytes: 0,
        };
        self.builder.append_data(&mut header, name, &mut reader)?;
        if reader.bytes != size {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("{name} changed size while it was packed"),
            ));
        }
        Ok(MemberDigest {
            name: name.to_string(),
            bytes: size,
            sha256: hex::encode(reader.hasher.finalize()),
        })
    }

    /// Appends a member and lists it for the manifest.
    pub fn add_listed(&mut self, name: &str, size: u64, data: impl Read) -> io::Result<()> {
        let digest = self.add(name, size, data)?;
        self.digests.push(digest);
        Ok(())
    }

    pub fn add_bytes(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        self.add_listed(name, bytes.len() as u64, bytes)
    }

    /// Ends the archive (and the encryption) and flushes it to the file.
    pub fn finish(self) -> io::Result<File> {
        let out = match self.builder.into_inner()? {
            Output::Plain(w) => w,
            Output::Encrypted(w) => w.finish()?,
        };
        out.into_inner().map_err(|e| e.into_error())
    }
}

/// A member as read back.
pub(crate) struct ReadMember {
    pub name: String,
    pub digest: MemberDigest,
    /// The content, for members read into memory.
    pub content: Option<Vec<u8>>,
    /// Where the content was written, for members extracted to files.
    pub file: Option<PathBuf>,
}

/// What to keep of a member while it is hashed.
pub(crate) enum Keep {
    Nothing,
    Memory,
    File(PathBuf),
}

/// Why a pack could not be read through.
pub(crate) enum ReadFailure {
    NeedsPassphrase,
    WrongPassphrase,
    /// The archive or its encryption is damaged; `member` is the one being
    /// read when it broke, if any.
    Damaged {
        member: Option<String>,
        message: String,
    },
    NotRegular(String),
    Io(io::Error),
}

pub(crate) fn is_encrypted(path: &Path) -> io::Result<bool> {
    let mut head = [0u8; 21];
    let mut file = File::open(path)?;
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..])? {
            0 => break,
            n => read += n,
        }
    }
    Ok(&head[..read] == AGE_MAGIC)
}

/// Reads every member in one pass, hashing each and keeping what `keep` asks.
pub(crate) fn read_members(
    path: &Path,
    passphrase: Option<&str>,
    keep: impl Fn(&str, usize) -> Keep,
) -> Result<Vec<ReadMember>, ReadFailure> {
    let encrypted = is_encrypted(path).map_err(ReadFailure::Io)?;
    let file = BufReader::with_capacity(1 << 20, File::open(path).map_err(ReadFailure::Io)?);
    let input: Box<dyn Read> = if encrypted {
        let Some(p) = passphrase else {
            return Err(ReadFailure::NeedsPassphrase);
        };
        let decryptor = age::Decryptor::new_buffered(file).map_err(|e| ReadFailure::Damaged {
            member: None,
            message: format!("the encryption header is damaged: {e}"),
        })?;
        let identity = age::scrypt::Identity::new(SecretString::from(p.to_string()));
        match decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)) {
            Ok(r) => Box::new(r),
            Err(age::DecryptError::NoMatchingKeys | age::DecryptError::DecryptionFailed) => {
                return Err(ReadFailure::WrongPassphrase)
            }
            Err(e) => {
                return Err(ReadFailure::Damaged {
                    member: None,
                    message: e.to_string(),
                })
            }
        }
    } else {
        Box::new(file)
    };
    let mut archive = tar::Archive::new(input);
    // Members appended after the end-of-archive blocks are read too, so
    // none can hide there.
    archive.set_ignore_zeros(true);
    let damaged = |member: Option<&str>| {
        let member = member.map(str::to_string);
        move |e: io::Error| ReadFailure::Damaged {
            member: member.clone(),
            message: e.to_string(),
        }
    };
    let mut out = Vec::new();
    for entry in archive.entries().map_err(damaged(None))? {
        let last = out.last().map(|m: &ReadMember| m.name.clone());
        let entry = entry.map_err(damaged(last.as_deref()))?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(ReadFailure::NotRegular(name));
        }
        let size = entry.size();
        let mut reader = Hashing {
            inner: entry,
            hasher: Sha256::new(),
            bytes: 0,
        };
        let (content, file) = match keep(&name, out.len()) {
            Keep::Nothing => {
                io::copy(&mut reader, &mut io::sink()).map_err(damaged(Some(&name)))?;
                (None, None)
            }
            Keep::Memory => {
                let mut buf = Vec::with_capacity(size.min(1 << 24) as usize);
                reader.read_to_end(&mut buf).map_err(damaged(Some(&name)))?;
                (Some(buf), None)
            }
            Keep::File(path) => {
                let mut f = BufWriter::new(File::create(&path).map_err(ReadFailure::Io)?);
                io::copy(&mut reader, &mut f).map_err(damaged(Some(&name)))?;
                f.flush().map_err(ReadFailure::Io)?;
                (None, Some(path))
            }
        };
        out.push(ReadMember {
            digest: MemberDigest {
                name: name.clone(),
                bytes: reader.bytes,
                sha256: hex::encode(reader.hasher.finalize()),
            },
            name,
            content,
            file,
        });
    }
    Ok(out)
}
