#include <gtest/gtest.h>

#include <algorithm>

#include "tacitus/events.h"
#include "tacitus/resources.h"
#include "tacitus/text.h"

namespace tacitus {
namespace {

// The coder loaded from the project's data/ (lexicon + ontology), shared by the tests.
const EventCoder& coder() {
  static std::shared_ptr<const EventCoder> c = [] {
    auto r = EventCoder::create(EventCoderOptions{});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r.value() : nullptr;
  }();
  return *c;
}

Document make_doc(std::string text, std::optional<std::string> date) {
  Document doc;
  doc.id = "t";
  doc.text = std::move(text);
  doc.date = std::move(date);
  tokenize(doc);
  return doc;
}

// Marks the `nth` occurrence of `phrase` as an actor mention with `code` (country = its first
// three letters unless `country` is given explicitly).
void mark(Document& doc, std::string_view phrase, std::string code, int nth = 0,
          std::optional<std::string> country = std::nullopt) {
  size_t at = doc.text.find(phrase);
  for (int k = 0; k < nth && at != std::string::npos; ++k) at = doc.text.find(phrase, at + 1);
  ASSERT_NE(at, std::string::npos) << phrase;
  ActorMention m;
  bool have_begin = false;
  for (uint32_t t = 0; t < doc.tokens.size(); ++t) {
    if (!have_begin && doc.tokens[t].start >= at) {
      m.begin = t;
      have_begin = true;
    }
    if (doc.tokens[t].end <= at + phrase.size()) m.end = t + 1;
  }
  ASSERT_TRUE(have_begin && m.end > m.begin) << phrase;
  m.code = code;
  m.country = country ? *country : code.substr(0, 3);
  if (code.size() >= 6) m.sectors = {code.substr(3, 3)};
  doc.actors.push_back(m);
  std::sort(doc.actors.begin(), doc.actors.end(),
            [](const ActorMention& a, const ActorMention& b) { return a.begin < b.begin; });
}

const Event* find_event(const Document& doc, std::string_view root) {
  for (const Event& e : doc.events)
    if (e.cameo_root == root) return &e;
  return nullptr;
}

std::string dump(const Document& doc) {
  std::string s;
  for (const Event& e : doc.events) {
    s += "[" + e.trigger.text + "] " + e.cameo + " src=" + (e.source ? e.source->span.text + "/" + e.source->code : "-") +
         " tgt=" + (e.target ? e.target->span.text + "/" + e.target->code : "-") +
         " date=" + e.date.value_or("null") + " mod=" + std::string(modality_name(e.modality)) +
         (e.negated ? " NEG" : "") + "\n";
  }
  return s;
}

TEST(TriggerLexiconTest, InflectsVerbsAndPluralisesNouns) {
  TriggerLexicon lex;
  std::unordered_map<std::string, std::vector<std::string>> irregular = {{"fight", {"fought"}}};
  ASSERT_TRUE(lex.add_tsv_text("shell\t194\tverb\theavy-weapons\t\n"
                               "fight\t190\tverb\t\t\n"
                               "air strike\t195\tnoun\taerial\t\n"
                               "vote for * to leave\t1056\tverb\t\t\n",
                               "test", irregular)
                  .ok());
  Document doc = make_doc("Troops shelled the town and fought rebels after two air strikes.", std::nullopt);
  auto m = lex.match(doc, 0, static_cast<uint32_t>(doc.tokens.size()));
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].entry->cameo, "194");
  EXPECT_EQ(doc.token_text(m[0].head), "shelled");
  EXPECT_EQ(m[1].entry->cameo, "190");
  EXPECT_EQ(m[2].entry->cameo, "195");
  EXPECT_EQ(doc.span_text(m[2].begin, m[2].end), "air strikes");

  Document gap = make_doc("Parliament voted for US forces to leave Iraq.", std::nullopt);
  auto g = lex.match(gap, 0, static_cast<uint32_t>(gap.tokens.size()));
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].entry->cameo, "1056");
  EXPECT_EQ(gap.span_text(g[0].begin, g[0].end), "voted for US forces to leave");
}

TEST(TriggerLexiconTest, RejectsBadLines) {
  TriggerLexicon lex;
  Status st = lex.add_tsv_text("attack\tnineteen\tverb\n", "bad.tsv", {});
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("bad.tsv:1"), std::string::npos);
  EXPECT_FALSE(lex.add_tsv_text("attack\t190\tadverb\n", "bad.tsv", {}).ok());
}

TEST(TriggerLexiconTest, LoadsPetrarchVerbPatterns) {
  TriggerLexicon lex;
  const char* dict =
      "&WEAPON\n+MISSILES\n+ROCKETS\n\n"
      "--- FIRE  [---]  ---\n"
      "FIRE\n"
      "- * &WEAPON                  [194]  # fire rockets\n"
      "- * (AT)                     [190]\n"
      "--- ABDUCT  [181]  ---\n"
      "ABDUCT\nKIDNAP\nSNATCH {SNATCHES SNATCHED }\n";
  size_t patterns = 0;
  ASSERT_TRUE(lex.add_petrarch_verbs_text(dict, "verbs.txt", &patterns).ok());
  EXPECT_EQ(patterns, 2u);
  Document doc = make_doc("Rebels fired rockets at the base. Gunmen kidnapped a doctor and snatched two.", std::nullopt);
  auto m = lex.match(doc, 0, static_cast<uint32_t>(doc.tokens.size()));
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].entry->cameo, "194");  // the more specific pattern wins
  EXPECT_EQ(m[1].entry->cameo, "181");
  EXPECT_EQ(m[2].entry->cameo, "181");
  Document plain = make_doc("The company fired its manager.", std::nullopt);
  EXPECT_TRUE(lex.match(plain, 0, static_cast<uint32_t>(plain.tokens.size())).empty());
}

TEST(TriggerLexiconTest, LoadsSharedPetrarchDictionary) {
  auto path = shared_path("reference/petrarch2-dictionaries/CAMEO.2.0.txt");
  if (!path) GTEST_SKIP() << "../shared is absent";
  TriggerLexicon lex;
  size_t patterns = 0;
  ASSERT_TRUE(lex.add_petrarch_verbs(*path, &patterns).ok());
  EXPECT_GT(patterns, 1000u);
  Document doc = make_doc("Israeli jets bombed a convoy.", std::nullopt);
  auto m = lex.match(doc, 0, static_cast<uint32_t>(doc.tokens.size()));
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].entry->cameo.substr(0, 2), "19");
}

TEST(TriggerLexiconTest, PetrarchDictionariesCanReplaceOurs) {
  auto cameo = shared_path("reference/petrarch2-dictionaries/CAMEO.2.0.txt");
  auto validate = shared_path("reference/petrarch2-tests/PETR.Validate.verbs.txt");
  if (!cameo || !validate) GTEST_SKIP() << "../shared is absent";
  TriggerLexicon lex;
  size_t patterns = 0;
  ASSERT_TRUE(lex.add_petrarch_verbs(*validate, &patterns).ok());
  EXPECT_GT(lex.size(), 100u);
  EventCoderOptions opt;
  opt.use_own_lexicon = false;
  opt.petrarch_verb_paths = {*cameo};
  auto coder = EventCoder::create(opt);
  ASSERT_TRUE(coder.ok()) << coder.status().ToString();
  Document doc;
  doc.text = "Rebels attacked an army post.";
  tokenize(doc);
  ASSERT_TRUE(coder.value()->code(doc).ok());
  ASSERT_EQ(doc.events.size(), 1u);
  EXPECT_EQ(doc.events[0].cameo_root, "19");
}

TEST(CountTest, ParsesDigitsWordsAndVagueQuantities) {
  Document doc = make_doc("twenty-one 1,200 a dozen two hundred dozens of several 7", std::nullopt);
  uint32_t n = 0;
  EXPECT_EQ(parse_count(doc, 0, 20, &n), 21);
  EXPECT_EQ(parse_count(doc, 1, 20, &n), 1200);
  uint32_t i = 1 + n;
  EXPECT_EQ(parse_count(doc, i, 20, &n), 12);
  i += n;
  EXPECT_EQ(parse_count(doc, i, 20, &n), 200);
  i += n;
  EXPECT_EQ(parse_count(doc, i, 20, &n), 24);
  i += n;
  EXPECT_EQ(parse_count(doc, i, 20, &n), 3);
  Document word = make_doc("the people", std::nullopt);
  EXPECT_FALSE(parse_count(word, 0, 2, &n));
}

TEST(EventCoderTest, ProtestAndArrests) {
  Document doc = make_doc(
      "On Monday, hundreds of workers protested outside parliament in Nairobi against unpaid "
      "salaries. Police arrested 12 demonstrators and fired tear gas at the crowd.",
      "2020-05-06");
  mark(doc, "workers", "KENLAB");
  mark(doc, "Police", "KENCOP");
  ASSERT_TRUE(coder().code(doc).ok());
  const Event* protest = find_event(doc, "14");
  ASSERT_NE(protest, nullptr) << dump(doc);
  EXPECT_EQ(protest->cameo, "141");
  ASSERT_TRUE(protest->source);
  EXPECT_EQ(protest->source->code, "KENLAB");
  EXPECT_EQ(protest->date, "2020-05-04");
  EXPECT_EQ(protest->date_text, "On Monday");
  EXPECT_EQ(protest->acled_event_type, "Protests");
  const Event* arrest = nullptr;
  for (const Event& e : doc.events)
    if (e.cameo == "173") arrest = &e;
  ASSERT_NE(arrest, nullptr) << dump(doc);
  EXPECT_EQ(arrest->source->code, "KENCOP");
  ASSERT_TRUE(arrest->target);
  EXPECT_EQ(arrest->target->span.text, "12 demonstrators");
  EXPECT_FALSE(arrest->date) << "no date expression in the sentence: null, never guessed";
  EXPECT_EQ(arrest->acled_sub_event_type, "Arrests");
}

TEST(EventCoderTest, CeasefireWithAttribution) {
  Document doc = make_doc(
      "The Yemeni government and the Houthis agreed to a ceasefire on Sunday, the UN envoy said.",
      "2020-05-06");
  mark(doc, "Yemeni government", "YEMGOV");
  mark(doc, "Houthis", "YEMREB");
  mark(doc, "UN envoy", "IGOUNO", 0, "");
  ASSERT_TRUE(coder().code(doc).ok());
  ASSERT_EQ(doc.events.size(), 1u) << dump(doc);
  const Event& e = doc.events[0];
  EXPECT_EQ(e.cameo, "0871");
  EXPECT_EQ(e.plover_event, "RETREAT");
  EXPECT_EQ(e.source->code, "YEMREB");
  EXPECT_EQ(e.date, "2020-05-03");
  ASSERT_TRUE(e.attribution);
  EXPECT_EQ(e.attribution->text, "UN envoy");
}

TEST(EventCoderTest, RoadsideBombCasualties) {
  Document doc = make_doc(
      "A roadside bomb killed three soldiers and wounded five others near Kandahar on Tuesday, "
      "officials said.",
      "2020-05-07");
  mark(doc, "soldiers", "AFGMIL");
  ASSERT_TRUE(coder().code(doc).ok());
  ASSERT_EQ(doc.events.size(), 1u) << dump(doc);
  const Event& e = doc.events[0];
  EXPECT_EQ(e.cameo, "1833");
  EXPECT_EQ(e.fatalities, 3);
  EXPECT_EQ(e.injuries, 5);
  ASSERT_TRUE(e.target);
  EXPECT_EQ(e.target->code, "AFGMIL");
  EXPECT_EQ(e.date, "2020-05-05");
  EXPECT_EQ(e.acled_sub_event_type, "Remote explosive/landmine/IED");
}

TEST(EventCoderTest, AYearBeforeACountIsNotAddedToIt) {
  Document doc = make_doc("On 5 May 2020, more than twenty people were killed when militants attacked a village.",
                          "2020-05-09");
  mark(doc, "militants", "REB");
  ASSERT_TRUE(coder().code(doc).ok());
  ASSERT_FALSE(doc.events.empty()) << dump(doc);
  EXPECT_EQ(doc.events[0].fatalities, 20) << dump(doc);
}

TEST(EventCoderTest, DeniedClaimIsNegated) {
  Document doc = make_doc("The Taliban denied that its fighters attacked the checkpoint.", std::nullopt);
  mark(doc, "Taliban", "AFGINS");
  ASSERT_TRUE(coder().code(doc).ok());
  const Event* e = find_event(doc, "19");
  ASSERT_NE(e, nullptr) << dump(doc);
  EXPECT_EQ(e->modality, Modality::kDenied);
  EXPECT_TRUE(e->negated);
  EXPECT_FALSE(e->date);
}

TEST(EventCoderTest, ThreatAbsorbsItsComplement) {
  Document doc = make_doc("Iran threatened to attack US bases in the region.", "2020-01-05");
  mark(doc, "Iran", "IRN");
  mark(doc, "US", "USA");
  ASSERT_TRUE(coder().code(doc).ok());
  ASSERT_EQ(doc.events.size(), 1u) << dump(doc);
  EXPECT_EQ(doc.events[0].cameo, "138");
  EXPECT_EQ(doc.events[0].modality, Modality::kThreatened);
  EXPECT_EQ(doc.events[0].source->country, "IRN");
  EXPECT_EQ(doc.events[0].target->country, "USA");
}

TEST(EventCoderTest, RefusalCodesRejectNotLeave) {
  Document doc = make_doc(
      "Parliament voted for US forces to leave Iraq but the occupying forces refused to leave.",
      "2020-01-10");
  mark(doc, "Parliament", "IRQLEG");
  mark(doc, "US forces", "USAMIL");
  ASSERT_TRUE(coder().code(doc).ok());
  ASSERT_EQ(doc.events.size(), 2u) << dump(doc);
  EXPECT_EQ(doc.events[0].cameo, "1056");
  EXPECT_EQ(doc.events[0].source->code, "IRQLEG");
  EXPECT_EQ(doc.events[0].target->code, "USAMIL");
  EXPECT_EQ(doc.events[1].cameo, "1246");
  EXPECT_EQ(doc.events[1].source->code, "USAMIL") << "'the occupying forces' refers back to US forces";
  EXPECT_EQ(doc.events[1].target->code, "IRQLEG") << "the refusal answers the demand";
}

TEST(EventCoderTest, ReportedSpeechPassiveAndNouns) {
  Document doc = make_doc(
      "Syrian state media said Israeli jets struck an airbase near Homs. Two civilians were "
      "killed by militants in Idlib. US airstrikes on PMU sites followed the rocket attack.",
      "2020-05-06");
  mark(doc, "Syrian state media", "SYRMED");
  mark(doc, "Israeli jets", "ISRMIL");
  mark(doc, "civilians", "SYRCVL");
  mark(doc, "militants", "SYRINS");
  mark(doc, "US", "USA", 0);
  mark(doc, "PMU", "IRQMIL");
  ASSERT_TRUE(coder().code(doc).ok());
  const Event* strike = find_event(doc, "19");
  ASSERT_NE(strike, nullptr) << dump(doc);
  EXPECT_EQ(strike->source->code, "ISRMIL");
  ASSERT_TRUE(strike->attribution);
  EXPECT_EQ(strike->attribution->text, "Syrian state media");
  const Event* killing = find_event(doc, "18");
  ASSERT_NE(killing, nullptr) << dump(doc);
  EXPECT_EQ(killing->source->code, "SYRINS");
  EXPECT_EQ(killing->target->code, "SYRCVL");
  EXPECT_EQ(killing->fatalities, 2);
  const Event* air = nullptr;
  for (const Event& e : doc.events)
    if (e.cameo == "195") air = &e;
  ASSERT_NE(air, nullptr) << dump(doc);
  EXPECT_EQ(air->source->country, "USA");
  EXPECT_EQ(air->target->code, "IRQMIL");
  EXPECT_EQ(air->plover_mode, "aerial");
}

// Sets a hand-written parse: one "head:relation" per token, heads 0-based, -1 for the root.
void set_parse(Document& doc, const std::vector<std::pair<int, std::string>>& arcs, const std::vector<Upos>& tags) {
  ASSERT_EQ(arcs.size(), doc.tokens.size());
  for (size_t i = 0; i < arcs.size(); ++i) {
    doc.tokens[i].head = arcs[i].first;
    doc.tokens[i].deprel = doc.strings.intern(arcs[i].second);
    doc.tokens[i].upos = tags[i];
  }
}

TEST(EventCoderTest, ParseRolesNameTheActorInsideTheirPhrase) {
  // "discussed trade deals with Gondor": the object is "deals"; the actor below it is the target.
  // A date the parser wrongly made a subject is never a participant.
  Document doc = make_doc("On Thursday Arnor discussed new trade deals with Gondor .", "2020-05-08");
  mark(doc, "Arnor", "ARN");
  mark(doc, "Gondor", "GON");
  using U = Upos;
  set_parse(doc,
            {{1, "case"}, {3, "nsubj"}, {3, "nsubj"}, {-1, "root"}, {6, "amod"}, {6, "compound"},
             {3, "obj"}, {8, "case"}, {6, "nmod"}, {3, "punct"}},
            {U::ADP, U::PROPN, U::PROPN, U::VERB, U::ADJ, U::NOUN, U::NOUN, U::ADP, U::PROPN, U::PUNCT});
  ASSERT_TRUE(coder().code(doc).ok());
  ASSERT_FALSE(doc.events.empty()) << dump(doc);
  const Event& e = doc.events[0];
  ASSERT_TRUE(e.source && e.target) << dump(doc);
  EXPECT_EQ(e.source->code, "ARN") << dump(doc);
  EXPECT_EQ(e.target->code, "GON") << dump(doc);
}

TEST(EventCoderTest, NounTriggerTakesTheSubjectOfItsVerbAndAidGoesToItsRecipient) {
  Document doc = make_doc("Congress approved new aid to Albanian rebels .", "2020-05-08");
  mark(doc, "Congress", "USALEG");
  mark(doc, "Albanian rebels", "ALBREB");
  using U = Upos;
  set_parse(doc, {{1, "nsubj"}, {-1, "root"}, {3, "amod"}, {1, "obj"}, {6, "case"}, {6, "amod"}, {3, "nmod"}, {1, "punct"}},
            {U::PROPN, U::VERB, U::ADJ, U::NOUN, U::ADP, U::ADJ, U::NOUN, U::PUNCT});
  ASSERT_TRUE(coder().code(doc).ok());
  const Event* aid = find_event(doc, "07");
  ASSERT_NE(aid, nullptr) << dump(doc);
  ASSERT_TRUE(aid->source && aid->target) << dump(doc);
  EXPECT_EQ(aid->source->code, "USALEG");
  EXPECT_EQ(aid->target->code, "ALBREB");
}

TEST(EventCoderTest, NoEventsWithoutTriggers) {
  Document doc = make_doc(
      "Washington is still clinging to the public position that it is occupying Iraq. The US "
      "wrongly labels them as militia. STAY TUNED FOR MORE UPDATES.",
      "2020-03-17");
  mark(doc, "Washington", "USAGOV");
  ASSERT_TRUE(coder().code(doc).ok());
  EXPECT_TRUE(doc.events.empty()) << dump(doc);
}

TEST(EventCoderTest, ClashesBetweenTwoSides) {
  Document doc = make_doc("Heavy clashes between the army and Al-Shabaab left 4 dead on Sunday.", "2020-05-06");
  mark(doc, "army", "SOMMIL");
  mark(doc, "Al-Shabaab", "SOMREB");
  ASSERT_TRUE(coder().code(doc).ok());
  const Event* e = find_event(doc, "19");
  ASSERT_NE(e, nullptr) << dump(doc);
  EXPECT_EQ(e->source->code, "SOMMIL");
  EXPECT_EQ(e->target->code, "SOMREB");
  EXPECT_EQ(e->fatalities, 4);
  EXPECT_EQ(e->acled_event_type, "Battles");
}

TEST(EventCoderTest, BusinessWordingIsNotConflict) {
  Document doc = make_doc(
      "Lending to businesses declined by 5 pct. Japan was hardest hit by currency appreciation. "
      "The two sides could agree on ways to verify a pact to eliminate medium-range missiles.",
      "1987-03-01");
  mark(doc, "Japan", "JPN");
  ASSERT_TRUE(coder().code(doc).ok());
  EXPECT_TRUE(doc.events.empty()) << dump(doc);
}

TEST(EventCoderTest, ToneFlagsLoadedWording) {
  Document loaded = make_doc("The occupying forces committed a brutal double-murder.", std::nullopt);
  Document plain = make_doc("Peace talks resumed in a spirit of cooperation.", std::nullopt);
  EXPECT_LT(coder().tone(loaded, 0, static_cast<uint32_t>(loaded.tokens.size())), -20);
  EXPECT_GT(coder().tone(plain, 0, static_cast<uint32_t>(plain.tokens.size())), 20);
}

TEST(EventCoderTest, AcledStyleNotes) {
  struct Note {
    const char* text;
    const char* root;
    std::optional<int> fatalities;
  };
  const Note notes[] = {
      {"On 3 May 2020, unidentified gunmen shot dead a civilian in Maiduguri.", "18", 1},
      {"On 29 April 2020, regime forces shelled Kansafra in Idleb using rocket fire. Neither "
       "fatalities nor injuries were reported.", "19", 0},
      {"On 4 May 2020, 50 fishermen held a protest in Sarande, demanding stimulus pay.", "14", std::nullopt},
      {"On 7 May 2020, police arrested 3 members of an opposition party in Harare.", "17", std::nullopt},
      {"On 5 May 2020, communal militias clashed in South Darfur, killing at least 31 and wounding dozens.", "19", 31},
      {"On 9 May 2020, 4 Saudi-led coalition airstrikes targeted the Sahar district. No fatalities reported.", "19", 0},
  };
  for (const Note& n : notes) {
    Document doc = make_doc(n.text, std::nullopt);
    ASSERT_TRUE(coder().code(doc).ok());
    ASSERT_FALSE(doc.events.empty()) << n.text;
    const Event& e = doc.events[0];
    EXPECT_EQ(e.cameo_root, n.root) << n.text << "\n" << dump(doc);
    EXPECT_EQ(e.fatalities, n.fatalities) << n.text;
    EXPECT_TRUE(e.date && e.date->starts_with("2020-0")) << n.text;
  }
}

TEST(EventStageTest, RunsAsAPipelineStage) {
  auto stage = make_event_stage(EventCoderOptions{});
  ASSERT_TRUE(stage.ok()) << stage.status().ToString();
  EXPECT_EQ(stage.value()->name(), "events");
  Document doc = make_doc("Rebels attacked an army post.", "2020-05-01");
  ASSERT_TRUE(stage.value()->run(doc).ok());
  EXPECT_EQ(doc.events.size(), 1u);
  Document empty;
  EXPECT_TRUE(stage.value()->run(empty).ok());
  EXPECT_TRUE(empty.events.empty());
}

TEST(EventStageTest, MissingDataDirIsAnError) {
  EventCoderOptions opt;
  opt.data_dir = "/nonexistent/tacitus-data";
  auto stage = make_event_stage(opt);
  ASSERT_FALSE(stage.ok());
  EXPECT_EQ(stage.status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace tacitus
