//! The caret display under an error, laid out as the AWS CLI's `_error_location` does.
//!
//! The location is the input up to the end of the line holding the error, a newline, as many
//! spaces as the error's character index counted from the last newline before it, a `^`, and then
//! the rest of the input from that line's newline on. Counting is in characters, so a wide or
//! combining character shifts the caret exactly as it does in the AWS CLI.

/// Builds the location text for an error at character `char_index` of `input`.
///
/// An index past the end is treated as the end of the input.
pub(crate) fn error_location(input: &str, char_index: usize) -> String {
    let byte = input.char_indices().nth(char_index).map_or(input.len(), |(offset, _)| offset);
    let (before, after) = input.split_at_checked(byte).unwrap_or((input, ""));
    let index = before.chars().count();

    let spaces = match before.rfind('\n') {
        Some(newline) => {
            let up_to_newline = before.get(..newline).map_or(0, |s| s.chars().count());
            index.saturating_sub(up_to_newline).saturating_sub(1)
        }
        None => index,
    };

    let (consumed, remaining) = match after.find('\n') {
        Some(newline) => input.split_at_checked(byte.saturating_add(newline)).unwrap_or((input, "")),
        None => (input, ""),
    };

    let mut out = String::with_capacity(
        consumed.len().saturating_add(spaces).saturating_add(remaining.len()).saturating_add(2),
    );
    out.push_str(consumed);
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', spaces));
    out.push('^');
    out.push_str(remaining);
    out
}
