#!/usr/bin/env node
// Writes the name lists the entity recogniser learns from, as NAME<TAB>LIST lines on stdout, from
// data packages scripts/setup.sh installs under data/node_modules (pinned in data/package.json):
//   org     brand and company names: simple-icons titles (CC0-1.0), and the organisations and
//           sports teams of the compromise lexicon (MIT)
//   first   given names of the compromise lexicon (its first, male and female names)
//   last    surnames of the compromise lexicon
//   person  full names of well-known people in the compromise lexicon
//   name    first names and surnames of @cspell/dict-people-names (MIT)
// Usage: node scripts/ner_name_lists.js > build/ner-names.tsv
// then: tacitus train ner ... --names build/ner-names.tsv (models/ner.md).
'use strict';
const path = require('path');
const fs = require('fs');

const modules = path.join(__dirname, '..', 'data', 'node_modules');
const out = [];
const add = (name, list) => {
  const n = String(name).replace(/[\t\r\n]+/g, ' ').trim();
  if (n) out.push(n + '\t' + list);
};

for (const icon of require(path.join(modules, 'simple-icons', 'data', 'simple-icons.json')))
  add(icon.title, 'org');

const kLists = {
  FirstName: 'first', MaleName: 'first', FemaleName: 'first', LastName: 'last', Person: 'person',
  Organization: 'org', SportsTeam: 'org',
};
const compromise = require(require.resolve('compromise', { paths: [modules] }));
const lexicon = compromise.model().one.lexicon;
for (const [word, tags] of Object.entries(lexicon))
  for (const tag of Array.isArray(tags) ? tags : [tags])
    if (kLists[tag]) add(word, kLists[tag]);

const people = path.join(modules, '@cspell', 'dict-people-names', 'dict', 'people-names.txt');
for (const line of fs.readFileSync(people, 'utf8').split('\n'))
  if (!line.startsWith('#')) add(line, 'name');

process.stdout.write(out.join('\n') + '\n');
