//! How figures read to people — shared by the CLI and the TUI so that both
//! say "7h30m" and "38%" the same way.

use chrono::{DateTime, FixedOffset};

use crate::balance::forecast::Pace;
use crate::balance::{Brief, Status};

/// Durations and instants read the same in `model`'s own messages: they
/// live there.
pub use crate::model::time::{hours, hours_f, to_minute};

/// A block's start, end and duration as a row shows them, all from the same
/// instants rounded to the minute, so that a row adds up (11:15–11:35 20m,
/// never 11:15–11:34 20m).
pub fn row_span(
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
) -> (DateTime<FixedOffset>, DateTime<FixedOffset>, i64) {
    let (s, e) = (to_minute(start), to_minute(end));
    (s, e, (e - s).num_seconds())
}

/// A share as a whole percentage, `—` when there is no data.
pub fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".into(), |s| format!("{:.0}%", s * 100.0))
}

/// A share against its band: a whole percentage, or one decimal where the
/// whole number would hide which side of a band edge it is on (50.2% drifts
/// from a 30–50% band; "50%" would not say why).
pub fn percent_in_band(share: Option<f64>, low: f64, high: f64) -> String {
    let Some(s) = share else { return percent(None) };
    let whole = (s * 100.0).round();
    let on_edge = [low, high].iter().any(|e| (e * 100.0).round() == whole);
    if on_edge && (s - low).abs() > 1e-9 && (s - high).abs() > 1e-9 {
        format!("{:.1}%", s * 100.0)
    } else {
        format!("{whole:.0}%")
    }
}

/// The status in words.
pub fn status_words(s: Status) -> &'static str {
    match s {
        Status::Off => "a week off",
        Status::Incomplete => "too little logged to judge",
        Status::NoData => "no data yet",
        Status::Balanced => "balanced",
        Status::DriftTechnical => "drifting toward technical",
        Status::DriftManagement => "drifting toward management",
    }
}

/// English ordinal: 1st, 2nd, 3rd, 4th, 11th, 21st.
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// How a verdict is coloured; each face maps it to its palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Nothing to judge yet.
    Quiet,
    /// Balanced and no rule broken.
    Good,
    /// The share drifts toward technical (`flagged` is true).
    DriftTechnical,
    /// The share drifts toward management, or a rule was broken while the
    /// share is in band (`flagged` is true).
    Flagged,
}

/// The week's verdict as the status line and `keel status` say it: "week
/// 48: technical 28% — target 40% ±10% — drifting toward management, 2nd
/// week · ⚑ flagged: 1 rule broken". It says "flagged" exactly when the
/// report's `flagged` is true, at any width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekFlag {
    head: String,
    target: String,
    verdict: String,
    flag: Option<String>,
    status: Status,
    pub tone: Tone,
}

impl WeekFlag {
    /// The whole sentence.
    pub fn text(&self) -> String {
        let flag = self
            .flag
            .as_deref()
            .map_or(String::new(), |f| format!(" · {f}"));
        format!("{}{}{}{flag}", self.head, self.target, self.verdict)
    }

    /// The shortest form that still says the whole verdict (its drift and
    /// streak, and "flagged"): what may be given up for something else on
    /// the same line stops here.
    pub fn essential(&self) -> String {
        match self.flag {
            Some(_) => format!("{}{} · ⚑ flagged", self.head, self.verdict),
            None => format!("{}{}", self.head, self.verdict),
        }
    }

    /// The widest form that fits `width` columns: the target goes first
    /// (the Week screen shows it), then the count of broken rules, then the
    /// streak; "flagged" stays whenever the week is.
    pub fn fit(&self, width: usize) -> String {
        let full = self.text();
        let Some(flag) = &self.flag else {
            // Then the verdict's detail (its figures, its streak), then the
            // verdict: never cut in the middle of a figure.
            let bare = format!("{} — {}", self.head, status_words(self.status));
            return [full, format!("{}{}", self.head, self.verdict)]
                .into_iter()
                .find(|c| width_of(c) <= width)
                .unwrap_or(bare);
        };
        let toward = match self.status {
            Status::DriftTechnical => ": toward technical",
            Status::DriftManagement => ": toward management",
            _ => "",
        };
        [
            full,
            format!("{}{} · {flag}", self.head, self.verdict),
            format!("{}{} · ⚑ flagged", self.head, self.verdict),
            format!("{} — ⚑ flagged{toward}", self.head),
        ]
        .into_iter()
        .find(|c| width_of(c) <= width)
        .unwrap_or_else(|| format!("{} — ⚑ flagged", self.head))
    }
}

fn width_of(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The verdict on week `week_number` from its brief and its streak.
pub fn week_flag(week_number: u32, b: &Brief, streak: u32) -> WeekFlag {
    let t = b.target;
    let (low, high) = (
        t.technical_share - t.tolerance,
        t.technical_share + t.tolerance,
    );
    let mut verdict = format!(" — {}", status_words(b.status));
    if b.status == Status::Incomplete {
        verdict.push_str(&format!(
            ": {} of {}",
            hours(b.seconds.total()),
            hours(b.expected_seconds)
        ));
    }
    if b.status.is_drift() && streak > 1 {
        verdict.push_str(&format!(", {} week", ordinal(streak)));
    }
    WeekFlag {
        // No share yet (nothing on either side): the verdict says so, and
        // the head does not say "technical —" before it.
        head: match b.technical_share {
            Some(_) => format!(
                "week {week_number}: technical {}",
                percent_in_band(b.technical_share, low, high)
            ),
            None => format!("week {week_number}"),
        },
        target: format!(
            " — target {:.0}% ±{:.0}%",
            t.technical_share * 100.0,
            t.tolerance * 100.0
        ),
        verdict,
        flag: flag_words(b),
        status: b.status,
        tone: tone(b),
    }
}

/// "⚑ flagged: 2 rules broken", "⚑ flagged" (a drift), or nothing: the
/// words are there exactly when the report's `flagged` is true.
pub fn flag_words(b: &Brief) -> Option<String> {
    match (b.flagged, b.violations) {
        (false, _) => None,
        (true, 0) => Some("⚑ flagged".to_string()),
        (true, n) => Some(format!(
            "⚑ flagged: {n} rule{} broken",
            if n == 1 { "" } else { "s" }
        )),
    }
}

/// A verdict's colour: a flagged week never reads as balanced.
pub fn tone(b: &Brief) -> Tone {
    match b.status {
        Status::DriftTechnical => Tone::DriftTechnical,
        _ if b.flagged => Tone::Flagged,
        Status::NoData | Status::Off | Status::Incomplete => Tone::Quiet,
        _ => Tone::Good,
    }
}

/// The pacing of the week in progress as `keel status` and the TUI status
/// line say it: "to stay in band: ≥ 9h technical of the 14h still free",
/// "to stay in band: at most 6h more technical of the 14h still free",
/// "band out of reach this week". Nothing when no workday time is left.
/// The needed time is rounded up to the minute and the allowed time down,
/// so following the words always lands in band.
pub fn pace_words(p: &Pace) -> Option<String> {
    if p.free_seconds <= 0 {
        return None;
    }
    if !p.reachable {
        return Some("band out of reach this week".to_string());
    }
    let need = hours((p.needed_technical_seconds + 59) / 60 * 60);
    let most = hours(p.max_technical_seconds / 60 * 60);
    let free = hours(p.free_seconds);
    let capped = p.max_technical_seconds < p.free_seconds;
    Some(match (p.needed_technical_seconds > 0, capped) {
        (true, true) => {
            format!("to stay in band: {need}–{most} technical of the {free} still free")
        }
        (true, false) => format!("to stay in band: ≥ {need} technical of the {free} still free"),
        (false, true) => {
            format!("to stay in band: at most {most} more technical of the {free} still free")
        }
        (false, false) => format!("in band whatever the {free} still free hold"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_naturally() {
        assert_eq!(hours(0), "0m");
        assert_eq!(hours(45 * 60), "45m");
        assert_eq!(hours(7 * 3600 + 30 * 60), "7h30m");
        assert_eq!(hours(2 * 3600), "2h");
        assert_eq!(hours(3600 + 5 * 60), "1h05m");
        assert_eq!(hours(-90 * 60), "-1h30m");
        assert_eq!(hours(29), "0m");
        assert_eq!(hours(30), "1m");
    }

    #[test]
    fn a_row_adds_up() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let (s, e, d) = row_span(
            t("2026-11-26T11:15:10+01:00"),
            t("2026-11-26T11:34:40+01:00"),
        );
        let row = format!("{}–{} {}", s.format("%H:%M"), e.format("%H:%M"), hours(d));
        assert_eq!(row, "11:15–11:35 20m");
        let (s, e, d) = row_span(
            t("2026-11-26T11:15:29+01:00"),
            t("2026-11-26T11:34:29+01:00"),
        );
        assert_eq!(
            (
                s.format("%H:%M").to_string(),
                e.format("%H:%M").to_string(),
                hours(d)
            ),
            ("11:15".into(), "11:34".into(), "19m".into())
        );
        assert_eq!(
            to_minute(t("2026-11-26T23:59:30-05:00")),
            t("2026-11-27T00:00:00-05:00")
        );
    }

    #[test]
    fn shares_near_a_band_edge_show_a_decimal() {
        assert_eq!(percent_in_band(Some(0.5018), 0.3, 0.5), "50.2%");
        assert_eq!(percent_in_band(Some(0.5), 0.3, 0.5), "50%");
        assert_eq!(percent_in_band(Some(0.2962), 0.3, 0.5), "29.6%");
        assert_eq!(percent_in_band(Some(0.42), 0.3, 0.5), "42%");
        assert_eq!(percent_in_band(None, 0.3, 0.5), "—");
    }

    fn brief(status: Status, violations: usize) -> Brief {
        use crate::balance::{SideSeconds, Target};
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        Brief {
            from: d,
            to: d,
            seconds: SideSeconds::default(),
            technical_share: Some(0.28),
            status,
            flagged: status.is_drift() || violations > 0,
            violations,
            expected_seconds: 40 * 3600,
            target: Target {
                technical_share: 0.4,
                tolerance: 0.1,
            },
        }
    }

    #[test]
    fn the_week_says_flagged_exactly_when_it_is_at_every_width() {
        use Status::*;
        for status in [
            NoData,
            Balanced,
            DriftTechnical,
            DriftManagement,
            Off,
            Incomplete,
        ] {
            for violations in [0, 1, 3] {
                let b = brief(status, violations);
                let f = week_flag(48, &b, 2);
                let mut texts = vec![f.text()];
                texts.extend((20..140).map(|w| f.fit(w)));
                for t in texts {
                    assert_eq!(
                        t.contains("flagged"),
                        b.flagged,
                        "{status:?} {violations}: {t}"
                    );
                }
                // A flagged week never reads in the balanced colour.
                assert_eq!(f.tone == Tone::Good, !b.flagged && status == Balanced);
            }
        }
        // A week too thin to judge says how thin; a week off says so, quietly.
        let mut thin = brief(Incomplete, 0);
        thin.seconds.technical = 3600;
        let f = week_flag(48, &thin, 0);
        assert!(
            f.text()
                .ends_with("— too little logged to judge: 1h of 40h"),
            "{}",
            f.text()
        );
        assert_eq!(f.tone, Tone::Quiet);
        // Narrower, its figures go whole, never cut in the middle of one.
        assert_eq!(
            f.fit(50),
            "week 48: technical 28% — too little logged to judge"
        );
        assert_eq!(week_flag(48, &brief(Off, 0), 0).tone, Tone::Quiet);
        assert!(
            week_flag(48, &brief(Off, 0), 0)
                .text()
                .contains("a week off")
        );
        let f = week_flag(48, &brief(Balanced, 3), 1);
        assert_eq!(
            f.text(),
            "week 48: technical 28% — target 40% ±10% — balanced · ⚑ flagged: 3 rules broken"
        );
        assert_eq!(f.tone, Tone::Flagged);
        assert_eq!(
            f.fit(70),
            "week 48: technical 28% — balanced · ⚑ flagged: 3 rules broken"
        );
    }

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101]
            .iter()
            .map(|n| ordinal(*n))
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"
            ]
        );
    }

    #[test]
    fn pace_in_words() {
        let p = |need: i64, most: i64, free: i64, reachable: bool| Pace {
            needed_technical_seconds: need,
            max_technical_seconds: most,
            free_seconds: free,
            reachable,
        };
        let h = 3600;
        let say = |x: Pace| pace_words(&x).unwrap_or_default();
        assert_eq!(
            say(p(9 * h, 14 * h, 14 * h, true)),
            "to stay in band: ≥ 9h technical of the 14h still free"
        );
        assert_eq!(
            say(p(0, 6 * h, 14 * h, true)),
            "to stay in band: at most 6h more technical of the 14h still free"
        );
        assert_eq!(
            say(p(2 * h, 6 * h, 14 * h, true)),
            "to stay in band: 2h–6h technical of the 14h still free"
        );
        assert_eq!(
            say(p(20 * h, 14 * h, 14 * h, false)),
            "band out of reach this week"
        );
        assert_eq!(
            say(p(0, 14 * h, 14 * h, true)),
            "in band whatever the 14h still free hold"
        );
        // Rounded so that following the words lands in band.
        assert_eq!(
            say(p(8 * h + 1, 14 * h, 14 * h, true)),
            "to stay in band: ≥ 8h01m technical of the 14h still free"
        );
        assert_eq!(pace_words(&p(0, 0, 0, true)), None);
    }
}
