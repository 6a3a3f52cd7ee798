// EventCoder: triggers -> events with arguments, modality, attribution, dates, counts, tone and
// confidence. The rules are described (with their reasons) in docs/coder.md.
#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "events/text_util.h"
#include "tacitus/csv.h"
#include "tacitus/events.h"
#include "tacitus/resources.h"
#include "tacitus/time.h"

namespace tacitus {

using events_internal::is_punct_word;
using events_internal::normalize_word;
using events_internal::split;
using events_internal::trim;

namespace {

bool root_is(const std::string& cameo, std::initializer_list<std::string_view> roots) {
  for (auto r : roots)
    if (cameo.compare(0, 2, r) == 0) return true;
  return false;
}

bool is_violent(const std::string& cameo) {
  return root_is(cameo, {"18", "19", "20"}) || cameo.starts_with("145");
}

// Cue kinds read from data/lexicon/cues.tsv.
enum class CueKind : uint8_t {
  kNegation, kModality, kSpeech, kAccording, kObligation, kFatal, kInjury, kCasualty, kLightVerb,
  kBoundary, kCrowd,
};

struct Cue {
  std::vector<std::string> words;
  CueKind kind;
  Modality modality = Modality::kAsserted;
};

const std::unordered_set<std::string_view>& be_forms() {
  static const std::unordered_set<std::string_view> k = {"is", "are", "was", "were", "be", "been",
                                                         "being", "'s", "'re", "get", "got", "gets"};
  return k;
}

const std::unordered_set<std::string_view>& function_words() {
  static const std::unordered_set<std::string_view> k = {
      "the", "a", "an", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or",
      "but", "that", "which", "who", "whom", "whose", "as", "is", "are", "was", "were", "be",
      "been", "has", "have", "had", "will", "would", "could", "should", "may", "might", "can",
      "not", "n't", "it", "its", "they", "their", "he", "his", "she", "her", "we", "our", "this",
      "these", "those", "there", "than", "into", "near", "after", "before", "while", "since",
      "also", "then", "when", "where", "if", "so", "such", "about", "against", "over", "under",
      "during", "reportedly", "allegedly", "later", "earlier", "still", "already", "'s", "do",
      "did", "does", "said", "says", "say", "told", "being", "no", "without", "both", "all"};
  return k;
}

const std::unordered_set<std::string_view>& locative_preps() {
  static const std::unordered_set<std::string_view> k = {
      "in", "near", "at", "around", "outside", "inside", "across", "throughout", "from", "into",
      "to", "toward", "towards", "along", "within", "between", "of", "via", "through", "over"};
  return k;
}

const std::unordered_set<std::string_view>& pronouns() {
  static const std::unordered_set<std::string_view> k = {"it", "they", "he", "she", "we", "its",
                                                         "their", "his", "her", "our", "them"};
  return k;
}

// A role argument as found: an actor mention index, or a bare token span with no code.
struct Arg {
  int actor = -1;               // index into doc.actors
  uint32_t begin = 0, end = 0;  // token span when actor < 0
  int antecedent = -1;          // coded actor this mention refers back to, when resolved
  bool found() const { return actor >= 0 || end > begin; }
};

// An event under construction (before it becomes a tacitus::Event).
struct Draft {
  TriggerMatch m;
  std::string cameo;
  std::string plover_mode;
  Arg source, target;
  bool negated = false;
  Modality modality = Modality::kAsserted;
  bool dropped = false;
  bool parse_based = false;
  std::optional<int> fatalities, injuries;
};

}  // namespace

struct EventCoder::Impl {
  TriggerLexicon lexicon;
  std::vector<Cue> cues;
  std::unordered_map<std::string, double> tone;
  std::unordered_set<std::string> past_forms;  // irregular past tenses, for tense detection
  std::optional<Ontology> ontology;

  // --- cue matching -------------------------------------------------------------------------
  // Length of the cue of `kind` starting at token i (0 when none); its modality via *mod.
  uint32_t cue_at(const std::vector<std::string>& f, uint32_t i, uint32_t end, CueKind kind,
                  Modality* mod = nullptr) const {
    uint32_t best = 0;
    for (const Cue& c : cues) {
      if (c.kind != kind || i + c.words.size() > end) continue;
      bool ok = true;
      for (size_t k = 0; k < c.words.size() && ok; ++k) ok = f[i + k] == c.words[k];
      if (ok && c.words.size() > best) {
        best = static_cast<uint32_t>(c.words.size());
        if (mod) *mod = c.modality;
      }
    }
    return best;
  }
  bool is_cue(const std::vector<std::string>& f, uint32_t i, uint32_t end, CueKind kind) const {
    return cue_at(f, i, end, kind) > 0;
  }

  // Hard clause boundaries stop argument search.
  bool is_boundary(const std::vector<std::string>& f, uint32_t i, uint32_t end) const {
    const std::string& w = f[i];
    return w == ";" || w == ":" || w == "\"" || w == "(" || w == ")" || w == "-" ||
           is_cue(f, i, end, CueKind::kBoundary);
  }

  Status load(const EventCoderOptions& opt) {
    std::string dir = opt.data_dir.empty() ? resource_path("data") : opt.data_dir;
    auto irregular = load_irregular_verbs(dir + "/lexicon/irregular_verbs.tsv");
    if (!irregular.ok()) return irregular.status();
    for (const auto& [lemma, forms] : *irregular)
      for (const auto& f : forms) past_forms.insert(f);
    if (opt.use_own_lexicon)
      TACITUS_RETURN_IF_ERROR(lexicon.add_tsv(dir + "/lexicon/triggers.tsv", *irregular));
    for (const auto& p : opt.petrarch_verb_paths) TACITUS_RETURN_IF_ERROR(lexicon.add_petrarch_verbs(p));
    TACITUS_RETURN_IF_ERROR(load_cues(dir + "/lexicon/cues.tsv"));
    TACITUS_RETURN_IF_ERROR(load_tone(dir + "/lexicon/tone.tsv"));
    auto onto = Ontology::load(dir);
    if (!onto.ok()) return onto.status();
    ontology = std::move(onto.value());
    for (size_t i = 0; i < lexicon.size(); ++i) {
      const TriggerEntry& e = lexicon.entry(i);
      if (e.cameo != "-" && !ontology->cameo(e.cameo) && e.origin.starts_with("lexicon"))
        return Status::InvalidInput(dir + "/lexicon/triggers.tsv: " + e.origin + ": CAMEO code '" +
                                    e.cameo + "' is not in the ontology");
    }
    return Status::Ok();
  }

  Status load_cues(const std::string& path) {
    return read_tsv(path, 2, [&](const std::vector<std::string>& cols) {
      Cue c;
      c.words = split(normalize_word(cols[0]), " ");
      const std::string& kind = cols[1];
      if (kind == "negation") c.kind = CueKind::kNegation;
      else if (kind == "speech") c.kind = CueKind::kSpeech;
      else if (kind == "according") c.kind = CueKind::kAccording;
      else if (kind == "obligation") c.kind = CueKind::kObligation;
      else if (kind == "fatal") c.kind = CueKind::kFatal;
      else if (kind == "injury") c.kind = CueKind::kInjury;
      else if (kind == "casualty") c.kind = CueKind::kCasualty;
      else if (kind == "light") c.kind = CueKind::kLightVerb;
      else if (kind == "boundary") c.kind = CueKind::kBoundary;
      else if (kind == "crowd") c.kind = CueKind::kCrowd;
      else if (kind.starts_with("modality:")) {
        c.kind = CueKind::kModality;
        const std::string m = kind.substr(9);
        if (m == "denied") c.modality = Modality::kDenied;
        else if (m == "intended") c.modality = Modality::kIntended;
        else if (m == "threatened") c.modality = Modality::kThreatened;
        else if (m == "demanded") c.modality = Modality::kDemanded;
        else if (m == "hypothetical") c.modality = Modality::kHypothetical;
        else if (m == "reported") c.modality = Modality::kReported;
        else return Status::InvalidInput("unknown modality '" + m + "'");
      } else {
        return Status::InvalidInput("unknown cue kind '" + kind + "'");
      }
      if (c.words.empty()) return Status::InvalidInput("empty cue");
      cues.push_back(std::move(c));
      return Status::Ok();
    });
  }

  Status load_tone(const std::string& path) {
    return read_tsv(path, 2, [&](const std::vector<std::string>& cols) {
      char* endp = nullptr;
      const double v = std::strtod(cols[1].c_str(), &endp);
      if (endp == cols[1].c_str()) return Status::InvalidInput("bad score '" + cols[1] + "'");
      tone[normalize_word(cols[0])] = v;
      return Status::Ok();
    });
  }

  double tone_of(const Document& doc, uint32_t begin, uint32_t end) const {
    double pos = 0, neg = 0;
    int words = 0;
    for (uint32_t i = begin; i < end && i < doc.tokens.size(); ++i) {
      std::string w = normalize_word(doc.token_text(i));
      if (is_punct_word(w)) continue;
      ++words;
      auto score = [&](const std::string& s) {
        auto it = tone.find(s);
        if (it == tone.end()) return false;
        (it->second > 0 ? pos : neg) += std::abs(it->second);
        return true;
      };
      if (!score(w)) {
        // Hyphenated compounds ("double-murder") score by their parts.
        if (w.find('-') != std::string::npos)
          for (const auto& part : split(w, "-")) score(part);
      }
    }
    if (words == 0) return 0;
    return std::round((pos - neg) / words * 100.0 * 100.0) / 100.0;
  }

  void code(Document& doc) const;
};

namespace {

// Per-document working state for the coder.
struct Work {
  const EventCoder::Impl& coder;
  Document& doc;
  std::vector<std::string> f;   // normalised forms
  std::vector<int> actor_at;    // token -> actor index or -1
  std::optional<CivilDate> anchor;
  bool parsed = false;
  bool actors_in_order = false;  // doc.actors by first token (the actor stage writes them so, disjoint)

  Work(const EventCoder::Impl& c, Document& d) : coder(c), doc(d) {
    f = events_internal::normalized_tokens(doc);
    actors_in_order = std::is_sorted(
        doc.actors.begin(), doc.actors.end(),
        [](const ActorMention& a, const ActorMention& b) { return a.begin < b.begin; });
    actor_at.assign(doc.tokens.size(), -1);
    for (size_t a = 0; a < doc.actors.size(); ++a)
      for (uint32_t t = doc.actors[a].begin; t < doc.actors[a].end && t < doc.tokens.size(); ++t)
        actor_at[t] = static_cast<int>(a);
    if (doc.date) anchor = parse_iso_date(*doc.date);
    for (const Token& t : doc.tokens)
      if (t.head >= 0) {
        parsed = true;
        break;
      }
  }

  bool boundary(uint32_t i, uint32_t end) const { return coder.is_boundary(f, i, end); }

  // The coded actor a parse argument headed by token `head` names: the head's own mention, else
  // the nearest mention among its nominal dependents ("ties with Gondor", "attacks on US bases",
  // "soldiers of the Iraqi army"), at most three arcs down. Clauses below the head are not
  // searched. -1 when the phrase names no coded actor.
  int actor_in_phrase(uint32_t head, uint32_t sbegin, uint32_t send) const {
    if (actor_at[head] >= 0) return actor_at[head];
    std::vector<uint32_t> frontier{head};
    for (int depth = 0; depth < 3 && !frontier.empty(); ++depth) {
      std::vector<uint32_t> next;
      int best = -1;
      uint32_t best_distance = UINT32_MAX;
      for (uint32_t t = sbegin; t < send; ++t) {
        const int32_t h = doc.tokens[t].head;
        if (h < 0 || std::find(frontier.begin(), frontier.end(), static_cast<uint32_t>(h)) == frontier.end())
          continue;
        std::string_view rel = doc.deprel(t);
        const bool nominal = rel.starts_with("nmod") || rel == "compound" || rel == "amod" ||
                             rel == "appos" || rel == "flat" || rel == "conj";
        if (!nominal) continue;
        next.push_back(t);
        const uint32_t distance = t > head ? t - head : head - t;
        if (actor_at[t] >= 0 && distance < best_distance) best = actor_at[t], best_distance = distance;
      }
      if (best >= 0) return best;
      frontier = std::move(next);
    }
    return -1;
  }

  // An actor preceded by a locative preposition ("in Baghdad") is a place, not a participant.
  bool locative(int a, uint32_t sbegin) const {
    uint32_t b = doc.actors[static_cast<size_t>(a)].begin;
    for (uint32_t k = 0; k < 3 && b > sbegin; ++k) {
      --b;
      const std::string& w = f[b];
      if (w == "the" || w == "a" || w == "an") continue;
      return locative_preps().count(w) > 0 && w != "of" && w != "to";
    }
    return false;
  }

  // The nearest actor mention left of token `from` in the clause, else a bare noun phrase.
  Arg left_arg(uint32_t from, uint32_t sbegin, uint32_t send, bool allow_np = true) const {
    for (uint32_t i = from; i > sbegin;) {
      --i;
      if (boundary(i, send)) break;
      if (actor_at[i] >= 0 && !locative(actor_at[i], sbegin)) return Arg{actor_at[i], 0, 0};
    }
    if (!allow_np) return {};
    // Noun-phrase fallback: skip auxiliaries, adverbs and negation, then take content words.
    uint32_t i = from;
    while (i > sbegin) {
      const std::string& w = f[i - 1];
      if (be_forms().count(w) || w == "had" || w == "has" || w == "have" || w == "will" ||
          w == "would" || w == "not" || w == "n't" || w == "reportedly" || w == "allegedly" ||
          w == "also" || w == "then" || w == "later" || w == "reported" || w == "to")
        --i;
      else
        break;
    }
    // "The Department on Friday rejected": a date phrase is no subject; look past it.
    if (i > sbegin + 1 && is_time_word(f[i - 1]) && locative_preps().count(f[i - 2]) + (f[i - 2] == "on"))
      i -= 2;
    uint32_t end = i;
    while (i > sbegin && end - i < 4) {
      const std::string& w = f[i - 1];
      if (is_punct_word(w) || function_words().count(w) || boundary(i - 1, send)) break;
      if (coder.lexicon.size() && is_trigger_word(i - 1)) break;
      --i;
    }
    if (i < end) return Arg{-1, i, end};
    return {};
  }

  static bool is_time_word(std::string_view w) {
    static const std::unordered_set<std::string_view> k = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
        "yesterday", "tonight", "morning", "evening", "night", "week", "month", "year",
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december"};
    return k.count(w) > 0;
  }

  bool is_trigger_word(uint32_t i) const {
    auto m = coder.lexicon.match(doc, f, i, i + 1);
    return !m.empty();
  }

  // The nearest actor mention right of token `from` (inclusive) in the clause, within `window`.
  Arg right_arg(uint32_t from, uint32_t send, uint32_t window, bool stop_at_comma,
                bool allow_np = true) const {
    uint32_t stop = std::min(send, from + window);
    for (uint32_t i = from; i < stop; ++i) {
      if (boundary(i, send) || (stop_at_comma && f[i] == ",")) break;
      if (f[i] == "by" && i + 1 < send) {  // agent phrase, not an object
        while (i + 1 < stop && (actor_at[i + 1] >= 0 || !function_words().count(f[i + 1]))) ++i;
        continue;
      }
      if (actor_at[i] >= 0 && !locative(actor_at[i], i > 3 ? i - 3 : 0)) return Arg{actor_at[i], 0, 0};
    }
    if (!allow_np) return {};
    uint32_t i = from;
    while (i < send && (f[i] == "the" || f[i] == "a" || f[i] == "an" || f[i] == "on" ||
                        f[i] == "against" || f[i] == "at" || f[i] == "with")) ++i;
    uint32_t b = i;
    while (i < send && i - b < 4 && !is_punct_word(f[i]) && !function_words().count(f[i]) &&
           !boundary(i, send))
      ++i;
    if (i > b) return Arg{-1, b, i};
    return {};
  }

  // "by X" after a trigger: the agent.
  Arg by_agent(uint32_t from, uint32_t send, uint32_t window) const {
    uint32_t stop = std::min(send, from + window);
    for (uint32_t i = from; i < stop; ++i) {
      if (boundary(i, send) || f[i] == ",") break;
      if (f[i] == "by") {
        for (uint32_t j = i + 1; j < std::min(send, i + 5); ++j)
          if (actor_at[j] >= 0) return Arg{actor_at[j], 0, 0};
        return {};
      }
    }
    return {};
  }

  // An actor introduced by one of `preps` after a noun trigger ("strikes on X", "the killing of X").
  Arg prep_object(uint32_t from, uint32_t send, std::initializer_list<std::string_view> preps,
                  uint32_t window = 8) const {
    uint32_t stop = std::min(send, from + window);
    for (uint32_t i = from; i < stop; ++i) {
      if (boundary(i, send) || f[i] == ",") break;
      bool is_prep = std::find(preps.begin(), preps.end(), f[i]) != preps.end();
      if (!is_prep) continue;
      for (uint32_t j = i + 1; j < std::min(send, i + 6); ++j) {
        if (f[j] == "," || boundary(j, send)) break;
        if (actor_at[j] >= 0) {
          if (locative(actor_at[j], i + 1)) break;
          return Arg{actor_at[j], 0, 0};
        }
      }
      // An uncoded noun phrase object ("on the al-Taji base", "on two of its bases").
      uint32_t b = i + 1;
      uint32_t skipped = 0;
      while (b < send && skipped < 4 &&
             (function_words().count(f[b]) || parse_count(doc, b, b + 1, nullptr))) ++b, ++skipped;
      uint32_t e = b;
      while (e < send && e - b < 4 && !is_punct_word(f[e]) && !function_words().count(f[e])) ++e;
      if (e > b) return Arg{-1, b, e};
      return {};
    }
    return {};
  }

  // The source of a noun trigger from inside its noun phrase: a premodifying actor ("US
  // airstrikes", "Washington's state assassination") or a possessive pronoun resolved to the
  // nearest actor before it ("their fight").
  Arg premodifier(uint32_t begin, uint32_t sbegin) const {
    uint32_t i = begin;
    int modifiers = 0;
    for (int steps = 0; steps < 4 && i > sbegin; ++steps) {
      --i;
      if (actor_at[i] >= 0) {
        if (locative(actor_at[i], sbegin)) break;
        return Arg{actor_at[i], 0, 0};
      }
      const std::string& w = f[i];
      if (w == "its" || w == "their" || w == "his" || w == "her" || w == "our") {
        // A possessive pronoun: the nearest coded actor before it in the sentence.
        for (uint32_t k = i; k > sbegin;) {
          --k;
          if (actor_at[k] >= 0 && !locative(actor_at[k], sbegin)) return Arg{actor_at[k], 0, 0};
        }
        return {};
      }
      if (w == "'s" || w == "'") continue;
      if (is_punct_word(w) || function_words().count(w) || w.ends_with("ing")) break;
      // At most two adjectives between the actor and the noun ("state", "retaliatory").
      if (++modifiers > 2) break;
    }
    return {};
  }

  // A light verb right before a noun trigger ("launched an attack", "staged a protest").
  std::optional<uint32_t> light_verb_before(uint32_t begin, uint32_t sbegin, uint32_t send) const {
    uint32_t i = begin;
    for (int steps = 0; steps < 4 && i > sbegin; ++steps) {
      --i;
      if (coder.is_cue(f, i, send, CueKind::kLightVerb)) return i;
      if (f[i] == "," || boundary(i, send) || actor_at[i] >= 0) break;
    }
    return std::nullopt;
  }

  bool passive(const TriggerMatch& m, uint32_t sbegin) const {
    const std::string& v = f[m.head];
    if (v.ends_with("ing") || !(v.ends_with("ed") || v.ends_with("en") || coder.past_forms.count(v)))
      return false;
    uint32_t i = m.begin;
    for (int steps = 0; steps < 3 && i > sbegin; ++steps) {
      --i;
      if (be_forms().count(f[i])) return true;
      if (!(f[i].ends_with("ly") || f[i].ends_with("est") || f[i] == "not" || f[i] == "n't" ||
            f[i] == "reportedly" || f[i] == "also" || f[i] == "most" || f[i] == "badly"))
        return false;
    }
    return false;
  }

  // Coreference of an uncoded noun phrase ("the occupying forces") to the latest earlier actor
  // mention with the same head word ("US forces"), or of a pronoun to the latest coded actor.
  // A role-only mention ("forces" coded MIL, no country) resolves the same way.
  Arg resolve(const Arg& a, uint32_t before_token) const {
    if (!a.found()) return a;
    uint32_t head_token;
    uint32_t mention_begin;
    if (a.actor >= 0) {
      const ActorMention& m = doc.actors[static_cast<size_t>(a.actor)];
      if (!m.country.empty() || m.code.starts_with("IGO") || m.code.starts_with("IMG")) return a;
      head_token = m.end - 1;
      mention_begin = m.begin;
    } else {
      head_token = a.end - 1;
      mention_begin = a.begin;
    }
    const std::string& head = f[head_token];
    // Mentions starting at or after this one end after it: when the mentions are in order, start
    // below them instead of stepping over every later mention of a long document.
    auto candidates_end = doc.actors.end();
    if (actors_in_order)
      candidates_end = std::partition_point(
          doc.actors.begin(), doc.actors.end(),
          [&](const ActorMention& m) { return m.begin < mention_begin; });
    for (int k = static_cast<int>(candidates_end - doc.actors.begin()) - 1; k >= 0; --k) {
      const ActorMention& m = doc.actors[static_cast<size_t>(k)];
      if (m.end > mention_begin || m.end == 0) continue;
      if (m.country.empty()) {
        // Too far back, and so is every mention before it when they are in order.
        if (actors_in_order && m.end <= before_token && before_token - m.end > 150) break;
        continue;
      }
      if (before_token - m.end > 150) break;
      if (f[m.end - 1] == head) {
        Arg r = a;
        r.antecedent = k;
        return r;
      }
    }
    return a;
  }
};

}  // namespace

void EventCoder::Impl::code(Document& doc) const {
  doc.events.clear();
  if (doc.tokens.empty() || doc.sentences.empty()) return;
  Work w(*this, doc);
  const auto& f = w.f;

  // Attribution of quotations spanning sentences: the speaker named after the closing quote (or
  // before the opening one) is the attribution of every sentence inside the quote.
  std::vector<std::optional<TextSpan>> quote_attr(doc.sentences.size());
  auto speaker_near = [&](uint32_t from, uint32_t to) -> std::optional<std::pair<uint32_t, uint32_t>> {
    // Tokens [from, to): a speech verb and its speaker: "X said" (an actor or a short phrase
    // before the verb) or, after a comma or quote, "said X".
    for (uint32_t i = from; i < to; ++i) {
      if (!is_cue(f, i, to, CueKind::kSpeech)) continue;
      uint32_t v = i;  // skip "has", "had", "also" between the speaker and the verb
      while (v > from && (f[v - 1] == "has" || f[v - 1] == "have" || f[v - 1] == "had" ||
                          f[v - 1] == "also" || f[v - 1] == "later" || f[v - 1] == "reportedly"))
        --v;
      if (v > from && w.actor_at[v - 1] >= 0) {
        const ActorMention& a = doc.actors[static_cast<size_t>(w.actor_at[v - 1])];
        return std::make_pair(std::max(a.begin, from), a.end);
      }
      uint32_t b = i;
      while (b > from && !is_punct_word(f[b - 1]) && i - b < 7) --b;
      bool clause_start = b == from || is_punct_word(f[b - 1]);
      if (b < i && clause_start && !is_cue(f, b, to, CueKind::kBoundary)) return std::make_pair(b, i);
      if (i == from || is_punct_word(f[i - 1])) {
        uint32_t e = i + 1;
        while (e < to && !is_punct_word(f[e]) && e - i <= 8) ++e;
        if (e > i + 1) return std::make_pair(i + 1, e);
      }
    }
    return std::nullopt;
  };
  auto span_of = [&](uint32_t b, uint32_t e) {
    TextSpan s;
    s.start = doc.tokens[b].start;
    s.end = doc.tokens[e - 1].end;
    s.text = std::string(doc.span_text(b, e));
    return s;
  };
  {
    // Sentence index where the open quote began; kNone when no quote is open.
    constexpr uint32_t kNone = UINT32_MAX;
    uint32_t open_sentence = kNone;
    for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
      const Sentence& sent = doc.sentences[s];
      for (uint32_t i = sent.begin; i < sent.end; ++i) {
        std::string_view raw = doc.token_text(i);
        bool opening = raw == "\xE2\x80\x9C" || (raw == "\"" && open_sentence == kNone);
        bool closing = raw == "\xE2\x80\x9D" || (raw == "\"" && open_sentence != kNone && !opening);
        if (opening && open_sentence == kNone) {
          open_sentence = s;
        } else if (closing && open_sentence != kNone) {
          auto sp = speaker_near(i + 1, sent.end);
          if (!sp && open_sentence == s) {
            // "X said: “...”" with the speaker before the quote.
            uint32_t qb = i;
            while (qb > sent.begin && doc.token_text(qb) != "\xE2\x80\x9C" && doc.token_text(qb) != "\"") --qb;
            sp = speaker_near(sent.begin, qb);
          }
          if (sp)
            for (uint32_t k = open_sentence; k <= s; ++k) quote_attr[k] = span_of(sp->first, sp->second);
          open_sentence = kNone;
        }
      }
    }
  }

  bool last_violent = false;
  size_t last_violent_index = 0;
  uint32_t last_violent_sentence = 0;

  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& sent = doc.sentences[si];
    const uint32_t sb = sent.begin, se = sent.end;
    std::vector<TriggerMatch> matches = lexicon.match(doc, f, sb, se);

    // Casualty counts in this sentence.
    std::optional<int> fatal_count, injury_count;
    auto take_max = [](std::optional<int>& slot, int v) { slot = slot ? std::max(*slot, v) : v; };
    for (uint32_t i = sb; i < se; ++i) {
      bool fatal = is_cue(f, i, se, CueKind::kFatal), injury = is_cue(f, i, se, CueKind::kInjury),
           casualty = is_cue(f, i, se, CueKind::kCasualty);
      if (!fatal && !injury && !casualty) continue;
      // "no fatalities", "neither fatalities nor injuries", "no injuries or fatalities".
      bool zero = false;
      for (uint32_t k = i, steps = 0; k > sb && steps < 4; ++steps) {
        --k;
        if (f[k] == "no" || f[k] == "neither" || f[k] == "nor" || f[k] == "without") {
          zero = true;
          break;
        }
        if (!(f[k] == "or" || f[k] == "and" || is_cue(f, k, se, CueKind::kFatal) ||
              is_cue(f, k, se, CueKind::kInjury) || is_cue(f, k, se, CueKind::kCasualty) ||
              f[k] == "reported" || f[k] == "serious"))
          break;
      }
      std::optional<int> n;
      if (zero) {
        n = 0;
      } else {
        // After the cue ("killed two Americans and one British service member").
        bool passive_cue = i > sb && be_forms().count(f[i - 1]);
        // "On 5 May 2020, more than twenty people were killed": a year is no coordinated count.
        auto year_like = [&](uint32_t k) {
          const std::string& t = f[k];
          return t.size() == 4 && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                 t >= "1900" && t <= "2100";
        };
        auto count_after = [&]() -> std::optional<int> {
          uint32_t j = i + 1;
          while (j < se && (f[j] == "at" || f[j] == "least" || f[j] == "more" || f[j] == "than" ||
                            f[j] == "about" || f[j] == "around" || f[j] == "some" || f[j] == "nearly" ||
                            f[j] == "over" || f[j] == "up" || f[j] == "approximately" || f[j] == "an" ||
                            f[j] == "estimated"))
            ++j;
          uint32_t used = 0;
          auto v = parse_count(doc, j, se, &used);
          if (!v) {
            if (j < se && (f[j] == "a" || f[j] == "an") && j + 1 < se && !is_punct_word(f[j + 1])) v = 1, used = 1;
            else return std::nullopt;
          }
          int total = *v;
          j += used;
          // Coordinated counts: "two Americans and one British service member".
          while (true) {
            uint32_t k = j, skipped = 0;
            while (k < se && skipped < 4 && f[k] != "and" && f[k] != "," && !is_punct_word(f[k])) ++k, ++skipped;
            if (k + 1 >= se || (f[k] != "and" && f[k] != ",")) break;
            uint32_t u = 0;
            if (year_like(k + 1)) break;
            auto more = parse_count(doc, k + 1, se, &u);
            if (!more) break;
            total += *more;
            j = k + 1 + u;
          }
          return total;
        };
        auto count_before = [&]() -> std::optional<int> {
          for (uint32_t k = i, steps = 0; k > sb && steps < 6; ++steps) {
            --k;
            if (f[k] == "," || w.boundary(k, se)) break;
            uint32_t u = 0;
            if (auto v = parse_count(doc, k, se, &u); v && k + u <= i) {
              int total = *v;
              // "Two Somali citizens and four Kenyan citizens died".
              uint32_t q = k;
              while (q > sb + 1) {
                uint32_t a = q - 1;
                if (f[a] != "and" && f[a] != ",") {
                  bool found = false;
                  for (uint32_t back = 1; back <= 3 && q >= back + 1; ++back) {
                    uint32_t c = q - back;
                    if (f[c] == "and" || f[c] == ",") {
                      a = c;
                      found = true;
                      break;
                    }
                  }
                  if (!found) break;
                }
                bool added = false;
                for (uint32_t back = 1; back <= 4 && a >= sb + back; ++back) {
                  uint32_t u2 = 0;
                  if (year_like(a - back)) break;
                  if (auto v2 = parse_count(doc, a - back, se, &u2); v2 && a - back + u2 <= a) {
                    total += *v2;
                    q = a - back;
                    added = true;
                    break;
                  }
                }
                if (!added) break;
              }
              return total;
            }
            if (f[k] == "a" || f[k] == "an") return passive_cue ? std::optional<int>(1) : std::nullopt;
          }
          return std::nullopt;
        };
        if (!passive_cue) n = count_after();
        if (!n) n = count_before();
      }
      if (!n) continue;
      if (fatal || casualty) take_max(fatal_count, *n);
      if (injury || (casualty && *n == 0)) take_max(injury_count, *n);
    }

    // Obligation demands: "X said/reiterated that Y must defend Z" -> X demands of Y.
    std::vector<Draft> drafts;
    for (uint32_t i = sb; i < se; ++i) {
      if (!is_cue(f, i, se, CueKind::kObligation)) continue;
      Arg obliged = w.left_arg(i, sb, se, false);
      if (obliged.actor < 0) continue;
      uint32_t ob = doc.actors[static_cast<size_t>(obliged.actor)].begin;
      // The speaker: an actor left of a speech verb before the obliged actor.
      Arg speaker;
      for (uint32_t k = ob; k > sb;) {
        --k;
        if (is_cue(f, k, se, CueKind::kSpeech)) {
          speaker = w.left_arg(k, sb, se, true);
          if (!speaker.found()) speaker = w.right_arg(k + 1, se, 5, true, false);
          break;
        }
      }
      if (!speaker.found()) continue;
      Draft d;
      d.m.begin = i;
      d.m.end = i + cue_at(f, i, se, CueKind::kObligation);
      d.m.head = i;
      d.cameo = "100";
      // A complement the lexicon knows refines the demand ("must defend" -> demand protection).
      auto comp = lexicon.match(doc, f, d.m.end, std::min(se, d.m.end + 2));
      if (!comp.empty()) {
        const std::string& c = comp.front().entry->cameo;
        if (c.starts_with("074") || c.starts_with("1034")) d.cameo = "1034";
        else if (root_is(c, {"08", "16"})) d.cameo = "1056";
        else if (c.starts_with("0841")) d.cameo = "1053";
        else if (root_is(c, {"03", "04"})) d.cameo = "106";
        d.m.end = comp.front().end;
        // The complement is absorbed: drop it from the ordinary matches.
        matches.erase(std::remove_if(matches.begin(), matches.end(),
                                     [&](const TriggerMatch& x) { return x.begin == comp.front().begin; }),
                      matches.end());
      }
      d.source = speaker;
      d.target = obliged;
      d.modality = Modality::kDemanded;
      drafts.push_back(d);
    }

    if (matches.empty() && drafts.empty()) {
      // Counts in a sentence without a trigger belong to the latest violent event nearby.
      if (last_violent && si - last_violent_sentence <= 2) {
        Event& e = doc.events[last_violent_index];
        if (fatal_count && !e.fatalities) e.fatalities = fatal_count;
        if (injury_count && !e.injuries) e.injuries = injury_count;
      }
      continue;
    }

    for (const TriggerMatch& m : matches) {
      Draft d;
      d.m = m;
      d.cameo = m.entry->cameo;
      d.plover_mode = m.entry->plover_mode;
      drafts.push_back(d);
    }
    std::sort(drafts.begin(), drafts.end(), [](const Draft& a, const Draft& b) { return a.m.begin < b.m.begin; });

    // Control verbs absorb the event of their complement ("refused to leave", "threatened to
    // attack", "called on X to withdraw", "will not tolerate attacks").
    for (size_t k = 0; k < drafts.size(); ++k) {
      Draft& d = drafts[k];
      if (d.dropped || !d.m.entry || !(d.m.entry->flags & kFlagControl)) continue;
      std::optional<size_t> comp;
      bool saw_to = false;
      for (size_t j = k + 1; j < drafts.size(); ++j) {
        const Draft& c = drafts[j];
        if (c.dropped || !c.m.entry) continue;
        if (c.m.begin > d.m.end + 7) break;
        bool blocked = false;
        for (uint32_t t = d.m.end; t < c.m.begin; ++t) {
          if (f[t] == "to") saw_to = true;
          if (w.boundary(t, se) || f[t] == "," || f[t] == "but") blocked = true;
        }
        if (blocked) break;
        if (c.m.entry->kind == TriggerKind::kVerb && !saw_to && c.m.begin > d.m.end) continue;
        comp = j;
        break;
      }
      for (uint32_t t = d.m.end - 1; t < std::min(se, d.m.end + 2); ++t)
        if (f[t] == "to") saw_to = true;
      if (d.m.entry->flags & kFlagIntends) {
        if (comp) {
          Draft& c = drafts[*comp];
          c.modality = d.m.entry->modality;
          // The control verb's subject is the complement's subject.
          c.source = w.left_arg(d.m.begin, sb, se);
          for (uint32_t t = d.m.end; t < c.m.begin; ++t)
            if (f[t] == "not" || f[t] == "n't" || f[t] == "never") c.negated = true;
        }
        d.dropped = true;
        continue;
      }
      if (!comp) {
        // "declined to state": a refusal or demand with no coded complement is not an event
        // unless it has an object of its own ("rejected the proposal").
        if (saw_to && root_is(d.cameo, {"12"})) d.dropped = true;
        continue;
      }
      Draft& c = drafts[*comp];
      const std::string& cc = c.cameo;
      std::string head = d.cameo.substr(0, 2);
      if (head == "12") {
        if (root_is(cc, {"08", "16"})) d.cameo = "1246";
        else if (root_is(cc, {"04", "03"})) d.cameo = "125";
        else if (root_is(cc, {"07"})) d.cameo = "122";
      } else if (head == "13") {
        if (root_is(cc, {"18", "19", "20"})) d.cameo = "138";
        else if (cc.starts_with("163")) d.cameo = "1312";
        else if (root_is(cc, {"16"})) d.cameo = "136";
        else if (root_is(cc, {"17"})) d.cameo = "137";
      } else if (head == "10") {
        if (cc.starts_with("074")) d.cameo = "1034";
        else if (cc.starts_with("0841")) d.cameo = "1053";
        else if (root_is(cc, {"08", "16"})) d.cameo = "1056";
        else if (root_is(cc, {"04", "03"})) d.cameo = "106";
        else if (root_is(cc, {"07"})) d.cameo = "103";
      }
      // A demand's addressee is named before the complement ("called on X to leave"); a threat's
      // or refusal's target is the complement's.
      Arg between;
      for (uint32_t t = d.m.end; t < c.m.begin; ++t)
        if (w.actor_at[t] >= 0) {
          between = Arg{w.actor_at[t], 0, 0};
          break;
        }
      if (between.found()) d.target = between;
      c.dropped = true;
      // Nouns coordinated with an absorbed noun ("attacks and threats") go with it.
      for (size_t j = *comp + 1; j < drafts.size(); ++j) {
        Draft& n = drafts[j];
        if (!n.m.entry || n.m.begin > c.m.end + 2 || n.m.entry->kind != TriggerKind::kNoun) break;
        bool coordinated = false;
        for (uint32_t t = c.m.end; t < n.m.begin; ++t) coordinated |= f[t] == "and" || f[t] == "or";
        if (coordinated) n.dropped = true;
        else break;
      }
    }

    // Complement-only entries that no control verb claimed are not events.
    for (Draft& d : drafts)
      if (d.m.entry && (d.m.entry->flags & kFlagComplementOnly)) d.dropped = true;

    // Arguments.
    for (Draft& d : drafts) {
      if (d.dropped || !d.m.entry) continue;
      const TriggerMatch& m = d.m;
      bool have_source = d.source.found(), have_target = d.target.found();
      // Dependency roles (UD): nsubj, obl:agent, nmod:poss, obl/nmod "by" -> source; obj,
      // nsubj:pass, obl/nmod "against"/"on"/"at", nmod "of", "with" for fights and talks ->
      // target. A role whose phrase names no coded actor ("restore ties with Gondor" has obj
      // "ties", but "Gondor" below it is found) is kept aside: the word-order rules below may
      // find the actor, and only when they do not does the bare head word stand in.
      Arg bare_source, bare_target;
      if (w.parsed && doc.tokens[m.head].head >= 0) {
        auto case_of = [&](uint32_t dep) {
          for (uint32_t c = sb; c < se; ++c)
            if (doc.tokens[c].head == static_cast<int32_t>(dep) && doc.deprel(c) == "case") return f[c];
          return std::string();
        };
        for (uint32_t t = sb; t < se; ++t) {
          if (doc.tokens[t].head != static_cast<int32_t>(m.head)) continue;
          const std::string_view rel = doc.deprel(t);
          enum { kNone, kSource, kTarget } role = kNone;
          if (rel == "nsubj" || rel == "obl:agent" || rel == "nmod:poss") {
            role = kSource;
          } else if (rel == "obj" || rel == "nsubj:pass") {
            role = kTarget;
          } else if (rel == "obl" || rel == "nmod") {
            const std::string c = case_of(t);
            if (c == "against" || c == "on" || c == "at" || (rel == "nmod" && c == "of")) role = kTarget;
            else if (c == "by") role = kSource;
            else if (c == "with" && root_is(d.cameo, {"19", "04"})) role = kTarget;
            else if (c == "to" && root_is(d.cameo, {"07"})) role = kTarget;  // "aid to X"
          }
          if (role == kNone || (role == kSource ? have_source : have_target)) continue;
          if (const int actor = w.actor_in_phrase(t, sb, se); actor >= 0) {
            (role == kSource ? d.source : d.target) = Arg{actor, 0, 0};
            (role == kSource ? have_source : have_target) = true;
            d.parse_based = true;
          } else if (!is_punct_word(f[t]) && !pronouns().count(f[t]) && !Work::is_time_word(f[t])) {
            // "On Thursday, the US responded": a date is no participant.
            Arg& keep = role == kSource ? bare_source : bare_target;
            if (!keep.found()) keep = Arg{-1, t, t + 1};
          }
        }
        // A noun trigger that is the object of a verb takes that verb's subject as its source
        // ("the Army launched an offensive", "Congress would prohibit all aid").
        const Token& trigger = doc.tokens[m.head];
        if (!have_source && m.entry->kind == TriggerKind::kNoun && doc.deprel(m.head) == "obj" &&
            trigger.head >= 0) {
          for (uint32_t t = sb; t < se && !have_source; ++t) {
            if (doc.tokens[t].head != trigger.head || doc.deprel(t) != "nsubj") continue;
            if (const int actor = w.actor_in_phrase(t, sb, se); actor >= 0) {
              d.source = Arg{actor, 0, 0};
              have_source = d.parse_based = true;
            }
          }
        }
      }
      if (m.entry->kind == TriggerKind::kVerb) {
        if (w.passive(m, sb)) {
          if (!have_target) d.target = w.left_arg(m.begin, sb, se);
          if (!have_source) d.source = w.by_agent(m.end, se, 8);
        } else {
          if (!have_source) d.source = w.left_arg(m.begin, sb, se);
          if (!have_target) {
            // Objects of gapped phrases sit inside the match ("voted for US forces to leave").
            for (uint32_t t = m.begin + 1; t < m.end && !d.target.found(); ++t)
              if (w.actor_at[t] >= 0) d.target = Arg{w.actor_at[t], 0, 0};
            if (!d.target.found()) d.target = w.right_arg(m.end, se, 10, true);
          }
        }
      } else {
        // "clashes between X and Y": X and Y are the two sides.
        if (!have_source && !have_target) {
          for (uint32_t t = m.end; t < std::min(se, m.end + 4); ++t) {
            if (f[t] == "," || w.boundary(t, se)) break;
            if (f[t] != "between") continue;
            Arg first, second;
            for (uint32_t k = t + 1; k < std::min(se, t + 12); ++k) {
              int a = w.actor_at[k];
              if (a < 0 || (first.actor == a)) continue;
              if (first.actor < 0) first = Arg{a, 0, 0};
              else if (f[k - 1] == "and" || f[k - 1] == "the" || doc.actors[static_cast<size_t>(a)].begin == k) {
                second = Arg{a, 0, 0};
                break;
              }
            }
            if (first.found()) d.source = first, have_source = true;
            if (second.found()) d.target = second, have_target = true;
            break;
          }
        }
        if (!have_source) {
          d.source = w.by_agent(m.end, se, 6);
          if (!d.source.found()) d.source = w.premodifier(m.begin, sb);
          if (!d.source.found()) {
            if (auto lv = w.light_verb_before(m.begin, sb, se)) d.source = w.left_arg(*lv, sb, se);
          }
          if (!d.source.found() && root_is(d.cameo, {"14"})) d.source = w.prep_object(m.end, se, {"of", "by"});
        }
        if (!have_target && !root_is(d.cameo, {"14"}))
          d.target = w.prep_object(m.end, se, {"on", "against", "at", "targeting", "of", "with"});
        if (!d.target.found() && root_is(d.cameo, {"07"})) d.target = w.prep_object(m.end, se, {"to"});
      }
      if (!d.source.found() && bare_source.found()) d.source = bare_source, d.parse_based = true;
      if (!d.target.found() && bare_target.found()) d.target = bare_target, d.parse_based = true;
      d.source = w.resolve(d.source, m.begin);
      d.target = w.resolve(d.target, m.begin);
      uint32_t p = m.begin;
      while (p > sb && (be_forms().count(f[p - 1]) || f[p - 1] == "would" || f[p - 1] == "will" ||
                        f[p - 1] == "had" || f[p - 1] == "have" || f[p - 1] == "has" ||
                        f[p - 1] == "also" || f[p - 1] == "then" || f[p - 1] == "not"))
        --p;
      // Coordinated verb phrases share their subject ("X will not tolerate ... and will take").
      if (m.entry->kind == TriggerKind::kVerb && p > sb && (f[p - 1] == "and" || f[p - 1] == "or") &&
          !have_source) {
        for (size_t j = 0; j < drafts.size(); ++j) {
          const Draft& prev = drafts[j];
          if (&prev == &d || prev.dropped || prev.m.begin >= m.begin) continue;
          if (prev.m.entry && prev.m.entry->kind == TriggerKind::kVerb && prev.source.found())
            d.source = prev.source;
        }
      }
      // A pronoun subject: the nearest coded actor before it in the sentence, else the latest
      // coded source of an earlier event.
      if (d.source.actor < 0 && d.source.end == 0 && m.entry->kind == TriggerKind::kVerb &&
          p > sb && pronouns().count(f[p - 1])) {
        for (uint32_t k = p - 1; k > sb && !d.source.found();) {
          --k;
          int a = w.actor_at[k];
          if (a >= 0 && !doc.actors[static_cast<size_t>(a)].country.empty() && !w.locative(a, sb))
            d.source = Arg{a, 0, 0};
        }
      }
      if (d.source.actor < 0 && d.source.end == 0 && m.entry->kind == TriggerKind::kVerb) {
        if (p > sb && pronouns().count(f[p - 1]) && !doc.events.empty()) {
          const Event& prev = doc.events.back();
          if (prev.source && !prev.source->code.empty() && si - prev.sentence_index <= 2) {
            for (size_t a = 0; a < doc.actors.size(); ++a)
              if (doc.tokens[doc.actors[a].begin].start == prev.source->span.start) d.source = Arg{static_cast<int>(a), 0, 0};
          }
        }
      }
    }

    // Consequence verbs ("killed", "targeted") fold into a violent event in the same sentence.
    for (size_t k = 0; k < drafts.size(); ++k) {
      Draft& c = drafts[k];
      if (c.dropped || !c.m.entry || !(c.m.entry->flags & kFlagConsequence)) continue;
      Draft* host = nullptr;
      uint32_t best = UINT32_MAX;
      for (size_t j = 0; j < drafts.size(); ++j) {
        Draft& h = drafts[j];
        if (j == k || h.dropped || !h.m.entry || (h.m.entry->flags & kFlagConsequence) || !is_violent(h.cameo))
          continue;
        uint32_t dist = h.m.begin < c.m.begin ? c.m.begin - h.m.end : h.m.begin - c.m.end;
        if (dist < best) best = dist, host = &h;
      }
      if (!host) {
        // Alone, a non-casualty consequence ("hit", "targeted", "damaged") needs a coded agent:
        // "Japan was hardest hit by currency appreciation" is no attack.
        bool casualty = c.m.entry->flags & (kFlagFatal | kFlagInjury);
        if (!casualty && c.source.actor < 0) c.dropped = true;
        continue;
      }
      if (!host->target.found() || (host->target.actor < 0 && c.target.actor >= 0)) host->target = c.target;
      // The consequence's subject is the host's agent only when the host follows it ("militants
      // killed 3 people in an attack"); "an attack killed 3" has the host as its subject.
      // The subject must sit right before the verb, not be a patient further left ("... as well
      // as a dozen others injured").
      if (!host->source.found() && c.source.actor >= 0 && host->m.begin > c.m.begin &&
          doc.actors[static_cast<size_t>(c.source.actor)].end + 2 >= c.m.begin)
        host->source = c.source;
      c.dropped = true;
    }

    // Bare weapon nouns ("missiles") are events only when something fires them or they hit
    // someone: arms-control news talks about missiles without any attack.
    for (Draft& d : drafts) {
      if (d.dropped || !d.m.entry || !(d.m.entry->flags & kFlagNeedsArgument)) continue;
      bool light = w.light_verb_before(d.m.begin, sb, se).has_value();
      bool host = false;
      for (const Draft& c : drafts)
        host = host || (c.dropped && c.m.entry && (c.m.entry->flags & kFlagConsequence) && c.m.begin > d.m.begin);
      if (!light && !host && d.source.actor < 0 && d.target.actor < 0) d.dropped = true;
    }

    // Violence by an unorganised crowd ("a mob attacked", "protesters clashed with police") is a
    // violent protest (145), unless it used military weapons.
    for (Draft& d : drafts) {
      if (d.dropped || !d.source.found()) continue;
      if (!root_is(d.cameo, {"18", "19"}) && !d.cameo.starts_with("171")) continue;
      if (root_is(d.cameo, {"194", "195", "183", "186", "185", "181"})) continue;
      uint32_t b = d.source.actor >= 0 ? doc.actors[static_cast<size_t>(d.source.actor)].begin : d.source.begin;
      uint32_t e = d.source.actor >= 0 ? doc.actors[static_cast<size_t>(d.source.actor)].end : d.source.end;
      bool crowd = false;
      for (uint32_t t = b > sb + 3 ? b - 3 : sb; t < e && !crowd; ++t) crowd = is_cue(f, t, e, CueKind::kCrowd);
      if (crowd) {
        d.cameo = "145";
        d.plover_mode = "riot";
      }
    }

    // Modality and negation from cues before the trigger in its clause.
    for (Draft& d : drafts) {
      if (d.dropped || !d.m.entry) continue;
      Modality mod = d.modality;
      auto stronger = [](Modality a, Modality b) {
        auto rank = [](Modality m) {
          switch (m) {
            case Modality::kDenied: return 6;
            case Modality::kThreatened: return 5;
            case Modality::kDemanded: return 4;
            case Modality::kIntended: return 3;
            case Modality::kHypothetical: return 2;
            case Modality::kReported: return 1;
            case Modality::kAsserted: return 0;
          }
          return 0;
        };
        return rank(a) > rank(b) ? a : b;
      };
      for (uint32_t i = d.m.begin, steps = 0; i > sb && steps < 8; ++steps) {
        --i;
        if (w.boundary(i, se)) break;
        if (is_cue(f, i, se, CueKind::kNegation) && steps < 4) {
          // "no" negates only nouns ("no attacks"); verbs take not / n't / never / failed to.
          if (f[i] != "no" || d.m.entry->kind == TriggerKind::kNoun) d.negated = true;
        }
        Modality cm;
        if (cue_at(f, i, se, CueKind::kModality, &cm) > 0) mod = stronger(mod, cm);
      }
      // Purpose infinitives ("to defeat ISIS") are intentions.
      if (d.m.entry->kind == TriggerKind::kVerb && d.m.begin > sb && f[d.m.begin - 1] == "to" &&
          mod == Modality::kAsserted)
        mod = Modality::kIntended;
      if (root_is(d.cameo, {"13"})) mod = stronger(mod, Modality::kThreatened);
      if (root_is(d.cameo, {"10"})) mod = stronger(mod, Modality::kDemanded);
      if (mod == Modality::kDenied) d.negated = true;
      d.modality = mod;
    }

    // A refusal with no target answers the latest demand ("voted for US forces to leave ... but
    // the occupying forces refused to leave").
    for (size_t k = 0; k < drafts.size(); ++k) {
      Draft& d = drafts[k];
      if (d.dropped || !root_is(d.cameo, {"12"}) || d.target.actor >= 0) continue;
      for (size_t j = k; j-- > 0;)
        if (!drafts[j].dropped && root_is(drafts[j].cameo, {"10"}) && drafts[j].source.actor >= 0) {
          d.target = drafts[j].source;
          break;
        }
    }

    // Sentence-level facts shared by its events.
    Tense tense = Tense::kPresent;
    for (uint32_t i = sb; i < se; ++i) {
      const std::string& t = f[i];
      if (t == "will" || t == "shall" || t == "'ll" || t == "wo") {
        tense = Tense::kFuture;
        break;
      }
      if (t == "was" || t == "were" || t == "had" || t == "did" || t.ends_with("ed") || past_forms.count(t))
        tense = Tense::kPast;
    }
    std::string_view sentence_text =
        std::string_view(doc.text).substr(sent.start, sent.stop - sent.start);
    auto times = find_temporal_expressions(sentence_text, sent.start, w.anchor, tense);
    double sentence_tone = tone_of(doc, sb, se);

    // Attribution: "according to X", "X said" / "said X" in this sentence, else the quote's.
    std::optional<TextSpan> attribution;
    for (uint32_t i = sb; i < se && !attribution; ++i) {
      if (uint32_t n = cue_at(f, i, se, CueKind::kAccording)) {
        uint32_t b = i + n, e = b;
        if (b < se && w.actor_at[b] >= 0) e = doc.actors[static_cast<size_t>(w.actor_at[b])].end;
        else
          while (e < se && !is_punct_word(f[e]) && e - b < 6) ++e;
        if (e > b) attribution = span_of(b, std::min(e, se));
      }
    }
    if (!attribution) {
      auto sp = speaker_near(sb, se);
      // Only a speech verb outside the events' own words counts ("X said Y attacked Z").
      if (sp) attribution = span_of(sp->first, sp->second);
    }
    if (!attribution) attribution = quote_attr[si];

    bool counts_used = false;
    size_t first_event = doc.events.size();
    for (Draft& d : drafts) {
      if (d.dropped) continue;
      Event e;
      e.sentence_index = si;
      e.trigger = span_of(d.m.begin, d.m.end);
      e.cameo = d.cameo;
      if (const CameoEntry* ce = ontology->cameo(e.cameo)) {
        e.plover_event = ce->plover_event;
        if (!d.plover_mode.empty() && ontology->is_plover_mode(e.plover_event, d.plover_mode))
          e.plover_mode = d.plover_mode;
        else
          e.plover_mode = ce->plover_mode;
        e.plover_context = ce->plover_context;
      }
      auto to_actor = [&](const Arg& a) -> std::optional<EventActor> {
        if (!a.found()) return std::nullopt;
        EventActor ea;
        if (a.actor >= 0) {
          const ActorMention& am = doc.actors[static_cast<size_t>(a.actor)];
          ea.span = span_of(am.begin, am.end);
          ea.code = am.code;
          ea.country = am.country;
          ea.sectors = am.sectors;
        } else {
          ea.span = span_of(a.begin, a.end);
        }
        if (a.antecedent >= 0) {
          const ActorMention& ant = doc.actors[static_cast<size_t>(a.antecedent)];
          ea.code = ant.code;
          ea.country = ant.country;
          ea.sectors = ant.sectors;
        }
        return ea;
      };
      e.source = to_actor(d.source);
      e.target = to_actor(d.target);
      // Date: the temporal expression nearest to the trigger in the sentence.
      const TemporalExpression* best = nullptr;
      int64_t best_dist = INT64_MAX;
      for (const auto& t : times) {
        int64_t dist = t.end <= e.trigger.start ? int64_t{e.trigger.start} - t.end
                                                : int64_t{t.start} - e.trigger.end;
        dist = std::abs(dist);
        if (dist < best_dist) best_dist = dist, best = &t;
      }
      if (best) {
        e.date = best->value;
        e.date_text = best->text;
        e.date_precision = best->precision;
      }
      if (is_violent(e.cameo) && !counts_used) {
        e.fatalities = fatal_count;
        e.injuries = injury_count;
        counts_used = fatal_count || injury_count;
      }
      e.negated = d.negated;
      e.modality = d.modality;
      e.attribution = attribution;
      if (d.modality == Modality::kAsserted && attribution && e.trigger.start >= attribution->start &&
          e.trigger.end <= attribution->end)
        e.attribution.reset();  // the event is the attribution phrase itself
      e.tone = sentence_tone;
      double conf = 0.4;
      if (e.source && !e.source->code.empty()) conf += 0.2;
      else if (e.source) conf += 0.05;
      if (e.target && !e.target->code.empty()) conf += 0.2;
      else if (e.target) conf += 0.05;
      if (d.parse_based) conf += 0.1;
      if (d.modality != Modality::kAsserted) conf -= 0.1;
      if (d.negated) conf -= 0.1;
      if (d.m.entry && d.m.entry->origin.starts_with("petrarch")) conf -= 0.05;
      e.confidence = std::clamp(std::round(conf * 100) / 100, 0.05, 0.99);
      Status st = ontology->fill_codes(e);
      if (!st.ok()) continue;  // lexicon codes are checked at load; a PETRARCH code may be unknown
      doc.events.push_back(std::move(e));
    }
    if (!counts_used && (fatal_count || injury_count) && last_violent && si - last_violent_sentence <= 2) {
      Event& e = doc.events[last_violent_index];
      if (fatal_count && !e.fatalities) e.fatalities = fatal_count;
      if (injury_count && !e.injuries) e.injuries = injury_count;
    }
    for (size_t k = first_event; k < doc.events.size(); ++k)
      if (is_violent(doc.events[k].cameo)) {
        last_violent = true;
        last_violent_index = k;
        last_violent_sentence = si;
        break;
      }
  }
}

EventCoder::EventCoder() : impl_(std::make_unique<Impl>()) {}
EventCoder::~EventCoder() = default;

Result<std::shared_ptr<const EventCoder>> EventCoder::create(const EventCoderOptions& options) {
  auto coder = std::make_shared<EventCoder>();
  Status st = coder->impl_->load(options);
  if (!st.ok()) return st;
  return std::shared_ptr<const EventCoder>(std::move(coder));
}

Status EventCoder::code(Document& doc) const {
  for (const Sentence& s : doc.sentences)
    if (s.end > doc.tokens.size() || s.begin > s.end)
      return Status::InvalidInput("document " + doc.id + ": sentence outside its tokens");
  for (const ActorMention& a : doc.actors)
    if (a.end > doc.tokens.size() || a.begin >= a.end)
      return Status::InvalidInput("document " + doc.id + ": actor mention outside its tokens");
  impl_->code(doc);
  return Status::Ok();
}

const TriggerLexicon& EventCoder::lexicon() const { return impl_->lexicon; }

double EventCoder::tone(const Document& doc, uint32_t begin, uint32_t end) const {
  return impl_->tone_of(doc, begin, end);
}

namespace {
class EventStage final : public Stage {
 public:
  explicit EventStage(std::shared_ptr<const EventCoder> coder) : coder_(std::move(coder)) {}
  std::string_view name() const override { return "events"; }
  Status run(Document& doc) const override { return coder_->code(doc); }

 private:
  std::shared_ptr<const EventCoder> coder_;
};
}  // namespace

Result<std::shared_ptr<const Stage>> make_event_stage(const EventCoderOptions& options) {
  auto coder = EventCoder::create(options);
  if (!coder.ok()) return coder.status();
  return std::shared_ptr<const Stage>(std::make_shared<EventStage>(std::move(coder.value())));
}

}  // namespace tacitus
