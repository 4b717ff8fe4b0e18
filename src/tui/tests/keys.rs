//! Keys that never surprise (issue 10, items 7, 10, 11, 12): reserved
//! keys, the running timer in the form, a form that checks overlaps as you
//! type and stays open on a failed save, and blocks over 12 hours.

use crossterm::event::{KeyCode, KeyEvent};

use super::*;

fn form(s: &State) -> &form::EntryForm {
    match &s.mode {
        state::Mode::Form(f) => f,
        other => panic!("no form open: {other:?}"),
    }
}

/// Select a field of the open form (Tab moves through them).
fn to_field(s: &mut State, field: form::Field) {
    for _ in 0..form::Field::COUNT {
        if form(s).field == field {
            return;
        }
        cmd(s, Cmd::NextField);
    }
    panic!("no field {field:?}");
}

fn set(s: &mut State, field: form::Field, text: &str) {
    to_field(s, field);
    clear(s);
    typ(s, text);
}

fn field(s: &State, field: form::Field) -> String {
    form(s).inputs[field.index()].text.clone()
}

/// Press a key as the loop does: resolve it, then update.
fn press(s: &mut State, c: char) -> Vec<Effect> {
    match keymap::resolve(s, KeyEvent::from(KeyCode::Char(c))) {
        Some(a) => update(s, a),
        None => vec![],
    }
}

#[test]
fn a_config_binding_command_keys_leaves_them_unbound_and_says_so() {
    let mut f = fixture(NOW);
    let text = std::fs::read_to_string(&f.ctx.config_path)
        .unwrap()
        .replace("key = \"c\"", "key = \"q\"")
        .replace("key = \"i\"", "key = \"1\"");
    std::fs::write(&f.ctx.config_path, text).unwrap();
    f.ctx.config = config::read(&f.ctx.config_path).unwrap();
    let mut s = state(&f);
    let shown = screen(&s, 200, 30);
    assert!(
        shown.contains(
            "keys of commands are left unbound: \"q\" of coding (quit (also Ctrl-C)), \"1\" of one-on-one (switch to the Today tab)"
        ),
        "{shown}"
    );
    // Today's key list offers neither.
    assert!(!shown.contains("q coding") && !shown.contains("1 one-on-one"));
    s.tab = Tab::Week;
    assert!(press(&mut s, '1').is_empty());
    assert_eq!((s.tab, &s.mode), (Tab::Today, &state::Mode::Normal));
    // `1` on Today stays on Today and starts nothing; `q` quits.
    assert!(press(&mut s, '1').is_empty());
    assert_eq!(s.tab, Tab::Today);
    assert!(press(&mut s, 'q').is_empty());
    assert!(s.quit);
}

#[test]
fn the_form_shows_an_overlap_as_you_type_in_the_stores_words() {
    let f = fixture(NOW);
    let mut s = state(&f);
    let first = s.data.entries[0].clone();
    cmd(&mut s, Cmd::Add);
    set(&mut s, form::Field::Activity, "coding");
    set(
        &mut s,
        form::Field::Start,
        &first.start.format("%H:%M").to_string(),
    );
    set(&mut s, form::Field::End, "10m");
    let clash = form(&s)
        .checked
        .clash
        .clone()
        .expect("the overlap is shown");
    let e = crate::model::Entry::new(
        first.start,
        first.start + chrono::Duration::minutes(10),
        "coding",
    );
    assert_eq!(clash, crate::model::clash::with_entry(&e, &first));
    assert!(screen(&s, 120, 35).contains("overlaps the"), "drawn");
    // Enter saves nothing and keeps every field.
    assert!(cmd(&mut s, Cmd::Submit).is_empty());
    assert_eq!(field(&s, form::Field::End), "10m");
    // Moved before the day's first entry, it is good again.
    set(&mut s, form::Field::Start, "06:00");
    assert!(form(&s).checked.clash.is_none());
    assert!(form(&s).checked.entry.is_some());
    // The running timer is a clash too.
    let run = s.data.running.clone().unwrap();
    set(
        &mut s,
        form::Field::Start,
        &run.start.format("%H:%M").to_string(),
    );
    let clash = form(&s).checked.clash.clone().unwrap();
    assert!(
        clash.contains(&format!("overlaps the running {} timer", run.activity)),
        "{clash}"
    );
}

#[test]
fn a_failed_save_keeps_the_form_open_with_the_input_and_the_whole_message() {
    let mut f = fixture(NOW);
    let mut s = state(&f);
    // Tomorrow: nothing there to clash with, but a block that has not
    // happened yet is refused by the store.
    run(&mut s, &mut f, Action::Cmd(Cmd::Next));
    run(&mut s, &mut f, Action::Cmd(Cmd::Add));
    set(&mut s, form::Field::Activity, "review");
    set(&mut s, form::Field::Start, "09:00");
    set(&mut s, form::Field::End, "45m");
    set(&mut s, form::Field::Note, "kept");
    assert!(form(&s).checked.entry.is_some());
    run(&mut s, &mut f, Action::Cmd(Cmd::Submit));
    let fm = form(&s);
    let failed = fm.failed.clone().expect("the reason is in the form");
    assert!(failed.contains("ends in the future"), "{failed}");
    assert!(!fm.saving);
    assert_eq!(field(&s, form::Field::Note), "kept");
    assert_eq!(field(&s, form::Field::Start), "09:00");
    // The message wraps inside the form rather than being cut: its last
    // words are on screen.
    let shown = screen(&s, 80, 30);
    for w in failed.split_whitespace().rev().take(3) {
        assert!(
            shown.contains(w),
            "`{w}` of the message is missing:\n{shown}"
        );
    }
    // Typing clears the stale message; Esc leaves without saving.
    typ(&mut s, "!");
    assert!(form(&s).failed.is_none());
    cmd(&mut s, Cmd::Cancel);
    assert_eq!(s.mode, state::Mode::Normal);
    let day = f.ctx.store.load(s.day, s.day, &f.ctx.config.zone).unwrap();
    assert!(day.entries.is_empty());
}

#[test]
fn a_long_notice_wraps_onto_more_rows() {
    let f = fixture(NOW);
    let mut s = state(&f);
    let m = "the running coding timer started at 2026-11-26 13:50, after 13:40; switch at a later time or `keel stop` first, and the end of this message shows";
    update(&mut s, Action::Done(Err(m.into())));
    assert_eq!(widgets::notice_rows(&s, 80), 2);
    let shown = screen(&s, 80, 24);
    assert!(shown.contains("the end of this message shows"), "{shown}");
    // The status line is still the last row.
    let last = shown.lines().last().unwrap().to_string();
    assert!(last.contains("● coding"), "{shown}");
}

#[test]
fn n_proposes_the_selected_gap_or_the_time_after_the_last_entry() {
    let f = fixture(NOW);
    let mut s = state(&f);
    let (i, (a, b)) = gap_of(&mut s, &f);
    s.selected = i;
    cmd(&mut s, Cmd::Add);
    assert_eq!(
        (field(&s, form::Field::Start), field(&s, form::Field::End)),
        (a.format("%H:%M").to_string(), b.format("%H:%M").to_string())
    );
    assert!(form(&s).checked.entry.is_some());
    cmd(&mut s, Cmd::Cancel);
    // Today with no timer: from the end of the last entry up to now.
    let mut s = state(&f);
    s.data.running = None;
    let last = s.data.entries.iter().map(|e| e.end).max().unwrap();
    cmd(&mut s, Cmd::Add);
    let now = s.config().zone.localize(s.now).format("%H:%M").to_string();
    assert_eq!(
        (field(&s, form::Field::Start), field(&s, form::Field::End)),
        (last.format("%H:%M").to_string(), now)
    );
    assert!(form(&s).checked.entry.is_some(), "{:?}", form(&s).checked);
}

#[test]
fn a_block_over_12_hours_is_saved_only_after_a_confirmation() {
    let mut f = fixture(NOW);
    let mut s = state(&f);
    // Saturday: nothing logged.
    for _ in 0..5 {
        run(&mut s, &mut f, Action::Cmd(Cmd::Prev));
    }
    assert_eq!(s.day.format("%a").to_string(), "Sat");
    assert!(s.data.entries.is_empty());
    run(&mut s, &mut f, Action::Cmd(Cmd::Add));
    set(&mut s, form::Field::Activity, "oncall");
    set(&mut s, form::Field::Start, "00:30");
    set(&mut s, form::Field::End, "14:00");
    assert!(cmd(&mut s, Cmd::Submit).is_empty(), "asks first");
    assert!(form(&s).long_asked);
    assert!(screen(&s, 100, 30).contains("longer than 12 hours. Is that right?"));
    // Changing a field asks again.
    set(&mut s, form::Field::End, "14:30");
    assert!(!form(&s).long_asked);
    assert!(cmd(&mut s, Cmd::Submit).is_empty());
    let e = cmd(&mut s, Cmd::Submit);
    let [Effect::LogLong(entry)] = e.as_slice() else {
        panic!("{e:?}")
    };
    assert_eq!(entry.seconds(), 14 * 3600);
    // Through the library, as the loop does.
    let a = perform(&mut f.ctx, &f.clock, e[0].clone());
    run(&mut s, &mut f, a);
    assert_eq!(s.mode, state::Mode::Normal);
    assert_eq!(s.data.entries.len(), 1);
    // 11 hours needs no confirmation.
    run(&mut s, &mut f, Action::Cmd(Cmd::Add));
    set(&mut s, form::Field::Activity, "learning");
    set(&mut s, form::Field::Start, "14:30");
    set(&mut s, form::Field::End, "11h");
    let e = cmd(&mut s, Cmd::Submit);
    assert!(matches!(e.as_slice(), [Effect::Log(_)]), "{e:?}");
}

#[test]
fn e_on_the_running_row_corrects_the_timer() {
    let mut f = fixture(NOW);
    let mut s = state(&f);
    let before = s.data.running.clone().unwrap();
    s.selected = s
        .rows()
        .iter()
        .position(|r| *r == state::Row::Running)
        .unwrap();
    cmd(&mut s, Cmd::Edit);
    assert!(form(&s).running);
    assert_eq!(field(&s, form::Field::Activity), before.activity);
    assert!(screen(&s, 100, 30).contains("the running timer"));
    // Tab never lands on the end: the timer has none.
    for _ in 0..10 {
        cmd(&mut s, Cmd::NextField);
        assert_ne!(form(&s).field, form::Field::End);
    }
    // A start over the last entry is a clash, shown as typed.
    let last = s.data.entries.iter().map(|e| e.end).max().unwrap();
    let over = (last - chrono::Duration::minutes(10)).format("%H:%M");
    set(&mut s, form::Field::Start, &over.to_string());
    let clash = form(&s).checked.clash.clone().expect("a clash");
    assert!(clash.starts_with("a timer from"), "{clash}");
    // A start in the future is refused.
    set(&mut s, form::Field::Start, "23:00");
    let err = form(&s).checked.errors[form::Field::Start.index()].clone();
    assert!(err.unwrap().contains("in the future"));
    // Fifteen minutes later, as review.
    let later = before.start + chrono::Duration::minutes(15);
    set(
        &mut s,
        form::Field::Start,
        &later.format("%H:%M").to_string(),
    );
    set(&mut s, form::Field::Activity, "review");
    let e = cmd(&mut s, Cmd::Submit);
    let [Effect::EditRunning(ch)] = e.as_slice() else {
        panic!("{e:?}")
    };
    assert_eq!(ch.activity.as_deref(), Some("review"));
    assert_eq!(ch.start, Some(later));
    let a = perform(&mut f.ctx, &f.clock, e[0].clone());
    run(&mut s, &mut f, a);
    assert_eq!(s.mode, state::Mode::Normal);
    let now = f.ctx.store.running().unwrap().unwrap();
    assert_eq!((now.activity.as_str(), now.start), ("review", later));
    // One undo step puts it back.
    run(&mut s, &mut f, Action::Cmd(Cmd::Undo));
    assert_eq!(f.ctx.store.running().unwrap().unwrap(), before);
}

#[test]
fn filling_a_gap_over_12_hours_goes_through_the_form_and_its_question() {
    let f = fixture(NOW);
    let mut s = state(&f);
    // A workday from 06:00 to 22:00 on a day with nothing logged.
    s.data.config.workday.start = chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap();
    s.data.config.workday.end = chrono::NaiveTime::from_hms_opt(22, 0, 0).unwrap();
    s.data.config.workday.days = vec![chrono::Weekday::Sat];
    s.day = s.today() - chrono::Duration::days(5);
    s.data.day = s.day;
    s.data.entries.clear();
    s.data.running = None;
    let rows = s.rows();
    let [state::Row::Gap(a, b)] = rows.as_slice() else {
        panic!("{rows:?}")
    };
    assert_eq!((*b - *a).num_hours(), 16);
    cmd(&mut s, Cmd::Fill);
    assert!(update(&mut s, Action::Start("oncall".into())).is_empty());
    assert_eq!(field(&s, form::Field::Activity), "oncall");
    assert!(cmd(&mut s, Cmd::Submit).is_empty(), "asks first");
    assert!(form(&s).long_asked);
    let e = cmd(&mut s, Cmd::Submit);
    assert!(
        matches!(e.as_slice(), [Effect::LogLong(x)] if x.seconds() == 16 * 3600),
        "{e:?}"
    );
}

#[test]
fn an_entry_a_merge_left_overlapping_can_still_be_edited() {
    let f = fixture(NOW);
    let mut s = state(&f);
    let first = s.data.entries[0].clone();
    let mut twin = first.clone();
    twin.activity = "planning".into();
    twin.start += chrono::Duration::minutes(5);
    s.data.entries.insert(1, twin);
    s.selected = s
        .rows()
        .iter()
        .position(|r| *r == state::Row::Entry(0))
        .unwrap();
    cmd(&mut s, Cmd::Edit);
    set(&mut s, form::Field::Note, "still editable");
    assert!(form(&s).checked.clash.is_none(), "{:?}", form(&s).checked);
    let e = cmd(&mut s, Cmd::Submit);
    assert!(matches!(e.as_slice(), [Effect::Edit(..)]), "{e:?}");
}

#[test]
fn an_edit_that_stretches_an_entry_past_12_hours_asks_and_says_so_to_the_library() {
    let f = fixture(NOW);
    let mut s = state(&f);
    // The day's first entry, stretched back to one in the night.
    let first = s.data.entries[0].clone();
    s.selected = s
        .rows()
        .iter()
        .position(|r| *r == state::Row::Entry(0))
        .unwrap();
    cmd(&mut s, Cmd::Edit);
    set(&mut s, form::Field::Start, "2026-11-25 20:00");
    assert!(cmd(&mut s, Cmd::Submit).is_empty(), "asks first");
    assert!(form(&s).long_asked);
    let e = cmd(&mut s, Cmd::Submit);
    let [Effect::Edit(at, ch)] = e.as_slice() else {
        panic!("{e:?}")
    };
    assert_eq!(*at, first.start);
    assert!(ch.long, "confirmed, so the library is told");
    // A note on the same entry asks nothing.
    update(&mut s, Action::Done(Err("as if refused".into())));
    set(
        &mut s,
        form::Field::Start,
        &first.start.format("%H:%M").to_string(),
    );
    set(&mut s, form::Field::Note, "just a note");
    let e = cmd(&mut s, Cmd::Submit);
    assert!(matches!(e.as_slice(), [Effect::Edit(..)]), "{e:?}");
}

#[test]
fn a_reflection_whose_save_fails_opens_again_with_its_text() {
    let mut f = fixture(NOW);
    let mut s = state(&f);
    // A reviews file that does not parse is never written over.
    let reviews = f.ctx.store.reviews_path();
    std::fs::write(&reviews, "this is = not [toml").unwrap();
    s.tab = Tab::Week;
    run(&mut s, &mut f, Action::Cmd(Cmd::Review));
    typ(&mut s, "kept words");
    run(&mut s, &mut f, Action::Cmd(Cmd::Submit));
    let state::Mode::Review(i) = &s.mode else {
        panic!("not reopened: {:?}", s.mode)
    };
    assert!(i.text.contains("kept words"));
    assert!(matches!(s.notice, Some(state::Notice::Error(_))));
    assert_eq!(
        std::fs::read_to_string(&reviews).unwrap(),
        "this is = not [toml"
    );
    // Once left, a later failure opens nothing.
    cmd(&mut s, Cmd::Cancel);
    update(&mut s, Action::Done(Err("another failure".into())));
    assert_eq!(s.mode, state::Mode::Normal);
}
