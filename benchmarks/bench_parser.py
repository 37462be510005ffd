"""Cold-start cost of the Bicep parser: the table runtime (lalr.py) against Lark's own LALR parser.

    python benchmarks/bench_parser.py [--runs 20] [FILE.bicep]

Each run is a new process that imports the parser, loads its tables from the user cache (warmed first, as
after the first run of an install) and parses FILE with parser.py's newline-dropping driver; the figure is
the CPU time of that work (time.process_time, so the load of other processes on the machine counts less
than in wall time). The two parsers are run interleaved, `--runs` times each, and the medians printed
with the full `vmss-lint FILE` cold start (CPU of the process) for scale. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FILE = REPO / "fixtures" / "rules" / "VMSS-GEN-050" / "bad.bicep"

RUNTIME = r"""
import sys, time
started = time.process_time()
from vmss_lint.bicep.parser import parse_text
parse_text(open(sys.argv[1], encoding="utf-8").read())
print(time.process_time() - started)
"""

# parser.parse_text's algorithm (newlines dropped where they cannot separate) on Lark's parser, with
# Lark's own table cache (Lark(..., cache=FILE)): what a switch to Lark would run.
LARK = r"""
import sys, time
started = time.process_time()
from lark import Lark
from lark.parsers.lalr_analysis import Shift
from vmss_lint.bicep import grammar, parser as driver

class Newlines:
    always_accept = ("_NL",)
    def process(self, stream):
        return stream

lark = Lark(grammar.grammar_text(), parser="lalr", lexer="contextual", propagate_positions=True,
            start=grammar.START_SYMBOLS, maybe_placeholders=True, postlex=Newlines(),
            cache=str(grammar.cache_directory() / "bench-lark.cache"))
text = open(sys.argv[1], encoding="utf-8").read()
interactive = lark.parse_interactive(text, start="start")
state = interactive.parser_state
table = state.parse_conf.parse_table.states

def accepts(stack, terminal):
    states = list(stack)
    while True:
        action = table[states[-1]].get(terminal)
        if action is None:
            return False
        kind, argument = action
        if kind is Shift:
            return True
        if argument.expansion:
            del states[-len(argument.expansion):]
        states.append(table[states[-1]][argument.origin.name][1])

brackets, last = [], None
for token in interactive.lexer_thread.lex(state):
    if token.type == "_NL":
        if brackets and brackets[-1] == "LPAR":
            continue
        following = driver._BLANK.match(text, token.end_pos)
        position = following.end() if following else token.end_pos
        if position >= len(text) or driver._CONTINUATION.match(text, position):
            if position < len(text) or not accepts(state.state_stack, "_NL"):
                continue
        elif not accepts(state.state_stack, "_NL"):
            continue
    elif token.type in driver._OPENERS:
        brackets.append(token.type)
    elif token.type in driver._CLOSERS and brackets:
        brackets.pop()
    state.feed_token(token)
    last = token
if last is not None and last.type != "_NL" and accepts(state.state_stack, "_NL"):
    from lark import Token
    state.feed_token(Token.new_borrow_pos("_NL", "\n", last))
interactive.feed_eof(last)
print(time.process_time() - started)
"""


def child_seconds(code: str, file: Path) -> float:
    done = subprocess.run([sys.executable, "-c", code, str(file)], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def tool_cpu(file: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "vmss_lint", str(file)], capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    options = argparse.ArgumentParser()
    options.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    options.add_argument("--runs", type=int, default=20)
    arguments = options.parse_args()
    for code in (RUNTIME, LARK):  # warm both caches, as after the first run
        child_seconds(code, arguments.file)
    runtime, lark, tool = [], [], []
    for _ in range(arguments.runs):
        runtime.append(child_seconds(RUNTIME, arguments.file))
        lark.append(child_seconds(LARK, arguments.file))
        tool.append(tool_cpu(arguments.file))
    figures = {
        "file": str(arguments.file), "runs": arguments.runs,
        "runtime_parse_cpu_median": statistics.median(runtime), "lark_parse_cpu_median": statistics.median(lark),
        "vmss_lint_cold_cpu_median_with_runtime": statistics.median(tool),
    }
    figures["estimated_vmss_lint_cold_cpu_with_lark"] = figures["vmss_lint_cold_cpu_median_with_runtime"] - figures["runtime_parse_cpu_median"] + figures["lark_parse_cpu_median"]
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
