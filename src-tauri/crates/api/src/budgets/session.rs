//! Budget commands that do more than forward: saving a budget evaluates
//! alerts in the background, so a budget made over its threshold tells at
//! once.

use crate::{ApiError, BudgetCopyItem, BudgetCopyRequest, BudgetSpec, BudgetView, Locale, Session};

impl Session {
    pub fn add_budget(&self, spec: BudgetSpec, locale: Locale) -> Result<BudgetView, ApiError> {
        let now = self.now();
        let view = self.with_writable(|cl| {
            cl.add_budget(&spec, now)?;
            let (rec, spec) = cl.budget_record(spec.name.trim())?;
            let f = cl.budget_figures(&spec, self.today(), false, locale)?;
            cl.budget_view(&rec, spec, &f)
        })?;
        self.evaluate_alerts_soon();
        Ok(view)
    }

    pub fn update_budget(
        &self,
        id: i64,
        spec: BudgetSpec,
        locale: Locale,
    ) -> Result<BudgetView, ApiError> {
        let now = self.now();
        let view = self.with_writable(|cl| {
            cl.update_budget(id, &spec, now)?;
            let (rec, spec) = cl.budget_record(spec.name.trim())?;
            let f = cl.budget_figures(&spec, self.today(), false, locale)?;
            cl.budget_view(&rec, spec, &f)
        })?;
        self.evaluate_alerts_soon();
        Ok(view)
    }

    pub fn copy_budgets(
        &self,
        request: BudgetCopyRequest,
        save: bool,
    ) -> Result<Vec<BudgetCopyItem>, ApiError> {
        let now = self.now();
        let items = self.with_ready(|cl| cl.copy_budgets(&request, self.today(), save, now))?;
        if save {
            self.evaluate_alerts_soon();
        }
        Ok(items)
    }
}
