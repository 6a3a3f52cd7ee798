// The actor coder: finds maximal actor phrases in each sentence and codes them by combining the
// dictionary forms they are made of (country + role, organisation + role, title + person name).
#include <algorithm>
#include <cctype>
#include <cstdint>

#include "actors/normalize.h"
#include "tacitus/actors.h"
#include "tacitus/resources.h"

namespace tacitus {
namespace {

uint32_t date_number(const std::optional<std::string>& date) {
  if (!date || date->size() < 10) return 0;
  uint32_t v = 0;
  for (size_t i = 0; i < 10; ++i) {
    char c = (*date)[i];
    if (i == 4 || i == 7) continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return 0;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  return v;
}

// PETRARCH date-restricted entries: the coding valid on `date`, else an undated one, else the last.
const ActorCoding& choose(const std::vector<ActorCoding>& codings, uint32_t date) {
  const ActorCoding* undated = nullptr;
  for (const ActorCoding& c : codings) {
    bool dated = c.valid_from || c.valid_until;
    if (!dated) {
      if (!undated) undated = &c;
      continue;
    }
    if (date && (!c.valid_from || date >= c.valid_from) && (!c.valid_until || date <= c.valid_until)) return c;
  }
  if (undated) return *undated;
  // No document date: the entry open towards the present is the current one.
  for (const ActorCoding& c : codings)
    if (c.valid_from && !c.valid_until) return c;
  return codings.back();
}

struct Part {
  const ActorCoding* coding;
  uint32_t begin, end;
};

bool is_name_particle(const std::string& norm) {
  static const char* kParticles[] = {"al-", "el-", "bin", "ibn", "bint", "abu", "abd", "de", "van", "von", "da", "di", "ul-"};
  for (const char* p : kParticles) {
    std::string_view sp(p);
    if (sp.back() == '-' ? norm.rfind(sp, 0) == 0 : norm == sp) return true;
  }
  return false;
}

// A token that may be part of a person's name after a title ("Gen. Qasem Soleimani").
bool is_name_token(const Document& doc, uint32_t i) {
  std::string_view t = doc.token_text(i);
  std::string norm = normalize_actor_token(t);
  if (is_name_particle(norm)) return true;
  TokenCase tc = token_case(t);
  if (!tc.capitalised || tc.letters == 0) return false;
  static const char* kNotNames[] = {"on", "in", "the", "and", "but", "said", "says", "told", "who", "on", "last",
                                    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (const char* w : kNotNames)
    if (norm == w) return false;
  return true;
}

bool is_locative(std::string_view norm) {
  static const char* kWords[] = {"in", "at", "near", "from", "to", "into", "outside", "around", "across", "toward",
                                 "towards", "of", "inside", "through", "via", "between", "visited", "visit", "on"};
  for (const char* w : kWords)
    if (norm == w) return true;
  return false;
}

// The sector a combination of role words denotes: the first, except that a government word
// before a force word is an attribute of the force ("government troops" -> MIL).
const std::string* pick_role(const std::vector<Part>& parts) {
  const std::string* first = nullptr;
  for (const Part& p : parts) {
    if (p.coding->kind != ActorKind::kRole || p.coding->sectors.empty()) continue;
    const std::string& s = p.coding->sectors.front();
    if (!first) {
      first = &s;
    } else if (*first == "GOV" && (s == "MIL" || s == "COP")) {
      return &s;
    }
  }
  return first;
}

ActorMention combine(const std::vector<Part>& parts, uint32_t begin, uint32_t end) {
  ActorMention m;
  m.begin = begin;
  m.end = end;
  const ActorCoding* named = nullptr;  // a person beats an organisation
  const ActorCoding* place = nullptr;
  for (const Part& p : parts) {
    ActorKind k = p.coding->kind;
    if (k == ActorKind::kPerson && (!named || named->kind != ActorKind::kPerson)) named = p.coding;
    if (k == ActorKind::kOrganisation && !named) named = p.coding;
    if (!place && (k == ActorKind::kCountry || k == ActorKind::kDemonym || k == ActorKind::kPeople ||
                   k == ActorKind::kCapital))
      place = p.coding;
  }
  const std::string* role = pick_role(parts);
  if (named) {
    m.code = named->code;
    m.country = named->country;
    m.sectors = named->sectors;
    m.name = named->name;
    if (m.sectors.empty() && role && named->code.size() == 3 && !m.country.empty()) {
      m.code += *role;  // a bare country code from a dictionary plus a role ("Sadr supporters")
      m.sectors = {*role};
    }
  } else if (place) {
    m.country = place->country;
    if (role) {
      m.code = place->country + *role;
      m.sectors = {*role};
    } else {
      m.code = place->code;
      m.sectors = place->sectors;
    }
  } else if (role) {
    m.code = *role;
    m.sectors = {*role};
  }
  return m;
}

}  // namespace

void code_actors(const ActorDictionary& dict, Document& doc) {
  const uint32_t date = date_number(doc.date);
  std::vector<ActorMention> found;
  std::vector<Part> parts;
  uint32_t last_place_end = UINT32_MAX;  // end of the last capital read as a place
  for (const Sentence& s : doc.sentences) {
    uint32_t i = s.begin;
    while (i < s.end) {
      uint32_t start = i;
      uint32_t j = i;
      if (normalize_actor_token(doc.token_text(i)) == "the" && i + 1 < s.end) j = i + 1;
      uint32_t first = j;
      parts.clear();
      while (j < s.end) {
        ActorDictionary::Match m = dict.longest_match(doc, j, s.end);
        if (m.length > 0) {
          parts.push_back({&choose(*m.codings, date), j, j + m.length});
          j += m.length;
          continue;
        }
        if (parts.empty()) break;
        std::string norm = normalize_actor_token(doc.token_text(j));
        const ActorCoding& last = *parts.back().coding;
        // "Iraq's military": a possessive joins a place or group to a following role.
        if ((norm == "'s" || norm == "'") && j + 1 < s.end && last.kind != ActorKind::kRole) {
          ActorDictionary::Match next = dict.longest_match(doc, j + 1, s.end);
          if (next.length > 0 && choose(*next.codings, date).kind == ActorKind::kRole) {
            ++j;
            continue;
          }
        }
        // "Government of Iraq", "Military Forces of Yemen": a role "of" (the) a country or group.
        if (norm == "of" && last.kind == ActorKind::kRole && j + 1 < s.end) {
          uint32_t k = j + 1;
          if (normalize_actor_token(doc.token_text(k)) == "the" && k + 1 < s.end) ++k;
          ActorDictionary::Match next = dict.longest_match(doc, k, s.end);
          if (next.length > 0) {
            ActorKind nk = choose(*next.codings, date).kind;
            if (nk == ActorKind::kCountry || nk == ActorKind::kOrganisation) {
              parts.push_back({&choose(*next.codings, date), k, k + next.length});
              j = k + next.length;
              continue;
            }
          }
        }
        // "spokeswoman Morgan Ortagus": a person's name after a singular title.
        if (last.kind == ActorKind::kRole && last.takes_name) {
          uint32_t k = j;
          while (k < s.end && k - j < 5 && is_name_token(doc, k)) ++k;
          // A lone particle is not a name.
          if (k > j && !(k == j + 1 && is_name_particle(norm))) j = k;
        }
        break;
      }
      if (parts.empty()) {
        i = std::max(first, i) + 1;
        continue;
      }
      // A capital is a place, not its government, after a locative word or inside a longer name
      // ("in Baghdad", "the Washington Post").
      if (parts.size() == 1 && parts[0].coding->kind == ActorKind::kCapital) {
        std::string prev = first > 0 ? normalize_actor_token(doc.token_text(first - 1)) : "";
        bool place = is_locative(prev) ||
                     ((prev == "and" || prev == "or" || prev == ",") && last_place_end == first - 1);
        if (j < s.end) {
          TokenCase next = token_case(doc.token_text(j));
          if (next.capitalised && next.letters > 1) place = true;
        }
        if (place) {
          last_place_end = j;
          i = j;
          continue;
        }
      }
      found.push_back(combine(parts, first > start ? start : first, j));
      i = j;
    }
  }
  // Named entities the dictionary does not know are still actors, uncoded.
  for (const Entity& e : doc.entities) {
    if (e.type == EntityType::LOC) continue;
    bool overlaps = std::any_of(found.begin(), found.end(),
                                [&](const ActorMention& m) { return m.begin < e.end && e.begin < m.end; });
    if (!overlaps) {
      ActorMention m;
      m.begin = e.begin;
      m.end = e.end;
      found.push_back(std::move(m));
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const ActorMention& a, const ActorMention& b) { return a.begin < b.begin; });
  for (ActorMention& m : found) doc.actors.push_back(std::move(m));
}

namespace {

class ActorStage : public Stage {
 public:
  explicit ActorStage(std::shared_ptr<const ActorDictionary> dict) : dict_(std::move(dict)) {}
  std::string_view name() const override { return "actors"; }
  Status run(Document& doc) const override {
    doc.actors.clear();
    code_actors(*dict_, doc);
    return Status::Ok();
  }

 private:
  std::shared_ptr<const ActorDictionary> dict_;
};

}  // namespace

Result<std::shared_ptr<const ActorDictionary>> load_actor_dictionary(const ActorOptions& options) {
  ActorDictionaryBuilder builder;
  const std::string data_dir = options.data_dir.empty() ? resource_path("data") : options.data_dir;
  if (options.own_dictionaries) TACITUS_RETURN_IF_ERROR(builder.add_own_dictionaries(data_dir, options.acled_groups));
  for (const std::string& path : options.petrarch_actors) TACITUS_RETURN_IF_ERROR(builder.add_petrarch_actors(path));
  for (const std::string& path : options.petrarch_agents) TACITUS_RETURN_IF_ERROR(builder.add_petrarch_agents(path));
  return builder.build();
}

Result<std::shared_ptr<const Stage>> make_actor_stage(const ActorOptions& options) {
  auto dict = load_actor_dictionary(options);
  if (!dict.ok()) return dict.status();
  return std::shared_ptr<const Stage>(std::make_shared<ActorStage>(std::move(dict).value()));
}

}  // namespace tacitus
