// Scores the tokenizer against a CoNLL-U treebank: rebuilds each document's raw text from the
// `# text =` lines, locates every gold word in it, and compares byte spans.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include "tacitus/text.h"
#include "tacitus/resources.h"

namespace tacitus {

namespace {

double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }
double ratio(size_t a, size_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0; }

using Span = std::pair<uint32_t, uint32_t>;

size_t count_matches(std::vector<Span> gold, std::vector<Span> pred) {
  std::sort(gold.begin(), gold.end());
  std::sort(pred.begin(), pred.end());
  size_t i = 0, j = 0, m = 0;
  while (i < gold.size() && j < pred.size()) {
    if (gold[i] == pred[j]) {
      ++m, ++i, ++j;
    } else if (gold[i] < pred[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return m;
}

struct GoldDocument {
  std::string text;
  std::vector<Span> tokens, sentences;
};

// One surface token of a sentence: its form and, for a multiword token, its words' forms.
struct Surface {
  std::string form;
  std::vector<std::string> words;
};

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> f;
  size_t s = 0;
  while (true) {
    const size_t t = line.find('\t', s);
    f.push_back(line.substr(s, t == std::string_view::npos ? std::string_view::npos : t - s));
    if (t == std::string_view::npos) break;
    s = t + 1;
  }
  return f;
}

class GoldBuilder {
 public:
  Status add_sentence(const std::string& sent_text, const std::vector<Surface>& units, bool new_par,
                      size_t line) {
    if (!doc_.text.empty()) doc_.text += new_par ? "\n\n" : " ";
    const auto base = static_cast<uint32_t>(doc_.text.size());
    doc_.text += sent_text;
    size_t cursor = 0;
    uint32_t first = 0, last = 0;
    bool any = false;
    for (const Surface& u : units) {
      while (cursor < sent_text.size() && (sent_text[cursor] == ' ' || sent_text[cursor] == '\t'))
        ++cursor;
      size_t at = sent_text.compare(cursor, u.form.size(), u.form) == 0 ? cursor
                                                                        : sent_text.find(u.form, cursor);
      if (at == std::string::npos)
        return Status::InvalidInput("line " + std::to_string(line) + ": form '" + u.form +
                                    "' not found in the sentence's # text");
      const auto start = static_cast<uint32_t>(base + at);
      std::string joined;
      for (const auto& w : u.words) joined += w;
      if (!u.words.empty() && joined == u.form) {
        uint32_t s = start;
        for (const auto& w : u.words) {
          doc_.tokens.emplace_back(s, s + static_cast<uint32_t>(w.size()));
          s += static_cast<uint32_t>(w.size());
        }
      } else {
        doc_.tokens.emplace_back(start, start + static_cast<uint32_t>(u.form.size()));
      }
      if (!any) first = start;
      any = true;
      last = start + static_cast<uint32_t>(u.form.size());
      cursor = at + u.form.size();
    }
    if (any) doc_.sentences.emplace_back(first, last);
    return Status::Ok();
  }

  bool empty() const { return doc_.text.empty(); }

  void score_into(SegmentationScore& score) {
    if (doc_.text.empty()) return;
    std::vector<Token> tokens;
    std::vector<Sentence> sentences;
    tokenize_text(doc_.text, tokens, sentences);
    std::vector<Span> pt, ps;
    pt.reserve(tokens.size());
    for (const Token& t : tokens) pt.emplace_back(t.start, t.end);
    for (const Sentence& s : sentences) ps.emplace_back(s.start, s.stop);
    score.gold_tokens += doc_.tokens.size();
    score.predicted_tokens += pt.size();
    score.matched_tokens += count_matches(doc_.tokens, pt);
    score.gold_sentences += doc_.sentences.size();
    score.predicted_sentences += ps.size();
    score.matched_sentences += count_matches(doc_.sentences, ps);
    ++score.documents;
    doc_ = GoldDocument();
  }

 private:
  GoldDocument doc_;
};

}  // namespace

double SegmentationScore::token_precision() const { return ratio(matched_tokens, predicted_tokens); }
double SegmentationScore::token_recall() const { return ratio(matched_tokens, gold_tokens); }
double SegmentationScore::token_f1() const { return f1(token_precision(), token_recall()); }
double SegmentationScore::sentence_precision() const {
  return ratio(matched_sentences, predicted_sentences);
}
double SegmentationScore::sentence_recall() const { return ratio(matched_sentences, gold_sentences); }
double SegmentationScore::sentence_f1() const { return f1(sentence_precision(), sentence_recall()); }

Result<SegmentationScore> score_segmentation_conllu(std::string_view conllu) {
  SegmentationScore score;
  GoldBuilder doc;
  std::string sent_text;
  bool have_text = false, new_par = false, in_sentence = false;
  std::vector<Surface> units;
  size_t mwt_last = 0;  // last word id covered by the open multiword token, 0 when none
  size_t line_no = 0, sentence_line = 0;
  size_t pos = 0;
  auto finish_sentence = [&]() -> Status {
    if (!in_sentence) return Status::Ok();
    if (!have_text)
      return Status::InvalidInput("line " + std::to_string(sentence_line) +
                                  ": sentence has no '# text =' line");
    TACITUS_RETURN_IF_ERROR(doc.add_sentence(sent_text, units, new_par, sentence_line));
    units.clear();
    have_text = new_par = in_sentence = false;
    mwt_last = 0;
    return Status::Ok();
  };
  while (pos <= conllu.size()) {
    size_t nl = conllu.find('\n', pos);
    if (nl == std::string_view::npos) nl = conllu.size();
    std::string_view line = conllu.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      TACITUS_RETURN_IF_ERROR(finish_sentence());
      continue;
    }
    if (!in_sentence) sentence_line = line_no;
    in_sentence = true;
    if (line[0] == '#') {
      if (line.rfind("# newdoc", 0) == 0) {
        doc.score_into(score);
      } else if (line.rfind("# newpar", 0) == 0) {
        new_par = true;
      } else if (line.rfind("# text = ", 0) == 0) {
        sent_text = std::string(line.substr(9));
        have_text = true;
      }
      continue;
    }
    const auto f = split_tabs(line);
    if (f.size() < 2) return Status::InvalidInput("line " + std::to_string(line_no) + ": not a CoNLL-U row");
    const std::string_view id = f[0];
    if (id.find('.') != std::string_view::npos) continue;  // empty node
    const size_t dash = id.find('-');
    if (dash != std::string_view::npos) {
      units.push_back({std::string(f[1]), {}});
      mwt_last = static_cast<size_t>(std::atoi(std::string(id.substr(dash + 1)).c_str()));
      continue;
    }
    const auto word_id = static_cast<size_t>(std::atoi(std::string(id).c_str()));
    if (mwt_last != 0 && word_id <= mwt_last) {
      units.back().words.emplace_back(f[1]);
      if (word_id == mwt_last) mwt_last = 0;
      continue;
    }
    units.push_back({std::string(f[1]), {}});
  }
  TACITUS_RETURN_IF_ERROR(finish_sentence());
  doc.score_into(score);
  return score;
}

Result<SegmentationScore> score_segmentation_file(const std::string& path) {
  auto text = read_file(path);
  if (!text.ok()) return text.status();
  auto r = score_segmentation_conllu(*text);
  if (!r.ok()) return Status::InvalidInput(path + ": " + r.status().message());
  return r;
}

}  // namespace tacitus
