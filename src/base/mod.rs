//! The bottom layer: types and character rules that every other module may use, and that use
//! nothing of zonedex themselves.

pub mod facet;
pub mod fold;
pub mod kinds;
pub mod lines;

pub use facet::{Facet, FacetType, FacetValue, FacetValues};
pub use kinds::{ReportKind, SectionKind};
pub use lines::LineMap;
