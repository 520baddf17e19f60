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
//! among it and the rows it sums.

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
        loop {
            let mut changed = false;
            for (t, members) in &sums {
                let hidden_members: Vec<usize> =
                    members.iter().copied().filter(|m| hidden[*m]).collect();
                let count = hidden_members.len() + usize::from(hidden[*t]);
                if count != 1 {
                    continue;
                }
                // One row hidden where a sum would give it away: hide the
                // smallest visible row of the sum, or else the total.
                let next = members
                    .iter()
                    .copied()
                    .filter(|m| !hidden[*m])
                    .min_by_key(|m| (size(table, &table.rows[*m]), *m));
                match next {
                    Some(m) => hidden[m] = true,
                    None => hidden[*t] = true,
                }
                changed = true;
            }
            if !changed {
                break;
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
}
