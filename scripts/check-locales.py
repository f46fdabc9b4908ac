#!/usr/bin/env python3
"""Checks locales/<locale>/crossdesk.ftl against the en-US reference.

Usage: python3 scripts/check-locales.py [LOCALES_DIR]   (needs: pip install fluent.syntax)

Per file: syntax errors (Junk), message ids exactly those of en-US, the same
variables in each message, exactly one default variant per select, plural
keys that are CLDR categories of the language, the same $code keys as en-US
in language-name, no bidi control characters, no trailing whitespace, a final
newline. Exits 1 if anything is wrong.
"""
import pathlib
import sys

try:
    from fluent.syntax import FluentParser, ast
    from fluent.syntax.visitor import Visitor
except ImportError:
    sys.exit("check_ftl.py needs the Python package fluent.syntax: pip install fluent.syntax")

REFERENCE = "en-US"
FILE = "crossdesk.ftl"
NUMERIC = {"position", "min", "max"}  # selectors that pick CLDR plural categories
PLURALS = {  # CLDR cardinal categories
    "ar": "zero one two few many other", "cs": "one few many other", "sk": "one few many other",
    "pl": "one few many other", "ru": "one few many other", "uk": "one few many other",
    "he": "one two other", "ro": "one few other", "fr": "one many other", "es": "one many other",
    "it": "one many other", "pt": "one many other",
    "ja": "other", "ko": "other", "zh": "other", "th": "other", "vi": "other", "id": "other",
    "ms": "other",
}
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Collect(Visitor):
    def __init__(self):
        super().__init__()
        self.variables, self.selects = set(), []

    def visit_VariableReference(self, node):
        self.variables.add(node.id.name)

    def visit_SelectExpression(self, node):
        self.selects.append(node)
        self.generic_visit(node)


def key(k):
    return k.name if isinstance(k, ast.Identifier) else k.value


def load(path):
    text = path.read_text(encoding="utf-8")
    problems = []
    for n, line in enumerate(text.split("\n"), 1):
        if line != line.rstrip():
            problems.append(f"line {n}: trailing whitespace")
        if BIDI & set(line):
            problems.append(f"line {n}: bidi control character")
    if not text.endswith("\n"):
        problems.append("no newline at end of file")
    messages = {}
    for entry in FluentParser().parse(text).body:
        if isinstance(entry, ast.Junk):
            line = text.count("\n", 0, entry.span.start) + 1
            for a in entry.annotations:
                problems.append(f"line {line}: syntax error {a.code}: {a.message}")
        elif isinstance(entry, ast.Message):
            if entry.id.name in messages:
                problems.append(f"{entry.id.name}: defined twice")
            c = Collect()
            c.visit(entry)
            messages[entry.id.name] = c
    return messages, problems


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / "locales")
    files = sorted(root.glob(f"*/{FILE}"))
    ref, ref_problems = load(root / REFERENCE / FILE)
    failed = 0
    for path in files:
        locale = path.parent.name
        lang = locale.split("-")[0]
        categories = set(PLURALS.get(lang, "one other").split())
        messages, problems = (ref, ref_problems) if locale == REFERENCE else load(path)
        for missing in sorted(set(ref) - set(messages)):
            problems.append(f"{missing}: missing")
        for extra in sorted(set(messages) - set(ref)):
            problems.append(f"{extra}: not in {REFERENCE}")
        for mid, c in messages.items():
            if mid in ref and c.variables != ref[mid].variables:
                problems.append(f"{mid}: variables {sorted(c.variables)}, {REFERENCE} has {sorted(ref[mid].variables)}")
            for s in c.selects:
                defaults = sum(v.default for v in s.variants)
                if defaults != 1:
                    problems.append(f"{mid}: select has {defaults} default variants")
                keys = [key(v.key) for v in s.variants]
                if len(keys) != len(set(keys)):
                    problems.append(f"{mid}: duplicate variant keys {keys}")
                if not isinstance(s.selector, ast.VariableReference):
                    continue
                var = s.selector.id.name
                if var in NUMERIC:
                    bad = [key(v.key) for v in s.variants
                           if isinstance(v.key, ast.Identifier) and v.key.name not in categories]
                    if bad:
                        problems.append(f"{mid}: {bad} not plural categories of '{lang}' ({' '.join(sorted(categories))})")
                elif mid in ref:
                    ref_keys = {key(v.key) for r in ref[mid].selects
                                if isinstance(r.selector, ast.VariableReference) and r.selector.id.name == var
                                for v in r.variants}
                    if set(keys) != ref_keys:
                        problems.append(f"{mid}: ${var} keys differ from {REFERENCE}: "
                                        f"missing {sorted(ref_keys - set(keys))}, extra {sorted(set(keys) - ref_keys)}")
        if problems:
            failed += 1
            print(f"{locale}: {len(problems)} problem(s)")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"{locale}: ok ({len(messages)} messages)")
    print(f"{len(files)} locale(s) checked, {failed} with problems")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
