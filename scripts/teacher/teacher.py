#!/usr/bin/env python3
"""A slow, accurate teacher parser for uptraining the native one (see models/syntax.md).

A graph-based biaffine dependency parser (a character CNN and word embeddings under a three-layer
BiLSTM, biaffine arc and label scorers, UPOS/XPOS as auxiliary outputs), trained on UD EWT on a
GPU. It is not part of Tacitus at run time: its only product is a silver treebank, news sentences
that it parses, on which `tacitus train parser --silver` trains the fast greedy parser.

  teacher.py train --train T.conllu[.gz] --dev D.conllu[.gz] --out M.pt --seed S --minutes M
  teacher.py parse --models M1.pt [M2.pt ...] --input X.conllu[.gz] --output Y.tsv.gz
      [--score]   (X has gold heads: print UAS / LAS of the ensemble against them)

Y has one line per sentence of X, in order: heads, relations, UPOS, XPOS (space-separated, one
per word) and the mean probability the ensemble gives its chosen heads, tab-separated.
Trees are decoded with Eisner's algorithm (projective, one root), from the mean of the models'
arc probabilities.
"""
import argparse
import gzip
import random
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def open_text(path, mode="rt"):
    return gzip.open(path, mode, encoding="utf-8") if path.endswith(".gz") else open(
        path, mode, encoding="utf-8")


def read_conllu(path):
    """Sentences as dicts of lists: form, upos, xpos, head, rel (multiword ranges and empty nodes
    skipped)."""
    sents, cur = [], None
    with open_text(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if cur and cur["form"]:
                    sents.append(cur)
                cur = None
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 10 or "-" in cols[0] or "." in cols[0]:
                continue
            if cur is None:
                cur = {"form": [], "upos": [], "xpos": [], "head": [], "rel": []}
            cur["form"].append(cols[1])
            cur["upos"].append(cols[3])
            cur["xpos"].append(cols[4])
            cur["head"].append(int(cols[6]) if cols[6].isdigit() else 0)
            cur["rel"].append(cols[7])
    if cur and cur["form"]:
        sents.append(cur)
    return sents


class Vocab:
    def __init__(self, items, min_count=1, specials=("<pad>", "<unk>", "<root>")):
        counts = {}
        for x in items:
            counts[x] = counts.get(x, 0) + 1
        self.itos = list(specials) + sorted(x for x, c in counts.items() if c >= min_count)
        self.stoi = {x: i for i, x in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def get(self, x):
        return self.stoi.get(x, 1)


MAX_CHARS = 20


def word_key(form):
    w = form.lower()
    return "".join("0" if c.isdigit() else c for c in w)


class Batch:
    """Padded tensors for sentences with a root token at position 0 (gold columns too; a file
    without them gives heads 0 and unknown labels, which only --score reads)."""

    def __init__(self, sents, vocabs, device):
        n = max(len(s["form"]) for s in sents) + 1
        self.lengths = [len(s["form"]) + 1 for s in sents]
        pad_chars = (0,) * MAX_CHARS
        w, c, head, rel, upos, xpos = [], [], [], [], [], []
        for s in sents:
            pad = [0] * (n - len(s["form"]) - 1)
            w.append([2] + [vocabs["word"].get(word_key(f)) for f in s["form"]] + pad)
            c.append([ROOT_CHARS] + [char_ids(f, vocabs) for f in s["form"]] +
                     [pad_chars] * len(pad))
            head.append([0] + s["head"] + pad)
            rel.append([0] + [vocabs["rel"].get(x) for x in s["rel"]] + pad)
            upos.append([0] + [vocabs["upos"].get(x) for x in s["upos"]] + pad)
            xpos.append([0] + [vocabs["xpos"].get(x) for x in s["xpos"]] + pad)
        w = torch.tensor(w)
        self.mask = (w != 0).to(device)  # real tokens incl. root
        self.words = w.to(device)
        self.chars = torch.tensor(c).to(device)
        self.head, self.rel = torch.tensor(head).to(device), torch.tensor(rel).to(device)
        self.upos, self.xpos = torch.tensor(upos).to(device), torch.tensor(xpos).to(device)


ROOT_CHARS = (2,) + (0,) * (MAX_CHARS - 1)


def char_ids(form, vocabs):
    """The form's character ids, padded to MAX_CHARS (long forms keep both ends); cached."""
    cache = vocabs.setdefault("_chars", {})
    ids = cache.get(form)
    if ids is None:
        cs = form[:MAX_CHARS // 2] + form[-(MAX_CHARS // 2):] if len(form) > MAX_CHARS else form
        ids = tuple(vocabs["char"].get(ch) for ch in cs) + (0,) * (MAX_CHARS - len(cs))
        cache[form] = ids
    return ids


class MLP(nn.Module):
    def __init__(self, n_in, n_out, dropout):
        super().__init__()
        self.linear = nn.Linear(n_in, n_out)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.dropout(F.leaky_relu(self.linear(x), 0.1))


class Biaffine(nn.Module):
    """score[b, o, i, j] = [x_i; 1]^T W_o [y_j; 1] (i dependent, j head)."""

    def __init__(self, n_in, n_out, bias_x, bias_y):
        super().__init__()
        self.bias_x, self.bias_y = bias_x, bias_y
        self.weight = nn.Parameter(torch.zeros(n_out, n_in + bias_x, n_in + bias_y))

    def forward(self, x, y):
        if self.bias_x:
            x = torch.cat([x, torch.ones_like(x[..., :1])], -1)
        if self.bias_y:
            y = torch.cat([y, torch.ones_like(y[..., :1])], -1)
        return torch.einsum("bxi,oij,byj->boxy", x, self.weight, y)


class Teacher(nn.Module):
    def __init__(self, sizes, word_dim=100, char_dim=50, char_out=100, hidden=400, layers=3,
                 arc_dim=500, rel_dim=100, dropout=0.33):
        super().__init__()
        self.word_embed = nn.Embedding(sizes["word"], word_dim, padding_idx=0)
        self.char_embed = nn.Embedding(sizes["char"], char_dim, padding_idx=0)
        self.char_cnn = nn.Conv1d(char_dim, char_out, 3, padding=1)
        self.lstm = nn.LSTM(word_dim + char_out, hidden, num_layers=layers, batch_first=True,
                            bidirectional=True, dropout=dropout)
        self.dropout = nn.Dropout(dropout)
        self.arc_dep = MLP(2 * hidden, arc_dim, dropout)
        self.arc_head = MLP(2 * hidden, arc_dim, dropout)
        self.rel_dep = MLP(2 * hidden, rel_dim, dropout)
        self.rel_head = MLP(2 * hidden, rel_dim, dropout)
        self.arc_attn = Biaffine(arc_dim, 1, True, False)
        self.rel_attn = Biaffine(rel_dim, sizes["rel"], True, True)
        self.upos_out = nn.Linear(2 * hidden, sizes["upos"])
        self.xpos_out = nn.Linear(2 * hidden, sizes["xpos"])
        self.word_dropout = dropout

    def forward(self, batch):
        words = batch.words
        if self.training:  # word dropout: replace real words by <unk>
            drop = (torch.rand(words.shape, device=words.device) < self.word_dropout) & (words > 2)
            words = words.masked_fill(drop, 1)
        b, n, m = batch.chars.shape
        ce = self.char_embed(batch.chars.view(b * n, m)).transpose(1, 2)
        ce = self.char_cnn(ce).max(dim=2).values.view(b, n, -1)
        x = self.dropout(torch.cat([self.word_embed(words), ce], -1))
        lengths = torch.tensor(batch.lengths)
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=n)
        h = self.dropout(h)
        arc = self.arc_attn(self.arc_dep(h), self.arc_head(h)).squeeze(1)  # [b, dep, head]
        arc = arc.masked_fill(~batch.mask.unsqueeze(1), float("-inf"))
        rel = self.rel_attn(self.rel_dep(h), self.rel_head(h)).permute(0, 2, 3, 1)  # [b, d, h, r]
        return arc, rel, self.upos_out(h), self.xpos_out(h)


def loss_of(model, batch):
    arc, rel, upos, xpos = model(batch)
    words = batch.mask.clone()
    words[:, 0] = False
    arc_loss = F.cross_entropy(arc[words], batch.head[words])
    rel_at_gold = rel.gather(
        2, batch.head.unsqueeze(2).unsqueeze(3).expand(-1, -1, 1, rel.size(-1))).squeeze(2)[words]
    rel_loss = F.cross_entropy(rel_at_gold, batch.rel[words])
    tag_loss = F.cross_entropy(upos[words], batch.upos[words]) + F.cross_entropy(
        xpos[words], batch.xpos[words])
    return arc_loss + rel_loss + 0.5 * tag_loss


def batches(sents, max_tokens, shuffle, rng):
    """Sentences bucketed by length into batches of about max_tokens words."""
    order = sorted(range(len(sents)), key=lambda i: len(sents[i]["form"]))
    out, cur, cur_max = [], [], 0
    for i in order:
        n = len(sents[i]["form"]) + 1
        if cur and max(cur_max, n) * (len(cur) + 1) > max_tokens:
            out.append(cur)
            cur, cur_max = [], 0
        cur.append(i)
        cur_max = max(cur_max, n)
    if cur:
        out.append(cur)
    if shuffle:
        rng.shuffle(out)
    return out


def eisner(scores, lengths):
    """Best projective tree with one root child for each sentence. scores: [b, n, n] float
    (dependent, head), root at 0; lengths include the root. Returns heads as lists."""
    b, n, _ = scores.shape
    s = scores.transpose(1, 2)  # s[b, h, d]
    neg = float("-inf")
    # Spans i < j; "r" tables have their head at the left end i, "l" tables at the right end j.
    inc_r = scores.new_full((b, n, n), neg)  # head i, dependent j, i < j
    inc_l = scores.new_full((b, n, n), neg)  # head j, dependent i, i < j
    com_r = scores.new_full((b, n, n), neg)  # head i covering i..j
    com_l = scores.new_full((b, n, n), neg)  # head j covering i..j
    idx = torch.arange(n, device=scores.device)
    com_r[:, idx, idx] = 0
    com_l[:, idx, idx] = 0
    bp_inc_r = torch.zeros(b, n, n, dtype=torch.long, device=scores.device)
    bp_inc_l = torch.zeros_like(bp_inc_r)
    bp_com_r = torch.zeros_like(bp_inc_r)
    bp_com_l = torch.zeros_like(bp_inc_r)
    for w in range(1, n):
        i = torch.arange(0, n - w, device=scores.device)
        j = i + w
        k = torch.arange(w, device=scores.device)
        # split r in i..j-1: com_r[i, r] + com_l[r+1, j]
        r = i.unsqueeze(1) + k.unsqueeze(0)  # [S, w]
        split = com_r[:, i.unsqueeze(1), r] + com_l[:, r + 1, j.unsqueeze(1)]  # [b, S, w]
        # one root child: the root's incomplete span takes only split r = 0
        root_split = split.clone()
        root_split[:, 0, 1:] = neg
        best_r, arg_r = root_split.max(-1)
        best_l, arg_l = split.max(-1)
        inc_r[:, i, j] = best_r + s[:, i, j]
        bp_inc_r[:, i, j] = i + arg_r
        best_l[:, 0] = neg  # the root is nobody's dependent
        inc_l[:, i, j] = best_l + s[:, j, i]
        bp_inc_l[:, i, j] = i + arg_l
        # com_r[i, j] = max over r in i+1..j: inc_r[i, r] + com_r[r, j]
        r2 = i.unsqueeze(1) + k.unsqueeze(0) + 1  # [S, w]
        cand = inc_r[:, i.unsqueeze(1), r2] + com_r[:, r2, j.unsqueeze(1)]
        best, arg = cand.max(-1)
        com_r[:, i, j] = best
        bp_com_r[:, i, j] = i + 1 + arg
        # com_l[i, j] = max over r in i..j-1: com_l[i, r] + inc_l[r, j]
        cand = com_l[:, i.unsqueeze(1), r] + inc_l[:, r, j.unsqueeze(1)]
        best, arg = cand.max(-1)
        com_l[:, i, j] = best
        bp_com_l[:, i, j] = i + arg
    bp = [t.cpu().numpy() for t in (bp_inc_r, bp_inc_l, bp_com_r, bp_com_l)]
    out = []
    for bi, length in enumerate(lengths):
        heads = [0] * length
        ir, il, cr, cl = (t[bi] for t in bp)
        stack = [("cr", 0, length - 1)]
        while stack:
            kind, i, j = stack.pop()
            if i == j:
                continue
            if kind == "cr":
                r = cr[i, j]
                stack += [("ir", i, r), ("cr", r, j)]
            elif kind == "cl":
                r = cl[i, j]
                stack += [("cl", i, r), ("il", r, j)]
            elif kind == "ir":
                heads[j] = i
                r = ir[i, j]
                stack += [("cr", i, r), ("cl", r + 1, j)]
            else:
                heads[i] = j
                r = il[i, j]
                stack += [("cr", i, r), ("cl", r + 1, j)]
        out.append(heads[1:])
    return out


def evaluate_greedy(model, dev_batches):
    model.eval()
    total = uh = lh = 0
    with torch.no_grad():
        for batch in dev_batches:
            arc, rel, _, _ = model(batch)
            heads = arc.argmax(-1)
            rels = rel.gather(2, heads.unsqueeze(2).unsqueeze(3).expand(-1, -1, 1, rel.size(-1))
                              ).squeeze(2).argmax(-1)
            words = batch.mask.clone()
            words[:, 0] = False
            right = (heads == batch.head) & words
            total += int(words.sum())
            uh += int(right.sum())
            lh += int((right & (rels == batch.rel)).sum())
    model.train()
    return 100.0 * uh / total, 100.0 * lh / total


def train(args):
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_sents = read_conllu(args.train)
    dev_sents = read_conllu(args.dev)
    if args.limit:
        train_sents, dev_sents = train_sents[:args.limit], dev_sents[:args.limit]
    vocabs = {
        "word": Vocab((word_key(f) for s in train_sents for f in s["form"]), min_count=2),
        "char": Vocab((c for s in train_sents for f in s["form"] for c in f), min_count=1),
        "rel": Vocab((r for s in train_sents for r in s["rel"]), specials=("<pad>",)),
        "upos": Vocab((r for s in train_sents for r in s["upos"]), specials=("<pad>",)),
        "xpos": Vocab((r for s in train_sents for r in s["xpos"]), specials=("<pad>",)),
    }
    sizes = {k: len(v) for k, v in vocabs.items()}
    model = Teacher(sizes, hidden=args.hidden).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.9), eps=1e-12)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, 0.75 ** (1 / 5000))
    start = time.time()
    best, best_state, epoch, steps = -1.0, None, 0, 0
    # Buckets are made once and kept on the device; each epoch visits them in a new order.
    train_batches = [Batch([train_sents[i] for i in idx], vocabs, device)
                     for idx in batches(train_sents, args.batch_tokens, False, None)]
    dev_batches = [Batch([dev_sents[i] for i in idx], vocabs, device)
                   for idx in batches(dev_sents, 8000, False, None)]
    while time.time() - start < args.minutes * 60 and epoch < args.epochs:
        epoch += 1
        rng.shuffle(train_batches)
        for batch in train_batches:
            loss = loss_of(model, batch)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            steps += 1
        uas, las = evaluate_greedy(model, dev_batches)
        if las > best:
            best = las
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        print(f"seed {args.seed} epoch {epoch} steps {steps} {time.time() - start:.0f}s loss "
              f"{loss.item():.3f} dev UAS {uas:.2f} LAS {las:.2f} best LAS {best:.2f}",
              flush=True)
    torch.save({"state": best_state,
                "vocabs": {k: v.itos for k, v in vocabs.items() if not k.startswith("_")},
                "sizes": sizes, "hidden": args.hidden}, args.out)


def load_model(path, device):
    try:
        saved = torch.load(path, map_location=device, weights_only=False)
    except TypeError:  # older PyTorch
        saved = torch.load(path, map_location=device)
    vocabs = {}
    for k, itos in saved["vocabs"].items():
        v = Vocab([], specials=())
        v.itos, v.stoi = itos, {x: i for i, x in enumerate(itos)}
        vocabs[k] = v
    model = Teacher(saved["sizes"], hidden=saved["hidden"]).to(device)
    model.load_state_dict(saved["state"])
    model.eval()
    return model, vocabs


def parse(args):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    loaded = [load_model(p, device) for p in args.models]
    if any(v["word"].itos != loaded[0][1]["word"].itos or v["char"].itos != loaded[0][1]["char"].itos
           for _, v in loaded):
        sys.exit("teacher.py: the models were trained with different vocabularies")
    sents = read_conllu(args.input)
    rel_names = loaded[0][1]["rel"].itos
    upos_names, xpos_names = loaded[0][1]["upos"].itos, loaded[0][1]["xpos"].itos
    results = [None] * len(sents)
    total = uh = lh = 0
    with torch.no_grad():
        for idx in batches(sents, args.batch_tokens, False, None):
            group = [sents[i] for i in idx]
            arc_p = rel_p = upos_p = xpos_p = None
            outputs = []
            batch = Batch(group, loaded[0][1], device)
            for model, _ in loaded:
                arc, rel, upos, xpos = model(batch)
                outputs.append((batch, rel))
                a = arc.softmax(-1)
                arc_p = a if arc_p is None else arc_p + a
                u, x = upos.softmax(-1), xpos.softmax(-1)
                upos_p = u if upos_p is None else upos_p + u
                xpos_p = x if xpos_p is None else xpos_p + x
            arc_p /= len(loaded)
            lengths = outputs[0][0].lengths
            heads = eisner(arc_p.clamp_min(1e-30).log().float(), lengths)
            n = arc_p.size(1)
            head_t = torch.zeros(len(group), n, dtype=torch.long, device=device)
            for bi, h in enumerate(heads):
                head_t[bi, 1:len(h) + 1] = torch.tensor(h, device=device)
            for batch, rel in outputs:
                r = rel.gather(2, head_t.unsqueeze(2).unsqueeze(3).expand(-1, -1, 1, rel.size(-1))
                               ).squeeze(2).softmax(-1)
                rel_p = r if rel_p is None else rel_p + r
            rels = rel_p.argmax(-1).cpu()
            ups, xps = upos_p.argmax(-1).cpu(), xpos_p.argmax(-1).cpu()
            chosen = arc_p.gather(2, head_t.unsqueeze(2)).squeeze(2).cpu()
            for bi, i in enumerate(idx):
                m = len(heads[bi])
                conf = float(chosen[bi, 1:m + 1].mean())
                labels = [rel_names[int(rels[bi, j])] for j in range(1, m + 1)]
                results[i] = (heads[bi], labels, [upos_names[int(ups[bi, j])] for j in range(1, m + 1)],
                              [xpos_names[int(xps[bi, j])] for j in range(1, m + 1)], conf)
                if args.score:
                    s = sents[i]
                    for j in range(m):
                        total += 1
                        if heads[bi][j] == s["head"][j]:
                            uh += 1
                            lh += labels[j] == s["rel"][j]
    with open_text(args.output, "wt") as out:
        for heads, labels, ups, xps, conf in results:
            out.write(" ".join(map(str, heads)) + "\t" + " ".join(labels) + "\t" + " ".join(ups) +
                      "\t" + " ".join(xps) + f"\t{conf:.4f}\n")
    if args.score:
        print(f"{args.input}: {len(args.models)} models, {total} words, "
              f"UAS {100.0 * uh / total:.2f} LAS {100.0 * lh / total:.2f}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train")
    t.add_argument("--train", required=True)
    t.add_argument("--dev", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--minutes", type=float, default=5)
    t.add_argument("--epochs", type=int, default=1000)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--hidden", type=int, default=400)
    t.add_argument("--batch-tokens", type=int, default=5000)
    t.add_argument("--limit", type=int, default=0, help="first N sentences only (testing)")
    p = sub.add_parser("parse")
    p.add_argument("--models", nargs="+", required=True)
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--score", action="store_true")
    p.add_argument("--batch-tokens", type=int, default=20000)
    args = ap.parse_args()
    train(args) if args.command == "train" else parse(args)


if __name__ == "__main__":
    main()
