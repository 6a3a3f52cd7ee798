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

// Latin letters that Unicode does not decompose into a base letter and a mark (so STRIPMARK keeps
// them), given as the two UTF-8 bytes of their case-folded form; nullptr for anything else.
const char* undecomposed_latin(unsigned char b0, unsigned char b1) {
  struct Fold {
    unsigned char b0, b1;
    const char* ascii;
  };
  static constexpr Fold kFolds[] = {
      {0xC4, 0xB1, "i"},   // ı dotless i (Turkish)
      {0xC5, 0x82, "l"},   // ł
      {0xC3, 0xB8, "o"},   // ø
      {0xC4, 0x91, "d"},   // đ
      {0xC3, 0xA6, "ae"},  // æ
      {0xC5, 0x93, "oe"},  // œ
      {0xC4, 0xA7, "h"},   // ħ
      {0xC3, 0xBE, "th"},  // þ
      {0xC3, 0xB0, "d"},   // ð
  };
  for (const Fold& f : kFolds)
    if (f.b0 == b0 && f.b1 == b1) return f.ascii;
  return nullptr;
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
    } else if (const char* latin = c >= 0xC3 && c <= 0xC5 && i + 1 < folded.size()
                                       ? undecomposed_latin(c, static_cast<unsigned char>(folded[i + 1]))
                                       : nullptr) {
      key += latin;  // "Diyarbakır" -> "diyarbakir", "Łódź" -> "lodz"
      i += 1;
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

namespace {

// An admin-1 name without the words naming its level: "Diyarbakir Province" -> "diyarbakir",
// "Autonomous Republic of Adjara" -> "adjara", "County of Osijek-Baranja" -> "osijek baranja",
// "Bashkortostan Republic" -> "bashkortostan".
std::string admin1_name_key(std::string_view name) {
  std::string k = normalize_place_name(name);
  for (std::string_view head : {"autonomous republic of ", "republic of ", "province of ", "state of ", "region of ",
                                "county of ", "city of ", "federal territory of ", "national capital territory of ",
                                "nct of "})
    if (k.starts_with(head)) k = normalize_place_name(k.substr(head.size()));
  for (std::string_view tail : {" autonomous district", " province", " governorate", " region", " state", " oblast",
                                " department", " county", " district", " prefecture", " division", " republic"})
    if (k.size() > tail.size() && k.ends_with(tail)) k.resize(k.size() - tail.size());
  return k;
}

// A word-final "h" after a vowel is written or not at will in transliterations of Arabic names
// (ta marbuta: "Al-Qadisiyah" / "Qadissiya", "Hajjah" / "Hajja", "Salah" / "Sala").
std::string drop_final_h(std::string_view key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    const bool word_end = i + 1 == key.size() || key[i + 1] == ' ';
    const char prev = i > 0 ? key[i - 1] : ' ';
    if (key[i] == 'h' && word_end && (prev == 'a' || prev == 'e' || prev == 'i' || prev == 'o' || prev == 'u'))
      continue;
    out += key[i];
  }
  return out;
}

}  // namespace

bool same_admin1_name(std::string_view a, std::string_view b) {
  const std::string ka = admin1_name_key(a), kb = admin1_name_key(b);
  if (ka.empty() || kb.empty()) return false;
  if (ka == kb) return true;
  // Transliteration variants of one name: Galguduud / Galgaduud, Al-Hasakah / Al-Hasakeh.
  const std::string sa = place_name_skeleton(drop_final_h(ka)), sb = place_name_skeleton(drop_final_h(kb));
  return !sa.empty() && sa == sb;
}

}  // namespace tacitus
