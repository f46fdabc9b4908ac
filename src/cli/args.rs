//! The command line: every subcommand, flag and default, as clap reads them.
//! What each command does lives in its own module beside this one.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

// Plain comments on the clap types below: a `///` on them would become
// help text.

// The whole command line.
#[derive(Parser)]
#[command(
    name = "crossdesk",
    version,
    about = "Cross-border multilingual customer-service proxy"
)]
pub struct Cli {
    /// Configuration file; when absent the embedded defaults are used.
    #[arg(long, global = true, default_value = "crossdesk.toml")]
    pub config: PathBuf,
    /// Log format on stderr.
    #[arg(long, global = true, value_enum, default_value = "text")]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

// How log lines on stderr are written.
#[derive(Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

// The subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Run the proxy.
    Serve {
        /// Address to listen on (overrides `listen` in the config).
        #[arg(long)]
        listen: Option<String>,
    },
    /// Detect the language of each stdin line: `TEXT[<TAB>LOCALE]` → `LANG<TAB>CONFIDENCE`.
    Detect {
        /// Locale hint for every line (a line's own locale wins).
        #[arg(long)]
        hint: Option<String>,
        /// Languages to consider (ISO 639-1, comma-separated); default: the config's.
        #[arg(long, value_delimiter = ',')]
        allow: Vec<String>,
    },
    /// Translate TEXT (or each stdin line) with the configured chain; prints
    /// `TRANSLATION<TAB>ENGINE<TAB>SPANS` (protected spans), or
    /// `-<TAB>untranslated<TAB>REASONS` when no engine could.
    Translate {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Text to translate; without it, one text per stdin line.
        text: Vec<String>,
    },
    /// Print an agent token bound to a pool (give it to the agent; it is a
    /// secret). Its id and expiry go to stderr.
    AgentToken {
        #[arg(long)]
        pool: String,
        #[arg(long)]
        agent: String,
        /// The agent's language (default: the pool's first language).
        #[arg(long)]
        lang: Option<String>,
        /// Hours until it expires (default: `[tokens] agent_hours`).
        #[arg(long)]
        hours: Option<u32>,
    },
    /// Tokens: revoke one by its id (conversation, agent, compliance or ops).
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Print the routing decision for a shopper as JSON (no store is read:
    /// every pool counts as empty).
    Route {
        /// The instant (RFC 3339).
        #[arg(long)]
        at: String,
        /// Shopper's country (ISO 3166-1 alpha-2).
        #[arg(long)]
        country: String,
        /// Shopper's language (ISO 639-1).
        #[arg(long)]
        lang: String,
        /// Shopper's time zone, for the opening time shown.
        #[arg(long, default_value = "UTC")]
        timezone: String,
    },
    /// Print a signed shopper assertion of a shop whose key is an HMAC secret
    /// (`[[shops]]`): what the shop's backend gives its page so that a
    /// conversation is linked to the shopper (for trying it out and tests;
    /// shops sign their own).
    ShopperAssertion {
        /// The shop's id in `[[shops]]`.
        #[arg(long)]
        shop: String,
        /// The shop's id for the shopper.
        #[arg(long)]
        shopper: String,
        /// The shopper's country (ISO 3166-1 alpha-2), which then decides the region.
        #[arg(long)]
        country: Option<String>,
        /// Seconds until it expires (at most 86400).
        #[arg(long, default_value_t = 600)]
        ttl: i64,
        /// A channel address of the shopper (`whatsapp:+34600111222`,
        /// `email:ana@example.com`), for `POST /v1/identities`; repeatable.
        #[arg(long = "link")]
        links: Vec<String>,
    },
    /// Print a compliance token (read-only access to policies, the audit
    /// log and the records of transfers). Revoke it by adding its id to
    /// `revoked_tokens` in the configuration.
    ComplianceToken {
        /// The officer it is for (letters, digits, '-' or '_').
        #[arg(long)]
        officer: String,
        /// Days until it expires.
        #[arg(long, default_value_t = 30)]
        days: i64,
    },
    /// Print an operations token (the dashboard and `/v1/ops/stats`).
    OpsToken {
        /// Who it is for (letters, digits, '-' or '_').
        #[arg(long)]
        name: String,
        /// Days until it expires.
        #[arg(long, default_value_t = 30)]
        days: i64,
    },
    /// Region keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Erase a shopper: destroy their conversations' data keys
    /// (crypto-shredding) and delete their rows, in every region.
    Erase {
        /// The shop's shopper id, as given when conversations were opened.
        #[arg(long)]
        shopper: String,
    },
    /// Data retention.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Serve the built-in FAQ bot alone at `POST /answer` (the baseline of
    /// `bench/load.sh`; not part of a deployment).
    BareBot {
        #[arg(long, default_value = "127.0.0.1:8081")]
        listen: String,
    },
    /// Region policies.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// Translation models for the `marian` engine: fetch a pair from the
    /// hub, list and verify what is installed (the server never downloads).
    Models {
        #[command(subcommand)]
        command: ModelsCommand,
    },
}

#[derive(Subcommand)]
pub enum ModelsCommand {
    /// Download a pair's model at a pinned commit, check every file's size
    /// and digest against the hub's listing, and install it in
    /// `DIR/<pair>` with a manifest (one rename: all or nothing).
    Fetch {
        /// The pair, `SRC-TGT` (e.g. es-en).
        pair: String,
        /// The commit to fetch (40 hex digits); required for pairs not in
        /// the built-in catalog.
        #[arg(long)]
        revision: Option<String>,
        /// The repository (`OWNER/NAME`); required for pairs not in the
        /// built-in catalog.
        #[arg(long)]
        repo: Option<String>,
        /// The hub's base URL (default: `[models] hub`).
        #[arg(long)]
        hub: Option<String>,
        /// The models directory (default: `[models] dir`).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Replace an install of another revision (kept intact if the
        /// fetch fails).
        #[arg(long)]
        force: bool,
        /// A file holding a hub token, for private or gated repositories
        /// (default: `HF_TOKEN`); never printed.
        #[arg(long)]
        token_file: Option<PathBuf>,
    },
    /// One line per installed pair: pair, repository, revision, size,
    /// when fetched, state (file sizes only; `verify` hashes).
    List {
        /// The models directory (default: `[models] dir`).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Hash every file of the pair (default: every pair) against its
    /// manifest; exit 1 naming each file missing or changed. With the
    /// `neural` feature also check the model's files parse.
    Verify {
        pair: Option<String>,
        /// The models directory (default: `[models] dir`).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Add a new version of the region's key and rewrap every data key
    /// with it; message ciphertexts are not touched. A running server picks
    /// the new version up by itself.
    Rotate {
        #[arg(long)]
        region: String,
    },
    /// Rewrap every data key of the region with the newest version of its
    /// key (after a version was added some other way).
    Rewrap {
        #[arg(long)]
        region: String,
    },
    /// Add a new version of the token key: new tokens are signed with it,
    /// tokens of the previous one keep working for `[tokens] grace_days`.
    RotateTokens,
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Revoke a token by its id (printed when it was made).
    Revoke { id: String },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain of every region's audit log (exit 1 and the
    /// first bad entry when any entry was altered, removed or reordered).
    Verify {
        #[arg(long)]
        region: Option<String>,
        /// Verify an exported log instead (offline), with `--public-key`.
        #[arg(long, requires = "public_key")]
        file: Option<PathBuf>,
        /// The checkpoint public key (hex, from `audit public-key`).
        #[arg(long)]
        public_key: Option<String>,
        /// A witness folder of checkpoint copies (the copies compliance
        /// officers keep; default: `audit_witness_dir`): the log must reach
        /// them too.
        #[arg(long)]
        witness: Option<PathBuf>,
    },
    /// Export a region's log as JSON Lines (with checkpoints) or CSV.
    Export {
        #[arg(long)]
        region: String,
        /// RFC 3339 bounds on the entries' time.
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value = "jsonl")]
        format: String,
    },
    /// Print the checkpoint public key (hex) for auditors.
    PublicKey,
}

#[derive(Subcommand)]
pub enum RetentionCommand {
    /// Delete what is older than each policy's retention days.
    Sweep,
}

#[derive(Subcommand)]
pub enum PolicyCommand {
    /// Validate every policy file; prints `file:line: problem`, exits 1 on any.
    Check {
        /// Folder of policy files (default: the config's `policies_dir`).
        dir: Option<PathBuf>,
    },
    /// Print (JSON) every decision the pipeline would take for a message —
    /// region, language, redactions, each hop allowed or denied and why,
    /// routing — without storing or sending anything.
    Simulate {
        /// ISO 3166-1 alpha-2 country of the shopper.
        #[arg(long)]
        country: String,
        /// When the message arrives (RFC 3339; default now).
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        locale: Option<String>,
        #[arg(long)]
        timezone: Option<String>,
        #[arg(long)]
        channel: Option<String>,
        /// The message (default: read from stdin).
        text: Vec<String>,
    },
}

impl Command {
    /// Whether the command runs a server (which logs `info` by default;
    /// other commands log warnings only, their output being what they print).
    pub fn is_server(&self) -> bool {
        matches!(self, Command::Serve { .. } | Command::BareBot { .. })
    }
}
