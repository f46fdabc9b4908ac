//! Model workers: a fixed number of threads taking jobs from a bounded
//! queue. A job that finds the queue full, or whose deadline passes while
//! it waits, is refused at once, so the caller moves on to its next engine
//! instead of holding the message.
//!
//! The bound counts jobs still wanted: a caller that gives up (its deadline
//! passed, or its request went away) frees its place at once, so a burst
//! after a slow spell is not refused for the places of callers long gone.
//! The job itself stays in the channel until a worker takes it and skips
//! it; the channel holds at most [`BACKLOG`] times the queue.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::oneshot;

/// Given-up jobs the channel may hold, as a multiple of the queue, before
/// new jobs are refused: bounds the memory of jobs no one waits for.
const BACKLOG: usize = 4;

/// Why a job got no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("every worker is busy and the queue is full")]
    QueueFull,
    /// The deadline passed while the job waited for a worker, or the job
    /// failed without an answer.
    #[error("no answer: the job expired in the queue or failed")]
    Expired,
    #[error("the deadline passed before the answer")]
    Late,
    #[error("the workers have stopped")]
    Stopped,
}

impl Refused {
    /// A label for metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Refused::QueueFull => "queue_full",
            Refused::Expired => "expired",
            Refused::Late => "late",
            Refused::Stopped => "stopped",
        }
    }
}

/// Counts shared by the pool, its workers and the callers.
#[derive(Default)]
struct Counts {
    /// Jobs waiting that someone still waits for.
    wanted: AtomicUsize,
    /// Jobs in the channel, wanted or not.
    queued: AtomicUsize,
}

/// One queued job's place: taken exactly once, by the worker that starts
/// the job or by the caller giving up, whichever comes first; the taker
/// frees the place in `wanted`.
struct Place {
    taken: AtomicBool,
    counts: Arc<Counts>,
}

impl Place {
    /// Takes the place; true for the one taker.
    fn take(&self) -> bool {
        let first = !self.taken.swap(true, Ordering::AcqRel);
        if first {
            self.counts.wanted.fetch_sub(1, Ordering::AcqRel);
        }
        first
    }
}

struct Task<J, R> {
    job: J,
    deadline: Instant,
    reply: oneshot::Sender<R>,
    place: Arc<Place>,
}

pub struct Pool<J, R> {
    queue: Sender<Task<J, R>>,
    counts: Arc<Counts>,
    limit: usize,
}

impl<J: Send + 'static, R: Send + 'static> Pool<J, R> {
    /// Starts `workers` threads running `run`; at most `queue` jobs wait.
    /// The threads end when the pool is dropped.
    pub fn new(
        name: &str,
        workers: usize,
        queue: usize,
        run: impl Fn(J) -> R + Send + Sync + 'static,
    ) -> std::io::Result<Pool<J, R>> {
        let (tx, rx) = channel::<Task<J, R>>();
        let rx = Arc::new(Mutex::new(rx));
        let run = Arc::new(run);
        let counts = Arc::new(Counts::default());
        for i in 0..workers.max(1) {
            let (rx, run, counts) = (Arc::clone(&rx), Arc::clone(&run), Arc::clone(&counts));
            std::thread::Builder::new()
                .name(format!("{name}-{i}"))
                .spawn(move || work(&rx, &counts, run.as_ref()))?;
        }
        Ok(Pool {
            queue: tx,
            counts,
            limit: queue,
        })
    }

    /// Queues `job` for a worker, or refuses it at once when the queue is
    /// full.
    pub fn submit(&self, job: J, deadline: Instant) -> Result<Pending<R>, Refused> {
        let counts = &self.counts;
        if counts.queued.fetch_add(1, Ordering::AcqRel) >= self.limit * BACKLOG {
            counts.queued.fetch_sub(1, Ordering::AcqRel);
            return Err(Refused::QueueFull);
        }
        if counts.wanted.fetch_add(1, Ordering::AcqRel) >= self.limit {
            counts.wanted.fetch_sub(1, Ordering::AcqRel);
            counts.queued.fetch_sub(1, Ordering::AcqRel);
            return Err(Refused::QueueFull);
        }
        let place = Arc::new(Place {
            taken: AtomicBool::new(false),
            counts: Arc::clone(counts),
        });
        let (reply, answer) = oneshot::channel();
        let task = Task {
            job,
            deadline,
            reply,
            place: Arc::clone(&place),
        };
        match self.queue.send(task) {
            Ok(()) => Ok(Pending {
                answer,
                deadline,
                place,
            }),
            Err(_) => {
                place.take();
                counts.queued.fetch_sub(1, Ordering::AcqRel);
                Err(Refused::Stopped)
            }
        }
    }
}

/// A queued job's answer to come. Dropped unanswered (the caller gave up
/// or went away), it frees the job's place in the queue.
pub struct Pending<R> {
    answer: oneshot::Receiver<R>,
    deadline: Instant,
    place: Arc<Place>,
}

impl<R> Pending<R> {
    /// The answer, if it comes by the job's deadline.
    pub async fn wait(mut self) -> Result<R, Refused> {
        match tokio::time::timeout_at(self.deadline.into(), &mut self.answer).await {
            Ok(Ok(r)) => Ok(r),
            // The worker dropped the reply.
            Ok(Err(_)) => Err(Refused::Expired),
            Err(_) => Err(Refused::Late),
        }
    }
}

impl<R> Drop for Pending<R> {
    fn drop(&mut self) {
        // A no-op when a worker took the job first.
        self.place.take();
    }
}

fn work<J, R>(
    queue: &Mutex<Receiver<Task<J, R>>>,
    counts: &Counts,
    run: &(dyn Fn(J) -> R + Send + Sync),
) {
    loop {
        let task = match queue.lock().unwrap_or_else(|e| e.into_inner()).recv() {
            Ok(task) => task,
            Err(_) => return,
        };
        counts.queued.fetch_sub(1, Ordering::AcqRel);
        // Nobody waits for a job past its deadline, or given up: skip the
        // work.
        if !task.place.take() || Instant::now() >= task.deadline || task.reply.is_closed() {
            continue;
        }
        // A job that panics drops its reply (the caller sees `Expired`);
        // the worker goes on with the next one.
        let job = task.job;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(job))) {
            Ok(answer) => {
                let _ = task.reply.send(answer);
            }
            Err(_) => tracing::error!("a model worker's job panicked"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    /// A pool whose jobs block until the test releases them.
    fn gated() -> (Pool<u32, u32>, mpsc::Sender<()>, mpsc::Receiver<u32>) {
        let (release, gate) = mpsc::channel::<()>();
        let (started_tx, started) = mpsc::channel();
        let gate = Mutex::new(gate);
        let pool = Pool::new("test", 1, 1, move |n| {
            started_tx.send(n).unwrap();
            gate.lock().unwrap().recv().unwrap();
            n * 10
        })
        .unwrap();
        (pool, release, started)
    }

    #[tokio::test]
    async fn a_job_that_panics_leaves_the_worker_running() {
        let pool = Pool::new("test", 1, 1, |n: u32| {
            assert!(n != 0, "job zero panics");
            n + 1
        })
        .unwrap();
        let far = Instant::now() + Duration::from_secs(60);
        assert_eq!(
            pool.submit(0, far).unwrap().wait().await,
            Err(Refused::Expired)
        );
        assert_eq!(pool.submit(1, far).unwrap().wait().await, Ok(2));
    }

    #[tokio::test]
    async fn a_job_runs_and_answers() {
        let (pool, release, _started) = gated();
        release.send(()).unwrap();
        let far = Instant::now() + Duration::from_secs(60);
        assert_eq!(pool.submit(4, far).unwrap().wait().await, Ok(40));
    }

    #[tokio::test]
    async fn a_full_queue_refuses_at_once_and_a_waiting_job_expires() {
        let (pool, release, started) = gated();
        let far = Instant::now() + Duration::from_secs(60);
        // The worker takes job 1 and blocks on it.
        let busy = pool.submit(1, far).unwrap();
        assert_eq!(started.recv().unwrap(), 1);
        // Job 2 takes the one queue slot; job 3 finds no room.
        let waiting = pool
            .submit(2, Instant::now() + Duration::from_millis(50))
            .unwrap();
        assert_eq!(pool.submit(3, far).err(), Some(Refused::QueueFull));
        // Job 2's deadline passes while the worker is still busy.
        assert_eq!(waiting.wait().await, Err(Refused::Late));
        release.send(()).unwrap();
        assert_eq!(busy.wait().await, Ok(10));
        // Job 2 is skipped, never run: job 5 is the next to start.
        release.send(()).unwrap();
        assert_eq!(pool.submit(5, far).unwrap().wait().await, Ok(50));
        assert_eq!(started.try_iter().collect::<Vec<_>>(), [5]);
    }

    #[tokio::test]
    async fn a_job_given_up_frees_its_place_at_once_and_is_never_run() {
        let (pool, release, started) = gated();
        let far = Instant::now() + Duration::from_secs(60);
        let busy = pool.submit(1, far).unwrap();
        assert_eq!(started.recv().unwrap(), 1);
        // Job 2 waits and its caller gives up (deadline passed)…
        let late = pool
            .submit(2, Instant::now() + Duration::from_millis(20))
            .unwrap();
        assert_eq!(late.wait().await, Err(Refused::Late));
        // …and job 3's caller goes away without waiting.
        drop(pool.submit(3, far).unwrap());
        // Their places are free while the worker is still busy with job 1.
        let next = pool.submit(4, far).unwrap();
        assert_eq!(pool.submit(5, far).err(), Some(Refused::QueueFull));
        release.send(()).unwrap();
        assert_eq!(busy.wait().await, Ok(10));
        release.send(()).unwrap();
        assert_eq!(next.wait().await, Ok(40));
        // Jobs 2 and 3 were skipped, never run.
        assert_eq!(started.try_iter().collect::<Vec<_>>(), [4]);
    }

    #[tokio::test]
    async fn jobs_given_up_fill_at_most_a_bounded_backlog() {
        let (pool, release, started) = gated();
        let far = Instant::now() + Duration::from_secs(60);
        let busy = pool.submit(1, far).unwrap();
        assert_eq!(started.recv().unwrap(), 1);
        // The queue has 1 place: BACKLOG jobs given up fill the channel.
        for n in 0..BACKLOG as u32 {
            drop(pool.submit(10 + n, far).unwrap());
        }
        assert_eq!(pool.submit(99, far).err(), Some(Refused::QueueFull));
        // The worker clears them and takes new work again.
        release.send(()).unwrap();
        assert_eq!(busy.wait().await, Ok(10));
        release.send(()).unwrap();
        let mut answer = None;
        for _ in 0..100 {
            match pool.submit(7, far) {
                Ok(p) => {
                    answer = Some(p.wait().await);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            }
        }
        assert_eq!(answer, Some(Ok(70)));
        assert_eq!(started.try_iter().collect::<Vec<_>>(), [7]);
    }
}
