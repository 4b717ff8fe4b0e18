//! `keel`: the command line, which opens the terminal UI when given no
//! command on a terminal. The two faces meet here and nowhere else.

fn main() -> std::process::ExitCode {
    evenkeel::cli::main(evenkeel::cli::Ui {
        run: evenkeel::tui::run,
        reserved: evenkeel::tui::reserved_key,
    })
}
