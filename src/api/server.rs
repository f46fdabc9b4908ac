//! The HTTP server: the API's routes behind per-request metrics and logs,
//! and the periodic housekeeping of rate limits and region keys.

use std::time::Instant;

use actix_web::dev::Service;
use actix_web::{App, HttpServer, web};

use crate::metrics;
use crate::pipeline::Pipeline;

/// Serves the API on `listen` with `workers` HTTP worker threads (0: one
/// per CPU core) until SIGINT/SIGTERM (actix stops accepting, finishes
/// requests in flight for up to 10 s, then returns).
pub async fn serve(
    pipeline: Pipeline,
    listen: &str,
    max_body: usize,
    workers: usize,
) -> std::io::Result<()> {
    let pipeline = web::Data::new(pipeline);
    // Buckets of clients that went quiet are dropped once a minute.
    let housekeeping = pipeline.clone();
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            housekeeping.limits().housekeeping();
        }
    });
    // A rotated region key is picked up within seconds.
    let keys = pipeline.clone();
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
        loop {
            tick.tick().await;
            keys.refresh_keys(std::time::Duration::from_secs(4)).await;
        }
    });
    // Channel replies (bots', agents', notices) reach their providers.
    let deliveries = pipeline.clone();
    actix_web::rt::spawn(async move { deliveries.run_deliveries().await });
    let server = HttpServer::new(move || {
        App::new()
            .app_data(pipeline.clone())
            .wrap(actix_web::middleware::from_fn(super::limit_per_ip))
            .wrap_fn(|req, srv| {
                // Method, route pattern, status and time only: no ids beyond
                // the pattern, no text, no tokens.
                let started = Instant::now();
                let method = req.method().to_string();
                let route = req.match_pattern().unwrap_or_else(|| "unmatched".into());
                let fut = srv.call(req);
                async move {
                    let res = fut.await?;
                    let elapsed = started.elapsed().as_secs_f64();
                    let m = metrics::global();
                    m.requests
                        .get_or_create(&metrics::Request {
                            route: route.clone(),
                            method: method.clone(),
                            status: res.status().as_u16().to_string(),
                        })
                        .inc();
                    m.request_seconds
                        .get_or_create(&metrics::Route {
                            route: route.clone(),
                        })
                        .observe(elapsed);
                    tracing::info!(%method, %route, status = res.status().as_u16(),
                        ms = elapsed * 1000.0, "request");
                    Ok(res)
                }
            })
            .configure(|cfg| super::configure(cfg, max_body))
    })
    .shutdown_timeout(10);
    let server = if workers > 0 {
        server.workers(workers)
    } else {
        server
    }
    .bind(listen)?;
    for addr in server.addrs() {
        // Scripts and tests read this event to learn the port.
        tracing::info!(url = %format!("http://{addr}"), "listening");
    }
    server.run().await
}
