//! Model workers: a fixed number of threads taking jobs from a bounded
//! queue. A job that finds the queue full, or whose deadline passes while
//! it waits, is refused at once, so the caller moves on to its next engine
//! instead of holding the message.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::oneshot;

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

struct Task<J, R> {
    job: J,
    deadline: Instant,
    reply: oneshot::Sender<R>,
}

pub struct Pool<J, R> {
    queue: SyncSender<Task<J, R>>,
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
        let (tx, rx) = sync_channel::<Task<J, R>>(queue);
        let rx = Arc::new(Mutex::new(rx));
        let run = Arc::new(run);
        for i in 0..workers.max(1) {
            let (rx, run) = (Arc::clone(&rx), Arc::clone(&run));
            std::thread::Builder::new()
                .name(format!("{name}-{i}"))
                .spawn(move || work(&rx, run.as_ref()))?;
        }
        Ok(Pool { queue: tx })
    }

    /// Queues `job` for a worker, or refuses it at once when the queue is
    /// full.
    pub fn submit(&self, job: J, deadline: Instant) -> Result<Pending<R>, Refused> {
        let (reply, answer) = oneshot::channel();
        match self.queue.try_send(Task {
            job,
            deadline,
            reply,
        }) {
            Ok(()) => Ok(Pending { answer, deadline }),
            Err(TrySendError::Full(_)) => Err(Refused::QueueFull),
            Err(TrySendError::Disconnected(_)) => Err(Refused::Stopped),
        }
    }
}

/// A queued job's answer to come.
pub struct Pending<R> {
    answer: oneshot::Receiver<R>,
    deadline: Instant,
}

impl<R> Pending<R> {
    /// The answer, if it comes by the job's deadline.
    pub async fn wait(self) -> Result<R, Refused> {
        match tokio::time::timeout_at(self.deadline.into(), self.answer).await {
            Ok(Ok(r)) => Ok(r),
            // The worker dropped the reply.
            Ok(Err(_)) => Err(Refused::Expired),
            Err(_) => Err(Refused::Late),
        }
    }
}

fn work<J, R>(queue: &Mutex<Receiver<Task<J, R>>>, run: &(dyn Fn(J) -> R + Send + Sync)) {
    loop {
        let task = match queue.lock().unwrap_or_else(|e| e.into_inner()).recv() {
            Ok(task) => task,
            Err(_) => return,
        };
        // Nobody waits for a job past its deadline: skip the work.
        if Instant::now() >= task.deadline || task.reply.is_closed() {
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
}
