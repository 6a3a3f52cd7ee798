// Where Tacitus finds its data tables (data/), trained models (models/) and the shared
// development data (../shared), so the CLI, the server and the tests agree.
#pragma once

#include <optional>
#include <string>

#include "tacitus/status.h"

namespace tacitus {

// The project root holding data/ and models/: $TACITUS_HOME if set, else the source tree the binary
// was built from.
std::string project_root();

// project_root() + "/" + relative.
std::string resource_path(const std::string& relative);

// The shared development folder: $TACITUS_SHARED if set, else project_root() + "/../shared".
// Returns the path joined with `relative` when it exists, else nullopt (tests skip on nullopt).
std::optional<std::string> shared_path(const std::string& relative);

// The bytes of a file. NotFound "<path>: cannot open" when it cannot be opened, IOError
// "<path>: read failed" when reading fails.
Result<std::string> read_file(const std::string& path);

}  // namespace tacitus
