//! The canonical cost-line model, aligned with FOCUS 1.2. Every source (demo,
//! bill files, provider sync) produces these types; nothing here knows about
//! storage, the UI or any one provider.

mod currency;
mod day_zone;
mod dims;
mod enums;
mod line;
mod time;

pub use currency::{alias_note, currency, is_iso_currency, Currency, CURRENCY_EXPECTED};
pub use day_zone::{DayZone, UnknownZone};
pub use dims::{LineDims, Tags};
pub use enums::{ChargeCategory, ChargeClass, ChargeFrequency, ParseEnumError, PricingCategory};
pub use line::{CostLine, Provenance};
pub use time::{day_start, month_start, next_month, utc_day, Timestamp};

pub use rust_decimal::Decimal;
