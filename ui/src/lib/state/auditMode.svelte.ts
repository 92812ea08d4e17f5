// Whether the store is read-only (audit mode) and why, as the core reports
// it in the store status. Pages hide their editing controls while it is on;
// the core refuses every change anyway.

import type { AuditModeView } from "../backend";
import { status } from "./status.svelte";

class AuditModeState {
  /** Why the store is read-only, or null when changes are allowed. */
  get view(): AuditModeView | null {
    return status.current?.audit ?? null;
  }

  /** True while every change is refused: editing controls are not shown. */
  get active(): boolean {
    return this.view !== null;
  }
}

export const auditMode = new AuditModeState();
