// `tacitus code` (articles -> event records) and `tacitus annotate` (articles -> every annotation
// layer as JSON): read with the ingest readers, code with the pipeline on all cores, write to
// stdout in input order, report rejected input and a throughput summary on stderr.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/coding_options.h"
#include "cli/commands.h"
#include "tacitus/ingest.h"
#include "tacitus/output.h"
#include "tacitus/pipeline.h"
#include "tacitus/pipeline_builder.h"

namespace tacitus::cli {

namespace {

constexpr const char* kCodeHelp =
    "usage: tacitus code [options] FILE...|-\n"
    "\n"
    "Codes news articles into political event records, written to stdout in input order.\n"
    "A FILE is a .jsonl file (one {\"id\", \"text\"|\"html\", \"date\", ...} per line), a .txt or\n"
    ".html article (its id is the file name), a Reuters-21578 .sgm file, or a directory of those;\n"
    "- reads stdin.\n"
    "\n"
    "options:\n"
    "  --input auto|text|jsonl|html|reuters   input format (default auto: by file extension)\n"
    "  --format jsonl|csv|gdelt|acled         output layout (default jsonl, EVENT_SCHEMA.md)\n"
    "  --no-header                            omit the header row of csv, gdelt and acled\n"
    "  --date YYYY-MM-DD                      publication date of articles that carry none\n"
    "  --threads N                            worker threads (default 0 = all cores)\n"
    "  --data DIR                             data tables (default: the project's data/)\n"
    "  --models DIR                           trained models (default: the project's models/)\n"
    "  --gazetteer FILE                       compiled gazetteer (default: the one setup built)\n"
    "  --petrarch-actors FILE                 PETRARCH actor dictionary (repeatable)\n"
    "  --petrarch-agents FILE                 PETRARCH agent dictionary (repeatable)\n"
    "  --petrarch-verbs FILE                  PETRARCH verb dictionary (repeatable)\n"
    "  --no-own-dictionaries                  code with the PETRARCH dictionaries only\n"
    "  --stages LIST                          run only these stages, comma-separated, of: text\n"
    "                                         syntax ner actors geo events acled-type locate\n"
    "  --reports-are-events                   each input is one event report (an ACLED-style note):\n"
    "                                         the typer adds the event the rules miss in one\n"
    "  --max-bytes N                          reject articles longer than N bytes (default 8 MiB)\n"
    "  --quiet                                no summary line\n"
    "\n"
    "Rejected input is reported on stderr as \"tacitus: FILE:LINE: reason\"; the exit status is\n"
    "then 3. A summary line ends the run.\n";

constexpr const char* kAnnotateHelp =
    "usage: tacitus annotate [options] FILE...|-\n"
    "\n"
    "Writes one JSON object per article with every annotation layer: id, date, text, sentences,\n"
    "tokens (offsets, UPOS, XPOS, lemma, head, relation), entities, actors, places and events.\n"
    "Takes the input options of `tacitus code` (--input, --date, --threads, --data, --models,\n"
    "--gazetteer, --petrarch-*, --no-own-dictionaries, --stages, --reports-are-events, --max-bytes,\n"
    "--quiet).\n";

size_t count_words(const std::string& text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

std::string rate(double count, double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", seconds > 0 ? count / seconds : 0.0);
  return buf;
}

int run(int argc, char** argv, bool annotate) {
  const std::set<std::string> flags = {"help", "no-header", "no-own-dictionaries", "quiet",
                                       "reports-are-events"};
  auto parsed = Args::parse(argc, argv, 2, flags);
  std::string command = std::string("tacitus ") + argv[1];
  if (!parsed.ok()) {
    std::cerr << command << ": " << parsed.status().message() << "\n";
    return kExitUsage;
  }
  const Args& args = *parsed;
  if (args.has("help")) {
    std::cout << (annotate ? kAnnotateHelp : kCodeHelp);
    return kExitOk;
  }
  std::set<std::string> known = {"help",   "input",   "date",      "threads",
                                 "data",   "models",  "gazetteer", "petrarch-actors",
                                 "quiet",  "petrarch-agents", "petrarch-verbs",
                                 "no-own-dictionaries", "max-bytes", "stages",
                                 "reports-are-events"};
  if (!annotate) known.insert({"format", "no-header"});
  if (Status s = args.check_known(known); !s.ok()) {
    std::cerr << command << ": " << s.message() << "\n";
    return kExitUsage;
  }
  if (args.positionals().empty()) {
    std::cerr << command << ": no input (give files, directories or - for stdin; see --help)\n";
    return kExitUsage;
  }
  auto input_format = parse_input_format(args.get("input", "auto"));
  if (!input_format) {
    std::cerr << command << ": unknown --input '" << args.get("input")
              << "' (expected auto, text, jsonl, html or reuters)\n";
    return kExitUsage;
  }
  EventFormat format = EventFormat::kJsonl;
  if (!annotate) {
    auto f = parse_event_format(args.get("format", "jsonl"));
    if (!f.ok()) {
      std::cerr << command << ": " << f.status().message() << "\n";
      return kExitUsage;
    }
    format = *f;
  }
  std::optional<std::string> date;
  if (auto d = args.find("date")) {
    date = parse_publication_date(*d);
    if (!date) {
      std::cerr << command << ": --date '" << *d << "' is not a date (expected YYYY-MM-DD)\n";
      return kExitUsage;
    }
  }
  auto threads = args.get_int("threads", 0);
  auto max_bytes = args.get_int("max-bytes", long{8} << 20);
  if (!threads.ok() || !max_bytes.ok() || *threads < 0 || *max_bytes <= 0) {
    std::cerr << command << ": "
              << (!threads.ok()     ? threads.status().message()
                  : !max_bytes.ok() ? max_bytes.status().message()
                                    : std::string("--threads and --max-bytes must be positive"))
              << "\n";
    return kExitUsage;
  }

  auto pipeline = build_pipeline(pipeline_options(args));
  if (!pipeline.ok()) {
    std::cerr << command << ": " << pipeline.status().ToString() << "\n";
    return kExitFailure;
  }

  // Reader callbacks and the sink run on this thread only (run_parallel's contract), so the
  // counters need no locking.
  size_t documents = 0, rejected = 0, events = 0, words = 0;
  bool failed = false;
  auto on_reject = [&](const Rejection& r) {
    ++rejected;
    std::cerr << rejection_text(r) << "\n";
  };

  ReaderOptions ropts;
  ropts.format = *input_format;
  ropts.default_date = date;
  ropts.max_document_bytes = static_cast<size_t>(*max_bytes);
  ropts.on_reject = on_reject;
  auto reader = open_inputs(args.positionals(), ropts, [&](const Status& s) {
    std::cerr << "tacitus: " << s.message() << "\n";
    failed = true;
  });
  auto next = [&](Document& doc) { return reader->next(doc); };

  std::unique_ptr<EventWriter> writer;
  if (!annotate) writer = make_event_writer(format, std::cout, {.header = !args.has("no-header")});
  std::string line;
  auto sink = [&](Document& doc, const Status& status) {
    ++documents;
    words += count_words(doc.text);
    if (!status.ok()) {
      // The document was read but not fully coded: say so, and still write what was found.
      ++rejected;
      std::cerr << "tacitus: document " << doc.id << ": " << status.message() << "\n";
    }
    if (annotate) {
      line = annotation_json(doc);
      line.push_back('\n');
      std::cout.write(line.data(), static_cast<std::streamsize>(line.size()));
      events += doc.events.size();
    } else {
      events += writer->write(doc);
    }
  };

  auto start = std::chrono::steady_clock::now();
  run_parallel(*pipeline, next, sink, static_cast<unsigned>(*threads));
  std::cout.flush();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!std::cout) {
    std::cerr << "tacitus: error writing the output\n";
    failed = true;
  }
  if (!args.has("quiet")) {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2f", seconds);
    std::cerr << "tacitus: " << documents << " documents read, " << rejected << " rejected, "
              << events << " events written in " << secs << " s (" << rate(documents, seconds)
              << " docs/s, " << rate(words, seconds) << " words/s)\n";
  }
  if (failed) return kExitFailure;
  return rejected ? kExitRejectedInput : kExitOk;
}

}  // namespace

int code_main(int argc, char** argv) { return run(argc, argv, false); }
int annotate_main(int argc, char** argv) { return run(argc, argv, true); }

}  // namespace tacitus::cli
