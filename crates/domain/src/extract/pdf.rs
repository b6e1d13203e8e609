//! The text of a PDF: a small reader of what text extraction needs and nothing more. It finds the
//! objects (also those packed in object streams), walks the page tree in reading order, inflates
//! the pages' content streams (`/FlateDecode`, `/ASCIIHexDecode`, `/ASCII85Decode`), and reads the
//! text-showing operators (`Tj`, `TJ`, `'`, `"`), decoding each string through its font's
//! `/ToUnicode` CMap when there is one (what real PDFs from Word, LibreOffice or LaTeX carry) and
//! as WinAnsi otherwise. Line breaks come from the text positioning operators.
//!
//! It reads damaged files as far as it can: a cross-reference table is not needed (objects are
//! found by scanning), a missing `/Length` is replaced by the `endstream` keyword, a truncated
//! compressed stream gives what inflates.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use super::{find, tidy, win1252, DocFormat, ExtractError, MAX_INFLATED, MAX_TEXT_CHARS};

/// Deepest nesting of arrays and dictionaries read (a crafted file nests without end).
const MAX_DEPTH: usize = 48;
/// Most pages walked, and most nested form XObjects followed.
const MAX_PAGES: usize = 20_000;
const MAX_FORM_DEPTH: usize = 6;
/// Most codes one CMap range maps (a real range covers at most a few hundred).
const MAX_RANGE: u32 = 65_536;

/// The text of a PDF, and whether it was cut (by [`MAX_TEXT_CHARS`] or [`MAX_INFLATED`]).
pub fn pdf_text(bytes: &[u8]) -> Result<(String, bool), ExtractError> {
    let damaged = |reason: &str| ExtractError::Damaged { format: DocFormat::Pdf, reason: reason.to_string() };
    let start = find(&bytes[..bytes.len().min(1024)], b"%PDF-").ok_or_else(|| damaged("no %PDF- header"))?;
    let bytes = bytes.get(start..).unwrap_or_default();
    let mut doc = Doc::scan(bytes);
    if doc.encrypted {
        return Err(ExtractError::Encrypted);
    }
    if doc.objects.is_empty() {
        return Err(damaged("no objects were found in it"));
    }
    doc.unpack_object_streams();
    let mut out = TextOut::default();
    let pages = doc.pages();
    if pages.is_empty() {
        // No page tree that can be followed: every stream that is not an image, a font or other
        // data, in the order of the file.
        let mut nums: Vec<u32> = doc.objects.keys().copied().collect();
        nums.sort_unstable();
        for n in nums {
            let Some(dict) = doc.dict_of(n) else { continue };
            if get(&dict, b"Type").is_some() || get(&dict, b"Subtype").is_some() || get(&dict, b"Length1").is_some() {
                continue;
            }
            if let Some(data) = doc.stream(n) {
                doc.run_content(&data, &[], &mut out, 0);
            }
            if out.full {
                break;
            }
        }
    } else {
        for (contents, resources) in pages {
            for n in contents {
                if let Some(data) = doc.stream(n) {
                    doc.run_content(&data, &resources, &mut out, 0);
                    out.newline();
                }
            }
            out.paragraph();
            if out.full {
                break;
            }
        }
    }
    Ok((tidy(&out.text), out.full || doc.over_budget))
}

// ---- objects ------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Obj {
    Null,
    Bool(bool),
    Num(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Arr(Vec<Obj>),
    Dict(Vec<(Vec<u8>, Obj)>),
    Ref(u32),
    /// A content-stream operator or another bare keyword.
    Op(Vec<u8>),
}

/// A dictionary's entries in the order of the file.
type Dict = Vec<(Vec<u8>, Obj)>;
/// A page: its content streams and the resources it uses.
type PageContent = (Vec<u32>, Dict);

fn get<'a>(dict: &'a [(Vec<u8>, Obj)], key: &[u8]) -> Option<&'a Obj> {
    dict.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn is_white(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// A reader of PDF objects (and content-stream operators) from bytes.
struct Lexer<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn new(b: &'a [u8]) -> Self {
        Lexer { b, pos: 0 }
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }
    fn skip_white(&mut self) {
        while let Some(c) = self.peek() {
            if is_white(c) {
                self.pos += 1;
            } else if c == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }
    fn regular(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if is_white(c) || is_delim(c) {
                break;
            }
            self.pos += 1;
        }
        self.b.get(start..self.pos).unwrap_or_default()
    }

    /// The next object; `refs` reads `N G R` as a reference (not in content streams). `None` at
    /// the end or on a closing delimiter (consumed).
    fn next(&mut self, refs: bool, depth: usize) -> Option<Obj> {
        self.skip_white();
        let c = self.peek()?;
        match c {
            b'/' => {
                self.pos += 1;
                let raw = self.regular();
                Some(Obj::Name(unhash(raw)))
            }
            b'(' => Some(Obj::Str(self.literal())),
            b'<' if self.b.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                let mut entries = Vec::new();
                loop {
                    self.skip_white();
                    match self.peek() {
                        None => break,
                        Some(b'>') => {
                            self.pos += if self.b.get(self.pos + 1) == Some(&b'>') { 2 } else { 1 };
                            break;
                        }
                        _ => {}
                    }
                    let before = self.pos;
                    let key = self.next(refs, depth + 1);
                    match key {
                        Some(Obj::Name(k)) => {
                            let v = if depth + 1 < MAX_DEPTH { self.next(refs, depth + 1).unwrap_or(Obj::Null) } else { Obj::Null };
                            entries.push((k, v));
                        }
                        Some(_) => {}
                        None if self.pos == before => self.pos += 1,
                        None => {}
                    }
                }
                Some(Obj::Dict(entries))
            }
            b'<' => Some(Obj::Str(self.hex())),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    match self.peek() {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        _ => {}
                    }
                    if depth + 1 >= MAX_DEPTH {
                        // Too deep to be a real file: skip to the end of this array.
                        self.pos += 1;
                        continue;
                    }
                    let before = self.pos;
                    match self.next(refs, depth + 1) {
                        Some(o) => items.push(o),
                        None if self.pos == before => self.pos += 1,
                        None => {}
                    }
                }
                Some(Obj::Arr(items))
            }
            b']' | b'>' | b')' | b'{' | b'}' => {
                self.pos += 1;
                None
            }
            _ => {
                let word = self.regular();
                if word.is_empty() {
                    self.pos += 1;
                    return None;
                }
                if let Some(n) = number(word) {
                    if refs && n.fract() == 0.0 && n >= 0.0 {
                        // `N G R`: look ahead without consuming unless it is one.
                        let save = self.pos;
                        self.skip_white();
                        let gen = self.regular();
                        if number(gen).is_some() {
                            self.skip_white();
                            if self.regular() == b"R" {
                                return Some(Obj::Ref(n as u32));
                            }
                        }
                        self.pos = save;
                    }
                    return Some(Obj::Num(n));
                }
                Some(match word {
                    b"true" => Obj::Bool(true),
                    b"false" => Obj::Bool(false),
                    b"null" => Obj::Null,
                    _ => Obj::Op(word.to_vec()),
                })
            }
        }
    }

    /// A `( ... )` string with its escapes and balanced parentheses.
    fn literal(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut nest = 0usize;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        // A backslash at the end of a line continues the string.
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                b'(' => {
                    nest += 1;
                    out.push(c);
                }
                b')' => {
                    if nest == 0 {
                        break;
                    }
                    nest -= 1;
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        out
    }

    /// A `< ... >` string of hexadecimal digits (white space ignored, an odd last digit is `0`).
    fn hex(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            let Some(v) = hex_digit(c) else { continue };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn number(w: &[u8]) -> Option<f64> {
    if w.is_empty() || w.len() > 40 || !w.iter().all(|c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.')) {
        return None;
    }
    let s = std::str::from_utf8(w).ok()?;
    s.parse::<f64>().ok().filter(|n| n.is_finite()).or_else(|| {
        // Some writers emit `--5` or `5.`; keep what a reader would.
        s.trim_start_matches(['+', '-']).trim_end_matches('.').parse::<f64>().ok().filter(|n| n.is_finite())
    })
}

/// A name with its `#xx` escapes decoded.
fn unhash(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&c) = raw.get(i) {
        if c == b'#' {
            if let (Some(h), Some(l)) = (raw.get(i + 1).and_then(|&x| hex_digit(x)), raw.get(i + 2).and_then(|&x| hex_digit(x))) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

// ---- the document ---------------------------------------------------------------------------------

/// An object as found: the bytes of its value (a dictionary, for most) and of its stream, if any.
struct Raw {
    value: Vec<u8>,
    stream: Option<(usize, usize)>,
}

struct Doc<'a> {
    bytes: &'a [u8],
    objects: HashMap<u32, Raw>,
    encrypted: bool,
    /// Bytes inflated so far, against [`MAX_INFLATED`].
    inflated: usize,
    over_budget: bool,
    cmaps: HashMap<u32, Option<CMap>>,
}

impl<'a> Doc<'a> {
    /// Every `N G obj ... endobj` of the file, a later one replacing an earlier one with the same
    /// number (incremental updates append).
    fn scan(bytes: &'a [u8]) -> Doc<'a> {
        let mut objects = HashMap::new();
        let mut encrypted = false;
        let mut i = 0;
        while let Some(off) = bytes.get(i..).and_then(|rest| find(rest, b"obj")) {
            let at = i + off;
            i = at + 3;
            if bytes.get(at + 3).is_some_and(|&c| !is_white(c) && !is_delim(c)) {
                continue;
            }
            let Some(num) = object_number(bytes, at) else { continue };
            let mut lx = Lexer::new(bytes);
            lx.pos = at + 3;
            lx.skip_white();
            let value_start = lx.pos;
            let value = lx.next(true, 0);
            let value_end = lx.pos.min(bytes.len());
            let mut stream = None;
            lx.skip_white();
            if bytes.get(lx.pos..).is_some_and(|r| r.starts_with(b"stream")) {
                let mut s = lx.pos + 6;
                if bytes.get(s) == Some(&b'\r') {
                    s += 1;
                }
                if bytes.get(s) == Some(&b'\n') {
                    s += 1;
                }
                let declared = match &value {
                    Some(Obj::Dict(d)) => match get(d, b"Length") {
                        Some(Obj::Num(n)) if *n >= 0.0 => Some(*n as usize),
                        _ => None,
                    },
                    _ => None,
                };
                // The declared length is trusted only if `endstream` follows it.
                let by_length = declared.and_then(|n| s.checked_add(n)).filter(|&e| {
                    bytes.get(e..).is_some_and(|r| {
                        let r = &r[..r.len().min(8 + 9)];
                        find(r, b"endstream").is_some()
                    })
                });
                let end = by_length.or_else(|| bytes.get(s..).and_then(|r| find(r, b"endstream")).map(|o| s + o));
                let end = end.unwrap_or(bytes.len()).min(bytes.len()).max(s.min(bytes.len()));
                stream = Some((s.min(bytes.len()), end));
                i = end;
            } else {
                i = i.max(value_end);
            }
            if let Some(Obj::Dict(d)) = &value {
                if get(d, b"Encrypt").is_some() {
                    encrypted = true;
                }
            }
            objects.insert(num, Raw { value: bytes.get(value_start..value_end).unwrap_or_default().to_vec(), stream });
        }
        // The classic trailer (an xref stream's dictionary was seen above as an object).
        let mut t = 0;
        while let Some(off) = bytes.get(t..).and_then(|rest| find(rest, b"trailer")) {
            let mut lx = Lexer::new(bytes);
            lx.pos = t + off + 7;
            if let Some(Obj::Dict(d)) = lx.next(true, 0) {
                if get(&d, b"Encrypt").is_some() {
                    encrypted = true;
                }
            }
            t += off + 7;
        }
        Doc { bytes, objects, encrypted, inflated: 0, over_budget: false, cmaps: HashMap::new() }
    }

    /// Objects packed in `/Type /ObjStm` streams (PDF 1.5), unless the same number is also a
    /// plain object.
    fn unpack_object_streams(&mut self) {
        let streams: Vec<u32> = self
            .objects
            .keys()
            .copied()
            .filter(|&n| self.dict_of(n).is_some_and(|d| get(&d, b"Type") == Some(&Obj::Name(b"ObjStm".to_vec()))))
            .collect();
        for n in streams {
            let Some(dict) = self.dict_of(n) else { continue };
            let Some(data) = self.stream(n) else { continue };
            let first = match get(&dict, b"First") {
                Some(Obj::Num(f)) if *f >= 0.0 => *f as usize,
                _ => continue,
            };
            let count = match get(&dict, b"N") {
                Some(Obj::Num(c)) if *c >= 0.0 => (*c as usize).min(100_000),
                _ => continue,
            };
            let mut lx = Lexer::new(&data);
            let mut pairs = Vec::new();
            for _ in 0..count {
                match (lx.next(false, 0), lx.next(false, 0)) {
                    (Some(Obj::Num(num)), Some(Obj::Num(off))) if num >= 0.0 && off >= 0.0 => pairs.push((num as u32, off as usize)),
                    _ => break,
                }
            }
            for (k, &(num, off)) in pairs.iter().enumerate() {
                if self.objects.contains_key(&num) {
                    continue;
                }
                let start = first.saturating_add(off).min(data.len());
                let end = pairs.get(k + 1).map(|&(_, o)| first.saturating_add(o)).unwrap_or(data.len()).clamp(start, data.len());
                let value = data.get(start..end).unwrap_or_default().to_vec();
                self.objects.insert(num, Raw { value, stream: None });
            }
        }
    }

    fn value_of(&self, n: u32) -> Option<Obj> {
        let raw = self.objects.get(&n)?;
        Lexer::new(&raw.value).next(true, 0)
    }

    fn dict_of(&self, n: u32) -> Option<Vec<(Vec<u8>, Obj)>> {
        match self.value_of(n)? {
            Obj::Dict(d) => Some(d),
            _ => None,
        }
    }

    /// An object itself, or what a reference points to (one level, as PDF values are).
    fn resolve(&self, o: &Obj) -> Obj {
        match o {
            Obj::Ref(n) => self.value_of(*n).unwrap_or(Obj::Null),
            other => other.clone(),
        }
    }

    fn resolve_dict(&self, o: Option<&Obj>) -> Vec<(Vec<u8>, Obj)> {
        match o.map(|o| self.resolve(o)) {
            Some(Obj::Dict(d)) => d,
            _ => Vec::new(),
        }
    }

    /// The decoded data of a stream object; `None` if it uses a filter this reader lacks (images)
    /// or the inflation budget is spent.
    fn stream(&mut self, n: u32) -> Option<Vec<u8>> {
        let dict = self.dict_of(n)?;
        let (s, e) = self.objects.get(&n)?.stream?;
        let mut data = self.bytes.get(s..e)?.to_vec();
        let filters = match get(&dict, b"Filter").map(|f| self.resolve(f)) {
            None | Some(Obj::Null) => vec![],
            Some(Obj::Name(f)) => vec![f],
            Some(Obj::Arr(a)) => a.into_iter().filter_map(|f| if let Obj::Name(f) = f { Some(f) } else { None }).collect(),
            Some(_) => return None,
        };
        for f in filters {
            data = match f.as_slice() {
                b"FlateDecode" | b"Fl" => {
                    let budget = MAX_INFLATED.saturating_sub(self.inflated);
                    if budget == 0 {
                        self.over_budget = true;
                        return None;
                    }
                    let (out, cut) = inflate(&data, budget);
                    self.inflated += out.len();
                    if cut {
                        self.over_budget = true;
                    }
                    out
                }
                b"ASCIIHexDecode" | b"AHx" => {
                    let mut wrapped = Vec::with_capacity(data.len() + 1);
                    wrapped.push(b'<');
                    wrapped.extend_from_slice(&data);
                    Lexer::new(&wrapped).hex()
                }
                b"ASCII85Decode" | b"A85" => ascii85(&data),
                _ => return None,
            };
        }
        Some(data)
    }

    /// The pages in reading order: (content streams, fonts and forms of its resources).
    fn pages(&self) -> Vec<PageContent> {
        let root = self
            .objects
            .keys()
            .copied()
            .filter(|&n| self.dict_of(n).is_some_and(|d| get(&d, b"Type") == Some(&Obj::Name(b"Catalog".to_vec()))))
            .max();
        let Some(pages) = root.and_then(|r| self.dict_of(r)).and_then(|d| get(&d, b"Pages").cloned()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        self.walk(&pages, Vec::new(), &mut seen, &mut out, 0);
        out
    }

    fn walk(&self, node: &Obj, inherited: Vec<(Vec<u8>, Obj)>, seen: &mut HashSet<u32>, out: &mut Vec<PageContent>, depth: usize) {
        if depth > MAX_DEPTH || out.len() >= MAX_PAGES {
            return;
        }
        let Obj::Ref(n) = node else { return };
        if !seen.insert(*n) {
            return;
        }
        let Some(d) = self.dict_of(*n) else { return };
        let resources = match get(&d, b"Resources") {
            Some(r) => self.resolve_dict(Some(r)),
            None => inherited,
        };
        match get(&d, b"Kids").map(|k| self.resolve(k)) {
            Some(Obj::Arr(kids)) => {
                for k in &kids {
                    self.walk(k, resources.clone(), seen, out, depth + 1);
                }
            }
            _ => {
                let contents = match get(&d, b"Contents").map(|c| match c {
                    Obj::Ref(r) => match self.objects.get(r) {
                        // A reference to an array of references, or to the stream itself.
                        Some(raw) if raw.stream.is_none() => self.resolve(c),
                        _ => c.clone(),
                    },
                    other => other.clone(),
                }) {
                    Some(Obj::Ref(r)) => vec![r],
                    Some(Obj::Arr(a)) => a.iter().filter_map(|x| if let Obj::Ref(r) = x { Some(*r) } else { None }).collect(),
                    _ => vec![],
                };
                out.push((contents, resources));
            }
        }
    }

    /// The ToUnicode CMap of a font object, read once.
    fn cmap_of_font(&mut self, font: &Obj) -> Option<CMap> {
        let d = self.resolve_dict(Some(font));
        let Some(Obj::Ref(n)) = get(&d, b"ToUnicode") else { return None };
        let n = *n;
        if let Some(c) = self.cmaps.get(&n) {
            return c.clone();
        }
        let parsed = self.stream(n).map(|data| CMap::parse(&data));
        self.cmaps.insert(n, parsed.clone());
        parsed
    }

    /// Reads a content stream, writing its text to `out`.
    fn run_content(&mut self, data: &[u8], resources: &[(Vec<u8>, Obj)], out: &mut TextOut, form_depth: usize) {
        let fonts = self.resolve_dict(get(resources, b"Font"));
        let xobjects = self.resolve_dict(get(resources, b"XObject"));
        let mut lx = Lexer::new(data);
        let mut operands: Vec<Obj> = Vec::new();
        let mut cmap: Option<CMap> = None;
        let mut size = 12.0f64;
        // Where the current line starts, and the characters shown since, to tell a word gap from
        // the next glyph when a writer positions pieces of a line one by one.
        let (mut line_x, mut line_y) = (0.0f64, 0.0f64);
        let mut shown = 0usize;
        while lx.pos < data.len() && !out.full {
            let before = lx.pos;
            let Some(o) = lx.next(false, 0) else {
                if lx.pos == before {
                    lx.pos += 1;
                }
                continue;
            };
            let Obj::Op(op) = o else {
                if operands.len() < 64 {
                    operands.push(o);
                }
                continue;
            };
            let num = |i: usize| match operands.get(i) {
                Some(Obj::Num(n)) => *n,
                _ => 0.0,
            };
            match op.as_slice() {
                b"BT" => {
                    line_x = 0.0;
                    line_y = 0.0;
                    shown = 0;
                }
                b"ET" => out.newline(),
                b"Tf" => {
                    size = num(1).abs().max(1.0);
                    cmap = match operands.first() {
                        Some(Obj::Name(name)) => match get(&fonts, name).cloned() {
                            Some(f) => self.cmap_of_font(&f),
                            None => None,
                        },
                        _ => None,
                    };
                }
                b"Td" | b"TD" => {
                    let (tx, ty) = (num(0), num(1));
                    move_to(out, tx, ty, size, shown);
                    line_x += tx;
                    line_y += ty;
                    shown = 0;
                }
                b"Tm" => {
                    let (x, y) = (num(4), num(5));
                    move_to(out, x - line_x, y - line_y, size, shown);
                    line_x = x;
                    line_y = y;
                    shown = 0;
                }
                b"T*" => {
                    out.newline();
                    shown = 0;
                }
                b"Tj" => {
                    if let Some(Obj::Str(s)) = operands.last() {
                        shown += out.show(s, cmap.as_ref());
                    }
                }
                b"'" | b"\"" => {
                    out.newline();
                    if let Some(Obj::Str(s)) = operands.last() {
                        shown = out.show(s, cmap.as_ref());
                    }
                }
                b"TJ" => {
                    if let Some(Obj::Arr(items)) = operands.last() {
                        for it in items {
                            match it {
                                Obj::Str(s) => shown += out.show(s, cmap.as_ref()),
                                // A gap wider than 0.15 em is a space between words (writers
                                // that do not show spaces put 0.25-0.33 em, down to about
                                // 0.17 em on a tightly justified line); kerning is smaller.
                                Obj::Num(n) if *n <= -150.0 => out.space(),
                                _ => {}
                            }
                        }
                    }
                }
                b"Do" if form_depth < MAX_FORM_DEPTH => {
                    if let Some(Obj::Name(name)) = operands.first() {
                        if let Some(Obj::Ref(n)) = get(&xobjects, name) {
                            let n = *n;
                            let is_form = self.dict_of(n).is_some_and(|d| get(&d, b"Subtype") == Some(&Obj::Name(b"Form".to_vec())));
                            if is_form {
                                let own = self.dict_of(n).map(|d| self.resolve_dict(get(&d, b"Resources"))).unwrap_or_default();
                                let res = if own.is_empty() { resources.to_vec() } else { own };
                                if let Some(form) = self.stream(n) {
                                    self.run_content(&form, &res, out, form_depth + 1);
                                    out.newline();
                                }
                            }
                        }
                    }
                }
                b"BI" => skip_inline_image(&mut lx),
                _ => {}
            }
            operands.clear();
        }
    }
}

/// A move of the text position by (tx, ty) in text space: a new line when it goes up or down, a
/// space when it jumps right beyond what the last `shown` characters likely took.
fn move_to(out: &mut TextOut, tx: f64, ty: f64, size: f64, shown: usize) {
    if ty.abs() > size * 0.3 {
        out.newline();
    } else if tx > (shown as f64 * 0.45 + 0.25) * size || tx < 0.0 {
        out.space();
    }
}

/// Skips `BI ... ID <binary> EI`: image bytes could contain anything, operators included.
fn skip_inline_image(lx: &mut Lexer) {
    let b = lx.b;
    let Some(id) = b.get(lx.pos..).and_then(|r| find(r, b"ID")) else {
        lx.pos = b.len();
        return;
    };
    let mut i = lx.pos + id + 2;
    while i + 2 < b.len() {
        if b.get(i).is_some_and(|&c| is_white(c))
            && b.get(i + 1..i + 3) == Some(b"EI")
            && b.get(i + 3).is_none_or(|&c| is_white(c) || is_delim(c))
        {
            lx.pos = i + 3;
            return;
        }
        i += 1;
    }
    lx.pos = b.len();
}

/// The number of the object whose `obj` keyword is at `at` (`12 0 obj`).
fn object_number(bytes: &[u8], at: usize) -> Option<u32> {
    let mut i = at;
    let back_white = |i: &mut usize| {
        let start = *i;
        while *i > 0 && bytes.get(*i - 1).is_some_and(|&c| is_white(c)) {
            *i -= 1;
        }
        *i < start
    };
    let back_digits = |i: &mut usize| -> Option<(usize, usize)> {
        let end = *i;
        while *i > 0 && bytes.get(*i - 1).is_some_and(|c| c.is_ascii_digit()) && end - *i < 10 {
            *i -= 1;
        }
        (*i < end).then_some((*i, end))
    };
    if !back_white(&mut i) {
        return None;
    }
    back_digits(&mut i)?;
    if !back_white(&mut i) {
        return None;
    }
    let (s, e) = back_digits(&mut i)?;
    std::str::from_utf8(bytes.get(s..e)?).ok()?.parse().ok()
}

/// Inflates zlib data (raw deflate too, which some writers emit), keeping what came out before an
/// error and stopping at `limit` bytes. The flag says it was cut at the limit.
fn inflate(data: &[u8], limit: usize) -> (Vec<u8>, bool) {
    fn run(r: &mut impl Read, limit: usize) -> (Vec<u8>, bool) {
        let mut out = Vec::new();
        let mut buf = [0u8; 16 * 1024];
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => return (out, false),
                Ok(n) => {
                    let room = limit.saturating_sub(out.len());
                    out.extend_from_slice(buf.get(..n.min(room)).unwrap_or_default());
                    if n > room || out.len() >= limit {
                        return (out, true);
                    }
                }
            }
        }
    }
    let got = run(&mut flate2::read::ZlibDecoder::new(data), limit);
    if got.0.is_empty() {
        return run(&mut flate2::read::DeflateDecoder::new(data), limit);
    }
    got
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut group = [0u32; 5];
    let mut k = 0;
    let body = match find(data, b"<~") {
        Some(i) => data.get(i + 2..).unwrap_or_default(),
        None => data,
    };
    for &c in body {
        match c {
            b'~' => break,
            b'z' if k == 0 => out.extend_from_slice(&[0, 0, 0, 0]),
            b'!'..=b'u' => {
                if let Some(slot) = group.get_mut(k) {
                    *slot = u32::from(c - b'!');
                }
                k += 1;
                if k == 5 {
                    let v = group.iter().fold(0u64, |a, &d| a * 85 + u64::from(d));
                    out.extend_from_slice(&(v as u32).to_be_bytes());
                    k = 0;
                }
            }
            _ => {}
        }
    }
    if k > 1 {
        for slot in group.iter_mut().skip(k) {
            *slot = 84;
        }
        let v = group.iter().fold(0u64, |a, &d| a * 85 + u64::from(d));
        out.extend_from_slice(&(v as u32).to_be_bytes()[..k - 1]);
    }
    out
}

// ---- CMaps ----------------------------------------------------------------------------------------

/// A font's ToUnicode map: character codes (of one or more bytes) to text.
#[derive(Debug, Clone, Default)]
struct CMap {
    /// The byte lengths of codes, from `codespacerange` (or the mapped codes).
    lengths: Vec<usize>,
    map: HashMap<(usize, u32), String>,
}

impl CMap {
    fn parse(data: &[u8]) -> CMap {
        let mut c = CMap::default();
        let mut lx = Lexer::new(data);
        let mut pending: Vec<Obj> = Vec::new();
        let mut section: &[u8] = b"";
        while lx.pos < data.len() {
            let before = lx.pos;
            let Some(o) = lx.next(false, 0) else {
                if lx.pos == before {
                    lx.pos += 1;
                }
                continue;
            };
            match o {
                Obj::Op(op) => {
                    match op.as_slice() {
                        b"begincodespacerange" => section = b"space",
                        b"beginbfchar" => section = b"char",
                        b"beginbfrange" => section = b"range",
                        b"endcodespacerange" | b"endbfchar" | b"endbfrange" => section = b"",
                        _ => {}
                    }
                    pending.clear();
                }
                other if !section.is_empty() => {
                    pending.push(other);
                    let want = if section == b"range" { 3 } else { 2 };
                    if pending.len() == want {
                        c.entry(section, &pending);
                        pending.clear();
                    }
                }
                _ => {}
            }
            if c.map.len() > 200_000 {
                break;
            }
        }
        if c.lengths.is_empty() {
            c.lengths = c.map.keys().map(|(l, _)| *l).collect::<HashSet<_>>().into_iter().collect();
        }
        c.lengths.sort_unstable();
        c.lengths.dedup();
        c.lengths.retain(|&l| (1..=4).contains(&l));
        c
    }

    fn entry(&mut self, section: &[u8], e: &[Obj]) {
        let code = |o: &Obj| match o {
            Obj::Str(s) if (1..=4).contains(&s.len()) => Some((s.len(), s.iter().fold(0u32, |a, &b| a << 8 | u32::from(b)))),
            _ => None,
        };
        match (section, e) {
            (b"space", [lo, _]) => {
                if let Some((l, _)) = code(lo) {
                    self.lengths.push(l);
                }
            }
            (b"char", [src, Obj::Str(dst)]) => {
                if let Some(k) = code(src) {
                    self.map.insert(k, utf16be(dst));
                }
            }
            (b"range", [lo, hi, dst]) => {
                let (Some((l, lo)), Some((_, hi))) = (code(lo), code(hi)) else { return };
                if hi < lo || hi - lo >= MAX_RANGE {
                    return;
                }
                match dst {
                    Obj::Str(d) => {
                        let mut units: Vec<u16> = d
                            .chunks(2)
                            .map(|p| u16::from_be_bytes([p.first().copied().unwrap_or(0), p.get(1).copied().unwrap_or(0)]))
                            .collect();
                        for code in lo..=hi {
                            self.map.insert((l, code), String::from_utf16_lossy(&units));
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add(1);
                            }
                        }
                    }
                    Obj::Arr(items) => {
                        for (code, item) in (lo..=hi).zip(items) {
                            if let Obj::Str(d) = item {
                                self.map.insert((l, code), utf16be(d));
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// The text of a shown string: the longest code that is mapped at each place (codes of the
    /// codespace's lengths), skipping a byte that starts none.
    fn decode(&self, s: &[u8], out: &mut String) {
        let mut i = 0;
        let lengths: &[usize] = if self.lengths.is_empty() { &[1] } else { &self.lengths };
        while i < s.len() {
            let mut done = false;
            for &l in lengths.iter().rev() {
                let Some(bytes) = s.get(i..i + l) else { continue };
                let code = bytes.iter().fold(0u32, |a, &b| a << 8 | u32::from(b));
                if let Some(t) = self.map.get(&(l, code)) {
                    out.extend(t.chars().filter(|c| !c.is_control() || *c == '\n'));
                    i += l;
                    done = true;
                    break;
                }
            }
            if !done {
                // An unmapped code: one byte fonts fall back on WinAnsi, others skip the code.
                match lengths.first() {
                    Some(1) | None => {
                        if let Some(&b) = s.get(i) {
                            if b >= 0x20 {
                                out.push(win1252(b));
                            }
                        }
                        i += 1;
                    }
                    Some(&l) => i += l,
                }
            }
        }
    }
}

fn utf16be(b: &[u8]) -> String {
    let units: Vec<u16> =
        b.chunks(2).map(|p| u16::from_be_bytes([p.first().copied().unwrap_or(0), p.get(1).copied().unwrap_or(0)])).collect();
    String::from_utf16_lossy(&units)
}

// ---- output -----------------------------------------------------------------------------------------

#[derive(Default)]
struct TextOut {
    text: String,
    chars: usize,
    full: bool,
}

impl TextOut {
    /// Writes a shown string; returns how many characters it gave.
    fn show(&mut self, s: &[u8], cmap: Option<&CMap>) -> usize {
        if self.full {
            return 0;
        }
        let mut piece = String::new();
        match cmap {
            Some(c) => c.decode(s, &mut piece),
            None => piece.extend(s.iter().filter(|&&b| b >= 0x20 || b == b'\t').map(|&b| win1252(b))),
        }
        let n = piece.chars().count();
        self.push(&piece, n);
        n
    }
    fn push(&mut self, s: &str, n: usize) {
        if self.chars + n > MAX_TEXT_CHARS {
            self.text.extend(s.chars().take(MAX_TEXT_CHARS.saturating_sub(self.chars)));
            self.chars = MAX_TEXT_CHARS;
            self.full = true;
            return;
        }
        self.text.push_str(s);
        self.chars += n;
    }
    fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with([' ', '\n']) {
            self.push(" ", 1);
        }
    }
    fn newline(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.push("\n", 1);
        }
    }
    /// A blank line (between pages).
    fn paragraph(&mut self) {
        self.newline();
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.push("\n", 1);
        }
    }
}

/// A small, valid PDF of text (A4 pages, Helvetica in WinAnsi, compressed content streams): what
/// the demo library and tests keep as a real document. Lines are wrapped at 90 characters;
/// characters WinAnsi lacks are written as `?`.
pub fn simple_pdf(title: &str, paragraphs: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut lines: Vec<(String, f64)> = vec![(title.to_string(), 16.0), (String::new(), 11.0)];
    for p in paragraphs {
        let mut line = String::new();
        for word in p.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > 90 {
                lines.push((std::mem::take(&mut line), 11.0));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push((line, 11.0));
        lines.push((String::new(), 11.0));
    }
    let encode = |s: &str| -> Vec<u8> {
        let mut out = Vec::new();
        for c in s.chars() {
            let b = (0x20u8..=0xFF).find(|&b| win1252(b) == c).unwrap_or(b'?');
            if matches!(b, b'(' | b')' | b'\\') {
                out.push(b'\\');
            }
            out.push(b);
        }
        out
    };
    let pages: Vec<&[(String, f64)]> = lines.chunks(50).collect();
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        Vec::new(), // the page tree, once the pages are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    let mut kids = Vec::new();
    for page in pages {
        let mut content = b"BT\n".to_vec();
        let mut y = 800.0;
        for (text, size) in page {
            content.extend_from_slice(format!("/F1 {size} Tf 1 0 0 1 56 {y} Tm (").as_bytes());
            content.extend(encode(text));
            content.extend_from_slice(b") Tj\n");
            y -= size * 1.4;
        }
        content.extend_from_slice(b"ET\n");
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        // Writing to a Vec cannot fail.
        let packed: Vec<u8> = z.write_all(&content).and_then(|_| z.finish()).unwrap_or_default();
        let content_num = objs.len() + 2;
        let mut stream = format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", packed.len()).into_bytes();
        stream.extend_from_slice(&packed);
        stream.extend_from_slice(b"\nendstream");
        kids.push(format!("{} 0 R", objs.len() + 1));
        objs.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content_num} 0 R >>").into_bytes());
        objs.push(stream);
    }
    if let Some(tree) = objs.get_mut(1) {
        *tree = format!("<< /Type /Pages /Kids [{}] /Count {} /Resources << /Font << /F1 3 0 R >> >> >>", kids.join(" "), kids.len())
            .into_bytes();
    }
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1).as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A PDF with the given page content streams (already encoded) and extra objects, with a
    /// correct cross-reference table.
    pub(crate) fn build_pdf(pages: &[(Vec<u8>, &str)], fonts: &str, extra: &[(u32, Vec<u8>)]) -> Vec<u8> {
        let mut objs: Vec<(u32, Vec<u8>)> = vec![(1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec())];
        let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 10 + i * 2)).collect();
        objs.push((
            2,
            format!("<< /Type /Pages /Kids [{}] /Count {} /Resources << /Font << {fonts} >> >> >>", kids.join(" "), pages.len())
                .into_bytes(),
        ));
        for (i, (content, filter)) in pages.iter().enumerate() {
            let p = 10 + i as u32 * 2;
            objs.push((p, format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R >>", p + 1).into_bytes()));
            let mut s = format!("<< /Length {} {filter} >>\nstream\n", content.len()).into_bytes();
            s.extend_from_slice(content);
            s.extend_from_slice(b"\nendstream");
            objs.push((p + 1, s));
        }
        objs.extend(extra.iter().cloned());
        let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (n, body) in &objs {
            offsets.push((*n, out.len()));
            out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let max = objs.iter().map(|(n, _)| *n).max().unwrap_or(0);
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", max + 1).as_bytes());
        for n in 1..=max {
            match offsets.iter().find(|(m, _)| *m == n) {
                Some((_, off)) => out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes()),
                None => out.extend_from_slice(b"0000000000 65535 f \n"),
            }
        }
        out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", max + 1).as_bytes());
        out
    }

    pub(crate) fn deflate(b: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn plain_and_compressed_pages() {
        let page1 = b"BT /F1 12 Tf 72 720 Td (Firearms Protocol, article 10) Tj 0 -14 Td (Marking \\(at manufacture\\)) Tj ET".to_vec();
        let page2 = deflate(b"BT /F1 12 Tf 72 720 Td [(Trans)-20(fer) -250 (controls)] TJ T* (Caf\\351 \\\\ d\\351tour) ' ET");
        let pdf = build_pdf(
            &[(page1, ""), (page2, "/Filter /FlateDecode")],
            "/F1 5 0 R",
            &[(5, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec())],
        );
        let (text, cut) = pdf_text(&pdf).unwrap();
        assert!(!cut);
        assert_eq!(text, "Firearms Protocol, article 10\nMarking (at manufacture)\n\nTransfer controls\nCafé \\ détour");
    }

    #[test]
    fn to_unicode_cmaps_with_two_byte_codes() {
        // Identity-H fonts (Word, LibreOffice) show glyph ids; ToUnicode maps them back.
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n2 beginbfchar\n<0003> <0020>\n<0010> <00E9>\nendbfchar\n2 beginbfrange\n<0024> <0026> <0061>\n<0030> <0031> [<0054> <00660069>]\nendbfrange\nendcmap CMapName currentdict /CMap defineresource pop end end";
        let mut cmap_obj = format!("<< /Length {} >>\nstream\n", cmap.len()).into_bytes();
        cmap_obj.extend_from_slice(cmap);
        cmap_obj.extend_from_slice(b"\nendstream");
        // "Tabc é fi" as glyph ids.
        let page = b"BT /F2 10 Tf 50 50 Td <0030002400250026000300100003> Tj <0031> Tj ET".to_vec();
        let pdf = build_pdf(
            &[(page, "")],
            "/F2 7 0 R",
            &[(7, b"<< /Type /Font /Subtype /Type0 /BaseFont /Calibri /Encoding /Identity-H /ToUnicode 8 0 R >>".to_vec()), (8, cmap_obj)],
        );
        let (text, _) = pdf_text(&pdf).unwrap();
        assert_eq!(text, "Tabc é fi");
    }

    #[test]
    fn object_streams_and_hex_strings() {
        // The font dictionary lives in a compressed object stream (PDF 1.5); the text is hex.
        let inner = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
        let header = b"5 0 ";
        let mut objstm_data = header.to_vec();
        objstm_data.extend_from_slice(inner);
        let packed = deflate(&objstm_data);
        let mut objstm =
            format!("<< /Type /ObjStm /N 1 /First {} /Filter /FlateDecode /Length {} >>\nstream\n", header.len(), packed.len())
                .into_bytes();
        objstm.extend_from_slice(&packed);
        objstm.extend_from_slice(b"\nendstream");
        let page = b"BT /F1 9 Tf 1 0 0 1 72 700 Tm <4D6F64656C204C6177> Tj 1 0 0 1 72 680 Tm (ITI) Tj ET".to_vec();
        let pdf = build_pdf(&[(page, "")], "/F1 5 0 R", &[(6, objstm)]);
        let (text, _) = pdf_text(&pdf).unwrap();
        assert_eq!(text, "Model Law\nITI");
    }

    #[test]
    fn damaged_and_hostile_files() {
        // No length, no xref, a stream cut short: what can be read is read.
        let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj 2 0 obj << /Type /Pages /Kids [3 0 R] >> endobj 3 0 obj << /Type /Page /Contents 4 0 R >> endobj 4 0 obj << >> stream\nBT (tracing request) Tj ET\nendstream endobj";
        assert_eq!(pdf_text(pdf).unwrap().0, "tracing request");
        // Encrypted.
        let enc = b"%PDF-1.6\n1 0 obj << /Type /Catalog >> endobj trailer << /Root 1 0 R /Encrypt 9 0 R >>";
        assert_eq!(pdf_text(enc), Err(ExtractError::Encrypted));
        // Nothing but a header.
        assert!(matches!(pdf_text(b"%PDF-1.4\n"), Err(ExtractError::Damaged { .. })));
        // A page tree that points at itself.
        let cyc = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj 2 0 obj << /Type /Pages /Kids [2 0 R 1 0 R] >> endobj";
        assert!(pdf_text(cyc).is_ok());
        // Deep nesting.
        let mut deep = b"%PDF-1.4\n1 0 obj ".to_vec();
        deep.extend(std::iter::repeat_n(b'[', 100_000));
        deep.extend_from_slice(b" endobj");
        assert!(pdf_text(&deep).is_ok());
    }

    #[test]
    fn a_zip_bomb_stops_at_the_budget() {
        // 200 MB of zeros in a few hundred kB: inflation stops at the limit.
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..200 {
            e.write_all(&zeros).unwrap();
        }
        let bomb = e.finish().unwrap();
        let (out, cut) = inflate(&bomb, MAX_INFLATED);
        assert!(cut);
        assert_eq!(out.len(), MAX_INFLATED);
        let pdf = build_pdf(&[(bomb, "/Filter /FlateDecode")], "", &[]);
        let (text, cut) = pdf_text(&pdf).unwrap();
        assert!(cut);
        assert!(text.is_empty());
    }

    #[test]
    fn inline_images_are_skipped() {
        let page = b"BI /W 2 /H 2 /BPC 8 /CS /G ID \x00(Tj) Tj\xFF EI BT (after) Tj ET".to_vec();
        let pdf = build_pdf(&[(page, "")], "", &[]);
        assert_eq!(pdf_text(&pdf).unwrap().0, "after");
    }

    #[test]
    fn simple_pdfs_read_back() {
        let long = "word ".repeat(400);
        let pdf = simple_pdf("Guía (práctica) \\ €", &["Serial numbers are restored by etching.", &long]);
        let (text, cut) = pdf_text(&pdf).unwrap();
        assert!(!cut);
        assert!(text.starts_with("Guía (práctica) \\ €\nSerial numbers are restored by etching.\nword word"), "{text}");
        assert_eq!(text.matches("word").count(), 400);
        // Wrapped at 90 characters: 18 words a line.
        assert_eq!(text.lines().filter(|l| l.starts_with("word")).count(), 23);
    }

    #[test]
    fn ascii85() {
        assert_eq!(super::ascii85(b"<~87cURD]i,\"Ebo80~>"), b"Hello World!");
    }
}
