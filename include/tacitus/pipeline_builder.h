// The one place pipelines are built: the CLI, the server, the evaluators and the tests all call
// build_pipeline so they code documents the same way.
#pragma once

#include <string>
#include <vector>

#include "tacitus/pipeline.h"
#include "tacitus/status.h"

namespace tacitus {

struct PipelineOptions {
  std::string data_dir;    // data tables; empty = resource_path("data")
  std::string models_dir;  // trained models; empty = resource_path("models")
  std::string gazetteer;   // compiled gazetteer; empty = the default built by setup
  // Stage names to run, in pipeline order; empty = all of: text syntax ner actors geo events acled-type locate.
  std::vector<std::string> stages;
  // PETRARCH-format dictionaries loaded on top of (or, without own_dictionaries, instead of) ours.
  std::vector<std::string> petrarch_actors, petrarch_agents, petrarch_verbs;
  bool own_dictionaries = true;
  // Each input is one brief event report (an ACLED-style note, a news snippet): where the rules
  // find no ACLED kind of event in one, the acled-type stage adds the typer's (see
  // make_acled_typing_stage). Off for general news, where short business items would get events.
  bool reports_are_events = false;
};

// Loads every model and dictionary once and returns the pipeline; errors name the file at fault.
Result<Pipeline> build_pipeline(const PipelineOptions& options);

}  // namespace tacitus
