//! Tests of the whole UI without a terminal: screens drawn from fixture
//! data (the demo history at a fixed clock, Europe/Berlin) into a
//! `TestBackend` and compared with insta snapshots, and `update` driven
//! action by action.

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::app::FixedClock;

mod keys;

pub(crate) fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// A demo history of four months ending Thursday 26 Nov 2026, 15:20 Berlin.
pub(crate) struct Fixture {
    pub _dir: tempfile::TempDir,
    pub ctx: Ctx,
    pub clock: FixedClock,
}

pub(crate) fn fixture(now: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let now = at(now);
    let spec = crate::demo::Spec {
        months: 4,
        seed: 42,
        timezone: Some("Europe/Berlin".into()),
        running: true,
    };
    let config = dir.path().join("config.toml");
    let data = dir.path().join("data");
    crate::demo::history(&data, &config, now, &spec).unwrap();
    let ctx = Ctx {
        config: config::read(&config).unwrap(),
        store: Store::new(&data).with_config(&config),
        config_path: config,
        now,
    };
    Fixture {
        _dir: dir,
        ctx,
        clock: FixedClock(now),
    }
}

const NOW: &str = "2026-11-26T14:20:00Z";

pub(crate) fn screen(s: &State, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(s, f.area())).unwrap();
    t.backend().to_string()
}

/// Apply an action and perform its effects, as the loop does.
fn run(s: &mut State, f: &mut Fixture, a: Action) {
    let mut q = vec![a];
    while let Some(a) = q.pop() {
        for e in update(s, a) {
            q.push(perform(&mut f.ctx, &f.clock, e));
        }
    }
}

/// The state after the loop's first full reload.
fn state(f: &Fixture) -> State {
    let mut s = initial_state(&f.ctx).unwrap();
    let d = load::load(&f.ctx, s.day, s.week, load::Depth::Full).unwrap();
    update(&mut s, Action::Loaded(Box::new(d)));
    s.mode = state::Mode::Normal;
    s
}

fn snap(name: &str, s: &State) {
    for (w, h) in [(80, 24), (120, 35), (250, 50)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(s, w, h));
    }
}

fn cmd(s: &mut State, c: Cmd) -> Vec<Effect> {
    update(s, Action::Cmd(c))
}

fn typ(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, Action::Edit(input::Edit::Char(c)));
    }
}

fn clear(s: &mut State) {
    update(s, Action::Edit(input::Edit::Clear));
}

// ---- snapshots -------------------------------------------------------

#[test]
fn today_screen() {
    let f = fixture(NOW);
    snap("today", &state(&f));
}

#[test]
fn today_with_a_gap_selected() {
    let f = fixture(NOW);
    let mut s = state(&f);
    // Tuesday 24 Nov has an unlogged gap in the demo history.
    s.day -= chrono::Duration::days(2);
    let d = load::load(&f.ctx, s.day, s.week, load::Depth::Full).unwrap();
    update(&mut s, Action::Loaded(Box::new(d)));
    let gap = s
        .rows()
        .iter()
        .position(|r| matches!(r, state::Row::Gap(..)));
    s.selected = gap.unwrap_or(0);
    snap("today_past_day", &s);
}

#[test]
fn an_empty_day() {
    let f = fixture(NOW);
    let mut s = state(&f);
    let sat = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let d = load::load(&f.ctx, sat, s.week, load::Depth::Full).unwrap();
    s.day = sat;
    update(&mut s, Action::Loaded(Box::new(d)));
    assert!(s.data.entries.is_empty());
    snap("today_empty", &s);
}

#[test]
fn week_screen_of_a_drifting_week() {
    let f = fixture(NOW);
    let mut s = state(&f);
    s.tab = Tab::Week;
    let w = s.data.week.as_ref().unwrap();
    assert_eq!(w.summary.status, crate::balance::Status::DriftManagement);
    assert!(!w.summary.violations.is_empty());
    snap("week_drifting", &s);
}

#[test]
fn trends_screen() {
    let f = fixture(NOW);
    let mut s = state(&f);
    s.tab = Tab::Trends;
    snap("trends", &s);
}

#[test]
fn boundaries_screen_and_its_editor() {
    let f = fixture(NOW);
    let mut s = state(&f);
    s.tab = Tab::Boundaries;
    snap("boundaries", &s);
    cmd(&mut s, Cmd::Edit);
    clear(&mut s);
    typ(&mut s, "1.7");
    snap("boundaries_invalid_value", &s);
}

#[test]
fn help_overlay() {
    let f = fixture(NOW);
    let mut s = state(&f);
    cmd(&mut s, Cmd::Help);
    snap("help", &s);
}

#[test]
fn add_form_validates_as_you_type() {
    let f = fixture(NOW);
    let mut s = state(&f);
    cmd(&mut s, Cmd::Add);
    typ(&mut s, "re");
    cmd(&mut s, Cmd::NextField);
    clear(&mut s);
    typ(&mut s, "25:00");
    snap("form_errors", &s);
}

#[test]
fn no_size_crashes_the_drawing() {
    let f = fixture(NOW);
    let mut s = state(&f);
    for tab in Tab::ALL {
        s.tab = tab;
        for mode in [state::Mode::Normal, state::Mode::Help] {
            s.mode = mode;
            for w in [0u16, 1, 5, 12, 30, 79] {
                for h in [0u16, 1, 3, 7, 12, 23] {
                    draw_into(&s, w, h);
                }
            }
        }
    }
    cmd(&mut s, Cmd::Tab(Tab::Today));
    cmd(&mut s, Cmd::Add);
    for (w, h) in [(1, 1), (10, 4), (40, 10)] {
        draw_into(&s, w, h);
    }
}

/// Draw into a bare buffer (the TestBackend refuses a zero size).
fn draw_into(s: &State, w: u16, h: u16) {
    use ratatui::widgets::Widget;
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    s.render(area, &mut buf);
}

#[test]
fn no_color_draws_without_colours() {
    let f = fixture(NOW);
    let mut s = state(&f);
    s.theme = Theme { color: false };
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|fr| fr.render_widget(&s, fr.area())).unwrap();
    let buf = t.backend().buffer();
    assert!(
        buf.content()
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset)
    );
}

// ---- update, action by action ------------------------------------------

#[test]
fn tabs_switch_by_number_tab_key_and_mouse() {
    let f = fixture(NOW);
    let mut s = state(&f);
    cmd(&mut s, Cmd::Tab(Tab::Trends));
    assert_eq!(s.tab, Tab::Trends);
    cmd(&mut s, Cmd::NextTab);
    assert_eq!(s.tab, Tab::Boundaries);
    cmd(&mut s, Cmd::NextTab);
    assert_eq!(s.tab, Tab::Today);
    cmd(&mut s, Cmd::PrevTab);
    assert_eq!(s.tab, Tab::Boundaries);
    // " 1 Today │ 2 Week │": column 12 is on "2 Week".
    update(&mut s, Action::Click { col: 12, row: 0 });
    assert_eq!(s.tab, Tab::Week);
    // A click on a rule of the Boundaries list selects it.
    update(&mut s, Action::Click { col: 40, row: 0 });
    assert_eq!(s.tab, Tab::Boundaries);
    update(&mut s, Action::Click { col: 5, row: 4 });
    assert_eq!(s.boundary_row, 2);
    // And a row of Today's list.
    cmd(&mut s, Cmd::Tab(Tab::Today));
    let list = today::list_area(&s, layout::areas(80, 24).body);
    update(
        &mut s,
        Action::Click {
            col: 5,
            row: list.y + 2,
        },
    );
    assert_eq!(s.selected, 2);
}

#[test]
fn moving_between_days_and_weeks_asks_for_a_reload() {
    let f = fixture(NOW);
    let mut s = state(&f);
    let today = s.day;
    let e = cmd(&mut s, Cmd::Prev);
    assert_eq!(s.day, today - chrono::Duration::days(1));
    assert_eq!(
        e,
        vec![Effect::Reload {
            day: s.day,
            week: s.week,
            full: false
        }]
    );
    cmd(&mut s, Cmd::Now);
    assert_eq!(s.day, today);
    s.tab = Tab::Week;
    let w = s.week;
    cmd(&mut s, Cmd::Next);
    assert_eq!(s.week, w + chrono::Duration::weeks(1));
    assert_eq!(s.day, today);
    s.tab = Tab::Trends;
    assert!(cmd(&mut s, Cmd::Next).is_empty());
    assert_eq!((s.day, s.week), (today, w + chrono::Duration::weeks(1)));
}

#[test]
fn selection_stays_in_the_list() {
    let f = fixture(NOW);
    let mut s = state(&f);
    let n = s.rows().len();
    for _ in 0..n + 3 {
        cmd(&mut s, Cmd::Down);
    }
    assert_eq!(s.selected, n - 1);
    cmd(&mut s, Cmd::Top);
    cmd(&mut s, Cmd::Up);
    assert_eq!(s.selected, 0);
    cmd(&mut s, Cmd::Bottom);
    assert_eq!(s.selected, n - 1);
    update(&mut s, Action::Scroll(-1));
    assert_eq!(s.selected, n - 2);
}

#[test]
fn an_activity_key_starts_and_s_stops() {
    let f = fixture(NOW);
    let mut s = state(&f);
    assert_eq!(
        update(&mut s, Action::Start("review".into())),
        vec![Effect::Start("review".into())]
    );
    assert_eq!(cmd(&mut s, Cmd::Stop), vec![Effect::Stop(None)]);
    s.data.running = None;
    assert!(cmd(&mut s, Cmd::Stop).is_empty());
    assert!(matches!(s.notice, Some(state::Notice::Error(_))));
}

#[test]
fn arrows_choose_among_matches_and_tab_moves_fields() {
    let f = fixture(NOW);
    let mut s = state(&f);
    cmd(&mut s, Cmd::Add);
    typ(&mut s, "in");
    let names: Vec<String> = form::matching(s.config(), "in")
        .iter()
        .map(|a| a.name.clone())
        .collect();
    assert!(names.len() > 2, "{names:?}");
    cmd(&mut s, Cmd::Down);
    cmd(&mut s, Cmd::Down);
    cmd(&mut s, Cmd::Up);
    let state::Mode::Form(fm) = &s.mode else {
        panic!()
    };
    assert_eq!((fm.pick, fm.field), (1, form::Field::Activity));
    cmd(&mut s, Cmd::NextField);
    let state::Mode::Form(fm) = &s.mode else {
        panic!()
    };
    assert_eq!(fm.field, form::Field::Start);
    // Before the day's first entry: the proposal (after the last entry)
    // runs into the timer.
    clear(&mut s);
    typ(&mut s, "07:00");
    let e = cmd(&mut s, Cmd::Submit);
    let Effect::Log(entry) = &e[0] else {
        panic!("{e:?}")
    };
    assert_eq!(entry.activity, names[1]);
    update(&mut s, Action::Done(Ok("logged".into())));
    // The picker: the same arrows, and Enter starts the one chosen.
    cmd(&mut s, Cmd::Picker);
    typ(&mut s, "in");
    for _ in 0..20 {
        cmd(&mut s, Cmd::Down);
    }
    assert_eq!(
        cmd(&mut s, Cmd::Submit),
        vec![Effect::Start(names.last().unwrap().clone())]
    );
}

#[test]
fn the_picker_starts_the_filtered_activity() {
    let f = fixture(NOW);
    let mut s = state(&f);
    cmd(&mut s, Cmd::Picker);
    typ(&mut s, "plan");
    assert_eq!(
        cmd(&mut s, Cmd::Submit),
        vec![Effect::Start("planning".into())]
    );
    assert_eq!(s.mode, state::Mode::Normal);
}

#[test]
fn a_gap_fills_in_two_keystrokes() {
    let f = fixture(NOW);
    let mut s = state(&f);
    let (i, (a, b)) = gap_of(&mut s, &f);
    s.selected = i;
    cmd(&mut s, Cmd::Fill);
    assert_eq!(s.mode, state::Mode::Fill(a, b));
    let e = update(&mut s, Action::Start("design".into()));
    assert_eq!(
        e,
        vec![Effect::Log(crate::model::Entry::new(a, b, "design"))]
    );
    // Or with any activity from the list.
    cmd(&mut s, Cmd::Fill);
    cmd(&mut s, Cmd::Picker);
    typ(&mut s, "mentor");
    let e = cmd(&mut s, Cmd::Submit);
    assert_eq!(
        e,
        vec![Effect::Log(crate::model::Entry::new(a, b, "mentoring"))]
    );
    // Without a gap selected, `f` says so.
    s.selected = s
        .rows()
        .iter()
        .position(|r| matches!(r, state::Row::Entry(_)))
        .unwrap();
    cmd(&mut s, Cmd::Fill);
    assert!(matches!(s.notice, Some(state::Notice::Error(_))));
}

/// Go to a day with an unlogged gap; its row and bounds.
fn gap_of(
    s: &mut State,
    f: &Fixture,
) -> (
    usize,
    (
        chrono::DateTime<chrono::FixedOffset>,
        chrono::DateTime<chrono::FixedOffset>,
    ),
) {
    for back in 1..30 {
        let day = s.today() - chrono::Duration::days(back);
        let d = load::load(&f.ctx, day, s.week, load::Depth::Full).unwrap();
        s.day = day;
        update(s, Action::Loaded(Box::new(d)));
        if let Some((i, state::Row::Gap(a, b))) = s
            .rows()
            .into_iter()
            .enumerate()
            .find(|(_, r)| matches!(r, state::Row::Gap(..)))
        {
            return (i, (a, b));
        }
    }
    panic!("the demo has no gap in a month");
}

#[test]
fn the_add_form_logs_a_valid_entry_and_keeps_an_invalid_one_open() {
    let f = fixture(NOW);
    let mut s = state(&f);
    cmd(&mut s, Cmd::Add);
    typ(&mut s, "xyz");
    assert!(cmd(&mut s, Cmd::Submit).is_empty());
    assert!(matches!(s.mode, state::Mode::Form(_)));
    clear(&mut s);
    typ(&mut s, "hir");
    cmd(&mut s, Cmd::NextField);
    clear(&mut s);
    typ(&mut s, "07:00");
    cmd(&mut s, Cmd::NextField);
    clear(&mut s);
    typ(&mut s, "45m");
    cmd(&mut s, Cmd::NextField);
    typ(&mut s, "panel");
    cmd(&mut s, Cmd::NextField);
    typ(&mut s, "q4");
    let e = cmd(&mut s, Cmd::Submit);
    let Effect::Log(entry) = &e[0] else {
        panic!("{e:?}")
    };
    assert_eq!(entry.activity, "hiring");
    assert_eq!(entry.start.to_rfc3339(), "2026-11-26T07:00:00+01:00");
    assert_eq!(entry.seconds(), 45 * 60);
    assert_eq!(
        (entry.note.as_deref(), entry.tags.clone()),
        (Some("panel"), vec!["q4".to_string()])
    );
    // The form waits for the outcome, and closes when it is good.
    assert!(matches!(&s.mode, state::Mode::Form(f) if f.saving));
    update(&mut s, Action::Done(Ok("logged hiring".into())));
    assert_eq!(s.mode, state::Mode::Normal);
}

#[test]
fn editing_an_entry_sends_its_changes() {
    let f = fixture(NOW);
    let mut s = state(&f);
    s.selected = 0;
    let first = s.data.entries[0].clone();
    cmd(&mut s, Cmd::Edit);
    clear(&mut s);
    typ(&mut s, "design");
    let e = cmd(&mut s, Cmd::Submit);
    let Effect::Edit(start, ch) = &e[0] else {
        panic!("{e:?}")
    };
    assert_eq!(*start, first.start);
    assert_eq!(ch.activity.as_deref(), Some("design"));
    assert_eq!((ch.start, ch.end), (Some(first.start), Some(first.end)));
}

#[test]
fn delete_asks_first() {
    let f = fixture(NOW);
    let mut s = state(&f);
    s.selected = 0;
    let first = s.data.entries[0].clone();
    assert!(cmd(&mut s, Cmd::Delete).is_empty());
    assert_eq!(s.mode, state::Mode::ConfirmDelete(first.clone()));
    cmd(&mut s, Cmd::No);
    assert_eq!(s.mode, state::Mode::Normal);
    cmd(&mut s, Cmd::Delete);
    assert_eq!(cmd(&mut s, Cmd::Yes), vec![Effect::Delete(first.start)]);
}

#[test]
fn undo_help_and_quit() {
    let f = fixture(NOW);
    let mut s = state(&f);
    assert_eq!(cmd(&mut s, Cmd::Undo), vec![Effect::Undo]);
    cmd(&mut s, Cmd::Help);
    assert_eq!(s.mode, state::Mode::Help);
    cmd(&mut s, Cmd::Help);
    assert_eq!(s.mode, state::Mode::Normal);
    cmd(&mut s, Cmd::Quit);
    assert!(s.quit);
}

#[test]
fn the_reflection_is_written_in_place() {
    let f = fixture(NOW);
    let mut s = state(&f);
    s.tab = Tab::Week;
    cmd(&mut s, Cmd::Review);
    clear(&mut s);
    typ(&mut s, "Too many 1:1s ");
    assert_eq!(
        cmd(&mut s, Cmd::Submit),
        vec![Effect::SetReview(s.week, "Too many 1:1s".into())]
    );
    cmd(&mut s, Cmd::Review);
    cmd(&mut s, Cmd::Cancel);
    assert_eq!(s.mode, state::Mode::Normal);
}

#[test]
fn a_boundary_is_changed_only_with_a_valid_value() {
    let f = fixture(NOW);
    let mut s = state(&f);
    s.tab = Tab::Boundaries;
    cmd(&mut s, Cmd::Down);
    cmd(&mut s, Cmd::Up);
    cmd(&mut s, Cmd::Edit);
    let state::Mode::Boundary { key, input, .. } = &s.mode else {
        panic!()
    };
    assert_eq!((*key, input.text.as_str()), ("technical_share", "0.45"));
    clear(&mut s);
    typ(&mut s, "abc");
    assert!(cmd(&mut s, Cmd::Submit).is_empty());
    clear(&mut s);
    typ(&mut s, "50%");
    let e = cmd(&mut s, Cmd::Submit);
    assert_eq!(
        e,
        vec![Effect::SetBoundary(crate::config::edit::Change {
            key: "technical_share".into(),
            value: Some(0.5)
        })]
    );
}

#[test]
fn a_long_timer_is_pointed_out_and_stopped_at_its_real_end() {
    // Two days later the demo's timer has run for more than 12 hours.
    let mut f = fixture(NOW);
    f.ctx.now = at("2026-11-27T09:00:00Z");
    let mut s = initial_state(&f.ctx).unwrap();
    assert!(matches!(s.mode, state::Mode::LongTimer(..)));
    snap("long_timer", &s);
    typ(&mut s, "25:00");
    assert!(cmd(&mut s, Cmd::Submit).is_empty());
    clear(&mut s);
    typ(&mut s, "17:30");
    let e = cmd(&mut s, Cmd::Submit);
    let Effect::Stop(Some(at)) = &e[0] else {
        panic!("{e:?}")
    };
    assert_eq!(at.to_rfc3339(), "2026-11-26T17:30:00+01:00");
}

/// Issue 10, item 12: a timer left running over 12 hours never becomes one
/// block without a question — not after Esc on the prompt either: `s` and
/// another activity's key ask again, and Enter with nothing typed is the
/// confirmation that keeps it all.
#[test]
fn a_long_timer_is_asked_about_again_before_it_becomes_one_block() {
    let mut f = fixture(NOW);
    f.ctx.now = at("2026-11-27T09:00:00Z");
    let mut s = initial_state(&f.ctx).unwrap();
    assert!(matches!(s.mode, state::Mode::LongTimer(..)));
    cmd(&mut s, Cmd::Cancel);
    assert_eq!(s.mode, state::Mode::Normal);
    assert!(cmd(&mut s, Cmd::Stop).is_empty());
    assert!(matches!(s.mode, state::Mode::LongTimer(..)));
    cmd(&mut s, Cmd::Cancel);
    let running = s.data.running.as_ref().unwrap().activity.clone();
    let other = if running == "design" {
        "review"
    } else {
        "design"
    };
    assert!(update(&mut s, Action::Start(other.into())).is_empty());
    assert!(matches!(s.mode, state::Mode::LongTimer(..)));
    let shown = screen(&s, 100, 30);
    assert!(shown.contains("nothing typed: now, keeping all"), "{shown}");
    assert_eq!(cmd(&mut s, Cmd::Submit), vec![Effect::Stop(None)]);
    // The running activity's own key is no switch: nothing to ask.
    s.mode = state::Mode::Normal;
    assert_eq!(
        update(&mut s, Action::Start(running.clone())),
        vec![Effect::Start(running)]
    );
}

#[test]
fn ticks_reload_each_minute_and_outcomes_become_notices() {
    let f = fixture(NOW);
    let mut s = state(&f);
    assert!(
        update(
            &mut s,
            Action::Tick(at(NOW) + chrono::Duration::seconds(20))
        )
        .is_empty()
    );
    assert_eq!(
        update(
            &mut s,
            Action::Tick(at(NOW) + chrono::Duration::seconds(70))
        )
        .len(),
        1
    );
    let e = update(&mut s, Action::Done(Err("boom".into())));
    assert_eq!(s.notice, Some(state::Notice::Error("boom".into())));
    assert!(matches!(e[0], Effect::Reload { .. }));
    update(&mut s, Action::Resize(120, 40));
    assert_eq!(s.size, (120, 40));
}

// ---- effects through the library -----------------------------------------

#[test]
fn effects_go_through_the_library_and_reload() {
    let mut f = fixture(NOW);
    let mut s = state(&f);
    run(&mut s, &mut f, Action::Start("review".into()));
    assert_eq!(s.data.running.as_ref().unwrap().activity, "review");
    assert!(
        matches!(&s.notice, Some(state::Notice::Info(m)) if m.contains("switched from coding to review")),
        "{:?}",
        s.notice
    );
    f.clock = FixedClock(at(NOW) + chrono::Duration::minutes(30));
    run(&mut s, &mut f, Action::Cmd(Cmd::Stop));
    assert!(s.data.running.is_none());
    assert!(f.ctx.store.running().unwrap().is_none());
    run(&mut s, &mut f, Action::Cmd(Cmd::Undo));
    assert!(f.ctx.store.running().unwrap().is_some());
    s.tab = Tab::Boundaries;
    run(&mut s, &mut f, Action::Cmd(Cmd::Edit));
    clear(&mut s);
    typ(&mut s, "0.3");
    run(&mut s, &mut f, Action::Cmd(Cmd::Submit));
    assert!(
        matches!(&s.notice, Some(state::Notice::Info(m)) if m.contains("technical_share changed from 2026-11-23: 0.3")),
        "{:?}",
        s.notice
    );
    assert_eq!(s.config().boundaries_on(s.this_week()).technical_share, 0.3);
    let text = std::fs::read_to_string(&f.ctx.config_path).unwrap();
    assert!(text.contains("# Boundaries: the rules"), "comments kept");
    s.tab = Tab::Week;
    run(&mut s, &mut f, Action::Cmd(Cmd::Review));
    typ(&mut s, "ok");
    run(&mut s, &mut f, Action::Cmd(Cmd::Submit));
    assert_eq!(s.data.week.as_ref().unwrap().review.as_deref(), Some("ok"));
}

#[test]
fn an_error_from_the_library_is_shown_not_fatal() {
    let mut f = fixture(NOW);
    let mut s = state(&f);
    // Logging over an existing entry is refused by the store.
    let e = s.data.entries[0].clone();
    let a = perform(&mut f.ctx, &f.clock, Effect::Log(e));
    update(&mut s, a);
    assert!(matches!(s.notice, Some(state::Notice::Error(_))));
}

// ---- the README's captures -------------------------------------------------

/// A screen as plain text, trailing blanks trimmed.
fn plain(s: &State, w: u16, h: u16) -> String {
    use ratatui::widgets::Widget;
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    s.render(area, &mut buf);
    let mut out = String::new();
    for y in 0..h {
        let line: String = (0..w).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// docs/screens/*.txt are the demo at 100×30 on a fixed clock; this keeps
/// them current (`EVENKEEL_UPDATE_DOCS=1 cargo test docs_screens` rewrites).
/// The loaded data of `s` with meetings booked for the rest of the week
/// (as a calendar would book them) and the forecast they make.
fn week_with_booked(ctx: &Ctx, s: &State) -> state::Data {
    use crate::balance::forecast::{Booked, forecast};
    let zone = ctx.config.zone;
    let at = |d: u32, h: u32, m: u32| {
        zone.resolve(
            chrono::NaiveDate::from_ymd_opt(2026, 11, d)
                .unwrap()
                .and_hms_opt(h, m, 0)
                .unwrap(),
        )
        .unwrap()
    };
    let b = |d, (h, m), (h2, m2), side, title: &str| Booked {
        start: at(d, h, m),
        end: at(d, h2, m2),
        side,
        title: title.into(),
    };
    use crate::model::Side::{Management as M, Technical as T};
    let booked = vec![
        b(26, (15, 30), (16, 30), M, "Hiring debrief"),
        b(26, (18, 0), (19, 45), M, "Leads dinner"),
        b(27, (9, 0), (9, 30), M, "Sprint planning"),
        b(27, (11, 0), (11, 30), M, "1:1 Bo"),
        b(27, (14, 0), (16, 0), T, "Design review: payments RFC"),
    ];
    let period = crate::balance::Period::week(s.week, ctx.config.week_start);
    let (entries, _) = crate::app::entries_with_running(ctx, period.from, period.to).unwrap();
    let off = ctx.days_off().unwrap();
    let f = forecast(&entries, &booked, &ctx.config, &off, period, ctx.now);
    let mut data = s.data.clone();
    let (from, to) = crate::balance::Period::day(s.day).bounds(&zone);
    data.booked = f
        .booked
        .iter()
        .filter(|x| x.end > from && x.start < to)
        .cloned()
        .collect();
    if let Some(w) = data.week.as_mut() {
        w.forecast = Some(f);
    }
    data
}

#[test]
fn docs_screens_are_current() {
    let dir = tempfile::tempdir().unwrap();
    let now = at(NOW);
    let spec = crate::demo::Spec {
        timezone: Some("Europe/Berlin".into()),
        ..crate::demo::Spec::default()
    };
    let config = dir.path().join("config.toml");
    let data = dir.path().join("data");
    crate::demo::history(&data, &config, now, &spec).unwrap();
    let ctx = Ctx {
        config: config::read(&config).unwrap(),
        store: Store::new(&data).with_config(&config),
        config_path: config,
        now,
    };
    let mut s = initial_state(&ctx).unwrap();
    let d = load::load(&ctx, s.day, s.week, load::Depth::Full).unwrap();
    update(&mut s, Action::Loaded(Box::new(d)));
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screens");
    let update = std::env::var_os("EVENKEEL_UPDATE_DOCS").is_some();
    let mut shots = Vec::new();
    for tab in Tab::ALL {
        s.tab = tab;
        shots.push((tab.title().to_lowercase(), plain(&s, 100, 30)));
    }
    // The Week screen with a forecast: the demo's week with the rest of it
    // booked in a calendar.
    let with_plan = week_with_booked(&ctx, &s);
    let mut planned = s.clone();
    super::update::update(&mut planned, Action::Loaded(Box::new(with_plan)));
    planned.tab = Tab::Week;
    shots.push(("week-plan".into(), plain(&planned, 100, 30)));
    s.tab = Tab::Today;
    cmd(&mut s, Cmd::Help);
    shots.push(("help".into(), plain(&s, 100, 30)));
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    for (name, text) in shots {
        let path = docs.join(format!("{name}.txt"));
        if update {
            std::fs::create_dir_all(&docs).unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        // The README shows the same captures; keep it honest too.
        assert!(
            readme.contains(text.trim_end()),
            "README.md shows an old capture of the {name} screen: paste docs/screens/{name}.txt into it"
        );
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            on_disk,
            text,
            "{} is stale: EVENKEEL_UPDATE_DOCS=1 cargo test docs_screens",
            path.display()
        );
    }
}

#[test]
fn a_file_broken_underneath_is_shown_and_the_last_view_kept() {
    let mut f = fixture(NOW);
    let mut s = state(&f);
    let before = s.data.entries.len();
    let path = f.ctx.store.month_path(crate::model::Month::of(s.day));
    std::fs::write(&path, "[[entry]]\nstart = nonsense\n").unwrap();
    // As the loop does on a change: this must end (no reload loop).
    let a = perform(
        &mut f.ctx,
        &f.clock,
        Effect::Reload {
            day: s.day,
            week: s.week,
            full: true,
        },
    );
    run(&mut s, &mut f, a);
    assert!(
        matches!(&s.notice, Some(state::Notice::Error(m)) if m.contains("2026-11.toml")),
        "{:?}",
        s.notice
    );
    assert_eq!(s.data.entries.len(), before);
    // After any change the view is read again, once; the broken file shows.
    run(&mut s, &mut f, Action::Cmd(Cmd::Undo));
    assert!(matches!(s.notice, Some(state::Notice::Error(_))));
}

#[test]
fn the_week_screen_counts_the_streak_as_far_back_as_the_status_line() {
    // Twenty weeks drifting toward management: further back than the twelve
    // weeks the Week screen once read (it said "12th week" while the status
    // line said 20).
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    // Judged however little each week holds: the weeks are short on purpose.
    std::fs::write(
        &config,
        "timezone = \"Europe/Berlin\"\n[[boundaries]]\nsince = 2026-01-05\nmin_logged_fraction = 0\n",
    )
    .unwrap();
    let ctx = Ctx {
        config: config::read(&config).unwrap(),
        store: Store::new(dir.path().join("data")).with_config(&config),
        config_path: config,
        now: at(NOW),
    };
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for w in 0..20 {
        let day = monday - chrono::Duration::weeks(w);
        let t = |h: u32| {
            ctx.config
                .zone
                .resolve(day.and_hms_opt(h, 0, 0).unwrap())
                .unwrap()
        };
        crate::app::log(&ctx, crate::model::Entry::new(t(9), t(10), "coding")).unwrap();
        crate::app::log(&ctx, crate::model::Entry::new(t(10), t(15), "planning")).unwrap();
    }
    let status = crate::app::status(&ctx).unwrap();
    assert_eq!(status.streak.weeks, 20);
    let mut s = initial_state(&ctx).unwrap();
    assert_eq!(s.data.week.as_ref().unwrap().streak.weeks, 20);
    s.tab = Tab::Week;
    let text = plain(&s, 120, 35);
    // The Week screen and the status line under it.
    assert!(text.contains("20th week in a row"), "{text}");
    assert!(text.contains("management, 20th week ·"), "{text}");
}

#[test]
fn user_text_reads_on_screen_as_the_cli_shows_it() {
    // A note and a tag carrying escape sequences (a calendar title can):
    // the screen shows them escaped by crate::text, never sends them.
    let f = fixture(NOW);
    let day = f.ctx.today();
    let t = |h: u32| {
        f.ctx
            .config
            .zone
            .resolve(day.and_hms_opt(h, 0, 0).unwrap())
            .unwrap()
    };
    let note = "ping \u{1b}]0;PWNED\u{7}\nsecond line";
    let tag = "x\u{1b}[2J";
    let mut e = crate::model::Entry::new(t(6), t(7), "coding");
    e.note = Some(note.into());
    e.tags = vec![tag.into()];
    crate::app::log(&f.ctx, e).unwrap();
    let mut s = initial_state(&f.ctx).unwrap();
    let text = plain(&s, 160, 48);
    let want = format!("{} #{}", crate::text::clean(note), crate::text::clean(tag));
    assert!(text.contains(&want), "want {want:?} in:\n{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
    // The delete prompt and the edit form show the same.
    cmd(&mut s, Cmd::Top);
    cmd(&mut s, Cmd::Edit);
    let text = plain(&s, 160, 48);
    assert!(text.contains(&*crate::text::clean(note)), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn a_row_with_seconds_adds_up() {
    // Timers keep seconds: 06:15:10–06:34:40 is 19m30s. Times truncated and
    // the duration rounded read "06:15–06:34 20m"; both come from the same
    // rounded instants now.
    let f = fixture(NOW);
    let day = f.ctx.today();
    let t = |m: u32, s: u32| {
        f.ctx
            .config
            .zone
            .resolve(day.and_hms_opt(6, m, s).unwrap())
            .unwrap()
    };
    crate::app::log(
        &f.ctx,
        crate::model::Entry::new(t(15, 10), t(34, 40), "coding"),
    )
    .unwrap();
    let s = initial_state(&f.ctx).unwrap();
    let text = plain(&s, 160, 48);
    assert!(text.contains("06:15–06:35    20m"), "{text}");
}

/// A merge left two of today's entries overlapping: the row is marked, `O`
/// asks which to keep, and the answer settles the pair on disk (one step).
#[test]
fn an_overlap_from_a_merge_is_marked_and_settled_with_one_key() {
    let mut f = fixture(NOW);
    let s = state(&f);
    let first = s.data.entries[0].clone();
    // From the other machine: from before the day's first entry into it.
    let mut other = crate::model::Entry::new(
        first.start - chrono::Duration::minutes(20),
        first.start + chrono::Duration::minutes(10),
        "admin",
    );
    other.note = Some("from the laptop".into());
    let path = f.ctx.store.month_path(first.month());
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!(
            "{text}\n{}",
            crate::store::month::serialize(std::slice::from_ref(&other))
        ),
    )
    .unwrap();
    let mut s = state(&f);
    assert!(
        screen(&s, 100, 30).contains("⚠ overlaps (O settles)"),
        "{}",
        screen(&s, 100, 30)
    );
    s.selected = 1;
    assert_eq!(s.data.entries[1], first);
    assert!(cmd(&mut s, Cmd::Overlap).is_empty());
    assert_eq!(s.mode, state::Mode::Overlap(other.clone(), first.clone()));
    let shown = screen(&s, 100, 30);
    assert!(
        shown.contains("two entries overlap") && shown.contains("2  "),
        "{shown}"
    );
    assert_eq!(
        cmd(&mut s, Cmd::KeepFirst),
        vec![Effect::ResolveOverlap(
            other.start,
            first.start,
            crate::app::sync::Keep::First
        )]
    );
    s.mode = state::Mode::Normal;
    run(&mut s, &mut f, Action::Cmd(Cmd::Overlap));
    run(&mut s, &mut f, Action::Cmd(Cmd::KeepBoth));
    // Both kept: the second trimmed to start where the first ends.
    let now = f.ctx.store.read_month(first.month()).unwrap();
    assert!(now.contains(&other), "the first stays whole");
    let mut trimmed = first.clone();
    trimmed.start = other.end;
    assert!(now.contains(&trimmed), "{now:?}");
    assert!(!now.contains(&first));
    assert!(
        !screen(&s, 100, 30).contains("⚠"),
        "{}",
        screen(&s, 100, 30)
    );
    // Without an overlap, O says so.
    s.selected = 1;
    cmd(&mut s, Cmd::Overlap);
    assert_eq!(s.mode, state::Mode::Normal);
}

#[test]
fn a_boundary_is_checked_in_update_as_it_is_typed() {
    let f = fixture(NOW);
    let mut s = state(&f);
    s.tab = Tab::Boundaries;
    let row = crate::config::keys::KEYS
        .iter()
        .position(|k| k.name == "min_technical_hours")
        .unwrap();
    for _ in 0..row {
        cmd(&mut s, Cmd::Down);
    }
    cmd(&mut s, Cmd::Edit);
    let check = |s: &State| match &s.mode {
        state::Mode::Boundary { key, check, .. } => (*key, check.clone()),
        m => panic!("{m:?}"),
    };
    assert_eq!(check(&s), ("min_technical_hours", Ok(())));
    clear(&mut s);
    // Over the set's maximum: refused by the config's own rule, in words
    // without the file position.
    typ(&mut s, "30");
    let (_, c) = check(&s);
    let e = c.unwrap_err();
    assert!(e.contains("max_technical_hours"), "{e}");
    assert!(!e.starts_with("config"), "{e}");
    assert!(cmd(&mut s, Cmd::Submit).is_empty());
    // Out of the key's range: refused against what was typed.
    clear(&mut s);
    typ(&mut s, "200");
    assert!(check(&s).1.unwrap_err().contains("0 to 168"));
    clear(&mut s);
    typ(&mut s, "none");
    assert_eq!(check(&s).1, Ok(()));
}

#[test]
fn protected_blocks_are_added_and_let_go_of_on_the_boundaries_screen() {
    let mut f = fixture(NOW);
    let mut s = state(&f);
    s.tab = Tab::Boundaries;
    let before = s.config().boundaries_on(s.this_week()).protected.len();
    cmd(&mut s, Cmd::Add);
    typ(&mut s, "mon,wed 15:00-13:00");
    let state::Mode::Protect { check, .. } = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert!(check.as_ref().unwrap_err().contains("ends after it starts"));
    assert!(
        cmd(&mut s, Cmd::Submit).is_empty(),
        "an invalid block is not saved"
    );
    clear(&mut s);
    typ(&mut s, "mon,wed 13:00-15:00 management");
    assert!(plain(&s, 120, 40).contains("✓ Enter saves"));
    run(&mut s, &mut f, Action::Cmd(Cmd::Submit));
    assert_eq!(s.mode, state::Mode::Normal);
    let set = s.config().boundaries_on(s.this_week()).clone();
    assert_eq!(set.since, s.this_week(), "a set dated this week");
    assert_eq!(set.protected.len(), before + 1);
    let shown = plain(&s, 120, 40);
    let row = format!("protected {}", before + 1);
    assert!(
        shown.contains(&row) && shown.contains("mon,wed 13:00–15:00"),
        "{shown}"
    );
    // Select it, D asks, y lets go of it (one undo step).
    for _ in 0..crate::config::keys::KEYS.len() + before {
        cmd(&mut s, Cmd::Down);
    }
    cmd(&mut s, Cmd::Delete);
    assert_eq!(s.mode, state::Mode::ConfirmUnprotect(before + 1));
    assert!(plain(&s, 120, 40).contains("let go of it from this week? y / n"));
    run(&mut s, &mut f, Action::Cmd(Cmd::Yes));
    let set = s.config().boundaries_on(s.this_week()).clone();
    assert_eq!(set.protected.len(), before);
    // A rule row is not a block: D says what it does instead.
    s.boundary_row = 0;
    cmd(&mut s, Cmd::Delete);
    assert!(matches!(s.notice, Some(state::Notice::Error(_))));
}

#[test]
fn a_day_is_marked_off_and_back_with_one_key() {
    let mut f = fixture(NOW);
    let mut s = state(&f);
    let day = s.data.day;
    assert_eq!(cmd(&mut s, Cmd::DayOff), vec![Effect::DayOff(day, true)]);
    run(&mut s, &mut f, Action::Cmd(Cmd::DayOff));
    assert_eq!(s.data.day_off, Some(None));
    assert!(plain(&s, 100, 30).contains("(today) · day off"));
    s.tab = Tab::Week;
    let week = plain(&s, 100, 30);
    let row = week
        .lines()
        .find(|l| l.starts_with(&day.format("%a %-d").to_string()))
        .unwrap();
    assert!(
        row.contains("6h35m  T ") && row.trim_end().ends_with("  day off"),
        "{row}"
    );
    let covers = |f: &Fixture| {
        f.ctx
            .store
            .time_off()
            .unwrap()
            .iter()
            .any(|r| r.from <= day && day <= r.to)
    };
    assert!(covers(&f), "written through the store");
    s.tab = Tab::Today;
    assert_eq!(cmd(&mut s, Cmd::DayOff), vec![Effect::DayOff(day, false)]);
    run(&mut s, &mut f, Action::Cmd(Cmd::DayOff));
    assert_eq!(s.data.day_off, None);
    assert!(!covers(&f));
}

/// Issue 10, item 6: an entry over midnight, edited from its second day,
/// opens without an error and keeps its own date when its duration changes.
#[test]
fn an_overnight_entry_edited_from_its_second_day_keeps_its_date() {
    let mut f = fixture(NOW);
    let day = f.ctx.today();
    let zone = f.ctx.config.zone;
    let at = |d: chrono::NaiveDate, h: u32, m: u32| {
        zone.resolve(d.and_hms_opt(h, m, 0).unwrap()).unwrap()
    };
    let start = at(day - chrono::Duration::days(1), 23, 30);
    let e = crate::model::Entry::new(start, at(day, 0, 45), "design");
    crate::app::log(&f.ctx, e).unwrap();
    let mut s = state(&f);
    s.selected = s
        .rows()
        .iter()
        .position(|r| matches!(r, state::Row::Entry(i) if s.data.entries[*i].start == start))
        .expect("the entry shows on its second day");
    cmd(&mut s, Cmd::Edit);
    let state::Mode::Form(fm) = &s.mode else {
        panic!("{:?}", s.mode)
    };
    assert!(
        fm.checked.errors.iter().all(Option::is_none),
        "{:?}",
        fm.checked.errors
    );
    snap("form_overnight_edit", &s);
    cmd(&mut s, Cmd::NextField);
    cmd(&mut s, Cmd::NextField);
    clear(&mut s);
    typ(&mut s, "2h");
    run(&mut s, &mut f, Action::Cmd(Cmd::Submit));
    assert!(
        matches!(&s.notice, Some(state::Notice::Info(m)) if m.starts_with("saved design")),
        "{:?}",
        s.notice
    );
    let month = f
        .ctx
        .store
        .read_month(crate::model::Month::of(day))
        .unwrap();
    let kept = month
        .iter()
        .find(|e| e.activity == "design" && e.start == start);
    assert_eq!(
        kept.map(|e| e.seconds()),
        Some(7200),
        "the entry keeps its start and date: {month:?}"
    );
}

/// `docs/keys.md` is the help's key reference as Markdown; the README
/// carries it, so `?` and the README teach the same keys, all of them
/// (`EVENKEEL_UPDATE_DOCS=1 cargo test docs_keys` rewrites it).
#[test]
fn docs_keys_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = help::markdown(&crate::config::Config::builtin());
    let path = root.join("docs/keys.md");
    if std::env::var_os("EVENKEEL_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        text,
        "docs/keys.md is stale: EVENKEEL_UPDATE_DOCS=1 cargo test docs_keys"
    );
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains(text.trim_end()),
        "README.md lacks the current key reference: paste docs/keys.md into it"
    );
    // Today's `h` and `l` are activity keys (hiring, learning), said where
    // the README explains the Today screen.
    let words: Vec<&str> = readme.split_whitespace().collect();
    assert!(words.join(" ").contains("`h` and `l` are activity keys"));
}

/// Every line of the Week screen's lower part, scrolled from top to bottom
/// on a `w`×`h` terminal, as the keys would: the text seen, line by line.
fn week_seen(s: &mut State, w: u16, h: u16) -> Vec<String> {
    update(s, Action::Resize(w, h));
    s.tab = Tab::Week;
    s.scroll = 0;
    let mut seen = Vec::new();
    let mut last = None;
    loop {
        let text = plain(s, w, h);
        seen.extend(text.lines().map(str::to_string));
        if last == Some(s.scroll) {
            break;
        }
        last = Some(s.scroll);
        cmd(s, Cmd::Down);
    }
    seen
}

/// Issue 10, item 16: at 80×24 the Week screen shows its totals line,
/// every activity and every broken rule in full (scrolling), and says
/// what is out of sight.
#[test]
fn the_week_screen_shows_everything_at_80x24_by_scrolling() {
    let f = fixture(NOW);
    let mut s = state(&f);
    s.tab = Tab::Week;
    let first = plain(&s, 80, 24);
    assert!(first.contains("more lines · j/k scroll"), "{first}");
    let w = s.data.week.clone().unwrap();
    let total = w.summary.seconds;
    assert!(
        first.lines().any(|l| l.starts_with("week ")
            && l.contains(&format!("T {}", crate::format::hours(total.technical)))
            && l.contains(&format!("O {}", crate::format::hours(total.other)))),
        "{first}"
    );
    let seen = week_seen(&mut s, 80, 24);
    for a in &w.summary.by_activity {
        let row = format!("{} ", a.activity);
        assert!(
            seen.iter()
                .any(|l| l.contains(&row) && l.contains(&crate::format::hours(a.seconds))),
            "{} never shows",
            a.activity
        );
    }
    // Each rule's whole message, over the lines it wraps to in the right
    // column (which starts after 45% of the width).
    let right: Vec<String> = seen
        .iter()
        .map(|l| l.chars().skip(80 * 45 / 100 + 1).collect())
        .collect();
    let words = right.join(" ");
    let words: Vec<&str> = words.split_whitespace().collect();
    let joined = words.join(" ");
    assert_eq!(w.summary.violations.len(), 3);
    for v in &w.summary.violations {
        let msg: Vec<&str> = v.message.split_whitespace().collect();
        assert!(joined.contains(&msg.join(" ")), "{} is cut", v.message);
    }
    // The scroll stops at the end and comes back.
    let end = s.scroll;
    assert!(end > 0);
    cmd(&mut s, Cmd::Down);
    assert_eq!(s.scroll, end);
    update(&mut s, Action::Scroll(-1));
    assert_eq!(s.scroll, end - 1);
    cmd(&mut s, Cmd::Tab(Tab::Today));
    assert_eq!(s.scroll, 0, "another tab starts at its top");
    // On a tall terminal nothing is cut and nothing scrolls.
    let tall = week_seen(&mut s, 120, 35);
    assert!(
        !tall
            .iter()
            .any(|l| l.contains("j/k scroll") && l.contains("more"))
    );
    assert_eq!(s.scroll, 0);
}

/// Issue 10, item 4: a day's figures add up (T + M + O), the week's total
/// is a row of its own, focus blocks are held against their target, and
/// the gauge reads as one figure with its meaning.
#[test]
fn the_week_screens_figures_add_up_and_say_what_they_are() {
    let f = fixture(NOW);
    let mut s = state(&f);
    s.tab = Tab::Week;
    let text = plain(&s, 120, 35);
    let w = s.data.week.clone().unwrap();
    let h = crate::format::hours;
    for d in &w.summary.by_day {
        let x = d.sides();
        if x.total() == 0 {
            continue;
        }
        let row = text
            .lines()
            .find(|l| l.starts_with(&d.date.format("%a %-d ").to_string()))
            .unwrap();
        let figs: Vec<&str> = row.split_whitespace().collect();
        let want = [
            h(x.total()),
            "T".into(),
            h(x.technical),
            "M".into(),
            h(x.management),
            "O".into(),
            h(x.other),
        ];
        assert!(
            figs.ends_with(&want.each_ref().map(String::as_str)),
            "{row}"
        );
        assert_eq!(x.technical + x.management + x.other, x.total());
    }
    let asked = w.summary.focus_blocks_asked.unwrap();
    assert!(
        text.contains(&format!(
            "Focus blocks {} of {asked}",
            w.summary.focus_blocks
        )),
        "{text}"
    );
    let share = crate::format::percent(w.summary.technical_share);
    assert!(
        text.contains(&format!("technical {share}  band 35–55%  0% ")),
        "{text}"
    );
}

/// Issue 10, item 16: the Today key list takes the whole width: one line
/// at 250 columns, every key still there at 80.
#[test]
fn todays_activity_keys_use_the_width() {
    let f = fixture(NOW);
    let s = state(&f);
    let wide = plain(&s, 250, 50);
    assert!(
        wide.lines()
            .any(|l| l.starts_with("start:") && l.contains("c coding") && l.ends_with("S any")),
        "{wide}"
    );
    let narrow = plain(&s, 80, 24);
    for a in &s.config().activities {
        if let Some(k) = a.key {
            assert!(narrow.contains(&format!("{k} {}", a.name)), "{narrow}");
        }
    }
    assert!(narrow.contains("S any"), "{narrow}");
}

/// Issue 10, item 17: the activity picker keeps its choice in sight and
/// marks it, however short the terminal.
#[test]
fn the_picker_scrolls_to_its_choice_and_marks_it() {
    let f = fixture(NOW);
    let mut s = state(&f);
    cmd(&mut s, Cmd::Picker);
    let n = form::matching(s.config(), "").len();
    for _ in 0..n {
        cmd(&mut s, Cmd::Down);
    }
    let last = form::matching(s.config(), "")[n - 1].name.clone();
    let text = plain(&s, 80, 12);
    let marked: Vec<&str> = text.lines().filter(|l| l.contains("│▸ ")).collect();
    assert_eq!(marked.len(), 1, "{text}");
    assert!(marked[0].contains(&last), "{text}");
    assert!(text.contains("↑ ") && text.contains(" more"), "{text}");
    snap("picker_scrolled", &s);
}

/// Issue 10, item 17: the help lists every section on a wide terminal, and
/// scrolls to its last line on a small one.
#[test]
fn the_help_shows_every_section_and_scrolls_on_a_small_terminal() {
    let f = fixture(NOW);
    let mut s = state(&f);
    cmd(&mut s, Cmd::Help);
    let secs = help::sections(s.config());
    let wide = plain(&s, 250, 50);
    for sec in &secs {
        assert!(wide.contains(sec.title), "{} missing:\n{wide}", sec.title);
    }
    update(&mut s, Action::Resize(80, 24));
    let first = plain(&s, 80, 24);
    assert!(first.contains("more lines"), "{first}");
    for _ in 0..200 {
        cmd(&mut s, Cmd::Down);
    }
    let end = plain(&s, 80, 24);
    assert!(end.contains("scroll down / up"), "{end}");
    assert_eq!(s.mode, state::Mode::Help, "scrolling keeps the help open");
    cmd(&mut s, Cmd::Help);
    assert_eq!((s.mode.clone(), s.scroll), (state::Mode::Normal, 0));
}

/// Issue 10, item 1: a week whose share is in band but which broke a rule
/// reads "balanced · ⚑ flagged" on the Week header and the status line, in
/// the flagged colour (never the green of a good week), exactly as the
/// report's `flagged` says.
#[test]
fn a_balanced_week_with_a_broken_rule_is_flagged_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "timezone = \"Europe/Berlin\"\n[[boundaries]]\nsince = 2026-01-05\n\
         min_logged_fraction = 0\nmax_management_hours_per_day = 6\n",
    )
    .unwrap();
    let ctx = Ctx {
        config: config::read(&config).unwrap(),
        store: Store::new(dir.path().join("data")).with_config(&config),
        config_path: config,
        now: at(NOW),
    };
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let t = |h: u32| {
        ctx.config
            .zone
            .resolve(monday.and_hms_opt(h, 0, 0).unwrap())
            .unwrap()
    };
    // 7h of management (over the 6h cap) and 5h technical: 42%, in band.
    crate::app::log(&ctx, crate::model::Entry::new(t(8), t(15), "planning")).unwrap();
    crate::app::log(&ctx, crate::model::Entry::new(t(15), t(20), "coding")).unwrap();
    let week = crate::balance::Period::week(monday, ctx.config.week_start);
    let (report, _) = crate::app::summary(&ctx, week).unwrap();
    assert_eq!(report.status, crate::balance::Status::Balanced);
    assert!(report.flagged);
    let mut s = initial_state(&ctx).unwrap();
    s.tab = Tab::Week;
    let mut term = Terminal::new(TestBackend::new(120, 35)).unwrap();
    term.draw(|f| f.render_widget(&s, f.area())).unwrap();
    let text = term.backend().to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[1].contains("balanced · ⚑ flagged: 1 rule broken"),
        "{text}"
    );
    assert!(lines[34].contains("balanced · ⚑ flagged"), "{text}");
    // The colour of "balanced" on the header and the status line.
    let buf = term.backend().buffer().clone();
    let good = s.theme.tone(crate::format::Tone::Good);
    for y in [1u16, 34] {
        let row: String = (0..120).map(|x| buf[(x, y)].symbol()).collect();
        let col = row.find("balanced").unwrap();
        let x = row[..col].chars().count() as u16;
        assert_ne!(buf[(x, y)].fg, good.fg.unwrap(), "row {y} is green: {row}");
    }
}

/// Issue 10, item 3, in the notices: a stop, a log and a delete say the
/// times the row shows (rounded alike), never `06:15–06:34` for 20m.
#[test]
fn notices_round_times_as_the_rows_do() {
    let mut f = fixture(NOW);
    let mut s = state(&f);
    let day = f.ctx.today();
    let t = |m: u32, sec: u32| {
        f.ctx
            .config
            .zone
            .resolve(day.and_hms_opt(6, m, sec).unwrap())
            .unwrap()
    };
    let e = crate::model::Entry::new(t(15, 10), t(34, 40), "coding");
    let a = perform(&mut f.ctx, &f.clock, Effect::Log(e.clone()));
    update(&mut s, a);
    assert_eq!(
        s.notice,
        Some(state::Notice::Info("logged coding 06:15–06:35".into()))
    );
    let a = perform(&mut f.ctx, &f.clock, Effect::Delete(e.start));
    update(&mut s, a);
    assert_eq!(
        s.notice,
        Some(state::Notice::Info(
            "deleted coding 06:15 — u undoes it".into()
        ))
    );
    // The demo's timer, stopped at 15:20:40: "15:21", as its row would end.
    f.clock = FixedClock(at(NOW) + chrono::Duration::seconds(40));
    let a = perform(&mut f.ctx, &f.clock, Effect::Stop(None));
    update(&mut s, a);
    assert!(
        matches!(&s.notice, Some(state::Notice::Info(m)) if m.starts_with("stopped coding at 15:21 (")),
        "{:?}",
        s.notice
    );
}

/// Issue 10, item 16: a long history and many protected blocks on an 80×24
/// Boundaries screen: the selected row stays in sight, and j past the last
/// row reads the history to its first set.
#[test]
fn the_boundaries_screen_scrolls_to_its_whole_history_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let mut text = String::from("timezone = \"Europe/Berlin\"\n");
    let sets = [
        "2026-01-05",
        "2026-02-02",
        "2026-03-02",
        "2026-04-06",
        "2026-05-04",
        "2026-06-01",
        "2026-07-06",
    ];
    for (i, since) in sets.iter().enumerate() {
        text.push_str(&format!(
            "[[boundaries]]\nsince = {since}\ntechnical_share = 0.{}\nmin_technical_hours = {}\n",
            30 + i,
            4 + i
        ));
    }
    for day in ["mon", "tue", "wed", "thu"] {
        text.push_str(&format!(
            "[[boundaries.protected]]\ndays = [\"{day}\"]\nfrom = \"09:00\"\nto = \"10:00\"\nside = \"technical\"\n"
        ));
    }
    std::fs::write(&config, text).unwrap();
    let ctx = Ctx {
        config: config::read(&config).unwrap(),
        store: Store::new(dir.path().join("data")).with_config(&config),
        config_path: config,
        now: at(NOW),
    };
    let mut s = initial_state(&ctx).unwrap();
    s.tab = Tab::Boundaries;
    update(&mut s, Action::Resize(80, 24));
    let mut seen = String::new();
    for _ in 0..60 {
        let screen = plain(&s, 80, 24);
        let marked = screen.lines().filter(|l| l.starts_with("▸ ")).count();
        assert_eq!(marked, 1, "the selected row is in sight:\n{screen}");
        seen.push_str(&screen);
        cmd(&mut s, Cmd::Down);
    }
    for since in sets {
        assert!(
            seen.contains(&format!("since {since}: ")),
            "{since}:\n{seen}"
        );
    }
    assert!(seen.contains("protected 4"), "{seen}");
    // k comes back up through the history, then the rules.
    for _ in 0..60 {
        cmd(&mut s, Cmd::Up);
    }
    assert_eq!((s.boundary_row, s.scroll), (0, 0));
    assert!(plain(&s, 80, 24).contains("In force this week"));
}

#[test]
fn booked_time_is_drawn_apart_from_logged_time_and_never_listed() {
    let dir = tempfile::tempdir().unwrap();
    let now = at(NOW);
    let spec = crate::demo::Spec {
        timezone: Some("Europe/Berlin".into()),
        ..crate::demo::Spec::default()
    };
    let config = dir.path().join("config.toml");
    let data = dir.path().join("data");
    crate::demo::history(&data, &config, now, &spec).unwrap();
    let ctx = Ctx {
        config: config::read(&config).unwrap(),
        store: Store::new(&data).with_config(&config),
        config_path: config,
        now,
    };
    let mut s = initial_state(&ctx).unwrap();
    let before = plain(&s, 100, 30);
    let d = week_with_booked(&ctx, &s);
    let rows = d.entries.len();
    assert!(!d.booked.is_empty(), "today has booked time ahead");
    super::update::update(&mut s, Action::Loaded(Box::new(d)));
    // Today: the timeline shows the booked management glyph after now; the
    // list of entries and gaps is unchanged (booked events are not entries).
    s.tab = Tab::Today;
    let today = plain(&s, 100, 30);
    let timeline = today.lines().nth(3).unwrap();
    assert!(timeline.contains('▫'), "{today}");
    assert!(!before.lines().nth(3).unwrap().contains('▫'), "{before}");
    assert_eq!(s.data.entries.len(), rows);
    assert_eq!(
        today.lines().skip(4).collect::<Vec<_>>(),
        before.lines().skip(4).collect::<Vec<_>>()
    );
    // Week: Friday's booked lane and figure, the pace, the windows and the
    // booked conflict.
    s.tab = Tab::Week;
    let week = plain(&s, 100, 30);
    let fri = week.lines().find(|l| l.starts_with("Fri 27")).unwrap();
    assert!(
        fri.contains('▪') && fri.contains('▫') && fri.ends_with("3h  booked"),
        "{fri}"
    );
    // At 100 columns the pace takes a second line, so that the glyphs'
    // legend and the best share stay.
    assert!(
        week.contains("Ahead · booked ▪ tech ▫ mgmt · at best "),
        "{week}"
    );
    assert!(
        week.lines()
            .any(|l| l.trim_start().starts_with("to stay in band: ≥") && l.starts_with("        ")),
        "{week}"
    );
    assert!(
        week.contains("Free for focus (3 blocks needed): Thu"),
        "{week}"
    );
    // The conflict follows the rules in the lower pane, which scrolls; a
    // taller terminal shows it at once.
    let tall = plain(&s, 100, 34);
    assert!(tall.contains("⚠ booked: Thu 26 Nov:"), "{tall}");
    // A past week has no forecast.
    let mut past = s.clone();
    if let Some(w) = past.data.week.as_mut() {
        w.forecast = None;
    }
    assert!(!plain(&past, 100, 30).contains("Ahead"));
}

#[test]
fn the_status_line_adds_the_pace_when_it_fits() {
    let f = fixture(NOW);
    let mut s = state(&f);
    let pace = s.data.status.as_ref().unwrap().pace;
    let words = crate::format::pace_words(&pace).unwrap();
    s.tab = Tab::Today;
    let wide = plain(&s, 250, 30);
    let last = wide.lines().last().unwrap();
    assert!(last.ends_with(&words), "{last}");
    // At 160 columns the verdict gives up its target and count of broken
    // rules for the pace, keeping its drift and "flagged"; at 80 there is
    // no room for both, and the verdict stays whole.
    let mid = plain(&s, 160, 30);
    let last = mid.lines().last().unwrap();
    assert!(last.ends_with(&words), "{last}");
    if s.data.status.as_ref().unwrap().week.flagged {
        assert!(last.contains("⚑ flagged"), "{last}");
    }
    let narrow = plain(&s, 80, 30);
    let last = narrow.lines().last().unwrap();
    assert!(!last.contains("in band"), "{last}");
    assert!(
        last.contains("flagged") || !s.data.status.as_ref().unwrap().week.flagged,
        "{last}"
    );
    // An unreachable week says so in the error colour.
    if let Some(st) = s.data.status.as_mut() {
        st.pace.reachable = false;
    }
    let text = plain(&s, 250, 30);
    assert!(
        text.lines()
            .last()
            .unwrap()
            .ends_with("band out of reach this week"),
        "{text}"
    );
}

#[test]
fn an_ended_booked_event_in_a_gap_is_taken_with_the_fill_key() {
    let f = fixture(NOW);
    let mut s = state(&f);
    let (_, (a, b)) = gap_of(&mut s, &f);
    assert!(b - a >= chrono::Duration::minutes(2), "{a}–{b}");
    let end = a + (b - a) / 2;
    // A meeting that began before the gap and ended inside it: only the
    // part in the gap is offered; the rest of the gap stays unlogged.
    let mut ev = crate::model::Entry::new(a - chrono::Duration::minutes(30), end, "one-on-one");
    ev.note = Some("1:1 Bo".into());
    ev.source = Some("ics:bo@example@20261120T090000Z".into());
    let mut d = s.data.clone();
    d.ended = vec![ev.clone()];
    update(&mut s, Action::Loaded(Box::new(d)));
    let rows = s.rows();
    let i = rows
        .iter()
        .position(|r| matches!(r, state::Row::Booked(..)))
        .expect("the booked event is a row");
    assert_eq!(rows[i], state::Row::Booked(0, a, end));
    assert_eq!(rows[i + 1], state::Row::Gap(end, b));
    let text = plain(&s, 120, 35);
    assert!(text.contains("booked: 1:1 Bo  (f takes it)"), "{text}");
    s.selected = i;
    let e = cmd(&mut s, Cmd::Fill);
    let mut want = crate::model::Entry::new(a, end, "one-on-one");
    want.note = Some("1:1 Bo".into());
    want.source = ev.source.clone();
    assert_eq!(e, vec![Effect::Log(want)]);
    // `e` on it opens the form with its times and activity instead.
    cmd(&mut s, Cmd::Edit);
    assert!(matches!(s.mode, state::Mode::Form(_)), "{:?}", s.mode);
}

#[test]
fn a_configured_calendar_shows_on_today_ahead_and_behind() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("work.ics");
    let ev = |uid: &str, title: &str, from: &str, to: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{title}\r\nDTSTART;TZID=Europe/Berlin:20261126T{from}00\r\nDTEND;TZID=Europe/Berlin:20261126T{to}00\r\nEND:VEVENT\r\n"
        )
    };
    std::fs::write(
        &ics,
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}{}{}END:VCALENDAR\r\n",
            ev("bo", "1:1 Bo", "1000", "1030"),
            ev("gone", "Hiring sync", "1100", "1130"),
            ev("road", "Roadmap sync", "1600", "1700"),
        ),
    )
    .unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "timezone = \"Europe/Berlin\"\n[[calendar]]\npath = {:?}\nname = \"work\"\n",
            ics.to_str().unwrap()
        ),
    )
    .unwrap();
    let data = dir.path().join("data");
    // Now is 15:20 in Berlin: 1:1 Bo and the hiring sync have ended, the
    // roadmap sync is ahead. The hiring sync was imported once and deleted.
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("dismissed.toml"),
        crate::store::dismissed::serialize(&std::collections::BTreeSet::from([
            "ics:gone".to_string()
        ])),
    )
    .unwrap();
    let ctx = Ctx {
        config: config::read(&config).unwrap(),
        store: Store::new(&data).with_config(&config),
        config_path: config,
        now: at(NOW),
    };
    let t = |h: u32, m: u32| {
        ctx.config
            .zone
            .resolve(
                chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
                    .unwrap()
                    .and_hms_opt(h, m, 0)
                    .unwrap(),
            )
            .unwrap()
    };
    crate::app::log(&ctx, crate::model::Entry::new(t(9, 0), t(10, 0), "coding")).unwrap();
    let s = initial_state(&ctx).unwrap();
    let titles: Vec<Option<&str>> = s.data.ended.iter().map(|e| e.note.as_deref()).collect();
    assert_eq!(titles, [Some("1:1 Bo")]);
    assert_eq!(s.data.ended[0].activity, "one-on-one");
    assert_eq!(s.data.ended[0].source.as_deref(), Some("ics:bo"));
    let ahead: Vec<&str> = s.data.booked.iter().map(|b| b.title.as_str()).collect();
    assert_eq!(ahead, ["Roadmap sync"]);
    assert_eq!(
        s.rows(),
        [
            state::Row::Entry(0),
            state::Row::Booked(0, t(10, 0), t(10, 30)),
            state::Row::Gap(t(10, 30), t(15, 20)),
        ]
    );
    // The Week screen's forecast has the roadmap sync ahead.
    let f = s.data.week.as_ref().unwrap().forecast.as_ref().unwrap();
    assert_eq!(f.seconds.booked.management, 3600);
}

/// Issue 10, item 16, on Today: a note longer than the terminal is wide
/// shows whole on the selected row (on lines of its own under it), the
/// rows after it move down, and a click still lands on the row under it.
#[test]
fn the_selected_row_shows_its_whole_note_at_80_columns() {
    let f = fixture(NOW);
    let day = f.ctx.today();
    let t = |h: u32| {
        f.ctx
            .config
            .zone
            .resolve(day.and_hms_opt(h, 0, 0).unwrap())
            .unwrap()
    };
    let note = "retry logic for payouts, with the idempotency keys the bank asked for \
                and a runbook for the on-call engineer (end of the note)";
    let mut e = crate::model::Entry::new(t(6), t(7), "coding");
    e.note = Some(note.into());
    crate::app::log(&f.ctx, e).unwrap();
    let mut s = initial_state(&f.ctx).unwrap();
    update(&mut s, Action::Resize(80, 24));
    s.selected = 0;
    let text = plain(&s, 80, 24);
    let words: Vec<&str> = text.split_whitespace().collect();
    assert!(words.join(" ").contains(note), "{text}");
    // Unselected, it is one row cut at the edge; the next row follows.
    s.selected = 1;
    let cut = plain(&s, 80, 24);
    assert!(!cut.contains("(end of the note)"), "{cut}");
    s.selected = 0;
    let lines: Vec<&str> = text.lines().collect();
    let list = today::list_area(&s, layout::areas(80, 24).body);
    let first_row = usize::from(list.y);
    assert!(lines[first_row].starts_with("▸ 06:00–07:00"), "{text}");
    let next = (first_row + 1..lines.len())
        .find(|&y| lines[y].starts_with("  ") && lines[y].contains('–'))
        .unwrap();
    update(
        &mut s,
        Action::Click {
            col: 5,
            row: next as u16,
        },
    );
    assert_eq!(s.selected, 1, "the click selects the row drawn there");
    // A click on the note's own lines keeps the entry selected.
    s.selected = 0;
    update(
        &mut s,
        Action::Click {
            col: 30,
            row: first_row as u16 + 1,
        },
    );
    assert_eq!(s.selected, 0);
}

/// Issue 10, item 3: a gap next to an entry with seconds is rounded as the
/// entry's row is, so the rows meet (never "09:00–11:15" before "11:16").
#[test]
fn gap_rows_meet_the_rounded_entries_around_them() {
    let mut f = fixture(NOW);
    let sat = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let t = |h: u32, m: u32, sec: u32| {
        f.ctx
            .config
            .zone
            .resolve(sat.and_hms_opt(h, m, sec).unwrap())
            .unwrap()
    };
    let e = crate::model::Entry::new(t(11, 15, 40), t(11, 34, 20), "coding");
    crate::app::log(&f.ctx, e).unwrap();
    // A Saturday with nothing else logged, made a workday so it has gaps.
    f.ctx.config.workday.days.push(chrono::Weekday::Sat);
    let mut s = state(&f);
    let d = load::load(&f.ctx, sat, s.week, load::Depth::Full).unwrap();
    s.day = sat;
    update(&mut s, Action::Loaded(Box::new(d)));
    let shown = screen(&s, 120, 35);
    let f_ = |needle: &str| shown.lines().any(|l| l.contains(needle));
    assert!(f_("11:16–11:34"), "{shown}");
    assert!(
        f_("11:34–"),
        "the gap after the entry starts at 11:34: {shown}"
    );
    assert!(
        shown
            .lines()
            .any(|l| l.contains("–11:16") && l.contains("unlogged")),
        "the gap before the entry ends at 11:16: {shown}"
    );
    assert!(!shown.contains("–11:15"), "{shown}");
}

/// Issue 10, item 11: a Boundaries value that does not read is explained
/// whole at 80 columns, wrapped under its row (the `45%` hint was cut).
#[test]
fn a_boundary_message_wraps_instead_of_being_cut() {
    let f = fixture(NOW);
    let mut s = state(&f);
    s.tab = Tab::Boundaries;
    cmd(&mut s, Cmd::Edit);
    clear(&mut s);
    typ(&mut s, "45");
    let state::Mode::Boundary {
        check: Err(msg), ..
    } = &s.mode
    else {
        panic!("{:?}", s.mode)
    };
    assert!(msg.contains("45%"), "{msg}");
    let shown = screen(&s, 80, 24);
    let joined: String = shown
        .lines()
        .map(|l| l.trim_matches('"').trim())
        .collect::<Vec<_>>()
        .join(" ");
    let words = msg.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(joined.contains(&words), "`{words}` not whole in\n{shown}");
}

/// Issue 10, item 16: when Today's rows do not fit, a line says how many
/// are out of sight above and below (nothing is hidden silently).
#[test]
fn todays_rows_out_of_sight_are_counted() {
    let f = fixture(NOW);
    let mut s = state(&f);
    s.tab = Tab::Today;
    s.selected = 0;
    let rows = s.rows().len();
    let small = plain(&s, 80, 14);
    let shown = small.lines().filter(|l| l.contains('–')).count();
    let line = small
        .lines()
        .find(|l| l.contains("j/k move"))
        .unwrap_or_else(|| panic!("no count of hidden rows in\n{small}"));
    assert!(rows > shown, "{rows} rows, {shown} shown:\n{small}");
    assert!(line.starts_with("↓ "), "{line}");
    let below: usize = line[4..].split(' ').next().unwrap().parse().unwrap();
    assert!(below > 0 && below < rows, "{line}");
    // At the last row, what is above is counted instead.
    s.selected = rows - 1;
    let small = plain(&s, 80, 14);
    assert!(
        small
            .lines()
            .any(|l| l.starts_with("↑ ") && l.contains("j/k move")),
        "{small}"
    );
    // Where everything fits, no such line.
    assert!(!plain(&s, 120, 60).contains("j/k move"));
}
