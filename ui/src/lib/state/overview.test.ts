import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../../test/mockBackend";
import { billedFixture, overviewFixture } from "../../test/fixtures/overview";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  backend: (await import("../../test/mockBackend")).mockBackend,
}));

const { overview } = await import("./overview.svelte");
const { BackendError } = await import("$lib/backend");

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

beforeEach(() => {
  resetMockBackend();
  overview.reset();
});

describe("overview state", () => {
  it("keeps the newest request's answer when answers arrive out of order", async () => {
    const slowBilled = deferred<typeof billedFixture>();
    mockBackend.overview.overview.mockImplementation((metric: string) =>
      metric === "billed" ? slowBilled.promise : Promise.resolve(overviewFixture),
    );
    const first = overview.load("billed", null, "en");
    const second = overview.load("effective", null, "en");
    await second;
    expect(overview.data?.metric).toBe("effective");
    slowBilled.resolve(billedFixture);
    await first;
    expect(overview.data?.metric).toBe("effective");
    expect(overview.loading).toBe(false);
  });

  it("turns failures into a BackendError and clears it on success", async () => {
    mockBackend.overview.overview.mockRejectedValueOnce({ code: "not_ready", message: "store closed" });
    await overview.load("effective", null, "en");
    expect(overview.error).toBeInstanceOf(BackendError);
    expect(overview.error?.code).toBe("not_ready");
    mockBackend.overview.overview.mockResolvedValueOnce(overviewFixture);
    await overview.load("effective", null, "en");
    expect(overview.error).toBeNull();
    expect(overview.data).toBe(overviewFixture);
  });
});
