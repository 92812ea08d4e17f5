// People-facing text for the core's error codes. The key type makes a new
// ErrorCode in the Rust contract a compile error here until it is translated.
import type { BackendErrorCode } from "../backend";
import type { MessageKey } from "./catalogs";
import { t } from "./index";

const keyOf = (code: BackendErrorCode): `errors.${BackendErrorCode}` & MessageKey => `errors.${code}`;

export function errorText(code: BackendErrorCode): string {
  return t(keyOf(code));
}

/** The error's people-facing text followed by the core's message; `null` for no error. */
export function errorLine(error: { code: BackendErrorCode; message: string } | null): string | null {
  return error ? `${errorText(error.code)} ${error.message}` : null;
}
