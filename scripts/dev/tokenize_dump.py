"""Development oracle, not part of bugmine: Python's own tokenize output as JSON lines.

    python3 scripts/dev/tokenize_dump.py FILE.py [...]

One line per file: {"path": ..., "tokens": [[type_name, string, [sl, sc], [el, ec]], ...]} or
{"path": ..., "error": "..."}; the ENCODING token is left out. Files are read as BugLab read them:
UTF-8 text with universal newlines.
"""
import json
import sys
import tokenize
import io


def main(paths):
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            toks = [
                [tokenize.tok_name[t.type], t.string, list(t.start), list(t.end)]
                for t in tokenize.generate_tokens(io.StringIO(text).readline)
            ]
            line = {"path": path, "tokens": toks}
        except Exception as e:  # noqa: BLE001
            line = {"path": path, "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
