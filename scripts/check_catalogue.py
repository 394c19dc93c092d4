#!/usr/bin/env python3
"""Every diagnostic the library creates has a catalogue entry in both languages.

Collects each Diagnostic created in the library's sources (core, models, io, demography,
engine, scenarios: a brace list or call whose elements are a Severity, a code literal, the
English message, the args {..}, the variant literal) and checks outputs/src/catalogue.cpp:
the entry "code" (or "code.variant") exists, has a Swedish and an English text, both use the
placeholders {1}..{n} exactly for the n args given where the diagnostic is created, and its
kinds string has one letter per arg. A site whose args are not a literal list (a helper that
passes them on) is checked where the helper is called (cohort_fit.cpp's assumption(...)) or,
if it is not, needs some entry of its code.

Usage: check_catalogue.py [ROOT]  (exit 0: all good; 1: problems, listed on stderr)
"""
import re
import sys
from pathlib import Path

LAYERS = ["core", "models", "io", "demography", "engine", "scenarios"]
CODE = re.compile(r'^"([a-z0-9_.]+)"$')


def strip_comments(text):
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif c == "'" and i + 2 < n:
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i)
            i = n if j < 0 else j + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def skip_string(text, i):
    q = text[i]
    j = i + 1
    while j < len(text) and text[j] != q:
        j += 2 if text[j] == "\\" else 1
    return j + 1


def group_elements(text, open_pos):
    """The top-level comma-separated elements of the bracket group opening at open_pos."""
    close = {"(": ")", "{": "}", "[": "]"}
    depth, i, start, elems = 0, open_pos, open_pos + 1, []
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = skip_string(text, i)
            continue
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
            if depth == 0:
                elems.append(text[start:i].strip())
                return elems
        elif c == "," and depth == 1:
            elems.append(text[start:i].strip())
            start = i + 1
        i += 1
    return elems


def enclosing_open(text, pos):
    """Position of the innermost bracket that encloses pos."""
    depth, i = 0, pos - 1
    while i >= 0:
        c = text[i]
        if c == '"':  # walk back over a string literal
            j = i - 1
            while j >= 0 and not (text[j] == '"' and text[j - 1] != "\\"):
                j -= 1
            i = j - 1
            continue
        if c in ")}]":
            depth += 1
        elif c in "({[":
            if depth == 0:
                return i
            depth -= 1
        i -= 1
    return -1


def n_args(elem):
    """Elements of a literal brace list, else None (args not given literally)."""
    if not elem.startswith("{"):
        return None
    inner = group_elements(elem, 0)
    return 0 if inner == [""] else len(inner)


def from_elements(elems, k_code):
    """(key, n_args or None) of a creation whose code literal is elems[k_code], else None."""
    if k_code >= len(elems):
        return None
    code = CODE.match(elems[k_code])
    if not code:
        return None
    args = n_args(elems[k_code + 2]) if k_code + 2 < len(elems) else 0
    variant = CODE.match(elems[k_code + 3]) if k_code + 3 < len(elems) else None
    return (code.group(1) + ("." + variant.group(1) if variant else ""), args)


def sites(root):
    """(file, line, key, n_args or None) for every Diagnostic created with a code literal."""
    found = []
    for layer in LAYERS:
        for path in sorted((root / layer).rglob("*.[ch]pp")):
            text = strip_comments(path.read_text(encoding="utf-8"))
            for m in re.finditer(r"Severity::(?:info|warning)\b", text):
                open_pos = enclosing_open(text, m.start())
                if open_pos < 0:
                    continue
                elems = group_elements(text, open_pos)
                k = next((i for i, e in enumerate(elems) if e.startswith(m.group(0))), None)
                if k is None and text[open_pos - 4 : open_pos] == "diag":
                    k = 0
                if k is None:
                    continue
                site = from_elements(elems, k + 1)
                if site:
                    found.append((path.relative_to(root), text.count("\n", 0, m.start()) + 1)
                                 + site)
            # engine/structure.cpp's fallback(s, "code", why, {args}, "variant"), and any
            # Diagnostic{severity, "code", ...} or diag(severity, "code", ...) whose severity is
            # not a literal.
            for m in re.finditer(r'\b(fallback\(|Diagnostic\s*\{|diag\()[^,;]*,\s*"', text):
                site = from_elements(group_elements(text, m.start() + len(m.group(1)) - 1), 1)
                if site:
                    found.append((path.relative_to(root), text.count("\n", 0, m.start()) + 1)
                                 + site)
            # The cohort model's assumptions: assumption("variant", {args}, text).
            for m in re.finditer(r'\bassumption\(\s*"([a-z_]+)"', text):
                elems = group_elements(text, m.end() - len(m.group(0)) + len("assumption"))
                line = text.count("\n", 0, m.start()) + 1
                found.append(
                    (path.relative_to(root), line, "cohort_assumption." + m.group(1),
                     n_args(elems[1]) if len(elems) > 1 else 0))
    return found


def catalogue(root):
    text = (root / "outputs/src/catalogue.cpp").read_text(encoding="utf-8")
    lit = r'"((?:[^"\\]|\\.)*)"'
    entries = {}
    for m in re.finditer(r"\{" + lit + r",\s*" + lit + r",\s*" + lit + r"(?:,\s*" + lit + r")?\}",
                         text):
        entries[m.group(1)] = (m.group(2), m.group(3), m.group(4))
    return entries


def placeholders(s):
    return sorted({int(x) for x in re.findall(r"\{(\d+)\}", s)})


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
    entries = catalogue(root)
    found = sorted(set(sites(root)), key=lambda f: (str(f[0]), f[1], f[2]))
    problems = []
    for path, line, key, n in found:
        where = f"{path}:{line}: diagnostic '{key}'"
        if key not in entries:
            if n is None and any(k.startswith(key + ".") for k in entries):
                continue  # a helper: its callers are checked
            problems.append(f"{where} has no entry in outputs/src/catalogue.cpp")
            continue
        sv, en, kinds = entries[key]
        if not sv or not en:
            problems.append(f"{where}: the entry lacks its Swedish or English text")
        if placeholders(sv) != placeholders(en):
            problems.append(f"{where}: Swedish {placeholders(sv)} and English {placeholders(en)} "
                            "placeholders differ")
        if n is not None:
            if placeholders(en) != list(range(1, n + 1)):
                problems.append(f"{where}: created with {n} args but the entry uses "
                                f"{placeholders(en)}")
            if len(kinds or "") != n:
                problems.append(f"{where}: created with {n} args but the entry's kinds are "
                                f"'{kinds or ''}'")
    for p in problems:
        print(p, file=sys.stderr)
    if not found:
        print("check_catalogue: no diagnostics found (wrong root?)", file=sys.stderr)
        return 1
    print(f"check_catalogue: {len(found)} diagnostic sites, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
