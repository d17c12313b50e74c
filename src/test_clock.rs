//! A clock for the time budgets of unit tests: time the calling thread
//! spent on a CPU, not time on the wall.
//!
//! The budgets guard against work that grows too fast (a quadratic loop, a
//! backtracking blow-up), not against a busy machine. Measured on the wall,
//! a dozen tests sharing two cores told "too slow" of a parse that used a
//! tenth of its budget. Linux reports a thread's time on a CPU, in
//! nanoseconds, as the first field of `/proc/thread-self/schedstat`; where
//! that cannot be read the clock is the wall, which only errs towards a
//! failing test, never a passing one.

use std::time::{Duration, Instant};

/// A started clock; [`Clock::elapsed`] reads it.
pub(crate) struct Clock {
    wall: Instant,
    cpu: Option<u64>,
}

impl Clock {
    /// Starts counting the calling thread's time. Read it on the same
    /// thread: another thread's time is not this one's.
    pub(crate) fn start() -> Self {
        Self { wall: Instant::now(), cpu: thread_cpu_nanos() }
    }

    /// The thread's CPU time since [`Clock::start`], or the wall time if
    /// the CPU time cannot be read.
    pub(crate) fn elapsed(&self) -> Duration {
        match (self.cpu, thread_cpu_nanos()) {
            (Some(start), Some(now)) => Duration::from_nanos(now.saturating_sub(start)),
            _ => self.wall.elapsed(),
        }
    }
}

/// `f`'s result and the CPU time it took on this thread.
pub(crate) fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let clock = Clock::start();
    let out = f();
    (out, clock.elapsed())
}

/// Runs `f`, failing the test if it took more than `budget` of CPU time.
pub(crate) fn within<T>(name: &str, budget: Duration, f: impl FnOnce() -> T) -> T {
    let (out, took) = timed(f);
    assert!(took <= budget, "{name}: took {took:?} of CPU time, budget {budget:?}");
    out
}

fn thread_cpu_nanos() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_ascii_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_work_and_not_sleep() {
        let clock = Clock::start();
        std::thread::sleep(Duration::from_millis(300));
        let slept = clock.elapsed();
        let clock = Clock::start();
        let wall = Instant::now();
        let mut x = 0u64;
        while wall.elapsed() < Duration::from_millis(300) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let worked = clock.elapsed();
        // On Linux the sleep costs (almost) nothing; elsewhere the clock is
        // the wall and both are about 300 ms.
        if thread_cpu_nanos().is_some() {
            assert!(slept < Duration::from_millis(50), "{slept:?}");
        } else {
            assert!(slept >= Duration::from_millis(300), "{slept:?}");
        }
        assert!(worked > Duration::ZERO && worked <= Duration::from_millis(400), "{worked:?}");
    }
}
