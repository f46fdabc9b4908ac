#!/usr/bin/env python3
"""Evaluate langid.bin the way the Rust detector uses it (script rules of
src/language/script.rs, the Han rule, the model), with every one of the 31
languages served and no locale hint.

    python3 scripts/langid/eval.py [--model FILE] [--strip-accents] [--errors N] PATH...

PATH: .tsv files or folders of them, in either format
  lang<TAB>text[<TAB>hint]   (tests/corpus/langid*, examples/langid_eval.rs):
                             length class from the text, as langid_eval.rs does
  kind<TAB>text              (kind = sentence | pair | word), language from the
                             file name <code>.tsv
--length-classes  use langid_eval.rs's length classes for kind files too.
--thirdparty-kinds  for tests/corpus/langid-thirdparty: the kind by line number
                  (lines 1–400 of each file: 5–9 words, 401–800: two words,
                  the rest: one word), as labelled when the items were cut.

Test vectors (src/language/model/vectors.tsv):
  --write-vectors FILE   recompute the expected columns for the texts of FILE
  --check-vectors FILE   exit 1 unless the model reproduces FILE exactly
"""
import argparse
import os
import sys
from collections import Counter, defaultdict

import lidcore
from lidcore import LANGS, strip_accents

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ("sentence", "pair", "word")
KIND_NAMES = {"sentence": "5–9 words", "pair": "2 words", "word": "1 word"}


def read_items(paths, length_classes, by_line=False):
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".tsv"))
        else:
            files.append(p)
    items = []
    for path in files:
        with open(path, encoding="utf-8") as fh:
            n = 0
            for line in fh:
                line = line.rstrip("\n")
                if not line.strip():
                    continue
                n += 1
                cols = line.split("\t")
                if cols[0] in KINDS:
                    lang = os.path.basename(path)[:-4]
                    kind = lidcore.rust_kind(cols[1]) if length_classes else cols[0]
                    items.append((lang, kind, cols[1]))
                elif by_line:
                    items.append((cols[0], "sentence" if n <= 400 else "pair" if n <= 800 else "word", cols[1]))
                else:
                    items.append((cols[0], lidcore.rust_kind(cols[1]), cols[1]))
    return items


def vector_row(m, text):
    lang, how, s, conf = m.detect(text)
    letters = lidcore.language_letters(text)
    ngs, ws = m.features(letters) if how == "model" else ([], [])
    known = sum(1 for k in ws if k in m.words)
    order = sorted(s.items(), key=lambda kv: (-kv[1], -LANGS.index(kv[0])))[:3]
    top = " ".join(f"{l}:{v:.3f}" for l, v in order) or "-"
    c = f"{conf:.3f}" if how == "model" else "-"
    return [text, lang, how, str(len(ngs)), str(len(ws)), str(known), top, c]


VECTOR_HEADER = ("# text\texpected\tdecided_by\tngram_lookups\twords\tknown_words\t"
                 "top3 (candidate:score, best first)\tconfidence\n")


def vectors(m, path, write):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line.rstrip("\n").split("\t"))
    got = [vector_row(m, r[0]) for r in rows]
    if write:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(VECTOR_HEADER)
            for g in got:
                f.write("\t".join(g) + "\n")
        print(f"wrote {len(got)} vectors to {path}")
        return 0
    bad = 0
    for r, g in zip(rows, got):
        if r != g:
            bad += 1
            print("expected:", "\t".join(r), "\n     got:", "\t".join(g))
    print(f"{len(rows) - bad}/{len(rows)} vectors match")
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--model", default=os.path.join(HERE, "../../src/language/model/langid.bin"))
    ap.add_argument("--strip-accents", action="store_true", help="evaluate on accent-stripped text")
    ap.add_argument("--length-classes", action="store_true")
    ap.add_argument("--thirdparty-kinds", action="store_true")
    ap.add_argument("--han-max", type=int, help="override the model's Han rule (0: Han-only text is zh)")
    ap.add_argument("--errors", type=int, default=0, help="print this many misses per length class")
    ap.add_argument("--write-vectors")
    ap.add_argument("--check-vectors")
    a = ap.parse_args()
    m = lidcore.Model(a.model)
    if a.write_vectors or a.check_vectors:
        sys.exit(vectors(m, a.write_vectors or a.check_vectors, bool(a.write_vectors)))
    if not a.paths:
        ap.error("no evaluation files")
    items = read_items(a.paths, a.length_classes, a.thirdparty_kinds)
    right = defaultdict(lambda: [0, 0])
    conf = Counter()
    errors = defaultdict(list)
    for gold, kind, text in items:
        if a.strip_accents:
            text = strip_accents(text)
        p = m.detect(text, a.han_max)[0]
        r = right[(gold, kind)]
        r[1] += 1
        if p == gold:
            r[0] += 1
        else:
            conf[(gold, p)] += 1
            errors[kind].append(f"{gold}→{p}\t{text}")
    langs = sorted(set(g for g, _, _ in items))
    print(f"{os.path.basename(a.model)}: {m.n_records} records; {len(items)} items, {len(langs)} languages"
          + (", accents stripped" if a.strip_accents else "") + "\n")
    print("| lang | 5–9 words | 2 words | 1 word |\n|---|---|---|---|")
    macro = {k: [] for k in KINDS}
    for l in langs:
        cells = []
        for k in KINDS:
            r, n = right[(l, k)]
            if n:
                macro[k].append(r / n)
                cells.append(f"{100 * r / n:.1f}")
            else:
                cells.append("–")
        print(f"| {l} | " + " | ".join(cells) + " |")
    print("| **macro** | " + " | ".join(f"**{100 * sum(macro[k]) / max(1, len(macro[k])):.2f}**" for k in KINDS) + " |")
    other = sum(n for (l, k), (r, n) in right.items() if k == "other")
    if other:
        print(f"\n{other} items fall in no length class ('other'); not in the macro averages.")
    print("\nMost frequent confusions:", ", ".join(f"{g}→{p} {n}" for (g, p), n in conf.most_common(15)))
    for k in KINDS:
        for e in errors[k][:a.errors]:
            print(f"  [{KIND_NAMES[k]}] {e}")


if __name__ == "__main__":
    main()
