//! Spreadsheet row numbers of a frame's rows.

/// The spreadsheet row number of each frame row, kept as runs of
/// consecutive numbers: ten million CSV rows are a few runs, not 80 MB.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowNumbers {
    /// (frame index of the run's first row, that row's number), in order.
    runs: Vec<(usize, usize)>,
    len: usize,
}

impl RowNumbers {
    /// The next frame row is spreadsheet row `row`.
    pub fn push(&mut self, row: usize) {
        match self.runs.last() {
            Some(&(start, first)) if first + (self.len - start) == row => {}
            _ => self.runs.push((self.len, row)),
        }
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Row number of frame row `i`.
    pub fn get(&self, i: usize) -> usize {
        assert!(i < self.len, "frame row {i} of {}", self.len);
        let k = self.runs.partition_point(|&(start, _)| start <= i) - 1;
        let (start, first) = self.runs[k];
        first + (i - start)
    }

    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.runs
            .iter()
            .enumerate()
            .flat_map(move |(k, &(start, first))| {
                let end = self.runs.get(k + 1).map_or(self.len, |r| r.0);
                first..first + (end - start)
            })
    }

    /// Add `other`'s rows after these, their numbers raised by `offset`.
    pub fn append(&mut self, other: &RowNumbers, offset: usize) {
        for (k, &(start, first)) in other.runs.iter().enumerate() {
            let end = other.runs.get(k + 1).map_or(other.len, |r| r.0);
            self.push(first + offset);
            self.len += end - start - 1;
        }
    }

    /// The numbers of the rows `keep` keeps.
    pub fn filter(&self, keep: &[bool]) -> RowNumbers {
        let mut out = RowNumbers::default();
        for (row, k) in self.iter().zip(keep) {
            if *k {
                out.push(row);
            }
        }
        out
    }
}

impl FromIterator<usize> for RowNumbers {
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Self {
        let mut out = RowNumbers::default();
        for r in iter {
            out.push(r);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_give_back_every_number() {
        let rows = [4, 5, 6, 8, 9, 20, 3, 4];
        let r: RowNumbers = rows.into_iter().collect();
        assert_eq!(r.runs.len(), 4);
        assert_eq!(r.len(), 8);
        assert_eq!((0..8).map(|i| r.get(i)).collect::<Vec<_>>(), rows);
        assert_eq!(r.iter().collect::<Vec<_>>(), rows);
        let kept = r.filter(&[true, false, true, true, true, true, false, true]);
        assert_eq!(kept.iter().collect::<Vec<_>>(), [4, 6, 8, 9, 20, 4]);
    }

    #[test]
    fn appended_parts_are_shifted_and_joined() {
        let mut a: RowNumbers = [2, 3, 4].into_iter().collect();
        let b: RowNumbers = [1, 2, 4].into_iter().collect();
        a.append(&b, 4);
        assert_eq!(a.iter().collect::<Vec<_>>(), [2, 3, 4, 5, 6, 8]);
        // 2..6 joined into one run across the parts.
        assert_eq!(a.runs, vec![(0, 2), (5, 8)]);
        assert_eq!(a.get(5), 8);
    }
}
