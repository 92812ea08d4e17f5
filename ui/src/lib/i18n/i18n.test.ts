import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { en } from "./en";
import { zhCN } from "./zh-CN";
import { matchLocale } from "./catalogs";
import { placeholdersOf, translate } from "./translate";

const keys = Object.keys(en) as (keyof typeof en)[];

describe("catalogs", () => {
  it("zh-CN has every English key and no others", () => {
    expect(Object.keys(zhCN).sort()).toEqual([...keys].sort());
  });

  it("has no empty or untrimmed messages", () => {
    for (const [name, catalog] of Object.entries({ en, zhCN })) {
      for (const [key, message] of Object.entries(catalog)) {
        expect(message.trim(), `${name} ${key}`).not.toBe("");
        expect(message, `${name} ${key}`).toBe(message.trim());
      }
    }
  });

  it("uses the same placeholders in both languages", () => {
    for (const key of keys) {
      expect(placeholdersOf(zhCN[key]), key).toEqual(placeholdersOf(en[key]));
    }
  });

  it("is actually translated: Chinese text wherever English has words", () => {
    // Brands whose Chinese consoles keep their Latin names.
    const latin = new Set(["app.name", "provider.azure", "provider.gcp", "connections.provider.gcp"]);
    const untranslated = keys.filter((key) => /[a-z]{3}/i.test(en[key]) && zhCN[key] === en[key] && !latin.has(key));
    expect(untranslated).toEqual([]);
    expect(zhCN["nav.overview"]).toBe("概览");
  });
});

describe("usage", () => {
  it("every key is used somewhere in the UI (errors.* are looked up by code)", () => {
    const src = join(dirname(fileURLToPath(import.meta.url)), "../..");
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ts|svelte)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) && !full.includes("/i18n/")) {
          sources.push(readFileSync(full, "utf8"));
        }
      }
    };
    walk(src);
    const all = sources.join("\n");
    const unused = keys.filter((key) => !key.startsWith("errors.") && !all.includes(`"${key}"`) && !all.includes(`'${key}'`));
    expect(unused).toEqual([]);
  });
});

describe("translate", () => {
  it("interpolates strings and formats numbers for the locale", () => {
    expect(translate("en", "overview.asOf", { date: "Nov 25, 2025" })).toBe("Data through Nov 25, 2025");
    expect(translate("zh-CN", "overview.asOf", { date: "2025年11月25日" })).toBe("数据截至 2025年11月25日");
    expect(translate("en", "loading.lines", { done: 12345, total: 1000000 })).toBe("12,345 of 1,000,000 cost lines");
    expect(translate("zh-CN", "loading.lines", { done: 5, total: 10 })).toBe("已生成 5 / 10 条费用记录");
  });

  it("says 1 row and 2 rows in English, from numbers or formatted text", () => {
    expect(translate("en", "explorer.export.done", { rows: 1, path: "/x.csv" })).toBe("Exported 1 row to /x.csv");
    expect(translate("en", "explorer.export.done", { rows: 12345, path: "/x.csv" })).toBe("Exported 12,345 rows to /x.csv");
    expect(translate("en", "explorer.export.done", { rows: "1,000", path: "/x.csv" })).toBe("Exported 1,000 rows to /x.csv");
    expect(translate("en", "allocation.showback.missingRates", { count: 1 })).toMatch(/^1 exchange rate is missing;/);
    expect(translate("en", "settings.backups.done", { lines: 1, runs: 2, path: "p", size: "1", seconds: "1" })).toMatch(/^Backed up 1 line in 2 imports/);
    expect(translate("zh-CN", "explorer.export.done", { rows: 1, path: "/x.csv" })).toContain("1");
  });

  it("has no English count message that would read \"1 problems\"", () => {
    // A count followed by a plural noun must use the {count:one|other} form.
    const bare = /\{(count|lines|rows|runs|days|files)\} (rows|lines|cost lines|requests|retries|resources|attempts|days|imports|problems|files|recommendations|exchange rates|later anomalies|ended projects)\b/;
    expect(keys.filter((key) => bare.test(en[key]))).toEqual([]);
  });

  it("returns messages without params as they are", () => {
    expect(translate("en", "nav.overview")).toBe("Overview");
    expect(translate("zh-CN", "metric.effective")).toBe("有效成本（摊销）");
  });
});

describe("matchLocale", () => {
  it("maps browser languages", () => {
    expect(matchLocale("zh-CN")).toBe("zh-CN");
    expect(matchLocale("zh-Hans-CN")).toBe("zh-CN");
    expect(matchLocale("zh")).toBe("zh-CN");
    expect(matchLocale("en-GB")).toBe("en");
    expect(matchLocale("de-DE")).toBe("en");
    expect(matchLocale(undefined)).toBe("en");
  });
});
