#!/usr/bin/env python3
"""Build the training text and word lists of the language-identification
model from the public sources listed in sources.tsv.

    python3 scripts/langid/prepare.py SOURCES OUT

SOURCES holds one checkout per repository, at the commit sources.tsv names:
SOURCES/<owner>/<name>/... (see README.md for the commands). Only the files
sources.tsv lists are read; their list and contents are checked against the
sha256 in sources.tsv before anything is written.

Writes, for each language the model scores (lidcore.MODEL_LANGS):
  OUT/<code>.txt        cleaned, de-duplicated sentences, one per line
  OUT/<code>.words.txt  word<TAB>count, at most 50,000 entries
Deterministic: the same sources give the same bytes.

Needs Python 3.11 (its Unicode tables decide isalpha/isdigit), and
janome 0.5.1 for the Japanese word list.
"""
import fnmatch
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

from lidcore import MODEL_LANGS

HERE = os.path.dirname(os.path.abspath(__file__))

# Languages whose script is not Latin (for the cleaning thresholds and word filters).
SCRIPT = {"zh": "han", "ja": "ja", "ko": "hangul", "ru": "cyr", "uk": "cyr", "ar": "arab", "fa": "arab",
          "he": "hebr", "hi": "deva", "th": "thai", "el": "grek"}
# Pre-tokenised treebanks: spaces before punctuation are removed.
DETOK_SRC = ("UD_Slovak-SNK", "UD_Vietnamese-VTB", "UD_Hungarian", "UD_Turkish-Penn", "UD_Persian-PerDT",
             "UD_Romanian-Nonstandard")


def script_of(ch):
    o = ord(ch)
    if o < 0x250 or 0x1E00 <= o < 0x1F00:
        return "latin"
    if 0x370 <= o < 0x400 or 0x1F00 <= o < 0x2000:
        return "grek"
    if 0x400 <= o < 0x530:
        return "cyr"
    if 0x590 <= o < 0x600 or 0xFB1D <= o < 0xFB50:
        return "hebr"
    if 0x600 <= o < 0x780 or 0xFB50 <= o < 0xFE00 or 0xFE70 <= o < 0xFF00 or 0x8A0 <= o < 0x900:
        return "arab"
    if 0x900 <= o < 0x980:
        return "deva"
    if 0xE00 <= o < 0xE80:
        return "thai"
    if 0xAC00 <= o < 0xD7B0 or 0x1100 <= o < 0x1200 or 0x3130 <= o < 0x3190:
        return "hangul"
    if 0x3040 <= o < 0x3100 or 0x31F0 <= o < 0x3200 or 0xFF66 <= o < 0xFFA0:
        return "kana"
    if 0x4E00 <= o < 0xA000 or 0x3400 <= o < 0x4DC0 or 0x20000 <= o < 0x2FA20 or 0xF900 <= o < 0xFB00:
        return "han"
    if 0xFF21 <= o < 0xFF5B:
        return "latin"  # fullwidth Latin
    return "other"


def script_ok(lang, s):
    want = SCRIPT.get(lang, "latin")
    if want == "ja":
        return s in ("han", "kana")
    if want == "han":
        return s == "han"
    return s == want


def nfc(s):
    return unicodedata.normalize("NFC", s)


URL = re.compile(r"https?://|www\.|\S+@\S+\.\w|\.(com|org|net|html?)\b", re.I)
DETOK = re.compile(r" ([,.;:!?%)\]}»])")
DETOK2 = re.compile(r"([(\[{«]) ")


def clean_line(lang, s, detok=False):
    """NFC, no NBSP/zero-width space, whitespace collapsed; None for lines with
    URLs or e-mail addresses, > 30 % digits, < 2 letters, or too few letters
    of the language's script."""
    s = nfc(s).replace("\u00a0", " ").replace("\u200b", "").strip()
    s = re.sub(r"\s+", " ", s)
    if detok and lang != "fr":
        s = DETOK.sub(r"\1", s)
        s = DETOK2.sub(r"\1", s)
    if len(s) < 2 or URL.search(s):
        return None
    nonspace = [c for c in s if not c.isspace()]
    if not nonspace:
        return None
    if sum(c.isdigit() for c in nonspace) / len(nonspace) > 0.3:
        return None
    letters = [c for c in s if c.isalpha()]
    if len(letters) < 2:
        return None
    good = sum(script_ok(lang, script_of(c)) for c in letters)
    thr = 0.6 if lang in ("zh", "ja") else (0.7 if lang in SCRIPT else 0.9)
    if good / len(letters) < thr:
        return None
    return s


def conllu_texts(text):
    """The '# text = ' line of every sentence of a CoNLL-U file."""
    sent = None
    for line in text.split("\n"):
        if line.startswith("# text = "):
            sent = line[9:]
        elif not line.strip():
            if sent is not None:
                yield sent
            sent = None
    if sent is not None:
        yield sent


# ---------------------------------------------------------------- sources
def read_manifest():
    rows = []
    with open(os.path.join(HERE, "sources.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            lang, role, repo, commit, lic, paths, n, digest = line.rstrip("\n").split("\t")
            rows.append(dict(lang=lang, role=role, repo=repo, commit=commit, licence=lic,
                             patterns=paths.split(" "), files=int(n), sha256=digest))
    return rows


def resolve(root, patterns):
    """Files of a checkout matching the patterns ('*' stays within a folder),
    sorted by UTF-8 bytes of the path (git's order)."""
    found = set()
    for pat in patterns:
        if "*" not in pat:
            if os.path.isfile(os.path.join(root, pat)):
                found.add(pat)
            continue
        base = pat.split("*")[0].rsplit("/", 1)[0] if "/" in pat.split("*")[0] else ""
        for dirpath, _, files in os.walk(os.path.join(root, base)):
            for fn in files:
                rel = os.path.relpath(os.path.join(dirpath, fn), root).replace(os.sep, "/")
                if rel.count("/") == pat.count("/") and fnmatch.fnmatchcase(rel, pat):
                    found.add(rel)
    return sorted(found, key=lambda p: p.encode())


def load(src, row):
    """{path: text} of one manifest row, verified."""
    root = os.path.join(src, row["repo"])
    paths = resolve(root, row["patterns"])
    h = hashlib.sha256()
    out = {}
    for p in paths:
        with open(os.path.join(root, p), "rb") as f:
            data = f.read()
        h.update(p.encode() + b"\0" + hashlib.sha256(data).hexdigest().encode() + b"\n")
        out[p] = data.decode("utf-8", "replace")
    if len(paths) != row["files"] or h.hexdigest() != row["sha256"]:
        sys.exit(f"{row['repo']} {' '.join(row['patterns'])}: {len(paths)} files, digest {h.hexdigest()}; "
                 f"sources.tsv expects {row['files']} files, {row['sha256']} (wrong commit or missing files?)")
    return out


def sentences(row, files):
    """(source tag, raw sentence) of a manifest row, in file order."""
    role = row["role"]
    for p, text in files.items():
        if role == "ud":
            for s in conllu_texts(text):
                yield "ud:" + row["repo"], s
        elif role in ("ntrex", "tico"):
            for s in text.splitlines():
                yield role, s
        elif role == "xquad":
            for art in json.loads(text)["data"]:
                for para in art["paragraphs"]:
                    for s in re.split(r"(?<=[.!?\u3002\uff01\uff1f\u0964])\s+", para["context"]):
                        yield role, s
                    for qa in para["qas"]:
                        yield role, qa["question"]


# ---------------------------------------------------------------- word lists
PUNCT_STRIP = "\"'“”„«»‘’‚()[]{}.,;:!?¿¡…—–-·、。，！？：；（）「」『』《》〈〉【】"


def strip_p(t):
    return t.strip(PUNCT_STRIP + " ")


def is_word(w, lang, minlen):
    if not w or any(c.isdigit() for c in w):
        return False
    core = w.replace("'", "").replace("’", "").replace("-", "")
    if not core or not core.isalpha():
        return False
    if not all(script_ok(lang, script_of(c)) for c in core):
        return False
    return len(core) >= minlen


def freq_counts(files):
    """FrequencyWords lists ('word count' lines), summed over the files."""
    cnt = Counter()
    for text in files.values():
        for line in text.splitlines():
            parts = line.rsplit(" ", 1)
            if len(parts) != 2 or not parts[1].isdigit():
                continue
            cnt[nfc(parts[0].strip())] += int(parts[1])
    return cnt


def word_list(lang, lines, freq, en_top):
    wl = Counter()
    if lang == "ja":
        # FrequencyWords' Japanese list is split into characters: count
        # janome tokens of the training text instead.
        from janome.tokenizer import Tokenizer
        jt = Tokenizer()
        for line in lines:
            for t in jt.tokenize(line):
                t = strip_p(t.surface)
                if is_word(t, lang, 1):
                    wl[t] += 1
        return wl.most_common(50000)
    # Words of the English top 3,000 that slipped into another Latin-script
    # language's subtitles are kept only if that language's text has them.
    tc = Counter()
    for line in lines:
        for t in line.split():
            tc[strip_p(t).lower()] += 1
    for w, c in freq.items():
        if not is_word(w, lang, 1):
            continue
        if lang != "en" and SCRIPT.get(lang, "latin") == "latin" and w in en_top and tc[w.lower()] == 0:
            continue
        wl[w] += c
    return wl.most_common(50000)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    rows = read_manifest()
    os.makedirs(out, exist_ok=True)
    by_lang = defaultdict(list)
    for r in rows:
        by_lang[r["lang"]].append(r)
    en_freq = Counter()
    for r in by_lang["en"]:
        if r["role"] == "freq":
            en_freq += freq_counts(load(src, r))
    en_top = set(w for w, _ in en_freq.most_common(3000))
    for lang in MODEL_LANGS:
        seen, lines = set(), []
        freq = Counter()
        for r in by_lang[lang]:
            files = load(src, r)
            if r["role"] == "freq":
                f = freq_counts(files)
                for w, c in f.items():
                    freq[w] += c
                continue
            for tag, s in sentences(r, files):
                c = clean_line(lang, s, detok=any(k in tag for k in DETOK_SRC))
                if c is None or c.lower() in seen:
                    continue
                seen.add(c.lower())
                lines.append(c)
        with open(os.path.join(out, f"{lang}.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        top = word_list(lang, lines, freq, en_top)
        with open(os.path.join(out, f"{lang}.words.txt"), "w", encoding="utf-8", newline="\n") as f:
            for w, c in top:
                f.write(f"{w}\t{c}\n")
        print(f"{lang}: {len(lines)} lines, {sum(len(x.encode()) + 1 for x in lines)} bytes, {len(top)} list words",
              file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
