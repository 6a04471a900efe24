//! A user who names the mock extension trait in a helper: sealed, it may
//! gain a method for a new operation without breaking this.

use widgets::mock::MockServerExt;

/// Mocks the deletion of `id` on any server the trait extends.
pub fn mock_deletion<S: MockServerExt>(server: &S, id: &str) {
    server.delete_account(|when, then| {
        when.id(id);
        then.no_content();
    });
}
