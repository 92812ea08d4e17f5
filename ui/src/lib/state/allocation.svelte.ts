// The allocation rules being edited. `saved` is the current version from the
// core; `draft` is the user's edit of it. A preview belongs to the exact draft
// it was computed for: any later edit makes it stale, and saving needs a fresh
// one, so nobody saves a rule set whose effect they have not seen.

import {
  backend,
  BackendError,
  type RulePreview,
  type RuleSet,
  type RuleVersionView,
} from "../backend";
import { ruleSetProblems } from "../allocation/ruleEdit";

const empty = (): RuleSet => ({ virtual_tags: [], shared_costs: [], tag_keys: [] });
const keyOf = (rules: RuleSet): string => JSON.stringify(rules);

class AllocationState {
  saved = $state.raw<RuleSet>(empty());
  draft = $state<RuleSet>(empty());
  versions = $state.raw<RuleVersionView[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state.raw<BackendError | null>(null);

  preview = $state.raw<RulePreview[] | null>(null);
  #previewKey = $state<string | null>(null);
  previewing = $state(false);
  previewError = $state.raw<BackendError | null>(null);

  saving = $state(false);
  saveError = $state.raw<BackendError | null>(null);
  /** The version the last save created, for the confirmation line. */
  lastSaved = $state.raw<RuleVersionView | null>(null);

  #request = 0;

  get dirty(): boolean {
    return keyOf(this.draft) !== keyOf(this.saved);
  }

  get problems() {
    return ruleSetProblems(this.draft);
  }

  /** A preview exists and was computed for the draft as it is now. */
  get previewCurrent(): boolean {
    return this.preview !== null && this.#previewKey === keyOf(this.draft);
  }

  get canSave(): boolean {
    return this.dirty && this.problems.length === 0 && this.previewCurrent && !this.saving;
  }

  async load(): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    try {
      const [rules, versions] = await Promise.all([backend.allocation.rules(), backend.allocation.ruleVersions()]);
      if (request !== this.#request) return;
      this.saved = rules;
      this.draft = structuredClone(rules);
      this.versions = versions;
      this.error = null;
      this.loaded = true;
      this.#clearPreview();
    } catch (error) {
      if (request === this.#request) this.error = BackendError.from(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  async runPreview(): Promise<void> {
    const rules = $state.snapshot(this.draft);
    const key = keyOf(rules);
    this.previewing = true;
    this.previewError = null;
    try {
      const preview = await backend.allocation.previewRules(rules);
      if (keyOf(this.draft) !== key) return; // edited meanwhile: this answer is stale
      this.preview = preview;
      this.#previewKey = key;
    } catch (error) {
      this.previewError = BackendError.from(error);
    } finally {
      this.previewing = false;
    }
  }

  async save(note: string): Promise<boolean> {
    if (!this.canSave) return false;
    this.saving = true;
    this.saveError = null;
    try {
      const version = await backend.allocation.saveRules($state.snapshot(this.draft), note.trim());
      this.lastSaved = version;
      await this.load();
      return true;
    } catch (error) {
      this.saveError = BackendError.from(error);
      return false;
    } finally {
      this.saving = false;
    }
  }

  discard(): void {
    this.draft = structuredClone(this.saved);
    this.#clearPreview();
    this.saveError = null;
  }

  #clearPreview(): void {
    this.preview = null;
    this.#previewKey = null;
    this.previewError = null;
  }

  reset(): void {
    this.#request++;
    this.saved = empty();
    this.draft = empty();
    this.versions = [];
    this.loaded = false;
    this.loading = false;
    this.error = null;
    this.#clearPreview();
    this.previewing = false;
    this.saving = false;
    this.saveError = null;
    this.lastSaved = null;
  }
}

export const allocation = new AllocationState();
