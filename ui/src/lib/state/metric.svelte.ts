// The cost metric shown everywhere. Effective (amortized) cost is the default:
// it is what FinOps practice compares month to month. Not persisted on purpose:
// every session starts on the same, documented default.

import type { CostMetric } from "../backend";

export const DEFAULT_METRIC: CostMetric = "effective";

class MetricState {
  current = $state<CostMetric>(DEFAULT_METRIC);

  set(next: CostMetric): void {
    this.current = next;
  }

  reset(): void {
    this.current = DEFAULT_METRIC;
  }
}

export const metric = new MetricState();
