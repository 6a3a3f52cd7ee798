// The "acled-type" stage: the trained event typer refines the ACLED type the rule coder gave.
#include <algorithm>

#include "tacitus/event_typer.h"

namespace tacitus {

namespace {

constexpr float kReplaceThreshold = 0.9f;  // replace the rule coder's ACLED type
constexpr float kFillThreshold = 0.8f;     // type an event the rule coder left untyped

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
  // Events [begin, end) all belong to `sentence`.
  void refine_sentence(Document& doc, uint32_t sentence, size_t begin, size_t end) const {
    Event* main = nullptr;
    for (size_t k = begin; k < end; ++k) {
      Event& e = doc.events[k];
      if (e.negated || (e.modality != Modality::kAsserted && e.modality != Modality::kReported))
        continue;
      const bool typed = !e.acled_event_type.empty();
      if (!typed && !acled_kind_root(e.cameo_root)) continue;
      if (!main || (typed && main->acled_event_type.empty()) ||
          (typed == !main->acled_event_type.empty() && e.confidence > main->confidence))
        main = &e;
    }
    if (!main) return;
    EventTypePrediction p = typer_->predict(doc, sentence);
    if (p.event_type.empty()) return;
    const float threshold = main->acled_event_type.empty() ? kFillThreshold : kReplaceThreshold;
    if (p.type_probability < threshold) return;
    if (main->acled_event_type != p.event_type || p.probability >= threshold) {
      main->acled_event_type = p.event_type;
      main->acled_sub_event_type = p.sub_event_type;
    }
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
