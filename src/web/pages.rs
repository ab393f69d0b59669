//! The HTML of `zonedex serve`: every page is built here, and every piece of report text or
//! request goes through [`escape`] (reports come from web pages and can hold `<script>`).

use super::chart::{bars, Bar};
use super::PAGE_SIZE;
use crate::base::{Facet, FacetType};
use crate::engine::reader::StoredSection;
use crate::search::facet::project;
use crate::search::{Group, GroupKey, Matrix, SearchResult};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Text made safe for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Characters left as they are in a query string value.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The interface language: Chinese unless `lang=en`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn from_param(value: Option<&str>) -> Lang {
        match value {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// A label in this language.
    pub fn t(self, key: &str) -> &'static str {
        let (zh, en) = match key {
            "title" => ("法治政府建设报告检索", "Rule-of-law report search"),
            "search" => ("检索", "Search"),
            "query" => ("检索词", "Query"),
            "syntax" => ("检索语法", "Query syntax"),
            "matrix" => ("词频矩阵", "Term matrix"),
            "zone" => ("园区", "Zone"),
            "year" => ("年份", "Year"),
            "kind" => ("文种", "Document kind"),
            "section" => ("章节类型", "Section kind"),
            "area_type" => ("区域类型", "Area type"),
            "province" => ("省份", "Province"),
            "city" => ("城市", "City"),
            "any" => ("全部", "any"),
            "reports" => ("篇报告", "reports"),
            "sections" => ("个章节", "sections"),
            "occurrences" => ("处", "occurrences"),
            "by_zone" => ("各园区报告数", "Reports per zone"),
            "by_year" => ("各年份报告数", "Reports per year"),
            "download" => ("下载", "Download"),
            "previous" => ("上一页", "Previous"),
            "next" => ("下一页", "Next"),
            "nothing" => ("没有找到。", "Nothing found."),
            "whole_section" => ("查看全文", "Whole section"),
            "terms" => ("检索词，每行一个", "Queries, one per line"),
            "columns" => ("列", "Columns"),
            "measure" => ("统计", "Count"),
            "total" => ("合计", "total"),
            "clear" => ("清除筛选", "Clear filters"),
            "intro" => (
                "输入检索词，例如 行政复议、\"双随机、一公开\"、同句(行政复议 纠错)。词语按原文子串精确匹配。",
                "Type a query, e.g. 行政复议, \"双随机、一公开\", 同句(行政复议 纠错). Every word matches the text exactly, as a substring.",
            ),
            "switch" => ("English", "中文"),
            _ => ("", ""),
        };
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// The parameters of a page, in the order given, to build links that change one of them.
#[derive(Debug, Clone, Default)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// These parameters with `key` set to `value` (or removed, when `None`).
    pub fn with(&self, key: &str, value: Option<&str>) -> Params {
        let mut out: Vec<(String, String)> =
            self.0.iter().filter(|(k, _)| k != key).cloned().collect();
        if let Some(value) = value {
            out.push((key.to_string(), value.to_string()));
        }
        Params(out)
    }

    /// `path?k=v&…`, values percent-encoded; empty values left out.
    pub fn url(&self, path: &str) -> String {
        let query: Vec<String> = self
            .0
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    utf8_percent_encode(k, VALUE),
                    utf8_percent_encode(v, VALUE)
                )
            })
            .collect();
        if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{}", query.join("&"))
        }
    }
}

const STYLE: &str = r#"
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
header{background:#24466f;color:#fff;padding:.6em 1em;display:flex;flex-wrap:wrap;gap:1em;align-items:baseline}
header a{color:#fff}header h1{font-size:1.2em;margin:0}
main{display:flex;flex-wrap:wrap;gap:1.2em;padding:1em;max-width:1200px;margin:auto}
#results{flex:3 1 480px;min-width:0}aside{flex:1 1 260px;min-width:0}
form.search{display:flex;flex-wrap:wrap;gap:.5em;margin-bottom:1em;width:100%}
form.search input[name=q]{flex:1 1 300px;font-size:1.1em;padding:.4em}
form.search label{font-size:.9em}
input,select,button,textarea{font-size:1em;padding:.3em}
.hit{background:#fff;border:1px solid #dde2e8;border-radius:4px;padding:.6em .8em;margin-bottom:.7em}
.hit .where{font-size:.85em;color:#4a5a6a}.hit .snippet{margin:.3em 0}
mark{background:#ffe27a;padding:0 1px}
.facet li{list-style:none;margin:.15em 0}.facet ul{padding-left:0}
.totals{margin:.4em 0 1em}.error{background:#fde8e8;border:1px solid #e0a0a0;padding:.8em;border-radius:4px}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid #dde2e8;padding:.25em .5em;text-align:right}
td:first-child,th:first-child{text-align:left}
.section p{background:#fff;margin:.3em 0;padding:.3em .5em}
svg.chart{max-width:520px;background:#fff;border:1px solid #dde2e8;border-radius:4px}
nav.pages a{margin-right:1em}
@media (max-width:640px){main{padding:.5em}header{font-size:.9em}}
"#;

/// A whole page around `body`.
pub fn layout(lang: Lang, params: &Params, title: &str, body: &str) -> String {
    let other = match lang {
        Lang::Zh => Some("en"),
        Lang::En => None,
    };
    let switch = params.with("lang", other).url("");
    let switch = if switch.is_empty() {
        "?".to_string()
    } else {
        switch
    };
    let home = Params::default().with("lang", (lang == Lang::En).then_some("en"));
    format!(
        r#"<!DOCTYPE html>
<html lang="{code}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · zonedex</title><style>{STYLE}</style></head>
<body><header><h1><a href="{home}">zonedex · {site}</a></h1>
<a href="{matrix}">{matrix_label}</a> <a href="{help}">{help_label}</a> <a href="{switch}" id="lang">{switch_label}</a></header>
{body}
</body></html>
"#,
        code = lang.code(),
        title = escape(title),
        site = lang.t("title"),
        home = escape(&home.url("/")),
        matrix = escape(&home.url("/matrix")),
        matrix_label = lang.t("matrix"),
        help = escape(&home.url("/help")),
        help_label = lang.t("syntax"),
        switch = escape(&switch),
        switch_label = lang.t("switch"),
    )
}

/// The query box and the filters, filled with the request's values.
pub fn search_form(lang: Lang, params: &Params) -> String {
    let mut html = format!(
        r#"<form class="search" method="get" action="/"><input name="q" type="search" value="{q}" placeholder="{placeholder}" aria-label="{placeholder}" maxlength="4096">"#,
        q = escape(params.get("q").unwrap_or_default()),
        placeholder = lang.t("query"),
    );
    for facet in Facet::ALL {
        let name = facet.name();
        let current = params.get(name).unwrap_or_default();
        let label = lang.t(name);
        match facet.ty() {
            FacetType::Choice(choices) => {
                html.push_str(&format!(
                    r#"<label>{label} <select name="{name}"><option value="">{any}</option>"#,
                    any = lang.t("any")
                ));
                for choice in choices {
                    let selected = if *choice == current { " selected" } else { "" };
                    html.push_str(&format!(
                        r#"<option value="{c}"{selected}>{c}</option>"#,
                        c = escape(choice)
                    ));
                }
                html.push_str("</select></label>");
            }
            FacetType::Year | FacetType::Name => html.push_str(&format!(
                r#"<label>{label} <input name="{name}" value="{v}" size="10"></label>"#,
                v = escape(current)
            )),
        }
    }
    if lang == Lang::En {
        html.push_str(r#"<input type="hidden" name="lang" value="en">"#);
    }
    html.push_str(&format!(
        r#"<button type="submit" id="go">{}</button></form>"#,
        lang.t("search")
    ));
    html
}

/// A snippet with its highlighted ranges (character offsets) marked.
pub fn marked(text: &str, highlights: &[(usize, usize)]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut html = String::new();
    let mut at = 0;
    for &(start, end) in highlights {
        if start < at || end > chars.len() || start >= end {
            continue;
        }
        html.push_str(&escape(&chars[at..start].iter().collect::<String>()));
        html.push_str("<mark>");
        html.push_str(&escape(&chars[start..end].iter().collect::<String>()));
        html.push_str("</mark>");
        at = end;
    }
    html.push_str(&escape(&chars[at..].iter().collect::<String>()));
    html
}

/// A facet's groups as links that filter by them, and as bars.
fn facet_list(lang: Lang, params: &Params, groups: &[Group], facet: Facet) -> (String, Vec<Bar>) {
    let mut items = String::new();
    let mut chart = Vec::new();
    for group in groups {
        let value = group.key.0.first().cloned().flatten();
        let label = group.key.labels(&[GroupKey::Facet(facet)]).join(" ");
        let filter_value = value.map_or("unknown".to_string(), |v| v.to_string());
        let link = params
            .with(facet.name(), Some(&filter_value))
            .with("page", None)
            .url("/");
        items.push_str(&format!(
            r#"<li><a class="facet-{name}" href="{href}">{label}</a> <span class="count">{reports}</span></li>"#,
            name = facet.name(),
            href = escape(&link),
            label = escape(&label),
            reports = group.counts.reports,
        ));
        chart.push(Bar {
            label,
            value: group.counts.reports,
            link,
        });
    }
    let html = format!(
        r#"<section class="facet" id="facet-{name}"><h3>{title}</h3><ul>{items}</ul></section>"#,
        name = facet.name(),
        title = lang.t(facet.name()),
    );
    (html, chart)
}

/// The search page: the form, the facets and chart beside, the hits, paging and downloads.
/// `result` is grouped by zone and year.
pub fn search_page(
    lang: Lang,
    params: &Params,
    result: Option<&SearchResult>,
    page: usize,
) -> String {
    let mut body = String::from("<main>");
    body.push_str(&search_form(lang, params));
    let Some(result) = result else {
        body.push_str(&format!(
            r#"<div id="results"><p>{}</p></div></main>"#,
            escape(lang.t("intro"))
        ));
        return layout(lang, params, lang.t("title"), &body);
    };
    body.push_str(r#"<div id="results">"#);
    let t = &result.total;
    body.push_str(&format!(
        r#"<p class="totals" id="totals"><span id="total-reports">{}</span> {} · <span id="total-sections">{}</span> {} · <span id="total-occurrences">{}</span> {}"#,
        t.reports,
        lang.t("reports"),
        t.sections,
        lang.t("sections"),
        t.occurrences,
        lang.t("occurrences"),
    ));
    let filtered = Facet::ALL.iter().any(|f| params.get(f.name()).is_some());
    if filtered {
        let mut cleared = params.clone();
        for facet in Facet::ALL {
            cleared = cleared.with(facet.name(), None);
        }
        body.push_str(&format!(
            r#" · <a href="{}">{}</a>"#,
            escape(&cleared.with("page", None).url("/")),
            lang.t("clear")
        ));
    }
    let downloads = params.with("page", None).with("lang", None);
    body.push_str(&format!(
        r#" · {} <a id="csv" href="{csv}">CSV</a> <a id="json" href="{json}">JSON</a></p>"#,
        lang.t("download"),
        csv = escape(
            &downloads
                .with("limit", Some("all"))
                .url("/download/search.csv")
        ),
        json = escape(&downloads.with("limit", Some("all")).url("/api/search")),
    ));
    for expansion in &result.expanded {
        body.push_str(&format!(
            r#"<p class="expanded">{} → {}</p>"#,
            escape(&expansion.term),
            escape(&expansion.forms.join(" OR "))
        ));
    }
    if result.hits.is_empty() {
        body.push_str(&format!("<p>{}</p>", lang.t("nothing")));
    }
    for hit in &result.hits {
        let position = hit.position();
        let show = Params::default()
            .with("path", Some(&hit.path))
            .with("line", Some(&position))
            .with("q", params.get("q"))
            .with("lang", params.get("lang"))
            .url("/show");
        body.push_str(&format!(
            r#"<div class="hit"><div class="where">{zone} · {year} · {section_path}</div><div class="snippet">{snippet}</div><a class="show" href="{show}">{file}:{position}</a> · {occurrences} {occ_label}</div>"#,
            zone = escape(&hit.facets.shown(Facet::Zone)),
            year = escape(&hit.facets.shown(Facet::Year)),
            section_path = escape(&hit.section_path),
            snippet = marked(&hit.snippet, &hit.highlights),
            show = escape(&show),
            file = escape(&hit.path),
            position = escape(&position),
            occurrences = hit.occurrences,
            occ_label = lang.t("occurrences"),
        ));
    }
    let pages = (result.total.sections as usize).div_ceil(PAGE_SIZE);
    body.push_str(r#"<nav class="pages">"#);
    if page > 1 {
        body.push_str(&format!(
            r#"<a id="previous" href="{}">{}</a>"#,
            escape(&params.with("page", Some(&(page - 1).to_string())).url("/")),
            lang.t("previous")
        ));
    }
    if page < pages {
        body.push_str(&format!(
            r#"<a id="next" href="{}">{}</a>"#,
            escape(&params.with("page", Some(&(page + 1).to_string())).url("/")),
            lang.t("next")
        ));
    }
    body.push_str("</nav></div><aside>");
    // The result is grouped by zone and year: each list is one key's sums.
    let by = result.by.clone().unwrap_or_default();
    let groups = result.groups.clone().unwrap_or_default();
    let (zones, zone_bars) = facet_list(lang, params, &project(&groups, &by, 0), Facet::Zone);
    let (year_list, year_bars) = facet_list(lang, params, &project(&groups, &by, 1), Facet::Year);
    body.push_str(&zones);
    body.push_str(&year_list);
    for (title, facet, chart) in [
        (lang.t("by_zone"), "zone", zone_bars),
        (lang.t("by_year"), "year", year_bars),
    ] {
        if chart.is_empty() {
            continue;
        }
        let csv = downloads
            .with("by", Some(facet))
            .url("/download/search.csv");
        body.push_str(&format!(
            r#"<figure id="chart-{facet}"><figcaption>{title} · <a href="{csv}">CSV</a></figcaption>{svg}</figure>"#,
            title = escape(title),
            csv = escape(&csv),
            svg = bars(title, lang.t("reports"), &chart),
        ));
    }
    body.push_str("</aside></main>");
    let title = format!(
        "{} · {}",
        params.get("q").unwrap_or_default(),
        lang.t("title")
    );
    layout(lang, params, &title, &body)
}

/// One section of a report, its matches marked, `line` the file line the link came from.
pub fn show_page(
    lang: Lang,
    params: &Params,
    path: &str,
    position: &str,
    section: &StoredSection,
    marks: &[(usize, usize)],
) -> String {
    let marked_text = marked(&section.text, marks);
    let paragraphs: String = marked_text
        .split('\n')
        .map(|p| format!("<p>{p}</p>"))
        .collect();
    let back = params.with("path", None).with("line", None).url("/");
    let body = format!(
        r#"<main><div id="results" class="section"><p class="where"><b id="position">{path}:{position}</b> · [{kind}] {section_path}</p>{paragraphs}<p><a href="{back}">← {search}</a></p></div></main>"#,
        path = escape(path),
        position = escape(position),
        kind = escape(&section.section),
        section_path = escape(&section.section_path),
        back = escape(&back),
        search = lang.t("search"),
    );
    layout(lang, params, &format!("{path}:{position}"), &body)
}

/// The matrix page: a box of terms, the columns and the count, and the table.
pub fn matrix_page(lang: Lang, params: &Params, matrix: Option<&Matrix>) -> String {
    let terms = params.get("terms").unwrap_or_default();
    let by = params.get("by").unwrap_or("zone");
    let measure = params.get("measure").unwrap_or("reports");
    let option = |value: &str, current: &str| {
        let selected = if value == current { " selected" } else { "" };
        format!(
            r#"<option value="{v}"{selected}>{v}</option>"#,
            v = escape(value)
        )
    };
    let mut body = format!(
        r#"<main><div id="results"><form method="get" action="/matrix"><p><label>{terms_label}<br><textarea name="terms" rows="6" cols="40">{terms}</textarea></label></p><p><label>{columns} <select name="by">{b1}{b2}{b3}</select></label> <label>{measure_label} <select name="measure">{m1}{m2}{m3}</select></label>{lang_field} <button type="submit" id="go">{go}</button></p></form>"#,
        terms_label = lang.t("terms"),
        terms = escape(terms),
        columns = lang.t("columns"),
        b1 = option("zone", by),
        b2 = option("year", by),
        b3 = option("zone,year", by),
        measure_label = lang.t("measure"),
        m1 = option("reports", measure),
        m2 = option("sections", measure),
        m3 = option("occurrences", measure),
        lang_field = if lang == Lang::En {
            r#"<input type="hidden" name="lang" value="en">"#
        } else {
            ""
        },
        go = lang.t("search"),
    );
    if let Some(matrix) = matrix {
        let downloads = params.with("lang", None);
        body.push_str(&format!(
            r#"<p>{} <a id="csv" href="{}">CSV</a> <a id="json" href="{}">JSON</a></p><table id="matrix"><tr><th>{}</th>"#,
            lang.t("download"),
            escape(&downloads.url("/download/matrix.csv")),
            escape(&downloads.url("/api/matrix")),
            lang.t("query"),
        ));
        for column in &matrix.columns {
            body.push_str(&format!(
                "<th>{}</th>",
                escape(&column.labels(&matrix.by).join(" "))
            ));
        }
        body.push_str(&format!("<th>{}</th></tr>", lang.t("total")));
        for row in &matrix.rows {
            let link = Params::default()
                .with("q", Some(&row.term))
                .with("lang", params.get("lang"))
                .url("/");
            body.push_str(&format!(
                r#"<tr><td><a href="{}">{}</a></td>"#,
                escape(&link),
                escape(&row.term)
            ));
            for value in &row.values {
                body.push_str(&format!("<td>{value}</td>"));
            }
            body.push_str(&format!("<td>{}</td></tr>", row.total));
        }
        body.push_str("</table>");
    }
    body.push_str("</div></main>");
    layout(lang, params, lang.t("matrix"), &body)
}

/// The query syntax, one click from every page.
pub fn help_page(lang: Lang, params: &Params) -> String {
    let rows: &[(&str, &str, &str)] = &[
        (
            "行政复议 公职律师",
            "两个词都出现（AND）",
            "both words (AND)",
        ),
        (
            "复议 OR 诉讼",
            "任一个词（OR 比 AND 优先）",
            "either word (OR binds tighter than AND)",
        ),
        (
            "复议 -诉讼",
            "有前者、没有后者",
            "the first without the second",
        ),
        ("(复议 OR 诉讼) 执法", "分组", "grouping"),
        (
            "\"双随机、一公开\"",
            "短语，标点也要一致",
            "a phrase, punctuation included",
        ),
        ("同句(行政复议 纠错)", "同一句中", "in one sentence"),
        ("同段(行政复议 纠错)", "同一段中", "in one paragraph"),
        (
            "\"行政复议 纠错\"~10",
            "相距 10 字以内",
            "within 10 characters",
        ),
        (
            "zone:金昌 year:2023 section:problems",
            "在检索式中筛选",
            "filters inside the query",
        ),
    ];
    let mut body = format!(
        r#"<main><div id="results"><h2>{}</h2><table><tr><th>{}</th><th></th></tr>"#,
        lang.t("syntax"),
        lang.t("query")
    );
    for (query, zh, en) in rows {
        let link = Params::default()
            .with("q", Some(query))
            .with("lang", params.get("lang"))
            .url("/");
        body.push_str(&format!(
            r#"<tr><td><a href="{}"><code>{}</code></a></td><td>{}</td></tr>"#,
            escape(&link),
            escape(query),
            escape(if lang == Lang::Zh { zh } else { en })
        ));
    }
    body.push_str("</table></div></main>");
    layout(lang, params, lang.t("syntax"), &body)
}

/// A page that says what went wrong, and what to do.
pub fn error_page(lang: Lang, params: &Params, message: &str, advice: &str) -> String {
    let mut body = String::from("<main>");
    body.push_str(&search_form(lang, params));
    body.push_str(&format!(
        r#"<div id="results"><div class="error" id="error"><p>{}</p><p>{}</p></div></div></main>"#,
        escape(message),
        escape(advice)
    ));
    layout(lang, params, "zonedex", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_text_cannot_become_markup() {
        assert_eq!(
            escape(r#"<script>alert("1")</script>&'"#),
            "&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt;&amp;&#39;"
        );
        let html = marked("<b>行政复议</b>", &[(3, 7)]);
        assert_eq!(html, "&lt;b&gt;<mark>行政复议</mark>&lt;/b&gt;");
    }

    #[test]
    fn links_encode_their_values_and_replace_one_parameter() {
        let params = Params(vec![
            ("q".into(), "复议 OR 诉讼&x".into()),
            ("zone".into(), "金昌".into()),
        ]);
        let url = params.with("zone", Some("兰州 新区")).url("/");
        assert_eq!(
            url,
            "/?q=%E5%A4%8D%E8%AE%AE%20OR%20%E8%AF%89%E8%AE%BC%26x&zone=%E5%85%B0%E5%B7%9E%20%E6%96%B0%E5%8C%BA"
        );
        assert_eq!(
            params.with("zone", None).url("/x"),
            "/x?q=%E5%A4%8D%E8%AE%AE%20OR%20%E8%AF%89%E8%AE%BC%26x"
        );
    }
}
