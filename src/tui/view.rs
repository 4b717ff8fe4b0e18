//! The whole screen from `&State`: tab bar, the tab's screen, the notice
//! line, the status line, and whatever pop-up the mode asks for.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::layout::areas_with;
use super::state::{Mode, State, Tab};
use super::{boundaries, help, reflection, today, trends, week, widgets};

impl Widget for &State {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self;
        if area.width == 0 || area.height == 0 {
            return;
        }
        let mut l = areas_with(area.width, area.height, widgets::notice_rows(s, area.width));
        for r in [&mut l.tabs, &mut l.body, &mut l.notice, &mut l.status] {
            r.x += area.x;
            r.y += area.y;
        }
        let shown = |r: Rect| r.height > 0 && r.width > 0;
        if shown(l.tabs) {
            widgets::tab_bar(s, l.tabs, buf);
        }
        if shown(l.body) {
            match s.tab {
                Tab::Today => today::draw(s, l.body, buf),
                Tab::Week => week::draw(s, l.body, buf),
                Tab::Trends => trends::draw(s, l.body, buf),
                Tab::Boundaries => boundaries::draw(s, l.body, buf),
            }
        }
        if shown(l.notice) {
            widgets::notice_line(s, l.notice, buf);
        }
        if shown(l.status) {
            widgets::status_line(s, l.status, buf);
        }
        match &s.mode {
            Mode::Help => help::draw(s, area, buf),
            Mode::Form(f) => widgets::entry_form(s, f, area, buf),
            Mode::Picker { filter, pick, .. } => widgets::picker(s, filter, *pick, area, buf),
            Mode::ConfirmDelete(e) => widgets::confirm_delete(s, e, area, buf),
            Mode::Overlap(a, b) => widgets::confirm_overlap(s, a, b, area, buf),
            Mode::LongTimer(i, read) => widgets::long_timer(s, i, read, area, buf),
            Mode::Review(i) => reflection::editor(s, i, area, buf),
            Mode::Normal
            | Mode::Fill(..)
            | Mode::Boundary { .. }
            | Mode::Protect { .. }
            | Mode::ConfirmUnprotect(_) => {}
        }
    }
}
