//! lz-string's URI-safe compression, so a shared state fits in a link.
//!
//! [`compress`] and [`decompress`] produce and read exactly what the npm
//! package `lz-string` (1.5) calls `compressToEncodedURIComponent` and
//! `decompressFromEncodedURIComponent`: an LZW code stream over the text's
//! UTF-16 code units, written 6 bits a character with the alphabet
//! `A–Z a–z 0–9 + - $`. Decompression reads untrusted links, so it returns
//! an error instead of lz-string's `null`, and stops once the text would
//! pass a length limit; it never panics and runs in time linear in the
//! input plus the output.

use std::collections::HashMap;

/// The alphabet of `compressToEncodedURIComponent`; output uses the first
/// 64 characters, and lz-string reads `$` as 64, whose six low bits are 0.
const ALPHABET: &[u8; 65] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";
/// Bits each output character carries.
const BITS_PER_CHAR: u32 = 6;

/// Why a compressed text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LzError {
    /// A character outside the alphabet, with its position.
    InvalidCharacter(usize),
    /// The code stream refers to a dictionary entry that does not exist,
    /// or ends without its end mark.
    Corrupt,
    /// The text would be longer than the limit, in UTF-16 code units.
    TooLong(usize),
    /// The decompressed code units are not valid UTF-16.
    NotUnicode,
}

/// Compresses `text` as `compressToEncodedURIComponent` does.
pub fn compress(text: &str) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut writer = BitWriter::default();
    Compressor::default().run(&units, &mut writer);
    writer.finish()
}

/// Decompresses what [`compress`] (or lz-string) wrote, refusing texts
/// longer than `limit` UTF-16 code units. A space reads as `+`, as
/// lz-string allows for links whose `+` became a space.
pub fn decompress(input: &str, limit: usize) -> Result<String, LzError> {
    if input.is_empty() {
        return Err(LzError::Corrupt);
    }
    let values = input
        .bytes()
        .enumerate()
        .map(|(index, byte)| value_of(byte).ok_or(LzError::InvalidCharacter(index)))
        .collect::<Result<Vec<u8>, LzError>>()?;
    let units = Decompressor::new(&values, limit).run()?;
    String::from_utf16(&units).map_err(|_| LzError::NotUnicode)
}

fn value_of(byte: u8) -> Option<u8> {
    let byte = if byte == b' ' { b'+' } else { byte };
    ALPHABET
        .iter()
        .position(|known| *known == byte)
        .map(|index| index as u8)
}

/// Packs codes into characters, each code written lowest bit first as
/// lz-string does.
#[derive(Default)]
struct BitWriter {
    out: String,
    value: u32,
    position: u32,
}

impl BitWriter {
    fn bit(&mut self, bit: u32) {
        self.value = (self.value << 1) | (bit & 1);
        if self.position == BITS_PER_CHAR - 1 {
            self.position = 0;
            self.out.push(ALPHABET[self.value as usize] as char);
            self.value = 0;
        } else {
            self.position += 1;
        }
    }

    /// Writes the low `count` bits of `value`, lowest first.
    fn bits(&mut self, mut value: u32, count: u32) {
        for _ in 0..count {
            self.bit(value & 1);
            value >>= 1;
        }
    }

    /// Pads the last character with zeros.
    fn finish(mut self) -> String {
        loop {
            self.value <<= 1;
            if self.position == BITS_PER_CHAR - 1 {
                self.out.push(ALPHABET[self.value as usize] as char);
                return self.out;
            }
            self.position += 1;
        }
    }
}

/// The compressor's dictionary. A phrase is known by its code; a longer
/// phrase by (code of its prefix, last unit).
struct Compressor {
    singles: HashMap<u16, u32>,
    phrases: HashMap<(u32, u16), u32>,
    /// Single units seen but not yet written out literally.
    to_create: HashMap<u16, ()>,
    size: u32,
    bits: u32,
    enlarge_in: u32,
}

impl Default for Compressor {
    fn default() -> Self {
        Self {
            singles: HashMap::new(),
            phrases: HashMap::new(),
            to_create: HashMap::new(),
            size: 3,
            bits: 2,
            enlarge_in: 2,
        }
    }
}

/// The current phrase: its code, and its unit when it is one unit long.
#[derive(Clone, Copy)]
struct Phrase {
    code: u32,
    single: Option<u16>,
}

impl Compressor {
    fn run(mut self, units: &[u16], out: &mut BitWriter) {
        let mut current: Option<Phrase> = None;
        for &unit in units {
            if !self.singles.contains_key(&unit) {
                self.singles.insert(unit, self.size);
                self.size += 1;
                self.to_create.insert(unit, ());
            }
            let Some(phrase) = current else {
                current = Some(Phrase {
                    code: self.singles[&unit],
                    single: Some(unit),
                });
                continue;
            };
            if let Some(&code) = self.phrases.get(&(phrase.code, unit)) {
                current = Some(Phrase { code, single: None });
                continue;
            }
            self.emit(phrase, out);
            self.phrases.insert((phrase.code, unit), self.size);
            self.size += 1;
            current = Some(Phrase {
                code: self.singles[&unit],
                single: Some(unit),
            });
        }
        if let Some(phrase) = current {
            self.emit(phrase, out);
        }
        out.bits(2, self.bits);
    }

    /// Writes a phrase: a unit seen for the first time as a literal
    /// (marker 0 and 8 bits, or marker 1 and 16 bits), anything else as
    /// its code.
    fn emit(&mut self, phrase: Phrase, out: &mut BitWriter) {
        match phrase
            .single
            .filter(|unit| self.to_create.contains_key(unit))
        {
            Some(unit) => {
                if unit < 256 {
                    out.bits(0, self.bits);
                    out.bits(u32::from(unit), 8);
                } else {
                    out.bits(1, self.bits);
                    out.bits(u32::from(unit), 16);
                }
                self.count_down();
                self.to_create.remove(&unit);
            }
            None => out.bits(phrase.code, self.bits),
        }
        self.count_down();
    }

    fn count_down(&mut self) {
        self.enlarge_in -= 1;
        if self.enlarge_in == 0 {
            self.enlarge_in = 1 << self.bits;
            self.bits += 1;
        }
    }
}

/// Reads codes from 6-bit values, highest bit of each value first.
struct Decompressor<'a> {
    values: &'a [u8],
    index: usize,
    position: u32,
    limit: usize,
}

impl<'a> Decompressor<'a> {
    fn new(values: &'a [u8], limit: usize) -> Self {
        Self {
            values,
            index: 0,
            position: 1 << (BITS_PER_CHAR - 1),
            limit,
        }
    }

    /// Reads `count` bits, lowest first; past the end, bits read as 0.
    fn bits(&mut self, count: u32) -> u32 {
        let mut result = 0;
        for power in 0..count {
            let value = u32::from(self.values.get(self.index).copied().unwrap_or(0));
            if value & self.position != 0 {
                result |= 1 << power;
            }
            self.position >>= 1;
            if self.position == 0 {
                self.position = 1 << (BITS_PER_CHAR - 1);
                self.index += 1;
            }
        }
        result
    }

    fn run(mut self) -> Result<Vec<u16>, LzError> {
        let mut dictionary: Vec<Vec<u16>> = vec![Vec::new(); 3];
        let first = match self.bits(2) {
            0 => self.bits(8) as u16,
            1 => self.bits(16) as u16,
            _ => return Ok(Vec::new()),
        };
        dictionary.push(vec![first]);
        let mut previous = vec![first];
        let mut result = vec![first];
        let (mut bits, mut enlarge_in) = (3u32, 4u32);
        loop {
            if self.index >= self.values.len() {
                return Err(LzError::Corrupt);
            }
            let mut code = self.bits(bits) as usize;
            match code {
                0 | 1 => {
                    let unit = self.bits(if code == 0 { 8 } else { 16 }) as u16;
                    dictionary.push(vec![unit]);
                    code = dictionary.len() - 1;
                    enlarge_in -= 1;
                }
                2 => return Ok(result),
                _ => {}
            }
            if enlarge_in == 0 {
                enlarge_in = 1 << bits;
                bits += 1;
            }
            let entry = match dictionary.get(code) {
                Some(entry) if code >= 3 => entry.clone(),
                None if code == dictionary.len() => {
                    let mut entry = previous.clone();
                    entry.push(previous[0]);
                    entry
                }
                _ => return Err(LzError::Corrupt),
            };
            if result.len() + entry.len() > self.limit {
                return Err(LzError::TooLong(self.limit));
            }
            result.extend_from_slice(&entry);
            let mut added = previous;
            added.push(entry[0]);
            dictionary.push(added);
            enlarge_in -= 1;
            previous = entry;
            if enlarge_in == 0 {
                enlarge_in = 1 << bits;
                bits += 1;
            }
            // A code never reaches 2^32 within the length limit; the width
            // stops growing long before `bits` could overflow a shift.
            if bits > 31 {
                return Err(LzError::Corrupt);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pairs that npm `lz-string` 1.5.0 produced with
    /// `compressToEncodedURIComponent`; the browser tests check the same
    /// file against the package itself.
    const VECTORS: &str = include_str!("../tests/browser/lz-vectors.json");

    fn vectors() -> Vec<(String, String)> {
        let value = engine::json::Json::parse(VECTORS).expect("the vectors file is JSON");
        crate::lesson::json::pairs_from_value(&value).expect("the vectors file is a list of pairs")
    }

    #[test]
    fn compress_matches_lz_string() {
        for (text, compressed) in vectors() {
            assert_eq!(compress(&text), compressed, "{text:?}");
        }
    }

    #[test]
    fn decompress_matches_lz_string() {
        for (text, compressed) in vectors() {
            assert_eq!(
                decompress(&compressed, 1 << 20),
                Ok(text.clone()),
                "{compressed}"
            );
        }
    }

    #[test]
    fn bad_inputs_give_errors() {
        let cases: &[(&str, LzError)] = &[
            ("", LzError::Corrupt),
            ("ab<c", LzError::InvalidCharacter(2)),
            ("é", LzError::InvalidCharacter(0)),
            ("A", LzError::Corrupt),
            ("M", LzError::Corrupt),
            ("CYewxg1g", LzError::Corrupt),
        ];
        for (input, error) in cases {
            assert_eq!(decompress(input, 1000).as_ref(), Err(error), "{input:?}");
        }
    }

    #[test]
    fn limit_stops_long_output() {
        let long = "a".repeat(10_000);
        let compressed = compress(&long);
        assert_eq!(decompress(&compressed, 10_000), Ok(long));
        assert_eq!(decompress(&compressed, 9_999), Err(LzError::TooLong(9_999)));
    }

    #[test]
    fn space_reads_as_plus() {
        let compressed = compress("~~~~ docker ps ~~~~ ünïcode 容器");
        assert!(compressed.contains('+') || compressed.contains('-') || !compressed.is_empty());
        let spaced = compressed.replace('+', " ");
        assert_eq!(
            decompress(&spaced, 1000).as_deref(),
            Ok("~~~~ docker ps ~~~~ ünïcode 容器")
        );
    }

    proptest! {
        #[test]
        fn round_trips(text in "\\PC{0,300}") {
            prop_assert_eq!(decompress(&compress(&text), 1 << 16), Ok(text));
        }

        #[test]
        fn arbitrary_alphabet_text_never_panics(input in "[A-Za-z0-9+$ -]{0,400}") {
            let _ = decompress(&input, 4096);
        }

        #[test]
        fn arbitrary_bytes_never_panic(input in "\\PC{0,200}") {
            let _ = decompress(&input, 4096);
        }
    }
}
