// STAND-IN for the file tauri-specta generates from the Rust commands (the lead will overwrite it with
// the generated one, which has this exact shape). This is the only module that imports @tauri-apps/*.

/** user-defined commands **/

export const commands = {
  async storeStatus(): Promise<StoreStatus> {
    return await TAURI_INVOKE("store_status");
  },
  async overview(metric: CostMetric): Promise<Result<OverviewView, ApiError>> {
    try {
      return { status: "ok", data: await TAURI_INVOKE("overview", { metric }) };
    } catch (e) {
      if (e instanceof Error) throw e;
      else return { status: "error", error: e as any };
    }
  },
  async unlock(passphrase: string): Promise<Result<null, ApiError>> {
    try {
      return { status: "ok", data: await TAURI_INVOKE("unlock", { passphrase }) };
    } catch (e) {
      if (e instanceof Error) throw e;
      else return { status: "error", error: e as any };
    }
  },
  async loadDemo(): Promise<Result<null, ApiError>> {
    try {
      return { status: "ok", data: await TAURI_INVOKE("load_demo") };
    } catch (e) {
      if (e instanceof Error) throw e;
      else return { status: "error", error: e as any };
    }
  },
  async removeDemo(): Promise<Result<null, ApiError>> {
    try {
      return { status: "ok", data: await TAURI_INVOKE("remove_demo") };
    } catch (e) {
      if (e instanceof Error) throw e;
      else return { status: "error", error: e as any };
    }
  },
};

/** user-defined events **/

export const events = __makeEvents__<{
  storeStatusChanged: StoreStatusChanged;
}>({
  storeStatusChanged: "store-status-changed",
});

/** user-defined types **/

export type ApiError = { code: ErrorCode; message: string };
export type ChartKind = "stacked" | "grouped";
export type ChartView = { kind: ChartKind; svg: string; width: number; height: number; plot: PlotArea; x: string[]; series: SeriesView[]; currency: string };
export type CostMetric = "billed" | "effective";
export type CurrencyOverview = {
  currency: string;
  month_to_date: string;
  last_month: string;
  same_period_last_month: string;
  change_pct: string | null;
  by_provider: ProviderSpend[];
  provider_chart: ChartView;
  daily_chart: ChartView;
  top_services: RankedRow[];
  top_accounts: RankedRow[];
};
export type ErrorCode = "wrong_key" | "keychain_unavailable" | "busy" | "not_ready" | "invalid_input" | "storage" | "internal";
export type OverviewView = { metric: CostMetric; as_of: string | null; month_start: string | null; currencies: CurrencyOverview[] };
export type PlotArea = { left: number; top: number; right: number; bottom: number };
export type Progress = { done: number; total: number };
export type ProviderSpend = { provider: string; month_to_date: string; last_month: string };
export type RankedRow = { key: string; label: string; provider: string; amount: string; share_pct: string };
export type SeriesView = { label: string; color: string; values: string[] };
export type StoreState = "opening" | "needs_passphrase" | "loading_demo" | "ready" | "failed";
export type StoreStatus = { state: StoreState; lines: number; demo: boolean; progress: Progress | null; error: ApiError | null };
export type StoreStatusChanged = StoreStatus;

/** tauri-specta globals **/

import { invoke as TAURI_INVOKE } from "@tauri-apps/api/core";
import * as TAURI_API_EVENT from "@tauri-apps/api/event";
import { type WebviewWindow as __WebviewWindow__ } from "@tauri-apps/api/webviewWindow";

type __EventObj__<T> = {
  listen: (cb: TAURI_API_EVENT.EventCallback<T>) => ReturnType<typeof TAURI_API_EVENT.listen<T>>;
  once: (cb: TAURI_API_EVENT.EventCallback<T>) => ReturnType<typeof TAURI_API_EVENT.once<T>>;
  emit: null extends T ? (payload?: T) => ReturnType<typeof TAURI_API_EVENT.emit> : (payload: T) => ReturnType<typeof TAURI_API_EVENT.emit>;
};

export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

function __makeEvents__<T extends Record<string, any>>(mappings: Record<keyof T, string>) {
  return new Proxy(
    {} as unknown as {
      [K in keyof T]: __EventObj__<T[K]> & {
        (handle: __WebviewWindow__): __EventObj__<T[K]>;
      };
    },
    {
      get: (_, event) => {
        const name = mappings[event as keyof T];
        return new Proxy((() => {}) as any, {
          apply: (_, __, [window]: [__WebviewWindow__]) => ({
            listen: (arg: any) => window.listen(name, arg),
            once: (arg: any) => window.once(name, arg),
            emit: (arg: any) => window.emit(name, arg),
          }),
          get: (_, command: keyof __EventObj__<any>) => {
            switch (command) {
              case "listen":
                return (arg: any) => TAURI_API_EVENT.listen(name, arg);
              case "once":
                return (arg: any) => TAURI_API_EVENT.once(name, arg);
              case "emit":
                return (arg: any) => TAURI_API_EVENT.emit(name, arg);
            }
          },
        });
      },
    },
  );
}
