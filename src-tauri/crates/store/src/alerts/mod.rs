//! Alerts in the store: channels (no secret column in keychain mode), the
//! alerts raised (one row per dedup key, so re-evaluating never raises one
//! twice), and the outbox: one delivery row per (alert, channel), each
//! attempt recorded. Deliveries move `queued` → `sending` → `sent` (or back
//! to `queued` with a later `next_at`, or to `failed`), each step in its own
//! transaction; a row found in `sending` was interrupted mid-send and is
//! settled by [`AlertsMut::settle_interrupted`].

mod channels;
mod history;
mod outbox;
mod schema;

pub use channels::{AlertChannelRecord, ChannelSecret, NewAlertChannel};
pub use history::{AlertRecord, AttemptRecord, DeliveryRecord};
pub use outbox::{AttemptOutcome, DueDelivery, NewAlert};
pub(crate) use schema::AREA;

area_handles!(
    /// Alert channels, the alerts raised, the outbox and its attempts.
    Alerts,
    AlertsMut,
    alerts,
    alerts_mut
);
