//! The genre's vocabulary, as data: how 法治政府建设 reports and work plans mark their
//! headings, number and sign their documents, name the kinds of their sections, close, and
//! name their zones. Cleaning, sections and metadata all read it from here, so each pattern is
//! defined once. Every pattern runs on folded text (`base::fold`), where `（一）` and `(一)`,
//! `〔〕` and `[]`, `．` and `.`, `：` and `:` look the same.

use crate::base::SectionKind;
use regex::Regex;
use std::ops::RangeInclusive;
use std::sync::LazyLock;

/// Years a report can be about or be dated in; anything else in the text is not a year of
/// this genre (a sidecar or a filter outside it is refused).
pub const YEARS: RangeInclusive<i32> = 1990..=2100;

/// Longest organisation name read from a header, title prefix or signature.
pub const MAX_ORG_CHARS: usize = 40;

// ---------------------------------------------------------------------------------------------
// Headings

/// Heading markers by level: `一、` (1), `(一)` (2), `1.`/`1、` (3), `(1)` (4). A level-3 marker
/// must not be followed by a digit: `4.15` in running text is a date, not item 4.
static HEADING_LEVELS: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    [
        r"^[一二三四五六七八九十]+\s*、",
        r"^\(\s*[一二三四五六七八九十]+\s*\)",
        r"^\d{1,2}\s*[.、]\s*(?:[^\d\s]|$)",
        r"^\(\s*\d{1,2}\s*\)",
    ]
    .map(|pattern| Regex::new(pattern).expect("heading pattern is valid"))
});

/// The level (1–4) of the heading marker that folded `text` starts with.
pub fn heading_level(folded: &str) -> Option<u8> {
    HEADING_LEVELS
        .iter()
        .position(|pattern| pattern.is_match(folded))
        .map(|i| i as u8 + 1)
}

// ---------------------------------------------------------------------------------------------
// Title block

/// A document number such as `金开管发〔2023〕104号` or `凤高委报[2023]8号`. The prefix is
/// letters only, so a sentence that cites another document (`根据《…》(甘政发〔2023〕5号)`) is
/// not one.
pub const DOC_NUMBER: &str = r"[\p{Han}a-z]{1,20}[\[(]\s*(?:19|20)\d{2}\s*[\])]\s*\d{1,5}\s*号";

/// A line that is a document number and nothing else.
pub static DOC_NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^\s*{DOC_NUMBER}\s*$")).expect("document-number pattern is valid")
});

/// The label of the signer field in a title block: `签发人:`, and the OCR slip `答发人:`.
pub const SIGNER_LABEL: &str = r"(?:签发人|答发人|签发)\s*:";

/// A signer field alone on its line (`签发人:马国开`): page layout drops these into the middle
/// of the text.
pub static SIGNER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^{SIGNER_LABEL}\s*[\p{{Han}}·]{{1,10}}$"))
        .expect("signer pattern is valid")
});

/// Whether folded text starting with `first`, `second` can match [`SIGNER_LINE`]: every form
/// of [`SIGNER_LABEL`] starts with 签发 or 答发. Most lines are ruled out without folding them.
pub fn may_be_signer_line(first: char, second: char) -> bool {
    matches!((first, second), ('签' | '答', '发'))
}

/// Whether folded text whose last non-space character is `last` can match
/// [`DOC_NUMBER_LINE`]: a document number ends with 号.
pub fn may_be_doc_number_line(last: char) -> bool {
    last == '号'
}

/// A line that starts with the signer label.
pub static SIGNER_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^{SIGNER_LABEL}")).expect("signer pattern is valid"));

/// Words that make a line the title of a report or plan.
pub static GENRE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"报告|总结|要点|计划|方案|意见|通知|情况").unwrap());
// Web page furniture: breadcrumbs, "you are here", publication stamps, print/close links.
pub static PAGE_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:首页|当前位置|您的位置|您现在的位置|位置\s*:)|[>»›]|发布时间|发布日期|来源\s*:|索引号|浏览次数|阅读次数|点击数|字号\s*:|打印本页|关闭窗口",
    )
    .unwrap()
});
// ---------------------------------------------------------------------------------------------
// Section kinds

/// (keyword, kind, strong)
pub const KIND_KEYWORDS: &[(&str, SectionKind, bool)] = &[
    ("存在的问题", SectionKind::Problems, true),
    ("存在问题", SectionKind::Problems, true),
    ("不足", SectionKind::Problems, true),
    ("短板", SectionKind::Problems, true),
    ("差距", SectionKind::Problems, true),
    ("问题", SectionKind::Problems, false),
    ("薄弱", SectionKind::Problems, false),
    ("下一步", SectionKind::Plans, true),
    ("下一年度", SectionKind::Plans, true),
    ("明年", SectionKind::Plans, false),
    ("工作安排", SectionKind::Plans, false),
    ("打算", SectionKind::Plans, false),
    ("工作计划", SectionKind::Plans, false),
    ("工作思路", SectionKind::Plans, false),
    ("重点工作", SectionKind::Plans, false),
    ("工作要点", SectionKind::Plans, false),
    ("第一责任人", SectionKind::Leadership, true),
    ("主要负责人履行", SectionKind::Leadership, true),
    ("举措", SectionKind::Measures, false),
    ("成效", SectionKind::Measures, false),
    ("工作完成情况", SectionKind::Measures, false),
    ("完成情况", SectionKind::Measures, false),
    ("主要做法", SectionKind::Measures, false),
    ("工作开展情况", SectionKind::Measures, false),
    ("进展", SectionKind::Measures, false),
    ("情况", SectionKind::Measures, false),
    ("工作总结", SectionKind::Measures, false),
];

// ---------------------------------------------------------------------------------------------
// Closing block

/// Lines of the closing block: routing (抄送/抄报/主送/分送), `共印N份`, `(联系人: …)`.
pub static ROUTING_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:抄送|抄报|主送|分送)").unwrap());
pub static COPIES_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^共印\s*\d+\s*份").unwrap());
pub static CONTACT_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\(\s*联系").unwrap());
// ---------------------------------------------------------------------------------------------
// Zone names

/// Suffixes that end a zone or place name, longest first so `经济技术开发区` is not read as
/// `经济技术` + `开发区`.
pub const ZONE_SUFFIXES: &[&str] = &[
    "高新技术产业开发区",
    "经济技术开发区",
    "高新技术开发区",
    "综合保税区",
    "经济开发区",
    "工业园区",
    "产业园区",
    "高新区",
    "经开区",
    "开发区",
    "保税区",
    "试验区",
    "合作区",
    "管理局",
    "高新园区",
    "工业园",
    "园区",
    "新区",
    "新城",
    "街道",
    "自治区",
    "区",
    "县",
    "市",
    "旗",
    "州",
    "盟",
    "镇",
    "乡",
    "省",
];
pub const ABBREVIATED_SUFFIXES: &[&str] = &["高新区", "经开区"];

/// The kinds of area, by the suffix of the area's name (longest first): the values of the
/// `area_type` facet (`base::kinds::AREA_TYPES`).
pub const AREA_TYPES: &[(&str, &str)] = &[
    ("高新技术产业开发区", "high-tech-zone"),
    ("经济技术开发区", "development-zone"),
    ("高新技术开发区", "high-tech-zone"),
    ("综合保税区", "bonded-zone"),
    ("经济开发区", "development-zone"),
    ("工业园区", "industrial-park"),
    ("产业园区", "industrial-park"),
    ("高新园区", "industrial-park"),
    ("高新区", "high-tech-zone"),
    ("经开区", "development-zone"),
    ("开发区", "development-zone"),
    ("保税区", "bonded-zone"),
    ("合作区", "cooperation-zone"),
    ("试验区", "pilot-zone"),
    ("工业园", "industrial-park"),
    ("园区", "industrial-park"),
    ("新区", "new-area"),
    ("新城", "new-area"),
    ("管理局", "authority"),
    ("街道", "street"),
    ("自治区", "province"),
    ("镇", "street"),
    ("乡", "street"),
    ("区", "district"),
    ("县", "county"),
    ("旗", "county"),
    ("市", "city"),
    ("州", "city"),
    ("盟", "city"),
    ("省", "province"),
];

/// The type of an area from its name's suffix; a dual name (`…开发区（新市区）`) by its first
/// name, and a park of a cooperation zone (`…合作区深圳园区`) is part of that zone.
pub fn area_type(area: &str) -> Option<&'static str> {
    let first_name = area.split(['（', '(']).next().unwrap_or(area);
    if first_name.contains("合作区") {
        return Some("cooperation-zone");
    }
    AREA_TYPES
        .iter()
        .find(|(suffix, _)| first_name.ends_with(suffix))
        .map(|&(_, name)| name)
}
/// Place parts that do not name a place (`我区`, `本市`, `全县`, bare `经开区`).
pub const GENERIC_PLACES: &[&str] = &[
    "", "我", "本", "全", "该", "各", "此", "新", "省", "市", "县", "区",
];

// Where the place name ends inside an organisation or title: organ words, departments
// (`司法局`, `卫生健康委员会`), `关于`, `法治…`, a year.
pub static ZONE_STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:司法|公安|财政|审计|统计|税务|教育|民政|商务|水务|水利|林业|林草|体育|信访|档案|气象
          |文旅|医保|城管|人社|住建|交通运输|交通|应急管理|生态环境|自然资源|规划和自然资源
          |农业农村|卫生健康|卫健|医疗保障|行政审批|市场监督管理|市场监管|城市管理|综合行政执法
          |发展和改革|发展改革|发改|工业和信息化|工信|科学技术|科技|退役军人事务|人力资源和社会保障
          |住房和城乡建设|文化和旅游|文化广电和旅游|文化广电旅游|政务服务|数据|乡村振兴|经济发展|招商)
          (?:局|委员会|委|厅|办公室|办)
        | 管理委员会|管委会|工作委员会|党工委|党委|党政|人民政府|政府|委员会|办公室|文件|关于
        | 法治|全面依法|\d{4}",
    )
    .unwrap()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_levels_on_folded_text() {
        for (text, level) in [
            ("一、工作举措", Some(1)),
            ("十二、其他", Some(1)),
            ("(一)加强领导", Some(2)),
            ("( 三 )完善制度", Some(2)),
            ("1.健全机制", Some(3)),
            ("12、强化监督", Some(3)),
            ("(1)依法决策", Some(4)),
            ("4.15日召开", None),
            ("2023.12.5", None),
            ("一是加强", None),
        ] {
            assert_eq!(heading_level(text), level, "{text}");
        }
    }

    #[test]
    fn document_numbers_and_signers() {
        assert!(DOC_NUMBER_LINE.is_match("金开管发[2023]104号"));
        assert!(DOC_NUMBER_LINE.is_match("凤高委报[2023] 8号"));
        assert!(!DOC_NUMBER_LINE.is_match("根据《条例》(甘政发[2023]5号)的规定"));
        assert!(SIGNER_LINE.is_match("签发人:马国开"));
        assert!(SIGNER_LINE.is_match("答发人: 陈锦辉"));
        for line in ["签发人:马国开", "答发人: 陈锦辉", "签发:张三"] {
            assert!(SIGNER_LINE.is_match(line));
            let mut chars = line.chars();
            let (first, second) = (chars.next().unwrap(), chars.next().unwrap());
            assert!(may_be_signer_line(first, second), "{line}");
        }
        for line in ["金开管发[2023]104号", "凤高委报[2023] 8号 "] {
            assert!(DOC_NUMBER_LINE.is_match(line));
            let last = line.trim_end().chars().next_back().unwrap();
            assert!(may_be_doc_number_line(last), "{line}");
        }
        assert!(!SIGNER_LINE.is_match("签发人:马国开等同志参加会议并讲话"));
        assert!(SIGNER_FIELD.is_match("签发人:马国开 等"));
    }
}
