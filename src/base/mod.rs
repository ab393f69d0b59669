//! The bottom layer: types and character rules that every other module may use, and that use
//! nothing of zonedex themselves.

pub mod facet;
pub mod fold;
pub mod kinds;
pub mod lines;

pub use facet::{Facet, FacetType, FacetValue, FacetValues, KnownName};

/// The value named `given` in `table` (`what` names the kind of value, for the error).
pub fn by_name<T: Copy>(what: &'static str, given: &str, table: &[(&str, T)]) -> crate::Result<T> {
    table
        .iter()
        .find(|(name, _)| *name == given)
        .map(|&(_, value)| value)
        .ok_or_else(|| crate::Error::UnknownName {
            what,
            given: given.to_string(),
            choices: table
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(", "),
        })
}
pub use kinds::{ReportKind, SectionKind};
pub use lines::{LineMap, PageStarts};
