// Tests of the entity recogniser: the committed model on clear cases, the model file's failure
// modes, IOB2 reading, a train/save/load round trip, and the committed model's dev score against
// the figure in its model card.
#include "tacitus/ner.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>

#include "core/test_support.h"
#include "tacitus/gazetteer.h"
#include "tacitus/model_file.h"
#include "tacitus/resources.h"
#include "tacitus/syntax.h"

namespace tacitus {
namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The resources and committed model, loaded once for the whole binary.
const NerResources& resources() {
  static const NerResources r = [] {
    auto x = load_ner_resources();
    EXPECT_TRUE(x.ok()) << x.status().ToString();
    return x.ok() ? *x : NerResources{};
  }();
  return r;
}

std::shared_ptr<const EntityRecognizer> committed() {
  static const std::shared_ptr<const EntityRecognizer> m = [] {
    auto x = EntityRecognizer::load(resource_path("models/ner.bin"), resources());
    EXPECT_TRUE(x.ok()) << x.status().ToString();
    return x.ok() ? *x : nullptr;
  }();
  return m;
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("tacitus_ner_test_" + name)).string();
}

TEST(Ner, CommittedModelTagsClearCases) {
  auto m = committed();
  ASSERT_TRUE(m);
  const auto words =
      split("Secretary of State Mike Pompeo met NATO officials in Brussels on Tuesday .");
  const auto tags = m->tag(words);
  ASSERT_EQ(tags.size(), words.size());
  EXPECT_EQ(tags[3], "B-PER");
  EXPECT_EQ(tags[4], "I-PER");
  EXPECT_EQ(tags[6], "B-ORG");
  EXPECT_EQ(tags[7], "O");
  EXPECT_EQ(tags[9], "B-LOC");
  EXPECT_EQ(tags[10], "O");
}

TEST(Ner, RecognizeFillsDocumentEntities) {
  auto m = committed();
  ASSERT_TRUE(m);
  Document doc;
  for (const std::string& w : split("Mike Pompeo met NATO officials in Brussels .")) {
    Token t;
    t.start = static_cast<uint32_t>(doc.text.size());
    doc.text += w;
    t.end = static_cast<uint32_t>(doc.text.size());
    doc.text += ' ';
    doc.tokens.push_back(t);
  }
  doc.sentences.push_back(Sentence{0, static_cast<uint32_t>(doc.tokens.size()), 0, 0});
  m->recognize(doc);
  ASSERT_EQ(doc.entities.size(), 3u);
  EXPECT_EQ(doc.entities[0].type, EntityType::PER);
  EXPECT_EQ(doc.entities[0].begin, 0u);
  EXPECT_EQ(doc.entities[0].end, 2u);
  EXPECT_EQ(doc.entities[1].type, EntityType::ORG);
  EXPECT_EQ(doc.entities[2].type, EntityType::LOC);
  EXPECT_EQ(doc.entities[2].begin, 6u);
}

TEST(Ner, WorksWithoutUposAndOnEmptyInput) {
  auto m = committed();
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->tag({}).empty());
  const auto words = split("Angela Merkel visited Paris");
  std::vector<Upos> upos = {Upos::PROPN, Upos::PROPN, Upos::VERB, Upos::PROPN};
  EXPECT_EQ(m->tag(words, upos).size(), 4u);
  EXPECT_EQ(m->tag(words, {Upos::PROPN}).size(), 4u);  // a mismatched UPOS list is ignored
}

TEST(Ner, CorruptOrTruncatedModelIsCorrupt) {
  const std::string bytes = testing::read_file(resource_path("models/ner.bin"));
  ASSERT_GT(bytes.size(), 100u);
  const std::string path = temp_path("bad.bin");
  for (size_t cut : {bytes.size() / 2, bytes.size() - 1, size_t{10}}) {
    std::ofstream(path, std::ios::binary) << bytes.substr(0, cut);
    auto m = EntityRecognizer::load(path);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.status().code(), Status::Code::kCorrupt) << m.status().ToString();
  }
  std::string flipped = bytes;
  flipped[flipped.size() / 3] ^= 0x5a;
  std::ofstream(path, std::ios::binary) << flipped;
  auto m = EntityRecognizer::load(path);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Status::Code::kCorrupt);
  std::filesystem::remove(path);
  EXPECT_EQ(EntityRecognizer::load(temp_path("missing.bin")).status().code(),
            Status::Code::kNotFound);
}

// A model written before the payload changed (v5: no vector classes) is refused by name.
TEST(Ner, OlderPayloadVersionIsRefused) {
  const std::string path = temp_path("v5.bin");
  ModelWriter w("ner", 5);
  w.add_section("weights", "");
  ASSERT_TRUE(w.write(path).ok());
  auto m = EntityRecognizer::load(path);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Status::Code::kCorrupt);
  EXPECT_NE(m.status().message().find("version 5"), std::string::npos) << m.status().ToString();
  std::filesystem::remove(path);
}

TEST(Ner, ReadIob2MapsOthAndRepairsStrayInside) {
  const std::string path = temp_path("a.iob2");
  std::ofstream(path)
      << "# sent_id = 1\n1\tGoogle\tB-OTH\n2\tand\tB-O\n3\tNew\tI-LOC\n4\tYork\tI-LOC\n\n"
         "1\tBush\tB-PER\n";
  auto s = read_iob2(path);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[0].tags, (std::vector<std::string>{"O", "O", "B-LOC", "I-LOC"}));
  EXPECT_EQ((*s)[1].words, std::vector<std::string>{"Bush"});
  std::ofstream(path) << "1\tonly-two-columns\n";
  auto bad = read_iob2(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(bad.status().message().find(":1:"), std::string::npos);
  std::filesystem::remove(path);
}

TEST(Ner, ReadIob2KeepsDocumentIds) {
  const std::string path = temp_path("docs.iob2");
  std::ofstream(path) << "# newdoc id = doc-a\n# sent_id = doc-a-0001\n1\tBush\tB-PER\n\n"
                         "# sent_id = doc-a-0002\n1\tBush\tB-PER\n\n"
                         "# sent_id = reviews-123-0001\n1\tFine\tO\n\n"
                         "# sent_id = reviews-123-0002\n1\tFine\tO\n\n"
                         "1\tnone\tO\n";
  auto s = read_iob2(path);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->size(), 5u);
  EXPECT_EQ((*s)[0].document, "doc-a");
  EXPECT_EQ((*s)[1].document, "doc-a");
  EXPECT_EQ((*s)[2].document, "reviews-123");
  EXPECT_EQ((*s)[3].document, "reviews-123");
  std::filesystem::remove(path);
}

TEST(Ner, TagDocumentTagsEverySentence) {
  auto m = committed();
  ASSERT_TRUE(m);
  const std::vector<std::vector<std::string>> doc = {
      split("Mike Pompeo met NATO officials in Brussels ."), {}, split("Pompeo left .")};
  const auto tags = m->tag_document(doc);
  ASSERT_EQ(tags.size(), 3u);
  for (size_t i = 0; i < doc.size(); ++i) EXPECT_EQ(tags[i].size(), doc[i].size());
  EXPECT_EQ(tags[2][0], "B-PER");
  EXPECT_EQ(m->tag(doc[0]), m->tag_document({doc[0]})[0]);
}

// 40 sentences "Mr <person> flew to <place> .", four to a document ("doc0" ... "doc9").
std::vector<NerSentence> travel_sentences() {
  std::vector<NerSentence> data;
  const char* people[] = {"Smith", "Jones", "Brown", "Patel"};
  const char* places[] = {"Paris", "Lagos", "Quito", "Hanoi"};
  for (int i = 0; i < 40; ++i) {
    NerSentence s;
    s.words = {"Mr", people[i % 4], "flew", "to", places[(i / 4) % 4], "."};
    s.tags = {"O", "B-PER", "O", "O", "B-LOC", "O"};
    s.document = "doc" + std::to_string(i / 4);
    data.push_back(s);
  }
  return data;
}

TEST(Ner, TrainSaveLoadRoundTrip) {
  const std::vector<NerSentence> data = travel_sentences();
  auto trained = EntityRecognizer::train(data, {}, 3, 7, false, resources());
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  const auto& m = *trained;
  const auto words = split("Mr Jones flew to Quito .");
  EXPECT_EQ(m->tag(words), data[1].tags);
  const std::string path = temp_path("roundtrip.bin");
  ASSERT_TRUE(m->save(path).ok());
  auto back = EntityRecognizer::load(path, resources());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ((*back)->tag(words), m->tag(words));
  std::filesystem::remove(path);
}

// The training options (second pass over the first pass's document-wide tags, loss-augmented
// updates, words around capitalised runs) survive a save and load.
TEST(Ner, TrainOptionsSaveLoadRoundTrip) {
  const std::vector<NerSentence> data = travel_sentences();
  NerTrainOptions options;
  options.stack_folds = 2;
  options.margin = 5;
  options.long_range = true;
  auto trained = EntityRecognizer::train(data, {}, 3, 7, false, resources(), {}, 0.5f, options);
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  const auto& m = *trained;
  const std::vector<std::vector<std::string>> doc = {split("Mr Jones flew to Quito ."),
                                                     split("Jones left Quito .")};
  const auto tags = m->tag_document(doc);
  EXPECT_EQ(tags[0], data[1].tags);
  const std::string path = temp_path("options.bin");
  ASSERT_TRUE(m->save(path).ok());
  auto back = EntityRecognizer::load(path, resources());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ((*back)->tag_document(doc), tags);
  std::filesystem::remove(path);
}

// A name list teaches what the training sentences cannot: trained where every person is in
// the "first" list and no place is, a name never seen in training is tagged by its list, the
// lists survive a save and load, and lower-case text meets the list's spelling.
TEST(Ner, NameListsTagUnseenNamesAndRoundTrip) {
  std::vector<NerSentence> data;
  const char* people[] = {"Smith", "Jones", "Brown", "Patel", "Okafor", "Novak"};
  const char* places[] = {"Paris", "Lagos", "Quito", "Hanoi", "Minsk", "Accra"};
  for (int i = 0; i < 36; ++i) {
    NerSentence s;
    // Unknown capitalised words in one slot: the list alone tells a person from a place.
    s.words = {"They", "met", people[i % 6], "in", places[(i / 6) % 6], "."};
    s.tags = {"O", "O", "B-PER", "O", "B-LOC", "O"};
    if (i % 2) std::swap(s.words[2], s.words[4]), s.tags = {"O", "O", "B-LOC", "O", "B-PER", "O"};
    data.push_back(s);
  }
  NerTrainOptions options;
  for (const char* p : people) options.names.push_back({p, "first"});
  options.names.push_back({"Zanele", "first"});
  options.names.push_back({"Mc-Kay", "first"});
  auto trained = EntityRecognizer::train(data, {}, 5, 3, false, NerResources{}, {}, 0.5f, options);
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  const auto words = split("They met Zanele in Tbilisi .");
  const auto tags = (*trained)->tag(words);
  EXPECT_EQ(tags[2], "B-PER");
  EXPECT_EQ(tags[4], "B-LOC");
  const std::string path = temp_path("names.bin");
  ASSERT_TRUE((*trained)->save(path).ok());
  auto back = EntityRecognizer::load(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ((*back)->tag(words), tags);
  EXPECT_EQ((*back)->tag(split("They met McKay in Tbilisi ."))[2], "B-PER");
  std::filesystem::remove(path);

  // More than eight lists is refused, naming the ninth.
  NerTrainOptions many;
  for (int i = 0; i < 9; ++i) many.names.push_back({"Name" + std::to_string(i), "list" + std::to_string(i)});
  auto refused = EntityRecognizer::train(data, {}, 1, 3, false, NerResources{}, {}, 0.5f, many);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(refused.status().message().find("list8"), std::string::npos) << refused.status().ToString();
}

TEST(Ner, ReadNameListsNamesTheBadLine) {
  const std::string path = temp_path("names.tsv");
  std::ofstream(path) << "# brands\nStarbucks\torg\n\nIn-N-Out Burger\torg\r\nno list here\n";
  auto bad = read_name_lists(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidInput);
  EXPECT_NE(bad.status().message().find(":5:"), std::string::npos) << bad.status().ToString();
  std::ofstream(path) << "Starbucks\torg\nIn-N-Out Burger\torg\r\n";
  auto good = read_name_lists(path);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  ASSERT_EQ(good->size(), 2u);
  EXPECT_EQ((*good)[1].name, "In-N-Out Burger");
  EXPECT_EQ((*good)[1].list, "org");
  EXPECT_EQ(read_name_lists(temp_path("absent.tsv")).status().code(), Status::Code::kNotFound);
  std::filesystem::remove(path);
}

// The recogniser's gazetteer features read the default gazetteer whatever resolves places: a
// $TACITUS_GAZETTEER naming another file (here a corrupt one) changes nothing for it.
TEST(Ner, ResourcesReadTheDefaultGazetteerWhateverTheEnvironmentSays) {
  const std::string bad = temp_path("not-a-gazetteer.bin");
  {
    std::ofstream(bad) << "not a gazetteer";
  }
  const char* before = std::getenv("TACITUS_GAZETTEER");
  const std::string saved = before ? before : "";
  setenv("TACITUS_GAZETTEER", bad.c_str(), 1);
  auto r = load_ner_resources();
  if (saved.empty())
    unsetenv("TACITUS_GAZETTEER");
  else
    setenv("TACITUS_GAZETTEER", saved.c_str(), 1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->gazetteer != nullptr, std::filesystem::exists(default_gazetteer_build_path()));
  EXPECT_NE(r->actors, nullptr);
}

TEST(Ner, StageLoadsAndNeedsTheModel) {
  EXPECT_TRUE(make_ner_stage(resource_path("models")).ok());
  EXPECT_EQ(make_ner_stage(temp_path("no-models")).status().code(), Status::Code::kNotFound);
}

// The committed model's dev F1 must not fall below what models/ner.md claims (rounded down).
TEST(Ner, CommittedModelMeetsItsModelCardOnDev) {
  TACITUS_REQUIRE_SHARED(dev_path, "data/uner-english-ewt/en_ewt-ud-dev.iob2");
  auto m = committed();
  ASSERT_TRUE(m);
  const std::string card = testing::read_file(resource_path("models/ner.md"));
  std::smatch match;
  ASSERT_TRUE(std::regex_search(
      card, match, std::regex(R"(dev: PER [0-9.]+, ORG [0-9.]+, LOC [0-9.]+, overall ([0-9.]+))")))
      << "models/ner.md has no dev score line";
  const double claimed = std::floor(std::stod(match[1].str()));
  auto dev = read_iob2(dev_path);
  ASSERT_TRUE(dev.ok()) << dev.status().ToString();
  // UPOS as the pipeline gives them, from the committed tagger, which runs before the recogniser
  // (they only matter to a model trained with them; models/ner.md says whether it was).
  auto tagger = SyntaxAnalyzer::load_files(resource_path("models/tagger.bin"), "");
  if (tagger.ok())
    tag_upos(**tagger, *dev);
  else
    std::printf("[ ner ] no UPOS: %s\n", tagger.status().ToString().c_str());
  const NerScores s = score_ner(*m, *dev);
  std::printf("[ ner ] dev F1: PER %.2f ORG %.2f LOC %.2f overall %.2f (card %.0f)\n", s.per.f1(),
              s.org.f1(), s.loc.f1(), s.all.f1(), claimed);
  EXPECT_GE(s.all.f1(), claimed);
}

}  // namespace
}  // namespace tacitus
