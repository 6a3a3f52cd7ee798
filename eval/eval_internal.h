// Helpers shared by the scorers in eval/ (not public API).
#pragma once

#include <string>
#include <vector>

#include "tacitus/eval.h"
#include "tacitus/pipeline.h"
#include "tacitus/resources.h"

namespace tacitus::eval_internal {

// Builds the pipeline of options.pipeline and codes `docs` in place on options.threads threads.
// Returns the coding time in seconds, or the build error. A document whose coding fails keeps
// whatever layers were finished (and is reported on options.log when verbose).
Result<double> code_documents(const EvalOptions& options, std::vector<Document>& docs);

// options.data_path, else ../shared/<default_relative>; NotFound with a clear message when absent.
Result<std::string> resolve_data(const EvalOptions& options, const std::string& default_relative,
                                 const std::string& set);

std::string lower(std::string_view s);
std::string trim(std::string_view s);

}  // namespace tacitus::eval_internal
