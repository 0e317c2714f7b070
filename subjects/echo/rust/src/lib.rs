//! Shared by the Rust echo servers and client: the contract's octets rule (a JSON string when UTF-8, else {"base64": ...}).
use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::{json, Value};

/// harness/echo/CONTRACT.md "Octets": a JSON string when the octets are well-formed UTF-8, else {"base64": ...}.
pub fn octets(b: &[u8]) -> Value {
    match std::str::from_utf8(b) {
        Ok(s) => Value::String(s.to_owned()),
        Err(_) => json!({ "base64": STANDARD.encode(b) }),
    }
}

pub fn b64(b: &[u8]) -> String {
    STANDARD.encode(b)
}

/// The spec's octets (a string or {"base64": ...}) back to bytes.
pub fn unoctets(v: &Value) -> Vec<u8> {
    match v {
        Value::String(s) => s.as_bytes().to_vec(),
        _ => STANDARD.decode(v["base64"].as_str().unwrap_or("")).unwrap_or_default(),
    }
}

pub fn unb64(s: &str) -> Vec<u8> {
    STANDARD.decode(s).unwrap_or_default()
}
