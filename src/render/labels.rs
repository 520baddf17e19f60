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

/// Text for people with each field name in it (`employer_ni`,
/// `stability_pct`) as its column label ("employer NI", "Stability %"):
/// capitalised where it starts the text, else lower case unless the label
/// starts with a word in capitals. Paths, file names and flags are kept.
pub fn in_words(text: &str) -> String {
    let is_name = |w: &str| {
        let mut parts = w.split('_');
        w.contains('_')
            && parts
                .next()
                .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_lowercase()))
            && w.split('_').all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // A token: letters, digits and the characters of names and paths.
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || "_./\\-".contains(c)))
            .unwrap_or(rest.len());
        if end == 0 {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let token = &rest[..end];
        // A name may end a sentence: its full stop is no part of it.
        let word = token.trim_end_matches('.');
        if is_name(word) {
            let l = label(word);
            let start = out.trim_end().is_empty() || out.trim_end().ends_with('.');
            let mut chars = l.chars();
            let shown = match (chars.next(), chars.next()) {
                (Some(a), Some(b)) if !start && b.is_lowercase() => {
                    format!("{}{}", a.to_lowercase(), &l[a.len_utf8()..])
                }
                _ => l.clone(),
            };
            out.push_str(&shown);
            out.push_str(&token[word.len()..]);
        } else {
            out.push_str(token);
        }
        rest = &rest[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{in_words, label};

    #[test]
    fn names_in_text_read_as_labels() {
        assert_eq!(
            in_words("Permanent cost: salary + employer_ni + employer_pension."),
            "Permanent cost: salary + employer NI + employer pension."
        );
        assert_eq!(
            in_words("stability_pct = in post on 30/09/2025 / turnover_pct."),
            "Stability % = in post on 30/09/2025 / turnover %."
        );
        assert_eq!(
            in_words("read payroll_2024.csv with --as-of; post_id P0000115"),
            "read payroll_2024.csv with --as-of; post ID P0000115"
        );
        assert_eq!(in_words("agency_spend: £3 a day"), "Agency spend: £3 a day");
    }

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
