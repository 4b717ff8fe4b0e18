//! Activity keys that would hide a command of the terminal UI. Which keys
//! the UI keeps is its keymap's to say (the binary hands that in); this
//! finds the activities of a config whose key is one of them and locates
//! each in the file, for `keel check`. Loading never fails over them: the
//! UI leaves such a key unbound, and every other command keeps working.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::Config;
use crate::error::Problem;

/// What the UI keeps a key for, in words (`None`: an activity may take it).
pub type Reserved<'a> = &'a dyn Fn(char) -> Option<String>;

#[derive(Deserialize)]
struct Keys {
    activity: Option<Vec<KeyOf>>,
}

#[derive(Deserialize)]
struct KeyOf {
    name: Option<String>,
    key: Option<Spanned<String>>,
}

/// Every activity of `cfg` (read from `text`) whose key is reserved, as a
/// problem at that key in the file, with a free key to use instead.
pub fn problems(text: &str, path: &Path, cfg: &Config, reserved: Reserved) -> Vec<Problem> {
    let spans: Vec<KeyOf> = toml::from_str::<Keys>(text)
        .ok()
        .and_then(|k| k.activity)
        .unwrap_or_default();
    // Each clash is offered a different free key.
    let mut free = free_keys(cfg, reserved);
    cfg.activities
        .iter()
        .filter_map(|a| {
            let k = a.key?;
            let command = reserved(k)?;
            let at = spans
                .iter()
                .find(|s| s.name.as_deref() == Some(a.name.as_str()))
                .and_then(|s| s.key.as_ref())
                .map_or(0, |s| s.span().start);
            let free = free
                .next()
                .map(|f| format!(", like \"{f}\""))
                .unwrap_or_default();
            Some(Problem::at(
                path,
                text,
                at,
                format!(
                    "key \"{k}\" of activity `{}` would hide the TUI command \"{command}\", so the TUI leaves it unbound; choose a key no command uses{free}",
                    a.name
                ),
            ))
        })
        .collect()
}

/// The keys neither reserved nor any activity's: letters first.
fn free_keys<'a>(cfg: &'a Config, reserved: Reserved<'a>) -> impl Iterator<Item = char> + 'a {
    ('a'..='z')
        .chain('5'..='9')
        .chain('A'..='Z')
        .filter(move |c| reserved(*c).is_none() && cfg.activity_by_key(*c).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(c: char) -> Option<String> {
        match c {
            'q' => Some("quit".into()),
            'a' => Some("add".into()),
            _ => None,
        }
    }

    #[test]
    fn a_reserved_key_is_located_with_a_free_one_to_use() {
        let text = "[[activity]]\nname = \"coding\"\nside = \"technical\"\nkey = \"q\"\n\n[[activity]]\nname = \"review\"\nside = \"technical\"\nkey = \"b\"\n";
        let cfg = super::super::load::parse(text, Path::new("c.toml")).unwrap();
        let ps = problems(text, Path::new("c.toml"), &cfg, &kept);
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert_eq!((ps[0].line, ps[0].col), (4, 7));
        assert!(ps[0].message.contains("key \"q\" of activity `coding`"));
        assert!(ps[0].message.contains("\"quit\""));
        // `a` is kept and `b` taken: `c` is the first free letter.
        assert!(ps[0].message.ends_with("like \"c\""), "{}", ps[0].message);
        // A second clash is offered the next one.
        let text = text.replace("key = \"b\"", "key = \"a\"");
        let cfg = super::super::load::parse(&text, Path::new("c.toml")).unwrap();
        let ps = problems(&text, Path::new("c.toml"), &cfg, &kept);
        let offered: Vec<&str> = ps.iter().map(|p| &p.message[p.message.len() - 3..]).collect();
        assert_eq!(offered, ["\"b\"", "\"c\""]);
    }
}
