//! Reading what a provider answered, the same way for every client: a body
//! is read whole (a connection lost halfway is the action's transport
//! error), and a failed answer is read for its error while its status,
//! request id and headers are still at hand.

use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, Response};

use crate::ProviderError;

/// A failed answer, read whole.
pub(crate) struct Failure {
    pub status: u16,
    /// Empty when the answer named none in a header.
    pub request_id: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// Sends `req`. A successful answer comes back with its body unread, to be
/// read whole or streamed; any other is read and becomes the provider's
/// error through `error`. `request_id` finds the id in the provider's header.
pub(crate) async fn send(
    action: &str,
    req: RequestBuilder,
    request_id: fn(&Response) -> String,
    error: impl FnOnce(Failure) -> ProviderError,
) -> Result<Response, ProviderError> {
    let resp = req
        .send()
        .await
        .map_err(|e| ProviderError::transport(action, &e))?;
    if resp.status().is_success() {
        return Ok(resp);
    }
    let status = resp.status().as_u16();
    let id = request_id(&resp);
    let headers = resp.headers().clone();
    Err(error(Failure {
        status,
        request_id: id,
        headers,
        body: body(action, resp).await?,
    }))
}

/// The body of `resp`, read whole.
pub(crate) async fn body(action: &str, resp: Response) -> Result<Vec<u8>, ProviderError> {
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| ProviderError::transport(action, &e))?;
    Ok(Vec::from(bytes))
}

/// The body of `resp`, read whole, with the request id `request_id` finds.
pub(crate) async fn whole(
    action: &str,
    resp: Response,
    request_id: fn(&Response) -> String,
) -> Result<(Vec<u8>, String), ProviderError> {
    let id = request_id(&resp);
    Ok((body(action, resp).await?, id))
}

/// A body as JSON, or as a string when it is not JSON (XML answers,
/// objects).
pub(crate) fn json_or_text(body: &[u8]) -> serde_json::Value {
    let text = String::from_utf8_lossy(body).into_owned();
    serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
}

/// `call_raw` and `call` of a client whose `start` sends an allow-listed
/// action and returns the answer with its body unread (AWS, Azure), where
/// `request_id` finds the id in the provider's headers.
macro_rules! whole_answer_methods {
    (request_id: $request_id:path) => {
        /// Calls `action` as `start` sends it and returns the
        /// answer: JSON parsed, anything else (XML, an object's body) as a
        /// string.
        pub async fn call_raw(
            &self,
            action: &str,
            params: &[(&str, &str)],
        ) -> Result<serde_json::Value, $crate::ProviderError> {
            let (body, _) = self.call(action, params).await?;
            Ok($crate::answer::json_or_text(&body))
        }

        /// The answer's body and request id, read whole (answers other
        /// than export files are small).
        pub(crate) async fn call(
            &self,
            action: &str,
            params: &[(&str, &str)],
        ) -> Result<(Vec<u8>, String), $crate::ProviderError> {
            let resp = self.start(action, params).await?;
            $crate::answer::whole(action, resp, $request_id).await
        }
    };
}
pub(crate) use whole_answer_methods;
