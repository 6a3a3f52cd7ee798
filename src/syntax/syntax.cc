// SyntaxAnalyzer, the "syntax" pipeline stage, and the training entry points.
#include "tacitus/syntax.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "syntax/parser.h"
#include "syntax/tagger.h"
#include "tacitus/text.h"

namespace tacitus {
namespace {

// Longest run of tokens analysed as one sentence: a runaway "sentence" (a table, a list without
// punctuation) costs linear time in pieces instead of growing per-sentence state without bound.
constexpr size_t kMaxPiece = 1000;

Result<std::vector<ConlluSentence>> read_conllu_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return read_conllu(ss.str(), path);
}

// Per-tag parser keys, computed once per tagger.
std::vector<uint64_t> tag_keys_of(const Tagger& t) {
  std::vector<uint64_t> keys(t.num_tags());
  for (size_t i = 0; i < keys.size(); ++i)
    keys[i] = Parser::tag_key(t.upos_name(static_cast<uint16_t>(i)),
                              t.xpos_name(static_cast<uint16_t>(i)));
  return keys;
}

class SyntaxStage final : public Stage {
 public:
  explicit SyntaxStage(std::shared_ptr<const SyntaxAnalyzer> a) : analyzer_(std::move(a)) {}
  std::string_view name() const override { return "syntax"; }
  Status run(Document& doc) const override {
    analyzer_->annotate(doc);
    return Status::Ok();
  }

 private:
  std::shared_ptr<const SyntaxAnalyzer> analyzer_;
};

// Scratch for one analysis call, reused across calls on the same thread.
struct Scratch {
  std::vector<std::string_view> forms;
  std::vector<uint16_t> tags;
  std::vector<uint64_t> word_keys, tag_keys, classes;
  std::vector<int> heads;
  std::vector<uint16_t> labels;
  std::string lemma;
};

}  // namespace

SyntaxAnalyzer::~SyntaxAnalyzer() = default;

Result<std::shared_ptr<const SyntaxAnalyzer>> SyntaxAnalyzer::load(const std::string& models_dir) {
  return load_files(models_dir + "/tagger.bin", models_dir + "/parser.bin");
}

Result<std::shared_ptr<const SyntaxAnalyzer>> SyntaxAnalyzer::load_files(
    const std::string& tagger_path, const std::string& parser_path) {
  std::shared_ptr<SyntaxAnalyzer> a(new SyntaxAnalyzer());
  auto t = Tagger::load(tagger_path);
  if (!t.ok()) return t.status();
  a->tagger_ = std::move(t).value();
  if (!parser_path.empty()) {
    auto p = Parser::load(parser_path);
    if (!p.ok()) return p.status();
    a->parser_ = std::move(p).value();
  }
  a->tag_keys_ = tag_keys_of(*a->tagger_);
  a->shared_classes_ =
      a->parser_ && a->parser_->classes().encode() == a->tagger_->classes().encode();
  return std::shared_ptr<const SyntaxAnalyzer>(std::move(a));
}

void SyntaxAnalyzer::analyze(std::vector<SyntaxWord>& words) const {
  thread_local Scratch s;
  s.forms.clear();
  for (const auto& w : words) s.forms.push_back(w.form);
  tagger_->tag(s.forms, s.tags, shared_classes_ ? &s.classes : nullptr);
  s.word_keys.clear();
  s.tag_keys.clear();
  for (size_t i = 0; i < words.size(); ++i) {
    SyntaxWord& w = words[i];
    w.upos = tagger_->upos_name(s.tags[i]);
    w.xpos = tagger_->xpos_name(s.tags[i]);
    tagger_->lemmatize(w.form, s.tags[i], w.lemma);
    s.word_keys.push_back(syntax::word_key(w.form));
    s.tag_keys.push_back(tag_keys_[s.tags[i]]);
  }
  if (!parser_) return;
  if (!shared_classes_) {
    s.classes.clear();
    for (const auto& w : words) s.classes.push_back(parser_->classes_of(w.form));
  }
  s.heads.resize(words.size());
  s.labels.resize(words.size());
  parser_->parse(s.word_keys.data(), s.tag_keys.data(), s.classes.data(), words.size(),
                 s.heads.data(), s.labels.data());
  for (size_t i = 0; i < words.size(); ++i) {
    words[i].head = s.heads[i];
    words[i].deprel = parser_->label_name(s.labels[i]);
  }
}

void SyntaxAnalyzer::annotate(Document& doc) const {
  thread_local Scratch s;
  // Relation and tag ids in this document's pool, interned once per document.
  std::vector<uint32_t> xpos_ids(tagger_->num_tags()), label_ids;
  for (size_t t = 0; t < xpos_ids.size(); ++t)
    xpos_ids[t] = doc.strings.intern(tagger_->xpos_name(static_cast<uint16_t>(t)));
  if (parser_)
    for (size_t l = 0; l < parser_->num_labels(); ++l)
      label_ids.push_back(doc.strings.intern(parser_->label_name(static_cast<uint16_t>(l))));
  for (const Sentence& sent : doc.sentences) {
    for (uint32_t begin = sent.begin; begin < sent.end; begin += kMaxPiece) {
      uint32_t end = std::min<uint32_t>(sent.end, begin + static_cast<uint32_t>(kMaxPiece));
      s.forms.clear();
      for (uint32_t i = begin; i < end; ++i) s.forms.push_back(doc.token_text(i));
      tagger_->tag(s.forms, s.tags, shared_classes_ ? &s.classes : nullptr);
      s.word_keys.clear();
      s.tag_keys.clear();
      for (uint32_t i = begin; i < end; ++i) {
        Token& tok = doc.tokens[i];
        uint16_t tag = s.tags[i - begin];
        tok.upos = tagger_->upos(tag);
        tok.xpos = xpos_ids[tag];
        tagger_->lemmatize(s.forms[i - begin], tag, s.lemma);
        tok.lemma = doc.strings.intern(s.lemma);
        tok.head = -1;
        s.word_keys.push_back(syntax::word_key(s.forms[i - begin]));
        s.tag_keys.push_back(tag_keys_[tag]);
      }
      if (!parser_) continue;
      size_t n = end - begin;
      if (!shared_classes_) {
        s.classes.clear();
        for (auto f : s.forms) s.classes.push_back(parser_->classes_of(f));
      }
      s.heads.resize(n);
      s.labels.resize(n);
      parser_->parse(s.word_keys.data(), s.tag_keys.data(), s.classes.data(), n, s.heads.data(),
                     s.labels.data());
      for (size_t i = 0; i < n; ++i) {
        Token& tok = doc.tokens[begin + i];
        tok.head = s.heads[i] == 0 ? -1 : static_cast<int32_t>(begin) + s.heads[i] - 1;
        tok.deprel = label_ids[s.labels[i]];
      }
    }
  }
}

std::vector<ConlluSentence> SyntaxAnalyzer::analyze_text(std::string text) const {
  Document doc;
  doc.text = std::move(text);
  tokenize(doc);
  annotate(doc);
  std::vector<ConlluSentence> out;
  for (const Sentence& s : doc.sentences) {
    ConlluSentence cs;
    std::string t(std::string_view(doc.text).substr(s.start, s.stop - s.start));
    for (char& c : t)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    cs.comments.push_back("# text = " + t);
    for (uint32_t i = s.begin; i < s.end; ++i) {
      const Token& tok = doc.tokens[i];
      SyntaxWord w;
      w.form = doc.token_text(i);
      w.lemma = doc.lemma(i);
      w.upos = upos_name(tok.upos);
      w.xpos = doc.xpos(i);
      w.head = tok.head < 0 ? 0 : tok.head - static_cast<int>(s.begin) + 1;
      w.deprel = doc.deprel(i);
      bool space = i + 1 < doc.tokens.size() ? doc.tokens[i + 1].start > tok.end : true;
      if (!space) w.misc = "SpaceAfter=No";
      cs.words.push_back(std::move(w));
    }
    out.push_back(std::move(cs));
  }
  return out;
}

Result<SyntaxScores> score_from_raw_text(const SyntaxAnalyzer& analyzer,
                                         const std::vector<ConlluSentence>& gold,
                                         std::vector<ConlluSentence>* system_out) {
  auto docs = conllu_document_texts(gold);
  if (!docs.ok()) return docs.status();
  std::vector<ConlluSentence> system;
  for (auto& d : *docs) {
    auto sentences = analyzer.analyze_text(std::move(d));
    for (auto& s : sentences) system.push_back(std::move(s));
  }
  auto scores = score_syntax(gold, system);
  if (system_out) *system_out = std::move(system);
  return scores;
}

Result<std::shared_ptr<const Stage>> make_syntax_stage(const std::string& models_dir) {
  auto a = SyntaxAnalyzer::load(models_dir);
  if (!a.ok()) return a.status();
  return std::shared_ptr<const Stage>(std::make_shared<SyntaxStage>(*a));
}

Status train_tagger(const SyntaxTrainOptions& o) {
  auto train = read_conllu_file(o.train_path);
  if (!train.ok()) return train.status();
  std::vector<ConlluSentence> dev;
  if (!o.dev_path.empty()) {
    auto d = read_conllu_file(o.dev_path);
    if (!d.ok()) return d.status();
    dev = std::move(d).value();
  }
  WordClusters classes;
  if (!o.unlabelled_dir.empty()) {
    auto text = read_sgml_bodies(o.unlabelled_dir);
    if (!text.ok()) return text.status();
    for (const auto& s : *train) {
      text->emplace_back();
      for (const auto& w : s.words) text->back().push_back(w.form);
    }
    classes = WordClusters::learn(*text, static_cast<unsigned>(o.seed));
    if (o.log)
      *o.log << "tagger: word classes over " << classes.size() << " words from " << text->size()
             << " sentences" << std::endl;
  }
  auto tagger = Tagger::train(*train, o.dev_path.empty() ? nullptr : &dev,
                              o.epochs > 0 ? o.epochs : 10, o.seed, classes, o.log);
  if (o.log)
    *o.log << "tagger: " << tagger->weights().num_features() << " features, "
           << tagger->weights().num_entries() << " weights" << std::endl;
  return tagger->save(o.out_path);
}

namespace {

ParserSentence parser_sentence(const ConlluSentence& s,
                               const std::map<std::string, uint16_t>& labels,
                               const WordClusters& classes) {
  ParserSentence p;
  for (const auto& w : s.words) {
    p.words.push_back(syntax::word_key(w.form));
    p.classes.push_back(syntax::packed_classes(classes, w.form));
    p.tags.push_back(Parser::tag_key(w.upos, w.xpos));
    p.heads.push_back(w.head);
    auto it = labels.find(w.deprel);
    p.labels.push_back(it == labels.end() ? 0 : it->second);
  }
  return p;
}

void retag(const Tagger& t, const ConlluSentence& s, ParserSentence& p) {
  std::vector<std::string_view> forms;
  for (const auto& w : s.words) forms.push_back(w.form);
  std::vector<uint16_t> tags;
  t.tag(forms, tags);
  for (size_t i = 0; i < tags.size(); ++i)
    p.tags[i] = Parser::tag_key(t.upos_name(tags[i]), t.xpos_name(tags[i]));
}

}  // namespace

Status train_parser(const SyntaxTrainOptions& o) {
  auto train = read_conllu_file(o.train_path);
  if (!train.ok()) return train.status();
  std::map<std::string, uint16_t> label_ids;
  for (const auto& s : *train)
    for (const auto& w : s.words) label_ids.emplace(w.deprel, 0);
  std::vector<std::string> names;
  for (auto& [name, id] : label_ids) {
    id = static_cast<uint16_t>(names.size());
    names.push_back(name);
  }
  std::unique_ptr<Tagger> tagger;
  if (!o.tagger_path.empty()) {
    auto lt = Tagger::load(o.tagger_path);
    if (!lt.ok()) return lt.status();
    tagger = std::move(lt).value();
  }
  const WordClusters no_classes;
  const WordClusters& classes = tagger ? tagger->classes() : no_classes;
  std::vector<ParserSentence> train_sents;
  for (const auto& s : *train) train_sents.push_back(parser_sentence(s, label_ids, classes));
  // Jackknifing: tag each fold with a tagger trained on the other folds.
  if (o.jackknife > 1) {
    const size_t k = static_cast<size_t>(o.jackknife);
    for (size_t fold = 0; fold < k; ++fold) {
      std::vector<ConlluSentence> rest;
      for (size_t i = 0; i < train->size(); ++i)
        if (i % k != fold) rest.push_back((*train)[i]);
      auto t = Tagger::train(rest, nullptr, 5, o.seed + fold, classes, nullptr);
      size_t words = 0, right = 0;
      for (size_t i = fold; i < train->size(); i += k) {
        retag(*t, (*train)[i], train_sents[i]);
        const auto& gold = (*train)[i].words;
        for (size_t j = 0; j < gold.size(); ++j, ++words)
          right += train_sents[i].tags[j] == Parser::tag_key(gold[j].upos, gold[j].xpos);
      }
      if (o.log)
        *o.log << "jackknife fold " << fold + 1 << "/" << k << " tagged, UPOS+XPOS "
               << 100.0 * static_cast<double>(right) /
                      static_cast<double>(std::max<size_t>(words, 1))
               << "%" << std::endl;
    }
  }
  if (!o.silver_path.empty()) {
    if (!tagger) return Status::InvalidInput("train parser: --silver needs --tagger");
    auto silver = read_conllu_file(o.silver_path);
    if (!silver.ok()) return silver.status();
    size_t words = 0, used = 0;
    for (size_t i = 0; i < silver->size(); ++i) {
      const ConlluSentence& s = (*silver)[i];
      if (o.silver_words > 0 && words + s.words.size() > o.silver_words) break;
      for (size_t j = 0; j < s.words.size(); ++j)
        if (!label_ids.contains(s.words[j].deprel))
          return Status::InvalidInput(o.silver_path + ": sentence " + std::to_string(i + 1) +
                                      ", word " + std::to_string(j + 1) + ": relation '" +
                                      s.words[j].deprel + "' does not occur in " + o.train_path);
      train_sents.push_back(parser_sentence(s, label_ids, classes));
      retag(*tagger, s, train_sents.back());
      words += s.words.size();
      ++used;
    }
    if (o.log)
      *o.log << "silver: " << used << " sentences, " << words << " words from " << o.silver_path
             << std::endl;
  }
  std::vector<ParserSentence> dev_sents;
  if (!o.dev_path.empty()) {
    auto d = read_conllu_file(o.dev_path);
    if (!d.ok()) return d.status();
    for (const auto& s : *d) {
      dev_sents.push_back(parser_sentence(s, label_ids, classes));
      if (tagger) retag(*tagger, s, dev_sents.back());
    }
  }
  auto parser = Parser::train(train_sents, o.dev_path.empty() ? nullptr : &dev_sents, names,
                              classes, o.epochs > 0 ? o.epochs : 15, o.seed, o.log);
  if (o.log)
    *o.log << "parser: " << parser->transition_weights().num_features() << " move features, "
           << parser->label_weights().num_features() << " label features, "
           << parser->label_weights().num_entries() << " label weights" << std::endl;
  return parser->save(o.out_path);
}

}  // namespace tacitus
