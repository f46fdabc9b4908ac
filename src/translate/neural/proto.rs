//! The protobuf wire format, as far as a SentencePiece model file needs it:
//! varints, fixed 32/64-bit fields and length-delimited fields. The reader
//! walks one message's fields; nested messages are read by walking their
//! bytes again. Unknown fields are skipped, so newer model files load.

/// A malformed model file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed protobuf at byte {at}: {what}")]
pub struct WireError {
    pub at: usize,
    pub what: &'static str,
}

/// One field's value as it is on the wire.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Varint(u64),
    Fixed64(u64),
    Bytes(&'a [u8]),
    Fixed32(u32),
}

impl Value<'_> {
    pub fn as_u64(self) -> Option<u64> {
        match self {
            Value::Varint(v) | Value::Fixed64(v) => Some(v),
            Value::Fixed32(v) => Some(v.into()),
            Value::Bytes(_) => None,
        }
    }

    /// A proto `float` (fixed 32-bit).
    pub fn as_f32(self) -> Option<f32> {
        match self {
            Value::Fixed32(v) => Some(f32::from_bits(v)),
            _ => None,
        }
    }

    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }
}

/// The fields of one message, in file order.
pub struct Fields<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Fields<'a> {
    pub fn new(buf: &'a [u8]) -> Fields<'a> {
        Fields { buf, pos: 0 }
    }

    fn varint(&mut self) -> Result<u64, WireError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let Some(&byte) = self.buf.get(self.pos) else {
                return Err(self.error("truncated varint"));
            };
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.error("varint longer than 10 bytes"))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.buf.len())
            .ok_or_else(|| self.error("field runs past the end"))?;
        let bytes = &self.buf[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }

    fn error(&self, what: &'static str) -> WireError {
        WireError { at: self.pos, what }
    }
}

impl<'a> Iterator for Fields<'a> {
    /// `(field number, value)`.
    type Item = Result<(u32, Value<'a>), WireError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.buf.len() {
            return None;
        }
        let field = (|| {
            let key = self.varint()?;
            let number = u32::try_from(key >> 3).map_err(|_| self.error("field number"))?;
            let value = match key & 7 {
                0 => Value::Varint(self.varint()?),
                1 => Value::Fixed64(u64::from_le_bytes(
                    self.take(8)?.try_into().expect("8 bytes"),
                )),
                2 => {
                    let len = usize::try_from(self.varint()?)
                        .map_err(|_| self.error("length too large"))?;
                    Value::Bytes(self.take(len)?)
                }
                5 => Value::Fixed32(u32::from_le_bytes(
                    self.take(4)?.try_into().expect("4 bytes"),
                )),
                _ => return Err(self.error("unsupported wire type")),
            };
            Ok((number, value))
        })();
        if field.is_err() {
            // Stop after an error: the rest cannot be framed.
            self.pos = self.buf.len();
        }
        Some(field)
    }
}

/// Writes protobuf fields; tests and generated fixtures build model files
/// with it.
#[derive(Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    pub fn uint(&mut self, field: u32, v: u64) -> &mut Self {
        self.varint(u64::from(field) << 3);
        self.varint(v);
        self
    }

    pub fn float(&mut self, field: u32, v: f32) -> &mut Self {
        self.varint((u64::from(field) << 3) | 5);
        self.0.extend_from_slice(&v.to_bits().to_le_bytes());
        self
    }

    pub fn bytes(&mut self, field: u32, v: &[u8]) -> &mut Self {
        self.varint((u64::from(field) << 3) | 2);
        self.varint(v.len() as u64);
        self.0.extend_from_slice(v);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_the_writer_wrote() {
        let mut w = Writer::default();
        w.uint(3, 300).float(2, -1.5).bytes(1, "▁a".as_bytes());
        let fields: Vec<_> = Fields::new(&w.0).collect::<Result<_, _>>().unwrap();
        assert_eq!(fields[0], (3, Value::Varint(300)));
        assert_eq!(fields[1].1.as_f32(), Some(-1.5));
        assert_eq!(fields[2], (1, Value::Bytes("▁a".as_bytes())));
    }

    #[test]
    fn a_truncated_field_is_an_error_not_a_panic() {
        let mut w = Writer::default();
        w.bytes(1, b"abcdef");
        let cut = &w.0[..4];
        let result: Result<Vec<_>, _> = Fields::new(cut).collect();
        assert!(result.is_err());
        assert!(Fields::new(&[0x80]).next().unwrap().is_err());
        // Wire type 3 (groups) is not used by SentencePiece.
        assert!(Fields::new(&[0x0b]).next().unwrap().is_err());
    }
}
