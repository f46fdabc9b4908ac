//! The WeChat customer-service message API stub (客服消息,
//! developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html;
//! return codes: …/doc/offiaccount/Getting_Started/Global_Return_Code.html):
//! `POST /cgi-bin/message/custom/send?access_token=ACCESS_TOKEN` with
//! `{"touser": OPENID, "msgtype": "text", "text": {"content": …}}`,
//! answered HTTP 200 `{"errcode": 0, "errmsg": "ok"}`. Failures are
//! WeChat's too: HTTP 200 with `errcode` 40001 for a wrong access token,
//! 44002 for an empty body, 40008 for another message type, 47001 for a
//! body that is not JSON.
//!
//! Modes: `Status(5xx)` / `FailThenOk { status: 5xx }` answer that HTTP
//! status (the gateway down); `status: 200` answers `errcode` -1 "system
//! error" (WeChat busy). Only sends WeChat took count as hits.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::server::{Ctx, Mode, Stub, spawn};

/// `access_token`: the token the stub accepts.
pub fn start_wechat(mode: Mode, access_token: &str) -> Stub {
    spawn(mode, Some(access_token.to_string()), |cfg| {
        cfg.route("/cgi-bin/message/custom/send", web::post().to(send));
    })
}

fn errcode(code: i64, errmsg: &str) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "errcode": code,
        "errmsg": format!("{errmsg} rid: 6763a1f0-1b2c3d4e-5f6a7b8c"),
    }))
}

async fn send(
    req: HttpRequest,
    query: web::Query<Vec<(String, String)>>,
    body: web::Bytes,
    ctx: web::Data<Ctx>,
) -> HttpResponse {
    let token = query.iter().find(|(k, _)| k == "access_token");
    if token.map(|(_, v)| v.as_str()) != ctx.key.as_deref() {
        ctx.stub.record(&req, &body, false);
        return errcode(
            40001,
            "invalid credential, access_token is invalid or not latest",
        );
    }
    if body.is_empty() {
        ctx.stub.record(&req, &body, false);
        return errcode(44002, "empty post data");
    }
    let Ok(b) = serde_json::from_slice::<Value>(&body) else {
        ctx.stub.record(&req, &body, false);
        return errcode(47001, "data format error");
    };
    if b["msgtype"] != "text" || !b["touser"].is_string() || !b["text"]["content"].is_string() {
        ctx.stub.record(&req, &body, false);
        return errcode(40008, "invalid message type");
    }
    let failure = |status: u16| match status {
        200 => errcode(-1, "system error"),
        s => HttpResponse::build(actix_web::http::StatusCode::from_u16(s).unwrap())
            .content_type("text/html")
            .body("<html><body>Bad Gateway</body></html>"),
    };
    if let Err(res) = ctx.stub.decide(failure, "{\"errcode\": 0, \"errm").await {
        ctx.stub.record(&req, &body, false);
        return res;
    }
    ctx.stub.record(&req, &body, true);
    HttpResponse::Ok().json(json!({"errcode": 0, "errmsg": "ok"}))
}
