#!/usr/bin/env python3
"""Writes the silver treebank: the sentences of IN.conllu (as `syntax_tool text` analysed them)
with HEAD and DEPREL from the teacher's TSV (teacher.py parse, one line per sentence in the same
order), documents in a seeded random order so that `--silver-words N` takes a random sample of
whole documents. Sentences whose mean head probability is below --min-confidence are left out.

  merge.py IN.conllu TEACHER.tsv.gz OUT.conllu [--seed 1] [--min-confidence 0] [--tags]

--tags takes UPOS and XPOS from the teacher too (a silver treebank for the tagger).
"""
import argparse
import gzip
import random


def documents(path):
    """Documents (lists of sentences, each a list of lines) split at `# newdoc`."""
    docs, sent = [], []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line == "# newdoc":
                docs.append([])
            if line:
                sent.append(line)
            elif sent:
                docs[-1].append(sent)
                sent = []
    if sent:
        docs[-1].append(sent)
    return docs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("conllu")
    ap.add_argument("teacher")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--min-confidence", type=float, default=0.0)
    ap.add_argument("--tags", action="store_true")
    args = ap.parse_args()
    docs = documents(args.conllu)
    with gzip.open(args.teacher, "rt", encoding="utf-8") as f:
        parses = iter([line.rstrip("\n").split("\t") for line in f])
    merged, kept, dropped = [], 0, 0
    for doc in docs:
        out = []
        for sent in doc:
            heads, rels, upos, xpos, conf = next(parses)
            heads, rels, upos, xpos = (x.split(" ") for x in (heads, rels, upos, xpos))
            words = [line.split("\t") for line in sent if not line.startswith("#")]
            if len(words) != len(heads):
                raise SystemExit(f"{args.teacher}: sentence {kept + dropped + 1} has {len(heads)} "
                                 f"heads for {len(words)} words")
            if float(conf) < args.min_confidence:
                dropped += 1
                continue
            kept += 1
            lines = [line for line in sent if line.startswith("#")]
            for cols, h, r, u, x in zip(words, heads, rels, upos, xpos):
                cols[6], cols[7] = h, r
                if args.tags:
                    cols[3], cols[4] = u, x
                lines.append("\t".join(cols))
            out.append(lines)
        if out:
            merged.append(out)
    if next(parses, None) is not None:
        raise SystemExit(f"{args.teacher} has more sentences than {args.conllu}")
    random.Random(args.seed).shuffle(merged)
    with open(args.out, "w", encoding="utf-8") as f:
        for doc in merged:
            for sent in doc:
                f.write("\n".join(sent) + "\n\n")
    print(f"{args.out}: {kept} sentences kept, {dropped} below confidence {args.min_confidence}")


if __name__ == "__main__":
    main()
