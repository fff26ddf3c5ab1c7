""".NET numeric format strings: standard (``N2``, ``C``, ``X4``, ``E3``, ``P``...) and custom (``0.00``, ``#,##0``).

Rounding follows .NET Core: the exact binary value is rounded half away from zero
(``'{0:N0}' -f 2.5`` is ``3``; ``[math]::Round`` differs).  ``FormatError`` (a .NET
FormatException) is defined here and shared by the date and composite formats.
"""

from __future__ import annotations

import re

from shell.language.errors import ErrorCategory, ErrorRecord, PSRuntimeError

__all__ = ["format_number", "FormatError"]

_BAD_FORMAT = "Input string was not in a correct format."
_BAD_SPECIFIER = "Format specifier was invalid."


class FormatError(PSRuntimeError):
    """A .NET FormatException: a bad format string or specifier."""

    def __init__(self, message: str) -> None:
        super().__init__(ErrorRecord(message, category=ErrorCategory.INVALID_ARGUMENT,
                                     error_id="FormatException", exception_type="System.FormatException"))


# -- standard and custom formats ---------------------------------------------------------------

def _round_digits(x: int | float, decimals: int) -> tuple[str, str, bool]:
    """(integer digits, exactly ``decimals`` fraction digits, negative) rounded half away from zero."""
    if type(x) is int:
        return str(abs(x)), "0" * decimals, x < 0
    from decimal import ROUND_HALF_UP, Context, Decimal
    ctx = Context(prec=800, rounding=ROUND_HALF_UP)
    d = ctx.quantize(Decimal(x), Decimal(1).scaleb(-decimals))
    text = format(d, "f")
    negative = text.startswith("-")
    text = text.lstrip("-")
    whole, _, frac = text.partition(".")
    if negative and not whole.strip("0") and not frac.strip("0"):
        negative = False   # -0.001 to 2 places is 0.00, not -0.00
    return whole, frac.ljust(decimals, "0"), negative


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def _special(x: float) -> str | None:
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    return None


def _shortest_parts(x: float) -> tuple[str, int]:
    """The shortest round-trip digits of |x| and the decimal exponent of the first digit."""
    text = repr(abs(x))
    mantissa, _, exp = text.partition("e")
    exponent = int(exp) if exp else 0
    whole, _, frac = mantissa.partition(".")
    if frac == "0":
        frac = ""
    digits = (whole + frac).lstrip("0")
    lead = len(whole.lstrip("0"))
    if whole.strip("0"):
        point = lead
    else:
        point = -(len(frac) - len(frac.lstrip("0")))
    digits = digits.rstrip("0") or "0"
    return digits, exponent + point - 1


def _general(x: int | float, precision: int | None, exp_char: str = "E") -> str:
    """The 'G' format: fixed or scientific, whichever .NET's rules pick."""
    if type(x) is int and (precision is None or precision >= len(str(abs(x)))):
        return str(x)
    special = _special(float(x))
    if special:
        return special
    if precision is None or precision == 0:
        digits, exponent = _shortest_parts(float(x))
        limit = 15
    else:
        text = format(abs(float(x)), f".{precision - 1}e")
        mantissa, _, exp = text.partition("e")
        digits = mantissa.replace(".", "").rstrip("0") or "0"
        exponent = int(exp)
        limit = precision
    sign = "-" if x < 0 else ""
    if exponent >= limit or exponent < -5:
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{body}{exp_char}{'+' if exponent >= 0 else '-'}{abs(exponent):02d}"
    if exponent < 0:
        return f"{sign}0.{'0' * (-exponent - 1)}{digits}"
    whole = digits[:exponent + 1].ljust(exponent + 1, "0")
    frac = digits[exponent + 1:]
    return f"{sign}{whole}{'.' + frac if frac else ''}"


_STANDARD_PATTERN = r"([A-Za-z])(\d{0,9})"


def format_number(x: int | float, spec: str) -> str:
    """A number formatted with a standard (``N2``, ``X4``) or custom (``#,##0.0``) .NET format."""
    if isinstance(x, bool):
        return "True" if x else "False"
    m = re.fullmatch(_STANDARD_PATTERN, spec)
    if m is None:
        return _custom_number(x, spec)
    kind, digits = m.group(1), m.group(2)
    precision = int(digits) if digits else None
    upper = kind.upper()
    if upper in "CFNPE" and isinstance(x, float):
        special = _special(x)
        if special:
            return special
    if upper == "D":
        if not isinstance(x, int):
            raise FormatError(_BAD_SPECIFIER)
        body = str(abs(x)).rjust(precision or 0, "0")
        return "-" + body if x < 0 else body
    if upper == "X":
        if not isinstance(x, int):
            raise FormatError(_BAD_SPECIFIER)
        value = x if x >= 0 else x + (1 << (32 if x >= -2**31 else 64))
        body = format(value, "X" if kind == "X" else "x")
        return body.rjust(precision or 0, "0")
    if upper == "F":
        whole, frac, neg = _round_digits(x, 2 if precision is None else precision)
        return ("-" if neg else "") + whole + ("." + frac if frac else "")
    if upper == "N":
        whole, frac, neg = _round_digits(x, 2 if precision is None else precision)
        return ("-" if neg else "") + _group(whole) + ("." + frac if frac else "")
    if upper == "C":
        whole, frac, neg = _round_digits(x, 2 if precision is None else precision)
        return ("-" if neg else "") + "$" + _group(whole) + ("." + frac if frac else "")
    if upper == "P":
        scaled = x * 100
        whole, frac, neg = _round_digits(scaled, 2 if precision is None else precision)
        return ("-" if neg else "") + _group(whole) + ("." + frac if frac else "") + "%"
    if upper == "E":
        p = 6 if precision is None else precision
        text = format(float(x), f".{p}e")
        mantissa, _, exp = text.partition("e")
        sign = exp[0]
        body = f"{mantissa}{kind}{sign}{exp[1:].lstrip('0').rjust(3, '0')}"
        return body
    if upper == "G":
        return _general(x, precision, "E" if kind == "G" else "e")
    if upper == "R":
        return _general(x, None)
    raise FormatError(_BAD_SPECIFIER)


def _split_sections(spec: str) -> list[str]:
    sections, current, quote, i = [], [], "", 0
    while i < len(spec):
        c = spec[i]
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c == "\\" and i + 1 < len(spec):
            current.append(spec[i:i + 2])
            i += 2
            continue
        elif c == ";":
            sections.append("".join(current))
            current = []
            i += 1
            continue
        current.append(c)
        i += 1
    sections.append("".join(current))
    return sections


def _tokenize_custom(section: str) -> list[tuple[str, str]]:
    """(kind, text) tokens: 'digit' ('0'/'#'), 'point', 'comma', 'percent', 'exp', 'lit'."""
    tokens: list[tuple[str, str]] = []
    i, n = 0, len(section)
    while i < n:
        c = section[i]
        if c in "0#":
            tokens.append(("digit", c))
        elif c == ".":
            tokens.append(("point", c))
        elif c == ",":
            tokens.append(("comma", c))
        elif c == "%":
            tokens.append(("percent", c))
        elif c == "\u2030":
            tokens.append(("permille", c))
        elif c in "eE" and i + 1 < n and (section[i + 1] == "0" or section[i + 1] in "+-"
                                          and i + 2 < n and section[i + 2] == "0"):
            j = i + 1
            sign = ""
            if section[j] in "+-":
                sign = section[j]
                j += 1
            k = j
            while k < n and section[k] == "0":
                k += 1
            tokens.append(("exp", c + sign + str(k - j)))
            i = k
            continue
        elif c == "\\" and i + 1 < n:
            tokens.append(("lit", section[i + 1]))
            i += 2
            continue
        elif c in "'\"":
            end = section.find(c, i + 1)
            end = n if end < 0 else end
            tokens.append(("lit", section[i + 1:end]))
            i = end + 1
            continue
        else:
            tokens.append(("lit", c))
        i += 1
    return tokens


def _custom_number(x: int | float, spec: str) -> str:
    if isinstance(x, float):
        special = _special(x)
        if special:
            return special
    sections = _split_sections(spec)
    section = sections[0]
    negative_section = False
    if len(sections) >= 2 and x < 0:
        section, negative_section = sections[1] or sections[0], bool(sections[1])
    if len(sections) >= 3 and x == 0:
        section = sections[2] or sections[0]
    tokens = _tokenize_custom(section)
    point = next((i for i, t in enumerate(tokens) if t[0] == "point"), len(tokens))
    exp_at = next((i for i, t in enumerate(tokens) if t[0] == "exp"), None)
    int_end = min(point, exp_at if exp_at is not None else len(tokens))
    int_tokens = tokens[:int_end]
    frac_tokens = tokens[point + 1:exp_at if exp_at is not None else len(tokens)] if point < len(tokens) else []
    if exp_at is not None and exp_at < point:
        frac_tokens = []
    # Commas: between digit placeholders -> grouping; right before the point -> scale by 1000.
    digit_idx = [i for i, t in enumerate(int_tokens) if t[0] == "digit"]
    grouping = any(t[0] == "comma" and digit_idx and digit_idx[0] < i < digit_idx[-1]
                   for i, t in enumerate(int_tokens))
    # Commas right after the last digit placeholder (the implicit decimal point) scale by 1000.
    scale = 0
    j = (digit_idx[-1] + 1) if digit_idx else len(int_tokens)
    while j < len(int_tokens) and int_tokens[j][0] == "comma":
        scale += 1
        j += 1
    value: float | int = x
    for kind, _ in tokens:
        if kind == "percent":
            value = value * 100
        elif kind == "permille":
            value = value * 1000
    if scale:
        value = value / (1000 ** scale)
    frac_places = sum(1 for t in frac_tokens if t[0] == "digit")
    frac_min = max((i + 1 for i, t in enumerate(t for t in frac_tokens if t[0] == "digit") if t[1] == "0"),
                   default=0)
    int_placeholders = [t[1] for t in int_tokens if t[0] == "digit"]
    int_min = len(int_placeholders) - int_placeholders.index("0") if "0" in int_placeholders else 0
    exponent_text = ""
    if exp_at is not None:
        spec_exp = tokens[exp_at][1]
        exp_digits = int(spec_exp.lstrip("eE+-") or "1")
        from decimal import Decimal
        exact = abs(Decimal(value))
        exponent = 0
        if exact:
            exponent = exact.adjusted() - (max(len(int_placeholders), 1) - 1)
            exact = exact.scaleb(-exponent)
            if round(exact, frac_places) >= 10 ** max(len(int_placeholders), 1):
                exact = exact.scaleb(-1)
                exponent += 1
        value = -exact if value < 0 else exact  # type: ignore[assignment]
        sign = "-" if exponent < 0 else ("+" if "+" in spec_exp else "")
        exponent_text = spec_exp[0] + sign + str(abs(exponent)).rjust(exp_digits, "0")
    whole, frac, neg = _round_digits(value, frac_places)
    whole = whole.lstrip("0")
    if len(whole) < int_min:
        whole = whole.rjust(int_min, "0")
    frac = frac[:frac_places]
    keep = len(frac.rstrip("0"))
    frac = frac[:max(keep, frac_min)]
    out: list[str] = []
    if neg and not negative_section:
        out.append("-")
    # Integer part: digits fill the placeholders right to left; the leftmost takes the rest.
    int_text = _group(whole) if grouping and whole else whole
    placeholders = [i for i, t in enumerate(int_tokens) if t[0] == "digit"]
    if not placeholders:
        out.extend(t[1] for t in int_tokens if t[0] == "lit")
        out.append(int_text if frac_places or not frac_tokens else "")
    elif grouping:
        first, last = placeholders[0], placeholders[-1]
        out.extend(t[1] for t in int_tokens[:first] if t[0] == "lit")
        out.append(int_text)
        out.extend(t[1] for t in int_tokens[last + 1:] if t[0] == "lit")
    else:
        pieces: list[str] = []
        remaining = int_text
        for idx in range(len(int_tokens) - 1, -1, -1):
            kind, text = int_tokens[idx]
            if kind == "digit":
                if idx == placeholders[0]:
                    pieces.append(remaining)
                    remaining = ""
                elif remaining:
                    pieces.append(remaining[-1])
                    remaining = remaining[:-1]
            elif kind == "lit":
                pieces.append(text)
        out.extend(reversed(pieces))
    if frac:
        out.append(".")
        pos = 0
        for kind, text in frac_tokens:
            if kind == "digit":
                if pos < len(frac):
                    out.append(frac[pos])
                pos += 1
            elif kind == "lit":
                out.append(text)
    else:
        out.extend(t[1] for t in frac_tokens if t[0] == "lit")
    out.append(exponent_text)
    out.extend(t[1] for t in tokens if t[0] in ("percent", "permille"))
    return "".join(out)
