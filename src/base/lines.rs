//! Where each character of cleaned text came from: the line of the original file (and, in a
//! PDF, the page that line is on).

/// Maps character offsets in a cleaned string to 1-based line numbers of the original file.
///
/// Stored as runs: `(first char offset of the run, original line)`, ascending by offset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineMap {
    runs: Vec<(u32, u32)>,
}

impl LineMap {
    /// A map in which every character comes from `line`.
    pub fn single(line: u32) -> Self {
        LineMap {
            runs: vec![(0, line)],
        }
    }

    /// Records that characters from `char_offset` on come from `line`.
    /// Offsets must be pushed in ascending order.
    pub fn push(&mut self, char_offset: usize, line: u32) {
        let offset = char_offset as u32;
        match self.runs.last_mut() {
            Some(last) if last.1 == line => {}
            Some(last) if last.0 == offset => last.1 = line,
            _ => self.runs.push((offset, line)),
        }
    }

    /// The original line of the character at `char_offset` (0 if the map is empty).
    pub fn line_at(&self, char_offset: usize) -> u32 {
        let offset = char_offset as u32;
        let idx = self.runs.partition_point(|&(start, _)| start <= offset);
        if idx == 0 {
            self.runs.first().map_or(0, |r| r.1)
        } else {
            self.runs[idx - 1].1
        }
    }

    pub fn first_line(&self) -> u32 {
        self.runs.first().map_or(0, |r| r.1)
    }

    pub fn last_line(&self) -> u32 {
        self.runs.last().map_or(0, |r| r.1)
    }

    pub fn runs(&self) -> &[(u32, u32)] {
        &self.runs
    }

    /// Appends `other`, whose offsets start at 0, shifted to start at `char_offset`.
    pub fn append(&mut self, char_offset: usize, other: &LineMap) {
        for &(start, line) in &other.runs {
            self.push(char_offset + start as usize, line);
        }
    }

    pub fn from_runs(runs: Vec<(u32, u32)>) -> Self {
        LineMap { runs }
    }

    /// Replaces every line number `n` with `origin(n)`: from lines of extracted text to the
    /// positions they came from in the file.
    pub fn map_lines(&mut self, origin: impl Fn(u32) -> u32) {
        let runs = std::mem::take(&mut self.runs);
        for (offset, line) in runs {
            self.push(offset as usize, origin(line));
        }
    }
}

/// The first line number of each page of a PDF, ascending; empty for every other format.
/// Lines are numbered across the whole file so that one number orders them; a reader is shown
/// `page:line` with the line counted from the top of its page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageStarts(pub Vec<u32>);

impl PageStarts {
    /// `(page, line within the page)`, both 1-based; `None` when the file has no pages.
    pub fn locate(&self, line: u32) -> Option<(u32, u32)> {
        let page = self.0.partition_point(|&start| start <= line);
        (page > 0).then(|| (page as u32, line - self.0[page - 1] + 1))
    }

    /// The file-wide line number of `line` on `page` (both 1-based).
    pub fn line_of(&self, page: u32, line: u32) -> Option<u32> {
        let start = *self.0.get(page.checked_sub(1)? as usize)?;
        let end = self.0.get(page as usize).copied().unwrap_or(u32::MAX);
        let global = start.checked_add(line.checked_sub(1)?)?;
        (global < end).then_some(global)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl PageStarts {
    /// Little-endian u32s, as stored in the index.
    pub fn encode(&self) -> Vec<u8> {
        self.0
            .iter()
            .flat_map(|start| start.to_le_bytes())
            .collect()
    }

    pub fn decode(bytes: &[u8]) -> PageStarts {
        PageStarts(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    /// A line as a reader finds it: `page:line` in a PDF, the line number elsewhere.
    pub fn show(&self, line: u32) -> String {
        match self.locate(line) {
            Some((page, line)) => format!("{page}:{line}"),
            None => line.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_map_finds_the_run_of_an_offset() {
        let mut map = LineMap::default();
        map.push(0, 3);
        map.push(5, 3); // same line: no new run
        map.push(10, 7);
        assert_eq!(map.runs().len(), 2);
        assert_eq!(map.line_at(0), 3);
        assert_eq!(map.line_at(9), 3);
        assert_eq!(map.line_at(10), 7);
        assert_eq!(map.line_at(500), 7);
    }

    #[test]
    fn mapped_lines_merge_runs_that_become_one() {
        let mut map = LineMap::from_runs(vec![(0, 1), (4, 2), (9, 3)]);
        map.map_lines(|line| if line < 3 { 40 } else { 41 });
        assert_eq!(map.runs(), [(0, 40), (9, 41)]);
    }

    #[test]
    fn appended_maps_are_shifted() {
        let mut a = LineMap::single(1);
        a.append(4, &LineMap::from_runs(vec![(0, 9), (2, 11)]));
        assert_eq!(a.line_at(3), 1);
        assert_eq!(a.line_at(4), 9);
        assert_eq!(a.line_at(6), 11);
    }

    #[test]
    fn pages_locate_lines_and_back() {
        let pages = PageStarts(vec![1, 31, 55]);
        assert_eq!(pages.locate(1), Some((1, 1)));
        assert_eq!(pages.locate(30), Some((1, 30)));
        assert_eq!(pages.locate(31), Some((2, 1)));
        assert_eq!(pages.locate(60), Some((3, 6)));
        assert_eq!(pages.line_of(2, 1), Some(31));
        assert_eq!(pages.line_of(3, 6), Some(60));
        assert_eq!(pages.line_of(1, 31), None, "page 1 has 30 lines");
        assert_eq!(pages.line_of(4, 1), None);
        assert_eq!(pages.line_of(0, 1), None);
        assert_eq!(PageStarts::default().locate(3), None);
        assert_eq!(pages.show(60), "3:6");
        assert_eq!(PageStarts::default().show(60), "60");
        assert_eq!(PageStarts::decode(&pages.encode()), pages);
    }
}
