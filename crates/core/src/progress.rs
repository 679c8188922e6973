//! How often a long task tells the window how far it has got. A sweep of 10,000 targets
//! reports every target; sent as they come, that is 10,000 events, and each event reaches
//! the web view as a script it compiles and keeps for a while (measured with `make bench`:
//! the board's web process grew by tens of MB during such a sweep). The first and the last
//! report always go out; in between, at most one per interval.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The interval between two progress reports in the window: five a second reads as live.
pub const WINDOW_INTERVAL: Duration = Duration::from_millis(200);

/// Decides which progress reports go out (shared by reference; safe across threads).
#[derive(Debug)]
pub struct Pace {
    every: Duration,
    last: Mutex<Option<Instant>>,
}

impl Default for Pace {
    fn default() -> Self {
        Pace::new(WINDOW_INTERVAL)
    }
}

impl Pace {
    pub fn new(every: Duration) -> Pace {
        Pace {
            every,
            last: Mutex::new(None),
        }
    }

    /// Whether the report of `done` of `total` goes out: always the first one, the start
    /// (`done` 0), the end (`done` ≥ `total` or `finished`); otherwise once `every` has passed
    /// since the last one that went out.
    pub fn due(&self, done: u64, total: u64, finished: bool) -> bool {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        let due = finished
            || done == 0
            || done >= total
            || last.is_none_or(|at| now.duration_since(at) >= self.every);
        if due {
            *last = Some(now);
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ends_always_go_out_the_middle_once_per_interval() {
        let pace = Pace::new(Duration::from_secs(3600));
        let sent: Vec<u64> = (0..=10_000u64)
            .filter(|&done| pace.due(done, 10_000, false))
            .collect();
        assert_eq!(sent, vec![0, 10_000]);
        assert!(pace.due(3, 7, true), "a finished report goes out");

        let quick = Pace::new(Duration::ZERO);
        assert!((0..=100u64).all(|done| quick.due(done, 100, false)));

        let fresh = Pace::new(Duration::from_secs(3600));
        assert!(fresh.due(5, 10, false), "the first report goes out");
        assert!(!fresh.due(6, 10, false));
    }
}
