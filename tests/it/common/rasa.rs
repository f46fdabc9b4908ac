//! A fake Rasa bot: the REST channel, with modes that answer slowly, fail
//! or answer garbage.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

/// What a fake Rasa bot saw and how it behaves.
#[derive(Clone, Default)]
pub struct FakeBot {
    pub received: Arc<Mutex<Vec<Value>>>,
    /// Slow answers the bot finished (each after 10 s).
    pub slow_answered: Arc<std::sync::atomic::AtomicUsize>,
}

/// Starts a bot speaking Rasa's REST channel on 127.0.0.1:
/// `POST /webhooks/rest/webhook` with `{sender, message}` answers a list of
/// `{recipient_id, text}` parts. `/slow/...` answers after 10 s, `/down/...`
/// answers HTTP 500, `/garbage/...` answers non-JSON, `/echo/...` answers
/// `You wrote: <message>`.
pub fn start_rasa_bot() -> (String, FakeBot) {
    use actix_web::{App, HttpResponse, HttpServer, web};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let bot = FakeBot::default();
    let state = bot.clone();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let state = web::Data::new(state);
            HttpServer::new(move || {
                App::new().app_data(state.clone()).route(
                    "/{mode}/webhooks/rest/webhook",
                    web::post().to(|mode: web::Path<String>, body: web::Json<Value>, state: web::Data<FakeBot>| async move {
                        state.received.lock().unwrap().push(body.0.clone());
                        let sender = body["sender"].as_str().unwrap_or_default().to_string();
                        let message = body["message"].as_str().unwrap_or_default().to_lowercase();
                        match mode.as_str() {
                            "slow" => {
                                // Real time: the proxy's timeout is what a slow bot tests.
                                actix_web::rt::time::sleep(Duration::from_secs(10)).await;
                                state.slow_answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                                HttpResponse::Ok().json(json!([]))
                            }
                            "down" => HttpResponse::InternalServerError().body("upstream exploded"),
                            "garbage" => HttpResponse::Ok().content_type("application/json").body("<html>"),
                            // Repeats what it got, placeholders and all.
                            "echo" if !(message.contains("person") || message.contains("human")) => HttpResponse::Ok().json(json!([
                                {"recipient_id": sender, "text": format!("You wrote: {}", body["message"].as_str().unwrap_or_default())}
                            ])),
                            _ if message.contains("person") || message.contains("human") => HttpResponse::Ok().json(json!([
                                {"recipient_id": sender, "text": "I will connect you with a member of our customer service team.", "custom": {"handoff": true}}
                            ])),
                            _ => HttpResponse::Ok().json(json!([
                                {"recipient_id": sender, "text": "We accept Visa, Mastercard, American Express, PayPal, Apple Pay, Alipay and WeChat Pay."},
                                {"recipient_id": sender, "image": "https://bot.example/cards.png"}
                            ])),
                        }
                    }),
                )
            })
            .workers(1)
            .listen(listener)
            .unwrap()
            .run()
            .await
            .unwrap();
        });
    });
    (format!("http://{addr}"), bot)
}
