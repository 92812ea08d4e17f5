// Provider names as bills spell them (FOCUS ProviderName), shown in the UI's
// language: 阿里云, 腾讯云, 华为云 and 亚马逊云科技 in Chinese, as those
// providers' Chinese consoles name themselves; Azure and Google Cloud keep
// their Latin names there too. The stored name stays the filter key; only the
// text shown changes. The Rust core labels chart categories the same way
// (`cloudlens_api::provider_label`).

import { t, type PlainKey } from "../i18n";
import { locale } from "../state/locale.svelte";

const KEYS: Record<string, PlainKey> = {
  "alibaba cloud": "provider.alibaba",
  alibaba: "provider.alibaba",
  aliyun: "provider.alibaba",
  "tencent cloud": "provider.tencent",
  tencent: "provider.tencent",
  "huawei cloud": "provider.huawei",
  huawei: "provider.huawei",
  aws: "provider.aws",
  "amazon web services": "provider.aws",
  microsoft: "provider.azure",
  azure: "provider.azure",
  "microsoft azure": "provider.azure",
  "google cloud": "provider.gcp",
  gcp: "provider.gcp",
  "google cloud platform": "provider.gcp",
};

/** The provider's name in Chinese when the UI is; otherwise, and for unknown names, as stored. */
export function providerLabel(stored: string): string {
  if (locale.current !== "zh-CN") return stored;
  const key = KEYS[stored.trim().toLowerCase()];
  return key ? t(key) : stored;
}
