// Feature extraction of the entity recogniser (internal to src/ner). Features are emission-only
// (no tag history), so a sentence's features are computed once and Viterbi decodes over them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/ner.h"
#include "tacitus/word_clusters.h"
#include "ner/name_lexicon.h"

namespace tacitus::ner {

// Feature keys of every token of a sentence: keys[offsets[i] .. offsets[i+1]) belong to token i.
struct SentenceFeatures {
  std::vector<uint64_t> keys;
  std::vector<uint32_t> offsets;
};

// How each word (lower-cased) is written across one document: names recur, and a
// sentence-initial, headline or all-lower-case word is easier to read from its other uses (a
// "Rally" that opens a sentence is a name if the document writes "Rally" mid-sentence too).
struct DocumentContext {
  struct Word {
    uint16_t count = 0;        // occurrences
    uint16_t capitalised = 0;  // occurrences written with a capital, not sentence-initial
    uint16_t lower = 0;        // occurrences written in lower case
    uint8_t longest_run = 0;   // longest run of capitalised words containing it (see features)
  };
  std::unordered_map<uint64_t, Word> words;  // by string_hash of the lower-cased word
};

// The context of a document given as its sentences of word forms.
DocumentContext document_context(const std::vector<const std::vector<std::string>*>& sentences);

// Extracts the features of `words` (UPOS empty or one per word) into `out`; `doc` (may be null)
// is the context of the document the sentence belongs to. `clusters`: word classes learned from
// unlabelled news; `vector_classes`: classes of pretrained word vectors; either, and `names`, may
// be empty. `long_range`: also the words just before and after each run of capitalised words.
void extract_features(const std::vector<std::string>& words, const std::vector<Upos>& upos,
                      const NerResources& resources, const WordClusters& clusters,
                      const WordClusters& vector_classes, const NameLexicon& names,
                      const DocumentContext* doc, SentenceFeatures& out, bool long_range);

// What the first pass tagged across one document (second pass, see NerTrainOptions): for each
// lower-cased word, how its occurrences were tagged (O, PER, ORG, LOC); for each tagged name (its
// lower-cased words), the types it was given; and for each word, the types of the multi-word
// names it appeared inside.
struct StackContext {
  std::unordered_map<uint64_t, std::array<uint16_t, 4>> word, inside_long;
  std::unordered_map<uint64_t, std::array<uint16_t, 4>> name;
};

// `labels`: the first pass's BILOU ids (0 O, 1 + 4 * type + {B, I, L, U}) per token of each
// sentence.
StackContext stack_context(const std::vector<const std::vector<std::string>*>& sentences,
                           const std::vector<std::vector<int>>& labels);

// `base` (the sentence's first-pass features) plus the second-pass features drawn from the
// sentence's first-pass `labels` and the document's `ctx`, into `out`.
void stacked_features(const std::vector<std::string>& words, const std::vector<int>& labels,
                      const StackContext& ctx, const SentenceFeatures& base, SentenceFeatures& out);

// "Xxxx" -> "Xx", "U.S." -> "X.X.", "1990" -> "d": runs of a character class collapse.
std::string word_shape(std::string_view w);

}  // namespace tacitus::ner
