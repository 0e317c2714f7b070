//! Echo server on actix-web 4 (actix-http's own HTTP/1 codec, on httparse); usage: actix-echo PORT.
//! actix hands out its own HeaderMap: names lower-cased, values grouped by name, hash order (reported sorted by
//! name; lacks `raw-field-names`);
//! chunked trailers are not exposed to the application (lacks `trailers`).
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use h1compat_rust_subjects::{b64, octets};
use serde_json::json;

async fn echo(req: HttpRequest, body: web::Bytes) -> HttpResponse {
    // actix's HeaderMap iterates in hash order, which differs between processes: sort by name (stable for
    // duplicates) so that the same request always gives the same echo (verdicts must not depend on a hash seed)
    let mut pairs: Vec<_> = req.headers().iter().collect();
    pairs.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    let fields: Vec<_> = pairs.iter().map(|(n, v)| json!([octets(n.as_str().as_bytes()), octets(v.as_bytes())])).collect();
    let doc = json!({
        "h1compatEcho": 1, "method": octets(req.method().as_str().as_bytes()), "target": octets(req.uri().to_string().as_bytes()),
        "version": format!("{:?}", req.version()), "fields": fields, "body": b64(&body), "trailers": [],
    });
    HttpResponse::Ok().content_type("application/json").body(doc.to_string())
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args().nth(1).and_then(|p| p.parse().ok()).expect("usage: actix-echo PORT");
    HttpServer::new(|| App::new().app_data(web::PayloadConfig::new(1 << 20)).default_service(web::to(echo)))
        .workers(1)
        .bind(("127.0.0.1", port))?
        .run()
        .await
}
