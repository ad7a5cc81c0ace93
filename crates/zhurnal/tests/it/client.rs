//! A user at the keyboard: a cookie jar, the login form, CSRF tokens read off pages.

use reqwest::{Client, Response, StatusCode};
use serde_json::Value;

use crate::harness::{TestApp, PASSWORD};

pub struct Browser {
    pub client: Client,
    pub base: String,
    /// The CSRF token of the current session, read from the last page.
    pub csrf: String,
}

pub fn new_client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client")
}

/// The value of the first hidden `_csrf` field of a page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| panic!("no _csrf field in:\n{html}"));
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

pub fn location(res: &Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

impl Browser {
    pub fn anonymous(app: &TestApp) -> Browser {
        Browser {
            client: new_client(),
            base: app.base.clone(),
            csrf: String::new(),
        }
    }

    /// Logs in through the login page and accepts the terms if asked.
    pub async fn login(app: &TestApp, login: &str) -> Browser {
        let mut b = Browser::anonymous(app);
        let res = b.submit_login(login, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "login of {login}");
        if location(&res) == "/consent" {
            let page = b.get_ok("/consent").await;
            b.csrf = csrf_of(&page);
            let res = b.post_form("/consent", &[]).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER);
        }
        let home = b.get_ok("/").await;
        b.csrf = csrf_of(&home);
        b
    }

    pub async fn submit_login(&mut self, login: &str, password: &str) -> Response {
        let page = self.get_ok("/login").await;
        let token = csrf_of(&page);
        self.client
            .post(format!("{}/login", self.base))
            .form(&[
                ("_csrf", token.as_str()),
                ("login", login),
                ("password", password),
            ])
            .send()
            .await
            .expect("POST /login")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// A page that must open; returns its HTML.
    pub async fn get_ok(&self, path: &str) -> String {
        let res = self.get(path).await;
        let status = res.status();
        let body = res.text().await.expect("body");
        assert_eq!(status, StatusCode::OK, "GET {path}:\n{body}");
        body
    }

    /// Posts a form with the session's CSRF token.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut all = vec![("_csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.client
            .post(format!("{}{path}", self.base))
            .form(&all)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }
}

/// An API client with a bearer token.
pub struct Api {
    pub client: Client,
    pub base: String,
    pub token: String,
}

impl Api {
    pub async fn login(app: &TestApp, login: &str) -> Api {
        Api::login_with(app, login, PASSWORD).await
    }

    pub async fn login_with(app: &TestApp, login: &str, password: &str) -> Api {
        let client = Client::new();
        let res = client
            .post(app.url("/api/v1/session"))
            .json(&serde_json::json!({ "login": login, "password": password }))
            .send()
            .await
            .expect("POST /api/v1/session");
        assert_eq!(res.status(), StatusCode::CREATED, "API login of {login}");
        let body: Value = res.json().await.expect("json");
        let token = body["token"].as_str().expect("token").to_string();
        let api = Api {
            client,
            base: app.base.clone(),
            token,
        };
        if body["consent_required"].as_bool() == Some(true) {
            let res = api.post("/api/v1/consent", &serde_json::json!({})).await;
            assert_eq!(res.status(), StatusCode::NO_CONTENT);
        }
        api
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let res = self.get(path).await;
        let status = res.status();
        let body = res.text().await.expect("body");
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        serde_json::from_str(&body).expect("json")
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }
}
