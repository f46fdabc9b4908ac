//! The TLS provider of the HTTP clients (remote engines, HTTP bots).

/// Installs rustls' ring provider once; HTTP clients need one.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
