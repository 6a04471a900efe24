//! A user who builds accounts for tests, destructures them and compares
//! them: a new response property must not break any of it.

use widgets::types::{Account, AccountStatus};

/// An account in the state the user's test needs.
pub fn account(id: &str, status: AccountStatus) -> Account {
    Account::builder()
        .id(id)
        .name(id)
        .set_username(None::<String>)
        .status(status)
        .try_into()
        .expect("complete")
}

/// Whether two accounts are the same account.
pub fn same(left: &Account, right: &Account) -> bool {
    let Account { id, .. } = left;
    *id == right.id
}
