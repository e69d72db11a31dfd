//! Work on every core, results in input order, memory bounded: an ordered
//! map over items that are read one by one, with at most a fixed number of
//! them in flight (read and not yet handed on) whatever the input's size.
//!
//! `jobs` threads (the calling thread one of them) each take the next item
//! (reading it, under a lock, on their own core: the bytes a worker reads
//! are in its own cache when it works on them, and no reading thread
//! competes with the workers), work on it and hand the result back. Each
//! item gets a sequence number; a result that comes back before those
//! ahead of it waits in a reorder buffer, and the worker whose result is
//! the next in order hands it, and those behind it that are ready, to the
//! sink. No thread waits for results: on two cores a third one, woken for
//! each result, took a tenth of the run in switches (BENCHMARKS.md, "Every
//! core"). No worker takes an item while [`Parallel::in_flight`] items are
//! out, so the workers and the reorder buffer together never hold more than
//! that: one slow item holds the reading back rather than letting results
//! pile up. With one job each item is worked and handed on before the next
//! is read. Either way the results reach the sink one at a time and in the
//! same order, so what the sink writes is the same byte for byte.
//!
//! ```
//! use clerk_models::judge::parallel::{ordered, Parallel};
//! let mut out = Vec::new();
//! let stats = ordered(Parallel::new(2), 0..1000u64, |n| n * n, |sq| out.push(sq));
//! assert_eq!(out, (0..1000u64).map(|n| n * n).collect::<Vec<_>>());
//! assert!(stats.max_in_flight <= Parallel::new(2).in_flight);
//! ```

use std::any::Any;
use std::collections::VecDeque;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// How many threads work, and how many items may be in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parallel {
    /// Worker threads (at least 1; 1 works on the calling thread).
    pub jobs: usize,
    /// Items read and not yet handed to the sink, at most (at least 1).
    pub in_flight: usize,
}

impl Parallel {
    /// `jobs` workers (0 counts as 1), with two items in flight for each
    /// and two more, so that no worker waits for the sink.
    pub fn new(jobs: usize) -> Self {
        let jobs = jobs.max(1);
        Parallel {
            jobs,
            in_flight: 2 * jobs + 2,
        }
    }

    /// A worker for each core the process may use.
    pub fn all_cores() -> Self {
        Parallel::new(available_cores())
    }
}

/// The cores the process may use (1 when that cannot be told).
pub fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// What a run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Items worked.
    pub items: usize,
    /// The most items that were in flight at once: never more than
    /// [`Parallel::in_flight`].
    pub max_in_flight: usize,
}

/// The items, shared by the workers: who takes the next one.
struct Feed<I> {
    items: I,
    /// The sequence number of the next item taken.
    next_in: usize,
    /// The items ran out, or the run is stopping (a panic): take no more.
    closed: bool,
    max_in_flight: usize,
}

/// The results back and not yet handed to the sink.
struct Back<R> {
    /// By sequence number from `next_out`.
    waiting: VecDeque<Option<R>>,
    /// The sequence number of the next result the sink has.
    next_out: usize,
    /// A worker is handing results to the sink: the others leave theirs.
    sinking: bool,
}

/// What the workers share.
struct Shared<I, R, S> {
    limit: usize,
    feed: Mutex<Feed<I>>,
    /// Signalled, under the feed's lock, when the sink has had results
    /// (there is room again) or the feed closed.
    room: Condvar,
    /// How many results the sink has had: read by a worker deciding
    /// whether there is room, written by the one handing results on.
    sunk: AtomicUsize,
    /// Workers waiting for room (so that the one handing results on takes
    /// the feed's lock to wake them only when one is).
    waiters: AtomicUsize,
    back: Mutex<Back<R>>,
    /// Only ever locked by the worker that set `Back::sinking`.
    sink: Mutex<S>,
    /// The first panic (in reading, working or the sink), raised again on
    /// the calling thread once every worker has stopped.
    panic: Mutex<Option<Box<dyn Any + Send>>>,
}

/// Locks, a poisoned lock taken as it is: every closure of the caller's
/// runs under `catch_unwind`, so no lock is held by a thread that panics.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Hands `work(item)` for each of `items` to `sink`, in the items' order,
/// working on `settings.jobs` threads with at most `settings.in_flight`
/// items in flight. A panic in `work`, in reading an item or in `sink` is
/// raised again on the calling thread, once the other workers have
/// stopped; the results ahead of the item that panicked reach the sink.
pub fn ordered<I, T, R, W, S>(settings: Parallel, items: I, work: W, mut sink: S) -> Stats
where
    I: IntoIterator<Item = T>,
    I::IntoIter: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(R) + Send,
{
    let mut stats = Stats::default();
    let items = items.into_iter();
    if settings.jobs <= 1 {
        for item in items {
            stats.max_in_flight = 1;
            stats.items += 1;
            sink(work(item));
        }
        return stats;
    }
    let shared = Shared {
        limit: settings.in_flight.max(1),
        feed: Mutex::new(Feed {
            items,
            next_in: 0,
            closed: false,
            max_in_flight: 0,
        }),
        room: Condvar::new(),
        sunk: AtomicUsize::new(0),
        waiters: AtomicUsize::new(0),
        back: Mutex::new(Back {
            waiting: VecDeque::new(),
            next_out: 0,
            sinking: false,
        }),
        sink: Mutex::new(sink),
        panic: Mutex::new(None),
    };
    std::thread::scope(|scope| {
        for _ in 1..settings.jobs {
            scope.spawn(|| shared.worker(&work));
        }
        shared.worker(&work);
    });
    if let Some(panic) = lock(&shared.panic).take() {
        resume_unwind(panic);
    }
    stats.items = lock(&shared.back).next_out;
    stats.max_in_flight = lock(&shared.feed).max_in_flight;
    stats
}

impl<I, T, R, S> Shared<I, R, S>
where
    I: Iterator<Item = T>,
    S: FnMut(R),
{
    /// Takes items, works them and hands the results back, until the items
    /// run out or the run stops.
    fn worker<W: Fn(T) -> R>(&self, work: &W) {
        while let Some((seq, item)) = self.take() {
            match catch_unwind(AssertUnwindSafe(|| work(item))) {
                Ok(result) => self.hand_back(seq, result),
                Err(panic) => return self.stop(panic),
            }
        }
    }

    /// The next item and its sequence number, once there is room for it;
    /// `None` when the items ran out or the run is stopping.
    fn take(&self) -> Option<(usize, T)> {
        let mut feed = lock(&self.feed);
        loop {
            if feed.closed {
                return None;
            }
            if feed.next_in - self.sunk.load(SeqCst) < self.limit {
                break;
            }
            // Said before looking again, so that a result handed on after
            // this look sees a waiter and wakes it.
            self.waiters.fetch_add(1, SeqCst);
            if feed.next_in - self.sunk.load(SeqCst) >= self.limit && !feed.closed {
                feed = self.room.wait(feed).unwrap_or_else(PoisonError::into_inner);
            }
            self.waiters.fetch_sub(1, SeqCst);
        }
        let seq = feed.next_in;
        // A panic while reading is caught here, the lock still held.
        match catch_unwind(AssertUnwindSafe(|| feed.items.next())) {
            Ok(Some(item)) => {
                feed.next_in += 1;
                let out = feed.next_in - self.sunk.load(SeqCst);
                feed.max_in_flight = feed.max_in_flight.max(out);
                Some((seq, item))
            }
            Ok(None) => {
                feed.closed = true;
                self.room.notify_all();
                None
            }
            Err(panic) => {
                drop(feed);
                self.stop(panic);
                None
            }
        }
    }

    /// Puts a result in its place; the worker that finds the next result in
    /// order there hands it and those ready behind it to the sink (outside
    /// the lock, so that the others keep handing theirs back meanwhile).
    fn hand_back(&self, seq: usize, result: R) {
        let mut back = lock(&self.back);
        let slot = seq - back.next_out;
        if back.waiting.len() <= slot {
            back.waiting.resize_with(slot + 1, || None);
        }
        back.waiting[slot] = Some(result);
        if back.sinking {
            return;
        }
        back.sinking = true;
        let mut ready = Vec::new();
        loop {
            while let Some(Some(_)) = back.waiting.front() {
                if let Some(Some(result)) = back.waiting.pop_front() {
                    ready.push(result);
                }
            }
            if ready.is_empty() {
                back.sinking = false;
                return;
            }
            back.next_out += ready.len();
            let sunk = back.next_out;
            drop(back);
            let mut sink = lock(&self.sink);
            for result in ready.drain(..) {
                if let Err(panic) = catch_unwind(AssertUnwindSafe(|| (*sink)(result))) {
                    // `sinking` stays set: no result is handed on after it.
                    return self.stop(panic);
                }
            }
            drop(sink);
            self.sunk.store(sunk, SeqCst);
            if self.waiters.load(SeqCst) > 0 {
                let _feed = lock(&self.feed);
                self.room.notify_all();
            }
            back = lock(&self.back);
        }
    }

    /// Stops the run: the first panic is kept to be raised again, the feed
    /// closes and every waiting worker wakes to find it closed.
    fn stop(&self, panic: Box<dyn Any + Send>) {
        lock(&self.panic).get_or_insert(panic);
        lock(&self.feed).closed = true;
        self.room.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::sync::mpsc::channel;

    #[test]
    fn results_come_in_input_order_whatever_the_jobs() {
        let work = |n: u64| {
            // Uneven work, so that results come back out of order.
            let spin = (n * 7919) % 2000;
            (0..spin).fold(n, |acc, i| acc.wrapping_mul(31).wrapping_add(i)) % 1000 + n * 1000
        };
        let serial: Vec<u64> = (0..5000).map(work).collect();
        for jobs in [1, 2, 3, 8] {
            let mut out = Vec::new();
            let stats = ordered(Parallel::new(jobs), 0..5000u64, work, |r| out.push(r));
            assert_eq!(out, serial, "jobs {jobs}");
            assert_eq!(stats.items, 5000);
        }
        let mut none = Vec::<u8>::new();
        let stats = ordered(
            Parallel::new(2),
            std::iter::empty::<u8>(),
            |x| x,
            |x| none.push(x),
        );
        assert_eq!(stats, Stats::default());
    }

    /// A million items: the reading is never more than `in_flight` items
    /// ahead of the sink, so memory does not grow with the input.
    #[test]
    fn memory_is_bounded_by_the_items_in_flight() {
        for settings in [
            Parallel::new(1),
            Parallel::new(2),
            Parallel {
                jobs: 4,
                in_flight: 3,
            },
        ] {
            let (read, sunk, most) = (
                AtomicUsize::new(0),
                AtomicUsize::new(0),
                AtomicUsize::new(0),
            );
            let items = std::iter::from_fn(|| {
                let out = read.load(SeqCst) - sunk.load(SeqCst);
                assert!(out < settings.in_flight, "{out} items out already");
                let read = read.fetch_add(1, SeqCst) + 1;
                most.fetch_max(out + 1, SeqCst);
                (read <= 1_000_000).then(|| vec![0u8; 16])
            });
            let stats = ordered(
                settings,
                items,
                |v| v.len(),
                |_| {
                    sunk.fetch_add(1, SeqCst);
                },
            );
            assert_eq!(stats.items, 1_000_000);
            assert!(stats.max_in_flight <= settings.in_flight, "{stats:?}");
            assert!(most.load(SeqCst) <= settings.in_flight);
        }
    }

    /// The first item does not finish until the last item the bound lets
    /// out has been worked: the reading waits for it rather than running
    /// ahead, and the results behind it wait in the reorder buffer.
    #[test]
    fn a_slow_item_holds_the_reading_back() {
        let settings = Parallel::new(2);
        let k = settings.in_flight;
        let (release, gate) = channel::<()>();
        let (release, gate) = (Mutex::new(release), Mutex::new(gate));
        let sunk = AtomicUsize::new(0);
        let mut next = 0usize;
        let items = std::iter::from_fn(|| {
            if next >= k {
                assert!(
                    sunk.load(SeqCst) > 0,
                    "item {next} read while item 0 is out"
                );
            }
            next += 1;
            (next <= 10 * k).then_some(next - 1)
        });
        let mut out = Vec::new();
        let stats = ordered(
            settings,
            items,
            |n| {
                if n == 0 {
                    gate.lock().unwrap().recv().unwrap();
                }
                if n == k - 1 {
                    release.lock().unwrap().send(()).unwrap();
                }
                n
            },
            |n| {
                sunk.fetch_add(1, SeqCst);
                out.push(n);
            },
        );
        assert_eq!(out, (0..10 * k).collect::<Vec<_>>());
        assert_eq!(stats.max_in_flight, k);
    }

    /// A panic while an item is read (under the lock) stops the workers
    /// waiting for room too: it is raised again, not a hang.
    #[test]
    #[should_panic(expected = "reading item 40")]
    fn a_panic_in_the_reading_is_raised_again() {
        let settings = Parallel {
            jobs: 2,
            in_flight: 3,
        };
        let items = (0..1000u64).inspect(|&n| assert!(n != 40, "reading item {n}"));
        ordered(
            settings,
            items,
            |n| {
                // Slow work, so that the other worker waits for room.
                std::thread::sleep(std::time::Duration::from_millis(n % 3));
                n
            },
            |_| {},
        );
    }

    /// A panic in the sink stops the run (no result is handed on after it,
    /// no worker is left waiting for room) and is raised again.
    #[test]
    fn a_panic_in_the_sink_is_raised_again() {
        let mut seen = Vec::new();
        let panic = catch_unwind(AssertUnwindSafe(|| {
            ordered(
                Parallel::new(2),
                0..10_000u64,
                |n| n,
                |n| {
                    assert!(n != 300, "sinking item {n}");
                    seen.push(n);
                },
            )
        }))
        .expect_err("the sink's panic");
        assert_eq!(panic.downcast_ref::<String>().unwrap(), "sinking item 300");
        assert_eq!(seen, (0..300).collect::<Vec<_>>());
    }

    #[test]
    #[should_panic(expected = "item 7")]
    fn a_panic_in_the_work_is_raised_again() {
        ordered(
            Parallel::new(2),
            0..100,
            |n| assert!(n != 7, "item {n}"),
            |()| {},
        );
    }
}
