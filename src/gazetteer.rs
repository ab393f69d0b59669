//! Where an area is: its province and city, from China's administrative divisions
//! (`data/divisions.tsv`, the statistics' division codes; `data/areas-extra.tsv`, the new areas
//! they do not list), compiled into the binary.
//!
//! An area's name usually starts with where it is: `甘肃省金昌市…`, `金昌经济技术开发区`
//! (金昌 is 金昌市), `启东经济开发区` (启东市, a county-level city of 南通市), `重庆市江北区`.
//! Names are read from the start, province, then city, then county, each by its full name or
//! its short form (`金昌`, `广西`, `延边`). A county name found in several places (江北区 is in
//! 重庆 and 宁波) is settled by what the other names of the report say (its issuer, header,
//! title); if it cannot be settled, province and city stay empty: a wrong place is worse than
//! none.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The level of a division.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Province,
    City,
    County,
}

#[derive(Debug)]
struct Division {
    level: Level,
    province: &'static str,
    /// Empty for a province, and for a county governed directly by its province.
    city: &'static str,
}

/// Every division, and every name it goes by → the divisions of that name.
struct Gazetteer {
    divisions: Vec<Division>,
    by_name: HashMap<&'static str, Vec<usize>>,
    longest_name: usize,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut gazetteer = Gazetteer {
        divisions: Vec::new(),
        by_name: HashMap::new(),
        longest_name: 0,
    };
    let rows = include_str!("../data/divisions.tsv").lines().skip(1);
    for row in rows {
        let fields: Vec<&'static str> = row.split('\t').collect();
        let [_, name, level, province, city] = fields[..] else {
            continue;
        };
        let level = match level {
            "province" => Level::Province,
            "city" => Level::City,
            _ => Level::County,
        };
        gazetteer.add(
            name,
            Division {
                level,
                province,
                city,
            },
        );
    }
    let extra = include_str!("../data/areas-extra.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1);
    for row in extra {
        if let [name, province, city] = row.split('\t').collect::<Vec<_>>()[..] {
            let division = Division {
                level: Level::County,
                province,
                city,
            };
            gazetteer.add(name, division);
        }
    }
    gazetteer
});

impl Gazetteer {
    fn add(&mut self, name: &'static str, division: Division) {
        let index = self.divisions.len();
        self.divisions.push(division);
        for form in std::iter::once(name).chain(short_form(name)) {
            self.longest_name = self.longest_name.max(form.len());
            let entry = self.by_name.entry(form).or_default();
            if !entry.contains(&index) {
                entry.push(index);
            }
        }
    }

    /// The divisions of `level` whose name (full or short) is the longest prefix of `text`
    /// among those `fits` accepts, with the prefix's length in bytes.
    fn prefix(
        &self,
        text: &str,
        level: Level,
        fits: impl Fn(&Division) -> bool,
    ) -> Option<(Vec<&Division>, usize)> {
        let ends: Vec<usize> = text
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .filter(|&end| end <= self.longest_name)
            .collect();
        ends.into_iter().rev().find_map(|end| {
            let found: Vec<&Division> = self
                .by_name
                .get(&text[..end])?
                .iter()
                .map(|&i| &self.divisions[i])
                .filter(|d| d.level == level && fits(d))
                .collect();
            (!found.is_empty()).then_some((found, end))
        })
    }
}

/// Suffixes of division names, longest first; what is left is the short form.
const DIVISION_SUFFIXES: &[&str] = &[
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
    "州",
];

/// Names of China's peoples as autonomous divisions write them (`延边朝鲜族自治州`): the short
/// form of such a division is the place before them.
const PEOPLES: &[&str] = &[
    "蒙古",
    "藏",
    "回",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "各族",
];

/// `金昌市` → `金昌`, `广西壮族自治区` → `广西`, `延边朝鲜族自治州` → `延边`; `None` when the
/// short form would be a single character (`城区`), which names nothing on its own.
fn short_form(name: &'static str) -> Option<&'static str> {
    let suffix = DIVISION_SUFFIXES.iter().find(|s| name.ends_with(*s))?;
    let mut place = &name[..name.len() - suffix.len()];
    if suffix.starts_with("自治") || *suffix == "特别行政区" {
        let cut = place
            .char_indices()
            .skip(2)
            .find(|(i, _)| PEOPLES.iter().any(|p| place[*i..].starts_with(p)))
            .map(|(i, _)| i);
        if let Some(cut) = cut {
            place = &place[..cut];
        }
    }
    (place.chars().count() >= 2 && place != name).then_some(place)
}

/// What the start of one name says about where it is.
#[derive(Debug, Default)]
struct Reading {
    /// (province, city) pairs the name may be in; empty when it says nothing.
    places: Vec<(&'static str, &'static str)>,
}

fn read(name: &str) -> Reading {
    let g = &*GAZETTEER;
    let mut rest = name;
    let mut province: Option<&'static str> = None;
    if let Some((found, len)) = g.prefix(rest, Level::Province, |_| true) {
        province = Some(found[0].province);
        rest = &rest[len..];
    }
    let in_province = |d: &Division| province.is_none_or(|p| d.province == p);
    if let Some((found, len)) = g.prefix(rest, Level::City, in_province) {
        let mut places: Vec<_> = found.iter().map(|d| (d.province, d.city)).collect();
        rest = &rest[len..];
        // Two cities in a row name a partner park (`苏州宿迁工业园区` lies in 宿迁, built with
        // 苏州): which one it lies in is not said by the name alone.
        if g.prefix(rest, Level::City, |_| true).is_some() {
            places.iter_mut().for_each(|p| p.1 = "");
        }
        // A county named after the city narrows nothing, but one of the city confirms it.
        if let Some((counties, _)) = g.prefix(rest, Level::County, |d| {
            places.iter().any(|p| p.1 == d.city)
        }) {
            places = counties.iter().map(|d| (d.province, d.city)).collect();
        }
        places.dedup();
        return Reading { places };
    }
    if let Some((found, _)) = g.prefix(rest, Level::County, in_province) {
        let mut places: Vec<_> = found.iter().map(|d| (d.province, d.city)).collect();
        places.sort();
        places.dedup();
        return Reading { places };
    }
    // A municipality (`天津`, `重庆`) is its own city.
    let city_of = |p: &'static str| {
        let is_municipality = g
            .by_name
            .get(p)
            .is_some_and(|found| found.iter().any(|&i| g.divisions[i].level == Level::City));
        if is_municipality {
            p
        } else {
            ""
        }
    };
    Reading {
        places: province.map(|p| vec![(p, city_of(p))]).unwrap_or_default(),
    }
}

/// The province and city of an area.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub province: Option<String>,
    pub city: Option<String>,
}

/// Where `area` is, from its name and, to settle a name found in several places, the other
/// names of the report (`context`: issuer, header, title, signatures).
pub fn locate(area: &str, context: &[&str]) -> Location {
    let own = read(area);
    let mentioned: Vec<(&str, &str)> = context.iter().flat_map(|c| read(c).places).collect();
    let mut places = own.places;
    if places.is_empty() {
        // The area's own name says nothing (`沣西新城` is known, `某某园区` is not): only a
        // place all the other names agree on is taken.
        places = mentioned.clone();
    } else if places.len() > 1 {
        let agreeing: Vec<_> = places
            .iter()
            .copied()
            .filter(|p| {
                mentioned
                    .iter()
                    .any(|m| m.0 == p.0 && (m.1.is_empty() || m.1 == p.1))
            })
            .collect();
        if !agreeing.is_empty() {
            places = agreeing;
        }
    }
    let common = |part: fn(&(&'static str, &'static str)) -> &'static str| {
        let first = part(places.first()?);
        (!first.is_empty() && places.iter().all(|p| part(p) == first)).then(|| first.to_string())
    };
    Location {
        province: common(|p| p.0),
        city: common(|p| p.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(area: &str, context: &[&str]) -> (Option<String>, Option<String>) {
        let l = locate(area, context);
        (l.province, l.city)
    }

    fn place(province: &str, city: &str) -> (Option<String>, Option<String>) {
        (
            Some(province.to_string()),
            (!city.is_empty()).then(|| city.to_string()),
        )
    }

    #[test]
    fn the_shipped_zones_are_placed() {
        assert_eq!(at("金昌经济技术开发区", &[]), place("甘肃省", "金昌市"));
        assert_eq!(at("启东经济开发区", &[]), place("江苏省", "南通市"));
        assert_eq!(
            at("潮州凤泉湖高新技术产业开发区", &[]),
            place("广东省", "潮州市")
        );
        assert_eq!(at("兰州新区中川园区", &[]), place("甘肃省", "兰州市"));
    }

    #[test]
    fn provinces_cities_and_counties_by_full_and_short_names() {
        assert_eq!(at("甘肃省", &[]), place("甘肃省", ""));
        assert_eq!(at("广西壮族自治区", &[]), place("广西壮族自治区", ""));
        assert_eq!(at("北京市延庆区", &[]), place("北京市", "北京市"));
        assert_eq!(at("延庆区", &[]), place("北京市", "北京市"));
        assert_eq!(at("深圳市大鹏新区", &[]), place("广东省", "深圳市"));
        assert_eq!(
            at("乌鲁木齐高新技术产业开发区", &[]),
            place("新疆维吾尔自治区", "乌鲁木齐市")
        );
        assert_eq!(
            at("延边朝鲜族自治州", &[]),
            place("吉林省", "延边朝鲜族自治州")
        );
        assert_eq!(at("沣西新城", &[]), place("陕西省", "西安市"));
    }

    #[test]
    fn municipalities_are_their_own_city_and_partner_parks_name_no_city() {
        assert_eq!(at("天津经济技术开发区", &[]), place("天津市", "天津市"));
        assert_eq!(at("重庆西永综合保税区", &[]), place("重庆市", "重庆市"));
        assert_eq!(at("苏州宿迁工业园区", &[]), place("江苏省", ""));
    }

    #[test]
    fn a_name_found_in_two_places_needs_the_other_names() {
        // 江北区 is a district of both 重庆市 and 宁波市.
        assert_eq!(at("江北区", &[]), (None, None));
        assert_eq!(
            at("江北区", &["重庆市江北区司法局"]),
            place("重庆市", "重庆市")
        );
        assert_eq!(
            at("江北区", &["宁波市江北区人民政府"]),
            place("浙江省", "宁波市")
        );
    }

    #[test]
    fn names_that_say_nothing_give_nothing() {
        assert_eq!(at("某某经济技术开发区", &[]), (None, None));
        assert_eq!(at("中川园区", &[]), (None, None));
        assert_eq!(short_form("城区"), None);
    }
}
