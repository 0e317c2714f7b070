//! Echo server on hyper 1 (http1 server connection; parser: httparse); usage: hyper-echo PORT.
//! hyper hands out an `http::HeaderMap`: names lower-cased, values grouped by name in first-seen order
//! (lacks `raw-field-names`); trailers of a chunked request come from the collected body.
use bytes::Bytes;
use h1compat_rust_subjects::{b64, octets};
use http_body_util::{BodyExt, Full};
use hyper::{body::Incoming, server::conn::http1, service::service_fn, HeaderMap, Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use std::convert::Infallible;

fn pairs(h: &HeaderMap) -> Vec<Value> {
    h.iter().map(|(n, v)| json!([octets(n.as_str().as_bytes()), octets(v.as_bytes())])).collect()
}

async fn echo(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let (head, body) = req.into_parts();
    let collected = match body.collect().await {
        Ok(c) => c,
        // what an application does when the content cannot be read (bad chunked framing)
        Err(e) => return Ok(Response::builder().status(400).body(Full::new(Bytes::from(e.to_string()))).unwrap()),
    };
    let trailers = collected.trailers().map(pairs).unwrap_or_default();
    let doc = json!({
        "h1compatEcho": 1, "method": octets(head.method.as_str().as_bytes()), "target": octets(head.uri.to_string().as_bytes()),
        "version": format!("{:?}", head.version), "fields": pairs(&head.headers), "body": b64(&collected.to_bytes()), "trailers": trailers,
    });
    Ok(Response::builder().status(200).header("Content-Type", "application/json").body(Full::new(Bytes::from(doc.to_string()))).unwrap())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let port = std::env::args().nth(1).expect("usage: hyper-echo PORT");
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await.expect("bind");
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        tokio::spawn(async move {
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service_fn(echo)).await;
        });
    }
}
