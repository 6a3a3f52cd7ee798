// The JSON shapes of the HTTP API (docs/api.md), kept apart from the HTTP plumbing so tests can
// check them without a server.
#pragma once

#include <nlohmann/json.hpp>

#include "tacitus/store.h"

namespace tacitus::serve {

// A stored event; with "mentions" (evidence sentence, trigger offsets within it, attribution,
// article) when the event carries them.
nlohmann::json event_json(const StoredEvent& event);

}  // namespace tacitus::serve
