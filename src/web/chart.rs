//! Horizontal bar charts as SVG, drawn on the server: they show without JavaScript, and every
//! bar carries its number in a `<title>` (shown on hover) and as text.

use super::pages::escape;

/// One bar: its label, its value, and where a click on it leads.
pub struct Bar {
    pub label: String,
    pub value: u64,
    pub link: String,
}

const LABEL_WIDTH: u32 = 130;
const BAR_WIDTH: u32 = 170;
const ROW_HEIGHT: u32 = 22;

/// A chart of `bars`, titled `title` (read by screen readers as its name).
pub fn bars(title: &str, unit: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = ROW_HEIGHT * bars.len() as u32 + 4;
    let width = LABEL_WIDTH + BAR_WIDTH + 40;
    let mut svg = format!(
        r#"<svg class="chart" role="img" aria-label="{title}" viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg"><title>{title}</title>"#,
        title = escape(title),
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = i as u32 * ROW_HEIGHT + 2;
        let length = ((bar.value as f64 / max as f64) * BAR_WIDTH as f64)
            .round()
            .max(1.0) as u32;
        let label: String = bar.label.chars().take(9).collect();
        let label = if label.chars().count() < bar.label.chars().count() {
            format!("{label}…")
        } else {
            label
        };
        svg.push_str(&format!(
            r##"<a href="{link}"><g><title>{full}: {value} {unit}</title><text x="{lx}" y="{ty}" text-anchor="end" font-size="13">{label}</text><rect x="{bx}" y="{y}" width="{length}" height="{bh}" fill="#3b6ea8"></rect><text x="{vx}" y="{ty}" font-size="12">{value}</text></g></a>"##,
            link = escape(&bar.link),
            full = escape(&bar.label),
            unit = escape(unit),
            value = bar.value,
            lx = LABEL_WIDTH - 6,
            ty = y + 15,
            label = escape(&label),
            bx = LABEL_WIDTH,
            bh = ROW_HEIGHT - 6,
            vx = LABEL_WIDTH + length + 4,
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_escape_their_labels() {
        let svg = bars(
            "报告数",
            "reports",
            &[
                Bar {
                    label: "<b>甲</b>".into(),
                    value: 4,
                    link: "/?zone=甲&year=2023".into(),
                },
                Bar {
                    label: "乙".into(),
                    value: 2,
                    link: "/".into(),
                },
            ],
        );
        assert!(svg.contains(&format!(r#"width="{BAR_WIDTH}""#)));
        assert!(svg.contains(&format!(r#"width="{}""#, BAR_WIDTH / 2)));
        assert!(svg.contains("&lt;b&gt;甲&lt;/b&gt;: 4 reports"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("zone=甲&amp;year=2023"));
    }
}
