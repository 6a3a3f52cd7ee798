// The "acled-type" stage: the trained event typer refines the ACLED type the rule coder gave.
#include <algorithm>
#include <optional>

#include "tacitus/event_typer.h"
#include "tacitus/ontology.h"
#include "tacitus/time.h"

namespace tacitus {

namespace {

// Chosen on held-out days of ACLED notes (typer trained on 27 Apr-6 May, coder scored on 7-9 May)
// and on CASE 2021 news snippets: see models/event_type.md.
constexpr float kReplaceThreshold = 0.7f;  // replace the rule coder's ACLED type
constexpr size_t kBriefSentences = 4;   // up to this many sentences, type the whole report
constexpr float kFillThreshold = 0.6f;     // type an event the rule coder left untyped
constexpr float kCreateThreshold = 0.6f;   // report the typer's event when the rules found none

// CAMEO roots whose events ACLED records when they are violent or contentious: protest (14),
// force posture (15), coerce (17), assault (18), fight (19), mass violence (20).
bool acled_kind_root(const std::string& root) {
  static const char* kRoots[] = {"14", "15", "17", "18", "19", "20"};
  return std::any_of(std::begin(kRoots), std::end(kRoots), [&](const char* r) { return root == r; });
}

TextSpan span_of(const Document& doc, uint32_t begin, uint32_t end) {
  TextSpan s;
  s.start = doc.tokens[begin].start;
  s.end = doc.tokens[end - 1].end;
  s.text = std::string(doc.span_text(begin, end));
  return s;
}

class AcledTypingStage : public Stage {
 public:
  AcledTypingStage(std::shared_ptr<const EventTyper> typer, Ontology ontology, bool reports_are_events)
      : typer_(std::move(typer)), ontology_(std::move(ontology)), reports_are_events_(reports_are_events) {}
  std::string_view name() const override { return "acled-type"; }

  Status run(Document& doc) const override {
    size_t i = 0;
    while (i < doc.events.size()) {
      const uint32_t sentence = doc.events[i].sentence_index;
      size_t end = i;
      while (end < doc.events.size() && doc.events[end].sentence_index == sentence) ++end;
      refine_sentence(doc, sentence, i, end);
      i = end;
    }
    // The rules saw no ACLED kind of event at all (a denied or planned one counts as seen: the
    // typer must not turn "denied shelling" into shelling).
    if (reports_are_events_ && brief(doc) && !doc.sentences.empty() &&
        std::none_of(doc.events.begin(), doc.events.end(), [](const Event& e) {
          return !e.acled_event_type.empty() || acled_kind_root(e.cameo_root);
        })) {
      const EventTypePrediction p = predict(doc, 0);
      if (!p.event_type.empty() && p.type_probability >= kCreateThreshold) add_typer_event(doc, p);
    }
    return Status::Ok();
  }

 private:
  // Events [begin, end) all belong to `sentence`. Every asserted event of an ACLED kind in the
  // sentence takes the typer's type: one sentence reports one happening in ACLED's sense.
  void refine_sentence(Document& doc, uint32_t sentence, size_t begin, size_t end) const {
    std::optional<EventTypePrediction> p;
    for (size_t k = begin; k < end; ++k) {
      Event& e = doc.events[k];
      if (e.negated || (e.modality != Modality::kAsserted && e.modality != Modality::kReported))
        continue;
      const bool typed = !e.acled_event_type.empty();
      if (!typed && !acled_kind_root(e.cameo_root)) continue;
      if (!p) p = predict(doc, sentence);
      if (p->event_type.empty()) return;
      const float threshold = typed ? kReplaceThreshold : kFillThreshold;
      if (p->type_probability < threshold) continue;
      if (e.acled_event_type != p->event_type || p->probability >= threshold) {
        e.acled_event_type = p->event_type;
        e.acled_sub_event_type = p->sub_event_type;
      }
    }
  }

  static bool brief(const Document& doc) { return doc.sentences.size() <= kBriefSentences; }

  // A brief report (an event note, a news snippet) is typed as a whole, as the typer was trained;
  // a longer article sentence by sentence.
  EventTypePrediction predict(const Document& doc, uint32_t sentence) const {
    if (brief(doc)) return typer_->predict_tokens(doc, 0, static_cast<uint32_t>(doc.tokens.size()));
    return typer_->predict(doc, sentence);
  }

  // The event of a brief report that the typer is sure of and the rules missed (a verb the
  // lexicon lacks, an unusual wording), placed in the report's first sentence: its trigger is the
  // sentence's main verb (the parse root, else its first verb), its source the first coded actor
  // before that verb and its target the first after it, its date the sentence's first date. The
  // confidence stays low: nothing but the typer vouches for it.
  void add_typer_event(Document& doc, const EventTypePrediction& p) const {
    const std::string_view cameo = ontology_.cameo_for_acled(p.sub_event_type);
    if (cameo.empty()) return;
    const Sentence& s = doc.sentences[0];
    if (s.begin >= s.end) return;
    uint32_t verb = s.end;
    for (uint32_t t = s.begin; t < s.end && verb == s.end; ++t)
      if (doc.tokens[t].head < 0 && doc.tokens[t].deprel && doc.tokens[t].upos == Upos::VERB) verb = t;
    for (uint32_t t = s.begin; t < s.end && verb == s.end; ++t)
      if (doc.tokens[t].upos == Upos::VERB) verb = t;
    Event e;
    e.sentence_index = 0;
    e.trigger = verb < s.end ? span_of(doc, verb, verb + 1) : span_of(doc, s.begin, s.end);
    e.cameo = std::string(cameo);
    for (const ActorMention& a : doc.actors) {
      if (a.begin < s.begin || a.end > s.end) continue;
      EventActor actor{span_of(doc, a.begin, a.end), a.code, a.country, a.sectors};
      if (verb == s.end || a.end <= verb) {
        if (!e.source) e.source = std::move(actor);
      } else if (!e.target) {
        e.target = std::move(actor);
      }
    }
    std::optional<CivilDate> anchor;
    if (doc.date) anchor = parse_iso_date(*doc.date);
    const auto times = find_temporal_expressions(
        std::string_view(doc.text).substr(s.start, s.stop - s.start), s.start, anchor, Tense::kPast);
    for (const TemporalExpression& t : times) {
      if (!t.value) continue;
      e.date = t.value;
      e.date_text = t.text;
      e.date_precision = t.precision;
      break;
    }
    e.confidence = 0.3;
    if (!ontology_.fill_codes(e).ok()) return;
    e.acled_event_type = p.event_type;
    e.acled_sub_event_type = p.sub_event_type;
    doc.events.insert(doc.events.begin(), std::move(e));
  }

  std::shared_ptr<const EventTyper> typer_;
  Ontology ontology_;
  bool reports_are_events_;
};

}  // namespace

Result<std::shared_ptr<const Stage>> make_acled_typing_stage(const std::string& models_dir,
                                                             const std::string& data_dir,
                                                             bool reports_are_events) {
  auto typer = EventTyper::load(models_dir + "/event_type.bin");
  if (!typer.ok()) return typer.status();
  auto ontology = Ontology::load(data_dir);
  if (!ontology.ok()) return ontology.status();
  return std::shared_ptr<const Stage>(
      std::make_shared<AcledTypingStage>(std::move(typer).value(), std::move(ontology).value(), reports_are_events));
}

}  // namespace tacitus
