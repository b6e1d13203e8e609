//! How well a record fits a reading, how sure we may be, and the words that say why.
//!
//! The score orders candidates. The confidence is decided by rules a reviewer can check: an alert
//! needs a serial difference that a known kind of damage explains (never a plain different
//! character: registries hold many guns one digit apart), a make that agrees, no contradiction in
//! calibre or type, and no other record of that make fitting about as well.

use std::fmt::Write;

use crate::align::{align, Alignment, OpKind};
use crate::codes::{statics, type_name, Attrs, Codebook};
use crate::misread::SubKind;
use crate::query::PreparedQuery;

/// How sure a candidate is. `Confirmed` and `Probable` raise an alert; `Possible` is only shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    Possible,
    Probable,
    Confirmed,
}

impl Confidence {
    pub fn code(&self) -> &'static str {
        match self {
            Confidence::Confirmed => "confirmed",
            Confidence::Probable => "probable",
            Confidence::Possible => "possible",
        }
    }
    /// Whether the people responsible are alerted.
    pub fn alerts(&self) -> bool {
        !matches!(self, Confidence::Possible)
    }
}

impl std::fmt::Display for Confidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    Unknown,
    Agree,
    /// Agrees through an alternative reading (a shared alias, a make inferred from the model, the
    /// same model under a related maker's name, a calibre of the same bore).
    Close,
    Differ,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Assessment {
    pub points: i32,
    pub align: Alignment,
    pub make: Fit,
    pub model: Fit,
    pub calibre: Fit,
    pub ty: Fit,
    pub coo: Fit,
    pub year: Fit,
}

/// Points are hundredths of a different character: the serial's cost is subtracted as it is, the
/// descriptive fields add or subtract by how much they tell a gun from another.
const WILDCARD: i32 = 6;
const FEW_LEGIBLE: i32 = 40;
const MAKE_CLOSE: i32 = 10;
const MAKE_UNKNOWN: i32 = 30;
const MAKE_DIFFERS: i32 = 120;
/// The best points a candidate can reach (every field agreeing); scores are scaled to it.
const TOP: i32 = 18;
const FLOOR: i32 = 300;
/// A second record of the same make within this many points makes the first one uncertain.
const AMBIGUITY_MARGIN: i32 = 40;

/// The descriptive fields' part of an assessment.
#[derive(Clone, Copy)]
struct Fields {
    points: i32,
    make: Fit,
    model: Fit,
    calibre: Fit,
    ty: Fit,
    coo: Fit,
    year: Fit,
}

fn fields(q: &PreparedQuery, a: &Attrs) -> Fields {
    let model = if q.model == 0 || a.model == 0 {
        Fit::Unknown
    } else if q.model == a.model {
        Fit::Agree
    } else {
        Fit::Differ
    };
    let make = if q.make.code == 0 || a.mfr == 0 {
        // The model alone can tie a reading without a make to a record.
        if model == Fit::Agree {
            Fit::Close
        } else {
            Fit::Unknown
        }
    } else if q.make.code == a.mfr {
        if q.make.from_model {
            Fit::Close
        } else {
            Fit::Agree
        }
    } else if q.make.alternatives.contains(&a.mfr) || model == Fit::Agree {
        Fit::Close
    } else {
        Fit::Differ
    };
    let calibre = if q.calibre.code == 0 || a.calibre == 0 {
        Fit::Unknown
    } else if q.calibre.code == a.calibre {
        Fit::Agree
    } else if q.calibre.alternatives.contains(&a.calibre) || same_bore(q.calibre.code, a.calibre) {
        Fit::Close
    } else {
        Fit::Differ
    };
    let ty = eq_or_unknown(q.ty, a.ty);
    let coo = eq_or_unknown(q.coo, a.coo);
    let year = if q.year == 0 || a.year == 0 {
        Fit::Unknown
    } else if q.year.abs_diff(a.year) <= 1 {
        Fit::Agree
    } else {
        Fit::Differ
    };
    let mut p = match make {
        Fit::Agree => 0,
        Fit::Close => -MAKE_CLOSE,
        Fit::Unknown => -MAKE_UNKNOWN,
        Fit::Differ => -MAKE_DIFFERS,
    };
    p += pts(model, 6, 0, -8);
    p += pts(calibre, 6, 2, -25);
    p += pts(ty, 2, 0, -8);
    p += pts(coo, 2, 0, -15);
    p += pts(year, 2, 0, -10);
    Fields { points: p, make, model, calibre, ty, coo, year }
}

fn serial_points(cost: u16, wildcards: u8, matched: u8) -> i32 {
    let mut p = -i32::from(cost) - WILDCARD * i32::from(wildcards);
    if matched < 4 {
        p -= FEW_LEGIBLE;
    }
    p
}

/// The full assessment of a record for a reading, with the serial's alignment.
pub(crate) fn assess(q: &PreparedQuery, serial: &[u8], a: &Attrs) -> Assessment {
    let al = align(&q.serial, serial);
    let f = fields(q, a);
    Assessment {
        points: serial_points(al.cost, al.wildcards, al.matched) + f.points,
        align: al,
        make: f.make,
        model: f.model,
        calibre: f.calibre,
        ty: f.ty,
        coo: f.coo,
        year: f.year,
    }
}

/// The points of the serial of a reading read intact (cost 0): the part of [`assess`]'s serial
/// points that depends on the reading alone. Every illegible position is taken to fall on a
/// character and every other character to agree. With [`field_points`] it bounds a record's quick
/// points from above; minus the serial's cost it is the quick points themselves.
pub(crate) fn serial_base_points(q: &PreparedQuery) -> i32 {
    let wild = q.serial.iter().filter(|&&b| b == b'?').count();
    let legible = q.serial.len() - wild;
    serial_points(0, u8::try_from(wild).unwrap_or(u8::MAX), u8::try_from(legible).unwrap_or(u8::MAX))
}

/// The descriptive fields' points of a record for a reading.
pub(crate) fn field_points(q: &PreparedQuery, a: &Attrs) -> i32 {
    fields(q, a).points
}

/// Candidates below this many points are too far to show: a different make and a different
/// character, or worse.
pub(crate) const SHOW_FLOOR: i32 = -190;

fn pts(a: Fit, agree: i32, close: i32, differ: i32) -> i32 {
    match a {
        Fit::Agree => agree,
        Fit::Close => close,
        Fit::Unknown => 0,
        Fit::Differ => differ,
    }
}

fn eq_or_unknown<T: PartialEq + Default>(q: T, r: T) -> Fit {
    if q == T::default() || r == T::default() {
        Fit::Unknown
    } else if q == r {
        Fit::Agree
    } else {
        Fit::Differ
    }
}

/// Two calibres of the same bore (".223 Rem" and "5.56×45mm NATO", ".410 bore" and "36 gauge"):
/// officers write one for the other.
fn same_bore(a: u16, b: u16) -> bool {
    let d = &statics().cal_diameter;
    match (d.get(usize::from(a)), d.get(usize::from(b))) {
        (Some(&x), Some(&y)) if x > 0 && y > 0 => x.abs_diff(y) <= 15,
        _ => false,
    }
}

pub(crate) fn score_of(points: i32) -> f32 {
    ((points + FLOOR) as f32 / (FLOOR + TOP) as f32).clamp(0.0, 1.0)
}

/// Whether the serial's differences are all of kinds that damage or misreading explain, with enough
/// legible characters to single out one gun.
fn serial_explained(a: &Assessment) -> bool {
    let al = &a.align;
    if al.more_ops > 0 || al.matched < 4 {
        return false;
    }
    let mut look_alike = 0;
    let mut damage = 0;
    for op in al.ops() {
        match op.kind {
            OpKind::Sub(SubKind::Common) | OpKind::Sub(SubKind::Letters) => look_alike += 1,
            OpKind::Sub(SubKind::Other) => return false,
            OpKind::Extra => {
                // An arbitrary extra character is explained only when the make agrees outright.
                if a.make != Fit::Agree {
                    return false;
                }
                damage += 1;
            }
            // 3/8 and 1/7 are misread, but registries number guns in batches: a gun one digit
            // away from another is as likely as a misreading, so these are shown, not alerted.
            OpKind::Sub(SubKind::Digits) => return false,
            OpKind::Transpose | OpKind::Doubled | OpKind::Dropped | OpKind::PrefixOmitted => damage += 1,
        }
    }
    if al.wildcards > 0 {
        // Illegible positions prove nothing: the rest must be intact and clearly the larger part.
        return look_alike + damage == 0 && al.matched >= al.wildcards + 2;
    }
    damage <= 1 && look_alike <= 3 && look_alike + damage <= 3
}

/// The confidence of `best` given the other candidates (`others`, any order).
pub(crate) fn confidence(best: &Assessment, others: &[&Assessment]) -> (Confidence, bool) {
    if !serial_explained(best) {
        return (Confidence::Possible, false);
    }
    // Without a make, only a serial read intact with a calibre that agrees singles a gun out.
    let make_ok = match best.make {
        Fit::Agree | Fit::Close => true,
        Fit::Unknown => best.calibre == Fit::Agree && best.align.op_count() <= 1 && best.align.wildcards == 0,
        Fit::Differ => false,
    };
    if !make_ok || best.calibre == Fit::Differ || best.coo == Fit::Differ {
        return (Confidence::Possible, false);
    }
    // Model and type both against the record, or a partial serial whose model is another: the
    // description speaks of another gun.
    let contradictions = usize::from(best.model == Fit::Differ) + usize::from(best.ty == Fit::Differ);
    if contradictions >= 2 || (best.align.wildcards > 0 && best.model == Fit::Differ) {
        return (Confidence::Possible, false);
    }
    // A serial that differs, on a gun whose model or year of manufacture is another: makers number
    // in sequence, so the record next door is far more often another gun of the same maker than
    // the same gun misread (the product's hits follow the same rule).
    let misread = best.align.cost > 0 || best.align.wildcards > 0;
    if misread && (best.model == Fit::Differ || best.year == Fit::Differ) {
        return (Confidence::Possible, false);
    }
    // A rival is a record the reading does not contradict (same make or none, calibre not
    // different) that fits about as well: then the reading cannot tell them apart.
    // A serial read exactly is only rivalled by another read exactly: that the reader misread a
    // stamping into another registered serial is less likely than that they read it right.
    let exact = best.align.cost == 0 && best.align.wildcards == 0;
    let ambiguous = others.iter().any(|o| {
        o.make != Fit::Differ
            && o.calibre != Fit::Differ
            && o.points >= best.points - AMBIGUITY_MARGIN
            && (!exact || (o.align.cost == 0 && o.align.wildcards == 0))
    });
    if ambiguous {
        return (Confidence::Possible, true);
    }
    let al = &best.align;
    if al.cost == 0 && al.wildcards == 0 && best.make == Fit::Agree && best.ty != Fit::Differ {
        (Confidence::Confirmed, false)
    } else {
        (Confidence::Probable, false)
    }
}

fn ch(b: u8) -> char {
    char::from(b)
}

/// The explanation of a candidate in plain words.
pub(crate) fn explain(q: &PreparedQuery, a: &Assessment, rec: &Attrs, codes: &Codebook, ambiguous: bool) -> String {
    let mut s = String::with_capacity(160);
    let al = &a.align;
    let subs: Vec<String> = al
        .ops()
        .iter()
        .map(|op| match op.kind {
            OpKind::Sub(SubKind::Common) => format!("{}↔{} (common misreading)", ch(op.q), ch(op.r)),
            OpKind::Sub(SubKind::Letters) => format!("{}↔{} (look-alike letters)", ch(op.q), ch(op.r)),
            OpKind::Sub(SubKind::Digits) => format!("{}↔{} (look-alike digits)", ch(op.q), ch(op.r)),
            OpKind::Sub(SubKind::Other) => format!("{}↔{}", ch(op.q), ch(op.r)),
            OpKind::Transpose => format!("'{}{}' swapped", ch(op.q), ch(op.r)),
            OpKind::Doubled => format!("'{}' doubled", ch(op.q)),
            OpKind::Extra => format!("extra '{}'", ch(op.q)),
            OpKind::Dropped => format!("'{}' missing", ch(op.r)),
            OpKind::PrefixOmitted => {
                let block: String = al.prefix[..usize::from(al.prefix_len)].iter().map(|&b| ch(b)).collect();
                format!("leading '{block}' omitted")
            }
        })
        .collect();
    if subs.is_empty() && al.wildcards == 0 {
        s.push_str(if q.reformatted { "serial identical once separators and case are ignored" } else { "serial identical" });
    } else {
        if !subs.is_empty() {
            let n = al.op_count();
            let _ = write!(s, "serial differs at {n} position{}: {}", if n == 1 { "" } else { "s" }, subs.join(", "));
            if al.more_ops > 0 {
                s.push_str(", …");
            }
        }
        if al.wildcards > 0 {
            if !s.is_empty() {
                s.push_str("; ");
            }
            let w = al.wildcards;
            let _ = write!(
                s,
                "{w} illegible position{} consistent with the record, {} legible agree",
                if w == 1 { "" } else { "s" },
                al.matched
            );
        }
    }
    let mfr_name = codes.manufacturer_name(rec.mfr).unwrap_or("unknown make");
    match a.make {
        Fit::Agree => match &q.make.note {
            Some(n) => {
                let _ = write!(s, "; {n}");
            }
            None => s.push_str("; make agrees"),
        },
        Fit::Close => match &q.make.note {
            Some(n) if q.make.code == rec.mfr => {
                let _ = write!(s, "; {n}");
            }
            _ => {
                let _ = write!(s, "; make close: record is {mfr_name}");
            }
        },
        Fit::Unknown => {
            if q.make.code == 0 {
                match &q.make.note {
                    Some(n) => {
                        let _ = write!(s, "; {n}");
                    }
                    None => s.push_str("; make not given"),
                }
            } else {
                s.push_str("; record has no make");
            }
        }
        Fit::Differ => {
            let _ = write!(s, "; make differs: record is {mfr_name}");
        }
    }
    match a.model {
        Fit::Agree => s.push_str("; model agrees"),
        Fit::Differ => {
            let _ = write!(s, "; model differs (record: {})", codes.model_name(rec.model).unwrap_or("?"));
        }
        _ => {}
    }
    let cal_name = codes.calibre_name(rec.calibre).unwrap_or("?");
    match a.calibre {
        Fit::Agree => match &q.calibre.note {
            Some(n) => {
                let _ = write!(s, "; {n}, agrees");
            }
            None => s.push_str("; calibre agrees"),
        },
        Fit::Close => {
            let _ = write!(s, "; calibre compatible (record: {cal_name})");
        }
        Fit::Differ => {
            let _ = write!(s, "; calibre differs (record: {cal_name})");
        }
        Fit::Unknown => {}
    }
    match a.ty {
        Fit::Agree => s.push_str("; type agrees"),
        Fit::Differ => {
            let _ = write!(s, "; type differs (record: {})", type_name(rec.ty).unwrap_or("?"));
        }
        _ => {}
    }
    if a.coo == Fit::Differ {
        s.push_str("; country of manufacture differs");
    }
    if a.year == Fit::Differ {
        let _ = write!(s, "; year differs (record: {})", rec.year);
    }
    if ambiguous {
        s.push_str("; another record of the same make fits about as well");
    }
    s
}
