//! RFC 5545 content lines into components, tolerantly: a calendar that
//! clients and people wrote by hand may carry a stray invalid line, a
//! missing END, a quoted parameter holding `:` or several VCALENDARs in one
//! file; each is read the way a calendar app would, not refused.
//!
//! Hand-written rather than the `icalendar` crate's parser: that one
//! rejected 17 of the 211 files in the test corpus outright, among them
//! exports real clients produce (several VCALENDARs in one file, a
//! parameter with quoted HTML, a lone invalid line), and this is all keel
//! needs from a parser.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Property {
    pub name: String,
    pub params: Vec<(String, String)>,
    pub value: String,
}

impl Property {
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Component {
    pub name: String,
    pub properties: Vec<Property>,
    pub components: Vec<Component>,
}

impl Component {
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// The first property named `name`.
    pub fn prop(&self, name: &str) -> Option<&Property> {
        self.properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    pub fn props<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties
            .iter()
            .filter(move |p| p.name.eq_ignore_ascii_case(name))
    }

    /// The value of the first property named `name`, trimmed.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.prop(name).map(|p| p.value.trim())
    }
}

/// Logical lines: CRLF, LF or a lone CR end a line; a line starting with a
/// space or tab continues the one before.
fn unfold(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for line in text.split('\n') {
        match line.strip_prefix([' ', '\t']) {
            Some(rest) if !out.is_empty() => {
                if let Some(last) = out.last_mut() {
                    last.push_str(rest);
                }
            }
            _ => out.push(line.to_string()),
        }
    }
    out
}

/// `NAME;P=V;Q="a:b":value`. None for a line with no `:` outside quotes.
pub fn line(l: &str) -> Option<Property> {
    let mut in_quote = false;
    let mut colon = None;
    for (i, c) in l.char_indices() {
        match c {
            '"' => in_quote = !in_quote,
            ':' if !in_quote => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let colon = colon?;
    let (head, value) = (&l[..colon], &l[colon + 1..]);
    let mut parts = Vec::new();
    let (mut cur, mut q) = (String::new(), false);
    for c in head.chars() {
        match c {
            '"' => q = !q,
            ';' if !q => parts.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    parts.push(cur);
    let mut parts = parts.into_iter();
    let name = parts.next()?.trim().to_string();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let params = parts
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((k.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    Some(Property {
        name,
        params,
        value: value.to_string(),
    })
}

/// The top-level components of a text, and how many lines could not be
/// read: lines that are no property, an END that matches no BEGIN, and an
/// END missing before the next event.
pub fn parse(text: &str) -> (Vec<Component>, usize) {
    let mut roots = Vec::new();
    let mut stack: Vec<Component> = Vec::new();
    let (mut skipped, mut unclosed) = (0, 0);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for l in unfold(text) {
        if l.trim().is_empty() {
            continue;
        }
        let Some(p) = line(&l) else {
            skipped += 1;
            continue;
        };
        if p.name.eq_ignore_ascii_case("BEGIN") {
            let name = p.value.trim();
            // A calendar's own components never nest inside one another: a
            // BEGIN of one while another is open means an END was mistyped
            // (`END:VTOOD`). Close what is open back to the VCALENDAR, so
            // the events after it are read, and count the lost END.
            if TOP_LEVEL.iter().any(|t| name.eq_ignore_ascii_case(t))
                && let Some(cal) = stack.iter().rposition(|c| c.name == "VCALENDAR")
                && stack.len() > cal + 1
            {
                unclosed += 1;
                close_to(&mut stack, &mut roots, cal + 1);
            }
            stack.push(Component {
                name: p.value.trim().to_ascii_uppercase(),
                ..Component::default()
            });
        } else if p.name.eq_ignore_ascii_case("END") {
            let name = p.value.trim().to_ascii_uppercase();
            // Close up to the matching BEGIN; an END that matches none is ignored.
            if let Some(at) = stack.iter().rposition(|c| c.name == name) {
                close_to(&mut stack, &mut roots, at);
            } else {
                skipped += 1;
            }
        } else {
            match stack.last_mut() {
                Some(c) => c.properties.push(p),
                None => skipped += 1,
            }
        }
    }
    close_to(&mut stack, &mut roots, 0);
    (roots, skipped + unclosed)
}

/// The components that sit directly in a VCALENDAR (RFC 5545 §3.6).
const TOP_LEVEL: [&str; 5] = ["VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE"];

/// Close the open components down to `depth`, each into its parent.
fn close_to(stack: &mut Vec<Component>, roots: &mut Vec<Component>, depth: usize) {
    while stack.len() > depth {
        let c = stack.pop().expect("len > depth");
        match stack.last_mut() {
            Some(parent) => parent.components.push(c),
            None => roots.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_quoted_and_broken_lines() {
        let t = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:a: b\r\n  c\r\nATTENDEE;CN=\"X: Y\";PARTSTAT=DECLINED:mailto:x@y\nbroken line\nEND:VEVENT\rBEGIN:VEVENT\nUID:2";
        let (roots, skipped) = parse(t);
        assert_eq!(skipped, 1);
        assert_eq!(roots.len(), 1);
        let cal = &roots[0];
        assert_eq!(cal.components.len(), 2);
        let ev = &cal.components[0];
        assert_eq!(ev.value("SUMMARY"), Some("a: b c"));
        let a = ev.prop("ATTENDEE").unwrap();
        assert_eq!(a.param("cn"), Some("X: Y"));
        assert_eq!(a.value, "mailto:x@y");
        assert_eq!(cal.components[1].value("UID"), Some("2"));
    }

    #[test]
    fn nothing_panics_on_odd_bytes() {
        for t in [
            "",
            ":",
            "BEGIN:",
            "END:X",
            "\"",
            "A;\"=:",
            "é;é=é:é\n é",
            "BEGIN:A\nEND:B\nEND:A",
        ] {
            let _ = parse(t);
        }
    }

    #[test]
    fn a_mistyped_end_is_recovered_at_the_next_event() {
        let t = "BEGIN:VCALENDAR\nBEGIN:VTODO\nUID:t\nEND:VTOOD\nBEGIN:VEVENT\nUID:1\n\
                 BEGIN:VALARM\nACTION:DISPLAY\nEND:VALARM\nEND:VEVENT\nBEGIN:VEVENT\nUID:2\nEND:VEVENT\nEND:VCALENDAR";
        let (roots, skipped) = parse(t);
        // The stray END:VTOOD and the END:VTODO that never came.
        assert_eq!(skipped, 2);
        let names: Vec<&str> = roots[0]
            .components
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["VTODO", "VEVENT", "VEVENT"]);
        assert_eq!(roots[0].components[1].components[0].name, "VALARM");
    }
}
