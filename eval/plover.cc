// `tacitus eval plover`: the PLOVER gold-standard records (sentences from the CAMEO manual with
// their PLOVER event, mode and source/target actors).
#include <filesystem>
#include <nlohmann/json.hpp>

#include "eval_internal.h"

namespace tacitus {

namespace {

struct GoldActor {
  std::string text, code;
};

// `source` / `target` are a list of {actorText, code, ...}, or "" when the record has none.
std::vector<GoldActor> gold_actors(const nlohmann::json& record, const char* field) {
  std::vector<GoldActor> out;
  auto it = record.find(field);
  if (it == record.end() || !it->is_array()) return out;
  for (const auto& a : *it) {
    if (!a.is_object()) continue;
    GoldActor g;
    if (a.contains("actorText") && a["actorText"].is_string()) g.text = a["actorText"].get<std::string>();
    if (a.contains("code") && a["code"].is_string()) g.code = a["code"].get<std::string>();
    out.push_back(std::move(g));
  }
  return out;
}

struct ActorScore {
  size_t gold = 0;          // records with a gold actor in this role
  size_t found = 0;         // ... where we coded one
  size_t text_match = 0;    // ... whose text overlaps a gold actor's (token F1 >= 0.5)
  size_t code_match = 0;    // ... whose code has a gold actor's country/prefix (first 3 letters)
  double f1_sum = 0;        // best token F1 per record

  void score(const std::optional<EventActor>& ours, const std::vector<GoldActor>& gold_list) {
    if (gold_list.empty()) return;
    ++gold;
    if (!ours) return;
    ++found;
    double best = 0;
    bool code = false;
    for (const auto& g : gold_list) {
      best = std::max(best, text_overlap_f1(ours->span.text, g.text));
      if (!ours->code.empty() && g.code.size() >= 3 && ours->code.compare(0, 3, g.code, 0, 3) == 0)
        code = true;
    }
    f1_sum += best;
    if (best >= 0.5) ++text_match;
    if (code) ++code_match;
  }
};

}  // namespace

Result<EvalReport> evaluate_plover(const EvalOptions& options) {
  auto path = eval_internal::resolve_data(options, "data/plover-gsr", "plover");
  if (!path.ok()) return path.status();
  std::string file = *path;
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) file += "/PLOVER_GSR_CAMEO.json";
  auto text = read_file(file);
  if (!text.ok()) return text.status();
  nlohmann::json records;
  try {
    records = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidInput(file + ": " + e.what());
  }
  if (!records.is_array()) return Status::InvalidInput(file + ": expected a JSON array of records");

  std::vector<Document> docs;
  std::vector<const nlohmann::json*> gold;
  for (const auto& r : records) {
    if (!r.is_object() || !r.contains("text") || !r["text"].is_string()) continue;  // DOCUMENT
    if (!r.contains("event") || !r["event"].is_string() || r["event"] == "DOCUMENT") continue;
    Document d;
    d.id = r.value("id", "plover-" + std::to_string(docs.size()));
    d.text = r["text"].get<std::string>();
    if (r.contains("date") && r["date"].is_string()) d.date = r["date"].get<std::string>();
    docs.push_back(std::move(d));
    gold.push_back(&r);
    if (options.limit && docs.size() >= options.limit) break;
  }
  auto seconds = eval_internal::code_documents(options, docs);
  if (!seconds.ok()) return seconds.status();

  size_t n = docs.size(), found = 0, event_ok = 0, any_event_ok = 0, with_mode = 0, mode_ok = 0;
  ActorScore source, target;
  for (size_t i = 0; i < n; ++i) {
    const nlohmann::json& g = *gold[i];
    std::string gold_event = g["event"].get<std::string>();
    std::string gold_mode = g.contains("mode") && g["mode"].is_string() ? g["mode"].get<std::string>() : "";
    const Event* e = best_event(docs[i]);
    if (e) ++found;
    bool right = e && e->plover_event == gold_event;
    if (right) ++event_ok;
    for (const Event& any : docs[i].events)
      if (any.plover_event == gold_event) {
        ++any_event_ok;
        break;
      }
    if (!gold_mode.empty()) {
      ++with_mode;
      if (right && e->plover_mode == gold_mode) ++mode_ok;
    }
    source.score(e ? e->source : std::nullopt, gold_actors(g, "source"));
    target.score(e ? e->target : std::nullopt, gold_actors(g, "target"));
    if (options.verbose && options.log) {
      // One line per record: the event, then each role as ours/gold codes ("-" = none).
      auto codes = [](const std::vector<GoldActor>& list) {
        std::string out;
        for (const GoldActor& a : list) out += (out.empty() ? "" : ",") + (a.code.empty() ? "?" : a.code);
        return out.empty() ? std::string("-") : out;
      };
      auto ours = [](const std::optional<EventActor>& a) {
        return a ? (a->code.empty() ? "\"" + a->span.text + "\"" : a->code) : std::string("-");
      };
      *options.log << docs[i].id << (right ? "\tright " : "\twrong ") << gold_event << "\tours "
                   << (e ? e->plover_event + " (" + e->cameo + ")" : std::string("(none)")) << "\tsource "
                   << ours(e ? e->source : std::nullopt) << "/" << codes(gold_actors(g, "source"))
                   << "\ttarget " << ours(e ? e->target : std::nullopt) << "/"
                   << codes(gold_actors(g, "target")) << "\t" << docs[i].text.substr(0, 160) << "\n";
    }
  }

  EvalReport report;
  report.set = "plover";
  report.data_path = file;
  report.items = n;
  report.seconds = *seconds;
  report.add_ratio("found any event", found, n);
  report.add_ratio("event", event_ok, n);
  report.add_ratio("event (any coded event)", any_event_ok, n);
  report.add_ratio("mode (records with a gold mode)", mode_ok, with_mode);
  for (auto [name, s] : {std::pair{"source", &source}, std::pair{"target", &target}}) {
    std::string role = name;
    report.add_ratio(role + " found", s->found, s->gold);
    report.add_ratio(role + " text overlap (token F1 >= 0.5)", s->text_match, s->gold);
    report.add_value(role + " mean token F1", s->gold ? s->f1_sum / s->gold : 0);
    report.add_ratio(role + " code match (first 3 letters)", s->code_match, s->gold);
  }
  return report;
}

}  // namespace tacitus
