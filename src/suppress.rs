//! `--suppress N`: small numbers hidden for publication, as the DfE does.
//!
//! A row with a count from 1 to N-1 shows `c` for its figures (its counts,
//! FTEs, money and the rates built on them). Then, wherever a row of totals
//! would let a hidden row be worked out (the total less the rows it sums,
//! with only one of them hidden), one more row is hidden: the smallest
//! visible one it sums, or the total itself. Rows of totals are found from
//! the group columns: a row with `Total` in a group column sums the rows
//! that agree with it on its other named columns (`Adults, Total` sums the
//! bands of Adults; `Total, <1` sums `<1` over every group; `Total` alone
//! sums everything). This goes on until no total has exactly one hidden row
//! among it and the rows it sums, and no hidden row can be worked out by
//! combining totals either (then the smallest visible row sharing a total
//! with it is hidden too).

use crate::table::{Kind, Table, Value};
use rust_decimal::Decimal;

fn is_total(k: &str) -> bool {
    k == "Total"
}

/// Derived rows that are no sum (the `% of workforce` row of a cross-tab).
fn is_derived(k: &[String]) -> bool {
    k.first().is_some_and(|k| k == "% of workforce")
}

/// The rows each total row sums: (total, members).
fn constraints(table: &Table) -> Vec<(usize, Vec<usize>)> {
    let keys: Vec<Vec<String>> = table.rows.iter().map(|r| table.keys_of(r)).collect();
    let plain: Vec<usize> = (0..keys.len())
        .filter(|&i| !is_derived(&keys[i]) && !keys[i].iter().any(|k| is_total(k)))
        .collect();
    let mut out = Vec::new();
    for (t, tk) in keys.iter().enumerate() {
        if is_derived(tk) || !tk.iter().any(|k| is_total(k)) {
            continue;
        }
        let members: Vec<usize> = plain
            .iter()
            .copied()
            .filter(|&m| {
                tk.iter()
                    .zip(&keys[m])
                    .all(|(a, b)| is_total(a) || a.is_empty() || a == b)
            })
            .collect();
        if !members.is_empty() {
            out.push((t, members));
        }
    }
    out
}

/// The first count of a row, for choosing which row to hide next.
fn size(table: &Table, row: &[Value]) -> Decimal {
    row.iter()
        .zip(&table.columns)
        .find_map(|(v, c)| match (v, c.kind) {
            (Value::Num(d), Kind::Count) => Some(*d),
            _ => None,
        })
        .unwrap_or(Decimal::MAX)
}

/// A hidden row whose value the totals give exactly, if there is one: the
/// totals are equations (total - the rows it sums = 0) in the hidden rows,
/// the visible ones being known; a hidden row is given exactly when it
/// takes the same value in every solution, that is when its pivot row of
/// the equations in reduced row echelon form has nothing in a free column.
fn determined(sums: &[(usize, Vec<usize>)], hidden: &[bool]) -> Option<usize> {
    const EPS: f64 = 1e-9;
    let vars: Vec<usize> = (0..hidden.len()).filter(|&i| hidden[i]).collect();
    let var = |row: usize| vars.binary_search(&row).ok();
    let mut eqs: Vec<Vec<f64>> = sums
        .iter()
        .map(|(t, members)| {
            let mut e = vec![0.0; vars.len()];
            if let Some(k) = var(*t) {
                e[k] += 1.0;
            }
            for k in members.iter().filter_map(|m| var(*m)) {
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

/// Hide small counts and what would reveal them. Returns how many rows
/// were hidden.
pub fn suppress(table: &mut Table, threshold: u32) -> usize {
    let n = Decimal::from(threshold);
    let mut hidden: Vec<bool> = table
        .rows
        .iter()
        .map(|row| {
            row.iter().zip(&table.columns).any(|(v, c)| {
                c.kind == Kind::Count
                    && matches!(v, Value::Num(d) | Value::NumAs(d, _) if *d >= Decimal::ONE && *d < n)
            })
        })
        .collect();
    let primary = hidden.iter().filter(|h| **h).count();
    if primary > 0 {
        let sums = constraints(table);
        let smallest = |rows: &mut dyn Iterator<Item = usize>, hidden: &[bool]| {
            rows.filter(|m| !hidden[*m])
                .min_by_key(|m| (size(table, &table.rows[*m]), *m))
        };
        loop {
            let mut changed = false;
            for (t, members) in &sums {
                let count =
                    members.iter().filter(|m| hidden[**m]).count() + usize::from(hidden[*t]);
                if count != 1 {
                    continue;
                }
                match smallest(&mut members.iter().copied(), &hidden) {
                    Some(m) => hidden[m] = true,
                    None => hidden[*t] = true,
                }
                changed = true;
            }
            if changed {
                continue;
            }
            // Two hidden rows in every total is not always enough: hidden
            // rows can still be worked out by combining totals (a hidden row
            // that is the only link between two blocks of hidden rows). Hide
            // the smallest visible row that shares a total with one that can.
            let Some(exposed) = determined(&sums, &hidden) else {
                break;
            };
            let mut sharing = sums
                .iter()
                .filter(|(t, members)| *t == exposed || members.contains(&exposed))
                .flat_map(|(t, members)| members.iter().copied().chain([*t]));
            match smallest(&mut sharing, &hidden) {
                Some(m) => hidden[m] = true,
                None => break,
            }
        }
    }
    let kinds: Vec<Kind> = table.columns.iter().map(|c| c.kind).collect();
    for (row, hide) in table.rows.iter_mut().zip(&hidden) {
        if *hide {
            for (v, kind) in row.iter_mut().zip(&kinds) {
                if *kind != Kind::Text && !matches!(v, Value::NA) {
                    *v = Value::Suppressed;
                }
            }
        }
    }
    let total = hidden.iter().filter(|h| **h).count();
    if primary > 0 {
        table.note(format!(
            "--suppress {threshold}: {primary} row{} with a count from 1 to {} shown as c, and {} more that a total would reveal.",
            if primary == 1 { "" } else { "s" },
            threshold - 1,
            total - primary
        ));
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[(&str, &str, i64)]) -> Table {
        let mut t = Table::new("t");
        t.column("group", Kind::Text);
        t.column("band", Kind::Text);
        t.column("headcount", Kind::Count);
        for (g, b, n) in rows {
            t.rows
                .push(vec![Value::text(*g), Value::text(*b), Value::num(*n)]);
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
        for (tot, members) in constraints(&t) {
            let hidden = members
                .iter()
                .chain([&tot])
                .filter(|i| matches!(t.rows[**i][2], Value::Suppressed))
                .count();
            assert_ne!(hidden, 1, "total row {tot}");
        }
    }

    /// A plain table: one small row and the Total: a second row is hidden.
    #[test]
    fn one_small_row_and_a_total() {
        let mut t = table(&[("A", "", 3), ("B", "", 7), ("C", "", 9), ("Total", "", 19)]);
        suppress(&mut t, 5);
        assert_eq!(shown(&t), ["c", "c", "9", "19"]);
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
            .map(|r| match (&r[0], &r[1]) {
                (Value::Text(g), Value::Text(b)) => (g.clone(), b.clone()),
                _ => unreachable!("group and band are text"),
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
