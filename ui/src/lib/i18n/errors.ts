// People-facing text for the core's error codes. The key type makes a new
// ErrorCode in the Rust contract a compile error here until it is translated.
import type { BackendErrorCode } from "../backend";
import type { MessageKey } from "./catalogs";
import { t } from "./index";

const keyOf = (code: BackendErrorCode): `errors.${BackendErrorCode}` & MessageKey => `errors.${code}`;

export function errorText(code: BackendErrorCode): string {
  return t(keyOf(code));
}
