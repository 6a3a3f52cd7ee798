// `tacitus eval <set>`: score the coder against a gold development set and print the figures.
#include <iostream>
#include <set>
#include <string>

#include "cli/args.h"
#include "cli/commands.h"
#include "tacitus/csv.h"
#include "tacitus/eval.h"

namespace tacitus::cli {

namespace {

constexpr const char* kEvalHelp =
    "usage: tacitus eval <set> [options]\n"
    "\n"
    "Scores Tacitus against a gold data set and prints a table of figures.\n"
    "\n"
    "sets:\n"
    "  acled      ACLED export rows (../shared/data/acled-2020-05): each `notes` text is coded\n"
    "             without its date; event/sub-event type, actor1 country and class, location\n"
    "             (25 km, admin1), fatalities and date of the best event are compared\n"
    "  case2021   CASE 2021 task 2 snippets (../shared/data/case2021-task2): accuracy, macro-F1\n"
    "  plover     PLOVER gold-standard records (../shared/data/plover-gsr): event, mode, actors\n"
    "  petrarch   PETRARCH-2 unit tests (../shared/reference/petrarch2-tests), coded with their\n"
    "             own test dictionaries\n"
    "  syntax     tagger, lemmatiser and parser on a CoNLL-U treebank with gold tokens\n"
    "             (default ../shared/data/ud-english-ewt/en_ewt-ud-test.conllu; --gold F)\n"
    "  tokenizer  tokens and sentences of the treebank's raw text (--gold F)\n"
    "\n"
    "options:\n"
    "  --data PATH      the gold file or folder (default: the set's place under ../shared)\n"
    "  --gold F.conllu  the same as --data, for syntax and tokenizer\n"
    "  --limit N        score only the first N items\n"
    "  --verbose        print items scored wrong on stderr (plover: every record, with codes)\n"
    "  --json           print the figures as one JSON object instead of a table\n"
    "  --threads N      coding threads (default 0 = all cores)\n"
    "  --tables DIR     the project's data tables (default: the project's data/)\n"
    "  --models DIR     trained models (default: the project's models/)\n"
    "  --gazetteer FILE compiled gazetteer\n"
    "  --stages LIST    code with only these stages (comma-separated; default all), e.g. without\n"
    "                   syntax to measure what the parse adds\n"
    "\n"
    "Exit status 2 when the data set is absent.\n";

}  // namespace

int eval_main(int argc, char** argv) {
  auto parsed = Args::parse(argc, argv, 2, {"help", "verbose", "json"});
  if (!parsed.ok()) {
    std::cerr << "tacitus eval: " << parsed.status().message() << "\n";
    return kExitUsage;
  }
  const Args& args = *parsed;
  if (args.has("help")) {
    std::cout << kEvalHelp;
    return kExitOk;
  }
  if (Status s = args.check_known({"help", "verbose", "json", "data", "limit", "threads", "tables",
                                   "models", "gazetteer", "gold", "stages"});
      !s.ok()) {
    std::cerr << "tacitus eval: " << s.message() << "\n";
    return kExitUsage;
  }
  if (args.positionals().size() != 1) {
    std::cerr << "tacitus eval: name one set: acled, case2021, plover, petrarch, syntax or "
                 "tokenizer (see --help)\n";
    return kExitUsage;
  }
  auto limit = args.get_int("limit", 0);
  auto threads = args.get_int("threads", 0);
  if (!limit.ok() || !threads.ok() || *limit < 0 || *threads < 0) {
    std::cerr << "tacitus eval: --limit and --threads take a number >= 0\n";
    return kExitUsage;
  }
  EvalOptions options;
  options.data_path = args.get("data", args.get("gold"));
  options.limit = static_cast<size_t>(*limit);
  options.threads = static_cast<unsigned>(*threads);
  options.verbose = args.has("verbose");
  options.log = &std::cerr;
  options.pipeline.data_dir = args.get("tables");
  options.pipeline.models_dir = args.get("models");
  options.pipeline.gazetteer = args.get("gazetteer");
  options.pipeline.stages = split_list(args.get("stages"), ',');

  const std::string& set = args.positionals()[0];
  Result<EvalReport> (*scorer)(const EvalOptions&) = nullptr;
  if (set == "acled") scorer = evaluate_acled;
  if (set == "case2021") scorer = evaluate_case2021;
  if (set == "plover") scorer = evaluate_plover;
  if (set == "petrarch") scorer = evaluate_petrarch;
  if (set == "syntax") scorer = evaluate_syntax;
  if (set == "tokenizer") scorer = evaluate_tokenizer;
  if (!scorer) {
    std::cerr << "tacitus eval: unknown set '" << set
              << "' (expected acled, case2021, plover, petrarch, syntax or tokenizer)\n";
    return kExitUsage;
  }
  Result<EvalReport> report = scorer(options);
  if (!report.ok()) {
    std::cerr << "tacitus eval " << set << ": " << report.status().message() << "\n";
    return report.status().code() == Status::Code::kNotFound ? kExitUsage : kExitFailure;
  }
  std::cout << (args.has("json") ? report->json() + "\n" : report->table());
  return kExitOk;
}

}  // namespace tacitus::cli
