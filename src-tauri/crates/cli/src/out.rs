//! Standard output and error for a command whose reader may go away:
//! `cloudlens budget list | head -1` closes the pipe after one line, and the
//! command then stops quietly (exit 0), as Unix tools do, instead of
//! panicking or reporting an error nobody asked about. Every print goes
//! through these macros or [`stdout`]; other write errors on standard output
//! (a full disk) end the command with the error.

use std::fmt;
use std::io::{self, Write};

/// Standard output, ending the process quietly once the reader has gone.
pub struct Stdout(io::StdoutLock<'static>);

pub fn stdout() -> Stdout {
    Stdout(io::stdout().lock())
}

fn reader_gone<T>(result: io::Result<T>) -> io::Result<T> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => std::process::exit(0),
        other => other,
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        reader_gone(self.0.write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        reader_gone(self.0.flush())
    }
}

pub fn print(args: fmt::Arguments<'_>) {
    if let Err(e) = stdout().write_fmt(args) {
        let _ = writeln!(io::stderr(), "error: standard output: {e}");
        std::process::exit(1);
    }
}

/// Messages on standard error; a closed or broken standard error is not a
/// reason to stop the work they describe.
pub fn print_err(args: fmt::Arguments<'_>) {
    let _ = io::stderr().write_fmt(args);
}

macro_rules! outln {
    () => { $crate::out::print(format_args!("\n")) };
    ($($t:tt)*) => { $crate::out::print(format_args!("{}\n", format_args!($($t)*))) };
}

macro_rules! errln {
    () => { $crate::out::print_err(format_args!("\n")) };
    ($($t:tt)*) => { $crate::out::print_err(format_args!("{}\n", format_args!($($t)*))) };
}

macro_rules! err {
    ($($t:tt)*) => { $crate::out::print_err(format_args!($($t)*)) };
}
