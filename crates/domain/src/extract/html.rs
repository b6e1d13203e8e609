//! The text of an HTML page: tags dropped, the content of `<script>`, `<style>` and similar left
//! out, character references decoded, line breaks where blocks end.

use super::tidy;

/// Elements whose content is not text a reader sees.
const HIDDEN: [&str; 5] = ["script", "style", "noscript", "template", "svg"];
/// Elements that are paragraphs of their own (a blank line around them).
const BLOCKS: [&str; 20] = [
    "p",
    "div",
    "ul",
    "ol",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "title",
    "figcaption",
    "address",
];
/// Elements that end a line.
const LINES: [&str; 6] = ["br", "li", "tr", "hr", "dt", "dd"];

/// The text of an HTML document (its `<title>` first, on its own line).
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut title_done = false;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push_str(&decode_entities(rest));
            break;
        };
        out.push_str(&decode_entities(&rest[..lt]));
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map(|i| &after[i + 3..]).unwrap_or("");
            continue;
        }
        // `<` not starting a tag (as in "a < b") is text.
        let starts_tag = rest[1..].chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
        if !starts_tag {
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let end = tag_end(rest);
        let tag = match rest[..end].strip_suffix('>') {
            Some(t) => &t[1..],
            None => &rest[1..end],
        };
        rest = &rest[end..];
        let closing = tag.starts_with('/');
        let name: String =
            tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        if name == "title" && !closing && !title_done {
            // The title is worth keeping though it is in <head>.
            let close = find_ci(rest, "</title");
            let title = close.map(|i| &rest[..i]).unwrap_or("");
            out.push_str(decode_entities(title).trim());
            out.push('\n');
            title_done = true;
            rest = close.map(|i| &rest[i..]).unwrap_or(rest);
            continue;
        }
        if !closing && HIDDEN.contains(&name.as_str()) && !tag.ends_with('/') {
            let close = find_ci(rest, &format!("</{name}"));
            rest = match close {
                Some(i) => {
                    let after = &rest[i..];
                    &after[tag_end(after)..]
                }
                None => "",
            };
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            out.push_str("\n\n");
        } else if LINES.contains(&name.as_str()) {
            out.push('\n');
        } else if name == "td" || name == "th" {
            out.push(' ');
        }
    }
    // Runs of spaces and tabs inside a line are one space in a browser.
    let lines: Vec<String> = out.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    tidy(&lines.join("\n"))
}

/// The byte just after the `>` ending the tag at the start of `s` (quotes may hold `>`).
fn tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Where `needle` (ASCII, lower case) first occurs in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    // Char boundary: the needle starts with '<', an ASCII byte, so a match is on a boundary.
    h.windows(n.len()).position(|w| w.eq_ignore_ascii_case(n))
}

/// Decodes character references: numeric (`&#233;`, `&#xE9;`) and the named ones common in text.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let semi = rest.char_indices().take(12).find(|(_, c)| *c == ';').map(|(i, _)| i);
        let decoded = semi.and_then(|j| entity(&rest[1..j]).map(|c| (c, j + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        return Some(char::from_u32(code).filter(|c| *c != '\0').unwrap_or('\u{FFFD}'));
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "shy" => '\u{AD}',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "sect" => '§',
        "para" => '¶',
        "middot" => '·',
        "bull" => '•',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "ordm" => 'º',
        "ordf" => 'ª',
        "iexcl" => '¡',
        "iquest" => '¿',
        "szlig" => 'ß',
        "aacute" => 'á',
        "eacute" => 'é',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "yacute" => 'ý',
        "Aacute" => 'Á',
        "Eacute" => 'É',
        "Iacute" => 'Í',
        "Oacute" => 'Ó',
        "Uacute" => 'Ú',
        "agrave" => 'à',
        "egrave" => 'è',
        "igrave" => 'ì',
        "ograve" => 'ò',
        "ugrave" => 'ù',
        "Agrave" => 'À',
        "Egrave" => 'È',
        "acirc" => 'â',
        "ecirc" => 'ê',
        "icirc" => 'î',
        "ocirc" => 'ô',
        "ucirc" => 'û',
        "Ecirc" => 'Ê',
        "auml" => 'ä',
        "euml" => 'ë',
        "iuml" => 'ï',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "yuml" => 'ÿ',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "ntilde" => 'ñ',
        "Ntilde" => 'Ñ',
        "ccedil" => 'ç',
        "Ccedil" => 'Ç',
        "atilde" => 'ã',
        "otilde" => 'õ',
        "aring" => 'å',
        "oslash" => 'ø',
        "aelig" => 'æ',
        "oelig" => 'œ',
        "OElig" => 'Œ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_scripts_and_decodes() {
        let html = r#"<!DOCTYPE html><html><head><title>Model Law &ndash; UNODC</title><style>p { color: red }</style>
            <script>var x = "<p>not text</p>";</script></head>
            <body><!-- a comment <b>hidden</b> --><h1>Marking&nbsp;of firearms</h1><p>Art.&#160;8 &amp; art.&#x39; of the <a href="x?a=1&amp;b=2" title="a > b">Protocol</a></p>
            <p>Caf&eacute; &unknown; 3 < 4</p><SCRIPT type="text/javascript">alert(1)</SCRIPT><p>end</p></body></html>"#;
        assert_eq!(
            html_text(html),
            "Model Law – UNODC\n\nMarking of firearms\n\nArt. 8 & art.9 of the Protocol\n\nCafé &unknown; 3 < 4\n\nend"
        );
    }

    #[test]
    fn unclosed_things_end_the_text() {
        assert_eq!(html_text("<p>a</p><script>never closed"), "a");
        assert_eq!(html_text("<p>a<!-- never closed"), "a");
        assert_eq!(html_text("text <b"), "text");
        assert_eq!(decode_entities("&#0; &#xFFFFFFFF; &#99999999999;"), "\u{FFFD} \u{FFFD} &#99999999999;");
    }
}
