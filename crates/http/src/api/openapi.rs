//! The OpenAPI 3.1 document of the API, built from `ROUTES`.

use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::ROUTES;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(document()) }))
}

fn operation(method: &str, path: &str, summary: &str) -> Value {
    let mut responses = Map::new();
    let ok = match method {
        "post" if path.ends_with("/consent") || path.ends_with("/read") => ("204", "Готово"),
        "post" if path.ends_with("/erase") => ("200", "Готово"),
        "put" => ("200", "Сохранено"),
        "post" => ("201", "Создано"),
        "delete" => ("204", "Готово"),
        _ => ("200", "Успешно"),
    };
    responses.insert(ok.0.into(), json!({ "description": ok.1 }));
    let error = json!({ "description": "Ошибка", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    for code in ["400", "401", "403", "404", "409", "413", "422", "429"] {
        responses.insert(code.into(), error.clone());
    }
    let mut op = json!({
        "summary": summary,
        "operationId": format!("{method}{}", path.replace(['/', '{', '}', '.'], "_")),
        "responses": responses,
    });
    let path_params: Vec<Value> = path
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "integer" } }))
        .collect();
    if !path_params.is_empty() {
        op["parameters"] = Value::Array(path_params);
    } else if method == "get"
        && !path.ends_with(".json")
        && !path.ends_with("/me")
        && !path.ends_with("/data")
        && !path.ends_with("/buildings")
    {
        op["parameters"] = json!([
            { "name": "q", "in": "query", "schema": { "type": "string" }, "description": "Поиск по названию или ФИО" },
            { "name": "page", "in": "query", "schema": { "type": "integer", "minimum": 1 } }
        ]);
    }
    if path.ends_with("/files") {
        op["requestBody"] = json!({ "required": true, "content": { "multipart/form-data": { "schema": { "type": "object", "properties": { "file": { "type": "string", "format": "binary" } } } } } });
    } else if (method == "post" || method == "put")
        && !path.ends_with("/consent")
        && !path.ends_with("/present")
        && !path.ends_with("/read")
        && !path.ends_with("/erase")
    {
        op["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": { "type": "object" } } } });
    }
    if path == "/api/v1/session" && method == "post" || path.ends_with("openapi.json") {
        op["security"] = json!([]);
    }
    op
}

pub fn document() -> Value {
    let mut paths = Map::new();
    for (method, path, summary) in ROUTES {
        let key = path.trim_start_matches("/api/v1").to_string();
        let entry = paths.entry(key).or_insert_with(|| json!({}));
        entry[*method] = operation(method, path, summary);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Журнал — API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "JSON API электронного журнала и дневника. Вход: POST /session, затем заголовок Authorization: Bearer <token> или cookie сеанса."
        },
        "servers": [{ "url": "/api/v1" }],
        "security": [{ "bearer": [] }, { "cookie": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer" },
                "cookie": { "type": "apiKey", "in": "cookie", "name": crate::session::SESSION_COOKIE }
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "message"],
                    "properties": {
                        "error": { "type": "string", "description": "Код ошибки: unauthenticated, forbidden, not_found, invalid, ..." },
                        "message": { "type": "string", "description": "Сообщение для человека, по-русски" },
                        "fields": { "type": "array", "items": { "type": "object", "properties": { "field": { "type": "string" }, "message": { "type": "string" } } } }
                    }
                }
            }
        }
    })
}
