// `tacitus train event-type`: trains the ACLED event typer on an ACLED export (notes + types),
// prints cross-validated, date-split and (optionally) CASE 2021 accuracies, and writes the model.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "tacitus/event_typer.h"

namespace tacitus::cli {

namespace {
constexpr const char* kUsage =
    "usage: tacitus train event-type --train ACLED.csv --out models/event_type.bin\n"
    "           [--seed N (1)] [--folds N (5)] [--epochs N (12)] [--learner logistic|perceptron]\n"
    "           [--balance X (class weighting exponent, default from EventTyperOptions)]\n"
    "           [--split-date YYYY-MM-DD (2020-05-07)] [--case CASE2021.tsv] [--compare]\n"
    "       --compare also cross-validates the bag-of-words baseline and feature variants.\n";

void print_row(const std::string& name, const EventTyperScores& cv, const EventTyperScores* split,
               const EventTyperScores* ood) {
  std::printf("%-28s CV type %.4f sub %.4f", name.c_str(), cv.type_accuracy(), cv.sub_type_accuracy());
  if (split) std::printf(" | date-split type %.4f sub %.4f", split->type_accuracy(), split->sub_type_accuracy());
  if (ood) std::printf(" | CASE type %.4f sub %.4f", ood->type_accuracy(), ood->sub_type_accuracy());
  std::printf("\n");
}

// Accuracy and coverage of the predictions whose probability is at least each threshold.
void print_thresholds(const char* what, const std::vector<std::pair<float, bool>>& conf) {
  std::printf("%s: threshold  coverage  accuracy\n", what);
  for (float t : {0.0f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 0.95f}) {
    size_t n = 0, ok = 0;
    for (const auto& [p, correct] : conf) {
      if (p < t) continue;
      ++n;
      ok += correct;
    }
    std::printf("  %.2f  %.4f  %.4f\n", t, conf.empty() ? 0.0 : double(n) / conf.size(),
                n ? double(ok) / n : 0.0);
  }
}

struct Run {
  EventTyperScores cv, split, ood;
  bool has_ood = false;
};

Result<Run> evaluate(const std::vector<LabelledNote>& notes, const std::vector<LabelledNote>& train_part,
                     const std::vector<LabelledNote>& test_part, const std::vector<LabelledNote>& ood,
                     EventTyperOptions o, int folds) {
  Run r;
  auto cv = cross_validate_event_typer(notes, o, folds);
  if (!cv.ok()) return cv.status();
  r.cv = std::move(cv).value();
  o.temperature = r.cv.temperature;
  auto model = EventTyper::train(train_part, o);
  if (!model.ok()) return model.status();
  r.split = score_event_typer(**model, test_part);
  if (!ood.empty()) {
    r.ood = score_event_typer(**model, ood);
    r.has_ood = true;
  }
  return r;
}
}  // namespace

int train_event_type_main(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 3, {"compare", "quiet", "help"});
  if (!args.ok()) {
    std::cerr << "tacitus train event-type: " << args.status().message() << "\n" << kUsage;
    return kExitUsage;
  }
  if (args->has("help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (Status st = args->check_known({"train", "out", "seed", "folds", "epochs", "learner", "split-date", "case", "balance",
                                     "compare", "quiet", "help"});
      !st.ok()) {
    std::cerr << "tacitus train event-type: " << st.message() << "\n" << kUsage;
    return kExitUsage;
  }
  if (!args->has("train") || !args->has("out")) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  auto seed = args->get_int("seed", 1);
  auto folds = args->get_int("folds", 5);
  auto epochs = args->get_int("epochs", EventTyperOptions().epochs);
  if (!seed.ok() || !folds.ok() || !epochs.ok() || *folds < 2 || *epochs < 1) {
    std::cerr << "tacitus train event-type: bad --seed, --folds (>= 2) or --epochs (>= 1)\n" << kUsage;
    return kExitUsage;
  }
  EventTyperOptions o;
  o.seed = static_cast<uint32_t>(*seed);
  o.epochs = static_cast<int>(*epochs);
  if (args->has("balance")) {
    const std::string b = args->get("balance");
    char* end = nullptr;
    o.balance = std::strtof(b.c_str(), &end);
    if (b.empty() || *end != '\0' || !(o.balance >= 0 && o.balance <= 2)) {
      std::cerr << "tacitus train event-type: --balance must be a number in [0, 2]\n";
      return kExitUsage;
    }
  }
  std::string learner = args->get("learner", "logistic");
  if (learner == "perceptron") {
    o.learner = EventTyperOptions::Learner::kPerceptron;
  } else if (learner != "logistic") {
    std::cerr << "tacitus train event-type: --learner must be logistic or perceptron\n";
    return kExitUsage;
  }
  auto notes = read_acled_notes(args->get("train"));
  if (!notes.ok()) {
    std::cerr << "tacitus train event-type: " << notes.status().ToString() << "\n";
    return kExitFailure;
  }
  std::vector<LabelledNote> ood;
  if (args->has("case")) {
    auto c = read_case2021_snippets(args->get("case"));
    if (!c.ok()) {
      std::cerr << "tacitus train event-type: " << c.status().ToString() << "\n";
      return kExitFailure;
    }
    ood = std::move(c).value();
  }
  const std::string split_date = args->get("split-date", "2020-05-07");
  std::vector<LabelledNote> before, after;
  for (const LabelledNote& n : *notes) (n.date < split_date ? before : after).push_back(n);
  std::printf("%zu notes; date split at %s: %zu train / %zu test; %zu CASE 2021 snippets\n", notes->size(),
              split_date.c_str(), before.size(), after.size(), ood.size());
  const int k = static_cast<int>(*folds);

  if (args->has("compare")) {
    struct Variant {
      const char* name;
      EventTyperOptions o;
    };
    std::vector<Variant> variants;
    EventTyperOptions bow = o;
    bow.bigrams = bow.stems = bow.shapes = bow.cues = bow.prefixes = false;
    variants.push_back({"bag-of-words (unigrams)", bow});
    EventTyperOptions v = bow;
    v.bigrams = true;
    variants.push_back({"+ bigrams", v});
    v.stems = true;
    variants.push_back({"+ stems", v});
    v.cues = true;
    variants.push_back({"+ cues", v});
    v.prefixes = true;
    variants.push_back({"+ prefixes (= default)", v});
    EventTyperOptions shapes = o;
    shapes.shapes = true;
    variants.push_back({"default + shapes", shapes});
    shapes.keep_names = true;
    variants.push_back({"default + shapes + names", shapes});
    EventTyperOptions per = o;
    per.learner = EventTyperOptions::Learner::kPerceptron;
    variants.push_back({"default, averaged perceptron", per});
    EventTyperOptions unpruned = o;
    unpruned.max_weights = 0;
    variants.push_back({"default, unpruned", unpruned});
    for (const Variant& var : variants) {
      auto r = evaluate(*notes, before, after, ood, var.o, k);
      if (!r.ok()) {
        std::cerr << "tacitus train event-type: " << r.status().ToString() << "\n";
        return kExitFailure;
      }
      print_row(var.name, r->cv, &r->split, r->has_ood ? &r->ood : nullptr);
      std::fflush(stdout);
    }
  }

  auto r = evaluate(*notes, before, after, ood, o, k);
  if (!r.ok()) {
    std::cerr << "tacitus train event-type: " << r.status().ToString() << "\n";
    return kExitFailure;
  }
  std::printf("%d-fold CV (seed %u): event_type %.4f  sub_event_type %.4f  (temperature %.3f)\n", k, o.seed,
              r->cv.type_accuracy(), r->cv.sub_type_accuracy(), r->cv.temperature);
  std::printf("date split (train < %s, test >= it): event_type %.4f  sub_event_type %.4f  (%zu notes)\n",
              split_date.c_str(), r->split.type_accuracy(), r->split.sub_type_accuracy(), r->split.notes);
  if (r->has_ood)
    std::printf("CASE 2021 task 2 (25 ACLED labels): event_type %.4f  sub_event_type %.4f  (%zu snippets)\n",
                r->ood.type_accuracy(), r->ood.sub_type_accuracy(), r->ood.notes);
  if (!args->has("quiet")) {
    print_thresholds("CV sub_event_type", r->cv.confidence);
    print_thresholds("CV event_type (type probability)", r->cv.type_confidence);
    if (r->has_ood) print_thresholds("CASE event_type (type probability)", r->ood.type_confidence);
  }
  o.temperature = r->cv.temperature;
  auto model = EventTyper::train(*notes, o);
  if (!model.ok()) {
    std::cerr << "tacitus train event-type: " << model.status().ToString() << "\n";
    return kExitFailure;
  }
  if (Status st = (*model)->save(args->get("out")); !st.ok()) {
    std::cerr << "tacitus train event-type: " << st.ToString() << "\n";
    return kExitFailure;
  }
  std::printf("wrote %s (%zu weights)\n", args->get("out").c_str(), (*model)->weight_count());
  return kExitOk;
}

}  // namespace tacitus::cli
