#!/usr/bin/env python3
"""Checks teacher.eisner against brute force: on random scores for sentences of 1-5 words, the
tree it returns is a projective tree with one root child and no other such tree scores higher.
Needs PyTorch (CPU is enough); not part of CTest. Run: python3 scripts/teacher/test_eisner.py"""
import itertools, os, sys, torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from teacher import eisner
def projective(h):
    n=len(h)
    for d in range(1,n+1):
        a,b=sorted((d,h[d-1]))
        for k in range(a+1,b):
            # k must be dominated by head h[d-1]
            x=k
            while x!=0 and x!=h[d-1]: x=h[x-1]
            if x!=h[d-1]: return False
    return True
def tree(h):
    n=len(h)
    if sum(1 for x in h if x==0)!=1: return False
    for d in range(1,n+1):
        seen=set(); x=d
        while x!=0:
            if x in seen: return False
            seen.add(x); x=h[x-1]
    return True
torch.manual_seed(0)
for trial in range(300):
    lengths=[torch.randint(2,7,(1,)).item() for _ in range(3)]
    n=max(lengths)
    sc=torch.randn(3,n,n)
    got=eisner(sc,lengths)
    for b,L in enumerate(lengths):
        m=L-1
        best=None
        for h in itertools.product(range(0,m+1),repeat=m):
            if any(h[d]==d+1 for d in range(m)): continue
            if not tree(h) or not projective(h): continue
            v=sum(sc[b,d+1,h[d]].item() for d in range(m))
            if best is None or v>best[0]: best=(v,h)
        v=sum(sc[b,d+1,got[b][d]].item() for d in range(m))
        assert tree(got[b]) and projective(got[b]), (got[b])
        assert abs(v-best[0])<1e-4, (v,best,got[b])
print("eisner ok")
