//! Checks over every page template that need no server.

use std::path::Path;

/// A form control inside a visually hidden element is clipped away with it:
/// sighted users cannot see or use it. Controls carry `aria-label` or a
/// visible label instead; a hidden label names a control outside it (`for=`).
#[test]
fn no_form_control_sits_inside_a_visually_hidden_element() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("templates") {
        let path = entry.expect("entry").path();
        let html = std::fs::read_to_string(&path).expect("read");
        for hidden in hidden_elements(&html) {
            if ["<input", "<select", "<textarea", "<button"]
                .iter()
                .any(|c| hidden.contains(c))
            {
                found.push(format!("{}: {hidden}", path.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "controls hidden with their label:\n{}",
        found.join("\n")
    );
}

/// The text of each element whose class list has `sr`, up to its closing tag
/// (the same tag name; these elements do not nest themselves).
fn hidden_elements(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let tail = &rest[lt..];
        let Some(gt) = tail.find('>') else { break };
        let tag = &tail[..gt];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !name.is_empty() && is_hidden(tag) {
            let close = format!("</{name}>");
            let end = tail.find(&close).map_or(tail.len(), |e| e + close.len());
            out.push(&tail[..end]);
        }
        rest = &tail[1..];
    }
    out
}

fn is_hidden(tag: &str) -> bool {
    let Some(at) = tag.find("class=\"") else {
        return false;
    };
    let classes = &tag[at + 7..];
    let classes = &classes[..classes.find('"').unwrap_or(classes.len())];
    classes.split_whitespace().any(|c| c == "sr")
}

#[test]
fn the_check_sees_a_control_in_a_hidden_label() {
    let html = r#"<p><label class="sr">Поиск <input name="q"></label><button>Найти</button></p>"#;
    assert_eq!(
        hidden_elements(html),
        vec![r#"<label class="sr">Поиск <input name="q"></label>"#]
    );
    let fine = r#"<label class="sr" for="q">Поиск</label><input id="q" name="q">"#;
    assert!(hidden_elements(fine).iter().all(|h| !h.contains("<input")));
}
