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
        config: evenkeel::cli::load_config(&config).unwrap(),
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
    println!("first frame (config, load, draw 200x60): {first:.2?}  budget 30ms");

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
