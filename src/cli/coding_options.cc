#include "cli/coding_options.h"

#include <algorithm>

namespace tacitus::cli {

std::vector<std::string> split_list(const std::string& list) {
  std::vector<std::string> items;
  for (size_t begin = 0; begin < list.size();) {
    const size_t comma = std::min(list.find(',', begin), list.size());
    if (comma > begin) items.push_back(list.substr(begin, comma - begin));
    begin = comma + 1;
  }
  return items;
}

PipelineOptions pipeline_options(const Args& args) {
  PipelineOptions p;
  p.data_dir = args.get("data");
  p.models_dir = args.get("models");
  p.gazetteer = args.get("gazetteer");
  p.petrarch_actors = args.get_all("petrarch-actors");
  p.petrarch_agents = args.get_all("petrarch-agents");
  p.petrarch_verbs = args.get_all("petrarch-verbs");
  p.own_dictionaries = !args.has("no-own-dictionaries");
  p.stages = split_list(args.get("stages"));
  return p;
}

std::string rejection_text(const Rejection& r) {
  std::string out = "tacitus: " + r.input;
  if (r.line) out += ":" + std::to_string(r.line);
  return out + ": " + r.reason;
}

}  // namespace tacitus::cli
