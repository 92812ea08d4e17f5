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
  return error ? `${errorText(error.code)} ${asSentence(error.message)}` : null;
}

/** The core's messages start in lower case (they also follow "error: " in the CLI); shown after
 *  the people-facing sentence they start one of their own. */
export function asSentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
