//! The terminal UI (SPEC §6), Elm-shaped: `State` (state.rs) changes only
//! in `update` (update.rs), from `Action`s that keys (keymap.rs), the mouse,
//! the clock and the loop produce; `update` returns `Effect`s, which this
//! module performs through `crate::app` — the only I/O of the UI. Drawing
//! (view.rs and one module per screen) reads `&State`.

mod action;
mod boundaries;
mod calsync;
mod forecast;
mod form;
mod help;
mod input;
mod keymap;
mod layout;
pub mod load;
mod reflection;
mod state;
mod theme;
mod today;
mod trends;
mod update;
mod view;
mod week;
mod widgets;

#[cfg(test)]
mod tests;

use std::io::{self, stdout};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

pub use action::{Action, Cmd, Effect};
pub use state::{Data, State, Tab};
pub use theme::Theme;
pub use update::update;

use crate::app::{self, Clock, Ctx};
use crate::config::{self, Paths};
use crate::format::row_span;
use crate::store::Store;
use crate::{Error, Result};

/// How often the data files are checked for changes made elsewhere.
const WATCH_EVERY: Duration = Duration::from_millis(400);

pub fn run(paths: &Paths, demo: bool) -> Result<()> {
    let clock = app::clock_from_env()?;
    let (_demo_dir, paths) = if demo {
        let dir = tempfile::tempdir()
            .map_err(|e| Error::failed(format!("no temporary directory: {e}")))?;
        let p = Paths {
            config: dir.path().join("config.toml"),
            data: dir.path().join("data"),
        };
        crate::demo::history(
            &p.data,
            &p.config,
            clock.now(),
            &crate::demo::Spec::default(),
        )?;
        (Some(dir), p)
    } else {
        (None, paths.clone())
    };
    let mut ctx = Ctx {
        config: config::read(&paths.config)?,
        config_path: paths.config.clone(),
        store: Store::new(&paths.data).with_config(&paths.config),
        now: clock.now(),
    };
    // Read before the terminal is taken, so a broken file is a plain error.
    let mut state = initial_state(&ctx)?;
    state.theme = Theme::from_env();

    let stop = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .map_err(|e| Error::failed(format!("could not watch signals: {e}")))?;
    }
    let mut term =
        enter().map_err(|e| Error::failed(format!("could not open the terminal: {e}")))?;
    let done = Arc::new(AtomicBool::new(false));
    watchdog(Arc::clone(&stop), Arc::clone(&done));
    let result = event_loop(&mut term, &mut state, &mut ctx, clock.as_ref(), &stop);
    // The terminal shows its cursor when dropped: before leaving, so that
    // leaving the alternate screen is the last thing written.
    drop(term);
    leave();
    done.store(true, Ordering::SeqCst);
    result
}

/// Works around crossterm issue #793 ("Orphaned crossterm process consumes
/// 100% CPU", https://github.com/crossterm-rs/crossterm/issues/793, open in
/// 0.29): once the tty is gone it stays readable while `read` returns 0 or
/// fails with EIO, and the mio event source's read loop handles neither, so
/// it re-reads forever and `event::poll` never returns, even with a timeout.
/// The loop would then neither see the stop flag nor notice the hang-up, and
/// keel would burn a core. This thread ends the process when the terminal is
/// gone, or when a signal asked to stop and the loop has not managed to
/// within a moment. Every write keel makes is atomic, so ending here loses
/// nothing that was saved. Remove it when crossterm returns an error at EOF
/// (pull request #1067 proposes that); the pty test
/// `a_terminal_that_hangs_up_ends_keel` says whether it is still needed.
fn watchdog(stop: Arc<AtomicBool>, done: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let mut asked_at: Option<Instant> = None;
        loop {
            std::thread::sleep(Duration::from_millis(100));
            if done.load(Ordering::SeqCst) {
                return;
            }
            if terminal_gone() {
                std::process::exit(129);
            }
            if stop.load(Ordering::SeqCst) {
                let at = *asked_at.get_or_insert_with(Instant::now);
                if at.elapsed() > Duration::from_millis(800) {
                    leave();
                    std::process::exit(143);
                }
            }
        }
    });
}

/// Whether the terminal on standard input has hung up.
fn terminal_gone() -> bool {
    #[cfg(unix)]
    {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        let stdin = std::io::stdin();
        let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
        let now = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        matches!(poll(&mut fds, Some(&now)), Ok(n) if n > 0)
            && fds[0]
                .revents()
                .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// The command the UI keeps key `c` for where activity keys act (every
/// screen's keys and Today's), in words; `None` when an activity may take
/// it. `keel check` reports an activity key among these.
pub fn reserved_key(c: char) -> Option<String> {
    keymap::reserved(c)
}

/// The state for the first frame: today, this week, data loaded.
pub fn initial_state(ctx: &Ctx) -> Result<State> {
    let day = ctx.today();
    let week = ctx.this_week();
    let data = load::load(ctx, day, week, load::Depth::Quick)?;
    let mut s = State::new(Data::empty(ctx.config.clone(), day), ctx.now);
    update(&mut s, Action::Loaded(Box::new(data)));
    Ok(s)
}

fn enter() -> io::Result<DefaultTerminal> {
    let term = ratatui::try_init()?;
    execute!(stdout(), EnableMouseCapture)?;
    // ratatui's hook restores the terminal on a panic; mouse capture too.
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        prev(info);
    }));
    Ok(term)
}

fn leave() {
    let _ = execute!(stdout(), DisableMouseCapture, crossterm::cursor::Show);
    ratatui::restore();
}

fn event_loop(
    term: &mut DefaultTerminal,
    s: &mut State,
    ctx: &mut Ctx,
    clock: &dyn Clock,
    stop: &AtomicBool,
) -> Result<()> {
    let io_err = |e: io::Error| Error::failed(format!("terminal: {e}"));
    let size = term.size().map_err(io_err)?;
    s.size = (size.width, size.height);
    let mut watch = Watch::new(ctx);
    let mut last_watch = Instant::now();
    let paths = Paths {
        config: ctx.config_path.clone(),
        data: ctx.store.root().to_path_buf(),
    };
    let mut sync = calsync::Syncer::spawn(&paths, !ctx.config.calendars.is_empty());
    let mut first = true;
    while !s.quit && !stop.load(Ordering::Relaxed) {
        term.draw(|f| f.render_widget(&*s, f.area()))
            .map_err(io_err)?;
        if std::mem::take(&mut first) {
            // The first frame is up: now read the trend.
            let reload = Effect::Reload {
                day: s.day,
                week: s.week,
                full: true,
            };
            let a = perform(ctx, clock, reload);
            dispatch(s, ctx, clock, &sync, a);
            continue;
        }
        if event::poll(Duration::from_millis(200)).map_err(io_err)? {
            let action = match event::read().map_err(io_err)? {
                Event::Key(k) if k.kind == KeyEventKind::Press => keymap::resolve(s, k),
                Event::Mouse(m) => match m.kind {
                    MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                        col: m.column,
                        row: m.row,
                    }),
                    MouseEventKind::ScrollDown => Some(Action::Scroll(1)),
                    MouseEventKind::ScrollUp => Some(Action::Scroll(-1)),
                    _ => None,
                },
                Event::Resize(w, h) => Some(Action::Resize(w, h)),
                _ => None,
            };
            if let Some(a) = action {
                dispatch(s, ctx, clock, &sync, a);
            }
        }
        dispatch(s, ctx, clock, &sync, Action::Tick(clock.now()));
        if let Some(a) = sync.poll() {
            dispatch(s, ctx, clock, &sync, a);
        }
        if last_watch.elapsed() >= WATCH_EVERY {
            last_watch = Instant::now();
            if watch.changed(ctx) {
                let reload = Effect::Reload {
                    day: s.day,
                    week: s.week,
                    full: true,
                };
                let a = perform(ctx, clock, reload);
                dispatch(s, ctx, clock, &sync, a);
            }
        }
    }
    Ok(())
}

/// Run an action and every effect it leads to.
fn dispatch(s: &mut State, ctx: &mut Ctx, clock: &dyn Clock, sync: &calsync::Syncer, a: Action) {
    let mut queue = vec![a];
    while let Some(a) = queue.pop() {
        for e in update(s, a) {
            queue.push(match e {
                // Never in the frame's time: the background thread does it.
                Effect::SyncCalendars => sync.request(),
                e => perform(ctx, clock, e),
            });
        }
    }
}

/// Do one effect through the library; the outcome comes back as an action.
pub fn perform(ctx: &mut Ctx, clock: &dyn Clock, e: Effect) -> Action {
    ctx.now = clock.now();
    let hm = "%H:%M";
    let done = |r: Result<String>| Action::Done(r.map_err(|e| e.to_string()));
    match e {
        Effect::Reload { day, week, full } => {
            match config::read(&ctx.config_path) {
                Ok(c) => ctx.config = c,
                Err(e) => return Action::LoadFailed(e.to_string()),
            }
            let depth = if full {
                load::Depth::Full
            } else {
                load::Depth::Quick
            };
            match load::load(ctx, day, week, depth) {
                Ok(d) => Action::Loaded(Box::new(d)),
                Err(e) => Action::LoadFailed(e.to_string()),
            }
        }
        // The UI asks about a timer left running over 12 hours on its own
        // (Mode::LongTimer), so what reaches here was seen.
        Effect::Start(a) => {
            done(app::start_long(ctx, &a, None, Vec::new(), None).map(|st| {
                match (st.stopped, st.replaced, st.already) {
                    (_, _, true) => format!("{} is already running", st.running.activity),
                    (Some(old), _, _) => {
                        format!("switched from {} to {}", old.activity, st.running.activity)
                    }
                    (None, Some(r), _) => format!(
                        "replaced {r} by {} (under a minute), since {}",
                        st.running.activity,
                        st.running.start.format(hm)
                    ),
                    (None, None, _) => format!(
                        "started {} at {}",
                        st.running.activity,
                        st.running.start.format(hm)
                    ),
                }
            }))
        }
        Effect::Stop(at) => done(app::stop_long(ctx, at).map(|s| match s {
            app::Stopped::Logged(e) => {
                // Times and duration rounded alike, as the rows show them.
                let (_, end, secs) = row_span(e.start, e.end);
                format!(
                    "stopped {} at {} ({})",
                    e.activity,
                    end.format(hm),
                    crate::format::hours(secs)
                )
            }
            app::Stopped::Discarded(r) => {
                format!("discarded {} timer, under a minute", r.activity)
            }
        })),
        Effect::Log(e) => done(app::log(ctx, e).map(|e| logged(&e))),
        Effect::LogLong(e) => done(app::log_long(ctx, e).map(|e| logged(&e))),
        Effect::EditRunning(ch) => done(app::edit_running(ctx, ch).map(|(_, r)| {
            format!(
                "saved the running {} timer, since {}",
                r.activity,
                r.start.format(hm)
            )
        })),
        Effect::Edit(start, ch) => done(app::edit(ctx, start, ch).map(|(_, n)| {
            let (from, to, _) = row_span(n.start, n.end);
            format!("saved {} {}–{}", n.activity, from.format(hm), to.format(hm))
        })),
        Effect::Delete(start) => done(app::delete(ctx, start).map(|e| {
            let (from, _, _) = row_span(e.start, e.end);
            format!("deleted {} {} — u undoes it", e.activity, from.format(hm))
        })),
        Effect::SyncCalendars => {
            let r = app::calendars::sync(
                ctx,
                app::calendars::SyncOptions {
                    days: app::calendars::DEFAULT_DAYS,
                    dry_run: false,
                },
            );
            let o = match r {
                Ok(r) => calsync::Outcome::of(true, &r),
                Err(e) => calsync::Outcome {
                    asked: true,
                    failed: Some(e.message),
                    ..calsync::Outcome::default()
                },
            };
            match calsync::Said::default().message(&o) {
                Some(m) => Action::Done(m),
                None => Action::Done(Ok(String::new())),
            }
        }
        Effect::Undo => done(app::undo(ctx).map(|d| match d {
            Some(d) => format!("undid: {d}"),
            None => "nothing to undo".into(),
        })),
        Effect::DayOff(day, true) => done(app::add_days_off(ctx, day, day, None).map(|_| {
            format!(
                "{} is a day off: it does not count against your week — u undoes it",
                day.format("%a %-d %b")
            )
        })),
        Effect::DayOff(day, false) => done(app::remove_days_off(ctx, day, day).map(|_| {
            format!(
                "{} is a workday again — u undoes it",
                day.format("%a %-d %b")
            )
        })),
        Effect::SetReview(week, text) => done(app::reflect::write(ctx, week, &text).map(|w| {
            use app::reflect::Written;
            match w {
                Written::Saved => format!("saved the reflection of the week of {week}"),
                Written::Removed => {
                    format!("removed the reflection of the week of {week} — u undoes it")
                }
                Written::NothingToRemove => {
                    format!("nothing to remove: the week of {week} has no reflection")
                }
            }
        })),
        Effect::ResolveOverlap(a, b, keep) => done(
            app::sync::resolve_overlap(ctx, a, Some(b), keep)
                .map(|_| "settled the overlap — u undoes it".to_string()),
        ),
        Effect::SetProtected(ch) => {
            let what = match &ch {
                crate::config::edit::ProtectChange::Add(_) => "protected a block",
                crate::config::edit::ProtectChange::Remove(_) => "let go of a protected block",
            };
            done(app::set_protected(ctx, &ch, None).map(|b| format!("{what} from {}", b.since)))
        }
        Effect::SetBoundary(ch) => {
            let key = crate::config::keys::find(&ch.key);
            done(app::set_boundaries(ctx, &[ch], None).map(|b| match key {
                Some(k) => format!("{} changed from {}: {}", k.name, b.since, k.typed(&b)),
                None => format!("boundaries changed from {}", b.since),
            }))
        }
    }
}

/// A logged block's notice, its times rounded as its row shows them.
fn logged(e: &crate::model::Entry) -> String {
    let (from, to, _) = row_span(e.start, e.end);
    format!(
        "logged {} {}–{}",
        e.activity,
        from.format("%H:%M"),
        to.format("%H:%M")
    )
}

/// Modification times of what can change underneath: a write by another
/// `keel` replaces files by rename, which also touches their directory.
struct Watch {
    seen: Vec<Option<(SystemTime, u64)>>,
}

impl Watch {
    fn paths(ctx: &Ctx) -> Vec<PathBuf> {
        let root = ctx.store.root();
        let month = crate::model::Month::of(ctx.today());
        vec![
            root.to_path_buf(),
            root.join("entries"),
            ctx.store.month_path(month),
            ctx.store.running_path(),
            ctx.store.reviews_path(),
            ctx.config_path.clone(),
        ]
    }

    fn stamp(ctx: &Ctx) -> Vec<Option<(SystemTime, u64)>> {
        Watch::paths(ctx)
            .iter()
            .map(|p| {
                let m = std::fs::metadata(p).ok()?;
                Some((m.modified().ok()?, m.len()))
            })
            .collect()
    }

    fn new(ctx: &Ctx) -> Watch {
        Watch {
            seen: Watch::stamp(ctx),
        }
    }

    fn changed(&mut self, ctx: &Ctx) -> bool {
        let now = Watch::stamp(ctx);
        let changed = now != self.seen;
        self.seen = now;
        changed
    }
}
