//! `--suppress N`: small numbers hidden for publication, as the DfE does.
//!
//! Suppression is per cell. A count (a column whose
//! [`crate::table::Measure`] is a count of things or of people) from 1 to
//! N-1 shows `c`. A figure worked out
//! from hidden ones shows `c` too: a rate or an FTE from the columns of its
//! row it is built on (`Of::Built`, declared in `table.rs`), a rate that
//! declares nothing with any count of its row, a `--compare` change (or a
//! figure defined as one figure less or times another) with either side,
//! the `% of workforce` row with its column's Total.
//!
//! Then, wherever a sum would let a hidden cell be worked out, one more
//! cell of that sum is hidden: the smallest visible cell it sums, or the
//! total itself. Sums are, in every column of counts or amounts, each row
//! of totals over the rows it sums (found from the group columns: a row
//! with `Total` in a group column sums the rows that agree with it on its
//! other named columns: `Adults, Total` sums the bands of Adults; `Total,
//! <1` sums `<1` over every group; `Total` alone sums everything), and in
//! each row a cross-tab's Total column over the columns it sums. This goes
//! on until no sum has exactly one hidden cell, and no hidden cell can be
//! worked out by combining sums either (then the smallest visible cell
//! sharing a sum with it is hidden too). A Total of people counts each
//! person once and may be less than its rows' sum: it is taken as the sum,
//! which can only hide more.

use crate::table::{is_derived, is_total, Kind, Of, Table, Value};
use rust_decimal::Decimal;

/// A cell: (row, column).
type Cell = (usize, usize);

/// A total and the cells it sums.
struct Sum {
    total: Cell,
    parts: Vec<Cell>,
}

impl Sum {
    fn cells(&self) -> impl Iterator<Item = Cell> + '_ {
        self.parts.iter().copied().chain([self.total])
    }
}

/// The number a cell holds (N/A, text and hidden cells hold none).
fn number(table: &Table, (r, c): Cell) -> Option<Decimal> {
    table
        .rows
        .get(r)
        .and_then(|row| row.get(c))
        .and_then(Value::number)
}

/// Every sum the table shows, over the cells that hold numbers (an N/A is
/// known to be none, and left out).
fn sums(table: &Table) -> Vec<Sum> {
    let has = |cell: Cell| number(table, cell).is_some();
    let mut out = Vec::new();
    let rows = table.totals();
    for (c, col) in table.columns.iter().enumerate() {
        if !col.measure.is_additive() || matches!(col.of, Of::Change(..)) {
            continue;
        }
        for (t, members) in &rows {
            if has((*t, c)) {
                out.push(Sum {
                    total: (*t, c),
                    parts: members
                        .iter()
                        .map(|m| (*m, c))
                        .filter(|x| has(*x))
                        .collect(),
                });
            }
        }
        if let Of::Sum(names) = &col.of {
            let Some(parts) = names
                .iter()
                .map(|n| table.col(n))
                .collect::<Option<Vec<usize>>>()
            else {
                continue;
            };
            for r in 0..table.rows.len() {
                if has((r, c)) {
                    out.push(Sum {
                        total: (r, c),
                        parts: parts.iter().map(|p| (r, *p)).filter(|x| has(*x)).collect(),
                    });
                }
            }
        }
    }
    out
}

/// Which cells are hidden.
struct Hidden {
    cells: Vec<Vec<bool>>,
}

impl Hidden {
    fn get(&self, (r, c): Cell) -> bool {
        self.cells[r][c]
    }
    fn set(&mut self, (r, c): Cell) {
        self.cells[r][c] = true;
    }
}

/// A hidden cell whose value the sums give exactly, if there is one: the
/// sums are equations (total - the cells it sums = 0) in the hidden cells,
/// the visible ones being known; a hidden cell is given exactly when it
/// takes the same value in every solution, that is when its pivot row of
/// the equations in reduced row echelon form has nothing in a free column.
fn determined(sums: &[Sum], hidden: &Hidden) -> Option<Cell> {
    const EPS: f64 = 1e-9;
    let mut vars: Vec<Cell> = sums
        .iter()
        .flat_map(Sum::cells)
        .filter(|x| hidden.get(*x))
        .collect();
    vars.sort_unstable();
    vars.dedup();
    let var = |cell: Cell| vars.binary_search(&cell).ok();
    let mut eqs: Vec<Vec<f64>> = sums
        .iter()
        .map(|s| {
            let mut e = vec![0.0; vars.len()];
            if let Some(k) = var(s.total) {
                e[k] += 1.0;
            }
            for k in s.parts.iter().filter_map(|m| var(*m)) {
                e[k] -= 1.0;
            }
            e
        })
        .filter(|e| e.iter().any(|x: &f64| x.abs() > EPS))
        .collect();
    let mut pivots: Vec<(usize, usize)> = Vec::new();
    for c in 0..vars.len() {
        let r0 = pivots.len();
        let Some(p) = (r0..eqs.len()).find(|&r| eqs[r][c].abs() > EPS) else {
            continue;
        };
        eqs.swap(r0, p);
        let pivot = eqs[r0][c];
        eqs[r0].iter_mut().for_each(|x| *x /= pivot);
        let pivot_eq = eqs[r0].clone();
        for (r, eq) in eqs.iter_mut().enumerate() {
            let f = eq[c];
            if r != r0 && f.abs() > EPS {
                eq.iter_mut().zip(&pivot_eq).for_each(|(x, p)| *x -= f * p);
            }
        }
        pivots.push((r0, c));
    }
    let is_pivot = |k: usize| pivots.iter().any(|(_, c)| *c == k);
    pivots
        .iter()
        .find(|(r, c)| (0..vars.len()).all(|k| k == *c || is_pivot(k) || eqs[*r][k].abs() < EPS))
        .map(|(_, c)| vars[*c])
}

/// For each column, the columns of its row whose hiding hides it.
fn bases(table: &Table) -> Vec<Vec<usize>> {
    let counts: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.measure.is_count() && !matches!(c.of, Of::Change(..)))
        .map(|(i, _)| i)
        .collect();
    let named =
        |names: &[&String]| -> Vec<usize> { names.iter().filter_map(|n| table.col(n)).collect() };
    table
        .columns
        .iter()
        .map(|c| match &c.of {
            Of::Built(on) => named(&on.iter().collect::<Vec<_>>()),
            Of::Change(a, b) | Of::Times(a, b) => named(&[a, b]),
            Of::Row => counts.clone(),
            Of::Own | Of::Sum(_) => Vec::new(),
        })
        .collect()
}

/// Hide every figure worked out from a hidden one; returns how many.
fn spread(table: &Table, bases: &[Vec<usize>], hidden: &mut Hidden) -> usize {
    let keys: Vec<Vec<String>> = table.rows.iter().map(|r| table.keys_of(r)).collect();
    let grand_total = keys.iter().position(|k| {
        k.first().is_some_and(|k| is_total(k)) && k[1..].iter().all(|k| k.is_empty())
    });
    let mut n = 0;
    loop {
        let mut changed = false;
        for (r, key) in keys.iter().enumerate() {
            for (c, on) in bases.iter().enumerate() {
                let cell = (r, c);
                if hidden.get(cell) || number(table, cell).is_none() {
                    continue;
                }
                let from_row = on.iter().any(|b| hidden.get((r, *b)));
                let from_total = is_derived(key) && grand_total.is_some_and(|t| hidden.get((t, c)));
                if from_row || from_total {
                    hidden.set(cell);
                    changed = true;
                    n += 1;
                }
            }
        }
        if !changed {
            return n;
        }
    }
}

/// Hide small counts and what would reveal them. Returns how many cells
/// were hidden.
pub fn suppress(table: &mut Table, threshold: u32) -> usize {
    let n = Decimal::from(threshold);
    let (rows, cols) = (table.rows.len(), table.columns.len());
    let mut hidden = Hidden {
        cells: vec![vec![false; cols]; rows],
    };
    let keys: Vec<Vec<String>> = table.rows.iter().map(|r| table.keys_of(r)).collect();
    for (c, col) in table.columns.iter().enumerate() {
        if !col.measure.is_count() || matches!(col.of, Of::Change(..)) {
            continue;
        }
        for (r, (row, key)) in table.rows.iter().zip(&keys).enumerate() {
            let small = match row.get(c) {
                Some(Value::Num(d)) | Some(Value::NumAs(d, Kind::Count)) => {
                    *d >= Decimal::ONE && *d < n
                }
                _ => false,
            };
            if small && !is_derived(key) {
                hidden.set((r, c));
            }
        }
    }
    let primary = hidden.cells.iter().flatten().filter(|h| **h).count();
    let mut built = 0;
    let mut secondary = 0;
    if primary > 0 {
        let sums = sums(table);
        let bases = bases(table);
        // The smallest visible cell of `cells` that is not 0 (a 0 hides
        // little: a reader can often tell it from the row's other cells),
        // then a 0; the first of equals.
        let smallest = |cells: &mut dyn Iterator<Item = Cell>, hidden: &Hidden| {
            cells
                .filter(|x| !hidden.get(*x))
                .filter_map(|x| number(table, x).map(|d| ((d.is_zero(), d.abs()), x)))
                .min()
                .map(|(_, x)| x)
        };
        loop {
            // What a hidden cell hides with it first, so that a sum never
            // picks another cell where a figure built on a hidden one
            // already goes (an FTE with its headcount).
            built += spread(table, &bases, &mut hidden);
            let single = sums
                .iter()
                .filter(|s| s.cells().filter(|x| hidden.get(*x)).count() == 1)
                .find_map(|s| {
                    smallest(&mut s.parts.iter().copied(), &hidden)
                        .or_else(|| smallest(&mut [s.total].into_iter(), &hidden))
                });
            if let Some(x) = single {
                hidden.set(x);
                secondary += 1;
                continue;
            }
            // Two hidden cells in every sum is not always enough: hidden
            // cells can still be worked out by combining sums (a hidden cell
            // that is the only link between two blocks of hidden cells).
            // Hide the smallest visible cell that shares a sum with one that
            // can.
            let Some(exposed) = determined(&sums, &hidden) else {
                break;
            };
            let mut sharing = sums
                .iter()
                .filter(|s| s.cells().any(|x| x == exposed))
                .flat_map(Sum::cells);
            match smallest(&mut sharing, &hidden) {
                Some(x) => {
                    hidden.set(x);
                    secondary += 1;
                }
                None => break,
            }
        }
    }
    for (row, hide) in table.rows.iter_mut().zip(&hidden.cells) {
        for (v, h) in row.iter_mut().zip(hide) {
            if *h && v.number().is_some() {
                *v = Value::Suppressed;
            }
        }
    }
    if primary > 0 {
        table.note(format!(
            "--suppress {threshold}: {primary} count{} from 1 to {} shown as c; {secondary} more cell{} that a total would give {} back by; {built} figure{} worked out from hidden ones (rates, FTEs, changes).",
            if primary == 1 { "" } else { "s" },
            threshold - 1,
            if secondary == 1 { "" } else { "s" },
            if primary == 1 { "it" } else { "them" },
            if built == 1 { "" } else { "s" },
        ));
    }
    primary + secondary + built
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[(&str, &str, i64)]) -> Table {
        let mut t = Table::new("t");
        t.column("group", Kind::Text);
        t.column("band", Kind::Text);
        t.column("headcount", Kind::Count);
        // "Total" in these tables stands for a Total row's cell.
        let cell = |k: &str| {
            if k == "Total" {
                Value::total()
            } else {
                Value::text(k)
            }
        };
        for (g, b, n) in rows {
            t.rows.push(vec![cell(g), cell(b), Value::num(*n)]);
        }
        t
    }

    fn shown(t: &Table) -> Vec<String> {
        t.rows
            .iter()
            .map(|r| match &r[2] {
                Value::Suppressed => "c".to_string(),
                Value::Num(d) => d.to_string(),
                _ => "?".to_string(),
            })
            .collect()
    }

    /// One small cell in a row of a two-way table: its row total and its
    /// column total would both give it away, so a second cell goes in its
    /// group, and a third in the other group's band so that the band's
    /// total keeps two hidden, and so on until every sum has two or none.
    #[test]
    fn one_small_cell_takes_others_with_it_both_ways() {
        let mut t = table(&[
            ("A", "<1", 2),
            ("A", "1-2", 10),
            ("A", "2+", 20),
            ("A", "Total", 32),
            ("B", "<1", 8),
            ("B", "1-2", 12),
            ("B", "2+", 30),
            ("B", "Total", 50),
            ("Total", "<1", 10),
            ("Total", "1-2", 22),
            ("Total", "2+", 50),
            ("Total", "Total", 82),
        ]);
        suppress(&mut t, 5);
        let s = shown(&t);
        // A <1 (2) hidden; A's smallest other, A 1-2 (10); in band <1 the
        // smallest other, B <1 (8); in band 1-2, B 1-2 (12). Every sum now
        // has two hidden cells or none.
        assert_eq!(
            s,
            ["c", "c", "20", "32", "c", "c", "30", "50", "10", "22", "50", "82"]
        );
        for (tot, members) in t.totals() {
            let hidden = members
                .iter()
                .chain([&tot])
                .filter(|i| matches!(t.rows[**i][2], Value::Suppressed))
                .count();
            assert_ne!(hidden, 1, "total row {tot}");
        }
    }

    /// The two-way table above as a cross-tab: bands are columns, and a
    /// Total column sums each row. One small cell takes a second in its
    /// row (A 1-2, 10) and a second in its column (B <1, 8), which takes a
    /// second in row B (B 1-2, 12).
    #[test]
    fn a_total_column_sums_its_row() {
        let mut t = Table::new("t");
        t.column("group", Kind::Text);
        for b in ["<1", "1-2", "2+"] {
            t.column(b, Kind::Count);
        }
        t.sum_column(
            "Total",
            Kind::Count,
            vec!["<1".into(), "1-2".into(), "2+".into()],
        );
        for (g, v) in [
            ("A", [2, 10, 20, 32]),
            ("B", [8, 12, 30, 50]),
            ("Total", [10, 22, 50, 82]),
        ] {
            let mut r = vec![if g == "Total" {
                Value::total()
            } else {
                Value::text(g)
            }];
            r.extend(v.map(Value::num));
            t.rows.push(r);
        }
        suppress(&mut t, 5);
        let shown: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|r| {
                r[1..]
                    .iter()
                    .map(|v| match v {
                        Value::Num(d) => d.to_string(),
                        _ => "c".to_string(),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            shown,
            [
                ["c", "c", "20", "32"],
                ["c", "c", "30", "50"],
                ["10", "22", "50", "82"]
            ]
        );
    }

    /// `--compare`'s columns: a small count in either period hides its
    /// change, and the FTE built on it; the rates built on it follow it.
    #[test]
    fn a_change_hides_with_either_side() {
        let mut t = Table::new("t");
        t.column("group", Kind::Text);
        t.column("in_post", Kind::Count);
        t.column("in_post_fte", Kind::Fte);
        t.column("in_post_prev", Kind::Count);
        t.column("in_post_change", Kind::Count);
        t.columns[4].of = Of::Change("in_post".into(), "in_post_prev".into());
        for (g, v) in [
            ("A", [3, 3, 9, -6]),
            ("B", [9, 8, 2, 7]),
            ("C", [20, 19, 20, 0]),
        ] {
            let mut r = vec![if g == "Total" {
                Value::total()
            } else {
                Value::text(g)
            }];
            r.extend(v.map(Value::num));
            t.rows.push(r);
        }
        suppress(&mut t, 5);
        let shown: Vec<Vec<bool>> = t
            .rows
            .iter()
            .map(|r| r[1..].iter().map(|v| *v == Value::Suppressed).collect())
            .collect();
        assert_eq!(
            shown,
            [
                [true, true, false, true],
                [false, false, true, true],
                [false, false, false, false]
            ]
        );
    }

    /// A plain table: one small row and the Total: a second row is hidden.
    #[test]
    fn one_small_row_and_a_total() {
        let mut t = table(&[("A", "", 3), ("B", "", 7), ("C", "", 9), ("Total", "", 19)]);
        suppress(&mut t, 5);
        assert_eq!(shown(&t), ["c", "c", "9", "19"]);
    }

    /// A group whose name is "Total" is a group: it sums nothing, and the
    /// Total row (typed) sums it with the others.
    #[test]
    fn a_group_named_total_is_a_group() {
        let mut t = table(&[("A", "", 3), ("B", "", 7), ("C", "", 9), ("Total", "", 19)]);
        t.rows.insert(
            2,
            vec![Value::text("Total"), Value::text(""), Value::num(6)],
        );
        t.rows[4][2] = Value::num(25);
        suppress(&mut t, 5);
        // A's 3 is small; the smallest other row under the Total goes with
        // it: the group "Total" (6), not the Total (25).
        assert_eq!(shown(&t), ["c", "7", "c", "9", "25"]);
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let mut t = table(&[("A", "", 0), ("B", "", 7), ("Total", "", 7)]);
        assert_eq!(suppress(&mut t, 5), 0);
        assert_eq!(shown(&t), ["0", "7", "7"]);
        assert!(t.notes.is_empty());
    }
    /// Groups A-D by bands 1-4 with margins. The small cells (under 5) are
    /// two blocks, A1 A2 B1 B2 and C3 C4 D3 D4, and A3 between them: every
    /// total has two or more hidden cells, yet A3 is given exactly by the
    /// totals: column 3 less C and D's rows plus column 4 (A3 = k3 - kC -
    /// kD + k4 = 39 - 90 - 90 + 144 = 3). The smallest visible cell sharing a
    /// total with A3 is B3 (30; A4 is 40): hiding it puts A3 on a cycle
    /// A-3-B-1. Checked without the solver too: each hidden cell's edge in
    /// the graph of groups and bands (an edge per hidden cell) lies on a
    /// cycle, so moving counts round it keeps every total.
    #[test]
    fn a_cell_linking_two_hidden_blocks_is_covered() {
        let cells = [
            ("A", [1, 2, 3, 40]),
            ("B", [2, 1, 30, 50]),
            ("C", [40, 45, 2, 3]),
            ("D", [35, 50, 4, 1]),
        ];
        let bands = ["1", "2", "3", "4"];
        let mut rows: Vec<(String, String, i64)> = Vec::new();
        for (g, v) in cells {
            for (b, n) in bands.iter().zip(v) {
                rows.push((g.to_string(), b.to_string(), n));
            }
            rows.push((g.to_string(), "Total".to_string(), v.iter().sum()));
        }
        for (k, b) in bands.iter().enumerate() {
            let n = cells.iter().map(|(_, v)| v[k]).sum();
            rows.push(("Total".to_string(), b.to_string(), n));
        }
        let all: i64 = cells.iter().flat_map(|(_, v)| v).sum();
        rows.push(("Total".to_string(), "Total".to_string(), all));
        let refs: Vec<(&str, &str, i64)> = rows
            .iter()
            .map(|(g, b, n)| (g.as_str(), b.as_str(), *n))
            .collect();
        let mut t = table(&refs);
        suppress(&mut t, 5);
        let hidden: Vec<(String, String)> = t
            .rows
            .iter()
            .filter(|r| matches!(r[2], Value::Suppressed))
            .map(|r| {
                let text = |v: &Value| v.as_text().unwrap_or_default().to_string();
                (text(&r[0]), text(&r[1]))
            })
            .collect();
        let want: Vec<(String, String)> = [
            ("A", "1"),
            ("A", "2"),
            ("A", "3"),
            ("B", "1"),
            ("B", "2"),
            ("B", "3"),
            ("C", "3"),
            ("C", "4"),
            ("D", "3"),
            ("D", "4"),
        ]
        .iter()
        .map(|(g, b)| (g.to_string(), b.to_string()))
        .collect();
        assert_eq!(hidden, want);
        // Every hidden edge on a cycle: its ends still meet without it.
        for skip in 0..hidden.len() {
            let mut reach = vec![format!("g{}", hidden[skip].0)];
            let mut grew = true;
            while grew {
                grew = false;
                for (k, (g, b)) in hidden.iter().enumerate() {
                    let (g, b) = (format!("g{g}"), format!("b{b}"));
                    if k == skip {
                        continue;
                    }
                    if reach.contains(&g) != reach.contains(&b) {
                        reach.push(if reach.contains(&g) { b } else { g });
                        grew = true;
                    }
                }
            }
            assert!(
                reach.contains(&format!("b{}", hidden[skip].1)),
                "{:?} can be worked out",
                hidden[skip]
            );
        }
    }
}
