#include "events/text_util.h"

#include <cctype>

namespace tacitus::events_internal {

std::string normalize_word(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      unsigned char c3 = static_cast<unsigned char>(s[i + 2]);
      if (c3 == 0x98 || c3 == 0x99) {  // ‘ ’
        out.push_back('\'');
        i += 2;
        continue;
      }
      if (c3 == 0x9C || c3 == 0x9D) {  // “ ”
        out.push_back('"');
        i += 2;
        continue;
      }
      if (c3 == 0x93 || c3 == 0x94) {  // – —
        out.push_back('-');
        i += 2;
        continue;
      }
    }
    out.push_back(c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c));
  }
  return out;
}

std::vector<std::string> normalized_tokens(const Document& doc) {
  std::vector<std::string> out;
  out.reserve(doc.tokens.size());
  for (size_t i = 0; i < doc.tokens.size(); ++i) out.push_back(normalize_word(doc.token_text(i)));
  return out;
}

namespace {
bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
}  // namespace

std::vector<std::string> verb_forms(const std::string& lemma) {
  std::vector<std::string> forms{lemma};
  if (lemma.empty()) return forms;
  size_t n = lemma.size();
  char last = lemma[n - 1];
  // Third person singular.
  if (last == 'y' && n > 1 && !is_vowel(lemma[n - 2])) {
    forms.push_back(lemma.substr(0, n - 1) + "ies");
  } else if (last == 's' || last == 'x' || last == 'z' || last == 'o' || lemma.ends_with("ch") ||
             lemma.ends_with("sh")) {
    forms.push_back(lemma + "es");
  } else {
    forms.push_back(lemma + "s");
  }
  // Past / participle.
  if (last == 'e') {
    forms.push_back(lemma + "d");
  } else if (last == 'y' && n > 1 && !is_vowel(lemma[n - 2])) {
    forms.push_back(lemma.substr(0, n - 1) + "ied");
  } else {
    forms.push_back(lemma + "ed");
  }
  // Gerund.
  if (lemma.ends_with("ie")) {
    forms.push_back(lemma.substr(0, n - 2) + "ying");
  } else if (last == 'e' && n > 2 && lemma[n - 2] != 'e' && lemma[n - 2] != 'y' && lemma[n - 2] != 'o') {
    forms.push_back(lemma.substr(0, n - 1) + "ing");
  } else {
    forms.push_back(lemma + "ing");
  }
  // Consonant doubling after a single stressed-looking vowel: "stab" -> "stabbed", "ban" ->
  // "banning". Both variants are kept since stress is unknown ("targeted" vs "banned").
  if (n >= 3 && !is_vowel(last) && last != 'w' && last != 'x' && last != 'y' &&
      is_vowel(lemma[n - 2]) && !is_vowel(lemma[n - 3])) {
    forms.push_back(lemma + last + "ed");
    forms.push_back(lemma + last + "ing");
  }
  return forms;
}

std::string noun_plural(const std::string& noun) {
  size_t n = noun.size();
  if (n == 0) return noun;
  char last = noun[n - 1];
  if (last == 'y' && n > 1 && !is_vowel(noun[n - 2])) return noun.substr(0, n - 1) + "ies";
  if (last == 's' || last == 'x' || last == 'z' || noun.ends_with("ch") || noun.ends_with("sh"))
    return noun + "es";
  return noun + "s";
}

std::vector<std::string> split(std::string_view s, std::string_view seps) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find_first_of(seps, i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_punct_word(std::string_view w) {
  if (w.empty()) return true;
  for (unsigned char c : w)
    if (std::isalnum(c) || c >= 0x80) return false;
  return true;
}

}  // namespace tacitus::events_internal
