use std::time::Duration;

/// Why a call failed, in the engine's terms: whether to retry, and what the
/// user should check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The key id or secret is wrong, expired or disabled.
    CredentialsRejected,
    /// The key is valid but lacks a read-only permission.
    PermissionMissing,
    /// Rate limited (HTTP 429, or a throttling code in the body). Retry.
    Throttled,
    /// 5xx or the provider's internal-error codes. Retry.
    ServerError,
    /// No answer in time. Retry.
    Timeout,
    /// Connection refused, DNS failure, TLS failure.
    Unreachable,
    /// The response did not have the documented shape.
    BadResponse,
    /// Refused before sending: the action is not on the read-only allow-list.
    NotAllowed,
    /// The provider refused the parameters (a bug or an unsupported account).
    InvalidRequest,
}

impl ErrorKind {
    /// What a bare HTTP status says when the body named no code the provider
    /// documents: 5xx is the server's, 401 and 403 the key's, the rest ours.
    pub fn of_status(status: u16) -> Self {
        match status {
            500.. => Self::ServerError,
            401 => Self::CredentialsRejected,
            403 => Self::PermissionMissing,
            _ => Self::InvalidRequest,
        }
    }

    pub fn retryable(self) -> bool {
        matches!(
            self,
            Self::Throttled | Self::ServerError | Self::Timeout | Self::Unreachable
        )
    }
}

/// A provider error. Never carries a secret: messages are the provider's
/// code and message, and the request id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ProviderError {
    pub kind: ErrorKind,
    /// The provider's own error code (`Throttling.User`, `AuthFailure.SignatureFailure`...).
    pub code: Option<String>,
    pub message: String,
    pub request_id: Option<String>,
    /// A wait the provider asked for.
    pub retry_after: Option<Duration>,
}

impl ProviderError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            code: None,
            message: message.into(),
            request_id: None,
            retry_after: None,
        }
    }

    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    pub fn with_request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// A call the provider refused: its code and message when the answer
    /// states them, else the HTTP status.
    pub(crate) fn failed(
        action: &str,
        status: u16,
        kind: ErrorKind,
        code: Option<&str>,
        message: Option<&str>,
    ) -> Self {
        let text = match (code, message) {
            (Some(c), Some(m)) => format!("{action} failed: {c}: {m}"),
            (Some(c), None) => format!("{action} failed: {c}"),
            _ => format!("{action} failed with HTTP {status}"),
        };
        let err = Self::new(kind, text);
        match code {
            Some(c) => err.with_code(c),
            None => err,
        }
    }

    /// A call that got no usable answer. reqwest's message names the URL,
    /// which holds no secret: every provider's signature travels in a header.
    pub fn transport(action: &str, e: &reqwest::Error) -> Self {
        let (kind, what) = if e.is_timeout() {
            (ErrorKind::Timeout, "timed out")
        } else if e.is_builder() {
            // The endpoint override is not a usable URL.
            (ErrorKind::InvalidRequest, "could not be sent")
        } else if e.is_decode() || e.is_body() {
            (ErrorKind::BadResponse, "answer could not be read")
        } else {
            // Connection refused, DNS, TLS, or the connection dropped.
            (ErrorKind::Unreachable, "could not reach the API")
        };
        Self::new(kind, format!("{action} {what}: {e}"))
    }

    /// The refusal of an action outside the read-only allow-list.
    pub fn not_allowed(action: &str) -> Self {
        Self::new(
            ErrorKind::NotAllowed,
            format!("{action} is not a read-only action CloudLens may call"),
        )
        .with_code(action)
    }
}
