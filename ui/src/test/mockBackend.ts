// A vi.fn() for every gateway call. Tests install it with
//   vi.mock("$lib/backend", async (original) => ({ ...(await original()), backend: mockBackend }))
// and drive store status events through emitStatus().
import { vi } from "vitest";
import type { StoreStatus } from "../lib/backend";

let listener: ((status: StoreStatus) => void) | null = null;

export const mockBackend = {
  storeStatus: vi.fn<() => Promise<StoreStatus>>(),
  overview: vi.fn(),
  unlock: vi.fn<(passphrase: string) => Promise<void>>(),
  loadDemo: vi.fn<() => Promise<void>>(),
  removeDemo: vi.fn<() => Promise<void>>(),
  uiPainted: vi.fn<() => Promise<void>>(),
  onStoreStatusChanged: vi.fn(async (callback: (status: StoreStatus) => void) => {
    listener = callback;
    return () => {
      listener = null;
    };
  }),
};

export function emitStatus(status: StoreStatus): void {
  if (!listener) throw new Error("nobody listens to store status changes");
  listener(status);
}

/** Back to a clean slate; call in beforeEach. */
export function resetMockBackend(): void {
  listener = null;
  for (const fn of Object.values(mockBackend)) fn.mockReset();
  mockBackend.onStoreStatusChanged.mockImplementation(async (callback) => {
    listener = callback;
    return () => {
      listener = null;
    };
  });
  mockBackend.unlock.mockResolvedValue(undefined);
  mockBackend.loadDemo.mockResolvedValue(undefined);
  mockBackend.removeDemo.mockResolvedValue(undefined);
  mockBackend.uiPainted.mockResolvedValue(undefined);
}
