#!/usr/bin/env python3
"""Train crossdesk's language-identification model and write langid.bin
(layout and scoring: src/language/model/FORMAT.md).

    python3 scripts/langid/train.py --data OUT [--hand src/language/train] \
        [--out src/language/model/langid.bin]

--data is the folder prepare.py wrote (<code>.txt, <code>.words.txt);
--hand is crossdesk's own hand-written text (<code>.txt, Apache-2.0).
Deterministic: the same inputs give the same bytes (Python 3.11, regex).

Model, per language l the model scores (lidcore.MODEL_LANGS):
  n-grams  multinomial naive Bayes over the 1..5-grams of each space-padded
           word, hashed to 32 bits; (key, language) counts below MIN_COUNT
           dropped; additive smoothing ALPHA over V = the number of keys kept.
  words    relative frequency of the whole padded word in a table made from
           the language's frequency list (top LIST_TOP) plus TEXT_WORD_WEIGHT
           times its count in the training text (rescaled to the list's mass);
           a word the table knows but language l lacks scores
           ln(FLOOR * smallest count of l / total of l). Weighted by LAMBDA.
  Latin-script languages also learn an accent-stripped copy of every word
  with diacritics, at weight ACCENTLESS.
Records store ln P(feature | l) minus the unseen value of l, quantized to u8.

--holdout FILE  leaves out the training lines listed in FILE (lines
`<code><TAB><line number>`, 0-based), for tuning on held-out text.
"""
import argparse
import math
import os
import struct
import sys
from collections import Counter, defaultdict

from lidcore import (LANGS, MODEL_LANGS, LATIN, MAGIC, lang_script, words, word_grams, fnv, key32,
                     strip_accents, fnv1a64_bytes, f32)

MAX_N = 5            # n-grams of 1..MAX_N characters of the space-padded word
WORD_CUT = 24        # words are cut to 24 characters (as in model.rs)
WORD_SEED = 99       # FNV seed of the whole padded word (n-grams use n)
ALPHA = 0.1          # additive smoothing of the n-gram multinomial
MIN_COUNT = 5        # (key, language) n-gram counts below this are dropped
ACCENTLESS = 0.3     # weight of accent-stripped copies (Latin-script languages)
LIST_TOP = 20000     # frequency-list words kept per language
TEXT_WORD_WEIGHT = 2.0
FLOOR = 0.5          # known word absent from l: FLOOR * smallest count / total
LAMBDA = 16.0        # weight of the word records and of unseen_w
HAN_MAX = 8          # zh verdict with <= HAN_MAX letters: the model picks ja or zh
PRIOR = {"zh": 4.0}  # log-prior added to a candidate's score
# Confidence: posterior of the best candidate at temperature T0 + T1 * words
# (fitted on held-out text, see README.md).
T0 = 10.0
T1 = 6.0


def read_lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [l.rstrip("\n") for l in f if l.strip()]
    except FileNotFoundError:
        return []


def add_accentless(c):
    extra = Counter()
    for w, n in c.items():
        s = strip_accents(w)
        if s != w:
            extra[s] += ACCENTLESS * n
    for w, n in extra.items():
        c[w] += n


def corpus(data, hand, holdout):
    wc, lists = {}, {}
    for l in MODEL_LANGS:
        lines = read_lines(f"{data}/{l}.txt")
        if holdout:
            drop = holdout.get(l, set())
            lines = [x for i, x in enumerate(lines) if i not in drop]
        lines += read_lines(f"{hand}/{l}.txt")
        c = Counter()
        for line in lines:
            c.update(words(line))
        lst = Counter()
        for line in read_lines(f"{data}/{l}.words.txt"):
            w, n = line.split("\t")
            for part in words(w):
                lst[part] += int(n)
        if lang_script(l) == LATIN:
            add_accentless(c)
            add_accentless(lst)
        wc[l], lists[l] = c, lst
    return wc, lists


def quantize(records):
    """records: [(key, lang, weight)] -> (offset, scale, [(key, lang, q)]),
    weight ~ offset + scale * q in f32, q in 0..255."""
    lo = min(w for _, _, w in records)
    hi = max(w for _, _, w in records)
    off = f32(lo)
    scale = f32((hi - lo) / 255.0)
    out = []
    for k, j, w in records:
        q = int(math.floor((w - off) / scale + 0.5))
        out.append((k, j, min(255, max(0, q))))
    return off, scale, out


def train(data, hand, holdout=None):
    wc, lists = corpus(data, hand, holdout)
    L = len(LANGS)
    col = {l: LANGS.index(l) for l in MODEL_LANGS}
    # ---------------- n-grams, counted per 32-bit key
    ng = {}
    for l in MODEL_LANGS:
        j = col[l]
        c = Counter()
        for w, n in wc[l].items():
            for g in word_grams(w, MAX_N, WORD_CUT):
                c[g] += n
        kc = Counter()
        for (n, g), v in c.items():
            kc[key32(fnv(n, g))] += v
        for k, v in kc.items():
            if v >= MIN_COUNT:
                ng.setdefault(k, [0.0] * L)[j] = v
    N = [0.0] * L
    for v in ng.values():
        for j in range(L):
            N[j] += v[j]
    V = len(ng)
    unseen_ng = [0.0] * L
    for l in MODEL_LANGS:
        unseen_ng[col[l]] = math.log(ALPHA / (N[col[l]] + ALPHA * V))
    ng_records = []
    for k, v in ng.items():
        for j in range(L):
            if v[j] > 0:
                ng_records.append((k, j, math.log((v[j] + ALPHA) / ALPHA)))
    # ---------------- words
    known = set()
    table = defaultdict(lambda: [0.0] * L)
    for l in MODEL_LANGS:
        j = col[l]
        lst = Counter()
        for w, n in lists[l].items():
            lst[w[:WORD_CUT]] += n
        known.update(lst)
        if len(lst) > LIST_TOP:
            thr = sorted(lst.values(), reverse=True)[LIST_TOP - 1]
            lst = {w: n for w, n in lst.items() if n >= thr}
        for w, n in lst.items():
            table[w][j] = n
    list_mass = [sum(v[j] for v in table.values()) for j in range(L)]
    for l in MODEL_LANGS:
        j = col[l]
        text = Counter()
        for w, n in wc[l].items():
            text[w[:WORD_CUT]] += n
        scale = list_mass[j] / max(1, sum(text.values()))
        for w, n in text.items():
            if w in known:
                table[w][j] += TEXT_WORD_WEIGHT * n * scale
    wt = {}
    for w, v in table.items():
        if not any(v):
            continue
        k = key32(fnv(WORD_SEED, " " + w + " "))
        if k in wt:
            wt[k] = [a + b for a, b in zip(wt[k], v)]
        else:
            wt[k] = list(v)
    Nw = [sum(v[j] for v in wt.values()) for j in range(L)]
    unseen_w = [0.0] * L
    for l in MODEL_LANGS:
        j = col[l]
        cmin = min(v[j] for v in wt.values() if v[j] > 0)
        unseen_w[j] = math.log(FLOOR * cmin / Nw[j])
    w_records = []
    for k, v in wt.items():
        for j in range(L):
            if v[j] > 0:
                w_records.append((k, j, math.log(v[j] / Nw[j]) - unseen_w[j]))
    ng_records.sort()
    w_records.sort()
    prior = [PRIOR.get(l, 0.0) for l in LANGS]
    return dict(ng=quantize(ng_records), w=quantize(w_records), unseen_ng=unseen_ng, unseen_w=unseen_w,
                prior=prior, exact=(ng_records, w_records), V=V)


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def table_bytes(off, scale, recs):
    keys = []
    ents = bytearray()
    for i, (k, j, q) in enumerate(recs):
        if not keys or keys[-1] != k:
            keys.append(k)
        last = i + 1 == len(recs) or recs[i + 1][0] != k
        ents += bytes([j | (0x80 if last else 0), q])
    kb = bytearray()
    prev = 0
    for k in keys:
        kb += varint(k - prev)
        prev = k
    head = struct.pack("<3I2f", len(keys), len(recs), len(kb), off, scale)
    return head + bytes(kb) + bytes(ents)


def serialize(m):
    b = bytearray(MAGIC)
    b += struct.pack("<I", len(LANGS))
    for l in LANGS:
        e = l.encode("ascii")
        b += struct.pack("<B", len(e)) + e
    b += bytes(1 if l in MODEL_LANGS else 0 for l in LANGS)
    b += struct.pack("<4I", MAX_N, WORD_CUT, WORD_SEED, HAN_MAX)
    b += struct.pack("<3f", LAMBDA, T0, T1)
    for arr in (m["unseen_ng"], m["unseen_w"], m["prior"]):
        b += struct.pack(f"<{len(LANGS)}f", *arr)
    b += table_bytes(*m["ng"])
    b += table_bytes(*m["w"])
    b += struct.pack("<Q", fnv1a64_bytes(bytes(b)))
    return bytes(b)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--hand", default=os.path.join(here, "../../src/language/train"))
    ap.add_argument("--out", default=os.path.join(here, "../../src/language/model/langid.bin"))
    ap.add_argument("--holdout")
    a = ap.parse_args()
    holdout = None
    if a.holdout:
        holdout = defaultdict(set)
        for line in read_lines(a.holdout):
            l, i = line.split("\t")
            holdout[l].add(int(i))
    m = train(a.data, a.hand, holdout)
    data = serialize(m)
    with open(a.out, "wb") as f:
        f.write(data)
    nk = [len(set(k for k, _, _ in m[t][2])) for t in ("ng", "w")]
    print(f"{a.out}: {len(data)} bytes; n-gram table {nk[0]} keys, {len(m['ng'][2])} records; "
          f"word table {nk[1]} keys, {len(m['w'][2])} records", file=sys.stderr)


if __name__ == "__main__":
    main()
