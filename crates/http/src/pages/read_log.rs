//! The read log of personal data for the officer (152-ФЗ): search and export.

use crate::forms::Query;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use domain::paging::Page;
use service::read_log::{ReadRow, Search};

use super::{render, Nav};
use crate::error::PageError;
use crate::session::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/read-log", get(show))
        .route("/read-log.csv", get(export))
}

#[derive(Template)]
#[template(path = "read_log.html")]
struct ReadLogPage {
    nav: Nav,
    search: Search,
    page: Page<ReadRow>,
    /// The search as a query string, for the pager and the export.
    query: String,
}

impl ReadLogPage {
    fn page_link(&self, n: u64) -> String {
        format!("/read-log?{}page={n}", self.query)
    }
}

fn query_of(s: &Search) -> String {
    let pairs = [
        ("student", s.student.as_str()),
        ("reader", s.reader.as_str()),
        ("from", s.from.as_str()),
        ("to", s.to.as_str()),
    ];
    let q = serde_urlencoded::to_string(pairs).unwrap_or_default();
    if q.is_empty() {
        q
    } else {
        format!("{q}&")
    }
}

async fn show(
    State(state): State<AppState>,
    User(session): User,
    Query(search): Query<Search>,
) -> Result<Response, PageError> {
    let page = service::read_log::search(&state.app, &session.actor, &search).await?;
    render(&ReadLogPage {
        nav: Nav::new(&session, "/read-log"),
        query: query_of(&search),
        search,
        page,
    })
}

async fn export(
    State(state): State<AppState>,
    User(session): User,
    Query(search): Query<Search>,
) -> Result<Response, PageError> {
    let csv = service::read_log::export_csv(&state.app, &session.actor, &search).await?;
    Ok(super::journal::file_response(service::journal::Download {
        name: format!(
            "Журнал просмотров {}.csv",
            state.app.today().format("%d.%m.%Y")
        ),
        content_type: "text/csv; charset=utf-8".into(),
        data: csv.into_bytes(),
    }))
}
