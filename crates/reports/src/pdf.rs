//! A small drawing surface over printpdf: text in DejaVu Sans (Cyrillic),
//! measured to fit; lines and shaded boxes; pages in millimetres from the
//! top-left corner, as one reads a sheet.

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb, TextItem,
};

use crate::ReportError;

// One font file: printpdf embeds fonts whole (subsetting needs its heavy
// text-layout feature), so bold is drawn as the regular face struck twice.
static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

pub struct Font {
    parsed: ParsedFont,
    id: FontId,
}

impl Font {
    /// The width of `text` at `size` points, in millimetres.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let upm = f32::from(self.parsed.pdf_font_metrics.units_per_em.max(1));
        let units: f32 = text
            .chars()
            .map(|c| {
                self.parsed
                    .lookup_glyph_index(c as u32)
                    .and_then(|g| self.parsed.get_glyph_width(g))
                    .map_or(upm * 0.6, f32::from)
            })
            .sum();
        units / upm * size * 25.4 / 72.0
    }

    /// `text` broken into lines of at most `max` millimetres, at spaces
    /// (a word longer than a line is cut).
    pub fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, size) <= max {
                line = candidate;
            } else {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line = self.fit(word, size, max);
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// `text` cut to fit `max` millimetres, with an ellipsis when cut.
    pub fn fit(&self, text: &str, size: f32, max: f32) -> String {
        if self.width(text, size) <= max {
            return text.to_string();
        }
        let mut out = String::new();
        for c in text.chars() {
            out.push(c);
            if self.width(&format!("{out}…"), size) > max {
                out.pop();
                break;
            }
        }
        format!("{}…", out.trim_end())
    }
}

pub struct Canvas {
    doc: PdfDocument,
    pub regular: Font,
    width: f32,
    height: f32,
    pages: Vec<PdfPage>,
    ops: Vec<Op>,
}

impl Canvas {
    /// A document of pages `width` × `height` millimetres.
    pub fn new(title: &str, width: f32, height: f32) -> Result<Canvas, ReportError> {
        let mut doc = PdfDocument::new(title);
        let load = |bytes: &[u8], doc: &mut PdfDocument| -> Result<Font, ReportError> {
            let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
                .ok_or_else(|| ReportError::Pdf("the embedded font does not parse".into()))?;
            let id = doc.add_font(&parsed);
            Ok(Font { parsed, id })
        };
        let regular = load(REGULAR, &mut doc)?;
        Ok(Canvas {
            doc,
            regular,
            width,
            height,
            pages: Vec::new(),
            ops: Vec::new(),
        })
    }

    fn at(&self, x: f32, y: f32) -> Point {
        Point::new(Mm(x), Mm(self.height - y))
    }

    /// Text with its baseline at `y` from the top.
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        self.put(x, y, size, text);
        if bold {
            self.put(x + size * 0.006, y, size, text);
        }
    }

    fn put(&mut self, x: f32, y: f32, size: f32, text: &str) {
        let id = self.regular.id.clone();
        let pos = self.at(x, y);
        self.ops.extend([
            Op::StartTextSection,
            Op::SetTextCursor { pos },
            Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(size),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Text centred in a cell from `x` of `width`.
    pub fn centred(&mut self, x: f32, width: f32, y: f32, size: f32, bold: bool, text: &str) {
        let w = self.regular.width(text, size) + if bold { size * 0.006 } else { 0.0 };
        self.text(x + ((width - w) / 2.0).max(0.0), y, size, bold, text);
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32) {
        let (a, b) = (self.at(x1, y1), self.at(x2, y2));
        self.ops.extend([
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::SetOutlineColor { col: grey(0.0) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: a,
                            bezier: false,
                        },
                        LinePoint {
                            p: b,
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    /// A shaded box (`level` 0 black … 1 white) under what is drawn next.
    pub fn shade(&mut self, x: f32, y: f32, w: f32, h: f32, level: f32) {
        let corners = [
            self.at(x, y),
            self.at(x + w, y),
            self.at(x + w, y + h),
            self.at(x, y + h),
        ];
        self.ops.extend([
            Op::SetFillColor { col: grey(level) },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing {
                        points: corners
                            .into_iter()
                            .map(|p| LinePoint { p, bezier: false })
                            .collect(),
                    }],
                    mode: printpdf::PaintMode::Fill,
                    winding_order: printpdf::WindingOrder::NonZero,
                },
            },
            Op::SetFillColor { col: grey(0.0) },
        ]);
    }

    pub fn next_page(&mut self) {
        let ops = std::mem::take(&mut self.ops);
        self.pages
            .push(PdfPage::new(Mm(self.width), Mm(self.height), ops));
    }

    pub fn finish(mut self) -> Vec<u8> {
        if !self.ops.is_empty() || self.pages.is_empty() {
            self.next_page();
        }
        let pages = std::mem::take(&mut self.pages);
        self.doc
            .with_pages(pages)
            .save(&PdfSaveOptions::default(), &mut Vec::new())
    }
}

fn grey(level: f32) -> Color {
    Color::Rgb(Rgb {
        r: level,
        g: level,
        b: level,
        icc_profile: None,
    })
}
