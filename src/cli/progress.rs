//! `validate`'s progress on stderr (indicatif): a bar with percent, rate and
//! ETA when the inputs' total size is known (files only), the bytes, rate
//! and counts otherwise (stdin); nothing when stderr is not a terminal or
//! with `--quiet`. It appears only once a run has lasted [`AFTER`], so a
//! short run prints nothing but its report, and it is cleared before the
//! summary.

use super::render::Counts;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::{Duration, Instant};

/// How long a run goes before its progress is shown.
pub const AFTER: Duration = Duration::from_millis(300);

/// What progress a run shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Nothing,
    /// A bar, over the inputs' total size in bytes.
    Bar {
        total: u64,
    },
    /// Bytes read, rate and counts: the total is not known.
    Counter,
}

/// What to show: nothing off a terminal or with --quiet, a bar when the
/// total size is known.
pub fn decide(terminal: bool, quiet: bool, total: Option<u64>) -> Show {
    match total {
        _ if !terminal || quiet => Show::Nothing,
        Some(total) => Show::Bar { total },
        None => Show::Counter,
    }
}

/// The progress of a run.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// Where the bar is drawn once the run has lasted `after`.
    target: Option<ProgressDrawTarget>,
    started: Instant,
    after: Duration,
}

impl Progress {
    /// Progress for `show`, drawn to `target` (stderr, or a test's
    /// terminal) from `after` on.
    pub fn new(show: Show, target: ProgressDrawTarget, after: Duration) -> Self {
        let (bar, template) = match show {
            Show::Nothing => {
                return Progress {
                    bar: None,
                    target: None,
                    started: Instant::now(),
                    after,
                }
            }
            Show::Bar { total } => (
                ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden()),
                "[{bar:24}] {percent:>3}% {bytes}/{total_bytes} {binary_bytes_per_sec} \
                 ETA {eta} {wide_msg}",
            ),
            Show::Counter => (
                ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()),
                "{spinner} {bytes} read {binary_bytes_per_sec} {wide_msg}",
            ),
        };
        let style = ProgressStyle::with_template(template)
            .expect("the template is valid")
            .progress_chars("=> ");
        bar.set_style(style);
        Progress {
            bar: Some(bar),
            target: Some(target),
            started: Instant::now(),
            after,
        }
    }

    /// Runs `f` (printing to the terminal) with the bar out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) if self.target.is_none() => bar.suspend(f),
            _ => f(),
        }
    }

    /// `bytes` more of the input done; the counts so far.
    pub fn advance(&mut self, bytes: u64, counts: &Counts) {
        let Some(bar) = &self.bar else { return };
        bar.set_message(message(counts));
        bar.inc(bytes);
        if self.target.is_some() && self.started.elapsed() >= self.after {
            if let Some(target) = self.target.take() {
                bar.set_draw_target(target);
                bar.tick();
            }
        }
    }

    /// Clears the bar for the summary.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// The counts beside the bar.
fn message(c: &Counts) -> String {
    let mut text = format!("{} payloads", c.payloads);
    if c.failed > 0 {
        text.push_str(&format!(", {} failed", c.failed));
    }
    if c.unreadable > 0 {
        text.push_str(&format!(", {} unreadable", c.unreadable));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use indicatif::TermLike;
    use std::sync::{Arc, Mutex};

    #[test]
    fn shown_only_on_a_terminal_and_not_with_quiet() {
        assert_eq!(decide(false, false, Some(10)), Show::Nothing);
        assert_eq!(decide(false, false, None), Show::Nothing);
        assert_eq!(decide(true, true, Some(10)), Show::Nothing);
        assert_eq!(decide(true, true, None), Show::Nothing);
        assert_eq!(decide(true, false, Some(10)), Show::Bar { total: 10 });
        assert_eq!(decide(true, false, None), Show::Counter);
    }

    /// A terminal that keeps what is written to it.
    #[derive(Debug, Clone, Default)]
    struct Screen(Arc<Mutex<String>>);

    impl TermLike for Screen {
        fn width(&self) -> u16 {
            120
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(&format!("{s}\n"))
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.0.lock().unwrap().push_str(s);
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            self.write_str("<clear>")
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn run(show: Show, after: Duration) -> String {
        let screen = Screen::default();
        let target = ProgressDrawTarget::term_like(Box::new(screen.clone()));
        let mut progress = Progress::new(show, target, after);
        let counts = Counts {
            payloads: 3,
            failed: 1,
            ..Counts::default()
        };
        progress.advance(512, &counts);
        progress.finish();
        let shown = screen.0.lock().unwrap().clone();
        shown
    }

    #[test]
    fn a_bar_with_percent_rate_and_eta_when_the_total_is_known() {
        let shown = run(Show::Bar { total: 1024 }, Duration::ZERO);
        assert!(
            shown.starts_with("[============>           ]  50% 512 B/1.00 KiB "),
            "{shown}"
        );
        assert!(shown.contains("/s ETA "), "{shown}");
        assert!(shown.contains(" 3 payloads, 1 failed"), "{shown}");
        // Within the terminal's width.
        let line = shown.trim_end_matches("<clear>").trim_end();
        assert!(line.chars().count() <= 120, "{shown}");
        assert!(shown.ends_with("<clear>"), "cleared at the end: {shown}");
    }

    #[test]
    fn counts_when_the_total_is_not_known() {
        let shown = run(Show::Counter, Duration::ZERO);
        assert!(shown.contains(" 512 B read "), "{shown}");
        assert!(shown.contains("/s 3 payloads, 1 failed"), "{shown}");
        assert!(!shown.contains('%'), "{shown}");
    }

    #[test]
    fn nothing_for_a_short_run_or_off_a_terminal() {
        assert_eq!(run(Show::Bar { total: 1024 }, Duration::from_secs(60)), "");
        assert_eq!(run(Show::Nothing, Duration::ZERO), "");
    }
}
