//! What the object-store mocks of the Chinese clouds (OSS, COS, OBS) share
//! once a request's signature is verified: the action it needs, the answer
//! (a listing of the bucket's root, an object by its key) and the errors,
//! each in the store's own words.

use crate::bill_bucket::{get, list, xml_error, Paging, StoredObject};
use crate::{RawRequest, RawResponse};

/// How one store words its answers.
pub(crate) struct ObjectStore {
    /// The header its request ids travel in.
    pub id_header: &'static str,
    /// The actions a listing and a read need, as its access policies name them.
    pub list_action: &'static str,
    pub get_action: &'static str,
    pub paging: Paging,
    /// The message of its `AccessDenied` for a method it does not serve.
    pub denied: &'static str,
    /// The code and message of the HTTP 503 it throttles with.
    pub busy: (&'static str, &'static str),
}

impl ObjectStore {
    /// The action a request needs: the bucket's root lists, a key reads.
    pub fn action(&self, req: &RawRequest) -> String {
        if req.path == "/" || req.path.is_empty() {
            self.list_action.into()
        } else {
            self.get_action.into()
        }
    }

    /// Answers a verified request.
    pub fn answer(
        &self,
        req: &RawRequest,
        bucket: &str,
        objects: &[StoredObject],
        page_size: usize,
    ) -> RawResponse {
        if req.method != "GET" {
            return self.error(403, "AccessDenied", self.denied);
        }
        if self.action(req) == self.list_action {
            list(
                self.id_header,
                bucket,
                &req.query,
                objects,
                page_size,
                self.paging,
            )
        } else {
            get(self.id_header, &req.path, objects)
        }
    }

    /// `<Error>` with the store's request id header.
    pub fn error(&self, status: u16, code: &str, message: &str) -> RawResponse {
        xml_error(self.id_header, status, code, message)
    }

    pub fn throttled(&self) -> RawResponse {
        let (code, message) = self.busy;
        self.error(503, code, message)
    }

    pub fn server_error(&self) -> RawResponse {
        self.error(
            500,
            "InternalError",
            "We encountered an internal error. Please try again.",
        )
    }
}
