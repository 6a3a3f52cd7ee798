#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/test_support.h"
#include "tacitus/text.h"

namespace tacitus {
namespace {

std::vector<std::string> toks(std::string_view text) {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  tokenize_text(text, tokens, sentences);
  std::vector<std::string> out;
  for (const Token& t : tokens) out.emplace_back(text.substr(t.start, t.end - t.start));
  return out;
}

std::vector<std::string> sents(std::string_view text) {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  tokenize_text(text, tokens, sentences);
  std::vector<std::string> out;
  for (const Sentence& s : sentences) out.emplace_back(text.substr(s.start, s.stop - s.start));
  return out;
}

using V = std::vector<std::string>;

TEST(Tokenize, EmptyAndWhitespaceOnly) {
  EXPECT_TRUE(toks("").empty());
  EXPECT_TRUE(toks(" \n\t \xC2\xA0 ").empty());
  EXPECT_TRUE(sents("  \n\n ").empty());
}

TEST(Tokenize, OffsetsAndSpaceAfter) {
  const std::string text = "Hi, Bob.";
  Document doc;
  doc.text = text;
  tokenize(doc);
  ASSERT_EQ(doc.tokens.size(), 4u);
  EXPECT_EQ(doc.token_text(0), "Hi");
  EXPECT_FALSE(doc.tokens[0].space_after);
  EXPECT_EQ(doc.token_text(1), ",");
  EXPECT_TRUE(doc.tokens[1].space_after);
  EXPECT_EQ(doc.tokens[2].start, 4u);
  EXPECT_EQ(doc.tokens[2].end, 7u);
  EXPECT_FALSE(doc.tokens[3].space_after);  // end of text
  ASSERT_EQ(doc.sentences.size(), 1u);
  EXPECT_EQ(doc.sentences[0].begin, 0u);
  EXPECT_EQ(doc.sentences[0].end, 4u);
  EXPECT_EQ(doc.sentences[0].start, 0u);
  EXPECT_EQ(doc.sentences[0].stop, 8u);
}

TEST(Tokenize, Abbreviations) {
  EXPECT_EQ(toks("U.S. and U.K. troops"), (V{"U.S.", "and", "U.K.", "troops"}));
  EXPECT_EQ(toks("Gen. Qasem Soleimani met Sen. Smith"),
            (V{"Gen.", "Qasem", "Soleimani", "met", "Sen.", "Smith"}));
  EXPECT_EQ(toks("Lt. Col. Jones at 10 a.m. on Jan. 5"),
            (V{"Lt.", "Col.", "Jones", "at", "10", "a.m.", "on", "Jan.", "5"}));
  EXPECT_EQ(toks("St. Louis, Mr. and Dr. Lee, No. 5, Iraq vs. Iran, etc."),
            (V{"St.", "Louis", ",", "Mr.", "and", "Dr.", "Lee", ",", "No.", "5", ",", "Iraq", "vs.",
               "Iran", ",", "etc."}));
}

TEST(Sentences, RunOnTextIsCutIntoBoundedSentences) {
  // 700 words without a sentence end; a comma after word 200.
  std::string text;
  for (int i = 1; i <= 700; ++i) text += (i == 200 ? "w, " : "w ");
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  tokenize_text(text, tokens, sentences);
  ASSERT_EQ(tokens.size(), 701u);
  ASSERT_EQ(sentences.size(), 3u);
  EXPECT_EQ(sentences[0].end, 201u);  // after the comma (token 200), inside the second half
  EXPECT_EQ(sentences[1].end, 201u + kMaxSentenceTokens);  // no comma: cut at the limit
  uint32_t next = 0;
  for (const Sentence& s : sentences) {
    EXPECT_EQ(s.begin, next);
    EXPECT_LE(s.end - s.begin, kMaxSentenceTokens);
    next = s.end;
  }
  EXPECT_EQ(next, tokens.size());
}

TEST(Sentences, AbbreviationsDoNotEndSentences) {
  EXPECT_EQ(sents("Gen. Smith met Mr. Jones in St. Louis. They talked."),
            (V{"Gen. Smith met Mr. Jones in St. Louis.", "They talked."}));
  EXPECT_EQ(sents("U.S. officials said so. The U.S. Army agreed."),
            (V{"U.S. officials said so.", "The U.S. Army agreed."}));
  EXPECT_EQ(sents("He moved to the U.S. The move was costly."),
            (V{"He moved to the U.S.", "The move was costly."}));
  EXPECT_EQ(sents("It opened at 9 a.m. on Monday."), (V{"It opened at 9 a.m. on Monday."}));
}

TEST(Tokenize, Initials) {
  EXPECT_EQ(toks("J. R. Smith and J.R.R. Tolkien"),
            (V{"J.", "R.", "Smith", "and", "J.R.R.", "Tolkien"}));
  EXPECT_EQ(sents("J. R. Smith spoke. Then he left."), (V{"J. R. Smith spoke.", "Then he left."}));
}

TEST(Tokenize, CurlyAndStraightQuotes) {
  EXPECT_EQ(toks("“Osbat al-Thaereen.”"), (V{"“", "Osbat", "al-Thaereen", ".", "”"}));
  EXPECT_EQ(toks("‘help the Iraqis defeat ISIS’ –"),
            (V{"‘", "help", "the", "Iraqis", "defeat", "ISIS", "’", "–"}));
  EXPECT_EQ(toks("\"Yes,\" he said."), (V{"\"", "Yes", ",", "\"", "he", "said", "."}));
}

TEST(Sentences, EndAfterClosingQuote) {
  EXPECT_EQ(sents("He said “we will stay.” The coalition left."),
            (V{"He said “we will stay.”", "The coalition left."}));
  EXPECT_EQ(sents("He said \"we will stay.\" The coalition left."),
            (V{"He said \"we will stay.\"", "The coalition left."}));
  EXPECT_EQ(sents("“Why?” he asked."), (V{"“Why?” he asked."}));
  EXPECT_EQ(sents("Really?! Yes. (It was.) Then more."),
            (V{"Really?!", "Yes.", "(It was.)", "Then more."}));
}

TEST(Tokenize, Dashes) {
  EXPECT_EQ(toks("the al-Taji base"), (V{"the", "al-Taji", "base"}));
  EXPECT_EQ(toks("Iraq–Syria border"), (V{"Iraq", "–", "Syria", "border"}));
  EXPECT_EQ(toks("al-Mouhendis – a problematic"), (V{"al-Mouhendis", "–", "a", "problematic"}));
  EXPECT_EQ(toks("day -- a chance"), (V{"day", "--", "a", "chance"}));
  EXPECT_EQ(toks("day--a chance—really"), (V{"day", "--", "a", "chance", "—", "really"}));
  EXPECT_EQ(toks("all-out re-positioning"), (V{"all-out", "re-positioning"}));
}

TEST(Tokenize, Numbers) {
  EXPECT_EQ(toks("55,000 square kilometers"), (V{"55,000", "square", "kilometers"}));
  EXPECT_EQ(toks("rose 1.5 points, or 3.5%, to $10 in the 1980s."),
            (V{"rose", "1.5", "points", ",", "or", "3.5", "%", ",", "to", "$", "10", "in", "the",
               "1980s", "."}));
  EXPECT_EQ(toks("at 10:30 on 03/17/2020"), (V{"at", "10:30", "on", "03/17/2020"}));
  EXPECT_EQ(toks("in 2017."), (V{"in", "2017", "."}));
}

TEST(Tokenize, Possessives) {
  EXPECT_EQ(toks("Iraq's border"), (V{"Iraq", "'s", "border"}));
  EXPECT_EQ(toks("Washington’s latest"), (V{"Washington", "’s", "latest"}));
  EXPECT_EQ(toks("the Iraqis' land"), (V{"the", "Iraqis", "'", "land"}));
  EXPECT_EQ(toks("IRAQ'S PMU"), (V{"IRAQ", "'S", "PMU"}));
}

TEST(Tokenize, Contractions) {
  EXPECT_EQ(toks("don't"), (V{"do", "n't"}));
  EXPECT_EQ(toks("can't won't didn’t"), (V{"ca", "n't", "wo", "n't", "did", "n’t"}));
  EXPECT_EQ(toks("I'm we're they've she'll he'd"),
            (V{"I", "'m", "we", "'re", "they", "'ve", "she", "'ll", "he", "'d"}));
  EXPECT_EQ(toks("cannot gonna"), (V{"can", "not", "gon", "na"}));
  EXPECT_EQ(toks("O'Neil"), (V{"O'Neil"}));
}

TEST(Tokenize, WebTokens) {
  EXPECT_EQ(toks("See https://example.com/a,b?x=1."),
            (V{"See", "https://example.com/a,b?x=1", "."}));
  EXPECT_EQ(toks("(www.bbc.co.uk)"), (V{"(", "www.bbc.co.uk", ")"}));
  EXPECT_EQ(toks("mail press@un.org, or"), (V{"mail", "press@un.org", ",", "or"}));
  EXPECT_EQ(toks("MEMBER @21WIRE.TV"), (V{"MEMBER", "@21WIRE.TV"}));
  EXPECT_EQ(toks("follow @user: #MeToo!"), (V{"follow", "@user", ":", "#MeToo", "!"}));
}

TEST(Tokenize, EllipsesAndParentheses) {
  EXPECT_EQ(toks("wait... what…"), (V{"wait", "...", "what", "…"}));
  EXPECT_EQ(toks("units (which the US labels)"), (V{"units", "(", "which", "the", "US", "labels", ")"}));
  EXPECT_EQ(toks("friend(s) [sic]"), (V{"friend(s)", "[", "sic", "]"}));
  EXPECT_EQ(toks("The U.S. <Amoco Petroleum Corp> said"),
            (V{"The", "U.S.", "<", "Amoco", "Petroleum", "Corp", ">", "said"}));
  EXPECT_EQ(toks("<spahnn@hnks.com>"), (V{"<", "spahnn@hnks.com", ">"}));
}

TEST(Tokenize, Slashes) {
  EXPECT_EQ(toks("resistance/militant b/c and/or"),
            (V{"resistance", "/", "militant", "b/c", "and", "/", "or"}));
}

TEST(Sentences, LineBreaks) {
  EXPECT_EQ(sents("US to Evacuate Some Bases\n\nAs a result, the US left."),
            (V{"US to Evacuate Some Bases", "As a result, the US left."}));
  EXPECT_EQ(sents("HEADLINE HERE\nThe text follows."), (V{"HEADLINE HERE", "The text follows."}));
  EXPECT_EQ(sents("a line without a stop\nAnother line"), (V{"a line without a stop", "Another line"}));
  // A hard-wrapped sentence continuing in lower case is not split.
  EXPECT_EQ(sents("Showers continued in\nthe Bahia zone."), (V{"Showers continued in\nthe Bahia zone."}));
  EXPECT_EQ(sents("One.\r\nTwo."), (V{"One.", "Two."}));
}

TEST(Sentences, HardWrappedTextJoinsLinesWhereTheNextWordDidNotFit) {
  // Wrapped at 50 columns: "January" and "Comissaria" did not fit on their lines.
  const std::string wrapped =
      "Showers continued throughout the week in the early\n"
      "January days, alleviating the drought in the zone\n"
      "Comissaria Smith said in its weekly review of the\n"
      "cocoa market.\n";
  EXPECT_EQ(sents(wrapped), (V{"Showers continued throughout the week in the early\n"
                                "January days, alleviating the drought in the zone\n"
                                "Comissaria Smith said in its weekly review of the\n"
                                "cocoa market."}));
  // In the same text, a short line whose next word would have fitted is a line of its own (a
  // headline), and an indented line starts a paragraph.
  const std::string headline = "Cocoa rains\n" + wrapped +
                               "    Arrivals for the week ended February 22 were\n"
                               "155,221 bags of 60 kilos, the exporters reported.";
  EXPECT_EQ(sents(headline).front(), "Cocoa rains");
  EXPECT_EQ(sents(headline).size(), 3u);
  EXPECT_EQ(sents(headline).back(),
            "Arrivals for the week ended February 22 were\n155,221 bags of 60 kilos, the "
            "exporters reported.");
  // Lines of different lengths are not wrapped text: each capitalised line still starts a
  // sentence.
  EXPECT_EQ(sents("Rocket attack on base\nBAGHDAD officials said nothing\nNo comment yet\nMore "
                  "to follow later today in the evening"),
            (V{"Rocket attack on base", "BAGHDAD officials said nothing", "No comment yet",
               "More to follow later today in the evening"}));
}

TEST(Sentences, EllipsisAndLowercase) {
  EXPECT_EQ(sents("He paused... Then he spoke."), (V{"He paused...", "Then he spoke."}));
  EXPECT_EQ(sents("He paused... and spoke."), (V{"He paused... and spoke."}));
}

TEST(Utf8, FindsInvalidSequencesWithOffsets) {
  size_t off = 99;
  EXPECT_FALSE(find_invalid_utf8("plain ascii text that is long enough", &off));
  EXPECT_EQ(off, 99u);
  EXPECT_FALSE(find_invalid_utf8("caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x98\x80", &off));
  EXPECT_TRUE(find_invalid_utf8("abcdefghij\xFFxyz", &off));
  EXPECT_EQ(off, 10u);
  EXPECT_TRUE(find_invalid_utf8("ab\xC3", &off));  // truncated
  EXPECT_EQ(off, 2u);
  EXPECT_TRUE(find_invalid_utf8("\xC0\xAF", &off));  // overlong '/'
  EXPECT_EQ(off, 0u);
  EXPECT_TRUE(find_invalid_utf8("x\xED\xA0\x80", &off));  // surrogate
  EXPECT_EQ(off, 1u);
  EXPECT_TRUE(find_invalid_utf8("x\xF4\x90\x80\x80", &off));  // above U+10FFFF
  EXPECT_TRUE(find_invalid_utf8("\x80", &off));               // stray continuation
}

TEST(Utf8, NormalizesToNfc) {
  EXPECT_EQ(normalize_nfc("cafe\xCC\x81"), "caf\xC3\xA9");  // e + combining acute -> é
  EXPECT_EQ(normalize_nfc("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(normalize_nfc("ascii"), "ascii");
  EXPECT_EQ(normalize_nfc("bad\xFF"), "bad\xFF");  // invalid input is returned unchanged
}

TEST(Tokenize, InvalidBytesStayInsideTokens) {
  const std::string text = "ab\xFF" "cd ef.";
  EXPECT_EQ(toks(text), (V{"ab\xFF" "cd", "ef", "."}));
}

TEST(TextStage, RejectsInvalidUtf8AndTokenizesValidText) {
  auto stage = make_text_stage();
  EXPECT_EQ(stage->name(), "text");
  Document bad;
  bad.text = "ok \xFE";
  Status s = stage->run(bad);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("byte 3"), std::string::npos);
  Document good;
  good.text = "The US left Iraq. Troops moved.";
  ASSERT_TRUE(stage->run(good).ok());
  EXPECT_EQ(good.tokens.size(), 8u);
  EXPECT_EQ(good.sentences.size(), 2u);
}

TEST(Sentences, SeedArticle) {
  TACITUS_REQUIRE_SHARED(path, "examples/seed-article.txt");
  Document doc;
  doc.text = testing::read_file(path);
  tokenize(doc);
  std::vector<std::string> s;
  for (const Sentence& x : doc.sentences) s.emplace_back(doc.text.substr(x.start, x.stop - x.start));
  ASSERT_GE(s.size(), 20u);
  EXPECT_EQ(s[0], "US to Evacuate Some Bases in Iraq Following Recent Rocket Attacks");
  bool found = false;
  for (const auto& x : s)
    found |= x.rfind("On Thursday, the US responded", 0) == 0 &&
             x.find("Gen. Qasem Soleimani") != std::string::npos;
  EXPECT_TRUE(found) << "the sentence with 'Gen.' must not be split";
  // Sentences cover every token, in order.
  uint32_t next = 0;
  for (const Sentence& x : doc.sentences) {
    EXPECT_EQ(x.begin, next);
    EXPECT_LT(x.begin, x.end);
    next = x.end;
  }
  EXPECT_EQ(next, doc.tokens.size());
}

// Any byte string, valid UTF-8 or not, gives ordered, non-overlapping, non-empty tokens that the
// sentences cover exactly.
TEST(Tokenize, InvariantsHoldOnRandomInput) {
  const std::string alphabet[] = {"a", "B", "7", " ", "\n", ".", ",", "'", "\"", "-", "--", "(", ")", "$",
                                  "%", "@", "#", "/", ":", "?", "!", "\xE2\x80\x9C", "\xE2\x80\x9D",
                                  "\xE2\x80\x99", "\xE2\x80\x94", "\xE2\x80\xA6", "\xC3", "\xFF",
                                  "n't", "'s", "U.S.", "Mr.", "http://", "<", ">"};
  uint64_t state = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int len = static_cast<int>(state % 40);
    for (int i = 0; i < len; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      text += alphabet[(state >> 33) % (sizeof alphabet / sizeof alphabet[0])];
    }
    std::vector<Token> tokens;
    std::vector<Sentence> sentences;
    tokenize_text(text, tokens, sentences);
    uint32_t prev_end = 0;
    for (const Token& t : tokens) {
      ASSERT_LT(t.start, t.end) << text;
      ASSERT_GE(t.start, prev_end) << text;
      ASSERT_LE(t.end, text.size()) << text;
      prev_end = t.end;
    }
    uint32_t next = 0;
    for (const Sentence& x : sentences) {
      ASSERT_EQ(x.begin, next) << text;
      ASSERT_LT(x.begin, x.end) << text;
      ASSERT_EQ(x.start, tokens[x.begin].start);
      ASSERT_EQ(x.stop, tokens[x.end - 1].end);
      next = x.end;
    }
    ASSERT_EQ(next, tokens.size()) << text;
  }
}

TEST(SegmentationScore, ScoresSmallTreebank) {
  const std::string conllu =
      "# newdoc id = d1\n"
      "# text = They didn't go.\n"
      "1\tThey\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "2\tdid\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "3\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "4\tgo\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"
      "5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "\n"
      "# text = Fine\n"
      "1\tFine\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "\n";
  auto r = score_segmentation_conllu(conllu);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->gold_tokens, 6u);
  EXPECT_EQ(r->matched_tokens, 6u);
  EXPECT_EQ(r->gold_sentences, 2u);
  EXPECT_EQ(r->matched_sentences, 2u);
  EXPECT_DOUBLE_EQ(r->token_f1(), 1.0);
  EXPECT_EQ(r->documents, 1u);
}

TEST(SegmentationScore, RejectsSentenceWithoutText) {
  auto r = score_segmentation_conllu("1\tHi\t_\t_\t_\t_\t_\t_\t_\t_\n\n");
  EXPECT_FALSE(r.ok());
}

// Reports the figures quoted in docs/input.md; the floors catch regressions.
TEST(SegmentationScore, EwtDev) {
  TACITUS_REQUIRE_SHARED(path, "data/ud-english-ewt/en_ewt-ud-dev.conllu");
  auto r = score_segmentation_file(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::printf("EWT dev: tokens P %.4f R %.4f F1 %.4f; sentences P %.4f R %.4f F1 %.4f (%zu docs)\n",
              r->token_precision(), r->token_recall(), r->token_f1(), r->sentence_precision(),
              r->sentence_recall(), r->sentence_f1(), r->documents);
  EXPECT_GT(r->token_f1(), 0.97);
  EXPECT_GT(r->sentence_f1(), 0.70);
}

}  // namespace
}  // namespace tacitus
