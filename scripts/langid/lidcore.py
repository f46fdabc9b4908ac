"""Shared code of the language-identification scripts: a Python port of the
parts of crossdesk's detector the model depends on (`src/language/guess.rs`,
`src/language/model.rs`, `src/language/script.rs`) and the reader/scorer of
`src/language/model/langid.bin` (layout: `src/language/model/FORMAT.md`).

Needs Python 3.11 and the `regex` package (for the Unicode Alphabetic
property, which is what Rust's `char::is_alphabetic` tests).
"""
import math
import struct
import unicodedata

import regex

# Every language crossdesk serves, in model-index order (sorted codes).
LANGS = "ar cs da de el en es fa fi fr he hi hu id it ja ko ms nb nl pl pt ro ru sk sv th tr uk vi zh".split()
# Decided by the script rules alone (script.rs): never scored by the model,
# so the model stores no records for them.
SCRIPT_ONLY = {"el", "he", "hi", "ko", "th"}
MODEL_LANGS = [l for l in LANGS if l not in SCRIPT_ONLY]

# ---------------------------------------------------------------- chars
_ALPHA = regex.compile(r"\p{Alphabetic}")
# model.rs `is_mark`: these code points belong to their word
_MARK_RANGES = [(0x300, 0x36F), (0x610, 0x61A), (0x64B, 0x65F), (0x900, 0x903), (0x93A, 0x94F),
                (0x951, 0x957), (0x962, 0x963), (0xE31, 0xE31), (0xE34, 0xE3A), (0xE47, 0xE4E),
                (0x200C, 0x200D)]
_mark_class = "".join(chr(a) + "-" + chr(b) for a, b in _MARK_RANGES)
_WORD = regex.compile(r"[\p{Alphabetic}'\u2019" + _mark_class + r"]+")


def is_alpha(c):
    """Rust char::is_alphabetic (Unicode Alphabetic property)."""
    return _ALPHA.match(c) is not None


def lower_chars(w):
    """Rust `chars().flat_map(char::to_lowercase)`: per-character lower-casing
    (no final-sigma rule)."""
    return "".join(c.lower() for c in w)


def words(text):
    """model.rs `words`: runs of alphabetic characters, apostrophes (' and ’)
    and the marks above that contain at least one alphabetic character;
    lower-cased per character, apostrophes removed."""
    out = []
    for w in _WORD.findall(text):
        if _ALPHA.search(w) is None:
            continue
        out.append(lower_chars(w).replace("'", "").replace("\u2019", ""))
    return out


def fnv(seed, s):
    """model.rs `fnv`: FNV-1a over the characters' code points (one step per
    char, not per byte), 64-bit, offset basis xor seed."""
    h = 0xCBF29CE484222325 ^ seed
    for c in s:
        h ^= ord(c)
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def key32(h):
    """The 32-bit key stored in the model: xor-fold of the 64-bit hash."""
    return (h ^ (h >> 32)) & 0xFFFFFFFF


def fnv1a64_bytes(data):
    """Plain FNV-1a 64 over bytes (the file checksum)."""
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def word_grams(w, max_n, cut):
    """(seed, gram) of the 1..max_n-grams of ' ' + w[:cut] + ' ', in order
    (n ascending, then position); the 1-gram ' ' is skipped."""
    padded = " " + w[:cut] + " "
    out = []
    for n in range(1, max_n + 1):
        for i in range(len(padded) - n + 1):
            g = padded[i:i + n]
            if n == 1 and g == " ":
                continue
            out.append((n, g))
    return out


# ---------------------------------------------------------------- script.rs
LATIN, CYRILLIC, ARABIC, HEBREW, GREEK, DEVANAGARI, THAI, HANGUL, KANA, HAN, OTHER = range(11)


def script_of(c):
    o = ord(c)
    if 0x41 <= o <= 0x5A or 0x61 <= o <= 0x7A or 0xC0 <= o <= 0x24F or 0x1E00 <= o <= 0x1EFF:
        return LATIN
    if 0x370 <= o <= 0x3FF or 0x1F00 <= o <= 0x1FFF:
        return GREEK
    if 0x400 <= o <= 0x52F:
        return CYRILLIC
    if 0x590 <= o <= 0x5FF or 0xFB1D <= o <= 0xFB4F:
        return HEBREW
    if 0x600 <= o <= 0x6FF or 0x750 <= o <= 0x77F or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
        return ARABIC
    if 0x900 <= o <= 0x97F:
        return DEVANAGARI
    if 0xE00 <= o <= 0xE7F:
        return THAI
    if 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F or 0xAC00 <= o <= 0xD7AF:
        return HANGUL
    if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F:
        return KANA
    if 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF:
        return HAN
    if is_alpha(c):
        return OTHER
    return None


def counts_of(text):
    """script.rs Counts::of: (total letters, [(script, n)] in order of first appearance)."""
    order, idx, total = [], {}, 0
    for ch in text:
        s = script_of(ch)
        if s is None:
            continue
        total += 1
        if s in idx:
            order[idx[s]][1] += 1
        else:
            idx[s] = len(order)
            order.append([s, 1])
    return total, order


def main_script(order):
    """Counts::main: Han, kana, Hangul and Thai count 4 times; ties go to the
    script seen last (Rust's max_by_key returns the last maximum)."""
    best, bk = None, None
    for s, n in order:
        k = n * 4 if s in (HAN, KANA, HANGUL, THAI) else n
        if bk is None or k >= bk:
            best, bk = s, k
    return best


PERSIAN_ONLY = set("پچژگیک")
ARABIC_ONLY = set("ةيكىإأؤئ")
UKRAINIAN_ONLY = set("іїєґІЇЄҐ")
RUSSIAN_ONLY = set("ыэъёЫЭЪЁ")


def verdict(text, total, order):
    """script.rs verdict: ('lang', code) | ('among', [codes]) | ('open', None)."""
    main = main_script(order)
    if main is None:
        return ("open", None)
    get = dict((s, n) for s, n in order)
    kana, han = get.get(KANA, 0), get.get(HAN, 0)
    if kana > 0 and kana + han >= total // 2:
        return ("lang", "ja")
    m = {HANGUL: "ko", HAN: "zh", KANA: "ja", THAI: "th", GREEK: "el", HEBREW: "he", DEVANAGARI: "hi"}
    if main in m:
        return ("lang", m[main])
    if main == ARABIC:
        p = any(c in PERSIAN_ONLY for c in text)
        a = any(c in ARABIC_ONLY for c in text)
        if p and not a:
            return ("lang", "fa")
        if a and not p:
            return ("lang", "ar")
        return ("among", ["ar", "fa", "ur"])
    if main == CYRILLIC:
        u = any(c in UKRAINIAN_ONLY for c in text)
        r = any(c in RUSSIAN_ONLY for c in text)
        if u and not r:
            return ("lang", "uk")
        if r and not u:
            return ("lang", "ru")
        return ("among", ["ru", "uk", "bg", "sr", "mk", "be", "kk"])
    return ("open", None)


def lang_script(l):
    """guess.rs lang_script."""
    return {"ja": KANA, "ar": ARABIC, "fa": ARABIC, "ur": ARABIC, "ru": CYRILLIC, "uk": CYRILLIC,
            "he": HEBREW, "el": GREEK, "hi": DEVANAGARI, "th": THAI, "ko": HANGUL, "zh": HAN}.get(l, LATIN)


# ---------------------------------------------------------------- guess.rs
NEUTRAL_WORDS = {"ok", "okay", "okey", "oki", "k", "kk", "lol", "xd", "thx", "pls", "plz"}


def _code_char(c):
    return (c.isascii() and c.isalnum()) or c in "#-_/."


def language_letters(text):
    """guess.rs language_letters: drops URLs, e-mail addresses,
    placeholders and runs of ASCII letters/digits/#-_/. that contain a digit."""
    out = []
    for word in text.split():
        if "://" in word or word.startswith("www.") or "@" in word or "\u27e6" in word:
            continue
        i, n = 0, len(word)
        while i < n:
            if _code_char(word[i]):
                s = i
                while i < n and _code_char(word[i]):
                    i += 1
                run = word[s:i]
                if not any(c.isascii() and c.isdigit() for c in run):
                    out.append(run)
            else:
                out.append(word[i])
                i += 1
        out.append(" ")
    s = "".join(out)
    if any(is_alpha(c) for c in s):
        return s.rstrip()
    return ""


_ALNUM_SPLIT = regex.compile(r"[^\p{Alphabetic}\p{N}]")


def is_neutral(text):
    ws = [w.lower() for w in _ALNUM_SPLIT.split(text) if w]
    return bool(ws) and all(w in NEUTRAL_WORDS or all(c.isascii() and c.isdigit() for c in w) for w in ws)


def candidates_of(text, han_max):
    """What the script layer leaves to the model, for a deployment serving
    all 31 languages, without a locale hint:
      ('none', None, letters)      no language in the text
      ('lang', code, letters)      decided without the model
      ('cands', [codes], letters)  the model chooses among these (LANGS order)
    Includes the Han rule: a zh verdict with at most han_max letters goes to
    the model as [ja, zh]."""
    letters = language_letters(text)
    if not letters or is_neutral(text):
        return ("none", None, letters)
    total, order = counts_of(letters)
    v = verdict(letters, total, order)
    if v == ("lang", "zh") and han_max > 0 and total <= han_max:
        return ("cands", ["ja", "zh"], letters)
    if v[0] == "lang":
        return ("lang", v[1], letters)
    if v[0] == "among":
        c = [l for l in LANGS if l in v[1]]
    else:
        main = main_script(order)
        c = [l for l in LANGS if lang_script(l) == main]
    if not c:
        return ("none", None, letters)
    if len(c) == 1:
        return ("lang", c[0], letters)
    return ("cands", c, letters)


# ---------------------------------------------------------------- text helpers
_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss",
                        "æ": "ae", "Æ": "AE", "ı": "i", "œ": "oe"})


def strip_accents(s):
    """Typing without diacritics: NFD, drop U+0300–U+036F, map đ ł ø ß æ ı œ, NFC."""
    s = "".join(ch for ch in unicodedata.normalize("NFD", s) if not 0x300 <= ord(ch) <= 0x36F)
    return unicodedata.normalize("NFC", s.translate(_EXTRA))


def rust_kind(text):
    """examples/langid_eval.rs `kind`: 'sentence' (5–9 words), 'pair',
    'word' or 'other'; unspaced text (kana/Han/Thai) counts characters."""
    nw = len(text.split())
    uns = sum(1 for c in text if 0x3040 <= ord(c) <= 0x30FF or 0x3400 <= ord(c) <= 0x9FFF or 0xE00 <= ord(c) <= 0xE7F)
    letters = sum(1 for c in text if is_alpha(c))
    if uns * 2 > letters and nw <= 2:
        return "word" if uns <= 3 else ("pair" if uns <= 5 else "sentence")
    return {1: "word", 2: "pair"}.get(nw, "sentence" if 5 <= nw <= 9 else "other")


# ---------------------------------------------------------------- the model file
MAGIC = b"CDLID\x00\x00\x02"


def read_varint(data, o):
    v, shift = 0, 0
    while True:
        b = data[o]
        o += 1
        v |= (b & 0x7F) << shift
        if b < 0x80:
            return v, o
        shift += 7


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


class Model:
    """Reader and scorer of langid.bin, the reference the Rust reader
    (`src/language/model.rs`) matches (FORMAT.md)."""

    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        assert data[:8] == MAGIC, "not a langid.bin of format version 2"
        (check,) = struct.unpack_from("<Q", data, len(data) - 8)
        assert check == fnv1a64_bytes(data[:-8]), "checksum mismatch"
        o = 8
        (n,) = struct.unpack_from("<I", data, o); o += 4
        self.langs = []
        for _ in range(n):
            k = data[o]; o += 1
            self.langs.append(data[o:o + k].decode("ascii")); o += k
        self.flags = list(data[o:o + n]); o += n
        (self.max_n, self.cut, self.word_seed, self.han_max) = struct.unpack_from("<4I", data, o); o += 16
        (self.lam, self.t0, self.t1) = struct.unpack_from("<3f", data, o); o += 12
        self.unseen_ng = list(struct.unpack_from(f"<{n}f", data, o)); o += 4 * n
        self.unseen_w = list(struct.unpack_from(f"<{n}f", data, o)); o += 4 * n
        self.prior = list(struct.unpack_from(f"<{n}f", data, o)); o += 4 * n
        self.tables = []
        for _ in range(2):
            nk, ne, kb = struct.unpack_from("<3I", data, o); o += 12
            off, scale = struct.unpack_from("<2f", data, o); o += 8
            end = o + kb
            keys, k = [], 0
            while o < end:
                d, o = read_varint(data, o)
                k += d
                keys.append(k)
            assert len(keys) == nk and o == end
            table = {}
            i = 0
            for key in keys:
                lst = []
                while True:
                    lb, q = data[o], data[o + 1]; o += 2
                    i += 1
                    # weight = offset + scale * q, in f32 arithmetic
                    w = f32(off + f32(scale * q))
                    lst.append((lb & 0x7F, w))
                    if lb & 0x80:
                        break
                table[key] = lst
            assert i == ne
            self.tables.append(table)
        assert o == len(data) - 8
        self.ngrams, self.words = self.tables
        self.index = {l: i for i, l in enumerate(self.langs)}
        self.n_records = sum(len(v) for t in self.tables for v in t.values())

    def features(self, letters):
        """(n-gram keys, word keys) of the text after language_letters."""
        ngs, ws = [], []
        for w in words(letters):
            for n, g in word_grams(w, self.max_n, self.cut):
                ngs.append(key32(fnv(n, g)))
            ws.append(key32(fnv(self.word_seed, " " + w[:self.cut] + " ")))
        return ngs, ws

    def scores(self, letters, cands):
        """Score of each candidate (model indices) and the number of words."""
        ngs, ws = self.features(letters)
        s = {j: 0.0 for j in cands}
        for k in ngs:
            for j, d in self.ngrams.get(k, ()):
                if j in s:
                    s[j] += d
        known = 0
        for k in ws:
            e = self.words.get(k)
            if e is None:
                continue
            known += 1
            for j, d in e:
                if j in s:
                    s[j] += self.lam * d
        for j in cands:
            s[j] += self.prior[j] + self.unseen_ng[j] * len(ngs) + self.lam * self.unseen_w[j] * known
        return s, len(ws)

    def confidence(self, s, n_words):
        """Posterior of the best candidate with temperature t0 + t1 * words."""
        t = self.t0 + self.t1 * n_words
        best = max(s.values())
        return 1.0 / sum(math.exp((v - best) / t) for v in s.values())

    def detect(self, text, han_max=None):
        """(language or 'und', how: 'none'|'script'|'model', scores, confidence)."""
        hm = self.han_max if han_max is None else han_max
        how, v, letters = candidates_of(text, hm)
        if how == "none":
            return "und", "none", {}, 0.0
        if how == "lang":
            return v, "script", {}, 1.0
        cands = [self.index[l] for l in v]
        s, nw = self.scores(letters, cands)
        best = max(s.values())
        top = [j for j in cands if s[j] == best][-1]  # ties: the last candidate
        return self.langs[top], "model", {self.langs[j]: x for j, x in s.items()}, self.confidence(s, nw)
