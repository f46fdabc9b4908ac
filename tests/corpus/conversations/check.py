#!/usr/bin/env python3
"""Checks the conversation corpus and locales/memory/answers.tmx.
Run from anywhere: python3 tests/corpus/conversations/check.py"""
import pathlib, re, sys, xml.etree.ElementTree as ET

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
LANGS = "ar cs da de el en es fa fi fr he hi hu id it ja ko ms nb nl pl pt ro ru sk sv th tr uk vi zh".split()
INTENTS = "order_status damaged refunds returns change_address cancel coupon size_stock payment_failed shipping human".split()
ANY = lambda *ws: lambda e: any(w in e for w in ws)
CUE = {
    "order_status": ANY("where is", "track", "not received", "arrive"),
    "damaged": ANY("damaged", "broken"),
    "refunds": ANY("refund"),
    "returns": ANY("return"),
    "change_address": ANY("address"),
    "cancel": ANY("cancel"),
    "coupon": ANY("coupon", "discount code", "promo code"),
    "size_stock": ANY("size", "in stock"),
    "payment_failed": lambda e: "payment" in e and ANY("failed", "declined", "did not go through")(e),
    "shipping": ANY("how long", "delivery time", "shipping"),
    "human": ANY("person", "human", "agent", "talk to", "speak to"),
}
XL = "{http://www.w3.org/XML/1998/namespace}lang"
errors = []
err = errors.append
norm = lambda s: re.sub(r"[\W_]+", " ", s.lower()).strip()

questions = {norm(s.text or "") for s in ET.parse(ROOT / "locales/memory/questions.tmx").iter("seg")}
for lang in LANGS:
    lines = (HERE / f"{lang}.tsv").read_text(encoding="utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    if len(lines) != 23 or lines[0] != "intent\ttext\tenglish":
        err(f"{lang}: {len(lines)} lines or bad header")
        continue
    rows = [l.split("\t") for l in lines[1:]]
    for n, (row, want) in enumerate(zip(rows, [i for i in INTENTS for _ in (0, 1)]), 2):
        if len(row) != 3 or any(not f.strip() or f != f.strip() for f in row):
            err(f"{lang}:{n}: not 3 clean fields"); continue
        intent, text, en = row
        e = en.lower()
        if intent != want:
            err(f"{lang}:{n}: intent {intent}, expected {want}")
        if not CUE[want](e):
            err(f"{lang}:{n}: english lacks a {want} cue: {en}")
        for other in INTENTS:
            if other != want and CUE[other](e):
                err(f"{lang}:{n}: english has a {other} cue: {en}")
        if lang in ("zh", "ja", "th"):
            size, lo, hi = len(re.sub(r"[\s\W]", "", text)), 5, 40
        else:
            size, lo, hi = sum(1 for t in text.split() if any(c.isalnum() for c in t)), 4, 14
        if not lo <= size <= hi:
            err(f"{lang}:{n}: length {size} outside {lo}-{hi}: {text}")
        if re.search(r"\d{5,}|@|\+\d", text):
            err(f"{lang}:{n}: looks like an order number, e-mail or phone: {text}")
        if norm(text) in questions:
            err(f"{lang}:{n}: copied from questions.tmx: {text}")
    if len({r[1] for r in rows}) != len(rows):
        err(f"{lang}: duplicate texts")

tus = list(ET.parse(ROOT / "locales/memory/answers.tmx").iter("tu"))
for tu in tus:
    segs = {}
    for tuv in tu.iter("tuv"):
        lang = tuv.get(XL)
        if lang in segs:
            err(f"{tu.get('tuid')}: {lang} twice")
        segs[lang] = "".join(tuv.find("seg").itertext())
    if sorted(segs) != sorted(LANGS):
        err(f"{tu.get('tuid')}: languages {sorted(set(LANGS) ^ set(segs))} missing or extra")
    ph = segs.get("en", "").count("⟦1⟧")
    for lang, s in segs.items():
        if s.count("⟦1⟧") != ph:
            err(f"{tu.get('tuid')}/{lang}: ⟦1⟧ {s.count('⟦1⟧')} times, English {ph}")
        if ">" in segs["en"] and ">" not in s:
            err(f"{tu.get('tuid')}/{lang}: menu path lost")

print("\n".join(errors) or f"ok: {len(LANGS)} TSV files, {len(tus)} translation units x {len(LANGS)} languages")
sys.exit(1 if errors else 0)
