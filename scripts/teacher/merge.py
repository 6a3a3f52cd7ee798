#!/usr/bin/env python3
"""Writes the silver treebank: the sentences of IN.conllu (as `syntax_tool text` analysed them)
with HEAD and DEPREL from the teacher's TSV (teacher.py parse, one line per sentence in the same
order), documents in a seeded random order so that `--silver-words N` takes a random sample of
whole documents. Sentences whose mean head probability is below --min-confidence are left out.

  merge.py IN.conllu TEACHER.tsv.gz OUT.conllu [--seed 1] [--min-confidence 0] [--tags]
      [--skip-words N] [--max-words M]

--tags takes UPOS and XPOS from the teacher too (a silver treebank for the tagger).
--skip-words N leaves out the documents that `--silver-words N` would train on, so that with
--max-words M (whole documents up to M words) it makes a held-out set: the news on which
models/syntax.md measures how often the parser agrees with the teacher.
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
    ap.add_argument("--skip-words", type=int, default=0)
    ap.add_argument("--max-words", type=int, default=0)
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
    def words_in(sents):
        return sum(1 for sent in sents for line in sent if not line.startswith("#"))

    if args.skip_words:
        # Leave out every document `--silver-words N` reads, even in part: it takes sentences in
        # order up to the first one that would pass N.
        taken, last = 0, len(merged) - 1
        for d, doc in enumerate(merged):
            if taken + words_in(doc) > args.skip_words:
                last = d
                break
            taken += words_in(doc)
        merged = merged[last + 1:]
    written = 0
    with open(args.out, "w", encoding="utf-8") as f:
        for doc in merged:
            if args.max_words and written + words_in(doc) > args.max_words:
                break
            for sent in doc:
                f.write("\n".join(sent) + "\n\n")
            written += words_in(doc)
    print(f"{args.out}: {written} words; {kept} sentences kept, {dropped} below confidence "
          f"{args.min_confidence}")


if __name__ == "__main__":
    main()
