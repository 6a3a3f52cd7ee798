// What `tacitus code`, `annotate` and `ingest` share: the pipeline options they take from the
// command line and how they report rejected input.
#pragma once

#include <string>

#include "cli/args.h"
#include "tacitus/ingest.h"
#include "tacitus/pipeline_builder.h"

namespace tacitus::cli {

// --data, --models, --gazetteer, --petrarch-actors/-agents/-verbs (repeatable),
// --no-own-dictionaries, --stages LIST (comma-separated stage names; default all),
// --reports-are-events (a flag).
PipelineOptions pipeline_options(const Args& args);

// "tacitus: FILE:LINE: reason" (no ":LINE" when the rejection is not of a line).
std::string rejection_text(const Rejection& r);

}  // namespace tacitus::cli
