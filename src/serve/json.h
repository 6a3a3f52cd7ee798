// The JSON shapes of the HTTP API (docs/api.md), kept apart from the HTTP plumbing so tests can
// check them without a server.
#pragma once

#include <string>

#include "serve/json_writer.h"
#include "tacitus/store.h"

namespace tacitus::serve {

// A stored event as one JSON object; with "mentions" (evidence sentence, trigger offsets within
// it, attribution, article) when the event carries them.
void write_event(JsonWriter& out, const StoredEvent& event);

// The same object as a string.
std::string event_json(const StoredEvent& event);

}  // namespace tacitus::serve
