//! Media types as the rewrites compare them.

/// A media type without its parameters, in lower case.
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// A JSON media type: `application/json`, `application/*+json`, with or without parameters.
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
        || essence == "text/json"
}
