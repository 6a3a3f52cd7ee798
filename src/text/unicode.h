// Internal: code point decoding and character classes used by the tokenizer, the readers and the
// actor coder's letter-case test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tacitus::text_internal {

// Decodes the code point at s[i]; sets *len to its byte length (1 for an invalid byte, which
// decodes as U+FFFD so callers never loop forever on bad input).
char32_t decode_at(std::string_view s, size_t i, size_t* len);

// Appends the UTF-8 encoding of `cp` to `out`.
void append_utf8(char32_t cp, std::string& out);

// Whitespace that separates tokens: ASCII space/controls, no-break and typographic spaces,
// zero-width space and the byte-order mark.
bool is_space(char32_t cp);
// Line breaks: \n, U+2028, U+2029 (a lone \r is treated as a line break too).
bool is_line_break(char32_t cp);
bool is_letter(char32_t cp);
bool is_digit(char32_t cp);  // Unicode Nd
bool is_upper(char32_t cp);
bool is_lower(char32_t cp);

}  // namespace tacitus::text_internal
