"""Tokenizer, syntax tree and recursive-descent parser for XLSForm ``relevant`` expressions.

The public entry points live in :mod:`isu.codebook.relevance`, which documents the supported
subset and its semantics. This module only turns text into a checked tree of small frozen
dataclasses and raises :class:`RelevanceError` (with a Swedish message) when it cannot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral
from typing import NoReturn

from isu.i18n import _

COMPARISON_OPERATORS = ("=", "!=", "<", "<=", ">", ">=")
# Function name -> number of arguments.
FUNCTIONS = {
    "selected": 2,
    "count-selected": 1,
    "string-length": 1,
    "not": 1,
    "true": 0,
    "false": 0,
}
_FUNCTION_LIST = "selected(), count-selected(), string-length(), not(), true(), false()"
_AND, _OR = ("and", "AND"), ("or", "OR")

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_REF = re.compile(r"\$\{([^{}\s$'\"()]*)\}")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)")
NUMBER_TEXT = re.compile(r"\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*\Z")
_CURLY_QUOTES = "‘’‚‛“”„‟´`"


class RelevanceError(ValueError):
    """A ``relevant`` expression that cannot be parsed or evaluated.

    ``str(error)`` is a complete Swedish sentence; ``position`` is the 0-based character
    offset of the problem in ``expression`` (``None`` when it has no single place).
    """

    def __init__(self, message: str, expression: str, position: int | None = None) -> None:
        super().__init__(message)
        self.expression = expression
        self.position = position


# --- Syntax tree ------------------------------------------------------------------------------
# ``pos`` is the 0-based offset where the node starts; it is ignored by ``==``.


@dataclass(frozen=True)
class Ref:
    name: str
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Literal:
    value: str | float | bool
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Compare:
    op: str
    left: Node
    right: Node
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    left: Node
    right: Node
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Not:
    operand: Node
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Call:
    name: str  # "selected" | "count-selected" | "string-length"
    args: tuple[Node, ...]
    pos: int = field(default=0, compare=False)


Node = Ref | Literal | Compare | BoolOp | Not | Call
Kind = TypingLiteral["bool", "num", "str", "value"]


def kind_of(node: Node) -> Kind:
    """Static type of a node: a condition, a number, a text, or a column value (unknown type)."""
    if isinstance(node, Ref):
        return "value"
    if isinstance(node, Literal):
        if isinstance(node.value, bool):
            return "bool"
        return "str" if isinstance(node.value, str) else "num"
    if isinstance(node, Call) and node.name != "selected":
        return "num"
    return "bool"


def describe(node: Node) -> str:
    """Short source-like description of a node for messages."""
    if isinstance(node, Ref):
        return f"${{{node.name}}}"
    if isinstance(node, Literal):
        if isinstance(node.value, bool):
            return "true()" if node.value else "false()"
        return f"'{node.value}'" if isinstance(node.value, str) else number_text(node.value)
    if isinstance(node, Call):
        return f"{node.name}()"
    return _("villkoret")


def number_text(value: float) -> str:
    """Render a number literal as it would be written: ``15`` rather than ``15.0``."""
    return str(int(value)) if value.is_integer() else repr(value)


def where(source: str, pos: int) -> str:
    """Swedish phrase locating ``pos`` in ``source``, e.g. "vid tecken 5 i villkoret '…'"."""
    if pos >= len(source.rstrip()):
        return _("i slutet av villkoret '{source}'").format(source=source)
    return _("vid tecken {n} i villkoret '{source}'").format(n=pos + 1, source=source)


# --- Tokenizer --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # ref string number op ( ) , word eof
    text: str  # for refs the name, for strings the unquoted text, else the source text
    pos: int
    raw: str = ""  # source text of refs and strings

    @property
    def shown(self) -> str:
        """How the token is quoted in messages: ``${a}``, ``'ja'``, ``'='``."""
        return self.raw or f"'{self.text}'"


def _arithmetic() -> str:
    return _("Räkneoperationer (+, -, *, div, mod) stöds inte i villkor ('{char}' {where}).")


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []

    def fail(template: str, pos: int, **values: str) -> NoReturn:
        message = template.format(where=where(source, pos), **values)
        raise RelevanceError(message, source, pos)

    i = 0
    while i < len(source):
        char = source[i]
        value_before = bool(tokens) and tokens[-1].kind in ("ref", "string", "number", ")")
        if char.isspace():
            i += 1
        elif char == "$":
            match = _REF.match(source, i)
            if match is None:
                fail(_("Ofullständig variabelreferens {where}: skriv variabler som ${{namn}}."), i)
            if not _NAME.match(match.group(1)):
                fail(
                    _(
                        "Ogiltigt variabelnamn '{name}' {where}: namn får bara innehålla "
                        "bokstäverna a–z, siffror och understreck och får inte börja med en siffra."
                    ),
                    i,
                    name=match.group(1),
                )
            tokens.append(_Token("ref", match.group(1), i, match.group()))
            i = match.end()
        elif char in "'\"":
            end = source.find(char, i + 1)
            if end < 0:
                fail(
                    _("Texten som börjar {where} saknar avslutande citattecken ({quote})."),
                    i,
                    quote=char,
                )
            tokens.append(_Token("string", source[i + 1 : end], i, source[i : end + 1]))
            i = end + 1
        elif (number := _NUMBER.match(source, i)) and not (char == "-" and value_before):
            tokens.append(_Token("number", number.group(), i))
            i = number.end()
        elif source.startswith("==", i):
            fail(_("Använd '=' i stället för '==' {where}."), i)
        elif source[i : i + 2] in COMPARISON_OPERATORS or char in COMPARISON_OPERATORS:
            text = source[i : i + 2] if source[i : i + 2] in COMPARISON_OPERATORS else char
            tokens.append(_Token("op", text, i))
            i += len(text)
        elif char in "(),":
            tokens.append(_Token(char, char, i))
            i += 1
        elif word := _WORD.match(source, i):
            if word.group() in ("div", "mod"):
                fail(_arithmetic(), i, char=word.group())
            tokens.append(_Token("word", word.group(), i))
            i = word.end()
        elif char == ".":
            fail(
                _(
                    "'.' (den aktuella frågan) stöds inte {where}: skriv ut variabelns namn, "
                    "t.ex. ${{namn}}."
                ),
                i,
            )
        elif char in "+-*":
            fail(_arithmetic(), i, char=char)
        elif char in _CURLY_QUOTES:
            fail(
                _("Typografiska citattecken ({char}) stöds inte {where}: använd raka ' eller \"."),
                i,
                char=char,
            )
        else:
            fail(_("Okänt tecken '{char}' {where}."), i, char=char)
    tokens.append(_Token("eof", "", len(source)))
    return tokens


# --- Parser -----------------------------------------------------------------------------------


class Parser:
    """Recursive descent: or_expr < and_expr < comparison < primary."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = _tokenize(source)
        self.index = 0

    def parse(self) -> Node:
        if self.tokens[0].kind == "eof":
            raise RelevanceError(_("Villkoret är tomt."), self.source, 0)
        node = self._or()
        token = self._peek()
        if token.kind == "op":
            self._fail(
                _("Jämförelser kan inte kedjas ('{op}' {where}); dela upp dem med 'and'."),
                token,
                op=token.text,
            )
        if token.kind == ")":
            self._fail(_("En ')' utan matchande '(' {where}."), token)
        if token.kind != "eof":
            self._fail(
                _("Oväntat {text} {where}; saknas 'and' eller 'or'?"), token, text=token.shown
            )
        self._require_condition(node)
        return node

    # Helpers ----------------------------------------------------------------------------------

    def _peek(self) -> _Token:
        return self.tokens[self.index]

    def _next(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _fail(self, template: str, at: _Token | Node, **values: str) -> NoReturn:
        message = template.format(where=where(self.source, at.pos), **values)
        raise RelevanceError(message, self.source, at.pos)

    def _require_condition(self, node: Node) -> None:
        if kind_of(node) != "bool":
            example = f"${{{node.name}}} != ''" if isinstance(node, Ref) else "${namn} = 'ja'"
            self._fail(
                _(
                    "Uttrycket {what} {where} är ett värde, inte ett villkor (sant/falskt); "
                    "jämför det med något, t.ex. {example}."
                ),
                node,
                what=describe(node),
                example=example,
            )

    # Grammar ----------------------------------------------------------------------------------

    def _or(self) -> Node:
        left = self._and()
        while self._peek().kind == "word" and self._peek().text in _OR:
            self._next()
            right = self._and()
            self._require_condition(left)
            self._require_condition(right)
            left = BoolOp("or", left, right, left.pos)
        return left

    def _and(self) -> Node:
        left = self._comparison()
        while self._peek().kind == "word" and self._peek().text in _AND:
            self._next()
            right = self._comparison()
            self._require_condition(left)
            self._require_condition(right)
            left = BoolOp("and", left, right, left.pos)
        return left

    def _comparison(self) -> Node:
        left = self._primary()
        if self._peek().kind != "op":
            return left
        op = self._next()
        right = self._primary()
        kinds = {kind_of(left), kind_of(right)}
        if "bool" in kinds and (kinds != {"bool"} or op.text not in ("=", "!=")):
            self._fail(
                _(
                    "Ett villkor (sant/falskt) kan bara jämföras med ett annat villkor med '=' eller '!=' {where}."
                ),
                op,
            )
        for side, other in ((left, right), (right, left)):
            if isinstance(side, Literal) and side.value == "" and op.text not in ("=", "!="):
                self._fail(_("Tom text ('') kan bara jämföras med '=' eller '!=' {where}."), op)
            if (
                isinstance(side, Literal)
                and isinstance(side.value, str)
                and side.value != ""
                and kind_of(other) == "num"
                and not NUMBER_TEXT.match(side.value)
            ):
                self._fail(
                    _("Texten '{text}' {where} är inte ett tal och kan inte jämföras med {other}."),
                    side,
                    text=side.value,
                    other=describe(other),
                )
        return Compare(op.text, left, right, left.pos)

    def _primary(self) -> Node:
        token = self._next()
        if token.kind == "ref":
            return Ref(token.text, token.pos)
        if token.kind == "string":
            return Literal(token.text, token.pos)
        if token.kind == "number":
            return Literal(float(token.text), token.pos)
        if token.kind == "(":
            node = self._or()
            self._expect_close(token)
            return node
        if token.kind == "word" and token.text not in _AND + _OR:
            return self._word(token)
        self._missing_value(token)

    def _missing_value(self, token: _Token) -> NoReturn:
        previous = self.tokens[self.index - 2] if self.index >= 2 else None
        if token.kind == "eof" and previous is not None:
            self._fail(
                _("Villkoret är ofullständigt: ett värde saknas efter {prev} {where}."),
                token,
                prev=previous.shown,
            )
        if previous is None:
            self._fail(_("Ett värde saknas före {text} {where}."), token, text=token.shown)
        self._fail(
            _("Ett värde saknas mellan {prev} och {text} {where}."),
            token,
            prev=previous.shown,
            text=token.shown,
        )

    def _expect_close(self, opening: _Token) -> None:
        token = self._next()
        if token.kind == ")":
            return
        if token.kind == "eof":
            self._fail(_("Parentesen som öppnas {where} stängs aldrig; en ')' saknas."), opening)
        self._fail(_("Förväntade ')' men fick {text} {where}."), token, text=token.shown)

    def _word(self, token: _Token) -> Node:
        name = token.text
        if self._peek().kind != "(":
            if name in FUNCTIONS:
                self._fail(_("Skriv {name}(…) med parenteser {where}."), token, name=name)
            self._fail(
                _(
                    "Okänt ord '{name}' {where}: text skrivs inom citattecken, t.ex. '{name}', "
                    "och variabler som ${{{name}}}."
                ),
                token,
                name=name,
            )
        if name not in FUNCTIONS:
            self._fail(
                _("Okänd funktion '{name}()' {where}. Tillåtna funktioner är {known}."),
                token,
                name=name,
                known=_FUNCTION_LIST,
            )
        opening = self._next()
        args: list[Node] = []
        if self._peek().kind == ")":
            self._next()
        else:
            args.append(self._or())
            while self._peek().kind == ",":
                self._next()
                args.append(self._or())
            self._expect_close(opening)
        return self._call(token, tuple(args))

    def _call(self, token: _Token, args: tuple[Node, ...]) -> Node:
        name, expected = token.text, FUNCTIONS[token.text]
        if len(args) != expected:
            self._fail(
                _("Funktionen '{name}()' {where} tar {expected} argument men fick {got}."),
                token,
                name=name,
                expected=str(expected),
                got=str(len(args)),
            )
        if name in ("true", "false"):
            return Literal(name == "true", token.pos)
        if name == "not":
            self._require_condition(args[0])
            return Not(args[0], token.pos)
        if not isinstance(args[0], Ref):
            self._fail(
                _(
                    "Funktionen '{name}()' {where} kräver en variabel som första argument, t.ex. ${{namn}}."
                ),
                token,
                name=name,
            )
        if name == "selected":
            code = args[1]
            if not isinstance(code, Literal) or isinstance(code.value, bool):
                self._fail(
                    _(
                        "Det andra argumentet till 'selected()' {where} måste vara en kod inom citattecken."
                    ),
                    token,
                )
            text = code.value if isinstance(code.value, str) else number_text(code.value)
            if not text or any(char.isspace() for char in text):
                self._fail(
                    _("Koden '{code}' {where} får inte vara tom eller innehålla mellanslag."),
                    code,
                    code=text,
                )
            args = (args[0], Literal(text, code.pos))
        return Call(name, args, token.pos)
