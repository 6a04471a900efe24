//! A user who reads back the address of a new subaccount's request.

use pepipost::types::CreateSubaccountRequest;

/// The address the subaccount is created for.
pub fn address(request: &CreateSubaccountRequest) -> &str {
    &request.email
}
