//! Client driver for reqwest 0.12 (on hyper 1's client; parser: httparse); usage: reqwest-client SPEC.json.
//! One reqwest::Client (keep-alive pool, redirects off); headers as an http::HeaderMap (lower-cased, grouped);
//! reqwest exposes no trailers and no interim responses (`interim` omitted); the reason phrase is hyper's
//! ReasonPhrase extension when the server's differs from the canonical one.
use h1compat_rust_subjects::{b64, octets, unb64, unoctets};
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::AsyncReadExt;

fn err(code: &str, message: String) -> Value {
    json!({ "error": { "code": code, "message": message } })
}

async fn one(client: &reqwest::Client, r: &Value) -> Value {
    let method = match reqwest::Method::from_bytes(&unoctets(&r["method"])) {
        Ok(m) => m,
        Err(e) => return err("ERROR", e.to_string()),
    };
    let mut b = client.request(method, r["url"].as_str().unwrap_or(""));
    for f in r["fields"].as_array().cloned().unwrap_or_default() {
        let (n, v) = (unoctets(&f[0]), unoctets(&f[1]));
        if n.eq_ignore_ascii_case(b"content-length") { continue; } // reqwest frames the body itself
        match (HeaderName::from_bytes(&n), HeaderValue::from_bytes(&v)) {
            (Ok(n), Ok(v)) => b = b.header(n, v),
            _ => return err("ERROR", format!("reqwest refuses the field {:?}", String::from_utf8_lossy(&n))),
        }
    }
    if let Some(body) = r["body"].as_str() { b = b.body(unb64(body)); }
    let resp = match b.send().await {
        Ok(x) => x,
        Err(e) => return err(if e.is_timeout() { "TIMEOUT" } else { "ERROR" }, format!("{e:?}")),
    };
    let status = resp.status();
    let reason = resp.extensions().get::<hyper::ext::ReasonPhrase>().map(|p| p.as_bytes().to_vec())
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("").as_bytes().to_vec());
    let version = format!("{:?}", resp.version());
    let headers: Vec<Value> = resp.headers().iter().map(|(n, v)| json!([octets(n.as_str().as_bytes()), octets(v.as_bytes())])).collect();
    match resp.bytes().await {
        Ok(body) => json!({ "status": status.as_u16(), "reason": octets(&reason), "version": version, "headers": headers, "body": b64(&body), "trailers": [] }),
        Err(e) => err(if e.is_timeout() { "TIMEOUT" } else { "ERROR" }, format!("{e:?}")),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let path = std::env::args().last().expect("usage: reqwest-client SPEC.json");
    let spec: Value = serde_json::from_slice(&std::fs::read(path).expect("read spec")).expect("spec JSON");
    let client = reqwest::Client::builder()
        // our own limit ends before the harness's (timeoutMs after the request): a hang is reported as TIMEOUT
        .timeout(Duration::from_millis(spec["timeoutMs"].as_u64().unwrap_or(5000).saturating_sub(500).max(500)))
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(1)
        .build()
        .expect("client");
    let mut results = Vec::new();
    for r in spec["requests"].as_array().cloned().unwrap_or_default() {
        results.push(one(&client, &r).await);
    }
    println!("{}", json!({ "h1compatClientResult": 1, "client": "reqwest 0.12", "results": results }));
    let mut sink = Vec::new();
    let _ = tokio::io::stdin().read_to_end(&mut sink).await; // hold the connection until the harness ends stdin
}
