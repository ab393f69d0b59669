//! The query path: parse → search → group → snippet.

pub mod exclusion;
pub mod execute;
pub mod filters;
pub mod query;
pub mod snippet;

pub use execute::{search, Group, GroupKey, Hit, SearchRequest, SearchResult, Totals};
pub use filters::{Filters, YearRange};
