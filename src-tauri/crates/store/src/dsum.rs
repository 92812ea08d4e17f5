//! `dsum(nanos)`: an exact SQL aggregate over nano-unit integers. SQLite's own
//! `sum` stops at i64; this accumulates in i128 and returns the decimal as
//! text, so no total can overflow or pass through a float.

use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use rusqlite::Connection;

use crate::money::from_nanos;

struct DSum;

impl Aggregate<i128, Option<String>> for DSum {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<i128> {
        Ok(0)
    }

    fn step(&self, ctx: &mut Context<'_>, acc: &mut i128) -> rusqlite::Result<()> {
        let v: Option<i64> = ctx.get(0)?;
        *acc += i128::from(v.unwrap_or(0));
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, acc: Option<i128>) -> rusqlite::Result<Option<String>> {
        Ok(Some(from_nanos(acc.unwrap_or(0)).to_string()))
    }
}

pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_aggregate_function(
        "dsum",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        DSum,
    )
}
