//! Where each character of cleaned text came from: the line of the original file.

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
    fn appended_maps_are_shifted() {
        let mut a = LineMap::single(1);
        a.append(4, &LineMap::from_runs(vec![(0, 9), (2, 11)]));
        assert_eq!(a.line_at(3), 1);
        assert_eq!(a.line_at(4), 9);
        assert_eq!(a.line_at(6), 11);
    }
}
