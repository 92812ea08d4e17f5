// The explore types the showback uses, taken from the allocation gateway's own
// signatures (backend.ts re-exports them once, in the Explorer's block).

import type { allocationBackend } from "../backend";

export type ExploreQuery = Parameters<typeof allocationBackend.explore>[0];
export type ExploreResult = Awaited<ReturnType<typeof allocationBackend.explore>>;
export type ExploreGroupTotal = ExploreResult["totals"][number];
export type TableFormat = Parameters<typeof allocationBackend.exportTable>[2];
