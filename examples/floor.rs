//! The latency floor of a durable write per request on this machine: a bare
//! actix-web route, and the same route with one committed SQLite write
//! through a writer thread (WAL, `synchronous = NORMAL`, as crossdesk's
//! stores). Both answer `POST /answer {"text": …}` so `bench/wrk/bare.lua`
//! drives either. docs/PERFORMANCE.md, "The floor", has the figures and the
//! command (`bench/floor.sh`).
//!
//!   cargo run --release --example floor -- ADDR MODE DIR
//!
//! MODE `bare` answers at once; `insert` writes one row first; `exchange`
//! writes what a crossdesk message writes in its one transaction, without
//! any of crossdesk's other work: two message rows, the conversation row
//! (with its indexes) and one audit row; `exchange-lean` writes the same
//! rows in a schema that touches fewer pages (see [`lean_schema`]);
//! `exchange-work` is `exchange-lean` plus a fixed amount of computation
//! per request on the HTTP worker before the write, `FLOOR_WORK_US`
//! microseconds of it on an idle core (default 250; crossdesk's own work,
//! detection to routing, is ~290 µs of CPU per message on the HTTP workers
//! at ~1,000 msg/s here): what the writes and that much work add together,
//! however they are implemented.

use std::sync::mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::{App, HttpResponse, HttpServer, web};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Job = (String, tokio::sync::oneshot::Sender<Result<i32, String>>);

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Bare,
    Insert,
    Exchange,
}

#[derive(serde::Deserialize)]
struct Ask {
    text: String,
}

struct Shared {
    mode: Mode,
    jobs: std::sync::Mutex<mpsc::Sender<Job>>,
    /// Rounds of [`work`] per request (0: none).
    work_rounds: u64,
}

/// Computation that the compiler cannot skip: `rounds` steps of a mixing
/// function over a small buffer (cache-resident, like a text's analysis).
fn work(rounds: u64) -> u64 {
    let mut state = [0x9e37_79b9_7f4a_7c15u64; 8];
    for i in 0..rounds {
        let k = (i % 8) as usize;
        state[k] =
            (state[k] ^ state[(k + 3) % 8].rotate_left(13)).wrapping_mul(0x2545_f491_4f6c_dd1d);
    }
    std::hint::black_box(state.iter().fold(0, |a, b| a ^ b))
}

/// Rounds of [`work`] that take `micros` on this machine, idle: the best
/// of a few timed runs.
fn rounds_for(micros: u64) -> u64 {
    let probe = 1_000_000u64;
    let best = (0..5)
        .map(|_| {
            let started = std::time::Instant::now();
            work(probe);
            started.elapsed()
        })
        .min()
        .unwrap_or_default();
    (probe as f64 * micros as f64 / best.as_micros().max(1) as f64) as u64
}

const SCHEMA: &str = "
PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;
PRAGMA wal_autocheckpoint = 0;
CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY NOT NULL, state TEXT NOT NULL,
  updated_at BIGINT NOT NULL, pool TEXT, priority INTEGER NOT NULL, queued_at BIGINT);
CREATE INDEX IF NOT EXISTS conversations_state ON conversations (state, updated_at);
CREATE INDEX IF NOT EXISTS conversations_pool ON conversations (pool, state, priority, queued_at);
CREATE TABLE IF NOT EXISTS messages (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL,
  role TEXT NOT NULL, text TEXT NOT NULL, created_at BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, seq));
CREATE TABLE IF NOT EXISTS audit (seq BIGINT PRIMARY KEY NOT NULL, body TEXT NOT NULL,
  hash TEXT NOT NULL);
";

/// The same rows in fewer pages per commit: the audit `seq` as the rowid
/// (no separate key index), messages stored in key order (`WITHOUT ROWID`:
/// no separate key index), and no `(state, updated_at)` index, whose entry
/// moves on every message.
fn lean_schema() -> String {
    SCHEMA
        .replace(
            "seq BIGINT PRIMARY KEY NOT NULL, body",
            "seq INTEGER PRIMARY KEY NOT NULL, body",
        )
        .replace(
            "CREATE INDEX IF NOT EXISTS conversations_state ON conversations (state, updated_at);",
            "",
        )
        .replace(
            "PRIMARY KEY (conversation_id, seq));",
            "PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;",
        )
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// One job's transaction. The `n`th job goes to conversation `n % 256`, so
/// writes spread over 256 of them, as the load benchmark's traffic does.
fn write(c: &mut SqliteConnection, mode: Mode, text: &str, n: i64) -> QueryResult<i32> {
    let conv = format!("conv-{:03}", n % 256);
    c.transaction(|c| {
        if mode == Mode::Insert {
            diesel::sql_query(
                "INSERT INTO messages (conversation_id, seq, role, text, created_at) \
                 VALUES (?, ?, 'shopper', ?, ?)",
            )
            .bind::<Text, _>(&conv)
            .bind::<Integer, _>((n / 256) as i32)
            .bind::<Text, _>(text)
            .bind::<BigInt, _>(now_ms())
            .execute(c)?;
            return Ok(1);
        }
        diesel::sql_query(
            "INSERT INTO conversations (id, state, updated_at, priority) VALUES (?, 'handoff', ?, 0) \
             ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at",
        )
        .bind::<Text, _>(&conv)
        .bind::<BigInt, _>(now_ms())
        .execute(c)?;
        for (role, seq) in [("shopper", 2 * (n / 256)), ("bot", 2 * (n / 256) + 1)] {
            diesel::sql_query(
                "INSERT INTO messages (conversation_id, seq, role, text, created_at) \
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind::<Text, _>(&conv)
            .bind::<Integer, _>(seq as i32)
            .bind::<Text, _>(role)
            .bind::<Text, _>(text)
            .bind::<BigInt, _>(now_ms())
            .execute(c)?;
        }
        diesel::sql_query("INSERT INTO audit (seq, body, hash) VALUES (?, ?, ?)")
            .bind::<BigInt, _>(n)
            .bind::<Text, _>(text)
            .bind::<Text, _>(format!("{:064x}", n))
            .execute(c)?;
        Ok(4)
    })
}

async fn answer(body: web::Json<Ask>, shared: web::Data<Shared>) -> HttpResponse {
    let reply = format!("You said: {}", body.text);
    if shared.work_rounds > 0 {
        work(shared.work_rounds);
    }
    if shared.mode != Mode::Bare {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let sent = shared
            .jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .send((body.into_inner().text, tx));
        match (sent, rx.await) {
            (Ok(()), Ok(Ok(_))) => {}
            _ => return HttpResponse::ServiceUnavailable().finish(),
        }
    }
    HttpResponse::Ok().json(serde_json::json!({ "answer": reply }))
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(addr), Some(mode), Some(dir)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("usage: floor ADDR bare|insert|exchange|exchange-lean|exchange-work DIR");
        std::process::exit(2);
    };
    // (what is written, in the lean schema, with the work)
    let (mode, lean, with_work) = match mode.as_str() {
        "bare" => (Mode::Bare, false, false),
        "insert" => (Mode::Insert, false, false),
        "exchange" => (Mode::Exchange, false, false),
        "exchange-lean" => (Mode::Exchange, true, false),
        "exchange-work" => (Mode::Exchange, true, true),
        other => {
            eprintln!("unknown mode {other}");
            std::process::exit(2);
        }
    };
    let work_rounds = if with_work {
        let micros = std::env::var("FLOOR_WORK_US")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(250);
        rounds_for(micros)
    } else {
        0
    };
    std::fs::create_dir_all(dir)?;
    let path = format!("{dir}/floor.db");
    let open = || SqliteConnection::establish(&path).map_err(std::io::Error::other);
    let mut conn = open()?;
    let schema = if lean {
        lean_schema()
    } else {
        SCHEMA.to_string()
    };
    conn.batch_execute(&schema).map_err(std::io::Error::other)?;
    let (tx, rx) = mpsc::channel::<Job>();
    std::thread::spawn(move || {
        let mut n = 0i64;
        for (text, done) in rx {
            n += 1;
            let _ = done.send(write(&mut conn, mode, &text, n).map_err(|e| e.to_string()));
        }
    });
    // The same checkpoint rhythm as crossdesk's stores.
    let mut checkpoint = open()?;
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_millis(500));
            let _ = checkpoint.batch_execute("PRAGMA wal_checkpoint(PASSIVE)");
        }
    });
    let shared = web::Data::new(Shared {
        mode,
        jobs: std::sync::Mutex::new(tx),
        work_rounds,
    });
    actix_web::rt::System::new().block_on(
        HttpServer::new(move || {
            App::new()
                .app_data(shared.clone())
                .route("/answer", web::post().to(answer))
        })
        .workers(2)
        .bind(addr.as_str())?
        .run(),
    )
}
