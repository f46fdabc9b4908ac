#!/usr/bin/env python3
"""Check the PII corpus: python3 tests/corpus/pii/check.py [DIR]

Checks every line of DIR/*.jsonl (default: this file's directory): valid JSON with
the expected fields, every value an exact substring of the text, no two values
overlapping, every PII value valid for its kind (checksums, libphonenumber), every
decoy not valid as PII. Prints counts per language and per kind; exits 1 on errors.
Needs `pip install phonenumbers python-stdnum`.
"""
import collections, datetime, glob, ipaddress, json, os, re, sys, unicodedata

try:
    import phonenumbers
    from stdnum import iban, luhn
    from stdnum.br import cpf
    from stdnum.cn import ric
    from stdnum.es import dni, nie
    from stdnum.fr import nir
    from stdnum.in_ import aadhaar
    from stdnum.it import codicefiscale
    from stdnum.jp import in_ as mynumber
    from stdnum.kr import rrn
    from stdnum.mx import curp
    from stdnum.nl import bsn
    from stdnum.pl import pesel
    from stdnum.se import personnummer
    from stdnum.tr import tckimlik
except ImportError as e:
    sys.exit(f"check.py needs phonenumbers and python-stdnum ({e}); run: pip install phonenumbers python-stdnum")

PII_KINDS = {"email", "phone", "payment_card", "iban", "cn_resident_id", "us_ssn", "es_dni", "ip", "passport", "national_id"}
DECOY_KINDS = {"order_number", "sku", "tracking_number", "amount", "date", "time", "version", "postal_code",
               "invoice_number", "quantity", "product_code", "coupon_code", "year", "measurement"}
PASSPORT_WORDS = ["passport", "pasaporte", "passeport", "reisepass", "pass-nr", "passnummer", "passnr", "passaporto", "passaporte",
                  "paszport", "paspoort", "паспорт", "护照", "護照", "パスポート", "旅券", "여권", "جواز السفر", "جواز سفر",
                  "pasaport", "पासपोर्ट", "hộ chiếu", "paspor"]


def norm(s):
    """NFKC (full-width digits, ＠, ＋) and any Unicode decimal digit (Arabic-Indic, Persian, Devanagari) to ASCII."""
    s = unicodedata.normalize("NFKC", s)
    return "".join(str(unicodedata.decimal(c)) if unicodedata.decimal(c, None) is not None else c for c in s)


def compact(s):
    return re.sub(r"[\s.\-/]", "", norm(s))


def card_prefix(d, wide=False):
    p2, p4 = int(d[:2]), int(d[:4])
    ok = d[0] == "4" or 51 <= p2 <= 55 or 2221 <= p4 <= 2720 or p2 in (34, 37, 62, 65) or 3528 <= p4 <= 3589 \
        or p4 == 6011 or 644 <= int(d[:3]) <= 649 or 2200 <= p4 <= 2204 or p4 == 9792
    # for decoys also Maestro, Diners and UATP ranges
    return ok or (wide and (p2 in (30, 36, 38, 50) or 56 <= p2 <= 69
                            or (d[0] == "1" and len(d) == 15)))


def is_card(v, wide=False):
    d = re.sub(r"[ \-]", "", norm(v))
    return d.isdigit() and 13 <= len(d) <= 19 and card_prefix(d, wide) and luhn.is_valid(d)


def is_cn_id(v):
    v = compact(v).upper()
    if len(v) == 18:
        return ric.is_valid(v)
    if len(v) == 15 and v.isdigit():  # old ID: area + YYMMDD + 3 digits, no check digit
        try:
            ric.get_birth_place(v[:6] + "19" + v[6:12] + "0000")
            return True
        except Exception:
            return False
    return False


def is_ssn(v):
    m = re.fullmatch(r"(\d{3})([- ]?)(\d{2})\2(\d{4})", norm(v))
    return bool(m) and m[1] != "000" and m[1] != "666" and m[1][0] != "9" and m[3] != "00" and m[4] != "0000"


def is_nric(v):
    v = compact(v).upper()
    if not re.fullmatch(r"[ST]\d{7}[A-Z]", v):
        return False
    s = sum(int(c) * w for c, w in zip(v[1:8], (2, 7, 6, 5, 4, 3, 2))) + (4 if v[0] == "T" else 0)
    return "JZIHGFEDCBA"[s % 11] == v[8]


NATIONAL = {"it_codice_fiscale": codicefiscale.is_valid, "fr_nir": nir.is_valid, "nl_bsn": bsn.is_valid,
            "pl_pesel": pesel.is_valid, "br_cpf": cpf.is_valid, "mx_curp": curp.is_valid, "kr_rrn": rrn.is_valid,
            "sg_nric": is_nric, "in_aadhaar": aadhaar.is_valid, "jp_my_number": mynumber.is_valid,
            "se_personnummer": personnummer.is_valid, "tr_tckimlik": tckimlik.is_valid}


def national_id_type(v, cc=""):
    """Name of the first validator accepting v, trying the one of country cc first."""
    for name, f in sorted(NATIONAL.items(), key=lambda kv: kv[0][:2] != cc.lower()):
        try:
            if f(norm(v)):
                return name
        except Exception:
            pass
    return None


def is_ip(v):
    try:
        ipaddress.ip_address(v)
        return True
    except ValueError:
        return False


def is_phone(v, cc):
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(norm(v), cc))
    except phonenumbers.NumberParseException:
        return False


def check_pii(kind, v, text, cc):
    if kind == "email":
        return re.fullmatch(r"[^\s@]+@[^\s@]+\.[^\s@.]+", norm(v)) is not None
    if kind == "phone":
        return is_phone(v, cc)
    if kind == "payment_card":
        return is_card(v)
    if kind == "iban":
        return iban.is_valid(v)
    if kind == "cn_resident_id":
        return is_cn_id(v)
    if kind == "us_ssn":
        return is_ssn(v)
    if kind == "es_dni":
        return dni.is_valid(v) or nie.is_valid(v)
    if kind == "ip":
        return is_ip(v)
    if kind == "passport":
        low = text.lower()
        return re.fullmatch(r"[A-Z0-9]{1,4}[ ]?[A-Z0-9]{4,9}", v) is not None and any(w in low for w in PASSPORT_WORDS)
    if kind == "national_id":
        return national_id_type(v) is not None
    return False


def decoy_problem(kind, v, cc):
    """Return why a decoy could be taken for PII, or None."""
    c = compact(v).lstrip("#№")
    if is_card(v, wide=True):
        return "Luhn-valid with a card issuer prefix"
    if is_ip(v):
        return "valid IP address"
    if kind not in ("date", "time") and re.fullmatch(r"[#№]?[\d \-]+", norm(v)) and sum(ch.isdigit() for ch in norm(v)) >= 7 \
            and is_phone(v, cc):
        return f"valid phone number for {cc}"
    if kind in ("date", "time", "amount", "measurement", "version"):
        return None
    if is_cn_id(c) or is_ssn(v) or (len(c) >= 9 and national_id_type(c)) or iban.is_valid(c) or (len(c) == 9 and (dni.is_valid(c) or nie.is_valid(c))):
        return "valid as a national ID / SSN / IBAN / DNI"
    return None


def spans(text, v):
    i = text.find(v)
    while i >= 0:
        yield (i, i + len(v))
        i = text.find(v, i + 1)


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    errors = []
    per_lang = collections.OrderedDict()
    per_kind = collections.defaultdict(lambda: [0, set()])
    per_decoy = collections.Counter()
    nat_types = collections.Counter()
    for path in sorted(glob.glob(os.path.join(d, "*.jsonl"))):
        lang = os.path.basename(path)[:-6]
        st = per_lang.setdefault(lang, collections.Counter())
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                where = f"{lang}.jsonl:{n}"
                try:
                    o = json.loads(line)
                except ValueError as e:
                    errors.append(f"{where}: bad JSON: {e}")
                    continue
                if set(o) != {"lang", "country", "text", "pii", "decoys"}:
                    errors.append(f"{where}: fields {sorted(o)}")
                    continue
                text, cc = o["text"], o["country"]
                if o["lang"] != lang or not re.fullmatch(r"[A-Z]{2}", cc):
                    errors.append(f"{where}: lang/country {o['lang']}/{cc}")
                st["lines"] += 1
                st["positive" if o["pii"] else "negative"] += 1
                if not o["pii"] and not o["decoys"]:
                    errors.append(f"{where}: negative line without decoys")
                taken = []
                for group, kinds in (("pii", PII_KINDS), ("decoys", DECOY_KINDS)):
                    for it in o[group]:
                        k, v = it.get("kind"), it.get("value", "")
                        if k not in kinds:
                            errors.append(f"{where}: unknown {group} kind {k!r}")
                        if not v or v != v.strip() or v not in text:
                            errors.append(f"{where}: {group} value {v!r} not an exact substring")
                            continue
                        for s in spans(text, v):
                            for (a, b, w) in taken:
                                if w != v and s[0] < b and a < s[1]:
                                    errors.append(f"{where}: {v!r} overlaps {w!r}")
                        taken += [(a, b, v) for a, b in spans(text, v)]
                        if group == "pii":
                            st["pii"] += 1
                            per_kind[k][0] += 1
                            per_kind[k][1].add(lang)
                            if k == "national_id":
                                nat_types[national_id_type(v, cc)] += 1
                            if not check_pii(k, v, text, cc):
                                errors.append(f"{where}: invalid {k} {v!r} (country {cc})")
                        else:
                            st["decoys"] += 1
                            per_decoy[k] += 1
                            why = decoy_problem(k, v, cc)
                            if why:
                                errors.append(f"{where}: decoy {v!r}: {why}")
    print(f"{'lang':6}{'lines':>7}{'pos':>6}{'neg':>6}{'neg%':>6}{'pii':>6}{'decoys':>8}")
    tot = collections.Counter()
    for lang, st in per_lang.items():
        tot.update(st)
        print(f"{lang:6}{st['lines']:7}{st['positive']:6}{st['negative']:6}{100 * st['negative'] / max(st['lines'], 1):6.0f}"
              f"{st['pii']:6}{st['decoys']:8}")
    print(f"{'total':6}{tot['lines']:7}{tot['positive']:6}{tot['negative']:6}{100 * tot['negative'] / max(tot['lines'], 1):6.0f}"
          f"{tot['pii']:6}{tot['decoys']:8}\n")
    print(f"{'pii kind':16}{'values':>7}{'langs':>7}")
    for k in sorted(per_kind):
        print(f"{k:16}{per_kind[k][0]:7}{len(per_kind[k][1]):7}")
    print("\nnational_id:", ", ".join(f"{k} {v}" for k, v in sorted(nat_types.items())))
    print("decoys:", ", ".join(f"{k} {v}" for k, v in per_decoy.most_common()))
    for e in errors:
        print("ERROR", e)
    print(f"\n{len(errors)} error(s)" if errors else "\nOK")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
