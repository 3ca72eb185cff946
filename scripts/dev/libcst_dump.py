"""Development oracle, not part of bugmine: dumps LibCST's tree of Python files as JSON in the shape of
bugmine's CST contract (src/python/cst.ts), so bugmine's own parser and graph passes can be compared
with LibCST on any corpus.

Needs a Python with libcst installed (a throwaway venv: `python3 -m venv /tmp/lcst &&
/tmp/lcst/bin/pip install libcst==1.8.2`). bugmine itself never runs this.

    /tmp/lcst/bin/python scripts/dev/libcst_dump.py FILE.py [FILE.py ...] > trees.jsonl

One JSON line per file: {"path": ..., "tree": <node>} or {"path": ..., "error": "..."}.
A node is {"type": ClassName, "range": {"start": {"line", "column"}, "end": {...}}, <field>: value, ...}
with child nodes nested, sequences as lists, None and MaybeSentinel.DEFAULT as null.
Set LIBCST_PARSER_TYPE=pure to use LibCST's pure-Python parser (what BugLab's golden data used).
"""
import dataclasses
import json
import sys

import libcst
from libcst import MaybeSentinel
from libcst.metadata import MetadataWrapper, PositionProvider


def convert(node, positions):
    out = {"type": type(node).__name__}
    pos = positions.get(node)
    if pos is not None:
        out["range"] = {
            "start": {"line": pos.start.line, "column": pos.start.column},
            "end": {"line": pos.end.line, "column": pos.end.column},
        }
    for field in dataclasses.fields(node):
        # ExceptHandler.type would overwrite the class name: bugmine keeps it as `exceptType`.
        key = "exceptType" if field.name == "type" else field.name
        out[key] = value_of(getattr(node, field.name), positions)
    return out


def value_of(value, positions):
    if isinstance(value, libcst.CSTNode):
        return convert(value, positions)
    if isinstance(value, (list, tuple)):
        return [value_of(v, positions) for v in value]
    if value is None or value is MaybeSentinel.DEFAULT:
        return None
    if isinstance(value, (str, bool, int)):
        return value
    raise TypeError(f"unexpected field value {value!r}")


def main(paths):
    sys.setrecursionlimit(10000)
    for path in paths:
        try:
            with open(path, "rb") as f:
                source = f.read()
            module = libcst.parse_module(source)
            wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
            positions = wrapper.resolve(PositionProvider)
            line = {"path": path, "tree": convert(module, positions)}
        except Exception as e:  # noqa: BLE001 - an oracle reports every failure per file
            line = {"path": path, "error": f"{type(e).__name__}: {e}".splitlines()[0]}
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
