// TriggerLexicon: a trie over lower-cased token forms compiled from our TSV lexicon and from
// PETRARCH verb dictionaries.
#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "events/text_util.h"
#include "tacitus/events.h"
#include "tacitus/resources.h"

namespace tacitus {

using events_internal::noun_plural;
using events_internal::normalize_word;
using events_internal::split;
using events_internal::trim;
using events_internal::verb_forms;

namespace {

constexpr size_t kMaxGap = 4;

std::optional<Modality> modality_from_name(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, Modality>, 7> kNames = {{
      {"asserted", Modality::kAsserted},
      {"denied", Modality::kDenied},
      {"intended", Modality::kIntended},
      {"threatened", Modality::kThreatened},
      {"demanded", Modality::kDemanded},
      {"hypothetical", Modality::kHypothetical},
      {"reported", Modality::kReported},
  }};
  for (const auto& [name, m] : kNames)
    if (name == s) return m;
  return std::nullopt;
}

bool is_code(std::string_view s) {
  if (s.size() < 2 || s.size() > 4) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Words before a form that make it a noun: determiners, possessives, numbers and the adjectives
// news uses with event nouns ("the attack", "US's strikes", "retaliatory airstrikes"). A verb-only
// entry is rejected after them ("his arm" is no arming).
bool strong_noun_cue(std::string_view w) {
  static const std::unordered_set<std::string_view> kCues = {
      "the", "a", "an", "its", "their", "his", "her", "our", "your", "this", "these", "those",
      "'s", "'", "another", "new", "recent", "further", "several", "any", "no", "retaliatory",
      "deadly", "suicide", "rocket", "air", "drone", "mortar", "missile", "artillery", "armed",
      "violent", "fresh", "renewed", "heavy", "fierce", "multiple", "latest", "previous", "first",
      "second", "such", "similar", "separate", "two", "three", "four", "five", "many", "numerous",
      "repeated", "alleged", "apparent", "terrorist", "terror", "joint", "major", "massive",
      "coordinated", "every", "each", "some", "mass", "peaceful", "large", "small", "big"};
  return kCues.count(w) > 0 || (!w.empty() && w[0] >= '0' && w[0] <= '9');
}

// Prepositions before a form that favour the noun reading when both readings exist.
bool weak_noun_cue(std::string_view w) {
  static const std::unordered_set<std::string_view> kCues = {
      "of", "for", "after", "following", "against", "in", "during", "amid", "despite", "on",
      "from", "over", "about", "since", "with", "without", "under", "last"};
  return kCues.count(w) > 0;
}

bool capitalised(std::string_view raw) { return !raw.empty() && raw[0] >= 'A' && raw[0] <= 'Z'; }

}  // namespace

struct TriggerLexicon::Impl {
  struct Node {
    std::unordered_map<std::string, uint32_t> next;
    uint32_t gap = 0;                 // child reached over a "*" gap; 0 = none
    std::vector<uint32_t> entries;    // entries ending here
  };
  std::vector<Node> nodes{Node{}};
  std::vector<TriggerEntry> entries;

  uint32_t child(uint32_t n, const std::string& w) {
    if (w == "*") {
      if (nodes[n].gap == 0) {
        nodes[n].gap = static_cast<uint32_t>(nodes.size());
        nodes.emplace_back();
      }
      return nodes[n].gap;
    }
    auto it = nodes[n].next.find(w);
    if (it != nodes[n].next.end()) return it->second;
    auto id = static_cast<uint32_t>(nodes.size());
    nodes[n].next.emplace(w, id);
    nodes.emplace_back();
    return id;
  }

  void insert(const std::vector<std::string>& words, uint32_t entry) {
    uint32_t n = 0;
    for (const auto& w : words) n = child(n, w);
    auto& e = nodes[n].entries;
    if (std::find(e.begin(), e.end(), entry) == e.end()) e.push_back(entry);
  }

  // Adds `entry` under every surface variant: verbs inflect the word at `verb_pos`, nouns pluralise
  // their last word.
  void add(TriggerEntry entry, size_t verb_pos, bool inflect,
           const std::unordered_map<std::string, std::vector<std::string>>& irregular) {
    auto id = static_cast<uint32_t>(entries.size());
    std::vector<std::string> words = entry.words;
    entries.push_back(std::move(entry));
    const TriggerEntry& e = entries.back();
    insert(words, id);
    if (!inflect || words.empty()) return;
    if (e.kind == TriggerKind::kVerb) {
      if (verb_pos >= words.size()) verb_pos = 0;
      std::string lemma = words[verb_pos];
      std::vector<std::string> forms = verb_forms(lemma);
      if (auto it = irregular.find(lemma); it != irregular.end())
        forms.insert(forms.end(), it->second.begin(), it->second.end());
      for (const auto& f : forms) {
        words[verb_pos] = f;
        insert(words, id);
      }
    } else {
      size_t last = words.size() - 1;
      if (words[last] != "*") {
        words[last] = noun_plural(words[last]);
        insert(words, id);
      }
    }
  }

  // Longest match starting at token `pos` (by form or by lemma); fills *end and the node.
  // A trie walk result: the end token, the node reached, and whether a gap was crossed.
  struct Hit {
    uint32_t end, node;
    bool gap;
  };
  void walk(const std::vector<std::string>& forms, const Document& doc, uint32_t pos, uint32_t stop,
            uint32_t node, uint32_t first, std::vector<Hit>& hits, bool gapped = false) const {
    if (!nodes[node].entries.empty() && pos > first) hits.push_back(Hit{pos, node, gapped});
    if (pos >= stop) return;
    const Node& n = nodes[node];
    auto try_word = [&](std::string_view w) {
      if (w.empty()) return false;
      auto it = n.next.find(std::string(w));
      if (it == n.next.end()) return false;
      walk(forms, doc, pos + 1, stop, it->second, first, hits, gapped);
      return true;
    };
    bool by_form = try_word(forms[pos]);
    // Hyphenated compounds fall back to their last part ("double-murder" -> "murder").
    if (!by_form) {
      auto dash = forms[pos].rfind('-');
      if (dash != std::string::npos && dash + 1 < forms[pos].size())
        by_form = try_word(std::string_view(forms[pos]).substr(dash + 1));
    }
    std::string_view lemma = doc.tokens[pos].lemma ? doc.lemma(pos) : std::string_view();
    if (!lemma.empty() && lemma != forms[pos] && !by_form) try_word(normalize_word(lemma));
    if (n.gap != 0 && pos > first) {
      for (uint32_t k = 1; k <= kMaxGap && pos + k < stop; ++k) {
        const std::string& w = forms[pos + k - 1];
        if (w == "." || w == ";" || w == ":" || w == "\"" || w == "(" || w == ")") break;
        walk(forms, doc, pos + k, stop, n.gap, first, hits, true);
      }
    }
  }
};

TriggerLexicon::TriggerLexicon() : impl_(std::make_unique<Impl>()) {}
TriggerLexicon::~TriggerLexicon() = default;
TriggerLexicon::TriggerLexicon(TriggerLexicon&&) noexcept = default;
TriggerLexicon& TriggerLexicon::operator=(TriggerLexicon&&) noexcept = default;

size_t TriggerLexicon::size() const { return impl_->entries.size(); }
const TriggerEntry& TriggerLexicon::entry(size_t i) const { return impl_->entries[i]; }

Status TriggerLexicon::add_tsv(const std::string& path,
                               const std::unordered_map<std::string, std::vector<std::string>>& irregular) {
  auto text = read_file(path);
  if (!text.ok()) return text.status();
  return add_tsv_text(*text, path, irregular);
}

Status TriggerLexicon::add_tsv_text(
    std::string_view text, const std::string& name,
    const std::unordered_map<std::string, std::vector<std::string>>& irregular) {
  size_t line_no = 0;
  for (const std::string& raw : split(text, "\n")) {
    ++line_no;
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    // Columns: phrase, cameo, kind, mode, flags (the last two may be empty or missing).
    std::vector<std::string> cols;
    size_t i = 0;
    while (true) {
      size_t j = line.find('\t', i);
      cols.emplace_back(trim(line.substr(i, j == std::string_view::npos ? j : j - i)));
      if (j == std::string_view::npos) break;
      i = j + 1;
    }
    auto where = [&] { return name + ":" + std::to_string(line_no) + ": "; };
    if (cols.size() < 3) return Status::InvalidInput(where() + "expected phrase, cameo, kind columns");
    TriggerEntry e;
    e.words = split(normalize_word(cols[0]), " ");
    if (e.words.empty()) return Status::InvalidInput(where() + "empty phrase");
    e.cameo = cols[1];
    if (!is_code(e.cameo) && e.cameo != "-")
      return Status::InvalidInput(where() + "bad CAMEO code '" + e.cameo + "'");
    if (cols.size() > 3) e.plover_mode = cols[3];
    e.origin = "lexicon:" + std::to_string(line_no);
    if (cols.size() > 4) {
      for (const std::string& f : split(cols[4], ",")) {
        if (f == "fatal") e.flags |= kFlagFatal;
        else if (f == "injury") e.flags |= kFlagInjury;
        else if (f == "consequence") e.flags |= kFlagConsequence;
        else if (f == "control") e.flags |= kFlagControl;
        else if (f == "complement") e.flags |= kFlagComplementOnly;
        else if (f == "argument") e.flags |= kFlagNeedsArgument;
        else if (f.starts_with("intends:")) {
          auto m = modality_from_name(f.substr(8));
          if (!m) return Status::InvalidInput(where() + "unknown modality in '" + f + "'");
          e.flags |= kFlagIntends | kFlagControl;
          e.modality = *m;
        } else {
          return Status::InvalidInput(where() + "unknown flag '" + f + "'");
        }
      }
    }
    if (e.cameo == "-" && !(e.flags & kFlagIntends))
      return Status::InvalidInput(where() + "code '-' is only for intends: verbs");
    const std::string& kind = cols[2];
    if (kind == "verb" || kind == "form") {
      e.kind = TriggerKind::kVerb;
      impl_->add(std::move(e), 0, kind == "verb", irregular);
    } else if (kind == "noun" || kind == "nounform") {
      e.kind = TriggerKind::kNoun;
      impl_->add(std::move(e), 0, kind == "noun", irregular);
    } else if (kind == "both") {
      TriggerEntry n = e;
      n.kind = TriggerKind::kNoun;
      e.kind = TriggerKind::kVerb;
      impl_->add(std::move(e), 0, true, irregular);
      impl_->add(std::move(n), 0, true, irregular);
    } else {
      return Status::InvalidInput(where() + "kind must be verb, noun, both, form or nounform");
    }
  }
  return Status::Ok();
}

Status TriggerLexicon::add_petrarch_verbs(const std::string& path, size_t* patterns) {
  auto text = read_file(path);
  if (!text.ok()) return text.status();
  return add_petrarch_verbs_text(*text, path, patterns);
}

Status TriggerLexicon::add_petrarch_verbs_text(std::string_view text, const std::string& name,
                                               size_t* patterns) {
  static const std::unordered_map<std::string, std::vector<std::string>> kNoIrregular;
  std::unordered_map<std::string, std::string> synsets;  // &NAME -> "a|b|c"
  std::string current_synset;
  // The current verb block: its default code, its verb forms, and its patterns.
  struct Block {
    std::string code;
    std::vector<std::pair<std::vector<std::string>, size_t>> verbs;  // words, index of the verb
    std::vector<std::vector<std::string>> explicit_forms;           // per verb
    std::vector<TriggerEntry> patterns;
  } block;
  size_t n_patterns = 0;
  auto code_of = [](std::string_view bracket) -> std::string {
    // "[190]" / "[042:043]" / "[---]" -> "190" / "042" / ""
    auto l = bracket.find('['), r = bracket.find(']');
    if (l == std::string_view::npos || r == std::string_view::npos || r < l) return "";
    std::string c(bracket.substr(l + 1, r - l - 1));
    if (auto colon = c.find(':'); colon != std::string::npos) c = c.substr(0, colon);
    c = std::string(trim(c));
    return is_code(c) ? c : "";
  };
  auto flush = [&]() {
    for (size_t v = 0; v < block.verbs.size(); ++v) {
      const auto& [words, verb_pos] = block.verbs[v];
      std::vector<TriggerEntry> all;
      if (!block.code.empty()) {
        TriggerEntry e;
        e.words = words;
        e.cameo = block.code;
        e.origin = "petrarch:" + name;
        all.push_back(std::move(e));
      }
      for (const TriggerEntry& p : block.patterns) {
        TriggerEntry e = p;
        e.words = words;
        all.push_back(std::move(e));
      }
      for (TriggerEntry& e : all) {
        e.kind = TriggerKind::kVerb;
        auto id = static_cast<uint32_t>(impl_->entries.size());
        std::vector<std::string> w = e.words;
        impl_->add(std::move(e), verb_pos, true, kNoIrregular);
        for (const std::string& f : block.explicit_forms[v]) {
          w[verb_pos] = f;
          impl_->insert(w, id);
        }
      }
    }
    block = Block{};
  };
  // Splits a pattern side into required words; synsets become "a|b|c" alternatives.
  auto context_words = [&](std::string_view side) {
    std::vector<std::string> out;
    for (std::string tok : split(side, " \t{}()")) {
      if (tok.empty()) continue;
      if (tok[0] == '&') {
        auto it = synsets.find(tok);
        if (it != synsets.end()) out.push_back(it->second);
        continue;
      }
      // Drop actor markers ($ source, + target, % both, ^ skip) and other punctuation.
      std::string w;
      for (char c : tok)
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '\'' || c == '-') w.push_back(c);
      if (w.empty()) continue;
      for (const std::string& part : split(normalize_word(w), "_")) out.push_back(part);
    }
    return out;
  };

  size_t line_no = 0;
  for (const std::string& raw : split(text, "\n")) {
    ++line_no;
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) {
      current_synset.clear();
      continue;
    }
    if (line.starts_with("<!--")) continue;
    if (line.starts_with("---")) {  // block header: ---  VERB   [code]  ---
      flush();
      current_synset.clear();
      block.code = code_of(line);
      continue;
    }
    if (line[0] == '&') {
      current_synset = std::string(split(line, " \t")[0]);
      synsets[current_synset];
      continue;
    }
    if (line[0] == '+' && !current_synset.empty()) {
      auto words = split(normalize_word(line.substr(1)), " _");
      if (!words.empty()) {
        std::string& alts = synsets[current_synset];
        if (!alts.empty()) alts += '|';
        alts += words[0];
      }
      continue;
    }
    if (line[0] == '-') {  // pattern: - before * after [code]
      std::string code = code_of(line);
      if (code.empty()) continue;  // [---] patterns block a code; not modelled
      auto l = line.find('[');
      std::string_view body = trim(line.substr(1, l == std::string_view::npos ? l : l - 1));
      auto star = body.find('*');
      if (star == std::string_view::npos) continue;
      TriggerEntry p;
      p.cameo = code;
      p.before = context_words(body.substr(0, star));
      p.after = context_words(body.substr(star + 1));
      p.origin = "petrarch:" + name + ":" + std::to_string(line_no);
      block.patterns.push_back(std::move(p));
      ++n_patterns;
      continue;
    }
    // A verb line: WORD[_WORD] [{FORMS}] [[code]]
    std::string_view head = line;
    std::vector<std::string> forms;
    if (auto lb = line.find('{'); lb != std::string_view::npos) {
      auto rb = line.find('}', lb);
      for (const std::string& f : split(line.substr(lb + 1, rb == std::string_view::npos ? rb : rb - lb - 1), " \t"))
        forms.push_back(normalize_word(f));
      head = trim(line.substr(0, lb));
    }
    auto first = split(head, " \t");
    if (first.empty()) continue;
    std::string lemma_spec = first[0];
    std::vector<std::string> parts;
    size_t verb_pos = 0;
    for (const std::string& part : split(lemma_spec, "_")) {
      std::string w = part;
      if (!w.empty() && w[0] == '+') {
        verb_pos = parts.size();
        w = w.substr(1);
      }
      if (!w.empty()) parts.push_back(normalize_word(w));
    }
    if (parts.empty()) continue;
    // Explicit irregular forms replace the verb word only for single-word verbs.
    std::vector<std::string> explicit_forms;
    if (parts.size() == 1) explicit_forms = forms;
    block.verbs.emplace_back(parts, verb_pos);
    block.explicit_forms.push_back(std::move(explicit_forms));
    if (std::string own = code_of(line); !own.empty() && block.code.empty()) {
      // A verb with its own code inside a [---] block.
      TriggerEntry e;
      e.words = parts;
      e.cameo = own;
      e.kind = TriggerKind::kVerb;
      e.origin = "petrarch:" + name + ":" + std::to_string(line_no);
      auto id = static_cast<uint32_t>(impl_->entries.size());
      impl_->add(std::move(e), verb_pos, true, kNoIrregular);
      for (const std::string& f : block.explicit_forms.back()) {
        auto w = parts;
        w[verb_pos] = f;
        impl_->insert(w, id);
      }
      block.verbs.pop_back();
      block.explicit_forms.pop_back();
    }
  }
  flush();
  if (patterns) *patterns = n_patterns;
  return Status::Ok();
}

std::vector<TriggerMatch> TriggerLexicon::match(const Document& doc, uint32_t begin,
                                                uint32_t end) const {
  return match(doc, events_internal::normalized_tokens(doc), begin, end);
}

std::vector<TriggerMatch> TriggerLexicon::match(const Document& doc,
                                                const std::vector<std::string>& forms,
                                                uint32_t begin, uint32_t end) const {
  std::vector<TriggerMatch> out;
  if (end > doc.tokens.size() || begin >= end || forms.size() != doc.tokens.size()) return out;

  // Context words of a PETRARCH pattern must occur, in order, on their side of the trigger.
  auto side_ok = [&](const std::vector<std::string>& words, uint32_t from, uint32_t to) {
    uint32_t p = from;
    for (const std::string& want : words) {
      auto alts = split(want, "|");
      bool found = false;
      for (; p < to && !found; ++p)
        for (const auto& a : alts)
          if (forms[p] == a) found = true;
      if (!found) return false;
    }
    return true;
  };
  constexpr uint32_t kWindow = 10;
  // Mid-sentence capitals mark names ("Operation Storm", "in March"), except in headlines and
  // all-capitals text where every word is capitalised.
  size_t alpha = 0, caps = 0;
  for (uint32_t i = begin; i < end; ++i) {
    std::string_view raw = doc.token_text(i);
    if (raw.empty() || !std::isalpha(static_cast<unsigned char>(raw[0]))) continue;
    ++alpha;
    if (capitalised(raw)) ++caps;
  }
  const bool title_case = alpha > 0 && caps * 10 >= alpha * 6;

  for (uint32_t i = begin; i < end;) {
    std::vector<Impl::Hit> hits;
    if (!title_case && i > begin && capitalised(doc.token_text(i)) && forms[i - 1] != "\"" &&
        forms[i - 1] != ":") {
      ++i;
      continue;
    }
    impl_->walk(forms, doc, i, end, 0, i, hits);
    if (hits.empty()) {
      ++i;
      continue;
    }
    // Longest first.
    // A contiguous phrase of two or more words beats a gapped pattern ("fired tear gas at" is
    // tear gas, not "fire * at").
    auto rank = [](const Impl::Hit& h, uint32_t start) {
      return static_cast<int64_t>(h.end - start) + (!h.gap && h.end - start >= 2 ? 1000 : 0);
    };
    std::sort(hits.begin(), hits.end(),
              [&](const Impl::Hit& a, const Impl::Hit& b) { return rank(a, i) > rank(b, i); });
    const TriggerEntry* best = nullptr;
    uint32_t best_end = 0;
    for (const Impl::Hit& hit : hits) {
      const uint32_t stop = hit.end, node = hit.node;
      if (hit.gap) {
        // A gapped pattern yields to a trigger inside its gap ("fired 82mm mortars at" is
        // shelling, not the generic "fire * at").
        bool inner = false;
        for (uint32_t k = i + 1; k + 1 < stop && !inner; ++k) {
          std::vector<Impl::Hit> sub;
          impl_->walk(forms, doc, k, end, 0, k, sub);
          inner = !sub.empty();
        }
        if (inner) continue;
      }
      // Choose among the node's entries: satisfied PETRARCH context beats none; then the kind.
      const TriggerEntry* chosen = nullptr;
      int chosen_score = -1;
      std::string_view prev = i > begin ? std::string_view(forms[i - 1]) : std::string_view();
      std::string_view next = stop < end ? std::string_view(forms[stop]) : std::string_view();
      bool tagged = doc.tokens[i].upos != Upos::kUnknown;
      Upos head_upos = doc.tokens[stop - 1].upos;
      bool noun_context, strong = false;
      if (tagged) {
        noun_context = head_upos == Upos::NOUN || head_upos == Upos::PROPN;
        strong = noun_context;
      } else {
        strong = strong_noun_cue(prev);
        noun_context = strong || weak_noun_cue(prev);
      }
      (void)next;
      for (uint32_t id : impl_->nodes[node].entries) {
        const TriggerEntry& e = impl_->entries[id];
        uint32_t lo = i > begin + kWindow ? i - kWindow : begin;
        uint32_t hi = std::min(end, stop + kWindow);
        if (!e.before.empty() && !side_ok(e.before, lo, i)) continue;
        if (!e.after.empty() && !side_ok(e.after, stop, hi)) continue;
        // A verb entry in a clear noun position is not this verb (single-word matches only:
        // "the US military has announced" keeps its phrase entries).
        if (strong && e.kind == TriggerKind::kVerb && stop == i + 1) continue;
        int score = static_cast<int>(e.before.size() + e.after.size()) * 4;
        if ((e.kind == TriggerKind::kNoun) == noun_context) score += 2;
        if (score > chosen_score) {
          chosen = &e;
          chosen_score = score;
        }
      }
      if (chosen) {
        best = chosen;
        best_end = stop;
        break;
      }
    }
    if (!best) {
      ++i;
      continue;
    }
    TriggerMatch m;
    m.begin = i;
    m.end = best_end;
    m.entry = best;
    m.head = best->kind == TriggerKind::kNoun ? best_end - 1 : i;
    if (best->kind == TriggerKind::kNoun) {
      // With a gap the noun head is the last non-gap word; the last token is right for all our
      // noun phrases ("air strike", "suicide bomber").
      m.head = best_end - 1;
    }
    out.push_back(m);
    i = best_end;
  }
  return out;
}

Result<std::unordered_map<std::string, std::vector<std::string>>> load_irregular_verbs(
    const std::string& path) {
  auto text = read_file(path);
  if (!text.ok()) return text.status();
  std::unordered_map<std::string, std::vector<std::string>> out;
  size_t line_no = 0;
  for (const std::string& raw : split(*text, "\n")) {
    ++line_no;
    std::string_view line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    if (tab == std::string_view::npos)
      return Status::InvalidInput(path + ":" + std::to_string(line_no) + ": expected lemma<TAB>forms");
    std::string lemma = normalize_word(trim(line.substr(0, tab)));
    for (const std::string& f : split(line.substr(tab + 1), " \t,")) out[lemma].push_back(normalize_word(f));
  }
  return out;
}

}  // namespace tacitus
