"""Generates src/graph/calls/builtins-table.json: what jedi 0.20.0 answers for calls into the
standard library, whose names and signatures jedi takes from the typeshed stubs it bundles.

jedi resolves a stdlib name through its stub (full name = where the stub defines it, parameter
names and overloads from the stub) and takes the docstring of module-level functions and classes
from the live object. This script does the same once, at development time, so bugmine never runs
Python at analysis time:

    python3 scripts/gen-builtins-table.py TYPESHED_STDLIB_DIR > src/graph/calls/builtins-table.json

Run it with CPython 3.11.7 (the interpreter the golden data was made with) on jedi 0.20.0's
typeshed (`jedi/third_party/typeshed/stdlib`). Stub `if sys.version_info` / `sys.platform` branches
are evaluated for the running interpreter. Kept per stub module: `def`s (all overloads), classes
(bases and methods as full dotted names), explicit re-exports (`from m import x as x`, `import *`),
annotated module variables; parameter names follow jedi (a leading `__` is cut, such parameters
are positional-only). Methods carry no docstring: jedi reports none for stub methods.
"""
import ast
import importlib
import inspect
import json
import os
import sys
import warnings

KIND_POSITIONAL_ONLY, KIND_POSITIONAL_OR_KEYWORD, KIND_VAR_POSITIONAL, KIND_KEYWORD_ONLY, KIND_VAR_KEYWORD = range(5)
# Importing these has side effects (opening windows, printing) or is very slow.
NO_IMPORT = {"antigravity", "this", "idlelib", "turtledemo", "tkinter.tix", "lib2to3.pgen2.conv"}


def condition_holds(test):
    """Evaluates the sys.version_info / sys.platform tests typeshed uses; unknown tests count as true."""
    try:
        return bool(eval(compile(ast.Expression(test), "<stub>", "eval"), {"sys": sys}))
    except Exception:  # noqa: BLE001 - a test we cannot evaluate keeps its branch
        return True


def mentions_platform(test):
    return any(isinstance(n, ast.Attribute) and n.attr == "platform" for n in ast.walk(test))


def statements(body, platform_branches=None):
    """Statements of a stub body; `platform_branches` collects those under a sys.platform test."""
    for stmt in body:
        if isinstance(stmt, ast.If) and mentions_platform(stmt.test):
            # jedi cannot decide sys.platform tests: it sees both branches, the first one first.
            for inner in [*statements(stmt.body, platform_branches), *statements(stmt.orelse, platform_branches)]:
                if platform_branches is not None:
                    platform_branches.add(id(inner))
                yield inner
        elif isinstance(stmt, ast.If):
            yield from statements(stmt.body if condition_holds(stmt.test) else stmt.orelse, platform_branches)
        elif isinstance(stmt, ast.Try):
            yield from statements(stmt.body, platform_branches)
        else:
            yield stmt


def params_of(fn):
    args = fn.args
    out = [[a.arg, KIND_POSITIONAL_ONLY] for a in args.posonlyargs]
    out += [[a.arg, KIND_POSITIONAL_OR_KEYWORD] for a in args.args]
    if args.vararg:
        out.append([args.vararg.arg, KIND_VAR_POSITIONAL])
    out += [[a.arg, KIND_KEYWORD_ONLY] for a in args.kwonlyargs]
    if args.kwarg:
        out.append([args.kwarg.arg, KIND_VAR_KEYWORD])
    for p in out:
        if p[0].startswith("__") and not p[0].endswith("__"):
            p[0] = p[0][2:]
            if p[1] == KIND_POSITIONAL_OR_KEYWORD:
                p[1] = KIND_POSITIONAL_ONLY
    return out


class StubModule:
    def __init__(self, name, path, is_package):
        self.name = name
        self.is_package = is_package
        self.tree = ast.parse(open(path, encoding="utf-8").read())
        self.imports = {}  # local name -> full dotted name
        self.local_classes = set()
        for stmt in statements(self.tree.body):
            if isinstance(stmt, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                self.local_classes.add(stmt.name)
            elif isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    if alias.asname:
                        self.imports[alias.asname] = alias.name
                    else:
                        self.imports[alias.name.split(".")[0]] = alias.name.split(".")[0]
            elif isinstance(stmt, ast.ImportFrom):
                base = self.absolute(stmt.module, stmt.level)
                for alias in stmt.names:
                    if alias.name != "*":
                        self.imports[alias.asname or alias.name] = base + "." + alias.name

    def absolute(self, module, level):
        if level == 0:
            return module or ""
        parts = self.name.split(".")
        keep = len(parts) - level + (1 if self.is_package else 0)
        base = ".".join(parts[:keep])
        return base + "." + module if module else base

    def resolve(self, node):
        """Full dotted name of a type expression (`Foo`, `m.Foo`, `Foo[int]`, `Foo | None`)."""
        if isinstance(node, ast.Subscript):
            return self.resolve(node.value)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            left = self.resolve(node.left)
            return left if left not in (None, "builtins.None") else self.resolve(node.right)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                return self.resolve(ast.parse(node.value, mode="eval").body)
            except SyntaxError:
                return None
        if isinstance(node, ast.Name):
            if node.id == "Self":
                return "Self"
            if node.id in self.local_classes:
                return self.name + "." + node.id
            if node.id in self.imports:
                return self.imports[node.id]
            return "builtins." + node.id
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value)
            return base + "." + node.attr if base else None
        return None


def live(module, path):
    obj = module
    for part in path:
        try:
            obj = getattr(obj, part)
        except Exception:  # noqa: BLE001
            return None
    return obj


def doc_of(obj):
    if obj is None:
        return ""
    try:
        return inspect.getdoc(obj) or ""
    except Exception:  # noqa: BLE001
        return ""


_static_names = {}


def statically_bound(module, name):
    """Whether a runtime module binds `name` in a way jedi follows (compiled modules: always)."""
    path = getattr(module, "__file__", None) if module is not None else None
    if path is None or not path.endswith(".py"):
        return True
    names = _static_names.get(path)
    if names is None:
        names = set()
        try:
            tree = ast.parse(open(path, encoding="utf-8").read())
        except (OSError, SyntaxError, UnicodeDecodeError):
            tree = ast.Module(body=[], type_ignores=[])
        stack = list(tree.body)
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    if alias.name != "*":
                        names.add((alias.asname or alias.name).split(".")[0])
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for n in ast.walk(target):
                        if isinstance(n, ast.Name):
                            names.add(n.id)
            elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
                for field in ("body", "orelse", "finalbody", "handlers"):
                    stack.extend(getattr(node, field, []))
            elif isinstance(node, ast.ExceptHandler):
                stack.extend(node.body)
        _static_names[path] = names
    return name in names


def functions_of(stub, body, owner_live, with_docs):
    out = {}
    for stmt in statements(body):
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        entry = out.setdefault(stmt.name, {"signatures": [], "returns": None, "doc": ""})
        entry["signatures"].append(params_of(stmt))
        # jedi rarely matches an overload by argument types (it does not understand Literal
        # parameters) and falls back to the last, most general one: keep that one's return type.
        if stmt.returns is not None and not isinstance(stmt, ast.AsyncFunctionDef):
            entry["returns"] = stub.resolve(stmt.returns)
        names = {d.id if isinstance(d, ast.Name) else getattr(d, "attr", "") for d in stmt.decorator_list}
        for flag in ("staticmethod", "classmethod", "property"):
            if flag in names:
                entry[flag] = True
        if with_docs:
            # jedi finds the docstring by converting the stub name to the runtime module: in a
            # Python source module only names it binds statically count (os.remove comes from
            # `from posix import *`, turtle.forward from generated code: no docstring).
            if statically_bound(owner_live, stmt.name):
                entry["doc"] = doc_of(live(owner_live, [stmt.name]))
    for entry in out.values():
        if entry["returns"] is None:
            del entry["returns"]
        if not entry["doc"]:
            del entry["doc"]
    return out


def import_live(name):
    if name.split(".")[0] in NO_IMPORT or name in NO_IMPORT:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return importlib.import_module(name)
    except BaseException:  # noqa: BLE001 - platform modules, removed modules
        return None


def module_entry(stub, module):
    entry = {"functions": functions_of(stub, stub.tree.body, module, True), "classes": {}, "aliases": {}, "stars": [], "platformStars": [], "variables": {}}
    platform_branches = set()
    for stmt in statements(stub.tree.body, platform_branches):
        if isinstance(stmt, ast.ClassDef):
            methods = functions_of(stub, stmt.body, None, False)
            attributes = {}
            for inner in statements(stmt.body):
                if isinstance(inner, ast.Assign) and len(inner.targets) == 1 and isinstance(inner.targets[0], ast.Name):
                    # `title = wm_title`: jedi reports the aliased method's own name
                    if isinstance(inner.value, ast.Name) and inner.value.id in methods and inner.targets[0].id not in methods:
                        methods[inner.targets[0].id] = dict(methods[inner.value.id], aliasOf=inner.value.id)
                elif isinstance(inner, ast.AnnAssign) and isinstance(inner.target, ast.Name):
                    resolved = stub.resolve(inner.annotation)
                    if resolved and not resolved.startswith(("typing.ClassVar", "typing.Final")):
                        attributes[inner.target.id] = resolved
            bases = [b for b in (stub.resolve(base) for base in stmt.bases) if b and b not in ("builtins.Generic", "typing.Generic", "builtins.Protocol", "typing.Protocol")]
            cls = {"bases": bases, "methods": methods}
            if attributes:
                cls["attributes"] = attributes
            doc = doc_of(live(module, [stmt.name]))
            if doc:
                cls["doc"] = doc
            entry["classes"][stmt.name] = cls
        elif isinstance(stmt, ast.ImportFrom):
            base = stub.absolute(stmt.module, stmt.level)
            for alias in stmt.names:
                if alias.name == "*":
                    # jedi names functions of a star import under a sys.platform test after the
                    # importing module (os.path.join) and finds no docstring for them.
                    entry["platformStars" if id(stmt) in platform_branches else "stars"].append(base)
                elif alias.asname is not None and alias.asname == alias.name:
                    entry["aliases"][alias.name] = base + "." + alias.name
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname is not None and alias.asname == alias.name:
                    entry["aliases"][alias.name] = alias.name
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            target = stmt.targets[0].id
            if isinstance(stmt.value, (ast.Name, ast.Attribute)):
                resolved = stub.resolve(stmt.value)
                if resolved and resolved != stub.name + "." + target:
                    entry["aliases"][target] = resolved
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            resolved = stub.resolve(stmt.annotation)
            if resolved and not resolved.startswith(("typing.Final", "typing.TypeAlias", "typing_extensions.", "builtins.Final")):
                entry["variables"][stmt.target.id] = resolved
    for key in ("aliases", "stars", "platformStars", "variables"):
        if key in entry and not entry[key]:
            del entry[key]
    return entry


def stub_modules(typeshed):
    for root, dirs, files in os.walk(typeshed):
        dirs.sort()
        for file in sorted(files):
            if not file.endswith(".pyi"):
                continue
            rel = os.path.relpath(os.path.join(root, file), typeshed)[:-4].replace(os.sep, ".")
            is_package = rel.endswith(".__init__") or rel == "__init__"
            name = rel[: -len(".__init__")] if is_package else rel
            if name.startswith("_typeshed") or name == "__init__":
                continue
            yield name, os.path.join(root, file), is_package


def main():
    typeshed = sys.argv[1]
    table = {}
    for name, path, is_package in stub_modules(typeshed):
        stub = StubModule(name, path, is_package)
        table[name] = module_entry(stub, import_live(name))
    # Pure data, read at run time by src/graph/calls/builtins-table.ts, which parses a module's line
    # only when a lookup needs it: one JSON object, one module per line (compact JSON has no raw
    # newline inside a value).
    lines = [json.dumps(name, ensure_ascii=False) + ":" + json.dumps(entry, ensure_ascii=False, separators=(",", ":")) for name, entry in table.items()]
    sys.stdout.write("{\n" + ",\n".join(lines) + "\n}\n")


if __name__ == "__main__":
    main()
