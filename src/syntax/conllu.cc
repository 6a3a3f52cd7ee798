// CoNLL-U reading, writing and scoring.
#include <charconv>
#include <ostream>
#include <unordered_map>

#include "tacitus/syntax.h"

namespace tacitus {
namespace {

bool parse_int(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> cols;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    cols.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return cols;
}

}  // namespace

Result<std::vector<ConlluSentence>> read_conllu(const std::string& text, const std::string& name) {
  std::vector<ConlluSentence> out;
  ConlluSentence cur;
  bool open = false;
  size_t line_no = 0, pos = 0;
  auto error = [&](const std::string& what) {
    return Status::InvalidInput(name + ":" + std::to_string(line_no) + ": " + what);
  };
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + pos, nl - pos);
    ++line_no;
    bool at_end = nl >= text.size();
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (open) {
        out.push_back(std::move(cur));
        cur = ConlluSentence();
        open = false;
      }
      if (at_end) break;
      continue;
    }
    open = true;
    if (line[0] == '#') {
      cur.comments.emplace_back(line);
    } else {
      auto cols = split_tabs(line);
      if (cols.size() != 10)
        return error("expected 10 tab-separated columns, got " + std::to_string(cols.size()));
      if (cols[0].find_first_of("-.") != std::string_view::npos) {
        cur.extra_lines.emplace_back(cur.words.size(), std::string(line));
      } else {
        int id = 0, head = 0;
        if (!parse_int(cols[0], id) || id != static_cast<int>(cur.words.size()) + 1)
          return error("word ID '" + std::string(cols[0]) + "' out of sequence");
        if (cols[6] == "_")
          head = 0;
        else if (!parse_int(cols[6], head) || head < 0)
          return error("bad HEAD '" + std::string(cols[6]) + "'");
        SyntaxWord w;
        w.form = cols[1];
        w.lemma = cols[2];
        w.upos = cols[3];
        w.xpos = cols[4];
        w.feats = cols[5];
        w.head = head;
        w.deprel = cols[7];
        w.deps = cols[8];
        w.misc = cols[9];
        cur.words.push_back(std::move(w));
      }
    }
    if (at_end) break;
  }
  if (open) out.push_back(std::move(cur));
  for (size_t s = 0; s < out.size(); ++s)
    for (const auto& w : out[s].words)
      if (w.head > static_cast<int>(out[s].words.size()))
        return Status::InvalidInput(name + ": sentence " + std::to_string(s + 1) + ": HEAD " +
                                    std::to_string(w.head) + " beyond the sentence");
  return out;
}

void write_conllu(const std::vector<ConlluSentence>& sentences, std::ostream& out) {
  auto col = [](const std::string& s) -> const std::string& {
    static const std::string kEmpty = "_";
    return s.empty() ? kEmpty : s;
  };
  for (const auto& s : sentences) {
    for (const auto& c : s.comments) out << c << '\n';
    size_t extra = 0;
    for (size_t i = 0; i <= s.words.size(); ++i) {
      while (extra < s.extra_lines.size() && s.extra_lines[extra].first == i)
        out << s.extra_lines[extra++].second << '\n';
      if (i == s.words.size()) break;
      const SyntaxWord& w = s.words[i];
      out << i + 1 << '\t' << col(w.form) << '\t' << col(w.lemma) << '\t' << col(w.upos) << '\t'
          << col(w.xpos) << '\t' << col(w.feats) << '\t' << w.head << '\t' << col(w.deprel) << '\t'
          << col(w.deps) << '\t' << col(w.misc) << '\n';
    }
    out << '\n';
  }
}

Result<SyntaxScores> score_syntax(const std::vector<ConlluSentence>& gold,
                                  const std::vector<ConlluSentence>& system) {
  // Each word's span in the document text with whitespace removed, and its head as a document-wide
  // word index (-1 = root).
  struct Flat {
    std::vector<std::pair<size_t, size_t>> spans;
    std::vector<long> heads;
    std::vector<const SyntaxWord*> words;
    std::string chars;
    std::vector<std::pair<size_t, size_t>> sentences;  // character span of each sentence
  };
  auto flatten = [](const std::vector<ConlluSentence>& doc) {
    Flat f;
    for (const auto& s : doc) {
      size_t base = f.words.size();
      const size_t sentence_start = f.chars.size();
      for (const auto& w : s.words) {
        size_t start = f.chars.size();
        for (char c : w.form)
          if (c != ' ' && c != '\t' && c != '\n' && c != '\r') f.chars.push_back(c);
        f.spans.emplace_back(start, f.chars.size());
        f.heads.push_back(w.head == 0 ? -1 : static_cast<long>(base) + w.head - 1);
        f.words.push_back(&w);
      }
      if (!s.words.empty()) f.sentences.emplace_back(sentence_start, f.chars.size());
    }
    return f;
  };
  Flat g = flatten(gold), s = flatten(system);
  if (g.chars != s.chars)
    return Status::InvalidInput("system and gold texts differ (after removing whitespace)");
  std::unordered_map<size_t, size_t> gold_at;  // span start*2^32+end -> gold word
  auto key = [](std::pair<size_t, size_t> sp) { return (sp.first << 32) | sp.second; };
  for (size_t i = 0; i < g.spans.size(); ++i) gold_at.emplace(key(g.spans[i]), i);
  std::vector<long> align(s.spans.size(), -1);
  size_t aligned = 0, upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0;
  for (size_t i = 0; i < s.spans.size(); ++i)
    if (auto it = gold_at.find(key(s.spans[i])); it != gold_at.end())
      align[i] = static_cast<long>(it->second);
  for (size_t i = 0; i < s.spans.size(); ++i) {
    if (align[i] < 0) continue;
    ++aligned;
    const SyntaxWord& sw = *s.words[i];
    const SyntaxWord& gw = *g.words[align[i]];
    upos += sw.upos == gw.upos;
    xpos += sw.xpos == gw.xpos;
    lemma += sw.lemma == gw.lemma;
    long sh = s.heads[i] < 0 ? -1 : align[s.heads[i]];
    bool head_ok = (s.heads[i] < 0 && g.heads[align[i]] < 0) ||
                   (s.heads[i] >= 0 && sh >= 0 && sh == g.heads[align[i]]);
    uas += head_ok;
    las += head_ok && sw.deprel == gw.deprel;
  }
  SyntaxScores r;
  {
    std::unordered_map<size_t, size_t> gold_sentence;
    for (const auto& sp : g.sentences) gold_sentence.emplace(key(sp), 0);
    for (const auto& sp : s.sentences) r.aligned_sentences += gold_sentence.count(key(sp));
    r.gold_sentences = g.sentences.size();
    r.system_sentences = s.sentences.size();
    const size_t denom = r.gold_sentences + r.system_sentences;
    r.sentences =
        denom ? 100.0 * 2.0 * static_cast<double>(r.aligned_sentences) / static_cast<double>(denom)
              : 0.0;
  }
  r.gold_words = g.words.size();
  r.system_words = s.words.size();
  r.aligned_words = aligned;
  auto f1 = [&](size_t correct) {
    size_t denom = r.gold_words + r.system_words;
    return denom ? 100.0 * 2.0 * static_cast<double>(correct) / static_cast<double>(denom) : 0.0;
  };
  r.tokens = f1(aligned);
  r.upos = f1(upos);
  r.xpos = f1(xpos);
  r.lemma = f1(lemma);
  r.uas = f1(uas);
  r.las = f1(las);
  return r;
}

Result<std::vector<std::string>> conllu_document_texts(const std::vector<ConlluSentence>& gold) {
  std::vector<std::string> docs;
  for (size_t i = 0; i < gold.size(); ++i) {
    const ConlluSentence& s = gold[i];
    const std::string* text = nullptr;
    bool newdoc = docs.empty(), newpar = false;
    for (const auto& c : s.comments) {
      if (c.starts_with("# text = "))
        text = &c;
      else if (c.starts_with("# newdoc"))
        newdoc = true;
      else if (c.starts_with("# newpar"))
        newpar = true;
    }
    if (!text)
      return Status::InvalidInput("sentence " + std::to_string(i + 1) + " has no '# text =' line");
    std::string_view t = std::string_view(*text).substr(9);
    if (newdoc) {
      docs.emplace_back(t);
      continue;
    }
    docs.back() += newpar ? "\n\n" : " ";
    docs.back() += t;
  }
  return docs;
}

}  // namespace tacitus
