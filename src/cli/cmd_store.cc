// `tacitus ingest`: code articles and keep documents, events and mentions in a SQLite store
// (include/tacitus/store.h). Also builds synthetic stores for load tests (--generate) and measures
// deduplication on ACLED notes (--eval-dedup).
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/args.h"
#include "cli/coding_options.h"
#include "cli/commands.h"
#include "tacitus/eval.h"
#include "tacitus/ingest.h"
#include "tacitus/pipeline.h"
#include "tacitus/pipeline_builder.h"
#include "tacitus/resources.h"
#include "tacitus/store.h"

namespace tacitus::cli {

namespace {

constexpr const char* kHelp =
    "usage: tacitus ingest --db FILE [options] FILE...|-\n"
    "       tacitus ingest --db FILE --generate N [--days D] [--first-day YYYY-MM-DD] [--seed S]\n"
    "       tacitus ingest --eval-dedup [--acled CSV] [--paraphrases JSONL] [--limit N]\n"
    "\n"
    "Codes articles (the inputs of `tacitus code`) and stores documents, events and mentions in\n"
    "the SQLite store FILE (created when absent). Mentions of the same real-world event merge\n"
    "into one stored event. Articles already stored (same source and text) are skipped without\n"
    "coding, so an interrupted run can simply be run again.\n"
    "\n"
    "options:\n"
    "  --db FILE                              the store\n"
    "  --batch N                              documents per transaction (default 256)\n"
    "  --no-dedup                             store every mention as its own event\n"
    "  --dedup-km KM                          largest distance of two merged points (default 50)\n"
    "  --input, --date, --threads, --data, --models, --gazetteer, --petrarch-actors,\n"
    "  --petrarch-agents, --petrarch-verbs, --no-own-dictionaries, --stages,\n"
    "  --reports-are-events, --max-bytes, --quiet\n"
    "                                         as for `tacitus code`\n"
    "  --generate N                           append N synthetic events (load tests), no coding\n"
    "  --eval-dedup                           code ACLED notes (distinct events) and paraphrases\n"
    "                                         of some of them, report wrong and right merges\n"
    "  --acled CSV                            default ../shared/data/acled-2020-05/*.csv\n"
    "  --paraphrases JSONL                    default src/store/testdata/dedup_paraphrases.jsonl\n";

int generate(const Args& args) {
  auto n = args.get_int("generate", 0), days = args.get_int("days", 3653),
       seed = args.get_int("seed", 1);
  if (!n.ok() || !days.ok() || !seed.ok() || *n <= 0 || *days <= 0) {
    std::cerr << "tacitus ingest: --generate, --days and --seed take positive integers\n";
    return kExitUsage;
  }
  SyntheticOptions so;
  so.events = static_cast<uint64_t>(*n);
  so.days = static_cast<int32_t>(*days);
  so.seed = static_cast<uint64_t>(*seed);
  if (auto first = args.find("first-day")) {
    auto d = parse_day(*first);
    if (!d) {
      std::cerr << "tacitus ingest: --first-day must be YYYY-MM-DD\n";
      return kExitUsage;
    }
    so.first_day = *d;
  }
  StoreOptions opts;
  opts.cache_kib = 512 * 1024;
  auto store = EventStore::open(args.get("db"), opts);
  if (!store.ok()) {
    std::cerr << "tacitus ingest: " << store.status().ToString() << "\n";
    return kExitFailure;
  }
  auto t0 = std::chrono::steady_clock::now();
  if (Status s = (*store)->generate_synthetic(so); !s.ok()) {
    std::cerr << "tacitus ingest: " << s.ToString() << "\n";
    return kExitFailure;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "tacitus ingest: generated %llu events in %.1f s\n",
               static_cast<unsigned long long>(so.events), secs);
  return kExitOk;
}

// Codes every document of `docs` (in place) on all cores.
Status code_all(const Pipeline& pipeline, std::vector<Document>& docs, unsigned threads) {
  size_t next = 0, done = 0;
  std::vector<Document> coded;
  coded.reserve(docs.size());
  Status first_error;
  run_parallel(
      pipeline,
      [&](Document& d) {
        if (next == docs.size()) return false;
        d = std::move(docs[next++]);
        return true;
      },
      [&](Document& d, const Status& s) {
        if (!s.ok() && first_error.ok()) first_error = s;
        coded.push_back(std::move(d));
        ++done;
      },
      threads);
  docs = std::move(coded);
  return first_error;
}

// Reads --dedup-km into `km`; false (after a message) when it is not a positive number.
bool dedup_km(const Args& args, double& km) {
  if (!args.has("dedup-km")) return true;
  char* end = nullptr;
  const std::string v = args.get("dedup-km");
  km = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0' || !(km > 0)) {
    std::cerr << "tacitus ingest: --dedup-km takes a positive number of kilometres\n";
    return false;
  }
  return true;
}

int eval_dedup(const Args& args) {
  std::string acled_path = args.get("acled");
  if (acled_path.empty()) {
    auto p = shared_path("data/acled-2020-05/acled-2020-05-01_09.csv");
    if (!p) {
      std::cerr << "tacitus ingest: ../shared ACLED data is absent; give --acled CSV\n";
      return kExitFailure;
    }
    acled_path = *p;
  }
  std::string para_path =
      args.get("paraphrases", resource_path("src/store/testdata/dedup_paraphrases.jsonl"));
  auto limit = args.get_int("limit", 0);
  auto threads = args.get_int("threads", 0);
  if (!limit.ok() || !threads.ok()) {
    std::cerr << "tacitus ingest: --limit and --threads take integers\n";
    return kExitUsage;
  }
  std::ifstream in(acled_path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto rows = parse_csv(ss.str());
  if (!in || !rows.ok() || rows->empty()) {
    std::cerr << "tacitus ingest: cannot read " << acled_path
              << (rows.ok() ? "" : ": " + rows.status().message()) << "\n";
    return kExitFailure;
  }
  const auto& header = (*rows)[0];
  auto col = [&](const char* name) -> size_t {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    return header.size();
  };
  const size_t c_id = col("event_id_cnty"), c_date = col("event_date"), c_notes = col("notes"),
               c_source = col("source");
  if (c_id == header.size() || c_notes == header.size() || c_date == header.size()) {
    std::cerr << "tacitus ingest: " << acled_path << " lacks event_id_cnty, event_date or notes\n";
    return kExitFailure;
  }
  std::vector<Document> distinct;
  std::map<std::string, Document> by_id;
  for (size_t r = 1; r < rows->size(); ++r) {
    const auto& row = (*rows)[r];
    if (row.size() != header.size()) continue;
    Document d;
    d.id = row[c_id];
    d.text = row[c_notes];
    std::string iso = acled_date_to_iso(row[c_date]);
    if (!iso.empty()) d.date = iso;
    d.source = c_source < row.size() ? row[c_source] : "acled";
    by_id[d.id] = d;
    distinct.push_back(std::move(d));
    if (*limit > 0 && distinct.size() >= static_cast<size_t>(*limit)) break;
  }
  std::vector<std::pair<std::string, Document>> paraphrases;
  std::ifstream pin(para_path);
  if (!pin) {
    std::cerr << "tacitus ingest: cannot read " << para_path << "\n";
    return kExitFailure;
  }
  std::string line;
  for (size_t n = 1; std::getline(pin, line); ++n) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("original") || !j.contains("text")) {
      std::cerr << "tacitus ingest: " << para_path << ":" << n << ": needs original and text\n";
      return kExitFailure;
    }
    std::string original = j["original"];
    auto it = by_id.find(original);
    if (it == by_id.end()) continue;  // outside --limit, or not in this ACLED file
    Document d;
    d.id = "paraphrase-" + std::to_string(n);
    d.text = j["text"];
    d.date = it->second.date;  // reported the same day
    d.source = "paraphrase";
    paraphrases.emplace_back(original, std::move(d));
  }
  PipelineOptions po = pipeline_options(args);
  po.reports_are_events = true;  // ACLED notes and their paraphrases: each reports one event
  auto pipeline = build_pipeline(po);
  if (!pipeline.ok()) {
    std::cerr << "tacitus ingest: " << pipeline.status().ToString() << "\n";
    return kExitFailure;
  }
  auto t0 = std::chrono::steady_clock::now();
  (void)code_all(*pipeline, distinct, static_cast<unsigned>(*threads));
  std::vector<Document> para_docs;
  for (auto& [o, d] : paraphrases) para_docs.push_back(std::move(d));
  (void)code_all(*pipeline, para_docs, static_cast<unsigned>(*threads));
  for (size_t i = 0; i < para_docs.size(); ++i) paraphrases[i].second = std::move(para_docs[i]);
  DedupOptions dedup;
  if (!dedup_km(args, dedup.max_km)) return kExitUsage;
  auto r = evaluate_dedup(distinct, paraphrases, dedup);
  if (!r.ok()) {
    std::cerr << "tacitus ingest: " << r.status().ToString() << "\n";
    return kExitFailure;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto pct = [](uint64_t a, uint64_t b) { return b ? 100.0 * static_cast<double>(a) / b : 0.0; };
  std::printf(
      "dedup evaluation (%s, %zu notes; %zu paraphrases from %s), %.1f s\n"
      "  distinct notes with coded events   %llu (identical text skipped: %llu)\n"
      "  wrongly merged with another note   %llu (%.1f%%)\n"
      "  paraphrases with coded events      %llu\n"
      "  merged with their original         %llu (%.1f%%)\n"
      "  merged only with some other note   %llu\n"
      "  store: %llu mentions -> %llu events\n",
      acled_path.c_str(), distinct.size(), paraphrases.size(), para_path.c_str(), secs,
      static_cast<unsigned long long>(r->distinct_documents),
      static_cast<unsigned long long>(r->distinct_identical),
      static_cast<unsigned long long>(r->distinct_wrongly_merged),
      pct(r->distinct_wrongly_merged, r->distinct_documents),
      static_cast<unsigned long long>(r->paraphrase_documents),
      static_cast<unsigned long long>(r->paraphrase_merged),
      pct(r->paraphrase_merged, r->paraphrase_documents),
      static_cast<unsigned long long>(r->paraphrase_misplaced),
      static_cast<unsigned long long>(r->mentions), static_cast<unsigned long long>(r->events));
  return kExitOk;
}

}  // namespace

int ingest_main(int argc, char** argv) {
  const std::set<std::string> flags = {"help", "no-own-dictionaries", "quiet", "no-dedup",
                                       "eval-dedup", "reports-are-events"};
  auto parsed = Args::parse(argc, argv, 2, flags);
  if (!parsed.ok()) {
    std::cerr << "tacitus ingest: " << parsed.status().message() << "\n";
    return kExitUsage;
  }
  const Args& args = *parsed;
  if (args.has("help")) {
    std::cout << kHelp;
    return kExitOk;
  }
  const std::set<std::string> known = {
      "help",  "db",    "batch",     "no-dedup",  "input",     "date",
      "threads", "data", "models",   "gazetteer", "petrarch-actors", "petrarch-agents",
      "petrarch-verbs", "no-own-dictionaries", "max-bytes", "quiet", "generate", "days",
      "first-day", "seed", "eval-dedup", "acled", "paraphrases", "limit", "dedup-km",
      "reports-are-events", "stages"};
  if (Status s = args.check_known(known); !s.ok()) {
    std::cerr << "tacitus ingest: " << s.message() << "\n";
    return kExitUsage;
  }
  if (args.has("eval-dedup")) return eval_dedup(args);
  if (args.get("db").empty()) {
    std::cerr << "tacitus ingest: --db FILE is required (see --help)\n";
    return kExitUsage;
  }
  if (args.has("generate")) return generate(args);
  if (args.positionals().empty()) {
    std::cerr << "tacitus ingest: no input (give files, directories or - for stdin)\n";
    return kExitUsage;
  }
  auto input_format = parse_input_format(args.get("input", "auto"));
  if (!input_format) {
    std::cerr << "tacitus ingest: unknown --input '" << args.get("input") << "'\n";
    return kExitUsage;
  }
  std::optional<std::string> date;
  if (auto d = args.find("date")) {
    date = parse_publication_date(*d);
    if (!date) {
      std::cerr << "tacitus ingest: --date '" << *d << "' is not a date\n";
      return kExitUsage;
    }
  }
  auto threads = args.get_int("threads", 0), batch = args.get_int("batch", 256),
       max_bytes = args.get_int("max-bytes", long{8} << 20);
  if (!threads.ok() || !batch.ok() || !max_bytes.ok() || *threads < 0 || *batch < 1 ||
      *max_bytes < 1) {
    std::cerr << "tacitus ingest: --threads, --batch and --max-bytes take positive integers\n";
    return kExitUsage;
  }

  StoreOptions sopts;
  sopts.dedup.enabled = !args.has("no-dedup");
  if (!dedup_km(args, sopts.dedup.max_km)) return kExitUsage;
  auto opened = EventStore::open(args.get("db"), sopts);
  if (!opened.ok()) {
    std::cerr << "tacitus ingest: " << opened.status().ToString() << "\n";
    return kExitFailure;
  }
  EventStore& store = **opened;
  auto pipeline = build_pipeline(pipeline_options(args));
  if (!pipeline.ok()) {
    std::cerr << "tacitus ingest: " << pipeline.status().ToString() << "\n";
    return kExitFailure;
  }

  // Reader callbacks and the sink run on this thread only (run_parallel's contract).
  IngestCounts total;
  size_t rejected = 0, coding_failures = 0, in_batch = 0;
  bool failed = false;
  Status store_error;
  ReaderOptions ropts;
  ropts.format = *input_format;
  ropts.default_date = date;
  ropts.max_document_bytes = static_cast<size_t>(*max_bytes);
  ropts.on_reject = [&](const Rejection& r) {
    ++rejected;
    std::cerr << rejection_text(r) << "\n";
  };
  auto reader = open_inputs(args.positionals(), ropts, [&](const Status& s) {
    std::cerr << "tacitus: " << s.message() << "\n";
    failed = true;
  });
  auto next = [&](Document& doc) -> bool {
    while (store_error.ok() && reader->next(doc)) {
      // Already stored by an earlier (maybe interrupted) run: skip without coding.
      auto has = store.contains(doc);
      if (!has.ok() || !*has) return true;
      ++total.documents_skipped;
    }
    return false;
  };
  auto sink = [&](Document& doc, const Status& s) {
    if (!store_error.ok()) return;
    if (!s.ok()) {
      // Stored anyway with what was coded, so a rerun does not retry it forever; reported.
      ++coding_failures;
      std::cerr << "tacitus ingest: " << s.message() << "\n";
    }
    if (in_batch == 0) store_error = store.begin();
    if (!store_error.ok()) return;
    auto r = store.add_document(doc);
    if (!r.ok()) {
      store_error = r.status();
      store.rollback();
      return;
    }
    total += *r;
    if (++in_batch == static_cast<size_t>(*batch)) {
      store_error = store.commit();
      in_batch = 0;
    }
  };
  auto t0 = std::chrono::steady_clock::now();
  run_parallel(*pipeline, next, sink, static_cast<unsigned>(*threads));
  if (store_error.ok() && in_batch > 0) store_error = store.commit();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!store_error.ok()) {
    std::cerr << "tacitus ingest: store: " << store_error.ToString() << "\n";
    return kExitFailure;
  }
  if (!args.has("quiet")) {
    std::fprintf(stderr,
                 "tacitus ingest: %llu documents stored, %llu already stored, %zu rejected; "
                 "%llu mentions -> %llu new events, %llu merged; %.1f s, %.1f docs/s\n",
                 static_cast<unsigned long long>(total.documents_added),
                 static_cast<unsigned long long>(total.documents_skipped), rejected,
                 static_cast<unsigned long long>(total.mentions),
                 static_cast<unsigned long long>(total.events_created),
                 static_cast<unsigned long long>(total.events_merged), secs,
                 secs > 0 ? static_cast<double>(total.documents_added) / secs : 0.0);
  }
  if (failed) return kExitFailure;
  return rejected || coding_failures ? kExitRejectedInput : kExitOk;
}

}  // namespace tacitus::cli
