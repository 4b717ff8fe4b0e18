//! Issue 11 item 7: a daily series over ten years in an Outlook
//! "Customized Time Zone" (a VTIMEZONE evaluated from its own rules) against
//! the same series with an IANA name. `cargo bench --bench ics_zones` prints
//! the median of several runs of each and their ratio; the budget is 3x.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use evenkeel::import::ics;
use evenkeel::model::Zone;

const RUNS: usize = 11;

const CUSTOM: &str = "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\n\
BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n\
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n";

fn calendar(tzid: &str, vtimezone: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:Microsoft Exchange Server 2010\r\n{vtimezone}\
         BEGIN:VEVENT\r\nUID:daily\r\nSUMMARY:Standup\r\n\
         DTSTART;TZID={tzid}:20170102T093000\r\nDTEND;TZID={tzid}:20170102T094500\r\n\
         RRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

fn median(text: &str) -> (Duration, usize) {
    let z = Zone::parse("Europe/Berlin").expect("a zone");
    let d = |y, m, d| z.day_start(NaiveDate::from_ymd_opt(y, m, d).expect("a day"));
    let settings = ics::Settings::new(z);
    let mut n = 0;
    let mut v: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let f = ics::instances(text, &settings, d(2017, 1, 1), d(2026, 12, 1)).expect("read");
            n = f.instances.len();
            t.elapsed()
        })
        .collect();
    v.sort();
    (v[RUNS / 2], n)
}

fn main() {
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let (iana, n1) = median(&calendar("Europe/Berlin", ""));
    let (custom, n2) = median(&calendar("Customized Time Zone", CUSTOM));
    assert_eq!(n1, n2, "both calendars hold the same series");
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("daily series over ~10 years, {n1} instances, median of {RUNS} runs:");
    println!("  IANA zone (Europe/Berlin)         {:8.2} ms", ms(iana));
    println!("  Outlook custom VTIMEZONE          {:8.2} ms", ms(custom));
    println!(
        "  ratio {:.2}x (budget: within 3x)",
        custom.as_secs_f64() / iana.as_secs_f64()
    );
}
