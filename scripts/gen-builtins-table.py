"""Generates src/graph/calls/builtins-table.ts: what jedi 0.20.0 answers for calls of compiled objects.

jedi takes a compiled object's signatures (parameter names, overloads) from the typeshed stub it
bundles and its docstring from the live object (`inspect.getdoc`). This script does the same once,
at development time, so bugmine never runs Python at analysis time:

    python3 scripts/gen-builtins-table.py TYPESHED_STDLIB_DIR > src/graph/calls/builtins-table.ts

Run it with CPython 3.11.7 (the interpreter the golden data was made with) and jedi 0.20.0's
typeshed (`jedi/third_party/typeshed/stdlib`). Stub `if sys.version_info` / `sys.platform` branches
are evaluated for the running interpreter. Only `def` and `class` statements and explicit
re-exports (`from m import x as x`) are kept; parameter names follow jedi (a leading `__` is cut,
such parameters are positional-only).
"""
import ast
import importlib
import inspect
import json
import os
import sys

# Modules in the table: builtins plus the compiled modules whose answers jedi takes from a stub.
MODULES = [
    "builtins", "sys", "time", "_warnings", "_struct", "_io", "_curses", "signal", "_signal",
    "_bz2", "_ctypes", "_socket", "_thread", "_weakref", "_collections", "_functools", "_operator",
    "posix", "math", "_sre", "zlib", "binascii", "select", "_winapi", "_msi", "errno", "gc", "atexit",
    "itertools", "marshal", "_imp", "_codecs", "_locale", "fcntl", "termios", "_stat", "_string",
]
KINDS = {"POSITIONAL_ONLY": 0, "POSITIONAL_OR_KEYWORD": 1, "VAR_POSITIONAL": 2, "KEYWORD_ONLY": 3, "VAR_KEYWORD": 4}


def condition_holds(test):
    """Evaluates the sys.version_info / sys.platform tests typeshed uses; unknown tests count as true."""
    try:
        code = compile(ast.Expression(test), "<stub>", "eval")
        return bool(eval(code, {"sys": sys}))
    except Exception:  # noqa: BLE001 - a test we cannot evaluate keeps its branch
        return True


def statements(body):
    for stmt in body:
        if isinstance(stmt, ast.If):
            yield from statements(stmt.body if condition_holds(stmt.test) else stmt.orelse)
        else:
            yield stmt


def params_of(fn):
    args = fn.args
    out = []
    for a in args.posonlyargs:
        out.append([a.arg, 0])
    for a in args.args:
        out.append([a.arg, 0 if a.arg.startswith("__") and not a.arg.endswith("__") else 1])
    if args.vararg:
        out.append([args.vararg.arg, 2])
    for a in args.kwonlyargs:
        out.append([a.arg, 3])
    if args.kwarg:
        out.append([args.kwarg.arg, 4])
    for p in out:
        if p[0].startswith("__") and not p[0].endswith("__"):
            p[0] = p[0][2:]
    return out


def return_name(fn):
    """The simple class name a function returns, when the annotation names one (`list[str]` → list)."""
    node = fn.returns
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def live(module, path):
    obj = module
    for part in path:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def doc_of(obj):
    if obj is None:
        return ""
    try:
        return inspect.getdoc(obj) or ""
    except Exception:  # noqa: BLE001
        return ""


def functions_of(body):
    """name -> (signatures, returns) over the overloads of each def, in source order."""
    out = {}
    for stmt in statements(body):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            entry = out.setdefault(stmt.name, {"signatures": [], "returns": None})
            entry["signatures"].append(params_of(stmt))
            entry["returns"] = entry["returns"] or return_name(stmt)
            decorators = {d.id if isinstance(d, ast.Name) else getattr(d, "attr", "") for d in stmt.decorator_list}
            if "staticmethod" in decorators:
                entry["static"] = True
            if "classmethod" in decorators:
                entry["classmethod"] = True
            if "property" in decorators:
                entry["property"] = True
    return out


def module_entry(name, typeshed):
    stub = os.path.join(typeshed, name + ".pyi")
    if not os.path.exists(stub):
        stub = os.path.join(typeshed, name, "__init__.pyi")
    if not os.path.exists(stub):
        return None
    try:
        module = importlib.import_module(name)
    except ImportError:
        module = None
    tree = ast.parse(open(stub, encoding="utf-8").read())
    entry = {"doc": doc_of(module), "functions": {}, "classes": {}, "aliases": {}}
    for name_, fn in functions_of(tree.body).items():
        fn["doc"] = doc_of(live(module, [name_]))
        entry["functions"][name_] = fn
    for stmt in statements(tree.body):
        if isinstance(stmt, ast.ClassDef):
            cls_obj = live(module, [stmt.name])
            methods = functions_of(stmt.body)
            for m, fn in methods.items():
                fn["doc"] = doc_of(live(cls_obj, [m])) if cls_obj is not None else ""
            bases = []
            for b in stmt.bases:
                if isinstance(b, ast.Subscript):
                    b = b.value
                if isinstance(b, ast.Name):
                    bases.append(b.id)
                elif isinstance(b, ast.Attribute):
                    bases.append(b.attr)
            entry["classes"][stmt.name] = {"doc": doc_of(cls_obj), "bases": bases, "methods": methods}
        elif isinstance(stmt, ast.ImportFrom) and stmt.module and stmt.level == 0:
            for alias in stmt.names:
                if alias.asname is not None and alias.asname == alias.name:
                    entry["aliases"][alias.name] = stmt.module + "." + alias.name
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            if isinstance(stmt.value, ast.Name) and stmt.value.id != stmt.targets[0].id:
                entry["aliases"][stmt.targets[0].id] = name + "." + stmt.value.id
    return entry


def main():
    typeshed = sys.argv[1]
    table = {}
    for name in MODULES:
        entry = module_entry(name, typeshed)
        if entry is not None:
            table[name] = entry
    out = sys.stdout
    out.write("// Generated by scripts/gen-builtins-table.py from CPython %s and jedi 0.20.0's typeshed. Do not edit.\n" % sys.version.split()[0])
    out.write("// Per module: functions and classes with their stub signatures ([name, kind] per parameter, kind as\n")
    out.write("// inspect.Parameter: 0 positional-only, 1 positional-or-keyword, 2 *args, 3 keyword-only, 4 **kwargs),\n")
    out.write("// the simple name of the returned class, and the live object's docstring (inspect.getdoc).\n")
    out.write("import type { CompiledModuleTable } from './table-types.js';\n\n")
    out.write("export const COMPILED_MODULES: Readonly<Record<string, CompiledModuleTable>> = ")
    out.write(json.dumps(table, ensure_ascii=False, indent=None, separators=(",", ":")))
    out.write(";\n")


if __name__ == "__main__":
    main()
