//! Everything about a line that can be computed without the database, so a
//! source can prepare lines on one thread while another writes them.

use std::io::Write;

use cloudlens_model::{CostLine, Decimal};
use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::ToSql;

use crate::money::to_nanos;
use crate::StoreError;

/// An optional exact decimal as stored: its normalized decimal text, held
/// inline so preparing and dropping a line allocates nothing. Quantities and
/// unit prices are not summed as money and their range (bytes, requests)
/// exceeds nano-units; text is also the most compact form here.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StoredDecimal {
    len: u8,
    text: [u8; 40],
}

impl StoredDecimal {
    fn new(v: Option<Decimal>) -> Self {
        let mut out = StoredDecimal {
            len: 0,
            text: [0; 40],
        };
        if let Some(d) = v {
            let mut cursor = std::io::Cursor::new(&mut out.text[..]);
            // A Decimal prints in at most 31 bytes, so this always fits.
            if write!(cursor, "{}", d.normalize()).is_ok() {
                out.len = cursor.position() as u8;
            }
        }
        out
    }

    fn as_str(&self) -> Option<&str> {
        if self.len == 0 {
            return None;
        }
        std::str::from_utf8(&self.text[..usize::from(self.len)]).ok()
    }
}

impl ToSql for StoredDecimal {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.as_str() {
            Some(s) => ToSqlOutput::Borrowed(s.into()),
            None => ToSqlOutput::Owned(Value::Null),
        })
    }
}

/// A line checked and converted for storage.
#[derive(Debug, Clone)]
pub struct PreparedLine {
    pub(crate) line: CostLine,
    pub(crate) charge_secs: i64,
    /// Billed, effective, list, contracted.
    pub(crate) costs: [i64; 4],
    /// Pricing quantity, consumed quantity, list unit price, contracted unit
    /// price, commitment discount quantity.
    pub(crate) decimals: [StoredDecimal; 5],
}

impl PreparedLine {
    pub fn new(line: CostLine) -> Result<Self, StoreError> {
        let charge_secs = line.charge_period_end - line.charge_period_start;
        if charge_secs <= 0 {
            return Err(StoreError::BadPeriod {
                row: line.provenance.source_row,
                start: line.charge_period_start,
                end: line.charge_period_end,
            });
        }
        let costs = [
            to_nanos("BilledCost", line.billed_cost)?,
            to_nanos("EffectiveCost", line.effective_cost)?,
            to_nanos("ListCost", line.list_cost)?,
            to_nanos("ContractedCost", line.contracted_cost)?,
        ];
        let decimals = [
            StoredDecimal::new(line.pricing_quantity),
            StoredDecimal::new(line.consumed_quantity),
            StoredDecimal::new(line.list_unit_price),
            StoredDecimal::new(line.contracted_unit_price),
            StoredDecimal::new(line.commitment_discount_quantity),
        ];
        Ok(Self {
            line,
            charge_secs,
            costs,
            decimals,
        })
    }

    pub fn line(&self) -> &CostLine {
        &self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn decimals_keep_their_exact_normalized_text() {
        let d = |s: &str| StoredDecimal::new(Some(Decimal::from_str(s).unwrap()));
        assert_eq!(d("24.000").as_str(), Some("24"));
        assert_eq!(d("0.0000000001").as_str(), Some("0.0000000001"));
        assert_eq!(
            d("-79228162514264337593543950335").as_str(),
            Some("-79228162514264337593543950335")
        );
        assert_eq!(
            d("-0.0000000000000000000000000001").as_str(),
            Some("-0.0000000000000000000000000001")
        );
        assert_eq!(StoredDecimal::new(None).as_str(), None);
    }
}
