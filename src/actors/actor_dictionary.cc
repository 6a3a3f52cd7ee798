// ActorDictionary: the compiled trie, and the builder that reads our TSV dictionaries into it.
#include <algorithm>
#include <fstream>
#include <map>

#include "actors/normalize.h"
#include "tacitus/actors.h"
#include "tacitus/csv.h"
#include "tacitus/text.h"
#include "text/unicode.h"

namespace tacitus {
namespace {

// Sector codes recognised inside composite CAMEO actor codes (CAMEO, ICEWS and PLOVER roles).
const std::vector<std::string_view>& known_sectors() {
  static const std::vector<std::string_view> k = {
      "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO", "INS",
      "JRN", "JUD", "LAB", "LEG", "MED", "MIL", "NGO", "OPP", "PRM", "PTY", "REB", "REF", "REL", "SEP",
      "SPY", "UAF", "UNK", "MOD", "RAD", "SOC"};
  return k;
}

bool is_sector(std::string_view s) {
  const auto& k = known_sectors();
  return std::find(k.begin(), k.end(), s) != k.end();
}

}  // namespace

std::string normalize_actor_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (size_t i = 0; i < token.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(token[i]);
    // U+2019 RIGHT SINGLE QUOTATION MARK and U+2018 -> ASCII apostrophe.
    if (c == 0xE2 && i + 2 < token.size() && static_cast<unsigned char>(token[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(token[i + 2]) == 0x99 || static_cast<unsigned char>(token[i + 2]) == 0x98)) {
      out.push_back('\'');
      i += 2;
      continue;
    }
    if (c == '.' && token.size() > 1) continue;  // "U.S." = "US", "Gen." = "Gen"
    out.push_back(c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c));
  }
  return out;
}

TokenCase token_case(std::string_view token) {
  int letters = 0, upper = 0;
  bool first_upper = false;
  for (size_t i = 0, len = 1; i < token.size(); i += len) {
    const char32_t cp = text_internal::decode_at(token, i, &len);
    if (!text_internal::is_letter(cp)) continue;  // punctuation such as U+2019 in "’s" is no letter
    // A letter of a script without case ("عبد") counts as a capital, as names in it are.
    const bool cased = text_internal::is_upper(cp) || text_internal::is_lower(cp);
    const bool up = text_internal::is_upper(cp) || !cased;
    if (letters == 0) first_upper = up;
    ++letters;
    if (up) ++upper;
  }
  TokenCase tc;
  tc.capitalised = first_upper;
  tc.all_caps = letters > 0 && upper == letters;
  tc.letters = letters;
  return tc;
}

SplitCode ActorDictionary::split_code(std::string_view code) const {
  SplitCode out;
  size_t pos = 0;
  const std::string prefix(code.substr(0, std::min<size_t>(3, code.size())));
  // Without our country list (PETRARCH dictionaries alone), any prefix that is not a known
  // non-state prefix or a sector is taken to be a country.
  const bool country_prefix =
      countries_.empty() ? prefix.size() == 3 && !is_sector(prefix) && prefix != "IMG" && prefix != "MNC" &&
                               prefix != "ISM" && prefix != "UNO"
                         : std::binary_search(countries_.begin(), countries_.end(), prefix);
  if (country_prefix) {
    out.country = std::string(code.substr(0, 3));
    pos = 3;
  } else if (code.size() >= 3) {
    pos = 3;  // IGO, IMG, NGO, MNC or an unknown prefix
  }
  for (; pos + 3 <= code.size(); pos += 3) {
    std::string_view part = code.substr(pos, 3);
    if (is_sector(part)) out.sectors.emplace_back(part);
  }
  if (code.size() == 3 && out.country.empty() && is_sector(code)) out.sectors.emplace_back(code);
  return out;
}

int64_t ActorDictionary::token_id(std::string_view normalised) const {
  auto it = std::lower_bound(vocab_.begin(), vocab_.end(), normalised,
                             [](const auto& a, std::string_view b) { return std::string_view(a.first) < b; });
  if (it == vocab_.end() || it->first != normalised) return -1;
  return it->second;
}

ActorDictionary::Match ActorDictionary::longest_match(const Document& doc, uint32_t begin, uint32_t end) const {
  Match best;
  uint32_t node = 0;
  for (uint32_t i = begin; i < end; ++i) {
    std::string_view text = doc.token_text(i);
    int64_t id = token_id(normalize_actor_token(text));
    if (id < 0) break;
    const auto& ch = nodes_[node].children;
    auto it = std::lower_bound(ch.begin(), ch.end(), std::make_pair(static_cast<uint32_t>(id), 0u));
    if (it == ch.end() || it->first != static_cast<uint32_t>(id)) break;
    node = it->second;
    const Node& n = nodes_[node];
    if (n.codings < 0) continue;
    TokenCase first = token_case(doc.token_text(begin));
    TokenCase last = token_case(text);
    if (n.caps_only && !last.all_caps) continue;
    if (n.needs_capital && !first.capitalised) continue;
    best.length = i - begin + 1;
    best.codings = &codings_[n.codings];
  }
  return best;
}

const std::vector<ActorCoding>* ActorDictionary::lookup(std::string_view form) const {
  Document d;
  d.text = std::string(form);
  tokenize(d);
  if (d.tokens.empty()) return nullptr;
  Match m = longest_match(d, 0, static_cast<uint32_t>(d.tokens.size()));
  if (m.length != d.tokens.size()) return nullptr;
  return m.codings;
}

ActorDictionaryBuilder::ActorDictionaryBuilder() = default;

void ActorDictionaryBuilder::add(std::string_view form, ActorCoding coding) { add_impl(form, std::move(coding), false); }

void ActorDictionaryBuilder::add_impl(std::string_view form, ActorCoding coding, bool append, bool case_from_form) {
  Document d;
  d.text = std::string(form);
  tokenize(d);
  if (d.tokens.empty()) return;
  Pending p;
  for (size_t i = 0; i < d.tokens.size(); ++i) {
    // "Gen." alone reads as a sentence end to the tokenizer; in running text it is one token.
    if (i > 0 && d.token_text(i) == "." && d.tokens[i - 1].end == d.tokens[i].start) continue;
    p.tokens.push_back(normalize_actor_token(d.token_text(i)));
  }
  TokenCase last = token_case(d.token_text(d.tokens.size() - 1));
  // Short capitalised abbreviations ("US", "UN", "ISIS", "WHO") are ordinary words in lower case.
  p.caps_only = case_from_form && coding.kind != ActorKind::kRole && last.all_caps && last.letters <= 5;
  p.needs_capital = coding.kind != ActorKind::kRole;
  p.coding = std::move(coding);
  p.append = append;
  pending_.push_back(std::move(p));
}

std::shared_ptr<const ActorDictionary> ActorDictionaryBuilder::build() const {
  auto dict = std::make_shared<ActorDictionary>();
  std::map<std::string, uint32_t> vocab;
  for (const Pending& p : pending_)
    for (const std::string& t : p.tokens) vocab.emplace(t, 0);
  uint32_t next = 0;
  for (auto& [t, id] : vocab) id = next++;
  dict->vocab_.assign(vocab.begin(), vocab.end());
  dict->countries_ = countries_;
  std::sort(dict->countries_.begin(), dict->countries_.end());
  dict->countries_.erase(std::unique(dict->countries_.begin(), dict->countries_.end()), dict->countries_.end());

  for (const Pending& p : pending_) {
    uint32_t node = 0;
    for (const std::string& t : p.tokens) {
      uint32_t id = vocab[t];
      auto& ch = dict->nodes_[node].children;
      auto it = std::lower_bound(ch.begin(), ch.end(), std::make_pair(id, 0u));
      if (it != ch.end() && it->first == id) {
        node = it->second;
      } else {
        uint32_t child = static_cast<uint32_t>(dict->nodes_.size());
        ch.insert(it, {id, child});  // `ch` is not used after the push_back below
        dict->nodes_.emplace_back();
        node = child;
      }
    }
    ActorDictionary::Node& n = dict->nodes_[node];
    if (n.codings < 0) {
      n.codings = static_cast<int32_t>(dict->codings_.size());
      dict->codings_.emplace_back();
      ++dict->num_forms_;
    } else if (!p.append) {
      dict->codings_[n.codings].clear();  // a later dictionary overrides the form
    }
    ActorCoding c = p.coding;
    if (c.kind != ActorKind::kRole && c.country.empty() && c.sectors.empty()) {
      SplitCode split = dict->split_code(c.code);
      c.country = std::move(split.country);
      c.sectors = std::move(split.sectors);
    }
    dict->codings_[n.codings].push_back(std::move(c));
    n.caps_only = p.caps_only;
    n.needs_capital = p.needs_capital;
  }
  return dict;
}

Status ActorDictionaryBuilder::add_own_dictionaries(const std::string& data_dir, bool acled_groups) {
  const std::string dir = data_dir + "/actors/";
  // Country names first: they define which three-letter prefixes are countries.
  std::map<std::string, std::string> canonical;  // iso3 -> first "name" form (the common name)
  std::vector<std::vector<std::string>> rows;
  TACITUS_RETURN_IF_ERROR(read_tsv(dir + "countries.tsv", 4, [&](const std::vector<std::string>& f) {
    if (f[0].size() != 3) return Status::InvalidInput("ISO alpha-3 code expected, found '" + f[0] + "'");
    rows.push_back(f);
    countries_.push_back(f[0]);
    return Status::Ok();
  }));
  for (const auto& f : rows) {
    ActorCoding c;
    c.country = f[0];
    c.name = f[0];
    if (f[2] == "name") {
      c.kind = ActorKind::kCountry;
      c.code = f[0];
    } else if (f[2] == "demonym") {
      c.kind = ActorKind::kDemonym;
      c.code = f[0];
    } else if (f[2] == "people") {
      c.kind = ActorKind::kPeople;
      c.code = f[0];
    } else if (f[2] == "capital") {
      c.kind = ActorKind::kCapital;
      c.code = f[0] + "GOV";
      c.sectors = {"GOV"};
    } else {
      return Status::InvalidInput(dir + "countries.tsv: unknown kind '" + f[2] + "'");
    }
    add(f[3], std::move(c));
  }

  TACITUS_RETURN_IF_ERROR(read_tsv(dir + "roles.tsv", 2, [&](const std::vector<std::string>& f) {
    if (!is_sector(f[1])) return Status::InvalidInput("unknown sector '" + f[1] + "'");
    ActorCoding c;
    c.kind = ActorKind::kRole;
    c.code = f[1];
    c.sectors = {f[1]};
    c.takes_name = f.size() > 2 && f[2] == "yes";
    add(f[0], std::move(c));
    return Status::Ok();
  }));

  auto read_organisations = [&](const std::string& path) {
    return read_tsv(path, 5, [&](const std::vector<std::string>& f) {
      ActorCoding c;
      c.kind = ActorKind::kOrganisation;
      c.code = f[0];
      c.country = f[1];
      c.sectors = split_list(f[2], ',');
      c.name = f[3];
      if (c.code.empty()) return Status::InvalidInput("empty actor code");
      add(f[3], c);
      for (const std::string& alias : split_list(f[4], '|')) add(alias, c);
      return Status::Ok();
    });
  };
  // ACLED-derived names first, so that our curated list overrides a form both contain.
  if (acled_groups) {
    Status s = read_organisations(dir + "groups_acled.tsv");
    if (!s.ok() && s.code() != Status::Code::kNotFound) return s;
  }
  TACITUS_RETURN_IF_ERROR(read_organisations(dir + "organisations.tsv"));

  TACITUS_RETURN_IF_ERROR(read_tsv(dir + "people.tsv", 3, [&](const std::vector<std::string>& f) {
    ActorCoding c;
    c.kind = ActorKind::kPerson;
    c.code = f[0];
    c.name = f[1];
    // Person codes are split at coding time against the final country list.
    add(f[1], c);
    for (const std::string& alias : split_list(f[2], '|')) add(alias, c);
    return Status::Ok();
  }));
  return Status::Ok();
}

}  // namespace tacitus
