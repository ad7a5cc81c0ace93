//! Files teachers attach to lessons: what type they are served as.

/// The type a file is served as: decided by its extension and its first
/// bytes, never by what the uploader's browser declared, so a page or a
/// script uploaded as a «file» is never served as one. Whatever is not a
/// known document or picture goes as an opaque download.
pub fn served_type(name: &str, data: &[u8]) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let starts = |magic: &[u8]| data.starts_with(magic);
    let zip = starts(b"PK\x03\x04");
    let ole = starts(&[0xD0, 0xCF, 0x11, 0xE0]);
    match ext.as_str() {
        "pdf" if starts(b"%PDF-") => "application/pdf",
        "png" if starts(b"\x89PNG\r\n\x1a\n") => "image/png",
        "jpg" | "jpeg" if starts(&[0xFF, 0xD8, 0xFF]) => "image/jpeg",
        "gif" if starts(b"GIF87a") || starts(b"GIF89a") => "image/gif",
        "docx" if zip => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" if zip => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" if zip => {
            "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        }
        "odt" if zip => "application/vnd.oasis.opendocument.text",
        "ods" if zip => "application/vnd.oasis.opendocument.spreadsheet",
        "zip" if zip => "application/zip",
        "doc" if ole => "application/msword",
        "xls" if ole => "application/vnd.ms-excel",
        "ppt" if ole => "application/vnd.ms-powerpoint",
        "txt" if std::str::from_utf8(data).is_ok() => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::served_type;

    #[test]
    fn the_type_comes_from_the_content_not_the_uploader() {
        assert_eq!(served_type("план.pdf", b"%PDF-1.7 ..."), "application/pdf");
        assert_eq!(
            served_type("x.html", b"<script>alert(1)</script>"),
            "application/octet-stream"
        );
        assert_eq!(
            served_type("x.pdf", b"<html><script>"),
            "application/octet-stream"
        );
        assert_eq!(
            served_type("pic.svg", b"<svg onload=alert(1)>"),
            "application/octet-stream"
        );
        assert_eq!(
            served_type("фото.JPG", &[0xFF, 0xD8, 0xFF, 0xE0]),
            "image/jpeg"
        );
        assert_eq!(
            served_type("задание.txt", "текст".as_bytes()),
            "text/plain; charset=utf-8"
        );
        assert!(served_type("работа.docx", b"PK\x03\x04....").contains("wordprocessingml"));
        assert_eq!(
            served_type("без расширения", b"%PDF-"),
            "application/octet-stream"
        );
    }
}
