//! A user who sorts and keys statuses: a value inserted among the others
//! must not change what compiles (the types derive no order to shuffle).

use std::collections::HashMap;

use widgets::types::{Account, AccountStatus};

/// How many accounts are in each status.
pub fn census(accounts: &[Account]) -> HashMap<AccountStatus, usize> {
    let mut counts = HashMap::new();
    for account in accounts {
        *counts.entry(account.status.clone()).or_default() += 1;
    }
    counts
}

/// Statuses in a stable order for display.
pub fn sorted(mut statuses: Vec<AccountStatus>) -> Vec<AccountStatus> {
    statuses.sort_by_key(ToString::to_string);
    statuses
}
