//! TUI budgets (SPEC §7): the first frame (load + draw) on a 10-year
//! history, and drawing each screen at 200×60. Plain `std::time`, the
//! median of N runs. `cargo bench --bench tui`.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use evenkeel::app::Ctx;
use evenkeel::store::Store;
use evenkeel::tui::{self, Tab};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn time<F: FnMut()>(n: usize, mut f: F) -> Duration {
    f();
    median(
        (0..n)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

/// Launch `keel` in a pseudo-terminal; the time until the first frame's
/// text is on the screen. Then quit it.
fn launch_to_first_frame(
    config: &std::path::Path,
    data: &std::path::Path,
    now: DateTime<Utc>,
) -> Duration {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 60,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_keel"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("EVENKEEL_NOW", now.to_rfc3339());
    cmd.env("EVENKEEL_CONFIG", config);
    cmd.env("EVENKEEL_DATA_DIR", data);
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    // The screen as a terminal shows it: the bytes hold escapes.
    let mut screen = vt100::Parser::new(60, 200, 0);
    let mut buf = [0u8; 65536];
    while !screen.screen().contents().contains("● running (s stops)") {
        let n = reader.read(&mut buf).unwrap();
        assert!(n > 0, "keel ended before its first frame");
        screen.process(&buf[..n]);
    }
    let took = start.elapsed();
    writer.write_all(b"q").unwrap();
    child.wait().unwrap();
    took
}

fn main() {
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-26T14:20:00Z")
        .unwrap()
        .to_utc();
    let dir = tempfile::tempdir().unwrap();
    let (config, data) = (dir.path().join("config.toml"), dir.path().join("data"));
    let spec = evenkeel::demo::Spec {
        months: 120,
        timezone: Some("Europe/Berlin".into()),
        ..Default::default()
    };
    let t = Instant::now();
    let w = evenkeel::demo::history(&data, &config, now, &spec).unwrap();
    println!(
        "generated {} entries in {} month files in {:.0?}",
        w.entries,
        w.months,
        t.elapsed()
    );
    let ctx = || Ctx {
        config: evenkeel::config::read(&config).unwrap(),
        config_path: config.clone(),
        store: Store::new(&data),
        now,
    };

    let first = time(20, || {
        let c = ctx();
        let s = tui::initial_state(&c).unwrap();
        let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
        term.draw(|f| f.render_widget(&s, f.area())).unwrap();
    });
    println!("first frame in-process (config, load, draw 200x60): {first:.2?}  budget 30ms");
    let launch = median(
        (0..10)
            .map(|_| launch_to_first_frame(&config, &data, now))
            .collect(),
    );
    println!(
        "first frame of the real binary in a 200x60 pty (exec to text on screen): {launch:.2?}  budget 30ms"
    );

    let c = ctx();
    let mut s = tui::initial_state(&c).unwrap();
    let full = tui::load::load(&c, s.day, s.week, tui::load::Depth::Full).unwrap();
    tui::update(&mut s, tui::Action::Loaded(Box::new(full)));
    let area = Rect::new(0, 0, 200, 60);
    for tab in Tab::ALL {
        s.tab = tab;
        let d = time(200, || {
            let mut buf = Buffer::empty(area);
            (&s).render(area, &mut buf);
            std::hint::black_box(&buf);
        });
        println!("draw {:<10} 200x60: {d:.3?}  budget 2ms", tab.title());
    }
    let d = time(50, || {
        std::hint::black_box(
            tui::load::load(&c, c.today(), c.this_week(), tui::load::Depth::Full).unwrap(),
        );
    });
    println!("reload (what a file change costs): {d:.2?}");
    let d = time(50, || {
        std::hint::black_box(evenkeel::app::status(&c).unwrap());
    });
    println!("  of which app::status: {d:.2?}");
    let d = time(50, || {
        let w = c.this_week();
        std::hint::black_box(
            evenkeel::app::entries_with_running(&c, w - chrono::Duration::weeks(103), w).unwrap(),
        );
    });
    println!("  of which reading 104 weeks: {d:.2?}");
}
