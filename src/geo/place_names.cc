// Place-name keys: the exact key (case, diacritics, punctuation and Arabic articles folded) and the
// transliteration skeleton that lets "Ein Issa" find "'Ayn 'Isa".
#include <utf8proc.h>

#include <array>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "tacitus/gazetteer.h"

namespace tacitus {

namespace {

// Leading articles that transliterations write or omit at will ("Al Mawsil", "At Taji", "El
// Fasher", "ash-Shaddadi"), plus English "the" ("The Hague").
bool is_article(std::string_view w) {
  static constexpr std::array<std::string_view, 22> kArticles = {
      "al", "el", "ad", "ag", "ash", "as", "at", "ar", "az", "an", "adh", "ath",
      "ed", "er", "es", "et", "ez", "en", "ul", "ud", "the", "il"};
  for (auto a : kArticles)
    if (w == a) return true;
  return false;
}

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

std::string normalize_place_name(std::string_view name) {
  std::string folded;
  bool ascii = true;
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
  if (ascii) {
    folded.assign(name);
  } else {
    utf8proc_uint8_t* out = nullptr;
    const auto len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
                                  static_cast<utf8proc_ssize_t>(name.size()), &out,
                                  static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                                                 UTF8PROC_CASEFOLD | UTF8PROC_COMPAT));
    if (len < 0) return {};
    folded.assign(reinterpret_cast<const char*>(out), static_cast<size_t>(len));
    std::free(out);
  }
  std::string key;
  key.reserve(folded.size());
  for (size_t i = 0; i < folded.size(); ++i) {
    const auto c = static_cast<unsigned char>(folded[i]);
    if (c >= 'A' && c <= 'Z') {
      key += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      key += static_cast<char>(c);
    } else if (c == '\'' || c == '.' || c == '`') {
      // Apostrophes and abbreviation dots vanish: "U.S." -> "us", "'Ayn" -> "ayn".
    } else if (c == 0xE2 && i + 2 < folded.size() && static_cast<unsigned char>(folded[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(folded[i + 2]) == 0x98 ||
                static_cast<unsigned char>(folded[i + 2]) == 0x99)) {
      i += 2;  // typographic apostrophes
    } else if (c == 0xCA && i + 1 < folded.size() &&
               (static_cast<unsigned char>(folded[i + 1]) == 0xBF ||
                static_cast<unsigned char>(folded[i + 1]) == 0xBE)) {
      i += 1;  // ayn and hamza modifier letters
    } else if (c >= 0x80) {
      key += static_cast<char>(c);  // other scripts stay, so that they never collide with Latin
    } else {
      if (!key.empty() && key.back() != ' ') key += ' ';
    }
  }
  while (!key.empty() && key.back() == ' ') key.pop_back();
  // Drop a leading article when something follows it; "the" too.
  auto words = split_words(key);
  size_t first = 0;
  while (first + 1 < words.size() && is_article(words[first])) ++first;
  if (first == 0) return key;
  std::string out;
  for (size_t i = first; i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out.append(words[i]);
  }
  return out;
}

std::string place_name_skeleton(std::string_view normalized) {
  std::string out;
  auto words = split_words(normalized);
  for (size_t w = 0; w < words.size(); ++w) {
    if (words.size() > 1 && is_article(words[w])) continue;
    std::string_view word = words[w];
    for (size_t i = 0; i < word.size(); ++i) {
      char c = word[i];
      if (static_cast<unsigned char>(c) >= 0x80) return {};
      char k;
      switch (c) {
        case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'w':
          k = 'a';
          break;
        case 'q': case 'c':
          k = 'k';
          break;
        case 'h':
          // "kh", "sh", "th", "dh", "gh": the h only marks the consonant's transliteration.
          if (i > 0 && word[i - 1] != 'a' && word[i - 1] != 'e' && word[i - 1] != 'i' &&
              word[i - 1] != 'o' && word[i - 1] != 'u')
            continue;
          k = 'h';
          break;
        default:
          k = c;
      }
      if (!out.empty() && out.back() == k) continue;
      out += k;
    }
  }
  if (out.size() < 4) return {};
  return out;
}

}  // namespace tacitus
