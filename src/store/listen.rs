//! Wake-ups across instances on PostgreSQL. Every message stored in a
//! PostgreSQL store announces its conversation with `NOTIFY` (a trigger,
//! migration `000012_announce_messages`; delivered on commit only), and
//! each instance listens on a connection of its own, waking its readers
//! waiting on that conversation (`wakeup`). Without it a shopper waiting
//! on one instance would see a reply stored through another only at its
//! next read.
//!
//! diesel reads notifications without blocking (`notifications_iter`), so
//! the listener drains them every [`DRAIN_EVERY`]. A notification sent while
//! no one listened is lost: after every (re)connection the listener wakes
//! all of the store's readers once, and readers still read every
//! [`super::NOT_LOCAL`] for what a wake-up could miss (a listening
//! connection that died without a word).

use std::sync::Weak;
use std::time::Duration;

use diesel::prelude::*;

use super::wakeup::Wakeups;

/// The channel the stores' messages are announced on (by the trigger of
/// migration `000012_announce_messages`).
const CHANNEL: &str = "crossdesk_appended";

/// How often the listener reads the notifications that arrived.
const DRAIN_EVERY: Duration = Duration::from_millis(20);

/// How long the listener waits before it connects again.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);

/// Starts the store's listener thread; it ends with the store.
pub(super) fn start(name: &str, url: &str, wakeups: Weak<Wakeups>) -> std::io::Result<()> {
    let (name, url) = (name.to_string(), url.to_string());
    std::thread::Builder::new()
        .name(format!("listen-{name}"))
        .spawn(move || listen(&name, &url, &wakeups))
        .map(|_| ())
}

fn listen(name: &str, url: &str, wakeups: &Weak<Wakeups>) {
    // Whether an outage was logged: once when it starts, once when it ends.
    let mut outage = false;
    while wakeups.strong_count() > 0 {
        let mut conn = match connect(url) {
            Ok(conn) => conn,
            Err(reason) => {
                if !outage {
                    tracing::warn!(store = name, %reason, reads_every = ?super::NOT_LOCAL,
                        "not listening for other instances' messages; waiting readers read instead");
                    outage = true;
                }
                std::thread::sleep(RECONNECT_AFTER);
                continue;
            }
        };
        if outage {
            tracing::info!(
                store = name,
                "listening for other instances' messages again"
            );
        }
        // What was announced while no one listened.
        if let Some(a) = wakeups.upgrade() {
            a.wake_all();
        }
        'drain: loop {
            std::thread::sleep(DRAIN_EVERY);
            let Some(a) = wakeups.upgrade() else { return };
            for notification in conn.notifications_iter() {
                match notification {
                    Ok(n) => a.wake(&n.payload),
                    Err(e) => {
                        tracing::warn!(store = name, reason = %e,
                            "the listening connection broke; connecting again");
                        std::thread::sleep(RECONNECT_AFTER);
                        break 'drain;
                    }
                }
            }
        }
        // Only a broken connection ends the draining: an outage, logged.
        outage = true;
    }
}

/// Why the listening connection could not be opened.
#[derive(Debug, thiserror::Error)]
enum ListenError {
    #[error(transparent)]
    Connect(#[from] diesel::ConnectionError),
    /// Connected, but `LISTEN` failed.
    #[error(transparent)]
    Listen(#[from] diesel::result::Error),
}

fn connect(url: &str) -> Result<PgConnection, ListenError> {
    let mut conn = PgConnection::establish(url)?;
    diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn)?;
    Ok(conn)
}
