// Token normalisation shared by the actor dictionary builder, the trie lookup and the coder.
#pragma once

#include <string>
#include <string_view>

namespace tacitus {

// Lower-cases ASCII letters, maps curly apostrophes to "'", and drops periods inside a token
// ("U.S." -> "us", "Gen." -> "gen"); a lone "." stays ".".
std::string normalize_actor_token(std::string_view token);

struct TokenCase {
  bool capitalised = false;  // first letter is upper case (or non-ASCII)
  bool all_caps = false;     // every letter is upper case
  int letters = 0;
};
TokenCase token_case(std::string_view token);

}  // namespace tacitus
