import { describe, expect, it } from "vitest";
import { shortId } from "./shortId";

describe("shortId", () => {
  it("keeps short ids whole", () => {
    expect(shortId("i-0abc123")).toBe("i-0abc123");
  });

  it("keeps the last path segment of ARNs and Azure ids", () => {
    expect(shortId("arn:aws:ec2:us-east-1:123456789012:instance/i-0f1e2d3c4b5a69788")).toBe("…/i-0f1e2d3c4b5a69788");
    expect(
      shortId("/subscriptions/1b2c3d4e-0000-1111-2222-333344445555/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01"),
    ).toBe("…/vm-web-01");
    expect(shortId("arn:aws:lambda:eu-central-1:123456789012:function:checkout-handler")).toBe("…:checkout-handler");
  });

  it("cuts a long tail to its last characters", () => {
    const id = "projects/p/instances/" + "x".repeat(60) + "-tail";
    const short = shortId(id);
    expect(short.startsWith("…")).toBe(true);
    expect(short.endsWith("-tail")).toBe(true);
    expect(short.length).toBe(36);
  });
});
