// Readers for PETRARCH/TABARI-format actor and agent dictionaries (the Phoenix dictionaries of the
// Open Event Data Alliance and the PETRARCH validation suite). The formats are described in
// docs/dictionaries.md.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>

#include "tacitus/actors.h"

namespace tacitus {
namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// "AFGHAN_NATIONAL_SECURITY_FORCES_" -> "AFGHAN NATIONAL SECURITY FORCES" (underscores join words;
// a trailing one marks the end of a word in TABARI, which our whole-token matching implies).
std::string phrase_of(std::string_view raw) {
  std::string out;
  for (char c : raw) out.push_back(c == '_' ? ' ' : c);
  return trim(out);
}

// Parses a PETRARCH date: YYMMDD (years < 30 are 20xx) or YYYYMMDD; 0 when unreadable.
uint32_t parse_date(std::string_view s) {
  std::string digits;
  for (char c : s)
    if (std::isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  if (digits.size() == 6) {
    uint32_t v = static_cast<uint32_t>(std::stoul(digits));
    uint32_t yy = v / 10000;
    return (yy < 30 ? 20000000u : 19000000u) + v;
  }
  if (digits.size() == 8) return static_cast<uint32_t>(std::stoul(digits));
  return 0;
}

// Parses "[CODE]", "[CODE 010101-]", "[CODE >011222]", "[CODE <991231]", "[CODE 950101-991231]".
bool parse_code(std::string_view bracket, ActorCoding& out) {
  size_t open = bracket.find('['), close = bracket.find_first_of("]}", open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || close == std::string_view::npos) return false;
  std::string inner = trim(bracket.substr(open + 1, close - open - 1));
  size_t space = inner.find_first_of(" \t");
  std::string code = inner.substr(0, space);
  std::string range = space == std::string::npos ? "" : trim(inner.substr(space));
  for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (code.empty() || code == "---") return false;
  out.code = code;
  if (!range.empty()) {
    if (range[0] == '>') {
      out.valid_from = parse_date(range.substr(1));
    } else if (range[0] == '<') {
      out.valid_until = parse_date(range.substr(1));
    } else if (size_t dash = range.find('-'); dash != std::string::npos) {
      out.valid_from = parse_date(range.substr(0, dash));
      out.valid_until = parse_date(range.substr(dash + 1));
    }
  }
  return true;
}

std::string strip_comment(const std::string& line) {
  size_t hash = line.find('#');
  return hash == std::string::npos ? line : line.substr(0, hash);
}

// English plural as PETRARCH forms it for agents without an explicit {PLURAL}.
std::string plural_of(const std::string& word) {
  if (word.empty()) return word;
  auto ends = [&](std::string_view suf) {
    return word.size() >= suf.size() && word.compare(word.size() - suf.size(), suf.size(), suf) == 0;
  };
  if (ends("MAN")) return word.substr(0, word.size() - 3) + "MEN";
  if (ends("Y") && !ends("AY") && !ends("EY") && !ends("OY")) return word.substr(0, word.size() - 1) + "IES";
  if (ends("S") || ends("SH") || ends("CH") || ends("X")) return word + "ES";
  return word + "S";
}

}  // namespace

Status ActorDictionaryBuilder::add_petrarch_actors(const std::string& path, size_t* added) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open");
  size_t count = 0;
  std::vector<std::string> forms;    // the current root and its synonyms
  std::vector<ActorCoding> codings;  // the current root's codes
  auto flush = [&] {
    if (!forms.empty() && !codings.empty()) {
      for (const std::string& f : forms) {
        bool first = true;
        for (const ActorCoding& c : codings) {
          add_impl(f, c, !first, /*case_from_form=*/false);
          first = false;
        }
        ++count;
      }
    }
    forms.clear();
    codings.clear();
  };
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t.rfind("<!--", 0) == 0) continue;
    t = trim(strip_comment(t));
    if (t.empty()) continue;
    bool continuation = std::isspace(static_cast<unsigned char>(line[0])) && t[0] == '[';
    if (continuation) {  // "\t[CODE date]" belongs to the current root
      ActorCoding c;
      c.kind = ActorKind::kOrganisation;
      if (parse_code(t, c)) codings.push_back(std::move(c));
      continue;
    }
    bool synonym = t[0] == '+';
    if (synonym) t = trim(t.substr(1));
    if (!synonym) flush();
    std::string words = t;
    size_t bracket = t.find('[');
    if (bracket != std::string::npos) {
      words = trim(t.substr(0, bracket));
      ActorCoding c;
      c.kind = ActorKind::kOrganisation;
      if (parse_code(t.substr(bracket), c)) codings.push_back(std::move(c));
    }
    std::string phrase = phrase_of(words);
    if (!phrase.empty()) {
      forms.push_back(phrase);
      for (ActorCoding& c : codings)
        if (c.name.empty()) c.name = forms.front();
    }
  }
  flush();
  if (in.bad()) return Status::IOError(path + ": read failed");
  if (added) *added = count;
  return Status::Ok();
}

Status ActorDictionaryBuilder::add_petrarch_agents(const std::string& path, size_t* added) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::map<std::string, std::vector<std::string>> macros;  // "!PERSON!" -> MAN, MEN, ...
  size_t count = 0;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string t = trim(strip_comment(line));
    if (t.empty() || t.rfind("<!--", 0) == 0) continue;
    if (t[0] == '!' && t.find('=') != std::string::npos) {
      size_t eq = t.find('=');
      std::string name = trim(t.substr(0, eq));
      std::vector<std::string> values;
      std::string rest = t.substr(eq + 1);
      size_t start = 0;
      while (start <= rest.size()) {
        size_t comma = rest.find(',', start);
        if (comma == std::string::npos) comma = rest.size();
        std::string v = trim(rest.substr(start, comma - start));
        if (!v.empty()) values.push_back(v);
        start = comma + 1;
      }
      macros[name] = std::move(values);
      continue;
    }
    size_t bracket = t.find('[');
    if (bracket == std::string::npos) continue;  // an agent with no code
    std::string head = trim(t.substr(0, bracket));
    std::string plural_block;
    bool has_block = false;
    if (size_t brace = head.find('{'); brace != std::string::npos) {
      size_t close = head.find('}', brace);
      has_block = true;
      plural_block = trim(head.substr(brace + 1, close == std::string::npos ? std::string::npos : close - brace - 1));
      head = trim(head.substr(0, brace));
    }
    ActorCoding c;
    c.kind = ActorKind::kRole;
    if (!parse_code(t.substr(bracket), c)) continue;
    // "~GOV" appends a sector to the country; "GOV~" prefixes it. Either way the agent is a role.
    std::string code = c.code;
    code.erase(std::remove(code.begin(), code.end(), '~'), code.end());
    if (code.size() < 3) continue;
    c.code = code.substr(0, 3);
    c.sectors.clear();
    for (size_t i = 0; i + 3 <= code.size(); i += 3) c.sectors.push_back(code.substr(i, 3));
    // Expand "!MACRO!" substitutions (at most one per agent, as in PETRARCH).
    std::vector<std::string> heads = {head};
    for (const auto& [name, values] : macros) {
      size_t at = head.find(name);
      if (at == std::string::npos) continue;
      heads.clear();
      for (const std::string& v : values) heads.push_back(head.substr(0, at) + v + head.substr(at + name.size()));
      break;
    }
    for (const std::string& h : heads) {
      if (h.find('!') != std::string::npos) continue;  // an undefined macro
      add(phrase_of(h), c);
      ++count;
      if (has_block) {
        if (!plural_block.empty()) {
          add(phrase_of(plural_block), c);
          ++count;
        }
      } else if (heads.size() == 1) {  // macro expansions already list plurals (MAN, MEN)
        std::string base = h;
        while (!base.empty() && base.back() == '_') base.pop_back();
        add(phrase_of(plural_of(base)), c);
        ++count;
      }
    }
  }
  if (in.bad()) return Status::IOError(path + ": read failed");
  if (added) *added = count;
  return Status::Ok();
}

}  // namespace tacitus
