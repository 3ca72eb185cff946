"""Development oracle, not part of bugmine: jedi's call edges for conformance inputs, queried the way
BugLab's CallAndTypeInfo does (one `jedi.Script` per file, every `Call` of the module in LibCST's
pre-order: the signatures at the opening parenthesis, then at one column into each argument), and
again with a fresh `Script` for each call (the same queries, nothing asked before them).

An edge that one way gives and the other does not depends on what jedi was asked earlier in the
file (its inference state): that is the "state-dependent" class of scripts/dev/calls-classes.ts.
bugmine itself never runs this; it needs jedi 0.20.0 and libcst (any 1.x) in the running Python.

    python3 scripts/dev/jedi_state.py CONFORMANCE_DIR OUT.json [input.py ...]

OUT.json: {input: {"shared": [key, ...], "fresh": [key, ...]}}, keys `kind|l:c-l:c|value` as in
scripts/dev/calls-golden.ts, only for call sites inside the golden functions' ranges, sorted.
Written to OUT.json.tmp first and renamed when complete.
"""
import json
import os
import sys

import jedi
import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider


class Calls(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self):
        super().__init__()
        self.calls = []

    def visit_Call(self, node):
        pos = self.get_metadata(PositionProvider, node)
        paren = self.get_metadata(PositionProvider, node.whitespace_after_func)
        args = [(self.get_metadata(PositionProvider, a), a) for a in node.args]
        self.calls.append((pos, paren, args))


def key(kind, rng, value):
    return f"{kind}|{rng.start.line}:{rng.start.column}-{rng.end.line}:{rng.end.column}|{value}"


def inside(rng, ranges):
    for (l1, c1), (l2, c2) in ranges:
        if (l1, c1) <= (rng.start.line, rng.start.column) and (rng.end.line, rng.end.column) <= (l2, c2):
            return True
    return False


def query(script, call, ranges, out):
    pos, paren, args = call
    if inside(pos, ranges):
        for sig in script.get_signatures(line=paren.end.line, column=paren.end.column + 1):
            out.add(key("CandidateCall", pos, sig.full_name or sig.name))
            doc = sig.docstring(raw=True)
            if len(doc) > 0:
                out.add(key("CandidateCallDoc", pos, doc))
    for arg_pos, _ in args:
        sigs = script.get_signatures(line=arg_pos.start.line, column=arg_pos.start.column + 1)
        if not inside(arg_pos, ranges):
            continue
        for sig in sigs:
            if sig.index is not None:
                out.add(key("MayFormalName", arg_pos, sig.params[sig.index].name))


def main():
    conformance, out_path = sys.argv[1], sys.argv[2]
    golden_dir = os.path.join(conformance, "golden")
    names = sys.argv[3:] or sorted(f[:-5] + ".py" for f in os.listdir(golden_dir) if f.endswith(".json"))
    result = {}
    os.chdir(os.path.join(conformance, "inputs"))  # BugLab hands jedi the bare file name
    for name in names:
        with open(os.path.join(golden_dir, name[:-3] + ".json"), encoding="utf-8") as f:
            ranges = [fn["code_range"] for fn in json.load(f)["functions"]]
        with open(name, encoding="utf-8") as f:
            code = f.read()
        visitor = Calls()
        MetadataWrapper(cst.parse_module(code)).visit(visitor)
        shared, fresh = set(), set()
        script = jedi.Script(code=code, path=name)
        for call in visitor.calls:
            query(script, call, ranges, shared)
        for call in visitor.calls:
            if inside(call[0], ranges) or any(inside(p, ranges) for p, _ in call[2]):
                query(jedi.Script(code=code, path=name), call, ranges, fresh)
        result[name] = {"shared": sorted(shared), "fresh": sorted(fresh)}
        print(f"{name}: shared {len(shared)}, fresh {len(fresh)}", file=sys.stderr, flush=True)
    with open(out_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, sort_keys=True)
    os.replace(out_path + ".tmp", out_path)


if __name__ == "__main__":
    main()
