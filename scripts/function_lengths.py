#!/usr/bin/env python3
"""Lists every function of the library layers with its length, and fails on long ones.

Scans the C++ sources and headers of the layers (core, models, io, engine, scenarios, outputs, serve,
cli: <layer>/src and <layer>/include) and prints one line per function defined there:

    path:line: length  name

The length counts the lines from the first line of the declaration (its `template <...>` or
return type) to the line of the closing brace of the body, both included. Lambdas and local
classes count with the function that encloses them. The scan blanks comments, string literals
(also raw strings R"d(...)d" with any prefix), character literals and preprocessor lines before
it matches braces, and it knows digit separators (1'000), so a brace inside any of those does not
count.

Exit 0 when every function of more than LIMIT lines (default 120) carries a comment
"// long function: <reason>" on one of the 3 lines before the first line of its declaration;
exit 1 with one line per function that does not (then the reason to keep it long is missing:
split the function along its stages, or say why it is long).

Usage: scripts/function_lengths.py [ROOT] [--limit N] [--quiet]
  ROOT     the repository (default: this script's parent folder)
  --limit  the longest length that needs no comment (default 120)
  --quiet  print only the functions that fail the check
"""
import os
import re
import sys

LAYERS = ["core", "models", "io", "demography", "engine", "scenarios", "outputs", "serve", "cli"]
EXTENSIONS = (".cpp", ".hpp", ".h", ".cc", ".hh")
LIMIT = 120
MARK = re.compile(r"//\s*long function:\s*\S")
MARK_WINDOW = 3

IDENT = re.compile(r"[A-Za-z_0-9]")
CHAR_PREFIXES = {"", "u8", "u", "U", "L"}
RAW_PREFIXES = {"R", "u8R", "uR", "UR", "LR"}


def blank(text):
    """The text with every comment, literal body and preprocessor line replaced by spaces.

    Newlines stay where they are (so line numbers stay right); quotes of string literals stay
    (so `extern "C"` still reads as such), their contents do not."""
    out = []
    i, n = 0, len(text)
    line_start = True  # only whitespace since the last newline

    def token_before(pos):
        j = pos
        while j > 0 and IDENT.match(text[j - 1]):
            j -= 1
        return text[j:pos]

    def keep_newlines(s):
        return "".join(c if c == "\n" else " " for c in s)

    while i < n:
        c = text[i]
        if c == "\n":
            out.append(c)
            line_start = True
            i += 1
            continue
        if line_start and c == "#":
            # A preprocessor line, with its backslash continuations.
            j = i
            while j < n:
                if text[j] == "\n" and text[j - 1] != "\\":
                    break
                j += 1
            out.append(keep_newlines(text[i:j]))
            i = j
            continue
        if not c.isspace():
            line_start = False
        if text.startswith("//", i):
            j = i
            while j < n:
                if text[j] == "\n" and text[j - 1] != "\\":
                    break
                j += 1
            out.append(keep_newlines(text[i:j]))
            i = j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(keep_newlines(text[i:j]))
            i = j
            continue
        if c == '"':
            prefix = token_before(i)
            if prefix in RAW_PREFIXES:
                open_paren = text.find("(", i + 1)
                delim = text[i + 1:open_paren] if open_paren >= 0 else ""
                end = text.find(")" + delim + '"', open_paren + 1) if open_paren >= 0 else -1
                j = n if end < 0 else end + len(delim) + 2
            else:
                j = i + 1
                while j < n and text[j] != '"' and text[j] != "\n":
                    j += 2 if text[j] == "\\" else 1
                j = min(j + 1, n)
            out.append('"' + keep_newlines(text[i + 1:j - 1]) + ('"' if j - i >= 2 else ""))
            i = j
            continue
        if c == "'":
            prefix = token_before(i)
            if prefix and prefix[0].isdigit():
                out.append(" ")  # a digit separator: 1'000
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != "'" and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append("'" + keep_newlines(text[i + 1:j - 1]) + ("'" if j - i >= 2 else ""))
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out)


OPERATOR = re.compile(r"\boperator\s*(\(\s*\)|\[\s*\]|new\s*\[\s*\]|delete\s*\[\s*\]|"
                      r"\"\"\s*\w+|[^\w\s(]+|(?:[\w:<>*&\s]+?)(?=\s*\())")
ACCESS = re.compile(r"^\s*(?:(?:public|private|protected)\s*:(?!:)\s*)+")


def strip_template_heads(decl):
    """`decl` without its leading `template <...>` heads (nested angle brackets counted)."""
    while True:
        m = re.match(r"\s*template\s*<", decl)
        if not m:
            return decl
        depth, j = 1, m.end()
        while j < len(decl) and depth:
            if decl[j] == "<":
                depth += 1
            elif decl[j] == ">":
                depth -= 1
            j += 1
        decl = decl[j:]


def classify(decl):
    """What a `{` after the declaration text `decl` opens, at namespace or class scope.

    Returns ("namespace", None), ("class", name), ("function", name) or ("other", None): a
    brace initializer, an enum body, or anything else the scan just steps over."""
    decl = ACCESS.sub("", decl)
    if re.match(r"\s*(inline\s+)?namespace\b", decl) or re.match(r'\s*extern\s*""\s*$', decl):
        return "namespace", None
    bare = strip_template_heads(decl)
    if re.match(r"\s*enum\b", bare):
        return "other", None
    m = re.match(r"\s*(?:class|struct|union)\b(?:\s+alignas\s*\([^)]*\))?"
                 r"(?:\s*\[\[[^\]]*\]\])?\s*([A-Za-z_]\w*)?", bare)
    if m and "(" not in bare.split(":")[0].split("{")[0]:
        return "class", m.group(1) or "<anonymous>"
    # Replace the operator's name by a plain identifier: its symbols would read as brackets.
    names = []

    def op(mo):
        names.append(re.sub(r"\s+", " ", mo.group(0)).strip())
        return "operator_"

    flat = OPERATOR.sub(op, bare)
    # The first parenthesis outside angle brackets, parentheses, square brackets and braces.
    depth = {"(": 0, "<": 0, "[": 0, "{": 0}
    closing = {")": "(", ">": "<", "]": "[", "}": "{"}
    first = -1
    for j, ch in enumerate(flat):
        if ch == "(" and not any(depth.values()):
            first = j
            break
        if ch == "=" and not any(depth.values()):
            return "other", None  # a variable with an initializer
        if ch in depth:
            depth[ch] += 1
        elif ch in closing and depth[closing[ch]] > 0:
            depth[closing[ch]] -= 1
    if first < 0:
        return "other", None
    # Parentheses left open: the brace is an argument, e.g. `Foo x(a, {1, 2});`.
    if flat.count("(") != flat.count(")"):
        return "other", None
    # A constructor's member initializer list: the body's brace follows a `)` or a `}`.
    close = matching_paren(flat, first)
    rest = flat[close + 1:] if close >= 0 else ""
    if re.search(r"(?<!:):(?!:)", rest):
        last = flat.rstrip()[-1:] if flat.strip() else ""
        if last not in (")", "}"):
            return "other", None
    m = re.search(r"((?:~?[A-Za-z_]\w*\s*(?:<[^<>()]*>)?\s*::\s*)*~?[A-Za-z_]\w*)\s*$",
                  flat[:first])
    if not m:
        return "other", None
    name = re.sub(r"\s+", "", m.group(1))
    if "operator_" in name and names:
        name = name.replace("operator_", names[-1] if len(names) == 1 else names[0], 1)
    if name in ("if", "for", "while", "switch", "catch", "return", "sizeof", "decltype"):
        return "other", None
    return "function", name


def matching_paren(text, start):
    depth = 0
    for j in range(start, len(text)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    return -1


def functions(text):
    """(first line, last line, name) of every function defined in the C++ source `text`."""
    code = blank(text)
    found = []
    # Scope stack: ("namespace"|"class", class name or None).
    scopes = [("namespace", None)]
    decl_start = 0  # where the declaration that is being read began
    i, n = 0, len(code)
    line_of = _line_index(code)

    def skip_group(pos):
        """The position after the brace group that opens at `pos`."""
        depth = 0
        for j in range(pos, n):
            if code[j] == "{":
                depth += 1
            elif code[j] == "}":
                depth -= 1
                if depth == 0:
                    return j + 1
        return n

    while i < n:
        c = code[i]
        if c == ";":
            decl_start = i + 1
        elif c == "}":
            if len(scopes) > 1:
                scopes.pop()
            decl_start = i + 1
        elif c == "{":
            decl = code[decl_start:i]
            kind, name = classify(decl)
            if kind == "namespace":
                scopes.append(("namespace", None))
                decl_start = i + 1
            elif kind == "class":
                scopes.append(("class", name))
                decl_start = i + 1
            elif kind == "function":
                end = skip_group(i)
                first_char = decl_start + (len(decl) - len(decl.lstrip()))
                first_char += len(decl.lstrip()) - len(ACCESS.sub("", decl.lstrip()))
                while first_char < i and code[first_char].isspace():
                    first_char += 1
                qualified = [s[1] for s in scopes if s[0] == "class" and s[1]]
                full = "::".join(qualified + [name])
                found.append((line_of(first_char), line_of(end - 1), full))
                i = end
                decl_start = end
                continue
            else:
                # An initializer or an enum: part of the declaration that goes on to its `;`.
                i = skip_group(i)
                continue
        i += 1
    return found


def _line_index(code):
    starts = [0]
    for j, ch in enumerate(code):
        if ch == "\n":
            starts.append(j + 1)

    def line_of(pos):
        lo, hi = 0, len(starts)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if starts[mid] <= pos:
                lo = mid
            else:
                hi = mid
        return lo + 1

    return line_of


def marked(lines, first):
    """True when one of the MARK_WINDOW lines before line `first` (1-based) says why it is long."""
    return any(MARK.search(lines[k]) for k in range(max(0, first - 1 - MARK_WINDOW), first - 1))


def sources(root):
    for layer in LAYERS:
        for sub in ("include", "src"):
            top = os.path.join(root, layer, sub)
            for dirpath, dirs, files in os.walk(top):
                dirs.sort()
                for f in sorted(files):
                    if f.endswith(EXTENSIONS):
                        yield os.path.join(dirpath, f)


def main(argv):
    args = list(argv)
    limit, quiet = LIMIT, False
    if "--quiet" in args:
        args.remove("--quiet")
        quiet = True
    if "--limit" in args:
        k = args.index("--limit")
        limit = int(args[k + 1])
        del args[k:k + 2]
    root = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    root = os.path.abspath(root)
    failures = []
    count = 0
    for path in sources(root):
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        for first, last, name in functions(text):
            length = last - first + 1
            count += 1
            if not quiet:
                print(f"{rel}:{first}: {length:4d}  {name}")
            if length > limit and not marked(lines, first):
                failures.append(f"{rel}:{first}: {name} has {length} lines (more than {limit}) "
                                "and no comment \"// long function: <reason>\" on the "
                                f"{MARK_WINDOW} lines before it")
    if failures:
        print(f"\n{len(failures)} function(s) longer than {limit} lines without a reason:")
        for f in failures:
            print(f)
        return 1
    if not quiet:
        print(f"\n{count} functions; every one longer than {limit} lines says why")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
