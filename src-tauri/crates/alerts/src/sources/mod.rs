//! Alert sources. Data health is the first; budgets and anomalies follow
//! as further implementations of [`crate::AlertSource`].

mod data_health;

pub use data_health::DataHealth;
