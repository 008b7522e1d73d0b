//! Terminal styling: ANSI colour on a terminal, plain markers elsewhere.

/// How to mark emphasis in terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

const RESET: &str = "\x1b[0m";

impl Style {
    /// A matched term: bold red on a terminal, `[`…`]` otherwise.
    pub fn matched(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[1;31m{text}{RESET}")
        } else {
            format!("[{text}]")
        }
    }

    /// Deleted text: red, or `[-…-]`.
    pub fn deleted(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[31;9m{text}{RESET}")
        } else {
            format!("[-{text}-]")
        }
    }

    /// Inserted text: green, or `{+…+}`.
    pub fn inserted(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[32;4m{text}{RESET}")
        } else {
            format!("{{+{text}+}}")
        }
    }

    /// A title line.
    pub fn title(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[1m{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    /// Secondary information.
    pub fn dim(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[2m{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    /// Marks character ranges of `text` as matches.
    pub fn highlight(&self, text: &str, ranges: &[std::ops::Range<usize>]) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + ranges.len() * 12);
        let mut at = 0;
        for range in ranges {
            let (start, end) = (range.start.min(chars.len()), range.end.min(chars.len()));
            // Overlapping or empty ranges would print stray or nested markers.
            if start < at || start >= end {
                continue;
            }
            out.extend(&chars[at..start]);
            out.push_str(&self.matched(&chars[start..end].iter().collect::<String>()));
            at = end;
        }
        out.extend(&chars[at..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_markers_wrap_the_right_characters() {
        let style = Style { color: false };
        assert_eq!(
            style.highlight("该办公室为非定编机构。", &[5..10, 11..11]),
            "该办公室为[非定编机构]。"
        );
        assert_eq!(style.highlight("短", &[0..9, 9..9]), "[短]");
    }
}
