//! The query language, parsed once and used by every command.
//!
//! ```text
//! query   := or
//! or      := and ("OR" and)*
//! and     := unary+                       (juxtaposition means AND; "AND" may be written)
//! unary   := ("-" | "NOT") unary | atom
//! atom    := "(" or ")" | FIELD ":" value | near | PHRASE | WORD
//! near    := ("同句" | "同段" | "SENTENCE" | "PARAGRAPH") "(" member+ ")"
//!          | PHRASE "~" NUMBER             (the phrase's words within NUMBER characters)
//! member  := (WORD | PHRASE) ("OR" (WORD | PHRASE))*
//! FIELD   := zone | year | kind | section | …
//! PHRASE  := "…" or “…”                   (kept whole, spaces included)
//! ```
//! A word or phrase matches where it occurs in the cleaned text as a substring, after width and
//! case folding — Chinese, Latin and digits alike (`复议` finds `行政复议`, `led` finds `LED`, `100`
//! finds `100%`), exactly as `grep -o` over the cleaned text would count it.

use super::filters::Filter;
use super::proximity::{Near, Within, MAX_DISTANCE};
use crate::base::Facet;
use crate::ingest::clean::clean_phrase;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("query error at column {column}: {message}")]
pub struct QueryError {
    /// 1-based character column in the query string.
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A word or phrase to find.
    Text(String),
    Filter(Filter),
    /// Words in one sentence, one paragraph, or a few characters apart.
    Near(Near),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

impl Expr {
    /// Texts that count towards occurrences: those not under a NOT (proximity clauses
    /// aside, see [`Expr::positive_near`]).
    pub fn positive_texts(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_positive(&mut out, &mut Vec::new());
        out
    }

    /// Proximity clauses that count towards occurrences: those not under a NOT.
    pub fn positive_near(&self) -> Vec<&Near> {
        let mut out = Vec::new();
        self.collect_positive(&mut Vec::new(), &mut out);
        out
    }

    fn collect_positive<'a>(&'a self, texts: &mut Vec<&'a str>, near: &mut Vec<&'a Near>) {
        match self {
            Expr::Text(t) => texts.push(t),
            Expr::Near(n) => near.push(n),
            Expr::Filter(..) | Expr::Not(_) => {}
            Expr::And(items) | Expr::Or(items) => {
                items.iter().for_each(|e| e.collect_positive(texts, near))
            }
        }
    }

    /// Every filter inside the expression, in order.
    pub fn collect_filters<'a>(&'a self, out: &mut Vec<&'a Filter>) {
        match self {
            Expr::Filter(filter) => out.push(filter),
            Expr::Text(_) | Expr::Near(_) => {}
            Expr::Not(inner) => inner.collect_filters(out),
            Expr::And(items) | Expr::Or(items) => items.iter().for_each(|e| e.collect_filters(out)),
        }
    }

    /// How many different words and phrases the expression holds, negated ones included.
    pub fn distinct_texts(&self) -> usize {
        fn collect<'a>(e: &'a Expr, out: &mut std::collections::HashSet<&'a str>) {
            match e {
                Expr::Text(t) => {
                    out.insert(t);
                }
                Expr::Near(n) => out.extend(n.members.iter().flatten().map(String::as_str)),
                Expr::Filter(..) => {}
                Expr::Not(inner) => collect(inner, out),
                Expr::And(items) | Expr::Or(items) => items.iter().for_each(|i| collect(i, out)),
            }
        }
        let mut texts = std::collections::HashSet::new();
        collect(self, &mut texts);
        texts.len()
    }

    /// True when the expression can match something by itself (is not only negations).
    pub fn has_positive_clause(&self) -> bool {
        match self {
            Expr::Text(_) | Expr::Filter(..) | Expr::Near(_) => true,
            Expr::Not(_) => false,
            Expr::And(items) => items.iter().any(Expr::has_positive_clause),
            Expr::Or(items) => items.iter().all(Expr::has_positive_clause),
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Text(t) if t.chars().any(char::is_whitespace) => write!(f, "\"{t}\""),
            Expr::Text(t) => f.write_str(t),
            Expr::Filter(filter) => write!(f, "{filter}"),
            Expr::Near(near) => write!(f, "{near}"),
            Expr::Not(e) => write!(f, "-{e}"),
            Expr::And(items) => join(f, items, " "),
            Expr::Or(items) => join(f, items, " OR "),
        }
    }
}

fn join(f: &mut fmt::Formatter<'_>, items: &[Expr], sep: &str) -> fmt::Result {
    f.write_str("(")?;
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write!(f, "{e}")?;
    }
    f.write_str(")")
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Phrase(String),
    Field(Filter),
    /// `同句(` and the like: a proximity clause opens.
    NearOpen(Within),
    /// `"A B"~N`: the phrase's words, and N.
    Distance(String, u32),
    LParen,
    RParen,
    Minus,
    And,
    Or,
    Not,
}

/// Longest query accepted, in characters; longer input is refused rather than analysed.
pub const MAX_QUERY_CHARS: usize = 4096;

/// Most different words and phrases in one query: each costs a pass over its postings, and
/// no question a researcher asks needs more.
pub const MAX_QUERY_TERMS: usize = 64;

/// Drops repeated clauses (`法 法 法 …` asks no more than `法`, and must not cost more).
fn dedup<T: PartialEq>(items: &mut Vec<T>) {
    let mut kept: Vec<T> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        if !kept.contains(&item) {
            kept.push(item);
        }
    }
    *items = kept;
}

pub fn parse(query: &str) -> Result<Expr, QueryError> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(QueryError {
            column: MAX_QUERY_CHARS + 1,
            message: format!("the query is longer than {MAX_QUERY_CHARS} characters"),
        });
    }
    let tokens = tokenize(query)?;
    if tokens.is_empty() {
        return Err(QueryError {
            column: 1,
            message: "the query is empty: give a word, a \"phrase\" or a filter such as year:2023"
                .into(),
        });
    }
    let mut parser = Parser { tokens, pos: 0 };
    let expr = parser.and()?;
    if let Some((tok, column)) = parser.tokens.get(parser.pos) {
        let message = match tok {
            Tok::RParen => "unbalanced ')': no '(' opens it".to_string(),
            _ => "unexpected text".to_string(),
        };
        return Err(QueryError {
            column: *column,
            message,
        });
    }
    let terms = expr.distinct_texts();
    if terms > MAX_QUERY_TERMS {
        return Err(QueryError {
            column: 1,
            message: format!(
                "the query has {terms} different words and phrases, more than the {MAX_QUERY_TERMS} allowed: split it into several queries"
            ),
        });
    }
    if !expr.has_positive_clause() {
        return Err(QueryError {
            column: 1,
            message: "the query only excludes: add a word or a filter to search for".into(),
        });
    }
    Ok(expr)
}

fn is_quote_open(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '“' => Some('”'),
        _ => None,
    }
}

fn is_word_end(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"' | '“' | '”')
}

fn tokenize(query: &str) -> Result<Vec<(Tok, usize)>, QueryError> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        if c.is_whitespace() || c.is_control() {
            i += 1;
        } else if c == '(' {
            tokens.push((Tok::LParen, column));
            i += 1;
        } else if c == ')' {
            tokens.push((Tok::RParen, column));
            i += 1;
        } else if let Some(close) = is_quote_open(c) {
            let (text, next) = read_quoted(&chars, i + 1, close, column)?;
            i = next;
            if chars.get(i) == Some(&'~') {
                let digits: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                let distance = digits.parse::<u32>().ok().filter(|&n| n <= MAX_DISTANCE);
                let Some(distance) = distance else {
                    return Err(QueryError {
                        column: i + 1,
                        message: format!(
                            "~ needs a number of characters from 0 to {MAX_DISTANCE} right after it, e.g. \"行政复议 纠错\"~10"
                        ),
                    });
                };
                i += 1 + digits.len();
                tokens.push((Tok::Distance(text, distance), column));
            } else {
                tokens.push((Tok::Phrase(text), column));
            }
        } else if c == '”' {
            // A closing quote with no opening one would otherwise be an empty word, forever.
            return Err(QueryError {
                column,
                message: "unbalanced quote: this ” closes no phrase".into(),
            });
        } else if c == '-'
            && chars
                .get(i + 1)
                .is_some_and(|&n| !n.is_whitespace() && n != ')')
        {
            tokens.push((Tok::Minus, column));
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && !is_word_end(chars[i]) && !chars[i].is_control() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push((classify(word, &chars, &mut i, column)?, column));
        }
    }
    Ok(tokens)
}

fn read_quoted(
    chars: &[char],
    from: usize,
    close: char,
    column: usize,
) -> Result<(String, usize), QueryError> {
    let mut i = from;
    while i < chars.len() && chars[i] != close && !(close == '”' && chars[i] == '"') {
        i += 1;
    }
    if i == chars.len() {
        return Err(QueryError {
            column,
            message: "unbalanced quote: the phrase is not closed".into(),
        });
    }
    let text: String = chars[from..i].iter().collect();
    if text.trim().is_empty() {
        return Err(QueryError {
            column,
            message: "empty phrase".into(),
        });
    }
    Ok((text.trim().to_string(), i + 1))
}

/// Turns a bare word into a keyword, a filter or a search word.
fn classify(word: String, chars: &[char], i: &mut usize, column: usize) -> Result<Tok, QueryError> {
    match word.as_str() {
        "OR" => return Ok(Tok::Or),
        "AND" => return Ok(Tok::And),
        "NOT" => return Ok(Tok::Not),
        _ => {}
    }
    if let Some(within) = Within::from_name(&word).filter(|_| chars.get(*i) == Some(&'(')) {
        *i += 1;
        return Ok(Tok::NearOpen(within));
    }
    if let Some((name, value)) = word.split_once(':') {
        if let Some(facet) = Facet::from_name(name) {
            let value = if value.is_empty() {
                // `zone:"金昌 经开区"` — a quoted value right after the colon.
                match chars.get(*i).copied().and_then(is_quote_open) {
                    Some(close) => {
                        let (text, next) = read_quoted(chars, *i + 1, close, column)?;
                        *i = next;
                        text
                    }
                    None => {
                        return Err(QueryError {
                            column,
                            message: format!("{name}: needs a value, e.g. {}", facet.example()),
                        })
                    }
                }
            } else {
                value.to_string()
            };
            // Typed here, so that `year:abc` is an error pointing at its column.
            let filter = Filter::parse(facet, &value).map_err(|e| QueryError {
                column,
                message: e.to_string(),
            })?;
            return Ok(Tok::Field(filter));
        }
        if name.chars().all(|c| c.is_ascii_alphabetic()) && !name.is_empty() {
            return Err(QueryError {
                column,
                message: format!(
                    "unknown field '{name}': the fields are {} (quote the text to search for it literally)",
                    Facet::ALL.map(Facet::name).join(", ")
                ),
            });
        }
    }
    Ok(Tok::Word(word))
}

struct Parser {
    tokens: Vec<(Tok, usize)>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }

    fn column(&self) -> usize {
        self.tokens
            .get(self.pos)
            .or(self.tokens.last())
            .map_or(1, |(_, c)| *c)
    }

    /// Precedence as web search engines read queries: OR binds tighter than the implicit AND,
    /// so `营商环境 section:problems OR section:plans` is 营商环境 in either kind of section, and
    /// a `-word` stands beside the rest of its conjunction (`复议 OR 诉讼 -应诉` excludes 应诉
    /// from both).
    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut items = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::RParen) => break,
                Some(Tok::And) => {
                    self.pos += 1;
                    continue;
                }
                Some(Tok::Or) => {
                    return Err(QueryError {
                        column: self.column(),
                        message: "OR needs a word, phrase or filter on each side".into(),
                    })
                }
                _ => items.push(self.or()?),
            }
        }
        dedup(&mut items);
        match items.len() {
            0 => Err(QueryError {
                column: self.column(),
                message: "expected a word, a phrase or a filter here".into(),
            }),
            1 => Ok(items.pop().expect("one item")),
            _ => Ok(Expr::And(items)),
        }
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut items = vec![self.unary()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            if matches!(
                self.peek(),
                None | Some(Tok::Or) | Some(Tok::And) | Some(Tok::RParen)
            ) {
                return Err(QueryError {
                    column: self.column(),
                    message: "OR needs a word, phrase or filter on each side".into(),
                });
            }
            items.push(self.unary()?);
        }
        dedup(&mut items);
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Expr::Or(items)
        })
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        match self.peek() {
            Some(Tok::Minus) | Some(Tok::Not) => {
                self.pos += 1;
                if matches!(self.peek(), None | Some(Tok::Or) | Some(Tok::RParen)) {
                    return Err(QueryError {
                        column: self.column(),
                        message: "NOT or '-' must be followed by what to exclude".into(),
                    });
                }
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            _ => self.atom(),
        }
    }

    fn atom(&mut self) -> Result<Expr, QueryError> {
        let column = self.column();
        let Some((tok, _)) = self.tokens.get(self.pos).cloned() else {
            return Err(QueryError {
                column,
                message: "the query ends where a word was expected".into(),
            });
        };
        self.pos += 1;
        match tok {
            Tok::Word(w) | Tok::Phrase(w) => {
                let text = clean_phrase(&w);
                if text.is_empty() {
                    return Err(QueryError {
                        column,
                        message: "this phrase holds only spaces or invisible characters".into(),
                    });
                }
                Ok(Expr::Text(text))
            }
            Tok::Field(filter) => Ok(Expr::Filter(filter)),
            Tok::NearOpen(within) => self.near(within, column),
            Tok::Distance(phrase, distance) => {
                let members: Vec<Vec<String>> = phrase
                    .split_whitespace()
                    .map(clean_phrase)
                    .filter(|w| !w.is_empty())
                    .map(|w| vec![w])
                    .collect();
                near_clause(members, Within::Chars(distance), column)
            }
            Tok::LParen => {
                let inner = self.and()?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(QueryError {
                        column,
                        message: "unbalanced '(': no ')' closes it".into(),
                    });
                }
                self.pos += 1;
                Ok(inner)
            }
            Tok::RParen => Err(QueryError {
                column,
                message: "unbalanced ')': no '(' opens it".into(),
            }),
            Tok::Or | Tok::And | Tok::Not | Tok::Minus => Err(QueryError {
                column,
                message: "expected a word, a phrase or a filter here".into(),
            }),
        }
    }

    /// The members of `同句(…)` up to its `)`: words and phrases, `OR` between alternatives.
    fn near(&mut self, within: Within, column: usize) -> Result<Expr, QueryError> {
        let mut members: Vec<Vec<String>> = Vec::new();
        let mut alternative = false;
        loop {
            let at = self.column();
            let Some((tok, _)) = self.tokens.get(self.pos).cloned() else {
                return Err(QueryError {
                    column,
                    message: "unbalanced '(': no ')' closes it".into(),
                });
            };
            self.pos += 1;
            match tok {
                Tok::RParen if !alternative => break,
                Tok::Or if !alternative && !members.is_empty() => alternative = true,
                Tok::Word(w) | Tok::Phrase(w) => {
                    let text = clean_phrase(&w);
                    if text.is_empty() {
                        continue;
                    }
                    match members.last_mut() {
                        Some(last) if alternative => last.push(text),
                        _ => members.push(vec![text]),
                    }
                    alternative = false;
                }
                Tok::And => {}
                _ => {
                    return Err(QueryError {
                        column: at,
                        message: "inside 同句(…) and 同段(…) give only words and phrases, with OR between alternatives".into(),
                    })
                }
            }
        }
        near_clause(members, within, column)
    }
}

fn near_clause(
    mut members: Vec<Vec<String>>,
    within: Within,
    column: usize,
) -> Result<Expr, QueryError> {
    members.iter_mut().for_each(dedup);
    dedup(&mut members);
    if members.len() < 2 {
        return Err(QueryError {
            column,
            message: "a proximity clause needs two or more different words, e.g. 同句(行政复议 纠错) or \"行政复议 纠错\"~10".into(),
        });
    }
    Ok(Expr::Near(Near { members, within }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Expr {
        Expr::Text(s.into())
    }

    #[test]
    fn words_are_anded() {
        assert_eq!(
            parse("行政复议 公职律师").unwrap(),
            Expr::And(vec![text("行政复议"), text("公职律师")])
        );
    }

    #[test]
    fn or_binds_tighter_than_and_as_in_web_search() {
        assert_eq!(
            parse("a b OR c").unwrap(),
            Expr::And(vec![text("a"), Expr::Or(vec![text("b"), text("c")])])
        );
        // The exclusion stands beside the OR: it applies to both of its sides.
        assert_eq!(
            parse("复议 OR 诉讼 -应诉").unwrap(),
            Expr::And(vec![
                Expr::Or(vec![text("复议"), text("诉讼")]),
                Expr::Not(Box::new(text("应诉"))),
            ])
        );
        assert!(parse("OR a").is_err());
        assert!(parse("a OR").is_err());
        assert!(parse("a OR OR b").is_err());
    }

    /// A reference reading of a query of words `a` `b` `c`, `OR`, `-` and parentheses, written
    /// apart from the parser (operator precedence with two stacks): `-` binds tightest, then
    /// `OR`, then the implicit AND. `None` where the query is not well formed.
    fn reference(tokens: &[&str], doc: &[bool; 3]) -> Option<bool> {
        #[derive(Clone, Copy, PartialEq)]
        enum Op {
            Not,
            Or,
            And,
            Open,
        }
        let rank = |op: Op| match op {
            Op::Not => 3,
            Op::Or => 2,
            Op::And => 1,
            Op::Open => 0,
        };
        let apply = |op: Op, values: &mut Vec<bool>| -> Option<()> {
            match op {
                Op::Not => {
                    let v = values.pop()?;
                    values.push(!v);
                }
                Op::Or | Op::And => {
                    let b = values.pop()?;
                    let a = values.pop()?;
                    values.push(if op == Op::Or { a || b } else { a && b });
                }
                Op::Open => return None,
            }
            Some(())
        };
        let (mut values, mut ops): (Vec<bool>, Vec<Op>) = (Vec::new(), Vec::new());
        // Whether the next token starts an operand (so an operand now means an implicit AND).
        let mut after_operand = false;
        for &token in tokens {
            let starts_operand = !matches!(token, "OR" | ")");
            if starts_operand && after_operand {
                while ops.last().is_some_and(|&o| rank(o) >= rank(Op::And)) {
                    apply(ops.pop()?, &mut values)?;
                }
                ops.push(Op::And);
            }
            match token {
                "a" | "b" | "c" => {
                    values.push(doc[(token.as_bytes()[0] - b'a') as usize]);
                    // Close the NOTs that apply to this operand.
                    while ops.last() == Some(&Op::Not) {
                        apply(ops.pop()?, &mut values)?;
                    }
                    after_operand = true;
                }
                "-" => {
                    ops.push(Op::Not);
                    after_operand = false;
                }
                "(" => {
                    ops.push(Op::Open);
                    after_operand = false;
                }
                ")" => {
                    while *ops.last()? != Op::Open {
                        apply(ops.pop()?, &mut values)?;
                    }
                    ops.pop();
                    while ops.last() == Some(&Op::Not) {
                        apply(ops.pop()?, &mut values)?;
                    }
                    after_operand = true;
                }
                "OR" => {
                    if !after_operand {
                        return None;
                    }
                    while ops.last().is_some_and(|&o| rank(o) >= rank(Op::Or)) {
                        apply(ops.pop()?, &mut values)?;
                    }
                    ops.push(Op::Or);
                    after_operand = false;
                }
                _ => unreachable!(),
            }
        }
        if !after_operand {
            return None;
        }
        while let Some(op) = ops.pop() {
            apply(op, &mut values)?;
        }
        (values.len() == 1).then(|| values[0])
    }

    /// What a parsed query says of a document holding the words marked true.
    fn evaluate(expr: &Expr, doc: &[bool; 3]) -> bool {
        match expr {
            Expr::Text(t) => doc[(t.as_bytes()[0] - b'a') as usize],
            Expr::Not(inner) => !evaluate(inner, doc),
            Expr::And(items) => items.iter().all(|e| evaluate(e, doc)),
            Expr::Or(items) => items.iter().any(|e| evaluate(e, doc)),
            Expr::Filter(_) | Expr::Near(_) => unreachable!("only words are generated"),
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn the_parser_reads_queries_as_the_reference_does(
            picks in proptest::collection::vec(0usize..7, 1..12)
        ) {
            const TOKENS: [&str; 7] = ["a", "b", "c", "OR", "-", "(", ")"];
            let picked: Vec<&str> = picks.iter().map(|&i| TOKENS[i]).collect();
            // `-` is written against what it excludes (`-a`, `-(…)`); a `-` before anything
            // else would be a word, so it is left out.
            let tokens: Vec<&str> = picked
                .iter()
                .enumerate()
                .filter(|&(i, t)| {
                    *t != "-" || matches!(picked.get(i + 1), Some(&("a" | "b" | "c" | "(")))
                })
                .map(|(_, t)| *t)
                .collect();
            proptest::prop_assume!(!tokens.is_empty());
            let mut query = String::new();
            for token in &tokens {
                query.push_str(token);
                if *token != "-" {
                    query.push(' ');
                }
            }
            let parsed = parse(&query);
            for bits in 0..8u8 {
                let doc = [bits & 1 != 0, bits & 2 != 0, bits & 4 != 0];
                let expected = reference(&tokens, &doc);
                match (&parsed, expected) {
                    (Ok(expr), Some(value)) => proptest::prop_assert_eq!(
                        evaluate(expr, &doc), value, "{} on {:?}: {}", query, doc, expr
                    ),
                    (Err(_), None) => {}
                    // Refused by policy, not by grammar: a search for nothing but exclusions.
                    (Err(e), Some(_)) if e.message.contains("only excludes") => {}
                    (parsed, expected) => proptest::prop_assert!(
                        false, "{}: parser {:?}, reference {:?}", query, parsed, expected
                    ),
                }
            }
        }
    }

    #[test]
    fn phrases_keep_punctuation_and_read_as_cleaned_text() {
        assert_eq!(parse("\"双随机、一公开\"").unwrap(), text("双随机、一公开"));
        // Spaces next to Chinese text are gone from cleaned text, so from phrases too.
        assert_eq!(parse("“精神 and 习近平”").unwrap(), text("精神and习近平"));
        assert_eq!(parse("\"法治 \n政府\"").unwrap(), text("法治政府"));
        assert_eq!(parse("\"rule  of law\"").unwrap(), text("rule of law"));
        assert_eq!(parse("\"行政\u{200B}复议\"").unwrap(), text("行政复议"));
        assert!(parse("\"\u{200B}\"").is_err());
    }

    #[test]
    fn negation_and_groups() {
        assert_eq!(
            parse("复议 -(诉讼 OR 应诉)").unwrap(),
            Expr::And(vec![
                text("复议"),
                Expr::Not(Box::new(Expr::Or(vec![text("诉讼"), text("应诉")])))
            ])
        );
        assert_eq!(
            parse("复议 NOT 诉讼").unwrap(),
            Expr::And(vec![text("复议"), Expr::Not(Box::new(text("诉讼")))])
        );
    }

    #[test]
    fn filters_inside_the_query() {
        assert_eq!(
            parse("复议 zone:金昌 year:2021..2023").unwrap(),
            Expr::And(vec![
                text("复议"),
                Expr::Filter(Filter::parse(Facet::Zone, "金昌").unwrap()),
                Expr::Filter(Filter::parse(Facet::Year, "2021..2023").unwrap()),
            ])
        );
    }

    #[test]
    fn a_bad_filter_value_is_an_error_at_its_column() {
        let e = parse("复议 year:20x3").unwrap_err();
        assert_eq!(e.column, 4);
        assert!(e.message.contains("bad year '20x3'"), "{}", e.message);
        let e = parse("kind:memo").unwrap_err();
        assert!(e.message.contains("unknown kind 'memo'"), "{}", e.message);
    }

    fn near(members: &[&[&str]], within: Within) -> Expr {
        Expr::Near(Near {
            members: members
                .iter()
                .map(|m| m.iter().map(|w| w.to_string()).collect())
                .collect(),
            within,
        })
    }

    #[test]
    fn proximity_clauses() {
        assert_eq!(
            parse("同句(行政复议 纠错)").unwrap(),
            near(&[&["行政复议"], &["纠错"]], Within::Sentence)
        );
        assert_eq!(
            parse("PARAGRAPH(行政复议 纠错 OR 撤销 \"行政 诉讼\")").unwrap(),
            near(
                &[&["行政复议"], &["纠错", "撤销"], &["行政诉讼"]],
                Within::Paragraph
            )
        );
        assert_eq!(
            parse("\"行政复议 纠错\"~10 year:2023").unwrap(),
            Expr::And(vec![
                near(&[&["行政复议"], &["纠错"]], Within::Chars(10)),
                Expr::Filter(Filter::parse(Facet::Year, "2023").unwrap()),
            ])
        );
        assert_eq!(
            parse("-同段(a b) c").unwrap(),
            Expr::And(vec![
                Expr::Not(Box::new(near(&[&["a"], &["b"]], Within::Paragraph))),
                text("c")
            ])
        );
        // Without its parenthesis right after it, the name is a word like any other.
        assert_eq!(parse("同句").unwrap(), text("同句"));
        assert_eq!(
            parse("同句 (a)").unwrap(),
            Expr::And(vec![text("同句"), text("a")])
        );
    }

    #[test]
    fn malformed_proximity_is_an_error_with_an_example() {
        let e = parse("\"a b\"~").unwrap_err();
        assert_eq!(e.column, 6);
        assert!(e.message.contains("~ needs a number"), "{}", e.message);
        assert!(parse("\"a b\"~1001").is_err());
        assert!(parse("\"a b\"~x").is_err());
        let e = parse("同句(a)").unwrap_err();
        assert!(
            e.message.contains("two or more different words"),
            "{}",
            e.message
        );
        assert!(parse("同句(a a)").is_err());
        assert!(parse("\"a\"~3").is_err());
        let e = parse("同句(a (b OR c))").unwrap_err();
        assert_eq!(e.column, 6);
        assert!(
            e.message.contains("only words and phrases"),
            "{}",
            e.message
        );
        assert!(parse("同句(a -b)").is_err());
        assert!(parse("同句(a OR)").is_err());
        assert!(parse("同句(a b")
            .unwrap_err()
            .message
            .contains("unbalanced"));
    }

    #[test]
    fn a_hyphen_inside_a_word_is_not_negation() {
        assert_eq!(parse("2021-2025").unwrap(), text("2021-2025"));
    }

    #[test]
    fn positive_texts_skip_negated_ones() {
        let e = parse("复议 -诉讼 (执法 OR 普法) year:2023").unwrap();
        assert_eq!(e.positive_texts(), ["复议", "执法", "普法"]);
    }

    #[test]
    fn a_stray_closing_quote_is_an_error() {
        let e = parse("复议 ”").unwrap_err();
        assert_eq!(e.column, 4);
        assert!(e.message.contains("closes no phrase"), "{}", e.message);
        assert_eq!(parse("“复议”").unwrap(), text("复议"));
    }

    #[test]
    fn repeated_clauses_are_asked_once() {
        assert_eq!(parse(&vec!["法"; 2000].join(" ")).unwrap(), text("法"));
        // (复议 OR 复议 OR 诉讼) AND 复议: the OR asks 复议 once.
        assert_eq!(
            parse("复议 OR 复议 OR 诉讼 复议").unwrap(),
            Expr::And(vec![
                Expr::Or(vec![text("复议"), text("诉讼")]),
                text("复议")
            ])
        );
        assert_eq!(parse("-a b -a").unwrap(), parse("-a b").unwrap());
    }

    #[test]
    fn too_many_different_terms_are_refused_with_advice() {
        let words: Vec<String> = (0..=MAX_QUERY_TERMS).map(|i| format!("w{i}")).collect();
        let err = parse(&words.join(" ")).unwrap_err();
        assert!(err.message.contains("split it"), "{}", err.message);
        assert!(parse(&words[..MAX_QUERY_TERMS].join(" ")).is_ok());
    }

    #[test]
    fn errors_point_at_the_column() {
        let e = parse("复议 (执法").unwrap_err();
        assert_eq!(e.column, 4);
        assert!(e.message.contains("unbalanced '('"));
        let e = parse("复议 \"执法").unwrap_err();
        assert_eq!(e.column, 4);
        let e = parse("复议 )").unwrap_err();
        assert_eq!(e.column, 4);
        let e = parse("foo:bar").unwrap_err();
        assert!(e.message.contains("unknown field 'foo'"));
        let e = parse("zone:").unwrap_err();
        assert!(e.message.contains("needs a value"));
        assert!(parse("").is_err());
        assert!(parse("   ").is_err());
        assert!(parse("-复议")
            .unwrap_err()
            .message
            .contains("only excludes"));
        assert!(parse("复议 OR").is_err());
    }
}
