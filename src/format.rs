//! How figures read to people — shared by the CLI and the TUI so that both
//! say "7h30m" and "38%" the same way.

use crate::balance::Status;

/// Durations read the same in `model`'s own messages: they live there.
pub use crate::model::time::{hours, hours_f};

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

/// The week's drift flag in words, as the status line and `keel status`
/// say it: "week 48: technical 28% — target 40% ±10% — drifting toward
/// management, 2nd week".
pub fn week_flag(
    week_number: u32,
    share: Option<f64>,
    target: (f64, f64),
    status: Status,
    streak: u32,
) -> String {
    let mut s = format!(
        "week {week_number}: technical {} — target {:.0}% ±{:.0}% — {}",
        percent_in_band(share, target.0 - target.1, target.0 + target.1),
        target.0 * 100.0,
        target.1 * 100.0,
        status_words(status)
    );
    if status.is_drift() && streak > 1 {
        s.push_str(&format!(", {} week", ordinal(streak)));
    }
    s
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
    fn shares_near_a_band_edge_show_a_decimal() {
        assert_eq!(percent_in_band(Some(0.5018), 0.3, 0.5), "50.2%");
        assert_eq!(percent_in_band(Some(0.5), 0.3, 0.5), "50%");
        assert_eq!(percent_in_band(Some(0.2962), 0.3, 0.5), "29.6%");
        assert_eq!(percent_in_band(Some(0.42), 0.3, 0.5), "42%");
        assert_eq!(percent_in_band(None, 0.3, 0.5), "—");
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
}
