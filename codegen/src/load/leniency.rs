//! YAML as the common readers (PyYAML, libyaml, Go's yaml) read it, where
//! the YAML specification is stricter.
//!
//! One leniency is adopted: the closing `}` or `]` of a flow collection that
//! is a block mapping's value may stand at the indentation of its key,
//!
//! ```yaml
//! example: {
//!   "80/tcp": {}
//! }
//! ```
//!
//! which YAML 1.2 refuses ("invalid indentation": flow content must be
//! indented past the block it is in) and every common reader accepts. The
//! text is only rewritten when the strict reading failed: each such closer
//! is indented one column past its key, which moves no node (a closer
//! starts none), so every position the source map records stays the
//! user's. Anchors and aliases are untouched: the alias limits hold as before.

/// The text with every flow closer that stands at or before its key's
/// indentation indented one column past it, and the lines (1-based) moved;
/// `None` when there is none.
pub fn indent_flow_closers(text: &str) -> Option<(String, Vec<usize>)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut indents: Vec<Option<usize>> = vec![None; lines.len()];
    let mut moved = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let Some(key_indent) = opens_flow_value(lines[index]) else {
            index += 1;
            continue;
        };
        let Some(closing) = matching_closer(&lines, index) else {
            index += 1;
            continue;
        };
        let line = lines[closing];
        let indent = line.len() - line.trim_start_matches(' ').len();
        if closing > index && indent <= key_indent {
            indents[closing] = Some(key_indent + 1);
            moved.push(closing + 1);
        }
        index = closing.max(index + 1);
    }
    if moved.is_empty() {
        return None;
    }
    let rewritten: Vec<String> = lines
        .iter()
        .zip(&indents)
        .map(|(line, indent)| match indent {
            Some(indent) => format!("{}{}", " ".repeat(*indent), line.trim_start_matches(' ')),
            None => (*line).to_owned(),
        })
        .collect();
    Some((rewritten.join("\n"), moved))
}

/// The indentation of the key when `line` is `key: {` or `key: [` (after
/// any `- ` markers), a flow collection left open at the end of the line.
fn opens_flow_value(line: &str) -> Option<usize> {
    let content = line.trim_end();
    if !(content.ends_with('{') || content.ends_with('[')) {
        return None;
    }
    let mut key_start = line.len() - line.trim_start_matches(' ').len();
    while line[key_start..].starts_with("- ") {
        key_start += 2;
        key_start += line[key_start..].len() - line[key_start..].trim_start_matches(' ').len();
    }
    let before_opener = content[..content.len() - 1].trim_end();
    let key = before_opener.strip_suffix(':')?;
    let key = &key[key_start.min(key.len())..];
    // A plain or quoted key of one token: prose in a block scalar that
    // happens to end with `{` has spaces or punctuation before it.
    let plain = !key.is_empty()
        && !key.contains(": ")
        && !key.starts_with(['#', '{', '[', '&', '*', '!', '|', '>'])
        && (key.starts_with(['"', '\'']) || !key.contains(' '));
    plain.then_some(key_start)
}

/// The line of the closer matching the opener at the end of `lines[start]`,
/// skipping quoted text and comments.
fn matching_closer(lines: &[&str], start: usize) -> Option<usize> {
    let mut depth = 1usize;
    for (offset, line) in lines[start + 1..].iter().enumerate() {
        let mut quote: Option<char> = None;
        for character in line.chars() {
            match (quote, character) {
                (Some(open), c) if c == open => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(character),
                (None, '#') => break,
                (None, '{' | '[') => depth += 1,
                (None, '}' | ']') => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(start + 1 + offset);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closer_at_its_key_indentation_is_moved_past_it() {
        let text = "a:\n  example: {\n    \"80/tcp\": {}\n  }\n  list: [\n    1, \"]\"\n  ]\n";
        let (rewritten, moved) = indent_flow_closers(text).expect("two closers");
        assert_eq!(
            rewritten,
            "a:\n  example: {\n    \"80/tcp\": {}\n   }\n  list: [\n    1, \"]\"\n   ]\n"
        );
        assert_eq!(moved, [4, 7]);
    }

    #[test]
    fn closers_already_indented_and_prose_are_left_alone() {
        assert!(indent_flow_closers("a: {\n  b: 1\n  }\n").is_none());
        assert!(indent_flow_closers("d: |\n  function f() {\n  }\n").is_none());
        assert!(indent_flow_closers("a: {b: 1}\n").is_none());
    }

    #[test]
    fn a_key_in_a_sequence_item_counts_from_the_key() {
        let (rewritten, moved) = indent_flow_closers("- x: [\n    1\n  ]\n").expect("one");
        assert_eq!(rewritten, "- x: [\n    1\n   ]\n");
        assert_eq!(moved, [3]);
    }
}
