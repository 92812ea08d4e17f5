//! The exchange-rate table's commands (see `crate::commands` for the table's form).

use crate::{AmountOn, ConvertedAmounts, ExchangeRate, RateImportResult};

#[macro_export]
#[doc(hidden)]
macro_rules! currency_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* currency {
        fn exchange_rates() -> Vec<ExchangeRate> => store |cl| cl.exchange_rates();
        /// Adds or replaces the rate for (date, from, to); a currency written as
        /// an alias (RMB) is stored as its ISO code and noted in the answer.
        fn set_exchange_rate(rate: ExchangeRate) -> Vec<String> => change |cl| cl.set_exchange_rate(&rate);
        fn remove_exchange_rate(rate: ExchangeRate) -> () => change |cl| cl.remove_exchange_rate(&rate);
        /// Imports `date,from,to,rate` rows from a CSV file; a bad row changes nothing.
        fn import_exchange_rates(path: String) -> RateImportResult
            => change |cl| cl.import_exchange_rates(&path);
        /// Each amount in `to` at the rate of its own day (budgets and
        /// anomalies shown in the display currency).
        fn convert_amounts(amounts: Vec<AmountOn>, to: String) -> ConvertedAmounts
            => store |cl| cl.convert_amounts(&amounts, &to);
    } } };
}

crate::currency_commands!([crate::commands::session_methods]);
