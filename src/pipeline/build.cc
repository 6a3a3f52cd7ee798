#include <algorithm>

#include "tacitus/actors.h"
#include "tacitus/event_typer.h"
#include "tacitus/events.h"
#include "tacitus/geo.h"
#include "tacitus/ner.h"
#include "tacitus/pipeline_builder.h"
#include "tacitus/resources.h"
#include "tacitus/syntax.h"
#include "tacitus/text.h"

namespace tacitus {

namespace {

// Pipeline order. A stage reads only what stages before it wrote.
const std::vector<std::string>& all_stages() {
  static const std::vector<std::string> kStages = {
      "text", "syntax", "ner", "actors", "geo", "events", "acled-type", "locate"};
  return kStages;
}

}  // namespace

Result<Pipeline> build_pipeline(const PipelineOptions& options) {
  const std::string data_dir = options.data_dir.empty() ? resource_path("data") : options.data_dir;
  const std::string models_dir =
      options.models_dir.empty() ? resource_path("models") : options.models_dir;
  const std::vector<std::string>& wanted = options.stages.empty() ? all_stages() : options.stages;
  for (const std::string& name : wanted)
    if (std::find(all_stages().begin(), all_stages().end(), name) == all_stages().end())
      return Status::InvalidInput("unknown pipeline stage '" + name + "'");

  Pipeline pipeline;
  // Stages are added in pipeline order whatever order `wanted` lists them in.
  for (const std::string& name : all_stages()) {
    if (std::find(wanted.begin(), wanted.end(), name) == wanted.end()) continue;
    Result<std::shared_ptr<const Stage>> stage = Status::Internal("stage not built: " + name);
    if (name == "text") {
      stage = make_text_stage();
    } else if (name == "syntax") {
      stage = make_syntax_stage(models_dir);
    } else if (name == "ner") {
      stage = make_ner_stage(models_dir);
    } else if (name == "actors") {
      ActorOptions o;
      o.data_dir = data_dir;
      o.petrarch_actors = options.petrarch_actors;
      o.petrarch_agents = options.petrarch_agents;
      o.own_dictionaries = options.own_dictionaries;
      stage = make_actor_stage(o);
    } else if (name == "geo") {
      GeoOptions o;
      o.gazetteer_path = options.gazetteer;
      stage = make_geo_stage(o);
    } else if (name == "events") {
      EventCoderOptions o;
      o.data_dir = data_dir;
      o.use_own_lexicon = options.own_dictionaries;
      o.petrarch_verb_paths = options.petrarch_verbs;
      stage = make_event_stage(o);
    } else if (name == "acled-type") {
      stage = make_acled_typing_stage(models_dir, data_dir, options.reports_are_events);
    } else if (name == "locate") {
      stage = make_locate_stage();
    }
    if (!stage.ok()) return stage.status();
    pipeline.add(std::move(stage).value());
  }
  return pipeline;
}

}  // namespace tacitus
