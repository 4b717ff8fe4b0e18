//! Conflict markers that an unfinished `git merge` (one without keel's
//! merge driver) leaves in a file: `<<<<<<<`, `|||||||`, `=======`,
//! `>>>>>>>` at the start of a line. They are reported as what they are,
//! and either side can be read back out of them.

use std::path::Path;

use crate::error::Problem;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Marker {
    Ours,
    Base,
    Split,
    End,
}

fn marker(line: &str) -> Option<Marker> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let (head, rest) = line.split_at_checked(7)?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    match head {
        "<<<<<<<" => Some(Marker::Ours),
        "|||||||" => Some(Marker::Base),
        "=======" if rest.is_empty() => Some(Marker::Split),
        ">>>>>>>" => Some(Marker::End),
        _ => None,
    }
}

/// The byte offset of the first line opening a conflict, if any.
pub fn first(text: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if marker(line.trim_end_matches('\n')) == Some(Marker::Ours) {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// How `keel check` and every reader name a file with conflict markers.
pub fn problem(path: &Path, text: &str, at: usize) -> Problem {
    Problem::at(
        path,
        text,
        at,
        format!(
            "an unfinished git merge: conflict markers start here. `keel resolve {}` keeps the entries of both sides (then `git add` it and commit); `keel setup git` makes later merges need no hand work",
            shown(path)
        ),
    )
}

/// The two sides of a file with conflict markers: (ours, theirs). `None`
/// when the markers are not well nested (one side cannot be told).
pub fn split(text: &str) -> Option<(String, String)> {
    let (mut ours, mut theirs) = (String::new(), String::new());
    // Which side the lines belong to: None outside a conflict.
    let mut state: Option<Marker> = None;
    let mut seen = false;
    for line in text.split_inclusive('\n') {
        let m = marker(line.trim_end_matches('\n'));
        state = match (state, m) {
            (None, Some(Marker::Ours)) => {
                seen = true;
                Some(Marker::Ours)
            }
            (Some(Marker::Ours), Some(Marker::Base)) => Some(Marker::Base),
            (Some(Marker::Ours | Marker::Base), Some(Marker::Split)) => Some(Marker::Split),
            (Some(Marker::Split), Some(Marker::End)) => None,
            (_, Some(_)) => return None,
            (s, None) => {
                match s {
                    None => {
                        ours.push_str(line);
                        theirs.push_str(line);
                    }
                    Some(Marker::Ours) => ours.push_str(line),
                    Some(Marker::Split) => theirs.push_str(line),
                    _ => {}
                }
                s
            }
        };
    }
    (seen && state.is_none()).then_some((ours, theirs))
}

/// A path in a message: control characters in a file name escaped.
fn shown(p: &Path) -> String {
    crate::text::clean(&p.display().to_string()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_are_read_out_of_the_markers() {
        let text = "a\n<<<<<<< HEAD\nb\n||||||| base\nx\n=======\nc\n>>>>>>> theirs\nd\n";
        assert_eq!(first(text), Some(2));
        let (o, t) = split(text).unwrap();
        assert_eq!(o, "a\nb\nd\n");
        assert_eq!(t, "a\nc\nd\n");
        assert_eq!(split("a\n<<<<<<< HEAD\nb\n"), None, "unterminated");
        assert_eq!(split("plain\n"), None);
        assert_eq!(first("note = \"<<<<<<< not at a line start\"\n"), None);
    }
}
