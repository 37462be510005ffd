"""Run the Bicep LALR(1) tables: a contextual lexer, the shift/reduce automaton, and tree building.

Lark builds the tables once per grammar version (`tables.py` stores them as JSON in the cache); running
them needs none of Lark, whose import and cache loading were a third of a one-file Bicep run. The trees
are the ones Lark builds with our options (LALR, contextual lexer, `maybe_placeholders`,
`propagate_positions`): `Tree(data, children, meta)` with `None` for an absent optional, `_rule` children
spliced into their parent, `?rule` replaced by its only child, anonymous tokens left out, and each tree's
`meta.start_pos`/`end_pos` spanning its first and last token. tests/bicep/test_lalr.py compares both on
every Bicep file of the tests and fixtures.

Measured against Lark's own parser (benchmarks/bench_parser.py: fresh processes, CPU time, 20 interleaved
runs each on fixtures/rules/VMSS-GEN-050/bad.bicep, a loaded 2-core machine, 2026-12-04): importing,
loading the tables and parsing take 40 ms with this runtime and 90 ms with Lark reading its own table
cache; a whole `vmss-lint FILE.bicep` cold start takes 0.307 s CPU with this runtime, so about 0.357 s
with Lark. Lark therefore fits the 0.4 s target, with 43 ms to spare. This copy stays for now only
because the switch is not done yet: Lark's cache is a pickle read from the user's cache directory (a
JSON store of `Lark.memo_serialize`, loaded with `Lark.deserialize`, would avoid that), and Lark's trees
differ at the edges the Bicep front end reads (an empty `Meta` has no `start_pos`). Prefer Lark when
those are settled (issue #14).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

END = "$END"


class Token(str):
    """A terminal: its text, terminal name and character offsets (`end_pos` exclusive)."""

    type: str
    start_pos: int
    end_pos: int

    def __new__(cls, type_: str, value: str, start_pos: int, end_pos: int) -> Token:
        token = super().__new__(cls, value)
        token.type, token.start_pos, token.end_pos = type_, start_pos, end_pos
        return token

    @property
    def value(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {str(self)!r}, {self.start_pos})"


class Meta:
    """Where a tree's text lies; `empty` while no token of it has been seen. The `container_` offsets also
    cover tokens of an enclosing rule that replaced itself by this tree."""

    __slots__ = ("empty", "start_pos", "end_pos", "container_start_pos", "container_end_pos")

    def __init__(self) -> None:
        self.empty = True
        self.start_pos: int | None = None
        self.end_pos: int | None = None
        self.container_start_pos: int | None = None
        self.container_end_pos: int | None = None


class Tree:
    __slots__ = ("data", "children", "meta")

    def __init__(self, data: str, children: list[Any]) -> None:
        self.data = data
        self.children = children
        self.meta = Meta()

    def __repr__(self) -> str:
        return f"Tree({self.data!r}, {self.children!r})"


class ParseError(Exception):
    """`offset` where the text stops fitting the grammar; `token` is the unexpected token, if one was read."""

    def __init__(self, offset: int, token: Token | None = None) -> None:
        super().__init__(offset)
        self.offset = offset
        self.token = token


class Rule:
    """One grammar rule as the automaton reduces it and the tree builder shapes it."""

    __slots__ = ("origin", "size", "tree_name", "expand_single", "include", "append_none")

    def __init__(self, data: list[Any]) -> None:
        self.origin, self.size, self.tree_name, self.expand_single, children = data
        # children: None (keep every child as it is) or [[(index, splice, nones before)...], nones after]
        self.include: list[tuple[int, bool, int]] | None = None
        self.append_none = 0
        if children is not None:
            self.include = [tuple(item) for item in children[0]]  # type: ignore[misc]
            self.append_none = children[1]

    def build(self, children: list[Any]) -> Any:
        kept = children
        if self.include is not None:
            kept = []
            for index, splice, nones in self.include:
                if nones:
                    kept += [None] * nones
                if splice and not kept:
                    # a spliced `_rule` is consumed here: take its list instead of copying it, so a
                    # left-recursive list (`_items: _items item | item`) grows in linear, not quadratic, time
                    kept = children[index].children
                elif splice:
                    kept += children[index].children
                else:
                    kept.append(children[index])
            if self.append_none:
                kept += [None] * self.append_none
        result = kept[0] if self.expand_single and len(kept) == 1 else Tree(self.tree_name, kept)
        if isinstance(result, Tree):
            _propagate_positions(result.meta, children)
        return result


def _first_position(children: Any) -> Any:
    for child in children:
        if isinstance(child, Tree):
            if not child.meta.empty:
                return child.meta
        elif isinstance(child, Token):
            return child
    return None


def _propagate_positions(meta: Meta, children: list[Any]) -> None:
    """A tree spans from its first positioned child to its last, counting the tokens the tree leaves out
    (keywords, brackets). A `?rule` that handed up its only child widens that child's container only."""
    first = _first_position(children)
    if first is not None:
        meta.container_start_pos = start = _outer(first, "start")
        if meta.start_pos is None:
            meta.start_pos, meta.empty = start, False
    last = _first_position(reversed(children))
    if last is not None:
        meta.container_end_pos = end = _outer(last, "end")
        if meta.end_pos is None:
            meta.end_pos, meta.empty = end, False


def _outer(item: Any, side: str) -> int:
    """A tree's container offset on `side` ("start" or "end"), else its own; a token has only its own."""
    container = getattr(item, f"container_{side}_pos", None)
    return getattr(item, f"{side}_pos") if container is None else container


class Terminal:
    """A terminal: its regex, the data of Lark's ordering, its text when it is a plain string, and (for a
    regex terminal) the string terminals of its priority whose whole text it matches (keywords)."""

    __slots__ = ("name", "regexp", "priority", "max_width", "raw_length", "literal", "spells")

    def __init__(self, data: list[Any]) -> None:
        self.name, self.regexp, self.priority, self.max_width, self.raw_length, self.literal, spells = data
        self.spells = frozenset(spells)


class Scanner:
    """The terminals one parser state accepts, tried in Lark's order (priority, then longest possible
    match, then longest definition, then name); a regex terminal whose whole match spells a string
    terminal of the same priority becomes that terminal (keywords out of names). Compiled on first use."""

    def __init__(self, terminals: list[Terminal]) -> None:
        ordered = sorted(terminals, key=lambda t: (-t.priority, -t.max_width, -t.raw_length, t.name))
        strings = [t for t in ordered if t.literal is not None]
        embedded: set[str] = set()
        self._keyword_terminals: dict[str, list[Terminal]] = {}
        for pattern in (t for t in ordered if t.literal is None):
            spelled = [s for s in strings if s.name in pattern.spells]
            if spelled:
                embedded.update(s.name for s in spelled)
                self._keyword_terminals[pattern.name] = spelled
        self._kept = [t for t in ordered if t.name not in embedded]
        self.names = frozenset(t.name for t in terminals)
        self.kept = frozenset(t.name for t in self._kept)
        self.rank = {t.name: index for index, t in enumerate(ordered)}
        self._standalone = [t for t in self._kept if t.literal is not None]
        self._pattern: re.Pattern[str] | None = None
        self._keywords: dict[str, re.Pattern[str]] = {}

    def standalone_outside(self, wider: Scanner) -> list[tuple[int, str]]:
        """(rank in `wider`, text) of the string terminals this scanner tries on their own but `wider`
        only reaches through a regex terminal (a keyword where no name is allowed)."""
        return [(wider.rank[t.name], t.literal) for t in self._standalone if t.name not in wider.kept]  # type: ignore[misc]

    def match(self, text: str, position: int) -> tuple[str, str, str] | None:
        """(text, terminal as matched, terminal after the keyword check) at `position`, or None."""
        if self._pattern is None:
            self._pattern = re.compile("|".join(f"(?P<{t.name}>{t.regexp})" for t in self._kept))
            self._keywords = {
                name: re.compile("|".join(f"(?P<{s.name}>{s.regexp})" for s in spelled)) for name, spelled in self._keyword_terminals.items()
            }
        found = self._pattern.match(text, position)
        if found is None:
            return None
        matched = kind = found.lastgroup
        value = found.group(0)
        keywords = self._keywords.get(matched)  # type: ignore[arg-type]
        if keywords is not None:
            whole = keywords.fullmatch(value)
            if whole is not None:
                kind = whole.lastgroup
        return value, matched, kind  # type: ignore[return-value]


class Tables:
    """The automaton and the lexer data; scanners are built per set of accepted terminals, on first use."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.states: list[dict[str, int]] = data["states"]  # >= 0: shift to that state; < 0: reduce rule -n-1
        self.start_states: dict[str, int] = data["start_states"]
        self.end_states: dict[str, int] = data["end_states"]
        self.rules = [Rule(item) for item in data["rules"]]
        self.terminals = {item[0]: Terminal(item) for item in data["terminals"]}
        self.ignore = frozenset(data["ignore"])
        self.always_accept = tuple(data["always_accept"])
        self._scanner_of_state: dict[int, Scanner] = {}
        self._scanners: dict[frozenset[str], Scanner] = {}
        self._everything: Scanner | None = None
        self._wide: Scanner | None = None
        self._standalone: dict[int, list[tuple[int, str]]] = {}

    def scanner(self, state: int) -> Scanner:
        found = self._scanner_of_state.get(state)
        if found is None:
            names = frozenset(name for name in self.states[state] if name in self.terminals) | self.ignore | frozenset(self.always_accept)
            found = self._scanners.get(names)
            if found is None:
                found = self._scanners[names] = Scanner([self.terminals[name] for name in names if name in self.terminals])
            self._scanner_of_state[state] = found
        return found

    def any_scanner(self) -> Scanner:
        """Every terminal: names what a state did not expect, for the error message."""
        if self._everything is None:
            self._everything = Scanner(list(self.terminals.values()))
        return self._everything

    def match(self, state: int, text: str, position: int) -> tuple[str, str, str] | None:
        """What the state's scanner matches at `position`.

        Compiling a scanner per state cost more than the rest of a first parse, so one scanner of every
        terminal some state accepts answers whenever its answer is provably the state's: it matched a
        terminal the state tries, turned into one the state has, and no keyword that only the state
        tries on its own (the wide scanner reaches it through the name terminal) comes first in the
        order and matches here. Otherwise the state's own scanner is built and asked.
        """
        scanner = self.scanner(state)
        wide = self._wide_scanner()
        standalone = self._standalone.get(state)
        if standalone is None:
            standalone = self._standalone[state] = scanner.standalone_outside(wide)
        found = wide.match(text, position)
        if found is None:
            if not standalone:
                return None  # the state tries a subset of the alternatives: none of them matches either
        elif found[1] in scanner.kept and found[2] in scanner.names:
            rank = wide.rank[found[1]]
            if not any(earlier < rank and text.startswith(literal, position) for earlier, literal in standalone):
                return found
        return scanner.match(text, position)

    def _wide_scanner(self) -> Scanner:
        if self._wide is None:
            names = {name for actions in self.states for name in actions if name in self.terminals}
            names |= self.ignore | set(self.always_accept)
            self._wide = Scanner([self.terminals[name] for name in sorted(names) if name in self.terminals])
        return self._wide

    def accepts(self, stack: list[int], terminal: str) -> bool:
        """Whether the automaton would shift `terminal` now (following reductions on a copy of the stack)."""
        states = list(stack)
        while True:
            action = self.states[states[-1]].get(terminal)
            if action is None:
                return False
            if action >= 0:
                return True
            rule = self.rules[-action - 1]
            if rule.size:
                del states[-rule.size:]
            goto = self.states[states[-1]].get(rule.origin)
            if goto is None:
                return False
            states.append(goto)


class ParserState:
    """One parse in progress: feed tokens, then `finish`."""

    def __init__(self, tables: Tables, start: str) -> None:
        self.tables = tables
        self.end_state = tables.end_states[start]
        self.state_stack = [tables.start_states[start]]
        self.value_stack: list[Any] = []

    def tokens(self, text: str) -> Iterator[Token]:
        """Lex `text` for the state the parser is in when each token is asked for (contextual lexing)."""
        tables = self.tables
        position, size = 0, len(text)
        while position < size:
            found = tables.match(self.state_stack[-1], text, position)
            if found is None:
                other = tables.any_scanner().match(text, position)
                if other is not None and other[1] not in tables.ignore:
                    raise ParseError(position, Token(other[2], other[0], position, position + len(other[0])))
                raise ParseError(position)
            value, matched, kind = found
            end = position + len(value)
            if matched not in tables.ignore:
                yield Token(kind, value, position, end)
            position = end

    def feed(self, token: Token) -> Any:
        """Shift `token` after the reductions it calls for; at `$END`, return the finished tree."""
        tables = self.tables
        states, values = self.state_stack, self.value_stack
        at_end = token.type == END
        while True:
            action = tables.states[states[-1]].get(token.type)
            if action is None:
                raise ParseError(token.start_pos, token)
            if action >= 0:
                states.append(action)
                values.append(token)
                return None
            rule = tables.rules[-action - 1]
            if rule.size:
                children = values[-rule.size:]
                del states[-rule.size:]
                del values[-rule.size:]
            else:
                children = []
            value = rule.build(children)
            states.append(tables.states[states[-1]][rule.origin])
            values.append(value)
            if at_end and states[-1] == self.end_state:
                return values[-1]

    def finish(self, last: Token | None) -> Any:
        """Feed the end of the input; it takes the place of the last token read (as in Lark)."""
        return self.feed(Token(END, "", last.start_pos, last.end_pos) if last is not None else Token(END, "", 0, 0))
