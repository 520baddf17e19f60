//! Column names as a committee reads them: `vacancy_rate_pct` is
//! "Vacancy rate %", `in_post_fte` is "In post FTE". Scripts keep the names;
//! people's formats (the workbook) show the labels.

/// Words that read in capitals.
const CAPITALS: [&str; 8] = ["fte", "asye", "id", "ni", "la", "dfe", "swe", "hcpc"];

/// A readable label for a column name. Names that are not snake_case (the
/// columns of a cross-tab, which are data values) are kept as they are.
pub fn label(name: &str) -> String {
    if name.is_empty() || name.chars().any(|c| c.is_uppercase() || c == ' ') {
        return name.to_string();
    }
    let words: Vec<String> = name
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "pct" => "%".to_string(),
            "prev" => "(previous)".to_string(),
            "change" => "(change)".to_string(),
            w if CAPITALS.contains(&w) => w.to_ascii_uppercase(),
            w => w.to_string(),
        })
        .collect();
    let mut out = words.join(" ");
    if let Some(first) = out.get(..1) {
        if first.chars().all(|c| c.is_ascii_lowercase()) {
            out.replace_range(..1, &first.to_ascii_uppercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn labels_read_as_words() {
        assert_eq!(label("vacancy_rate_pct"), "Vacancy rate %");
        assert_eq!(label("in_post_fte"), "In post FTE");
        assert_eq!(label("job_title"), "Job title");
        assert_eq!(label("leavers_prev"), "Leavers (previous)");
        assert_eq!(label("turnover_fte_pct_change"), "Turnover FTE % (change)");
        assert_eq!(label("Children's Social Care"), "Children's Social Care");
        assert_eq!(label("Total"), "Total");
    }
}
