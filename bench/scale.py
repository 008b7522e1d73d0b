#!/usr/bin/env python3
"""Writes a corpus N times the size of a JSON lines corpus: copy 0 is the original, copy k has
ids `<id>-c<k>`, titles `<title>（副本k）` and its dates moved k days earlier.

The dates move because the corpus drops a document whose passages and written date equal a
document it already holds (a republished copy); another date makes each copy a document of
its own, and the new title keeps copies out of each other's version groups.

    python3 bench/scale.py laws.jsonl 10 OUT_DIR     # writes OUT_DIR/laws-x10.jsonl
"""

import datetime
import json
import os
import sys

DATE_FIELDS = ("date", "effective_date", "version_date", "written")


def shifted(text, days):
    try:
        day = datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return text
    return (day - datetime.timedelta(days=days)).isoformat()


def main():
    source, factor, out_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(out_dir, exist_ok=True)
    with open(source, encoding="utf-8") as f:
        laws = [json.loads(line) for line in f if line.strip()]
    out_path = os.path.join(out_dir, f"laws-x{factor}.jsonl")
    with open(out_path, "w", encoding="utf-8") as out:
        for copy in range(factor):
            for law in laws:
                if copy:
                    law = dict(law)
                    law["id"] = f"{law['id']}-c{copy}"
                    law["title"] = f"{law['title']}（副本{copy}）"
                    for key in DATE_FIELDS:
                        if key in law:
                            law[key] = shifted(law[key], copy)
                out.write(json.dumps(law, ensure_ascii=False))
                out.write("\n")
    print(out_path)


if __name__ == "__main__":
    main()
