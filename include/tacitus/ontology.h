// The event ontologies as data: CAMEO codes (names, Goldstein weights, QuadClass), the 16 PLOVER
// event types with their modes, ACLED event and sub-event types, and the mappings between them.
// Loaded once from data/ontology/*.tsv (written by the project from ../shared/reference; licences
// in data/ontology/README.md); immutable and thread-safe after load.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/status.h"

namespace tacitus {

struct CameoEntry {
  std::string code;        // "195"
  std::string name;        // "Employ aerial weapons"
  double goldstein = 0;    // -10 .. +10
  int quad_class = 0;      // 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
  std::string plover_event;               // "ASSAULT"
  std::string plover_mode;                // "aerial"; may be empty
  std::vector<std::string> plover_context;
};

struct AcledType {
  std::string event_type;      // "Explosions/Remote violence"; empty = not an ACLED kind of event
  std::string sub_event_type;  // "Air/drone strike"
};

class Ontology {
 public:
  // Reads <data_dir>/ontology/*.tsv. Errors name the file and line.
  static Result<Ontology> load(const std::string& data_dir);

  // nullptr when `code` is not a CAMEO event code.
  const CameoEntry* cameo(std::string_view code) const;
  // True for the 16 PLOVER event types; modes are checked per type.
  bool is_plover_event(std::string_view event) const;
  bool is_plover_mode(std::string_view event, std::string_view mode) const;
  const std::vector<std::string>& acled_event_types() const { return acled_event_types_; }
  const std::vector<std::string>& acled_sub_event_types(std::string_view event_type) const;
  // The CAMEO code of an event that only the note-level typer reports, by ACLED sub-event type
  // (acled_types.tsv); empty when the sub-type has none.
  std::string_view cameo_for_acled(std::string_view sub_event_type) const;

  // The ACLED type of a coded event from its PLOVER event and mode, its CAMEO code, its actors'
  // sectors and its counts (e.g. ASSAULT/aerial -> Explosions/Remote violence, Air/drone strike;
  // PROTEST by civilians -> Protests, Peaceful protest). Empty when ACLED would not record it.
  AcledType acled_for(const Event& event) const;

  // Fills cameo_root, goldstein and quad_class from event.cameo, the PLOVER fields when empty, and
  // the ACLED fields. Returns an error when event.cameo is unknown.
  Status fill_codes(Event& event) const;

 private:
  std::unordered_map<std::string, CameoEntry> cameo_;
  std::unordered_map<std::string, std::vector<std::string>> plover_modes_;  // event -> modes
  std::vector<std::string> acled_event_types_;
  std::unordered_map<std::string, std::vector<std::string>> acled_sub_types_;
  std::unordered_map<std::string, std::string> acled_cameo_;  // sub-event type -> CAMEO code
  struct AcledRule {
    std::string plover_event, plover_mode, cameo_prefix, source_sector, target_sector;
    AcledType type;
    bool needs_fatalities = false;  // the rule applies only when the event reports deaths
  };
  std::vector<AcledRule> acled_rules_;  // first match wins; see data/ontology/acled_map.tsv
};

}  // namespace tacitus
