//! Work on every core, results in input order, memory bounded: an ordered
//! map over items that are read one by one, with at most a fixed number of
//! them in flight (read and not yet handed on) whatever the input's size.
//!
//! `jobs` threads each take the next item (reading it, under a lock, on
//! their own core: the bytes a worker reads are in its own cache when it
//! works on them, and no reading thread competes with the workers) and
//! work on it; the calling thread hands the results on, in order. Each
//! item gets a sequence number; a result that comes back before those
//! ahead of it waits in a reorder buffer. No worker takes an item while
//! [`Parallel::in_flight`] items are out, so the workers and the reorder
//! buffer together never hold more than that: one slow item holds the
//! reading back rather than letting results pile up. With one job nothing
//! is spawned and each item is worked and handed on before the next is
//! read. Either way the results reach the sink in the same order, so what
//! the sink writes is the same byte for byte.
//!
//! ```
//! use clerk_models::judge::parallel::{ordered, Parallel};
//! let mut out = Vec::new();
//! let stats = ordered(Parallel::new(2), 0..1000u64, |n| n * n, |sq| out.push(sq));
//! assert_eq!(out, (0..1000u64).map(|n| n * n).collect::<Vec<_>>());
//! assert!(stats.max_in_flight <= Parallel::new(2).in_flight);
//! ```

use std::collections::VecDeque;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::mpsc::channel;
use std::sync::{Condvar, Mutex, MutexGuard};

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

/// The items, shared by the workers: who takes the next one, and how many
/// are out.
struct Feed<I> {
    items: I,
    /// The sequence number of the next item taken.
    next_in: usize,
    /// How many results the sink has had.
    next_out: usize,
    /// The items ran out, or the run is stopping (a panic): take no more.
    closed: bool,
    max_in_flight: usize,
}

/// Hands `work(item)` for each of `items` to `sink`, in the items' order,
/// working on `settings.jobs` threads with at most `settings.in_flight`
/// items in flight. A panic in `work` (or in reading an item) is raised
/// again on the calling thread, once the other workers have stopped.
pub fn ordered<I, T, R, W, S>(settings: Parallel, items: I, work: W, mut sink: S) -> Stats
where
    I: IntoIterator<Item = T>,
    I::IntoIter: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(R),
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
    let limit = settings.in_flight.max(1);
    let feed = Mutex::new(Feed {
        items,
        next_in: 0,
        next_out: 0,
        closed: false,
        max_in_flight: 0,
    });
    // Signalled when the sink has had results (there is room again) or the
    // feed closed.
    let room = Condvar::new();
    let (done, results) = channel::<(usize, std::thread::Result<R>)>();
    // A poisoned lock means a worker panicked while reading: the others
    // stop (a waiting one wakes to find it poisoned), and the scope raises
    // that panic again.
    let lock = || feed.lock().ok();
    let close = |feed: Option<MutexGuard<'_, Feed<I::IntoIter>>>| {
        if let Some(mut feed) = feed {
            feed.closed = true;
        }
        room.notify_all();
    };
    std::thread::scope(|scope| {
        for _ in 0..settings.jobs {
            let done = done.clone();
            let (work, room, lock) = (&work, &room, &lock);
            scope.spawn(move || loop {
                let Some(mut feed) = lock() else { break };
                while !feed.closed && feed.next_in - feed.next_out >= limit {
                    match room.wait(feed) {
                        Ok(waited) => feed = waited,
                        Err(_) => return,
                    }
                }
                if feed.closed {
                    break;
                }
                let seq = feed.next_in;
                // A panic while reading is caught here, the lock still
                // held (so not poisoned), and raised again by the sink.
                let item = match catch_unwind(AssertUnwindSafe(|| feed.items.next())) {
                    Ok(Some(item)) => item,
                    Ok(None) => {
                        close(Some(feed));
                        break;
                    }
                    Err(panic) => {
                        close(Some(feed));
                        let _ = done.send((seq, Err(panic)));
                        break;
                    }
                };
                feed.next_in += 1;
                feed.max_in_flight = feed.max_in_flight.max(feed.next_in - feed.next_out);
                drop(feed);
                let result = catch_unwind(AssertUnwindSafe(|| work(item)));
                if done.send((seq, result)).is_err() {
                    break;
                }
            });
        }
        drop(done);
        // Results that came back before those ahead of them, by sequence
        // number from `next_out`.
        let mut waiting: VecDeque<Option<R>> = VecDeque::new();
        let mut next_out = 0usize;
        // Ends when every worker has stopped (all items worked, or a
        // panic while reading one, which the scope raises again).
        while let Ok((seq, result)) = results.recv() {
            let result = match result {
                Ok(result) => result,
                // Closing the feed on the way out stops the workers.
                Err(panic) => {
                    close(lock());
                    resume_unwind(panic)
                }
            };
            let slot = seq - next_out;
            if waiting.len() <= slot {
                waiting.resize_with(slot + 1, || None);
            }
            waiting[slot] = Some(result);
            let before = next_out;
            while let Some(Some(_)) = waiting.front() {
                let Some(Some(result)) = waiting.pop_front() else {
                    unreachable!()
                };
                next_out += 1;
                sink(result);
            }
            if next_out > before {
                if let Some(mut feed) = lock() {
                    feed.next_out = next_out;
                }
                room.notify_all();
            }
        }
        stats.items = next_out;
        stats.max_in_flight = lock().map_or(0, |f| f.max_in_flight);
        stats
    })
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
