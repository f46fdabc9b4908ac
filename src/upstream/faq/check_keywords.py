#!/usr/bin/env python3
"""Check src/upstream/faq/keywords.tsv (the FAQ bot's keywords in 30 languages).

Written for crossdesk, Apache-2.0. Python 3, standard library only.

It checks the file's format, then classifies a small sanity set of shopper
messages (composed by hand, none copied from the keywords) with the same
matching semantics the Rust FAQ bot implements, prints the accuracy per
language and every failure, and exits 0 only if the format is clean and
every sanity message reaches its expected intent (or, for the `none` lines,
no intent at all).

Matching semantics:
  * the message is lower-cased (Unicode default lower-casing, as Rust's
    str::to_lowercase and Python's str.lower: "İ" becomes "i" + U+0307);
  * words are maximal runs of letters, digits and combining marks
    (general categories L*, N*, M*) plus ZWNJ/ZWJ (U+200C, U+200D);
    everything else separates words; the words are joined with single
    spaces and padded with one space on each side;
  * zh, ja, th: a keyword matches as a plain substring of the words joined
    without any space;
  * every other language: a keyword is one or more words matched on word
    boundaries; a trailing `*` makes its last word a prefix, a leading `*`
    makes its first word a suffix, `*foo*` matches inside any word;
  * intents are tried in INTENTS order; the first intent with a matching
    keyword (of the message's language) wins.

Usage: check_keywords.py [--english] [-v] [-w]
  --english  also try the English RULES parsed (best effort) from intents.rs,
             as the bot does: English keywords are tried with every
             language's own, per intent; the first English "shipping" block
             (how long, how many days) counts as shipping_time
  -v         print every sanity message with its result
  -w         list the warnings (short wildcard stems, one-character keywords)
"""

import os
import re
import sys
import unicodedata

INTENTS = [
    "human", "cancel", "change_address", "damaged", "payment_failed",
    "refunds", "returns", "coupon", "payment", "size_stock",
    "shipping_time", "order_status", "shipping", "thanks", "greeting",
]
LANGS = [
    "zh", "ja", "ko", "es", "pt", "fr", "de", "it", "nl", "pl", "ru", "uk",
    "tr", "ar", "he", "fa", "hi", "th", "vi", "id", "ms", "sv", "da", "nb",
    "fi", "cs", "ro", "el", "hu", "sk",
]
UNSPACED = {"zh", "ja", "th"}

HERE = os.path.dirname(os.path.abspath(__file__))
TSV = os.path.join(HERE, "keywords.tsv")
FAQ_RS = os.path.join(HERE, "intents.rs")


def is_word_char(ch):
    return unicodedata.category(ch)[0] in "LNM" or ch in "\u200c\u200d"


def words_of(text):
    out, cur = [], []
    for ch in text.lower():
        if is_word_char(ch):
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def stem_size(stem):
    """Letters in a stem: a Hangul syllable block counts as three (its jamo),
    a Devanagari vowel sign as one, other combining marks (harakat, niqqud)
    and ZWNJ/ZWJ as none."""
    size = 0
    for ch in stem:
        if "\uac00" <= ch <= "\ud7a3":
            size += 3
        elif unicodedata.category(ch)[0] == "M":
            size += "\u0900" <= ch <= "\u097f" and ch not in "\u094d\u093c"
        elif ch not in "\u200c\u200d":
            size += 1
    return size


class Keyword:
    def __init__(self, intent, lang, text):
        self.intent, self.lang, self.text = intent, lang, text
        if lang in UNSPACED:
            self.rx = None
            self.sub = text
        else:
            core = text.strip("*")
            self.rx = re.compile(
                " "
                + ("[^ ]*" if text.startswith("*") else "")
                + re.escape(core)
                + ("[^ ]*" if text.endswith("*") else "")
                + " "
            )

    def hit(self, spaced, joined):
        if self.rx is None:
            return self.sub in joined
        return self.rx.search(spaced) is not None


def load(path):
    """Returns ({lang: {intent: [Keyword]}}, [errors], [warnings])."""
    errors, warnings = [], []
    table = {lang: {intent: [] for intent in INTENTS} for lang in LANGS}
    seen = {}
    last = (-1, -1)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        errors.append("file does not end with a newline")
    header_done = False
    for no, line in enumerate(lines, 1):
        where = f"line {no}"
        if line.startswith("#"):
            if header_done:
                warnings.append(f"{where}: comment after the first keyword")
            continue
        if not line.strip():
            continue
        header_done = True
        if line != line.strip(" \r"):
            errors.append(f"{where}: leading/trailing blank or CR: {line!r}")
        fields = line.rstrip("\r").split("\t")
        if len(fields) != 3:
            errors.append(f"{where}: expected 3 tab-separated fields: {line!r}")
            continue
        intent, lang, kw = fields
        if intent not in INTENTS:
            errors.append(f"{where}: unknown intent {intent!r}")
            continue
        if lang not in LANGS:
            errors.append(f"{where}: unknown language {lang!r}")
            continue
        pos = (LANGS.index(lang), INTENTS.index(intent))
        if pos < last:
            errors.append(f"{where}: not grouped by language, then intent order: {line!r}")
        last = max(last, pos)
        if kw == "" or kw.strip("*") == "":
            errors.append(f"{where}: empty keyword or only '*': {line!r}")
            continue
        if kw != kw.lower():
            errors.append(f"{where}: keyword not lower-case: {kw!r}")
        if unicodedata.normalize("NFC", kw) != kw:
            errors.append(f"{where}: keyword not in NFC: {kw!r}")
        core = kw.strip("*")
        if "*" in core:
            errors.append(f"{where}: '*' only allowed at either end: {kw!r}")
        if lang in UNSPACED:
            if "*" in kw or " " in kw:
                errors.append(f"{where}: {lang} keywords are plain substrings (no '*' or space): {kw!r}")
            if "".join(words_of(kw)) != kw:
                errors.append(f"{where}: keyword holds characters that are never in a word: {kw!r}")
            if len(kw) < 2:
                warnings.append(f"{where}: one-character {lang} keyword {kw!r}")
        else:
            if " ".join(words_of(core)) != core:
                errors.append(f"{where}: keyword is not words separated by single spaces "
                              f"(punctuation never matches): {kw!r}")
            stem = core.split(" ")[0] if kw.startswith("*") else core.split(" ")[-1]
            size = stem_size(stem)
            if "*" in kw and " " not in core and size <= 2:
                errors.append(f"{where}: wildcard stem too short: {kw!r}")
            elif "*" in kw and " " not in core and size == 3:
                warnings.append(f"{where}: three-letter wildcard stem: {kw!r}")
        key = (lang, kw)
        if key in seen:
            errors.append(f"{where}: duplicate keyword {kw!r} ({lang}), first on line {seen[key]}")
            continue
        seen[key] = no
        table[lang][intent].append(Keyword(intent, lang, kw))
    for lang in LANGS:
        for intent in INTENTS:
            if not table[lang][intent]:
                errors.append(f"{lang}: no keyword for {intent}")
    return table, errors, warnings


def english_rules(path):
    """The English RULES of intents.rs, the first 'shipping' block being shipping_time."""
    with open(path, encoding="utf-8") as f:
        src = f.read()
    body = src.split("const RULES", 1)[1].split("];\n", 1)[0]
    rules = {intent: [] for intent in INTENTS}
    seen_shipping = False
    for m in re.finditer(r'\(\s*"([a-z_]+)",\s*&\[(.*?)\]', body, re.S):
        intent = m.group(1)
        if intent == "shipping" and not seen_shipping:
            intent, seen_shipping = "shipping_time", True
        for kw in re.findall(r'"([^"]*)"', m.group(2)):
            rules[intent].append(Keyword(intent, "en", kw))
    return rules


def classify(table, lang, text, english=None):
    words = words_of(text)
    spaced = " " + " ".join(words) + " "
    joined = "".join(words)
    for intent in INTENTS:
        for kw in table[lang][intent] + (english[intent] if english else []):
            if kw.hit(spaced, joined):
                return intent, kw
    return None, None


def selftest():
    """The matching semantics on a few fixed cases (documentation for the Rust side)."""
    assert words_of("İADE, lütfen!") == ["i\u0307ade", "lütfen"]
    assert words_of("می\u200cخواهم") == ["می\u200cخواهم"]          # ZWNJ stays inside
    assert words_of("किसी इंसान से") == ["किसी", "इंसान", "से"]       # vowel signs stay
    assert words_of("l'adresse e-mail") == ["l", "adresse", "e", "mail"]
    cases = [
        ("de", "rückerstatt*", "Wann kommen die Rückerstattungen?", True),
        ("de", "rückerstatt*", "keine zurückerstattung", False),
        ("de", "*lieferung", "Die Paketlieferung kam nicht", True),
        ("de", "*verfolg*", "Sendungsverfolgungsnummer bitte", True),
        ("es", "no ha llegado", "Mi pedido no ha llegado", True),
        ("es", "no ha llegado", "no ha   llegado!", True),
        ("es", "no ha llegado", "no lo ha llegado", False),
        ("fr", "pas reçu", "pas reçue", False),
        ("zh", "退款", "我要 退 款", True),                                # joined without spaces
        ("th", "คืนเงิน", "ขอคืนเงินค่ะ", True),
    ]
    for lang, kw, text, want in cases:
        words = words_of(text)
        got = Keyword("thanks", lang, kw).hit(" " + " ".join(words) + " ", "".join(words))
        assert got == want, (lang, kw, text)


# The sanity set ("lang intent message" per line; intent `none`: no intent
# may match), beside this script.
CASES = os.path.join(HERE, "keyword-cases.txt")


def sanity_cases():
    cases = []
    with open(CASES, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        lang, intent, text = line.split(" ", 2)
        cases.append((lang, intent, text))
    return cases


def main():
    selftest()
    english = None
    verbose = "-v" in sys.argv[1:]
    table, errors, warnings = load(TSV)
    if "--english" in sys.argv[1:]:
        english = english_rules(FAQ_RS)
    for w in warnings if "-w" in sys.argv[1:] else []:
        print("warning:", w)
    if warnings and "-w" not in sys.argv[1:]:
        print(f"{len(warnings)} warning(s) (three-letter wildcard stems, one-character "
              "keywords); -w lists them")
    counts = {lang: sum(len(v) for v in table[lang].values()) for lang in LANGS}
    print(f"{sum(counts.values())} keywords: "
          + " ".join(f"{lang}={counts[lang]}" for lang in LANGS))

    cases = sanity_cases()
    bad_case = [c for c in cases if c[0] not in LANGS or (c[1] not in INTENTS and c[1] != "none")]
    for c in bad_case:
        errors.append(f"bad sanity line: {c}")
    per = {lang: [0, 0] for lang in LANGS}
    coverage = {lang: {i: 0 for i in INTENTS + ["none"]} for lang in LANGS}
    failures = []
    for lang, want, text in cases:
        if lang not in LANGS:
            continue
        got, kw = classify(table, lang, text, english)
        got = got or "none"
        coverage[lang][want] = coverage[lang].get(want, 0) + 1
        per[lang][1] += 1
        ok = got == want
        per[lang][0] += ok
        if verbose:
            print(f"{'ok  ' if ok else 'FAIL'} {lang} {want:14} {got:14} "
                  f"[{kw.text if kw else ''}] {text}")
        if not ok:
            failures.append(f"FAIL {lang}: expected {want}, got {got}"
                            f"{' (keyword ' + repr(kw.text) + ')' if kw else ''}: {text}")
    for lang in LANGS:
        thin = [i for i in INTENTS if coverage[lang][i] < 2]
        if coverage[lang]["none"] < 3:
            thin.append("none")
        if thin:
            errors.append(f"{lang}: sanity set too thin for {', '.join(thin)}")
    print("sanity accuracy per language"
          + (" (with the English RULES)" if english else "") + ":")
    total = [0, 0]
    for lang in LANGS:
        right, n = per[lang]
        total[0] += right
        total[1] += n
        pct = 100.0 * right / n if n else 0.0
        print(f"  {lang}  {right:3}/{n:<3} {pct:5.1f} %")
    pct = 100.0 * total[0] / total[1] if total[1] else 0.0
    print(f"  all {total[0]}/{total[1]} {pct:.1f} %")
    for f in failures:
        print(f)
    for e in errors:
        print("error:", e)
    if errors:
        print(f"{len(errors)} error(s)")
    if errors or failures:
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
