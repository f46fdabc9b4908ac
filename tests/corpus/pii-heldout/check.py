#!/usr/bin/env python3
"""Validate the held-out PII corpus.  pip install phonenumbers python-stdnum
Checks: schema, value is a substring of text, checksums, phone validity for the
line's country, and that unlabelled digit-only decoys are not valid phones."""
import collections, ipaddress, json, os, re, sys, unicodedata
import phonenumbers as pn
from stdnum import iban, luhn
from stdnum.at import vnr; from stdnum.be import nn; from stdnum.br import cpf; from stdnum.ca import sin
from stdnum.ch import ssn as ahv; from stdnum.cl import rut; from stdnum.cn import ric; from stdnum.de import idnr
from stdnum.es import dni, nie; from stdnum.fr import nir; from stdnum.ie import pps; from stdnum.in_ import aadhaar
from stdnum.it import codicefiscale; from stdnum.kr import rrn; from stdnum.mx import curp; from stdnum.nl import bsn
from stdnum.pe import cui; from stdnum.pl import pesel; from stdnum.pt import cc; from stdnum.ru import inn
from stdnum.se import personnummer; from stdnum.th import pin; from stdnum.tr import tckimlik; from stdnum.us import ssn
from stdnum.ar import cuit

LANGS = "en es fr de it pt nl pl ru zh ja ko ar tr vi th".split()
PII = {"email", "phone", "payment_card", "iban", "cn_resident_id", "us_ssn", "es_dni", "ip", "passport", "national_id"}
DECOY = {"order_number", "invoice_number", "tracking_number", "sku", "amount", "date", "time", "version",
         "postal_code", "quantity", "coupon", "model_number"}
LABELLED = {"order_number", "invoice_number", "tracking_number"}
PASSPORT = re.compile(r"passport|pasaporte|passeport|reisepass|\bpass\b|passaporto|passaporte|paspoort|paszport|"
                      r"паспорт|护照|護照|旅券|パスポート|여권|جواز|pasaport|hộ chiếu|หนังสือเดินทาง|พาสปอร์ต", re.I)

def ascii_digits(s):
    return "".join(str(unicodedata.decimal(c)) if unicodedata.decimal(c, None) is not None else c for c in s)

def alnum(s):
    return re.sub(r"[^0-9A-Za-z]", "", ascii_digits(s)).upper()

def stdnum_ok(mod, v):
    try: mod.validate(v); return True
    except Exception: return False

def sg_nric(v):
    if not re.fullmatch(r"[STFG]\d{7}[A-Z]", v): return False
    s = sum(int(a) * b for a, b in zip(v[1:8], [2, 7, 6, 5, 4, 3, 2])) + (4 if v[0] in "TG" else 0)
    return v[8] == ("JZIHGFEDCBA" if v[0] in "ST" else "XWUTRQPNMLK")[s % 11]

def jp_mynumber(v):
    if not re.fullmatch(r"\d{12}", v): return False
    s = sum(int(v[10 - i]) * (i + 2 if i < 6 else i - 4) for i in range(11)) % 11
    return int(v[11]) == (0 if s <= 1 else 11 - s)

def ru_snils(v):
    if not re.fullmatch(r"\d{11}", v): return False
    s = sum(int(d) * (9 - i) for i, d in enumerate(v[:9])) % 101
    return int(v[9:]) == (0 if s == 100 else s)

def kz_iin(v):
    if not re.fullmatch(r"\d{12}", v): return False
    c = sum(int(d) * w for d, w in zip(v, range(1, 12))) % 11
    if c == 10: c = sum(int(d) * w for d, w in zip(v, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])) % 11
    return c == int(v[11])

def tw_id(v):
    if not re.fullmatch(r"[A-Z][12]\d{8}", v): return False
    n = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36)))[v[0]]
    return (n // 10 + n % 10 * 9 + sum(int(d) * w for d, w in zip(v[1:], [8, 7, 6, 5, 4, 3, 2, 1, 1]))) % 10 == 0

def hkid(v):
    if not re.fullmatch(r"[A-Z]\d{6}[0-9A]", v): return False
    s = 36 * 9 + (ord(v[0]) - 55) * 8 + sum(int(d) * w for d, w in zip(v[1:7], [7, 6, 5, 4, 3, 2]))
    return "0123456789A"[(11 - s % 11) % 11] == v[7]

def luhn_ok(v, n, prefix):
    return bool(re.fullmatch(r"\d{%d}" % n, v)) and v.startswith(prefix) and luhn.is_valid(v)

NATIONAL = {  # country -> validators for kind national_id (value compacted to [0-9A-Z])
    "IN": [lambda v: stdnum_ok(aadhaar, v)], "SG": [sg_nric], "CA": [lambda v: stdnum_ok(sin, v)],
    "IE": [lambda v: stdnum_ok(pps, v)], "MX": [lambda v: stdnum_ok(curp, v)], "AR": [lambda v: stdnum_ok(cuit, v)],
    "CL": [lambda v: stdnum_ok(rut, v)], "PE": [lambda v: stdnum_ok(cui, v)], "FR": [lambda v: stdnum_ok(nir, v)],
    "BE": [lambda v: stdnum_ok(nn, v)], "CH": [lambda v: stdnum_ok(ahv, v)], "AT": [lambda v: stdnum_ok(vnr, v)],
    "DE": [lambda v: stdnum_ok(idnr, v)], "IT": [lambda v: stdnum_ok(codicefiscale, v)],
    "PT": [lambda v: stdnum_ok(cc, v)], "BR": [lambda v: stdnum_ok(cpf, v)], "NL": [lambda v: stdnum_ok(bsn, v)],
    "PL": [lambda v: stdnum_ok(pesel, v)], "RU": [ru_snils, lambda v: len(v) == 12 and stdnum_ok(inn, v)],
    "KZ": [kz_iin], "TW": [tw_id], "HK": [hkid], "JP": [jp_mynumber], "KR": [lambda v: stdnum_ok(rrn, v)],
    "SA": [lambda v: luhn_ok(v, 10, "1") or luhn_ok(v, 10, "2")], "AE": [lambda v: luhn_ok(v, 15, "784")],
    "TR": [lambda v: stdnum_ok(tckimlik, v)], "TH": [lambda v: stdnum_ok(pin, v)],
    "SE": [lambda v: stdnum_ok(personnummer, v)],
}

def valid_phone(value, country):
    try: return pn.is_valid_number(pn.parse(value, country))
    except pn.NumberParseException: return False

def check_pii(kind, value, country, text):
    v = alnum(value)
    if kind == "email": return re.fullmatch(r"[\w.+%-]+@([\w-]+\.)+[a-z]{2,}", value, re.I) is not None
    if kind == "phone": return valid_phone(value, country)
    if kind == "payment_card": return 13 <= len(v) <= 19 and v.isdigit() and luhn.is_valid(v) and v[0] in "23456"
    if kind == "iban": return stdnum_ok(iban, v)
    if kind == "cn_resident_id":
        return stdnum_ok(ric, v) if len(v) == 18 else bool(re.fullmatch(r"\d{6}\d{2}(0[1-9]|1[0-2])[0-3]\d\d{3}", v))
    if kind == "us_ssn": return stdnum_ok(ssn, v)
    if kind == "es_dni": return stdnum_ok(dni, v) or stdnum_ok(nie, v)
    if kind == "ip":
        try: ipaddress.ip_address(ascii_digits(value)); return True
        except ValueError: return False
    if kind == "passport": return bool(re.fullmatch(r"[0-9A-Z]{6,10}", v)) and PASSPORT.search(text) is not None
    if kind == "national_id": return any(f(v) for f in NATIONAL.get(country, []))
    return False

def main(folder, langs):
    errors, kinds, totals = [], collections.Counter(), {}
    for lang in langs:
        path = os.path.join(folder, lang + ".jsonl")
        lines = open(path, encoding="utf-8").read().splitlines()
        pos = 0
        for n, line in enumerate(lines, 1):
            where = f"{lang}:{n}"
            try: r = json.loads(line)
            except ValueError as e: errors.append(f"{where} bad json {e}"); continue
            if set(r) != {"lang", "country", "text", "pii", "decoys"} or r["lang"] != lang:
                errors.append(f"{where} bad keys/lang"); continue
            text, country = r["text"], r["country"]
            pos += bool(r["pii"])
            for item, allowed in [(p, PII) for p in r["pii"]] + [(d, DECOY) for d in r["decoys"]]:
                k, v = item["kind"], item["value"]
                if k not in allowed: errors.append(f"{where} unknown kind {k}")
                if v not in text: errors.append(f"{where} {k} {v!r} not in text")
                if v != v.strip(" .,;:!?、。，：；！？\"'") or not v: errors.append(f"{where} {k} {v!r} not minimal")
                if allowed is PII:
                    kinds[k] += 1
                    if not check_pii(k, v, country, text): errors.append(f"{where} {k} {v!r} invalid for {country}")
                else:
                    kinds["decoy:" + k] += 1
                    d = ascii_digits(v)
                    if (re.fullmatch(r"[\d\s.\-/#()+]+", d) and len(re.sub(r"\D", "", d)) >= 7
                            and k not in LABELLED and valid_phone(d, country)):
                        errors.append(f"{where} decoy {k} {v!r} is a valid {country} phone")
            pv = {p["value"] for p in r["pii"]}
            if any(d["value"] in pv for d in r["decoys"]): errors.append(f"{where} decoy equals pii")
        totals[lang] = (len(lines), pos)
        if len(lines) != 30: errors.append(f"{lang}: {len(lines)} lines, expected 30")
    for lang, (n, pos) in totals.items(): print(f"{lang}: {n} lines, {pos} positive, {n - pos} negative")
    print(dict(sorted(kinds.items())))
    npos = sum(p for _, p in totals.values()); nall = sum(n for n, _ in totals.values())
    print(f"total {nall} lines, {npos / max(nall, 1):.0%} positive")
    for e in errors: print("ERROR", e)
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main(os.path.dirname(os.path.abspath(__file__)), sys.argv[1:] or LANGS))
