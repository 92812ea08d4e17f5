//! Budgets as commands (see `crate::commands` for the table's form). The
//! methods written by hand are in `budgets::session`: saving a budget
//! evaluates alerts right after.

use crate::budgets::spec::default_thresholds;
use crate::{
    BudgetCopyItem, BudgetCopyRequest, BudgetDetail, BudgetSpec, BudgetThreshold, BudgetView,
    Locale,
};

#[macro_export]
#[doc(hidden)]
macro_rules! budgets_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* budgets {
        /// Every budget with its current period's figures, as of today.
        fn budgets(locale: Locale) -> Vec<BudgetView>
            => session |s| s.with_ready(|cl| cl.budgets(s.today(), locale));
        /// One budget with its burn chart and past periods.
        fn budget(name: String, locale: Locale) -> BudgetDetail
            => session |s| s.with_ready(|cl| cl.budget(&name, s.today(), locale));
        /// Checks and saves a new budget, then evaluates alerts.
        fn add_budget(spec: BudgetSpec, locale: Locale) -> BudgetView => change;
        /// Replaces a budget's definition (a new revision), then evaluates alerts.
        fn update_budget(id: i64, spec: BudgetSpec, locale: Locale) -> BudgetView => change;
        fn remove_budget(name: String) -> () => change |cl| cl.remove_budget(&name);
        /// One budget per value of a dimension; `save` false only previews.
        fn copy_budgets(request: BudgetCopyRequest, save: bool) -> Vec<BudgetCopyItem>;
        /// Actual 80% and 100%, forecast 100%.
        fn default_budget_thresholds() -> Vec<BudgetThreshold>
            => session |_| Ok(default_thresholds());
    } } };
}

crate::budgets_commands!([crate::commands::session_methods]);
