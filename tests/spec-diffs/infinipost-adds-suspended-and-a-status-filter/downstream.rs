//! A user who keeps the raw value of a status this version does not list.

use infinipost::types::AccountStatus;

/// The raw status of an account whose status is not listed.
pub fn unlisted(status: &AccountStatus) -> Option<&str> {
    match status {
        AccountStatus::Unknown(raw) => Some(raw),
        _ => None,
    }
}
