//! The server's routes: pages (`/`, `/show`, `/matrix`, `/help`), downloads
//! (`/download/search.csv`, `/download/matrix.csv`) and the API (`/api/search`, `/api/matrix`,
//! the command line's JSON). Searches run on tokio's blocking pool, each on the snapshot of the
//! index current when it starts.

use super::pages::{self, Lang, Params};
use super::{Served, MAX_MATRIX_TERMS, MAX_ROWS, PAGE_SIZE};
use crate::base::Facet;
use crate::output::json::write_pretty;
use crate::output::rows::{matrix_rows, search_rows};
use crate::output::Format;
use crate::search::glossary::Glossary;
use crate::search::matrix::terms_of;
use crate::search::proximity::UnitMatcher;
use crate::search::query::parse;
use crate::search::snippet::Folded;
use crate::search::{
    matrix, search, Filter, Filters, GroupKey, MatrixRequest, Measure, Scope, SearchRequest,
};
use crate::Error;
use axum::extract::{Query, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

/// Longest query string accepted, in bytes.
const MAX_QUERY_STRING: usize = 32 * 1024;

/// A failure, as the status and the words a page or the API shows.
struct Failure {
    status: StatusCode,
    message: String,
    advice: &'static str,
}

impl Failure {
    fn bad(message: impl Into<String>) -> Failure {
        Failure {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            advice: "",
        }
    }
}

/// Writing an answer into memory fails only on a bug: a server error, said plainly.
impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Failure {
        Failure {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("the answer could not be written: {error}"),
            advice: "",
        }
    }
}

impl From<serde_json::Error> for Failure {
    fn from(error: serde_json::Error) -> Failure {
        Failure::from(std::io::Error::from(error))
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        let index_trouble = matches!(
            error,
            Error::NoIndex { .. }
                | Error::NotBuilt { .. }
                | Error::BeingBuilt { .. }
                | Error::Damaged { .. }
                | Error::PermissionDenied { .. }
                | Error::SchemaVersion { .. }
                | Error::ForeignIndex { .. }
                | Error::Io { .. }
                | Error::Tantivy(_)
        );
        if index_trouble {
            Failure {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: error.to_string(),
                advice: "Build or repair the index, then reload this page: zonedex index (or zonedex index --rebuild for a damaged index).",
            }
        } else {
            Failure::bad(error.to_string())
        }
    }
}

pub fn router(served: Arc<Served>) -> Router {
    Router::new()
        .route("/", get(search_page))
        .route("/show", get(show_page))
        .route("/matrix", get(matrix_page))
        .route("/help", get(help_page))
        .route("/api/search", get(api_search))
        .route("/api/matrix", get(api_matrix))
        .route("/download/search.csv", get(download_search))
        .route("/download/matrix.csv", get(download_matrix))
        .with_state(served)
}

type Args = Query<Vec<(String, String)>>;

/// Runs `answer` on the blocking pool (searches read files and use the CPU), refusing an
/// overlong query string first.
async fn blocking(
    raw: Option<String>,
    answer: impl FnOnce() -> Response + Send + 'static,
) -> Response {
    if raw.is_some_and(|q| q.len() > MAX_QUERY_STRING) {
        return (StatusCode::URI_TOO_LONG, "the request is too long").into_response();
    }
    tokio::task::spawn_blocking(answer)
        .await
        .unwrap_or_else(|_| {
            (StatusCode::INTERNAL_SERVER_ERROR, "the search failed").into_response()
        })
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

fn error_html(lang: Lang, params: &Params, failure: Failure) -> Response {
    html(
        failure.status,
        pages::error_page(lang, params, &failure.message, failure.advice),
    )
}

fn error_json(failure: Failure) -> Response {
    let mut body = serde_json::json!({"error": failure.message});
    if !failure.advice.is_empty() {
        body["advice"] = failure.advice.into();
    }
    (
        failure.status,
        [(header::CONTENT_TYPE, "application/json")],
        format!("{body}\n"),
    )
        .into_response()
}

/// The filters of a request: one parameter per facet, as the command line's flags.
fn filters_of(params: &Params) -> Result<Filters, Failure> {
    let mut filters = Filters::default();
    for facet in Facet::ALL {
        if let Some(value) = params.get(facet.name()) {
            filters.set(Filter::parse(facet, value)?);
        }
    }
    Ok(filters)
}

fn number(params: &Params, key: &str, default: usize) -> Result<usize, Failure> {
    params.get(key).map_or(Ok(default), |v| {
        v.trim()
            .parse()
            .map_err(|_| Failure::bad(format!("{key} must be a number, not '{v}'")))
    })
}

/// A search as `zonedex search` would run it with these parameters as flags.
fn request_of(params: &Params) -> Result<SearchRequest, Failure> {
    let query = params
        .get("q")
        .ok_or_else(|| Failure::bad("give a query: q=…"))?;
    let group_by = params
        .get("by")
        .map(GroupKey::parse_list)
        .transpose()?
        .unwrap_or_default();
    let limit = match params.get("limit").map(str::trim) {
        Some("all") | Some("0") => MAX_ROWS,
        _ => number(params, "limit", 10)?,
    };
    if limit > MAX_ROWS {
        return Err(Failure::bad(format!(
            "limit: at most {MAX_ROWS} hits per request"
        )));
    }
    let scope = match params.get("scope") {
        None | Some("section") => Scope::Section,
        Some("report") => Scope::Report,
        Some(other) => {
            return Err(Failure::bad(format!(
                "scope is section or report, not '{other}'"
            )))
        }
    };
    let count = matches!(params.get("count"), Some("1" | "true"));
    Ok(SearchRequest {
        query: query.to_string(),
        filters: filters_of(params)?,
        group_by,
        limit: if count { 0 } else { limit },
        offset: number(params, "offset", 0)?,
        exact: matches!(params.get("exact"), Some("1" | "true")),
        scope,
        ..SearchRequest::new("")
    })
}

async fn search_page(
    State(served): State<Arc<Served>>,
    RawQuery(raw): RawQuery,
    Query(args): Args,
) -> Response {
    blocking(raw, move || {
        let params = Params(args);
        let lang = Lang::from_param(params.get("lang"));
        if params.get("q").is_none() {
            return html(StatusCode::OK, pages::search_page(lang, &params, None, 1));
        }
        let answer = || -> Result<String, Failure> {
            let handle = served.handle()?;
            let page = number(&params, "page", 1)?.clamp(1, MAX_ROWS / PAGE_SIZE);
            // One search grouped by zone and year gives both facet lists (zone and year are
            // values of whole reports, so the pairs sum to each).
            let request = SearchRequest {
                group_by: vec![GroupKey::Facet(Facet::Zone), GroupKey::Facet(Facet::Year)],
                limit: PAGE_SIZE,
                offset: (page - 1) * PAGE_SIZE,
                snippet_chars: 120,
                ..request_of(
                    &params
                        .with("by", None)
                        .with("limit", None)
                        .with("count", None),
                )?
            };
            let result = search(&handle, &request)?;
            Ok(pages::search_page(lang, &params, Some(&result), page))
        };
        match answer() {
            Ok(body) => html(StatusCode::OK, body),
            Err(failure) => error_html(lang, &params, failure),
        }
    })
    .await
}

/// `line` as the hits print it: `12`, or `3:12` (page 3, line 12) in a PDF.
fn position_of(text: &str) -> Option<(Option<u32>, u32)> {
    match text.split_once(':') {
        Some((page, line)) => Some((Some(page.parse().ok()?), line.parse().ok()?)),
        None => Some((None, text.parse().ok()?)),
    }
}

async fn show_page(
    State(served): State<Arc<Served>>,
    RawQuery(raw): RawQuery,
    Query(args): Args,
) -> Response {
    blocking(raw, move || {
        let params = Params(args);
        let lang = Lang::from_param(params.get("lang"));
        let answer = || -> Result<String, Failure> {
            let path = params
                .get("path")
                .ok_or_else(|| Failure::bad("give a report: path=…"))?;
            let position = params.get("line").unwrap_or("1");
            let handle = served.handle()?;
            // Only what the index holds is shown: the path names a report in it, not a file.
            let sections = crate::engine::reader::sections_of(&handle, path)?;
            let not_found = |message: String| Failure {
                status: StatusCode::NOT_FOUND,
                message,
                advice: "",
            };
            let first = sections
                .first()
                .ok_or_else(|| not_found(format!("no report '{path}' in the index")))?;
            let line = match position_of(position) {
                Some((Some(page), line)) => first.pages.line_of(page, line),
                Some((None, line)) => Some(line),
                None => None,
            };
            let section = line
                .and_then(|line| {
                    sections.iter().rposition(|s| {
                        s.first_line <= line && line <= s.last_line.max(s.first_line)
                    })
                })
                .map(|at| &sections[at])
                .ok_or_else(|| not_found(format!("{path} has no text on line {position}")))?;
            let marks = match params.get("q").map(parse) {
                Some(Ok(expr)) => {
                    let (expr, _) = Glossary::shipped()?.expand(expr);
                    let matcher = UnitMatcher::new(&expr.positive_texts(), &expr.positive_near());
                    let folded = Folded::new(&section.text);
                    matcher
                        .ranges(&folded.chars)
                        .iter()
                        .map(|r| {
                            let o = folded.original_range(r);
                            (o.start, o.end)
                        })
                        .collect()
                }
                _ => Vec::new(),
            };
            Ok(pages::show_page(
                lang, &params, path, position, section, &marks,
            ))
        };
        match answer() {
            Ok(body) => html(StatusCode::OK, body),
            Err(failure) => error_html(lang, &params, failure),
        }
    })
    .await
}

/// A matrix as `zonedex matrix` would count it with these parameters.
fn matrix_of(served: &Served, params: &Params) -> Result<crate::search::Matrix, Failure> {
    let text = params
        .get("terms")
        .ok_or_else(|| Failure::bad("give terms, one per line"))?;
    let terms = terms_of(text).map_err(|(line, error)| match line {
        0 => Failure::bad(error.to_string()),
        _ => Failure::bad(format!("line {line}: {error}")),
    })?;
    if terms.len() > MAX_MATRIX_TERMS {
        return Err(Failure::bad(format!(
            "at most {MAX_MATRIX_TERMS} terms per matrix"
        )));
    }
    let by = GroupKey::parse_list(params.get("by").unwrap_or("zone"))?;
    if !by
        .iter()
        .all(|k| matches!(k, GroupKey::Facet(f) if f.of_report()))
    {
        return Err(Failure::bad(
            "matrix columns are values of whole reports, such as zone, year or zone,year",
        ));
    }
    let measure = match params.get("measure") {
        None => Measure::Reports,
        Some(name) => Measure::BY_NAME
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, m)| m)
            .ok_or_else(|| {
                Failure::bad(format!(
                    "measure is reports, sections or occurrences, not '{name}'"
                ))
            })?,
    };
    let handle = served.handle()?;
    Ok(matrix(
        &handle,
        &MatrixRequest {
            terms,
            filters: filters_of(params)?,
            by,
            measure,
        },
    )?)
}

async fn matrix_page(
    State(served): State<Arc<Served>>,
    RawQuery(raw): RawQuery,
    Query(args): Args,
) -> Response {
    blocking(raw, move || {
        let params = Params(args);
        let lang = Lang::from_param(params.get("lang"));
        if params.get("terms").is_none() {
            return html(StatusCode::OK, pages::matrix_page(lang, &params, None));
        }
        match matrix_of(&served, &params) {
            Ok(matrix) => html(
                StatusCode::OK,
                pages::matrix_page(lang, &params, Some(&matrix)),
            ),
            Err(failure) => error_html(lang, &params, failure),
        }
    })
    .await
}

async fn help_page(Query(args): Args) -> Response {
    let params = Params(args);
    let lang = Lang::from_param(params.get("lang"));
    html(StatusCode::OK, pages::help_page(lang, &params))
}

fn bytes(content_type: &'static str, disposition: Option<&'static str>, body: Vec<u8>) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    if let Some(disposition) = disposition {
        response.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            header::HeaderValue::from_static(disposition),
        );
    }
    response
}

/// What a data route sends: JSON, or a CSV file to save (its `Content-Disposition`).
#[derive(Clone, Copy)]
enum Data {
    Json,
    Csv(&'static str),
}

/// A data route: `make` writes the body from the request's parameters; a failure is JSON.
async fn data(
    raw: Option<String>,
    args: Vec<(String, String)>,
    kind: Data,
    make: impl FnOnce(&Params) -> Result<Vec<u8>, Failure> + Send + 'static,
) -> Response {
    blocking(raw, move || match (make(&Params(args)), kind) {
        (Ok(body), Data::Json) => bytes("application/json", None, body),
        (Ok(body), Data::Csv(disposition)) => {
            bytes("text/csv; charset=utf-8", Some(disposition), body)
        }
        (Err(failure), _) => error_json(failure),
    })
    .await
}

async fn api_search(
    State(served): State<Arc<Served>>,
    RawQuery(raw): RawQuery,
    Query(args): Args,
) -> Response {
    data(raw, args, Data::Json, move |params| {
        let result = search(&*served.handle()?, &request_of(params)?)?;
        let mut out = Vec::new();
        if matches!(params.get("count"), Some("1" | "true")) {
            let mut value = serde_json::to_value(&result)?;
            value.as_object_mut().map(|o| o.remove("hits"));
            write_pretty(&value, &mut out)?;
        } else {
            write_pretty(&result, &mut out)?;
        }
        Ok(out)
    })
    .await
}

async fn download_search(
    State(served): State<Arc<Served>>,
    RawQuery(raw): RawQuery,
    Query(args): Args,
) -> Response {
    let file = Data::Csv("attachment; filename=\"zonedex-search.csv\"");
    data(raw, args, file, move |params| {
        let result = search(&*served.handle()?, &request_of(params)?)?;
        let count = matches!(params.get("count"), Some("1" | "true"));
        let mut out = Vec::new();
        search_rows(&result, count, Format::Csv).write(Format::Csv, &mut out)?;
        Ok(out)
    })
    .await
}

async fn api_matrix(
    State(served): State<Arc<Served>>,
    RawQuery(raw): RawQuery,
    Query(args): Args,
) -> Response {
    data(raw, args, Data::Json, move |params| {
        let mut out = Vec::new();
        write_pretty(&matrix_of(&served, params)?, &mut out)?;
        Ok(out)
    })
    .await
}

async fn download_matrix(
    State(served): State<Arc<Served>>,
    RawQuery(raw): RawQuery,
    Query(args): Args,
) -> Response {
    let file = Data::Csv("attachment; filename=\"zonedex-matrix.csv\"");
    data(raw, args, file, move |params| {
        let matrix = matrix_of(&served, params)?;
        // As `zonedex matrix --format csv` writes it: with the byte-order mark spreadsheets need.
        let mut out = "\u{feff}".as_bytes().to_vec();
        matrix_rows(&matrix).write(Format::Csv, &mut out)?;
        Ok(out)
    })
    .await
}
