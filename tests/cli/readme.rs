//! Every example table in the README is what swr prints for its command
//! line today: a changed figure or note shows up here, not in a committee
//! paper. (The figures themselves are checked against the papers and the
//! DfE files by the other tests.)

/// A command line split as a shell would: words, "double" and 'single'
/// quotes.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (None, ' ') => {
                if started || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (None, c) => word.push(c),
        }
    }
    if started || !word.is_empty() {
        out.push(word);
    }
    out
}

#[test]
fn readme_examples_are_what_swr_prints() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let lines: Vec<&str> = readme.lines().collect();
    let mut checked = 0;
    for (i, line) in lines.iter().enumerate() {
        let command = if let Some(start) = line.find("(`swr ") {
            let rest = &line[start + 2..];
            match rest.find('`') {
                Some(end) => rest[..end].to_string(),
                None => continue,
            }
        } else if line.starts_with("swr ") {
            line.to_string()
        } else {
            continue;
        };
        if !command.contains("--format markdown") {
            continue;
        }
        // A page of its own (the action update) follows in a ```markdown
        // block.
        if command.starts_with("swr exceptions") {
            let j = i
                + lines[i..]
                    .iter()
                    .position(|l| *l == "```markdown")
                    .expect("the page follows in a ```markdown block")
                + 1;
            let k = j + lines[j..]
                .iter()
                .position(|l| *l == "```")
                .expect("block ends");
            let args = words(&command);
            let out = crate::common::swr()
                .args(&args[1..])
                .current_dir(root)
                .output()
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out.stdout).trim(),
                lines[j..k].join("\n").trim(),
                "README line {}: {command}",
                i + 1
            );
            checked += 1;
            continue;
        }
        // The table follows: from its title or first row to the blank line
        // after its notes.
        let mut j = i + 1;
        while j < lines.len() && !(lines[j].starts_with("**") || lines[j].starts_with('|')) {
            j += 1;
        }
        let mut k = j;
        while k < lines.len()
            && !lines[k].starts_with('#')
            && !(lines[k].is_empty()
                && k + 1 < lines.len()
                && !lines[k + 1].is_empty()
                && !lines[k + 1].starts_with("- ")
                && !lines[k + 1].starts_with('|'))
        {
            k += 1;
        }
        let expected = lines[j..k].join("\n");
        let args = words(&command);
        let out = crate::common::swr()
            .args(&args[1..])
            .current_dir(root)
            .output()
            .unwrap();
        let got = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            got.trim(),
            expected.trim(),
            "README line {}: {command}",
            i + 1
        );
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} examples found");
}
