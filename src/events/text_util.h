// Small text helpers shared by the event coder's files (not public API).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tacitus/document.h"

namespace tacitus::events_internal {

// Lower-cased token text with typographic apostrophes and quotes folded to ASCII ("’s" -> "'s",
// "“" -> "\""), so lexicon entries need only one spelling.
std::string normalize_word(std::string_view s);

// normalize_word of each token of `doc` (index = token index).
std::vector<std::string> normalized_tokens(const Document& doc);

// Verb inflections of `lemma` (3rd person, past, participle, gerund), including consonant
// doubling variants; over-generation is harmless in a lookup table.
std::vector<std::string> verb_forms(const std::string& lemma);

// Plural of a noun ("strike" -> "strikes", "militia" -> "militias", "casualty" -> "casualties").
std::string noun_plural(const std::string& noun);

// Splits on any of `seps`, dropping empty pieces.
std::vector<std::string> split(std::string_view s, std::string_view seps);

std::string_view trim(std::string_view s);

bool is_punct_word(std::string_view w);

}  // namespace tacitus::events_internal
