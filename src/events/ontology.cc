// Loads the ontology tables of data/ontology/ and answers code, mode and ACLED-type questions.
#include "tacitus/ontology.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <string>

#include "tacitus/csv.h"

namespace tacitus {
namespace {

bool parse_double(const std::string& s, double& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Sector groups usable in acled_map.tsv (documented in its header).
const std::vector<std::string>& expand_sector_group(const std::string& name, std::vector<std::string>& one) {
  static const std::vector<std::string> kArmed = {"MIL", "COP", "REB", "INS", "SEP", "UAF", "PRM", "CRM", "SPY"};
  static const std::vector<std::string> kCivil = {"CVL", "OPP", "MED", "EDU", "HLH", "REF", "AGR", "LAB",
                                                  "BUS", "REL", "NGO", "HRI", "ELI", "LEG", "JUD", "GOV"};
  if (name == "ARMED") return kArmed;
  if (name == "CIVIL") return kCivil;
  one = {name};
  return one;
}

// True when `pattern` ('*', or ','-separated sectors and groups) admits an actor with `sectors`.
bool sectors_match(const std::string& pattern, const std::optional<EventActor>& actor) {
  if (pattern == "*") return true;
  if (!actor) return false;
  for (const std::string& alt : split_list(pattern, ',')) {
    std::vector<std::string> one;
    for (const std::string& sector : expand_sector_group(alt, one)) {
      if (std::find(actor->sectors.begin(), actor->sectors.end(), sector) != actor->sectors.end())
        return true;
    }
  }
  return false;
}

}  // namespace

Result<Ontology> Ontology::load(const std::string& data_dir) {
  Ontology o;
  const std::string dir = data_dir + "/ontology/";

  TACITUS_RETURN_IF_ERROR(read_tsv(dir + "cameo.tsv", 4, [&](const std::vector<std::string>& f) {
    CameoEntry e;
    e.code = f[0];
    e.name = f[1];
    if (e.code.size() < 2 || !std::all_of(e.code.begin(), e.code.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return Status::InvalidInput("bad CAMEO code '" + e.code + "'");
    if (!parse_double(f[2], e.goldstein) || e.goldstein < -10 || e.goldstein > 10)
      return Status::InvalidInput("bad Goldstein weight '" + f[2] + "'");
    if (f[3].size() != 1 || f[3][0] < '1' || f[3][0] > '4')
      return Status::InvalidInput("bad QuadClass '" + f[3] + "'");
    e.quad_class = f[3][0] - '0';
    o.cameo_[e.code] = std::move(e);
    return Status::Ok();
  }));

  TACITUS_RETURN_IF_ERROR(read_tsv(dir + "plover.tsv", 3, [&](const std::vector<std::string>& f) {
    auto& modes = o.plover_modes_[f[0]];
    if (!f[2].empty()) modes.push_back(f[2]);
    return Status::Ok();
  }));

  TACITUS_RETURN_IF_ERROR(read_tsv(dir + "cameo_plover.tsv", 2, [&](const std::vector<std::string>& f) {
    auto it = o.cameo_.find(f[0]);
    if (it == o.cameo_.end()) return Status::InvalidInput("CAMEO code '" + f[0] + "' is not in cameo.tsv");
    if (!o.is_plover_event(f[1])) return Status::InvalidInput("'" + f[1] + "' is not a PLOVER event type");
    std::string mode = f.size() > 2 ? f[2] : "";
    if (!mode.empty() && !o.is_plover_mode(f[1], mode))
      return Status::InvalidInput("'" + mode + "' is not a mode of " + f[1]);
    it->second.plover_event = f[1];
    it->second.plover_mode = mode;
    it->second.plover_context = f.size() > 3 ? split_list(f[3], ';') : std::vector<std::string>{};
    return Status::Ok();
  }));

  TACITUS_RETURN_IF_ERROR(read_tsv(dir + "acled_types.tsv", 2, [&](const std::vector<std::string>& f) {
    if (std::find(o.acled_event_types_.begin(), o.acled_event_types_.end(), f[0]) == o.acled_event_types_.end())
      o.acled_event_types_.push_back(f[0]);
    o.acled_sub_types_[f[0]].push_back(f[1]);
    if (f.size() > 2 && !f[2].empty()) {
      if (!o.cameo_.count(f[2])) return Status::InvalidInput("unknown CAMEO code '" + f[2] + "'");
      o.acled_cameo_[f[1]] = f[2];
    }
    return Status::Ok();
  }));

  TACITUS_RETURN_IF_ERROR(read_tsv(dir + "acled_map.tsv", 8, [&](const std::vector<std::string>& f) {
    AcledRule r{f[0], f[1], f[2], f[3], f[4], {f[6], f[7]}};
    if (r.plover_event != "*" && !o.is_plover_event(r.plover_event))
      return Status::InvalidInput("'" + r.plover_event + "' is not a PLOVER event type");
    if (r.plover_mode != "*" && r.plover_event != "*" && !o.is_plover_mode(r.plover_event, r.plover_mode))
      return Status::InvalidInput("'" + r.plover_mode + "' is not a mode of " + r.plover_event);
    if (f[5] != "*" && f[5] != ">0") return Status::InvalidInput("fatalities must be '*' or '>0'");
    r.needs_fatalities = f[5] == ">0";
    const auto& subs = o.acled_sub_event_types(r.type.event_type);
    if (std::find(subs.begin(), subs.end(), r.type.sub_event_type) == subs.end())
      return Status::InvalidInput("'" + r.type.event_type + " / " + r.type.sub_event_type +
                                  "' is not in acled_types.tsv");
    o.acled_rules_.push_back(std::move(r));
    return Status::Ok();
  }));

  if (o.cameo_.empty()) return Status::InvalidInput(dir + "cameo.tsv: no CAMEO codes");
  if (o.plover_modes_.size() != 16)
    return Status::InvalidInput(dir + "plover.tsv: expected 16 PLOVER event types, found " +
                                std::to_string(o.plover_modes_.size()));
  return o;
}

const CameoEntry* Ontology::cameo(std::string_view code) const {
  auto it = cameo_.find(std::string(code));
  return it == cameo_.end() ? nullptr : &it->second;
}

bool Ontology::is_plover_event(std::string_view event) const {
  return plover_modes_.count(std::string(event)) > 0;
}

bool Ontology::is_plover_mode(std::string_view event, std::string_view mode) const {
  auto it = plover_modes_.find(std::string(event));
  if (it == plover_modes_.end()) return false;
  return std::find(it->second.begin(), it->second.end(), mode) != it->second.end();
}

std::string_view Ontology::cameo_for_acled(std::string_view sub_event_type) const {
  auto it = acled_cameo_.find(std::string(sub_event_type));
  return it == acled_cameo_.end() ? std::string_view() : std::string_view(it->second);
}

const std::vector<std::string>& Ontology::acled_sub_event_types(std::string_view event_type) const {
  static const std::vector<std::string> kNone;
  auto it = acled_sub_types_.find(std::string(event_type));
  return it == acled_sub_types_.end() ? kNone : it->second;
}

AcledType Ontology::acled_for(const Event& event) const {
  for (const AcledRule& r : acled_rules_) {
    if (r.plover_event != "*" && r.plover_event != event.plover_event) continue;
    if (r.plover_mode != "*" && r.plover_mode != event.plover_mode) continue;
    if (r.cameo_prefix != "*" && event.cameo.rfind(r.cameo_prefix, 0) != 0) continue;
    if (r.needs_fatalities && !(event.fatalities && *event.fatalities > 0)) continue;
    if (!sectors_match(r.source_sector, event.source)) continue;
    if (!sectors_match(r.target_sector, event.target)) continue;
    return r.type;
  }
  return {};
}

Status Ontology::fill_codes(Event& event) const {
  const CameoEntry* e = cameo(event.cameo);
  if (!e) return Status::InvalidInput("unknown CAMEO event code '" + event.cameo + "'");
  event.cameo_root = event.cameo.substr(0, 2);
  event.goldstein = e->goldstein;
  event.quad_class = e->quad_class;
  if (event.plover_event.empty()) {
    event.plover_event = e->plover_event;
    if (event.plover_mode.empty()) event.plover_mode = e->plover_mode;
    if (event.plover_context.empty()) event.plover_context = e->plover_context;
  }
  AcledType a = acled_for(event);
  event.acled_event_type = std::move(a.event_type);
  event.acled_sub_event_type = std::move(a.sub_event_type);
  return Status::Ok();
}

}  // namespace tacitus
