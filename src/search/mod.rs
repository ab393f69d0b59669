//! The query path: parse → search → count and facet → snippet. `matrix` runs many queries
//! against one set of columns.

pub mod batch;
mod compile;
pub(crate) mod count;
pub mod exclusion;
pub mod execute;
pub mod facet;
pub mod filters;
pub mod glossary;
pub mod matrix;
pub mod proximity;
pub mod query;
mod recall;
pub mod snippet;

pub use batch::parse_batch_line;
pub use execute::{search, Hit, IndexStamp, Scope, SearchRequest, SearchResult};
pub use facet::{Group, GroupKey, GroupValue, Measure, Totals};
pub use filters::{Filter, FilterValue, Filters, YearRange};
pub use matrix::{matrix, Matrix, MatrixRequest, MatrixRow};
