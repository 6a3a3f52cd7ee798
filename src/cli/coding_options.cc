#include "cli/coding_options.h"

#include "tacitus/csv.h"

namespace tacitus::cli {

PipelineOptions pipeline_options(const Args& args) {
  PipelineOptions p;
  p.data_dir = args.get("data");
  p.models_dir = args.get("models");
  p.gazetteer = args.get("gazetteer");
  p.petrarch_actors = args.get_all("petrarch-actors");
  p.petrarch_agents = args.get_all("petrarch-agents");
  p.petrarch_verbs = args.get_all("petrarch-verbs");
  p.own_dictionaries = !args.has("no-own-dictionaries");
  p.stages = split_list(args.get("stages"), ',');
  p.reports_are_events = args.has("reports-are-events");
  return p;
}

std::string rejection_text(const Rejection& r) {
  std::string out = "tacitus: " + r.input;
  if (r.line) out += ":" + std::to_string(r.line);
  return out + ": " + r.reason;
}

}  // namespace tacitus::cli
