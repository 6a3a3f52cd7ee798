// The "acled-type" stage: the trained event typer refines the ACLED type the rule coder gave.
#include <algorithm>
#include <optional>

#include "tacitus/event_typer.h"

namespace tacitus {

namespace {

// Chosen on held-out days of ACLED notes (typer trained on 27 Apr-6 May, coder scored on 7-9 May)
// and on CASE 2021 news snippets: see models/event_type.md.
constexpr float kReplaceThreshold = 0.7f;  // replace the rule coder's ACLED type
constexpr size_t kBriefSentences = 4;   // up to this many sentences, type the whole report
constexpr float kFillThreshold = 0.6f;     // type an event the rule coder left untyped

// CAMEO roots whose events ACLED records when they are violent or contentious: protest (14),
// force posture (15), coerce (17), assault (18), fight (19), mass violence (20).
bool acled_kind_root(const std::string& root) {
  static const char* kRoots[] = {"14", "15", "17", "18", "19", "20"};
  return std::any_of(std::begin(kRoots), std::end(kRoots), [&](const char* r) { return root == r; });
}

class AcledTypingStage : public Stage {
 public:
  explicit AcledTypingStage(std::shared_ptr<const EventTyper> typer) : typer_(std::move(typer)) {}
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

  // A brief report (an event note, a news snippet) is typed as a whole, as the typer was trained;
  // a longer article sentence by sentence.
  EventTypePrediction predict(const Document& doc, uint32_t sentence) const {
    if (doc.sentences.size() <= kBriefSentences)
      return typer_->predict_tokens(doc, 0, static_cast<uint32_t>(doc.tokens.size()));
    return typer_->predict(doc, sentence);
  }

  std::shared_ptr<const EventTyper> typer_;
};

}  // namespace

Result<std::shared_ptr<const Stage>> make_acled_typing_stage(const std::string& models_dir) {
  auto typer = EventTyper::load(models_dir + "/event_type.bin");
  if (!typer.ok()) return typer.status();
  return std::shared_ptr<const Stage>(std::make_shared<AcledTypingStage>(std::move(typer).value()));
}

}  // namespace tacitus
