// The text stage: UTF-8 checks, NFC normalisation, tokenisation and sentence splitting of news
// English. Tokens follow the UD English EWT conventions (the tagger and parser are trained on EWT)
// except that hyphenated words ("al-Taji", "re-positioning") stay one token, as entity and place
// lookup need them whole. See docs/input.md for the full list of rules.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/pipeline.h"
#include "tacitus/status.h"

namespace tacitus {

// Returns true when `s` is NOT well-formed UTF-8 (truncated or overlong sequences, surrogates,
// code points above U+10FFFF, stray continuation bytes) and sets *offset (when non-null) to the
// byte offset of the first bad sequence. Returns false for valid text, leaving *offset untouched.
bool find_invalid_utf8(std::string_view s, size_t* offset);

// Returns `s` in Unicode Normalization Form C (utf8proc). Text that is already NFC (nearly all
// news text) comes back byte-identical. Invalid UTF-8 comes back unchanged. Normalise before
// storing a Document's text, never after tokenising: token offsets refer to the stored bytes.
std::string normalize_nfc(std::string_view s);

// The most tokens a sentence holds. Text that runs on past it without a sentence end is cut after
// a comma, semicolon or colon in the second half of the run, else at the limit, so that the
// per-sentence work of later stages (parsing, event spans) stays bounded. Real sentences are far
// shorter: the longest in UD English EWT has 159 words.
inline constexpr size_t kMaxSentenceTokens = 250;

// Splits `text` into tokens and sentences, replacing the contents of `tokens` and `sentences`.
// Offsets are byte offsets into `text`, which must be valid UTF-8 (invalid bytes are kept inside
// tokens, never split) and shorter than 4 GiB. Every sentence holds at least one and at most
// kMaxSentenceTokens tokens; sentences are contiguous and cover all tokens. Thread-safe (no shared
// mutable state).
void tokenize_text(std::string_view text, std::vector<Token>& tokens,
                   std::vector<Sentence>& sentences);

// tokenize_text(doc.text, doc.tokens, doc.sentences); the other layers of `doc` are untouched.
void tokenize(Document& doc);

// The "text" pipeline stage: checks that doc.text is valid UTF-8 below 4 GiB (else an
// InvalidInput Status naming the byte offset) and then runs tokenize(doc).
std::shared_ptr<const Stage> make_text_stage();

// Token and sentence-boundary agreement with a gold segmentation.
struct SegmentationScore {
  size_t gold_tokens = 0, predicted_tokens = 0, matched_tokens = 0;
  size_t gold_sentences = 0, predicted_sentences = 0, matched_sentences = 0;
  size_t documents = 0;
  double token_precision() const;
  double token_recall() const;
  double token_f1() const;
  double sentence_precision() const;
  double sentence_recall() const;
  double sentence_f1() const;
};

// Scores tokenize_text against a CoNLL-U treebank (as UD English EWT): each `# newdoc` starts a
// document whose raw text is rebuilt from the `# text =` lines (sentences joined by a space, and by
// a blank line at `# newpar`). A token matches when its byte span equals a gold word's span
// (syntactic words of a multiword token count when they spell the surface form, as "did"+"n't");
// a sentence matches when its first and last byte both agree. Returns InvalidInput when a
// sentence lacks `# text` or its forms cannot be found in it.
Result<SegmentationScore> score_segmentation_conllu(std::string_view conllu);

// score_segmentation_conllu on the file at `path` (NotFound / IOError when it cannot be read).
Result<SegmentationScore> score_segmentation_file(const std::string& path);

}  // namespace tacitus
