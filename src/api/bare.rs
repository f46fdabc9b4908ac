//! The built-in FAQ bot alone behind a bare endpoint (`crossdesk bare-bot`):
//! the baseline `bench/load.sh` measures crossdesk's overhead against. The
//! same HTTP server and JSON handling, none of the proxy's steps.

use actix_web::{App, HttpResponse, HttpServer, web};
use serde::{Deserialize, Serialize};

use crate::upstream::faq::FaqBot;

#[derive(Deserialize)]
struct Ask {
    text: String,
}

#[derive(Serialize)]
struct Answer {
    text: String,
    handoff: bool,
    understood: bool,
}

/// The bot itself answers here: no proxy, no shopper text passing to a
/// processor, so no gate.
async fn answer(bot: web::Data<FaqBot>, ask: web::Json<Ask>) -> HttpResponse {
    let a = bot.reply(&ask.text);
    HttpResponse::Ok().json(Answer {
        text: a.text,
        handoff: a.handoff,
        understood: a.understood,
    })
}

pub async fn serve_bare_bot(listen: &str) -> std::io::Result<()> {
    let bot = web::Data::new(FaqBot::new());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(bot.clone())
            .route("/answer", web::post().to(answer))
    })
    .bind(listen)?;
    for addr in server.addrs() {
        tracing::info!(url = %format!("http://{addr}"), "bare bot listening");
    }
    server.run().await
}
